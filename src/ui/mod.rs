//! Leptos components. `RequestForm` owns the form's state and actions
//! (draft, validation, uploads, delivery); `FormHost` adds credentials
//! (host token, `tokenProvider`, password sign-in); `Portal` loads
//! `config.json` for the static portal; the rest are presentational.

mod assets;
mod attachments;
mod chips;
mod delivery;
mod fields;
mod host;
mod portal;
mod request_form;
mod saved_draft;
mod sign_in;
mod status;
mod tasks;
mod ticket_card;
mod uploads;

pub use host::{FormHost, HostEvents};
pub use portal::{load_config, ConfigError, Portal};
pub use request_form::RequestForm;
