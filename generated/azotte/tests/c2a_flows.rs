//! The C2A lane end to end against a real HTTP server on 127.0.0.1: the two
//! documented flows (api-docs 001) and the documented error statuses (002),
//! asserting what each call sends and what it decodes.

use azotte_client::auth::TenantApiKey;
use azotte_client::c2a::{self, *};
use azotte_client::types::*;
use azotte_client::{ApiError, Environment};
use serde_json::json;
use test_support::{Seen, TestServer};

const API_KEY: &str = "sk_dev_acme_sample_123456789";
const TENANT: &str = "e2a1c7b2-4f3a-4b8e-9c2d-1a2b3c4d5e6f";

fn client(server: &TestServer) -> c2a::Client {
    c2a::Client::new(
        // The project host's API root, as `Environment::sandbox` would give.
        &Environment::Custom(format!("{}/api/v1", server.base_url)),
        TenantApiKey::new(API_KEY, TENANT),
    )
    .expect("client builds")
}

fn ok(result: serde_json::Value) -> serde_json::Value {
    json!({ "result": result, "status": { "messageCode": "SUCCESS" } })
}

/// Every C2A call carries the tenant credentials, a JSON content type when it
/// has a body, and a generated UUID correlation id.
fn assert_c2a_headers(seen: &Seen, has_body: bool) {
    assert_eq!(seen.header("x-api-key"), Some(API_KEY));
    assert_eq!(seen.header("x-tn"), Some(TENANT));
    let content_type = seen.header("content-type");
    if has_body {
        assert_eq!(content_type, Some("application/json"));
    } else {
        assert_eq!(content_type, None);
    }
    let id = seen
        .header("x-correlation-id")
        .expect("correlation id sent");
    let uuid = uuid::Uuid::parse_str(id).expect("correlation id is a UUID");
    assert_eq!(uuid.get_version_num(), 4);
}

fn customer_json() -> serde_json::Value {
    json!({ "customerUrn": "cu.00.482", "externalId": "ext-42", "email": "ada@example.com" })
}

fn context() -> RequestContext {
    RequestContext::new(
        "cu.00.482",
        "84.118.92.180",
        InteractionType::Purchase,
        Channel::Web,
    )
    .promotion_code("CMP1WKWAFY")
}

#[tokio::test]
async fn first_purchase_flow() {
    let server = TestServer::start().await;
    let c = client(&server);

    // 1. validate: the ExternalId is free.
    server.reply(200, json!({ "status": { "messageCode": "SUCCESS" } }));
    let r = c
        .validate_customer(&ValidateCustomerRequest::new(ExternalCustomerRef::new(
            "ext-42",
        )))
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    let seen = server.last();
    assert_eq!(
        (seen.method.as_str(), seen.path.as_str()),
        ("POST", "/api/v1/c2a/customer/validate")
    );
    assert_c2a_headers(&seen, true);
    assert_eq!(
        seen.json(),
        json!({ "customer": { "externalId": "ext-42" } })
    );
    assert_eq!(
        r.correlation_id(),
        seen.header("x-correlation-id"),
        "the correlation id is exposed"
    );

    // 2. store: the projection comes back with its URN.
    server.reply(200, ok(customer_json()));
    let details = CustomerDetails::new("ext-42").email("ada@example.com");
    let customer = c
        .store_customer(&StoreCustomerRequest::new(details))
        .await
        .unwrap()
        .into_inner();
    assert_eq!(customer.customer_urn, CustomerUrn::new("cu.00.482"));
    assert_eq!(customer.email.as_deref(), Some("ada@example.com"));
    let seen = server.last();
    assert_eq!(seen.path, "/api/v1/c2a/customer/store");
    assert_c2a_headers(&seen, true);
    assert_eq!(
        seen.json(),
        json!({ "customer": { "externalId": "ext-42", "email": "ada@example.com" } })
    );

    // 3. offer/bundles: fields inline beside `status`.
    server.reply(
        200,
        json!({
            "offerIdentifier": "of.00.777",
            "expiresAt": "2026-11-23T18:00:00Z",
            "bundles": [{ "bundleUrn": "bn.00.001", "name": "Monthly", "price": { "amount": 999000, "currency": "EUR" } }],
            "status": { "messageCode": "SUCCESS" }
        }),
    );
    let offer = c
        .resolve_offer(&OfferRequest::new(context()))
        .await
        .unwrap();
    assert_eq!(offer.offer_identifier.as_str(), "of.00.777");
    let bundle = &offer.bundles.as_ref().expect("bundles")[0];
    assert_eq!(
        bundle.price.as_ref().and_then(|p| p.amount),
        Some(Milpieces::new(999_000))
    );
    let seen = server.last();
    assert_eq!(seen.path, "/api/v1/c2a/offer/bundles");
    assert_eq!(
        seen.json(),
        json!({ "context": {
            "customerUrn": "cu.00.482", "customerIpAddress": "84.118.92.180",
            "promotionCode": "CMP1WKWAFY", "interactionType": 10, "channel": 101
        } })
    );

    // 4. checkout: 202 with a tracking number, idempotent on correlationId.
    server.reply(
        202,
        json!({ "trackingNumber": "tr-9001", "status": { "messageCode": "SUCCESS" } }),
    );
    let order = CheckoutRequest::new("corr-1", context(), offer.offer_identifier.clone())
        .bundle_urn(
            offer.bundles.as_ref().expect("bundles")[0]
                .bundle_urn
                .clone()
                .expect("bundleUrn"),
        );
    let accepted = c.submit_checkout(&order).await.unwrap();
    assert_eq!(accepted.status(), 202);
    let tracking = accepted.into_inner().tracking_number;
    let seen = server.last();
    assert_eq!(seen.path, "/api/v1/c2a/offer/checkout");
    assert_eq!(seen.json()["correlationId"], "corr-1");
    assert_eq!(seen.json()["bundleUrn"], "bn.00.001");

    // 5. poll status until terminal.
    server.reply(200, json!({ "trackingNumber": "tr-9001", "state": "Processing", "status": { "messageCode": "SUCCESS" } }));
    server.reply(
        200,
        json!({ "trackingNumber": "tr-9001", "state": "Succeeded", "orderIdentifier": "or-1", "status": { "messageCode": "SUCCESS" } }),
    );
    let mut state = c.checkout_status(&tracking).await.unwrap().into_inner();
    assert_eq!(state.state, Some(CheckoutState::Processing));
    while state.state == Some(CheckoutState::Processing) {
        state = c.checkout_status(&tracking).await.unwrap().into_inner();
    }
    assert_eq!(state.state, Some(CheckoutState::Succeeded));
    assert_eq!(state.order_identifier, Some(OrderIdentifier::new("or-1")));
    let seen = server.last();
    assert_eq!(
        (seen.method.as_str(), seen.path.as_str()),
        ("GET", "/api/v1/c2a/offer/checkout/tr-9001/status")
    );
    assert_c2a_headers(&seen, false);
    assert!(seen.body.is_empty());

    // 6. the subscription is active.
    server.reply(
        200,
        ok(json!({ "subscriptions": [subscription_json("Active")] })),
    );
    let subs = c.list_subscriptions(&customer.customer_urn).await.unwrap();
    assert_eq!(
        subs.subscriptions.as_ref().expect("subscriptions")[0].state,
        SubscriptionState::Active
    );
    assert_eq!(server.last().path, "/api/v1/c2a/subscription/cu.00.482");
    assert_eq!(server.seen().len(), 7);
}

