//! The browser side of the API: the only code that calls fetch. Each function
//! sends one request and hands the answer to `wire` to interpret.

use gloo_net::http::{Request, RequestBuilder};
use web_sys::UrlSearchParams;

use super::wire::{self, ApiError, TokenGrant};
use crate::model::request::{CreatedRequest, NewRequest};

/// Why a request to `base` got no answer: the browser hides CORS refusals
/// as network errors, so for another origin ask again without CORS (an
/// opaque answer means the server is up and refused this site).
async fn no_answer(base: &str) -> ApiError {
    let origin = crate::ui::page_origin();
    if origin.is_empty() || base.starts_with(&origin) || !base.starts_with("http") {
        return ApiError::Network;
    }
    let probe = Request::get(base)
        .mode(web_sys::RequestMode::NoCors)
        .send()
        .await;
    match probe {
        Ok(_) => ApiError::Refused {
            server: base.to_owned(),
            origin,
        },
        Err(_) => ApiError::Network,
    }
}

/// Sends a request to `base` and reads the whole answer as text.
async fn exchange(
    base: &str,
    request: Result<Request, gloo_net::Error>,
) -> Result<(u16, String, String), ApiError> {
    let request = request.map_err(|_| ApiError::Network)?;
    let response = match request.send().await {
        Ok(response) => response,
        Err(_) => return Err(no_answer(base).await),
    };
    let body = response.text().await.unwrap_or_default();
    Ok((response.status(), response.status_text(), body))
}

fn with_auth(builder: RequestBuilder, authorization: &str) -> RequestBuilder {
    builder.header("Authorization", authorization)
}

/// `POST {base}/api/v1/request`. `authorization` is the whole header value
/// (`Bearer …` or `Apikey …`).
pub async fn create_request(
    base: &str,
    authorization: &str,
    request: &NewRequest,
) -> Result<CreatedRequest, ApiError> {
    let builder = with_auth(
        Request::post(&format!("{base}/api/v1/request")),
        authorization,
    )
    .header("Content-Type", "application/json");
    let (status, status_text, body) = exchange(base, builder.body(request.to_json())).await?;
    wire::created_from_answer(status, &status_text, &body)
}

/// The OAuth password grant: `POST {base}/api/oauth/token`.
pub async fn password_grant(
    base: &str,
    client_id: &str,
    client_secret: &str,
    username: &str,
    password: &str,
) -> Result<TokenGrant, ApiError> {
    let form = UrlSearchParams::new().map_err(|_| ApiError::Network)?;
    form.append("grant_type", "password");
    form.append("username", username);
    form.append("password", password);
    let builder = with_auth(
        Request::post(&format!("{base}/api/oauth/token")),
        &wire::basic_auth(client_id, client_secret),
    );
    let (status, status_text, body) = exchange(base, builder.body(form)).await?;
    wire::token_from_answer(status, &status_text, &body)
}

/// `GET` of a file next to the page (the static portal's `config.json`).
pub async fn fetch_text(url: &str) -> Result<String, ApiError> {
    let (status, status_text, body) = exchange(url, Request::get(url).build()).await?;
    if (200..300).contains(&status) {
        Ok(body)
    } else {
        Err(wire::error_from_answer(status, &status_text, &body))
    }
}

/// Downloads a stored attachment (`GET {base}{upload_path}/{reference}`)
/// and hands it to the browser as a file named `name`. The bytes stay in a
/// JS `Blob`; they never enter wasm memory.
pub async fn download_attachment(
    base: &str,
    upload_path: &str,
    authorization: &str,
    reference: &str,
    name: &str,
) -> Result<(), ApiError> {
    let url = format!(
        "{base}{upload_path}/{}",
        js_sys::encode_uri_component(reference)
    );
    let response = with_auth(Request::get(&url), authorization)
        .send()
        .await
        .map_err(|_| ApiError::Network)?;
    if !response.ok() {
        let body = response.text().await.unwrap_or_default();
        return Err(wire::error_from_answer(
            response.status(),
            &response.status_text(),
            &body,
        ));
    }
    let raw: web_sys::Response = response.into();
    let promise = raw.blob().map_err(|_| ApiError::Network)?;
    let blob = wasm_bindgen_futures::JsFuture::from(promise)
        .await
        .map_err(|_| ApiError::Network)?;
    save_as(&blob.into(), name)
}

fn save_as(blob: &web_sys::Blob, name: &str) -> Result<(), ApiError> {
    let url = web_sys::Url::create_object_url_with_blob(blob).map_err(|_| ApiError::Unreadable)?;
    let link = web_sys::window()
        .and_then(|window| window.document())
        .and_then(|document| document.create_element("a").ok())
        .and_then(|element| {
            wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlAnchorElement>(element).ok()
        });
    if let Some(link) = link {
        link.set_href(&url);
        link.set_download(name);
        link.click();
    }
    let _ = web_sys::Url::revoke_object_url(&url);
    Ok(())
}
