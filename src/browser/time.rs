//! Time: the clock (std's panics on wasm32) and timers owned by whoever
//! holds them: dropping a [`Sleep`] or an [`Interval`] clears it, so a
//! task cancelled with its component leaves no timer behind.

use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};

use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

/// Milliseconds since the epoch.
pub fn now_ms() -> f64 {
    js_sys::Date::now()
}

fn clamp_ms(ms: f64) -> i32 {
    ms.clamp(0.0, f64::from(i32::MAX)) as i32
}

/// Waits `ms` milliseconds; the timer is cleared when this is dropped.
pub struct Sleep {
    promise: JsFuture,
    handle: Option<i32>,
}

/// A [`Sleep`] of `ms` milliseconds.
pub fn sleep(ms: f64) -> Sleep {
    let mut handle = None;
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        handle = web_sys::window().and_then(|window| {
            window
                .set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, clamp_ms(ms))
                .ok()
        });
    });
    Sleep {
        promise: JsFuture::from(promise),
        handle,
    }
}

impl Future for Sleep {
    type Output = ();

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        Pin::new(&mut self.promise).poll(cx).map(|_| ())
    }
}

impl Drop for Sleep {
    fn drop(&mut self) {
        if let (Some(window), Some(handle)) = (web_sys::window(), self.handle) {
            window.clear_timeout_with_handle(handle);
        }
    }
}

/// A callback run every `ms` milliseconds until this is dropped.
pub struct Interval {
    handle: Option<i32>,
    _callback: Closure<dyn FnMut()>,
}

impl Interval {
    pub fn new(ms: f64, callback: impl FnMut() + 'static) -> Self {
        let callback = Closure::<dyn FnMut()>::new(callback);
        let handle = web_sys::window().and_then(|window| {
            window
                .set_interval_with_callback_and_timeout_and_arguments_0(
                    callback.as_ref().unchecked_ref(),
                    clamp_ms(ms),
                )
                .ok()
        });
        Self {
            handle,
            _callback: callback,
        }
    }
}

impl Drop for Interval {
    fn drop(&mut self) {
        if let (Some(window), Some(handle)) = (web_sys::window(), self.handle) {
            window.clear_interval_with_handle(handle);
        }
    }
}

/// A callback run once after `ms` milliseconds, unless this is dropped
/// first.
pub struct Timeout {
    handle: Option<i32>,
    _callback: Closure<dyn FnMut()>,
}

impl Timeout {
    pub fn new(ms: f64, callback: impl FnOnce() + 'static) -> Self {
        Self::boxed(ms, Box::new(callback))
    }

    /// One closure type for every timeout (the main module counts its
    /// bytes).
    fn boxed(ms: f64, callback: Box<dyn FnOnce()>) -> Self {
        let mut callback = Some(callback);
        let callback = Closure::<dyn FnMut()>::new(move || {
            if let Some(callback) = callback.take() {
                callback();
            }
        });
        let handle = web_sys::window().and_then(|window| {
            window
                .set_timeout_with_callback_and_timeout_and_arguments_0(
                    callback.as_ref().unchecked_ref(),
                    clamp_ms(ms),
                )
                .ok()
        });
        Self {
            handle,
            _callback: callback,
        }
    }
}

impl Drop for Timeout {
    fn drop(&mut self) {
        if let (Some(window), Some(handle)) = (web_sys::window(), self.handle) {
            window.clear_timeout_with_handle(handle);
        }
    }
}

/// False when the browser knows it has no network.
pub fn online() -> bool {
    web_sys::window().is_none_or(|window| window.navigator().on_line())
}

/// A random number in `[0, 1)` from the browser.
pub fn random() -> f64 {
    js_sys::Math::random()
}

/// `2026-11-28T10:30` (a `datetime-local` value, in the user's time zone)
/// to epoch milliseconds; `None` for an empty or invalid value.
pub fn datetime_local_to_ms(text: &str) -> Option<f64> {
    if text.trim().is_empty() {
        return None;
    }
    // Without a zone suffix, Date parses date-time strings as local time.
    let ms = js_sys::Date::new(&text.trim().into()).get_time();
    ms.is_finite().then_some(ms)
}

/// Epoch milliseconds to a `datetime-local` value in the user's time zone.
pub fn ms_to_datetime_local(ms: f64) -> String {
    let date = js_sys::Date::new(&ms.into());
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
