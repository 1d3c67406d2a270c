//! The OAuth2 token endpoint, accepting only what RFC 6749 allows for the
//! client-credentials grant, so a client that sends anything else is told so
//! and no wrong client passes here:
//!
//! - `POST`, `Content-Type: application/x-www-form-urlencoded` (§4.4.2),
//!   each parameter at most once (§3.2), `grant_type=client_credentials`;
//! - client authentication (§2.3.1) by HTTP Basic over the form-urlencoded id
//!   and secret (every server MUST support it), or by `client_id` and
//!   `client_secret` body fields when a scheme of the spec declares
//!   `client_auth: form`; never both at once (§2.3);
//! - `scope`, when sent, only names scopes the spec declares (§3.3);
//! - answers: §5.1 (`Cache-Control: no-store`, `Pragma: no-cache`) or the
//!   §5.2 error JSON: 400 `invalid_request`, `unsupported_grant_type`,
//!   `invalid_scope`; 401 `invalid_client` with `WWW-Authenticate: Basic`.

use super::{same, Authenticator, TOKEN_LIFETIME};
use crate::routes::percent_decode;
use crate::state::lock;
use axum::http::{header, HeaderMap};
use azotte_spec::model::{AuthKind, ClientAuth, Spec};
use base64::Engine as _;
use serde_json::{json, Value};
use std::time::Instant;

/// What the spec's client-credentials schemes allow at the token endpoint.
#[derive(Debug, Default)]
pub struct TokenPolicy {
    /// Some scheme declares `client_auth: form`.
    form_allowed: bool,
    /// Every scope the schemes declare.
    scopes: Vec<String>,
    /// The `realm` of `WWW-Authenticate` (the API's name).
    realm: String,
}

impl TokenPolicy {
    /// From `spec`'s `oauth2_client_credentials` schemes.
    pub fn new(spec: &Spec) -> Self {
        let mut policy = TokenPolicy {
            realm: spec.api.name.clone(),
            ..TokenPolicy::default()
        };
        for scheme in &spec.auth {
            if let AuthKind::OAuth2ClientCredentials {
                client_auth,
                scopes,
                ..
            } = &scheme.kind
            {
                policy.form_allowed |= *client_auth == ClientAuth::Form;
                policy
                    .scopes
                    .extend(scopes.iter().map(|(name, _)| name.clone()));
            }
        }
        policy
    }
}

/// A token endpoint answer: status, extra headers, JSON body.
pub type TokenAnswer = (u16, Vec<(header::HeaderName, String)>, Value);

fn error(status: u16, code: &str, description: &str) -> TokenAnswer {
    (
        status,
        Vec::new(),
        json!({ "error": code, "error_description": description }),
    )
}

/// The form's pairs, decoded; `Err(name)` when a parameter is repeated.
fn form_pairs(body: &str) -> Result<Vec<(String, String)>, String> {
    let mut pairs: Vec<(String, String)> = Vec::new();
    for pair in body.split('&').filter(|p| !p.is_empty()) {
        let (name, value) = pair.split_once('=').unwrap_or((pair, ""));
        let (name, value) = (percent_decode(name, true), percent_decode(value, true));
        if pairs.iter().any(|(n, _)| *n == name) {
            return Err(name);
        }
        pairs.push((name, value));
    }
    Ok(pairs)
}

/// The client id and secret of `Authorization: Basic` (§2.3.1: base64 of
/// the form-urlencoded id, `:`, the form-urlencoded secret).
fn basic_credentials(value: &str) -> Option<(String, String)> {
    let (scheme, encoded) = value.trim().split_once(' ')?;
    if !scheme.eq_ignore_ascii_case("basic") {
        return None;
    }
    let decoded = base64::engine::general_purpose::STANDARD
        .decode(encoded.trim())
        .ok()?;
    let text = String::from_utf8(decoded).ok()?;
    let (id, secret) = text.split_once(':')?;
    Some((percent_decode(id, true), percent_decode(secret, true)))
}

