//! What the user has typed so far, exactly as typed. Turning it into a
//! request trims it and drops what was left empty.

use super::request::NewRequest;

/// The priorities the seed documents, in the order the form offers them.
pub const PRIORITIES: [&str; 4] = ["Low", "Medium", "High", "Urgent"];

/// The form's content. Empty strings mean "not filled in".
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Draft {
    pub subject: String,
    pub description: String,
    pub requester_email: String,
    pub priority: String,
}

impl Draft {
    /// The request to send: trimmed values, empty optional fields omitted.
    pub fn to_request(&self) -> NewRequest {
        NewRequest {
            subject: self.subject.trim().to_owned(),
            requester_email: self.requester_email.trim().to_owned(),
            description: non_empty(&self.description),
            priority_name: non_empty(&self.priority),
        }
    }
}

fn non_empty(text: &str) -> Option<String> {
    let trimmed = text.trim();
    (!trimmed.is_empty()).then(|| trimmed.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn empty_optional_fields_become_none_and_text_is_trimmed() {
        let draft = Draft {
            subject: "  Printer jam ".into(),
            description: "   ".into(),
            requester_email: " a@b.com".into(),
            priority: String::new(),
        };
        let request = draft.to_request();
        assert_eq!(request.subject, "Printer jam");
        assert_eq!(request.requester_email, "a@b.com");
        assert_eq!(request.description, None);
        assert_eq!(request.priority_name, None);
    }

    #[test]
    fn multi_line_description_keeps_inner_lines() {
        let draft = Draft {
            description: "line one\n\nline two\n".into(),
            ..Draft::default()
        };
        assert_eq!(
            draft.to_request().description.as_deref(),
            Some("line one\n\nline two")
        );
    }
}
