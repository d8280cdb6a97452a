//! The crate's binary. The browser bundle is the library (a cdylib that
//! trunk builds and `support-request-form.js` loads); this binary only tells
//! a native caller where to look.

// In the browser everything starts from the library's exports.
#[cfg(target_arch = "wasm32")]
fn main() {}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("The portal runs in a browser: build it with `cargo xtask demo` or `trunk build`.");
}
