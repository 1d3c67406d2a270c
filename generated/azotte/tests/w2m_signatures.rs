//! W2M webhook verification exactly as document 004 says: "Verify the
//! X-Moneti-Signature header (HMAC SHA-256 of the raw body). Reject if the
//! timestamp is older than 5 minutes to prevent replay." Deliveries carry
//! "the same diagnostics and status envelope, plus an event payload under
//! event"; the timestamp is `diagnostics.createdAt`.
//!
//! Every signature here is computed from that sentence with the `hmac` crate
//! (HMAC-SHA256 of the raw body bytes), never with the client's signer.

use azotte_client::runtime::reqwest::header::HeaderMap;
use azotte_client::runtime::{TimestampSource, WebhookRejection as R};
use azotte_client::w2m;
use base64::Engine as _;
use hmac::{Hmac, Mac};
use serde_json::json;
use sha2::Sha256;

const SECRET: &str = "whsec_test_123";
/// Document 004's blueprint `createdAt`, and the same instant in unix seconds.
const BLUEPRINT_CREATED_AT: &str = "2025-11-18T12:21:53.762051Z";
const BLUEPRINT_UNIX: u64 = 1_763_468_513;

/// The raw HMAC-SHA256 of `body` keyed with `secret` (document 004's rule).
fn mac(secret: &str, body: &[u8]) -> Vec<u8> {
    let mut mac = Hmac::<Sha256>::new_from_slice(secret.as_bytes()).unwrap();
    mac.update(body);
    mac.finalize().into_bytes().to_vec()
}

/// Only the signature header: document 004 names no other.
fn signed(signature: String) -> HeaderMap {
    let mut h = HeaderMap::new();
    h.insert("X-Moneti-Signature", signature.parse().unwrap());
    h
}

fn hex_signed(body: &[u8], secret: &str) -> HeaderMap {
    signed(hex::encode(mac(secret, body)))
}

/// A delivery as document 004 describes it: the blueprint's diagnostics and
/// status envelope, with the event under `event`.
fn delivery(created_at: &str, event_type: &str) -> Vec<u8> {
    json!({
        "diagnostics": {
            "correlationId": "cdbb5e0d-1f46-4a13-8bc9-8d71b4a98211",
            "effectiveRegionCode": "EU",
            "createdAt": created_at,
            "nodeId": "gw-prod-eu-01"
        },
        "event": { "type": event_type, "data": {
            "orderIdentifier": "or-1", "customerUrn": "cu.00.482", "bundleUrn": "bn.1",
            "state": "Active", "occurredAt": created_at } },
        "status": {
            "severity": "SUCCESS", "messageCode": "MNT-000-00", "message": "Success",
            "source": "WebhookDelivery", "success": true, "warnings": []
        },
        "statusCode": "MNT-000-00",
        "links": { "self": null, "next": null }
    })
    .to_string()
    .into_bytes()
}

fn verifier() -> w2m::Verifier {
    w2m::Verifier::new(SECRET).unwrap()
}

#[test]
fn a_delivery_signed_as_document_004_says_verifies_in_every_encoding() {
    let body = delivery(BLUEPRINT_CREATED_AT, "subscription.activated");
    let mac = mac(SECRET, &body);
    let b64 = base64::engine::general_purpose::STANDARD.encode(&mac);
    for signature in [
        hex::encode(&mac),
        hex::encode(&mac).to_uppercase(),
        format!("sha256={}", hex::encode(&mac)),
        b64.clone(),
        format!("sha256={b64}"),
    ] {
        // A fresh verifier per form: the same bytes twice would be a replay.
        let ok = verifier()
            .verify_at(&signed(signature.clone()), &body, BLUEPRINT_UNIX + 10)
            .unwrap_or_else(|e| panic!("{signature}: {e}"));
        let w2m::Event::SubscriptionActivated(data) = &ok.event else {
            panic!("{:?}", ok.event)
        };
        assert_eq!(
            data.customer_urn
                .as_ref()
                .map(ToString::to_string)
                .as_deref(),
            Some("cu.00.482")
        );
        assert_eq!(ok.timestamp, Some(BLUEPRINT_UNIX));
        assert_eq!(
            ok.correlation_id.as_deref(),
            Some("cdbb5e0d-1f46-4a13-8bc9-8d71b4a98211")
        );
    }
}

