//! Every lane through the generated client against a real HTTP server on
//! 127.0.0.1: M2M service tokens and the Moneti envelope, retries keeping the
//! idempotency key, P2M token providers and a paginated stream, T2M signed
//! calls checked with an independent HMAC of the spec's canonical string, and
//! the C2A checkout waiter. W2M verification: `w2m_signatures.rs`.

use azotte_client::auth::{PartnerSignature, ServiceToken, TenantApiKey, UserToken};
use azotte_client::prelude::*;
use azotte_client::runtime::{RetryPolicy, TokenProvider, WaitError, WaitOutcome};
use azotte_client::types::*;
use azotte_client::{c2a, m2m, p2m, t2m, ApiError, ClientConfig, Environment};
use futures::StreamExt;
use hmac::{Hmac, Mac};
use serde_json::json;
use sha2::Sha256;
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::Arc;
use std::time::Duration;
use test_support::TestServer;

fn hmac_hex(secret: &str, message: &[u8]) -> String {
    let mut mac = Hmac::<Sha256>::new_from_slice(secret.as_bytes()).unwrap();
    mac.update(message);
    hex::encode(mac.finalize().into_bytes())
}

/// The shared lane hosts' API root (`https://api.azotte.cloud/api`).
fn api_root(server: &TestServer) -> String {
    format!("{}/api", server.base_url)
}

fn token_reply(server: &TestServer, token: &str) {
    server.reply_json(
        200,
        json!({ "access_token": token, "token_type": "Bearer", "expires_in": 900 }),
    );
}

fn moneti(key: &str, value: serde_json::Value) -> serde_json::Value {
    json!({
        "diagnostics": { "correlationId": "cid-from-gateway", "effectiveRegionCode": "EU",
                         "createdAt": "2026-11-23T12:00:00Z", "nodeId": "gw-test-01" },
        key: value,
        "status": { "severity": "SUCCESS", "messageCode": "MNT-000-00", "source": "Moneti",
                    "message": "Success", "success": true, "warnings": [] },
        "statusCode": "MNT-000-00",
        "links": { "self": "http://x/api/m2m/offer/bundles", "next": null }
    })
}

fn offer_json() -> serde_json::Value {
    json!({ "offerIdentifier": "of.00.1", "expiresAt": "2026-11-23T13:00:00Z",
            "bundles": [{ "bundleUrn": "bn.00.1", "name": "Pro", "price": { "amount": 1000, "currency": "EUR" } }] })
}

fn context() -> RequestContext {
    RequestContext::new(
        "sb.00.060",
        "203.0.113.24",
        InteractionType::Purchase,
        Channel::Web,
    )
    .storefront_urn("st.00.001")
}

#[tokio::test]
async fn m2m_fetches_a_service_token_once_and_reuses_it() {
    let server = TestServer::start().await;
    token_reply(&server, "tok-1");
    server.reply_json(200, moneti("offer", offer_json()));
    server.reply_json(200, moneti("offer", offer_json()));
    let client = m2m::Client::new(
        &Environment::Custom(api_root(&server)),
        ServiceToken::new("client-1", "client-secret-xyz"),
    )
    .unwrap();

    let first = client
        .offer_bundles(&OfferRequest::new(context()))
        .await
        .unwrap();
    assert_eq!(first.offer_identifier.as_str(), "of.00.1");
    assert_eq!(first.correlation_id(), Some("cid-from-gateway"));
    client
        .offer_bundles(&OfferRequest::new(context()))
        .await
        .unwrap();

    let seen = server.seen();
    assert_eq!(seen.len(), 3, "one token request, two calls");
    assert_eq!(
        (seen[0].method.as_str(), seen[0].path.as_str()),
        ("POST", "/oauth/token")
    );
    // RFC 6749 §4.4.2 / §2.3.1: a form body, the client in HTTP Basic.
    assert_eq!(
        seen[0].header("content-type"),
        Some("application/x-www-form-urlencoded")
    );
    assert_eq!(seen[0].body, b"grant_type=client_credentials");
    // base64("client-1:client-secret-xyz"), computed outside this client.
    assert_eq!(
        seen[0].header("authorization"),
        Some("Basic Y2xpZW50LTE6Y2xpZW50LXNlY3JldC14eXo=")
    );
    for call in &seen[1..] {
        assert_eq!(call.path, "/api/m2m/offer/bundles");
        assert_eq!(call.header("authorization"), Some("Bearer tok-1"));
        assert_eq!(call.json()["context"]["storefrontUrn"], "st.00.001");
    }
    let shown = format!("{client:?}");
    assert!(
        !shown.contains("client-secret-xyz") && !shown.contains("tok-1"),
        "{shown}"
    );
}

