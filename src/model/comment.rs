//! A requester's comment on a ticket (`POST /request/{id}/conversation`):
//! the body sent, with `details` as HTML built safely from the plain text
//! typed, and comments as read back (tolerant: unknown keys ignored, wrong
//! types never panic, the server's HTML shown only as text).

use serde::Serialize;
use serde_json::{Map, Value};

use super::draft::Draft;
use super::fields::{
    ClientReference, FieldId, FieldSpec, FieldValue, FormSpec, Label, Standard, Widget,
};
use super::request::{attachments_in, Attachment};

pub const TEXT: FieldId = FieldId::Standard(Standard::Description);
pub const FILES: FieldId = FieldId::Standard(Standard::Attachments);

/// The comment's own little form: a text and files. Its draft is kept
/// like the request's (`saved_draft`).
pub fn spec() -> FormSpec {
    let field = |id, key: &str, label, widget: Widget| FieldSpec {
        id,
        key: key.to_owned(),
        label,
        help: None,
        option_labels: Vec::new(),
        required: false,
        default: widget.empty_value(),
        widget,
        rules: Default::default(),
        locked: false,
    };
    FormSpec {
        fields: vec![
            field(
                TEXT,
                "details",
                Label::Worded("followUp.comment"),
                Widget::LongText,
            ),
            field(
                FILES,
                "fileAttachments",
                Label::Standard(Standard::Attachments),
                Widget::Files,
            ),
        ],
        presets: Vec::new(),
        technician_group_key: String::from("groupName"),
        client_reference: ClientReference::Off,
        context: Default::default(),
    }
}

/// The comment a comment draft makes, if it holds anything.
pub fn from_draft(draft: &Draft) -> Option<NewComment> {
    let files = match draft.get(FILES) {
        Some(FieldValue::Files(files)) => files.clone(),
        _ => Vec::new(),
    };
    NewComment::new(draft.text(TEXT), files)
}

/// The `comment-added` event's detail: the server's answer, with the
/// ticket's id as `requestId`.
pub fn added_detail(answer: Value, ticket_id: i64) -> Value {
    let mut detail = match answer {
        Value::Object(map) => map,
        _ => Map::new(),
    };
    detail.insert("requestId".into(), Value::from(ticket_id));
    Value::Object(detail)
}

/// The plain text typed, as HTML that shows exactly that text: `&`, `<`,
/// `>` and quotes escaped, line breaks as `<br>`.
pub fn details_html(text: &str) -> String {
    let mut html = String::with_capacity(text.len());
    let normalized = text.replace("\r\n", "\n").replace('\r', "\n");
    for c in normalized.chars() {
        match c {
            '&' => html.push_str("&amp;"),
            '<' => html.push_str("&lt;"),
            '>' => html.push_str("&gt;"),
            '"' => html.push_str("&quot;"),
            '\'' => html.push_str("&#39;"),
            '\n' => html.push_str("<br>"),
            other => html.push(other),
        }
    }
    html
}

/// The body of a requester's comment.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct NewComment {
    conversation_type: &'static str,
    conversation_state: &'static str,
    details: String,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    file_attachments: Vec<Attachment>,
}

impl NewComment {
    /// A comment with `text` and `files`; `None` when both are empty. The
    /// server requires `details`: a comment of files alone names them.
    pub fn new(text: &str, files: Vec<Attachment>) -> Option<Self> {
        let details = if text.trim().is_empty() {
            let names: Vec<&str> = files.iter().map(|file| file.real_name.as_str()).collect();
            details_html(&names.join("\n"))
        } else {
            details_html(text.trim_end())
        };
        (!details.is_empty()).then_some(Self {
            conversation_type: "requestor_to_technician",
            conversation_state: "published",
            details,
            file_attachments: files,
        })
    }

    pub fn to_json(&self) -> String {
        serde_json::to_string(self).unwrap_or_else(|_| String::from("{}"))
    }
}

/// When a comment was added: epoch milliseconds, or the server's own
/// formatted text (conversations carry formatted times).
#[derive(Clone, Debug, PartialEq)]
pub enum When {
    Epoch(f64),
    Text(String),
}

/// A comment as the card shows it.
#[derive(Clone, Debug, PartialEq)]
pub struct Comment {
    pub id: Option<i64>,
    /// The server's HTML (`details`): never put in the page as markup,
    /// only shown as its text (`browser::dom::html_text`, through an
    /// inert `DOMParser`).
    pub html: String,
    pub files: Vec<Attachment>,
    pub when: Option<When>,
    /// The server's answer, for the host's `comment-added` event.
    pub raw: Value,
}

