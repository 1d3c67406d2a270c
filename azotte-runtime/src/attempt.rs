//! The attempt loop behind [`Client::call`](crate::Client::call): one
//! prepared [`Plan`] (URL, headers, body, correlation id and idempotency key,
//! fixed once per call) is sent as many times as the retry policy and the
//! 401 re-authorization allow.
//!
//! Per attempt: build the request, run interceptors, apply auth, send under
//! the attempt deadline (`min(per-attempt timeout, operation deadline)`), read
//! the body under the size cap. Then: a 401 the auth scheme can recover from
//! is re-sent once; a retryable failure waits and loops; anything else is
//! decoded. Each attempt runs in an `azotte.attempt` span.

use crate::client::Inner;
use crate::endpoint::Endpoint;
use crate::envelope::{self, RawResponse};
use crate::error::{
    ApiError, AuthFailure, EndpointError, ErrorContext, InterceptorFailure, TransportError,
};
use crate::interceptor::CallInfo;
use crate::response::Response;
use crate::retry::{is_retryable_status, retry_after, Cause, Decision, RetryInput};
use crate::transport::{TransportFailure, TransportFailureKind};
use reqwest::header::{HeaderMap, SET_COOKIE};
use serde::de::DeserializeOwned;
use std::time::SystemTime;
use tokio::time::{timeout_at, Instant};
use tracing::{field, Instrument};

/// Everything fixed for the whole call.
pub(crate) struct Plan {
    pub endpoint: &'static Endpoint,
    /// Resolved path, no query.
    pub path: String,
    pub url: reqwest::Url,
    /// Every non-auth header, idempotency key and correlation id included.
    pub headers: HeaderMap,
    pub body: Option<Vec<u8>>,
    pub correlation_id: Option<String>,
    pub correlation_header: Option<&'static str>,
    pub idempotent: bool,
    /// End of the whole operation, if bounded.
    pub deadline: Option<Instant>,
}

/// Runs attempts until one ends the call.
pub(crate) async fn run<T, E>(
    inner: &Inner,
    plan: &Plan,
    mut context: ErrorContext,
) -> Result<Response<T>, ApiError<E>>
where
    T: DeserializeOwned,
    E: EndpointError,
{
    let endpoint = plan.endpoint;
    let mut attempt = 0;
    let mut reauthorized = false;
    loop {
        attempt += 1;
        context.attempts = attempt;
        let span = tracing::info_span!(
            "azotte.attempt",
            endpoint = endpoint.id,
            method = endpoint.method.as_str(),
            path = plan.path.as_str(),
            attempt,
            status = field::Empty,
            correlation_id = plan.correlation_id.as_deref(),
        );
        let outcome = send::<E>(inner, plan, attempt, context.clone(), &span)
            .instrument(span.clone())
            .await;

        let (cause, wait) = match &outcome {
            Ok(raw) if raw.status == 401 && !reauthorized && inner.auth.on_unauthorized() => {
                reauthorized = true;
                span.in_scope(|| {
                    tracing::debug!(
                        "HTTP 401: the auth scheme dropped its credentials; sending once more"
                    );
                });
                continue;
            }
            Ok(raw) if is_retryable_status(raw.status) => (
                Some(Cause::Status(raw.status)),
                retry_after(&raw.headers, &raw.body, SystemTime::now()),
            ),
            Err(ApiError::Timeout(_)) => (Some(Cause::Timeout), None),
            Err(ApiError::Transport(e))
                if matches!(
                    e.source.kind(),
                    TransportFailureKind::Connect | TransportFailureKind::Send
                ) =>
            {
                (Some(Cause::Connection), None)
            }
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
            match inner.retry.decide(&input) {
                Decision::Retry(delay) => {
                    span.in_scope(|| {
                        tracing::info!(
                            reason = cause.name(),
                            delay_ms = u64::try_from(delay.as_millis()).unwrap_or(u64::MAX),
                            server_asked = wait.is_some(),
                            "retrying"
                        );
                    });
                    tokio::time::sleep(delay).await;
                    continue;
                }
                Decision::Stop(why) => span.in_scope(|| {
                    tracing::debug!(reason = cause.name(), why, "not retrying");
                }),
            }
        }

        let result = match outcome {
            Ok(raw) => envelope::decode(endpoint, raw, context, plan.correlation_header),
            Err(error) => Err(error),
        };
        if result.is_ok() {
            if let (Some(budget), Some(state)) = (inner.retry.budget, &inner.budget) {
                state.refund(budget.success_refund);
            }
        }
        return result;
    }
}

