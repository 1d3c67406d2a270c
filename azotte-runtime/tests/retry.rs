//! Retries against a real server: which failures are retried (429, 502,
//! 503, 504, timeouts) and which never are (400, 409, 500, unsafe POSTs),
//! the idempotency key and correlation id reused on every attempt,
//! `Retry-After` in header and body, the retry budget, the operation timeout.

mod support;

use azotte_runtime::*;
use serde_json::json;
use std::time::{Duration, Instant};
use support::*;

/// Deterministic and quick: 10 ms, 20 ms, 40 ms, ...
fn fast() -> RetryPolicy {
    RetryPolicy::new()
        .jitter(Jitter::None)
        .initial_backoff(Duration::from_millis(10))
}

fn client(server: &TestServer, policy: RetryPolicy) -> Client {
    server.client_with(ClientConfig::new(&server.base_url).retry(policy))
}

/// Fails with the given replies in order, then succeeds.
async fn flaky(failures: Vec<Reply>) -> TestServer {
    TestServer::scripted(move |_, index| {
        failures
            .get(index)
            .cloned()
            .unwrap_or_else(|| moneti_ok(json!({ "ok": true })))
    })
    .await
}

async fn get(client: &Client) -> Result<Response<serde_json::Value>, ApiError<RawCode>> {
    client
        .call(
            &GET_SUBSCRIPTION,
            Request::new().path_param("urn", "sb.00.1"),
        )
        .await
}

#[tokio::test]
async fn post_with_idempotency_key_is_retried_with_the_same_key() {
    let server = flaky(vec![moneti_error(503, "MNT-503-00")]).await;
    let response = client(&server, fast())
        .call::<serde_json::Value, RawCode>(
            &CREATE_PAYMENT,
            Request::new().json(&json!({ "a": 1 })),
        )
        .await
        .unwrap();
    assert_eq!(response.attempts(), 2);
    let sent = server.requests();
    assert_eq!(sent.len(), 2);
    for header in ["idempotency-key", "x-correlation-id"] {
        let first = sent[0].header(header);
        assert!(first.is_some_and(|v| !v.is_empty()), "{header}");
        assert_eq!(first, sent[1].header(header), "{header} reused");
    }
    assert_eq!(sent[0].body, sent[1].body);
}

#[tokio::test]
async fn gateway_errors_and_timeouts_are_retried_for_gets() {
    let server = flaky(vec![Reply::empty(502), moneti_error(504, "MNT-504-00")]).await;
    assert_eq!(get(&client(&server, fast())).await.unwrap().attempts(), 3);

    let server = TestServer::scripted(|_, index| {
        let reply = moneti_ok(json!({}));
        if index == 0 {
            reply.delayed(Duration::from_secs(2))
        } else {
            reply
        }
    })
    .await;
    let client = server.client_with(
        ClientConfig::new(&server.base_url)
            .timeout(Duration::from_millis(200))
            .retry(fast()),
    );
    assert_eq!(get(&client).await.unwrap().attempts(), 2);
}

#[tokio::test]
async fn retry_after_header_is_honoured() {
    let server = flaky(vec![
        moneti_error(429, "MNT-429-00").header("retry-after", "1")
    ])
    .await;
    let started = Instant::now();
    let response = get(&client(&server, fast())).await.unwrap();
    let elapsed = started.elapsed();
    assert_eq!(response.attempts(), 2);
    assert!(elapsed >= Duration::from_millis(950), "{elapsed:?}");
    assert!(elapsed < Duration::from_secs(5), "{elapsed:?}");
}

/// The Moneti envelope, declaring a retry delay under `retryAfter` as the
/// Automatum envelope does.
static WITH_RETRY_KEY: EnvelopeSpec = EnvelopeSpec {
    retry_after: Some("retryAfter"),
    ..MONETI_SPEC
};
const MONETI_SPEC: EnvelopeSpec = EnvelopeSpec {
    name: "moneti",
    payload: Some("data"),
    status_object: None,
    message: Some("message"),
    ..EnvelopeSpec::bare("code")
};
static GET_WITH_RETRY_KEY: Endpoint = Endpoint {
    id: "A-01",
    method: Method::Get,
    path: "/api/v1/customers",
    success_status: 200,
    lane: &M2M,
    envelope: &WITH_RETRY_KEY,
    payload: Payload::Key("data"),
    idempotency: Idempotency::None,
};