fn subscription_json(state: &str) -> serde_json::Value {
    json!({
        "orderIdentifier": "or-1", "customerUrn": "cu.00.482", "bundleUrn": "bn.00.001",
        "state": state, "startedAt": "2026-11-23T17:00:00Z"
    })
}

#[tokio::test]
async fn cancellation_flow() {
    let server = TestServer::start().await;
    let c = client(&server);
    let urn = CustomerUrn::new("cu.00.482");

    server.reply(
        200,
        ok(json!({ "subscriptions": [subscription_json("Active")] })),
    );
    let order = c
        .list_subscriptions(&urn)
        .await
        .unwrap()
        .into_inner()
        .subscriptions
        .expect("subscriptions")
        .remove(0)
        .order_identifier;

    server.reply(
        200,
        ok(json!({
            "orderIdentifier": "or-1",
            "reasons": [{ "code": "TOO_EXPENSIVE", "label": "Too expensive" }],
            "retentionOffer": { "offerIdentifier": "of.00.888", "description": "50% off for 3 months" }
        })),
    );
    let options = c
        .request_cancellation(&SubscriptionReference::new(urn.clone(), order.clone()))
        .await
        .unwrap()
        .into_inner();
    assert_eq!(
        options.reasons.as_ref().expect("reasons")[0]
            .code
            .as_deref(),
        Some("TOO_EXPENSIVE")
    );
    assert!(options.retention_offer.is_some());
    let seen = server.last();
    assert_eq!(seen.path, "/api/v1/c2a/subscription/cancel/request");
    assert_eq!(
        seen.json(),
        json!({ "customerUrn": "cu.00.482", "orderIdentifier": "or-1" })
    );

    server.reply(200, ok(subscription_json("PendingCancellation")));
    let confirm = ConfirmCancellationRequest::new(urn, order).reason_code("TOO_EXPENSIVE");
    let sub = c.confirm_cancellation(&confirm).await.unwrap();
    assert_eq!(sub.state, SubscriptionState::PendingCancellation);
    let seen = server.last();
    assert_eq!(seen.path, "/api/v1/c2a/subscription/cancel/confirm");
    assert_c2a_headers(&seen, true);
    assert_eq!(seen.json()["reasonCode"], "TOO_EXPENSIVE");
}