#[tokio::test]
async fn m2m_warning_is_ok_with_the_warnings_reachable() {
    let server = TestServer::start().await;
    let mut body = moneti("offer", offer_json());
    body["status"]["severity"] = json!("WARNING");
    body["status"]["messageCode"] = json!("MNT-299-05");
    body["status"]["warnings"] = json!([{ "code": "MNT-299-05", "message": "fallback geo used" }]);
    server.reply_json(200, body);
    let client = m2m::Client::new(
        &Environment::Custom(api_root(&server)),
        TenantApiKey::new("sk_dev_1", "tenant-1"),
    )
    .unwrap();
    let offer = client
        .offer_bundles(&OfferRequest::new(context()))
        .await
        .unwrap();
    assert_eq!(offer.severity(), Some("WARNING"));
    assert_eq!(offer.warnings()[0]["message"], "fallback geo used");
    assert_eq!(
        server.last().header("x-api-key"),
        Some("sk_dev_1"),
        "the Getting Started auth"
    );
}

#[tokio::test]
async fn m2m_error_envelope_is_typed_with_diagnostics() {
    let server = TestServer::start().await;
    server.reply_json(
        409,
        json!({
            "diagnostics": { "correlationId": "cid-409", "createdAt": "2026-11-23T12:00:00Z", "nodeId": "gw-1" },
            "errors": [{ "code": "MNT-409-02", "field": "version", "message": "stale version", "help": "refetch" }],
            "status": { "severity": "ERROR", "messageCode": "MNT-409-02", "source": "Gateway", "message": "Conflict", "success": false },
            "statusCode": "MNT-409-02"
        }),
    );
    let client = m2m::Client::new(
        &Environment::Custom(api_root(&server)),
        TenantApiKey::new("sk", "t"),
    )
    .unwrap();
    let request = CancelSubscriptionRequest::new(CancelSubscriptionPayload::new("or-1", 3));
    let err = client.cancel_subscription(&request).await.unwrap_err();
    let ApiError::Service(e) = &err else {
        panic!("{err:?}")
    };
    assert_eq!(e.error, m2m::CancelSubscriptionError::Mnt40902);
    assert_eq!(e.errors[0]["field"], "version");
    assert_eq!(e.diagnostics.as_ref().unwrap()["nodeId"], "gw-1");
    let shown = err.to_string();
    assert!(
        shown.contains("MNT-409-02") && shown.contains("cid-409") && shown.contains("409"),
        "{shown}"
    );
}

#[tokio::test]
async fn retries_on_503_keep_the_same_idempotency_key() {
    let server = TestServer::start().await;
    server.reply_raw(503, "text/plain", "busy");
    server.reply_raw(503, "text/plain", "busy");
    server.reply_json(
        200,
        moneti(
            "subscription",
            json!({
        "orderIdentifier": "or-1", "customerUrn": "cu.1", "bundleUrn": "bn.1",
        "state": "Cancelled", "startedAt": "2026-01-01T00:00:00Z" }),
        ),
    );
    let config = ClientConfig::new(api_root(&server)).retry(
        RetryPolicy::new()
            .initial_backoff(Duration::from_millis(5))
            .max_attempts(3),
    );
    let client = m2m::Client::with_config(config, TenantApiKey::new("sk", "t")).unwrap();
    let request = CancelSubscriptionRequest::new(CancelSubscriptionPayload::new("or-1", 3));
    let sub = client.cancel_subscription(&request).await.unwrap();
    assert_eq!(sub.attempts(), 3);
    let keys: Vec<String> = server
        .seen()
        .iter()
        .map(|s| s.header("idempotency-key").expect("key sent").to_owned())
        .collect();
    assert_eq!(keys.len(), 3);
    assert!(keys.iter().all(|k| *k == keys[0]), "{keys:?}");
    uuid::Uuid::parse_str(&keys[0]).expect("a generated UUID");
}

