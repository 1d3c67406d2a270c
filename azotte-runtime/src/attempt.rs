//! The attempt loop behind [`Client::call`](crate::Client::call): one
//! prepared [`Plan`] (URL, headers, body, correlation id and idempotency key,
//! fixed once per call) is sent as many times as the retry policy and the
//! 401 re-authorization allow.
//!
//! Per attempt: build the request (the first attempt takes the prepared URL
//! and headers; a retry rebuilds them, so nothing is copied unless a retry
//! happens), run interceptors, apply auth, send and read the body under the
//! size cap, both under one timer for the attempt deadline
//! (`min(per-attempt timeout, operation deadline)`; the same timer bounds
//! auth by the operation deadline, and reqwest's own per-request timeout is
//! cleared, so an attempt runs one timer, not two). The error context is
//! only built when an error is. Then: a 401 the auth scheme can recover from
//! is re-sent once; a retryable failure waits and loops; anything else ends
//! the call, and `Done::decode` decodes it. Each attempt runs in an
//! `azotte.attempt` span.

use crate::auth::{AuthContext, AuthError};
use crate::client::Inner;
use crate::endpoint::Endpoint;
use crate::envelope::{self, RawResponse, Sent};
use crate::error::{
    ApiError, AuthFailure, ConfigError, ConfigErrorKind, EndpointError, ErrorContext, Failure,
    InterceptorFailure, TransportError,
};
use crate::headers::{self, CallOptions, Generated};
use crate::interceptor::{CallInfo, InterceptorError};
use crate::response::Response;
use crate::retry::{is_retryable_status, retry_after, Cause, Decision, RetryInput};
use crate::transport::{Sending, TransportFailure, TransportFailureKind};
use http::header::{HeaderMap, SET_COOKIE};
use serde::de::DeserializeOwned;
use std::future::Future;
use std::ops::Range;
use std::pin::{pin, Pin};
use std::task::Poll;
use std::time::SystemTime;
use tokio::time::{sleep_until, Instant, Sleep};
use tracing::{field, Instrument};

/// Everything fixed for the whole call.
///
/// The first attempt's URL and headers are built once and moved into its
/// request; a retry rebuilds them from the same inputs (the same generated
/// correlation id and idempotency key), so a call that is not retried copies
/// nothing. The body is shared, not copied, between attempts.
pub(crate) struct Plan {
    pub endpoint: &'static Endpoint,
    /// `base_url`, resolved path and query string: the URL's text.
    pub url_text: String,
    /// Where the resolved path (no query) is in `url_text`.
    pub path: Range<usize>,
    /// The first attempt's URL and headers (every non-auth header,
    /// idempotency key and correlation id included); taken by it.
    pub first: Option<(reqwest::Url, HeaderMap)>,
    /// What rebuilding the headers reuses.
    pub generated: Generated,
    pub body: Option<bytes::Bytes>,
    pub correlation_id: Option<String>,
    pub correlation_header: Option<&'static str>,
    pub idempotent: bool,
    /// End of the whole operation, if bounded.
    pub deadline: Option<Instant>,
}

impl Plan {
    /// Resolved path, no query.
    pub fn path(&self) -> &str {
        &self.url_text[self.path.clone()]
    }

    /// The context of an error of this call, after `attempts` requests.
    pub fn context(&self, attempts: u32) -> ErrorContext {
        ErrorContext {
            endpoint_id: self.endpoint.id,
            method: self.endpoint.method,
            path: self.path().to_owned(),
            status: None,
            correlation_id: self.correlation_id.clone(),
            headers: None,
            attempts,
            rate_limit: None,
            retry_after: None,
        }
    }

    /// The URL and non-auth headers of the next attempt: the prepared ones
    /// the first time, rebuilt identically after that.
    fn parts(
        &mut self,
        inner: &Inner,
        options: &CallOptions,
    ) -> Result<(reqwest::Url, HeaderMap), ConfigErrorKind> {
        if let Some(first) = self.first.take() {
            return Ok(first);
        }
        let url = inner.base_url.join(&self.url_text, self.path.clone());
        let headers = headers::rebuild(
            self.endpoint,
            options,
            self.body.is_some(),
            inner.user_agent.as_ref(),
            self.correlation_id.as_deref(),
            &self.generated,
        )?;
        Ok((url, headers))
    }
}