fn error_body(code: &str, message: &str) -> serde_json::Value {
    json!({ "status": { "messageCode": code, "message": message } })
}

#[tokio::test]
async fn customer_not_found_is_a_typed_error_and_the_query_is_encoded() {
    let server = TestServer::start().await;
    server.reply(
        404,
        error_body("CUSTOMER_NOT_FOUND", "URN / ExternalId did not resolve"),
    );
    let query = CustomerInfoQuery::new().external_id("ext 42/x");
    let err = client(&server).customer_info(&query).await.unwrap_err();
    let seen = server.last();
    assert_eq!(
        (seen.method.as_str(), seen.path.as_str()),
        ("GET", "/api/v1/c2a/customer/info")
    );
    assert_eq!(seen.query.as_deref(), Some("externalId=ext%2042%2Fx"));
    match &err {
        ApiError::Service(e) => {
            assert_eq!(e.error, CustomerInfoError::CustomerNotFound);
            assert_eq!(e.status, 404);
            assert_eq!(
                e.message.as_deref(),
                Some("URN / ExternalId did not resolve")
            );
        }
        other => panic!("expected a service error, got {other:?}"),
    }
    let shown = err.to_string();
    for part in [
        "C2A-01-05",
        "404",
        "CUSTOMER_NOT_FOUND",
        "URN / ExternalId did not resolve",
    ] {
        assert!(shown.contains(part), "`{shown}` lacks {part}");
    }
    assert!(
        shown.contains(seen.header("x-correlation-id").unwrap()),
        "{shown}"
    );
}

fn store_request() -> StoreCustomerRequest {
    StoreCustomerRequest::new(CustomerDetails::new("ext-42"))
}

#[tokio::test]
async fn documented_conflict_and_validation_codes_map_to_variants() {
    let server = TestServer::start().await;
    let c = client(&server);
    server.reply(
        409,
        error_body(
            "CUSTOMER_ALREADY_STORED",
            "externalIdentifier already projected",
        ),
    );
    server.reply(400, error_body("INVALID_REQUEST", "Email is not valid"));
    let first = c.store_customer(&store_request()).await.unwrap_err();
    assert_eq!(
        first.service_error(),
        Some(&StoreCustomerError::CustomerAlreadyStored)
    );
    assert_eq!(first.status(), Some(409));
    let second = c.store_customer(&store_request()).await.unwrap_err();
    assert_eq!(
        second.service_error(),
        Some(&StoreCustomerError::InvalidRequest)
    );
    assert!(second.to_string().contains("Email is not valid"));
}

#[tokio::test]
async fn unauthorized_without_an_envelope() {
    let server = TestServer::start().await;
    server.reply_raw(401, "", "");
    let err = client(&server)
        .store_customer(&store_request())
        .await
        .unwrap_err();
    assert!(matches!(err, ApiError::Unauthorized(_)), "{err:?}");
    assert_eq!(err.status(), Some(401));
    assert!(err.to_string().contains("C2A-01-02"), "{err}");
    assert!(
        !format!("{err:?}{err}").contains(API_KEY),
        "the key never appears"
    );
}

#[tokio::test]
async fn html_500_is_a_decode_error_keeping_the_body() {
    let server = TestServer::start().await;
    let html = "<html><body><h1>502 Bad Gateway</h1></body></html>";
    server.reply_raw(500, "text/html", html);
    let err = client(&server)
        .store_customer(&store_request())
        .await
        .unwrap_err();
    match &err {
        ApiError::Decode(d) => {
            assert_eq!(d.context.status, Some(500));
            assert_eq!(d.body, html);
        }
        other => panic!("expected a decode error, got {other:?}"),
    }
    assert_eq!(err.raw_body(), Some(html));
}

#[tokio::test]
async fn a_code_the_spec_does_not_document_is_unknown() {
    let server = TestServer::start().await;
    server.reply(403, error_body("TENANT_SUSPENDED", "Tenant is suspended"));
    let err = client(&server)
        .store_customer(&store_request())
        .await
        .unwrap_err();
    assert_eq!(
        err.service_error(),
        Some(&StoreCustomerError::Unknown("TENANT_SUSPENDED".to_owned()))
    );
    assert!(err.to_string().contains("TENANT_SUSPENDED"));
}

#[tokio::test]
async fn caller_correlation_id_is_sent_and_reported() {
    let server = TestServer::start().await;
    server.reply(200, ok(customer_json()));
    let r = client(&server)
        .with_correlation_id("my-trace-1")
        .store_customer(&store_request())
        .await
        .unwrap();
    assert_eq!(server.last().header("x-correlation-id"), Some("my-trace-1"));
    assert_eq!(r.correlation_id(), Some("my-trace-1"));
}

#[test]
fn credentials_never_show_the_key() {
    let creds = TenantApiKey::new(API_KEY, TENANT);
    let shown = format!("{creds:?}");
    assert!(!shown.contains(API_KEY), "{shown}");
    assert!(shown.contains("x-api-key"));
}
