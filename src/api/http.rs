//! The browser side of the API: the only code that calls fetch. Each function
//! sends one request and hands the answer to `wire` to interpret.

use gloo_net::http::{Request, RequestBuilder};
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::UrlSearchParams;

use super::wire::{self, ApiError, TokenGrant};
use crate::browser::dom::ObjectUrl;
use crate::browser::time::Timeout;
use crate::model::comment::{Comment, NewComment};
use crate::model::my_requests::{self, Page};
use crate::model::request::{CreatedRequest, NewRequest};

/// Why a request to `base` got no answer. A timeout is a timeout. Otherwise,
/// for another origin, the browser hides a CORS refusal as a network error:
/// ask again with a harmless CORS read (the same kind of preflight as the
/// real call); only if that fails too while the server answers a request
/// without CORS has it really refused this site. A dropped connection or a
/// server that is down stays a network error, which the safe retry and
/// look-up handle.
pub async fn no_answer(base: &str, timed_out: bool) -> ApiError {
    if !may_be_refused(base, timed_out) {
        return ApiError::Network;
    }
    let origin = page_origin();
    let deadline = Deadline::new(PROBE_TIMEOUT_MS);
    let cors_read = get(
        &format!("{base}/api/v1/request/0"),
        deadline.as_ref(),
        Some(("Authorization", "Bearer probe")),
        None,
    )
    .await;
    if cors_read.is_ok() {
        return ApiError::Network;
    }
    let deadline = Deadline::new(PROBE_TIMEOUT_MS);
    let opaque = get(
        base,
        deadline.as_ref(),
        None,
        Some(web_sys::RequestMode::NoCors),
    )
    .await;
    match opaque {
        Ok(_) => ApiError::Refused {
            server: base.to_owned(),
            origin,
        },
        Err(_) => ApiError::Network,
    }
}

/// Whether no answer from `base` may be another origin refusing this site
/// (what [`no_answer`] finds out).
fn may_be_refused(base: &str, timed_out: bool) -> bool {
    let origin = page_origin();
    !(timed_out || origin.is_empty() || base.starts_with(&origin) || !base.starts_with("http"))
}

/// A `GET` through the browser's `fetch` itself, not gloo-net: the main
/// module fetches files with it (a `config-src`, catalogs, the refused-site
/// probes), and gloo-net stays with the app. Fails when no answer came.
async fn get(
    url: &str,
    deadline: Option<&Deadline>,
    header: Option<(&str, &str)>,
    mode: Option<web_sys::RequestMode>,
) -> Result<web_sys::Response, ()> {
    let init = web_sys::RequestInit::new();
    init.set_method("GET");
    if let Some(deadline) = deadline {
        init.set_signal(Some(&deadline.signal()));
    }
    if let Some((name, value)) = header {
        let headers = web_sys::Headers::new().map_err(drop)?;
        headers.append(name, value).map_err(drop)?;
        init.set_headers(&headers);
    }
    if let Some(mode) = mode {
        init.set_mode(mode);
    }
    let window = web_sys::window().ok_or(())?;
    let answer = JsFuture::from(window.fetch_with_str_and_init(url, &init))
        .await
        .map_err(drop)?;
    answer.dyn_into().map_err(drop)
}

/// How long the refused-site probes may take.
const PROBE_TIMEOUT_MS: f64 = 5_000.0;

/// The page's origin.
fn page_origin() -> String {
    crate::browser::dom::page_origin()
}

/// An answer: status, status text, body, and `Retry-After` in seconds.
struct Answer {
    status: u16,
    status_text: String,
    body: String,
    retry_after: Option<u64>,
}

/// Sends a request to `base` and reads the whole answer as text; `deadline`
/// is the one whose signal the request carries, if any.
async fn exchange(
    base: &str,
    request: Result<Request, gloo_net::Error>,
    deadline: Option<&Deadline>,
) -> Result<Answer, ApiError> {
    let request = request.map_err(|_| ApiError::Network)?;
    let response = match request.send().await {
        Ok(response) => response,
        Err(_) => {
            let timed_out = deadline.is_some_and(Deadline::fired);
            return Err(no_answer(base, timed_out).await);
        }
    };
    let retry_after = response
        .headers()
        .get("retry-after")
        .and_then(|value| value.trim().parse().ok());
    // A body cut off mid-way (or by the deadline) reads as empty: the
    // caller then reports an unreadable answer.
    let body = response.text().await.unwrap_or_default();
    Ok(Answer {
        status: response.status(),
        status_text: response.status_text(),
        body,
        retry_after,
    })
}

