//! The documents' own examples, sent verbatim to a fresh gateway (only the
//! host changed). Every expected value comes from the documents: document
//! 000's Getting Started curl (headers and body byte for byte), document
//! 004's example request and its envelope's success code, document 002's
//! example URN and its "401 … No envelope" row.

mod support;

use azotte_gateway::config::{DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET};
use serde_json::Value;
use support::{config, http, start, start_with};

/// Document 000, "Example Request": the `-d` body exactly as printed.
const GETTING_STARTED_BODY: &str = r#"{
"context": {
"customerUrn": "sb.00.195",
"customerIpAddress": "84.118.92.180",
"promotionCode": "CMP1WKWAFY",
"interactionType": 10,
"channel": 101
}
}"#;
/// Document 000's `x-tn`.
const TN: &str = "e2a1c7b2-4f3a-4b8e-9c2d-1a2b3c4d5e6f";
/// Document 000's `x-api-key`.
const KEY: &str = "sk_dev_acme_sample_123456789";

/// Document 000's curl against `base` (`http://127.0.0.1:PORT`), as curl
/// sends it: POST (because of `-d`), its three `--header`s, curl's own
/// `Accept: */*`, and the body bytes unchanged. `key` replaces the
/// `x-api-key` value (`None` leaves the header out).
async fn getting_started(base: &str, key: Option<&str>) -> (u16, String, Option<String>) {
    let mut request = http()
        .post(format!("{base}/api/v1/m2m/offer/bundles"))
        .header("Content-Type", "application/Json")
        .header("x-tn", TN)
        .header("Accept", "*/*");
    if let Some(key) = key {
        request = request.header("x-api-key", key);
    }
    let response = request.body(GETTING_STARTED_BODY).send().await.unwrap();
    let status = response.status().as_u16();
    let challenge = response
        .headers()
        .get("www-authenticate")
        .map(|v| v.to_str().unwrap().to_owned());
    (status, response.text().await.unwrap(), challenge)
}

/// The business payload: under `data` or a named domain key (document 004,
/// "data / domain key"); for offer/bundles the domain key is `offer`.
fn payload(v: &Value) -> &Value {
    v.get("data")
        .filter(|d| !d.is_null())
        .or_else(|| v.get("offer"))
        .unwrap_or(&Value::Null)
}

#[tokio::test]
async fn getting_started_curl_gets_bundles_from_a_fresh_gateway() {
    let gw = start().await;
    let (status, body, _) = getting_started(&gw.base_url(), Some(KEY)).await;
    assert!((200..300).contains(&status), "{status} {body}");
    let v: Value = serde_json::from_str(&body).unwrap();
    // Document 004: SUCCESS / MNT-000-00, duplicated in statusCode.
    assert_eq!(v["status"]["severity"], "SUCCESS", "{v}");
    assert_eq!(v["status"]["messageCode"], "MNT-000-00");
    assert_eq!(v["statusCode"], "MNT-000-00");
    let bundles = payload(&v)["bundles"].as_array().expect("bundles");
    assert!(!bundles.is_empty(), "{v}");
    // Document 000's promotion code is carried by the offer.
    assert_eq!(payload(&v)["promotionCode"], "CMP1WKWAFY");
}

#[tokio::test]
async fn a_missing_or_empty_key_is_a_401_without_envelope_that_says_why() {
    let gw = start().await;
    for key in [None, Some(""), Some("   ")] {
        let (status, body, challenge) = getting_started(&gw.base_url(), key).await;
        assert_eq!(status, 401, "{key:?}");
        // Document 002: the API-key 401 carries no envelope.
        assert!(body.is_empty(), "{key:?}: {body}");
        let challenge = challenge.expect("a WWW-Authenticate challenge");
        assert!(challenge.contains("x-api-key"), "{challenge}");
        assert!(challenge.contains("missing or empty"), "{challenge}");
    }
}

#[tokio::test]
async fn only_development_keys_are_accepted_by_default_and_never_echoed() {
    let gw = start().await;
    // Document 003's test prefix is a development key too.
    let (status, body, _) = getting_started(&gw.base_url(), Some("sk_test_abc123")).await;
    assert!((200..300).contains(&status), "{status} {body}");
    // Document 003's live example key, and a key of no known shape.
    for key in ["sk_live_abc123", "not-a-key-9f8e7d"] {
        let (status, body, challenge) = getting_started(&gw.base_url(), Some(key)).await;
        assert_eq!((status, body.as_str()), (401, ""), "{key}");
        let challenge = challenge.expect("challenge");
        assert!(challenge.contains("--api-key"), "{challenge}");
        assert!(
            !challenge.contains(key),
            "the key is never echoed: {challenge}"
        );
    }
}

#[tokio::test]
async fn api_key_flag_makes_the_gateway_strict() {
    let strict = "local-only-key-1";
    let gw = start_with(azotte_gateway::Config {
        api_keys: vec![strict.to_owned()],
        ..config()
    })
    .await;
    let (status, body, challenge) = getting_started(&gw.base_url(), Some(KEY)).await;
    assert_eq!((status, body.as_str()), (401, ""));
    let challenge = challenge.unwrap();
    assert!(challenge.contains("--api-key"), "{challenge}");
    assert!(!challenge.contains(KEY) && !challenge.contains(strict));
    let (status, body, _) = getting_started(&gw.base_url(), Some(strict)).await;
    assert!((200..300).contains(&status), "{status} {body}");
}

