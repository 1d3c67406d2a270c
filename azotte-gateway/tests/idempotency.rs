//! Idempotency as the IETF draft "The Idempotency-Key HTTP Header Field"
//! describes, over real HTTP: an identical retry gets the stored answer, a
//! key reused for a different request is 422, a retry while the first
//! request is still in flight is 409 — for the `Idempotency-Key` header
//! (M2M, document 004) and for C2A checkout's body-field `correlationId`
//! (document 001). Expected statuses come from the draft; the codes are the
//! spec's (`inferred:` in its catalog).

mod support;

use azotte_client::prelude::*;
use azotte_client::types::*;
use azotte_client::{c2a, m2m};
use azotte_gateway::config::{DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET};
use azotte_gateway::Gateway;
use serde_json::{json, Value};
use std::time::Duration;
use support::*;

/// A fresh service token from the gateway's token endpoint (RFC 6749 §4.4).
async fn token(gw: &Gateway) -> String {
    let r = http()
        .post(format!("{}/oauth/token", gw.base_url()))
        .basic_auth(DEFAULT_CLIENT_ID, Some(DEFAULT_CLIENT_SECRET))
        .header("content-type", "application/x-www-form-urlencoded")
        .body("grant_type=client_credentials")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    let v: Value = r.json().await.unwrap();
    v["access_token"].as_str().unwrap().to_owned()
}

/// POSTs `body` to M2M cancel with `key`; (status, JSON body).
async fn m2m_cancel(
    gw: &Gateway,
    token: &str,
    key: &str,
    body: &Value,
    delay_ms: u64,
) -> (u16, Value) {
    let r = http()
        .post(format!("{}/m2m/subscription/cancel", gw.api_root()))
        .bearer_auth(token)
        .header("content-type", "application/json")
        .header("Idempotency-Key", key)
        .header("X-Gateway-Delay-Ms", delay_ms.to_string())
        .body(body.to_string())
        .send()
        .await
        .unwrap();
    (r.status().as_u16(), r.json().await.unwrap())
}

/// POSTs a C2A checkout; (status, JSON body).
async fn c2a_checkout(gw: &Gateway, body: &Value, delay_ms: u64) -> (u16, Value) {
    let r = http()
        .post(format!("{}/c2a/offer/checkout", gw.api_root()))
        .header("x-api-key", "sk_dev_gateway")
        .header("x-tn", TENANT_A)
        .header("content-type", "application/json")
        .header("X-Gateway-Delay-Ms", delay_ms.to_string())
        .body(body.to_string())
        .send()
        .await
        .unwrap();
    (r.status().as_u16(), r.json().await.unwrap())
}

/// A customer of the default tenant with an Active subscription, for M2M.
async fn m2m_order(gw: &Gateway, ext: &str) -> (CustomerUrn, OrderIdentifier) {
    let c = c2a(gw, azotte_gateway::config::DEFAULT_TENANT);
    subscribed(&c, ext).await
}

/// The JSON body of a checkout of a freshly resolved offer for `urn`.
async fn checkout_body(c: &c2a::Client, urn: &CustomerUrn, correlation: &str) -> Value {
    let offer = c
        .resolve_offer(&OfferRequest::new(context(urn)))
        .await
        .unwrap()
        .into_inner();
    let order = CheckoutRequest::new(correlation, context(urn), offer.offer_identifier);
    serde_json::to_value(&order).unwrap()
}