#[test]
fn every_forgery_class_is_refused() {
    let body = delivery(BLUEPRINT_CREATED_AT, "subscription.activated");
    let now = BLUEPRINT_UNIX + 10;
    let v = verifier();

    let wrong = v.verify_at(&hex_signed(&body, "another-secret"), &body, now);
    assert!(
        matches!(wrong, Err(R::SignatureMismatch { .. })),
        "{wrong:?}"
    );

    let mut tampered = body.clone();
    let at = tampered.windows(3).position(|w| w == b"cu.").unwrap();
    tampered[at] = b'x';
    let t = v.verify_at(&hex_signed(&body, SECRET), &tampered, now);
    assert!(matches!(t, Err(R::SignatureMismatch { .. })), "{t:?}");

    let stale = v.verify_at(&hex_signed(&body, SECRET), &body, BLUEPRINT_UNIX + 301);
    let from = TimestampSource::BodyField("diagnostics.createdAt");
    assert_eq!(
        stale.unwrap_err(),
        R::Stale {
            from,
            age_seconds: 301,
            tolerance_seconds: 300
        }
    );
    let future = v.verify_at(&hex_signed(&body, SECRET), &body, BLUEPRINT_UNIX - 301);
    assert!(
        matches!(
            future,
            Err(R::FromFuture {
                ahead_seconds: 301,
                ..
            })
        ),
        "{future:?}"
    );
    // Within 5 minutes either way is accepted (clock skew is not an attack).
    let first = v
        .verify_at(&hex_signed(&body, SECRET), &body, BLUEPRINT_UNIX - 300)
        .unwrap();
    assert_eq!(first.event_type, "subscription.activated");

    let replay = v
        .verify_at(&hex_signed(&body, SECRET), &body, now)
        .unwrap_err();
    assert!(matches!(replay, R::Replayed { .. }), "{replay:?}");
    assert_eq!(replay.http_status(), 409);

    let mut missing = hex_signed(&body, SECRET);
    missing.remove("X-Moneti-Signature");
    let m = v.verify_at(&missing, &body, now).unwrap_err();
    assert!(m.to_string().contains("X-Moneti-Signature"), "{m}");

    for rejection in [wrong.unwrap_err(), t.unwrap_err(), m] {
        assert_eq!(rejection.http_status(), 401);
        assert!(!rejection.to_string().contains(SECRET));
    }
    assert!(!format!("{v:?}").contains(SECRET));
}

#[test]
fn an_empty_secret_is_refused_at_construction() {
    let error = w2m::Verifier::new("").unwrap_err();
    assert!(error.to_string().contains("secret is empty"), "{error}");
}

#[test]
fn a_missing_or_unreadable_timestamp_is_a_typed_rejection() {
    let from = TimestampSource::BodyField("diagnostics.createdAt");
    let mut no_time: serde_json::Value =
        serde_json::from_slice(&delivery(BLUEPRINT_CREATED_AT, "payment.failed")).unwrap();
    no_time["diagnostics"]
        .as_object_mut()
        .unwrap()
        .remove("createdAt");
    let body = no_time.to_string().into_bytes();
    let e = verifier()
        .verify_at(&hex_signed(&body, SECRET), &body, BLUEPRINT_UNIX)
        .unwrap_err();
    assert_eq!(e, R::MissingTimestamp { from });
    assert!(e.to_string().contains("diagnostics.createdAt"), "{e}");

    let body = delivery("yesterday", "payment.failed");
    let e = verifier()
        .verify_at(&hex_signed(&body, SECRET), &body, BLUEPRINT_UNIX)
        .unwrap_err();
    assert_eq!(e, R::MalformedTimestamp { from });
    assert_eq!(e.http_status(), 401);
}

