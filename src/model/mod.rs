//! Plain Rust: what the user typed, what the server gets and answers, and the
//! rules between them. No DOM, no signals, so all of it is tested natively.

pub mod attachments;
pub mod boot;
pub mod chips;
pub mod comment;
pub mod conditions;
pub mod config;
pub mod config_check;
pub mod context;
pub mod delivery;
pub mod draft;
pub mod email;
pub mod fields;
pub mod json;
pub mod my_requests;
pub mod png;
pub mod prefill;
pub mod redaction;
pub mod request;
pub mod retry;
pub mod saved_draft;
pub mod send_lock;
pub mod services;
pub mod session;
pub mod texts;
pub mod ticket_url;
pub mod uploads;
pub mod validate;

#[cfg(test)]
mod tests;