fn failure<E>(failure: TransportFailure, context: ErrorContext) -> ApiError<E> {
    if failure.is_timeout() {
        return ApiError::Timeout(Box::new(context));
    }
    ApiError::Transport(Box::new(TransportError {
        context,
        source: failure,
    }))
}

/// One attempt: a response (any status), or why none arrived.
async fn send<E>(
    inner: &Inner,
    plan: &Plan,
    attempt: u32,
    mut context: ErrorContext,
    span: &tracing::Span,
) -> Result<RawResponse, ApiError<E>> {
    let endpoint = plan.endpoint;
    let now = Instant::now();
    let limit = match plan.deadline {
        Some(deadline) => inner.timeout.min(deadline.saturating_duration_since(now)),
        None => inner.timeout,
    };
    if limit.is_zero() {
        return Err(ApiError::Timeout(Box::new(context)));
    }
    let attempt_deadline = now + limit;

    let mut request = reqwest::Request::new(endpoint.method.to_reqwest(), plan.url.clone());
    *request.headers_mut() = plan.headers.clone();
    *request.timeout_mut() = Some(limit);
    if let Some(body) = &plan.body {
        *request.body_mut() = Some(body.clone().into());
    }
    let info = CallInfo {
        endpoint_id: endpoint.id,
        method: endpoint.method,
        path: &plan.path,
        attempt,
        correlation_id: plan.correlation_id.as_deref(),
    };
    for interceptor in &inner.interceptors {
        if let Err(source) = interceptor.before_send(&info, &mut request) {
            return Err(ApiError::Interceptor(Box::new(InterceptorFailure {
                context,
                source,
            })));
        }
    }
    let applied = match plan.deadline {
        Some(deadline) => timeout_at(deadline, inner.auth.apply(&mut request)).await,
        None => Ok(inner.auth.apply(&mut request).await),
    };
    match applied {
        Err(_elapsed) => return Err(ApiError::Timeout(Box::new(context))),
        Ok(Err(source)) => return Err(ApiError::Auth(Box::new(AuthFailure { context, source }))),
        Ok(Ok(())) => {}
    }

    let mut response = match timeout_at(attempt_deadline, inner.transport.send(request)).await {
        Err(_elapsed) => return Err(ApiError::Timeout(Box::new(context))),
        Ok(Err(e)) => return Err(failure(e, context)),
        Ok(Ok(response)) => response,
    };
    let status = response.status();
    span.record("status", status);
    context.status = Some(status);
    for interceptor in &inner.interceptors {
        interceptor.after_receive(&info, status, response.headers());
    }
    let mut headers = response.take_headers();
    for (name, value) in headers.iter_mut() {
        if name == SET_COOKIE {
            value.set_sensitive(true);
        }
    }
    let read = timeout_at(
        attempt_deadline,
        response.into_parts(inner.max_response_bytes),
    )
    .await;
    let (body, too_large) = match read {
        Ok((_, Ok(read))) => read,
        Ok((_, Err(e))) => {
            context.headers = Some(headers);
            return Err(failure(e, context));
        }
        Err(_elapsed) => {
            context.headers = Some(headers);
            return Err(ApiError::Timeout(Box::new(context)));
        }
    };
    tracing::debug!(status, body_bytes = body.len(), "response received");
    Ok(RawResponse {
        status,
        headers,
        body,
        too_large,
    })
}