/// Document 004's `<service-token>`: a client-credentials token (RFC 6749
/// §4.4), the client authenticated with form fields or HTTP Basic (§2.3.1),
/// whichever the gateway takes.
async fn service_token(base: &str) -> String {
    let url = format!("{base}/oauth/token");
    let form = http()
        .post(&url)
        .header("Content-Type", "application/x-www-form-urlencoded")
        .body(format!(
            "grant_type=client_credentials&client_id={DEFAULT_CLIENT_ID}&client_secret={DEFAULT_CLIENT_SECRET}"
        ));
    let basic = http()
        .post(&url)
        .basic_auth(DEFAULT_CLIENT_ID, Some(DEFAULT_CLIENT_SECRET))
        .header("Content-Type", "application/x-www-form-urlencoded")
        .body("grant_type=client_credentials");
    for request in [form, basic] {
        let r = request.send().await.unwrap();
        if r.status() == 200 {
            let v: Value = r.json().await.unwrap();
            return v["access_token"].as_str().expect("a token").to_owned();
        }
    }
    panic!("the token endpoint issues no token");
}

#[tokio::test]
async fn document_004_example_request_works_with_a_service_token() {
    let gw = start().await;
    let token = service_token(&gw.base_url()).await;
    // Document 004, "Example request", verbatim but for the host.
    let body = r#"{
"context": {
"customerUrn": "sb.00.060",
"storefrontUrn": "st.00.001",
"interactionType": 10,
"channel": 101,
"customerIpAddress": "203.0.113.24"
}
}"#;
    let r = http()
        .post(format!("{}/api/m2m/offer/bundles", gw.base_url()))
        .header("Authorization", format!("Bearer {token}"))
        .header("X-Correlation-Id", "cdbb5e0d-1f46-4a13-8bc9-8d71b4a98211")
        .header("Content-Type", "application/json")
        .body(body)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    let v: Value = r.json().await.unwrap();
    assert_eq!(
        v["diagnostics"]["correlationId"],
        "cdbb5e0d-1f46-4a13-8bc9-8d71b4a98211"
    );
    assert_eq!(v["statusCode"], "MNT-000-00");
    assert_eq!(payload(&v)["storefrontUrn"], "st.00.001", "{v}");
    assert!(!payload(&v)["bundles"].as_array().unwrap().is_empty());
}

#[tokio::test]
async fn document_002_example_urn_exists_in_the_documents_tenant() {
    let gw = start().await;
    let r = http()
        .get(format!(
            "{}/api/c2a/customer/info?customerUrn=cu.00.482",
            gw.base_url()
        ))
        .header("x-api-key", KEY)
        .header("x-tn", TN)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    let v: Value = r.json().await.unwrap();
    // Document 002's success row and its example URN.
    assert_eq!(v["status"]["messageCode"], "SUCCESS");
    assert_eq!(v["result"]["customerUrn"], "cu.00.482", "{v}");
}

#[tokio::test]
async fn answers_never_quote_spec_notes() {
    let gw = start().await;
    let post = |scenario: Option<&'static str>, urn: &'static str| {
        let mut r = http()
            .post(format!("{}/api/v1/m2m/offer/bundles", gw.base_url()))
            .header("Content-Type", "application/json")
            .header("x-tn", TN)
            .header("x-api-key", KEY);
        if let Some(code) = scenario {
            r = r.header("X-Gateway-Scenario", code);
        }
        r.body(GETTING_STARTED_BODY.replace("sb.00.195", urn))
            .send()
    };
    let answers = [
        post(None, "sb.00.404").await.unwrap(),
        post(Some("MNT-404-01"), "sb.00.195").await.unwrap(),
        post(Some("MNT-299-05"), "sb.00.195").await.unwrap(),
        post(Some("CUSTOMER_NOT_FOUND"), "sb.00.195").await.unwrap(),
    ];
    for r in answers {
        let text = r.text().await.unwrap().to_lowercase();
        for note in ["inferred", "document 0", "(document", "spec"] {
            assert!(!text.contains(note), "`{note}` in {text}");
        }
    }
}

#[tokio::test]
async fn the_log_line_says_why_a_key_was_refused_without_the_key() {
    use std::io::Read;
    use std::process::{Command, Stdio};
    use support::Running;
    let live = "sk_live_abc123secretpart";
    let mut child = Running(
        Command::new(env!("CARGO_BIN_EXE_azotte-gateway"))
            .args(["--port", "0"])
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("the gateway binary starts"),
    );
    let mut stderr = child.0.stderr.take().unwrap();
    let base = child.base_url();
    let missing = getting_started(&base, None).await.0;
    let refused = getting_started(&base, Some(live)).await.0;
    drop(child);
    let mut log = String::new();
    stderr.read_to_string(&mut log).unwrap();
    assert_eq!((missing, refused), (401, 401));
    assert!(
        log.contains("401") && log.contains("reason: the x-api-key header is missing or empty"),
        "{log}"
    );
    assert!(log.contains("reason: x-api-key is a live key"), "{log}");
    assert!(!log.contains(live) && !log.contains("secretpart"), "{log}");
}
