//! The app: the Leptos form behind the element, `mount()` and the portal.
//! In the release bundle this is a chunk of its own, loaded right after the
//! first screen is painted; it takes over what was typed there (values,
//! files, focus, a pressed Submit) and replaces it with the live form.

use leptos::prelude::*;
use serde_json::{json, Value};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{CustomEvent, CustomEventInit, HtmlElement};

use crate::browser::words;
use crate::embed::{resolve, App, Change, HostInputs, Start, Trouble};
use crate::first_screen::{restore_focus, FirstScreen};
use crate::i18n::Words;
use crate::model::config::{ConfigError, FormConfig};
use crate::model::config_check::problems;
use crate::ui::{ConfigError, FormHost, FormWords, Handover, HostEvents};

/// What the host page can change after mount.
#[derive(Clone, Copy)]
struct Inputs {
    server_url: RwSignal<Option<String>>,
    token: RwSignal<Option<String>>,
    config_src: RwSignal<Option<String>>,
    config: RwSignal<Option<Value>>,
    locale: RwSignal<Option<String>>,
    user: RwSignal<Option<String>>,
    theme: RwSignal<Option<String>>,
    token_provider: StoredValue<Option<js_sys::Function>, LocalStorage>,
}

impl Inputs {
    fn new(inputs: HostInputs) -> Self {
        Self {
            server_url: RwSignal::new(inputs.server_url),
            token: RwSignal::new(inputs.token),
            config_src: RwSignal::new(inputs.config_src),
            config: RwSignal::new(inputs.config),
            locale: RwSignal::new(inputs.locale),
            user: RwSignal::new(inputs.user),
            theme: RwSignal::new(inputs.theme),
            token_provider: StoredValue::new_local(inputs.token_provider),
        }
    }
}

fn set_if_changed<T: PartialEq + Send + Sync + 'static>(signal: RwSignal<T>, value: T) {
    if signal.with_untracked(|current| *current != value) {
        signal.set(value);
    }
}

fn dispatch(host: &HtmlElement, name: &str, detail: &Value) {
    let init = CustomEventInit::new();
    init.set_bubbles(true);
    init.set_composed(true);
    init.set_detail(&js_sys::JSON::parse(&detail.to_string()).unwrap_or(JsValue::NULL));
    if let Ok(event) = CustomEvent::new_with_event_init_dict(name, &init) {
        let _ = host.dispatch_event(&event);
    }
}

