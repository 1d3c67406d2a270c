//! [`ClientCredentials`]: OAuth 2.0 client-credentials service tokens (M2M,
//! and the Bearer half of T2M), sent as `Authorization: Bearer <token>`.
//!
//! The token is fetched from the origin of the request being authorized plus
//! [`ClientCredentialsSpec::token_path`], cached, and reused until
//! `expires_in - refresh_before_seconds` (the documents: 15-minute tokens,
//! "refresh proactively and reuse until expiry"). Concurrent calls that need
//! a token share ONE token request (single flight). A 401 drops the cached
//! token if the refused request could have carried it (it was cached when
//! the request was authorized), so the retried call fetches a fresh one; many
//! 401s to one revoked token still cause one fetch.
//!
//! Never shown anywhere: the client secret and the access token. Errors name
//! the token URL, the HTTP status and the OAuth `error` field.

use super::bearer::bearer_value;
use super::token_endpoint::TokenRequest;
use super::{Auth, AuthError};
use futures::future::BoxFuture;
use reqwest::header::AUTHORIZATION;
use secrecy::SecretString;
use std::fmt;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// How a lane obtains service tokens; generated code writes one as a `static`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ClientCredentialsSpec {
    /// Token endpoint: a path appended to the API origin (scheme, host, port),
    /// e.g. `"/oauth/token"`, or an absolute `https://` URL.
    pub token_path: &'static str,
    /// Send the token request as `application/x-www-form-urlencoded` (RFC 6749)
    /// instead of JSON.
    pub form_encoded: bool,
    /// Fetch a new token this many seconds before the current one expires.
    pub refresh_before_seconds: u64,
}

/// Token lifetime assumed when the token response has no `expires_in`: the
/// 15 minutes the Azotte documents give M2M service tokens.
pub const DEFAULT_TOKEN_LIFETIME: Duration = Duration::from_secs(15 * 60);
/// Default timeout of one token request.
pub const DEFAULT_TOKEN_TIMEOUT: Duration = Duration::from_secs(30);

struct Cached {
    url: String,
    token: SecretString,
    refresh_at: Instant,
    expires_at: Instant,
    /// When it was cached: requests authorized before then did not carry it.
    fetched_at: Instant,
}

#[derive(Default)]
struct State {
    cached: Option<Cached>,
    /// Bumped by every fetch, so waiters can tell a token was just fetched.
    generation: u64,
}

/// OAuth 2.0 client credentials ([`Auth`] for M2M service tokens).
///
/// ```
/// # use azotte_runtime::{ClientCredentials, ClientCredentialsSpec};
/// static SERVICE_TOKEN: ClientCredentialsSpec = ClientCredentialsSpec {
///     token_path: "/oauth/token", form_encoded: false, refresh_before_seconds: 60,
/// };
/// let auth = ClientCredentials::new(&SERVICE_TOKEN, "svc-checkout", "s3cr3t");
/// assert!(!format!("{auth:?}").contains("s3cr3t"));
/// ```
///
/// Token responses are `{access_token, token_type, expires_in, scope?}`
/// (RFC 6749 §5.1); the same object wrapped in a Moneti-style `{"data": {...}}`
/// envelope is accepted too (inferred: the documents do not show the token
/// response). `token_type`, when present, must be `Bearer`.
pub struct ClientCredentials {
    spec: &'static ClientCredentialsSpec,
    client_id: String,
    client_secret: SecretString,
    scope: Option<String>,
    token_url: Option<String>,
    /// `None` when the default HTTP client could not be built (reported by `check`).
    http: Option<reqwest::Client>,
    timeout: Duration,
    state: Mutex<State>,
    refresh: tokio::sync::Mutex<()>,
}

impl ClientCredentials {
    /// Credentials for `spec`'s token endpoint. Uses its own HTTP client that
    /// follows no redirects (see [`http_client`](Self::http_client)).
    pub fn new(
        spec: &'static ClientCredentialsSpec,
        client_id: impl Into<String>,
        client_secret: impl Into<SecretString>,
    ) -> Self {
        let http = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .connect_timeout(crate::config::DEFAULT_CONNECT_TIMEOUT)
            .user_agent(crate::config::DEFAULT_USER_AGENT)
            .build()
            .ok();
        ClientCredentials {
            spec,
            client_id: client_id.into(),
            client_secret: client_secret.into(),
            scope: None,
            token_url: None,
            http,
            timeout: DEFAULT_TOKEN_TIMEOUT,
            state: Mutex::new(State::default()),
            refresh: tokio::sync::Mutex::new(()),
        }
    }

