//! `POST /api/v1/request`, `GET /api/v1/request/{id}` and the search,
//! validating like a strict ServiceOps server: every failure is a 400 whose
//! `userMessage` starts with the key it concerns. A requester sees only the
//! tickets they are the requester of or created; technicians see all.

use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde_json::{Map, Value};

use crate::answer::{bad_request, rejected};
use crate::auth::authorize;
use crate::catalog::Catalog;
use crate::AppState;

/// The JSON type a key must have.
#[derive(Clone, Copy)]
enum Kind {
    Text,
    TextList,
    Boolean,
    Attachments,
    Assets,
    CustomFields,
}

/// Every key the create call accepts. `groupName` is our default for the
/// technician group, whose real key the seed does not print.
const KEYS: [(&str, Kind); 20] = [
    ("subject", Kind::Text),
    ("requesterEmail", Kind::Text),
    ("description", Kind::Text),
    ("categoryName", Kind::Text),
    ("ccEmailSet", Kind::TextList),
    ("tags", Kind::TextList),
    ("impactName", Kind::Text),
    ("priorityName", Kind::Text),
    ("urgencyName", Kind::Text),
    ("departmentName", Kind::Text),
    ("locationName", Kind::Text),
    ("supportLevel", Kind::Text),
    ("spam", Kind::Boolean),
    ("assigneeEmail", Kind::Text),
    ("groupName", Kind::Text),
    ("source", Kind::Text),
    ("fileAttachments", Kind::Attachments),
    ("statusName", Kind::Text),
    ("linkAssetIds", Kind::Assets),
    ("customField", Kind::CustomFields),
];

/// A 400 answer: error code and message (which starts with the key).
type Invalid = (&'static str, String);

fn type_ok(kind: Kind, value: &Value) -> bool {
    let objects_with = |value: &Value, check: fn(&Map<String, Value>) -> bool| {
        value
            .as_array()
            .is_some_and(|items| items.iter().all(|item| item.as_object().is_some_and(check)))
    };
    match kind {
        Kind::Text => value.is_string(),
        Kind::TextList => value
            .as_array()
            .is_some_and(|items| items.iter().all(Value::is_string)),
        Kind::Boolean => value.is_boolean(),
        Kind::Attachments => objects_with(value, |item| {
            item.get("refFileName").is_some_and(Value::is_string)
                && item.get("realName").is_none_or(Value::is_string)
        }),
        Kind::Assets => objects_with(value, |item| {
            item.get("assetModel").is_some_and(Value::is_string)
                && item
                    .get("assetId")
                    .is_some_and(|id| id.is_i64() || id.is_u64())
        }),
        Kind::CustomFields => value.is_object(),
    }
}

fn type_name(kind: Kind) -> &'static str {
    match kind {
        Kind::Text => "a string",
        Kind::TextList => "an array of strings",
        Kind::Boolean => "true or false",
        Kind::Attachments => "an array of {refFileName, realName} objects",
        Kind::Assets => "an array of {assetModel, assetId} objects with a numeric assetId",
        Kind::CustomFields => "an object",
    }
}

fn one_of(key: &str, value: &str, allowed: &[String]) -> Result<(), Invalid> {
    if allowed.iter().any(|name| name == value) {
        Ok(())
    } else {
        Err((
            "invalid_value",
            format!("{key}: '{value}' is not one of {}.", allowed.join(", ")),
        ))
    }
}

fn looks_like_email(text: &str) -> bool {
    text.split_once('@').is_some_and(|(local, domain)| {
        !local.is_empty() && domain.contains('.') && !text.contains(' ')
    })
}

