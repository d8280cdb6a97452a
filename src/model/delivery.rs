//! Sending one request until it is created, without ever creating it twice,
//! as a state machine with no I/O. The browser side (`ui::delivery`) runs
//! each [`Command`] (take the send lock, look the ticket up, send, wait) and
//! feeds back what happened as an [`Event`]; this type decides what comes
//! next and what the user sees meanwhile.
//!
//! The rules: one tab sends at a time (the send lock), and a tab that had to
//! wait first reads what the other one created; what the server refused
//! before processing (429, 503) is sent again after `Retry-After` or a
//! backoff; after an ambiguous failure (no answer, a gateway timeout, an
//! unreadable answer) the ticket is looked up by its client reference before
//! anything is sent again, and without a reference the user decides. A
//! look-up the server refuses (400, 403, 404) is put to the user: send
//! anyway, or stop. Every waiting stage can be stopped.

use std::marker::PhantomData;

use super::request::CreatedRequest;
use super::retry::{Failure, Next, Policy};
use crate::api::wire::ApiError;

/// What the user sees while a request is on its way.
#[derive(Clone, Debug, PartialEq)]
pub enum Stage {
    Idle,
    /// Another tab or window of this browser is sending this form's request.
    OtherTab,
    Sending,
    /// Looking up whether an earlier attempt created the ticket.
    Checking,
    /// Sending (or looking up) again at this time (epoch ms).
    Retrying {
        until_ms: f64,
    },
    /// Waiting for the network to come back.
    Offline,
    /// The server refused the look-up: the form cannot tell whether an
    /// earlier attempt arrived. The user chooses to send anyway or to stop.
    CannotCheck,
}

impl Stage {
    /// Stages the user can stop (the create call itself, once on the wire,
    /// is allowed to finish).
    pub fn can_stop(&self) -> bool {
        !matches!(self, Stage::Idle | Stage::Sending)
    }
}

/// What the browser side is asked to do next. `T` is what a successful
/// send gives: the created ticket, or an added comment.
#[derive(Clone, Debug, PartialEq)]
pub enum Command<T = CreatedRequest> {
    /// Take the cross-tab send lock if it is free, without waiting; answer
    /// [`Event::Locked`] or [`Event::LockBusy`].
    TryLock,
    /// Wait for the send lock; answer [`Event::Locked`].
    WaitForLock,
    /// Wait until the browser is online; answer [`Event::Online`].
    WaitOnline,
    /// Look the ticket up by its client reference; answer [`Event::Checked`].
    Check,
    /// Send the create call; answer [`Event::Sent`].
    Send,
    /// Wait this many milliseconds; answer [`Event::Waited`].
    Wait(f64),
    /// Wait for the user: [`Event::SendAnyway`] or [`Event::Stop`].
    AskUser,
    /// Done: release the lock and report.
    Finish(Outcome<T>),
}

/// How a delivery ended.
#[derive(Clone, Debug, PartialEq)]
pub enum Outcome<T = CreatedRequest> {
    Created(T),
    Failed(ApiError),
    /// The user stopped it; nothing more is sent.
    Stopped,
}

/// What happened.
#[derive(Clone, Debug, PartialEq)]
pub enum Event<T = CreatedRequest> {
    /// The lock is this tab's. `sent` is what another tab already
    /// delivered of this very draft, if it did.
    Locked {
        sent: Option<T>,
    },
    LockBusy,
    Online,
    Checked(Result<Option<T>, ApiError>),
    Sent(Result<T, ApiError>),
    Waited,
    SendAnyway,
    /// The user pressed "Stop sending" (never fed while [`Stage::Sending`]).
    Stop,
}

/// The world at the moment of an event.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Env {
    pub now_ms: f64,
    /// In `[0, 1)`: spreads retries of many clients apart.
    pub random: f64,
    pub online: bool,
}

/// One delivery of a `T` (a ticket, a comment).
#[derive(Clone, Debug, PartialEq)]
pub struct Delivery<T = CreatedRequest> {
    policy: Policy,
    /// A client reference lets the form look the ticket up.
    can_check: bool,
    /// Look before the next send.
    must_check: bool,
    /// After an ambiguous failure: wait this long after a look-up that
    /// found nothing, then look again before sending.
    wait_before_send: Option<f64>,
    sends: u32,
    failed_checks: u32,
    stage: Stage,
    delivers: PhantomData<fn() -> T>,
}

