//! [`Client`]: the one place a call happens. Generated method bodies build a
//! [`Request`] and hand it, with their static [`Endpoint`], to [`Client::call`],
//! which resolves the URL and headers once, then runs attempts (see
//! `attempt.rs`): interceptors, auth, send, read the body under a size cap,
//! retry per the [`RetryPolicy`]; then decodes the envelope. Only that last
//! step depends on the endpoint's types: the rest is compiled once.
//!
//! A `Client` is an `Arc` plus small per-call options, so `with_*` clones are
//! cheap (and share the retry budget). Each call runs in an
//! `info_span!("azotte.call")` carrying endpoint id, method, path, status,
//! correlation id and attempts, each attempt in an `azotte.attempt` span;
//! header values, bodies and credentials are never recorded.

use crate::attempt::Plan;
use crate::auth::Auth;
use crate::base_url::BaseUrl;
use crate::config::{BuildError, ClientConfig, DEFAULT_USER_AGENT};
use crate::endpoint::{Endpoint, HeaderRole, Idempotency, Method};
use crate::error::{
    ApiError, ConfigError, EncodeError, EndpointError, ErrorContext, Failure,
};
use crate::headers::{self, CallOptions};
use crate::interceptor::Interceptor;
use crate::request::{Body, Request};
use crate::response::Response;
use crate::retry::{BudgetState, RetryPolicy};
use crate::transport::{ReqwestTransport, Transport};
use http::header::HeaderValue;
use serde::de::DeserializeOwned;
use std::fmt;
use std::sync::Arc;
use std::time::{Duration, Instant};
use tracing::{field, Instrument};

pub(crate) struct Inner {
    pub base_url: BaseUrl,
    pub transport: Arc<dyn Transport>,
    /// The `reqwest::Client` of `transport` when it is the
    /// [`ReqwestTransport`] this client built itself (no transport was
    /// configured): calls then send through it directly, as that transport
    /// does, without its boxed future per attempt
    /// ([`Sending`](crate::transport::Sending)).
    pub http: Option<reqwest::Client>,
    pub auth: Arc<dyn Auth>,
    pub timeout: Duration,
    pub user_agent: Option<HeaderValue>,
    pub max_response_bytes: usize,
    pub retry: RetryPolicy,
    /// The live retry budget, shared by every clone of the client.
    pub budget: Option<BudgetState>,
    pub interceptors: Vec<Arc<dyn Interceptor>>,
}

/// A configured connection to the Azotte API, shared by all generated lane
/// clients. Cheap to clone; `with_*` return a clone with per-call options.
#[derive(Clone)]
pub struct Client {
    inner: Arc<Inner>,
    options: CallOptions,
}

impl fmt::Debug for Client {
    /// Shows the base URL, the auth scheme's own (redacted) `Debug`, the
    /// transport and the retry policy; never per-call header values.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Client")
            .field("base_url", &self.inner.base_url.as_str())
            .field("auth", &self.inner.auth)
            .field("transport", &self.inner.transport)
            .field("retry", &self.inner.retry)
            .finish_non_exhaustive()
    }
}

/// The span `make` builds, or [`Span::none`](tracing::Span::none) when
/// nothing can see it.
///
/// A disabled span still carries its metadata, so when `tracing`'s `log`
/// feature is on (any crate in the build may turn it on: axum does) every
/// enter, exit and record of it calls into the `log` facade, which then
/// finds no logger: a few hundred instructions per call for nothing
/// (BENCHMARKS.md, "Client overhead"). It is kept when `log` could show it:
/// no `tracing` subscriber was ever set (only then does `tracing` forward
/// spans to `log`) and a `log` logger is enabled.
///
/// When neither a subscriber nor a logger exists, `make` is not even run:
/// with that feature on, `tracing`'s span macros record every field of a
/// disabled span for `log` before anything could drop it (~300
/// instructions per call, session 11).
pub(crate) fn span_if_seen(make: impl FnOnce() -> tracing::Span) -> tracing::Span {
    let no_subscriber = !tracing::dispatcher::has_been_set();
    let log_on = || log::max_level() != log::LevelFilter::Off;
    if no_subscriber && !log_on() {
        return tracing::Span::none();
    }
    let span = make();
    if span.is_disabled() && !(no_subscriber && log_on()) {
        tracing::Span::none()
    } else {
        span
    }
}

