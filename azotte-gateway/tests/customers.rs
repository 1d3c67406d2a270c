//! Customers (api-docs 002) through the generated client: store / info /
//! update / delete with 404 and 409 semantics, e-mail and phone uniqueness
//! per tenant, tenant isolation, every forced scenario of the error table,
//! auth failures (401 without envelope, missing x-tn) and validation errors
//! naming the field.

mod support;

use azotte_client::c2a::*;
use azotte_client::types::*;
use azotte_client::ApiError;
use serde_json::json;
use support::*;

fn store(ext: &str) -> StoreCustomerRequest {
    StoreCustomerRequest::new(CustomerDetails::new(ext))
}

#[tokio::test]
async fn store_info_update_delete() {
    let gw = start().await;
    let c = c2a(&gw, TENANT_A);
    let details = CustomerDetails::new("ext-1")
        .email("Ada@Example.com")
        .phone_number("+44 20 7946 0000");
    let stored = c
        .store_customer(&StoreCustomerRequest::new(details))
        .await
        .unwrap()
        .into_inner();
    let urn = stored.customer_urn.clone();

    let by_urn = c
        .customer_info(&CustomerInfoQuery::new().customer_urn(urn.clone()))
        .await
        .unwrap();
    assert_eq!(by_urn.external_id.as_str(), "ext-1");
    let by_ext = c
        .customer_info(&CustomerInfoQuery::new().external_id("ext-1"))
        .await
        .unwrap();
    assert_eq!(by_ext.customer_urn, urn);
    let err = c
        .customer_info(&CustomerInfoQuery::new())
        .await
        .unwrap_err();
    assert_eq!(
        err.service_error(),
        Some(&CustomerInfoError::CustomerNotFound),
        "a lookup naming no customer finds none"
    );

    let err = c
        .validate_customer(&ValidateCustomerRequest::new(ExternalCustomerRef::new(
            "ext-1",
        )))
        .await
        .unwrap_err();
    assert_eq!(
        err.service_error(),
        Some(&ValidateCustomerError::CustomerAlreadyStored)
    );
    let err = c.store_customer(&store("ext-1")).await.unwrap_err();
    assert_eq!(
        err.service_error(),
        Some(&StoreCustomerError::CustomerAlreadyStored)
    );
    assert_eq!(err.status(), Some(409));

    let email_clash =
        StoreCustomerRequest::new(CustomerDetails::new("ext-2").email("ada@example.COM"));
    let err = c.store_customer(&email_clash).await.unwrap_err();
    assert_eq!(
        err.service_error(),
        Some(&StoreCustomerError::UserWithSameEmailExists)
    );
    let phone_clash =
        StoreCustomerRequest::new(CustomerDetails::new("ext-2").phone_number("+442079460000"));
    let err = c.store_customer(&phone_clash).await.unwrap_err();
    assert_eq!(
        err.service_error(),
        Some(&StoreCustomerError::UserWithSamePhoneNumberExists)
    );

    let other = c
        .store_customer(&store("ext-2"))
        .await
        .unwrap()
        .into_inner();
    let steal = CustomerUpdate::new()
        .customer_urn(other.customer_urn.clone())
        .email("ada@example.com");
    let err = c
        .update_customer(&UpdateCustomerRequest::new(steal))
        .await
        .unwrap_err();
    assert_eq!(
        err.service_error(),
        Some(&UpdateCustomerError::UserWithSameEmailExists)
    );
    let own = CustomerUpdate::new()
        .external_id("ext-1")
        .email("ada@example.com")
        .last_name("Lovelace");
    let updated = c
        .update_customer(&UpdateCustomerRequest::new(own))
        .await
        .unwrap()
        .into_inner();
    assert_eq!(updated.last_name.as_deref(), Some("Lovelace"));
    assert!(updated.updated_at.is_some());

    let lookup = CustomerLookup::new().customer_urn(urn.clone());
    c.delete_customer(&DeleteCustomerRequest::new(lookup.clone()))
        .await
        .unwrap();
    let err = c
        .delete_customer(&DeleteCustomerRequest::new(lookup))
        .await
        .unwrap_err();
    assert_eq!(
        err.service_error(),
        Some(&DeleteCustomerError::CustomerNotFound)
    );
    assert_eq!(err.status(), Some(404));
    let err = c
        .customer_info(&CustomerInfoQuery::new().customer_urn(urn))
        .await
        .unwrap_err();
    assert_eq!(
        err.service_error(),
        Some(&CustomerInfoError::CustomerNotFound)
    );
    c.store_customer(&StoreCustomerRequest::new(
        CustomerDetails::new("ext-1").email("ada@example.com"),
    ))
    .await
    .expect("the deleted customer's identifiers are free again");
}

