//! Drives the delivery state machine (`model::delivery`) for a request or
//! a comment: takes the cross-tab send lock, looks up, sends, waits, and
//! listens for the user's "Stop sending" / "Send anyway". It runs as a
//! task of the form (`Tasks`): when the form goes, it is dropped where it
//! waits, its timers and look-ups with it. The call itself alone runs on
//! its own once on the wire: it is allowed to finish, and its outcome
//! still updates the saved draft (and the lock is held until then).

use futures::channel::{mpsc, oneshot};
use futures::future::{select, Either, LocalBoxFuture};
use futures::{FutureExt, StreamExt};
use leptos::prelude::*;
use serde_json::Value;

use crate::api::http;
use crate::api::wire::ApiError;
use crate::browser::lock::{self, Held};
use crate::browser::storage::DraftStore;
use crate::browser::time::{now_ms, online, random, sleep};
use crate::model::delivery::{Command, Delivery, Env, Event, Outcome, Stage};
use crate::model::request::{CreatedRequest, NewRequest};

/// Sends once with the given credentials; once started the future runs on
/// its own (see the module comment).
pub type SendCall<T> = Box<dyn Fn(String) -> LocalBoxFuture<'static, Result<T, ApiError>>>;

/// Looks up whether an earlier attempt arrived.
pub type LookUp<T> = Box<dyn Fn(String) -> LocalBoxFuture<'static, Result<Option<T>, ApiError>>>;

/// One thing to deliver: a request, a comment.
pub struct Job<T> {
    /// Read at every attempt: a refreshed token is used at once.
    pub authorization: Signal<String>,
    /// The cross-tab send lock's name.
    pub lock_name: String,
    pub send: SendCall<T>,
    /// How to look it up after an ambiguous failure, if it can be.
    pub check: Option<LookUp<T>>,
    /// What another tab already delivered of this very draft, if it did.
    pub sent_elsewhere: Box<dyn Fn() -> Option<T>>,
}

/// The create call of one request.
pub struct CreateCall {
    pub server: String,
    pub authorization: Signal<String>,
    pub request: NewRequest,
    /// The search that finds this request's ticket (client reference), if
    /// the deployment carries one.
    pub search: Option<Value>,
    /// The draft's own id: names it in the record of sent drafts.
    pub draft_id: String,
    /// Where the draft is kept, if it is: cleared once the ticket exists.
    pub store: Option<DraftStore>,
    /// The cross-tab send lock's name (per server, form and user).
    pub lock_name: String,
    pub timeout_ms: f64,
}

impl CreateCall {
    pub fn into_job(self) -> Job<CreatedRequest> {
        let CreateCall {
            server,
            authorization,
            request,
            search,
            draft_id,
            store,
            lock_name,
            timeout_ms,
        } = self;
        let send = {
            let (server, store, draft_id) = (server.clone(), store.clone(), draft_id.clone());
            Box::new(move |authorization: String| {
                let (server, request, store, draft_id) = (
                    server.clone(),
                    request.clone(),
                    store.clone(),
                    draft_id.clone(),
                );
                async move {
                    let result =
                        http::create_request(&server, &authorization, &request, timeout_ms).await;
                    if let (Ok(ticket), Some(store)) = (&result, &store) {
                        store.record_sent(&draft_id, ticket);
                    }
                    result
                }
                .boxed_local()
            }) as SendCall<CreatedRequest>
        };
        let check = search.map(|search| {
            let server = server.clone();
            Box::new(move |authorization: String| {
                let (server, search) = (server.clone(), search.clone());
                async move { http::find_request(&server, &authorization, &search, timeout_ms).await }
                    .boxed_local()
            }) as LookUp<CreatedRequest>
        });
        Job {
            authorization,
            lock_name,
            send,
            check,
            sent_elsewhere: Box::new(move || {
                store
                    .as_ref()
                    .and_then(|store| store.sent_ticket(&draft_id))
            }),
        }
    }
}

/// What the user can say while a request is on its way.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Choice {
    Stop,
    SendAnyway,
}

/// Shared between the delivery and the view.
#[derive(Clone, Copy)]
pub struct Progress {
    pub stage: RwSignal<Stage>,
    /// Ticks once a second while waiting, for the countdown.
    pub now: RwSignal<f64>,
    choices: StoredValue<Option<mpsc::UnboundedSender<Choice>>>,
}

impl Progress {
    pub fn new() -> Self {
        Self {
            stage: RwSignal::new(Stage::Idle),
            now: RwSignal::new(0.0),
            choices: StoredValue::new(None),
        }
    }

