//! BearerAuth with token providers (P2M), and HMAC request signing (T2M)
//! checked by a test server that computes the HMAC itself with hmac/sha2,
//! independently of the runtime's `sign`.

mod support;

use azotte_runtime::*;
use futures::future::BoxFuture;
use hmac::{Hmac, Mac};
use secrecy::SecretString;
use serde_json::json;
use sha2::Sha256;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use support::*;

const USER_TOKEN: &str = "user-session-TOKEN-9c1";
const PARTNER_KEY: &str = "pk_live_shopify_42";
const PARTNER_SECRET: &str = "partner-shared-SECRET-77";

#[tokio::test]
async fn bearer_sends_the_static_token_as_sensitive_header() {
    let server = TestServer::start(moneti_ok(json!({}))).await;
    let auth = BearerAuth::new(StaticToken::new(USER_TOKEN));
    let mut request = reqwest::Request::new(
        reqwest::Method::GET,
        reqwest::Url::parse("http://127.0.0.1/").unwrap(),
    );
    auth.apply(&mut request).await.unwrap();
    assert!(request.headers()["authorization"].is_sensitive());

    let client = Client::new(ClientConfig::new(&server.base_url), auth).unwrap();
    client
        .call::<serde_json::Value, RawCode>(&BUNDLES, Request::new())
        .await
        .unwrap();
    assert_eq!(
        server.single_request().header("authorization"),
        Some(format!("Bearer {USER_TOKEN}").as_str())
    );
}

/// A PKCE-like session: hands out `session-N`, refreshes after `invalidate`.
#[derive(Debug, Default)]
struct Session {
    generation: AtomicUsize,
    invalidated: AtomicUsize,
    refreshable: bool,
}

impl TokenProvider for Session {
    fn token(&self) -> BoxFuture<'_, Result<SecretString, AuthError>> {
        let n = self.generation.load(Ordering::SeqCst);
        Box::pin(async move { Ok(SecretString::from(format!("session-{n}"))) })
    }
    fn invalidate(&self) {
        self.invalidated.fetch_add(1, Ordering::SeqCst);
        if self.refreshable {
            self.generation.fetch_add(1, Ordering::SeqCst);
        }
    }
    fn can_refresh(&self) -> bool {
        self.refreshable
    }
}

#[tokio::test]
async fn refreshable_provider_gets_one_resend_after_401() {
    let server = TestServer::scripted(|request, _| match request.header("authorization") {
        Some("Bearer session-1") => moneti_ok(json!({ "ok": true })),
        _ => Reply::empty(401),
    })
    .await;
    let session = Arc::new(Session {
        refreshable: true,
        ..Session::default()
    });
    let client = Client::new(
        ClientConfig::new(&server.base_url),
        BearerAuth::new(session.clone()),
    )
    .unwrap();
    let response = client
        .call::<serde_json::Value, RawCode>(&BUNDLES, Request::new())
        .await
        .unwrap();
    assert_eq!(response.attempts(), 2);
    assert_eq!(session.invalidated.load(Ordering::SeqCst), 1);
}

#[tokio::test]
async fn provider_that_cannot_refresh_returns_the_401() {
    let server = TestServer::start(Reply::empty(401)).await;
    let session = Arc::new(Session::default());
    let client = Client::new(
        ClientConfig::new(&server.base_url),
        BearerAuth::new(session.clone()),
    )
    .unwrap();
    let error = client
        .call::<serde_json::Value, RawCode>(&BUNDLES, Request::new())
        .await
        .unwrap_err();
    assert!(matches!(error, ApiError::Unauthorized(_)), "{error:?}");
    assert_eq!(error.attempts(), 1);
    assert_eq!(session.invalidated.load(Ordering::SeqCst), 1, "told anyway");
    assert_eq!(server.requests().len(), 1);
}

static PARTNER: SigningSpec = SigningSpec {
    key_header: "X-Partner-Key",
    signature_header: "X-Partner-Signature",
    timestamp_header: Some("X-Partner-Timestamp"),
    signed: &[
        SignedPart::Timestamp,
        SignedPart::Method,
        SignedPart::Path,
        SignedPart::Body,
    ],
    separator: "\n",
    hex: true,
};

