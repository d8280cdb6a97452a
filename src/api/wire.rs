//! From HTTP answers to typed results. Pure functions: every status code and
//! body shape is tested natively, and none of them can panic.

use serde_json::Value;

use crate::model::comment::Comment;
use crate::model::my_requests::Page;
use crate::model::request::{Attachment, CreatedRequest};

/// Why a call to the service desk did not give the expected result
/// (worded by `i18n::wording`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ApiError {
    /// 401: the credentials were refused or have expired; the server's
    /// message, if it gave one.
    Unauthorized(Option<String>),
    /// The sign-in's email or password was refused.
    WrongCredentials,
    /// Any other non-2xx answer: its status line, the server's message if
    /// it gave one, and its `Retry-After` (seconds).
    Rejected {
        status: u16,
        status_text: String,
        message: Option<String>,
        retry_after: Option<u64>,
    },
    /// No answer at all (offline, DNS, refused connection).
    Network,
    /// The server answers, but its CORS policy does not allow this page's
    /// origin.
    Refused { server: String, origin: String },
    /// A 2xx whose body is not what the API documents.
    Unreadable,
}

impl ApiError {
    /// The same error with the answer's `Retry-After` header.
    pub fn with_retry_after(self, seconds: Option<u64>) -> Self {
        match self {
            ApiError::Rejected {
                status,
                status_text,
                message,
                ..
            } => ApiError::Rejected {
                status,
                status_text,
                message,
                retry_after: seconds,
            },
            other => other,
        }
    }

    /// How this failure counts for the retry policy; `None` for failures
    /// retrying cannot fix (credentials, CORS).
    pub fn as_failure(&self) -> Option<crate::model::retry::Failure> {
        use crate::model::retry::Failure;
        match self {
            ApiError::Rejected {
                status,
                retry_after,
                ..
            } => Some(Failure::Status {
                status: *status,
                retry_after: *retry_after,
            }),
            ApiError::Network => Some(Failure::NoAnswer),
            ApiError::Unreadable => Some(Failure::Unreadable),
            ApiError::Unauthorized(_) | ApiError::WrongCredentials | ApiError::Refused { .. } => {
                None
            }
        }
    }

    /// What the server said, if it said something readable.
    pub fn server_message(&self) -> Option<&str> {
        match self {
            ApiError::Unauthorized(message) | ApiError::Rejected { message, .. } => {
                message.as_deref()
            }
            _ => None,
        }
    }

    /// The HTTP status, if there was an answer.
    pub fn status(&self) -> Option<u16> {
        match self {
            ApiError::Unauthorized(_) | ApiError::WrongCredentials => Some(401),
            ApiError::Rejected { status, .. } => Some(*status),
            ApiError::Network | ApiError::Refused { .. } | ApiError::Unreadable => None,
        }
    }
}

/// The message in an error body: `userMessage`, `message`,
/// `error_description`, `error`, in that order; `None` if it has none.
pub fn error_message(body: &str) -> Option<String> {
    let value = crate::model::json::parse(body).ok()?;
    ["userMessage", "message", "error_description", "error"]
        .iter()
        .find_map(|key| {
            value
                .get(key)
                .and_then(Value::as_str)
                .map(str::trim)
                .filter(|text| !text.is_empty())
                .map(str::to_owned)
        })
}

/// Turns a non-2xx answer into an error.
pub fn error_from_answer(status: u16, status_text: &str, body: &str) -> ApiError {
    let message = error_message(body);
    if status == 401 {
        ApiError::Unauthorized(message)
    } else {
        ApiError::Rejected {
            status,
            status_text: status_text.to_owned(),
            message,
            retry_after: None,
        }
    }
}

/// The answer to a create call.
pub fn created_from_answer(
    status: u16,
    status_text: &str,
    body: &str,
) -> Result<CreatedRequest, ApiError> {
    if (200..300).contains(&status) {
        CreatedRequest::parse(body).map_err(|_| ApiError::Unreadable)
    } else {
        Err(error_from_answer(status, status_text, body))
    }
}

