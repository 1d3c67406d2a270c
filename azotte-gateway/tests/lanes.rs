//! The Moneti lanes through the generated client: M2M with a gateway-issued
//! service token (and with the API key), the token endpoint on both roots
//! (its RFC 6749 rules: `token.rs`), P2M pages and streams, T2M signatures accepted and
//! rejected, and an endpoint without behaviour answering its example.

mod support;

use azotte_client::auth::{PartnerSignature, ServiceToken, TenantApiKey, UserToken};
use azotte_client::prelude::*;
use azotte_client::runtime::futures::StreamExt;
use azotte_client::types::*;
use azotte_client::{m2m, p2m, t2m, ApiError};
use azotte_gateway::config::{
    DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET, DEFAULT_PARTNER_KEY, DEFAULT_PARTNER_SECRET,
    DEFAULT_TENANT,
};
use serde_json::json;
use support::*;

#[tokio::test]
async fn m2m_with_a_gateway_issued_service_token() {
    let gw = start().await;
    let c = c2a(&gw, DEFAULT_TENANT);
    let (urn, order) = subscribed(&c, "ext-m2m").await;
    let m = m2m(&gw).with_correlation_id("m2m-trace-1");

    let offer = m
        .offer_bundles(&OfferRequest::new(context(&urn)))
        .await
        .unwrap();
    assert_eq!(
        offer.correlation_id(),
        Some("m2m-trace-1"),
        "diagnostics.correlationId echoes the header"
    );
    assert_eq!(offer.severity(), Some("SUCCESS"));
    assert_eq!(offer.bundles.as_ref().map(Vec::len), Some(2));
    let warned = m
        .with_header("X-Gateway-Scenario", "MNT-299-05")
        .offer_bundles(&OfferRequest::new(context(&urn)))
        .await
        .expect("a WARNING is still a success");
    assert_eq!(
        (warned.severity(), warned.message_code()),
        (Some("WARNING"), Some("MNT-299-05"))
    );
    assert_eq!(warned.warnings().len(), 1);
    let customer = m
        .customer_info(&m2m::CustomerInfoQuery::new().customer_urn(urn.clone()))
        .await
        .unwrap();
    assert_eq!(customer.external_id.as_str(), "ext-m2m");
    let subs = m
        .list_subscriptions(&urn)
        .await
        .unwrap()
        .into_inner()
        .subscriptions
        .expect("subscriptions");
    assert_eq!(subs[0].version, Some(1));

    let stale = CancelSubscriptionRequest::new(CancelSubscriptionPayload::new(order.clone(), 7));
    let err = m.cancel_subscription(&stale).await.unwrap_err();
    assert_eq!(
        err.service_error(),
        Some(&m2m::CancelSubscriptionError::Mnt40902)
    );
    let ApiError::Service(e) = &err else { panic!() };
    assert_eq!(e.errors[0]["field"], "payload.version");
    let cancel = CancelSubscriptionRequest::new(CancelSubscriptionPayload::new(order, 1));
    let keyed = m.with_idempotency_key("cancel-once");
    let sub = keyed.cancel_subscription(&cancel).await.unwrap();
    assert_eq!(sub.state, SubscriptionState::PendingCancellation);
    let replay = keyed
        .cancel_subscription(&cancel)
        .await
        .expect("same Idempotency-Key: same answer");
    assert_eq!(replay.version, sub.version);

    // A URN of another tenant is MNT-404-01 on M2M.
    let other = m.with_header("X-Moneti-Tenant", TENANT_B);
    let err = other.list_subscriptions(&urn).await.unwrap_err();
    assert_eq!(
        err.service_error(),
        Some(&m2m::ListSubscriptionsError::Mnt40401)
    );
    assert_eq!(err.status(), Some(404));
    // The Getting Started way: API key + tenant.
    let by_key = m2m::Client::new(
        &env(&gw),
        TenantApiKey::new("sk_dev_gateway", DEFAULT_TENANT),
    )
    .unwrap();
    assert_eq!(
        by_key
            .list_subscriptions(&urn)
            .await
            .unwrap()
            .subscriptions
            .as_ref()
            .map(Vec::len),
        Some(1)
    );
}