fn failed(host: &HtmlElement, status: Option<u16>, message: &str) {
    dispatch(
        host,
        "request-failed",
        &json!({"status": status, "message": message}),
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
                host.with_value(|host| dispatch(host, "request-created", &ticket.raw));
            },
        )),
        failed: Some(Callback::new(
            move |(status, message): (Option<u16>, String)| {
                host.with_value(|host| failed(host, status, &message));
            },
        )),
        comment_added: Some(Callback::new(move |detail: Value| {
            host.with_value(|host| dispatch(host, "comment-added", &detail));
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

/// Every problem of the configuration behind `trouble`: all of them when
/// the host gave the configuration as an object, else the one found.
fn every_problem(trouble: &Trouble, config: Option<Value>) -> Vec<ConfigError> {
    let Trouble::Config(first) = trouble else {
        return Vec::new();
    };
    let all = config.map(|config| problems(&config)).unwrap_or_default();
    if all.is_empty() {
        vec![first.clone()]
    } else {
        all
    }
}

/// The form for the current inputs: the configuration and the language
/// (each resolved again when the host changes it), then credentials and
/// the form.
#[component]
fn Root(
    inputs: Inputs,
    config: Result<FormConfig, Trouble>,
    words: RwSignal<Words, LocalStorage>,
    events_on: Option<HtmlElement>,
) -> impl IntoView {
    let resolved = RwSignal::new(Some(config));
    // Sync with the outside world: a new `config` or `config-src` from the
    // host is read (and fetched) again, with the language it may name; the
    // first one came with the start.
    Effect::new(move |first: Option<()>| {
        let plain = HostInputs {
            config: inputs.config.get(),
            config_src: inputs.config_src.get(),
            locale: inputs.locale.get_untracked(),
            ..HostInputs::default()
        };
        if first.is_some() {
            resolved.set(None);
            leptos::task::spawn_local(async move {
                let (config, loaded) = resolve(&plain).await;
                words.try_set(loaded);
                resolved.try_set(Some(config));
            });
        }
    });
    // Sync with the outside world: a new `locale` changes the words only;
    // the form, and everything typed in it, stays.
    Effect::new(move |first: Option<()>| {
        let locale = inputs.locale.get();
        if first.is_none() {
            return;
        }
        let (wanted_tag, own) = resolved.with_untracked(|resolved| match resolved {
            Some(Ok(config)) => (
                locale.or_else(|| config.locale.clone()),
                config.messages.clone(),
            ),
            _ => (locale, Vec::new()),
        });
        leptos::task::spawn_local(async move {
            if let Ok(loaded) = words::load(&words::wanted(wanted_tag.as_deref()), &own).await {
                words.try_set(loaded);
            }
        });
    });
    let events_on = StoredValue::new_local(events_on);
    // Sync with the outside world: the host hears every problem of a
    // configuration it gave (the playground lists them as an admin types).
    Effect::new(move |_| {
        let all = resolved.with(|resolved| match resolved {
            Some(Err(trouble)) => every_problem(trouble, inputs.config.get_untracked()),
            _ => Vec::new(),
        });
        if all.is_empty() {
            return;
        }
        let english = Words::english();
        let problems: Vec<Value> = all
            .iter()
            .map(|problem| json!({"path": problem.path, "message": english.config_problem(&problem.problem)}))
            .collect();
        events_on.with_value(|host| {
            if let Some(host) = host {
                dispatch(host, "config-invalid", &json!({"problems": problems}));
            }
        });
    });
    let lang = move || words.with(|w| w.lang.clone());
    let dir = move || words.with(|w| w.direction().attribute());
    let theme = move || {
        let configured = resolved.with(|resolved| match resolved {
            Some(Ok(config)) => Some(config.theme),
            _ => None,
        });
        let plain = HostInputs {
            theme: inputs.theme.get(),
            ..HostInputs::default()
        };
        plain.theme(configured)
    };
    view! {
        <div class="srf-root" part="root" lang=lang dir=dir data-theme=theme>
            {move || {
                let override_url = inputs.server_url.get();
                resolved.get().map(|result| match result {
                    Ok(config) => {
                        let plain = HostInputs { server_url: override_url, ..HostInputs::default() };
                        let server = plain.server(&config);
                        let events = events_on
                            .get_value()
                            .map(|host| events(host, inputs, words))
                            .unwrap_or_default();
                        let token = Signal::derive(move || inputs.token.get());
                        let user = Signal::derive(move || inputs.user.get());
                        view! { <FormHost config server token user events /> }.into_any()
                    }
                    Err(trouble) => {
                        let all = every_problem(&trouble, inputs.config.get_untracked());
                        view! { <ConfigError trouble all /> }.into_any()
                    }
                })
            }}
        </div>
    }
}

/// The app mounted in the page.
struct Running {
    inputs: Inputs,
    owner: Owner,
    mounted: Option<Box<dyn std::any::Any>>,
    container: HtmlElement,
}

impl App for Running {
    fn change(&self, change: Change) {
        let inputs = self.inputs;
        match change {
            Change::ServerUrl(value) => set_if_changed(inputs.server_url, value),
            Change::Token(value) => set_if_changed(inputs.token, value),
            Change::ConfigSrc(value) => set_if_changed(inputs.config_src, value),
            Change::Config(value) => set_if_changed(inputs.config, value),
            Change::Locale(value) => set_if_changed(inputs.locale, value),
            Change::User(value) => set_if_changed(inputs.user, value),
            Change::Theme(value) => set_if_changed(inputs.theme, value),
            Change::TokenProvider(value) => inputs.token_provider.set_value(value),
        }
    }
}

impl Drop for Running {
    fn drop(&mut self) {
        self.mounted.take();
        self.owner.cleanup();
        self.container.remove();
    }
}

/// Mounts the app in place of the first screen, carrying over what was
/// done there, in one task: no keystroke falls between the two.
pub fn start(start: Start) -> Box<dyn App> {
    let Start {
        events_on,
        parent,
        inputs,
        config,
        words,
        first,
        prefix,
    } = start;
    let adopted = first.as_ref().map(FirstScreen::adopt).unwrap_or_default();
    let focus = adopted.focus.clone();
    let container: HtmlElement = web_sys::window()
        .and_then(|window| window.document())
        .and_then(|document| document.create_element("div").ok())
        .map(JsCast::unchecked_into)
        .unwrap_or_else(|| parent.clone().unchecked_into());
    let _ = parent.append_child(&container);
    let owner = Owner::new();
    let inputs = owner.with(|| Inputs::new(inputs));
    let mounted = owner.with(|| {
        provide_context(Handover::new(prefix, adopted));
        let words = RwSignal::new_local(words);
        provide_context(FormWords(words));
        let into = container.clone();
        let handle = leptos::mount::mount_to(
            into,
            move || view! { <Root inputs config words events_on /> },
        );
        Box::new(handle) as Box<dyn std::any::Any>
    });
    if let Some(first) = first {
        first.remove();
    }
    if let Some(focus) = &focus {
        restore_focus(&container, focus);
    }
    Box::new(Running {
        inputs,
        owner,
        mounted: Some(mounted),
        container,
    })
}