/// Records a call's outcome on its span and logs it (at `debug`); the
/// generic half, which only reads what [`record_outcome`] writes.
fn record<T, E: EndpointError>(
    span: &tracing::Span,
    started: Instant,
    result: &Result<Response<T>, ApiError<E>>,
) {
    let outcome = match result {
        Ok(response) => Outcome {
            status: Some(response.status()),
            correlation_id: response.correlation_id(),
            attempts: response.attempts(),
            failure: None,
        },
        Err(error) => Outcome {
            status: error.status(),
            correlation_id: error.correlation_id(),
            attempts: error.attempts(),
            failure: Some((error.kind_name(), error.message_code())),
        },
    };
    record_outcome(span, started, &outcome);
}

/// What [`record`] reads of a call's result.
struct Outcome<'a> {
    status: Option<u16>,
    correlation_id: Option<&'a str>,
    attempts: u32,
    /// The error's kind and message code, for a failed call.
    failure: Option<(&'static str, Option<&'a str>)>,
}

/// Writes `outcome` on the call's span and logs it. Not generic: the span
/// fields and events are compiled once, not once per endpoint. A span
/// nothing can see ([`span_if_seen`]) records nothing, and the elapsed time is
/// read only when the event is enabled.
fn record_outcome(span: &tracing::Span, started: Instant, outcome: &Outcome<'_>) {
    let elapsed_ms = || u64::try_from(started.elapsed().as_millis()).unwrap_or(u64::MAX);
    if !span.is_none() {
        span.record("status", outcome.status);
        span.record("correlation_id", outcome.correlation_id);
        span.record("attempts", outcome.attempts);
    }
    span.in_scope(|| match outcome.failure {
        None => tracing::debug!(
            status = outcome.status,
            attempts = outcome.attempts,
            elapsed_ms = elapsed_ms(),
            "call succeeded"
        ),
        Some((kind, code)) => tracing::debug!(
            outcome = kind,
            status = outcome.status,
            code,
            attempts = outcome.attempts,
            elapsed_ms = elapsed_ms(),
            "call failed"
        ),
    });
}

impl Client {
    /// Builds a client for `config.base_url` authenticating with `auth`.
    ///
    /// Fails, naming the value, when the base URL is not an absolute
    /// `http`/`https` URL without credentials, query or fragment, when the
    /// `User-Agent` is not a valid header value, when `auth.check()` fails,
    /// or when the HTTP client cannot be built.
    pub fn new(config: ClientConfig, auth: impl Auth + 'static) -> Result<Self, BuildError> {
        let base_url = BaseUrl::parse(&config.base_url)?;
        auth.check()?;
        let user_agent = match &config.user_agent {
            Some(agent) => Some(
                HeaderValue::from_str(agent)
                    .map_err(|_| BuildError::InvalidUserAgent(agent.clone()))?,
            ),
            None => None,
        };
        let (transport, http): (Arc<dyn Transport>, _) =
            match (config.transport, config.http_client) {
                (Some(transport), _) => (transport, None),
                (None, client) => {
                    let client = match client {
                        Some(client) => client,
                        None => reqwest::Client::builder()
                            .connect_timeout(config.connect_timeout)
                            .user_agent(DEFAULT_USER_AGENT)
                            .redirect(reqwest::redirect::Policy::none())
                            .build()
                            .map_err(BuildError::HttpClient)?,
                    };
                    (Arc::new(ReqwestTransport::new(client.clone())), Some(client))
                }
            };
        Ok(Client {
            inner: Arc::new(Inner {
                base_url,
                transport,
                http,
                auth: Arc::new(auth),
                timeout: config.timeout,
                user_agent,
                max_response_bytes: config.max_response_bytes,
                budget: config.retry.budget.map(BudgetState::new),
                retry: config.retry,
                interceptors: config.interceptors,
            }),
            options: CallOptions::default(),
        })
    }

