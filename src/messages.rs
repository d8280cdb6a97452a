//! Every user-facing string, in one place, so a translation is a drop-in
//! replacement of this module. English for now.

pub const TITLE: &str = "Create a support request";
pub const LABEL_SUBJECT: &str = "Subject";
pub const LABEL_DESCRIPTION: &str = "Description";
pub const LABEL_REQUESTER_EMAIL: &str = "Requester email";
pub const LABEL_CC_EMAILS: &str = "CC emails";
pub const LABEL_CATEGORY: &str = "Category";
pub const LABEL_IMPACT: &str = "Impact";
pub const LABEL_PRIORITY: &str = "Priority";
pub const LABEL_URGENCY: &str = "Urgency";
pub const LABEL_DEPARTMENT: &str = "Department";
pub const LABEL_LOCATION: &str = "Location";
pub const LABEL_TAGS: &str = "Tags";
pub const LABEL_SUPPORT_LEVEL: &str = "Support level";
pub const LABEL_SPAM: &str = "Spam";
pub const LABEL_ASSIGNEE_EMAIL: &str = "Assignee email";
pub const LABEL_TECHNICIAN_GROUP: &str = "Technician group";
pub const LABEL_SOURCE: &str = "Source";
pub const LABEL_STATUS: &str = "Status";
pub const LABEL_LINKED_ASSETS: &str = "Linked assets";
pub const LABEL_ASSET_MODEL: &str = "Asset model";
pub const LABEL_ASSET_ID: &str = "Asset id";
pub const ADD_ASSET: &str = "Add asset";
pub const CHOOSE: &str = "Choose…";
pub const SPAM_CHECKBOX: &str = "Mark as spam";
pub const CHIP_HINT: &str = "Press Enter or comma to add.";
pub const YES: &str = "Yes";
pub const NO: &str = "No";
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
pub const TOKEN_REFUSED: &str =
    "The service desk refused the token this page gave; your request has been kept.";
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

/// For a required field left empty.
pub fn required(label: &str) -> String {
    format!("{label} is required.")
}

/// For one entry of an email list that is not an address.
pub fn invalid_email_in_list(label: &str, entry: &str) -> String {
    format!("{label}: '{entry}' is not an email address.")
}

pub fn not_a_number(label: &str) -> String {
    format!("{label} must be a number.")
}

pub fn too_small(label: &str, min: f64) -> String {
    format!("{label} must be at least {min}.")
}

pub fn too_large(label: &str, max: f64) -> String {
    format!("{label} must be at most {max}.")
}

pub fn bad_asset_row(label: &str, row: usize) -> String {
    format!("{label}: row {row} needs an asset model and a whole-number asset id.")
}

/// The accessible name of a chip's remove button.
pub fn remove_item(item: &str) -> String {
    format!("Remove {item}")
}

/// The accessible name of an asset row's remove button.
pub fn remove_asset_row(row: usize) -> String {
    format!("Remove asset {row}")
}

/// For an email field whose text is not an address.
pub fn invalid_email(label: &str) -> String {
    format!("{label} must be an email address, like name@example.com.")
}

