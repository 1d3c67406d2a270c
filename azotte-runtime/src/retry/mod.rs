//! [`RetryPolicy`]: when and how long [`Client::call`](crate::Client::call)
//! waits before sending a failed attempt again, and the client-wide retry
//! budget that keeps retries from piling onto an outage.
//!
//! Retried: connection failures before a response (connect errors, resets),
//! timeouts, and HTTP 429 / 502 / 503 / 504; and only for calls that are safe
//! to repeat: `GET`, `PUT`, `DELETE`, or calls carrying an idempotency key —
//! except a failure to connect, which is retried for any call: nothing was
//! sent, so nothing can happen twice.
//! Never retried: any other status (400, 403, 404, 409, 422, 500, ...). A 401
//! is the auth scheme's business ([`Auth::on_unauthorized`](crate::Auth::on_unauthorized)),
//! not the policy's. The decision logic is pure and tested here; the loop
//! itself lives in `client.rs`.

mod after;
mod budget;

pub(crate) use after::{header_retry_after, retry_after};
pub(crate) use budget::BudgetState;
pub use budget::RetryBudget;

use std::time::Duration;

/// Default attempts per call, the first one included (AWS SDK standard mode).
pub const DEFAULT_MAX_ATTEMPTS: u32 = 3;
/// Default backoff before the first retry, doubled per retry (Stainless SDKs).
pub const DEFAULT_INITIAL_BACKOFF: Duration = Duration::from_millis(500);
/// Default ceiling of the exponential backoff (Stainless SDKs).
pub const DEFAULT_MAX_BACKOFF: Duration = Duration::from_secs(8);
/// Default longest server-requested wait honoured; a server asking more ends
/// the call, and the error carries the wait ([`ApiError::retry_after`](crate::ApiError::retry_after)).
pub const DEFAULT_MAX_RETRY_AFTER: Duration = Duration::from_secs(30);

/// How backoff delays are randomized.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Jitter {
    /// Uniform in `[0, backoff)` ("full jitter"): spreads retries of many
    /// clients hit by the same outage.
    Full,
    /// Exactly the exponential backoff (deterministic; for tests).
    None,
}

/// When and how a failed call is retried. Set with
/// [`ClientConfig::retry`](crate::ClientConfig::retry).
///
/// Defaults: 3 attempts in total, backoff 500 ms doubling to at most 8 s with
/// full jitter, server-requested waits honoured up to 30 s (longer ones are
/// surfaced on the error, see [`max_retry_after`](Self::max_retry_after)), the
/// [`RetryBudget::STANDARD`] budget, no whole-operation timeout (each attempt
/// still has [`ClientConfig::timeout`](crate::ClientConfig::timeout)).
///
/// ```
/// # use azotte_runtime::{RetryPolicy, Jitter};
/// # use std::time::Duration;
/// let policy = RetryPolicy::new()
///     .max_attempts(4)
///     .operation_timeout(Duration::from_secs(20));
/// let policy = RetryPolicy::new().jitter(Jitter::None);
/// assert_eq!(policy.backoff(1, 0.0), Duration::from_millis(500));
/// assert_eq!(policy.backoff(2, 0.0), Duration::from_secs(1));
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct RetryPolicy {
    pub(crate) max_attempts: u32,
    pub(crate) initial_backoff: Duration,
    pub(crate) max_backoff: Duration,
    pub(crate) jitter: Jitter,
    pub(crate) max_retry_after: Duration,
    pub(crate) budget: Option<RetryBudget>,
    pub(crate) operation_timeout: Option<Duration>,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        Self::new()
    }
}

impl RetryPolicy {
    /// The default policy (see the type's documentation).
    pub fn new() -> Self {
        RetryPolicy {
            max_attempts: DEFAULT_MAX_ATTEMPTS,
            initial_backoff: DEFAULT_INITIAL_BACKOFF,
            max_backoff: DEFAULT_MAX_BACKOFF,
            jitter: Jitter::Full,
            max_retry_after: DEFAULT_MAX_RETRY_AFTER,
            budget: Some(RetryBudget::STANDARD),
            operation_timeout: None,
        }
    }

