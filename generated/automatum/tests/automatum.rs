//! The Automatum client, generated from `azotte-spec/apis/automatum` by the same
//! engine, against a real HTTP server on 127.0.0.1: the form-encoded token
//! exchange with scopes, every resource through its handle, pagination over
//! three pages, filter and sort encoding, 429 with `retryAfter`, rate-limit
//! headers, validation errors and webhook verification.

use automatum_client::auth::Oauth;
use automatum_client::prelude::*;
use automatum_client::rest::{self, ListPrivateOffersQuery};
use automatum_client::runtime::RetryPolicy;
use automatum_client::types::*;
use automatum_client::{webhooks, ApiError, ClientConfig, Environment};
use futures::StreamExt;
use hmac::{Hmac, Mac};
use serde_json::json;
use std::time::Duration;
use test_support::TestServer;

/// The API root as the document's "Base URL" writes it (`…/api/v1`).
fn client(server: &TestServer) -> rest::Client {
    let config = ClientConfig::new(format!("{}/api/v1", server.base_url))
        .retry(RetryPolicy::new().initial_backoff(Duration::from_millis(5)));
    rest::Client::with_config(config, Oauth::new("app-1", "app-secret")).unwrap()
}

fn token(server: &TestServer) {
    server.reply_json(
        200,
        json!({
            "access_token": "eyJhbGc.test", "token_type": "Bearer", "expires_in": 3600,
            "scope": "read:customers read:entitlements write:metering"
        }),
    );
}

fn offer(id: &str) -> serde_json::Value {
    json!({ "id": id, "vendor": "aws", "listingId": "listing_123", "customerId": "cust_456",
            "status": "active", "createdAt": "2026-01-16T10:00:00Z",
            "pricing": { "discountPercentage": 20.0, "duration": 12 } })
}

fn ok(data: serde_json::Value) -> serde_json::Value {
    json!({ "code": 200, "data": data })
}

#[tokio::test]
async fn token_exchange_is_form_encoded_with_the_lane_scopes() {
    let server = TestServer::start().await;
    token(&server);
    server.reply_json(200, ok(offer("offer_1")));
    let got = client(&server)
        .private_offers()
        .get("offer_1")
        .await
        .unwrap();
    assert_eq!(got.status, OfferStatus::Active);

    let seen = server.seen();
    assert_eq!(
        (seen[0].method.as_str(), seen[0].path.as_str()),
        ("POST", "/oauth/token")
    );
    assert_eq!(
        seen[0].header("content-type"),
        Some("application/x-www-form-urlencoded")
    );
    let form = String::from_utf8(seen[0].body.clone()).unwrap();
    let pairs: Vec<&str> = form.split('&').collect();
    assert!(pairs.contains(&"grant_type=client_credentials"), "{form}");
    assert!(pairs.contains(&"client_id=app-1"), "{form}");
    assert!(pairs.contains(&"client_secret=app-secret"), "{form}");
    let scope = pairs
        .iter()
        .find_map(|p| p.strip_prefix("scope="))
        .expect("scope sent");
    assert_eq!(
        scope.replace('+', " ").replace("%20", " ").replace("%3A", ":"),
        "read:private-offers write:private-offers read:customers write:customers write:metering read:entitlements"
    );
    assert_eq!(seen[1].path, "/api/v1/private-offer/offer_1");
    assert_eq!(seen[1].header("authorization"), Some("Bearer eyJhbGc.test"));
    uuid_like(
        seen[1]
            .header("x-request-id")
            .expect("X-Request-ID generated"),
    );
}

fn uuid_like(s: &str) {
    assert_eq!(s.len(), 36, "{s}");
    assert_eq!(s.matches('-').count(), 4, "{s}");
}