/// Polls `future` until it completes or `deadline` fires (`None`). One timer
/// serves auth (under an operation deadline), the send and the body read of
/// an attempt. Not an `async fn`, and a large future is pinned by the caller:
/// the attempt's state holds it once.
fn before<'a, F>(
    mut deadline: Pin<&'a mut Sleep>,
    mut future: F,
) -> impl Future<Output = Option<F::Output>> + 'a
where
    F: Future + Unpin + 'a,
{
    std::future::poll_fn(move |cx| {
        if let Poll::Ready(output) = Pin::new(&mut future).poll(cx) {
            return Poll::Ready(Some(output));
        }
        deadline.as_mut().poll(cx).map(|()| None)
    })
}

/// The response that ended a call's attempts, with what decoding it needs
/// from the call's [`Plan`].
pub(crate) struct Done {
    raw: RawResponse,
    endpoint: &'static Endpoint,
    url_text: String,
    path: Range<usize>,
    correlation_id: Option<String>,
    correlation_header: Option<&'static str>,
    attempts: u32,
}

impl Done {
    /// Decodes the response into `T`, or the endpoint's error `E`.
    pub(crate) fn decode<T: DeserializeOwned, E: EndpointError>(
        self,
    ) -> Result<Response<T>, ApiError<E>> {
        let sent = Sent {
            path: &self.url_text[self.path],
            correlation_id: self.correlation_id,
            correlation_header: self.correlation_header,
            attempts: self.attempts,
        };
        envelope::decode(self.endpoint, self.raw, sent)
    }
}

/// Gives the retry budget its refund for a call that succeeded.
pub(crate) fn refund(inner: &Inner, options: &CallOptions) {
    let policy = options.retry.as_ref().unwrap_or(&inner.retry);
    if let (Some(budget), Some(state)) = (policy.budget, &inner.budget) {
        state.refund(budget.success_refund);
    }
}

/// Runs attempts until one ends the call: with the response to decode, or
/// how the call failed before one could be.
///
/// Not generic over the endpoint's payload and error types: the loop, the
/// send and everything reqwest puts in its future are compiled once for
/// every endpoint, and only [`Done::decode`] per endpoint (issue 18: one
/// copy of this per endpoint made a one-lane release binary 1.14× the size
/// of progenitor's).
///
/// Not an `async fn`: its state would hold `plan` twice (the argument and
/// the moved binding); the `async move` block owns it once.
#[allow(clippy::manual_async_fn)] // on purpose: see above
pub(crate) fn run<'a>(
    inner: &'a Inner,
    options: &'a CallOptions,
    mut plan: Plan,
) -> impl Future<Output = Result<Done, Failure>> + Send + 'a {
    async move {
        let endpoint = plan.endpoint;
        let mut attempt = 0;
        let mut reauthorized = false;
        loop {
            attempt += 1;
            let span = crate::client::span_if_seen(|| {
                tracing::info_span!(
                    "azotte.attempt",
                    endpoint = endpoint.id,
                    method = endpoint.method.as_str(),
                    path = plan.path(),
                    attempt,
                    status = field::Empty,
                    correlation_id = plan.correlation_id.as_deref(),
                )
            });
            // Set once auth has been applied (always, when a response came).
            let mut authorized_at = None;
            let outcome = send(
                inner,
                options,
                &mut plan,
                attempt,
                &span,
                &mut authorized_at,
            )
            .instrument(span.clone())
            .await;

            // Decided in a plain function that takes the outcome, so a
            // failed attempt's response is not held across the retry wait
            // (nor kept in the call's state beside the attempt's future).
            let outcome = match next(
                inner,
                options,
                &plan,
                (attempt, reauthorized, authorized_at),
                &span,
                outcome,
            ) {
                Next::Reauthorize => {
                    reauthorized = true;
                    continue;
                }
                Next::Retry(delay) => {
                    tokio::time::sleep(delay).await;
                    continue;
                }
                Next::Done(outcome) => outcome,
            };

            return outcome.map(|raw| Done {
                raw,
                endpoint,
                url_text: plan.url_text,
                path: plan.path,
                correlation_id: plan.correlation_id,
                correlation_header: plan.correlation_header,
                attempts: attempt,
            });
        }
    }
}

/// What follows an attempt.
enum Next {
    /// Send once more after a 401 the auth scheme can recover from.
    Reauthorize,
    /// Wait, then send again.
    Retry(std::time::Duration),
    /// The call ends with this outcome (decoded if a response).
    Done(Result<RawResponse, Failure>),
}