/// Checks one custom field value against the instance's definition.
fn check_custom(catalog: &Catalog, name: &str, value: &Value) -> Result<(), Invalid> {
    let key = format!("customField.{name}");
    let Some(field) = catalog
        .custom_fields
        .iter()
        .find(|field| field.name == name)
    else {
        return Err((
            "unknown_key",
            format!("{key}: no custom field with this name exists."),
        ));
    };
    let invalid = |what: &str| Err(("invalid_type", format!("{key}: must be {what}.")));
    let member = |option: &str| field.options.iter().any(|known| known == option);
    match field.kind.as_str() {
        "number" => {
            let Some(number) = value.as_f64() else {
                return invalid("a number");
            };
            if field.min.is_some_and(|min| number < min)
                || field.max.is_some_and(|max| number > max)
            {
                return Err(("out_of_range", format!("{key}: {number} is out of range.")));
            }
        }
        "datetime" => {
            if !(value.is_i64() || value.is_u64()) {
                return invalid("a time in epoch milliseconds");
            }
        }
        "dropdown" | "radio" => match value.as_str() {
            Some(option) if member(option) => {}
            Some(option) => {
                return Err((
                    "invalid_value",
                    format!(
                        "{key}: '{option}' is not one of {}.",
                        field.options.join(", ")
                    ),
                ))
            }
            None => return invalid("a string"),
        },
        "multiselect" | "checkbox" => {
            let Some(items) = value.as_array() else {
                return invalid("an array of strings");
            };
            for item in items {
                match item.as_str() {
                    Some(option) if member(option) => {}
                    _ => {
                        return Err((
                            "invalid_value",
                            format!("{key}: {item} is not one of its options."),
                        ))
                    }
                }
            }
        }
        _ => {
            if !value.is_string() {
                return invalid("a string");
            }
        }
    }
    Ok(())
}

/// Checks a create body; on success returns its fields.
fn validate(
    body: &[u8],
    catalog: &Catalog,
    uploaded: impl Fn(&str) -> bool,
) -> Result<Map<String, Value>, Invalid> {
    let value: Value = serde_json::from_slice(body).map_err(|error| {
        (
            "invalid_json",
            format!("The request body is not valid JSON: {error}"),
        )
    })?;
    let Value::Object(fields) = value else {
        return Err((
            "invalid_json",
            "The request body must be a JSON object.".to_owned(),
        ));
    };
    for (key, value) in &fields {
        let Some((_, kind)) = KEYS.iter().find(|(known, _)| known == key) else {
            return Err((
                "unknown_key",
                format!("{key}: unknown key; this server does not accept it."),
            ));
        };
        if !type_ok(*kind, value) {
            return Err((
                "invalid_type",
                format!("{key}: must be {}.", type_name(*kind)),
            ));
        }
    }
    let text = |key: &str| fields.get(key).and_then(Value::as_str).map(str::trim);

    match text("subject") {
        Some(subject) if !subject.is_empty() => {}
        _ => return Err(("required", "subject: is required.".to_owned())),
    }
    let requester = text("requesterEmail").filter(|email| !email.is_empty());
    let Some(requester) = requester else {
        return Err(("required", "requesterEmail: is required.".to_owned()));
    };
    if catalog.user(requester).is_none() {
        return Err((
            "not_found",
            format!("requesterEmail: no user with email '{requester}' is registered."),
        ));
    }
    let enumerations: [(&str, &Vec<String>); 9] = [
        ("priorityName", &catalog.priorities),
        ("urgencyName", &catalog.urgencies),
        ("impactName", &catalog.impacts),
        ("statusName", &catalog.statuses),
        ("supportLevel", &catalog.support_levels),
        ("categoryName", &catalog.categories),
        ("departmentName", &catalog.departments),
        ("locationName", &catalog.locations),
        ("groupName", &catalog.groups),
    ];
    for (key, allowed) in enumerations {
        if let Some(value) = text(key) {
            one_of(key, value, allowed)?;
        }
    }
    if let Some(assignee) = text("assigneeEmail") {
        if !catalog.user(assignee).is_some_and(|user| user.technician) {
            return Err((
                "not_found",
                format!("assigneeEmail: no technician with email '{assignee}'."),
            ));
        }
    }
    let cc = fields.get("ccEmailSet").and_then(Value::as_array);
    if let Some(bad) = cc
        .into_iter()
        .flatten()
        .filter_map(Value::as_str)
        .find(|email| !looks_like_email(email))
    {
        return Err((
            "invalid_value",
            format!("ccEmailSet: '{bad}' is not an email address."),
        ));
    }
    if let Some(custom) = fields.get("customField").and_then(Value::as_object) {
        for (name, value) in custom {
            check_custom(catalog, name, value)?;
        }
    }
    let references = fields
        .get("fileAttachments")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(|item| item.get("refFileName").and_then(Value::as_str));
    for reference in references {
        if !uploaded(reference) {
            return Err((
                "not_found",
                format!("fileAttachments: refFileName '{reference}' was never uploaded."),
            ));
        }
    }
    Ok(fields)
}

