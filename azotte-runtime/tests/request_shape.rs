//! The exact request the server receives: method, encoded path and query,
//! headers (auth, lane, generated and caller-provided) and JSON body.

mod support;

use azotte_runtime::*;
use serde_json::json;
use support::*;

fn assert_uuid_v4(value: Option<&str>) -> String {
    let value = value.expect("header present");
    let uuid = uuid::Uuid::parse_str(value).expect("a UUID");
    assert_eq!(uuid.get_version_num(), 4, "{value} is not a v4 UUID");
    // RFC 9562, section 4.1: the variant bits of every UUID it defines.
    assert_eq!(uuid.get_variant(), uuid::Variant::RFC4122, "{value}");
    assert_eq!(
        value,
        uuid.hyphenated().to_string(),
        "lowercase, hyphenated"
    );
    value.to_owned()
}

#[tokio::test]
async fn get_with_encoded_path_and_query() {
    let server = TestServer::start(Reply::json(
        200,
        json!({ "status": { "messageCode": "SUCCESS" } }),
    ))
    .await;
    server
        .client()
        .call::<serde_json::Value, RawCode>(
            &CHECKOUT_STATUS,
            Request::new()
                .path_param("id", "trk/9 ä?")
                .query("externalId", "a&b=c d")
                .query_opt("page", Some(2))
                .query_opt("filter", None::<&str>),
        )
        .await
        .expect("ok");
    let seen = server.single_request();
    assert_eq!(seen.method, "GET");
    assert_eq!(
        seen.path,
        "/api/v1/c2a/offer/checkout/trk%2F9%20%C3%A4%3F/status"
    );
    assert_eq!(
        seen.query.as_deref(),
        Some("externalId=a%26b%3Dc%20d&page=2")
    );
    // Document 001: C2A produces `application/clientOutput+Json`; plain JSON
    // stays acceptable.
    assert_eq!(
        seen.header("accept"),
        Some("application/clientOutput+Json, application/json;q=0.9")
    );
    assert_eq!(
        seen.header("content-type"),
        None,
        "no body, no content type"
    );
    assert!(seen.body.is_empty());
    assert_eq!(seen.header("x-api-key"), Some(API_KEY));
    assert_eq!(seen.header("x-tn"), Some(TENANT));
    assert_uuid_v4(seen.header("x-correlation-id"));
    assert!(seen
        .header("user-agent")
        .unwrap()
        .starts_with("azotte-runtime/"));
}

#[tokio::test]
async fn post_sends_json_body_auth_and_a_fresh_correlation_id_per_call() {
    let server = TestServer::start(Reply::json(
        200,
        json!({ "status": { "messageCode": "SUCCESS" } }),
    ))
    .await;
    let client = server.client();
    let body = json!({ "customer": { "externalId": "ext-1", "email": "a@b.c" } });
    for _ in 0..2 {
        client
            .call::<serde_json::Value, CustomerError>(&STORE_CUSTOMER, Request::new().json(&body))
            .await
            .expect("ok");
    }
    let seen = server.requests();
    assert_eq!(seen.len(), 2);
    for request in &seen {
        assert_eq!(request.method, "POST");
        assert_eq!(request.path, "/api/v1/c2a/customer/store");
        assert_eq!(request.query, None);
        assert_eq!(request.header("content-type"), Some("application/json"));
        assert_eq!(request.header("x-api-key"), Some(API_KEY));
        assert_eq!(request.header("x-tn"), Some(TENANT));
        assert_eq!(request.json(), body);
        assert_eq!(
            request.header("idempotency-key"),
            None,
            "C2A store takes no key header"
        );
    }
    let first = assert_uuid_v4(seen[0].header("x-correlation-id"));
    let second = assert_uuid_v4(seen[1].header("x-correlation-id"));
    assert_ne!(first, second);
}

#[tokio::test]
async fn header_idempotency_generates_a_uuid_unless_the_caller_gives_one() {
    let ok = json!({ "status": { "messageCode": "MNT-000-00" }, "payment": { "id": 1 } });
    let server = TestServer::start(Reply::json(200, ok)).await;
    let client = server.client();
    let request = || {
        Request::new()
            .path_param("paymentUrn", "pm.00.1")
            .json(&json!({}))
    };
    client
        .call::<serde_json::Value, RawCode>(&CAPTURE_PAYMENT, request())
        .await
        .unwrap();
    client
        .with_idempotency_key("caller-key-1")
        .with_correlation_id("caller-corr")
        .with_header("X-Moneti-Tenant", "tn.00.777")
        .with_header("X-Region-Override", "EU")
        .call::<serde_json::Value, RawCode>(&CAPTURE_PAYMENT, request())
        .await
        .unwrap();
    let seen = server.requests();
    assert_eq!(seen[0].method, "PUT");
    assert_eq!(seen[0].path, "/api/m2m/payments/pm.00.1/capture");
    assert_uuid_v4(seen[0].header("idempotency-key"));
    assert_eq!(
        seen[0].header("x-moneti-tenant"),
        None,
        "not given, not generated"
    );
    assert_eq!(seen[0].header("x-region-override"), None);

    assert_eq!(seen[1].header("idempotency-key"), Some("caller-key-1"));
    assert_eq!(seen[1].header("x-correlation-id"), Some("caller-corr"));
    assert_eq!(seen[1].header("x-moneti-tenant"), Some("tn.00.777"));
    assert_eq!(seen[1].header("x-region-override"), Some("EU"));
}

