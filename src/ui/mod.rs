//! Leptos components. `RequestForm` owns the form's state and actions
//! (draft, validation, uploads, delivery); `FormHost` adds credentials
//! (host token, `tokenProvider`, password sign-in); the rest are
//! presentational. `crate::app` mounts them for the element and the portal.

mod assets;
mod attachments;
mod chips;
mod comment_history;
mod composer;
mod control_text;
mod delivery;
mod desk;
mod fields;
mod follow_up;
mod handover;
mod host;
mod image_review;
mod my_requests;
mod paced_save;
mod pacing;
mod request_form;
mod request_state;
mod saved_draft;
mod sent_with;
mod service_choice;
mod sign_in;
mod status;
mod tasks;
mod ticket_card;
mod uploads;
mod words;

pub use control_text::ControlText;
pub use handover::Handover;
pub use host::{FormHost, HostEvents};
pub use paced_save::PacedSave;
pub use pacing::{Later, Pacing};
pub use request_form::RequestForm;
pub use words::{t, FormWords};

/// The stylesheet of what only the app shows (the ticket card, comments,
/// the image editor), which the first screen does not carry: the app links
/// it as it starts, and each of those parts links it too (cached), for a
/// Leptos app that mounts them itself.
pub const APP_STYLESHEET: &str = "support-request-form-app.css";
