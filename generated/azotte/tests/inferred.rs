//! Inferred can never break decoding: answers that carry only what the
//! documents name (api-docs 001, 002, 004) decode, a field with an alias is
//! read under either documented spelling and sent under one, and the checkout
//! waiter keeps polling a status whose (inferred) state is absent.

use azotte_client::auth::TenantApiKey;
use azotte_client::prelude::*;
use azotte_client::runtime::WaitOutcome;
use azotte_client::types::*;
use azotte_client::{c2a, Environment};
use serde_json::json;
use std::time::Duration;
use test_support::TestServer;

fn client(server: &TestServer) -> c2a::Client {
    c2a::Client::new(
        &Environment::Custom(format!("{}/api/v1", server.base_url)),
        TenantApiKey::new("sk_dev_acme_sample_123456789", "tenant"),
    )
    .expect("client builds")
}

/// Document 001's `GeneralResponse<T>`: `result` and a `status` with `messageCode`.
fn general_response(result: serde_json::Value) -> serde_json::Value {
    json!({ "result": result, "status": { "messageCode": "SUCCESS" } })
}

#[tokio::test]
async fn external_id_decodes_from_both_documented_spellings_and_is_sent_as_external_id() {
    let server = TestServer::start().await;
    let c = client(&server);
    // `externalIdentifier` is how document 002's 409 row spells it; `externalId`
    // is the camelCase of its concept name ExternalId.
    for key in ["externalIdentifier", "externalId"] {
        server.reply(
            200,
            general_response(json!({ "customerUrn": "cu.00.482", key: "ext-42" })),
        );
        let customer = c
            .store_customer(&StoreCustomerRequest::new(CustomerDetails::new("ext-42")))
            .await
            .unwrap_or_else(|e| panic!("{key}: {e}"))
            .into_inner();
        assert_eq!(customer.external_id, ExternalId::new("ext-42"), "{key}");
        assert_eq!(
            server.last().json(),
            json!({ "customer": { "externalId": "ext-42" } }),
            "only the primary name is sent"
        );
    }
}

#[tokio::test]
async fn a_checkout_status_without_its_inferred_state_keeps_the_waiter_polling() {
    let server = TestServer::start().await;
    // Document 001 names no field of the status: an answer with none of ours is still pending.
    server.reply(200, json!({ "status": { "messageCode": "SUCCESS" } }));
    server.reply(
        200,
        json!({ "trackingNumber": "tr-1", "state": "Succeeded", "status": { "messageCode": "SUCCESS" } }),
    );
    let out = client(&server)
        .wait_for_checkout(&TrackingNumber::new("tr-1"), Duration::from_secs(10))
        .await
        .unwrap();
    let WaitOutcome::Succeeded(status) = out else {
        panic!("{out:?}")
    };
    assert_eq!(status.state, Some(CheckoutState::Succeeded));
    assert_eq!(
        server.seen().len(),
        2,
        "the stateless answer was polled past"
    );
}

#[test]
fn received_types_decode_from_their_documented_fields_alone() {
    // Document 004's offer: an identifier to check out and `expiresAt` to respect.
    let offer: Offer = serde_json::from_value(json!({
        "offerIdentifier": "of.00.1", "expiresAt": "2026-11-23T13:00:00Z"
    }))
    .unwrap();
    assert_eq!(offer.bundles, None);
    // Document 004: P2M answers "frequently include permissions blocks"; no flag is named.
    let permissions: PortalPermissions = serde_json::from_value(json!({})).unwrap();
    assert_eq!(permissions.can_cancel, None);
    // Document 001: the subscription's orderIdentifier and its state (`Active`).
    let subscription: Subscription =
        serde_json::from_value(json!({ "orderIdentifier": "or-1", "state": "Active" })).unwrap();
    assert_eq!(
        (subscription.bundle_urn, subscription.customer_urn),
        (None, None)
    );
    // W2M: document 004 names no field of any event's data.
    for data in [
        serde_json::from_value::<SubscriptionEventData>(json!({})).map(|_| ()),
        serde_json::from_value::<InvoiceEventData>(json!({})).map(|_| ()),
        serde_json::from_value::<PaymentEventData>(json!({})).map(|_| ()),
    ] {
        data.unwrap();
    }
}