#[tokio::test]
async fn tenants_are_isolated() {
    let gw = start().await;
    let (a, b) = (c2a(&gw, TENANT_A), c2a(&gw, TENANT_B));
    let urn = customer(&a, "ext-shared").await;
    let err = b
        .customer_info(&CustomerInfoQuery::new().customer_urn(urn.clone()))
        .await
        .unwrap_err();
    assert_eq!(
        err.service_error(),
        Some(&CustomerInfoError::CustomerNotFound)
    );
    let err = b.list_subscriptions(&urn).await.unwrap_err();
    assert_eq!(
        err.service_error(),
        Some(&ListSubscriptionsError::CustomerNotFound)
    );
    let err = b
        .resolve_offer(&OfferRequest::new(context(&urn)))
        .await
        .unwrap_err();
    assert_eq!(
        err.service_error(),
        Some(&ResolveOfferError::CustomerNotFound)
    );
    // Same ExternalId and e-mail in tenant B: uniqueness is per tenant.
    let urn_b = customer(&b, "ext-shared").await;
    assert_ne!(urn, urn_b);
    // An offer of tenant A is unknown in tenant B.
    let offer = a
        .resolve_offer(&OfferRequest::new(context(&urn)))
        .await
        .unwrap();
    let order = CheckoutRequest::new("corr-x", context(&urn_b), offer.offer_identifier.clone());
    let err = b.submit_checkout(&order).await.unwrap_err();
    assert_eq!(
        err.service_error(),
        Some(&SubmitCheckoutError::OfferNotFound)
    );
}

#[tokio::test]
async fn every_code_of_the_customer_error_table_can_be_forced() {
    let gw = start().await;
    let c = c2a(&gw, TENANT_A);
    let table = [
        ("BAD_REQUEST", 400, StoreCustomerError::BadRequest),
        ("INVALID_REQUEST", 400, StoreCustomerError::InvalidRequest),
        (
            "CUSTOMER_NOT_FOUND",
            404,
            StoreCustomerError::Unknown("CUSTOMER_NOT_FOUND".into()),
        ),
        (
            "CUSTOMER_ALREADY_STORED",
            409,
            StoreCustomerError::CustomerAlreadyStored,
        ),
        (
            "USER_WITH_SAME_EMAIL_EXISTS",
            409,
            StoreCustomerError::UserWithSameEmailExists,
        ),
        (
            "USER_WITH_SAME_PHONE_NUMBER_EXISTS",
            409,
            StoreCustomerError::UserWithSamePhoneNumberExists,
        ),
        (
            "SQL_DATABASE_FAILURE",
            500,
            StoreCustomerError::SqlDatabaseFailure,
        ),
        (
            "INTERNAL_SERVER_ERROR",
            500,
            StoreCustomerError::InternalServerError,
        ),
    ];
    for (code, status, variant) in table {
        let forced = c.with_header("X-Gateway-Scenario", code);
        let err = forced
            .store_customer(&store(&format!("ext-{code}")))
            .await
            .unwrap_err();
        assert_eq!(err.status(), Some(status), "{code}: {err}");
        assert_eq!(err.service_error(), Some(&variant), "{code}");
        assert!(err.to_string().contains("X-Gateway-Scenario"), "{err}");
    }
    let err = c
        .with_header("X-Gateway-Scenario", "CUSTOMER_NOT_FOUND")
        .customer_info(&CustomerInfoQuery::new().external_id("anyone"))
        .await
        .unwrap_err();
    assert_eq!(
        err.service_error(),
        Some(&CustomerInfoError::CustomerNotFound)
    );
    // The 401 row: no envelope.
    let err = c2a_with(&gw, "sk_wrong", TENANT_A)
        .store_customer(&store("ext-401"))
        .await
        .unwrap_err();
    assert!(matches!(err, ApiError::Unauthorized(_)), "{err:?}");
    // Nothing was stored by the forced calls.
    c.store_customer(&store("ext-CUSTOMER_NOT_FOUND"))
        .await
        .expect("free");
}

