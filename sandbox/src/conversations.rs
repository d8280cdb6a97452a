//! `POST /api/v1/request/{id}/conversation` (a requester's comment, with
//! files) and `POST /api/v1/request/{id}/conversation/search/byqual`,
//! strict like the rest: known keys and types only, `details` required,
//! files this server issued and nothing else references. Only those who
//! may see the ticket may read or add to its conversations (else 403).

use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde_json::{json, Map, Value};

use crate::answer::bad_request;
use crate::auth::authorize;
use crate::requests::visible_ticket;
use crate::AppState;

const TYPES: [&str; 4] = [
    "note",
    "collaborate",
    "technician_to_requester",
    "requestor_to_technician",
];

/// Conversation types a requester sees (notes and collaboration stay
/// among technicians).
const SEEN_BY_REQUESTERS: [&str; 2] = ["technician_to_requester", "requestor_to_technician"];

type Invalid = (&'static str, String);

fn invalid(message: impl Into<String>) -> Invalid {
    ("invalid_value", message.into())
}

/// Whether HTML has any text (or an image) once tags are set aside.
fn has_content(html: &str) -> bool {
    let mut inside = false;
    let mut text = String::new();
    for c in html.chars() {
        match c {
            '<' => inside = true,
            '>' => inside = false,
            _ if !inside => text.push(c),
            _ => {}
        }
    }
    let text = text.replace("&nbsp;", " ");
    !text.trim().is_empty() || html.contains("<img")
}

fn validate(
    body: &[u8],
    technician: bool,
    issued: impl Fn(&str) -> Result<Option<String>, Invalid>,
) -> Result<Map<String, Value>, Invalid> {
    let value: Value = serde_json::from_slice(body).map_err(|error| {
        (
            "invalid_json",
            format!("The body is not valid JSON: {error}"),
        )
    })?;
    let Value::Object(fields) = value else {
        return Err(invalid("The body must be a JSON object."));
    };
    const KEYS: [&str; 7] = [
        "conversationType",
        "details",
        "conversationState",
        "subject",
        "emailIds",
        "ccEmailIds",
        "fileAttachments",
    ];
    if let Some(unknown) = fields.keys().find(|key| !KEYS.contains(&key.as_str())) {
        return Err(invalid(format!("{unknown}: unknown key.")));
    }
    let text = |key: &'static str| fields.get(key).map(|value| value.as_str().ok_or(key));
    match text("conversationType") {
        None => return Err(invalid("conversationType: required.")),
        Some(Err(_)) => return Err(invalid("conversationType: must be a string.")),
        Some(Ok(kind)) if !TYPES.contains(&kind) => {
            return Err(invalid(format!(
                "conversationType: '{kind}' is not one of {}.",
                TYPES.join(", ")
            )))
        }
        Some(Ok(kind)) if !technician && kind != "requestor_to_technician" => {
            return Err(invalid(format!(
                "conversationType: a requester writes 'requestor_to_technician', not '{kind}'."
            )))
        }
        Some(Ok(_)) => {}
    }
    match text("conversationState") {
        None | Some(Ok("published")) => {}
        Some(_) => return Err(invalid("conversationState: must be 'published'.")),
    }
    match text("details") {
        None => return Err(invalid("details: required.")),
        Some(Err(_)) => return Err(invalid("details: must be a string.")),
        Some(Ok(html)) if !has_content(html) => return Err(invalid("details: must not be empty.")),
        Some(Ok(_)) => {}
    }
    if let Some(Err(key)) = text("subject") {
        return Err(invalid(format!("{key}: must be a string.")));
    }
    for key in ["emailIds", "ccEmailIds"] {
        if let Some(list) = fields.get(key) {
            let ok = list
                .as_array()
                .is_some_and(|items| items.iter().all(Value::is_string));
            if !ok {
                return Err(invalid(format!("{key}: must be an array of strings.")));
            }
        }
    }
    if let Some(files) = fields.get("fileAttachments") {
        let Some(items) = files.as_array() else {
            return Err(invalid("fileAttachments: must be an array."));
        };
        let mut seen = Vec::new();
        for item in items {
            let reference = item
                .get("refFileName")
                .and_then(Value::as_str)
                .filter(|_| item.get("realName").is_none_or(Value::is_string))
                .ok_or_else(|| {
                    invalid("fileAttachments: each item needs refFileName (and realName) strings.")
                })?;
            if seen.contains(&reference) {
                return Err(invalid(format!(
                    "fileAttachments: refFileName '{reference}' is listed twice."
                )));
            }
            seen.push(reference);
            if let Some(user) = issued(reference)? {
                return Err(invalid(format!(
                    "fileAttachments: refFileName '{reference}' is already attached to {user}."
                )));
            }
        }
    }
    Ok(fields)
}

/// Adds a conversation to a request.
pub async fn create(
    State(state): State<Arc<AppState>>,
    headers: HeaderMap,
    Path(id): Path<String>,
    body: Bytes,
) -> Response {
    let user = match authorize(&state, &headers) {
        Ok(user) => user,
        Err(response) => return response,
    };
    if !crate::requests::is_json(&headers) {
        return crate::requests::not_json();
    }
    let fault = state.faults.take("comment").await;
    if let Some(fault) = fault.clone().filter(|fault| !fault.after_handling) {
        return crate::faults::answer(fault).await;
    }
    let ticket = match visible_ticket(&state, &user, &id) {
        Ok(ticket) => ticket,
        Err(response) => return response,
    };
    let technician = state.catalog.is_technician(&user);
    let issued = |reference: &str| match state.store.upload(reference) {
        Ok(Some(_)) => state
            .store
            .upload_used_by(reference)
            .map_err(|error| ("storage", error.to_string())),
        Ok(None) => Err(invalid(format!(
            "fileAttachments: refFileName '{reference}' was never uploaded."
        ))),
        Err(error) => Err(("storage", error.to_string())),
    };
    let fields = match validate(&body, technician, issued) {
        Ok(fields) => fields,
        Err((code, message)) => return bad_request(code, message),
    };
    let mut fields = fields;
    fields
        .entry("conversationState")
        .or_insert_with(|| Value::from("published"));
    let request_id = ticket["id"].as_i64().unwrap_or_default();
    match (
        state.store.add_conversation(request_id, &body, fields),
        fault,
    ) {
        (Ok(_), Some(fault)) => crate::faults::answer(fault).await,
        (Ok(conversation), None) => Json(conversation).into_response(),
        (Err(error), _) => crate::requests::storage_failure(error),
    }
}

/// The conversations of a request the caller may see, oldest first.
pub async fn search(
    State(state): State<Arc<AppState>>,
    headers: HeaderMap,
    Path(id): Path<String>,
    body: Bytes,
) -> Response {
    let user = match authorize(&state, &headers) {
        Ok(user) => user,
        Err(response) => return response,
    };
    if let Some(fault) = state.faults.take("comments").await {
        return crate::faults::answer(fault).await;
    }
    if !body.is_empty() && serde_json::from_slice::<Value>(&body).is_err() {
        return bad_request("invalid_json", "The search body is not valid JSON.");
    }
    let ticket = match visible_ticket(&state, &user, &id) {
        Ok(ticket) => ticket,
        Err(response) => return response,
    };
    let technician = state.catalog.is_technician(&user);
    let request_id = ticket["id"].as_i64().unwrap_or_default();
    match state.store.conversations(request_id, false) {
        Ok(all) => {
            let seen: Vec<Value> = all
                .into_iter()
                .filter(|conversation| {
                    technician
                        || conversation["conversationType"]
                            .as_str()
                            .is_some_and(|kind| SEEN_BY_REQUESTERS.contains(&kind))
                })
                .collect();
            Json(json!({"totalCount": seen.len(), "objectList": seen})).into_response()
        }
        Err(error) => crate::requests::storage_failure(error),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn details_need_text_not_just_markup() {
        assert!(!has_content("<p> </p><br>"));
        assert!(!has_content("&nbsp;<br/>"));
        assert!(has_content("a &amp; b"));
        assert!(has_content("<img src=\"x\">"));
    }
}