/// The answer to an upload: the reference the create call will carry.
/// `fallback_name` is used when the server leaves `realName` out.
pub fn uploaded_from_answer(
    status: u16,
    status_text: &str,
    body: &str,
    fallback_name: &str,
) -> Result<Attachment, ApiError> {
    if !(200..300).contains(&status) {
        return Err(error_from_answer(status, status_text, body));
    }
    let value: Value = serde_json::from_str(body).map_err(|_| ApiError::Unreadable)?;
    let reference = value
        .get("refFileName")
        .and_then(Value::as_str)
        .filter(|reference| !reference.trim().is_empty())
        .ok_or(ApiError::Unreadable)?;
    let real_name = value
        .get("realName")
        .and_then(Value::as_str)
        .filter(|name| !name.is_empty())
        .unwrap_or(fallback_name);
    Ok(Attachment {
        ref_file_name: reference.to_owned(),
        real_name: real_name.to_owned(),
    })
}

/// The `objectList` of a 2xx search answer, with its `totalCount`.
fn object_list(
    status: u16,
    status_text: &str,
    body: &str,
) -> Result<(Vec<Value>, Option<usize>), ApiError> {
    if !(200..300).contains(&status) {
        return Err(error_from_answer(status, status_text, body));
    }
    let mut value: Value = serde_json::from_str(body).map_err(|_| ApiError::Unreadable)?;
    let total = value
        .get("totalCount")
        .and_then(Value::as_u64)
        .and_then(|total| usize::try_from(total).ok());
    match value.get_mut("objectList").map(Value::take) {
        Some(Value::Array(items)) => Ok((items, total)),
        _ => Err(ApiError::Unreadable),
    }
}

/// The answer to a search for the ticket carrying a client reference:
/// `Some` ticket if the server has it.
pub fn found_from_answer(
    status: u16,
    status_text: &str,
    body: &str,
) -> Result<Option<CreatedRequest>, ApiError> {
    let (items, _) = object_list(status, status_text, body)?;
    match items.into_iter().next() {
        None => Ok(None),
        Some(ticket) => CreatedRequest::from_value(ticket)
            .map(Some)
            .map_err(|_| ApiError::Unreadable),
    }
}

/// One page of the requester's requests (entries that are not tickets
/// are left out).
pub fn page_from_answer(status: u16, status_text: &str, body: &str) -> Result<Page, ApiError> {
    let (items, total) = object_list(status, status_text, body)?;
    Ok(Page {
        items: items
            .into_iter()
            .filter_map(|item| CreatedRequest::from_value(item).ok())
            .collect(),
        total,
    })
}

/// The answer to adding a comment: the stored conversation.
pub fn comment_from_answer(
    status: u16,
    status_text: &str,
    body: &str,
) -> Result<Comment, ApiError> {
    if !(200..300).contains(&status) {
        return Err(error_from_answer(status, status_text, body));
    }
    let value: Value = serde_json::from_str(body).map_err(|_| ApiError::Unreadable)?;
    // Some servers wrap the object (`{"conversation": {...}}`).
    let conversation = match value.get("conversation") {
        Some(inner) if inner.is_object() => inner.clone(),
        _ => value,
    };
    Comment::from_value(conversation).ok_or(ApiError::Unreadable)
}

/// The answer to a conversation search: the comments, oldest first.
pub fn comments_from_answer(
    status: u16,
    status_text: &str,
    body: &str,
) -> Result<Vec<Comment>, ApiError> {
    let (items, _) = object_list(status, status_text, body)?;
    Ok(items.into_iter().filter_map(Comment::from_value).collect())
}

/// A granted access token.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TokenGrant {
    pub access_token: String,
    /// Lifetime in seconds, when the server says.
    pub expires_in: Option<u64>,
}

