//! When to send a create call again. Retrying is only safe when the server
//! cannot have created the ticket (429, 503: refused before processing), or
//! when the form can first check whether it did (a client reference looked
//! up through the search API). Everything else is left to the user.

/// How a create attempt failed, as far as retrying is concerned.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Failure {
    /// The server answered with this status (and maybe `Retry-After`,
    /// in seconds).
    Status {
        status: u16,
        retry_after: Option<u64>,
    },
    /// No answer: network error, timeout, dropped connection.
    NoAnswer,
    /// A 2xx whose body could not be read: the ticket probably exists.
    Unreadable,
}

impl Failure {
    /// The server may have done the work: no answer, an unreadable one, or
    /// a gateway's timeout.
    pub fn may_have_arrived(&self) -> bool {
        matches!(
            self,
            Failure::NoAnswer
                | Failure::Unreadable
                | Failure::Status {
                    status: 408 | 502 | 504,
                    ..
                }
        )
    }
}

/// What to do next.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Next {
    GiveUp,
    /// Send again after this many milliseconds.
    RetryIn(f64),
    /// Look the ticket up first; send again after this many milliseconds if
    /// it does not exist.
    CheckThenRetryIn(f64),
}

/// Backoff limits.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Policy {
    pub max_attempts: u32,
    pub base_ms: f64,
    pub cap_ms: f64,
}

impl Default for Policy {
    fn default() -> Self {
        Self {
            max_attempts: 6,
            base_ms: 1000.0,
            cap_ms: 30_000.0,
        }
    }
}

impl Policy {
    /// Exponential backoff with jitter: `random` in `[0, 1)` spreads
    /// retries from many clients apart.
    pub fn backoff_ms(&self, attempt: u32, random: f64) -> f64 {
        let exponent = attempt.saturating_sub(1).min(16);
        let full = (self.base_ms * f64::from(1u32 << exponent)).min(self.cap_ms);
        full * (0.5 + random.clamp(0.0, 1.0) / 2.0)
    }

    /// A server's `Retry-After`, capped: a misconfigured or hostile answer
    /// must not park a request (or an upload) for hours.
    pub fn retry_after_ms(&self, seconds: u64) -> f64 {
        (seconds as f64 * 1000.0).min(self.cap_ms * 4.0)
    }

    /// After `attempt` attempts (1-based) ended in `failure`. `can_check`
    /// says whether a client reference lets the form look the ticket up.
    pub fn after(&self, failure: Failure, attempt: u32, random: f64, can_check: bool) -> Next {
        if attempt >= self.max_attempts {
            return Next::GiveUp;
        }
        let backoff = self.backoff_ms(attempt, random);
        let check = |wait| {
            if can_check {
                Next::CheckThenRetryIn(wait)
            } else {
                Next::GiveUp
            }
        };
        match failure {
            Failure::Status {
                status: 429 | 503,
                retry_after,
            } => {
                let asked = retry_after.map(|seconds| self.retry_after_ms(seconds));
                Next::RetryIn(asked.unwrap_or(backoff))
            }
            unsure if unsure.may_have_arrived() => check(backoff),
            Failure::Status { .. } | Failure::NoAnswer | Failure::Unreadable => Next::GiveUp,
        }
    }
}

/// Uploads may be sent again freely (an extra copy of a file is never
/// referenced), up to this many attempts in all.
pub const UPLOAD_ATTEMPTS: u32 = 3;

impl Policy {
    /// When to send an upload again after `attempt` attempts, if at all.
    pub fn upload_retry(&self, failure: Failure, attempt: u32, random: f64) -> Option<f64> {
        if attempt >= UPLOAD_ATTEMPTS {
            return None;
        }
        match failure {
            Failure::Status {
                status: 408 | 429 | 500..=599,
                retry_after,
            } => Some(retry_after.map_or_else(
                || self.backoff_ms(attempt, random),
                |seconds| self.retry_after_ms(seconds),
            )),
            Failure::NoAnswer | Failure::Unreadable => Some(self.backoff_ms(attempt, random)),
            Failure::Status { .. } => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_doubles_up_to_the_cap_with_jitter() {
        let policy = Policy::default();
        assert_eq!(policy.backoff_ms(1, 1.0), 1000.0);
        assert_eq!(policy.backoff_ms(2, 1.0), 2000.0);
        assert_eq!(policy.backoff_ms(3, 0.0), 2000.0);
        assert_eq!(policy.backoff_ms(10, 1.0), 30_000.0);
        assert_eq!(policy.backoff_ms(40, 1.0), 30_000.0);
    }

    #[test]
    fn refused_before_processing_is_retried_honouring_retry_after() {
        let policy = Policy::default();
        let busy = Failure::Status {
            status: 429,
            retry_after: Some(5),
        };
        assert_eq!(policy.after(busy, 1, 0.3, false), Next::RetryIn(5000.0));
        let unavailable = Failure::Status {
            status: 503,
            retry_after: None,
        };
        assert_eq!(
            policy.after(unavailable, 2, 1.0, false),
            Next::RetryIn(2000.0)
        );
    }

    #[test]
    fn ambiguous_failures_are_retried_only_after_a_check() {
        let policy = Policy::default();
        for failure in [
            Failure::NoAnswer,
            Failure::Unreadable,
            Failure::Status {
                status: 504,
                retry_after: None,
            },
            Failure::Status {
                status: 502,
                retry_after: None,
            },
        ] {
            assert_eq!(
                policy.after(failure, 1, 1.0, true),
                Next::CheckThenRetryIn(1000.0),
                "{failure:?}"
            );
            assert_eq!(
                policy.after(failure, 1, 1.0, false),
                Next::GiveUp,
                "{failure:?}"
            );
        }
    }

    #[test]
    fn uploads_are_retried_freely_but_not_forever() {
        let policy = Policy::default();
        let server_error = Failure::Status {
            status: 500,
            retry_after: None,
        };
        assert_eq!(policy.upload_retry(server_error, 1, 1.0), Some(1000.0));
        assert_eq!(policy.upload_retry(Failure::NoAnswer, 2, 1.0), Some(2000.0));
        assert_eq!(policy.upload_retry(server_error, 3, 1.0), None);
        let too_big = Failure::Status {
            status: 413,
            retry_after: None,
        };
        assert_eq!(policy.upload_retry(too_big, 1, 1.0), None);
        let busy = Failure::Status {
            status: 429,
            retry_after: Some(4),
        };
        assert_eq!(policy.upload_retry(busy, 1, 0.0), Some(4000.0));
        let for_a_day = Failure::Status {
            status: 503,
            retry_after: Some(86_400),
        };
        assert_eq!(
            policy.upload_retry(for_a_day, 1, 0.0),
            Some(120_000.0),
            "Retry-After is capped for uploads as for the create call"
        );
    }

    #[test]
    fn answers_that_will_not_change_are_final() {
        let policy = Policy::default();
        for status in [400, 401, 403, 404, 413, 415, 500] {
            let failure = Failure::Status {
                status,
                retry_after: None,
            };
            assert_eq!(
                policy.after(failure, 1, 0.5, true),
                Next::GiveUp,
                "{status}"
            );
        }
        let busy = Failure::Status {
            status: 503,
            retry_after: None,
        };
        assert_eq!(
            policy.after(busy, 6, 0.5, true),
            Next::GiveUp,
            "attempts run out"
        );
    }
}
