//! The wire format of `POST /api/v1/request`: what we send (exact keys, no
//! empty values) and what we read back (tolerant: unknown keys ignored,
//! optional keys may be missing, wrong types never panic).

use std::collections::BTreeMap;

use serde::Serialize;
use serde_json::{Map, Value};

/// An uploaded file referenced by the create call.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, serde::Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Attachment {
    pub ref_file_name: String,
    pub real_name: String,
}

/// A linked asset: model name and numeric id.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct AssetLink {
    pub asset_model: String,
    pub asset_id: u64,
}

/// The body of a create call, with every key of the seed table under its
/// exact wire name and JSON type. Optional values left empty are omitted,
/// never sent as `""`, `[]` or `null`.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct NewRequest {
    pub subject: String,
    pub requester_email: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub category_name: Option<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub cc_email_set: Vec<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub impact_name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub priority_name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub urgency_name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub department_name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub location_name: Option<String>,
    /// `tier1`..`tier4`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub support_level: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub spam: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub assignee_email: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub file_attachments: Vec<Attachment>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status_name: Option<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub link_asset_ids: Vec<AssetLink>,
    /// Custom field display name → string, string array, number or epoch ms.
    #[serde(skip_serializing_if = "Map::is_empty")]
    pub custom_field: Map<String, Value>,
    /// The technician group, under the key the deployment configures
    /// (`groupName` by default: the seed does not print the real key).
    #[serde(flatten)]
    pub technician_group: BTreeMap<String, String>,
}

impl NewRequest {
    /// The JSON text sent to the server.
    pub fn to_json(&self) -> String {
        // Serializing strings, numbers and maps into a String cannot fail; an
        // empty object would be rejected by the server with a clear message.
        serde_json::to_string(self).unwrap_or_else(|_| String::from("{}"))
    }
}

/// The files listed in a stored `fileAttachments` value (a ticket's or a
/// comment's); entries without a `refFileName` are left out, a missing
/// `realName` is the reference.
pub fn attachments_in(value: Option<&Value>) -> Vec<Attachment> {
    value
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(|item| {
            let reference = item.get("refFileName")?.as_str()?;
            let name = item
                .get("realName")
                .and_then(Value::as_str)
                .unwrap_or(reference);
            Some(Attachment {
                ref_file_name: reference.to_owned(),
                real_name: name.to_owned(),
            })
        })
        .collect()
}

/// The ticket the server created, as far as the form shows it.
#[derive(Clone, Debug, PartialEq)]
pub struct CreatedRequest {
    /// Database id, used in URLs.
    pub id: Option<i64>,
    /// The number the requester sees (`INC-46`); falls back to `#<id>` for
    /// servers that leave `name` out.
    pub number: String,
    pub subject: String,
    pub status: Option<String>,
    pub priority: Option<String>,
    /// Epoch milliseconds.
    pub created_time: Option<f64>,
    /// The whole answer, for hosts that want every key.
    pub raw: Value,
}

/// Why an answer could not be read as a created ticket.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ParseError {
    NotJson,
    NotAnObject,
    NoTicketNumber,
}

impl CreatedRequest {
    /// Reads a create (or get) answer. Never panics, whatever the body holds.
    pub fn parse(body: &str) -> Result<Self, ParseError> {
        let raw: Value = serde_json::from_str(body).map_err(|_| ParseError::NotJson)?;
        Self::from_value(raw)
    }

    /// Reads a ticket already parsed as JSON (e.g. from a search answer).
    pub fn from_value(raw: Value) -> Result<Self, ParseError> {
        let object = raw.as_object().ok_or(ParseError::NotAnObject)?;
        let id = object.get("id").and_then(as_integer);
        let number = text(object, "name")
            .or_else(|| id.map(|id| format!("#{id}")))
            .ok_or(ParseError::NoTicketNumber)?;
        Ok(Self {
            id,
            number,
            subject: text(object, "subject").unwrap_or_default(),
            status: text(object, "statusName"),
            priority: text(object, "priorityName"),
            created_time: object
                .get("createdTime")
                .and_then(Value::as_f64)
                .filter(|ms| ms.is_finite()),
            raw,
        })
    }
}

