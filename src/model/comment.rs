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

/// The text of the server's HTML, for showing as text: tags dropped (line
/// breaks and block ends become new lines), entities decoded.
pub fn html_text(html: &str) -> String {
    let mut text = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(start) = rest.find(['<', '&']) {
        let (before, from) = rest.split_at(start);
        text.push_str(before);
        if from.starts_with('<') {
            let end = from.find('>').map_or(from.len(), |end| end + 1);
            let tag = from.get(1..end.saturating_sub(1)).unwrap_or_default();
            let name = tag
                .trim_start_matches('/')
                .split(|c: char| c.is_whitespace() || c == '/')
                .next()
                .unwrap_or_default()
                .to_ascii_lowercase();
            let closes_block = tag.starts_with('/') && matches!(name.as_str(), "p" | "div" | "li");
            if name == "br" || closes_block {
                text.push('\n');
            }
            rest = from.get(end..).unwrap_or_default();
        } else {
            let end = from.find(';').filter(|end| *end <= 10);
            let decoded = end.and_then(|end| entity(from.get(1..end)?));
            match (decoded, end) {
                (Some(c), Some(end)) => {
                    text.push(c);
                    rest = from.get(end + 1..).unwrap_or_default();
                }
                _ => {
                    text.push('&');
                    rest = from.get(1..).unwrap_or_default();
                }
            }
        }
    }
    text.push_str(rest);
    text.trim_end_matches('\n').to_owned()
}

fn entity(name: &str) -> Option<char> {
    let number = |digits: &str, radix| u32::from_str_radix(digits, radix).ok();
    match name {
        "amp" => Some('&'),
        "lt" => Some('<'),
        "gt" => Some('>'),
        "quot" => Some('"'),
        "apos" => Some('\''),
        "nbsp" => Some('\u{a0}'),
        _ => name
            .strip_prefix("#x")
            .or_else(|| name.strip_prefix("#X"))
            .and_then(|hex| number(hex, 16))
            .or_else(|| name.strip_prefix('#').and_then(|digits| number(digits, 10)))
            .and_then(char::from_u32),
    }
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
    /// Plain text, never markup.
    pub text: String,
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
            text: html_text(details),
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
    fn server_html_is_read_as_text() {
        assert_eq!(html_text("a &amp; b<br>c"), "a & b\nc");
        assert_eq!(
            html_text("<p>Hello <b>there</b></p><p>&lt;script&gt;x&lt;/script&gt;</p>"),
            "Hello there\n<script>x</script>"
        );
        assert_eq!(
            html_text("&#60;&#x3E;&nbsp;&unknown; & x"),
            "<>\u{a0}&unknown; & x"
        );
        assert_eq!(html_text("broken <tag"), "broken ");
        // What the form sends reads back as what was typed.
        let typed = "<img src=x onerror=alert(1)>\na & b";
        assert_eq!(html_text(&details_html(typed)), typed);
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
        assert_eq!(comment.text, "x\n<y>");
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
            (epoch.text.as_str(), epoch.when),
            ("", Some(When::Epoch(1000.0)))
        );
        assert_eq!(Comment::from_value(json!([1])), None);
    }
}