impl Authenticator {
    /// Answers one request to the token endpoint (see the module docs).
    pub fn token_endpoint(&self, headers: &HeaderMap, body: &[u8]) -> TokenAnswer {
        let content_type = headers
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.split(';').next())
            .map(|v| v.trim().to_ascii_lowercase());
        if content_type.as_deref() != Some("application/x-www-form-urlencoded") {
            return error(
                400,
                "invalid_request",
                "token requests are application/x-www-form-urlencoded (RFC 6749 section 4.4.2)",
            );
        }
        let Ok(text) = std::str::from_utf8(body) else {
            return error(400, "invalid_request", "the body is not UTF-8");
        };
        let pairs = match form_pairs(text) {
            Ok(pairs) => pairs,
            Err(name) => {
                let why = format!("parameter `{name}` is repeated (RFC 6749 section 3.2)");
                return error(400, "invalid_request", &why);
            }
        };
        let get = |k: &str| pairs.iter().find(|(n, _)| n == k).map(|(_, v)| v.as_str());
        match get("grant_type") {
            None => return error(400, "invalid_request", "grant_type is missing"),
            Some("client_credentials") => {}
            Some(_) => {
                return error(
                    400,
                    "unsupported_grant_type",
                    "only grant_type=client_credentials is served",
                )
            }
        }
        if let Err(answer) =
            self.authenticate_client(headers, get("client_id"), get("client_secret"))
        {
            return answer;
        }
        let requested: Vec<&str> = get("scope")
            .unwrap_or("")
            .split(' ')
            .filter(|s| !s.is_empty())
            .collect();
        let policy = &self.token_policy;
        if let Some(unknown) = requested
            .iter()
            .find(|s| !policy.scopes.iter().any(|d| d == *s))
        {
            let why = format!("unknown scope `{unknown}`");
            return error(400, "invalid_scope", &why);
        }
        let token = format!("gwt_{}", uuid::Uuid::new_v4().simple());
        let now = Instant::now();
        {
            let mut tokens = lock(&self.tokens);
            tokens.retain(|_, expiry| *expiry > now);
            tokens.insert(token.clone(), now + TOKEN_LIFETIME);
        }
        let mut answer = json!({
            "access_token": token, "token_type": "Bearer",
            "expires_in": TOKEN_LIFETIME.as_secs(),
        });
        // §5.1: the granted scope, required when it differs from the request
        // (without one, every declared scope is granted).
        let granted = if requested.is_empty() {
            policy.scopes.join(" ")
        } else {
            requested.join(" ")
        };
        if !granted.is_empty() {
            answer["scope"] = json!(granted);
        }
        let no_cache = vec![
            (header::CACHE_CONTROL, "no-store".to_owned()),
            (header::PRAGMA, "no-cache".to_owned()),
        ];
        (200, no_cache, answer)
    }

    /// §2.3: exactly one client authentication, and the configured client.
    fn authenticate_client(
        &self,
        headers: &HeaderMap,
        body_id: Option<&str>,
        body_secret: Option<&str>,
    ) -> Result<(), TokenAnswer> {
        let challenge = format!("Basic realm=\"{}\"", self.token_policy.realm);
        let invalid_client = |description: &str| {
            let mut answer = error(401, "invalid_client", description);
            answer.1.push((header::WWW_AUTHENTICATE, challenge.clone()));
            answer
        };
        let authorization = headers
            .get(header::AUTHORIZATION)
            .map(|v| v.to_str().unwrap_or_default());
        let (id, secret) = match (authorization, body_secret) {
            (Some(_), Some(_)) => {
                return Err(error(
                    400,
                    "invalid_request",
                    "use one client authentication: HTTP Basic or client_secret, not both (RFC 6749 section 2.3)",
                ))
            }
            (Some(value), None) => match basic_credentials(value) {
                Some(pair) => pair,
                None => {
                    return Err(invalid_client(
                        "the Authorization header is not HTTP Basic over the form-urlencoded client id and secret",
                    ))
                }
            },
            (None, Some(secret)) if self.token_policy.form_allowed => {
                (body_id.unwrap_or_default().to_owned(), secret.to_owned())
            }
            (None, Some(_)) => {
                return Err(invalid_client(
                    "this API authenticates clients with HTTP Basic (RFC 6749 section 2.3.1), not body fields",
                ))
            }
            (None, None) => return Err(invalid_client("no client authentication")),
        };
        let id_ok = same(id.as_bytes(), self.client_id.as_bytes());
        let secret_ok = same(secret.as_bytes(), self.client_secret.as_bytes());
        if id_ok && secret_ok {
            Ok(())
        } else {
            Err(invalid_client("unknown client_id or wrong client_secret"))
        }
    }
}
