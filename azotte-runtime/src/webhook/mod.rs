//! Inbound webhooks: [`WebhookVerifier`] checks the HMAC signature, the
//! replay window and the replay cache of a delivery, [`decode_delivery`]
//! reads its envelope.
//!
//! Verification comes first and works on the raw body bytes exactly as
//! received (re-serialized JSON would not match). The MAC is compared in
//! constant time over the decoded bytes. A [`WebhookRejection`] names the
//! header and the reason, never the secret or the expected signature.
//! [`sign_webhook`] computes what a sender puts in the header (for the local
//! developer gateway; tests should compute signatures from the documented
//! rule instead).
//!
//! Replay protection, when the spec declares a timestamp ([`TimestampSource`]):
//! a delivery whose timestamp is more than `tolerance_seconds` old or ahead
//! is refused, and an authentic delivery accepted once is refused again
//! ([`WebhookRejection::Replayed`]) until its timestamp leaves the window.
//! "The same delivery" means the same signed bytes (the cache is keyed on
//! the MAC). A sender's retry of a delivery you did not acknowledge passes:
//! either it carries new bytes (document 004's envelope has a fresh
//! `diagnostics.createdAt` per processing), or — if it repeats the very
//! bytes — because you [`release`](WebhookVerifier::release)d the delivery
//! when your handler failed and answered non-2xx. A delivery you processed
//! is only ever refused, never processed twice.

mod delivery;
mod replay;
mod timestamp;
mod typed;

pub use delivery::{decode_delivery, WebhookDelivery};
pub use replay::{ReplayKey, DEFAULT_REPLAY_CAPACITY};
pub use timestamp::TimestampSource;
pub use typed::{decode_event, Delivery, InboundSpec, WebhookEvent};

use crate::signature::{encode, mac, unix_now, EmptySecret, SignedPart};
use base64::Engine as _;
use http::header::HeaderMap;
use replay::ReplayCache;
use secrecy::{ExposeSecret, SecretString};
use std::fmt;
use std::time::Duration;
use subtle::ConstantTimeEq;
use timestamp::Unreadable;

/// How a lane's webhooks are signed; generated code writes one as a `static`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct WebhookSpec {
    /// Header carrying the signature, e.g. `"X-Moneti-Signature"`.
    pub signature_header: &'static str,
    /// Where the replay timestamp is read; `None` disables the replay window
    /// and the replay cache (nothing to bound them with).
    pub timestamp: Option<TimestampSource>,
    /// What is signed, in order, joined with `separator`. `Method` and `Path`
    /// are not known to a receiver and are skipped; `Timestamp` is the
    /// header's value (a body-field timestamp is inside `Body` already).
    pub signed: &'static [SignedPart],
    /// What joins the signed parts (e.g. `"."`).
    pub separator: &'static str,
    /// What senders use: lowercase hex when true, standard base64 when
    /// false. The verifier accepts either (see [`WebhookVerifier`]).
    pub hex: bool,
    /// Oldest accepted delivery, and how far ahead a timestamp may be, in
    /// seconds (document 004: 5 minutes).
    pub tolerance_seconds: u64,
}