/// Decides what follows an attempt: a 401 the auth scheme can recover from
/// is sent once more; a retryable failure is retried as the policy decides;
/// anything else ends the call.
fn next(
    inner: &Inner,
    options: &CallOptions,
    plan: &Plan,
    (attempt, reauthorized, authorized_at): (u32, bool, Option<std::time::Instant>),
    span: &tracing::Span,
    outcome: Result<RawResponse, Failure>,
) -> Next {
    let endpoint = plan.endpoint;
    let (cause, wait) = match &outcome {
        Ok(raw)
            if raw.status == 401
                && !reauthorized
                && authorized_at.is_some_and(|at| inner.auth.on_unauthorized(at)) =>
        {
            span.in_scope(|| {
                tracing::debug!(
                    "HTTP 401: the auth scheme dropped its credentials; sending once more"
                );
            });
            return Next::Reauthorize;
        }
        Ok(raw) if is_retryable_status(raw.status) => (
            Some(Cause::Status(raw.status)),
            retry_after(
                &raw.headers,
                &raw.body,
                endpoint.envelope.retry_after,
                SystemTime::now(),
            ),
        ),
        Err(ApiError::Timeout(_)) => (Some(Cause::Timeout), None),
        Err(ApiError::Transport(e)) => match e.source.kind() {
            TransportFailureKind::Connect => (Some(Cause::Connect), None),
            TransportFailureKind::Send => (Some(Cause::Connection), None),
            _ => (None, None),
        },
        _ => (None, None),
    };
    if let Some(cause) = cause {
        let input = RetryInput {
            // The 401 re-send is not the policy's attempt.
            attempt: attempt - u32::from(reauthorized),
            cause,
            retry_after: wait,
            idempotent: plan.idempotent,
            remaining: plan
                .deadline
                .map(|d| d.saturating_duration_since(Instant::now())),
            budget: inner.budget.as_ref(),
        };
        match options
            .retry
            .as_ref()
            .unwrap_or(&inner.retry)
            .decide(&input)
        {
            Decision::Retry(delay) => {
                span.in_scope(|| {
                    tracing::info!(
                        reason = cause.name(),
                        delay_ms = u64::try_from(delay.as_millis()).unwrap_or(u64::MAX),
                        server_asked = wait.is_some(),
                        "retrying"
                    );
                });
                return Next::Retry(delay);
            }
            Decision::Stop(why) => span.in_scope(|| {
                let asked_ms = wait.map(|w| u64::try_from(w.as_millis()).unwrap_or(u64::MAX));
                tracing::debug!(reason = cause.name(), why, asked_ms, "not retrying");
            }),
        }
    }

    Next::Done(outcome)
}

/// Why an attempt ended without a response read whole.
enum Stop {
    /// The attempt's (or the operation's) deadline passed.
    Timeout,
    /// The URL or headers could not be rebuilt for a retry.
    Config(ConfigErrorKind),
    /// An interceptor refused the request.
    Interceptor(InterceptorError),
    /// The auth scheme could not authorize it.
    Auth(AuthError),
    /// The transport failed (a timeout of its own counts as [`Stop::Timeout`]).
    Transport(TransportFailure),
}

impl Plan {
    /// The error of an attempt that ended with `stop`, after the response
    /// head `head` when one had come: every error of an attempt is built
    /// here.
    ///
    /// Cold and never inlined, so the error paths' code stays out of the
    /// attempt's state machine, which every call runs through (BENCHMARKS.md,
    /// "Where the last 2–3 % goes": 64 instructions fewer per call; the
    /// cache misses did not measurably move).
    #[cold]
    #[inline(never)]
    fn fail(&self, attempt: u32, stop: Stop, head: Option<(u16, HeaderMap)>) -> Failure {
        let mut context = self.context(attempt);
        if let Some((status, headers)) = head {
            context.status = Some(status);
            context.headers = Some(headers);
        }
        match stop {
            Stop::Timeout => ApiError::Timeout(Box::new(context)),
            Stop::Transport(source) if source.is_timeout() => ApiError::Timeout(Box::new(context)),
            Stop::Transport(source) => {
                ApiError::Transport(Box::new(TransportError { context, source }))
            }
            Stop::Config(kind) => ApiError::Config(Box::new(ConfigError { context, kind })),
            Stop::Interceptor(source) => {
                ApiError::Interceptor(Box::new(InterceptorFailure { context, source }))
            }
            Stop::Auth(source) => ApiError::Auth(Box::new(AuthFailure { context, source })),
        }
    }
}