/// For a value that is not one of the field's options.
pub fn not_an_option(label: &str) -> String {
    format!("{label}: choose one of the listed options.")
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

/// `31 MB`, `812 KB`, `14 bytes`: sizes as people read them (1 MB = 1024 KB).
pub fn bytes(size: u64) -> String {
    const KB: f64 = 1024.0;
    const MB: f64 = KB * 1024.0;
    const GB: f64 = MB * 1024.0;
    let size_f = size as f64;
    let (value, unit) = if size_f >= GB {
        (size_f / GB, "GB")
    } else if size_f >= MB {
        (size_f / MB, "MB")
    } else if size_f >= KB {
        (size_f / KB, "KB")
    } else {
        return format!("{size} bytes");
    };
    if value >= 10.0 || value.fract() < 0.05 {
        format!("{value:.0} {unit}")
    } else {
        format!("{value:.1} {unit}")
    }
}

/// "report.zip is 31 MB; the limit is 25 MB per file." The sandbox's 413
/// uses the same words, so both read alike.
pub fn file_too_large(name: &str, size: u64, limit: u64) -> String {
    format!(
        "{name} is {}; the limit is {} per file.",
        bytes(size),
        bytes(limit)
    )
}

/// When the size is not known (the upload was cut off at the limit).
pub fn file_over_limit(name: &str, limit: u64) -> String {
    format!(
        "{name} is larger than {}, the limit per file.",
        bytes(limit)
    )
}

pub fn too_many_files(limit: usize) -> String {
    format!("You can attach at most {limit} files.")
}

pub fn total_too_large(name: &str, total: u64, limit: u64) -> String {
    format!(
        "Adding {name} would make {} in total; the limit is {} for all files.",
        bytes(total),
        bytes(limit)
    )
}

pub fn type_not_accepted(name: &str, accepted: &str) -> String {
    format!("{name} is not an accepted type; accepted: {accepted}.")
}

pub fn upload_failed_blocks_submit(name: &str) -> String {
    format!("{name} could not be uploaded: retry it or remove it before sending.")
}

/// The accessible name of a file's progress bar.
pub fn uploading(name: &str) -> String {
    format!("Uploading {name}")
}

pub fn cancel_upload(name: &str) -> String {
    format!("Cancel upload of {name}")
}

pub fn remove_file(name: &str) -> String {
    format!("Remove {name}")
}

pub fn retry_upload(name: &str) -> String {
    format!("Retry upload of {name}")
}

pub const DROP_ZONE: &str = "Drop files here, paste a screenshot, or";
pub const CHOOSE_FILES: &str = "Choose files";
pub const UPLOADED: &str = "Uploaded";
pub const UPLOAD_WAITING_FOR_SIGN_IN: &str = "Waiting for you to sign in again…";
pub const WAITING_FOR_UPLOADS: &str = "Waiting for uploads…";
pub const CANCEL: &str = "Cancel";
pub const REMOVE: &str = "Remove";
pub const RETRY: &str = "Retry";
pub const LABEL_ATTACHMENTS: &str = "Attachments";
pub const CARD_ATTACHMENTS: &str = "Attachments";

/// When the server's CORS policy does not allow the embedding page.
pub fn refused_site(server: &str, origin: &str) -> String {
    format!(
        "The service desk at {server} refused this site ({origin}). Ask its administrator to allow this site; your request has been kept."
    )
}

/// The offer to bring back a saved draft.
pub fn restore_draft(when: &str) -> String {
    format!("Restore your draft from {when}?")
}

pub const RESTORE: &str = "Restore";
pub const DISCARD: &str = "Discard";
pub const SAVED_DRAFT: &str = "Saved draft";

pub const CHECKING: &str = "No clear answer came back; checking whether your request arrived…";
pub const OFFLINE_QUEUED: &str =
    "You are offline. Your request will be sent when the connection is back.";
pub const CANCEL_SENDING: &str = "Stop sending";
pub const TRY_AGAIN: &str = "Try again";
/// When the rest of the form (the app) could not be loaded.
pub const APP_NOT_LOADED: &str = "Part of the form could not be loaded. Check your connection and try again; what you typed is kept.";
pub const SEND_ANYWAY: &str = "Send anyway";
pub const CANNOT_CHECK: &str = "The service desk does not let this form check whether your request already arrived. Send it anyway (it may then arrive twice), or stop and check with the service desk first.";
pub const SENDING_IN_OTHER_TAB: &str =
    "This request is being sent from another tab or window; waiting for it to finish…";
pub const SENDING_CANCELLED: &str =
    "Sending stopped. Your request is kept: send it when you are ready.";

/// While waiting to send again.
pub fn retrying_in(seconds: u64) -> String {
    format!("Could not send yet; trying again in {seconds} s.")
}

/// An upload that failed for a passing reason and is sent again shortly.
pub fn upload_retrying(reason: &str) -> String {
    format!("{reason} Trying again…")
}
