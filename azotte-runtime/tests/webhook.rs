//! Webhook verification for a scheme with a timestamp header (signature,
//! replay window, replay cache, malformed input) and delivery decoding.
//! Signatures are computed here with hmac/sha2 directly, and cross-checked
//! against `sign_webhook`. (Azotte's W2M scheme, with the timestamp in the
//! signed body, is tested in generated/azotte/tests/w2m_signatures.rs.)

mod support;

use axum::http::{HeaderMap, HeaderValue};
use azotte_runtime::*;
use hmac::{Hmac, Mac};
use serde_json::json;
use sha2::Sha256;
use std::time::Duration;

const SECRET: &str = "whsec-MONETI-SECRET-31";
const NOW: u64 = 1_732_000_000;

const TS: TimestampSource = TimestampSource::Header("X-Moneti-Timestamp");

static W2M: WebhookSpec = WebhookSpec {
    signature_header: "X-Moneti-Signature",
    timestamp: Some(TS),
    signed: &[SignedPart::Timestamp, SignedPart::Body],
    separator: ".",
    hex: true,
    tolerance_seconds: 300,
};

static W2M_ENVELOPE: EnvelopeSpec = EnvelopeSpec {
    payload: Some("event"),
    ..support::MONETI
};

fn body() -> Vec<u8> {
    json!({
        "diagnostics": { "correlationId": "corr-wh-1", "nodeId": "gw-eu-1" },
        "event": { "type": "subscription.activated", "data": { "subscriptionUrn": "sb.00.9" } },
        "status": { "severity": "SUCCESS", "messageCode": "MNT-000-00" },
        "statusCode": "MNT-000-00"
    })
    .to_string()
    .into_bytes()
}

fn hmac_hex(secret: &str, timestamp: u64, body: &[u8]) -> String {
    let mut mac = Hmac::<Sha256>::new_from_slice(secret.as_bytes()).unwrap();
    mac.update(format!("{timestamp}.").as_bytes());
    mac.update(body);
    hex::encode(mac.finalize().into_bytes())
}

fn headers(signature: Option<&str>, timestamp: Option<&str>) -> HeaderMap {
    let mut headers = HeaderMap::new();
    if let Some(signature) = signature {
        headers.insert(
            "X-Moneti-Signature",
            HeaderValue::from_str(signature).unwrap(),
        );
    }
    if let Some(timestamp) = timestamp {
        headers.insert(
            "X-Moneti-Timestamp",
            HeaderValue::from_str(timestamp).unwrap(),
        );
    }
    headers
}

fn signed(timestamp: u64, body: &[u8]) -> HeaderMap {
    headers(
        Some(&hmac_hex(SECRET, timestamp, body)),
        Some(&timestamp.to_string()),
    )
}

fn verifier() -> WebhookVerifier {
    WebhookVerifier::new(&W2M, SECRET).unwrap()
}

fn ok(result: Result<Verified, WebhookRejection>) -> Result<(), WebhookRejection> {
    result.map(drop)
}

#[test]
fn authentic_delivery_is_accepted_in_any_accepted_form() {
    let body = body();
    assert_eq!(
        sign_webhook(&W2M, SECRET, NOW, &body),
        hmac_hex(SECRET, NOW, &body)
    );
    assert_eq!(
        ok(verifier().verify_at(&signed(NOW, &body), &body, NOW + 299)),
        Ok(())
    );
    let upper = format!("sha256={}", hmac_hex(SECRET, NOW, &body).to_uppercase());
    let forms = headers(Some(&upper), Some(&NOW.to_string()));
    assert_eq!(ok(verifier().verify_at(&forms, &body, NOW)), Ok(()));
    // Against the system clock.
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs();
    assert_eq!(ok(verifier().verify(&signed(now, &body), &body)), Ok(()));
}

#[test]
fn base64_specs_verify_too() {
    static B64: WebhookSpec = WebhookSpec { hex: false, ..W2M };
    let body = body();
    let signature = sign_webhook(&B64, SECRET, NOW, &body);
    assert!(signature.ends_with('='), "{signature}");
    let h = headers(Some(&signature), Some(&NOW.to_string()));
    let b64 = WebhookVerifier::new(&B64, SECRET).unwrap();
    assert_eq!(ok(b64.verify_at(&h, &body, NOW)), Ok(()));
}