/// What a real server adds to what it was sent.
pub(crate) fn with_server_defaults(
    mut fields: Map<String, Value>,
    catalog: &Catalog,
) -> Map<String, Value> {
    let requester = fields
        .get("requesterEmail")
        .and_then(Value::as_str)
        .and_then(|email| catalog.user(email))
        .map(|user| user.name.clone())
        .unwrap_or_default();
    fields.insert("requesterName".into(), Value::from(requester));
    let defaults = [
        ("statusName", Value::from("Open")),
        ("source", Value::from("External")),
        ("spam", Value::from(false)),
        ("tags", Value::Array(Vec::new())),
        ("ccEmailSet", Value::Array(Vec::new())),
        ("customField", Value::Object(Map::new())),
        ("fileAttachments", Value::Array(Vec::new())),
    ];
    for (key, value) in defaults {
        fields.entry(key).or_insert(value);
    }
    fields
}

pub(crate) fn is_json(headers: &HeaderMap) -> bool {
    headers
        .get(header::CONTENT_TYPE)
        .and_then(|value| value.to_str().ok())
        .and_then(|value| value.split(';').next())
        .is_some_and(|media| media.trim().eq_ignore_ascii_case("application/json"))
}

pub(crate) fn not_json() -> Response {
    rejected(
        StatusCode::UNSUPPORTED_MEDIA_TYPE,
        "unsupported_media_type",
        "Content-Type must be application/json.",
    )
}

pub(crate) fn storage_failure(error: impl ToString) -> Response {
    rejected(
        StatusCode::INTERNAL_SERVER_ERROR,
        "storage",
        error.to_string(),
    )
}

/// Create a request.
pub async fn create(
    State(state): State<Arc<AppState>>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let user = match authorize(&state, &headers) {
        Ok(user) => user,
        Err(response) => return response,
    };
    if !is_json(&headers) {
        return not_json();
    }
    let fault = state.faults.take("create").await;
    if let Some(fault) = fault.clone().filter(|fault| !fault.after_handling) {
        return crate::faults::answer(fault).await;
    }
    let uploaded = |reference: &str| matches!(state.store.upload(reference), Ok(Some(_)));
    let fields = match validate(&body, &state.catalog, uploaded) {
        Ok(fields) => fields,
        Err((code, message)) => return bad_request(code, message),
    };
    let created =
        state
            .store
            .create_ticket(&body, with_server_defaults(fields, &state.catalog), &user);
    match (created, fault) {
        // The ticket exists, but the answer is lost or broken.
        (Ok(_), Some(fault)) => crate::faults::answer(fault).await,
        (Ok(ticket), None) => Json(ticket).into_response(),
        (Err(error), _) => storage_failure(error),
    }
}

/// Whether `user` may see (and comment on) a ticket `creator` created.
pub(crate) fn can_see(state: &AppState, user: &str, ticket: &Value, creator: &str) -> bool {
    let is = |email: &str| email.eq_ignore_ascii_case(user);
    state.catalog.is_technician(user)
        || ticket["requesterEmail"].as_str().is_some_and(is)
        || is(creator)
}

/// The ticket `id` names, if `user` may see it; else the 404 or 403 to
/// answer.
pub(crate) fn visible_ticket(state: &AppState, user: &str, id: &str) -> Result<Value, Response> {
    let not_found = || {
        rejected(
            StatusCode::NOT_FOUND,
            "not_found",
            format!("id: no request with id '{id}'."),
        )
    };
    let number = id.parse::<i64>().map_err(|_| not_found())?;
    match state.store.ticket(number) {
        Ok(Some((ticket, creator))) if can_see(state, user, &ticket, &creator) => Ok(ticket),
        Ok(Some(_)) => Err(rejected(
            StatusCode::FORBIDDEN,
            "forbidden",
            format!("id: request '{id}' belongs to another requester."),
        )),
        Ok(None) => Err(not_found()),
        Err(error) => Err(storage_failure(error)),
    }
}

