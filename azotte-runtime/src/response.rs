//! [`Response<T>`]: a successful call's value plus the metadata a caller may
//! need afterwards (status, headers, correlation id, envelope warnings, links).
//!
//! It derefs to `T`, so `response.field` reads the payload directly and
//! `into_inner()` drops the metadata when it is not wanted.

use crate::endpoint::EnvelopeSpec;
use crate::envelope::{EnvelopeParts, Links, Meta};
use http::header::HeaderMap;
use serde::de::DeserializeOwned;
use std::fmt;
use std::ops::Deref;
use std::sync::OnceLock;

/// What every generated call returns: the payload with its metadata, or why not.
pub type ApiResult<T, E> = Result<Response<T>, crate::ApiError<E>>;

/// What a generated endpoint method returns: a `Send` future of its [`ApiResult`].
///
/// A trait alias (implemented for every such future), so the generated
/// signatures read `-> impl CallFuture<T, E>`; an implementation may still be
/// an `async fn` or an `async` block, as in a mock of an area trait.
pub trait CallFuture<T, E>: std::future::Future<Output = ApiResult<T, E>> + Send {}

impl<F, T, E> CallFuture<T, E> for F where F: std::future::Future<Output = ApiResult<T, E>> + Send {}

/// The decoded value of a successful call and its response metadata,
/// including every part of the envelope ([`EnvelopeParts`]: status code,
/// severity, source, message, details, links, warnings, diagnostics).
pub struct Response<T> {
    pub(crate) value: T,
    pub(crate) status: u16,
    pub(crate) headers: HeaderMap,
    pub(crate) correlation_id: Option<String>,
    pub(crate) envelope: LazyParts,
    pub(crate) attempts: u32,
    pub(crate) rate_limit: Option<crate::RateLimit>,
}

impl<T> Response<T> {
    /// A successful response carrying `value` (HTTP 200, no headers): for mocks
    /// of the generated area traits and for tests.
    pub fn new(value: T) -> Self {
        Response {
            value,
            status: 200,
            headers: HeaderMap::new(),
            correlation_id: None,
            envelope: LazyParts::none(),
            attempts: 0,
            rate_limit: None,
        }
    }

    /// What the decoder builds for a success.
    pub(crate) fn decoded(
        value: T,
        status: u16,
        headers: HeaderMap,
        meta: Meta,
        envelope: LazyParts,
    ) -> Self {
        Response {
            value,
            status,
            headers,
            correlation_id: meta.correlation_id,
            envelope,
            attempts: meta.attempts,
            rate_limit: meta.rate_limit,
        }
    }

    /// The same response with another HTTP status (e.g. 202 for a mocked checkout).
    pub fn with_status(mut self, status: u16) -> Self {
        self.status = status;
        self
    }

    /// The same response with a correlation id.
    pub fn with_correlation_id(mut self, id: impl Into<String>) -> Self {
        self.correlation_id = Some(id.into());
        self
    }

    /// The same response with these envelope parts (for mocks).
    pub fn with_envelope(mut self, envelope: EnvelopeParts) -> Self {
        self.envelope = LazyParts::from(envelope);
        self
    }

    /// The decoded payload.
    pub fn value(&self) -> &T {
        &self.value
    }

    /// The decoded payload, dropping the metadata.
    pub fn into_inner(self) -> T {
        self.value
    }

    /// The HTTP status (200, 202, ...).
    pub fn status(&self) -> u16 {
        self.status
    }

    /// The response headers.
    pub fn headers(&self) -> &HeaderMap {
        &self.headers
    }

    /// The correlation id: from the envelope diagnostics, else the response
    /// header, else the one sent.
    pub fn correlation_id(&self) -> Option<&str> {
        self.correlation_id.as_deref()
    }

    /// Every part of the envelope: status (code, severity, source, message,
    /// details, success), links, warnings, diagnostics.
    pub fn envelope(&self) -> &EnvelopeParts {
        self.envelope.get()
    }

