//! Bridges to the browser the engine needs: the clock and timers that are
//! released when dropped, storage, the cross-tab send lock, event helpers
//! and the panic hook. Everything tolerates a missing window or storage
//! (privacy modes, sandboxed iframes).

pub mod dom;
pub mod image;
pub mod intl;
pub mod js;
pub mod json;
pub mod lock;
pub mod storage;
pub mod time;
pub mod words;

/// Prints a panic's message and location to the console. With
/// `panic = "abort"` the browser shows only `unreachable` otherwise.
pub fn install_panic_hook() {
    static INSTALLED: std::sync::Once = std::sync::Once::new();
    INSTALLED.call_once(|| {
        std::panic::set_hook(Box::new(|info| {
            web_sys::console::error_1(&format!("support-request-form panicked: {info}").into());
        }));
    });
}