#[tokio::test]
async fn m2m_refuses_unknown_tokens_and_clients() {
    let gw = start().await;
    let wrong = m2m::Client::new(&env(&gw), ServiceToken::new(DEFAULT_CLIENT_ID, "guess")).unwrap();
    let err = wrong
        .customer_info(&m2m::CustomerInfoQuery::new())
        .await
        .unwrap_err();
    assert!(
        matches!(err, ApiError::Auth(_)),
        "the token request fails: {err:?}"
    );

    let forged = http()
        .get(format!("{}/m2m/customer/info?externalId=x", gw.api_root()))
        .bearer_auth("gwt_forged")
        .send()
        .await
        .unwrap();
    assert_eq!(forged.status(), 401);
    let v: serde_json::Value = forged.json().await.unwrap();
    assert_eq!(v["statusCode"], "MNT-401-01");
    assert_eq!(v["errors"][0]["field"], "Authorization");
}

#[tokio::test]
async fn the_token_endpoint_issues_tokens_to_basic_client_auth_on_both_roots() {
    // The RFC 6749 rules (JSON refused, form fields refused, wrong secret):
    // `token.rs`.
    let gw = start().await;
    for root in [gw.base_url(), gw.api_root()] {
        let r = http()
            .post(format!("{root}/oauth/token"))
            .basic_auth(DEFAULT_CLIENT_ID, Some(DEFAULT_CLIENT_SECRET))
            .header("content-type", "application/x-www-form-urlencoded")
            .body("grant_type=client_credentials")
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 200);
        let v: serde_json::Value = r.json().await.unwrap();
        assert_eq!(
            (&v["token_type"], &v["expires_in"]),
            (&json!("Bearer"), &json!(900))
        );
        let token = v["access_token"].as_str().unwrap();
        let call = http()
            .get(format!(
                "{}/m2m/customer/info?externalId=nobody",
                gw.api_root()
            ))
            .bearer_auth(token)
            .send()
            .await
            .unwrap();
        assert_eq!(call.status(), 404, "authorized, then not found");
    }
}

#[tokio::test]
async fn p2m_pages_and_streams_the_tenant() {
    let gw = start().await;
    // A tenant of its own: the default one holds document 004's example customer.
    let c = c2a(&gw, TENANT_A);
    for i in 0..5 {
        customer(&c, &format!("ext-p2m-{i}")).await;
    }
    subscribed(&c, "ext-p2m-sub").await;
    let p = p2m::Client::new(&env(&gw), UserToken::from_token("any-portal-session"))
        .unwrap()
        .with_header("X-Moneti-Tenant", TENANT_A);
    let first = p
        .list_customers(&p2m::ListCustomersQuery::new().page_size(2u32))
        .await
        .unwrap();
    assert_eq!(
        (
            first.items.len(),
            first.page_info.total,
            first.page_info.has_next
        ),
        (2, 6, true)
    );
    assert!(first.links().object.is_some());
    let all: Vec<_> = p
        .list_customers_stream(&p2m::ListCustomersQuery::new().page_size(4u32))
        .map(|c| c.unwrap().external_id.into_inner())
        .collect()
        .await;
    assert_eq!(all.len(), 6);
    assert_eq!(all[0], "ext-p2m-0", "creation order");
    let subs = p
        .list_subscriptions(&p2m::ListSubscriptionsQuery::new().state(SubscriptionState::Active))
        .await
        .unwrap();
    assert_eq!(subs.items.len(), 1);
    let detail = p
        .subscription_detail(&subs.items[0].order_identifier)
        .await
        .unwrap();
    assert_eq!(detail.permissions.as_ref().unwrap().can_cancel, Some(true));
    let err = p
        .subscription_detail(&OrderIdentifier::new("or-nope"))
        .await
        .unwrap_err();
    assert_eq!(
        err.service_error(),
        Some(&p2m::SubscriptionDetailError::Mnt40401)
    );
    let anonymous = http()
        .get(format!("{}/p2m/customers", gw.api_root()))
        .send()
        .await
        .unwrap();
    assert_eq!(anonymous.status(), 401);
}

