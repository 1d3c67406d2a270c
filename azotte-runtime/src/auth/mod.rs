//! How a request is authorized: the [`Auth`] trait, [`AuthError`], and one
//! file per scheme:
//!
//! - [`header`]: [`HeaderAuth`], static credential headers (C2A `x-api-key` + `x-tn`);
//! - [`bearer`]: [`BearerAuth`] over a [`TokenProvider`] (P2M user sessions, any token);
//! - [`client_credentials`]: [`ClientCredentials`], OAuth2 service tokens (M2M, T2M),
//!   whose token request failures are [`TokenError`]s (RFC 6749 §5.2);
//! - [`hmac`]: [`HmacSigner`], partner request signatures (T2M), over the
//!   signature core ([`crate::signature`]) the webhook verifier shares.
//!
//! Secrets stay in [`SecretString`](secrecy::SecretString) until the moment
//! they are copied into a request header, which is then marked sensitive. No
//! `Debug`, `Display` or error of this module ever shows a secret value: errors
//! name headers and steps, never values. Schemes combine with a tuple:
//! `(bearer, signer)` applies both, in order (T2M sends a Bearer token and an
//! HMAC signature).

pub mod bearer;
pub mod client_credentials;
pub mod header;
pub mod hmac;
mod token_endpoint;
mod token_error;

pub use bearer::{BearerAuth, StaticToken, TokenProvider};
pub use client_credentials::{ClientAuthMethod, ClientCredentials, ClientCredentialsSpec};
pub use header::HeaderAuth;
pub use crate::signature::{sign, EmptySecret, SignedPart, SigningSpec};
pub use hmac::HmacSigner;
pub use token_endpoint::TOKEN_CALL_ID;
pub use token_error::{OAuthError, OAuthErrorCode, TokenError, TokenErrorKind};

use crate::interceptor::Interceptor;
use crate::transport::Transport;
use futures::future::BoxFuture;
use http::header::HeaderValue;
use std::fmt;
use std::sync::Arc;
use std::time::Instant;

/// Why [`Auth::apply`] (or [`Auth::check`]) failed.
pub type AuthError = crate::hook_error::HookError;

/// What a [`Client`](crate::Client) lends its auth scheme for one attempt:
/// its [`Transport`], its [`Interceptor`]s and its `User-Agent`, so a scheme
/// that makes requests of its own (a token request) sends them the way the
/// client sends everything else — and a mocked client sends nothing.
#[derive(Clone, Copy)]
pub struct AuthContext<'a> {
    transport: &'a dyn Transport,
    interceptors: &'a [Arc<dyn Interceptor>],
    user_agent: Option<&'a HeaderValue>,
}

impl<'a> AuthContext<'a> {
    /// A context lending `transport` (no interceptors, the transport's own
    /// `User-Agent`).
    pub fn new(transport: &'a dyn Transport) -> Self {
        AuthContext {
            transport,
            interceptors: &[],
            user_agent: None,
        }
    }

    /// The same context, lending the client's interceptors and `User-Agent`.
    pub(crate) fn of_client(
        transport: &'a dyn Transport,
        interceptors: &'a [Arc<dyn Interceptor>],
        user_agent: Option<&'a HeaderValue>,
    ) -> Self {
        AuthContext {
            transport,
            interceptors,
            user_agent,
        }
    }

    /// The client's transport.
    pub fn transport(&self) -> &'a dyn Transport {
        self.transport
    }

    /// The client's interceptors: a scheme's own requests are shown to them
    /// too, before any credential is added.
    pub fn interceptors(&self) -> &'a [Arc<dyn Interceptor>] {
        self.interceptors
    }

    /// The client's configured `User-Agent`, when it set one.
    pub fn user_agent(&self) -> Option<&'a HeaderValue> {
        self.user_agent
    }
}

impl fmt::Debug for AuthContext<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("AuthContext")
            .field("transport", &self.transport)
            .field("interceptors", &self.interceptors.len())
            .field("user_agent", &self.user_agent)
            .finish()
    }
}