/// Aborts a fetch after `timeout_ms` unless it finished first, or when
/// dropped (a look-up abandoned with its form stops at once).
struct Deadline {
    controller: web_sys::AbortController,
    fired: std::rc::Rc<std::cell::Cell<bool>>,
    _timer: Timeout,
}

impl Deadline {
    fn new(timeout_ms: f64) -> Option<Self> {
        let controller = web_sys::AbortController::new().ok()?;
        let fired = std::rc::Rc::new(std::cell::Cell::new(false));
        let (target, flag) = (controller.clone(), fired.clone());
        let timer = Timeout::new(timeout_ms, move || {
            flag.set(true);
            target.abort();
        });
        Some(Self {
            controller,
            fired,
            _timer: timer,
        })
    }

    fn signal(&self) -> web_sys::AbortSignal {
        self.controller.signal()
    }

    /// True once the time ran out.
    fn fired(&self) -> bool {
        self.fired.get()
    }
}

impl Drop for Deadline {
    fn drop(&mut self) {
        // After the answer was read this changes nothing.
        self.controller.abort();
    }
}

fn with_auth(builder: RequestBuilder, authorization: &str) -> RequestBuilder {
    builder.header("Authorization", authorization)
}

/// Sends `body` as JSON to `url` with the credentials; after `timeout_ms`
/// the call is abandoned as unanswered.
async fn post_json(
    base: &str,
    url: &str,
    authorization: &str,
    body: String,
    timeout_ms: f64,
) -> Result<Answer, ApiError> {
    let deadline = Deadline::new(timeout_ms);
    let signal = deadline.as_ref().map(Deadline::signal);
    let builder = with_auth(Request::post(url), authorization)
        .header("Content-Type", "application/json")
        .abort_signal(signal.as_ref());
    exchange(base, builder.body(body), deadline.as_ref()).await
}

/// `POST {base}/api/v1/request`. `authorization` is the whole header value
/// (`Bearer …` or `Apikey …`).
pub async fn create_request(
    base: &str,
    authorization: &str,
    request: &NewRequest,
    timeout_ms: f64,
) -> Result<CreatedRequest, ApiError> {
    let url = format!("{base}/api/v1/request");
    let answer = post_json(base, &url, authorization, request.to_json(), timeout_ms).await?;
    wire::created_from_answer(answer.status, &answer.status_text, &answer.body)
        .map_err(|error| error.with_retry_after(answer.retry_after))
}

/// Finds the ticket that carries a client reference
/// (`POST {base}/api/v1/request/search/byqual`), if the server has it.
pub async fn find_request(
    base: &str,
    authorization: &str,
    search: &serde_json::Value,
    timeout_ms: f64,
) -> Result<Option<CreatedRequest>, ApiError> {
    let url = format!("{base}/api/v1/request/search/byqual?offset=0&size=1");
    let answer = post_json(base, &url, authorization, search.to_string(), timeout_ms).await?;
    wire::found_from_answer(answer.status, &answer.status_text, &answer.body)
}

/// One page of the requester's own requests, newest first
/// (`POST {base}/api/v1/request/search/byqual?offset=…&size=10&sort_by=createdTime`).
pub async fn my_requests(
    base: &str,
    authorization: &str,
    search: &serde_json::Value,
    offset: usize,
    timeout_ms: f64,
) -> Result<Page, ApiError> {
    let url = format!(
        "{base}/api/v1/request/search/byqual?{}",
        my_requests::page_query(offset)
    );
    let answer = post_json(base, &url, authorization, search.to_string(), timeout_ms).await?;
    wire::page_from_answer(answer.status, &answer.status_text, &answer.body)
}

