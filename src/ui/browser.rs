//! Small bridges to browser APIs the components need. Everything here
//! tolerates a missing window or storage (privacy modes, sandboxed iframes).

use std::sync::atomic::{AtomicU32, Ordering};

use wasm_bindgen::{JsCast, JsValue};

use crate::model::session::Session;

/// Sessions are kept per server, so two forms talking to two desks on one
/// page never share a token.
fn session_key(server: &str) -> String {
    format!("srf.session:{server}")
}

/// Milliseconds since the epoch (std's clock panics on wasm32).
pub fn now_ms() -> f64 {
    js_sys::Date::now()
}

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

/// `time` (epoch ms) in the user's locale and time zone, with the zone named.
pub fn local_time(time_ms: f64) -> String {
    let locale = web_sys::window()
        .and_then(|window| window.navigator().language())
        .filter(|language| !language.is_empty())
        .unwrap_or_else(|| String::from("en"));
    let options = js_sys::Object::new();
    let parts = [
        ("year", "numeric"),
        ("month", "short"),
        ("day", "numeric"),
        ("hour", "numeric"),
        ("minute", "2-digit"),
        ("timeZoneName", "short"),
    ];
    for (key, value) in parts {
        // Setting a property on a fresh plain object cannot fail.
        let _ = js_sys::Reflect::set(&options, &JsValue::from_str(key), &JsValue::from_str(value));
    }
    js_sys::Date::new(&JsValue::from_f64(time_ms))
        .to_locale_string(&locale, &options)
        .into()
}

fn session_storage() -> Option<web_sys::Storage> {
    web_sys::window()?.session_storage().ok()?
}

/// The session kept for this tab and server, if it has not expired.
pub fn load_session(server: &str) -> Option<Session> {
    let stored = session_storage()?.get_item(&session_key(server)).ok()??;
    Session::restore(&stored).filter(|session| !session.is_expired(now_ms()))
}

/// Keeps the session for this tab only (never localStorage), or forgets it.
pub fn store_session(server: &str, session: Option<&Session>) {
    let Some(storage) = session_storage() else {
        return;
    };
    // Storage can refuse (quota, privacy mode); the session then lives in
    // memory only, which is still correct.
    let _ = match session {
        Some(session) => storage.set_item(&session_key(server), &session.to_json()),
        None => storage.remove_item(&session_key(server)),
    };
}

/// `2026-11-28T10:30` (a `datetime-local` value, in the user's time zone)
/// to epoch milliseconds; `None` for an empty or invalid value.
pub fn datetime_local_to_ms(text: &str) -> Option<f64> {
    if text.trim().is_empty() {
        return None;
    }
    // Without a zone suffix, Date parses date-time strings as local time.
    let ms = js_sys::Date::new(&JsValue::from_str(text.trim())).get_time();
    ms.is_finite().then_some(ms)
}

/// Epoch milliseconds to a `datetime-local` value in the user's time zone.
pub fn ms_to_datetime_local(ms: f64) -> String {
    let date = js_sys::Date::new(&JsValue::from_f64(ms));
    if !date.get_time().is_finite() {
        return String::new();
    }
    format!(
        "{:04}-{:02}-{:02}T{:02}:{:02}",
        date.get_full_year(),
        date.get_month() + 1,
        date.get_date(),
        date.get_hours(),
        date.get_minutes()
    )
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

fn local_storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok()?
}

/// Where a form keeps its draft between visits (local storage: drafts
/// outlive the tab; tokens never go there).
#[derive(Clone, Debug, PartialEq)]
pub struct DraftStore {
    key: String,
    pub max_age_ms: f64,
}

impl DraftStore {
    /// One store per server and form id.
    pub fn new(server: &str, form_id: &str, max_age_days: f64) -> Self {
        Self {
            key: format!("srf.draft:{server}:{form_id}"),
            max_age_ms: max_age_days * 86_400_000.0,
        }
    }

    pub fn load(&self) -> Option<String> {
        local_storage()?.get_item(&self.key).ok()?
    }

    /// Storage can refuse (quota, privacy mode); the draft then lives only
    /// in the page, which is still correct.
    pub fn save(&self, text: &str) {
        if let Some(storage) = local_storage() {
            let _ = storage.set_item(&self.key, text);
        }
    }

    pub fn clear(&self) {
        if let Some(storage) = local_storage() {
            let _ = storage.remove_item(&self.key);
        }
    }
}

/// "10:42" for today, else the date and time, in the user's zone.
pub fn saved_time(time_ms: f64) -> String {
    let then = js_sys::Date::new(&JsValue::from_f64(time_ms));
    let today = js_sys::Date::new_0();
    let same_day = then.get_full_year() == today.get_full_year()
        && then.get_month() == today.get_month()
        && then.get_date() == today.get_date();
    if same_day {
        format!("{:02}:{:02}", then.get_hours(), then.get_minutes())
    } else {
        local_time(time_ms)
    }
}

/// Waits `ms` milliseconds (a browser timer; nothing blocks).
pub async fn sleep(ms: f64) {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        if let Some(window) = web_sys::window() {
            let _ = window.set_timeout_with_callback_and_timeout_and_arguments_0(
                &resolve,
                ms.clamp(0.0, f64::from(i32::MAX)) as i32,
            );
        }
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
}

/// False when the browser knows it has no network.
pub fn online() -> bool {
    web_sys::window().is_none_or(|window| window.navigator().on_line())
}

/// A fresh reference for one intended request (`srf-` and 24 hex digits
/// from the browser's random source).
pub fn new_reference() -> String {
    let digits: String = (0..24)
        .map(|_| char::from_digit((js_sys::Math::random() * 16.0) as u32 % 16, 16).unwrap_or('0'))
        .collect();
    format!("srf-{digits}")
}

/// A mark in local storage that one tab is sending a request, so another
/// tab holding the same draft waits instead of sending it too. A mark older
/// than 15 s is stale (its tab is gone or hung).
pub struct SendLock {
    key: String,
    tab: String,
}

impl SendLock {
    pub fn new(reference: &str) -> Self {
        thread_local! {
            static TAB: String = new_reference();
        }
        Self {
            key: format!("srf.sending:{reference}"),
            tab: TAB.with(Clone::clone),
        }
    }

    /// Takes (or renews) the mark; `false` while another tab holds it.
    pub fn acquire(&self) -> bool {
        let Some(storage) = local_storage() else {
            return true;
        };
        let held = storage
            .get_item(&self.key)
            .ok()
            .flatten()
            .and_then(|value| {
                let (tab, at) = value.split_once(' ')?;
                Some((tab.to_owned(), at.parse::<f64>().ok()?))
            });
        if let Some((tab, at)) = held {
            if tab != self.tab && now_ms() - at < 15_000.0 {
                return false;
            }
        }
        let _ = storage.set_item(&self.key, &format!("{} {}", self.tab, now_ms()));
        true
    }

    pub fn release(&self) {
        if let Some(storage) = local_storage() {
            let _ = storage.remove_item(&self.key);
        }
    }
}
