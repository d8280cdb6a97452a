// Loaded with a prerendered form (the portal's head, a snippet's first
// lines) without holding the page back (`async`; in the portal's head also
// `blocking="render"`, so where browsers know it the page is not shown
// before it runs). The prerendered Submit is disabled, so no press can come
// before this script; it enables it, and from then until the form's own
// script has arrived and taken the form over (it removes data-stamp),
// Submit, or Enter in a field, is held here, never sent by the browser,
// and noted on the form (data-pressed) for the script to send once. A
// file, not an inline script, for a strict CSP.
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
  // The page's prerendered forms and the snippets' (in declarative shadow
  // roots), as parsed so far.
  const enable = () => {
    const roots = [document, ...[...document.querySelectorAll('support-request-form')].map((host) => host.shadowRoot).filter(Boolean)];
    for (const root of roots) {
      for (const submit of root.querySelectorAll('.srf-first[data-stamp] button[type=submit][disabled]')) {
        submit.disabled = false;
      }
    }
  };
  // Until the page is parsed, again before every frame, so a form parsed
  // after this script ran is never shown with Submit disabled.
  const tick = () => {
    enable();
    if (document.readyState === 'loading') requestAnimationFrame(tick);
  };
  tick();
  document.addEventListener('DOMContentLoaded', enable);
}
