// Loaded before a prerendered form (the portal's head, a snippet's first
// lines), so no press can come before it:
// until the form's own script has arrived and taken the form over (it
// removes data-stamp), Submit, or Enter in a field, is held here, never
// sent by the browser, and noted on the form (data-pressed) for the script
// to send once. A file, not an inline script, for a strict CSP.
{
  const held = (event) => {
    for (const node of event.composedPath()) {
      if (node.matches?.('.srf-first[data-stamp] form')) return node;
    }
    return null;
  };
  addEventListener('click', (event) => {
    const form = held(event);
    if (form && event.composedPath()[0].closest?.('button[type=submit]')) {
      event.preventDefault();
      form.setAttribute('data-pressed', '');
    }
  }, true);
  // Enter in a list (CC emails, tags) adds an entry in the form; not a submit.
  addEventListener('keydown', (event) => {
    if (event.key === 'Enter' && held(event) && event.composedPath()[0].matches?.('.srf-chip-input')) {
      event.preventDefault();
    }
  }, true);
}
