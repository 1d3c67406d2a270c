//! The call span and completion event carry endpoint id, method, path,
//! status and correlation id, and never a secret. A tiny in-test subscriber
//! records every span field and event (`support::capture`).

mod support;

use azotte_runtime::*;
use serde_json::json;
use support::capture::Capture;
use support::*;

#[tokio::test]
async fn call_span_has_the_documented_fields_and_no_secret() {
    let (capture, lines) = Capture::new();
    let _guard = tracing::subscriber::set_default(capture);

    let server = TestServer::start(Reply::json(
        409,
        json!({ "status": { "messageCode": "CUSTOMER_ALREADY_STORED" } }),
    ))
    .await;
    let error = server
        .client()
        .with_correlation_id("corr-trace")
        .with_header("X-Partner-Secret", "partner-secret-value")
        .call::<serde_json::Value, CustomerError>(
            &STORE_CUSTOMER,
            Request::new().json(&json!({ "password": "body-secret" })),
        )
        .await
        .expect_err("409");
    assert_eq!(error.service_error(), Some(&CustomerError::AlreadyStored));

    let all = lines.text();
    let span = all
        .lines()
        .find(|l| l.starts_with("span azotte.call"))
        .unwrap_or_else(|| panic!("no call span in:\n{all}"));
    assert!(span.contains("endpoint=\"C2A-01-02\""), "{span}");
    assert!(span.contains("method=\"POST\""), "{span}");
    assert!(all.contains("path=\"/api/v1/c2a/customer/store\""), "{all}");
    assert!(all.contains("status=409"), "{all}");
    assert!(all.contains("correlation_id=\"corr-trace\""), "{all}");
    assert!(all.contains("outcome=\"service\""), "{all}");
    assert!(all.contains("code=\"CUSTOMER_ALREADY_STORED\""), "{all}");
    for secret in [API_KEY, "partner-secret-value", "body-secret"] {
        assert!(!all.contains(secret), "{secret} leaked into:\n{all}");
    }
}

#[tokio::test]
async fn every_attempt_has_its_own_span_with_status_and_attempt_number() {
    let (capture, lines) = Capture::new();
    let _guard = tracing::subscriber::set_default(capture);
    let server = TestServer::scripted(|_, index| match index {
        0 => Reply::json(503, json!({ "status": { "messageCode": "MNT-503-00" } })),
        _ => Reply::json(
            200,
            json!({ "data": 1, "status": { "severity": "SUCCESS" } }),
        ),
    })
    .await;
    let policy = RetryPolicy::new()
        .jitter(Jitter::None)
        .initial_backoff(std::time::Duration::from_millis(1));
    let response = server
        .client_with(ClientConfig::new(&server.base_url).retry(policy))
        .with_correlation_id("corr-attempts")
        .call::<u32, RawCode>(&GET_SUBSCRIPTION, Request::new().path_param("urn", "sb.7"))
        .await
        .unwrap();
    assert_eq!(response.attempts(), 2);

    let all = lines.text();
    let attempts: Vec<&str> = all
        .lines()
        .filter(|l| l.starts_with("span azotte.attempt"))
        .collect();
    assert_eq!(attempts.len(), 2, "{all}");
    for (i, span) in attempts.iter().enumerate() {
        assert!(span.contains("endpoint=\"M2M-05-02\""), "{span}");
        assert!(span.contains("method=\"GET\""), "{span}");
        assert!(
            span.contains("path=\"/api/m2m/subscriptions/sb.7\""),
            "{span}"
        );
        assert!(span.contains(&format!("attempt={}", i + 1)), "{span}");
        assert!(span.contains("correlation_id=\"corr-attempts\""), "{span}");
    }
    assert!(all.contains("record status=503"), "{all}");
    assert!(all.contains("record status=200"), "{all}");
    assert!(all.contains("reason=\"status\""), "{all}");
    assert!(all.contains("record attempts=2"), "{all}");
}
