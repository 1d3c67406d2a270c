//! [`ClientConfig`]: where the API lives and how patient to be with it, plus
//! [`BuildError`] for configurations that cannot work.
//!
//! Pure data with a builder; validation happens in
//! [`Client::new`](crate::Client::new). Holds no credentials (those belong to
//! [`Auth`](crate::Auth)), so deriving `Debug` is safe.

use crate::interceptor::Interceptor;
use crate::retry::RetryPolicy;
use crate::transport::Transport;
use std::sync::Arc;
use std::time::Duration;

/// Default timeout of one attempt: connect, send, wait and read the body.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(30);
/// Default TCP/TLS connect timeout.
pub const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(10);
/// Default cap on a response body; larger bodies fail with a decode error
/// instead of exhausting memory.
pub const DEFAULT_MAX_RESPONSE_BYTES: usize = 16 * 1024 * 1024;
/// Default `User-Agent`.
pub const DEFAULT_USER_AGENT: &str = concat!("azotte-runtime/", env!("CARGO_PKG_VERSION"));

/// Settings for a [`Client`](crate::Client).
///
/// Defaults: 30 s per attempt ([`DEFAULT_TIMEOUT`]), 10 s to connect
/// ([`DEFAULT_CONNECT_TIMEOUT`]), a 16 MiB response cap, `User-Agent:
/// azotte-runtime/<version>`, redirects not followed (an API call that
/// redirects is an error, and following it could carry credential headers to
/// another host), the default [`RetryPolicy`], no interceptors, the `reqwest`
/// transport.
#[derive(Debug, Clone)]
pub struct ClientConfig {
    pub(crate) base_url: String,
    pub(crate) timeout: Duration,
    pub(crate) connect_timeout: Duration,
    pub(crate) user_agent: Option<String>,
    pub(crate) http_client: Option<reqwest::Client>,
    pub(crate) max_response_bytes: usize,
    pub(crate) retry: RetryPolicy,
    pub(crate) transport: Option<Arc<dyn Transport>>,
    pub(crate) interceptors: Vec<Arc<dyn Interceptor>>,
}

impl ClientConfig {
    /// A configuration for the API at `base_url` (e.g. the result of
    /// [`expand_template`](crate::expand_template), or `http://localhost:5210`).
    /// Endpoint paths are appended to it; a trailing `/` is ignored.
    pub fn new(base_url: impl Into<String>) -> Self {
        ClientConfig {
            base_url: base_url.into(),
            timeout: DEFAULT_TIMEOUT,
            connect_timeout: DEFAULT_CONNECT_TIMEOUT,
            user_agent: None,
            http_client: None,
            max_response_bytes: DEFAULT_MAX_RESPONSE_BYTES,
            retry: RetryPolicy::new(),
            transport: None,
            interceptors: Vec::new(),
        }
    }

    /// Timeout of one attempt (applied per request, so it also holds with a
    /// custom [`http_client`](Self::http_client)). Elapsing gives
    /// [`ApiError::Timeout`](crate::ApiError::Timeout), which idempotent
    /// calls retry; bound the whole call with
    /// [`RetryPolicy::operation_timeout`].
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    /// Connect timeout. Only used when the runtime builds the HTTP client
    /// itself; a custom [`http_client`](Self::http_client) keeps its own.
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.connect_timeout = timeout;
        self
    }

    /// `User-Agent` sent with every request (also with a custom HTTP client).
    pub fn user_agent(mut self, user_agent: impl Into<String>) -> Self {
        self.user_agent = Some(user_agent.into());
        self
    }

    /// Uses this `reqwest::Client` (connection pool, proxies, TLS settings,
    /// default headers) instead of building one; any `reqwest` 0.13 client
    /// (the crate is re-exported as [`crate::reqwest`]). Its redirect policy
    /// and TLS backend are its own, whatever this crate's TLS feature.
    pub fn http_client(mut self, client: reqwest::Client) -> Self {
        self.http_client = Some(client);
        self
    }

    /// When failed attempts are retried ([`RetryPolicy::disabled`] for never).
    pub fn retry(mut self, policy: RetryPolicy) -> Self {
        self.retry = policy;
        self
    }

    /// Adds a hook run around every attempt; several run in the order added.
    pub fn interceptor(mut self, interceptor: impl Interceptor + 'static) -> Self {
        self.interceptors.push(Arc::new(interceptor));
        self
    }

    /// Sends through `transport` (e.g. a [`MockTransport`](crate::MockTransport))
    /// instead of `reqwest`; [`http_client`](Self::http_client) and
    /// [`connect_timeout`](Self::connect_timeout) are then unused.
    pub fn transport(mut self, transport: impl Transport + 'static) -> Self {
        self.transport = Some(Arc::new(transport));
        self
    }

    /// Largest response body accepted, in bytes.
    pub fn max_response_bytes(mut self, limit: usize) -> Self {
        self.max_response_bytes = limit;
        self
    }

    /// The base URL as given.
    pub fn base_url(&self) -> &str {
        &self.base_url
    }
}

/// Why a [`Client`](crate::Client) could not be built. Messages name the
/// offending value (never a credential).
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum BuildError {
    /// The base URL does not parse.
    #[error("invalid base URL `{url}`: {reason}")]
    InvalidBaseUrl {
        /// The URL as given.
        url: String,
        /// The parser's reason.
        reason: String,
    },
    /// The base URL is not `http` or `https`.
    #[error("base URL `{url}` has scheme `{scheme}`; only http and https are supported")]
    UnsupportedScheme {
        /// The URL as given.
        url: String,
        /// Its scheme.
        scheme: String,
    },
    /// The base URL has a query or fragment, which endpoint paths cannot be appended to.
    #[error("base URL `{url}` must not have a query string or fragment")]
    BaseUrlHasQuery {
        /// The URL as given.
        url: String,
    },
    /// The base URL embeds a user name or password (not shown here); pass
    /// credentials through an [`Auth`](crate::Auth) instead.
    #[error("base URL for host `{host}` must not embed credentials; use an Auth scheme")]
    BaseUrlHasCredentials {
        /// The host, the only part safe to show.
        host: String,
    },
    /// The spec does not list this environment among the lane's hosts.
    #[error(
        "the `{lane}` lane is not served on the `{environment}` environment; it is served on: {}",
        .serves.join(", ")
    )]
    EnvironmentNotServed {
        /// The lane.
        lane: &'static str,
        /// The environment asked for.
        environment: &'static str,
        /// The environments that serve the lane.
        serves: &'static [&'static str],
    },
    /// The configured `User-Agent` is not a valid header value.
    #[error("invalid User-Agent `{0}`")]
    InvalidUserAgent(String),
    /// The auth scheme rejected its own configuration.
    #[error("auth configuration: {0}")]
    Auth(#[from] crate::auth::AuthError),
    /// The HTTP client could not be built (e.g. TLS initialization).
    #[error("could not build the HTTP client")]
    HttpClient(#[source] reqwest::Error),
}
