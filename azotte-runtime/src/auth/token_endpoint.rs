//! One request to an OAuth 2.0 token endpoint (client-credentials grant,
//! RFC 6749 §4.4): the JSON or form-encoded body, the response (plain or in a
//! Moneti `data` envelope) and error messages that say what failed (URL,
//! HTTP status, OAuth `error`) without the secret or the token.
//!
//! Caching and single flight are [`ClientCredentials`](super::ClientCredentials)'s job.

use super::AuthError;
use reqwest::header::{ACCEPT, CONTENT_TYPE};
use secrecy::{ExposeSecret, SecretString};
use serde_json::Value;
use std::time::Duration;

/// Largest token response read.
const MAX_TOKEN_RESPONSE_BYTES: usize = 64 * 1024;

/// Everything one token request needs.
pub(crate) struct TokenRequest<'a> {
    pub http: &'a reqwest::Client,
    pub url: &'a str,
    pub client_id: &'a str,
    pub client_secret: &'a SecretString,
    pub scope: Option<&'a str>,
    pub form_encoded: bool,
    pub timeout: Duration,
}

impl TokenRequest<'_> {
    /// The body and its content type.
    fn body(&self) -> (Vec<u8>, &'static str) {
        let secret = self.client_secret.expose_secret();
        let mut fields = vec![
            ("grant_type", "client_credentials"),
            ("client_id", self.client_id),
            ("client_secret", secret),
        ];
        if let Some(scope) = self.scope {
            fields.push(("scope", scope));
        }
        if self.form_encoded {
            let mut body = String::new();
            for (i, (name, value)) in fields.iter().enumerate() {
                if i > 0 {
                    body.push('&');
                }
                crate::request::encode_component(name, &mut body);
                body.push('=');
                crate::request::encode_component(value, &mut body);
            }
            (body.into_bytes(), "application/x-www-form-urlencoded")
        } else {
            let map: serde_json::Map<String, Value> = fields
                .into_iter()
                .map(|(k, v)| (k.to_owned(), Value::String(v.to_owned())))
                .collect();
            let body = serde_json::to_vec(&map).unwrap_or_default();
            (body, "application/json")
        }
    }

    /// Sends the token request and reads the token and its lifetime.
    pub(crate) async fn send(&self) -> Result<(SecretString, Option<u64>), AuthError> {
        let url = self.url;
        tracing::debug!(token_url = url, client_id = %self.client_id, "requesting a service token");
        let (body, content_type) = self.body();
        let failed = |what: &str| format!("service token request to {url} failed: {what}");
        let mut response = self
            .http
            .post(url)
            .header(ACCEPT, "application/json")
            .header(CONTENT_TYPE, content_type)
            .timeout(self.timeout)
            .body(body)
            .send()
            .await
            .map_err(|e| AuthError::with_source(failed(reqwest_what(&e)), strip_query(e)))?;
        let status = response.status().as_u16();
        let mut bytes = Vec::new();
        loop {
            match response.chunk().await {
                Ok(Some(chunk)) if bytes.len() + chunk.len() <= MAX_TOKEN_RESPONSE_BYTES => {
                    bytes.extend_from_slice(&chunk);
                }
                Ok(Some(_)) => return Err(AuthError::new(failed("response too large"))),
                Ok(None) => break,
                Err(e) => {
                    return Err(AuthError::with_source(
                        failed(&format!("HTTP {status}, {}", reqwest_what(&e))),
                        strip_query(e),
                    ))
                }
            }
        }
        let root: Option<Value> = serde_json::from_slice(&bytes).ok();
        if !(200..300).contains(&status) {
            let reason = root
                .as_ref()
                .map(|r| self.oauth_error(r))
                .unwrap_or_default();
            return Err(AuthError::new(failed(&format!("HTTP {status}{reason}"))));
        }
        let Some(root) = root else {
            return Err(AuthError::new(failed(&format!(
                "HTTP {status} with a body that is not JSON"
            ))));
        };
        let fields = match root.get("access_token") {
            Some(_) => &root,
            None => root.get("data").filter(|d| d.is_object()).unwrap_or(&root),
        };
        let Some(token) = fields.get("access_token").and_then(Value::as_str) else {
            let reason = self.oauth_error(&root);
            return Err(AuthError::new(failed(&format!(
                "HTTP {status} without `access_token`{reason}"
            ))));
        };
        if let Some(kind) = fields.get("token_type").and_then(Value::as_str) {
            if !kind.eq_ignore_ascii_case("bearer") {
                return Err(AuthError::new(failed(&format!(
                    "token_type `{}` is not Bearer",
                    truncate(kind)
                ))));
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

    /// `: error `x` (description)` from an OAuth error body, or the Moneti
    /// envelope's code; never the secret, even if the server echoed it.
    fn oauth_error(&self, root: &Value) -> String {
        let text = |v: Option<&Value>| v.and_then(Value::as_str).map(truncate);
        let code = text(root.get("error"))
            .or_else(|| text(root.pointer("/status/messageCode")))
            .or_else(|| text(root.get("statusCode")));
        let description =
            text(root.get("error_description")).or_else(|| text(root.pointer("/status/message")));
        let mut out = String::new();
        if let Some(code) = code {
            out.push_str(&format!(", error `{code}`"));
        }
        if let Some(description) = description {
            out.push_str(&format!(": {description}"));
        }
        let secret = self.client_secret.expose_secret();
        if !secret.is_empty() {
            out = out.replace(secret, "[REDACTED]");
        }
        out
    }
}

fn truncate(text: &str) -> String {
    text.chars().take(200).collect()
}

fn strip_query(mut error: reqwest::Error) -> reqwest::Error {
    if let Some(url) = error.url_mut() {
        url.set_query(None);
    }
    error
}

fn reqwest_what(e: &reqwest::Error) -> &'static str {
    if e.is_timeout() {
        "timed out"
    } else if e.is_connect() {
        "could not connect"
    } else if e.is_body() || e.is_decode() {
        "failed reading the response"
    } else {
        "request failed"
    }
}
