//! The JavaScript face of the form: what `support-request-form.js` calls.
//! The loader defines the `<support-request-form>` class and exports
//! `mount` and `mountPortal`; each form is one [`FormInstance`].
//!
//! This is the small main module. It reads the configuration, paints the
//! first screen (`first_screen`) so the form is usable at once, and loads
//! the app — the Leptos form, in a chunk of its own — which then takes
//! over. Nothing here uses Leptos, so none of it weighs on the first screen.

use std::cell::RefCell;
use std::rc::Rc;

use futures::future::join;
use serde_json::Value;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlElement, ShadowRoot};

use crate::api::http;
use crate::api::wire::ApiError;
use crate::browser::dom::{page_origin, unique_prefix};
use crate::browser::storage::load_session;
use crate::browser::time::sleep;
use crate::browser::words::{self, BadCatalog};
use crate::first_screen::{FirstScreen, Screen};
use crate::i18n::Words;
use crate::model::config::{ConfigError, FormConfig, Theme};
use crate::model::email::is_valid_email;

/// Called once by the loader with the bundle's folder (ending in `/`):
/// every shadow root links `support-request-form.css` from there (a
/// `<link>`, so a strict CSP with `style-src 'self'` allows it), and the
/// catalogs are fetched from `locales/` there.
/// A JS value as JSON (`None` for `null`, `undefined` and what JSON
/// cannot hold).
fn json_value(value: &JsValue) -> Option<Value> {
    let text = js_sys::JSON::stringify(value).ok()?.as_string()?;
    serde_json::from_str::<Value>(&text)
        .ok()
        .filter(|value| !value.is_null())
}

#[wasm_bindgen(js_name = setBase)]
pub fn set_base(url: String) {
    crate::browser::words::set_base(&url);
}

/// What the host page has set: attributes and properties, as plain values.
#[derive(Clone, Default)]
pub struct HostInputs {
    pub server_url: Option<String>,
    pub token: Option<String>,
    pub config_src: Option<String>,
    pub config: Option<Value>,
    pub locale: Option<String>,
    pub user: Option<String>,
    pub theme: Option<String>,
    pub token_provider: Option<js_sys::Function>,
}

impl HostInputs {
    fn from_attributes(host: &HtmlElement) -> Self {
        Self {
            server_url: host.get_attribute("server-url"),
            token: host.get_attribute("token"),
            config_src: host.get_attribute("config-src"),
            locale: host.get_attribute("locale"),
            user: host.get_attribute("user"),
            theme: host.get_attribute("theme"),
            ..Self::default()
        }
    }

    /// The host's token, if it gave a usable one.
    pub fn host_token(&self) -> Option<&str> {
        self.token
            .as_deref()
            .filter(|token| !token.trim().is_empty())
    }
    /// The color scheme: the `theme` attribute, else the configuration's.
    pub fn theme(&self, configured: Option<Theme>) -> &'static str {
        self.theme
            .as_deref()
            .and_then(Theme::from_name)
            .or(configured)
            .unwrap_or_default()
            .name()
    }

    /// The server: the `server-url` attribute, else the configuration's.
    pub fn server(&self, config: &FormConfig) -> String {
        self.server_url
            .as_deref()
            .map(str::trim)
            .filter(|url| !url.is_empty())
            .map(|url| url.trim_end_matches('/').to_owned())
            .unwrap_or_else(|| config.server_base(&page_origin()))
    }
}

/// A change the host page makes after mount.
pub enum Change {
    ServerUrl(Option<String>),
    Token(Option<String>),
    ConfigSrc(Option<String>),
    Config(Option<Value>),
    Locale(Option<String>),
    User(Option<String>),
    Theme(Option<String>),
    TokenProvider(Option<js_sys::Function>),
}

impl Change {
    fn apply(self, inputs: &mut HostInputs) {
        match self {
            Change::ServerUrl(value) => inputs.server_url = value,
            Change::Token(value) => inputs.token = value,
            Change::ConfigSrc(value) => inputs.config_src = value,
            Change::Config(value) => inputs.config = value,
            Change::Locale(value) => inputs.locale = value,
            Change::User(value) => inputs.user = value,
            Change::Theme(value) => inputs.theme = value,
            Change::TokenProvider(value) => inputs.token_provider = value,
        }
    }
}

/// The running app, as the main module sees it. Dropping it unmounts it.
pub trait App {
    fn change(&self, change: Change);
}