    /// One attempt, no retries (the 401 re-authorization still happens).
    pub fn disabled() -> Self {
        RetryPolicy {
            max_attempts: 1,
            ..Self::new()
        }
    }

    /// Attempts per call including the first (0 is treated as 1).
    pub fn max_attempts(mut self, attempts: u32) -> Self {
        self.max_attempts = attempts.max(1);
        self
    }

    /// Backoff before the first retry; doubled for each further retry.
    pub fn initial_backoff(mut self, backoff: Duration) -> Self {
        self.initial_backoff = backoff;
        self
    }

    /// Ceiling of the exponential backoff.
    pub fn max_backoff(mut self, backoff: Duration) -> Self {
        self.max_backoff = backoff;
        self
    }

    /// How backoff is randomized.
    pub fn jitter(mut self, jitter: Jitter) -> Self {
        self.jitter = jitter;
        self
    }

    /// Longest server-requested wait (`Retry-After` headers, or the body key
    /// the envelope declares, e.g. `retryAfter`) slept before retrying
    /// (default 30 s). When a server asks for longer the wait is not slept:
    /// the call returns the error at once, and its
    /// [`retry_after`](crate::ApiError::retry_after) says how long the server
    /// asked for, so the caller can decide (schedule, wait, give up).
    pub fn max_retry_after(mut self, limit: Duration) -> Self {
        self.max_retry_after = limit;
        self
    }

    /// The client-wide retry budget.
    pub fn retry_budget(mut self, budget: RetryBudget) -> Self {
        self.budget = Some(budget);
        self
    }

    /// No retry budget: retries are limited by `max_attempts` only.
    pub fn no_retry_budget(mut self) -> Self {
        self.budget = None;
        self
    }

    /// Limit on the whole call, all attempts and waits included. Elapsing
    /// during an attempt gives [`ApiError::Timeout`](crate::ApiError::Timeout);
    /// a wait that would outlast it is not started (the last error is returned).
    pub fn operation_timeout(mut self, timeout: Duration) -> Self {
        self.operation_timeout = Some(timeout);
        self
    }

    /// The wait before retry number `retry` (1 = the first retry), given
    /// `random` in `[0, 1)`: `min(max_backoff, initial_backoff * 2^(retry-1))`,
    /// scaled by `random` under [`Jitter::Full`]. Pure, for tests.
    pub fn backoff(&self, retry: u32, random: f64) -> Duration {
        let exponent = retry.saturating_sub(1).min(31);
        let base = self
            .initial_backoff
            .saturating_mul(1 << exponent)
            .min(self.max_backoff);
        match self.jitter {
            Jitter::None => base,
            Jitter::Full => base.mul_f64(random.clamp(0.0, 1.0)),
        }
    }

    /// Decides whether attempt number `attempt` (1-based), which failed with
    /// `cause`, is followed by another, and after what wait.
    pub(crate) fn decide(&self, input: &RetryInput<'_>) -> Decision {
        // A call that never connected sent nothing: repeating it is safe.
        if !input.idempotent && input.cause != Cause::Connect {
            return Decision::Stop("not idempotent (POST/PATCH without an idempotency key)");
        }
        if input.attempt >= self.max_attempts {
            return Decision::Stop("attempts exhausted");
        }
        let delay = match input.retry_after {
            Some(asked) if asked > self.max_retry_after => {
                return Decision::Stop("server asked to wait longer than max_retry_after")
            }
            Some(asked) => asked,
            None => self.backoff(input.attempt, rand::random::<f64>()),
        };
        if input.remaining.is_some_and(|left| delay >= left) {
            return Decision::Stop("the operation timeout would elapse while waiting");
        }
        if let (Some(budget), Some(state)) = (self.budget, input.budget) {
            let cost = match input.cause {
                Cause::Timeout => budget.timeout_cost,
                Cause::Status(_) | Cause::Connect | Cause::Connection => budget.retry_cost,
            };
            if !state.try_take(cost) {
                return Decision::Stop("retry budget exhausted");
            }
        }
        Decision::Retry(delay)
    }
}

/// Why an attempt failed, as far as retrying is concerned.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Cause {
    /// A retryable HTTP status.
    Status(u16),
    /// The connection could not be made: nothing was sent.
    Connect,
    /// No response: the connection broke while sending or before the
    /// response head (the request may have arrived).
    Connection,
    /// The attempt timed out.
    Timeout,
}

