//! [`Client`]: the one place a call happens. Generated method bodies build a
//! [`Request`] and hand it, with their static [`Endpoint`], to [`Client::call`],
//! which resolves the URL, sets headers, applies auth, sends, reads the body
//! under a size cap and decodes the envelope.
//!
//! A `Client` is an `Arc` plus small per-call options, so `with_*` clones are
//! cheap. Each call runs in an `info_span!("azotte.call")` carrying endpoint
//! id, method, path, status and correlation id; header values, bodies and
//! credentials are never recorded.

use crate::auth::Auth;
use crate::config::{BuildError, ClientConfig, DEFAULT_USER_AGENT};
use crate::endpoint::Endpoint;
use crate::envelope::{self, RawResponse};
use crate::error::{
    ApiError, AuthFailure, ConfigError, ConfigErrorKind, EncodeError, EndpointError, ErrorContext,
    TransportError,
};
use crate::headers::{self, CallOptions};
use crate::request::{Body, Request};
use crate::response::Response;
use reqwest::header::{HeaderValue, SET_COOKIE};
use reqwest::Url;
use serde::de::DeserializeOwned;
use std::fmt;
use std::sync::Arc;
use std::time::{Duration, Instant};
use tracing::{field, Instrument};

struct Inner {
    base_url: String,
    http: reqwest::Client,
    auth: Arc<dyn Auth>,
    timeout: Duration,
    user_agent: Option<HeaderValue>,
    max_response_bytes: usize,
}

/// A configured connection to the Azotte API, shared by all generated lane
/// clients. Cheap to clone; `with_*` return a clone with per-call options.
#[derive(Clone)]
pub struct Client {
    inner: Arc<Inner>,
    options: CallOptions,
}

impl fmt::Debug for Client {
    /// Shows the base URL and the auth scheme's own (redacted) `Debug` only.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Client")
            .field("base_url", &self.inner.base_url)
            .field("auth", &self.inner.auth)
            .finish_non_exhaustive()
    }
}

fn check_base_url(raw: &str) -> Result<String, BuildError> {
    let trimmed = raw.trim().trim_end_matches('/');
    let url = Url::parse(trimmed).map_err(|e| BuildError::InvalidBaseUrl {
        url: raw.to_owned(),
        reason: e.to_string(),
    })?;
    if !matches!(url.scheme(), "http" | "https") {
        return Err(BuildError::UnsupportedScheme {
            url: raw.to_owned(),
            scheme: url.scheme().to_owned(),
        });
    }
    if !url.username().is_empty() || url.password().is_some() {
        return Err(BuildError::BaseUrlHasCredentials {
            host: url.host_str().unwrap_or_default().to_owned(),
        });
    }
    if url.query().is_some() || url.fragment().is_some() {
        return Err(BuildError::BaseUrlHasQuery {
            url: raw.to_owned(),
        });
    }
    Ok(trimmed.to_owned())
}