/// `GET {base}/api/v1/request/{id}`.
pub async fn read_request(
    base: &str,
    authorization: &str,
    id: i64,
    timeout_ms: f64,
) -> Result<CreatedRequest, ApiError> {
    let deadline = Deadline::new(timeout_ms);
    let signal = deadline.as_ref().map(Deadline::signal);
    let builder = with_auth(
        Request::get(&format!("{base}/api/v1/request/{id}")),
        authorization,
    )
    .abort_signal(signal.as_ref());
    let answer = exchange(base, builder.build(), deadline.as_ref()).await?;
    wire::created_from_answer(answer.status, &answer.status_text, &answer.body)
}

/// Adds a requester's comment to ticket `id`
/// (`POST {base}/api/v1/request/{id}/conversation`).
pub async fn add_comment(
    base: &str,
    authorization: &str,
    id: i64,
    comment: &NewComment,
    timeout_ms: f64,
) -> Result<Comment, ApiError> {
    let url = format!("{base}/api/v1/request/{id}/conversation");
    let answer = post_json(base, &url, authorization, comment.to_json(), timeout_ms).await?;
    wire::comment_from_answer(answer.status, &answer.status_text, &answer.body)
        .map_err(|error| error.with_retry_after(answer.retry_after))
}

/// The comments on ticket `id`
/// (`POST {base}/api/v1/request/{id}/conversation/search/byqual`).
pub async fn comments(
    base: &str,
    authorization: &str,
    id: i64,
    timeout_ms: f64,
) -> Result<Vec<Comment>, ApiError> {
    let url = format!("{base}/api/v1/request/{id}/conversation/search/byqual");
    let answer = post_json(base, &url, authorization, "{}".to_owned(), timeout_ms).await?;
    wire::comments_from_answer(answer.status, &answer.status_text, &answer.body)
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
    let answer = exchange(base, builder.body(form), None).await?;
    wire::token_from_answer(answer.status, &answer.status_text, &answer.body)
}

/// A file fetched at boot (a configuration, a catalog) that has not
/// answered by then is given up as no answer, and tried again.
const FILE_TIMEOUT_MS: f64 = 15_000.0;

/// `GET` of a file (a `config-src`, a catalog); no credentials.
pub async fn fetch_text(url: &str) -> Result<String, ApiError> {
    let deadline = Deadline::new(FILE_TIMEOUT_MS);
    let Ok(response) = get(url, deadline.as_ref(), None, None).await else {
        let timed_out = deadline.as_ref().is_some_and(Deadline::fired);
        if !may_be_refused(url, timed_out) {
            return Err(ApiError::Network);
        }
        // Finding out costs code the first screen does not carry.
        let probe = crate::rules_chunk::no_answer(url.to_owned()).await;
        return Err(match probe {
            Ok(probe) => probe.await,
            Err(_) => ApiError::Network,
        });
    };
    // A body cut off mid-way (or by the deadline) reads as empty: the
    // caller then reports an unreadable answer.
    let body = match response.text() {
        Ok(text) => JsFuture::from(text)
            .await
            .ok()
            .and_then(|text| text.as_string()),
        Err(_) => None,
    };
    let body = body.unwrap_or_default();
    if response.ok() {
        Ok(body)
    } else {
        Err(wire::error_from_answer(
            response.status(),
            &response.status_text(),
            &body,
        ))
    }
}

/// Downloads a stored attachment (`GET {base}{upload_path}/{reference}`)
/// and hands it to the browser as a file named `name`. The bytes stay in a
/// JS `Blob`; they never enter wasm memory. Dropping the returned URL
/// frees the blob.
pub async fn download_attachment(
    base: &str,
    upload_path: &str,
    authorization: &str,
    reference: &str,
    name: &str,
) -> Result<ObjectUrl, ApiError> {
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

/// Hands `blob` to the browser as a download. The caller keeps the returned
/// URL for a while: revoking it right after `click()` cancels the download
/// in some browsers, and no event says when the download has started.
fn save_as(blob: &web_sys::Blob, name: &str) -> Result<ObjectUrl, ApiError> {
    let url = ObjectUrl::new(blob).ok_or(ApiError::Unreadable)?;
    let link = web_sys::window()
        .and_then(|window| window.document())
        .and_then(|document| document.create_element("a").ok())
        .and_then(|element| {
            wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlAnchorElement>(element).ok()
        });
    if let Some(link) = link {
        link.set_href(url.as_str());
        link.set_download(name);
        link.click();
    }
    Ok(url)
}