    /// The envelope's message code, e.g. `"SUCCESS"` or `"MNT-206-01"`.
    pub fn message_code(&self) -> Option<&str> {
        self.envelope().code.as_deref()
    }

    /// The envelope's severity, e.g. `"WARNING"` for a partial success.
    pub fn severity(&self) -> Option<&str> {
        self.envelope().severity.as_deref()
    }

    /// Recoverable issues the envelope reported, from every place the
    /// envelope declares (empty when none); worth inspecting when
    /// [`severity`](Self::severity) is `WARNING`.
    pub fn warnings(&self) -> &[serde_json::Value] {
        &self.envelope().warnings
    }

    /// The envelope's links (`self`, `next`, `previous`, and the whole object).
    pub fn links(&self) -> &Links {
        &self.envelope().links
    }

    /// The envelope's diagnostics object decoded as `D` (e.g. the generated
    /// `Diagnostics`); see [`EnvelopeParts::diagnostics_as`].
    pub fn diagnostics_as<D: DeserializeOwned>(&self) -> Option<Result<D, serde_json::Error>> {
        self.envelope().diagnostics_as()
    }

    /// HTTP requests sent for this call: 1, or more after retries or a 401
    /// re-authorization.
    pub fn attempts(&self) -> u32 {
        self.attempts
    }

    /// The rate-limit headers of the response, when the lane declares them.
    pub fn rate_limit(&self) -> Option<crate::RateLimit> {
        self.rate_limit
    }

    /// Transforms the payload, keeping the metadata.
    pub fn map<U>(self, f: impl FnOnce(T) -> U) -> Response<U> {
        Response {
            value: f(self.value),
            status: self.status,
            headers: self.headers,
            correlation_id: self.correlation_id,
            envelope: self.envelope,
            attempts: self.attempts,
            rate_limit: self.rate_limit,
        }
    }
}

impl<T> Deref for Response<T> {
    type Target = T;
    fn deref(&self) -> &T {
        &self.value
    }
}

impl<T: fmt::Debug> fmt::Debug for Response<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Response")
            .field("value", &self.value)
            .field("status", &self.status)
            .field("correlation_id", &self.correlation_id)
            .field("envelope", self.envelope())
            .field("attempts", &self.attempts)
            .field("headers", &self.headers)
            .finish()
    }
}

/// A response's envelope parts: given (a mock's), or read from the body
/// the first time they are asked for. A success needs only its code,
/// severity and correlation id, which the decoder reads borrowed; building
/// every owned part on each call cost about 1 % of a call's instructions
/// (BENCHMARKS.md, "Issue 18"), for parts most callers never read. The body
/// is kept (a reference count, not a copy) while the response lives; the
/// parts are the same either way. Boxed, so a `Response` stays small to move
/// (the parts are ~400 bytes; the box is allocated only when they are
/// read, or given).
pub(crate) struct LazyParts {
    parts: OnceLock<Box<EnvelopeParts>>,
    /// Where `parts` is read from when still unset: an object body and its
    /// envelope. `None`: no parts (a body that is empty or not an object).
    body: Option<(bytes::Bytes, &'static EnvelopeSpec)>,
}

impl LazyParts {
    /// Parts read from `body` (an object) on first access.
    pub(crate) fn deferred(body: bytes::Bytes, spec: &'static EnvelopeSpec) -> Self {
        LazyParts {
            parts: OnceLock::new(),
            body: Some((body, spec)),
        }
    }

    /// No parts (every one `None` or empty).
    pub(crate) fn none() -> Self {
        LazyParts {
            parts: OnceLock::new(),
            body: None,
        }
    }

    fn get(&self) -> &EnvelopeParts {
        self.parts.get_or_init(|| {
            Box::new(match &self.body {
                Some((body, spec)) => crate::envelope::read_parts(spec, body),
                None => EnvelopeParts::default(),
            })
        })
    }
}

impl From<EnvelopeParts> for LazyParts {
    fn from(parts: EnvelopeParts) -> Self {
        LazyParts {
            parts: OnceLock::from(Box::new(parts)),
            body: None,
        }
    }
}
