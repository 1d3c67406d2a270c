//! Interceptors around every attempt, and the MockTransport that lets the
//! real Client run without a network.

mod support;

use azotte_runtime::*;
use reqwest::header::{HeaderMap, HeaderValue};
use serde_json::json;
use std::sync::{Arc, Mutex};
use std::time::Duration;
use support::*;

/// Adds `X-Tenant-Audit` and records what it saw.
#[derive(Debug, Default)]
struct Audit {
    seen: Arc<Mutex<Vec<String>>>,
}

impl Interceptor for Audit {
    fn before_send(
        &self,
        call: &CallInfo<'_>,
        request: &mut reqwest::Request,
    ) -> Result<(), InterceptorError> {
        assert!(
            request.headers().get("x-api-key").is_none(),
            "interceptors run before auth"
        );
        request
            .headers_mut()
            .insert("x-tenant-audit", HeaderValue::from_static("audit-1"));
        self.seen.lock().unwrap().push(format!(
            "before {} {} {} #{}",
            call.endpoint_id, call.method, call.path, call.attempt
        ));
        Ok(())
    }

    fn after_receive(&self, call: &CallInfo<'_>, status: u16, headers: &HeaderMap) {
        let node = headers.get("x-node").and_then(|v| v.to_str().ok());
        self.seen.lock().unwrap().push(format!(
            "after #{} {status} {}",
            call.attempt,
            node.unwrap_or("-")
        ));
    }
}

#[derive(Debug)]
struct Deny;
impl Interceptor for Deny {
    fn before_send(
        &self,
        _: &CallInfo<'_>,
        _: &mut reqwest::Request,
    ) -> Result<(), InterceptorError> {
        Err(InterceptorError::new("outside the maintenance window"))
    }
}

#[tokio::test]
async fn interceptor_adds_a_header_and_sees_every_status() {
    let server = TestServer::scripted(|_, index| match index {
        0 => moneti_error(503, "MNT-503-00").header("x-node", "gw-1"),
        _ => moneti_ok(json!({})).header("x-node", "gw-2"),
    })
    .await;
    let audit = Audit::default();
    let seen = audit.seen.clone();
    let config = ClientConfig::new(&server.base_url)
        .retry(
            RetryPolicy::new()
                .jitter(Jitter::None)
                .initial_backoff(Duration::from_millis(5)),
        )
        .interceptor(audit);
    let response = server
        .client_with(config)
        .call::<serde_json::Value, RawCode>(
            &GET_SUBSCRIPTION,
            Request::new().path_param("urn", "sb.1"),
        )
        .await
        .unwrap();
    assert_eq!(response.attempts(), 2);
    assert!(server
        .requests()
        .iter()
        .all(|r| r.header("x-tenant-audit") == Some("audit-1")));
    assert_eq!(
        *seen.lock().unwrap(),
        [
            "before M2M-05-02 GET /api/m2m/subscriptions/sb.1 #1",
            "after #1 503 gw-1",
            "before M2M-05-02 GET /api/m2m/subscriptions/sb.1 #2",
            "after #2 200 gw-2",
        ]
    );
}

#[tokio::test]
async fn failing_interceptor_stops_the_call_in_order() {
    let server = TestServer::start(moneti_ok(json!({}))).await;
    let audit = Audit::default();
    let seen = audit.seen.clone();
    let config = ClientConfig::new(&server.base_url)
        .interceptor(audit)
        .interceptor(Deny);
    let error = server
        .client_with(config)
        .call::<serde_json::Value, RawCode>(&BUNDLES, Request::new())
        .await
        .unwrap_err();
    assert!(matches!(error, ApiError::Interceptor(_)), "{error:?}");
    assert_eq!(error.kind_name(), "interceptor");
    assert!(
        error.to_string().contains("outside the maintenance window"),
        "{error}"
    );
    assert_eq!(
        seen.lock().unwrap().len(),
        1,
        "the first ran before the second refused"
    );
    assert!(server.requests().is_empty());
}

