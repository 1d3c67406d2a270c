//! The error a call can end in: [`ApiError`] and the detail types it boxes.
//!
//! Every variant carries an [`ErrorContext`] (endpoint id, method, resolved
//! path, HTTP status, correlation id, response headers) so any error can be
//! traced without the request at hand. Variants are boxed so `Result<T,
//! ApiError<E>>` stays two words wide. Nothing here ever holds a request header
//! value, so auth secrets cannot leak through `Display` or `Debug`.
//! `Display` lives in `error_display.rs`.

use crate::auth::AuthError;
use crate::endpoint::Method;
use crate::envelope::EnvelopeParts;
use crate::interceptor::InterceptorError;
use crate::transport::TransportFailure;
use http::header::HeaderMap;

/// The typed error of one endpoint: generated code writes an enum with one
/// variant per documented message code plus `Unknown(String)` for codes the
/// server adds later.
pub trait EndpointError: Sized + Send + Sync + std::fmt::Debug + 'static {
    /// Maps a message code to its variant; an undocumented code must map to
    /// the `Unknown` arm, never fail.
    fn from_code(code: &str) -> Self;
    /// The message code this value stands for.
    fn code(&self) -> &str;
    /// True for a code the spec documents for the endpoint, false for the
    /// `Unknown` arm (a code the server added later): lets generic code, such
    /// as a conformance check, tell the two apart without knowing the enum.
    fn is_documented(&self) -> bool;
}