    /// Passes the user's choice to the delivery under way, if any.
    pub fn choose(&self, choice: Choice) {
        if let Some(Some(sender)) = self.choices.try_get_value() {
            let _ = sender.unbounded_send(choice);
        }
    }
}

fn env() -> Env {
    Env {
        now_ms: now_ms(),
        random: random(),
        online: online(),
    }
}

impl<T> From<Choice> for Event<T> {
    fn from(choice: Choice) -> Self {
        match choice {
            Choice::Stop => Event::Stop,
            Choice::SendAnyway => Event::SendAnyway,
        }
    }
}

/// `work`, unless the user chooses first.
async fn or_choice<T>(
    work: impl std::future::Future<Output = T>,
    choices: &mut mpsc::UnboundedReceiver<Choice>,
) -> Result<T, Choice> {
    let work = std::pin::pin!(work);
    match select(work, choices.next()).await {
        Either::Left((done, _)) => Ok(done),
        Either::Right((choice, _)) => Err(choice.unwrap_or(Choice::Stop)),
    }
}

async fn wait_online() {
    while !online() {
        sleep(500.0).await;
    }
}

/// Waits `ms`, ticking the countdown once a second.
async fn count_down(ms: f64, now: RwSignal<f64>) {
    let until = now_ms() + ms;
    loop {
        now.set(now_ms());
        let left = until - now_ms();
        if left <= 0.0 {
            return;
        }
        sleep(left.min(1000.0)).await;
    }
}

/// Sends once, on its own (see the module comment), and hands back the
/// answer and the lock.
async fn send_on_the_wire<T: 'static>(
    job: &Job<T>,
    held: Option<Held>,
) -> (Result<T, ApiError>, Option<Held>) {
    let (answer, answered) = oneshot::channel();
    let authorization = job.authorization.try_get_untracked().unwrap_or_default();
    let sending = (job.send)(authorization);
    wasm_bindgen_futures::spawn_local(async move {
        let result = sending.await;
        // With the form gone nobody listens: the lock is released here.
        let _ = answer.send((result, held));
    });
    answered.await.unwrap_or((Err(ApiError::Network), None))
}

/// Delivers `job` until it arrives, fails for good, or the user stops.
pub async fn deliver<T: 'static>(job: Job<T>, progress: Progress) -> Outcome<T> {
    let (sender, mut choices) = mpsc::unbounded();
    progress.choices.set_value(Some(sender));
    let mut machine = Delivery::<T>::new(job.check.is_some());
    let mut held: Option<Held> = None;
    let mut command = machine.start();
    loop {
        progress.stage.set(machine.stage().clone());
        let event = match command {
            Command::TryLock => match lock::take(&job.lock_name, false).await {
                Some(lock) => {
                    held = Some(lock);
                    Event::Locked {
                        sent: (job.sent_elsewhere)(),
                    }
                }
                None => Event::LockBusy,
            },
            Command::WaitForLock => {
                match or_choice(lock::take(&job.lock_name, true), &mut choices).await {
                    Ok(lock) => {
                        held = lock;
                        Event::Locked {
                            sent: (job.sent_elsewhere)(),
                        }
                    }
                    Err(choice) => choice.into(),
                }
            }
            Command::WaitOnline => match or_choice(wait_online(), &mut choices).await {
                Ok(()) => Event::Online,
                Err(choice) => choice.into(),
            },
            Command::Check => {
                let authorization = job.authorization.try_get_untracked().unwrap_or_default();
                let look = match &job.check {
                    Some(check) => check(authorization),
                    None => async { Ok(None) }.boxed_local(),
                };
                match or_choice(look, &mut choices).await {
                    Ok(answer) => Event::Checked(answer),
                    Err(choice) => choice.into(),
                }
            }
            Command::Send => {
                let (answer, lock) = send_on_the_wire(&job, held.take()).await;
                held = lock;
                Event::Sent(answer)
            }
            Command::Wait(ms) => {
                match or_choice(count_down(ms, progress.now), &mut choices).await {
                    Ok(()) => Event::Waited,
                    Err(choice) => choice.into(),
                }
            }
            Command::AskUser => choices.next().await.unwrap_or(Choice::Stop).into(),
            Command::Finish(outcome) => {
                progress.stage.set(Stage::Idle);
                progress.choices.set_value(None);
                drop(held);
                return outcome;
            }
        };
        command = machine.on(event, env());
    }
}