/// Look-ups the server refuses for good: it will not tell.
fn refused_look_up(error: &ApiError) -> bool {
    matches!(
        error,
        ApiError::Rejected {
            status: 400 | 403 | 404 | 405,
            ..
        }
    )
}

impl<T> Delivery<T> {
    /// A delivery; `can_check` when what is sent can be looked up (a
    /// request with a client reference).
    pub fn new(can_check: bool) -> Self {
        Self {
            policy: Policy::default(),
            can_check,
            // Another tab, or this page before a reload, may already have
            // sent this very request: look first.
            must_check: can_check,
            wait_before_send: None,
            sends: 0,
            failed_checks: 0,
            stage: Stage::Idle,
            delivers: PhantomData,
        }
    }

    pub fn stage(&self) -> &Stage {
        &self.stage
    }

    /// The first command.
    pub fn start(&mut self) -> Command<T> {
        self.stage = Stage::Sending;
        Command::TryLock
    }

    fn finish(&mut self, outcome: Outcome<T>) -> Command<T> {
        self.stage = Stage::Idle;
        Command::Finish(outcome)
    }

    fn wait(&mut self, ms: f64, env: Env) -> Command<T> {
        self.stage = Stage::Retrying {
            until_ms: env.now_ms + ms,
        };
        Command::Wait(ms)
    }

    /// Look, send, or wait for the network, whichever is due.
    fn proceed(&mut self, env: Env) -> Command<T> {
        if !env.online {
            self.stage = Stage::Offline;
            Command::WaitOnline
        } else if self.must_check {
            self.stage = Stage::Checking;
            Command::Check
        } else {
            self.stage = Stage::Sending;
            self.sends += 1;
            Command::Send
        }
    }

    /// What to do after `event`.
    pub fn on(&mut self, event: Event<T>, env: Env) -> Command<T> {
        match event {
            Event::Locked { sent: Some(ticket) } => self.finish(Outcome::Created(ticket)),
            Event::Locked { sent: None } | Event::Online | Event::Waited => self.proceed(env),
            Event::LockBusy => {
                self.stage = Stage::OtherTab;
                // The other tab may create it: look before sending.
                self.must_check = self.can_check;
                Command::WaitForLock
            }
            Event::Stop => self.finish(Outcome::Stopped),
            Event::SendAnyway => {
                self.can_check = false;
                self.must_check = false;
                self.wait_before_send = None;
                self.proceed(env)
            }
            Event::Checked(answer) => self.checked(answer, env),
            Event::Sent(Ok(ticket)) => self.finish(Outcome::Created(ticket)),
            Event::Sent(Err(error)) => self.send_failed(error, env),
        }
    }

    fn checked(&mut self, answer: Result<Option<T>, ApiError>, env: Env) -> Command<T> {
        match answer {
            Ok(Some(ticket)) => self.finish(Outcome::Created(ticket)),
            Ok(None) => {
                self.failed_checks = 0;
                match self.wait_before_send.take() {
                    // Still there in a moment? Look once more, then send.
                    Some(ms) => self.wait(ms, env),
                    None => {
                        self.must_check = false;
                        self.proceed(env)
                    }
                }
            }
            Err(error @ ApiError::Unauthorized(_)) => self.finish(Outcome::Failed(error)),
            Err(error) if refused_look_up(&error) => {
                self.stage = Stage::CannotCheck;
                Command::AskUser
            }
            Err(error) => {
                self.failed_checks += 1;
                if self.failed_checks >= self.policy.max_attempts {
                    return self.finish(Outcome::Failed(error));
                }
                let ms = match error.as_failure() {
                    Some(Failure::Status {
                        retry_after: Some(seconds),
                        ..
                    }) => self.policy.retry_after_ms(seconds),
                    _ => self.policy.backoff_ms(self.failed_checks, env.random),
                };
                self.wait(ms, env)
            }
        }
    }