/// Read a request by id.
pub async fn read(
    State(state): State<Arc<AppState>>,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Response {
    let user = match authorize(&state, &headers) {
        Ok(user) => user,
        Err(response) => return response,
    };
    if let Some(fault) = state.faults.take("read").await {
        return crate::faults::answer(fault).await;
    }
    match visible_ticket(&state, &user, &id) {
        Ok(ticket) => Json(ticket).into_response(),
        Err(response) => response,
    }
}

/// The strings a search qualification asks for, by property key.
fn wanted(search: &Value) -> Vec<(String, String)> {
    let quals = search
        .pointer("/qualDetails/quals")
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default();
    quals
        .iter()
        .filter_map(|qual| {
            let key = qual.pointer("/leftOperand/key")?.as_str()?.to_owned();
            let value = qual
                .pointer("/rightOperand/value/value")?
                .as_str()?
                .to_owned();
            Some((key, value))
        })
        .collect()
}

fn matches(ticket: &Value, key: &str, value: &str) -> bool {
    if key == "request.tags" {
        return ticket["tags"]
            .as_array()
            .is_some_and(|tags| tags.iter().any(|tag| tag == value));
    }
    match key.strip_prefix("request.customField.") {
        Some(name) => ticket["customField"][name] == value,
        // Addresses are compared as mail servers do: case aside.
        None if key.ends_with("Email") => ticket[key.trim_start_matches("request.")]
            .as_str()
            .is_some_and(|stored| stored.eq_ignore_ascii_case(value)),
        None => ticket[key.trim_start_matches("request.")] == value,
    }
}

/// Paging and order of a search: `offset` (from 0), `size` (1–100, 10 by
/// default) and `sort_by` (`createdTime` or `id`, newest first).
#[derive(serde::Deserialize)]
pub struct Paging {
    offset: Option<String>,
    size: Option<String>,
    sort_by: Option<String>,
}

impl Paging {
    fn read(&self) -> Result<(usize, usize), Invalid> {
        let number = |name: &'static str, text: &Option<String>, default: usize| match text {
            None => Ok(default),
            Some(text) => text.parse::<usize>().map_err(|_| {
                (
                    "invalid_value",
                    format!("{name}: '{text}' is not a whole number."),
                )
            }),
        };
        let offset = number("offset", &self.offset, 0)?;
        let size = number("size", &self.size, 10)?;
        if !(1..=100).contains(&size) {
            return Err((
                "invalid_value",
                format!("size: {size} is not between 1 and 100."),
            ));
        }
        match self.sort_by.as_deref() {
            None | Some("createdTime" | "id") => Ok((offset, size)),
            Some(other) => Err((
                "invalid_value",
                format!("sort_by: '{other}' is not one of createdTime, id."),
            )),
        }
    }
}

/// `POST /api/v1/request/search/byqual`: the tickets the caller may see
/// that match every qualification (tags, custom fields and plain keys, by
/// equality), newest first, one page of them, with the total count.
pub async fn search(
    State(state): State<Arc<AppState>>,
    headers: HeaderMap,
    Query(paging): Query<Paging>,
    body: Bytes,
) -> Response {
    let user = match authorize(&state, &headers) {
        Ok(user) => user,
        Err(response) => return response,
    };
    if let Some(fault) = state.faults.take("search").await {
        return crate::faults::answer(fault).await;
    }
    let (offset, size) = match paging.read() {
        Ok(paging) => paging,
        Err((code, message)) => return bad_request(code, message),
    };
    let Ok(search) = serde_json::from_slice::<Value>(&body) else {
        return bad_request("invalid_json", "The search body is not valid JSON.");
    };
    let wanted = wanted(&search);
    if wanted.is_empty() {
        return bad_request(
            "invalid_value",
            "qualDetails: no qualification to search by.",
        );
    }
    match state.store.tickets_with_creators() {
        Ok(tickets) => {
            // Ids grow with creation time: newest first.
            let found: Vec<Value> = tickets
                .into_iter()
                .rev()
                .filter(|(ticket, creator)| can_see(&state, &user, ticket, creator))
                .map(|(ticket, _)| ticket)
                .filter(|ticket| {
                    wanted
                        .iter()
                        .all(|(key, value)| matches(ticket, key, value))
                })
                .collect();
            let total = found.len();
            let page: Vec<Value> = found.into_iter().skip(offset).take(size).collect();
            Json(serde_json::json!({"totalCount": total, "objectList": page})).into_response()
        }
        Err(error) => storage_failure(error),
    }
}
