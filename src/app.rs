//! The app: the Leptos form behind the element, `mount()` and the portal.
//! In the release bundle this is a chunk of its own, loaded right after the
//! first screen is painted; it takes over what was typed there (values,
//! files, focus, a pressed Submit) and replaces it with the live form.

use std::cell::RefCell;
use std::rc::{Rc, Weak};

use leptos::prelude::*;
use serde_json::{json, Value};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlElement};

use crate::boot::{App, Change, HostInputs, Start};
use crate::browser::dom::{dispatch, js_value};
use crate::browser::time::{next_task, now_ms, sleep};
use crate::browser::words::bundle_file;
use crate::first_screen::{restore_focus, FirstScreen};
use crate::i18n::Words;
use crate::model::config::FormConfig;
use crate::model::context::host_pairs;
use crate::ui::{FormHost, FormWords, Handover, HostEvents, Later, Pacing, APP_STYLESHEET};

/// What the host page can change after mount (the configuration and the
/// language come resolved from the main module).
#[derive(Clone, Copy)]
struct Inputs {
    server_url: RwSignal<Option<String>>,
    token: RwSignal<Option<String>>,
    user: RwSignal<Option<String>>,
    theme: RwSignal<Option<String>>,
    token_provider: StoredValue<Option<js_sys::Function>, LocalStorage>,
    prefill: RwSignal<Option<Value>>,
    context: RwSignal<Option<Value>>,
    service: RwSignal<Option<String>>,
}

impl Inputs {
    fn new(inputs: HostInputs) -> Self {
        Self {
            server_url: RwSignal::new(inputs.server_url),
            token: RwSignal::new(inputs.token),
            user: RwSignal::new(inputs.user),
            theme: RwSignal::new(inputs.theme),
            token_provider: StoredValue::new_local(inputs.token_provider),
            prefill: RwSignal::new(inputs.prefill),
            context: RwSignal::new(inputs.context),
            service: RwSignal::new(inputs.service),
        }
    }
}

fn set_if_changed<T: PartialEq + Send + Sync + 'static>(signal: RwSignal<T>, value: T) {
    if signal.with_untracked(|current| *current != value) {
        signal.set(value);
    }
}

fn failed(host: &HtmlElement, status: Option<u16>, message: &str) {
    dispatch(
        host,
        "request-failed",
        &js_value(&json!({"status": status, "message": message})),
    );
}

/// Asks the host's `tokenProvider` for a fresh token. `None` when it has
/// none, fails, or gives something that is not a non-empty string.
async fn ask_provider(provider: js_sys::Function) -> Option<String> {
    let answer = provider.call0(&JsValue::NULL).ok()?;
    let value = match answer.dyn_into::<js_sys::Promise>() {
        Ok(promise) => wasm_bindgen_futures::JsFuture::from(promise).await.ok()?,
        Err(value) => value,
    };
    value.as_string().filter(|token| !token.trim().is_empty())
}

fn events(host: HtmlElement, inputs: Inputs, words: RwSignal<Words, LocalStorage>) -> HostEvents {
    let refused = move || words.with_untracked(|w| w.text("tokenRefused"));
    let host = StoredValue::new_local(host);
    HostEvents {
        created: Some(Callback::new(
            move |ticket: crate::model::request::CreatedRequest| {
                host.with_value(|host| dispatch(host, "request-created", &js_value(&ticket.raw)));
            },
        )),
        failed: Some(Callback::new(
            move |(status, message): (Option<u16>, String)| {
                host.with_value(|host| failed(host, status, &message));
            },
        )),
        comment_added: Some(Callback::new(move |detail: Value| {
            host.with_value(|host| dispatch(host, "comment-added", &js_value(&detail)));
        })),
        refresh_token: Some(Callback::new(move |()| {
            let Some(provider) = inputs.token_provider.get_value() else {
                host.with_value(|host| failed(host, Some(401), &refused()));
                return;
            };
            leptos::task::spawn_local(async move {
                match ask_provider(provider).await {
                    Some(token) => inputs.token.try_set(Some(token)),
                    None => {
                        let _ = host.try_with_value(|host| failed(host, Some(401), &refused()));
                        None
                    }
                };
            });
        })),
    }
}

/// The form for the current inputs: credentials, then the form; a new
/// configuration from the main module replaces the form, new words only
/// its texts.
#[component]
fn Root(
    inputs: Inputs,
    config: RwSignal<FormConfig>,
    words: RwSignal<Words, LocalStorage>,
    events_on: Option<HtmlElement>,
) -> impl IntoView {
    let events_on = StoredValue::new_local(events_on);
    let lang = move || words.with(|w| w.lang.clone());
    let dir = move || words.with(|w| w.direction().attribute());
    let theme = move || {
        let plain = HostInputs {
            theme: inputs.theme.get(),
            ..HostInputs::default()
        };
        plain.theme(Some(config.with(|config| config.theme)))
    };
    view! {
        // What only the app shows is styled by its own stylesheet, fetched
        // as the app starts, long before a ticket card is shown.
        <link rel="stylesheet" href=bundle_file(APP_STYLESHEET) />
        <div class="srf-root" part="root" lang=lang dir=dir data-theme=theme>
            <Later>{move || {
                let config = config.get();
                let plain = HostInputs { server_url: inputs.server_url.get(), ..HostInputs::default() };
                let server = plain.server(&config);
                let events = events_on
                    .get_value()
                    .map(|host| events(host, inputs, words))
                    .unwrap_or_default();
                let token = Signal::derive(move || inputs.token.get());
                let user = Signal::derive(move || inputs.user.get());
                let prefill = Signal::derive(move || inputs.prefill.get());
                let service = Signal::derive(move || inputs.service.get());
                let context = Signal::derive(move || {
                    inputs.context.with(|given| given.as_ref().map(host_pairs).unwrap_or_default())
                });
                view! { <FormHost config server token user prefill context service events /> }
            }}</Later>
        </div>
    }
}