#[tokio::test]
async fn unknown_scenario_is_a_plain_400() {
    let gw = start().await;
    let r = http()
        .get(format!("{}/c2a/customer/info?externalId=x", gw.api_root()))
        .header("x-api-key", "sk_dev_gateway")
        .header("x-tn", TENANT_A)
        .header("X-Gateway-Scenario", "NOT_A_CODE")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 400);
    assert!(r.headers()["content-type"]
        .to_str()
        .unwrap()
        .starts_with("text/plain"));
    assert!(r
        .text()
        .await
        .unwrap()
        .contains("unknown X-Gateway-Scenario `NOT_A_CODE`"));
}

#[tokio::test]
async fn missing_key_is_unauthorized_and_missing_tenant_is_invalid() {
    let gw = start().await;
    let url = format!("{}/c2a/customer/store", gw.api_root());
    let body = json!({ "customer": { "externalId": "e" } }).to_string();
    let post = |key: Option<&str>, tenant: Option<&str>| {
        let mut r = http()
            .post(&url)
            .header("content-type", "application/json")
            .body(body.clone());
        if let Some(k) = key {
            r = r.header("x-api-key", k);
        }
        if let Some(t) = tenant {
            r = r.header("x-tn", t);
        }
        r.send()
    };
    for key in [None, Some("sk_wrong")] {
        let r = post(key, Some(TENANT_A)).await.unwrap();
        assert_eq!(r.status(), 401);
        assert!(
            r.bytes().await.unwrap().is_empty(),
            "401 carries no envelope"
        );
    }
    let r = post(Some("sk_dev_gateway"), None).await.unwrap();
    assert_eq!(r.status(), 400);
    let v: serde_json::Value = r.json().await.unwrap();
    assert_eq!(v["status"]["messageCode"], "INVALID_REQUEST");
    assert!(
        v["status"]["message"].as_str().unwrap().contains("x-tn"),
        "{v}"
    );

    // An empty key: the client refuses to build (issue 16, item 2), the
    // gateway answers 401 to one sent anyway.
    assert!(azotte_client::c2a::Client::new(
        &env(&gw),
        azotte_client::auth::TenantApiKey::new("", TENANT_A)
    )
    .is_err());
    assert_eq!(post(Some(""), Some(TENANT_A)).await.unwrap().status(), 401);
}

