//! OAuth2 client credentials (M2M service tokens) against a real token
//! endpoint: caching and reuse, proactive refresh, single flight under
//! concurrency, 401 → refresh → one re-send, and token failures that say
//! what failed without the secret. The request's RFC 6749 shape, shared
//! failures and back-off: `oauth_rfc6749.rs`.

mod support;

use azotte_runtime::*;
use serde_json::json;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;
use support::*;

const CLIENT_ID: &str = "svc-checkout";
const CLIENT_SECRET: &str = "cs+/= TOP-SECRET-client";
/// `expires_in: 1` with a 1 s early refresh: every token is due at once.
static ALWAYS_DUE: ClientCredentialsSpec = ClientCredentialsSpec {
    refresh_before_seconds: 1,
    ..BASIC_TOKEN_SPEC
};

fn token_reply(token: &str, expires_in: u64) -> Reply {
    Reply::json(
        200,
        json!({ "access_token": token, "token_type": "Bearer", "expires_in": expires_in }),
    )
}

/// A server issuing `tok-1`, `tok-2`, ... (each valid for `expires_in`) and
/// answering API calls with `api(authorization header)`.
async fn oauth_server(
    expires_in: u64,
    token_delay: Duration,
    api: impl Fn(Option<&str>) -> Reply + Send + Sync + 'static,
) -> TestServer {
    let issued = AtomicUsize::new(0);
    TestServer::scripted(move |request, _| {
        if request.path == TOKEN_PATH {
            let n = issued.fetch_add(1, Ordering::SeqCst) + 1;
            token_reply(&format!("tok-{n}"), expires_in).delayed(token_delay)
        } else {
            api(request.header("authorization"))
        }
    })
    .await
}

fn ok_api(_: Option<&str>) -> Reply {
    moneti_ok(json!({ "id": 1 }))
}

fn client(server: &TestServer, auth: ClientCredentials) -> Client {
    Client::new(ClientConfig::new(&server.base_url), auth).unwrap()
}

async fn get(client: &Client) -> Result<Response<serde_json::Value>, ApiError<RawCode>> {
    client
        .call(
            &GET_SUBSCRIPTION,
            Request::new().path_param("urn", "sb.00.060"),
        )
        .await
}

#[tokio::test]
async fn one_token_request_then_bearer_and_reuse() {
    let server = oauth_server(900, Duration::ZERO, ok_api).await;
    let client = client(
        &server,
        ClientCredentials::new(&BASIC_TOKEN_SPEC, CLIENT_ID, CLIENT_SECRET).scope("read:offers"),
    );
    for _ in 0..3 {
        get(&client).await.unwrap();
    }
    let tokens = server.requests_to(TOKEN_PATH);
    assert_eq!(tokens.len(), 1, "one token for several calls");
    assert_eq!(tokens[0].method, "POST");
    assert_eq!(
        tokens[0].header("content-type"),
        Some("application/x-www-form-urlencoded")
    );
    assert_eq!(
        String::from_utf8_lossy(&tokens[0].body),
        "grant_type=client_credentials&scope=read%3Aoffers"
    );
    let api = server.requests_to("/api/m2m/subscriptions/sb.00.060");
    assert_eq!(api.len(), 3);
    assert!(api
        .iter()
        .all(|r| r.header("authorization") == Some("Bearer tok-1")));
}

#[tokio::test]
async fn form_client_auth_sends_the_credentials_as_form_fields() {
    let server = oauth_server(900, Duration::ZERO, ok_api).await;
    let client = client(
        &server,
        ClientCredentials::new(&FORM_TOKEN_SPEC, CLIENT_ID, CLIENT_SECRET),
    );
    get(&client).await.unwrap();
    let token = &server.requests_to(TOKEN_PATH)[0];
    assert_eq!(
        token.header("content-type"),
        Some("application/x-www-form-urlencoded")
    );
    assert_eq!(token.header("authorization"), None);
    // HTML form encoding (RFC 6749 Appendix B): space is `+`.
    assert_eq!(
        String::from_utf8_lossy(&token.body),
        "grant_type=client_credentials&client_id=svc-checkout\
         &client_secret=cs%2B%2F%3D+TOP-SECRET-client"
    );
}

