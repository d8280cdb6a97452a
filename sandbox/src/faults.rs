//! Scripted misbehaviour, so tests can prove the form survives: the next N
//! answers of a route can be a status, a delay, a dropped connection, a
//! truncated, garbage, wrong-typed or huge body, or a slow trickle. Scripted
//! in-process by tests (`Running::script`) or over HTTP through a control
//! route that is off unless `--faults` is given and only answers loopback.

use std::collections::{HashMap, VecDeque};
use std::sync::Mutex;
use std::time::Duration;

use axum::body::{Body, Bytes};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;

/// One scripted answer.
#[derive(Clone, Debug, Default, Deserialize, PartialEq)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Fault {
    /// HTTP status (default 500).
    #[serde(default)]
    pub status: Option<u16>,
    /// Wait this long before answering.
    #[serde(default)]
    pub delay_ms: u64,
    /// Close the connection without an answer.
    #[serde(default)]
    pub drop: bool,
    /// `html`, `truncated`, `garbage`, `wrong-types`, `huge` (10 MB), or a
    /// literal body. Default: a `userMessage` naming the injected status.
    #[serde(default)]
    pub body: Option<String>,
    /// Send the body a few bytes at a time, this many ms apart.
    #[serde(default)]
    pub trickle_ms: u64,
    /// A `Retry-After` header, in seconds.
    #[serde(default)]
    pub retry_after: Option<u64>,
    /// Do the real work first (create the ticket, store the file), then
    /// answer with the fault: the "sent, but no answer came back" case.
    #[serde(default)]
    pub after_handling: bool,
    /// Only wait `delay_ms`, then handle the call normally: a slow server.
    #[serde(default)]
    pub delay_only: bool,
}

impl Fault {
    /// No fault, only late by `delay_ms`: a slow server or a slow link.
    pub fn late(delay_ms: u64) -> Self {
        Self {
            delay_ms,
            delay_only: true,
            ..Self::default()
        }
    }
}

/// The scripts, per route (`token`, `create`, `read`, `upload`), and how
/// many calls each route has had so far.
#[derive(Default)]
pub struct Faults(
    Mutex<HashMap<String, VecDeque<Fault>>>,
    Mutex<HashMap<String, usize>>,
);

impl Faults {
    /// Calls of `route` that have arrived so far (answered or not).
    pub fn calls(&self, route: &str) -> usize {
        let calls = self
            .1
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        calls.get(route).copied().unwrap_or(0)
    }

    pub fn push(&self, route: &str, faults: impl IntoIterator<Item = Fault>) {
        let mut scripts = self
            .0
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        scripts.entry(route.to_owned()).or_default().extend(faults);
    }

    /// The scripted answer for this call of `route`, if any; a
    /// `delay_only` fault is waited out here and leaves the call normal.
    pub async fn take(&self, route: &str) -> Option<Fault> {
        {
            let mut calls = self
                .1
                .lock()
                .unwrap_or_else(|poisoned| poisoned.into_inner());
            *calls.entry(route.to_owned()).or_default() += 1;
        }
        let fault = self.next(route)?;
        if fault.delay_only {
            tokio::time::sleep(Duration::from_millis(fault.delay_ms)).await;
            return None;
        }
        Some(fault)
    }

    /// The scripted answer for this call of `route`, if any is left.
    fn next(&self, route: &str) -> Option<Fault> {
        let mut scripts = self
            .0
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        scripts.get_mut(route)?.pop_front()
    }
}

fn body_bytes(kind: Option<&str>, status: StatusCode) -> (Vec<u8>, &'static str) {
    match kind {
        Some("html") => (
            format!("<html><body><h1>{status}</h1><p>nginx</p></body></html>").into_bytes(),
            "text/html",
        ),
        Some("truncated") => (br#"{"id": 7, "name": "INC-7", "subject": "Print"#.to_vec(), "application/json"),
        Some("garbage") => ((0..2048u32).map(|i| (i * 7919 % 251) as u8).collect(), "application/octet-stream"),
        Some("wrong-types") => (
            br#"{"id": "seven", "name": 7, "subject": ["x"], "createdTime": "yesterday", "statusName": {}}"#.to_vec(),
            "application/json",
        ),
        Some("huge") => {
            let mut bytes = b"{\"userMessage\": \"".to_vec();
            bytes.resize(10 * 1024 * 1024, b'x');
            (bytes, "application/json")
        }
        Some(literal) => (literal.as_bytes().to_vec(), "application/json"),
        None => (
            serde_json::json!({"userMessage": format!("Injected failure ({status})."), "errorCode": "injected"})
                .to_string()
                .into_bytes(),
            "application/json",
        ),
    }
}

/// The answer a fault gives (after its delay).
pub async fn answer(fault: Fault) -> Response {
    tokio::time::sleep(Duration::from_millis(fault.delay_ms)).await;
    if fault.drop {
        // A body that fails before its first byte makes the server close
        // the connection: the client sees no answer at all.
        let failing = futures_util::stream::once(async {
            Err::<Bytes, std::io::Error>(std::io::Error::other("dropped"))
        });
        return Body::from_stream(failing).into_response();
    }
    let status = StatusCode::from_u16(fault.status.unwrap_or(500))
        .unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    let (bytes, content_type) = body_bytes(fault.body.as_deref(), status);
    let body = if fault.trickle_ms > 0 {
        let pause = Duration::from_millis(fault.trickle_ms);
        let chunks: Vec<Bytes> = bytes.chunks(16).map(Bytes::copy_from_slice).collect();
        Body::from_stream(futures_util::stream::unfold(
            chunks.into_iter(),
            move |mut rest| async move {
                let chunk = rest.next()?;
                tokio::time::sleep(pause).await;
                Some((Ok::<Bytes, std::io::Error>(chunk), rest))
            },
        ))
    } else {
        Body::from(bytes)
    };
    let mut response = (status, [(header::CONTENT_TYPE, content_type)], body).into_response();
    if let Some(seconds) = fault.retry_after {
        if let Ok(value) = seconds.to_string().parse() {
            response.headers_mut().insert(header::RETRY_AFTER, value);
        }
    }
    response
}

/// What the control route accepts.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Script {
    pub route: String,
    pub answers: Vec<Fault>,
}
