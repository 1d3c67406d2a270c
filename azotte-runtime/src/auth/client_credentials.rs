//! [`ClientCredentials`]: OAuth 2.0 client-credentials service tokens (M2M,
//! and the Bearer half of T2M), sent as `Authorization: Bearer <token>`.
//!
//! The token request is RFC 6749's (§4.4.2: form-encoded, client
//! authentication per §2.3.1 as the scheme declares, see
//! [`ClientAuthMethod`]); it goes through the [`Client`](crate::Client)'s
//! transport, so a client over [`MockTransport`](crate::MockTransport) sends
//! its secret nowhere else. The token comes from the origin of the request
//! being authorized plus [`ClientCredentialsSpec::token_path`], is cached,
//! and reused until `expires_in - refresh_before_seconds` (the documents:
//! 15-minute tokens, "refresh proactively and reuse until expiry").
//!
//! One token request per refresh attempt: every call that waits while an
//! attempt is in flight gets its outcome, its failure included; after a
//! failure the next attempt waits [`failure_backoff`](ClientCredentials::failure_backoff)
//! (a still unexpired token is used meanwhile). A 401 drops the cached token
//! if the refused request could have carried it (it was cached when the
//! request was authorized), so the retried call fetches a fresh one; many
//! 401s to one revoked token still cause one fetch.
//!
//! Never shown anywhere: the client secret and the access token. Errors
//! ([`TokenError`]) name the token URL, the HTTP status and the RFC 6749
//! §5.2 `error`, `error_description` and `error_uri`.

use super::bearer::bearer_value;
use super::token_endpoint::TokenRequest;
use super::token_error::TokenError;
use super::{Auth, AuthContext, AuthError};
use crate::transport::ReqwestTransport;
use futures::future::BoxFuture;
use http::header::AUTHORIZATION;
use secrecy::{ExposeSecret, SecretString};
use std::fmt;
use std::sync::{Mutex, OnceLock};
use std::time::{Duration, Instant};

/// How the client authenticates at the token endpoint (RFC 6749 §2.3.1).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ClientAuthMethod {
    /// `Authorization: Basic base64(form-urlencoded id ":" form-urlencoded
    /// secret)`; every authorization server MUST support it.
    Basic,
    /// `client_id` and `client_secret` as body fields (NOT RECOMMENDED by
    /// the RFC; for servers that document it).
    Form,
}

/// How a lane obtains service tokens; generated code writes one as a `static`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ClientCredentialsSpec {
    /// Token endpoint: a path appended to the API origin (scheme, host, port),
    /// e.g. `"/oauth/token"`, or an absolute `https://` URL.
    pub token_path: &'static str,
    /// How the client authenticates at the token endpoint.
    pub client_auth: ClientAuthMethod,
    /// Fetch a new token this many seconds before the current one expires.
    pub refresh_before_seconds: u64,
}

/// Token lifetime assumed when the token response has no `expires_in`: the
/// 15 minutes the Azotte documents give M2M service tokens.
pub const DEFAULT_TOKEN_LIFETIME: Duration = Duration::from_secs(15 * 60);
/// Default timeout of one token request.
pub const DEFAULT_TOKEN_TIMEOUT: Duration = Duration::from_secs(30);
/// Default wait after a failed token request before the next one.
pub const DEFAULT_FAILURE_BACKOFF: Duration = Duration::from_secs(1);

struct Cached {
    url: String,
    token: SecretString,
    refresh_at: Instant,
    expires_at: Instant,
    /// When it was cached: requests authorized before then did not carry it.
    fetched_at: Instant,
}

struct Failure {
    error: TokenError,
    at: Instant,
    /// The attempt that failed (see [`State::attempts`]).
    attempt: u64,
}

#[derive(Default)]
struct State {
    cached: Option<Cached>,
    /// Bumped by every token request that finished, so a caller that waited
    /// can tell an attempt happened meanwhile and take its outcome.
    attempts: u64,
    last_failure: Option<Failure>,
}

impl State {
    fn valid_for(&self, url: &str, now: Instant) -> Option<&Cached> {
        self.cached
            .as_ref()
            .filter(|c| c.url == url && now < c.expires_at)
    }
}

