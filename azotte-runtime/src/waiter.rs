//! Waiters: poll an operation until it settles (like the AWS SDK's waiters).
//!
//! The spec declares which states end the wait and how (success, failure,
//! caller action such as 3DS); generated code supplies the poll call and the
//! classification, this module the loop: exponential delays between polls,
//! a caller-set deadline, and API errors passed through untouched.

use crate::error::ApiError;
use std::fmt;
use std::future::Future;
use std::time::Duration;
use tokio::time::Instant;

/// How a polled value is classified.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WaitState {
    /// Not settled: poll again.
    Pending,
    /// Settled successfully.
    Succeeded,
    /// Settled as a failure of the operation (not of the call).
    Failed,
    /// The caller must act (e.g. complete a 3DS challenge) before it can settle.
    ActionRequired,
}

/// How a wait ended when the operation settled.
#[derive(Debug, Clone, PartialEq)]
pub enum WaitOutcome<T> {
    /// Reached a success state.
    Succeeded(T),
    /// Reached a failure state.
    Failed(T),
    /// Needs the caller: the value carries what it needs (e.g. the 3DS challenge).
    ActionRequired(T),
}

impl<T> WaitOutcome<T> {
    /// The last polled value, whatever the outcome.
    pub fn into_inner(self) -> T {
        match self {
            Self::Succeeded(v) | Self::Failed(v) | Self::ActionRequired(v) => v,
        }
    }
}

/// Why a wait ended without the operation settling.
#[derive(Debug)]
pub enum WaitError<T, E> {
    /// A poll failed (after the client's own retries).
    Api(ApiError<E>),
    /// The deadline passed first; `last` is the last value polled.
    DeadlineExceeded {
        /// How many polls were made.
        polls: u32,
        /// The last value seen (still pending).
        last: Option<T>,
    },
}

impl<T, E> fmt::Display for WaitError<T, E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Api(e) => write!(f, "waiting failed: {e}"),
            Self::DeadlineExceeded { polls, .. } => {
                write!(
                    f,
                    "the operation did not settle before the deadline ({polls} polls)"
                )
            }
        }
    }
}

impl<T: fmt::Debug, E: fmt::Debug + 'static> std::error::Error for WaitError<T, E>
where
    ApiError<E>: std::error::Error + 'static,
{
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Self::Api(e) => Some(e),
            Self::DeadlineExceeded { .. } => None,
        }
    }
}

/// Delays between polls and the deadline of the whole wait.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct WaitPolicy {
    /// Delay before the second poll; doubles after each poll.
    pub initial_delay: Duration,
    /// The delay never exceeds this.
    pub max_delay: Duration,
    /// The wait gives up when the next poll would start after this much time.
    pub deadline: Duration,
}

impl WaitPolicy {
    /// The delay after poll number `polls` (1-based): initial × 2^(polls−1), capped.
    pub fn delay(&self, polls: u32) -> Duration {
        let factor = 2u32.saturating_pow(polls.saturating_sub(1));
        self.initial_delay
            .saturating_mul(factor)
            .min(self.max_delay)
    }
}

/// Polls until `classify` says the value settled, the deadline passes, or a
/// poll fails. The first poll is immediate.
pub async fn wait<T, E, F, Fut>(
    policy: WaitPolicy,
    mut poll: F,
    classify: impl Fn(&T) -> WaitState,
) -> Result<WaitOutcome<T>, WaitError<T, E>>
where
    F: FnMut() -> Fut,
    Fut: Future<Output = Result<T, ApiError<E>>>,
{
    let start = Instant::now();
    let mut polls = 0u32;
    loop {
        let value = poll().await.map_err(WaitError::Api)?;
        polls += 1;
        match classify(&value) {
            WaitState::Succeeded => return Ok(WaitOutcome::Succeeded(value)),
            WaitState::Failed => return Ok(WaitOutcome::Failed(value)),
            WaitState::ActionRequired => return Ok(WaitOutcome::ActionRequired(value)),
            WaitState::Pending => {}
        }
        let delay = policy.delay(polls);
        if start.elapsed() + delay > policy.deadline {
            tracing::debug!(polls, "wait deadline reached");
            return Err(WaitError::DeadlineExceeded {
                polls,
                last: Some(value),
            });
        }
        tokio::time::sleep(delay).await;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::RawCode;

    fn policy(deadline_ms: u64) -> WaitPolicy {
        WaitPolicy {
            initial_delay: Duration::from_millis(10),
            max_delay: Duration::from_millis(40),
            deadline: Duration::from_millis(deadline_ms),
        }
    }

    #[test]
    fn delays_double_up_to_the_cap() {
        let p = policy(1000);
        let delays: Vec<u128> = (1..=5).map(|n| p.delay(n).as_millis()).collect();
        assert_eq!(delays, [10, 20, 40, 40, 40]);
    }

    #[tokio::test]
    async fn settles_on_the_first_terminal_state() {
        let mut states = vec!["Succeeded", "Pending", "Pending"];
        let classify = |s: &&str| match *s {
            "Succeeded" => WaitState::Succeeded,
            _ => WaitState::Pending,
        };
        let out = wait::<_, RawCode, _, _>(
            policy(1000),
            || std::future::ready(Ok(states.pop().unwrap())),
            classify,
        )
        .await;
        assert_eq!(out.unwrap(), WaitOutcome::Succeeded("Succeeded"));
    }

    #[tokio::test]
    async fn action_required_and_failure_are_outcomes() {
        let out = wait::<_, RawCode, _, _>(
            policy(1000),
            || std::future::ready(Ok(1)),
            |_| WaitState::ActionRequired,
        )
        .await;
        assert_eq!(out.unwrap(), WaitOutcome::ActionRequired(1));
        let out = wait::<_, RawCode, _, _>(
            policy(1000),
            || std::future::ready(Ok(2)),
            |_| WaitState::Failed,
        )
        .await;
        assert_eq!(out.unwrap().into_inner(), 2);
    }

    #[tokio::test]
    async fn the_deadline_stops_a_pending_wait() {
        let mut polls = 0;
        let out = wait::<_, RawCode, _, _>(
            policy(50),
            || {
                polls += 1;
                std::future::ready(Ok(polls))
            },
            |_| WaitState::Pending,
        )
        .await;
        match out {
            Err(WaitError::DeadlineExceeded { polls, last }) => {
                assert!(
                    (2..=4).contains(&polls),
                    "{polls} polls in 50 ms with 10/20/40 ms delays"
                );
                assert_eq!(last, Some(polls as i32));
            }
            other => panic!("{other:?}"),
        }
    }
}