impl Client {
    /// Builds a client for `config.base_url` authenticating with `auth`.
    ///
    /// Fails, naming the value, when the base URL is not an absolute
    /// `http`/`https` URL without credentials, query or fragment, when the
    /// `User-Agent` is not a valid header value, when `auth.check()` fails,
    /// or when the HTTP client cannot be built.
    pub fn new(config: ClientConfig, auth: impl Auth + 'static) -> Result<Self, BuildError> {
        let base_url = check_base_url(&config.base_url)?;
        auth.check()?;
        let user_agent = match &config.user_agent {
            Some(agent) => Some(
                HeaderValue::from_str(agent)
                    .map_err(|_| BuildError::InvalidUserAgent(agent.clone()))?,
            ),
            None => None,
        };
        let http = match config.http_client {
            Some(client) => client,
            None => reqwest::Client::builder()
                .connect_timeout(config.connect_timeout)
                .user_agent(DEFAULT_USER_AGENT)
                .redirect(reqwest::redirect::Policy::none())
                .build()
                .map_err(BuildError::HttpClient)?,
        };
        Ok(Client {
            inner: Arc::new(Inner {
                base_url,
                http,
                auth: Arc::new(auth),
                timeout: config.timeout,
                user_agent,
                max_response_bytes: config.max_response_bytes,
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

    /// The base URL, without a trailing `/`.
    pub fn base_url(&self) -> &str {
        &self.inner.base_url
    }

    /// Calls `endpoint` with `request` and decodes the response into `T`,
    /// or an [`ApiError`] whose service errors are typed as `E`.
    pub async fn call<T, E>(
        &self,
        endpoint: &'static Endpoint,
        request: Request,
    ) -> Result<Response<T>, ApiError<E>>
    where
        T: DeserializeOwned,
        E: EndpointError,
    {
        let span = tracing::info_span!(
            "azotte.call",
            endpoint = endpoint.id,
            method = endpoint.method.as_str(),
            path = endpoint.path,
            status = field::Empty,
            correlation_id = field::Empty,
        );
        let started = Instant::now();
        let result = self
            .execute::<T, E>(endpoint, request, &span)
            .instrument(span.clone())
            .await;
        let elapsed_ms = u64::try_from(started.elapsed().as_millis()).unwrap_or(u64::MAX);
        span.in_scope(|| match &result {
            Ok(response) => {
                span.record("correlation_id", response.correlation_id());
                tracing::debug!(status = response.status(), elapsed_ms, "call succeeded");
            }
            Err(error) => {
                span.record("status", error.status());
                span.record("correlation_id", error.correlation_id());
                tracing::debug!(
                    outcome = error.kind_name(),
                    status = error.status(),
                    code = error.message_code(),
                    elapsed_ms,
                    "call failed"
                );
            }
        });
        result
    }

    async fn execute<T, E>(
        &self,
        endpoint: &'static Endpoint,
        request: Request,
        span: &tracing::Span,
    ) -> Result<Response<T>, ApiError<E>>
    where
        T: DeserializeOwned,
        E: EndpointError,
    {
        let mut context = ErrorContext {
            endpoint_id: endpoint.id,
            method: endpoint.method,
            path: endpoint.path.to_owned(),
            status: None,
            correlation_id: None,
            headers: None,
        };
        let config_error =
            |context, kind| ApiError::Config(Box::new(ConfigError { context, kind }));

        let path = match request.resolve_path(endpoint.path) {
            Ok(path) => path,
            Err(kind) => return Err(config_error(context, kind)),
        };
        span.record("path", path.as_str());
        context.path.clone_from(&path);

        let has_body = !matches!(request.body, Body::None);
        let user_agent = self.inner.user_agent.as_ref();
        let prepared = match headers::prepare(endpoint, &self.options, has_body, user_agent) {
            Ok(prepared) => prepared,
            Err(kind) => return Err(config_error(context, kind)),
        };
        context.correlation_id.clone_from(&prepared.correlation_id);
        span.record("correlation_id", prepared.correlation_id.as_deref());

        let mut url = format!("{}{}", self.inner.base_url, path);
        if let Some(query) = request.query_string() {
            url.push('?');
            url.push_str(&query);
        }
        let url = match Url::parse(&url) {
            Ok(url) => url,
            Err(e) => {
                return Err(config_error(
                    context,
                    ConfigErrorKind::InvalidUrl(e.to_string()),
                ))
            }
        };
        let mut http_request = reqwest::Request::new(endpoint.method.to_reqwest(), url);
        *http_request.headers_mut() = prepared.map;
        *http_request.timeout_mut() = Some(self.inner.timeout);
        match request.body {
            Body::None => {}
            Body::Json(bytes) => *http_request.body_mut() = Some(bytes.into()),
            Body::Failed(source) => {
                return Err(ApiError::Encode(Box::new(EncodeError { context, source })))
            }
        }

        if let Err(source) = self.inner.auth.apply(&mut http_request).await {
            return Err(ApiError::Auth(Box::new(AuthFailure { context, source })));
        }

        let response = match self.inner.http.execute(http_request).await {
            Ok(response) => response,
            Err(e) => return Err(send_error(e, context)),
        };
        let status = response.status().as_u16();
        span.record("status", status);
        context.status = Some(status);
        let mut headers = response.headers().clone();
        for (name, value) in headers.iter_mut() {
            if name == SET_COOKIE {
                value.set_sensitive(true);
            }
        }
        let (body, too_large) = match read_body(response, self.inner.max_response_bytes).await {
            Ok(read) => read,
            Err(e) => {
                context.headers = Some(headers);
                return Err(send_error(e, context));
            }
        };
        let raw = RawResponse {
            status,
            headers,
            body,
            too_large,
        };
        envelope::decode(endpoint, raw, context, prepared.correlation_header)
    }
}

/// Classifies a reqwest failure: timeouts apart, everything else is transport.
/// The query string is removed from the error's URL (it may carry personal data).
fn send_error<E>(mut error: reqwest::Error, context: ErrorContext) -> ApiError<E> {
    if error.is_timeout() {
        return ApiError::Timeout(Box::new(context));
    }
    if let Some(url) = error.url_mut() {
        url.set_query(None);
    }
    ApiError::Transport(Box::new(TransportError {
        context,
        source: error,
    }))
}

/// Reads the body, stopping at `limit` bytes (the flag says it was cut).
async fn read_body(
    mut response: reqwest::Response,
    limit: usize,
) -> Result<(Vec<u8>, bool), reqwest::Error> {
    let declared = response.content_length().unwrap_or(0);
    if declared > u64::try_from(limit).unwrap_or(u64::MAX) {
        return Ok((Vec::new(), true));
    }
    let mut body = Vec::with_capacity(usize::try_from(declared).unwrap_or(0));
    while let Some(chunk) = response.chunk().await? {
        let room = limit.saturating_sub(body.len());
        if chunk.len() > room {
            body.extend_from_slice(&chunk[..room]);
            return Ok((body, true));
        }
        body.extend_from_slice(&chunk);
    }
    Ok((body, false))
}
