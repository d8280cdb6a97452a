//! Time: the clock (std's panics on wasm32) and timers owned by whoever
//! holds them: dropping a [`Sleep`] or an [`Interval`] clears it, so a
//! task cancelled with its component leaves no timer behind.

/// Milliseconds since the epoch.
pub fn now_ms() -> f64 {
    js_sys::Date::now()
}

/// A browser timer's delay: whole milliseconds, never negative.
fn millis(ms: f64) -> u32 {
    ms.clamp(0.0, f64::from(i32::MAX)) as u32
}

/// Waits `ms` milliseconds; the timer is cleared when this is dropped
/// (gloo-timers' `TimeoutFuture`).
pub type Sleep = gloo_timers::future::TimeoutFuture;

/// A [`Sleep`] of `ms` milliseconds.
pub fn sleep(ms: f64) -> Sleep {
    gloo_timers::future::TimeoutFuture::new(millis(ms))
}

/// Resolves in a task of its own, after what the browser has queued (a
/// keystroke, a paint): long work split by it never blocks for long. A
/// promise on `setTimeout`, lighter in the first screen than a [`Sleep`].
pub async fn next_task() {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        if let Some(window) = web_sys::window() {
            let _ = window.set_timeout_with_callback(&resolve);
        }
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
}

/// A callback run every `ms` milliseconds until this is dropped.
pub struct Interval {
    _timer: gloo_timers::callback::Interval,
}

impl Interval {
    pub fn new(ms: f64, callback: impl FnMut() + 'static) -> Self {
        Self {
            _timer: gloo_timers::callback::Interval::new(millis(ms), callback),
        }
    }
}

/// A callback run once after `ms` milliseconds, unless this is dropped
/// first (gloo-timers' `Timeout`, which clears itself on drop).
pub struct Timeout {
    _timer: gloo_timers::callback::Timeout,
}

impl Timeout {
    pub fn new(ms: f64, callback: impl FnOnce() + 'static) -> Self {
        Self {
            _timer: gloo_timers::callback::Timeout::new(millis(ms), callback),
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