/// Everything the app needs to take over from the first screen.
pub struct Start {
    /// Where events go (the element), if the host listens (not the portal).
    pub events_on: Option<HtmlElement>,
    /// Where the app mounts.
    pub parent: Element,
    pub inputs: HostInputs,
    /// The configuration resolved from `inputs` (the app resolves it again
    /// only when they change).
    pub config: Result<FormConfig, Trouble>,
    /// The form's language and texts.
    pub words: Words,
    /// The first screen, if one was painted (not on a fast network).
    pub first: Option<FirstScreen>,
    /// The first screen's id prefix: the app uses the same ids.
    pub prefix: String,
}

/// Why the app could not be loaded.
#[derive(Debug)]
pub struct ChunkError;

#[cfg(feature = "split")]
impl From<wasm_split_helpers::SplitLoaderError> for ChunkError {
    fn from(_: wasm_split_helpers::SplitLoaderError) -> Self {
        ChunkError
    }
}

// The app is its own chunk in the release bundle (`cargo xtask dist` splits
// it off); tests and other builds link it in.
#[cfg(feature = "split")]
#[wasm_split_helpers::wasm_split(app, fallible, preload(load_app))]
fn start_app(start: Start) -> Result<Box<dyn App>, ChunkError> {
    Ok(crate::app::start(start))
}

#[cfg(not(feature = "split"))]
async fn start_app(start: Start) -> Result<Box<dyn App>, ChunkError> {
    Ok(crate::app::start(start))
}

/// Loads the app's chunk (a no-op when it is linked in).
async fn app_loaded() -> bool {
    #[cfg(feature = "split")]
    return load_app().await.is_ok();
    #[cfg(not(feature = "split"))]
    true
}

/// Why a form cannot start: its configuration (or a catalog) is wrong or
/// out of reach.
#[derive(Clone, Debug, PartialEq)]
pub enum Trouble {
    Config(ConfigError),
    Unreachable(ApiError),
    Catalog(BadCatalog),
}

impl Trouble {
    /// The whole message, in `words`' language.
    pub fn describe(&self, words: &Words) -> String {
        let detail = match self {
            Trouble::Config(error) => words.config_error(error),
            Trouble::Unreachable(error) => words.api_error(error),
            Trouble::Catalog(bad) => format!(
                "{}: {}",
                bad.file,
                words.config_error(&bad.as_config_error())
            ),
        };
        words.fill("error.badConfig", &[("detail", &detail)])
    }
}

/// Config from the `config` property (first) or `config-src`, else the
/// defaults. Plain `GET`: credentials are never sent to it.
pub async fn resolve_config(inputs: &HostInputs) -> Result<FormConfig, Trouble> {
    match (&inputs.config, &inputs.config_src) {
        (Some(value), _) => FormConfig::from_value(value).map_err(Trouble::Config),
        (None, Some(url)) => {
            let text = http::fetch_text(url).await.map_err(Trouble::Unreachable)?;
            FormConfig::parse(&text).map_err(Trouble::Config)
        }
        (None, None) => Ok(FormConfig::default()),
    }
}

/// The configuration and the words, fetched at once: the catalog for the
/// form's or the browser's languages starts with the configuration, and
/// is fetched again only if the configuration names another language or
/// brings its own texts.
pub async fn resolve(inputs: &HostInputs) -> (Result<FormConfig, Trouble>, Words) {
    let early = words::wanted(inputs.locale.as_deref());
    let (config, first_words) = join(resolve_config(inputs), words::load(&early, &[])).await;
    let (locale, own) = match &config {
        Ok(config) => (
            inputs.locale.clone().or_else(|| config.locale.clone()),
            config.messages.clone(),
        ),
        Err(_) => (inputs.locale.clone(), Vec::new()),
    };
    let loaded = if locale == inputs.locale && own.is_empty() {
        first_words
    } else {
        words::load(&words::wanted(locale.as_deref()), &own).await
    };
    match loaded {
        Ok(words) => (config, words),
        Err(bad) => (Err(Trouble::Catalog(bad)), Words::english()),
    }
}

/// One mounted form's state.
struct State {
    events_on: Option<HtmlElement>,
    parent: Element,
    inputs: HostInputs,
    app: Option<Box<dyn App>>,
    /// Unmounted: nothing more may start.
    stopped: bool,
}

type Shared = Rc<RefCell<State>>;