    fn send_failed(&mut self, error: ApiError, env: Env) -> Command<T> {
        let Some(failure) = error.as_failure() else {
            return self.finish(Outcome::Failed(error));
        };
        match self
            .policy
            .after(failure, self.sends, env.random, self.can_check)
        {
            Next::GiveUp => self.finish(Outcome::Failed(error)),
            Next::RetryIn(ms) => self.wait(ms, env),
            Next::CheckThenRetryIn(ms) => {
                // Look at once (it may well be there), then wait and look
                // again before sending.
                self.must_check = true;
                self.wait_before_send = Some(ms);
                self.proceed(env)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    type Delivery = super::Delivery<CreatedRequest>;

    const ON: Env = Env {
        now_ms: 1000.0,
        random: 1.0,
        online: true,
    };
    const OFF: Env = Env {
        online: false,
        ..ON
    };

    fn ticket() -> CreatedRequest {
        CreatedRequest::parse(r#"{"id":7,"name":"INC-7"}"#).unwrap()
    }

    fn rejected(status: u16, retry_after: Option<u64>) -> ApiError {
        ApiError::Rejected {
            status,
            status_text: String::new(),
            message: Some(format!("error {status}")),
            retry_after,
        }
    }

    /// A delivery past the lock, with its first command.
    fn locked(can_check: bool) -> (Delivery, Command) {
        let mut delivery = Delivery::new(can_check);
        assert_eq!(delivery.start(), Command::TryLock);
        let next = delivery.on(Event::Locked { sent: None }, ON);
        (delivery, next)
    }

    #[test]
    fn without_a_reference_it_sends_at_once_and_finishes_on_success() {
        let (mut delivery, next) = locked(false);
        assert_eq!(next, Command::Send);
        assert_eq!(delivery.stage(), &Stage::Sending);
        assert_eq!(
            delivery.on(Event::Sent(Ok(ticket())), ON),
            Command::Finish(Outcome::Created(ticket()))
        );
        assert_eq!(delivery.stage(), &Stage::Idle);
    }

    #[test]
    fn with_a_reference_it_looks_first_and_sends_only_if_not_found() {
        let (mut delivery, next) = locked(true);
        assert_eq!(next, Command::Check);
        assert_eq!(delivery.stage(), &Stage::Checking);
        assert_eq!(delivery.on(Event::Checked(Ok(None)), ON), Command::Send);

        let (mut found, _) = locked(true);
        assert_eq!(
            found.on(Event::Checked(Ok(Some(ticket()))), ON),
            Command::Finish(Outcome::Created(ticket()))
        );
    }

    #[test]
    fn a_ticket_another_tab_created_from_this_draft_is_shown_not_sent_again() {
        let mut delivery = Delivery::new(false);
        delivery.start();
        assert_eq!(delivery.on(Event::LockBusy, ON), Command::WaitForLock);
        assert_eq!(delivery.stage(), &Stage::OtherTab);
        assert!(delivery.stage().can_stop());
        assert_eq!(
            delivery.on(
                Event::Locked {
                    sent: Some(ticket())
                },
                ON
            ),
            Command::Finish(Outcome::Created(ticket()))
        );
    }

    #[test]
    fn offline_waits_for_the_network_before_anything() {
        let mut delivery = Delivery::new(false);
        delivery.start();
        assert_eq!(
            delivery.on(Event::Locked { sent: None }, OFF),
            Command::WaitOnline
        );
        assert_eq!(delivery.stage(), &Stage::Offline);
        assert_eq!(delivery.on(Event::Online, ON), Command::Send);
    }

    #[test]
    fn refused_before_processing_is_sent_again_after_retry_after() {
        let (mut delivery, _) = locked(false);
        assert_eq!(
            delivery.on(Event::Sent(Err(rejected(429, Some(5)))), ON),
            Command::Wait(5000.0)
        );
        assert_eq!(delivery.stage(), &Stage::Retrying { until_ms: 6000.0 });
        assert_eq!(delivery.on(Event::Waited, ON), Command::Send);
        // A Retry-After of a day is capped.
        assert_eq!(
            delivery.on(Event::Sent(Err(rejected(503, Some(86_400)))), ON),
            Command::Wait(120_000.0)
        );
    }

    #[test]
    fn an_ambiguous_failure_looks_at_once_then_waits_and_looks_again_before_sending() {
        let (mut delivery, _) = locked(true);
        delivery.on(Event::Checked(Ok(None)), ON);
        assert_eq!(
            delivery.on(Event::Sent(Err(ApiError::Network)), ON),
            Command::Check
        );
        assert_eq!(
            delivery.on(Event::Checked(Ok(None)), ON),
            Command::Wait(1000.0)
        );
        assert_eq!(delivery.on(Event::Waited, ON), Command::Check);
        assert_eq!(delivery.on(Event::Checked(Ok(None)), ON), Command::Send);
        // Found on the second look: never sent twice.
        delivery.on(Event::Sent(Err(rejected(504, None))), ON);
        delivery.on(Event::Checked(Ok(None)), ON);
        delivery.on(Event::Waited, ON);
        assert_eq!(
            delivery.on(Event::Checked(Ok(Some(ticket()))), ON),
            Command::Finish(Outcome::Created(ticket()))
        );
    }

    #[test]
    fn without_a_reference_an_ambiguous_failure_is_the_users_call() {
        let (mut delivery, _) = locked(false);
        assert_eq!(
            delivery.on(Event::Sent(Err(ApiError::Network)), ON),
            Command::Finish(Outcome::Failed(ApiError::Network))
        );
    }

    #[test]
    fn a_refused_look_up_asks_the_user_who_may_send_anyway() {
        for status in [400, 403, 404] {
            let (mut delivery, _) = locked(true);
            assert_eq!(
                delivery.on(Event::Checked(Err(rejected(status, None))), ON),
                Command::AskUser,
                "{status}"
            );
            assert_eq!(delivery.stage(), &Stage::CannotCheck);
            assert!(delivery.stage().can_stop());
            assert_eq!(delivery.on(Event::SendAnyway, ON), Command::Send);
            // Having chosen, an ambiguous failure is no longer looked up.
            assert_eq!(
                delivery.on(Event::Sent(Err(ApiError::Network)), ON),
                Command::Finish(Outcome::Failed(ApiError::Network))
            );
        }
        let (mut stopped, _) = locked(true);
        stopped.on(Event::Checked(Err(rejected(403, None))), ON);
        assert_eq!(
            stopped.on(Event::Stop, ON),
            Command::Finish(Outcome::Stopped)
        );
    }

    #[test]
    fn a_look_up_that_gets_no_answer_is_tried_again_then_given_up() {
        let (mut delivery, _) = locked(true);
        for attempt in 1..6 {
            let next = delivery.on(Event::Checked(Err(ApiError::Network)), ON);
            assert!(
                matches!(next, Command::Wait(_)),
                "attempt {attempt}: {next:?}"
            );
            assert_eq!(delivery.on(Event::Waited, ON), Command::Check);
        }
        assert_eq!(
            delivery.on(Event::Checked(Err(ApiError::Network)), ON),
            Command::Finish(Outcome::Failed(ApiError::Network))
        );
    }

    #[test]
    fn a_refused_sign_in_ends_the_delivery_for_a_new_one() {
        let (mut delivery, _) = locked(true);
        let expired = ApiError::Unauthorized(Some("expired".into()));
        assert_eq!(
            delivery.on(Event::Checked(Err(expired.clone())), ON),
            Command::Finish(Outcome::Failed(expired.clone()))
        );
        let (mut sending, _) = locked(false);
        assert_eq!(
            sending.on(Event::Sent(Err(expired.clone())), ON),
            Command::Finish(Outcome::Failed(expired))
        );
    }

    #[test]
    fn every_waiting_stage_can_be_stopped() {
        let (mut waiting, _) = locked(false);
        waiting.on(Event::Sent(Err(rejected(503, None))), ON);
        assert!(waiting.stage().can_stop());
        assert_eq!(
            waiting.on(Event::Stop, ON),
            Command::Finish(Outcome::Stopped)
        );
        let mut offline = Delivery::new(false);
        offline.start();
        offline.on(Event::Locked { sent: None }, OFF);
        assert!(offline.stage().can_stop());
        let (checking, _) = locked(true);
        assert!(checking.stage().can_stop());
        let (sending, _) = locked(false);
        assert!(!sending.stage().can_stop(), "a call on the wire finishes");
    }

    #[test]
    fn final_answers_are_not_retried() {
        for status in [400, 403, 413, 500] {
            let (mut delivery, _) = locked(true);
            delivery.on(Event::Checked(Ok(None)), ON);
            let error = rejected(status, None);
            assert_eq!(
                delivery.on(Event::Sent(Err(error.clone())), ON),
                Command::Finish(Outcome::Failed(error))
            );
        }
    }
}