fn text(object: &Map<String, Value>, key: &str) -> Option<String> {
    object
        .get(key)
        .and_then(Value::as_str)
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
}

fn as_integer(value: &Value) -> Option<i64> {
    value
        .as_i64()
        .or_else(|| value.as_str().and_then(|s| s.trim().parse().ok()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn request_json_has_exact_keys_and_omits_empty_optionals() {
        let minimal = NewRequest {
            subject: "Printer jam".into(),
            requester_email: "a@b.com".into(),
            ..NewRequest::default()
        };
        let value: Value = serde_json::from_str(&minimal.to_json()).unwrap();
        assert_eq!(
            value,
            json!({"subject": "Printer jam", "requesterEmail": "a@b.com"})
        );

        let full = NewRequest {
            description: Some("Tray 2".into()),
            priority_name: Some("High".into()),
            ..minimal
        };
        let value: Value = serde_json::from_str(&full.to_json()).unwrap();
        assert_eq!(
            value,
            json!({"subject": "Printer jam", "requesterEmail": "a@b.com",
                   "description": "Tray 2", "priorityName": "High"})
        );
    }

    #[test]
    fn parses_the_documented_answer_and_ignores_unknown_keys() {
        let body = r#"{"id":65,"name":"INC-46","subject":"Laptop will not start",
            "createdTime":1756304677751,"updatedTime":1756304677751,"statusName":"Open",
            "priorityName":"Low","requesterEmail":"a@b.com","requesterName":"utsav",
            "customField":{},"createdByName":"x","companyName":"y"}"#;
        let created = CreatedRequest::parse(body).unwrap();
        assert_eq!(created.id, Some(65));
        assert_eq!(created.number, "INC-46");
        assert_eq!(created.subject, "Laptop will not start");
        assert_eq!(created.status.as_deref(), Some("Open"));
        assert_eq!(created.priority.as_deref(), Some("Low"));
        assert_eq!(created.created_time, Some(1_756_304_677_751.0));
        assert_eq!(created.raw["companyName"], "y");
    }

    #[test]
    fn tolerates_missing_optional_keys() {
        let created = CreatedRequest::parse(r#"{"name":"INC-1"}"#).unwrap();
        assert_eq!(created.number, "INC-1");
        assert_eq!(created.subject, "");
        assert_eq!(created.status, None);
        assert_eq!(created.created_time, None);
        let by_id = CreatedRequest::parse(r#"{"id":"7"}"#).unwrap();
        assert_eq!(by_id.number, "#7");
    }

    #[test]
    fn wrong_types_are_ignored_not_fatal() {
        let created = CreatedRequest::parse(
            r#"{"name":"INC-2","subject":42,"statusName":null,"createdTime":"yesterday"}"#,
        )
        .unwrap();
        assert_eq!(created.subject, "");
        assert_eq!(created.status, None);
        assert_eq!(created.created_time, None);
    }

    #[test]
    fn bad_answers_are_errors_not_panics() {
        assert_eq!(CreatedRequest::parse(""), Err(ParseError::NotJson));
        assert_eq!(
            CreatedRequest::parse("<html>502 Bad Gateway</html>"),
            Err(ParseError::NotJson)
        );
        assert_eq!(
            CreatedRequest::parse(r#"{"name":"INC"#),
            Err(ParseError::NotJson)
        );
        assert_eq!(CreatedRequest::parse("[1,2]"), Err(ParseError::NotAnObject));
        assert_eq!(
            CreatedRequest::parse(r#"{"subject":"x"}"#),
            Err(ParseError::NoTicketNumber)
        );
    }
}
