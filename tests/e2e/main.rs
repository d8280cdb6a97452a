//! End-to-end: what a requester does, in headless Chromium, against the
//! release bundle and the sandbox over HTTP.
#![cfg(not(target_arch = "wasm32"))]
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

mod accessibility;
mod attachments;
mod boot;
mod context;
mod dev_loop;
mod drafts;
mod embed;
mod fields;
mod first_screen;
mod follow_up;
mod harness;
mod kit;
mod languages;
mod lifecycle;
mod portal;
mod prefill;
mod prerendered;
mod redaction;
mod resilience;
mod retries;
mod services;
mod shared_computer;
mod tailored;