/// Why a webhook delivery was rejected. Answer a rejected delivery with
/// [`http_status`](Self::http_status).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum WebhookRejection {
    /// The signature header is absent.
    #[error("webhook rejected: the `{header}` header is missing")]
    MissingSignature {
        /// The signature header's name.
        header: &'static str,
    },
    /// The delivery carries no timestamp where the spec says it is.
    #[error("webhook rejected: no timestamp in {from}, so the replay window cannot be checked")]
    MissingTimestamp {
        /// Where it was looked for.
        from: TimestampSource,
    },
    /// The signature header is not a well-formed HMAC-SHA256 value.
    #[error("webhook rejected: the `{header}` header is not a well-formed HMAC-SHA256 signature")]
    MalformedSignature {
        /// The signature header's name.
        header: &'static str,
    },
    /// The timestamp is neither unix seconds nor an RFC 3339 date-time.
    #[error("webhook rejected: {from} is neither an RFC 3339 date-time nor unix seconds")]
    MalformedTimestamp {
        /// Where it was read.
        from: TimestampSource,
    },
    /// The signature does not match the body (wrong secret or tampered body).
    #[error("webhook rejected: the `{header}` signature does not match the body")]
    SignatureMismatch {
        /// The signature header's name.
        header: &'static str,
    },
    /// The timestamp is older than the replay window.
    #[error(
        "webhook rejected: the timestamp in {from} is {age_seconds} s old, \
         outside the {tolerance_seconds} s replay window"
    )]
    Stale {
        /// Where it was read.
        from: TimestampSource,
        /// How old the delivery is.
        age_seconds: u64,
        /// The accepted age.
        tolerance_seconds: u64,
    },
    /// The timestamp is further in the future than the allowed clock skew.
    #[error(
        "webhook rejected: the timestamp in {from} is {ahead_seconds} s in the future, \
         more than the allowed {max_skew_seconds} s"
    )]
    FromFuture {
        /// Where it was read.
        from: TimestampSource,
        /// How far ahead it is.
        ahead_seconds: u64,
        /// The allowed skew.
        max_skew_seconds: u64,
    },
    /// These exact signed bytes were already accepted inside their window.
    #[error(
        "webhook rejected: this delivery (same `{header}` signature) was already accepted; \
         a replay is not processed twice"
    )]
    Replayed {
        /// The signature header's name.
        header: &'static str,
    },
    /// The (verified) body is not the expected envelope.
    #[error("webhook delivery is malformed: {0}")]
    Malformed(String),
}

impl WebhookRejection {
    /// The status to answer with: 400 for a malformed delivery, 409 for a
    /// replay (non-2xx, so a sender whose earlier attempt is still being
    /// processed retries later), 401 otherwise.
    pub fn http_status(&self) -> u16 {
        match self {
            WebhookRejection::Malformed(_) => 400,
            WebhookRejection::Replayed { .. } => 409,
            _ => 401,
        }
    }
}

/// The signature header value `spec` expects for `body` (no `sha256=`
/// prefix). `timestamp` is used only when `spec.signed` lists the
/// timestamp (a header timestamp). For the local developer gateway.
pub fn sign_webhook(
    spec: &WebhookSpec,
    secret: impl AsRef<[u8]>,
    timestamp: u64,
    body: &[u8],
) -> String {
    let mac = mac(
        secret.as_ref(),
        spec.signed,
        spec.separator.as_bytes(),
        timestamp,
        None,
        None,
        body,
    );
    encode(&mac, spec.hex)
}

/// What a successful [`WebhookVerifier::verify_at`] established.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Verified {
    /// The delivery's timestamp (unix seconds), when the spec declares one.
    pub timestamp: Option<u64>,
    /// The delivery's key in the replay cache.
    pub replay_key: ReplayKey,
}

/// Checks signed webhook deliveries against a shared secret.
///
/// The signature header may carry the MAC as hex (either case) or base64
/// (standard or URL-safe, padding optional), with or without a `sha256=`
/// prefix, whatever the spec's `encoding`: the two encodings of 32 bytes
/// cannot be confused (64 vs 43–44 characters), and a document that says
/// only "HMAC SHA-256" allows either reading.
///
/// ```
/// # use azotte_runtime::*;
/// static SPEC: WebhookSpec = WebhookSpec {
///     signature_header: "X-Moneti-Signature",
///     timestamp: Some(TimestampSource::BodyField("diagnostics.createdAt")),
///     signed: &[SignedPart::Body], separator: ".", hex: true, tolerance_seconds: 300,
/// };
/// let verifier = WebhookVerifier::new(&SPEC, "whsec").unwrap();
/// let body = br#"{"diagnostics":{"createdAt":"2024-11-19T07:06:40Z"},"event":{"type":"x"}}"#;
/// let mut headers = http::header::HeaderMap::new();
/// headers.insert("X-Moneti-Signature", sign_webhook(&SPEC, "whsec", 0, body).parse().unwrap());
/// assert!(verifier.verify_at(&headers, body, 1_732_000_010).is_ok());
/// assert!(verifier.verify_at(&headers, body, 1_732_000_011).is_err()); // a replay
/// ```
pub struct WebhookVerifier {
    spec: &'static WebhookSpec,
    secret: SecretString,
    max_future_skew: Duration,
    replay: ReplayCache,
}

