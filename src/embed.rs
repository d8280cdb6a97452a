//! The JavaScript face of the form: what `support-request-form.js` calls.
//! The loader defines the `<support-request-form>` class and exports
//! `mount` and `mountPortal`; each form is one [`FormInstance`].
//!
//! This is the small main module. It drives each form's boot (the state
//! machine in [`crate::model::boot`]): it reads the configuration, paints
//! the first screen (`first_screen`) so the form is usable at once, shows
//! a configuration that cannot be used, and loads the app — the Leptos
//! form, in a chunk of its own — which then takes over. Whatever the host
//! sets, whenever, goes through the boot: the latest value wins. Nothing
//! here uses Leptos, so none of it weighs on the first screen.

use std::cell::RefCell;
use std::rc::{Rc, Weak};

use serde_json::Value;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlElement, ShadowRoot};

use crate::boot::{resolve, App, Change, HostInputs, Resolved, Start};
use crate::browser::dom::{dispatch, js_object, unique_prefix, Listener};
use crate::browser::js;
use crate::browser::storage::{forget_session, load_session, DraftStore, Place};
use crate::browser::time::{next_task, random, Timeout};
use crate::browser::words;
use crate::first_screen::{FirstScreen, Screen};
use crate::model::boot::{Boot, Command, Outcome, Screen as Showing};
use crate::model::config::FormConfig;
use crate::model::email::is_valid_email;
use crate::model::fields::{FieldId, FieldValue};
use crate::model::session::needs_sign_in;
use crate::painting::PRERENDER_PREFIX;
use crate::rules_chunk::{self, Said};

/// A JS value as JSON (`None` for `null`, `undefined` and what JSON
/// cannot hold).
fn json_value(value: &JsValue) -> Option<Value> {
    crate::browser::json::of_js(value).filter(|value| !value.is_null())
}

