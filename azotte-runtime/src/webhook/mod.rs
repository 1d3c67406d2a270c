//! Inbound W2M webhooks: [`WebhookVerifier`] checks the HMAC signature and
//! the replay window of a delivery, [`decode_delivery`] reads its envelope.
//!
//! Verification comes first and works on the raw body bytes exactly as
//! received (re-serialized JSON would not match). The MAC is compared in
//! constant time over the decoded bytes. A [`WebhookRejection`] names the
//! header and the reason, never the secret or the expected signature.
//! [`sign_webhook`] computes what a sender puts in the header (for tests and
//! the local developer gateway).

mod delivery;
mod typed;

pub use delivery::{decode_delivery, WebhookDelivery};
pub use typed::{decode_event, Delivery, InboundSpec, WebhookEvent};

use crate::auth::hmac::{encode, mac, unix_now};
use crate::auth::SignedPart;
use base64::Engine as _;
use reqwest::header::HeaderMap;
use secrecy::{ExposeSecret, SecretString};
use std::fmt;
use std::time::Duration;
use subtle::ConstantTimeEq;

/// How a lane's webhooks are signed; generated code writes one as a `static`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct WebhookSpec {
    /// Header carrying the signature, e.g. `"X-Moneti-Signature"`.
    pub signature_header: &'static str,
    /// Header carrying the unix-seconds timestamp; `None` disables the
    /// replay window (nothing to check it against).
    pub timestamp_header: Option<&'static str>,
    /// What is signed, in order, joined with `.`. `Method` and `Path` are
    /// not known to a receiver and are skipped.
    pub signed: &'static [SignedPart],
    /// Lowercase hex when true, standard base64 when false.
    pub hex: bool,
    /// Oldest accepted delivery, in seconds (the documents: 5 minutes).
    pub tolerance_seconds: u64,
}

/// Default allowance for a sender clock ahead of ours.
pub const DEFAULT_MAX_FUTURE_SKEW: Duration = Duration::from_secs(30);

/// Why a webhook delivery was rejected. Answer a rejected delivery with a
/// non-2xx status ([`http_status`](Self::http_status)).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum WebhookRejection {
    /// The signature header is absent.
    #[error("webhook rejected: the `{header}` header is missing")]
    MissingSignature {
        /// The signature header's name.
        header: &'static str,
    },
    /// The timestamp header is absent.
    #[error("webhook rejected: the `{header}` header is missing")]
    MissingTimestamp {
        /// The timestamp header's name.
        header: &'static str,
    },
    /// The signature header is not a well-formed HMAC-SHA256 value.
    #[error("webhook rejected: the `{header}` header is not a well-formed HMAC-SHA256 signature")]
    MalformedSignature {
        /// The signature header's name.
        header: &'static str,
    },
    /// The timestamp header is not unix seconds.
    #[error("webhook rejected: the `{header}` header is not a unix timestamp in seconds")]
    MalformedTimestamp {
        /// The timestamp header's name.
        header: &'static str,
    },
    /// The signature does not match the body (wrong secret or tampered body).
    #[error("webhook rejected: the `{header}` signature does not match the body")]
    SignatureMismatch {
        /// The signature header's name.
        header: &'static str,
    },
    /// The timestamp is older than the replay window.
    #[error(
        "webhook rejected: the `{header}` timestamp is {age_seconds} s old, \
         outside the {tolerance_seconds} s replay window"
    )]
    Stale {
        /// The timestamp header's name.
        header: &'static str,
        /// How old the delivery is.
        age_seconds: u64,
        /// The accepted age.
        tolerance_seconds: u64,
    },
    /// The timestamp is further in the future than the allowed clock skew.
    #[error(
        "webhook rejected: the `{header}` timestamp is {ahead_seconds} s in the future, \
         more than the allowed {max_skew_seconds} s clock skew"
    )]
    FromFuture {
        /// The timestamp header's name.
        header: &'static str,
        /// How far ahead it is.
        ahead_seconds: u64,
        /// The allowed skew.
        max_skew_seconds: u64,
    },
    /// The (verified) body is not the expected envelope.
    #[error("webhook delivery is malformed: {0}")]
    Malformed(String),
}

impl WebhookRejection {
    /// The status to answer with: 400 for a malformed delivery, 401 otherwise.
    pub fn http_status(&self) -> u16 {
        match self {
            WebhookRejection::Malformed(_) => 400,
            _ => 401,
        }
    }
}

/// The signature header value `spec` expects for `body` sent at `timestamp`
/// (no `sha256=` prefix). For tests and the local developer gateway.
pub fn sign_webhook(
    spec: &WebhookSpec,
    secret: impl AsRef<[u8]>,
    timestamp: u64,
    body: &[u8],
) -> String {
    encode(
        &mac(secret.as_ref(), spec.signed, timestamp, None, None, body),
        spec.hex,
    )
}