/// An authentication scheme: adds credentials to an outgoing request.
///
/// Called once per attempt (a retried call is re-authorized, so signatures
/// carry a fresh timestamp and refreshed tokens are picked up), after the
/// runtime has set every other header and after the
/// [`Interceptor`]s ran, so a signing scheme sees the final
/// request. `Debug` must not print secrets.
pub trait Auth: Send + Sync + fmt::Debug {
    /// Adds credentials to `request` (headers, signature, ...).
    fn apply<'a>(
        &'a self,
        request: &'a mut reqwest::Request,
    ) -> BoxFuture<'a, Result<(), AuthError>>;

    /// [`apply`](Self::apply) inside a [`Client`](crate::Client), which
    /// calls this one: `context` lends the client's transport to schemes
    /// that send requests of their own. The default calls `apply`.
    fn authorize<'a>(
        &'a self,
        request: &'a mut reqwest::Request,
        context: AuthContext<'a>,
    ) -> BoxFuture<'a, Result<(), AuthError>> {
        let _ = context;
        self.apply(request)
    }

    /// Validates the configuration up front; [`Client::new`](crate::Client::new)
    /// calls it so a bad credential fails at construction rather than on the
    /// first call. The default accepts everything.
    fn check(&self) -> Result<(), AuthError> {
        Ok(())
    }

    /// Called by [`Client::call`](crate::Client::call) when a response is
    /// HTTP 401 to a request this scheme authorized at `authorized_at` (when
    /// [`apply`](Self::apply) returned). Return `true` when a fresh credential
    /// can be obtained: the call is then re-authorized and sent once more
    /// (same idempotency key and correlation id); a second 401 is returned as
    /// is. A cache should drop only a credential it held at `authorized_at`:
    /// one obtained later (another call's 401 already refreshed it) is not
    /// the one refused. The default (static credentials) returns `false`.
    fn on_unauthorized(&self, authorized_at: Instant) -> bool {
        let _ = authorized_at;
        false
    }
}

macro_rules! forward_auth {
    ($($ty:ty),*) => {$(
        impl<A: Auth + ?Sized> Auth for $ty {
            fn apply<'a>(
                &'a self,
                request: &'a mut reqwest::Request,
            ) -> BoxFuture<'a, Result<(), AuthError>> {
                (**self).apply(request)
            }
            fn authorize<'a>(
                &'a self,
                request: &'a mut reqwest::Request,
                context: AuthContext<'a>,
            ) -> BoxFuture<'a, Result<(), AuthError>> {
                (**self).authorize(request, context)
            }
            fn check(&self) -> Result<(), AuthError> {
                (**self).check()
            }
            fn on_unauthorized(&self, authorized_at: Instant) -> bool {
                (**self).on_unauthorized(authorized_at)
            }
        }
    )*};
}
forward_auth!(Arc<A>, Box<A>);

/// Two schemes applied in order, e.g. `(bearer, signer)` for T2M, where the
/// gateway checks a Bearer token and an HMAC signature. Put a signer last.
/// On a 401 both are told; a retry happens when either can refresh.
impl<A: Auth, B: Auth> Auth for (A, B) {
    fn apply<'a>(
        &'a self,
        request: &'a mut reqwest::Request,
    ) -> BoxFuture<'a, Result<(), AuthError>> {
        Box::pin(async move {
            self.0.apply(request).await?;
            self.1.apply(request).await
        })
    }
    fn authorize<'a>(
        &'a self,
        request: &'a mut reqwest::Request,
        context: AuthContext<'a>,
    ) -> BoxFuture<'a, Result<(), AuthError>> {
        Box::pin(async move {
            self.0.authorize(request, context).await?;
            self.1.authorize(request, context).await
        })
    }
    fn check(&self) -> Result<(), AuthError> {
        self.0.check()?;
        self.1.check()
    }
    fn on_unauthorized(&self, authorized_at: Instant) -> bool {
        // Both must drop their caches: no short-circuit.
        self.0.on_unauthorized(authorized_at) | self.1.on_unauthorized(authorized_at)
    }
}

/// An authorization already decided, as the boxed future [`Auth::apply`]
/// returns: a success is a zero-sized future, which boxing does not allocate
/// (one allocation less per call for static credentials); a failure is boxed.
pub(crate) fn decided<'a>(result: Result<(), AuthError>) -> BoxFuture<'a, Result<(), AuthError>> {
    match result {
        Ok(()) => Box::pin(Authorized),
        Err(error) => Box::pin(std::future::ready(Err(error))),
    }
}

/// A successful authorization, ready at once; zero-sized.
struct Authorized;

impl std::future::Future for Authorized {
    type Output = Result<(), AuthError>;

    fn poll(
        self: std::pin::Pin<&mut Self>,
        _: &mut std::task::Context<'_>,
    ) -> std::task::Poll<Self::Output> {
        std::task::Poll::Ready(Ok(()))
    }
}

/// No credentials: for unauthenticated endpoints and local gateways.
#[derive(Debug, Clone, Copy, Default)]
pub struct NoAuth;

impl Auth for NoAuth {
    fn apply<'a>(
        &'a self,
        _request: &'a mut reqwest::Request,
    ) -> BoxFuture<'a, Result<(), AuthError>> {
        decided(Ok(()))
    }
}