#[tokio::test]
async fn token_due_for_refresh_is_fetched_again() {
    let server = oauth_server(1, Duration::ZERO, ok_api).await;
    let client = client(
        &server,
        ClientCredentials::new(&ALWAYS_DUE, CLIENT_ID, CLIENT_SECRET),
    );
    get(&client).await.unwrap();
    get(&client).await.unwrap();
    assert_eq!(server.requests_to(TOKEN_PATH).len(), 2);
    let auth: Vec<_> = server
        .requests_to("/api/m2m/subscriptions/sb.00.060")
        .iter()
        .map(|r| r.header("authorization").unwrap().to_owned())
        .collect();
    assert_eq!(auth, ["Bearer tok-1", "Bearer tok-2"]);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn fifty_concurrent_calls_share_one_token_request() {
    let server = oauth_server(900, Duration::from_millis(200), ok_api).await;
    let client = client(
        &server,
        ClientCredentials::new(&BASIC_TOKEN_SPEC, CLIENT_ID, CLIENT_SECRET),
    );
    let calls = (0..50).map(|_| {
        let client = client.clone();
        tokio::spawn(async move { get(&client).await.map(|_| ()) })
    });
    for result in futures::future::join_all(calls).await {
        result.unwrap().unwrap();
    }
    assert_eq!(server.requests_to(TOKEN_PATH).len(), 1);
    assert_eq!(
        server.requests_to("/api/m2m/subscriptions/sb.00.060").len(),
        50
    );
}

#[tokio::test]
async fn unauthorized_refreshes_the_token_and_resends_once() {
    let server = oauth_server(900, Duration::ZERO, |auth| {
        if auth == Some("Bearer tok-1") {
            Reply::empty(401)
        } else {
            moneti_ok(json!({ "paymentUrn": "pa.00.1" }))
        }
    })
    .await;
    let client = client(
        &server,
        ClientCredentials::new(&BASIC_TOKEN_SPEC, CLIENT_ID, CLIENT_SECRET),
    );
    let response = client
        .call::<serde_json::Value, RawCode>(&CREATE_PAYMENT, Request::new().json(&json!({})))
        .await
        .unwrap();
    assert_eq!(response.attempts(), 2);
    assert_eq!(server.requests_to(TOKEN_PATH).len(), 2);
    let sent = server.requests_to("/api/m2m/payments");
    assert_eq!(sent.len(), 2);
    assert_eq!(sent[1].header("authorization"), Some("Bearer tok-2"));
    for header in ["idempotency-key", "x-correlation-id"] {
        assert!(sent[0].header(header).is_some(), "{header}");
        assert_eq!(sent[0].header(header), sent[1].header(header), "{header}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn staggered_unauthorized_answers_to_one_revoked_token_refresh_it_once() {
    // `tok-1` is revoked: eight calls sent with it get their 401s 40 ms
    // apart, each after the first has already fetched `tok-2`. A 401 to a
    // request authorized before the current token was fetched must not drop
    // that token, or every late 401 would fetch yet another one.
    let rejected = Arc::new(AtomicUsize::new(0));
    let seen = rejected.clone();
    let server = oauth_server(900, Duration::ZERO, move |auth| {
        if auth == Some("Bearer tok-1") {
            let n = seen.fetch_add(1, Ordering::SeqCst) as u64;
            Reply::empty(401).delayed(Duration::from_millis(40 * n))
        } else {
            ok_api(auth)
        }
    })
    .await;
    let client = client(
        &server,
        ClientCredentials::new(&BASIC_TOKEN_SPEC, CLIENT_ID, CLIENT_SECRET),
    );
    let calls = (0..8).map(|_| {
        let client = client.clone();
        tokio::spawn(async move { get(&client).await.map(|r| r.attempts()) })
    });
    // A call the scheduler starts only after `tok-2` arrived (a loaded
    // machine) is sent with `tok-2` and succeeds at once; every call sent
    // with `tok-1` takes one 401, then succeeds.
    let mut retried = 0;
    for result in futures::future::join_all(calls).await {
        let attempts = result.unwrap().unwrap();
        assert!(attempts == 1 || attempts == 2, "{attempts} attempts");
        retried += usize::from(attempts == 2);
    }
    let rejected = rejected.load(Ordering::SeqCst);
    assert_eq!(retried, rejected, "each 401 retried once");
    assert!(rejected >= 2, "staggered 401s arrived: {rejected}");
    assert_eq!(
        server.requests_to(TOKEN_PATH).len(),
        2,
        "tok-1, then tok-2 only"
    );
}

#[tokio::test]
async fn a_second_unauthorized_is_returned() {
    let server = oauth_server(900, Duration::ZERO, |_| Reply::empty(401)).await;
    let client = client(
        &server,
        ClientCredentials::new(&BASIC_TOKEN_SPEC, CLIENT_ID, CLIENT_SECRET),
    );
    let error = get(&client).await.unwrap_err();
    assert!(matches!(error, ApiError::Unauthorized(_)), "{error:?}");
    assert_eq!(error.attempts(), 2);
    assert_eq!(server.requests_to(TOKEN_PATH).len(), 2);
}

#[tokio::test]
async fn a_token_response_without_access_token_is_refused_saying_so() {
    // RFC 6749 §5.1 puts `access_token` at the top level; a body that
    // wraps it elsewhere is not a token response.
    let server = TestServer::scripted(|request, _| {
        if request.path == TOKEN_PATH {
            Reply::json(200, json!({ "data": { "access_token": "wrapped" } }))
        } else {
            moneti_ok(json!(null))
        }
    })
    .await;
    let client = client(
        &server,
        ClientCredentials::new(&BASIC_TOKEN_SPEC, CLIENT_ID, CLIENT_SECRET),
    );
    let error = get(&client).await.unwrap_err();
    let token = error.token_error().expect("a token error");
    assert!(
        matches!(
            token.kind(),
            TokenErrorKind::InvalidResponse { status: 200, .. }
        ),
        "{token:?}"
    );
    assert!(error.to_string().contains("no `access_token`"), "{error}");
    assert!(server
        .requests_to("/api/m2m/subscriptions/sb.00.060")
        .is_empty());
}

#[tokio::test]
async fn token_failure_names_status_and_oauth_error_but_not_the_secret() {
    let api_calls = Arc::new(AtomicUsize::new(0));
    let seen = api_calls.clone();
    let server = TestServer::scripted(move |request, _| {
        if request.path == TOKEN_PATH {
            Reply::json(
                401,
                json!({ "error": "invalid_client",
                        "error_description": format!("unknown secret {CLIENT_SECRET}") }),
            )
        } else {
            seen.fetch_add(1, Ordering::SeqCst);
            moneti_ok(json!(null))
        }
    })
    .await;
    let client = client(
        &server,
        ClientCredentials::new(&BASIC_TOKEN_SPEC, CLIENT_ID, CLIENT_SECRET),
    );
    let error = get(&client).await.unwrap_err();
    assert!(matches!(error, ApiError::Auth(_)), "{error:?}");
    let oauth = error.token_error().and_then(TokenError::oauth).unwrap();
    assert_eq!(oauth.error, OAuthErrorCode::InvalidClient);
    assert_eq!(
        oauth.error_description.as_deref(),
        Some("unknown secret [REDACTED]")
    );
    let shown = error.to_string();
    assert!(shown.contains("HTTP 401"), "{shown}");
    assert!(shown.contains("invalid_client"), "{shown}");
    assert!(shown.contains(TOKEN_PATH), "{shown}");
    for text in [shown, format!("{error:?}")] {
        assert!(!text.contains(CLIENT_SECRET), "{text}");
    }
    assert_eq!(api_calls.load(Ordering::SeqCst), 0, "nothing sent");
}