impl Comment {
    /// Reads a stored conversation; `None` if it is not an object.
    pub fn from_value(raw: Value) -> Option<Self> {
        let object = raw.as_object()?;
        let details = object
            .get("details")
            .or_else(|| object.get("description"))
            .and_then(Value::as_str)
            .unwrap_or_default();
        Some(Self {
            id: object.get("id").and_then(integer),
            html: details.to_owned(),
            files: attachments_in(object.get("fileAttachments")),
            when: when(object),
            raw: raw.clone(),
        })
    }
}

fn integer(value: &Value) -> Option<i64> {
    value
        .as_i64()
        .or_else(|| value.as_str().and_then(|text| text.trim().parse().ok()))
}

fn when(object: &Map<String, Value>) -> Option<When> {
    let time = object.get("createdTime")?;
    match time {
        Value::Number(number) => number.as_f64().filter(|ms| ms.is_finite()).map(When::Epoch),
        Value::String(text) if !text.trim().is_empty() => Some(When::Text(text.trim().to_owned())),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn the_added_events_detail_is_the_answer_with_the_tickets_id() {
        assert_eq!(
            added_detail(json!({"id": 7, "description": "hi"}), 42),
            json!({"id": 7, "description": "hi", "requestId": 42})
        );
        assert_eq!(added_detail(json!("odd"), 42), json!({"requestId": 42}));
    }

    #[test]
    fn typed_markup_becomes_escaped_text_with_line_breaks() {
        assert_eq!(
            details_html("<img src=x onerror=alert(1)>"),
            "&lt;img src=x onerror=alert(1)&gt;"
        );
        assert_eq!(details_html("a & b"), "a &amp; b");
        assert_eq!(
            details_html("line 1\r\nline 2\nline \"3\" it's"),
            "line 1<br>line 2<br>line &quot;3&quot; it&#39;s"
        );
        assert_eq!(details_html("&amp;"), "&amp;amp;");
    }

    #[test]
    fn the_comment_body_is_a_published_requester_comment() {
        let file = Attachment {
            ref_file_name: "r1".into(),
            real_name: "photo.png".into(),
        };
        let body: Value = serde_json::from_str(
            &NewComment::new("a & b\n", vec![file.clone()])
                .unwrap()
                .to_json(),
        )
        .unwrap();
        assert_eq!(
            body,
            json!({"conversationType": "requestor_to_technician", "conversationState": "published",
                   "details": "a &amp; b", "fileAttachments": [{"refFileName": "r1", "realName": "photo.png"}]})
        );
        let text_only: Value =
            serde_json::from_str(&NewComment::new("hi", Vec::new()).unwrap().to_json()).unwrap();
        assert_eq!(text_only.get("fileAttachments"), None);
        // Files alone: the details name them.
        let files_only = NewComment::new("  ", vec![file]).unwrap();
        assert_eq!(files_only.details, "photo.png");
        assert_eq!(NewComment::new(" \n ", Vec::new()), None);
    }

    #[test]
    fn a_comment_draft_makes_a_comment_only_when_it_holds_something() {
        let spec = spec();
        let mut draft = Draft::new(&spec);
        assert_eq!(from_draft(&draft), None);
        draft.set(TEXT, FieldValue::Text("<b>".into()));
        let body: Value = serde_json::from_str(&from_draft(&draft).unwrap().to_json()).unwrap();
        assert_eq!(body["details"], "&lt;b&gt;");
    }

    #[test]
    fn stored_comments_are_read_tolerantly() {
        let comment = Comment::from_value(json!({"id": "12", "details": "x<br>&lt;y&gt;",
            "createdTime": "Nov 29, 2026 04:12 PM",
            "fileAttachments": [{"refFileName": "r"}, {"nope": 1}]}))
        .unwrap();
        assert_eq!(comment.id, Some(12));
        assert_eq!(comment.html, "x<br>&lt;y&gt;");
        assert_eq!(
            comment.when,
            Some(When::Text("Nov 29, 2026 04:12 PM".into()))
        );
        assert_eq!(comment.files.len(), 1);
        assert_eq!(
            comment.files.first().map(|f| f.real_name.as_str()),
            Some("r")
        );
        let epoch = Comment::from_value(json!({"details": 5, "createdTime": 1000})).unwrap();
        assert_eq!(
            (epoch.html.as_str(), epoch.when),
            ("", Some(When::Epoch(1000.0)))
        );
        assert_eq!(Comment::from_value(json!([1])), None);
    }
}
