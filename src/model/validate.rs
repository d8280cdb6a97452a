//! Validation as data: `validate` turns a draft into the list of problems,
//! in the order the fields appear, and knows nothing about how they are shown.

use super::draft::{Draft, PRIORITIES};
use super::email::is_valid_email;
use crate::messages;

/// The fields of the form, in display order.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Field {
    Subject,
    Description,
    RequesterEmail,
    Priority,
}

impl Field {
    /// Every field, in display order.
    pub const ALL: [Field; 4] = [
        Field::Subject,
        Field::Description,
        Field::RequesterEmail,
        Field::Priority,
    ];

    /// The key this field has in the request JSON, used to place server
    /// errors that name a key next to the field.
    pub fn wire_key(self) -> &'static str {
        match self {
            Field::Subject => "subject",
            Field::Description => "description",
            Field::RequesterEmail => "requesterEmail",
            Field::Priority => "priorityName",
        }
    }

    /// The visible label.
    pub fn label(self) -> &'static str {
        match self {
            Field::Subject => messages::LABEL_SUBJECT,
            Field::Description => messages::LABEL_DESCRIPTION,
            Field::RequesterEmail => messages::LABEL_REQUESTER_EMAIL,
            Field::Priority => messages::LABEL_PRIORITY,
        }
    }
}

/// One problem with one field.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FieldError {
    pub field: Field,
    pub message: String,
}

/// Every problem in `draft`, in field order. Empty means it can be sent.
pub fn validate(draft: &Draft) -> Vec<FieldError> {
    let mut errors = Vec::new();
    let mut fail = |field: Field, message: String| errors.push(FieldError { field, message });

    if draft.subject.trim().is_empty() {
        fail(Field::Subject, messages::required(Field::Subject.label()));
    }
    let email = draft.requester_email.trim();
    if email.is_empty() {
        fail(
            Field::RequesterEmail,
            messages::required(Field::RequesterEmail.label()),
        );
    } else if !is_valid_email(email) {
        fail(
            Field::RequesterEmail,
            messages::invalid_email(Field::RequesterEmail.label()),
        );
    }
    let priority = draft.priority.trim();
    if !priority.is_empty() && !PRIORITIES.contains(&priority) {
        fail(
            Field::Priority,
            messages::not_an_option(Field::Priority.label()),
        );
    }
    errors
}

#[cfg(test)]
mod tests {
    use super::*;

    fn valid() -> Draft {
        Draft {
            subject: "Printer jam".into(),
            description: String::new(),
            requester_email: "a@b.com".into(),
            priority: "High".into(),
        }
    }

    fn fields(draft: &Draft) -> Vec<Field> {
        validate(draft).into_iter().map(|e| e.field).collect()
    }

    #[test]
    fn a_complete_draft_is_valid() {
        assert!(validate(&valid()).is_empty());
    }

    #[test]
    fn empty_draft_needs_subject_and_requester_email_in_field_order() {
        let errors = validate(&Draft::default());
        assert_eq!(
            errors,
            vec![
                FieldError {
                    field: Field::Subject,
                    message: "Enter a subject.".into()
                },
                FieldError {
                    field: Field::RequesterEmail,
                    message: "Enter a requester email.".into()
                },
            ]
        );
    }

    #[test]
    fn whitespace_only_subject_is_missing() {
        let draft = Draft {
            subject: "   ".into(),
            ..valid()
        };
        assert_eq!(fields(&draft), vec![Field::Subject]);
    }

    #[test]
    fn malformed_email_names_the_field() {
        let draft = Draft {
            requester_email: "a@b".into(),
            ..valid()
        };
        let errors = validate(&draft);
        assert_eq!(fields(&draft), vec![Field::RequesterEmail]);
        assert!(errors[0].message.contains("Requester email"));
    }

    #[test]
    fn priority_must_be_one_of_the_options() {
        let draft = Draft {
            priority: "Whenever".into(),
            ..valid()
        };
        assert_eq!(fields(&draft), vec![Field::Priority]);
        let no_priority = Draft {
            priority: String::new(),
            ..valid()
        };
        assert!(validate(&no_priority).is_empty());
    }
}