    /// Requests these scopes (space-separated, sent as `scope`).
    pub fn scope(mut self, scope: impl Into<String>) -> Self {
        self.scope = Some(scope.into());
        self
    }

    /// Requests these scopes unless [`scope`](Self::scope) chose others
    /// (generated lane clients pass the scopes their endpoints need).
    pub fn default_scope(mut self, scope: impl Into<String>) -> Self {
        if self.scope.is_none() {
            self.scope = Some(scope.into());
        }
        self
    }

    /// Uses this absolute token URL instead of API origin + `token_path`.
    pub fn token_url(mut self, url: impl Into<String>) -> Self {
        self.token_url = Some(url.into());
        self
    }

    /// Sends token requests with this client (proxies, TLS roots). Keep its
    /// redirects off: a redirect would carry the client secret elsewhere.
    pub fn http_client(mut self, client: reqwest::Client) -> Self {
        self.http = Some(client);
        self
    }

    /// Timeout of one token request (default [`DEFAULT_TOKEN_TIMEOUT`]).
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
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

    /// A token for `url`: the cached one while fresh, else one fetch shared
    /// by every concurrent caller.
    async fn token(&self, url: &str) -> Result<SecretString, AuthError> {
        let seen = {
            let state = self.lock_state();
            match &state.cached {
                Some(c) if c.url == url && Instant::now() < c.refresh_at => {
                    return Ok(c.token.clone())
                }
                _ => state.generation,
            }
        };
        let _flight = self.refresh.lock().await;
        {
            // Re-check: another caller may have fetched while we waited. A token
            // fetched meanwhile is used while unexpired even if already due for
            // refresh, so waiters never start a second request.
            let state = self.lock_state();
            if let Some(c) = &state.cached {
                let now = Instant::now();
                let fresh = now < c.refresh_at || (state.generation != seen && now < c.expires_at);
                if c.url == url && fresh {
                    return Ok(c.token.clone());
                }
            }
        }
        let started = Instant::now();
        let http = self.http.as_ref().ok_or_else(|| {
            AuthError::new("could not build the HTTP client for service token requests")
        })?;
        let request = TokenRequest {
            http,
            url,
            client_id: &self.client_id,
            client_secret: &self.client_secret,
            scope: self.scope.as_deref(),
            form_encoded: self.spec.form_encoded,
            timeout: self.timeout,
        };
        let (token, expires_in) = request.send().await?;
        let lifetime = expires_in.map_or(DEFAULT_TOKEN_LIFETIME, Duration::from_secs);
        let early = Duration::from_secs(self.spec.refresh_before_seconds);
        let mut state = self.lock_state();
        state.generation += 1;
        state.cached = Some(Cached {
            url: url.to_owned(),
            token: token.clone(),
            refresh_at: started + lifetime.saturating_sub(early),
            expires_at: started + lifetime,
            fetched_at: Instant::now(),
        });
        Ok(token)
    }
}

impl fmt::Debug for ClientCredentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let cached = self.lock_state().cached.is_some();
        f.debug_struct("ClientCredentials")
            .field("client_id", &self.client_id)
            .field("client_secret", &format_args!("[REDACTED]"))
            .field("token_path", &self.spec.token_path)
            .field("scope", &self.scope)
            .field("token_cached", &cached)
            .finish()
    }
}

impl Auth for ClientCredentials {
    fn apply<'a>(
        &'a self,
        request: &'a mut reqwest::Request,
    ) -> BoxFuture<'a, Result<(), AuthError>> {
        Box::pin(async move {
            let url = self.url_for(request);
            let token = self.token(&url).await?;
            request
                .headers_mut()
                .insert(AUTHORIZATION, bearer_value(&token)?);
            Ok(())
        })
    }

    fn check(&self) -> Result<(), AuthError> {
        if self.http.is_none() {
            return Err(AuthError::new(
                "could not build the HTTP client for service token requests",
            ));
        }
        if self.client_id.is_empty() {
            return Err(AuthError::new("the OAuth client id is empty"));
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