/// One attempt: a response (any status), or why none arrived. Sets
/// `authorized_at` when auth has been applied (for [`Auth::on_unauthorized`](crate::Auth::on_unauthorized)).
async fn send(
    inner: &Inner,
    options: &CallOptions,
    plan: &mut Plan,
    attempt: u32,
    span: &tracing::Span,
    authorized_at: &mut Option<std::time::Instant>,
) -> Result<RawResponse, Failure> {
    let endpoint = plan.endpoint;
    let now = Instant::now();
    let timeout = options.timeout.unwrap_or(inner.timeout);
    let limit = match plan.deadline {
        Some(deadline) => timeout.min(deadline.saturating_duration_since(now)),
        None => timeout,
    };
    if limit.is_zero() {
        return Err(plan.fail(attempt, Stop::Timeout, None));
    }
    let attempt_deadline = now + limit;

    let (url, headers) = match plan.parts(inner, options) {
        Ok(parts) => parts,
        Err(kind) => return Err(plan.fail(attempt, Stop::Config(kind), None)),
    };
    let plan = &*plan;
    // Built where an interceptor needs it, not kept in the attempt's state.
    let info = || CallInfo {
        endpoint_id: endpoint.id,
        method: endpoint.method,
        path: plan.path(),
        attempt,
        correlation_id: plan.correlation_id.as_deref(),
    };
    // One timer per attempt: the operation deadline while auth runs (when
    // there is one, else the attempt's, so a slow token endpoint cannot hold
    // a call past its timeout), then the attempt deadline for the send and
    // the body read.
    let mut deadline = pin!(sleep_until(plan.deadline.unwrap_or(attempt_deadline)));
    // Scoped so the request's storage is not kept in the attempt's state
    // across the later awaits (nor the response's, below).
    let sending = {
        let mut request = reqwest::Request::new(endpoint.method.to_http(), url);
        *request.headers_mut() = headers;
        *request.timeout_mut() = Some(limit);
        if let Some(body) = &plan.body {
            *request.body_mut() = Some(body.clone().into());
        }
        if !inner.interceptors.is_empty() {
            let info = info();
            for interceptor in &inner.interceptors {
                if let Err(source) = interceptor.before_send(&info, &mut request) {
                    return Err(plan.fail(attempt, Stop::Interceptor(source), None));
                }
            }
        }
        let authorizing = inner.auth.authorize(
            &mut request,
            AuthContext::of_client(
                &*inner.transport,
                &inner.interceptors,
                inner.user_agent.as_ref(),
            ),
        );
        let applied = before(deadline.as_mut(), authorizing).await;
        match applied {
            None => return Err(plan.fail(attempt, Stop::Timeout, None)),
            Some(Err(source)) => return Err(plan.fail(attempt, Stop::Auth(source), None)),
            Some(Ok(())) => *authorized_at = Some(std::time::Instant::now()),
        }
        // The runtime's timer enforces the attempt's limit (it started
        // first, so it fires first); reqwest's own would be a second timer
        // (and a boxed one, and a wrapped body) per attempt. A limit an
        // interceptor or the auth scheme set is left to the transport.
        if request.timeout() == Some(&limit) {
            *request.timeout_mut() = None;
        }
        match &inner.http {
            Some(http) => Sending::Reqwest(http.execute(request)),
            None => Sending::Transport(inner.transport.send(request)),
        }
    };
    if plan.deadline.is_some() {
        deadline.as_mut().reset(attempt_deadline);
    }
    let (status, headers, reading) = {
        let mut response = match before(deadline.as_mut(), sending).await {
            None => return Err(plan.fail(attempt, Stop::Timeout, None)),
            Some(Err(e)) => return Err(plan.fail(attempt, Stop::Transport(e), None)),
            Some(Ok(response)) => response,
        };
        let status = response.status();
        if !span.is_none() {
            span.record("status", status);
        }
        if !inner.interceptors.is_empty() {
            let info = info();
            for interceptor in &inner.interceptors {
                interceptor.after_receive(&info, status, response.headers());
            }
        }
        let mut headers = response.take_headers();
        for (name, value) in headers.iter_mut() {
            if name == SET_COOKIE {
                value.set_sensitive(true);
            }
        }
        (
            status,
            headers,
            response.read_body(inner.max_response_bytes),
        )
    };
    let reading = pin!(reading);
    let (body, too_large) = match before(deadline, reading).await {
        Some(Ok(read)) => read,
        Some(Err(e)) => {
            return Err(plan.fail(attempt, Stop::Transport(e), Some((status, headers))))
        }
        None => return Err(plan.fail(attempt, Stop::Timeout, Some((status, headers)))),
    };
    tracing::debug!(status, body_bytes = body.len(), "response received");
    Ok(RawResponse {
        status,
        headers,
        body,
        too_large,
    })
}
