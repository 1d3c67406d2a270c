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
//! - [`template`]: host template expansion for environments.
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
//! let client = Client::new(ClientConfig::new(base), auth)?;
//! let customer: Response<serde_json::Value> = client
//!     .call::<_, RawCode>(&FETCH, Request::new().query("externalId", "42"))
//!     .await?;
//! println!("{:?} (correlation id {:?})", customer.value(), customer.correlation_id());
//! # Ok(()) }
//! ```

#![warn(missing_docs)]

mod attempt;
pub mod auth;
pub mod client;
pub mod config;
pub mod endpoint;
pub mod envelope;
pub mod error;
mod error_display;
mod headers;
mod hook_error;
pub mod interceptor;
mod lane_client;
pub mod mock;
mod newtype;
pub mod paginate;
pub mod rate_limit;
pub mod request;
pub mod response;
pub mod retry;
pub mod sort;
pub mod template;
pub mod transport;
pub mod waiter;
pub mod webhook;
mod wire_enum;
#[doc(hidden)]
pub mod __object {
    //! For [`deserialize_object!`](crate::deserialize_object) and [`object!`](crate::object).
    pub use crate::object::{Always, IfSet, Key};
}
mod object;

pub use auth::{
    sign, Auth, AuthError, BearerAuth, ClientCredentials, ClientCredentialsSpec, EmptySecret,
    HeaderAuth, HmacSigner, NoAuth, SignedPart, SigningSpec, StaticToken, TokenProvider,
};
pub use auth::{
    AuthContext, ClientAuthMethod, OAuthError, OAuthErrorCode, TokenError, TokenErrorKind,
    TOKEN_CALL_ID,
};
pub use client::Client;
pub use config::{BuildError, ClientConfig};
pub use endpoint::{
    Endpoint, EnvelopeSpec, HeaderRole, HeaderSpec, Idempotency, LaneSpec, Method, Payload,
};
pub use envelope::{decode_response, EnvelopeParts, Links};
pub use error::{
    ApiError, AuthFailure, ConfigError, ConfigErrorKind, DecodeError, DecodeErrorKind, EncodeError,
    EndpointError, ErrorContext, InterceptorFailure, RawCode, ServiceError, TransportError,
    UnauthorizedError, MAX_ERROR_BODY_BYTES,
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
pub use sort::{SortField, SortOrder};
pub use template::{expand_template, TemplateError};
pub use transport::{
    ReqwestTransport, Transport, TransportFailure, TransportFailureKind, TransportResponse,
};
pub use waiter::{wait, WaitError, WaitOutcome, WaitPolicy, WaitState};
pub use webhook::{
    decode_delivery, decode_event, sign_webhook, Delivery, InboundSpec, ReplayKey, TimestampSource,
    Verified, WebhookDelivery, WebhookEvent, WebhookRejection, WebhookSpec, WebhookVerifier,
    DEFAULT_REPLAY_CAPACITY,
};

/// The HTTP client crate this runtime is built on, re-exported so [`Auth`]
/// implementations and callers name the same `reqwest` version.
pub use reqwest;
/// For [`wire_enum!`]: generated code names serde through the runtime.
#[doc(hidden)]
pub use serde as __serde;

/// The futures crate, re-exported so generated code and callers name the same
/// `Stream` (use `futures::StreamExt` for `.next()`).
pub use futures;
