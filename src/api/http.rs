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

/// An answer: status, status text, body, and `Retry-After` in seconds.
struct Answer {
    status: u16,
    status_text: String,
    body: String,
    retry_after: Option<u64>,
}

/// Sends a request to `base` and reads the whole answer as text.
async fn exchange(
    base: &str,
    request: Result<Request, gloo_net::Error>,
) -> Result<Answer, ApiError> {
    let request = request.map_err(|_| ApiError::Network)?;
    let response = match request.send().await {
        Ok(response) => response,
        Err(_) => return Err(no_answer(base).await),
    };
    let retry_after = response
        .headers()
        .get("retry-after")
        .and_then(|value| value.trim().parse().ok());
    // A body cut off mid-way reads as empty: the caller then reports an
    // unreadable answer.
    let body = response.text().await.unwrap_or_default();
    Ok(Answer {
        status: response.status(),
        status_text: response.status_text(),
        body,
        retry_after,
    })
}

/// Aborts a fetch after `timeout_ms` unless it finished first.
struct Deadline {
    controller: web_sys::AbortController,
    timer: Option<i32>,
    _abort: wasm_bindgen::closure::Closure<dyn FnMut()>,
}

impl Deadline {
    fn new(timeout_ms: f64) -> Option<Self> {
        let controller = web_sys::AbortController::new().ok()?;
        let target = controller.clone();
        let abort = wasm_bindgen::closure::Closure::<dyn FnMut()>::new(move || target.abort());
        let timer = web_sys::window().and_then(|window| {
            window
                .set_timeout_with_callback_and_timeout_and_arguments_0(
                    wasm_bindgen::JsCast::unchecked_ref(abort.as_ref()),
                    timeout_ms.clamp(0.0, f64::from(i32::MAX)) as i32,
                )
                .ok()
        });
        Some(Self {
            controller,
            timer,
            _abort: abort,
        })
    }
}

impl Drop for Deadline {
    fn drop(&mut self) {
        if let (Some(window), Some(timer)) = (web_sys::window(), self.timer) {
            window.clear_timeout_with_handle(timer);
        }
    }
}

fn with_auth(builder: RequestBuilder, authorization: &str) -> RequestBuilder {
    builder.header("Authorization", authorization)
}

/// `POST {base}/api/v1/request`. `authorization` is the whole header value
/// (`Bearer …` or `Apikey …`); after `timeout_ms` the call is abandoned as
/// unanswered.
pub async fn create_request(
    base: &str,
    authorization: &str,
    request: &NewRequest,
    timeout_ms: f64,
) -> Result<CreatedRequest, ApiError> {
    let deadline = Deadline::new(timeout_ms);
    let signal = deadline
        .as_ref()
        .map(|deadline| deadline.controller.signal());
    let builder = with_auth(
        Request::post(&format!("{base}/api/v1/request")),
        authorization,
    )
    .header("Content-Type", "application/json")
    .abort_signal(signal.as_ref());
    let answer = exchange(base, builder.body(request.to_json())).await?;
    drop(deadline);
    wire::created_from_answer(answer.status, &answer.status_text, &answer.body)
        .map_err(|error| error.with_retry_after(answer.retry_after))
}

/// Finds the ticket that carries a client reference
/// (`POST {base}/api/v1/request/search/byqual`), if the server has it.
pub async fn find_request(
    base: &str,
    authorization: &str,
    search: &serde_json::Value,
) -> Result<Option<CreatedRequest>, ApiError> {
    let url = format!("{base}/api/v1/request/search/byqual?offset=0&size=1");
    let builder =
        with_auth(Request::post(&url), authorization).header("Content-Type", "application/json");
    let answer = exchange(base, builder.body(search.to_string())).await?;
    wire::found_from_answer(answer.status, &answer.status_text, &answer.body)
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
    let answer = exchange(base, builder.body(form)).await?;
    wire::token_from_answer(answer.status, &answer.status_text, &answer.body)
}

/// `GET` of a file next to the page (the static portal's `config.json`).
pub async fn fetch_text(url: &str) -> Result<String, ApiError> {
    let answer = exchange(url, Request::get(url).build()).await?;
    if (200..300).contains(&answer.status) {
        Ok(answer.body)
    } else {
        Err(wire::error_from_answer(
            answer.status,
            &answer.status_text,
            &answer.body,
        ))
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