impl Cause {
    pub(crate) fn name(self) -> &'static str {
        match self {
            Cause::Status(_) => "status",
            Cause::Connect => "connect",
            Cause::Connection => "connection",
            Cause::Timeout => "timeout",
        }
    }
}

/// Everything [`RetryPolicy::decide`] looks at.
pub(crate) struct RetryInput<'a> {
    pub attempt: u32,
    pub cause: Cause,
    pub retry_after: Option<Duration>,
    pub idempotent: bool,
    pub remaining: Option<Duration>,
    pub budget: Option<&'a BudgetState>,
}

/// The outcome of [`RetryPolicy::decide`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Decision {
    Retry(Duration),
    Stop(&'static str),
}

/// The statuses worth retrying: rate limited, bad gateway, unavailable, gateway timeout.
pub(crate) fn is_retryable_status(status: u16) -> bool {
    matches!(status, 429 | 502 | 503 | 504)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input(attempt: u32, retry_after: Option<Duration>) -> RetryInput<'static> {
        RetryInput {
            attempt,
            cause: Cause::Status(503),
            retry_after,
            idempotent: true,
            remaining: None,
            budget: None,
        }
    }

    #[test]
    fn backoff_doubles_up_to_the_cap_and_full_jitter_scales_it() {
        let policy = RetryPolicy::new().jitter(Jitter::None);
        let ms = |retry| policy.backoff(retry, 0.7).as_millis();
        assert_eq!(
            [ms(1), ms(2), ms(3), ms(4), ms(5), ms(6), ms(40)],
            [500, 1000, 2000, 4000, 8000, 8000, 8000]
        );
        let full = RetryPolicy::new();
        assert_eq!(full.backoff(2, 0.5), Duration::from_millis(500));
        assert_eq!(full.backoff(1, 0.0), Duration::ZERO);
        assert!(full.backoff(3, 0.999_999) < Duration::from_secs(2));
    }

    #[test]
    fn decisions() {
        let policy = RetryPolicy::new().jitter(Jitter::None);
        assert_eq!(
            policy.decide(&input(1, None)),
            Decision::Retry(Duration::from_millis(500))
        );
        assert_eq!(
            policy.decide(&input(2, Some(Duration::from_secs(3)))),
            Decision::Retry(Duration::from_secs(3))
        );
        assert!(matches!(policy.decide(&input(3, None)), Decision::Stop(_)));
        assert!(matches!(
            policy.decide(&input(1, Some(Duration::from_secs(31)))),
            Decision::Stop(_)
        ));
        let mut not_safe = input(1, None);
        not_safe.idempotent = false;
        assert!(matches!(policy.decide(&not_safe), Decision::Stop(_)));
        not_safe.cause = Cause::Connection;
        assert!(matches!(policy.decide(&not_safe), Decision::Stop(_)));
        // Nothing was sent: safe to repeat even without an idempotency key.
        not_safe.cause = Cause::Connect;
        assert!(matches!(policy.decide(&not_safe), Decision::Retry(_)));
        let mut late = input(1, None);
        late.remaining = Some(Duration::from_millis(100));
        assert!(matches!(policy.decide(&late), Decision::Stop(_)));
        assert!(matches!(
            RetryPolicy::disabled().decide(&input(1, None)),
            Decision::Stop(_)
        ));
    }

    #[test]
    fn budget_takes_and_refunds() {
        let state = BudgetState::new(RetryBudget {
            capacity: 12,
            ..RetryBudget::STANDARD
        });
        let policy = RetryPolicy::new().jitter(Jitter::None);
        let mut with_budget = input(1, None);
        with_budget.budget = Some(&state);
        with_budget.cause = Cause::Timeout;
        assert!(matches!(policy.decide(&with_budget), Decision::Retry(_))); // 12 -> 2
        with_budget.cause = Cause::Connection;
        assert!(matches!(policy.decide(&with_budget), Decision::Stop(_)));
        state.refund(100);
        assert!(state.try_take(12));
        assert!(!state.try_take(1));
    }
}