    /// A clone whose calls send `id` as the lane's correlation header
    /// (instead of a generated UUID).
    pub fn with_correlation_id(&self, id: impl Into<String>) -> Self {
        let mut client = self.clone();
        client.options.correlation_id = Some(id.into());
        client
    }

    /// A clone whose calls send `key` as the idempotency key (instead of a
    /// generated UUID). Reuse the same key when retrying the same write.
    pub fn with_idempotency_key(&self, key: impl Into<String>) -> Self {
        let mut client = self.clone();
        client.options.idempotency_key = Some(key.into());
        client
    }

    /// A clone whose calls send this header, e.g. `X-Moneti-Tenant` or
    /// `X-Region-Override`; it overrides lane and generated values of the
    /// same name. An invalid name or value fails the call with
    /// [`ApiError::Config`] naming the header.
    pub fn with_header(&self, name: &'static str, value: impl Into<String>) -> Self {
        let mut client = self.clone();
        client.options.headers.push((name, value.into()));
        client
    }

    /// A clone whose calls give each attempt `timeout` instead of the
    /// client's ([`ClientConfig::timeout`]): a slow report endpoint, or a
    /// health check that must answer fast.
    pub fn with_timeout(&self, timeout: std::time::Duration) -> Self {
        let mut client = self.clone();
        client.options.timeout = Some(timeout);
        client
    }

    /// A clone whose calls follow `policy` instead of the client's
    /// [`RetryPolicy`] (e.g. [`RetryPolicy::disabled`] for a call the caller
    /// retries itself, or an `operation_timeout` for one call). The client's
    /// retry budget, when it has one, is still shared.
    pub fn with_retry(&self, policy: RetryPolicy) -> Self {
        let mut client = self.clone();
        client.options.retry = Some(policy);
        client
    }

    /// The retry policy calls of this clone follow.
    pub(crate) fn retry_policy(&self) -> &RetryPolicy {
        self.options.retry.as_ref().unwrap_or(&self.inner.retry)
    }

    /// The base URL, without a trailing `/`.
    pub fn base_url(&self) -> &str {
        self.inner.base_url.as_str()
    }

    /// Calls `endpoint` with `request` and decodes the response into `T`,
    /// or an [`ApiError`] whose service errors are typed as `E`.
    ///
    /// The URL, headers, correlation id and idempotency key are prepared
    /// once; every attempt (retries, and the one re-send after a 401 the auth
    /// scheme can recover from) reuses them, re-running interceptors and auth.
    ///
    /// The future is declared `Send` here, in its signature, rather than
    /// left for the compiler to find out: a caller's generic code then knows
    /// it without looking inside the future's state for each `T` and `E`,
    /// which was a fifth of what `cargo check` spent on a generated crate's
    /// endpoint methods (issue 18). Hence not an `async fn`, whose future's
    /// `Send` is inferred.
    #[allow(clippy::manual_async_fn)]
    pub fn call<T, E>(
        &self,
        endpoint: &'static Endpoint,
        request: Request,
    ) -> impl std::future::Future<Output = Result<Response<T>, ApiError<E>>> + Send + '_
    where
        T: DeserializeOwned,
        E: EndpointError,
    {
        async move {
            let span = span_if_seen(|| {
                tracing::info_span!(
                    "azotte.call",
                    endpoint = endpoint.id,
                    method = endpoint.method.as_str(),
                    path = endpoint.path,
                    status = field::Empty,
                    correlation_id = field::Empty,
                    attempts = field::Empty,
                )
            });
            let started = Instant::now();
            // Prepared synchronously (inside the span), so the call's state
            // holds the attempt loop's future once, not inside another one; in a
            // block awaited as a temporary, so the plan's storage (360 bytes) is
            // not kept beside the loop's across the await.
            let outcome = {
                let plan = match span.in_scope(|| self.plan(endpoint, request, &span)) {
                    Ok(plan) => plan,
                    Err(failure) => {
                        let result = Err(failure.widen());
                        record(&span, started, &result);
                        return result;
                    }
                };
                let attempts = crate::attempt::run(&self.inner, &self.options, plan);
                attempts.instrument(span.clone())
            }
            .await;
            // The one step that depends on `T` and `E`.
            let result = match outcome {
                Ok(done) => done.decode(),
                Err(failure) => Err(failure.widen()),
            };
            if result.is_ok() {
                crate::attempt::refund(&self.inner, &self.options);
            }
            record(&span, started, &result);
            result
        }
    }