/// Declares a generated error enum and implements [`EndpointError`] for it:
/// each variant stands for its message code, any other code becomes
/// `Unknown(String)` (the macro adds that variant).
///
/// ```
/// azotte_runtime::endpoint_error! {
///     /// What storing a customer can answer.
///     pub enum StoreError {
///         /// Someone else got there first.
///         Conflict = "CONFLICT",
///     }
/// }
///
/// use azotte_runtime::EndpointError;
/// assert_eq!(StoreError::from_code("CONFLICT"), StoreError::Conflict);
/// assert_eq!(StoreError::from_code("NEW_CODE").code(), "NEW_CODE");
/// assert!(StoreError::Conflict.is_documented());
/// assert!(!StoreError::from_code("NEW_CODE").is_documented());
/// ```
///
/// The enum derives `Debug`, `Clone`, `PartialEq`, `Eq` and `Hash`.
#[macro_export]
macro_rules! endpoint_error {
    (
        $(#[doc = $doc:literal])*
        pub enum $name:ident { $($(#[doc = $vdoc:literal])* $variant:ident = $code:literal),* $(,)? }
    ) => {
        $(#[doc = $doc])*
        #[derive(Debug, Clone, PartialEq, Eq, Hash)]
        pub enum $name {
            $($(#[doc = $vdoc])* $variant,)*
            /// A message code this endpoint does not document (kept as received).
            Unknown(::std::string::String),
        }
        impl $crate::EndpointError for $name {
            fn from_code(code: &str) -> Self {
                match code {
                    $($code => Self::$variant,)*
                    other => Self::Unknown(::std::borrow::ToOwned::to_owned(other)),
                }
            }
            fn code(&self) -> &str {
                match self {
                    $(Self::$variant => $code,)*
                    Self::Unknown(code) => code,
                }
            }
            fn is_documented(&self) -> bool {
                !::std::matches!(self, Self::Unknown(_))
            }
        }
    };
}

/// An [`EndpointError`] with no documented codes: every code is kept as is.
/// For endpoints (or tests) without a typed error enum.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct RawCode(pub String);

impl EndpointError for RawCode {
    fn from_code(code: &str) -> Self {
        RawCode(code.to_owned())
    }
    fn code(&self) -> &str {
        &self.0
    }
    /// Nothing is documented: every code is kept as received.
    fn is_documented(&self) -> bool {
        false
    }
}

/// Where and when an error happened. Shared by every [`ApiError`] variant.
#[derive(Debug, Clone)]
pub struct ErrorContext {
    /// Endpoint id, e.g. `"C2A-01-02"`.
    pub endpoint_id: &'static str,
    /// HTTP method of the call.
    pub method: Method,
    /// Path with parameters substituted (the template when substitution
    /// failed); never the query string, which may carry personal data.
    pub path: String,
    /// HTTP status, when a response arrived.
    pub status: Option<u16>,
    /// The correlation id: the response's (diagnostics, then header) when a
    /// response carried one, else the one sent.
    pub correlation_id: Option<String>,
    /// Response headers, when a response arrived (`Set-Cookie` marked sensitive).
    pub headers: Option<HeaderMap>,
    /// HTTP requests sent for this call, retries and the 401 re-authorization
    /// included (0 when nothing was sent, e.g. a config error).
    pub attempts: u32,
    /// The rate-limit headers of the response, when the lane declares them.
    pub rate_limit: Option<crate::RateLimit>,
    /// How long the response asked to wait before retrying: `Retry-After-Ms`
    /// or `Retry-After` header, else the envelope's retry key (e.g.
    /// Automatum's `retryAfter`). Set whether or not the call was retried:
    /// a wait above [`RetryPolicy::max_retry_after`](crate::RetryPolicy::max_retry_after)
    /// is not slept but left here for the caller to decide.
    pub retry_after: Option<std::time::Duration>,
}

/// The API answered with an envelope whose message code is not a success.
///
/// Every part of the envelope is in [`envelope`](Self::envelope), and this
/// type derefs to it: `error.message`, `error.severity`, `error.source`,
/// `error.details`, `error.diagnostics`, `error.errors`, `error.warnings`,
/// `error.links`.
#[derive(Debug, Clone)]
pub struct ServiceError<E> {
    /// The endpoint's typed error (`Unknown` arm for undocumented codes).
    pub error: E,
    /// The message code as sent, e.g. `"CUSTOMER_ALREADY_STORED"` or `"MNT-409-02"`.
    pub code: String,
    /// HTTP status.
    pub status: u16,
    /// Where and when.
    pub context: ErrorContext,
    /// Every part of the envelope (status, links, warnings, diagnostics, errors).
    pub envelope: EnvelopeParts,
    /// The response body as text (lossy UTF-8), cut at
    /// [`MAX_ERROR_BODY_BYTES`]: what the server sent beyond the envelope's
    /// parts is still there to read or log (empty for a mock's error).
    pub body: String,
    /// True when `body` was cut.
    pub body_truncated: bool,
}

/// HTTP 401 without an envelope code: the credentials were refused.
#[derive(Debug)]
pub struct UnauthorizedError {
    /// Where and when (`status` is 401; `headers` holds the response's,
    /// e.g. `WWW-Authenticate`).
    pub context: ErrorContext,
    /// The response body as text (lossy UTF-8), cut at
    /// [`MAX_ERROR_BODY_BYTES`]; often empty (the C2A gateway sends none).
    pub body: String,
    /// True when `body` was cut.
    pub body_truncated: bool,
}

impl<E> std::ops::Deref for ServiceError<E> {
    type Target = EnvelopeParts;
    fn deref(&self) -> &EnvelopeParts {
        &self.envelope
    }
}

/// Connecting, sending or reading failed below HTTP.
#[derive(Debug)]
pub struct TransportError {
    /// Where and when (`status` is set when the body read failed).
    pub context: ErrorContext,
    /// What failed; [`TransportFailure::reqwest`] gives the `reqwest` error
    /// (its URL has the query string removed).
    pub source: TransportFailure,
}

/// Why a response could not be decoded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum DecodeErrorKind {
    /// The body is not JSON (an HTML error page, plain text, truncated JSON).
    InvalidJson,
    /// The body is empty where a payload or an envelope was expected.
    EmptyBody,
    /// The body is JSON but carries no message code on a non-success response.
    NoEnvelope,
    /// The envelope says success but the payload does not match the expected type.
    Payload,
    /// The body exceeded the configured maximum size.
    BodyTooLarge,
}

impl DecodeErrorKind {
    /// A short lower-case description used in `Display`.
    pub fn describe(self) -> &'static str {
        match self {
            DecodeErrorKind::InvalidJson => "body is not JSON",
            DecodeErrorKind::EmptyBody => "body is empty",
            DecodeErrorKind::NoEnvelope => "body has no envelope message code",
            DecodeErrorKind::Payload => "payload does not match the expected type",
            DecodeErrorKind::BodyTooLarge => "body exceeds the configured size limit",
        }
    }
}

/// The response body could not be turned into a value or a service error.
#[derive(Debug)]
pub struct DecodeError {
    /// Where and when (`status` and `headers` are always set).
    pub context: ErrorContext,
    /// What went wrong.
    pub kind: DecodeErrorKind,
    /// The body as text (lossy UTF-8), cut at [`MAX_ERROR_BODY_BYTES`].
    pub body: String,
    /// True when `body` was cut.
    pub body_truncated: bool,
    /// The JSON error, for `InvalidJson` and `Payload`. Its own line and
    /// column count from the start of what it read: the payload, for `Payload`.
    pub source: Option<serde_json::Error>,
    /// Where in `body` the JSON error is (1-based line and column, counted
    /// from the start of the body), when known.
    pub position: Option<(usize, usize)>,
}

/// How much of a response body an error keeps ([`DecodeError`],
/// [`ServiceError`], [`UnauthorizedError`]): enough for any error page or
/// envelope, bounded so a huge body cannot pin memory inside an error.
pub const MAX_ERROR_BODY_BYTES: usize = 64 * 1024;

/// `body` as an error keeps it: lossy UTF-8 of at most
/// [`MAX_ERROR_BODY_BYTES`], and whether that is not all of it (`cut_before`:
/// the body was already cut when read, e.g. at the client's size limit).
pub(crate) fn kept_body(body: &[u8], cut_before: bool) -> (String, bool) {
    let cut = body.len().min(MAX_ERROR_BODY_BYTES);
    (
        String::from_utf8_lossy(&body[..cut]).into_owned(),
        cut_before || body.len() > cut,
    )
}

/// The request body could not be serialized to JSON.
#[derive(Debug)]
pub struct EncodeError {
    /// Where (no response: `status` is `None`).
    pub context: ErrorContext,
    /// The serializer's error.
    pub source: serde_json::Error,
}

/// What was wrong with the request the caller or generated code built.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum ConfigErrorKind {
    /// The path template names a parameter the request did not supply.
    MissingPathParam(String),
    /// The request supplied a parameter the path template does not name.
    UnknownPathParam(String),
    /// A path parameter value is empty, `.` or `..`, which would change the route.
    InvalidPathParam(String),
    /// The endpoint's path template has an unbalanced `{` or `}`.
    InvalidPathTemplate(String),
    /// A header name is not a valid HTTP header name.
    InvalidHeaderName(String),
    /// A header value contains characters HTTP forbids (the value is not kept).
    InvalidHeaderValue(String),
    /// The resolved URL does not parse. No longer produced: the base URL is
    /// checked when the client is built ([`BuildError`](crate::BuildError)),
    /// and a call only sets the path and query of that parsed URL, which
    /// cannot fail. Kept so that code matching on it still compiles.
    InvalidUrl(String),
}

impl std::fmt::Display for ConfigErrorKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::MissingPathParam(n) => write!(f, "missing path parameter `{n}`"),
            Self::UnknownPathParam(n) => write!(f, "path parameter `{n}` is not in the path"),
            Self::InvalidPathParam(n) => {
                write!(f, "path parameter `{n}` is empty, `.` or `..`")
            }
            Self::InvalidPathTemplate(t) => write!(f, "unbalanced braces in path `{t}`"),
            Self::InvalidHeaderName(n) => write!(f, "invalid header name `{n}`"),
            Self::InvalidHeaderValue(n) => write!(f, "invalid value for header `{n}`"),
            Self::InvalidUrl(reason) => write!(f, "invalid URL: {reason}"),
        }
    }
}

/// The request could not be built; nothing was sent.
#[derive(Debug, Clone)]
pub struct ConfigError {
    /// Where (no response).
    pub context: ErrorContext,
    /// What was wrong.
    pub kind: ConfigErrorKind,
}

/// The [`Auth`](crate::Auth) implementation refused to authorize the request.
#[derive(Debug)]
pub struct AuthFailure {
    /// Where (no response).
    pub context: ErrorContext,
    /// The auth error (names headers, never secret values).
    pub source: AuthError,
}

/// An [`Interceptor`](crate::Interceptor) stopped the call before it was sent.
#[derive(Debug)]
pub struct InterceptorFailure {
    /// Where (no response for this attempt).
    pub context: ErrorContext,
    /// The interceptor's error.
    pub source: InterceptorError,
}

/// Why a call failed. `E` is the endpoint's typed error.
#[derive(Debug)]
#[non_exhaustive]
pub enum ApiError<E> {
    /// The API answered with an envelope carrying a non-success message code.
    Service(Box<ServiceError<E>>),
    /// HTTP 401 without an envelope code (the C2A gateway sends no body).
    Unauthorized(Box<UnauthorizedError>),
    /// Connecting, sending or reading failed.
    Transport(Box<TransportError>),
    /// The configured per-call timeout elapsed.
    Timeout(Box<ErrorContext>),
    /// The response could not be decoded; keeps status, headers and body.
    Decode(Box<DecodeError>),
    /// The request body could not be serialized.
    Encode(Box<EncodeError>),
    /// The request could not be built (path parameters, header values, URL).
    Config(Box<ConfigError>),
    /// The auth scheme could not be applied (e.g. a token could not be fetched).
    Auth(Box<AuthFailure>),
    /// An [`Interceptor`](crate::Interceptor) refused the request.
    Interceptor(Box<InterceptorFailure>),
}

impl ErrorContext {
    /// A context for `endpoint_id`: for mocks and tests building an [`ApiError`].
    pub fn new(endpoint_id: &'static str, method: Method, path: impl Into<String>) -> Self {
        ErrorContext {
            endpoint_id,
            method,
            path: path.into(),
            status: None,
            correlation_id: None,
            headers: None,
            attempts: 0,
            rate_limit: None,
            retry_after: None,
        }
    }
}

impl<E: EndpointError> ApiError<E> {
    /// A documented API error, as a mock of an area trait would return it:
    /// `error`'s code, the HTTP `status`, an optional message.
    pub fn service(
        mut context: ErrorContext,
        status: u16,
        error: E,
        message: Option<String>,
    ) -> Self {
        context.status = Some(status);
        ApiError::Service(Box::new(ServiceError {
            code: error.code().to_owned(),
            envelope: EnvelopeParts {
                code: Some(error.code().to_owned()),
                message,
                ..EnvelopeParts::default()
            },
            error,
            status,
            context,
            body: String::new(),
            body_truncated: false,
        }))
    }
}

/// An [`ApiError`] that cannot be a service error: how a call fails before
/// its response is decoded (the request cannot be built, encoded, authorized
/// or sent, or times out). Preparing a call and its attempt loop return it,
/// so they are compiled once for every endpoint rather than once per
/// endpoint's `E` (issue 18: binary size);
/// [`widen`](ApiError::widen) makes it any endpoint's error.
pub(crate) type Failure = ApiError<std::convert::Infallible>;

impl Failure {
    /// This failure as an endpoint's error: the same variant and payload.
    pub(crate) fn widen<E>(self) -> ApiError<E> {
        self.map_service(|service| match service.error {})
    }
}

impl<X> ApiError<X> {
    /// The same error, a service error's typed error made by `typed`.
    pub(crate) fn map_service<E>(
        self,
        typed: impl FnOnce(Box<ServiceError<X>>) -> Box<ServiceError<E>>,
    ) -> ApiError<E> {
        match self {
            ApiError::Service(e) => ApiError::Service(typed(e)),
            ApiError::Unauthorized(e) => ApiError::Unauthorized(e),
            ApiError::Transport(e) => ApiError::Transport(e),
            ApiError::Timeout(e) => ApiError::Timeout(e),
            ApiError::Decode(e) => ApiError::Decode(e),
            ApiError::Encode(e) => ApiError::Encode(e),
            ApiError::Config(e) => ApiError::Config(e),
            ApiError::Auth(e) => ApiError::Auth(e),
            ApiError::Interceptor(e) => ApiError::Interceptor(e),
        }
    }
}

impl<E> ApiError<E> {
    /// Where and when the error happened.
    pub fn context(&self) -> &ErrorContext {
        match self {
            ApiError::Service(e) => &e.context,
            ApiError::Unauthorized(e) => &e.context,
            ApiError::Timeout(c) => c,
            ApiError::Transport(e) => &e.context,
            ApiError::Decode(e) => &e.context,
            ApiError::Encode(e) => &e.context,
            ApiError::Config(e) => &e.context,
            ApiError::Auth(e) => &e.context,
            ApiError::Interceptor(e) => &e.context,
        }
    }

    /// The endpoint's typed error, for [`ApiError::Service`].
    pub fn service_error(&self) -> Option<&E> {
        match self {
            ApiError::Service(e) => Some(&e.error),
            _ => None,
        }
    }

    /// The message code, for [`ApiError::Service`].
    pub fn message_code(&self) -> Option<&str> {
        match self {
            ApiError::Service(e) => Some(&e.code),
            _ => None,
        }
    }

    /// The HTTP status, when a response arrived.
    pub fn status(&self) -> Option<u16> {
        self.context().status
    }

    /// The correlation id (the response's when it carried one, else the one sent).
    pub fn correlation_id(&self) -> Option<&str> {
        self.context().correlation_id.as_deref()
    }

    /// The endpoint id, e.g. `"C2A-01-02"`.
    pub fn endpoint_id(&self) -> &'static str {
        self.context().endpoint_id
    }

    /// The response body an error kept (cut at [`MAX_ERROR_BODY_BYTES`]):
    /// of [`ApiError::Decode`], [`ApiError::Service`] and
    /// [`ApiError::Unauthorized`]; `None` for errors without a response.
    pub fn raw_body(&self) -> Option<&str> {
        match self {
            ApiError::Decode(e) => Some(&e.body),
            ApiError::Service(e) => Some(&e.body),
            ApiError::Unauthorized(e) => Some(&e.body),
            _ => None,
        }
    }

    /// HTTP requests sent for this call (see [`ErrorContext::attempts`]).
    pub fn attempts(&self) -> u32 {
        self.context().attempts
    }

    /// The rate-limit headers of the response, when the lane declares them
    /// (useful on a 429).
    pub fn rate_limit(&self) -> Option<crate::RateLimit> {
        self.context().rate_limit
    }

    /// How long the response asked to wait before retrying (see
    /// [`ErrorContext::retry_after`]); on every variant that had a response.
    pub fn retry_after(&self) -> Option<std::time::Duration> {
        self.context().retry_after
    }

    /// Every part of the failure's envelope, for [`ApiError::Service`].
    pub fn envelope(&self) -> Option<&EnvelopeParts> {
        match self {
            ApiError::Service(e) => Some(&e.envelope),
            _ => None,
        }
    }

    /// The failure's diagnostics object decoded as `D` (e.g. the generated
    /// `Diagnostics`), for [`ApiError::Service`]; see
    /// [`EnvelopeParts::diagnostics_as`].
    pub fn diagnostics_as<D: serde::de::DeserializeOwned>(
        &self,
    ) -> Option<Result<D, serde_json::Error>> {
        self.envelope()?.diagnostics_as()
    }

    /// A stable short name of the variant (`"service"`, `"timeout"`, ...), for logs.
    pub fn kind_name(&self) -> &'static str {
        match self {
            ApiError::Service(_) => "service",
            ApiError::Unauthorized(_) => "unauthorized",
            ApiError::Transport(_) => "transport",
            ApiError::Timeout(_) => "timeout",
            ApiError::Decode(_) => "decode",
            ApiError::Encode(_) => "encode",
            ApiError::Config(_) => "config",
            ApiError::Auth(_) => "auth",
            ApiError::Interceptor(_) => "interceptor",
        }
    }
}

impl<E: std::fmt::Debug> std::error::Error for ApiError<E> {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            // The failure kind is already in `Display`; skip to its cause.
            ApiError::Transport(e) => std::error::Error::source(&e.source),
            ApiError::Decode(e) => e
                .source
                .as_ref()
                .map(|s| s as &(dyn std::error::Error + 'static)),
            ApiError::Encode(e) => Some(&e.source),
            // The auth message is already in `Display`; skip to its cause.
            ApiError::Auth(e) => std::error::Error::source(&e.source),
            ApiError::Interceptor(e) => std::error::Error::source(&e.source),
            _ => None,
        }
    }
}