/// The answer to a password grant. A 400 or 401 there means wrong
/// credentials, which the user should hear in those words.
pub fn token_from_answer(
    status: u16,
    status_text: &str,
    body: &str,
) -> Result<TokenGrant, ApiError> {
    if !(200..300).contains(&status) {
        return Err(match status {
            400 | 401 => ApiError::WrongCredentials,
            _ => error_from_answer(status, status_text, body),
        });
    }
    let value: Value = serde_json::from_str(body).map_err(|_| ApiError::Unreadable)?;
    let access_token = value
        .get("access_token")
        .and_then(Value::as_str)
        .filter(|token| !token.is_empty())
        .ok_or(ApiError::Unreadable)?
        .to_owned();
    Ok(TokenGrant {
        access_token,
        expires_in: value.get("expires_in").and_then(Value::as_u64),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn message_keys_are_tried_in_documented_order() {
        let said = |body: &str| error_message(body);
        assert_eq!(
            said(r#"{"message":"m","userMessage":"u"}"#),
            Some("u".into())
        );
        assert_eq!(said(r#"{"message":"m","error":"e"}"#), Some("m".into()));
        assert_eq!(
            said(r#"{"error":"invalid_token","error_description":"expired"}"#),
            Some("expired".into())
        );
        assert_eq!(said(r#"{"error":"denied"}"#), Some("denied".into()));
    }

    #[test]
    fn unreadable_error_bodies_leave_the_status_line() {
        assert_eq!(error_message("<html>oops</html>"), None);
        assert_eq!(error_message(r#"{"userMessage":""}"#), None);
        assert_eq!(error_message(r#"{"userMessage":7}"#), None);
        let words = crate::i18n::Words::english();
        assert_eq!(
            words.api_error(&error_from_answer(502, "Bad Gateway", "<html>oops</html>")),
            "The service desk answered with error 502 (Bad Gateway)."
        );
        assert_eq!(
            words.api_error(&error_from_answer(500, "", "{}")),
            "The service desk answered with error 500."
        );
    }

    #[test]
    fn a_search_page_reads_tickets_and_the_total_and_skips_the_rest() {
        let body = r#"{"totalCount": 23, "objectList": [{"id": 3, "name": "INC-3"}, "junk", {"subject": "no number"}]}"#;
        let page = page_from_answer(200, "OK", body).unwrap();
        assert_eq!(page.total, Some(23));
        assert_eq!(page.items.len(), 1);
        assert_eq!(
            page_from_answer(200, "OK", r#"{"objectList": []}"#)
                .unwrap()
                .total,
            None
        );
        assert_eq!(
            page_from_answer(200, "OK", r#"{"list": []}"#),
            Err(ApiError::Unreadable)
        );
        assert_eq!(
            page_from_answer(200, "OK", "<html>"),
            Err(ApiError::Unreadable)
        );
        assert_eq!(
            page_from_answer(403, "Forbidden", r#"{"userMessage": "no"}"#).map(|_| ()),
            Err(ApiError::Rejected {
                status: 403,
                status_text: "Forbidden".into(),
                message: Some("no".into()),
                retry_after: None
            })
        );
    }

    #[test]
    fn an_added_comment_is_read_plain_or_wrapped() {
        let plain = comment_from_answer(200, "OK", r#"{"id": 4, "details": "a &amp; b"}"#).unwrap();
        assert_eq!((plain.id, plain.html.as_str()), (Some(4), "a &amp; b"));
        let wrapped =
            comment_from_answer(200, "OK", r#"{"conversation": {"id": 5, "details": "x"}}"#)
                .unwrap();
        assert_eq!(wrapped.id, Some(5));
        assert_eq!(
            comment_from_answer(200, "OK", "[]"),
            Err(ApiError::Unreadable)
        );
        assert_eq!(
            comment_from_answer(200, "OK", ""),
            Err(ApiError::Unreadable)
        );
        let comments = comments_from_answer(
            200,
            "OK",
            r#"{"objectList": [{"id": 1, "details": "one"}, 7], "totalCount": 2}"#,
        )
        .unwrap();
        assert_eq!(comments.len(), 1);
    }

    #[test]
    fn statuses_map_to_kinds() {
        assert_eq!(
            error_from_answer(401, "", "{}"),
            ApiError::Unauthorized(None)
        );
        let rejected = error_from_answer(400, "", r#"{"userMessage":"subject is required"}"#);
        assert_eq!(rejected.status(), Some(400));
        assert_eq!(rejected.server_message(), Some("subject is required"));
    }

    #[test]
    fn any_2xx_with_a_ticket_is_success_and_garbage_is_unreadable() {
        assert_eq!(
            created_from_answer(201, "", r#"{"name":"INC-9"}"#)
                .unwrap()
                .number,
            "INC-9"
        );
        assert_eq!(
            created_from_answer(200, "", "{\"name\":"),
            Err(ApiError::Unreadable)
        );
        assert_eq!(
            created_from_answer(400, "Bad Request", r#"{"userMessage":"no"}"#),
            Err(ApiError::Rejected {
                status: 400,
                status_text: "Bad Request".into(),
                message: Some("no".into()),
                retry_after: None,
            })
        );
    }

    #[test]
    fn search_answers() {
        let found = found_from_answer(
            200,
            "",
            r#"{"objectList":[{"id":3,"name":"INC-9"}],"totalCount":1}"#,
        )
        .unwrap();
        assert_eq!(found.map(|ticket| ticket.number), Some("INC-9".into()));
        assert_eq!(
            found_from_answer(200, "", r#"{"objectList":[],"totalCount":0}"#),
            Ok(None)
        );
        assert_eq!(
            found_from_answer(200, "", r#"{"totalCount":0}"#),
            Err(ApiError::Unreadable)
        );
        assert_eq!(
            found_from_answer(503, "", "").unwrap_err().status(),
            Some(503)
        );
    }

    #[test]
    fn upload_answers() {
        let done = uploaded_from_answer(
            200,
            "",
            r#"{"refFileName":"ab12","realName":"x.png","link":null}"#,
            "y",
        )
        .unwrap();
        assert_eq!(done.ref_file_name, "ab12");
        assert_eq!(done.real_name, "x.png");
        assert_eq!(
            uploaded_from_answer(200, "", r#"{"refFileName":"ab12"}"#, "y")
                .unwrap()
                .real_name,
            "y"
        );
        assert_eq!(
            uploaded_from_answer(200, "", r#"{"realName":"x"}"#, "y"),
            Err(ApiError::Unreadable)
        );
        assert_eq!(
            uploaded_from_answer(
                413,
                "",
                r#"{"userMessage":"big.zip is 31 MB; the limit is 25 MB per file."}"#,
                "y"
            )
            .unwrap_err()
            .server_message(),
            Some("big.zip is 31 MB; the limit is 25 MB per file.")
        );
        assert_eq!(
            uploaded_from_answer(401, "", "{}", "y")
                .unwrap_err()
                .status(),
            Some(401)
        );
    }

    #[test]
    fn token_answers() {
        let grant = token_from_answer(
            200,
            "",
            r#"{"access_token":"abc","token_type":"bearer","expires_in":43199,"scope":"x"}"#,
        )
        .unwrap();
        assert_eq!(grant.access_token, "abc");
        assert_eq!(grant.expires_in, Some(43199));
        assert_eq!(
            token_from_answer(401, "", "{}").unwrap_err(),
            ApiError::WrongCredentials
        );
        assert_eq!(
            token_from_answer(200, "", r#"{"token_type":"bearer"}"#),
            Err(ApiError::Unreadable)
        );
        assert_eq!(
            token_from_answer(503, "Service Unavailable", "")
                .unwrap_err()
                .status(),
            Some(503)
        );
    }
}

/// `Authorization: Basic …` for the client credentials. Encoded here rather
/// than with `btoa`, which throws on characters outside Latin-1.
pub fn basic_auth(client_id: &str, client_secret: &str) -> String {
    use base64::Engine;
    let pair = format!("{client_id}:{client_secret}");
    format!(
        "Basic {}",
        base64::engine::general_purpose::STANDARD.encode(pair)
    )
}

#[cfg(test)]
mod basic_auth_tests {
    use super::basic_auth;

    #[test]
    fn encodes_like_rfc_4648() {
        assert_eq!(
            basic_auth("Aladdin", "open sesame"),
            "Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ=="
        );
        assert_eq!(basic_auth("a", ""), "Basic YTo=");
        assert_eq!(basic_auth("ab", "c"), "Basic YWI6Yw==");
        assert_eq!(basic_auth("é", "ü"), "Basic w6k6w7w=");
    }
}