#[tokio::test]
async fn every_resource_through_its_handle() {
    let server = TestServer::start().await;
    token(&server);
    let c = client(&server);

    server.reply_json(201, json!({ "code": 201, "data": offer("offer_9") }));
    let pricing = Pricing::new(20.0, 12u32);
    let created = c
        .private_offers()
        .create(&NewPrivateOffer::new(
            Vendor::Aws,
            "listing_123",
            "cust_456",
            pricing,
        ))
        .await
        .unwrap();
    assert_eq!((created.status(), created.id.as_str()), (201, "offer_9"));
    let sent = server.last();
    assert_eq!(
        (sent.method.as_str(), sent.path.as_str()),
        ("POST", "/api/v1/private-offer")
    );
    assert_eq!(
        sent.json(),
        json!({ "vendor": "aws", "listingId": "listing_123", "customerId": "cust_456",
                "pricing": { "discountPercentage": 20.0, "duration": 12 } })
    );
    uuid_like(
        sent.header("x-idempotency-key")
            .expect("writes carry an idempotency key"),
    );

    server.reply_json(200, ok(offer("offer_9")));
    c.private_offers()
        .update(
            "offer_9",
            &PrivateOfferChanges::new().status(OfferStatus::Accepted),
        )
        .await
        .unwrap();
    let sent = server.last();
    assert_eq!(
        (sent.method.as_str(), sent.path.as_str()),
        ("PATCH", "/api/v1/private-offer/offer_9")
    );
    assert_eq!(sent.json(), json!({ "status": "accepted" }));

    server.reply_json(201, json!({ "code": 201, "data": {
        "id": "listing_1", "vendor": "azure", "name": "Widget", "status": "active", "createdAt": "2026-01-16T10:00:00Z" } }));
    let listing = c
        .listings()
        .create(&NewListing::new(Vendor::Azure, "Widget"))
        .await
        .unwrap();
    assert_eq!(listing.vendor, Vendor::Azure);

    server.reply_json(200, ok(json!({
        "id": "cust_123", "vendor": "aws", "name": "Acme", "status": "active", "createdAt": "2026-01-16T10:00:00Z" })));
    assert_eq!(
        c.customers().get("cust_123").await.unwrap().name.as_deref(),
        Some("Acme")
    );
    assert_eq!(server.last().path, "/api/v1/customer/cust_123");

    server.reply_json(
        201,
        json!({ "code": 201, "data": {
        "id": "me_1", "vendor": "aws", "customerId": "cust_123", "listingId": "listing_456",
        "dimension": "api_calls", "quantity": 1000, "timestamp": "2026-01-16T10:00:00Z" } }),
    );
    let usage = NewMeteringEvent::new(
        Vendor::Aws,
        "cust_123",
        "listing_456",
        "api_calls",
        1000u64,
        "2026-01-16T10:00:00Z",
    );
    assert_eq!(
        c.metering_events().create(&usage).await.unwrap().quantity,
        1000
    );
    assert_eq!(server.last().path, "/api/v1/metering-event");

    server.reply_json(200, json!({ "code": 200, "data": [{
        "id": "ent_1", "customerId": "cust_123", "listingId": "listing_456", "updatedAt": "2026-01-16T10:00:00Z" }],
        "pagination": { "page": 1, "limit": 20, "total": 1, "pages": 1 } }));
    let page = c
        .entitlements()
        .list(&rest::ListEntitlementsQuery::new().customer("cust_123"))
        .await
        .unwrap();
    assert_eq!(page.data[0].id, "ent_1");
    assert_eq!(server.last().query.as_deref(), Some("customer=cust_123"));
}

fn offer_page(page: u32) -> serde_json::Value {
    json!({ "code": 200, "data": [offer(&format!("offer_{page}a")), offer(&format!("offer_{page}b"))],
            "pagination": { "page": page, "limit": 2, "total": 6, "pages": 3 } })
}

#[tokio::test]
async fn pagination_streams_three_pages() {
    let server = TestServer::start().await;
    token(&server);
    for page in 1..=3 {
        server.reply_json(200, offer_page(page));
    }
    let c = client(&server);
    // The stream copies its query: a temporary is fine.
    let offers = c.list_private_offers_stream(&ListPrivateOffersQuery::new().limit(2u32));
    let ids: Vec<String> = offers.map(|o| o.unwrap().id).collect().await;
    assert_eq!(
        ids,
        ["offer_1a", "offer_1b", "offer_2a", "offer_2b", "offer_3a", "offer_3b"]
    );
    let queries: Vec<_> = server.seen()[1..]
        .iter()
        .map(|s| s.query.clone().unwrap())
        .collect();
    assert_eq!(
        queries,
        ["page=1&limit=2", "page=2&limit=2", "page=3&limit=2"]
    );
}

#[tokio::test]
async fn filters_and_sort_are_encoded_as_documented() {
    let server = TestServer::start().await;
    token(&server);
    server.reply_json(200, offer_page(1));
    let query = ListPrivateOffersQuery::new()
        .status(OfferStatus::Active)
        .vendor(Vendor::Aws)
        .listing("listing_123")
        .customer("cust_456")
        .created_at_gt("2026-01-01")
        .created_at_lt("2026-12-31")
        .created_at_gte("2026-01-01")
        .created_at_lte("2026-12-31")
        .sort(
            PrivateOfferSort::new()
                .desc(PrivateOfferSortField::CreatedAt)
                .asc(PrivateOfferSortField::Status),
        );
    client(&server).private_offers().list(&query).await.unwrap();
    assert_eq!(
        server.last().query.as_deref(),
        Some(
            "status=active&vendor=aws&listing=listing_123&customer=cust_456\
              &createdAt[gt]=2026-01-01&createdAt[lt]=2026-12-31\
              &createdAt[gte]=2026-01-01&createdAt[lte]=2026-12-31&sort=-createdAt,status"
        )
    );
}

