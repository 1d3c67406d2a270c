//! Payment methods (C2A-04) through the generated client against the
//! gateway: tokenize (idempotent on correlationId, test decline token),
//! list, activate (already active → 409), delete (in use → 409, then 404).

mod support;

use azotte_client::c2a::*;
use azotte_client::types::*;
use support::*;

#[tokio::test]
async fn payment_methods_tokenize_list_activate_delete() {
    let gw = start().await;
    let c = c2a(&gw, TENANT_A);
    let urn = customer(&c, "ext-pm").await;
    let first = c
        .tokenize_payment_method(&TokenizePaymentMethodRequest::new(
            "pm-corr-1",
            urn.clone(),
            "tok_visa_4242",
        ))
        .await
        .unwrap()
        .into_inner();
    assert_eq!(first.active, Some(true), "the first method becomes active");
    assert_eq!(first.last4.as_deref(), Some("4242"));
    let again = c
        .tokenize_payment_method(&TokenizePaymentMethodRequest::new(
            "pm-corr-1",
            urn.clone(),
            "tok_visa_4242",
        ))
        .await
        .unwrap();
    assert_eq!(
        again.payment_method_urn, first.payment_method_urn,
        "idempotent on correlationId"
    );
    let second = c
        .tokenize_payment_method(&TokenizePaymentMethodRequest::new(
            "pm-corr-2",
            urn.clone(),
            "tok_mastercard_5555",
        ))
        .await
        .unwrap()
        .into_inner();
    assert_eq!(second.active, Some(false));
    assert_eq!(second.brand.as_deref(), Some("mastercard"));
    let declined = c
        .tokenize_payment_method(&TokenizePaymentMethodRequest::new(
            "pm-corr-3",
            urn.clone(),
            "tok_decline",
        ))
        .await
        .unwrap_err();
    assert_eq!(
        declined.service_error(),
        Some(&TokenizePaymentMethodError::PaymentFailed)
    );
    assert_eq!(declined.status(), Some(402));

    let list = c
        .list_payment_methods(&ListPaymentMethodsQuery::new(urn.clone()))
        .await
        .unwrap();
    assert_eq!(list.payment_methods.as_ref().map(Vec::len), Some(2));
    let reference = PaymentMethodReference::new(urn.clone(), second.payment_method_urn.clone());
    assert_eq!(
        c.activate_payment_method(&reference).await.unwrap().active,
        Some(true)
    );
    let err = c.activate_payment_method(&reference).await.unwrap_err();
    assert_eq!(
        err.service_error(),
        Some(&ActivatePaymentMethodError::PaymentMethodAlreadyActive)
    );

    // A subscription now charges the active (second) method: it cannot be deleted.
    let tracking = checkout(&c, &urn, "corr-pm-sub", None).await;
    settle(&c, &tracking).await;
    let err = c.delete_payment_method(&reference).await.unwrap_err();
    assert_eq!(
        err.service_error(),
        Some(&DeletePaymentMethodError::PaymentMethodInUse)
    );
    let old = PaymentMethodReference::new(urn.clone(), first.payment_method_urn);
    c.delete_payment_method(&old)
        .await
        .expect("the unused method is deleted");
    let err = c.delete_payment_method(&old).await.unwrap_err();
    assert_eq!(
        err.service_error(),
        Some(&DeletePaymentMethodError::PaymentMethodNotFound)
    );
    let list = c
        .list_payment_methods(&ListPaymentMethodsQuery::new(urn))
        .await
        .unwrap();
    assert_eq!(list.payment_methods.as_ref().map(Vec::len), Some(1));
}