/// Azotte retries a delivery that was not acknowledged (max 12 attempts).
/// A retry rendered anew (fresh `createdAt`) is new bytes and passes; a retry
/// of the very same bytes passes once the receiver released the delivery it
/// could not process; only what was accepted and kept is refused.
#[test]
fn retries_of_unacknowledged_deliveries_still_verify() {
    let v = verifier();
    let first = delivery(BLUEPRINT_CREATED_AT, "subscription.activated");
    let accepted = v
        .verify_at(&hex_signed(&first, SECRET), &first, BLUEPRINT_UNIX)
        .unwrap();
    // The handler failed: answer 503 and release.
    v.release(&accepted);
    v.verify_at(&hex_signed(&first, SECRET), &first, BLUEPRINT_UNIX + 1)
        .expect("the same bytes, retried after a release");

    let rerendered = delivery("2025-11-18T12:25:53Z", "subscription.activated");
    v.verify_at(
        &hex_signed(&rerendered, SECRET),
        &rerendered,
        BLUEPRINT_UNIX + 240,
    )
    .expect("a retry with a fresh diagnostics.createdAt");

    // A delivery that fails to decode is not kept either.
    let bad = br#"{"diagnostics":{"createdAt":"2025-11-18T12:21:53Z"},"event":{"type":"payment.captured","data":{"amount":"x"}}}"#;
    for _ in 0..2 {
        let e = v
            .verify_at(&hex_signed(bad, SECRET), bad, BLUEPRINT_UNIX)
            .unwrap_err();
        assert!(matches!(e, R::Malformed(_)), "{e:?}");
    }
}

/// `unix` seconds as RFC 3339 (`YYYY-MM-DDTHH:MM:SSZ`), for deliveries made now.
fn rfc3339(unix: u64) -> String {
    let (days, secs) = ((unix / 86_400) as i64, unix % 86_400);
    let z = days + 719_468;
    let (era, doe) = (z.div_euclid(146_097), z.rem_euclid(146_097));
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    let (h, min, s) = (secs / 3600, secs / 60 % 60, secs % 60);
    format!("{y:04}-{m:02}-{d:02}T{h:02}:{min:02}:{s:02}Z")
}

#[test]
fn the_test_formatter_agrees_with_the_blueprint() {
    assert_eq!(rfc3339(BLUEPRINT_UNIX), "2025-11-18T12:21:53Z");
    assert_eq!(rfc3339(951_782_400), "2000-02-29T00:00:00Z");
}

/// The axum receiver of `examples/webhook_receiver.rs`, driven over real HTTP.
#[allow(dead_code)]
#[path = "../examples/webhook_receiver.rs"]
mod webhook_receiver;

#[tokio::test]
async fn the_axum_webhook_example_accepts_documented_and_refuses_forged_deliveries() {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}/webhooks/azotte", listener.local_addr().unwrap());
    let app = webhook_receiver::router(verifier());
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });

    let http = azotte_client::runtime::reqwest::Client::new();
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs();
    let body = delivery(&rfc3339(now), "subscription.activated");
    let post = |headers, body: Vec<u8>| http.post(&url).headers(headers).body(body).send();
    let status = |r: Result<azotte_client::runtime::reqwest::Response, _>| r.unwrap().status();
    assert_eq!(
        status(post(hex_signed(&body, SECRET), body.clone()).await),
        204
    );
    assert_eq!(
        status(post(hex_signed(&body, SECRET), body.clone()).await),
        409
    );
    assert_eq!(
        status(post(hex_signed(&body, "guess"), body.clone()).await),
        401
    );
    let stale = delivery(&rfc3339(now - 600), "subscription.activated");
    assert_eq!(status(post(hex_signed(&stale, SECRET), stale).await), 401);
    let ahead = delivery(&rfc3339(now + 600), "subscription.activated");
    assert_eq!(status(post(hex_signed(&ahead, SECRET), ahead).await), 401);
}
