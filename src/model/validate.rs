//! Validation as data: `validate` turns a draft into the list of problems,
//! in the order the fields appear, and knows nothing about how they are
//! shown.

use super::conditions::{is_empty, Tailored};
use super::draft::{parse_number, Draft};
use super::email::is_valid_email;
use super::fields::{AssetRow, FieldId, FieldSpec, FieldValue, FormSpec, Standard, Widget};

/// What is wrong with a field's value (worded by `i18n::wording`).
#[derive(Clone, Debug, PartialEq)]
pub enum Problem {
    Required,
    InvalidEmail,
    /// One entry of an email list is not an address.
    InvalidEmailInList {
        entry: String,
    },
    NotANumber,
    TooSmall {
        min: f64,
    },
    TooLarge {
        max: f64,
    },
    NotAnOption,
    /// An asset row (1-based) without a model or a whole-number id.
    BadAssetRow {
        row: usize,
    },
    /// A file could not be uploaded; sending waits until it is retried or
    /// removed.
    UploadFailed {
        name: String,
    },
    /// The server's own message about this field, shown as it wrote it.
    Server(String),
}

/// One problem with one field.
#[derive(Clone, Debug, PartialEq)]
pub struct FieldError {
    pub field: FieldId,
    pub problem: Problem,
}

fn row_is_blank(row: &AssetRow) -> bool {
    row.model.trim().is_empty() && row.id.trim().is_empty()
}

/// The problem with one field's value, if any, as the conditions make the
/// form (`tailored`: whether it is required, which options it offers).
fn check(field: &FieldSpec, value: &FieldValue, tailored: &Tailored) -> Option<Problem> {
    if is_empty(Some(value)) {
        return tailored.requires(field.id).then_some(Problem::Required);
    }
    let offered: Vec<String> = field
        .widget
        .options()
        .iter()
        .filter(|option| tailored.offers(field.id, option))
        .cloned()
        .collect();
    let options = &offered;
    match (&field.widget, value) {
        (Widget::Email, FieldValue::Text(text)) if !is_valid_email(text.trim()) => {
            Some(Problem::InvalidEmail)
        }
        (Widget::EmailList, FieldValue::List(items)) => items
            .iter()
            .find(|item| !is_valid_email(item.trim()))
            .map(|bad| Problem::InvalidEmailInList { entry: bad.clone() }),
        (Widget::Number { min, max }, FieldValue::Text(text)) => match parse_number(text) {
            None => Some(Problem::NotANumber),
            Some(number) => match (min, max) {
                (Some(min), _) if number < *min => Some(Problem::TooSmall { min: *min }),
                (_, Some(max)) if number > *max => Some(Problem::TooLarge { max: *max }),
                _ => None,
            },
        },
        (Widget::Select(_) | Widget::Radio(_), FieldValue::Text(text))
            if !options.contains(&text.trim().to_owned()) =>
        {
            Some(Problem::NotAnOption)
        }
        (Widget::MultiSelect(_) | Widget::CheckboxGroup(_), FieldValue::List(items))
            if items.iter().any(|item| !options.contains(item)) =>
        {
            Some(Problem::NotAnOption)
        }
        (Widget::Assets, FieldValue::Assets(rows)) => rows
            .iter()
            .enumerate()
            .filter(|(_, row)| !row_is_blank(row))
            .find(|(_, row)| row.model.trim().is_empty() || row.id.trim().parse::<u64>().is_err())
            .map(|(index, _)| Problem::BadAssetRow { row: index + 1 }),
        _ => None,
    }
}

/// Every problem in `draft`, in field order, hidden fields left out.
/// Empty means it can be sent.
pub fn validate(spec: &FormSpec, draft: &Draft) -> Vec<FieldError> {
    let tailored = draft.tailored(spec);
    spec.fields
        .iter()
        .filter(|field| tailored.shows(field.id))
        .filter_map(|field| {
            let value = draft.get(field.id).unwrap_or(&field.default);
            check(field, value, &tailored).map(|problem| FieldError {
                field: field.id,
                problem,
            })
        })
        .collect()
}

/// The problems shown on the form: after a submit was attempted, every rule
/// the draft breaks plus a failed upload (which blocks sending); at any time,
/// the server's message about one field, unless a rule already speaks for
/// that field.
pub fn shown_errors(
    spec: &FormSpec,
    draft: &Draft,
    attempted: bool,
    from_server: Option<&FieldError>,
    failed_upload: Option<&str>,
) -> Vec<FieldError> {
    let mut list = if attempted {
        validate(spec, draft)
    } else {
        Vec::new()
    };
    if let Some(server) = from_server {
        if !list.iter().any(|error| error.field == server.field) {
            list.push(server.clone());
        }
    }
    if let (true, Some(name)) = (attempted, failed_upload) {
        let attachments = FieldId::Standard(Standard::Attachments);
        list.retain(|error| error.field != attachments);
        list.push(FieldError {
            field: attachments,
            problem: Problem::UploadFailed {
                name: name.to_owned(),
            },
        });
    }
    list
}