#[tokio::test]
async fn idempotency_key_header_replay_and_reuse() {
    let gw = start().await;
    let (urn, order) = m2m_order(&gw, "idem-m2m").await;
    let token = token(&gw).await;
    let cancel = json!({ "payload": { "orderIdentifier": order.as_str(), "version": 1 } });
    let (status, first) = m2m_cancel(&gw, &token, "key-1", &cancel, 0).await;
    assert_eq!(status, 200, "{first}");
    assert_eq!(first["subscription"]["state"], "PendingCancellation");

    // An identical retry: the stored answer, byte for byte, nothing executed again.
    let (status, again) = m2m_cancel(&gw, &token, "key-1", &cancel, 0).await;
    assert_eq!((status, &again), (200, &first));
    // Key order and whitespace are not part of the fingerprint.
    let reordered = json!({ "payload": { "version": 1, "orderIdentifier": order.as_str() } });
    let (status, _) = m2m_cancel(&gw, &token, "key-1", &reordered, 0).await;
    assert_eq!(status, 200);

    // The same key with a different body: 422 (the draft), in the Moneti envelope.
    let immediate = json!({ "payload": { "orderIdentifier": order.as_str(), "version": 1, "immediate": true } });
    let (status, refused) = m2m_cancel(&gw, &token, "key-1", &immediate, 0).await;
    assert_eq!(status, 422, "{refused}");
    assert_eq!(refused["statusCode"], "MNT-422-01");
    assert_eq!(refused["status"]["success"], false);
    assert!(refused["diagnostics"]["correlationId"].is_string());
    // Nothing ran: the subscription is still pending cancellation, version 2.
    let subs = m2m(&gw).list_subscriptions(&urn).await.unwrap();
    let sub = subs.subscriptions.as_ref().unwrap();
    assert_eq!(sub[0].state, SubscriptionState::PendingCancellation);
    assert_eq!(sub[0].version, Some(2));

    // The key on another operation is a different request too.
    let r = http()
        .get(format!(
            "{}/m2m/customer/info?customerUrn=sb.00.060",
            gw.api_root()
        ))
        .bearer_auth(&token)
        .header("Idempotency-Key", "key-1")
        .send()
        .await
        .unwrap();
    assert_eq!(
        r.status(),
        200,
        "an endpoint without declared idempotency ignores the key"
    );
}

#[tokio::test]
async fn checkout_correlation_id_reuse_is_refused() {
    let gw = start().await;
    let c = c2a(&gw, TENANT_A);
    let first_customer = customer(&c, "idem-c2a-1").await;
    let second_customer = customer(&c, "idem-c2a-2").await;
    let correlation = "6f1c2a43-0000-4000-8000-000000000001";
    let first = checkout_body(&c, &first_customer, correlation).await;
    let (status, accepted) = c2a_checkout(&gw, &first, 0).await;
    assert_eq!(status, 202, "{accepted}");
    let tracking = accepted["trackingNumber"].as_str().unwrap().to_owned();

    // Identical resubmit: the stored answer (document 001: resubmit with the same value).
    let (status, again) = c2a_checkout(&gw, &first, 0).await;
    assert_eq!((status, &again), (202, &accepted));

    // Another checkout reusing that correlationId: 422, not the first one's tracking number.
    let second = checkout_body(&c, &second_customer, correlation).await;
    let (status, refused) = c2a_checkout(&gw, &second, 0).await;
    assert_eq!(status, 422, "{refused}");
    assert_eq!(refused["status"]["messageCode"], "IDEMPOTENCY_KEY_REUSED");
    assert!(refused.get("trackingNumber").is_none(), "{refused}");
    assert!(refused["status"]["message"]
        .as_str()
        .unwrap()
        .contains(correlation));

    // The first checkout is untouched and still the first customer's.
    let status = settle(&c, &TrackingNumber::from(tracking.as_str())).await;
    assert_eq!(status.state, Some(CheckoutState::Succeeded));
    let subs = c.list_subscriptions(&second_customer).await.unwrap();
    assert_eq!(subs.subscriptions.as_ref().map_or(0, Vec::len), 0);
}

#[tokio::test]
async fn a_failed_request_releases_its_key() {
    let gw = start().await;
    let c = c2a(&gw, TENANT_A);
    let urn = customer(&c, "idem-fail").await;
    let correlation = "6f1c2a43-0000-4000-8000-000000000002";
    let mut body = checkout_body(&c, &urn, correlation).await;
    let good_offer = body["offerIdentifier"].clone();
    body["offerIdentifier"] = json!("of.00.999999");
    let (status, failed) = c2a_checkout(&gw, &body, 0).await;
    assert_eq!(status, 404, "{failed}");
    body["offerIdentifier"] = good_offer;
    let (status, accepted) = c2a_checkout(&gw, &body, 0).await;
    assert_eq!(
        status, 202,
        "a corrected retry with the same key runs: {accepted}"
    );
}

