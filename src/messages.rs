//! Every user-facing string, in one place, so a translation is a drop-in
//! replacement of this module. English for now.

pub const TITLE: &str = "Create a support request";
pub const LABEL_SUBJECT: &str = "Subject";
pub const LABEL_DESCRIPTION: &str = "Description";
pub const LABEL_REQUESTER_EMAIL: &str = "Requester email";
pub const LABEL_PRIORITY: &str = "Priority";
pub const PRIORITY_NONE: &str = "No priority";
pub const REQUIRED_MARK: &str = "(required)";
pub const SUBMIT: &str = "Submit request";
pub const SENDING: &str = "Sending…";
pub const SUBMIT_ANOTHER: &str = "Submit another request";
pub const ERROR_SUMMARY: &str = "Please correct the highlighted fields.";

pub const SIGN_IN_TITLE: &str = "Sign in to the service desk";
pub const LABEL_SIGN_IN_EMAIL: &str = "Email";
pub const LABEL_PASSWORD: &str = "Password";
pub const SIGN_IN: &str = "Sign in";
pub const SIGNING_IN: &str = "Signing in…";
pub const SIGN_OUT: &str = "Sign out";
pub const SESSION_EXPIRED: &str =
    "Your sign-in has expired. Sign in again; your request has been kept.";
pub const ENTER_PASSWORD: &str = "Enter your password.";
pub const LOADING_CONFIG: &str = "Loading the form…";

pub const CREATED_TITLE: &str = "Request created";
pub const CARD_SUBJECT: &str = "Subject";
pub const CARD_STATUS: &str = "Status";
pub const CARD_PRIORITY: &str = "Priority";
pub const CARD_CREATED: &str = "Created";

pub const NETWORK_ERROR: &str =
    "The service desk could not be reached. Check your connection and try again; your request has been kept.";
pub const UNREADABLE_ANSWER: &str =
    "The service desk sent an answer the form cannot read. Your request may not have been created.";
pub const WRONG_CREDENTIALS: &str = "The email or password is not correct.";

/// "Enter a subject." — for a required field left empty.
pub fn required(label: &str) -> String {
    format!("Enter a {}.", label.to_lowercase())
}

/// For an email field whose text is not an address.
pub fn invalid_email(label: &str) -> String {
    format!("{label} must be an email address, like name@example.com.")
}

/// For a value that is not one of the field's options.
pub fn not_an_option(label: &str) -> String {
    format!("Choose one of the {} options.", label.to_lowercase())
}

/// An error status whose body said nothing readable.
pub fn http_status(status: u16, status_text: &str) -> String {
    if status_text.is_empty() {
        format!("The service desk answered with error {status}.")
    } else {
        format!("The service desk answered with error {status} ({status_text}).")
    }
}

/// A configuration that could not be used.
pub fn bad_config(detail: &str) -> String {
    format!("The form's configuration (config.json) cannot be used: {detail}")
}