/// OAuth 2.0 client credentials ([`Auth`] for M2M service tokens).
///
/// ```
/// # use azotte_runtime::{ClientAuthMethod, ClientCredentials, ClientCredentialsSpec};
/// static SERVICE_TOKEN: ClientCredentialsSpec = ClientCredentialsSpec {
///     token_path: "/oauth/token",
///     client_auth: ClientAuthMethod::Basic,
///     refresh_before_seconds: 60,
/// };
/// let auth = ClientCredentials::new(&SERVICE_TOKEN, "svc-checkout", "s3cr3t");
/// assert!(!format!("{auth:?}").contains("s3cr3t"));
/// ```
///
/// Token responses are RFC 6749 §5.1 objects `{access_token, token_type,
/// expires_in, scope?}`; `token_type`, when present, must be `Bearer`.
/// No `scope` is requested unless [`scope`](Self::scope) adds some.
pub struct ClientCredentials {
    spec: &'static ClientCredentialsSpec,
    client_id: String,
    client_secret: SecretString,
    scopes: Vec<String>,
    token_url: Option<String>,
    /// For [`Auth::apply`] outside a client, built on first use (`None` when
    /// it could not be). Inside a client, the client's transport is used.
    own_transport: OnceLock<Option<ReqwestTransport>>,
    timeout: Duration,
    failure_backoff: Duration,
    state: Mutex<State>,
    refresh: tokio::sync::Mutex<()>,
}

impl ClientCredentials {
    /// Credentials for `spec`'s token endpoint.
    pub fn new(
        spec: &'static ClientCredentialsSpec,
        client_id: impl Into<String>,
        client_secret: impl Into<SecretString>,
    ) -> Self {
        ClientCredentials {
            spec,
            client_id: client_id.into(),
            client_secret: client_secret.into(),
            scopes: Vec::new(),
            token_url: None,
            own_transport: OnceLock::new(),
            timeout: DEFAULT_TOKEN_TIMEOUT,
            failure_backoff: DEFAULT_FAILURE_BACKOFF,
            state: Mutex::new(State::default()),
            refresh: tokio::sync::Mutex::new(()),
        }
    }

    /// Adds these scopes (space-separated) to the `scope` of each token
    /// request; repeated scopes are sent once. Without any, no `scope` is
    /// sent and the server grants its default (RFC 6749 §3.3).
    pub fn scope(mut self, scope: impl Into<String>) -> Self {
        for s in scope.into().split_whitespace() {
            if !self.scopes.iter().any(|have| have == s) {
                self.scopes.push(s.to_owned());
            }
        }
        self
    }

    /// Uses this absolute token URL instead of API origin + `token_path`.
    pub fn token_url(mut self, url: impl Into<String>) -> Self {
        self.token_url = Some(url.into());
        self
    }

    /// Timeout of one token request (default [`DEFAULT_TOKEN_TIMEOUT`]).
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    /// Wait after a failed token request before the next one (default
    /// [`DEFAULT_FAILURE_BACKOFF`]); calls arriving meanwhile wait for it.
    pub fn failure_backoff(mut self, backoff: Duration) -> Self {
        self.failure_backoff = backoff;
        self
    }

    /// The client id (not secret).
    pub fn client_id(&self) -> &str {
        &self.client_id
    }

    /// Drops the cached token; the next call fetches a new one.
    pub fn invalidate(&self) {
        self.lock_state().cached = None;
    }

    fn lock_state(&self) -> std::sync::MutexGuard<'_, State> {
        // A poisoned lock only means a panic elsewhere; the cache stays usable.
        self.state
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    fn url_for(&self, request: &reqwest::Request) -> String {
        if let Some(url) = &self.token_url {
            return url.clone();
        }
        let path = self.spec.token_path;
        if path.starts_with("http://") || path.starts_with("https://") {
            return path.to_owned();
        }
        format!("{}{path}", request.url().origin().ascii_serialization())
    }

    /// A token for `url`: the cached one while fresh, else the outcome of
    /// one token request shared by every concurrent caller.
    async fn token(&self, url: &str, context: AuthContext<'_>) -> Result<SecretString, AuthError> {
        let seen = {
            let state = self.lock_state();
            match &state.cached {
                Some(c) if c.url == url && Instant::now() < c.refresh_at => {
                    return Ok(c.token.clone())
                }
                _ => state.attempts,
            }
        };
        let _flight = self.refresh.lock().await;
        let backoff_until = {
            let state = self.lock_state();
            let now = Instant::now();
            let failed = state
                .last_failure
                .as_ref()
                .filter(|f| f.attempt == state.attempts);
            if state.attempts != seen || failed.is_some() {
                // An attempt finished while we waited (its token, or the
                // previous one while unexpired), or one failed recently
                // (the unexpired token bridges the back-off).
                if let Some(c) = state.valid_for(url, now) {
                    return Ok(c.token.clone());
                }
            }
            match failed {
                Some(f) if state.attempts != seen => return Err(auth_error(&f.error)),
                Some(f) => Some(f.at + self.failure_backoff),
                None => None,
            }
        };
        if let Some(until) = backoff_until {
            tokio::time::sleep_until(until.into()).await;
        }
        let started = Instant::now();
        let scope = self.scopes.join(" ");
        let request = TokenRequest {
            context,
            url,
            client_id: &self.client_id,
            client_secret: &self.client_secret,
            client_auth: self.spec.client_auth,
            scope: (!scope.is_empty()).then_some(scope.as_str()),
            timeout: self.timeout,
        };
        let result = request.send().await;
        let mut state = self.lock_state();
        state.attempts += 1;
        match result {
            Ok((token, expires_in)) => {
                let lifetime = expires_in.map_or(DEFAULT_TOKEN_LIFETIME, Duration::from_secs);
                let early = Duration::from_secs(self.spec.refresh_before_seconds);
                state.last_failure = None;
                state.cached = Some(Cached {
                    url: url.to_owned(),
                    token: token.clone(),
                    refresh_at: started + lifetime.saturating_sub(early),
                    expires_at: started + lifetime,
                    fetched_at: Instant::now(),
                });
                Ok(token)
            }
            Err(error) => {
                tracing::warn!(token_url = url, error = %error, "service token request failed");
                let shown = auth_error(&error);
                let attempt = state.attempts;
                state.last_failure = Some(Failure {
                    error,
                    at: Instant::now(),
                    attempt,
                });
                match state.valid_for(url, Instant::now()) {
                    // A proactive refresh failed: the current token still works.
                    Some(c) => Ok(c.token.clone()),
                    None => Err(shown),
                }
            }
        }
    }