/// Called once by the loader with the bundle's folder (ending in `/`):
/// every shadow root links `support-request-form.css` from there (a
/// `<link>`, so a strict CSP with `style-src 'self'` allows it), and the
/// catalogs are fetched from `locales/` there.
#[wasm_bindgen(js_name = setBase)]
pub fn set_base(url: String) {
    crate::browser::words::set_base(&url);
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

#[cfg(feature = "split")]
#[wasm_split_helpers::wasm_split(app, fallible)]
fn write_snippet(request: JsValue) -> Result<(), ChunkError> {
    crate::snippet::answer(request);
    Ok(())
}

#[cfg(not(feature = "split"))]
async fn write_snippet(request: JsValue) -> Result<(), ChunkError> {
    crate::snippet::answer(request);
    Ok(())
}

/// Writes the HTML an embedder pastes for a configuration, as `cargo xtask
/// snippet` does (see [`crate::snippet::answer`] for `request`). The work
/// is in the app's chunk; this only loads it.
#[wasm_bindgen]
pub fn snippet(request: JsValue) {
    wasm_bindgen_futures::spawn_local(async move {
        if write_snippet(request.clone()).await.is_err() {
            // Rejected without a reason: the loader says the app could not
            // be loaded (the words would weigh on the first screen).
            if let Ok(reject) = js_sys::Reflect::get(&request, &"reject".into()) {
                let _ = reject
                    .unchecked_into::<js_sys::Function>()
                    .call0(&JsValue::NULL);
            }
        }
    });
}

/// Loads the app's chunk (a no-op when it is linked in).
async fn app_loaded() -> bool {
    #[cfg(feature = "split")]
    return load_app().await.is_ok();
    #[cfg(not(feature = "split"))]
    true
}

/// Keeps the form's `container` out of the layout until `link`, the
/// stylesheet just added to its shadow root, has loaded or failed. A shadow
/// root's stylesheet does not hold the page's rendering back, so whatever
/// is painted first (the first screen, a problem, the app) would be drawn
/// unstyled, then shift as a whole and push what is below it (Lighthouse
/// counted a layout shift of 0.63 when the main module won that race). A
/// stylesheet that fails shows the form unstyled rather than not at all.
fn shown_once_styled(container: &Element, link: &Element) -> Vec<Listener> {
    let style = js::get(container, "style");
    js::set(&style, "display", &"none".into());
    ["load", "error"]
        .into_iter()
        .map(|event| {
            let style = style.clone();
            Listener::new(link, event, move |_| js::set(&style, "display", &"".into()))
        })
        .collect()
}

/// One mounted form's state.
struct State {
    events_on: Option<HtmlElement>,
    parent: Element,
    prefix: String,
    inputs: HostInputs,
    boot: Boot,
    /// The latest configuration and words.
    resolved: Option<Resolved>,
    /// The first screen (hidden while a problem shows, so what was typed
    /// there comes back with a good configuration).
    first: Option<FirstScreen>,
    problem: Option<FirstScreen>,
    app: Option<Box<dyn App>>,
    /// While the app is starting: what it must be told once it runs.
    starting: Option<Vec<Command>>,
    retry: Option<Timeout>,
    _online: Option<Listener>,
}

type Shared = Rc<RefCell<State>>;

/// Does what the boot says, in order.
fn drive(state: &Shared, commands: Vec<Command>) {
    for command in commands {
        run(state, command);
    }
}

/// Tells the boot something happened (if the form is still there), then
/// does what it says.
fn tell(state: &Weak<RefCell<State>>, event: impl FnOnce(&mut Boot) -> Vec<Command>) {
    if let Some(state) = state.upgrade() {
        let commands = event(&mut state.borrow_mut().boot);
        drive(&state, commands);
    }
}

fn run(state: &Shared, command: Command) {
    let weak = Rc::downgrade(state);
    match command {
        Command::Resolve { generation } => {
            wasm_bindgen_futures::spawn_local(async move {
                // In a task of its own, after the one that connected the
                // element (each is long on a phone); read then, after the
                // host's script has set what it sets with the element (the
                // loader passes its early properties right after creating
                // the form): a generation already outdated fetches nothing.
                next_task().await;
                let (inputs, prerendered) = {
                    let Some(state) = weak.upgrade() else {
                        return;
                    };
                    let state = state.borrow();
                    if state.boot.generation() != generation {
                        return;
                    }
                    let prerendered = state.first.as_ref().is_some_and(FirstScreen::unconfirmed);
                    (state.inputs.clone(), prerendered)
                };
                let resolved = resolve(&inputs, prerendered).await;
                // Painting what was resolved is a task of its own too.
                next_task().await;
                let outcome = match &resolved.config {
                    Ok(_) => Outcome::Ready,
                    Err(trouble) => Outcome::Failed(trouble.recovery()),
                };
                let Some(state) = weak.upgrade() else {
                    return;
                };
                let commands = {
                    let mut state = state.borrow_mut();
                    // Stale: newer inputs are being resolved.
                    if state.boot.generation() != generation {
                        return;
                    }
                    state.resolved = Some(resolved);
                    state.boot.resolved(generation, outcome, random())
                };
                drive(&state, commands);
            });
        }
        Command::LoadApp => wasm_bindgen_futures::spawn_local(async move {
            let ok = app_loaded().await;
            tell(&weak, |boot| boot.chunk_loaded(ok));
        }),
        Command::RetryIn { generation, ms } => {
            state.borrow_mut().retry = Some(Timeout::new(ms, move || {
                tell(&weak, |boot| boot.retry_due(generation))
            }));
        }
        Command::PaintFirst => paint_first(state),
        Command::ShowLoadProblem => {
            let state = state.borrow();
            if let (Some(first), Some(resolved)) = (&state.first, &state.resolved) {
                first.show_problem(&resolved.words, move || tell(&weak, Boot::try_again));
            }
        }
        Command::ShowProblem { try_again } => show_problem(state, try_again),
        Command::StartApp => start(state),
        Command::UpdateApp | Command::Forward(_) => {
            let mut guard = state.borrow_mut();
            let state = &mut *guard;
            if let Some(waiting) = &mut state.starting {
                waiting.push(command);
                return;
            }
            let Some(app) = &state.app else {
                return;
            };
            match command {
                Command::Forward(input) => app.change(Change::of(input, &state.inputs)),
                // The app owns the configuration from now on: no copy.
                _ => {
                    if let Some(Resolved {
                        config: Ok(config),
                        words,
                        ..
                    }) = state.resolved.take()
                    {
                        app.update(config, words);
                    }
                }
            }
        }
    }
}

/// What the first screen shows for these inputs and configuration: the
/// portal's sign-in without a session, else the form.
fn first_screen_of<'a>(
    inputs: &'a HostInputs,
    config: &'a FormConfig,
    prefill: &'a [(FieldId, FieldValue)],
    session: Option<&'a crate::model::session::Session>,
) -> Screen<'a> {
    if needs_sign_in(inputs.host_token(), session.is_some()) {
        return Screen::SignIn;
    }
    let requester = match session {
        Some(session) => Some(session.email.as_str()),
        // As the app does: the host's `user`, trimmed, if it is an email.
        None => inputs
            .user
            .as_deref()
            .map(str::trim)
            .filter(|user| is_valid_email(user)),
    };
    Screen::Form {
        spec: &config.spec,
        accept: &config.attachments.accept,
        requester,
        prefill,
        account: session.map(|session| session.email.as_str()),
    }
}

