//! Leptos components. `portal::Portal` is the static portal's container
//! (config, sign-in, session); `request_form::RequestForm` owns the form's
//! state and actions; the rest are presentational.

mod assets;
mod attachments;
mod browser;
mod chips;
mod delivery;
mod fields;
mod host;
mod portal;
mod request_form;
mod sign_in;
mod ticket_card;
mod uploads;

pub use browser::{page_origin, DraftStore};
pub use host::{FormHost, HostEvents};
pub use portal::{load_config, ConfigError, Portal};
pub use request_form::RequestForm;
