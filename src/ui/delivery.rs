//! Sending one request until it is created, without ever creating it twice:
//! waits while the browser is offline, retries what the server refused
//! before processing (429, 503, honouring `Retry-After`), and after an
//! ambiguous failure (no answer, a gateway timeout, an unreadable answer)
//! first looks the ticket up by its client reference, sending again only if
//! it is not there. Without a client reference, ambiguous failures are the
//! user's call.

use leptos::prelude::*;
use serde_json::Value;

use super::browser::{now_ms, online, sleep, SendLock};
use crate::api::http;
use crate::api::wire::ApiError;
use crate::model::request::{CreatedRequest, NewRequest};
use crate::model::retry::{Next, Policy};

/// What the user sees while a request is on its way.
#[derive(Clone, Debug, PartialEq)]
pub enum Stage {
    Idle,
    Sending,
    /// Looking up whether an earlier attempt created the ticket.
    Checking,
    /// Sending again at this time (epoch ms).
    Retrying(f64),
    /// Waiting for the network to come back.
    Offline,
}

/// Shared between the loop and the view.
#[derive(Clone, Copy)]
pub struct Progress {
    pub stage: RwSignal<Stage>,
    /// Ticks while waiting, for the countdown.
    pub now: RwSignal<f64>,
    cancel: RwSignal<bool>,
}

impl Progress {
    pub fn new() -> Self {
        Self {
            stage: RwSignal::new(Stage::Idle),
            now: RwSignal::new(0.0),
            cancel: RwSignal::new(false),
        }
    }

    /// Stops waiting and retrying; the request in flight, if any, still
    /// finishes.
    pub fn cancel(&self) {
        self.cancel.set(true);
    }

    /// True once cancelled, or once the form is gone.
    fn cancelled(&self) -> bool {
        self.cancel.try_get_untracked().unwrap_or(true)
    }

    fn show(&self, stage: Stage) {
        self.stage.try_set(stage);
    }

    /// Waits `ms`, ticking the countdown; `false` if cancelled meanwhile.
    async fn wait(&self, ms: f64) -> bool {
        let until = now_ms() + ms;
        self.show(Stage::Retrying(until));
        while now_ms() < until {
            if self.cancelled() {
                return false;
            }
            self.now.try_set(now_ms());
            sleep((until - now_ms()).clamp(0.0, 250.0)).await;
        }
        !self.cancelled()
    }

    /// Waits for the network; `false` if cancelled meanwhile.
    async fn wait_online(&self) -> bool {
        while !online() {
            self.show(Stage::Offline);
            if self.cancelled() {
                return false;
            }
            sleep(500.0).await;
        }
        !self.cancelled()
    }
}

/// One request to deliver.
pub struct Job {
    pub server: String,
    /// Read at every attempt: a refreshed token is used at once.
    pub authorization: Signal<String>,
    pub request: NewRequest,
    /// The search that finds this request's ticket (client reference), if
    /// the deployment carries one.
    pub search: Option<Value>,
    /// The client reference, for the cross-tab send lock.
    pub reference: Option<String>,
    pub timeout_ms: f64,
}

/// How a delivery ended.
pub enum Outcome {
    Created(CreatedRequest),
    Failed(ApiError),
    Cancelled,
}

/// Sends `job`, retrying only when it is safe (see the module comment).
pub async fn deliver(job: Job, progress: Progress) -> Outcome {
    let policy = Policy::default();
    progress.cancel.try_set(false);
    let auth = || job.authorization.try_get_untracked().unwrap_or_default();
    // Another tab (or this page before a reload) may already have sent this
    // very request: look first.
    let mut must_check = job.search.is_some();
    let lock = job.reference.as_deref().map(SendLock::new);
    let mut attempt = 0;
    let outcome = loop {
        if !progress.wait_online().await {
            break Outcome::Cancelled;
        }
        if let (true, Some(search)) = (must_check, &job.search) {
            progress.show(Stage::Checking);
            match http::find_request(&job.server, &auth(), search).await {
                Ok(Some(ticket)) => break Outcome::Created(ticket),
                Ok(None) => must_check = false,
                Err(ApiError::Unauthorized(message)) => {
                    break Outcome::Failed(ApiError::Unauthorized(message))
                }
                Err(_) => {
                    // Not known yet whether it exists: ask again later,
                    // never send blind.
                    attempt += 1;
                    if attempt >= policy.max_attempts
                        || !progress
                            .wait(policy.backoff_ms(attempt, js_sys::Math::random()))
                            .await
                    {
                        break Outcome::Failed(ApiError::Network);
                    }
                    continue;
                }
            }
        }
        // Two tabs sending the same request at once: one sends, the other
        // waits and then finds the ticket.
        if let Some(lock) = &lock {
            if !lock.acquire() {
                must_check = true;
                if !progress.wait(1000.0).await {
                    break Outcome::Cancelled;
                }
                continue;
            }
        }
        attempt += 1;
        progress.show(Stage::Sending);
        let error =
            match http::create_request(&job.server, &auth(), &job.request, job.timeout_ms).await {
                Ok(ticket) => break Outcome::Created(ticket),
                Err(error) => error,
            };
        let next = error.as_failure().map(|failure| {
            policy.after(
                failure,
                attempt,
                js_sys::Math::random(),
                job.search.is_some(),
            )
        });
        match next {
            None | Some(Next::GiveUp) => break Outcome::Failed(error),
            Some(Next::RetryIn(ms)) => {
                if !progress.wait(ms).await {
                    break Outcome::Cancelled;
                }
            }
            Some(Next::CheckThenRetryIn(ms)) => {
                must_check = true;
                // Look at once (it may well be there), then wait if not.
                if let Some(search) = &job.search {
                    if online() {
                        progress.show(Stage::Checking);
                        match http::find_request(&job.server, &auth(), search).await {
                            Ok(Some(ticket)) => break Outcome::Created(ticket),
                            Ok(None) => must_check = false,
                            Err(_) => {}
                        }
                    }
                }
                if !progress.wait(ms).await {
                    break Outcome::Cancelled;
                }
            }
        }
    };
    if let Some(lock) = &lock {
        lock.release();
    }
    progress.show(Stage::Idle);
    outcome
}