/// A portal session handing out its current token.
#[derive(Debug, Default)]
struct PortalSession {
    asked: AtomicU32,
}

impl TokenProvider for PortalSession {
    fn token(
        &self,
    ) -> futures::future::BoxFuture<
        '_,
        Result<secrecy::SecretString, azotte_client::runtime::AuthError>,
    > {
        let n = self.asked.fetch_add(1, Ordering::SeqCst);
        Box::pin(async move { Ok(format!("user-token-{n}").into()) })
    }
}

fn page(n: u32, has_next: bool) -> serde_json::Value {
    let items: Vec<_> = (0..2)
        .map(|i| json!({ "orderIdentifier": format!("or-{n}-{i}"), "customerUrn": "cu.1",
                          "bundleUrn": "bn.1", "state": "Active", "startedAt": "2026-01-01T00:00:00Z" }))
        .collect();
    moneti(
        "data",
        json!({
            "items": items,
            "pageInfo": { "page": n, "pageSize": 2, "total": 6, "hasNext": has_next },
            "permissions": { "canCancel": true, "canRefund": false, "canExport": true }
        }),
    )
}

#[tokio::test]
async fn p2m_uses_the_token_provider_and_streams_three_pages() {
    let server = TestServer::start().await;
    for (n, more) in [(1, true), (2, true), (3, false)] {
        server.reply_json(200, page(n, more));
    }
    let session = Arc::new(PortalSession::default());
    let client = p2m::Client::new(
        &Environment::Custom(api_root(&server)),
        UserToken::new(session.clone()),
    )
    .unwrap();
    let query = p2m::ListSubscriptionsQuery::new().page_size(2u32);
    let mut stream = client.list_subscriptions_stream(&query);
    let first = stream.next().await.unwrap().unwrap();
    assert_eq!(first.order_identifier.as_str(), "or-1-0");
    assert_eq!(server.seen().len(), 1, "pages are fetched lazily");
    let rest: Vec<_> = stream
        .map(|s| s.unwrap().order_identifier.into_inner())
        .collect()
        .await;
    assert_eq!(rest, ["or-1-1", "or-2-0", "or-2-1", "or-3-0", "or-3-1"]);

    let seen = server.seen();
    let queries: Vec<_> = seen
        .iter()
        .map(|s| s.query.clone().unwrap_or_default())
        .collect();
    assert_eq!(
        queries,
        [
            "page=1&pageSize=2",
            "page=2&pageSize=2",
            "page=3&pageSize=2"
        ]
    );
    let tokens: Vec<_> = seen
        .iter()
        .map(|s| s.header("authorization").unwrap().to_owned())
        .collect();
    assert_eq!(
        tokens,
        [
            "Bearer user-token-0",
            "Bearer user-token-1",
            "Bearer user-token-2"
        ]
    );

    server.reply_json(200, page(1, false));
    let one = client
        .list_subscriptions(&p2m::ListSubscriptionsQuery::new())
        .await
        .unwrap();
    let permissions = one.permissions.as_ref().unwrap();
    assert_eq!(
        (permissions.can_cancel, permissions.can_refund),
        (Some(true), Some(false))
    );
    assert_eq!(one.page_info.total, 6);
}