    async fn authorize_with(
        &self,
        request: &mut reqwest::Request,
        context: AuthContext<'_>,
    ) -> Result<(), AuthError> {
        let url = self.url_for(request);
        let token = self.token(&url, context).await?;
        request
            .headers_mut()
            .insert(AUTHORIZATION, bearer_value(&token)?);
        Ok(())
    }
}

fn auth_error(error: &TokenError) -> AuthError {
    AuthError::with_source(error.to_string(), error.clone())
}

impl fmt::Debug for ClientCredentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let cached = self.lock_state().cached.is_some();
        f.debug_struct("ClientCredentials")
            .field("client_id", &self.client_id)
            .field("client_secret", &format_args!("[REDACTED]"))
            .field("token_path", &self.spec.token_path)
            .field("client_auth", &self.spec.client_auth)
            .field("scopes", &self.scopes)
            .field("token_cached", &cached)
            .finish()
    }
}

/// RFC 6749 §3.3: `scope-token = 1*( %x21 / %x23-5B / %x5D-7E )`.
fn valid_scope_token(scope: &str) -> bool {
    !scope.is_empty()
        && scope
            .bytes()
            .all(|b| matches!(b, 0x21 | 0x23..=0x5B | 0x5D..=0x7E))
}

impl Auth for ClientCredentials {
    /// Outside a [`Client`](crate::Client): token requests use a default
    /// `reqwest` client that follows no redirects.
    fn apply<'a>(
        &'a self,
        request: &'a mut reqwest::Request,
    ) -> BoxFuture<'a, Result<(), AuthError>> {
        Box::pin(async move {
            let built = self.own_transport.get_or_init(|| {
                reqwest::Client::builder()
                    .redirect(reqwest::redirect::Policy::none())
                    .connect_timeout(crate::config::DEFAULT_CONNECT_TIMEOUT)
                    .user_agent(crate::config::DEFAULT_USER_AGENT)
                    .build()
                    .ok()
                    .map(ReqwestTransport::new)
            });
            let transport = built.as_ref().ok_or_else(|| {
                AuthError::new("could not build the HTTP client for service token requests")
            })?;
            self.authorize_with(request, AuthContext::new(transport))
                .await
        })
    }

    /// Token requests go through the client's transport (its proxies and
    /// TLS settings). With a custom `http_client`, keep its redirects off
    /// (the default client follows none): a followed 307/308 would carry
    /// the client's credentials to another host.
    fn authorize<'a>(
        &'a self,
        request: &'a mut reqwest::Request,
        context: AuthContext<'a>,
    ) -> BoxFuture<'a, Result<(), AuthError>> {
        Box::pin(self.authorize_with(request, context))
    }

    fn check(&self) -> Result<(), AuthError> {
        if self.client_id.trim().is_empty() {
            return Err(AuthError::new("the OAuth client id is empty"));
        }
        if self.client_secret.expose_secret().trim().is_empty() {
            return Err(AuthError::new("the OAuth client secret is empty"));
        }
        if let Some(bad) = self.scopes.iter().find(|s| !valid_scope_token(s)) {
            return Err(AuthError::new(format!(
                "OAuth scope `{bad}` has characters RFC 6749 §3.3 does not allow"
            )));
        }
        let path = self.spec.token_path;
        let absolute = path.starts_with("http://") || path.starts_with("https://");
        if self.token_url.is_none() && !absolute && !path.starts_with('/') {
            return Err(AuthError::new(format!(
                "token path `{path}` must start with `/` or be an absolute http(s) URL"
            )));
        }
        Ok(())
    }

    fn on_unauthorized(&self, authorized_at: Instant) -> bool {
        let mut state = self.lock_state();
        if state
            .cached
            .as_ref()
            .is_some_and(|c| c.fetched_at <= authorized_at)
        {
            state.cached = None;
        }
        true
    }
}
