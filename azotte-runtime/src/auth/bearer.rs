//! [`BearerAuth`]: `Authorization: Bearer <token>` with the token taken from
//! a [`TokenProvider`] on every attempt.
//!
//! This is the seam for tokens the runtime does not obtain itself: the P2M
//! portal plugs its PKCE user session in as a provider, a test plugs in a
//! [`StaticToken`]. (OAuth2 client credentials, which the runtime does
//! fetch, live in [`ClientCredentials`](super::ClientCredentials).) The
//! token is sent as a sensitive header value and never appears in `Debug`.

use super::{Auth, AuthError};
use futures::future::BoxFuture;
use http::header::{HeaderValue, AUTHORIZATION};
use secrecy::{ExposeSecret, SecretString};
use std::fmt;
use std::sync::Arc;

/// Supplies the bearer token for [`BearerAuth`], e.g. a portal's PKCE session.
///
/// `Debug` must not print the token.
pub trait TokenProvider: Send + Sync + fmt::Debug {
    /// The current token; called once per attempt, so it should be cheap
    /// (cache inside the provider).
    fn token(&self) -> BoxFuture<'_, Result<SecretString, AuthError>>;

    /// The server rejected the token (HTTP 401): drop any cached copy.
    fn invalidate(&self) {}

    /// Whether, after [`invalidate`](Self::invalidate), [`token`](Self::token)
    /// can return a different, fresh token (e.g. through a refresh token).
    /// Only then does a 401 lead to one more attempt. Default: `false`.
    fn can_refresh(&self) -> bool {
        false
    }

    /// Validates the provider up front ([`Client::new`](crate::Client::new)
    /// calls it through [`Auth::check`]): a [`StaticToken`] refuses an empty
    /// or blank token here rather than on the first call. Default: accepts.
    fn check(&self) -> Result<(), AuthError> {
        Ok(())
    }
}

impl<P: TokenProvider + ?Sized> TokenProvider for Arc<P> {
    fn token(&self) -> BoxFuture<'_, Result<SecretString, AuthError>> {
        (**self).token()
    }
    fn invalidate(&self) {
        (**self).invalidate();
    }
    fn can_refresh(&self) -> bool {
        (**self).can_refresh()
    }
    fn check(&self) -> Result<(), AuthError> {
        (**self).check()
    }
}

/// A fixed token (a pre-issued service token, a test token). It cannot
/// refresh, so a 401 is returned to the caller as is.
#[derive(Clone)]
pub struct StaticToken(SecretString);

impl StaticToken {
    /// Wraps `token`.
    pub fn new(token: impl Into<SecretString>) -> Self {
        StaticToken(token.into())
    }
}

impl fmt::Debug for StaticToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("StaticToken([REDACTED])")
    }
}

impl TokenProvider for StaticToken {
    fn token(&self) -> BoxFuture<'_, Result<SecretString, AuthError>> {
        let token = self.0.clone();
        Box::pin(async move { Ok(token) })
    }

    fn check(&self) -> Result<(), AuthError> {
        if self.0.expose_secret().trim().is_empty() {
            return Err(AuthError::new("the bearer token is empty"));
        }
        Ok(())
    }
}

/// `Authorization: Bearer <token>` from a [`TokenProvider`].
///
/// ```
/// # use azotte_runtime::{BearerAuth, StaticToken};
/// let auth = BearerAuth::new(StaticToken::new("user-session-token"));
/// assert!(!format!("{auth:?}").contains("user-session-token"));
/// ```
#[derive(Clone)]
pub struct BearerAuth {
    provider: Arc<dyn TokenProvider>,
}

impl BearerAuth {
    /// Sends the tokens `provider` supplies.
    pub fn new(provider: impl TokenProvider + 'static) -> Self {
        BearerAuth {
            provider: Arc::new(provider),
        }
    }
}

impl fmt::Debug for BearerAuth {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("BearerAuth")
            .field("provider", &self.provider)
            .finish()
    }
}

/// The `Authorization` value for `token`, marked sensitive. An empty or
/// blank token (from a provider or a token endpoint) is refused rather than
/// sent as `Bearer `. The error names the header, never the token.
pub(crate) fn bearer_value(token: &SecretString) -> Result<HeaderValue, AuthError> {
    if token.expose_secret().trim().is_empty() {
        return Err(AuthError::new("the bearer token is empty"));
    }
    let mut value =
        HeaderValue::try_from(format!("Bearer {}", token.expose_secret())).map_err(|_| {
            AuthError::new("the bearer token is not a valid `Authorization` header value")
        })?;
    value.set_sensitive(true);
    Ok(value)
}

impl Auth for BearerAuth {
    fn apply<'a>(
        &'a self,
        request: &'a mut reqwest::Request,
    ) -> BoxFuture<'a, Result<(), AuthError>> {
        Box::pin(async move {
            let token = self.provider.token().await?;
            let value = bearer_value(&token)?;
            request.headers_mut().insert(AUTHORIZATION, value);
            Ok(())
        })
    }

    fn check(&self) -> Result<(), AuthError> {
        self.provider.check()
    }

    /// The provider's cache is its own: it is told of every 401.
    fn on_unauthorized(&self, _authorized_at: std::time::Instant) -> bool {
        self.provider.invalidate();
        self.provider.can_refresh()
    }
}