/// What the first screen shows for these inputs and configuration.
fn first_screen(
    state: &Shared,
    config: &Result<FormConfig, Trouble>,
    words: &Words,
    prefix: &str,
) -> Option<FirstScreen> {
    let state = state.borrow();
    let theme = state
        .inputs
        .theme(config.as_ref().ok().map(|config| config.theme));
    let render = |screen: &Screen| FirstScreen::render(&state.parent, screen, prefix, words, theme);
    let config = match config {
        Ok(config) => config,
        Err(trouble) => {
            let message = trouble.describe(words);
            web_sys::console::error_1(&message.clone().into());
            return render(&Screen::Problem(message));
        }
    };
    let session = match state.inputs.host_token() {
        Some(_) => None,
        None => match load_session(&state.inputs.server(config)) {
            Some(session) => Some(session),
            None => return render(&Screen::SignIn),
        },
    };
    let person = match &session {
        Some(session) => Some(session.email.clone()),
        None => state
            .inputs
            .user
            .clone()
            .filter(|user| is_valid_email(user.trim())),
    };
    let screen = Screen::Form {
        spec: &config.spec,
        requester: person.as_deref(),
        account: session.as_ref().map(|session| session.email.as_str()),
    };
    render(&screen)
}

/// How long the main module took to arrive, if the browser says.
fn main_module_ms() -> Option<f64> {
    let performance = web_sys::window()?.performance()?;
    let entries = performance.get_entries_by_type("resource");
    entries.iter().find_map(|entry| {
        let name = js_sys::Reflect::get(&entry, &"name".into())
            .ok()?
            .as_string()?;
        if !name.ends_with("-wasm_bg.wasm") {
            return None;
        }
        js_sys::Reflect::get(&entry, &"duration".into())
            .ok()?
            .as_f64()
    })
}

/// A connection this slow gains from the first screen; on a faster one the
/// app arrives about as soon, and swapping screens would only flicker.
const SLOW_MAIN_MODULE_MS: f64 = 300.0;
/// On a fast connection, the longest wait for the app before the first
/// screen is painted after all.
const APP_GRACE_MS: f64 = 1_000.0;

/// Resolves the configuration, paints the first screen (on a slow
/// connection) and hands over to the app once it is loaded (or says it
/// could not be).
async fn boot(state: Shared) {
    let inputs = state.borrow().inputs.clone();
    let (config, words) = resolve(&inputs).await;
    if state.borrow().stopped {
        return;
    }
    let prefix = unique_prefix();
    if config.is_err() {
        // Shown and kept: a configuration the app could not use either.
        let _ = first_screen(&state, &config, &words, &prefix);
        return;
    }
    let slow = main_module_ms().is_some_and(|ms| ms > SLOW_MAIN_MODULE_MS);
    if !slow {
        let loading = std::pin::pin!(app_loaded());
        let grace = std::pin::pin!(sleep(APP_GRACE_MS));
        match futures::future::select(loading, grace).await {
            futures::future::Either::Left((true, _)) => {
                return start(state, None, config, words, prefix).await;
            }
            // A failed load or a slow one: the first screen after all.
            futures::future::Either::Left((false, _)) | futures::future::Either::Right(_) => {}
        }
        if state.borrow().stopped {
            return;
        }
    }
    let Some(first) = first_screen(&state, &config, &words, &prefix) else {
        return;
    };
    hand_over(state, first, config, words, prefix).await;
}

/// Starts the app (loaded by now), taking over from `first` if painted.
async fn start(
    state: Shared,
    first: Option<FirstScreen>,
    config: Result<FormConfig, Trouble>,
    words: Words,
    prefix: String,
) {
    let start = {
        let state = state.borrow();
        if state.stopped {
            return;
        }
        Start {
            events_on: state.events_on.clone(),
            parent: state.parent.clone(),
            inputs: state.inputs.clone(),
            config,
            words,
            first,
            prefix,
        }
    };
    if let Ok(app) = start_app(start).await {
        state.borrow_mut().app = Some(app);
    }
}

/// What a retry of the hand-over needs back.
type Waiting = (FirstScreen, Result<FormConfig, Trouble>, Words);

async fn hand_over(
    state: Shared,
    first: FirstScreen,
    config: Result<FormConfig, Trouble>,
    words: Words,
    prefix: String,
) {
    if !app_loaded().await {
        if state.borrow().stopped {
            return;
        }
        let retry = Rc::new(RefCell::new(None::<Waiting>));
        first.show_problem(&words, {
            let (state, retry, prefix) = (state.clone(), retry.clone(), prefix.clone());
            move || {
                if let Some((first, config, words)) = retry.borrow_mut().take() {
                    wasm_bindgen_futures::spawn_local(Box::pin(hand_over(
                        state, first, config, words, prefix,
                    )));
                }
            }
        });
        *retry.borrow_mut() = Some((first, config, words));
        return;
    }
    start(state, Some(first), config, words, prefix).await;
}

/// One mounted form. The element keeps one while connected; `mount()`
/// returns one as its handle.
#[wasm_bindgen]
pub struct FormInstance {
    state: Shared,
}

