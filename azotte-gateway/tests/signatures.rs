//! The gateway's signatures checked by plain servers that implement only
//! the documented (or, where the documents are silent, the spec's) rule —
//! not by our `Verifier` or signer, so the gateway cannot agree with a
//! client that is wrong.
//!
//! - W2M (document 004): "Verify the X-Moneti-Signature header (HMAC SHA-256
//!   of the raw body)". The receiver below recomputes exactly that.
//! - T2M (inferred, api.yaml `partner_signature`): HMAC-SHA256 of
//!   `timestamp \n METHOD \n path[?query] \n body`; a signature made for one
//!   request does not open another.

mod support;

use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use azotte_gateway::config::{
    DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET, DEFAULT_PARTNER_KEY, DEFAULT_PARTNER_SECRET,
    DEFAULT_TENANT,
};
use azotte_gateway::time::{iso8601, unix_now};
use azotte_gateway::{Config, Gateway, StartError};
use hmac::{Hmac, Mac};
use serde_json::{json, Value};
use sha2::Sha256;
use std::sync::{Arc, Mutex};
use std::time::Duration;
use support::*;

const SECRET: &str = "whsec_plain_receiver";

fn hmac(secret: &str, message: &[u8]) -> Hmac<Sha256> {
    let mut mac = Hmac::<Sha256>::new_from_slice(secret.as_bytes()).unwrap();
    mac.update(message);
    mac
}

/// One received attempt: did the documented rule hold, and what came.
#[derive(Debug, Clone)]
struct Received {
    valid: bool,
    timestamp_header: bool,
    body: Value,
}

type Log = Arc<Mutex<Vec<Received>>>;

/// Document 004's rule and nothing else: the hex HMAC-SHA256 of the raw
/// body in `X-Moneti-Signature`. The first attempt is answered 500.
async fn plain_receiver(State(log): State<Log>, headers: HeaderMap, body: Bytes) -> StatusCode {
    let valid = headers
        .get("x-moneti-signature")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| hex::decode(v).ok())
        .is_some_and(|given| hmac(SECRET, &body).verify_slice(&given).is_ok());
    let mut log = log.lock().unwrap();
    log.push(Received {
        valid,
        timestamp_header: headers.contains_key("x-moneti-timestamp"),
        body: serde_json::from_slice(&body).unwrap_or_default(),
    });
    match (valid, log.len()) {
        (false, _) => StatusCode::UNAUTHORIZED,
        (true, 1) => StatusCode::INTERNAL_SERVER_ERROR,
        (true, _) => StatusCode::NO_CONTENT,
    }
}

#[tokio::test]
async fn deliveries_are_signed_as_document_004_says() {
    let log: Log = Arc::default();
    let app = axum::Router::new()
        .route("/hooks", axum::routing::post(plain_receiver))
        .with_state(log.clone());
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}/hooks", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    let gw = start_with(Config {
        webhooks: vec![url],
        webhook_secret: SECRET.into(),
        ..config()
    })
    .await;
    let before = iso8601(unix_now());
    subscribed(&c2a(&gw, TENANT_A), "ext-plain").await;
    let mut received = Vec::new();
    for _ in 0..300 {
        received = log.lock().unwrap().clone();
        if received.len() >= 3 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    assert!(received.len() >= 3, "{received:?}");
    let after = iso8601(unix_now() + 1);
    for r in &received {
        assert!(r.valid, "HMAC-SHA256 of the raw body: {r:?}");
        assert!(!r.timestamp_header, "no header the documents do not name");
        // The replay timestamp document 004's envelope carries, fresh.
        let created = r.body["diagnostics"]["createdAt"].as_str().unwrap();
        assert!(
            before.as_str() <= created && created <= after.as_str(),
            "{created}"
        );
        assert!(r.body["event"]["type"].is_string(), "{r:?}");
        assert!(r.body["status"].is_object(), "{r:?}");
    }
    // The attempt answered 500 is retried: same event, signed afresh.
    let first_id = &received[0].body["event"]["id"];
    let retries = received[1..]
        .iter()
        .filter(|r| &r.body["event"]["id"] == first_id)
        .count();
    assert_eq!(retries, 1, "{received:?}");
}

#[tokio::test]
async fn an_empty_signing_secret_is_refused_at_start() {
    for config in [
        Config {
            webhook_secret: String::new(),
            ..config()
        },
        Config {
            partner_secret: String::new(),
            ..config()
        },
    ] {
        match Gateway::start(config).await {
            Err(StartError::Config(message)) => {
                assert!(message.contains("secret is empty"), "{message}")
            }
            other => panic!("{other:?}"),
        }
    }
}

/// Sends a T2M call signed by the spec's canonical string for
/// (`signed_method`, `signed_target`, `signed_body`), but to `target` with
/// `body`, with a service token from the token endpoint.
async fn t2m_call(
    gw: &Gateway,
    token: &str,
    (signed_method, signed_target, signed_body): (&str, &str, &[u8]),
    target: &str,
    body: &[u8],
) -> u16 {
    let ts = unix_now().to_string();
    let mut canonical = format!("{ts}\n{signed_method}\n{signed_target}\n").into_bytes();
    canonical.extend_from_slice(signed_body);
    let signature = hex::encode(
        hmac(DEFAULT_PARTNER_SECRET, &canonical)
            .finalize()
            .into_bytes(),
    );
    http()
        .post(format!("{}{target}", gw.base_url()))
        .bearer_auth(token)
        .header("content-type", "application/json")
        .header("X-Partner-Key", DEFAULT_PARTNER_KEY)
        .header("X-Partner-Timestamp", ts)
        .header("X-Partner-Signature", signature)
        .body(body.to_vec())
        .send()
        .await
        .unwrap()
        .status()
        .as_u16()
}

#[tokio::test]
async fn t2m_signatures_bind_method_path_query_and_body() {
    let gw = start().await;
    let urn = customer(&c2a(&gw, DEFAULT_TENANT), "ext-canonical").await;
    let token: Value = http()
        .post(format!("{}/oauth/token", gw.base_url()))
        .header("content-type", "application/x-www-form-urlencoded")
        // RFC 6749 §2.3.1: HTTP Basic, the scheme's declared client auth.
        .basic_auth(DEFAULT_CLIENT_ID, Some(DEFAULT_CLIENT_SECRET))
        .body("grant_type=client_credentials")
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let token = token["access_token"].as_str().expect("a token");
    let body = json!({ "context": {
        "customerUrn": urn.to_string(), "storefrontUrn": "st.00.001",
        "interactionType": 10, "channel": 101, "customerIpAddress": "203.0.113.24" } })
    .to_string()
    .into_bytes();
    let path = "/api/t2m/offer/bundles";
    let call = |signed, target, body| t2m_call(&gw, token, signed, target, body);

    assert_eq!(call(("POST", path, &body), path, &body).await, 200);
    let other_root = "/api/v1/t2m/offer/bundles";
    assert_eq!(call(("POST", path, &body), other_root, &body).await, 401);
    let with_query = "/api/t2m/offer/bundles?dryRun=true";
    assert_eq!(call(("POST", path, &body), with_query, &body).await, 401);
    assert_eq!(
        call(("POST", with_query, &body), with_query, &body).await,
        200
    );
    assert_eq!(call(("PUT", path, &body), path, &body).await, 401);
    let mut tampered = body.clone();
    tampered.push(b' ');
    assert_eq!(call(("POST", path, &body), path, &tampered).await, 401);
}
