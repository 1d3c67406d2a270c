//! The hand-written runtime behind generated Azotte clients.
//!
//! Generated code holds data only: a `static` [`Endpoint`] per endpoint, the
//! request/response types, and an [`EndpointError`] enum per endpoint. Its
//! method bodies build a [`Request`] and call [`Client::call`]. Everything
//! else lives here, once, tested alone:
//!
//! - [`endpoint`]: the static endpoint / lane / envelope descriptions;
//! - [`config`] and [`client`]: building a [`Client`] and making calls;
//! - [`auth`]: the [`Auth`] trait and its schemes: [`HeaderAuth`] (C2A keys),
//!   [`BearerAuth`] (P2M sessions), [`ClientCredentials`] (M2M service
//!   tokens), [`HmacSigner`] (T2M partner signatures);
//! - [`retry`]: [`RetryPolicy`], backoff, `Retry-After` and the retry budget;
//! - [`interceptor`]: [`Interceptor`] hooks around every attempt;
//! - [`transport`] and [`mock`]: the [`Transport`] seam and [`MockTransport`]
//!   for testing without a network;
//! - [`webhook`]: verifying and decoding inbound W2M deliveries;
//! - [`request`]: path, query and body inputs;
//! - [`envelope`]: decoding any envelope shape into a [`Response`] or an [`ApiError`];
//! - [`error`]: [`ApiError`] and its detail types;
//! - [`template`]: host template expansion for environments;
//! - [`signature`]: the HMAC-SHA256 core shared by request signing and webhooks.
//!
//! # Cargo features
//!
//! | feature | default | what it compiles |
//! |---|---|---|
//! | `client` | on | everything that sends requests: [`Client`], [`ClientConfig`], [`auth`] schemes, retries, [`Response`], [`ApiError`], transports and [`MockTransport`]; pulls in `reqwest` 0.13 and `tokio` |
//! | `rustls` | on | TLS through rustls (aws-lc-rs provider, the OS trust store); implies `client` |
//! | `native-tls` | off | TLS through the platform library (OpenSSL on Linux: needs `libssl-dev`); implies `client`; wins over `rustls` when both are on (reqwest's rule) |
//!
//! Without `client` the crate holds what a webhook receiver and the generated
//! models need, on serde, `http`, hmac and sha2 alone: [`endpoint`] and
//! [`envelope`] data, [`webhook`] verification, [`signature`], [`sort`],
//! [`template`] and the declaration macros. With `client` but neither TLS
//! feature, only `http://` URLs work. rustls with aws-lc-rs is the default
//! because it is reqwest's own and needs no system library;
//! [`ClientConfig::http_client`] takes any `reqwest` 0.13 `Client` you
//! configure yourself (re-exported as [`reqwest`]).
//!
//! # Async runtime
//!
//! Calls are futures for a tokio 1.x runtime, current-thread or multi-thread,
//! with its I/O and time drivers enabled (`Builder::enable_all`, which
//! `#[tokio::main]` and `#[tokio::test]` do): reqwest's connections need the
//! first; timeouts, back-off, token refresh and [`wait`] the second. The
//! runtime spawns no task and blocks no thread; outside a tokio runtime a call
//! panics. Webhook verification is synchronous and needs no runtime.
//!
//! ```no_run
//! use azotte_runtime::*;
//!
//! static ENVELOPE: EnvelopeSpec = EnvelopeSpec {
//!     name: "general_response", payload: Some("result"), status_object: Some("status"),
//!     message: Some("message"), success_codes: &["SUCCESS"],
//!     ..EnvelopeSpec::bare("messageCode")
//! };
//! static C2A: LaneSpec = LaneSpec { name: "c2a", headers: &[] };
//! static FETCH: Endpoint = Endpoint {
//!     id: "C2A-01-05", method: Method::Get, path: "/api/v1/c2a/customer/info",
//!     success_status: 200, lane: &C2A, envelope: &ENVELOPE,
//!     payload: Payload::Key("result"), idempotency: Idempotency::None,
//! };
//!
//! # async fn run() -> Result<(), Box<dyn std::error::Error>> {
//! let base = expand_template("https://{projectName}.sandbox.azotte.com", &[("projectName", "acme")])?;
//! let auth = HeaderAuth::new().plain("x-tn", "tenant-1").secret("x-api-key", "k-123");
//! let client = Client::new(ClientConfig::new(base), auth)?; // or .http_client(your reqwest::Client)
//! let customer: Response<serde_json::Value> = client
//!     .call::<_, RawCode>(&FETCH, Request::new().query("externalId", "42"))
//!     .await?;
//! println!("{:?} (correlation id {:?})", customer.value(), customer.correlation_id());
//! # Ok(()) }
//! ```