/// Loads what reads a prefill given after the configuration was read,
/// then paints the first screen again with it.
fn load_prefill_reader(weak: &Weak<RefCell<State>>) {
    let weak = weak.clone();
    wasm_bindgen_futures::spawn_local(async move {
        let Ok(read) = rules_chunk::prefill_reader().await else {
            return;
        };
        let Some(state) = weak.upgrade() else {
            return;
        };
        let showing = {
            let mut current = state.borrow_mut();
            if let Some(resolved) = current.resolved.as_mut() {
                resolved.read_prefill = Some(read);
            }
            current.first.is_some() && current.app.is_none()
        };
        if showing {
            paint_first(&state);
        }
    });
}

/// Paints the first screen from the resolved configuration, in place of
/// the one showing (taking over what was typed there) or of a problem.
fn paint_first(state: &Shared) {
    let weak = Rc::downgrade(state);
    let mut guard = state.borrow_mut();
    let current = &mut *guard;
    let Some(Resolved {
        config: Ok(config),
        words,
        tailor,
        read_prefill,
        open_service,
        stamp,
        ..
    }) = &current.resolved
    else {
        return;
    };
    let inputs = &current.inputs;
    let server = inputs.server(config);
    let session = match inputs.host_token() {
        Some(_) => None,
        None => load_session(&server),
    };
    let opened = match open_service {
        _ if config.services.is_empty() => Some(config),
        Some(open) => open(inputs.service.as_deref(), config),
        None => None,
    };
    // The portal's sign-in comes before any service.
    let signing_in = needs_sign_in(inputs.host_token(), session.is_some());
    let Some(config) = opened.or(signing_in.then_some(config)) else {
        // The services are listed by the app.
        for old in [current.first.take(), current.problem.take()]
            .into_iter()
            .flatten()
        {
            old.remove();
        }
        return;
    };
    let prefill = match read_prefill {
        Some(read) => read(inputs.prefill.as_ref(), config).values,
        None => {
            if inputs.wants_prefill(config) {
                load_prefill_reader(&weak);
            }
            Vec::new()
        }
    };
    let screen = first_screen_of(inputs, config, &prefill, session.as_ref());
    let theme = inputs.theme(Some(config.theme));
    // A prerendered screen made from what this form has stays as it is.
    if let Some(first) = current.first.as_mut() {
        if first.confirm(&screen, stamp.as_deref(), *tailor, words, theme) {
            return;
        }
    }
    let Some(painted) = FirstScreen::render(
        &current.parent,
        &screen,
        *tailor,
        &current.prefix,
        words,
        theme,
    ) else {
        return;
    };
    if let Some(old) = current.first.take() {
        painted.carry_over(&old);
        old.remove();
    }
    if let Some(problem) = current.problem.take() {
        problem.remove();
    }
    if let Some(session) = session {
        let place = Place {
            server: server.clone(),
            form_id: config.form_id.clone(),
            user: Some(session.email),
        };
        painted.on_click(".srf-account button", move || {
            // As the app's Sign out: the person's draft goes with them.
            DraftStore::new(place.clone(), 1.0).forget_all();
            forget_session(&place.server);
            if let Some(state) = weak.upgrade() {
                change(&state, Change::Session);
            }
        });
    }
    current.first = Some(painted);
}