#[tokio::test]
async fn t2m_calls_carry_a_token_and_a_signature_the_server_can_check() {
    let server = TestServer::start().await;
    token_reply(&server, "svc-tok");
    server.reply_json(200, moneti("offer", json!({
        "offerIdentifier": "of.t.1", "expiresAt": "2026-11-23T13:00:00Z", "bundles": [], "partnerTags": ["reseller-a"] })));
    let client = t2m::Client::new(
        &Environment::Custom(api_root(&server)),
        (
            ServiceToken::new("partner-app", "app-secret"),
            PartnerSignature::new("pk_partner_1", "partner-shared-secret"),
        ),
    )
    .unwrap();
    let offer = client
        .offer_bundles(&OfferRequest::new(context()))
        .await
        .unwrap();
    assert_eq!(
        offer.partner_tags.as_deref(),
        Some(&["reseller-a".to_owned()][..])
    );

    let call = server.last();
    assert_eq!(call.path, "/api/t2m/offer/bundles");
    assert_eq!(call.header("authorization"), Some("Bearer svc-tok"));
    assert_eq!(call.header("x-partner-key"), Some("pk_partner_1"));
    // The spec's canonical string (api.yaml `partner_signature`, inferred):
    // timestamp \n METHOD \n path[?query] \n raw body.
    let ts = call.header("x-partner-timestamp").expect("timestamp sent");
    let target = match &call.query {
        Some(q) => format!("{}?{q}", call.path),
        None => call.path.clone(),
    };
    let mut signed = format!("{ts}\n{}\n{target}\n", call.method).into_bytes();
    signed.extend_from_slice(&call.body);
    assert_eq!(
        call.header("x-partner-signature"),
        Some(hmac_hex("partner-shared-secret", &signed).as_str())
    );
}

fn status_json(state: &str) -> serde_json::Value {
    json!({ "trackingNumber": "tr-1", "state": state, "status": { "messageCode": "SUCCESS" } })
}

fn c2a_client(server: &TestServer) -> c2a::Client {
    c2a::Client::new(
        &Environment::Custom(format!("{}/api/v1", server.base_url)),
        TenantApiKey::new("sk", "t"),
    )
    .unwrap()
}

#[tokio::test]
async fn checkout_waiter_reaches_succeeded() {
    let server = TestServer::start().await;
    server.reply(200, status_json("Pending"));
    server.reply(200, status_json("Succeeded"));
    let c = c2a_client(&server);
    let out = c
        .wait_for_checkout(&TrackingNumber::new("tr-1"), Duration::from_secs(10))
        .await
        .unwrap();
    let WaitOutcome::Succeeded(status) = out else {
        panic!("{out:?}")
    };
    assert_eq!(status.state, Some(CheckoutState::Succeeded));
    assert_eq!(server.seen().len(), 2);
    assert!(server
        .seen()
        .iter()
        .all(|s| s.path == "/api/v1/c2a/offer/checkout/tr-1/status"));
}

#[tokio::test]
async fn checkout_waiter_returns_three_ds_as_its_own_outcome() {
    let server = TestServer::start().await;
    let mut body = status_json("RequiresAction");
    body["threeDs"] = json!({ "redirectUrl": "https://acs.example/challenge/1", "method": "GET" });
    server.reply(200, body);
    let out = c2a_client(&server)
        .wait_for_checkout(&TrackingNumber::new("tr-1"), Duration::from_secs(10))
        .await
        .unwrap();
    let WaitOutcome::ActionRequired(status) = out else {
        panic!("{out:?}")
    };
    assert_eq!(
        status.three_ds.as_ref().unwrap().redirect_url.as_deref(),
        Some("https://acs.example/challenge/1")
    );
}

#[tokio::test]
async fn checkout_waiter_stops_at_the_deadline() {
    let server = TestServer::start().await;
    for _ in 0..5 {
        server.reply(200, status_json("Processing"));
    }
    let out = c2a_client(&server)
        .wait_for_checkout(&TrackingNumber::new("tr-1"), Duration::from_millis(1200))
        .await;
    match out {
        Err(WaitError::DeadlineExceeded { polls, last }) => {
            assert_eq!(
                polls, 2,
                "polls at 0 ms and 500 ms; the next (1500 ms) is past the deadline"
            );
            assert_eq!(last.unwrap().state, Some(CheckoutState::Processing));
        }
        other => panic!("{other:?}"),
    }
}