fn fixed_clock() -> u64 {
    1_732_000_000
}

/// The canonical string a server computes (FORMAT.md, `separator: "\n"`):
/// HMAC-SHA256 over `ts \n METHOD \n path?query \n body`.
fn gateway_signature(request: &Recorded) -> String {
    let mut message = Vec::new();
    message.extend_from_slice(request.header("x-partner-timestamp").unwrap().as_bytes());
    message.extend_from_slice(b"\n");
    message.extend_from_slice(request.method.as_bytes());
    message.extend_from_slice(b"\n");
    message.extend_from_slice(request.path.as_bytes());
    if let Some(query) = &request.query {
        message.extend_from_slice(format!("?{query}").as_bytes());
    }
    message.extend_from_slice(b"\n");
    message.extend_from_slice(&request.body);
    let mut mac = Hmac::<Sha256>::new_from_slice(PARTNER_SECRET.as_bytes()).unwrap();
    mac.update(&message);
    hex::encode(mac.finalize().into_bytes())
}

#[tokio::test]
async fn hmac_signature_is_verified_by_an_independent_computation() {
    let server = TestServer::scripted(|request, _| {
        if request.header("x-partner-signature") == Some(gateway_signature(request).as_str()) {
            moneti_ok(json!({ "signed": true }))
        } else {
            moneti_error(401, "MNT-401-01")
        }
    })
    .await;
    let signer = HmacSigner::new(&PARTNER, PARTNER_KEY, PARTNER_SECRET).with_clock(fixed_clock);
    let auth = (BearerAuth::new(StaticToken::new(USER_TOKEN)), signer);
    let client = Client::new(ClientConfig::new(&server.base_url), auth).unwrap();
    let body = json!({ "context": { "storefrontUrn": "st.00.001" }, "note": "ünïcode" });
    let response = client
        .call::<serde_json::Value, RawCode>(&PARTNER_BUNDLES, Request::new().json(&body))
        .await
        .unwrap();
    assert_eq!(response.value(), &json!({ "signed": true }));
    // A GET with a query string and no body is signed too.
    client
        .call::<serde_json::Value, RawCode>(
            &GET_SUBSCRIPTION,
            Request::new()
                .path_param("urn", "sb.00.1")
                .query("expand", "items"),
        )
        .await
        .unwrap();

    let sent = server.requests();
    assert_eq!(sent[0].header("x-partner-key"), Some(PARTNER_KEY));
    assert_eq!(sent[0].header("x-partner-timestamp"), Some("1732000000"));
    assert_eq!(
        sent[0].header("authorization"),
        Some(format!("Bearer {USER_TOKEN}").as_str())
    );
    assert_eq!(
        sent[0].header("x-partner-signature"),
        Some(
            sign(
                &PARTNER,
                PARTNER_SECRET,
                1_732_000_000,
                "POST",
                "/api/t2m/offer/bundles",
                &sent[0].body
            )
            .as_str()
        ),
        "the pure function agrees"
    );
    assert_eq!(sent[1].query.as_deref(), Some("expand=items"));
}

#[tokio::test]
async fn wrong_secret_is_rejected_by_the_gateway() {
    let server = TestServer::scripted(|request, _| {
        if request.header("x-partner-signature") == Some(gateway_signature(request).as_str()) {
            moneti_ok(json!({}))
        } else {
            moneti_error(401, "MNT-401-01")
        }
    })
    .await;
    let signer = HmacSigner::new(&PARTNER, PARTNER_KEY, "not-the-secret");
    let client = Client::new(ClientConfig::new(&server.base_url), signer).unwrap();
    let error = client
        .call::<serde_json::Value, RawCode>(&PARTNER_BUNDLES, Request::new().json(&json!({})))
        .await
        .unwrap_err();
    assert_eq!(error.message_code(), Some("MNT-401-01"));
    let empty = HmacSigner::new(&PARTNER, PARTNER_KEY, "");
    let refused = Client::new(ClientConfig::new(&server.base_url), empty).unwrap_err();
    assert!(refused.to_string().contains("secret is empty"), "{refused}");
}