/// Shows why the form cannot start, in place of the app or the first
/// screen (hidden, with what was typed, until a good configuration), and
/// tells the host every problem of a configuration.
fn show_problem(state: &Shared, try_again: bool) {
    let weak = Rc::downgrade(state);
    let (app, host, problems) = {
        let mut guard = state.borrow_mut();
        let current = &mut *guard;
        let Some(resolved) = current.resolved.as_ref() else {
            return;
        };
        let Err(trouble) = &resolved.config else {
            return;
        };
        let words = resolved.words.clone();
        let said = match &resolved.said {
            Some(said) => said.clone(),
            None => Said::plainly(trouble, &words),
        };
        web_sys::console::error_1(&said.message.clone().into());
        let problems = said.english.clone();
        let screen = Screen::Problem {
            message: said.message,
            all: said.all,
        };
        let theme = current.inputs.theme(None);
        if let Some(first) = &current.first {
            first.hide();
        }
        if let Some(old) = current.problem.take() {
            old.remove();
        }
        current.problem = FirstScreen::render(
            &current.parent,
            &screen,
            None,
            &current.prefix,
            &words,
            theme,
        );
        if let (Some(problem), true) = (&current.problem, try_again) {
            problem.offer_try_again(&words, move || tell(&weak, Boot::try_again));
        }
        (current.app.take(), current.events_on.clone(), problems)
    };
    // Outside the borrow: a host listening to `config-invalid` may set a
    // new configuration right away.
    drop(app);
    if let (Some(host), false) = (host, problems.is_empty()) {
        let list = js_sys::Array::new();
        for (path, message) in &problems {
            list.push(&js_object(&[("path", path), ("message", message)]));
        }
        let detail = js_sys::Object::new();
        let _ = js_sys::Reflect::set(&detail, &"problems".into(), &list);
        dispatch(&host, "config-invalid", &detail);
    }
}

/// Starts the app (loaded by now), taking over from the first screen if
/// one was painted.
fn start(state: &Shared) {
    // The app came before the first paint: a prerendered screen is
    // confirmed (or painted again) first, so the app takes over its fields.
    let unconfirmed = state
        .borrow()
        .first
        .as_ref()
        .is_some_and(FirstScreen::unconfirmed);
    if unconfirmed {
        paint_first(state);
    }
    let start = {
        let mut guard = state.borrow_mut();
        let current = &mut *guard;
        // The app owns the configuration from now on: no copy.
        let Some(Resolved {
            config: Ok(config),
            words,
            ..
        }) = current.resolved.take()
        else {
            return;
        };
        let start = Start {
            events_on: current.events_on.clone(),
            parent: current.parent.clone(),
            inputs: current.inputs.clone(),
            config,
            words,
            first: current.first.take(),
            prefix: current.prefix.clone(),
            resolving: {
                let weak = Rc::downgrade(state);
                Box::new(move || {
                    weak.upgrade()
                        .is_some_and(|state| state.borrow().boot.resolving())
                })
            },
        };
        if let Some(problem) = current.problem.take() {
            problem.remove();
        }
        current.starting = Some(Vec::new());
        start
    };
    let state = state.clone();
    wasm_bindgen_futures::spawn_local(async move {
        let started = start_app(start).await;
        let waiting = {
            let mut current = state.borrow_mut();
            let waiting = current.starting.take().unwrap_or_default();
            match started {
                // Not if the form went, or a problem came, meanwhile.
                Ok(app) if current.boot.screen() == Showing::App => current.app = Some(app),
                _ => return,
            }
            waiting
        };
        drive(&state, waiting);
    });
}

/// Records a change of the host's (or the person's) and does what the
/// boot says about it.
fn change(state: &Shared, change: Change) {
    let commands = {
        let mut current = state.borrow_mut();
        let input = change.input();
        if !change.apply(&mut current.inputs) {
            return;
        }
        current.boot.changed(input)
    };
    drive(state, commands);
}

/// One mounted form. The element keeps one while connected; `mount()`
/// returns one as its handle.
#[wasm_bindgen]
pub struct FormInstance {
    state: Shared,
    /// Show the form once its stylesheet has loaded or failed.
    _stylesheet: Vec<Listener>,
}