fn create(host: HtmlElement, parent: Element, inputs: HostInputs, events: bool) -> FormInstance {
    crate::browser::install_panic_hook();
    let state = Rc::new(RefCell::new(State {
        events_on: events.then(|| host.clone()),
        parent,
        inputs,
        app: None,
        stopped: false,
    }));
    wasm_bindgen_futures::spawn_local(boot(state.clone()));
    FormInstance { state }
}

#[wasm_bindgen]
impl FormInstance {
    /// Renders a form into `root` (a shadow root of `host`); events are
    /// dispatched on `host`.
    #[wasm_bindgen(constructor)]
    pub fn new(host: HtmlElement, root: ShadowRoot) -> Result<FormInstance, JsValue> {
        let document = web_sys::window()
            .and_then(|window| window.document())
            .ok_or_else(|| JsValue::from_str("no document"))?;
        let stylesheet = words::bundle_file("support-request-form.css");
        if stylesheet != "support-request-form.css" {
            let link = document.create_element("link")?;
            link.set_attribute("rel", "stylesheet")?;
            link.set_attribute("href", &stylesheet)?;
            root.append_child(&link)?;
        }
        let container = document.create_element("div")?;
        root.append_child(&container)?;
        let inputs = HostInputs::from_attributes(&host);
        Ok(create(host, container, inputs, true))
    }

    fn change(&self, change: Change) {
        let mut state = self.state.borrow_mut();
        match &state.app {
            Some(app) => app.change(change),
            // The app reads them all when it starts.
            None => change.apply(&mut state.inputs),
        }
    }

    /// An observed attribute changed (`server-url`, `token`, `locale`,
    /// `config-src`, `user`); `None` means it was removed.
    #[wasm_bindgen(js_name = attributeChanged)]
    pub fn attribute_changed(&self, name: &str, value: Option<String>) {
        let change = match name {
            "server-url" => Change::ServerUrl(value),
            "token" => Change::Token(value),
            "config-src" => Change::ConfigSrc(value),
            "locale" => Change::Locale(value),
            "user" => Change::User(value),
            "theme" => Change::Theme(value),
            _ => return,
        };
        self.change(change);
    }

    /// The `token` property: like the attribute, without putting the token
    /// in the DOM.
    #[wasm_bindgen(js_name = setToken)]
    pub fn set_token(&self, token: Option<String>) {
        self.change(Change::Token(token));
    }

    /// The `user` property: who is using the form (like the attribute).
    /// Another user gets a fresh form and never sees this one's drafts.
    #[wasm_bindgen(js_name = setUser)]
    pub fn set_user(&self, user: Option<String>) {
        self.change(Change::User(user));
    }

    /// The `config` property (same schema as `config.json`).
    #[wasm_bindgen(js_name = setConfig)]
    pub fn set_config(&self, config: JsValue) {
        self.change(Change::Config(json_value(&config)));
    }

    /// The `tokenProvider` property: an (async) function returning a fresh
    /// token, called on a 401 before the form gives up.
    #[wasm_bindgen(js_name = setTokenProvider)]
    pub fn set_token_provider(&self, provider: JsValue) {
        self.change(Change::TokenProvider(
            provider.dyn_into::<js_sys::Function>().ok(),
        ));
    }

    /// Removes the form and releases everything it holds; the handle is
    /// spent afterwards.
    pub fn unmount(self) {}
}

impl Drop for FormInstance {
    fn drop(&mut self) {
        let (app, parent) = {
            let mut state = self.state.borrow_mut();
            state.stopped = true;
            (state.app.take(), state.parent.clone())
        };
        drop(app);
        parent.set_inner_html("");
    }
}

/// `mount(element, config)`: renders a form inside `element`'s shadow root
/// (attached if needed) and returns its handle (`unmount()`, `setToken()`,
/// `setTokenProvider()`, `setConfig()`, `setUser()`).
#[wasm_bindgen]
pub fn mount(element: HtmlElement, config: JsValue) -> Result<FormInstance, JsValue> {
    let root = match element.shadow_root() {
        Some(root) => root,
        None => {
            element.attach_shadow(&web_sys::ShadowRootInit::new(web_sys::ShadowRootMode::Open))?
        }
    };
    let instance = FormInstance::new(element, root)?;
    if !config.is_undefined() && !config.is_null() {
        instance.set_config(config);
    }
    Ok(instance)
}

/// Mounts the static portal (light DOM, password sign-in) into `element`,
/// configured by the file at `config_src`.
#[wasm_bindgen(js_name = mountPortal)]
pub fn mount_portal(element: HtmlElement, config_src: String) {
    let inputs = HostInputs {
        config_src: Some(config_src),
        ..HostInputs::default()
    };
    let parent: Element = element.clone().into();
    std::mem::forget(create(element, parent, inputs, false));
}
