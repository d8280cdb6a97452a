//! Attachments: `POST /api/oprfile` streams each upload to disk (never whole
//! in memory) up to a size limit, and `GET /api/oprfile/{ref}` serves it
//! back to authorized callers.

use std::sync::Arc;
use std::time::Duration;

use axum::extract::{Multipart, Path, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde_json::json;
use tokio::io::AsyncWriteExt;

use crate::answer::{bad_request, rejected};
use crate::auth::authorize;
use crate::AppState;

fn storage_failure(error: impl ToString) -> Response {
    rejected(
        StatusCode::INTERNAL_SERVER_ERROR,
        "storage",
        error.to_string(),
    )
}

/// Upload one file (multipart field `file`).
pub async fn upload(
    State(state): State<Arc<AppState>>,
    headers: HeaderMap,
    mut multipart: Multipart,
) -> Response {
    let owner = match authorize(&state, &headers) {
        Ok(email) => email,
        Err(response) => return response,
    };
    if let Some(fault) = state.faults.take("upload").await {
        return crate::faults::answer(fault).await;
    }
    let declared = headers
        .get(header::CONTENT_LENGTH)
        .and_then(|value| value.to_str().ok())
        .and_then(|value| value.parse::<u64>().ok());
    loop {
        let mut field = match multipart.next_field().await {
            Ok(Some(field)) => field,
            Ok(None) => {
                return bad_request("missing_file", "file: the upload has no part named 'file'.")
            }
            Err(_) => {
                return bad_request(
                    "invalid_multipart",
                    "The upload is not valid multipart/form-data.",
                )
            }
        };
        if field.name() != Some("file") {
            continue;
        }
        let real_name = field.file_name().unwrap_or("file").to_owned();
        let reference = uuid::Uuid::new_v4().simple().to_string();
        let path = state.files_dir.join(&reference);
        let mut file = match tokio::fs::File::create(&path).await {
            Ok(file) => file,
            Err(error) => return storage_failure(error),
        };
        let mut size: u64 = 0;
        loop {
            let chunk = match field.chunk().await {
                Ok(Some(chunk)) => chunk,
                Ok(None) => break,
                Err(_) => {
                    let _ = tokio::fs::remove_file(&path).await;
                    return bad_request("upload_interrupted", "file: the upload was interrupted.");
                }
            };
            size += chunk.len() as u64;
            if size > state.max_upload_bytes {
                drop(file);
                let _ = tokio::fs::remove_file(&path).await;
                // Read (and drop) the rest, so the browser sees the answer
                // instead of a connection reset in the middle of its upload.
                while let Ok(Some(_)) = field.chunk().await {}
                let limit = megabytes(state.max_upload_bytes);
                let message = match declared.filter(|total| *total > state.max_upload_bytes) {
                    Some(total) => format!(
                        "{real_name} is {}; the limit is {limit} per file.",
                        megabytes(total)
                    ),
                    None => format!("{real_name} is larger than {limit}, the limit per file."),
                };
                return rejected(StatusCode::PAYLOAD_TOO_LARGE, "file_too_large", message);
            }
            if let Err(error) = file.write_all(&chunk).await {
                return storage_failure(error);
            }
            if let Some(rate) = state.upload_bytes_per_sec.filter(|rate| *rate > 0) {
                tokio::time::sleep(Duration::from_secs_f64(chunk.len() as f64 / rate as f64)).await;
            }
        }
        if let Err(error) = file.flush().await {
            return storage_failure(error);
        }
        if let Err(error) = state.store.add_upload(&reference, &real_name, &owner, size) {
            return storage_failure(error);
        }
        return Json(json!({"refFileName": reference, "realName": real_name, "link": null}))
            .into_response();
    }
}

/// Download a stored attachment.
pub async fn download(
    State(state): State<Arc<AppState>>,
    headers: HeaderMap,
    Path(reference): Path<String>,
) -> Response {
    if let Err(response) = authorize(&state, &headers) {
        return response;
    }
    let real_name = match state.store.upload(&reference) {
        Ok(Some(name)) => name,
        Ok(None) => {
            return rejected(
                StatusCode::NOT_FOUND,
                "not_found",
                "refFileName: no such file.",
            )
        }
        Err(error) => return storage_failure(error),
    };
    // A safe ASCII fallback name plus the exact UTF-8 name (RFC 6266).
    let fallback: String = real_name
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || ".-_".contains(c) {
                c
            } else {
                '_'
            }
        })
        .collect();
    let encoded: String = real_name
        .bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b".-_".contains(&b) {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect();
    match tokio::fs::read(state.files_dir.join(&reference)).await {
        Ok(bytes) => (
            [
                (header::CONTENT_TYPE, "application/octet-stream".to_owned()),
                (
                    header::CONTENT_DISPOSITION,
                    format!("attachment; filename=\"{fallback}\"; filename*=UTF-8''{encoded}"),
                ),
            ],
            bytes,
        )
            .into_response(),
        Err(error) => storage_failure(error),
    }
}

/// A size as a server's message states it (`31 MB`; 1 MB = 1024 KB).
fn megabytes(bytes: u64) -> String {
    const MB: u64 = 1024 * 1024;
    if bytes >= MB {
        format!("{} MB", (bytes + MB / 2) / MB)
    } else {
        format!("{} KB", bytes.div_ceil(1024))
    }
}