#[tokio::test]
async fn rate_limit_429_waits_retry_after_from_the_body() {
    let server = TestServer::start().await;
    token(&server);
    let limits = |remaining: &str| {
        vec![
            ("content-type", "application/json".to_owned()),
            ("X-RateLimit-Limit", "1000".to_owned()),
            ("X-RateLimit-Remaining", remaining.to_owned()),
            ("X-RateLimit-Reset", "1642334400".to_owned()),
        ]
    };
    server.reply_with(
        429,
        limits("0"),
        &json!({ "code": 429, "message": "Rate limit exceeded", "retryAfter": 1 }).to_string(),
    );
    server.reply_with(200, limits("987"), &ok(offer("offer_1")).to_string());
    let started = std::time::Instant::now();
    let got = client(&server)
        .private_offers()
        .get("offer_1")
        .await
        .unwrap();
    assert!(
        started.elapsed() >= Duration::from_millis(900),
        "waited {:?}",
        started.elapsed()
    );
    assert_eq!(got.attempts(), 2);
    let limit = got.rate_limit().expect("rate-limit headers exposed");
    assert_eq!(
        (limit.limit, limit.remaining, limit.reset),
        (Some(1000), Some(987), Some(1_642_334_400))
    );
}

#[tokio::test]
async fn validation_errors_expose_each_field() {
    let server = TestServer::start().await;
    token(&server);
    server.reply_json(
        400,
        json!({
            "code": 400, "message": "Invalid request parameters",
            "errors": [{ "field": "customerId", "message": "Customer ID is required" },
                       { "field": "pricing.duration", "message": "must be positive" }]
        }),
    );
    let request = NewPrivateOffer::new(Vendor::Aws, "listing_123", "", Pricing::new(20.0, 0u32));
    let err = client(&server)
        .private_offers()
        .create(&request)
        .await
        .unwrap_err();
    let ApiError::Service(e) = &err else {
        panic!("{err:?}")
    };
    assert_eq!(e.error, rest::CreatePrivateOfferError::BadRequest);
    let fields: Vec<(&str, &str)> = e
        .errors
        .iter()
        .map(|f| (f["field"].as_str().unwrap(), f["message"].as_str().unwrap()))
        .collect();
    assert_eq!(
        fields,
        [
            ("customerId", "Customer ID is required"),
            ("pricing.duration", "must be positive")
        ]
    );
    assert!(
        err.to_string().contains("Invalid request parameters"),
        "{err}"
    );
}

const SECRET: &str = "whsec_automatum";

fn signature(body: &[u8], secret: &str) -> String {
    let mut mac = Hmac::<sha2::Sha256>::new_from_slice(secret.as_bytes()).unwrap();
    mac.update(body);
    hex::encode(mac.finalize().into_bytes())
}

#[test]
fn webhooks_are_verified_in_constant_time_and_typed() {
    let body = br#"{"event":"privateOffer.accepted","timestamp":"2026-01-16T10:00:00Z","data":{"id":"offer_123","customerId":"cust_456","status":"accepted"}}"#;
    let verifier = webhooks::Verifier::new(SECRET);
    let mut headers = automatum_client::runtime::reqwest::header::HeaderMap::new();
    headers.insert(
        "X-Automatum-Signature",
        signature(body, SECRET).parse().unwrap(),
    );
    let delivery = verifier.verify(&headers, body).unwrap();
    let webhooks::Event::PrivateOfferAccepted(data) = &delivery.event else {
        panic!("{:?}", delivery.event)
    };
    assert_eq!(data.id, "offer_123");

    headers.insert(
        "X-Automatum-Signature",
        signature(body, "wrong").parse().unwrap(),
    );
    assert!(verifier.verify(&headers, body).is_err());
    let mut tampered = body.to_vec();
    tampered[20] ^= 1;
    headers.insert(
        "X-Automatum-Signature",
        signature(body, SECRET).parse().unwrap(),
    );
    assert!(verifier.verify(&headers, &tampered).is_err());
    let unknown = br#"{"event":"listing.archived","timestamp":"2026-01-16T10:00:00Z","data":{}}"#;
    headers.insert(
        "X-Automatum-Signature",
        signature(unknown, SECRET).parse().unwrap(),
    );
    let d = verifier.verify(&headers, unknown).unwrap();
    assert!(matches!(d.event, webhooks::Event::Unknown { .. }));
    assert_eq!(webhooks::Event::TYPES.len(), 7);
}

#[test]
fn environments_follow_the_document() {
    assert_eq!(
        Environment::Production.base_url(),
        "https://api.automatum.io/api/v1"
    );
    assert_eq!(
        Environment::ProductionExamples.base_url(),
        "https://api.automatum.io/v1"
    );
    assert_eq!(
        Environment::Sandbox.base_url(),
        "https://sandbox-api.automatum.io/v1"
    );
}
