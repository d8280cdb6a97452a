// The static portal: the form with password sign-in, configured by the
// config.json next to index.html. A file, not an inline script, so the page
// runs under a strict Content-Security-Policy.
import { mountPortal } from './support-request-form.js';

// In a task after the one that instantiated the wasm (each is long on a
// phone); the prerendered sign-in is in use meanwhile.
await new Promise((resolve) => setTimeout(resolve));
const portal = document.getElementById('srf-portal');
mountPortal(portal, portal.dataset.configSrc || 'config.json');
