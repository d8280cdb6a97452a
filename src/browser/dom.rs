//! Small DOM helpers: where an event started (also inside a shadow root),
//! the page's origin, ids unique per form.

use std::sync::atomic::{AtomicU32, Ordering};

use serde_json::Value;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{CustomEvent, CustomEventInit, EventTarget};

use crate::model::context::{Fact, PageFacts};

/// A prefix for element ids that is unique per form on the page, so two forms
/// never share a label target.
pub fn unique_prefix() -> String {
    static NEXT: AtomicU32 = AtomicU32::new(1);
    format!("srf{}", NEXT.fetch_add(1, Ordering::Relaxed))
}

/// The page's origin, the default server.
pub fn page_origin() -> String {
    web_sys::window()
        .and_then(|window| window.location().origin().ok())
        .unwrap_or_default()
}

/// The values the page's address gives `prefix` + each of `names`
/// (`?srf-subject=…`), decoded, in order; nothing else of the address is
/// read.
pub fn query_values(names: &[String], prefix: &str) -> Vec<(String, String)> {
    let search = web_sys::window().and_then(|window| window.location().search().ok());
    let Some(params) =
        search.and_then(|search| web_sys::UrlSearchParams::new_with_str(&search).ok())
    else {
        return Vec::new();
    };
    let mut found = Vec::new();
    for name in names {
        let key = format!("{prefix}{name}");
        for value in params.get_all(&key).iter() {
            if let Some(value) = value.as_string() {
                found.push((key.clone(), value));
            }
        }
    }
    found
}

/// What the browser says about the page the form is on, for the facts in
/// `wanted` (`context.include`); the others stay empty. Only what is
/// wanted is read: the time zone takes an `Intl.DateTimeFormat`, whose
/// first construction costs 25 ms of the app's start.
pub fn page_facts(wanted: &[Fact]) -> PageFacts {
    let Some(window) = web_sys::window() else {
        return PageFacts::default();
    };
    let read = |fact: Fact, value: &dyn Fn() -> Option<String>| {
        wanted
            .contains(&fact)
            .then(value)
            .flatten()
            .unwrap_or_default()
    };
    let navigator = window.navigator();
    let size = |value: Result<JsValue, JsValue>| {
        value.ok().and_then(|value| value.as_f64()).unwrap_or(0.0)
    };
    PageFacts {
        page_url: read(Fact::PageUrl, &|| window.location().href().ok()),
        user_agent: read(Fact::UserAgent, &|| navigator.user_agent().ok()),
        language: read(Fact::Language, &|| navigator.language()),
        time_zone: read(Fact::TimeZone, &|| {
            let zone =
                js_sys::Intl::DateTimeFormat::new(&js_sys::Array::new(), &js_sys::Object::new())
                    .resolved_options();
            js_sys::Reflect::get(&zone, &"timeZone".into())
                .ok()
                .and_then(|zone| zone.as_string())
        }),
        viewport: read(Fact::Viewport, &|| {
            Some(format!(
                "{}×{}",
                size(window.inner_width()),
                size(window.inner_height())
            ))
        }),
    }
}

/// A fresh reference for one intended request: `srf-` and 24 hex digits
/// from the browser's cryptographic random source (two tabs, or two
/// people, never draw the same one).
pub fn new_reference() -> String {
    let mut bytes = [0u8; 12];
    let filled = web_sys::window()
        .and_then(|window| window.crypto().ok())
        .and_then(|crypto| crypto.get_random_values_with_u8_array(&mut bytes).ok());
    if filled.is_none() {
        // No Web Crypto (a very old browser): the best source there is.
        bytes
            .iter_mut()
            .for_each(|byte| *byte = (js_sys::Math::random() * 256.0) as u8);
    }
    let digits: String = bytes.iter().map(|byte| format!("{byte:02x}")).collect();
    format!("srf-{digits}")
}