/// With `--user-token` given, P2M accepts exactly those bearers: a made-up
/// one (what schemathesis' `ignored_auth` probe sends) is a 401 in the
/// Moneti envelope with the catalog's 401 code.
#[tokio::test]
async fn p2m_with_user_tokens_refuses_any_other_bearer() {
    let gw = start_with(azotte_gateway::Config {
        user_tokens: vec!["portal-session-1".into()],
        ..config()
    })
    .await;
    let accepted = p2m::Client::new(&env(&gw), UserToken::from_token("portal-session-1"))
        .unwrap()
        .list_customers(&p2m::ListCustomersQuery::new())
        .await;
    assert!(accepted.is_ok(), "{accepted:?}");
    let refused = http()
        .get(format!("{}/p2m/customers", gw.api_root()))
        .bearer_auth("SCHEMATHESIS-INVALID-VALUE")
        .send()
        .await
        .unwrap();
    assert_eq!(refused.status(), 401);
    let v: serde_json::Value = refused.json().await.unwrap();
    assert_eq!(v["statusCode"], "MNT-401-01");
}

fn t2m_client(gw: &azotte_gateway::Gateway, secret: &str) -> t2m::Client {
    t2m::Client::new(
        &env(gw),
        (
            ServiceToken::new(DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET),
            PartnerSignature::new(DEFAULT_PARTNER_KEY, secret),
        ),
    )
    .unwrap()
}

#[tokio::test]
async fn t2m_signatures_are_verified() {
    let gw = start().await;
    let urn = customer(&c2a(&gw, DEFAULT_TENANT), "ext-t2m").await;
    let good = t2m_client(&gw, DEFAULT_PARTNER_SECRET);
    let offer = good
        .offer_bundles(&OfferRequest::new(context(&urn)))
        .await
        .unwrap();
    assert_eq!(offer.partner_tags.as_deref().map(<[String]>::len), Some(1));
    assert!(offer.channel_reference.is_some());

    let bad = t2m_client(&gw, "not-the-secret");
    let err = bad
        .offer_bundles(&OfferRequest::new(context(&urn)))
        .await
        .unwrap_err();
    assert_eq!(err.service_error(), Some(&t2m::OfferBundlesError::Mnt40101));
    assert_eq!(err.status(), Some(401));
    assert!(err.to_string().contains("signature"), "{err}");
}

#[tokio::test]
async fn an_endpoint_without_behaviour_answers_an_example_of_its_type() {
    let dir = std::env::temp_dir().join(format!("azotte-gateway-spec-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    for entry in std::fs::read_dir(azotte_spec::api_dir("azotte")).unwrap() {
        let path = entry.unwrap().path();
        std::fs::copy(&path, dir.join(path.file_name().unwrap())).unwrap();
    }
    let extra = r#"
lanes:
  x2m:
    title: X2M — extra lane for a test
    base_path: /x2m
    environments: [local]
    auth: [tenant_api_key]
    envelope: moneti
    areas:
      things:
        title: Things
        endpoints:
          - id: X2M-01-01
            name: sample_page
            method: GET
            path: /things/{orderIdentifier}
            summary: A page of subscriptions, without behaviour
            params:
              orderIdentifier: { in: path, type: OrderIdentifier }
            response: SubscriptionPage
"#;
    std::fs::write(dir.join("zz_extra.yaml"), extra).unwrap();
    let gw = start_with(azotte_gateway::Config {
        spec_dir: dir.clone(),
        ..config()
    })
    .await;
    let r = http()
        .get(format!("{}/x2m/things/or-1", gw.api_root()))
        .header("x-api-key", "sk_dev_gateway")
        .header("x-tn", TENANT_A)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    let v: serde_json::Value = r.json().await.unwrap();
    let page: SubscriptionPage =
        serde_json::from_value(v["data"].clone()).expect("decodes as the generated type");
    assert_eq!(page.items.len(), 1);
    assert!(!page.page_info.has_next);
    let _ = std::fs::remove_dir_all(dir);
}
