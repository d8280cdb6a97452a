// The configuration playground: config.json as editable JSON beside the
// live form. The form takes each edit as its `config` property and reports
// every problem of it with the `config-invalid` event.
import { snippet } from '../support-request-form.js';

const editor = document.getElementById('config');
const preview = document.getElementById('preview');
const list = document.getElementById('problems');
const fine = document.getElementById('fine');
const copied = document.getElementById('copied');
const snippetBox = document.getElementById('snippet-box');
const snippetText = document.getElementById('snippet');

/** Lists `problems` (`[{path, message}]`), as text. */
function show(problems) {
  list.replaceChildren(...problems.map(({ path, message }) => {
    const item = document.createElement('li');
    item.textContent = path ? `${path}: ${message}` : message;
    return item;
  }));
  fine.hidden = problems.length > 0;
}

function apply() {
  let config;
  try {
    config = JSON.parse(editor.value);
  } catch (error) {
    show([{ path: '', message: `Not valid JSON: ${error.message}` }]);
    return;
  }
  // Cleared now; the form reports what is wrong with the new one.
  show([]);
  preview.config = config;
}

preview.addEventListener('config-invalid', (event) => show(event.detail.problems));

let pending;
editor.addEventListener('input', () => {
  clearTimeout(pending);
  pending = setTimeout(apply, 300);
});

async function start(file = '../config.json') {
  const answer = await fetch(file);
  editor.value = answer.ok ? await answer.text() : '{}';
  apply();
}
document.getElementById('reset').addEventListener('click', () => start());
document
  .getElementById('tailored')
  .addEventListener('click', () => start('../config-tailored.json'));
document
  .getElementById('services')
  .addEventListener('click', () => start('../config-services.json'));

/** Puts `text` on the clipboard, or selects it in `field` where there is none. */
async function copy(text, field, done) {
  try {
    await navigator.clipboard.writeText(text);
    copied.textContent = done;
  } catch {
    // No clipboard here (plain http on another host): select it instead.
    field.select();
    copied.textContent = 'Selected: press Ctrl+C (⌘C) to copy';
  }
}

document.getElementById('copy').addEventListener('click', () => {
  copied.textContent = '';
  copy(editor.value, editor, 'Copied');
});

// The same HTML as `cargo xtask snippet` for this configuration, written
// by the bundle itself (the form prerendered, with its stamp).
document.getElementById('copy-snippet').addEventListener('click', async () => {
  copied.textContent = '';
  let html;
  try {
    html = await snippet(editor.value);
  } catch (why) {
    copied.textContent = `No snippet: ${why}`;
    return;
  }
  snippetText.value = html;
  snippetBox.hidden = false;
  copy(html, snippetText, 'Snippet copied');
});

start();