#[tokio::test]
async fn concurrent_duplicates_get_409() {
    let gw = start().await;
    let c = c2a(&gw, TENANT_A);
    let urn = customer(&c, "idem-concurrent").await;
    let body = checkout_body(&c, &urn, "6f1c2a43-0000-4000-8000-000000000003").await;
    let slow = {
        let (gw_url, body) = (gw.api_root(), body.clone());
        tokio::spawn(async move {
            let r = http()
                .post(format!("{gw_url}/c2a/offer/checkout"))
                .header("x-api-key", "sk_dev_gateway")
                .header("x-tn", TENANT_A)
                .header("content-type", "application/json")
                .header("X-Gateway-Delay-Ms", "1500")
                .body(body.to_string())
                .send()
                .await
                .unwrap();
            (r.status().as_u16(), r.json::<Value>().await.unwrap())
        })
    };
    tokio::time::sleep(Duration::from_millis(400)).await;
    // While the first is in flight: the identical request is 409 (the draft) ...
    let (status, busy) = c2a_checkout(&gw, &body, 0).await;
    assert_eq!(status, 409, "{busy}");
    assert_eq!(
        busy["status"]["messageCode"],
        "IDEMPOTENT_REQUEST_IN_PROGRESS"
    );
    // ... and a different request with that key is 422.
    let mut other = body.clone();
    other["bundleUrn"] = json!("bn.00.002");
    let (status, refused) = c2a_checkout(&gw, &other, 0).await;
    assert_eq!(status, 422, "{refused}");
    let (status, accepted) = slow.await.unwrap();
    assert_eq!(status, 202, "{accepted}");
    // Once it finished, the identical request gets its answer.
    let (status, replay) = c2a_checkout(&gw, &body, 0).await;
    assert_eq!((status, &replay), (202, &accepted));

    // The same on M2M with the header.
    let (_, order) = m2m_order(&gw, "idem-concurrent-m2m").await;
    let token = token(&gw).await;
    let cancel = json!({ "payload": { "orderIdentifier": order.as_str(), "version": 1 } });
    let first = {
        let (gw_url, token, cancel) = (gw.api_root(), token.clone(), cancel.clone());
        tokio::spawn(async move {
            let r = http()
                .post(format!("{gw_url}/m2m/subscription/cancel"))
                .bearer_auth(token)
                .header("content-type", "application/json")
                .header("Idempotency-Key", "slow")
                .header("X-Gateway-Delay-Ms", "1500")
                .body(cancel.to_string())
                .send()
                .await
                .unwrap();
            r.status().as_u16()
        })
    };
    tokio::time::sleep(Duration::from_millis(400)).await;
    let (status, busy) = m2m_cancel(&gw, &token, "slow", &cancel, 0).await;
    assert_eq!(status, 409, "{busy}");
    assert_eq!(busy["statusCode"], "MNT-409-03");
    assert_eq!(first.await.unwrap(), 200);
}

#[tokio::test]
async fn the_client_surfaces_the_typed_errors() {
    let gw = start().await;
    let c = c2a(&gw, TENANT_A);
    let first = customer(&c, "idem-typed-1").await;
    let second = customer(&c, "idem-typed-2").await;
    let correlation = "6f1c2a43-0000-4000-8000-000000000004";
    checkout(&c, &first, correlation, None).await;
    let offer = c
        .resolve_offer(&OfferRequest::new(context(&second)))
        .await
        .unwrap()
        .into_inner();
    let reuse = CheckoutRequest::new(correlation, context(&second), offer.offer_identifier);
    let err = c.submit_checkout(&reuse).await.unwrap_err();
    assert_eq!(
        err.service_error(),
        Some(&c2a::SubmitCheckoutError::IdempotencyKeyReused)
    );
    assert_eq!(err.status(), Some(422));

    let (_, order) = m2m_order(&gw, "idem-typed-m2m").await;
    let keyed = m2m(&gw).with_idempotency_key("typed-key");
    let cancel = CancelSubscriptionRequest::new(CancelSubscriptionPayload::new(order.clone(), 1));
    keyed.cancel_subscription(&cancel).await.unwrap();
    let other =
        CancelSubscriptionRequest::new(CancelSubscriptionPayload::new(order, 1).immediate(true));
    let err = keyed.cancel_subscription(&other).await.unwrap_err();
    assert_eq!(
        err.service_error(),
        Some(&m2m::CancelSubscriptionError::Mnt42201)
    );
    assert_eq!(err.status(), Some(422));
}

#[tokio::test]
async fn a_bad_delay_is_a_plain_400() {
    let gw = start().await;
    let r = http()
        .get(format!(
            "{}/c2a/customer/info?customerUrn=cu.00.482",
            gw.api_root()
        ))
        .header("x-api-key", "sk_dev_gateway")
        .header("x-tn", azotte_gateway::state::seed::GETTING_STARTED_TENANT)
        .header("X-Gateway-Delay-Ms", "60000")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 400);
    assert!(r.text().await.unwrap().contains("X-Gateway-Delay-Ms"));
}
