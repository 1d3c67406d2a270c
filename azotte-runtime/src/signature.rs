//! The HMAC-SHA256 signature core shared by outbound request signing
//! ([`HmacSigner`](crate::HmacSigner), with the `client` feature) and the inbound
//! webhook verifier ([`crate::webhook`]): which parts are signed, the MAC, its
//! encoding, and the empty-secret refusal. Needs no HTTP client, so a
//! webhook-only build has it.
//!
//! The signed message is the parts a [`SigningSpec`] lists, in order, joined
//! with its separator: e.g. `[Timestamp, Body]` joined with `.` signs
//! `1732000000.{"context":...}`. The
//! signature is lowercase hex or standard base64. [`sign`] is a pure function
//! so tests and the local gateway compute exactly the same value.

use base64::Engine as _;
use hmac::{Hmac, Mac};
use sha2::Sha256;
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

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// A signing spec of every part, shared with `auth::hmac`'s tests.
    pub(crate) const SPEC: SigningSpec = SigningSpec {
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

    /// HMAC-SHA256 of `message` under `key`, hex: computed with the hmac
    /// and sha2 crates directly, not through the code under test.
    fn expected(key: &str, message: &[u8]) -> String {
        use hmac::{Hmac, Mac};
        let mut mac = Hmac::<sha2::Sha256>::new_from_slice(key.as_bytes()).unwrap();
        mac.update(message);
        hex::encode(mac.finalize().into_bytes())
    }

    #[test]
    fn parts_are_joined_with_dots_in_order() {
        assert_eq!(
            sign(&SPEC, "k", 7, "post", "/p?q=1", b"{}"),
            expected("k", b"7.POST./p?q=1.{}")
        );
        let webhook = mac(b"k", SPEC.signed, b".", 7, None, None, b"{}");
        assert_eq!(encode(&webhook, true), expected("k", b"7.{}"));
    }

    #[test]
    fn newline_separator_joins_the_canonical_string() {
        let lines = SigningSpec {
            separator: "\n",
            ..SPEC
        };
        assert_eq!(
            sign(&lines, "k", 7, "post", "/p.x?q=1", b"{}"),
            expected("k", b"7\nPOST\n/p.x?q=1\n{}")
        );
    }
}
