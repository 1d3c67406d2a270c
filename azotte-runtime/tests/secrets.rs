//! No secret (client secret, access token, user token, partner secret,
//! webhook secret, API key) appears in any `Debug` output, error, or in the
//! tracing output of calls that use them, retries and 401 refreshes included.

mod support;

use azotte_runtime::*;
use serde_json::json;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;
use support::capture::Capture;
use support::*;

const CLIENT_SECRET: &str = "cc-CLIENT-SECRET-a81";
const ACCESS_TOKEN: &str = "at-ACCESS-TOKEN-b92";
const USER_TOKEN: &str = "ut-USER-TOKEN-c03";
const PARTNER_SECRET: &str = "ps-PARTNER-SECRET-d14";
const WEBHOOK_SECRET: &str = "wh-WEBHOOK-SECRET-e25";
const SECRETS: [&str; 6] = [
    CLIENT_SECRET,
    ACCESS_TOKEN,
    USER_TOKEN,
    PARTNER_SECRET,
    WEBHOOK_SECRET,
    API_KEY,
];

static TOKEN_SPEC: ClientCredentialsSpec = ClientCredentialsSpec {
    token_path: "/oauth/token",
    client_auth: ClientAuthMethod::Form,
    refresh_before_seconds: 60,
};
static PARTNER: SigningSpec = SigningSpec {
    key_header: "X-Partner-Key",
    signature_header: "X-Partner-Signature",
    timestamp_header: Some("X-Partner-Timestamp"),
    signed: &[SignedPart::Timestamp, SignedPart::Body],
    separator: ".",
    hex: true,
};
static WEBHOOK: WebhookSpec = WebhookSpec {
    signature_header: "X-Moneti-Signature",
    timestamp: Some(TimestampSource::Header("X-Moneti-Timestamp")),
    signed: &[SignedPart::Timestamp, SignedPart::Body],
    separator: ".",
    hex: true,
    tolerance_seconds: 300,
};

fn assert_clean(what: &str, text: &str) {
    for secret in SECRETS {
        assert!(
            !text.contains(secret),
            "{secret} leaked into {what}:\n{text}"
        );
    }
}

fn policy() -> RetryPolicy {
    RetryPolicy::new()
        .jitter(Jitter::None)
        .initial_backoff(Duration::from_millis(5))
}

#[tokio::test]
async fn no_secret_in_debug_errors_or_tracing() {
    let (capture, lines) = Capture::new();
    let _guard = tracing::subscriber::set_default(capture);

    // Token endpoint: issues the token; the API rejects the first use, then
    // fails once with 503, then succeeds.
    let api_calls = AtomicUsize::new(0);
    let server = TestServer::scripted(move |request, _| {
        if request.path == "/oauth/token" {
            return Reply::json(
                200,
                json!({ "access_token": ACCESS_TOKEN, "token_type": "bearer", "expires_in": 900 }),
            );
        }
        match api_calls.fetch_add(1, Ordering::SeqCst) {
            0 => Reply::empty(401),
            1 => moneti_error(503, "MNT-503-00"),
            _ => moneti_ok(json!({ "ok": true })),
        }
    })
    .await;
    let config = || ClientConfig::new(&server.base_url).retry(policy());

    let credentials = ClientCredentials::new(&TOKEN_SPEC, "svc-1", CLIENT_SECRET);
    let signer = HmacSigner::new(&PARTNER, "pk-visible", PARTNER_SECRET);
    let m2m = Client::new(config(), (credentials, signer)).unwrap();
    let response = m2m
        .call::<serde_json::Value, RawCode>(&CREATE_PAYMENT, Request::new().json(&json!({})))
        .await
        .unwrap();
    assert_eq!(response.attempts(), 3);
    assert_clean("client Debug", &format!("{m2m:?} {m2m:#?}"));
    assert_clean("response Debug", &format!("{response:?}"));

    let p2m = Client::new(config(), BearerAuth::new(StaticToken::new(USER_TOKEN))).unwrap();
    let response = p2m
        .call::<serde_json::Value, RawCode>(&BUNDLES, Request::new())
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    assert_clean("p2m response", &format!("{response:?} {p2m:?}"));

    // Errors with secrets in play: a token endpoint that echoes the secret.
    let failing = TestServer::start(Reply::json(
        400,
        json!({ "error": "invalid_client", "error_description": CLIENT_SECRET }),
    ))
    .await;
    let error = Client::new(
        ClientConfig::new(&failing.base_url),
        ClientCredentials::new(&TOKEN_SPEC, "svc-1", CLIENT_SECRET),
    )
    .unwrap()
    .call::<serde_json::Value, RawCode>(&BUNDLES, Request::new())
    .await
    .unwrap_err();
    assert!(error.to_string().contains("invalid_client"), "{error}");
    assert_clean("token error", &format!("{error} {error:?} {error:#?}"));

    let c2a = server
        .client()
        .with_header("X-Partner-Secret", PARTNER_SECRET);
    let error = c2a
        .call::<serde_json::Value, CustomerError>(&STORE_CUSTOMER, Request::new())
        .await;
    assert_clean("c2a", &format!("{error:?} {c2a:?}"));

    // Webhooks.
    let verifier = WebhookVerifier::new(&WEBHOOK, WEBHOOK_SECRET).unwrap();
    let body = br#"{"event":{"type":"invoice.paid"}}"#;
    let mut headers = reqwest::header::HeaderMap::new();
    headers.insert("x-moneti-timestamp", "100".parse().unwrap());
    headers.insert("x-moneti-signature", "ab".repeat(32).parse().unwrap());
    let rejection = verifier.verify_at(&headers, body, 100).unwrap_err();
    assert_clean(
        "webhook",
        &format!("{verifier:?} {rejection} {rejection:?}"),
    );

    // Every auth scheme and the mock transport's records.
    assert_clean(
        "auth Debug",
        &format!(
            "{:?} {:?} {:?} {:?} {:?}",
            tenant_auth(),
            ClientCredentials::new(&TOKEN_SPEC, "svc-1", CLIENT_SECRET),
            HmacSigner::new(&PARTNER, "pk-visible", PARTNER_SECRET),
            BearerAuth::new(StaticToken::new(USER_TOKEN)),
            StaticToken::new(ACCESS_TOKEN),
        ),
    );
    let mock = MockTransport::new();
    mock.on(
        "POST",
        "/api/m2m/payments",
        MockResponse::json(200, json!({})),
    );
    let mocked = Client::new(
        ClientConfig::new("https://api.azotte.cloud").transport(mock.clone()),
        (
            BearerAuth::new(StaticToken::new(USER_TOKEN)),
            HmacSigner::new(&PARTNER, "pk-visible", PARTNER_SECRET),
        ),
    )
    .unwrap();
    let _ = mocked
        .call::<serde_json::Value, RawCode>(&CREATE_PAYMENT, Request::new().json(&json!({})))
        .await;
    let recorded = mock.requests();
    assert_eq!(
        recorded[0].header("authorization"),
        Some(format!("Bearer {USER_TOKEN}").as_str())
    );
    assert_clean("recorded requests", &format!("{recorded:?} {mock:?}"));

    let logged = lines.text();
    assert!(logged.contains("span azotte.attempt"), "{logged}");
    assert!(logged.contains("retrying"), "{logged}");
    assert_clean("tracing output", &logged);
}
