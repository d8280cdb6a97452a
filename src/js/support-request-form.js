// support-request-form: importing this module registers the
// <support-request-form> element and exports `mount` (see README.md).
// Every URL is relative to this file, so the bundle works from any static
// host at any sub-path. `cargo xtask dist` bundles this file with the
// wasm-bindgen glue into one minified module.
import init, * as wasm from './support-request-form-wasm.js';

const here = (file) => new URL(file, import.meta.url).href;
const stylesheet = here('./support-request-form.css');
// The stylesheet starts loading now, alongside the wasm, so the first
// screen is painted styled; unless the page already asks for it (the
// portal's link, a snippet's preload), whatever the spelling of its URL.
if (![...document.querySelectorAll('link')].some((link) => link.href === stylesheet)) {
  const preload = document.createElement('link');
  preload.rel = 'preload';
  preload.as = 'style';
  preload.href = stylesheet;
  document.head.append(preload);
}
await init({ module_or_path: fetch(here('./support-request-form-wasm_bg.wasm')) });
wasm.setBase(here('./'));

// A snippet's form waits in a holder, hidden until the stylesheet after it
// shows it; shown for good here once that stylesheet is settled (it then
// has a sheet), so one that fails shows the form unstyled rather than not
// at all. It may have failed before this script, with no event left to
// come: a second link to it (from the cache, or failing again) says when.
function showHolder(root) {
  const holder = root.querySelector('.srf-holder[hidden]');
  if (!holder) return;
  const link = root.querySelector('link[rel=stylesheet]');
  if (!link || link.sheet) {
    holder.hidden = false;
    return;
  }
  const probe = link.cloneNode();
  probe.onload = probe.onerror = () => (holder.hidden = false);
  root.append(probe);
}

class SupportRequestForm extends HTMLElement {
  static get observedAttributes() {
    return ['server-url', 'token', 'locale', 'config-src', 'user', 'theme', 'service'];
  }

  #instance = null;
  #starting = false;
  #config = undefined;
  #tokenProvider = undefined;
  #token = undefined;
  #user = undefined;
  #prefill = undefined;
  #context = undefined;
  #service = undefined;

  constructor() {
    super();
    // A host script may set properties before this module has loaded and
    // upgraded the element; such values sit on the instance and would hide
    // the setters below. Take them and pass them through the setters.
    for (const name of ['config', 'token', 'tokenProvider', 'user', 'prefill', 'context', 'service']) {
      if (Object.prototype.hasOwnProperty.call(this, name)) {
        const value = this[name];
        delete this[name];
        this[name] = value;
      }
    }
  }

  connectedCallback() {
    if (this.#instance || this.#starting) return;
    const root = this.shadowRoot ?? this.attachShadow({ mode: 'open' });
    // A snippet's prerendered first screen stays: the form takes it over.
    if (!root.querySelector('.srf-first')) root.replaceChildren();
    showHolder(root);
    // The form starts in a task of its own: the one that defined the
    // element also instantiated the wasm, and each is long on a phone.
    // What the host sets meanwhile is kept here and passed on at the start.
    this.#starting = true;
    setTimeout(() => {
      this.#starting = false;
      if (this.isConnected && !this.#instance) this.#start(root);
    });
  }

  #start(root) {
    this.#instance = new wasm.FormInstance(this, root);
    if (this.#config !== undefined) this.#instance.setConfig(this.#config);
    if (this.#tokenProvider !== undefined) this.#instance.setTokenProvider(this.#tokenProvider);
    if (this.#token !== undefined) this.#instance.setToken(this.#token);
    if (this.#user !== undefined) this.#instance.setUser(this.#user);
    if (this.#prefill !== undefined) this.#instance.setPrefill(this.#prefill);
    if (this.#context !== undefined) this.#instance.setContext(this.#context);
    if (this.#service !== undefined) this.#instance.setService(this.#service);
  }

  disconnectedCallback() {
    // A move (removed and inserted again in the same task) keeps the form
    // as it is; a removal unmounts it, which releases its listeners,
    // timers, uploads and object URLs.
    queueMicrotask(() => {
      if (this.isConnected || !this.#instance) return;
      this.#instance.unmount();
      this.#instance = null;
      this.shadowRoot?.replaceChildren();
    });
  }

  attributeChangedCallback(name, _old, value) {
    this.#instance?.attributeChanged(name, value ?? undefined);
  }

  /** Same schema as config.json; takes precedence over config-src. */
  get config() {
    return this.#config;
  }
  set config(value) {
    this.#config = value;
    this.#instance?.setConfig(value);
  }

  /** An (async) function returning a fresh token, called on a 401. */
  get tokenProvider() {
    return this.#tokenProvider;
  }
  set tokenProvider(provider) {
    this.#tokenProvider = provider;
    this.#instance?.setTokenProvider(provider);
  }

  /** Starting values: {subject, categoryName, …, customFields: {name: value}}. */
  get prefill() {
    return this.#prefill;
  }
  set prefill(value) {
    this.#prefill = value;
    this.#instance?.setPrefill(value);
  }

  /** Sent with each request and shown before Submit: {label: value}. */
  get context() {
    return this.#context;
  }
  set context(value) {
    this.#context = value;
    this.#instance?.setContext(value);
  }

  /** The service to open, by its id (like the service attribute). */
  set service(value) {
    this.#service = value ?? undefined;
    this.#instance?.setService(this.#service);
  }
  get service() {
    return this.#service === undefined ? this.getAttribute('service') : this.#service;
  }

  /** Who uses the form (like the user attribute): drafts are kept per user. */
  set user(value) {
    this.#user = value ?? undefined;
    this.#instance?.setUser(this.#user);
  }
  get user() {
    return this.#user === undefined ? this.getAttribute('user') : this.#user;
  }

  /** Like the token attribute, without putting the token in the DOM. */
  set token(value) {
    this.#token = value ?? undefined;
    this.#instance?.setToken(this.#token);
  }
  get token() {
    return this.#token === undefined ? this.getAttribute('token') : this.#token;
  }
}

if (!customElements.get('support-request-form')) {
  customElements.define('support-request-form', SupportRequestForm);
}

/**
 * Renders a form in `element`'s shadow root. `config` has the schema of
 * config.json; `options.prefill` gives starting values, `options.context`
 * what is sent with each request, `options.service` the service to open.
 * Returns a handle: unmount(), setToken(t), setTokenProvider(f),
 * setConfig(c), setUser(u), setLocale(l), setPrefill(p), setContext(c),
 * setService(s).
 */
export function mount(element, config, options) {
  const handle = wasm.mount(element, config);
  if (options?.prefill !== undefined) handle.setPrefill(options.prefill);
  if (options?.context !== undefined) handle.setContext(options.context);
  if (options?.service !== undefined) handle.setService(options.service);
  return handle;
}

/** The static portal (light DOM, password sign-in); used by portal.js. */
export function mountPortal(element, configSrc) {
  wasm.mountPortal(element, configSrc);
}

/**
 * The HTML an embedder pastes into a page for `config` (config.json's
 * text), as `cargo xtask snippet` writes it: the element with its first
 * screen prerendered. `options`: {base, locale, theme, serverUrl,
 * configSrc, signIn}. Rejects with the reason when there can be none.
 */
export function snippet(config, options) {
  return new Promise((resolve, reject) =>
    wasm.snippet({
      config,
      options: options ?? {},
      resolve,
      reject: (why) => reject(why ?? 'the app could not be loaded'),
    }),
  );
}
