//! [`HmacSigner`]: HMAC-SHA256 request signatures for T2M partner calls, and
//! the MAC helpers shared with the inbound webhook verifier
//! ([`crate::webhook`]).
//!
//! The signed message is the parts a [`SigningSpec`] lists, in order, joined
//! with its separator: e.g. `[Timestamp, Body]` joined with `.` signs
//! `1732000000.{"context":...}`. The
//! signature is lowercase hex or standard base64. [`sign`] is a pure function
//! so tests and the local gateway compute exactly the same value. The secret
//! is never shown; the partner key (an identifier) is.

use super::{Auth, AuthError};
use base64::Engine as _;
use futures::future::BoxFuture;
use hmac::{Hmac, Mac};
use reqwest::header::{HeaderName, HeaderValue};
use secrecy::{ExposeSecret, SecretString};
use sha2::Sha256;
use std::fmt;
use std::time::{SystemTime, UNIX_EPOCH};

/// One piece of the signed message.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SignedPart {
    /// The unix-seconds timestamp, as sent in the timestamp header.
    Timestamp,
    /// The upper-case HTTP method (requests only; webhooks skip it).
    Method,
    /// The URL path plus `?query` when there is one (requests only; webhooks skip it).
    Path,
    /// The exact body bytes (empty when there is no body).
    Body,
}

/// How a lane signs requests; generated code writes one as a `static`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SigningSpec {
    /// Header carrying the partner key, e.g. `"X-Partner-Key"`.
    pub key_header: &'static str,
    /// Header carrying the signature, e.g. `"X-Partner-Signature"`.
    pub signature_header: &'static str,
    /// Header carrying the unix-seconds timestamp, if the scheme sends one.
    pub timestamp_header: Option<&'static str>,
    /// What is signed, in order, joined with `separator`.
    pub signed: &'static [SignedPart],
    /// What joins the signed parts (e.g. `"."` or `"\n"`).
    pub separator: &'static str,
    /// Lowercase hex when true, standard base64 (with padding) when false.
    pub hex: bool,
}

/// A shared HMAC secret that is empty: HMAC with an empty key is computable
/// by anyone, so a verifier or signer built with one would accept (or make)
/// forgeries. Refused at construction.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error(
    "the {what} secret is empty: an HMAC keyed with an empty secret can be forged by anyone; \
     pass the shared secret you were given"
)]
pub struct EmptySecret {
    /// Which secret (`"webhook"`, `"partner signing"`).
    pub what: &'static str,
}

/// HMAC-SHA256 over `signed` parts joined with `separator`. Parts that are
/// `None` (method and path on a webhook) are skipped entirely.
pub(crate) fn mac(
    secret: &[u8],
    signed: &[SignedPart],
    separator: &[u8],
    timestamp: u64,
    method: Option<&str>,
    path_and_query: Option<&str>,
    body: &[u8],
) -> [u8; 32] {
    let mut mac =
        Hmac::<Sha256>::new_from_slice(secret).expect("HMAC-SHA256 accepts keys of any length");
    let timestamp = timestamp.to_string();
    let mut first = true;
    for part in signed {
        let bytes: &[u8] = match part {
            SignedPart::Timestamp => timestamp.as_bytes(),
            SignedPart::Method => match method {
                Some(m) => m.as_bytes(),
                None => continue,
            },
            SignedPart::Path => match path_and_query {
                Some(p) => p.as_bytes(),
                None => continue,
            },
            SignedPart::Body => body,
        };
        if !first {
            mac.update(separator);
        }
        first = false;
        mac.update(bytes);
    }
    mac.finalize().into_bytes().into()
}

/// Encodes a MAC as lowercase hex or standard base64.
pub(crate) fn encode(mac: &[u8], hex: bool) -> String {
    if hex {
        ::hex::encode(mac)
    } else {
        base64::engine::general_purpose::STANDARD.encode(mac)
    }
}

/// The signature `spec` describes for one request: HMAC-SHA256 keyed with
/// `secret` over the listed parts joined with `spec.separator`, hex or base64
/// encoded.
/// `method` is upper-cased; `path_and_query` is the URL path plus `?query`.
///
/// ```
/// # use azotte_runtime::{sign, SignedPart, SigningSpec};
/// static SPEC: SigningSpec = SigningSpec {
///     key_header: "X-Partner-Key", signature_header: "X-Partner-Signature",
///     timestamp_header: Some("X-Partner-Timestamp"),
///     signed: &[SignedPart::Timestamp, SignedPart::Body], separator: ".", hex: true,
/// };
/// let signature = sign(&SPEC, "shared-secret", 1_732_000_000, "POST", "/api/t2m/x", b"{}");
/// assert_eq!(signature.len(), 64);
/// ```
pub fn sign(
    spec: &SigningSpec,
    secret: impl AsRef<[u8]>,
    timestamp: u64,
    method: &str,
    path_and_query: &str,
    body: &[u8],
) -> String {
    let method = method.to_ascii_uppercase();
    let mac = mac(
        secret.as_ref(),
        spec.signed,
        spec.separator.as_bytes(),
        timestamp,
        Some(&method),
        Some(path_and_query),
        body,
    );
    encode(&mac, spec.hex)
}

/// The current unix time in seconds (0 if the clock is before 1970).
pub(crate) fn unix_now() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs())
}

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

    const SPEC: SigningSpec = SigningSpec {
        key_header: "X-Partner-Key",
        signature_header: "X-Partner-Signature",
        timestamp_header: Some("X-Partner-Timestamp"),
        signed: &[
            SignedPart::Timestamp,
            SignedPart::Method,
            SignedPart::Path,
            SignedPart::Body,
        ],
        separator: ".",
        hex: true,
    };

    #[test]
    fn known_vector() {
        // RFC 4231 test case 2: key "Jefe", data "what do ya want for nothing?".
        let spec = SigningSpec {
            signed: &[SignedPart::Body],
            ..SPEC
        };
        assert_eq!(
            sign(
                &spec,
                "Jefe",
                0,
                "get",
                "/",
                b"what do ya want for nothing?"
            ),
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"
        );
        let b64 = SigningSpec { hex: false, ..spec };
        assert_eq!(
            sign(&b64, "Jefe", 0, "get", "/", b"what do ya want for nothing?"),
            "W9zBRr9gdU5qBCQmCJV1x1oAPwidJzmDnexYuWTsOEM="
        );
    }

    #[test]
    fn parts_are_joined_with_dots_in_order() {
        let whole = SigningSpec {
            signed: &[SignedPart::Body],
            ..SPEC
        };
        assert_eq!(
            sign(&SPEC, "k", 7, "post", "/p?q=1", b"{}"),
            sign(&whole, "k", 0, "", "", b"7.POST./p?q=1.{}")
        );
        let webhook = mac(b"k", SPEC.signed, b".", 7, None, None, b"{}");
        assert_eq!(
            encode(&webhook, true),
            sign(&whole, "k", 0, "", "", b"7.{}")
        );
    }

    #[test]
    fn newline_separator_joins_the_canonical_string() {
        let lines = SigningSpec {
            separator: "\n",
            ..SPEC
        };
        let whole = SigningSpec {
            signed: &[SignedPart::Body],
            ..SPEC
        };
        assert_eq!(
            sign(&lines, "k", 7, "post", "/p.x?q=1", b"{}"),
            sign(&whole, "k", 0, "", "", b"7\nPOST\n/p.x?q=1\n{}")
        );
    }

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