#[test]
fn wrong_secret_and_tampered_body_are_mismatches() {
    let body = body();
    let wrong = headers(
        Some(&hmac_hex("other-secret", NOW, &body)),
        Some(&NOW.to_string()),
    );
    let mismatch = WebhookRejection::SignatureMismatch {
        header: "X-Moneti-Signature",
    };
    assert_eq!(
        ok(verifier().verify_at(&wrong, &body, NOW)),
        Err(mismatch.clone())
    );
    let mut tampered = body.clone();
    let at = tampered.iter().position(|&b| b == b'9').unwrap();
    tampered[at] = b'8';
    assert_eq!(
        ok(verifier().verify_at(&signed(NOW, &body), &tampered, NOW)),
        Err(mismatch.clone())
    );
    // A re-signed timestamp without the secret does not pass either.
    let moved = headers(
        Some(&hmac_hex(SECRET, NOW, &body)),
        Some(&(NOW + 1).to_string()),
    );
    assert_eq!(ok(verifier().verify_at(&moved, &body, NOW)), Err(mismatch));
}

#[test]
fn replay_window() {
    let body = body();
    let old = NOW - 301;
    assert_eq!(
        ok(verifier().verify_at(&signed(old, &body), &body, NOW)),
        Err(WebhookRejection::Stale {
            from: TS,
            age_seconds: 301,
            tolerance_seconds: 300
        })
    );
    // By default the window is symmetric: 300 s ahead passes, 301 s does not.
    assert!(verifier()
        .verify_at(&signed(NOW + 300, &body), &body, NOW)
        .is_ok());
    let ahead = NOW + 301;
    assert_eq!(
        ok(verifier().verify_at(&signed(ahead, &body), &body, NOW)),
        Err(WebhookRejection::FromFuture {
            from: TS,
            ahead_seconds: 301,
            max_skew_seconds: 300
        })
    );
    let lenient = verifier().max_future_skew(Duration::from_secs(400));
    assert_eq!(
        ok(lenient.verify_at(&signed(ahead, &body), &body, NOW)),
        Ok(())
    );
}

#[test]
fn replays_are_refused_until_released_or_expired() {
    let body = body();
    let v = verifier();
    let first = v.verify_at(&signed(NOW, &body), &body, NOW).unwrap();
    assert_eq!(first.timestamp, Some(NOW));
    let replay = v.verify_at(&signed(NOW, &body), &body, NOW + 5);
    let expected = WebhookRejection::Replayed {
        header: "X-Moneti-Signature",
    };
    assert_eq!(ok(replay), Err(expected.clone()));
    assert_eq!(expected.http_status(), 409);
    // A sender's retry signed with a fresh timestamp is another MAC: accepted.
    assert!(v.verify_at(&signed(NOW + 2, &body), &body, NOW + 5).is_ok());
    // Released (the handler failed, answered non-2xx): the same bytes pass again.
    v.release(&first.replay_key);
    assert!(v.verify_at(&signed(NOW, &body), &body, NOW + 6).is_ok());
    // Unsigned junk never reaches the cache; a disabled cache forgets.
    let forgetful = verifier().replay_capacity(0);
    for _ in 0..2 {
        assert!(forgetful.verify_at(&signed(NOW, &body), &body, NOW).is_ok());
    }
}

#[test]
fn an_empty_secret_is_refused() {
    let error = WebhookVerifier::new(&W2M, "").unwrap_err();
    assert!(error.to_string().contains("secret is empty"), "{error}");
}