impl WebhookVerifier {
    /// A verifier for `spec` with the shared `secret` (never shown). An
    /// empty secret is refused: anyone can compute an HMAC with an empty key.
    /// The replay cache holds [`DEFAULT_REPLAY_CAPACITY`] deliveries when
    /// the spec declares a timestamp, none otherwise.
    pub fn new(
        spec: &'static WebhookSpec,
        secret: impl Into<SecretString>,
    ) -> Result<Self, EmptySecret> {
        let secret = secret.into();
        if secret.expose_secret().is_empty() {
            return Err(EmptySecret { what: "webhook" });
        }
        let capacity = match spec.timestamp {
            Some(_) => DEFAULT_REPLAY_CAPACITY,
            None => 0,
        };
        Ok(WebhookVerifier {
            spec,
            secret,
            max_future_skew: Duration::from_secs(spec.tolerance_seconds),
            replay: ReplayCache::new(capacity),
        })
    }

    /// How far a timestamp may be ahead of our clock (default: the spec's
    /// tolerance, i.e. the window is symmetric).
    pub fn max_future_skew(mut self, skew: Duration) -> Self {
        self.max_future_skew = skew;
        self
    }

    /// How many accepted deliveries the replay cache remembers (0 turns it
    /// off; without a timestamp in the spec it stays off, since entries
    /// could never expire).
    pub fn replay_capacity(mut self, capacity: usize) -> Self {
        let capacity = if self.spec.timestamp.is_some() {
            capacity
        } else {
            0
        };
        self.replay = ReplayCache::new(capacity);
        self
    }

    /// Forgets an accepted delivery: call it when you could not process the
    /// delivery and answer non-2xx, so the sender's retry of the very same
    /// bytes is accepted instead of refused as a replay.
    pub fn release(&self, key: &ReplayKey) {
        self.replay.release(key);
    }

    /// Verifies `body` and its `headers` against the system clock.
    pub fn verify(&self, headers: &HeaderMap, body: &[u8]) -> Result<Verified, WebhookRejection> {
        self.verify_at(headers, body, unix_now())
    }

    /// Verifies `body` and its `headers` as if the time were `now_unix`
    /// (seconds). Order: signature present and well-formed, header timestamp
    /// well-formed, signature matches, body timestamp readable, replay window,
    /// replay cache — so `Stale`, `Replayed` and friends are only said of
    /// authentic deliveries, and only authentic ones enter the cache.
    pub fn verify_at(
        &self,
        headers: &HeaderMap,
        body: &[u8],
        now_unix: u64,
    ) -> Result<Verified, WebhookRejection> {
        let spec = self.spec;
        let header = spec.signature_header;
        let signature = headers
            .get(header)
            .ok_or(WebhookRejection::MissingSignature { header })?;
        let given = signature
            .to_str()
            .ok()
            .and_then(decode_signature)
            .ok_or(WebhookRejection::MalformedSignature { header })?;
        let mut timestamp = None;
        if let Some(from @ TimestampSource::Header(name)) = spec.timestamp {
            let value = headers
                .get(name)
                .ok_or(WebhookRejection::MissingTimestamp { from })?;
            let parsed = value.to_str().ok().and_then(timestamp::parse);
            timestamp = Some(parsed.ok_or(WebhookRejection::MalformedTimestamp { from })?);
        }
        let expected = mac(
            self.secret.expose_secret().as_bytes(),
            spec.signed,
            spec.separator.as_bytes(),
            timestamp.unwrap_or(0),
            None,
            None,
            body,
        );
        if !bool::from(expected.as_slice().ct_eq(given.as_slice())) {
            return Err(WebhookRejection::SignatureMismatch { header });
        }
        if let Some(from @ TimestampSource::BodyField(path)) = spec.timestamp {
            timestamp = Some(timestamp::from_body(body, path).map_err(|e| match e {
                Unreadable::Missing => WebhookRejection::MissingTimestamp { from },
                Unreadable::Malformed => WebhookRejection::MalformedTimestamp { from },
            })?);
        }
        let replay_key = ReplayKey(expected);
        if let (Some(from), Some(ts)) = (spec.timestamp, timestamp) {
            self.check_window(from, ts, now_unix)?;
            let expires = ts.saturating_add(spec.tolerance_seconds).saturating_add(1);
            if !self.replay.claim(expected, expires, now_unix) {
                return Err(WebhookRejection::Replayed { header });
            }
        }
        Ok(Verified {
            timestamp,
            replay_key,
        })
    }