#[tokio::test]
async fn retry_after_body_field_is_honoured_where_the_envelope_declares_it() {
    let limited = Reply::json(
        429,
        json!({ "code": 429, "message": "Rate limit exceeded", "retryAfter": 0.3 }),
    );
    let server = flaky(vec![limited.clone()]).await;
    let started = Instant::now();
    let response = client(&server, fast())
        .call::<serde_json::Value, RawCode>(&GET_WITH_RETRY_KEY, Request::new())
        .await
        .unwrap();
    assert_eq!(response.attempts(), 2);
    assert!(started.elapsed() >= Duration::from_millis(290));
    // An envelope that declares no retry key: the body field means nothing,
    // the policy's backoff (10 ms) applies.
    let server = flaky(vec![limited]).await;
    let started = Instant::now();
    let response = get(&client(&server, fast())).await.unwrap();
    assert_eq!(response.attempts(), 2);
    assert!(started.elapsed() < Duration::from_millis(290));
}

#[tokio::test]
async fn retry_after_beyond_the_cap_returns_the_error_at_once() {
    let server =
        TestServer::start(moneti_error(429, "MNT-429-00").header("retry-after", "120")).await;
    let started = Instant::now();
    let error = get(&client(&server, fast())).await.unwrap_err();
    assert_eq!(error.status(), Some(429));
    assert_eq!(error.attempts(), 1);
    assert_eq!(error.message_code(), Some("MNT-429-00"));
    // Not slept, but surfaced: the caller decides.
    assert_eq!(error.retry_after(), Some(Duration::from_secs(120)));
    assert!(started.elapsed() < Duration::from_secs(2));
    // The cap is the policy's setting.
    let server =
        TestServer::start(moneti_error(429, "MNT-429-00").header("retry-after", "1")).await;
    let capped = fast().max_retry_after(Duration::from_millis(500));
    let started = Instant::now();
    let error = get(&client(&server, capped)).await.unwrap_err();
    assert_eq!(error.attempts(), 1);
    assert_eq!(error.retry_after(), Some(Duration::from_secs(1)));
    assert!(started.elapsed() < Duration::from_millis(900));
}

#[tokio::test]
async fn client_errors_and_500_are_never_retried() {
    for status in [400, 403, 404, 409, 422, 500] {
        let server = TestServer::start(moneti_error(status, "MNT-X")).await;
        let error = get(&client(&server, fast())).await.unwrap_err();
        assert_eq!(error.attempts(), 1, "{status}");
        assert_eq!(server.requests().len(), 1, "{status}");
    }
}

#[tokio::test]
async fn post_without_idempotency_key_is_not_retried_but_with_one_it_is() {
    let server = TestServer::start(moneti_error(503, "MNT-503-00")).await;
    let client = client(&server, fast());
    let error = client
        .call::<serde_json::Value, RawCode>(&BUNDLES, Request::new().json(&json!({})))
        .await
        .unwrap_err();
    assert_eq!(error.attempts(), 1);
    assert_eq!(server.requests().len(), 1);

    let error = client
        .with_idempotency_key("caller-key-1")
        .call::<serde_json::Value, RawCode>(&BUNDLES, Request::new().json(&json!({})))
        .await
        .unwrap_err();
    assert_eq!(error.attempts(), 3);
    let keys: Vec<_> = server.requests()[1..]
        .iter()
        .map(|r| r.header("idempotency-key").map(str::to_owned))
        .collect();
    assert_eq!(keys, vec![Some("caller-key-1".to_owned()); 3]);
    assert!(error.to_string().contains("after 3 attempts"), "{error}");
}

#[tokio::test]
async fn disabled_policy_sends_once() {
    let server = TestServer::start(moneti_error(503, "MNT-503-00")).await;
    let error = get(&client(&server, RetryPolicy::disabled()))
        .await
        .unwrap_err();
    assert_eq!(error.attempts(), 1);
}

#[tokio::test]
async fn exhausted_budget_stops_retrying_across_calls() {
    let server = TestServer::start(moneti_error(503, "MNT-503-00")).await;
    let budget = RetryBudget {
        capacity: 5,
        retry_cost: 5,
        timeout_cost: 10,
        success_refund: 1,
    };
    let client = client(&server, fast().max_attempts(5).retry_budget(budget));
    assert_eq!(
        get(&client).await.unwrap_err().attempts(),
        2,
        "one retry paid"
    );
    assert_eq!(
        get(&client).await.unwrap_err().attempts(),
        1,
        "bucket empty"
    );
    assert_eq!(
        get(&client.with_correlation_id("clone"))
            .await
            .unwrap_err()
            .attempts(),
        1,
        "clones share the bucket"
    );
    assert_eq!(server.requests().len(), 4);
}