/// The element an event started on. Inside a shadow root `event.target`
/// is retargeted to the host by the time Leptos' document-level handler
/// sees it, so read the composed path instead.
pub fn event_origin<T: JsCast>(ev: &web_sys::Event) -> Option<T> {
    let first = ev.composed_path().get(0);
    let node = if first.is_undefined() || first.is_null() {
        ev.target()?.into()
    } else {
        first
    };
    node.dyn_into::<T>().ok()
}

/// The `value` of the input, textarea or select an event started on.
pub fn input_value(ev: &web_sys::Event) -> String {
    event_origin::<js_sys::Object>(ev)
        .and_then(|node| js_sys::Reflect::get(&node, &JsValue::from_str("value")).ok())
        .and_then(|value| value.as_string())
        .unwrap_or_default()
}

/// Whether the checkbox or radio button an event started on is checked.
pub fn input_checked(ev: &web_sys::Event) -> bool {
    event_origin::<web_sys::HtmlInputElement>(ev).is_some_and(|input| input.checked())
}

/// An object URL (`blob:…`) that is revoked when dropped.
pub struct ObjectUrl(String);

impl ObjectUrl {
    pub fn new(blob: &web_sys::Blob) -> Option<Self> {
        web_sys::Url::create_object_url_with_blob(blob)
            .ok()
            .map(Self)
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl Drop for ObjectUrl {
    fn drop(&mut self) {
        let _ = web_sys::Url::revoke_object_url(&self.0);
    }
}

/// Focuses the element matching `selector` inside `root`; searching inside
/// the form (not the document) keeps it right inside a shadow root and with
/// several forms on a page.
pub fn focus_in(root: Option<web_sys::Element>, selector: &str) {
    let target = root
        .and_then(|root| root.query_selector(selector).ok().flatten())
        .and_then(|element| element.dyn_into::<web_sys::HtmlElement>().ok());
    if let Some(element) = target {
        let _ = element.focus();
    }
}

/// Writes `text` to the clipboard with the Clipboard API; false where the
/// page may not (no secure context, refused by the user or browser).
pub async fn copy_text(text: &str) -> bool {
    let Some(window) = web_sys::window() else {
        return false;
    };
    let clipboard = js_sys::Reflect::get(&window.navigator(), &JsValue::from_str("clipboard"))
        .ok()
        .filter(|clipboard| clipboard.is_object());
    let Some(clipboard) = clipboard else {
        return false;
    };
    let write = js_sys::Reflect::get(&clipboard, &JsValue::from_str("writeText"))
        .ok()
        .and_then(|write| write.dyn_into::<js_sys::Function>().ok());
    let promise = write
        .and_then(|write| write.call1(&clipboard, &JsValue::from_str(text)).ok())
        .and_then(|promise| promise.dyn_into::<js_sys::Promise>().ok());
    match promise {
        Some(promise) => wasm_bindgen_futures::JsFuture::from(promise).await.is_ok(),
        None => false,
    }
}

/// An event listener removed when dropped.
pub struct Listener {
    target: EventTarget,
    event: &'static str,
    callback: Closure<dyn FnMut(web_sys::Event)>,
}

impl Listener {
    pub fn new(
        target: &EventTarget,
        event: &'static str,
        callback: impl FnMut(web_sys::Event) + 'static,
    ) -> Self {
        // One closure type for every listener: the wrapper is built once,
        // not once per callback (the main module counts its bytes).
        Self::boxed(target, event, Box::new(callback))
    }

    fn boxed(
        target: &EventTarget,
        event: &'static str,
        callback: Box<dyn FnMut(web_sys::Event)>,
    ) -> Self {
        let callback = Closure::wrap(callback);
        let _ = target.add_event_listener_with_callback(event, callback.as_ref().unchecked_ref());
        Self {
            target: target.clone(),
            event,
            callback,
        }
    }
}

impl Drop for Listener {
    fn drop(&mut self) {
        let _ = self.target.remove_event_listener_with_callback(
            self.event,
            self.callback.as_ref().unchecked_ref(),
        );
    }
}

/// Fires `name` on `host`, bubbling out of the shadow root, with `detail`.
pub fn dispatch(host: &EventTarget, name: &str, detail: &JsValue) {
    let init = CustomEventInit::new();
    init.set_bubbles(true);
    init.set_composed(true);
    init.set_detail(detail);
    if let Ok(event) = CustomEvent::new_with_event_init_dict(name, &init) {
        let _ = host.dispatch_event(&event);
    }
}

/// A JSON value as a JS value (`null` if the browser cannot read it).
pub fn js_value(value: &Value) -> JsValue {
    js_sys::JSON::parse(&value.to_string()).unwrap_or(JsValue::NULL)
}

/// A plain JS object with these string properties, built without
/// serializing JSON (the main module carries no serializer).
pub fn js_object(properties: &[(&str, &str)]) -> JsValue {
    let object = js_sys::Object::new();
    for (key, value) in properties {
        // Setting a property on a fresh plain object cannot fail.
        let _ = js_sys::Reflect::set(&object, &(*key).into(), &(*value).into());
    }
    object.into()
}

/// The text of a server's HTML (a comment's `details`), for showing as
/// text: parsed by an inert `DOMParser` document (no script runs, nothing
/// loads), every entity decoded, line breaks and block ends as new lines.
pub fn html_text(html: &str) -> String {
    let Some(document) = web_sys::DomParser::new().ok().and_then(|parser| {
        parser
            .parse_from_string(html, web_sys::SupportedType::TextHtml)
            .ok()
    }) else {
        return html.to_owned();
    };
    if let Ok(breaks) = document.query_selector_all("br, p, div, li") {
        for index in 0..breaks.length() {
            let Some(element) = breaks
                .item(index)
                .and_then(|node| node.dyn_into::<web_sys::Element>().ok())
            else {
                continue;
            };
            let _ = element.append_with_str_1("\n");
        }
    }
    let text = document
        .body()
        .and_then(|body| body.text_content())
        .unwrap_or_default();
    text.trim_end_matches('\n').to_owned()
}

/// The form's controls under `root`, found by id: what the painters read a
/// field's value back from (see [`crate::markup::read`]).
pub struct ControlsIn(pub web_sys::Element);

impl ControlsIn {
    /// The field (`.srf-field`) an event started in.
    pub fn of_event(ev: &web_sys::Event) -> Option<Self> {
        let origin = event_origin::<web_sys::Element>(ev)?;
        origin.closest(".srf-field").ok().flatten().map(Self)
    }

    pub fn find(&self, id: &str) -> Option<web_sys::Element> {
        self.0
            .query_selector(&format!("[id='{id}']"))
            .ok()
            .flatten()
    }
}

impl crate::markup::Controls for ControlsIn {
    fn text(&self, id: &str) -> Option<String> {
        let control = self.find(id)?;
        js_sys::Reflect::get(&control, &JsValue::from_str("value"))
            .ok()?
            .as_string()
    }

    fn checked(&self, id: &str) -> bool {
        self.find(id)
            .and_then(|control| control.dyn_into::<web_sys::HtmlInputElement>().ok())
            .is_some_and(|input| input.checked())
    }

    fn chosen(&self, id: &str) -> Vec<String> {
        let Some(select) = self
            .find(id)
            .and_then(|control| control.dyn_into::<web_sys::HtmlSelectElement>().ok())
        else {
            return Vec::new();
        };
        chosen_values(&select)
    }

    fn instant(&self, id: &str) -> Option<f64> {
        crate::browser::time::datetime_local_to_ms(&self.text(id)?)
    }
}

/// The values of a select list's chosen options.
pub fn chosen_values(select: &web_sys::HtmlSelectElement) -> Vec<String> {
    let chosen = select.selected_options();
    (0..chosen.length())
        .filter_map(|index| chosen.item(index))
        .filter_map(|option| option.get_attribute("value"))
        .collect()
}

/// The files of a `FileList` (picker, drop, paste).
pub fn files_of(list: Option<web_sys::FileList>) -> Vec<web_sys::File> {
    let Some(list) = list else {
        return Vec::new();
    };
    (0..list.length())
        .filter_map(|index| list.item(index))
        .collect()
}
