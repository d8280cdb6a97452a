//! # support-request-form
//!
//! A support-request form for ServiceOps service desks: it validates in the
//! browser, POSTs the request with the user's token to
//! `{server}/api/v1/request` and shows the created ticket.
//!
//! The engine is plain Rust ([`model`], [`api::wire`]) tested natively; the
//! browser parts ([`ui`], [`api::http`]) are built for `wasm32` only.
//!
//! For a Leptos application, use [`ui::RequestForm`]:
//! ```text
//! use leptos::prelude::*;
//! use support_request_form::ui::RequestForm;
//!
//! view! {
//!     <RequestForm server="https://desk.example.com"
//!                  authorization=Signal::stored("Bearer eyJ…".to_string()) />
//! }
//! ```

/// The crate's version: also the npm package's (`dist/package.json`).
pub const VERSION: &str = env!("CARGO_PKG_VERSION");

// Talc in place of the default dlmalloc: about half its code on the first
// screen, and faster (the form is single-threaded, so no atomics).
#[cfg(all(target_arch = "wasm32", not(target_feature = "atomics")))]
#[global_allocator]
static ALLOCATOR: talc::wasm::WasmDynamicTalc = talc::wasm::new_wasm_dynamic_allocator();

pub mod api;
pub mod i18n;
pub mod markup;
pub mod model;
pub mod painting;

#[cfg(target_arch = "wasm32")]
pub mod app;
#[cfg(target_arch = "wasm32")]
pub mod boot;
#[cfg(target_arch = "wasm32")]
pub mod browser;
#[cfg(target_arch = "wasm32")]
pub mod embed;
#[cfg(target_arch = "wasm32")]
pub mod first_screen;
#[cfg(target_arch = "wasm32")]
pub mod rules_chunk;
#[cfg(target_arch = "wasm32")]
pub mod snippet;
#[cfg(target_arch = "wasm32")]
pub mod ui;