#![warn(missing_docs)]

/// Items that make or describe HTTP calls: compiled with the `client`
/// feature only (see "Cargo features" above).
macro_rules! cfg_client {
    ($($item:item)*) => {
        $(
            #[cfg(feature = "client")]
            $item
        )*
    };
}

// Always compiled: the data generated code is made of, envelope parts, and
// webhook verification (serde, hmac, sha2; no HTTP client, no async runtime).
pub mod endpoint;
pub mod envelope;
mod newtype;
mod object;
pub mod signature;
pub mod sort;
pub mod template;
pub mod webhook;
mod wire_enum;
#[doc(hidden)]
pub mod __object {
    //! For [`deserialize_object!`](crate::deserialize_object) and [`object!`](crate::object).
    pub use crate::object::{
        deserialize, end, read_map, required, slot_of, Always, IfSet, Key, ReadObject, Slot,
        Written,
    };
}

pub use endpoint::{
    Endpoint, EnvelopeSpec, HeaderRole, HeaderSpec, Idempotency, LaneSpec, Method, Payload,
};
pub use envelope::{EnvelopeParts, Links};
pub use signature::{sign, EmptySecret, SignedPart, SigningSpec};
pub use sort::{SortField, SortOrder};
pub use template::{expand_template, TemplateError};
pub use webhook::{
    decode_delivery, decode_event, sign_webhook, Delivery, InboundSpec, ReplayKey, TimestampSource,
    Verified, WebhookDelivery, WebhookEvent, WebhookRejection, WebhookSpec, WebhookVerifier,
    DEFAULT_REPLAY_CAPACITY,
};

/// The `http` crate whose types ([`http::HeaderMap`], [`http::Method`]) the
/// runtime takes and returns, re-exported so callers name the same version;
/// `reqwest` 0.13 uses these very types.
pub use http;
/// For [`wire_enum!`]: generated code names serde through the runtime.
#[doc(hidden)]
pub use serde as __serde;

// The HTTP client: reqwest, tokio and everything that sends requests.
cfg_client! {
    mod attempt;
    pub mod auth;
    mod base_url;
    pub mod client;
    pub mod config;
    pub mod error;
    mod error_display;
    mod headers;
    mod hook_error;
    pub mod interceptor;
    mod lane_client;
    pub mod mock;
    pub mod paginate;
    pub mod rate_limit;
    pub mod request;
    pub mod response;
    pub mod retry;
    pub mod transport;
    pub mod waiter;

    pub use auth::{
        Auth, AuthContext, AuthError, BearerAuth, ClientAuthMethod, ClientCredentials,
        ClientCredentialsSpec, HeaderAuth, HmacSigner, NoAuth, OAuthError, OAuthErrorCode,
        StaticToken, TokenError, TokenErrorKind, TokenProvider, TOKEN_CALL_ID,
    };
    pub use client::Client;
    pub use config::{BuildError, ClientConfig};
    pub use envelope::decode_response;
    pub use error::{
        ApiError, AuthFailure, ConfigError, ConfigErrorKind, DecodeError, DecodeErrorKind,
        EncodeError, EndpointError, ErrorContext, InterceptorFailure, RawCode, ServiceError,
        TransportError, UnauthorizedError, MAX_ERROR_BODY_BYTES,
    };
    pub use hook_error::HookError;
    pub use interceptor::{CallInfo, Interceptor, InterceptorError};
    pub use lane_client::ServedOn;
    pub use mock::{MockResponse, MockTransport, RecordedRequest};
    pub use paginate::paginate;
    pub use rate_limit::RateLimit;
    pub use request::{QueryParams, Request};
    pub use response::{ApiResult, CallFuture, Response};
    pub use retry::{Jitter, RetryBudget, RetryPolicy};
    pub use transport::{
        ReqwestTransport, Transport, TransportFailure, TransportFailureKind, TransportResponse,
    };
    pub use waiter::{wait, WaitError, WaitOutcome, WaitPolicy, WaitState};

    /// The HTTP client crate this runtime is built on, re-exported so [`Auth`]
    /// implementations and callers name the same `reqwest` version (0.13):
    /// hand your own `reqwest::Client` to [`ClientConfig::http_client`].
    pub use reqwest;
    /// The futures crate, re-exported so generated code and callers name the same
    /// `Stream` (use `futures::StreamExt` for `.next()`).
    pub use futures;
}