    fn check_window(
        &self,
        from: TimestampSource,
        ts: u64,
        now_unix: u64,
    ) -> Result<(), WebhookRejection> {
        let tolerance_seconds = self.spec.tolerance_seconds;
        if now_unix >= ts {
            let age_seconds = now_unix - ts;
            if age_seconds > tolerance_seconds {
                return Err(WebhookRejection::Stale {
                    from,
                    age_seconds,
                    tolerance_seconds,
                });
            }
        } else {
            let ahead_seconds = ts - now_unix;
            let max_skew_seconds = self.max_future_skew.as_secs();
            if ahead_seconds > max_skew_seconds {
                return Err(WebhookRejection::FromFuture {
                    from,
                    ahead_seconds,
                    max_skew_seconds,
                });
            }
        }
        Ok(())
    }
}

/// The 32 MAC bytes of a header value: optional `sha256=` prefix, then hex
/// (either case, 64 characters) or base64 (standard or URL-safe, padding
/// optional). `None` when malformed or not 32 bytes.
fn decode_signature(value: &str) -> Option<Vec<u8>> {
    use base64::engine::general_purpose::{STANDARD, STANDARD_NO_PAD, URL_SAFE, URL_SAFE_NO_PAD};
    let value = value.trim();
    let value = match value.get(..7) {
        Some(prefix) if prefix.eq_ignore_ascii_case("sha256=") => &value[7..],
        _ => value,
    };
    let bytes = if value.len() == 64 {
        ::hex::decode(value).ok()?
    } else {
        [STANDARD, URL_SAFE, STANDARD_NO_PAD, URL_SAFE_NO_PAD]
            .iter()
            .find_map(|engine| engine.decode(value).ok())?
    };
    (bytes.len() == 32).then_some(bytes)
}

impl fmt::Debug for WebhookVerifier {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("WebhookVerifier")
            .field("signature_header", &self.spec.signature_header)
            .field("secret", &format_args!("[REDACTED]"))
            .field("timestamp", &self.spec.timestamp)
            .field("tolerance_seconds", &self.spec.tolerance_seconds)
            .field("max_future_skew", &self.max_future_skew)
            .field("replay_capacity", &self.replay.capacity())
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn signature_decoding() {
        use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};
        let mac = [0xFBu8; 32];
        let hex = ::hex::encode(mac);
        assert_eq!(decode_signature(&hex), Some(mac.to_vec()));
        assert_eq!(
            decode_signature(&format!("SHA256={}", hex.to_uppercase())),
            Some(mac.to_vec())
        );
        let b64 = STANDARD.encode(mac);
        assert_eq!(
            decode_signature(&format!("sha256={b64}")),
            Some(mac.to_vec())
        );
        assert_eq!(
            decode_signature(&URL_SAFE_NO_PAD.encode(mac)),
            Some(mac.to_vec())
        );
        assert_eq!(decode_signature(&hex[..62]), None);
        assert_eq!(decode_signature(&STANDARD.encode([1u8; 31])), None);
        assert_eq!(decode_signature("zz"), None);
        assert_eq!(decode_signature("é"), None);
    }
}
