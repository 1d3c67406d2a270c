//! Secrets never show: `Debug` of auth, client and errors, sensitive header
//! marking, and build-time validation messages that name headers, not values.
//! Also the construction errors of `Client::new` and `expand_template`.

mod support;

use azotte_runtime::*;
use serde_json::json;
use std::sync::{Arc, Mutex};
use support::*;

#[test]
fn header_auth_debug_redacts_secrets_and_names_headers() {
    let shown = format!("{:?} {:#?}", tenant_auth(), tenant_auth());
    assert!(!shown.contains(API_KEY), "{shown}");
    assert!(shown.contains("\"x-api-key\": [REDACTED]"), "{shown}");
    assert!(shown.contains(TENANT), "plain values stay visible: {shown}");
}

#[tokio::test]
async fn header_auth_marks_secret_values_sensitive() {
    let mut request = reqwest::Request::new(
        reqwest::Method::GET,
        reqwest::Url::parse("http://127.0.0.1/").unwrap(),
    );
    tenant_auth().apply(&mut request).await.unwrap();
    let headers = request.headers();
    assert!(headers["x-api-key"].is_sensitive());
    assert_eq!(headers["x-api-key"], API_KEY);
    assert!(!headers["x-tn"].is_sensitive());
    assert!(!format!("{headers:?}").contains(API_KEY));
}

#[test]
fn invalid_secret_is_rejected_at_build_naming_the_header_only() {
    let auth = HeaderAuth::new().secret("x-api-key", "abc\r\nSMUGGLED-SECRET");
    let error = Client::new(ClientConfig::new("http://localhost:5210"), auth).unwrap_err();
    assert!(matches!(error, BuildError::Auth(_)), "{error:?}");
    for shown in [error.to_string(), format!("{error:?}")] {
        assert!(shown.contains("x-api-key"), "{shown}");
        assert!(!shown.contains("SMUGGLED-SECRET"), "{shown}");
    }
    let error = Client::new(
        ClientConfig::new("http://localhost:5210"),
        HeaderAuth::new().plain("bad name", "v"),
    )
    .unwrap_err();
    assert!(error.to_string().contains("`bad name`"), "{error}");
}

#[test]
fn client_debug_shows_base_url_and_redacted_auth_only() {
    let client = Client::new(
        ClientConfig::new("https://acme.sandbox.azotte.com/"),
        tenant_auth(),
    )
    .unwrap()
    .with_header("X-Partner-Secret", "partner-secret-value");
    let shown = format!("{client:?}");
    assert!(shown.contains("https://acme.sandbox.azotte.com"), "{shown}");
    assert!(shown.contains("[REDACTED]"), "{shown}");
    assert!(!shown.contains(API_KEY), "{shown}");
    assert!(!shown.contains("partner-secret-value"), "{shown}");
}

#[tokio::test]
async fn errors_never_contain_the_secret() {
    let server = TestServer::start(Reply::empty(401)).await;
    let error = server
        .client()
        .call::<serde_json::Value, CustomerError>(&STORE_CUSTOMER, Request::new().json(&json!({})))
        .await
        .expect_err("401");
    assert_eq!(
        server.single_request().header("x-api-key"),
        Some(API_KEY),
        "it was sent"
    );
    for shown in [
        error.to_string(),
        format!("{error:?}"),
        format!("{error:#?}"),
    ] {
        assert!(!shown.contains(API_KEY), "{shown}");
    }
}

/// Records whether the lane's secret header reached the auth step marked sensitive.
#[derive(Debug, Default)]
struct SpyAuth(Arc<Mutex<Option<bool>>>);
impl Auth for SpyAuth {
    fn apply<'a>(
        &'a self,
        request: &'a mut reqwest::Request,
    ) -> futures::future::BoxFuture<'a, Result<(), AuthError>> {
        let sensitive = request
            .headers()
            .get("x-partner-secret")
            .map(|v| v.is_sensitive());
        *self.0.lock().unwrap() = sensitive;
        Box::pin(async { Ok(()) })
    }
}

#[tokio::test]
async fn lane_secret_headers_are_marked_sensitive() {
    let server = TestServer::start(Reply::json(
        200,
        json!({ "status": { "severity": "SUCCESS" } }),
    ))
    .await;
    let seen = Arc::new(Mutex::new(None));
    let client = Client::new(ClientConfig::new(&server.base_url), SpyAuth(seen.clone())).unwrap();
    client
        .with_header("X-Partner-Secret", "partner-secret-value")
        .call::<serde_json::Value, RawCode>(&BUNDLES, Request::new())
        .await
        .unwrap();
    assert_eq!(*seen.lock().unwrap(), Some(true));
    assert_eq!(
        server.single_request().header("x-partner-secret"),
        Some("partner-secret-value")
    );
}

#[test]
fn bad_base_urls_are_rejected_with_clear_messages() {
    let build = |url: &str| Client::new(ClientConfig::new(url), NoAuth).unwrap_err();
    let error = build("not a url");
    assert!(matches!(error, BuildError::InvalidBaseUrl { .. }));
    assert!(error.to_string().contains("`not a url`"), "{error}");
    let error = build("ftp://files.azotte.com");
    assert!(error.to_string().contains("scheme `ftp`"), "{error}");
    let error = build("https://api.azotte.cloud/?x=1");
    assert!(
        matches!(error, BuildError::BaseUrlHasQuery { .. }),
        "{error:?}"
    );
    let error = build("https://user:hunter2@api.azotte.cloud");
    assert!(
        matches!(error, BuildError::BaseUrlHasCredentials { .. }),
        "{error:?}"
    );
    assert!(!error.to_string().contains("hunter2"), "{error}");
    assert!(error.to_string().contains("api.azotte.cloud"), "{error}");
    let error = Client::new(
        ClientConfig::new("http://localhost:5210").user_agent("bad\nagent"),
        NoAuth,
    )
    .unwrap_err();
    assert!(
        matches!(error, BuildError::InvalidUserAgent(_)),
        "{error:?}"
    );
}

#[test]
fn template_expansion_builds_a_usable_base_url_and_names_missing_placeholders() {
    let url = expand_template(
        "https://{projectName}.sandbox.azotte.com/api/{version}/",
        &[("projectName", "acme"), ("version", "v1")],
    )
    .unwrap();
    let client = Client::new(ClientConfig::new(url), NoAuth).unwrap();
    assert_eq!(client.base_url(), "https://acme.sandbox.azotte.com/api/v1");

    let error =
        expand_template("https://{projectName}.azotte.com", &[("version", "v1")]).unwrap_err();
    assert_eq!(
        error,
        TemplateError::MissingValue {
            template: "https://{projectName}.azotte.com".into(),
            name: "projectName".into()
        }
    );
    assert!(error.to_string().contains("`{projectName}`"), "{error}");
    let error = expand_template("https://{}.azotte.com", &[]).unwrap_err();
    assert!(
        matches!(error, TemplateError::InvalidPlaceholder { .. }),
        "{error:?}"
    );
    let error = expand_template("https://{project Name}.azotte.com", &[]).unwrap_err();
    assert!(error.to_string().contains("`{project Name}`"), "{error}");
    let error =
        expand_template("https://{projectName.azotte.com", &[("projectName", "a")]).unwrap_err();
    assert!(
        error.to_string().contains("unclosed `{` at byte 8"),
        "{error}"
    );
}
