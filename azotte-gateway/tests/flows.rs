//! The two flows of api-docs 001 through the generated client against the
//! gateway on port 0: first purchase (status Pending → Processing →
//! Succeeded, subscription Active), 3DS, declined payments, idempotent
//! checkout, the two-phase cancellation with reactivation and the retention
//! offer (payment methods: `payments.rs`).

mod support;

use azotte_client::c2a::*;
use azotte_client::runtime::WaitOutcome;
use azotte_client::types::*;
use std::collections::BTreeMap;
use std::time::Duration;
use support::*;

#[tokio::test]
async fn first_purchase_flow() {
    let gw = start().await;
    let c = c2a(&gw, TENANT_A);

    c.validate_customer(&ValidateCustomerRequest::new(ExternalCustomerRef::new(
        "ext-1",
    )))
    .await
    .expect("ExternalId is free");
    let stored = c
        .store_customer(&StoreCustomerRequest::new(
            CustomerDetails::new("ext-1").email("ada@example.com"),
        ))
        .await
        .unwrap();
    assert_eq!(stored.status(), 200);
    let urn = stored.into_inner().customer_urn;
    assert!(urn.as_str().starts_with("cu.00."), "{urn}");

    let offer = c
        .resolve_offer(&OfferRequest::new(context(&urn)))
        .await
        .unwrap()
        .into_inner();
    assert!(
        offer.offer_identifier.as_str().starts_with("of."),
        "{}",
        offer.offer_identifier
    );
    let bundles = offer.bundles.as_deref().expect("bundles");
    assert_eq!(bundles.len(), 2);
    assert_eq!(
        bundles[0].price.as_ref().and_then(|p| p.amount),
        Some(Milpieces::new(999_000))
    );

    let order = CheckoutRequest::new("corr-first", context(&urn), offer.offer_identifier.clone())
        .bundle_urn(bundles[1].bundle_urn.clone().expect("bundleUrn"));
    let accepted = c.submit_checkout(&order).await.unwrap();
    assert_eq!(accepted.status(), 202);
    assert_eq!(accepted.state, Some(CheckoutState::Pending));
    let tracking = accepted.into_inner().tracking_number;

    let states: Vec<Option<CheckoutState>> = [
        c.checkout_status(&tracking)
            .await
            .unwrap()
            .into_inner()
            .state,
        c.checkout_status(&tracking)
            .await
            .unwrap()
            .into_inner()
            .state,
    ]
    .into();
    assert_eq!(
        states,
        [
            Some(CheckoutState::Processing),
            Some(CheckoutState::Succeeded)
        ]
    );
    let done = c.checkout_status(&tracking).await.unwrap().into_inner();
    assert_eq!(
        done.state,
        Some(CheckoutState::Succeeded),
        "terminal states stay"
    );
    let order_id = done.order_identifier.expect("order");

    let subs = c
        .list_subscriptions(&urn)
        .await
        .unwrap()
        .into_inner()
        .subscriptions
        .expect("subscriptions");
    assert_eq!(subs.len(), 1);
    assert_eq!(subs[0].order_identifier, order_id);
    assert_eq!(subs[0].state, SubscriptionState::Active);
    assert_eq!(
        subs[0].bundle_urn.as_ref().map(|u| u.as_str()),
        Some("bn.00.002"),
        "the chosen bundle"
    );
}

#[tokio::test]
async fn the_waiter_reaches_succeeded() {
    let gw = start().await;
    let c = c2a(&gw, TENANT_A);
    let urn = customer(&c, "ext-wait").await;
    let tracking = checkout(&c, &urn, "corr-wait", None).await;
    let out = c
        .wait_for_checkout(&tracking, Duration::from_secs(10))
        .await
        .unwrap();
    assert!(matches!(out, WaitOutcome::Succeeded(_)), "{out:?}");
}

