//! One request to an OAuth 2.0 token endpoint, client-credentials grant, as
//! RFC 6749 says: an `application/x-www-form-urlencoded` body
//! `grant_type=client_credentials[&scope=…]` (§4.4.2), the client
//! authenticated by HTTP Basic over the form-urlencoded id and secret or by
//! `client_id`/`client_secret` body fields (§2.3.1); the answer read as
//! §5.1 (token) or §5.2 (error, typed as [`TokenError`]). Nothing in here
//! knows any API's own keys. Sent through the client's
//! [`Transport`], so a client over a mock never reaches the network, with the
//! client's `User-Agent`; the client's [`Interceptor`]s see it as the call
//! [`TOKEN_CALL_ID`] *before* the credentials are added (they may add
//! headers, never see the secret), and its response head after.
//!
//! Caching and single flight are [`ClientCredentials`](super::ClientCredentials)'s job.

use super::client_credentials::ClientAuthMethod;
use super::token_error::{OAuthError, OAuthErrorCode, TokenError, TokenErrorKind};
use super::AuthContext;
use crate::endpoint::Method;
use crate::interceptor::CallInfo;
use base64::Engine as _;
use http::header::{HeaderValue, ACCEPT, AUTHORIZATION, CONTENT_TYPE, USER_AGENT};
use secrecy::{ExposeSecret, SecretString};
use serde_json::Value;
use std::time::Duration;

/// Largest token response read.
const MAX_TOKEN_RESPONSE_BYTES: usize = 64 * 1024;
/// The only content type of a token request (RFC 6749 §4.4.2).
pub(crate) const FORM: &str = "application/x-www-form-urlencoded";

/// The [`CallInfo::endpoint_id`] interceptors see for a token request.
pub const TOKEN_CALL_ID: &str = "OAUTH-TOKEN";

/// Everything one token request needs.
pub(crate) struct TokenRequest<'a> {
    pub context: AuthContext<'a>,
    pub url: &'a str,
    pub client_id: &'a str,
    pub client_secret: &'a SecretString,
    pub client_auth: ClientAuthMethod,
    pub scope: Option<&'a str>,
    pub timeout: Duration,
}

/// The application/x-www-form-urlencoded serialization of one value
/// (RFC 6749 Appendix B: UTF-8, then the HTML form escaping: space is `+`).
fn form_encode(value: &str) -> String {
    form_urlencoded::byte_serialize(value.as_bytes()).collect()
}