fn mock_client(mock: &MockTransport) -> Client {
    let config = ClientConfig::new("https://api.azotte.cloud")
        .transport(mock.clone())
        .retry(
            RetryPolicy::new()
                .jitter(Jitter::None)
                .initial_backoff(Duration::ZERO),
        );
    Client::new(config, tenant_auth()).unwrap()
}

#[tokio::test]
async fn mock_transport_answers_in_order_and_records_requests() {
    let mock = MockTransport::new();
    mock.on(
        "get",
        "/api/m2m/subscriptions/sb.1",
        MockResponse::failure(TransportFailureKind::Connect),
    )
    .on(
        "GET",
        "/api/m2m/subscriptions/sb.1",
        MockResponse::json(
            503,
            json!({ "status": { "messageCode": "MNT-503-00", "severity": "ERROR" } }),
        )
        .header("retry-after", "0"),
    )
    .on(
        "GET",
        "/api/m2m/subscriptions/sb.1",
        MockResponse::json(
            200,
            json!({ "data": { "urn": "sb.1" }, "status": { "severity": "SUCCESS" } }),
        ),
    );
    let client = mock_client(&mock);
    let get = || {
        client.call::<serde_json::Value, RawCode>(
            &GET_SUBSCRIPTION,
            Request::new()
                .path_param("urn", "sb.1")
                .query("expand", "items"),
        )
    };
    let response = get().await.unwrap();
    assert_eq!(response.value(), &json!({ "urn": "sb.1" }));
    assert_eq!(response.attempts(), 3);
    assert_eq!(
        get().await.unwrap().attempts(),
        1,
        "the last response repeats"
    );

    let requests = mock.requests();
    assert_eq!(requests.len(), 4);
    assert_eq!(requests[0].method, "GET");
    assert_eq!(
        requests[0].url.as_str(),
        "https://api.azotte.cloud/api/m2m/subscriptions/sb.1?expand=items"
    );
    assert_eq!(
        requests[0].header("x-api-key"),
        Some(API_KEY),
        "kept for the test"
    );
    let shown = format!("{:?}", requests[0]);
    assert!(!shown.contains(API_KEY), "{shown}");
    assert!(shown.contains("x-tn"), "{shown}");
}

#[tokio::test]
async fn mock_transport_without_a_route_fails_without_retrying() {
    let mock = MockTransport::new();
    let client = mock_client(&mock);
    let error = client
        .call::<serde_json::Value, RawCode>(
            &CAPTURE_PAYMENT,
            Request::new().path_param("paymentUrn", "pa.1"),
        )
        .await
        .unwrap_err();
    let ApiError::Transport(transport) = &error else {
        panic!("{error:?}")
    };
    assert_eq!(transport.source.kind(), TransportFailureKind::Other);
    let cause = std::error::Error::source(&error).map(ToString::to_string);
    assert_eq!(
        cause.as_deref(),
        Some("no mock response for PUT /api/m2m/payments/pa.1/capture")
    );
    assert_eq!(error.attempts(), 1);
    assert_eq!(mock.requests()[0].body, b"");
}

