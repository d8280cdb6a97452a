//! Error answers in the shapes real servers use.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde_json::json;

/// A 4xx/5xx with ServiceOps' `{"userMessage", "errorCode"}` body.
pub fn rejected(status: StatusCode, code: &str, message: impl Into<String>) -> Response {
    (
        status,
        Json(json!({"userMessage": message.into(), "errorCode": code})),
    )
        .into_response()
}

/// A 400 naming what is wrong.
pub fn bad_request(code: &str, message: impl Into<String>) -> Response {
    rejected(StatusCode::BAD_REQUEST, code, message)
}

/// A 401 in Spring OAuth2's shape.
pub fn unauthorized(error: &str, description: &str) -> Response {
    (
        StatusCode::UNAUTHORIZED,
        [("WWW-Authenticate", "Bearer")],
        Json(json!({"error": error, "error_description": description})),
    )
        .into_response()
}