    /// What the attempts of a call share: URL, headers, body, correlation id,
    /// idempotency and deadline; or why the call fails before sending.
    fn plan(
        &self,
        endpoint: &'static Endpoint,
        request: Request,
        span: &tracing::Span,
    ) -> Result<Plan, Failure> {
        let started = tokio::time::Instant::now();
        // The error context is only built when an error is.
        let context = |path: &str, correlation_id: Option<String>| ErrorContext {
            endpoint_id: endpoint.id,
            method: endpoint.method,
            path: path.to_owned(),
            status: None,
            correlation_id,
            headers: None,
            attempts: 0,
            rate_limit: None,
            retry_after: None,
        };
        let config_error =
            |context, kind| ApiError::Config(Box::new(ConfigError { context, kind }));

        // `base_url`, path and query in one string, the path resolved in place.
        let base = self.inner.base_url.as_str();
        let query = request.query_string();
        let mut url_text = String::with_capacity(
            base.len() + endpoint.path.len() + 16 + query.as_ref().map_or(0, |q| q.len() + 1),
        );
        url_text.push_str(base);
        if let Err(kind) = request.resolve_path_into(endpoint.path, &mut url_text) {
            return Err(config_error(context(endpoint.path, None), kind));
        }
        let path = base.len()..url_text.len();
        if !span.is_none() {
            span.record("path", &url_text[path.clone()]);
        }

        let has_body = !matches!(request.body, Body::None);
        let user_agent = self.inner.user_agent.as_ref();
        let prepared = match headers::prepare(endpoint, &self.options, has_body, user_agent) {
            Ok(prepared) => prepared,
            Err(kind) => return Err(config_error(context(&url_text[path], None), kind)),
        };
        if !span.is_none() {
            span.record("correlation_id", prepared.correlation_id.as_deref());
        }

        if let Some(query) = query {
            url_text.push('?');
            url_text.push_str(&query);
        }
        let url = self.inner.base_url.join(&url_text, path.clone());
        let body = match request.body {
            Body::None => None,
            Body::Json(bytes) => Some(bytes::Bytes::from(bytes)),
            Body::Failed(source) => {
                return Err(ApiError::Encode(Box::new(EncodeError {
                    context: context(&url_text[path], prepared.correlation_id),
                    source,
                })))
            }
        };
        Ok(Plan {
            endpoint,
            url_text,
            path,
            first: Some((url, prepared.map)),
            generated: prepared.generated,
            body,
            correlation_id: prepared.correlation_id,
            correlation_header: prepared.correlation_header,
            idempotent: self.is_idempotent(endpoint),
            deadline: self.retry_policy().operation_timeout.map(|t| started + t),
        })
    }

    /// Safe to send twice: GET/PUT/DELETE, or the call carries an idempotency key.
    fn is_idempotent(&self, endpoint: &Endpoint) -> bool {
        let lane_key = endpoint
            .lane
            .header_with_role(HeaderRole::IdempotencyKey)
            .is_some();
        matches!(endpoint.method, Method::Get | Method::Put | Method::Delete)
            || matches!(
                endpoint.idempotency,
                Idempotency::Header(_) | Idempotency::BodyField(_)
            )
            || (lane_key && self.options.idempotency_key.is_some())
    }
}