#[tokio::test]
async fn mock_transport_bodies_are_recorded_and_capped() {
    let mock = MockTransport::new();
    mock.on(
        "POST",
        "/api/m2m/offer/bundles",
        MockResponse::new(200, vec![b' '; 64]),
    );
    let config = ClientConfig::new("https://api.azotte.cloud")
        .transport(mock.clone())
        .max_response_bytes(16);
    let client = Client::new(config, NoAuth).unwrap();
    let error = client
        .call::<serde_json::Value, RawCode>(
            &BUNDLES,
            Request::new().json(&json!({ "context": {} })),
        )
        .await
        .unwrap_err();
    assert_eq!(error.raw_body().map(str::len), Some(16));
    assert_eq!(mock.requests()[0].body, br#"{"context":{}}"#);
}

/// Records every request interceptors are shown, as
/// `endpoint path | authorization present | body`.
#[derive(Debug, Default, Clone)]
struct Recorder {
    seen: Arc<Mutex<Vec<String>>>,
}

impl Interceptor for Recorder {
    fn before_send(
        &self,
        call: &CallInfo<'_>,
        request: &mut reqwest::Request,
    ) -> Result<(), InterceptorError> {
        let body = request
            .body()
            .and_then(|b| b.as_bytes())
            .map(|b| String::from_utf8_lossy(b).into_owned())
            .unwrap_or_default();
        self.seen.lock().unwrap().push(format!(
            "{} {} | auth: {} | {body}",
            call.endpoint_id,
            call.path,
            request.headers().contains_key("authorization")
        ));
        Ok(())
    }

    fn after_receive(&self, call: &CallInfo<'_>, status: u16, _: &HeaderMap) {
        self.seen
            .lock()
            .unwrap()
            .push(format!("{} answered {status}", call.endpoint_id));
    }
}

static FORM_TOKEN: ClientCredentialsSpec = ClientCredentialsSpec {
    token_path: "/oauth/token",
    client_auth: ClientAuthMethod::Form,
    refresh_before_seconds: 60,
};

/// Issue 16: a token request is a request of the client like any other —
/// interceptors see it (before the secret is added, so never the secret),
/// it carries the client's User-Agent, and over a mock it reaches only the
/// mock. The form credentials are RFC 6749 §2.3.1's, with its example client.
#[tokio::test]
async fn token_requests_are_shown_to_interceptors_without_the_secret() {
    let mock = MockTransport::new();
    // RFC 6749 §5.1's example answer, with the Bearer type this client uses.
    mock.on(
        "POST",
        "/oauth/token",
        MockResponse::json(
            200,
            json!({ "access_token": "2YotnFZFEjr1zCsicMWpAA", "token_type": "Bearer", "expires_in": 3600 }),
        ),
    );
    mock.on(
        "GET",
        "/api/m2m/subscriptions/sb.1",
        MockResponse::json(
            200,
            json!({ "data": {}, "status": { "severity": "SUCCESS" } }),
        ),
    );
    let recorder = Recorder::default();
    let config = ClientConfig::new("https://api.azotte.cloud")
        .transport(mock.clone())
        .user_agent("acme-billing/2.1")
        .interceptor(recorder.clone())
        .retry(RetryPolicy::disabled());
    let auth = ClientCredentials::new(&FORM_TOKEN, "s6BhdRkqt3", "gX1fBat3bV");
    let client = Client::new(config, auth).unwrap();
    client
        .call::<serde_json::Value, RawCode>(
            &GET_SUBSCRIPTION,
            Request::new().path_param("urn", "sb.1"),
        )
        .await
        .expect("the call is answered by the mock");

    // The call's interceptors run before its auth, which fetches the token.
    let seen = recorder.seen.lock().unwrap().clone();
    assert_eq!(
        seen,
        [
            "M2M-05-02 /api/m2m/subscriptions/sb.1 | auth: false | ".to_owned(),
            format!(
                "{TOKEN_CALL_ID} /oauth/token | auth: false | grant_type=client_credentials&client_id=s6BhdRkqt3"
            ),
            format!("{TOKEN_CALL_ID} answered 200"),
            "M2M-05-02 answered 200".to_owned(),
        ]
    );

    let requests = mock.requests();
    let token = &requests[0];
    assert_eq!(token.url.path(), "/oauth/token");
    assert_eq!(
        String::from_utf8_lossy(&token.body),
        "grant_type=client_credentials&client_id=s6BhdRkqt3&client_secret=gX1fBat3bV"
    );
    assert_eq!(token.header("user-agent"), Some("acme-billing/2.1"));
    assert!(requests
        .iter()
        .all(|r| r.url.host_str() == Some("api.azotte.cloud")));
}
