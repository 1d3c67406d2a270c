//! [`Response<T>`]: a successful call's value plus the metadata a caller may
//! need afterwards (status, headers, correlation id, envelope warnings, links).
//!
//! It derefs to `T`, so `response.field` reads the payload directly and
//! `into_inner()` drops the metadata when it is not wanted.

use reqwest::header::HeaderMap;
use std::fmt;
use std::ops::Deref;

/// What every generated call returns: the payload with its metadata, or why not.
pub type ApiResult<T, E> = Result<Response<T>, crate::ApiError<E>>;

/// What a generated endpoint method returns: a `Send` future of its [`ApiResult`].
///
/// A trait alias (implemented for every such future), so the generated
/// signatures read `-> impl CallFuture<T, E>`; an implementation may still be
/// an `async fn` or an `async` block, as in a mock of an area trait.
pub trait CallFuture<T, E>: std::future::Future<Output = ApiResult<T, E>> + Send {}

impl<F, T, E> CallFuture<T, E> for F where F: std::future::Future<Output = ApiResult<T, E>> + Send {}

/// The decoded value of a successful call and its response metadata.
pub struct Response<T> {
    pub(crate) value: T,
    pub(crate) status: u16,
    pub(crate) headers: HeaderMap,
    pub(crate) correlation_id: Option<String>,
    pub(crate) code: Option<String>,
    pub(crate) severity: Option<String>,
    pub(crate) warnings: Vec<serde_json::Value>,
    pub(crate) links: Option<serde_json::Value>,
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
            code: None,
            severity: None,
            warnings: Vec::new(),
            links: None,
            attempts: 0,
            rate_limit: None,
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

    /// The envelope's message code, e.g. `"SUCCESS"` or `"MNT-206-01"`.
    pub fn message_code(&self) -> Option<&str> {
        self.code.as_deref()
    }

    /// The envelope's severity, e.g. `"WARNING"` for a partial success.
    pub fn severity(&self) -> Option<&str> {
        self.severity.as_deref()
    }

    /// Recoverable issues the envelope reported (empty when none); worth
    /// inspecting when [`severity`](Self::severity) is `WARNING`.
    pub fn warnings(&self) -> &[serde_json::Value] {
        &self.warnings
    }

    /// The envelope's links object (`self`, `next`, `previous`), if any.
    pub fn links(&self) -> Option<&serde_json::Value> {
        self.links.as_ref()
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
            code: self.code,
            severity: self.severity,
            warnings: self.warnings,
            links: self.links,
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
            .field("message_code", &self.code)
            .field("severity", &self.severity)
            .field("warnings", &self.warnings)
            .field("links", &self.links)
            .field("attempts", &self.attempts)
            .field("headers", &self.headers)
            .finish()
    }
}
