//! The client-credentials token request as RFC 6749 writes it, checked by
//! plain axum servers on 127.0.0.1 that implement only the RFC's rule. Every
//! expected byte comes from the RFC's own examples (§4.4.2, §2.3.1,
//! Appendix B, §5.2) or from document 003 (its token response), never from
//! this client: the server answers a token only to exactly those bytes and
//! RFC 6749 §5.2's `{"error":"invalid_request"}` to anything else. Also:
//! token requests go through the client's transport, concurrent callers
//! share one attempt (its failure included) and a failure backs off.

mod support;

use azotte_runtime::*;
use base64::Engine as _;
use serde_json::json;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use support::*;

const API_PATH: &str = "/api/m2m/subscriptions/sb.00.060";
/// RFC 6749 §4.4.2 / §2.3.1: the example client and its password.
const RFC_CLIENT_ID: &str = "s6BhdRkqt3";
const RFC_CLIENT_SECRET: &str = "gX1fBat3bV";
/// RFC 6749 §4.4.2's example header for that client.
const RFC_BASIC: &str = "Basic czZCaGRSa3F0MzpnWDFmQmF0M2JW";
/// RFC 6749 Appendix B: the value " %&+£€" and its encoding.
const APPENDIX_B_VALUE: &str = " %&+£€";
const APPENDIX_B_ENCODED: &str = "+%25%26%2B%C2%A3%E2%82%AC";
/// Document 003's access token.
const DOC_003_TOKEN: &str = "eyJhbGc...";

/// Document 003's token response, verbatim.
fn doc_003_token() -> Reply {
    let body = r#"{
"access_token": "eyJhbGc...",
"token_type": "Bearer",
"expires_in": 3600,
"scope": "read:customers read:entitlements write:metering"
}"#;
    Reply::raw(200, body).header("content-type", "application/json")
}

