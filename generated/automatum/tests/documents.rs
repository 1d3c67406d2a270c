//! Document 003's own JSON examples (verbatim in `tests/fixtures`, see its
//! README) served as bytes by a plain HTTP server on 127.0.0.1 and decoded
//! through the generated client on the endpoints they fit. Every expected
//! value is read from the fixture, never from the client or the gateway.

use automatum_client::auth::Oauth;
use automatum_client::prelude::*;
use automatum_client::rest::{self, GetCustomerError, ReportUsageError};
use automatum_client::runtime::RetryPolicy;
use automatum_client::types::*;
use automatum_client::{ApiError, ClientConfig};
use serde_json::Value;
use std::time::{Duration, Instant};
use test_support::TestServer;

const SUCCESS: &str = include_str!("fixtures/003_success.json");
const ERROR: &str = include_str!("fixtures/003_error.json");
const RATE_LIMITED: &str = include_str!("fixtures/003_rate_limited.json");

fn document(text: &str) -> Value {
    serde_json::from_str(text).expect("the fixture is the document's JSON")
}

/// The client on the document's base path, its OAuth token answered first.
fn authorized(server: &TestServer, retry: RetryPolicy) -> rest::Client {
    server.reply_raw(
        200,
        "application/json",
        r#"{"access_token":"eyJhbGc.test","token_type":"Bearer","expires_in":3600}"#,
    );
    let config = ClientConfig::new(format!("{}/api/v1", server.base_url)).retry(retry);
    rest::Client::with_config(config, Oauth::new("app-1", "app-secret")).unwrap()
}

#[tokio::test]
async fn document_003_success_response_decodes_on_get_customer() {
    let doc = document(SUCCESS);
    let server = TestServer::start().await;
    let client = authorized(&server, RetryPolicy::disabled());
    server.reply_raw(200, "application/json", SUCCESS);
    let customer = client.customers().get("obj_123").await.unwrap();
    assert_eq!(customer.id, doc["data"]["id"].as_str().unwrap());
    assert_eq!(customer.status, doc["data"]["status"].as_str().unwrap());
    assert_eq!(
        customer.created_at,
        doc["data"]["createdAt"].as_str().unwrap()
    );
    // `code` repeats the HTTP status: the envelope's code, as text.
    assert_eq!(
        customer.message_code(),
        Some(doc["code"].to_string().as_str())
    );
    assert_eq!(server.last().path, "/api/v1/customer/obj_123");
}

#[tokio::test]
async fn document_003_error_response_is_a_typed_bad_request_with_its_field_errors() {
    let doc = document(ERROR);
    let server = TestServer::start().await;
    let client = authorized(&server, RetryPolicy::disabled());
    server.reply_raw(400, "application/json", ERROR);
    let usage = NewMeteringEvent::new(
        Vendor::Aws,
        "",
        "listing_456",
        "api_calls",
        1000u64,
        "2026-01-16T10:00:00Z",
    );
    let error = client.metering_events().create(&usage).await.unwrap_err();
    let ApiError::Service(service) = &error else {
        panic!("expected a service error, got {error:?}")
    };
    assert_eq!(service.error, ReportUsageError::BadRequest);
    assert_eq!(service.code, doc["code"].to_string());
    assert_eq!(service.message.as_deref(), doc["message"].as_str());
    assert_eq!(service.errors, doc["errors"].as_array().unwrap().clone());
    assert_eq!(error.retry_after(), None);
}

#[tokio::test]
async fn document_003_rate_limit_is_surfaced_with_its_retry_after_not_slept() {
    let doc = document(RATE_LIMITED);
    let asked = Duration::from_secs(doc["retryAfter"].as_u64().unwrap());
    let server = TestServer::start().await;
    // The default policy honours waits up to 30 s: the document's 60 s wait
    // is not slept but handed to the caller on the error.
    let client = authorized(&server, RetryPolicy::new());
    server.reply_raw(429, "application/json", RATE_LIMITED);
    let started = Instant::now();
    let error = client.customers().get("cust_123").await.unwrap_err();
    assert!(started.elapsed() < Duration::from_secs(5));
    assert_eq!(error.retry_after(), Some(asked));
    assert!(
        error
            .to_string()
            .contains(&format!("retry after {} s", asked.as_secs())),
        "{error}"
    );
    assert_eq!(error.attempts(), 1);
    assert_eq!(
        error.service_error(),
        Some(&GetCustomerError::TooManyRequests)
    );
    assert_eq!(
        error.envelope().and_then(|e| e.message.as_deref()),
        doc["message"].as_str()
    );

    // A policy whose cap allows the document's wait would sleep it: the cap
    // is the caller's setting (checked without sleeping a minute: the
    // `Retry-After` header, which takes precedence, asks for 1 s).
    let server = TestServer::start().await;
    let client = authorized(
        &server,
        RetryPolicy::new().max_retry_after(Duration::from_secs(2)),
    );
    server.reply_with(
        429,
        vec![
            ("content-type", "application/json".to_owned()),
            ("retry-after", "1".to_owned()),
        ],
        RATE_LIMITED,
    );
    server.reply_raw(200, "application/json", SUCCESS);
    let started = Instant::now();
    let customer = client.customers().get("obj_123").await.unwrap();
    assert!(started.elapsed() >= Duration::from_millis(950));
    assert_eq!(customer.attempts(), 2);
}

#[tokio::test]
async fn a_retry_after_header_is_exposed_on_the_error_too() {
    let server = TestServer::start().await;
    let client = authorized(&server, RetryPolicy::disabled());
    server.reply_with(
        429,
        vec![
            ("content-type", "application/json".to_owned()),
            ("retry-after", "7".to_owned()),
        ],
        RATE_LIMITED,
    );
    let error = client.customers().get("cust_123").await.unwrap_err();
    // RFC 9110 `Retry-After` wins over the body's `retryAfter`.
    assert_eq!(error.retry_after(), Some(Duration::from_secs(7)));
}
