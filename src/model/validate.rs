//! Validation as data: `validate` turns a draft into the list of problems,
//! in the order the fields appear, and knows nothing about how they are
//! shown.

use super::draft::{parse_number, Draft};
use super::email::is_valid_email;
use super::fields::{AssetRow, FieldId, FieldSpec, FieldValue, FormSpec, Standard, Widget};
use crate::messages;

/// One problem with one field.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FieldError {
    pub field: FieldId,
    pub message: String,
}

fn is_empty(value: &FieldValue) -> bool {
    match value {
        FieldValue::Text(text) => text.trim().is_empty(),
        FieldValue::List(items) => items.iter().all(|item| item.trim().is_empty()),
        FieldValue::Flag(flag) => !flag,
        FieldValue::Instant(time) => time.is_none(),
        FieldValue::Assets(rows) => rows.iter().all(row_is_blank),
        FieldValue::Files(files) => files.is_empty(),
    }
}

fn row_is_blank(row: &AssetRow) -> bool {
    row.model.trim().is_empty() && row.id.trim().is_empty()
}

/// The problem with one field's value, if any.
fn check(field: &FieldSpec, value: &FieldValue) -> Option<String> {
    let label = field.label.as_str();
    if is_empty(value) {
        return field.required.then(|| messages::required(label));
    }
    let options = field.widget.options();
    match (&field.widget, value) {
        (Widget::Email, FieldValue::Text(text)) if !is_valid_email(text.trim()) => {
            Some(messages::invalid_email(label))
        }
        (Widget::EmailList, FieldValue::List(items)) => items
            .iter()
            .find(|item| !is_valid_email(item.trim()))
            .map(|bad| messages::invalid_email_in_list(label, bad)),
        (Widget::Number { min, max }, FieldValue::Text(text)) => match parse_number(text) {
            None => Some(messages::not_a_number(label)),
            Some(number) if min.is_some_and(|min| number < min) => {
                Some(messages::too_small(label, min.unwrap_or_default()))
            }
            Some(number) if max.is_some_and(|max| number > max) => {
                Some(messages::too_large(label, max.unwrap_or_default()))
            }
            Some(_) => None,
        },
        (Widget::Select(_) | Widget::Radio(_), FieldValue::Text(text))
            if !options.contains(&text.trim().to_owned()) =>
        {
            Some(messages::not_an_option(label))
        }
        (Widget::MultiSelect(_) | Widget::CheckboxGroup(_), FieldValue::List(items))
            if items.iter().any(|item| !options.contains(item)) =>
        {
            Some(messages::not_an_option(label))
        }
        (Widget::Assets, FieldValue::Assets(rows)) => rows
            .iter()
            .enumerate()
            .filter(|(_, row)| !row_is_blank(row))
            .find(|(_, row)| row.model.trim().is_empty() || row.id.trim().parse::<u64>().is_err())
            .map(|(index, _)| messages::bad_asset_row(label, index + 1)),
        _ => None,
    }
}

/// Every problem in `draft`, in field order. Empty means it can be sent.
pub fn validate(spec: &FormSpec, draft: &Draft) -> Vec<FieldError> {
    spec.fields
        .iter()
        .filter_map(|field| {
            let value = draft.get(field.id).unwrap_or(&field.default);
            check(field, value).map(|message| FieldError {
                field: field.id,
                message,
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
            message: messages::upload_failed_blocks_submit(name),
        });
    }
    list
}
