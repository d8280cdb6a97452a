//! The JavaScript face of the form: what `support-request-form.js` calls.
//! The loader defines the `<support-request-form>` class and exports
//! `mount`; both drive one `FormInstance` per form, rendered inside a shadow
//! root so the host page's CSS cannot break it and its CSS cannot leak.

use std::cell::RefCell;

use leptos::prelude::*;
use serde_json::{json, Value};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{CustomEvent, CustomEventInit, HtmlElement, ShadowRoot};

use crate::messages;
use crate::model::config::FormConfig;
use crate::ui::{load_config, ConfigError, FormHost, HostEvents, Portal};

thread_local! {
    /// URL of the form's stylesheet, set once by the loader.
    static STYLESHEET: RefCell<String> = const { RefCell::new(String::new()) };
}

/// Called once by the loader with the URL of `support-request-form.css`,
/// which every shadow root links to (a `<link>`, so a strict CSP with
/// `style-src 'self'` allows it).
#[wasm_bindgen(js_name = setStylesheet)]
pub fn set_stylesheet(url: String) {
    STYLESHEET.with(|sheet| *sheet.borrow_mut() = url);
}

/// Mounts the static portal (light DOM, password sign-in) into `element`.
#[wasm_bindgen(js_name = mountPortal)]
pub fn mount_portal(element: HtmlElement, config_src: String) {
    crate::browser::install_panic_hook();
    leptos::mount::mount_to(element, move || view! { <Portal config_src /> }).forget();
}

/// What the host page can change after mount.
#[derive(Clone, Copy)]
struct Inputs {
    server_url: RwSignal<Option<String>>,
    token: RwSignal<Option<String>>,
    config_src: RwSignal<Option<String>>,
    config: RwSignal<Option<Value>>,
    locale: RwSignal<Option<String>>,
    user: RwSignal<Option<String>>,
    token_provider: StoredValue<Option<js_sys::Function>, LocalStorage>,
}

/// One mounted form. The element keeps one while connected; `mount()`
/// returns one as its handle.
#[wasm_bindgen]
pub struct FormInstance {
    inputs: Inputs,
    owner: Owner,
    mounted: Option<Box<dyn std::any::Any>>,
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

fn events(host: HtmlElement, inputs: Inputs) -> HostEvents {
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
        refresh_token: Some(Callback::new(move |()| {
            let Some(provider) = inputs.token_provider.get_value() else {
                host.with_value(|host| failed(host, Some(401), messages::TOKEN_REFUSED));
                return;
            };
            leptos::task::spawn_local(async move {
                match ask_provider(provider).await {
                    Some(token) => inputs.token.set(Some(token)),
                    None => {
                        host.with_value(|host| failed(host, Some(401), messages::TOKEN_REFUSED))
                    }
                }
            });
        })),
    }
}

/// Config from the `config` property (first) or `config-src`, else the
/// defaults.
async fn resolve_config(
    property: Option<Value>,
    src: Option<String>,
) -> Result<FormConfig, String> {
    match (property, src) {
        (Some(value), _) => FormConfig::from_value(&value).map_err(|error| error.to_string()),
        (None, Some(url)) => load_config(url).await,
        (None, None) => Ok(FormConfig::default()),
    }
}

#[component]
fn Embedded(host: HtmlElement, inputs: Inputs) -> impl IntoView {
    let loaded =
        LocalResource::new(move || resolve_config(inputs.config.get(), inputs.config_src.get()));
    let host = StoredValue::new_local(host);
    let lang = move || inputs.locale.get().unwrap_or_else(|| String::from("en"));
    view! {
        <div class="srf-root" part="root" lang=lang>
            {move || {
                let override_url = inputs.server_url.get();
                loaded.get().map(|result| match result {
                    Ok(config) => {
                        let server = override_url
                            .filter(|url| !url.trim().is_empty())
                            .map(|url| url.trim().trim_end_matches('/').to_owned())
                            .unwrap_or_else(|| config.server_base(&crate::browser::dom::page_origin()));
                        let events = events(host.get_value(), inputs);
                        let token = Signal::derive(move || inputs.token.get());
                        let user = Signal::derive(move || inputs.user.get());
                        view! { <FormHost config server token user events /> }.into_any()
                    }
                    Err(detail) => view! { <ConfigError detail /> }.into_any(),
                })
            }}
        </div>
    }
}

