//! All network I/O. `wire` turns answers into results (pure, tested
//! natively); `http` is the one place that talks to the browser's fetch.

pub mod wire;

#[cfg(target_arch = "wasm32")]
pub mod http;
#[cfg(target_arch = "wasm32")]
pub mod upload;