/// Checks signed webhook deliveries against a shared secret.
///
/// ```
/// # use azotte_runtime::*;
/// static SPEC: WebhookSpec = WebhookSpec {
///     signature_header: "X-Moneti-Signature", timestamp_header: Some("X-Moneti-Timestamp"),
///     signed: &[SignedPart::Timestamp, SignedPart::Body], hex: true, tolerance_seconds: 300,
/// };
/// let verifier = WebhookVerifier::new(&SPEC, "whsec");
/// let body = br#"{"event":{"type":"invoice.paid","data":{}}}"#;
/// let mut headers = reqwest::header::HeaderMap::new();
/// headers.insert("X-Moneti-Timestamp", "1732000000".parse().unwrap());
/// headers.insert("X-Moneti-Signature", sign_webhook(&SPEC, "whsec", 1_732_000_000, body).parse().unwrap());
/// assert_eq!(verifier.verify_at(&headers, body, 1_732_000_010), Ok(()));
/// ```
pub struct WebhookVerifier {
    spec: &'static WebhookSpec,
    secret: SecretString,
    max_future_skew: Duration,
}

impl WebhookVerifier {
    /// A verifier for `spec` with the shared `secret` (never shown).
    pub fn new(spec: &'static WebhookSpec, secret: impl Into<SecretString>) -> Self {
        WebhookVerifier {
            spec,
            secret: secret.into(),
            max_future_skew: DEFAULT_MAX_FUTURE_SKEW,
        }
    }

    /// How far a timestamp may be ahead of our clock (default 30 s).
    pub fn max_future_skew(mut self, skew: Duration) -> Self {
        self.max_future_skew = skew;
        self
    }

    /// Verifies `body` and its `headers` against the system clock.
    pub fn verify(&self, headers: &HeaderMap, body: &[u8]) -> Result<(), WebhookRejection> {
        self.verify_at(headers, body, unix_now())
    }

    /// Verifies `body` and its `headers` as if the time were `now_unix`
    /// (seconds). Order: headers present, well-formed, signature matches,
    /// then the replay window (so `Stale` is only said of authentic deliveries).
    pub fn verify_at(
        &self,
        headers: &HeaderMap,
        body: &[u8],
        now_unix: u64,
    ) -> Result<(), WebhookRejection> {
        let spec = self.spec;
        let header = spec.signature_header;
        let signature = headers
            .get(header)
            .ok_or(WebhookRejection::MissingSignature { header })?;
        let timestamp = match spec.timestamp_header {
            None => None,
            Some(ts_header) => {
                let value = headers
                    .get(ts_header)
                    .ok_or(WebhookRejection::MissingTimestamp { header: ts_header })?;
                let parsed = value
                    .to_str()
                    .ok()
                    .and_then(|v| v.trim().parse::<u64>().ok());
                let parsed =
                    parsed.ok_or(WebhookRejection::MalformedTimestamp { header: ts_header })?;
                Some((ts_header, parsed))
            }
        };
        let given = signature
            .to_str()
            .ok()
            .and_then(|v| decode_signature(v, spec.hex))
            .ok_or(WebhookRejection::MalformedSignature { header })?;
        let expected = mac(
            self.secret.expose_secret().as_bytes(),
            spec.signed,
            timestamp.map_or(0, |(_, ts)| ts),
            None,
            None,
            body,
        );
        if !bool::from(expected.as_slice().ct_eq(given.as_slice())) {
            return Err(WebhookRejection::SignatureMismatch { header });
        }
        if let Some((header, ts)) = timestamp {
            if now_unix >= ts {
                let age_seconds = now_unix - ts;
                if age_seconds > spec.tolerance_seconds {
                    return Err(WebhookRejection::Stale {
                        header,
                        age_seconds,
                        tolerance_seconds: spec.tolerance_seconds,
                    });
                }
            } else {
                let ahead_seconds = ts - now_unix;
                if ahead_seconds > self.max_future_skew.as_secs() {
                    return Err(WebhookRejection::FromFuture {
                        header,
                        ahead_seconds,
                        max_skew_seconds: self.max_future_skew.as_secs(),
                    });
                }
            }
        }
        Ok(())
    }
}

/// The 32 MAC bytes of a header value: optional `sha256=` prefix, then hex
/// (either case) or base64. `None` when malformed or not 32 bytes.
fn decode_signature(value: &str, hex: bool) -> Option<Vec<u8>> {
    let value = value.trim();
    let value = match value.get(..7) {
        Some(prefix) if prefix.eq_ignore_ascii_case("sha256=") => &value[7..],
        _ => value,
    };
    let bytes = if hex {
        ::hex::decode(value).ok()?
    } else {
        base64::engine::general_purpose::STANDARD
            .decode(value)
            .ok()?
    };
    (bytes.len() == 32).then_some(bytes)
}

impl fmt::Debug for WebhookVerifier {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("WebhookVerifier")
            .field("signature_header", &self.spec.signature_header)
            .field("secret", &format_args!("[REDACTED]"))
            .field("tolerance_seconds", &self.spec.tolerance_seconds)
            .field("max_future_skew", &self.max_future_skew)
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn signature_decoding() {
        let mac = [0xABu8; 32];
        let hex = ::hex::encode(mac);
        assert_eq!(decode_signature(&hex, true), Some(mac.to_vec()));
        assert_eq!(
            decode_signature(&format!("SHA256={}", hex.to_uppercase()), true),
            Some(mac.to_vec())
        );
        let b64 = base64::engine::general_purpose::STANDARD.encode(mac);
        assert_eq!(
            decode_signature(&format!("sha256={b64}"), false),
            Some(mac.to_vec())
        );
        assert_eq!(decode_signature(&hex[..62], true), None);
        assert_eq!(decode_signature("zz", true), None);
        assert_eq!(decode_signature("é", true), None);
    }
}