#[wasm_bindgen]
impl FormInstance {
    /// Renders a form into `root` (a shadow root of `host`); events are
    /// dispatched on `host`.
    #[wasm_bindgen(constructor)]
    pub fn new(host: HtmlElement, root: ShadowRoot) -> Result<FormInstance, JsValue> {
        crate::browser::install_panic_hook();
        let document = web_sys::window()
            .and_then(|window| window.document())
            .ok_or_else(|| JsValue::from_str("no document"))?;
        let stylesheet = STYLESHEET.with(|sheet| sheet.borrow().clone());
        if !stylesheet.is_empty() {
            let link = document.create_element("link")?;
            link.set_attribute("rel", "stylesheet")?;
            link.set_attribute("href", &stylesheet)?;
            root.append_child(&link)?;
        }
        let container: HtmlElement = document.create_element("div")?.unchecked_into();
        root.append_child(&container)?;

        let owner = Owner::new();
        let (inputs, mounted) = owner.with(|| {
            let inputs = Inputs {
                server_url: RwSignal::new(host.get_attribute("server-url")),
                token: RwSignal::new(host.get_attribute("token")),
                config_src: RwSignal::new(host.get_attribute("config-src")),
                config: RwSignal::new(None),
                locale: RwSignal::new(host.get_attribute("locale")),
                user: RwSignal::new(host.get_attribute("user")),
                token_provider: StoredValue::new_local(None),
            };
            let host = host.clone();
            let handle =
                leptos::mount::mount_to(container, move || view! { <Embedded host inputs /> });
            (inputs, Box::new(handle) as Box<dyn std::any::Any>)
        });
        Ok(FormInstance {
            inputs,
            owner,
            mounted: Some(mounted),
        })
    }

    /// An observed attribute changed (`server-url`, `token`, `locale`,
    /// `config-src`, `user`); `None` means it was removed.
    #[wasm_bindgen(js_name = attributeChanged)]
    pub fn attribute_changed(&self, name: &str, value: Option<String>) {
        let target = match name {
            "server-url" => self.inputs.server_url,
            "token" => self.inputs.token,
            "config-src" => self.inputs.config_src,
            "locale" => self.inputs.locale,
            "user" => self.inputs.user,
            _ => return,
        };
        if target.get_untracked() != value {
            target.set(value);
        }
    }

    /// The `token` property: like the attribute, without putting the token
    /// in the DOM.
    #[wasm_bindgen(js_name = setToken)]
    pub fn set_token(&self, token: Option<String>) {
        self.inputs.token.set(token);
    }

    /// The `user` property: who is using the form (like the attribute).
    /// Another user gets a fresh form and never sees this one's drafts.
    #[wasm_bindgen(js_name = setUser)]
    pub fn set_user(&self, user: Option<String>) {
        if self.inputs.user.get_untracked() != user {
            self.inputs.user.set(user);
        }
    }

    /// The `config` property (same schema as `config.json`).
    #[wasm_bindgen(js_name = setConfig)]
    pub fn set_config(&self, config: JsValue) {
        let text = js_sys::JSON::stringify(&config)
            .ok()
            .and_then(|text| text.as_string());
        let value = text.and_then(|text| serde_json::from_str::<Value>(&text).ok());
        self.inputs
            .config
            .set(value.filter(|value| !value.is_null()));
    }

    /// The `tokenProvider` property: an (async) function returning a fresh
    /// token, called on a 401 before the form gives up.
    #[wasm_bindgen(js_name = setTokenProvider)]
    pub fn set_token_provider(&self, provider: JsValue) {
        self.inputs
            .token_provider
            .set_value(provider.dyn_into::<js_sys::Function>().ok());
    }

    /// Removes the form and releases everything it holds; the handle is
    /// spent afterwards.
    pub fn unmount(self) {}
}

impl Drop for FormInstance {
    fn drop(&mut self) {
        self.mounted.take();
        self.owner.cleanup();
    }
}

/// `mount(element, config)`: renders a form inside `element`'s shadow root
/// (attached if needed) and returns its handle (`unmount()`, `setToken()`,
/// `setTokenProvider()`, `setConfig()`).
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