#[tokio::test]
async fn three_ds_requires_action_then_completes() {
    let gw = start().await;
    let c = c2a(&gw, TENANT_A);
    let urn = customer(&c, "ext-3ds").await;
    let tracking = checkout(&c, &urn, "corr-3ds", Some("3DS")).await;
    let out = c
        .wait_for_checkout(&tracking, Duration::from_secs(10))
        .await
        .unwrap();
    let WaitOutcome::ActionRequired(status) = out else {
        panic!("{out:?}")
    };
    let challenge = status.into_inner().three_ds.expect("threeDs block");
    assert!(
        challenge
            .redirect_url
            .as_deref()
            .is_some_and(|u| u.starts_with("https://")),
        "{:?}",
        challenge.redirect_url
    );

    let result: BTreeMap<String, String> = [("transStatus".to_owned(), "Y".to_owned())].into();
    let done = c
        .complete_three_ds(
            &tracking,
            &ThreeDsCompletionRequest::new("corr-3ds", result.clone()),
        )
        .await
        .unwrap();
    assert_eq!(done.state, Some(CheckoutState::Succeeded));
    assert!(done.three_ds.is_none());
    let again = c
        .complete_three_ds(
            &tracking,
            &ThreeDsCompletionRequest::new("corr-3ds", result),
        )
        .await
        .expect("idempotent on correlationId");
    assert_eq!(again.order_identifier, done.order_identifier);
    let subs = c
        .list_subscriptions(&urn)
        .await
        .unwrap()
        .into_inner()
        .subscriptions
        .expect("subscriptions");
    assert_eq!(subs[0].state, SubscriptionState::Active);

    let plain = checkout(&c, &urn, "corr-no-3ds", None).await;
    settle(&c, &plain).await;
    let err = c
        .complete_three_ds(
            &plain,
            &ThreeDsCompletionRequest::new("corr-no-3ds", BTreeMap::new()),
        )
        .await
        .unwrap_err();
    assert_eq!(
        err.service_error(),
        Some(&CompleteThreeDsError::CheckoutNotAwaitingThreeDs)
    );
    assert_eq!(err.status(), Some(409));
}

#[tokio::test]
async fn checkout_is_idempotent_on_correlation_id_and_checks_references() {
    let gw = start().await;
    let c = c2a(&gw, TENANT_A);
    let urn = customer(&c, "ext-idem").await;
    let offer = c
        .resolve_offer(&OfferRequest::new(context(&urn)))
        .await
        .unwrap()
        .into_inner();
    let order = CheckoutRequest::new("corr-same", context(&urn), offer.offer_identifier.clone());
    let first = c
        .submit_checkout(&order)
        .await
        .unwrap()
        .into_inner()
        .tracking_number;
    let second = c
        .submit_checkout(&order)
        .await
        .unwrap()
        .into_inner()
        .tracking_number;
    assert_eq!(first, second);
    let other = CheckoutRequest::new("corr-other", context(&urn), offer.offer_identifier.clone());
    assert_ne!(
        c.submit_checkout(&other).await.unwrap().tracking_number,
        first
    );

    let unknown = CheckoutRequest::new("corr-x", context(&urn), "of.00.999999");
    let err = c.submit_checkout(&unknown).await.unwrap_err();
    assert_eq!(
        err.service_error(),
        Some(&SubmitCheckoutError::OfferNotFound)
    );
    let bad_bundle = CheckoutRequest::new("corr-y", context(&urn), offer.offer_identifier)
        .bundle_urn("bn.00.404");
    let err = c.submit_checkout(&bad_bundle).await.unwrap_err();
    assert_eq!(
        err.service_error(),
        Some(&SubmitCheckoutError::BundleNotFound)
    );
    let err = c
        .checkout_status(&TrackingNumber::new("tr-nope"))
        .await
        .unwrap_err();
    assert_eq!(
        err.service_error(),
        Some(&CheckoutStatusError::CheckoutNotFound)
    );
}