#[tokio::test]
async fn operation_timeout_bounds_a_slow_attempt() {
    let server = TestServer::start(moneti_ok(json!({})).delayed(Duration::from_secs(3))).await;
    let started = Instant::now();
    let error = get(&client(
        &server,
        fast().operation_timeout(Duration::from_millis(300)),
    ))
    .await
    .unwrap_err();
    assert!(matches!(error, ApiError::Timeout(_)), "{error:?}");
    assert_eq!(error.attempts(), 1);
    assert!(started.elapsed() < Duration::from_millis(1500));
}

#[tokio::test]
async fn operation_timeout_stops_waiting_and_returns_the_last_error() {
    let server = TestServer::start(moneti_error(503, "MNT-503-00")).await;
    let policy = fast()
        .max_attempts(50)
        .initial_backoff(Duration::from_millis(40))
        .operation_timeout(Duration::from_millis(250));
    let started = Instant::now();
    let error = get(&client(&server, policy)).await.unwrap_err();
    assert_eq!(error.message_code(), Some("MNT-503-00"));
    assert!(
        error.attempts() >= 2 && error.attempts() < 6,
        "{}",
        error.attempts()
    );
    assert!(started.elapsed() < Duration::from_millis(1500));
}

#[tokio::test]
async fn a_post_that_never_connected_is_retried_but_one_cut_while_sending_is_not() {
    // Nothing was sent when the connection could not be made: repeating the
    // call cannot apply it twice, idempotency key or not.
    let store = |first: TransportFailureKind| {
        let mock = MockTransport::new();
        mock.on(
            "POST",
            "/api/v1/c2a/customer/store",
            MockResponse::failure(first),
        )
        .on(
            "POST",
            "/api/v1/c2a/customer/store",
            MockResponse::json(
                200,
                json!({ "status": { "messageCode": "SUCCESS" }, "result": {} }),
            ),
        );
        let config = ClientConfig::new("https://api.azotte.cloud")
            .transport(mock.clone())
            .retry(fast());
        let client = Client::new(config, tenant_auth()).unwrap();
        async move {
            let result = client
                .call::<serde_json::Value, CustomerError>(
                    &STORE_CUSTOMER,
                    Request::new().json(&json!({ "customer": {} })),
                )
                .await;
            (result, mock.requests().len())
        }
    };
    let (never_connected, sent) = store(TransportFailureKind::Connect).await;
    assert_eq!(never_connected.unwrap().attempts(), 2);
    assert_eq!(sent, 2);
    // The request may have arrived: a POST without an idempotency key is not repeated.
    let (cut, sent) = store(TransportFailureKind::Send).await;
    assert!(matches!(cut, Err(ApiError::Transport(_))), "{cut:?}");
    assert_eq!(sent, 1);
}

/// Issue 14: a per-call retry policy and timeout, on a clone, leave the
/// client's own untouched.
#[tokio::test]
async fn a_clone_can_retry_and_time_out_differently() {
    let unavailable = || {
        Reply::json(
            503,
            json!({ "status": { "severity": "ERROR", "messageCode": "MNT-503-00" } }),
        )
    };
    // The client retries a 503; a clone told not to sends once.
    let server = flaky(vec![unavailable(), unavailable()]).await;
    let retrying = client(&server, fast());
    let once = retrying.with_retry(RetryPolicy::disabled());
    let error = get(&once).await.expect_err("the first 503 is the answer");
    assert_eq!(error.attempts(), 1);
    assert_eq!(server.requests().len(), 1);
    let ok = get(&retrying).await.expect("the client still retries");
    assert_eq!(ok.attempts(), 2, "the second 503, then success");

    // A slow answer: the clone's shorter timeout ends the call, the client's
    // default (30 s) waits for it.
    let slow =
        TestServer::start(moneti_ok(json!({ "ok": true })).delayed(Duration::from_millis(400)))
            .await;
    let patient = client(&slow, RetryPolicy::disabled());
    let hasty = patient.with_timeout(Duration::from_millis(100));
    let started = Instant::now();
    let error = get(&hasty).await.expect_err("100 ms is too short");
    assert!(matches!(error, ApiError::Timeout(_)), "{error:?}");
    assert!(started.elapsed() < Duration::from_millis(350));
    get(&patient)
        .await
        .expect("the client's own timeout is unchanged");
}
