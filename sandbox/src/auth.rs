//! `POST /api/oauth/token` (password grant) and the bearer check every API
//! route makes.

use std::collections::HashMap;
use std::sync::Arc;

use axum::extract::{FromRequest, Multipart, Request, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::{Form, Json};
use base64::Engine;
use serde_json::json;

use crate::answer::{bad_request, rejected, unauthorized};
use crate::store::now_ms;
use crate::AppState;

/// The form fields of a token request, from either body encoding.
async fn form_fields(request: Request) -> Result<HashMap<String, String>, Response> {
    let content_type = request
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|value| value.to_str().ok())
        .unwrap_or_default()
        .to_ascii_lowercase();
    let unreadable = || bad_request("invalid_request", "The token request body cannot be read.");
    if content_type.starts_with("multipart/form-data") {
        let mut multipart = Multipart::from_request(request, &())
            .await
            .map_err(|_| unreadable())?;
        let mut fields = HashMap::new();
        while let Some(field) = multipart.next_field().await.map_err(|_| unreadable())? {
            let name = field.name().unwrap_or_default().to_owned();
            let value = field.text().await.map_err(|_| unreadable())?;
            fields.insert(name, value);
        }
        Ok(fields)
    } else if content_type.starts_with("application/x-www-form-urlencoded") {
        let Form(fields) = Form::<HashMap<String, String>>::from_request(request, &())
            .await
            .map_err(|_| unreadable())?;
        Ok(fields)
    } else {
        Err(rejected(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "invalid_request",
            "Send the token request as multipart/form-data or application/x-www-form-urlencoded.",
        ))
    }
}

/// `(client id, secret)` from `Authorization: Basic …`.
fn basic_credentials(headers: &HeaderMap) -> Option<(String, String)> {
    let value = headers.get(header::AUTHORIZATION)?.to_str().ok()?;
    let (scheme, encoded) = value.split_once(' ')?;
    if !scheme.eq_ignore_ascii_case("basic") {
        return None;
    }
    let decoded = base64::engine::general_purpose::STANDARD
        .decode(encoded.trim())
        .ok()?;
    let text = String::from_utf8(decoded).ok()?;
    let (id, secret) = text.split_once(':')?;
    Some((id.to_owned(), secret.to_owned()))
}

/// The password grant.
pub async fn token(State(state): State<Arc<AppState>>, request: Request) -> Response {
    if let Some(fault) = state.faults.take("token").await {
        return crate::faults::answer(fault).await;
    }
    let Some((client_id, secret)) = basic_credentials(request.headers()) else {
        return unauthorized(
            "unauthorized",
            "Full authentication is required: send the client credentials with Basic auth.",
        );
    };
    if !state.catalog.client_ok(&client_id, &secret) {
        return unauthorized("invalid_client", "Bad client credentials");
    }
    let fields = match form_fields(request).await {
        Ok(fields) => fields,
        Err(response) => return response,
    };
    let field = |name: &str| fields.get(name).map(String::as_str).unwrap_or_default();
    if field("grant_type") != "password" {
        return bad_request(
            "unsupported_grant_type",
            "Unsupported grant type: use grant_type=password.",
        );
    }
    let user = state
        .catalog
        .user(field("username"))
        .filter(|user| user.password == field("password"));
    let Some(user) = user else {
        return unauthorized("invalid_grant", "Bad credentials");
    };
    let access_token = uuid::Uuid::new_v4().simple().to_string();
    let expires_at = now_ms() + state.token_ttl_secs.saturating_mul(1000);
    if let Err(error) = state
        .store
        .add_token(&access_token, &user.email, &client_id, expires_at)
    {
        return rejected(
            StatusCode::INTERNAL_SERVER_ERROR,
            "storage",
            error.to_string(),
        );
    }
    Json(json!({
        "access_token": access_token,
        "token_type": "bearer",
        "refresh_token": uuid::Uuid::new_v4().simple().to_string(),
        "expires_in": state.token_ttl_secs.max(0),
        "scope": "NO-SCOPE",
        "jti": uuid::Uuid::new_v4().to_string(),
    }))
    .into_response()
}

/// The signed-in user's email, or the 401 to answer.
pub fn authorize(state: &AppState, headers: &HeaderMap) -> Result<String, Response> {
    let token = headers
        .get(header::AUTHORIZATION)
        .and_then(|value| value.to_str().ok())
        .and_then(|value| value.split_once(' '))
        .filter(|(scheme, _)| scheme.eq_ignore_ascii_case("bearer"))
        .map(|(_, token)| token.trim().to_owned())
        .filter(|token| !token.is_empty());
    let Some(token) = token else {
        return Err(unauthorized(
            "unauthorized",
            "Full authentication is required to access this resource",
        ));
    };
    match state.store.token(&token) {
        Ok(Some((email, expires_at))) if expires_at > now_ms() => Ok(email),
        Ok(Some(_)) => Err(unauthorized("invalid_token", "Access token expired")),
        Ok(None) => Err(unauthorized("invalid_token", "Invalid access token")),
        Err(error) => Err(rejected(
            StatusCode::INTERNAL_SERVER_ERROR,
            "storage",
            error.to_string(),
        )),
    }
}
