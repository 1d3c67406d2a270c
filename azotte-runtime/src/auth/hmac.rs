//! [`HmacSigner`]: HMAC-SHA256 request signatures for T2M partner calls,
//! over the signature core in [`crate::signature`] (shared with the inbound
//! webhook verifier). The secret is never shown; the partner key (an
//! identifier) is.

use super::{Auth, AuthError};
use crate::signature::{sign, unix_now, EmptySecret, SignedPart, SigningSpec};
use futures::future::BoxFuture;
use http::header::{HeaderName, HeaderValue};
use secrecy::{ExposeSecret, SecretString};
use std::fmt;

/// Signs every attempt of a T2M partner call ([`Auth`]): sets the partner key
/// header, the timestamp header and the signature header.
///
/// Combine with a Bearer scheme for lanes that check both:
/// `Client::new(config, (client_credentials, signer))`.
pub struct HmacSigner {
    spec: &'static SigningSpec,
    partner_key: String,
    secret: SecretString,
    clock: fn() -> u64,
}

impl HmacSigner {
    /// A signer for `spec` with this partner key (an identifier, shown in
    /// `Debug`) and shared secret (never shown).
    pub fn new(
        spec: &'static SigningSpec,
        partner_key: impl Into<String>,
        secret: impl Into<SecretString>,
    ) -> Self {
        HmacSigner {
            spec,
            partner_key: partner_key.into(),
            secret: secret.into(),
            clock: unix_now,
        }
    }

    /// Reads unix seconds from `clock` instead of the system clock (tests).
    pub fn with_clock(mut self, clock: fn() -> u64) -> Self {
        self.clock = clock;
        self
    }

    fn validate(&self) -> Result<[HeaderName; 2], AuthError> {
        if self.secret.expose_secret().is_empty() {
            return Err(AuthError::new(
                EmptySecret {
                    what: "partner signing",
                }
                .to_string(),
            ));
        }
        let name = |n: &str| {
            HeaderName::from_bytes(n.as_bytes())
                .map_err(|_| AuthError::new(format!("invalid signing header name `{n}`")))
        };
        if let Some(ts) = self.spec.timestamp_header {
            name(ts)?;
        } else if self.spec.signed.contains(&SignedPart::Timestamp) {
            return Err(AuthError::new(
                "the signing spec signs a timestamp but names no timestamp header to send it in",
            ));
        }
        if HeaderValue::from_str(&self.partner_key).is_err() {
            return Err(AuthError::new(format!(
                "invalid value for partner key header `{}`",
                self.spec.key_header
            )));
        }
        Ok([
            name(self.spec.key_header)?,
            name(self.spec.signature_header)?,
        ])
    }
}

impl fmt::Debug for HmacSigner {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("HmacSigner")
            .field("partner_key", &self.partner_key)
            .field("secret", &format_args!("[REDACTED]"))
            .field("signature_header", &self.spec.signature_header)
            .finish()
    }
}

impl Auth for HmacSigner {
    fn apply<'a>(
        &'a self,
        request: &'a mut reqwest::Request,
    ) -> BoxFuture<'a, Result<(), AuthError>> {
        let result = (|| {
            let [key_header, signature_header] = self.validate()?;
            let body = match request.body() {
                None => &[][..],
                Some(body) => body
                    .as_bytes()
                    .ok_or_else(|| AuthError::new("cannot sign a streaming request body"))?,
            };
            let url = request.url();
            let path = match url.query() {
                Some(query) => format!("{}?{query}", url.path()),
                None => url.path().to_owned(),
            };
            let timestamp = (self.clock)();
            let signature = sign(
                self.spec,
                self.secret.expose_secret(),
                timestamp,
                request.method().as_str(),
                &path,
                body,
            );
            let headers = request.headers_mut();
            // Valid by construction: validated, digits, hex/base64.
            if let Ok(value) = HeaderValue::from_str(&self.partner_key) {
                headers.insert(key_header, value);
            }
            if let Some(name) = self.spec.timestamp_header {
                if let Ok(name) = HeaderName::from_bytes(name.as_bytes()) {
                    headers.insert(name, HeaderValue::from(timestamp));
                }
            }
            let mut value = HeaderValue::try_from(signature)
                .map_err(|_| AuthError::new("signature is not a valid header value"))?;
            value.set_sensitive(true);
            headers.insert(signature_header, value);
            Ok(())
        })();
        super::decided(result)
    }

    fn check(&self) -> Result<(), AuthError> {
        self.validate().map(drop)
    }
}
#[cfg(test)]
mod tests {
    use super::*;
    use crate::signature::tests::SPEC;

    #[test]
    fn empty_secret_is_refused() {
        let error = HmacSigner::new(&SPEC, "pk", "").check().unwrap_err();
        assert!(error.to_string().contains("secret is empty"), "{error}");
    }

    #[test]
    fn timestamp_without_header_is_rejected() {
        static BAD: SigningSpec = SigningSpec {
            timestamp_header: None,
            ..SPEC
        };
        let error = HmacSigner::new(&BAD, "pk", "secret").check().unwrap_err();
        assert!(error.to_string().contains("timestamp"), "{error}");
    }
}