#[tokio::test]
async fn decline_test_code_fails_the_checkout() {
    let gw = start().await;
    let c = c2a(&gw, TENANT_A);
    let urn = customer(&c, "ext-decline").await;
    let tracking = checkout(&c, &urn, "corr-decline", Some("DECLINE")).await;
    let status = settle(&c, &tracking).await;
    assert_eq!(status.state, Some(CheckoutState::Failed));
    assert_eq!(status.failure_code.as_deref(), Some("PAYMENT_FAILED"));
    assert!(c
        .list_subscriptions(&urn)
        .await
        .unwrap()
        .subscriptions
        .as_ref()
        .is_some_and(Vec::is_empty));
}

#[tokio::test]
async fn cancellation_flow_two_phases_and_reactivation() {
    let gw = start().await;
    let c = c2a(&gw, TENANT_A);
    let (urn, order) = subscribed(&c, "ext-cancel").await;
    let reference = SubscriptionReference::new(urn.clone(), order.clone());
    let confirm =
        ConfirmCancellationRequest::new(urn.clone(), order.clone()).reason_code("TOO_EXPENSIVE");

    let early = c.confirm_cancellation(&confirm).await.unwrap_err();
    assert_eq!(
        early.service_error(),
        Some(&ConfirmCancellationError::CancellationNotRequested)
    );
    let err = c.reactivate_subscription(&reference).await.unwrap_err();
    assert_eq!(
        err.service_error(),
        Some(&ReactivateSubscriptionError::SubscriptionNotReactivatable)
    );

    let options = c
        .request_cancellation(&reference)
        .await
        .unwrap()
        .into_inner();
    assert_eq!(options.order_identifier, Some(order));
    assert!(options
        .reasons
        .iter()
        .flatten()
        .any(|r| r.code.as_deref() == Some("TOO_EXPENSIVE")));
    let retention = options.retention_offer.expect("a retention offer");
    assert_eq!(
        retention.price.unwrap().amount,
        Some(Milpieces::new(499_500))
    );

    let sub = c.confirm_cancellation(&confirm).await.unwrap().into_inner();
    assert_eq!(sub.state, SubscriptionState::PendingCancellation);
    assert_eq!(sub.cancel_at, sub.current_period_end);
    let err = c.request_cancellation(&reference).await.unwrap_err();
    assert_eq!(
        err.service_error(),
        Some(&RequestCancellationError::SubscriptionNotCancellable)
    );

    let back = c
        .reactivate_subscription(&reference)
        .await
        .unwrap()
        .into_inner();
    assert_eq!(back.state, SubscriptionState::Active);
    assert_eq!(back.version, Some(3));
    let missing = SubscriptionReference::new(urn, "or-nope");
    let err = c.request_cancellation(&missing).await.unwrap_err();
    assert_eq!(
        err.service_error(),
        Some(&RequestCancellationError::SubscriptionNotFound)
    );
}

#[tokio::test]
async fn accepting_the_retention_offer_keeps_the_subscription() {
    let gw = start().await;
    let c = c2a(&gw, TENANT_A);
    let (urn, order) = subscribed(&c, "ext-stay").await;
    let options = c
        .request_cancellation(&SubscriptionReference::new(urn.clone(), order.clone()))
        .await
        .unwrap()
        .into_inner();
    let offer = options.retention_offer.unwrap().offer_identifier;
    let tracking = c
        .submit_checkout(&CheckoutRequest::new("corr-stay", context(&urn), offer))
        .await
        .unwrap()
        .into_inner()
        .tracking_number;
    assert_eq!(
        settle(&c, &tracking).await.order_identifier.as_ref(),
        Some(&order)
    );
    let subs = c
        .list_subscriptions(&urn)
        .await
        .unwrap()
        .into_inner()
        .subscriptions
        .expect("subscriptions");
    assert_eq!(subs.len(), 1, "no new subscription");
    assert_eq!(subs[0].state, SubscriptionState::Active);
    assert_eq!(
        subs[0].price.as_ref().unwrap().amount,
        Some(Milpieces::new(499_500))
    );
    let confirm = ConfirmCancellationRequest::new(urn, order);
    let err = c.confirm_cancellation(&confirm).await.unwrap_err();
    assert_eq!(
        err.service_error(),
        Some(&ConfirmCancellationError::CancellationNotRequested)
    );
}