#[test]
fn missing_and_malformed_headers() {
    let body = body();
    let ts = NOW.to_string();
    let good = hmac_hex(SECRET, NOW, &body);
    let cases = [
        (
            headers(None, Some(&ts)),
            WebhookRejection::MissingSignature {
                header: "X-Moneti-Signature",
            },
        ),
        (
            headers(Some(&good), None),
            WebhookRejection::MissingTimestamp { from: TS },
        ),
        (
            headers(Some(&good), Some("yesterday")),
            WebhookRejection::MalformedTimestamp { from: TS },
        ),
        (
            headers(Some("not-hex!"), Some(&ts)),
            WebhookRejection::MalformedSignature {
                header: "X-Moneti-Signature",
            },
        ),
        (
            headers(Some(&good[..40]), Some(&ts)),
            WebhookRejection::MalformedSignature {
                header: "X-Moneti-Signature",
            },
        ),
    ];
    for (headers, expected) in cases {
        let rejection = verifier().verify_at(&headers, &body, NOW).unwrap_err();
        assert_eq!(rejection, expected);
        assert_eq!(rejection.http_status(), 401);
        let shown = rejection.to_string();
        let header = match &rejection {
            WebhookRejection::MissingSignature { header }
            | WebhookRejection::MalformedSignature { header } => *header,
            WebhookRejection::MissingTimestamp { .. }
            | WebhookRejection::MalformedTimestamp { .. } => "X-Moneti-Timestamp",
            other => panic!("{other:?}"),
        };
        assert!(shown.contains(header), "{shown}");
        assert!(!shown.contains(SECRET) && !shown.contains(&good), "{shown}");
    }
}

#[test]
fn rejection_messages_never_show_secret_or_expected_signature() {
    let body = body();
    let expected = hmac_hex(SECRET, NOW, &body);
    let wrong = headers(Some(&"0".repeat(64)), Some(&NOW.to_string()));
    let rejection = verifier().verify_at(&wrong, &body, NOW).unwrap_err();
    for shown in [
        rejection.to_string(),
        format!("{rejection:?}"),
        format!("{:?}", verifier()),
    ] {
        assert!(!shown.contains(SECRET), "{shown}");
        assert!(!shown.contains(&expected), "{shown}");
    }
    assert!(rejection.to_string().contains("X-Moneti-Signature"));
}

#[test]
fn decode_known_event() {
    let delivery = decode_delivery(Some(&W2M_ENVELOPE), "type", Some("data"), &body()).unwrap();
    assert_eq!(delivery.event_type, "subscription.activated");
    assert_eq!(delivery.data, json!({ "subscriptionUrn": "sb.00.9" }));
    assert_eq!(delivery.correlation_id.as_deref(), Some("corr-wh-1"));
    assert_eq!(delivery.diagnostics.unwrap()["nodeId"], "gw-eu-1");
    assert_eq!(delivery.envelope.code.as_deref(), Some("MNT-000-00"));
    assert_eq!(delivery.envelope.severity.as_deref(), Some("SUCCESS"));
}

#[test]
fn decode_unknown_event_keeps_type_and_data() {
    let body = json!({ "event": { "type": "loyalty.points_granted", "points": 5 } }).to_string();
    let whole = decode_delivery(Some(&W2M_ENVELOPE), "type", None, body.as_bytes()).unwrap();
    assert_eq!(whole.event_type, "loyalty.points_granted");
    assert_eq!(
        whole.data,
        json!({ "type": "loyalty.points_granted", "points": 5 })
    );
    assert_eq!(whole.correlation_id, None);
    let no_data =
        decode_delivery(Some(&W2M_ENVELOPE), "type", Some("data"), body.as_bytes()).unwrap();
    assert_eq!(no_data.data, serde_json::Value::Null);
}

#[test]
fn decode_rejects_malformed_deliveries() {
    for (body, needle) in [
        (&b"<html>"[..], "not JSON"),
        (br#"{"data":{}}"#, "`event`"),
        (br#"{"event":{"type":7}}"#, "`event.type`"),
    ] {
        let rejection =
            decode_delivery(Some(&W2M_ENVELOPE), "type", Some("data"), body).unwrap_err();
        assert!(
            matches!(rejection, WebhookRejection::Malformed(_)),
            "{rejection:?}"
        );
        assert_eq!(rejection.http_status(), 400);
        assert!(rejection.to_string().contains(needle), "{rejection}");
    }
}

#[test]
fn a_body_without_envelope_is_the_event_itself() {
    let body = br#"{"event":"privateOffer.accepted","timestamp":"2026-01-16T10:00:00Z","data":{"id":"offer_123"}}"#;
    let delivery = decode_delivery(None, "event", Some("data"), body).unwrap();
    assert_eq!(delivery.event_type, "privateOffer.accepted");
    assert_eq!(delivery.data["id"], "offer_123");
    assert_eq!(delivery.correlation_id, None);
}