impl TokenRequest<'_> {
    /// The body (§4.4.2), with the credentials for `form` client auth when
    /// `credentials` (interceptors see it without them).
    fn body(&self, credentials: bool) -> String {
        let mut form = form_urlencoded::Serializer::new(String::new());
        form.append_pair("grant_type", "client_credentials");
        if let Some(scope) = self.scope {
            form.append_pair("scope", scope);
        }
        if self.client_auth == ClientAuthMethod::Form {
            form.append_pair("client_id", self.client_id);
            if credentials {
                form.append_pair("client_secret", self.client_secret.expose_secret());
            }
        }
        form.finish()
    }

    /// `Basic base64(urlencoded id ":" urlencoded secret)` (§2.3.1), sensitive.
    fn basic(&self) -> Option<HeaderValue> {
        let pair = format!(
            "{}:{}",
            form_encode(self.client_id),
            form_encode(self.client_secret.expose_secret())
        );
        let encoded = base64::engine::general_purpose::STANDARD.encode(pair);
        let mut value = HeaderValue::from_str(&format!("Basic {encoded}")).ok()?;
        value.set_sensitive(true);
        Some(value)
    }

    /// The request as interceptors see it: everything but the secret.
    fn request(&self) -> Result<reqwest::Request, TokenErrorKind> {
        let url = reqwest::Url::parse(self.url).map_err(|_| TokenErrorKind::InvalidUrl)?;
        let mut request = reqwest::Request::new(reqwest::Method::POST, url);
        let headers = request.headers_mut();
        headers.insert(ACCEPT, HeaderValue::from_static("application/json"));
        headers.insert(CONTENT_TYPE, HeaderValue::from_static(FORM));
        if let Some(agent) = self.context.user_agent() {
            headers.insert(USER_AGENT, agent.clone());
        }
        *request.body_mut() = Some(self.body(false).into());
        *request.timeout_mut() = Some(self.timeout);
        Ok(request)
    }

    /// Adds the client's credentials, last (after the interceptors): the
    /// Basic header, or the body again with `client_secret` for `form`.
    fn authenticate(&self, request: &mut reqwest::Request) {
        match self.client_auth {
            ClientAuthMethod::Basic => {
                // Base64 output is always a valid header value.
                if let Some(basic) = self.basic() {
                    request.headers_mut().insert(AUTHORIZATION, basic);
                }
            }
            ClientAuthMethod::Form => *request.body_mut() = Some(self.body(true).into()),
        }
    }

    /// Sends the token request and reads the token and its lifetime.
    pub(crate) async fn send(&self) -> Result<(SecretString, Option<u64>), TokenError> {
        let url = self.url;
        tracing::debug!(token_url = url, client_id = %self.client_id, "requesting a service token");
        let mut request = self.request().map_err(|kind| TokenError::new(url, kind))?;
        let path = request.url().path().to_owned();
        let info = CallInfo {
            endpoint_id: TOKEN_CALL_ID,
            method: Method::Post,
            path: &path,
            attempt: 1,
            correlation_id: None,
        };
        for interceptor in self.context.interceptors() {
            if interceptor.before_send(&info, &mut request).is_err() {
                let reason = "stopped by an interceptor";
                return Err(TokenError::new(url, TokenErrorKind::Transport { reason }));
            }
        }
        self.authenticate(&mut request);
        let exchange = async {
            let response = self.context.transport().send(request).await?;
            let status = response.status();
            for interceptor in self.context.interceptors() {
                interceptor.after_receive(&info, status, response.headers());
            }
            let (body, cut) = response.read_body(MAX_TOKEN_RESPONSE_BYTES).await?;
            Ok((status, body, cut))
        };
        let (status, body, cut) = match tokio::time::timeout(self.timeout, exchange).await {
            Ok(Ok(answer)) => answer,
            Ok(Err(failure)) => return Err(TokenError::transport(url, failure)),
            Err(_) => {
                let reason = "timed out";
                return Err(TokenError::new(url, TokenErrorKind::Transport { reason }));
            }
        };
        let invalid = |reason: &str| {
            let reason = reason.to_owned();
            TokenError::new(url, TokenErrorKind::InvalidResponse { status, reason })
        };
        if cut {
            return Err(invalid("response too large"));
        }
        let root: Option<Value> = serde_json::from_slice(&body).ok();
        if let Some(error) = root.as_ref().and_then(|r| self.oauth_error(r)) {
            return Err(TokenError::new(
                url,
                TokenErrorKind::OAuth { status, error },
            ));
        }
        if !(200..300).contains(&status) {
            return Err(TokenError::new(url, TokenErrorKind::Status { status }));
        }
        let Some(fields) = root.as_ref().filter(|r| r.is_object()) else {
            return Err(invalid("a body that is not a JSON object"));
        };
        let token = match fields.get("access_token").and_then(Value::as_str) {
            Some(token) if !token.is_empty() => token,
            _ => return Err(invalid("no `access_token` (RFC 6749 §5.1)")),
        };
        if let Some(kind) = fields.get("token_type") {
            // RFC 6749 §5.1: the type is case insensitive.
            if !kind
                .as_str()
                .is_some_and(|k| k.eq_ignore_ascii_case("bearer"))
            {
                return Err(invalid(&format!(
                    "token_type `{}` is not Bearer",
                    truncate(&kind.to_string())
                )));
            }
        }
        let expires_in = fields.get("expires_in").and_then(|v| match v {
            Value::Number(n) => n.as_u64().or_else(|| n.as_f64().map(|f| f.max(0.0) as u64)),
            Value::String(s) => s.trim().parse().ok(),
            _ => None,
        });
        tracing::debug!(token_url = url, expires_in, "service token received");
        Ok((SecretString::from(token.to_owned()), expires_in))
    }

    /// The RFC 6749 §5.2 error of a body with an `error` string, the secret
    /// redacted should the server echo it.
    fn oauth_error(&self, root: &Value) -> Option<OAuthError> {
        let secret = self.client_secret.expose_secret();
        let text = |key: &str| {
            let value = root.get(key)?.as_str()?;
            if secret.is_empty() {
                return Some(truncate(value));
            }
            Some(truncate(&value.replace(secret, "[REDACTED]")))
        };
        Some(OAuthError {
            error: OAuthErrorCode::from_wire(&text("error")?),
            error_description: text("error_description"),
            error_uri: text("error_uri"),
        })
    }
}

fn truncate(text: &str) -> String {
    text.chars().take(200).collect()
}