fn create(host: HtmlElement, parent: Element, inputs: HostInputs, events: bool) -> FormInstance {
    crate::browser::install_panic_hook();
    // A prerendered first screen is kept from now on; it is confirmed or
    // painted again as soon as the configuration and words are known.
    let prerendered = FirstScreen::prerendered(&parent);
    let (boot, commands) = Boot::start();
    let prefix = match prerendered {
        Some(_) => PRERENDER_PREFIX.to_owned(),
        None => unique_prefix(),
    };
    let state = Rc::new(RefCell::new(State {
        events_on: events.then(|| host.clone()),
        parent,
        prefix,
        inputs,
        boot,
        resolved: None,
        first: prerendered,
        problem: None,
        app: None,
        starting: None,
        retry: None,
        _online: None,
    }));
    // Coming back online retries at once what failed for want of a network.
    let weak = Rc::downgrade(&state);
    state.borrow_mut()._online = web_sys::window()
        .map(|window| Listener::new(&window, "online", move |_| tell(&weak, Boot::online)));
    drive(&state, commands);
    FormInstance {
        state,
        _stylesheet: Vec::new(),
    }
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
        // A snippet's declarative shadow root brings its stylesheet and a
        // prerendered first screen in a holder of its own.
        let prerendered = root
            .query_selector("div > .srf-first")
            .ok()
            .flatten()
            .and_then(|first| first.parent_element());
        let stylesheet = words::bundle_file("support-request-form.css");
        let linked = root
            .query_selector("link[rel=stylesheet]")
            .ok()
            .flatten()
            .is_some();
        let mut added = None;
        if stylesheet != "support-request-form.css" && !linked {
            let link = document.create_element("link")?;
            link.set_attribute("rel", "stylesheet")?;
            link.set_attribute("href", &stylesheet)?;
            root.append_child(&link)?;
            added = Some(link);
        }
        let container = match prerendered {
            Some(holder) => holder,
            None => {
                let container = document.create_element("div")?;
                root.append_child(&container)?;
                container
            }
        };
        // A snippet's holder brings its own link (the loader shows it);
        // only a container this form adds waits for the stylesheet it adds.
        let stylesheet = added
            .map(|link| shown_once_styled(&container, &link))
            .unwrap_or_default();
        let inputs = HostInputs::from_attributes(&host);
        let mut form = create(host, container, inputs, true);
        form._stylesheet = stylesheet;
        Ok(form)
    }

    fn change(&self, change: Change) {
        self::change(&self.state, change);
    }

    /// An observed attribute changed (`server-url`, `token`, `locale`,
    /// `config-src`, `user`, `theme`, `service`); `None` means it was removed.
    #[wasm_bindgen(js_name = attributeChanged)]
    pub fn attribute_changed(&self, name: &str, value: Option<String>) {
        let change = match name {
            "server-url" => Change::ServerUrl(value),
            "token" => Change::Token(value),
            "config-src" => Change::ConfigSrc(value),
            "locale" => Change::Locale(value),
            "user" => Change::User(value),
            "theme" => Change::Theme(value),
            "service" => Change::Service(value),
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

    /// The `prefill` property: starting values
    /// (`{"subject": …, "customFields": {"Asset tag": …}}`).
    #[wasm_bindgen(js_name = setPrefill)]
    pub fn set_prefill(&self, prefill: JsValue) {
        self.change(Change::Prefill(json_value(&prefill)));
    }

    /// The `context` property: what the host has sent with each request
    /// (`{"App version": "4.2.1"}`).
    #[wasm_bindgen(js_name = setContext)]
    pub fn set_context(&self, context: JsValue) {
        self.change(Change::Context(json_value(&context)));
    }

    /// The `service` property (like the attribute): the service to open,
    /// by its id.
    #[wasm_bindgen(js_name = setService)]
    pub fn set_service(&self, service: Option<String>) {
        self.change(Change::Service(service));
    }

    /// The `locale` property (like the attribute).
    #[wasm_bindgen(js_name = setLocale)]
    pub fn set_locale(&self, locale: Option<String>) {
        self.change(Change::Locale(locale));
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
        let (app, first, problem, timers, parent) = {
            let mut state = self.state.borrow_mut();
            state.boot.stop();
            (
                state.app.take(),
                state.first.take(),
                state.problem.take(),
                (state.retry.take(), state._online.take()),
                state.parent.clone(),
            )
        };
        drop((app, first, problem, timers));
        parent.set_inner_html("");
    }
}

/// `mount(element, config)`: renders a form inside `element`'s shadow root
/// (attached if needed) and returns its handle (`unmount()`, `setToken()`,
/// `setTokenProvider()`, `setConfig()`, `setUser()`, `setLocale()`,
/// `setPrefill()`, `setContext()`, `setService()`); the loader passes `mount()`'s options
/// on to the handle.
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