/// The app mounted in the page.
struct Running {
    inputs: Inputs,
    config: RwSignal<FormConfig>,
    words: RwSignal<Words, LocalStorage>,
    owner: Owner,
    mounted: Option<Box<dyn std::any::Any>>,
    container: HtmlElement,
    /// The first screen, in use until the app, built, takes its place.
    first: Rc<RefCell<Option<FirstScreen>>>,
}

impl App for Running {
    fn change(&self, change: Change) {
        let inputs = self.inputs;
        match change {
            Change::ServerUrl(value) => set_if_changed(inputs.server_url, value),
            Change::Token(value) => set_if_changed(inputs.token, value),
            Change::User(value) => set_if_changed(inputs.user, value),
            Change::Theme(value) => set_if_changed(inputs.theme, value),
            Change::TokenProvider(value) => inputs.token_provider.set_value(value),
            Change::Prefill(value) => set_if_changed(inputs.prefill, value),
            Change::Context(value) => set_if_changed(inputs.context, value),
            Change::Service(value) => set_if_changed(inputs.service, value),
            // Resolved by the main module (`update`), or its own business.
            Change::Config(_) | Change::ConfigSrc(_) | Change::Locale(_) | Change::Session => {}
        }
    }

    fn update(&self, config: FormConfig, words: Words) {
        set_if_changed(self.config, config);
        self.words.set(words);
    }
}

impl Drop for Running {
    fn drop(&mut self) {
        self.mounted.take();
        self.owner.cleanup();
        self.container.remove();
        if let Some(first) = self.first.borrow_mut().take() {
            first.remove();
        }
    }
}

/// How long the app is built at a time before the browser gets its turn
/// (a keystroke on the first screen waits no longer than this).
const SLICE_MS: f64 = 8.0;

/// How often a built app looks whether the inputs it waits for have come.
const RESOLVING_POLL_MS: f64 = 16.0;

/// Starts the app behind the first screen: built out of sight a slice at
/// a time while the first screen stays in use, then put in its place in
/// one task, carrying over what was done there (values, files, focus, a
/// pressed Submit): no keystroke falls between the two.
pub fn start(start: Start) -> Box<dyn App> {
    let Start {
        events_on,
        parent,
        inputs,
        config,
        words,
        first,
        prefix,
        resolving,
    } = start;
    let container: HtmlElement = web_sys::window()
        .and_then(|window| window.document())
        .and_then(|document| document.create_element("div").ok())
        .map(JsCast::unchecked_into)
        .unwrap_or_else(|| parent.clone().unchecked_into());
    let owner = Owner::new();
    let inputs = owner.with(|| Inputs::new(inputs));
    let config = owner.with(|| RwSignal::new(config));
    let words = owner.with(|| RwSignal::new_local(words));
    let (handover, pacing) = (Handover::new(prefix), Pacing::default());
    let mounted = owner.with(|| {
        provide_context(handover.clone());
        provide_context(pacing.clone());
        provide_context(FormWords(words));
        let into = container.clone();
        let handle = leptos::mount::mount_to(
            into,
            move || view! { <Root inputs config words events_on /> },
        );
        Box::new(handle) as Box<dyn std::any::Any>
    });
    let first = Rc::new(RefCell::new(first));
    let taking_over = TakingOver {
        first: Rc::downgrade(&first),
        parent,
        container: container.clone(),
        owner: owner.clone(),
        resolving,
        pacing,
        handover,
    };
    wasm_bindgen_futures::spawn_local(taking_over.run());
    Box::new(Running {
        inputs,
        config,
        words,
        owner,
        mounted: Some(mounted),
        container,
        first,
    })
}

/// The app being built, to be put in the first screen's place.
struct TakingOver {
    /// Gone when the app is.
    first: Weak<RefCell<Option<FirstScreen>>>,
    parent: Element,
    container: HtmlElement,
    owner: Owner,
    resolving: Box<dyn Fn() -> bool>,
    pacing: Pacing,
    handover: Handover,
}

impl TakingOver {
    async fn run(self) {
        // The chunk has just been instantiated in this task.
        next_task().await;
        let mut slice_began = now_ms();
        loop {
            if self.first.strong_count() == 0 {
                return;
            }
            if self.pacing.build_next() {
                // Built (Leptos renders in microtasks), still in this task.
                leptos::task::tick().await;
                if now_ms() - slice_began < SLICE_MS {
                    continue;
                }
                next_task().await;
            } else if (self.resolving)() {
                // Built, but for inputs already replaced: the new ones
                // come with parts of their own to build.
                sleep(RESOLVING_POLL_MS).await;
            } else {
                break;
            }
            slice_began = now_ms();
        }
        self.pacing.finish();
        let Some(first) = self.first.upgrade() else {
            return;
        };
        let first = first.borrow_mut().take();
        let adopted = first.as_ref().map(FirstScreen::adopt).unwrap_or_default();
        let focus = adopted.focus.clone();
        self.owner.with(|| self.handover.give(adopted));
        let _ = self.parent.append_child(&self.container);
        if let Some(first) = first {
            first.remove();
        }
        if let Some(focus) = focus {
            // Once the values taken over are in the fields.
            leptos::task::tick().await;
            restore_focus(&self.container, &focus);
        }
    }
}