#[tokio::test]
async fn validation_errors_name_the_field() {
    let gw = start().await;
    let c = c2a(&gw, TENANT_A);
    let err = c.store_customer(&store("")).await.unwrap_err();
    let ApiError::Service(e) = &err else {
        panic!("{err:?}")
    };
    assert_eq!(e.error, StoreCustomerError::InvalidRequest);
    assert_eq!(
        e.message.as_deref(),
        Some("customer.externalId is required")
    );
    // No document gives an e-mail or phone shape (the spec's fields are
    // plain strings), so the gateway checks none: any string is stored.
    let odd = StoreCustomerRequest::new(
        CustomerDetails::new("ext-e")
            .email("not-an-email")
            .phone_number("k°"),
    );
    let stored = c.store_customer(&odd).await.unwrap();
    assert_eq!(stored.email.as_deref(), Some("not-an-email"));

    let send = |body: serde_json::Value| {
        http()
            .post(format!("{}/v1/c2a/customer/store", gw.api_root()))
            .header("x-api-key", "sk_dev_gateway")
            .header("x-tn", TENANT_A)
            .header("x-correlation-id", "trace-42")
            .json(&body)
            .send()
    };
    let r = send(json!({ "customer": {} })).await.unwrap();
    assert_eq!(r.status(), 400);
    assert_eq!(r.headers()["x-correlation-id"], "trace-42");
    let v: serde_json::Value = r.json().await.unwrap();
    assert_eq!(
        v["status"],
        json!({ "messageCode": "INVALID_REQUEST", "message": "customer.externalId is required" })
    );
    let v: serde_json::Value = send(json!({})).await.unwrap().json().await.unwrap();
    assert_eq!(
        v["status"]["messageCode"], "BAD_REQUEST",
        "null request.customer (document 002)"
    );
    let v: serde_json::Value = send(json!({ "customer": { "externalId": 7 } }))
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(
        v["status"]["message"],
        "customer.externalId must be a string"
    );

    let ctx = json!({ "customerUrn": "cu.1", "customerIpAddress": "1.2.3.4", "interactionType": 10, "channel": 999 });
    let r = http()
        .post(format!("{}/c2a/offer/bundles", gw.api_root()))
        .header("x-api-key", "sk_dev_gateway")
        .header("x-tn", TENANT_A)
        .json(&json!({ "context": ctx }))
        .send()
        .await
        .unwrap();
    let v: serde_json::Value = r.json().await.unwrap();
    assert!(
        v["status"]["message"]
            .as_str()
            .unwrap()
            .starts_with("context.channel has unknown value 999"),
        "{v}"
    );
}

/// Document 002's 409 row names the identifier `externalIdentifier`, the
/// rest of 001/002 `ExternalId` (`externalId`): the gateway accepts either
/// spelling in a request, answers with the spec's wire name, and a second
/// store of the same identifier is `CUSTOMER_ALREADY_STORED` (409).
#[tokio::test]
async fn external_identifier_is_accepted_as_external_id() {
    let gw = start().await;
    let send = |body: serde_json::Value| {
        http()
            .post(format!("{}/v1/c2a/customer/store", gw.api_root()))
            .header("x-api-key", "sk_dev_gateway")
            .header("x-tn", TENANT_A)
            .json(&body)
            .send()
    };
    let r = send(json!({ "customer": { "externalIdentifier": "ext-alias" } }))
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    let v: serde_json::Value = r.json().await.unwrap();
    assert_eq!(v["result"]["externalId"], "ext-alias", "{v}");

    let r = send(json!({ "customer": { "externalId": "ext-alias" } }))
        .await
        .unwrap();
    assert_eq!(r.status(), 409);
    let v: serde_json::Value = r.json().await.unwrap();
    assert_eq!(v["status"]["messageCode"], "CUSTOMER_ALREADY_STORED", "{v}");
}

/// Both lookup keys are optional (document 002: "by URN or ExternalId"; the
/// spec and the OpenAPI document cannot require one of two), so a lookup
/// naming neither is well formed and finds no customer: document 002's
/// `CUSTOMER_NOT_FOUND` (404), in the query and in a body.
#[tokio::test]
async fn a_lookup_naming_no_customer_finds_none() {
    let gw = start().await;
    let info = http()
        .get(format!("{}/c2a/customer/info?externalId=", gw.api_root()))
        .header("x-api-key", "sk_dev_gateway")
        .header("x-tn", TENANT_A)
        .send()
        .await
        .unwrap();
    assert_eq!(info.status(), 404);
    let v: serde_json::Value = info.json().await.unwrap();
    assert_eq!(v["status"]["messageCode"], "CUSTOMER_NOT_FOUND");
    let delete = http()
        .post(format!("{}/c2a/customer/delete", gw.api_root()))
        .header("x-api-key", "sk_dev_gateway")
        .header("x-tn", TENANT_A)
        .json(&json!({ "customer": { "customerUrn": null } }))
        .send()
        .await
        .unwrap();
    assert_eq!(delete.status(), 404);
    let v: serde_json::Value = delete.json().await.unwrap();
    assert_eq!(v["status"]["messageCode"], "CUSTOMER_NOT_FOUND");
}