/// RFC 6749 §5.2's example error body.
fn invalid_request() -> Reply {
    Reply::raw(400, r#"{"error":"invalid_request"}"#).header("content-type", "application/json")
}

/// A token endpoint that issues document 003's token only to a POST with
/// exactly `authorization` and `body` (form content type), and the API
/// behind it, which answers only that token.
async fn rfc_server(authorization: Option<String>, body: String) -> TestServer {
    TestServer::scripted(move |request, _| {
        if request.path == TOKEN_PATH {
            let exact = request.method == "POST"
                && request.header("content-type") == Some("application/x-www-form-urlencoded")
                && request.header("authorization") == authorization.as_deref()
                && request.body == body.as_bytes();
            if exact {
                doc_003_token()
            } else {
                invalid_request()
            }
        } else if request.header("authorization") == Some("Bearer eyJhbGc...") {
            moneti_ok(json!({ "ok": true }))
        } else {
            Reply::empty(401)
        }
    })
    .await
}

async fn get(client: &Client) -> Result<Response<serde_json::Value>, ApiError<RawCode>> {
    client
        .call(
            &GET_SUBSCRIPTION,
            Request::new().path_param("urn", "sb.00.060"),
        )
        .await
}

fn client(server: &TestServer, auth: ClientCredentials) -> Client {
    Client::new(ClientConfig::new(&server.base_url), auth).unwrap()
}

#[tokio::test]
async fn the_rfc_4_4_2_example_request_gets_document_003s_token() {
    let server = rfc_server(
        Some(RFC_BASIC.to_owned()),
        "grant_type=client_credentials".to_owned(),
    )
    .await;
    let client = client(
        &server,
        ClientCredentials::new(&BASIC_TOKEN_SPEC, RFC_CLIENT_ID, RFC_CLIENT_SECRET),
    );
    get(&client).await.unwrap();
    get(&client).await.unwrap();
    assert_eq!(server.requests_to(TOKEN_PATH).len(), 1, "expires_in 3600");
    let api = server.requests_to(API_PATH);
    assert_eq!(api.len(), 2);
    assert!(api
        .iter()
        .all(|r| r.header("authorization") == Some("Bearer eyJhbGc...")));
}

#[tokio::test]
async fn basic_encodes_id_and_secret_form_urlencoded_before_base64() {
    // §2.3.1: the id and the password are form-urlencoded (Appendix B),
    // then joined with `:` and base64-encoded.
    let pair = format!("{RFC_CLIENT_ID}:{APPENDIX_B_ENCODED}");
    let expected = format!(
        "Basic {}",
        base64::engine::general_purpose::STANDARD.encode(pair)
    );
    let server = rfc_server(Some(expected), "grant_type=client_credentials".to_owned()).await;
    let client = client(
        &server,
        ClientCredentials::new(&BASIC_TOKEN_SPEC, RFC_CLIENT_ID, APPENDIX_B_VALUE),
    );
    get(&client).await.unwrap();
}

#[tokio::test]
async fn form_client_auth_puts_the_appendix_b_encoded_credentials_in_the_body() {
    let body = format!(
        "grant_type=client_credentials&client_id={RFC_CLIENT_ID}&client_secret={APPENDIX_B_ENCODED}"
    );
    let server = rfc_server(None, body).await;
    let client = client(
        &server,
        ClientCredentials::new(&FORM_TOKEN_SPEC, RFC_CLIENT_ID, APPENDIX_B_VALUE),
    );
    get(&client).await.unwrap();
}

#[tokio::test]
async fn scopes_are_sent_only_when_the_caller_adds_them() {
    // Appendix B encoding of the space-delimited list (§3.3): `:` is %3A,
    // the space `+`; a scope added twice is sent once.
    let body = "grant_type=client_credentials&scope=read%3Acustomers+write%3Ametering";
    let server = rfc_server(Some(RFC_BASIC.to_owned()), body.to_owned()).await;
    let client = client(
        &server,
        ClientCredentials::new(&BASIC_TOKEN_SPEC, RFC_CLIENT_ID, RFC_CLIENT_SECRET)
            .scope("read:customers")
            .scope("write:metering read:customers"),
    );
    get(&client).await.unwrap();

    // A scope with a character §3.3 does not allow is refused up front.
    let refused = Client::new(
        ClientConfig::new(&server.base_url),
        ClientCredentials::new(&BASIC_TOKEN_SPEC, RFC_CLIENT_ID, RFC_CLIENT_SECRET)
            .scope("read\"all"),
    )
    .unwrap_err();
    assert!(refused.to_string().contains("read\"all"), "{refused}");
}

#[tokio::test]
async fn the_rfc_5_2_error_becomes_a_typed_error_without_the_secret() {
    // Anything but the RFC example is answered {"error":"invalid_request"}.
    let server = rfc_server(Some(RFC_BASIC.to_owned()), "no".to_owned()).await;
    let client = client(
        &server,
        ClientCredentials::new(&BASIC_TOKEN_SPEC, RFC_CLIENT_ID, RFC_CLIENT_SECRET),
    );
    let error = get(&client).await.unwrap_err();
    let token = error.token_error().expect("a token error");
    assert_eq!(token.status(), Some(400));
    let oauth = token.oauth().expect("an RFC 6749 §5.2 error");
    assert_eq!(oauth.error, OAuthErrorCode::InvalidRequest);
    assert_eq!(
        (oauth.error_description.as_ref(), oauth.error_uri.as_ref()),
        (None, None)
    );
    let shown = format!("{error} {error:?}");
    assert!(shown.contains("invalid_request"), "{shown}");
    assert!(!shown.contains(RFC_CLIENT_SECRET), "{shown}");
    assert!(
        server.requests_to(API_PATH).is_empty(),
        "no call without a token"
    );
}

#[tokio::test]
async fn every_rfc_5_2_field_is_named() {
    let server = TestServer::start(Reply::json(
        401,
        json!({ "error": "invalid_client", "error_description": "Client authentication failed",
                "error_uri": "https://auth.example/errors/invalid_client" }),
    ))
    .await;
    let client = client(
        &server,
        ClientCredentials::new(&BASIC_TOKEN_SPEC, RFC_CLIENT_ID, RFC_CLIENT_SECRET),
    );
    let error = get(&client).await.unwrap_err();
    let oauth = error.token_error().and_then(TokenError::oauth).unwrap();
    assert_eq!(oauth.error, OAuthErrorCode::InvalidClient);
    let shown = error.to_string();
    for part in [
        "HTTP 401",
        "invalid_client",
        "Client authentication failed",
        "https://auth.example/errors/invalid_client",
    ] {
        assert!(shown.contains(part), "{part}: {shown}");
    }
}

#[tokio::test]
async fn token_requests_go_through_the_clients_transport() {
    // `.invalid` never resolves (RFC 6761): a token request that bypassed
    // the mock would fail instead of reaching it.
    let mock = MockTransport::new();
    mock.on(
        "POST",
        TOKEN_PATH,
        MockResponse::json(
            200,
            json!({ "access_token": DOC_003_TOKEN, "token_type": "Bearer" }),
        ),
    );
    mock.on(
        "GET",
        API_PATH,
        MockResponse::json(
            200,
            json!({ "data": { "ok": true },
                    "status": { "severity": "SUCCESS", "messageCode": "MNT-000-00" } }),
        ),
    );
    let client = Client::new(
        ClientConfig::new("https://api.azotte.invalid").transport(mock.clone()),
        ClientCredentials::new(&BASIC_TOKEN_SPEC, RFC_CLIENT_ID, RFC_CLIENT_SECRET),
    )
    .unwrap();
    get(&client).await.unwrap();
    let seen = mock.requests();
    assert_eq!(seen.len(), 2, "{seen:?}");
    assert_eq!(seen[0].header("authorization"), Some(RFC_BASIC));
    assert_eq!(seen[1].header("authorization"), Some("Bearer eyJhbGc..."));
}

/// A token endpoint that counts its requests (arrival times) and answers the
/// first `failures` with RFC 6749 §5.2's example error after `delay`.
async fn counting_server(
    failures: usize,
    delay: Duration,
) -> (TestServer, Arc<Mutex<Vec<Instant>>>) {
    let arrivals = Arc::new(Mutex::new(Vec::new()));
    let seen = arrivals.clone();
    let server = TestServer::scripted(move |request, _| {
        if request.path != TOKEN_PATH {
            return moneti_ok(json!({ "ok": true }));
        }
        let mut arrivals = seen.lock().unwrap();
        arrivals.push(Instant::now());
        if arrivals.len() <= failures {
            invalid_request().delayed(delay)
        } else {
            doc_003_token().delayed(delay)
        }
    })
    .await;
    (server, arrivals)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn twenty_waiting_calls_share_one_failed_token_request_then_back_off() {
    let delay = Duration::from_millis(200);
    let backoff = Duration::from_millis(400);
    let (server, arrivals) = counting_server(1, delay).await;
    let client = client(
        &server,
        ClientCredentials::new(&BASIC_TOKEN_SPEC, RFC_CLIENT_ID, RFC_CLIENT_SECRET)
            .failure_backoff(backoff),
    );
    let calls = (0..20).map(|_| {
        let client = client.clone();
        tokio::spawn(async move { get(&client).await.map(|_| ()) })
    });
    for result in futures::future::join_all(calls).await {
        let error = result.unwrap().unwrap_err();
        let oauth = error.token_error().and_then(TokenError::oauth);
        assert_eq!(
            oauth.map(|o| &o.error),
            Some(&OAuthErrorCode::InvalidRequest),
            "{error}"
        );
    }
    assert_eq!(
        arrivals.lock().unwrap().len(),
        1,
        "one request, one shared failure"
    );

    // The next call waits out the back-off, then one new request succeeds.
    get(&client).await.unwrap();
    let arrivals = arrivals.lock().unwrap().clone();
    assert_eq!(arrivals.len(), 2);
    let gap = arrivals[1] - arrivals[0];
    assert!(gap >= delay + backoff, "second request after {gap:?}");
    assert_eq!(server.requests_to(API_PATH).len(), 1);
}

#[tokio::test]
async fn a_failed_proactive_refresh_keeps_the_unexpired_token() {
    // Every token is due for refresh at once (expires_in 3600, refresh
    // 3600 s early) but valid for an hour: a failed refresh still calls.
    static DUE: ClientCredentialsSpec = ClientCredentialsSpec {
        refresh_before_seconds: 3600,
        ..BASIC_TOKEN_SPEC
    };
    let arrivals = Arc::new(Mutex::new(0));
    let seen = arrivals.clone();
    let server = TestServer::scripted(move |request, _| {
        if request.path != TOKEN_PATH {
            return moneti_ok(json!({ "ok": true }));
        }
        let mut n = seen.lock().unwrap();
        *n += 1;
        if *n == 1 {
            doc_003_token()
        } else {
            invalid_request()
        }
    })
    .await;
    let client = client(
        &server,
        ClientCredentials::new(&DUE, RFC_CLIENT_ID, RFC_CLIENT_SECRET),
    );
    get(&client).await.unwrap();
    get(&client).await.unwrap();
    assert_eq!(*arrivals.lock().unwrap(), 2, "the refresh was tried");
    let api = server.requests_to(API_PATH);
    assert_eq!(api[1].header("authorization"), Some("Bearer eyJhbGc..."));
}

#[tokio::test]
async fn outside_a_client_apply_sends_the_same_rfc_request() {
    let server = rfc_server(
        Some(RFC_BASIC.to_owned()),
        "grant_type=client_credentials".to_owned(),
    )
    .await;
    let auth = ClientCredentials::new(&BASIC_TOKEN_SPEC, RFC_CLIENT_ID, RFC_CLIENT_SECRET);
    let url = format!("{}{API_PATH}", server.base_url).parse().unwrap();
    let mut request = reqwest::Request::new(reqwest::Method::GET, url);
    auth.apply(&mut request).await.unwrap();
    assert_eq!(
        request.headers()["authorization"],
        "Bearer eyJhbGc...",
        "document 003's token"
    );
}

#[tokio::test]
async fn an_unreachable_token_endpoint_is_a_transport_token_error() {
    let client = Client::new(
        ClientConfig::new(refused_base_url()),
        ClientCredentials::new(&BASIC_TOKEN_SPEC, RFC_CLIENT_ID, RFC_CLIENT_SECRET),
    )
    .unwrap();
    let error = get(&client).await.unwrap_err();
    let token = error.token_error().expect("a token error");
    assert!(
        matches!(token.kind(), TokenErrorKind::Transport { .. }),
        "{token:?}"
    );
    assert_eq!((token.status(), token.oauth()), (None, None));
    assert!(token.url().ends_with(TOKEN_PATH), "{}", token.url());
}