#[tokio::test]
async fn caller_key_uses_the_lane_header_on_endpoints_without_header_idempotency() {
    // Success for both envelopes: C2A by code, Moneti by severity.
    let ok = json!({ "status": { "messageCode": "SUCCESS", "severity": "SUCCESS" } });
    let server = TestServer::start(Reply::json(200, ok)).await;
    let client = server.client().with_idempotency_key("k-2");
    client
        .call::<serde_json::Value, RawCode>(&BUNDLES, Request::new())
        .await
        .unwrap();
    // C2A declares no idempotency header: the key is not sent there.
    client
        .call::<serde_json::Value, RawCode>(&STORE_CUSTOMER, Request::new())
        .await
        .unwrap();
    let seen = server.requests();
    assert_eq!(seen[0].header("idempotency-key"), Some("k-2"));
    assert_eq!(seen[1].header("idempotency-key"), None);
}

#[tokio::test]
async fn with_header_overrides_generated_values_and_is_reported_as_correlation_id() {
    let server = TestServer::start(Reply::json(
        200,
        json!({ "status": { "messageCode": "SUCCESS" } }),
    ))
    .await;
    let response = server
        .client()
        .with_correlation_id("ignored")
        .with_header("x-correlation-id", "explicit")
        .call::<serde_json::Value, RawCode>(&STORE_CUSTOMER, Request::new())
        .await
        .unwrap();
    assert_eq!(
        server.single_request().header("x-correlation-id"),
        Some("explicit")
    );
    assert_eq!(response.correlation_id(), Some("explicit"));
}

#[tokio::test]
async fn custom_user_agent_is_sent() {
    let server = TestServer::start(Reply::empty(200)).await;
    server
        .client_with(ClientConfig::new(&server.base_url).user_agent("acme-shop/1.2"))
        .call::<(), RawCode>(&DELETE_CUSTOMER, Request::new())
        .await
        .unwrap();
    assert_eq!(
        server.single_request().header("user-agent"),
        Some("acme-shop/1.2")
    );
}

#[tokio::test]
async fn invalid_caller_header_value_fails_naming_the_header_not_the_value() {
    let server = TestServer::start(Reply::empty(200)).await;
    let error = server
        .client()
        .with_header("X-Partner-Secret", "line1\nSECRET-VALUE")
        .call::<serde_json::Value, RawCode>(&BUNDLES, Request::new())
        .await
        .expect_err("newline in header");
    let ApiError::Config(config) = &error else {
        panic!("expected Config, got {error:?}")
    };
    assert_eq!(
        config.kind,
        ConfigErrorKind::InvalidHeaderValue("X-Partner-Secret".into())
    );
    for shown in [error.to_string(), format!("{error:?}")] {
        assert!(shown.contains("X-Partner-Secret"), "{shown}");
        assert!(!shown.contains("SECRET-VALUE"), "{shown}");
    }
    assert!(server.requests().is_empty());

    let error = server
        .client()
        .with_header("bad header", "v")
        .call::<serde_json::Value, RawCode>(&BUNDLES, Request::new())
        .await
        .expect_err("space in name");
    assert!(
        error
            .to_string()
            .contains("invalid header name `bad header`"),
        "{error}"
    );
}

#[tokio::test]
async fn dot_segment_path_param_is_rejected() {
    let server = TestServer::start(Reply::empty(200)).await;
    let error = server
        .client()
        .call::<serde_json::Value, RawCode>(&CHECKOUT_STATUS, Request::new().path_param("id", ".."))
        .await
        .expect_err("..");
    assert!(
        matches!(&error, ApiError::Config(c) if c.kind == ConfigErrorKind::InvalidPathParam("id".into()))
    );
    assert!(server.requests().is_empty());
}

#[derive(Debug)]
struct FailingAuth;
impl Auth for FailingAuth {
    fn apply<'a>(
        &'a self,
        _request: &'a mut reqwest::Request,
    ) -> futures::future::BoxFuture<'a, Result<(), AuthError>> {
        Box::pin(async { Err(AuthError::new("token endpoint unreachable")) })
    }
}

#[tokio::test]
async fn auth_failure_is_reported_and_nothing_is_sent() {
    let server = TestServer::start(Reply::empty(200)).await;
    let client = Client::new(ClientConfig::new(&server.base_url), FailingAuth).unwrap();
    let error = client
        .with_correlation_id("c-auth")
        .call::<(), RawCode>(&DELETE_CUSTOMER, Request::new())
        .await
        .expect_err("auth");
    assert!(matches!(error, ApiError::Auth(_)), "{error:?}");
    assert_eq!(
        error.to_string(),
        "C2A-01-03: could not authenticate POST /api/v1/c2a/customer/delete: \
         token endpoint unreachable (correlation id c-auth)"
    );
    assert!(server.requests().is_empty());
}

#[tokio::test]
async fn call_future_is_send_and_clients_share_state() {
    let server = TestServer::start(Reply::empty(200)).await;
    let client = server.client();
    let task = tokio::spawn({
        let client = client.with_correlation_id("spawned");
        async move {
            client
                .call::<(), RawCode>(&DELETE_CUSTOMER, Request::new())
                .await
        }
    });
    let response = task.await.unwrap().unwrap();
    assert_eq!(response.correlation_id(), Some("spawned"));
    assert_eq!(client.base_url(), server.base_url);
}
