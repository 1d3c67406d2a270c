//! The gateway's token endpoint accepts only what RFC 6749 allows for the
//! client-credentials grant, so it can no longer hide a wrong client. The
//! requests are written from the RFC (and document 003's curl), never by our
//! client: §4.4.2's example (client `s6BhdRkqt3`, secret `gX1fBat3bV`,
//! `Authorization: Basic czZCaGRSa3F0MzpnWDFmQmF0M2JW`), Appendix B's
//! encoding, and the §5.2 error answers with their statuses.

mod support;

use azotte_gateway::{Config, Gateway};
use serde_json::{json, Value};
use support::*;

const RFC_CLIENT_ID: &str = "s6BhdRkqt3";
const RFC_CLIENT_SECRET: &str = "gX1fBat3bV";
const RFC_BASIC: &str = "Basic czZCaGRSa3F0MzpnWDFmQmF0M2JW";
const FORM: &str = "application/x-www-form-urlencoded";

/// A gateway for `api` whose one OAuth client is `id` / `secret`.
async fn gateway(api: &str, id: &str, secret: &str) -> Gateway {
    start_with(Config {
        spec_dir: azotte_spec::api_dir(api),
        client_id: id.to_owned(),
        client_secret: secret.to_owned(),
        ..config()
    })
    .await
}

/// POSTs `body` to the token endpoint with these headers; status, headers, JSON.
async fn token(
    gw: &Gateway,
    headers: &[(&str, &str)],
    body: &str,
) -> (
    u16,
    azotte_client::runtime::reqwest::header::HeaderMap,
    Value,
) {
    let mut request = http()
        .post(format!("{}/oauth/token", gw.base_url()))
        .body(body.to_owned());
    for (name, value) in headers {
        request = request.header(*name, *value);
    }
    let r = request.send().await.unwrap();
    let (status, headers) = (r.status().as_u16(), r.headers().clone());
    (status, headers, r.json().await.unwrap_or(Value::Null))
}

fn error_of(answer: &(u16, impl Sized, Value)) -> (u16, &str) {
    (answer.0, answer.2["error"].as_str().unwrap_or("<none>"))
}

#[tokio::test]
async fn the_rfc_4_4_2_example_request_gets_a_token_not_to_be_cached() {
    let gw = gateway("azotte", RFC_CLIENT_ID, RFC_CLIENT_SECRET).await;
    let (status, headers, body) = token(
        &gw,
        &[("authorization", RFC_BASIC), ("content-type", FORM)],
        "grant_type=client_credentials",
    )
    .await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["token_type"], "Bearer");
    assert!(body["access_token"].as_str().is_some_and(|t| !t.is_empty()));
    // §5.1: "Cache-Control: no-store" and "Pragma: no-cache".
    assert_eq!(headers["cache-control"], "no-store");
    assert_eq!(headers["pragma"], "no-cache");
}

#[tokio::test]
async fn basic_credentials_are_form_urldecoded_after_base64() {
    // Appendix B: " %&+£€" travels as "+%25%26%2B%C2%A3%E2%82%AC".
    let gw = gateway("azotte", RFC_CLIENT_ID, " %&+£€").await;
    use base64::Engine as _;
    let pair = format!("{RFC_CLIENT_ID}:+%25%26%2B%C2%A3%E2%82%AC");
    let basic = format!(
        "Basic {}",
        base64::engine::general_purpose::STANDARD.encode(pair)
    );
    let answer = token(
        &gw,
        &[("authorization", &basic), ("content-type", FORM)],
        "grant_type=client_credentials",
    )
    .await;
    assert_eq!(answer.0, 200, "{}", answer.2);
}

#[tokio::test]
async fn what_rfc_6749_does_not_allow_is_answered_with_its_5_2_error() {
    let gw = gateway("azotte", RFC_CLIENT_ID, RFC_CLIENT_SECRET).await;
    let basic = ("authorization", RFC_BASIC);
    let form = ("content-type", FORM);
    // A JSON token request (what this client used to send).
    let json_body = json!({ "grant_type": "client_credentials", "client_id": RFC_CLIENT_ID,
                            "client_secret": RFC_CLIENT_SECRET })
    .to_string();
    let answer = token(&gw, &[("content-type", "application/json")], &json_body).await;
    assert_eq!(error_of(&answer), (400, "invalid_request"));
    // No grant type, another grant type, a repeated parameter.
    let answer = token(&gw, &[basic, form], "scope=").await;
    assert_eq!(error_of(&answer), (400, "invalid_request"));
    let answer = token(&gw, &[basic, form], "grant_type=password").await;
    assert_eq!(error_of(&answer), (400, "unsupported_grant_type"));
    let repeated = "grant_type=client_credentials&grant_type=client_credentials";
    let answer = token(&gw, &[basic, form], repeated).await;
    assert_eq!(error_of(&answer), (400, "invalid_request"));
    // Two client authentications at once (§2.3).
    let both = format!("grant_type=client_credentials&client_secret={RFC_CLIENT_SECRET}");
    let answer = token(&gw, &[basic, form], &both).await;
    assert_eq!(error_of(&answer), (400, "invalid_request"));
}

#[tokio::test]
async fn a_wrong_client_is_401_invalid_client_with_a_basic_challenge() {
    let gw = gateway("azotte", RFC_CLIENT_ID, RFC_CLIENT_SECRET).await;
    let form = ("content-type", FORM);
    let grant = "grant_type=client_credentials";
    // Basic over `s6BhdRkqt3:wrong`.
    let wrong = "Basic czZCaGRSa3F0Mzp3cm9uZw==";
    // Body credentials, which this spec's scheme (`client_auth: basic`) does not use.
    let in_body = format!("{grant}&client_id={RFC_CLIENT_ID}&client_secret={RFC_CLIENT_SECRET}");
    for (headers, body) in [
        (vec![("authorization", wrong), form], grant.to_owned()),
        (vec![("authorization", "Bearer x"), form], grant.to_owned()),
        (vec![form], grant.to_owned()),
        (vec![form], in_body),
    ] {
        let answer = token(&gw, &headers, &body).await;
        assert_eq!(
            error_of(&answer),
            (401, "invalid_client"),
            "{headers:?} {body}"
        );
        let challenge = answer.1["www-authenticate"].to_str().unwrap();
        assert!(challenge.starts_with("Basic "), "{challenge}");
    }
}

#[tokio::test]
async fn automatum_takes_document_003s_form_fields_and_checks_scopes() {
    let gw = gateway("automatum", "YOUR_CLIENT_ID", "YOUR_CLIENT_SECRET").await;
    let form = ("content-type", FORM);
    // Document 003's curl: three `-d` fields, joined by curl with `&`.
    let curl =
        "grant_type=client_credentials&client_id=YOUR_CLIENT_ID&client_secret=YOUR_CLIENT_SECRET";
    let (status, _, body) = token(&gw, &[form], curl).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["token_type"], "Bearer");
    // Scopes are declared by document 003; one it does not list is refused.
    let answer = token(&gw, &[form], &format!("{curl}&scope=write%3Ametering")).await;
    assert_eq!(
        (answer.0, &answer.2["scope"]),
        (200, &json!("write:metering"))
    );
    let answer = token(&gw, &[form], &format!("{curl}&scope=admin%3Aall")).await;
    assert_eq!(error_of(&answer), (400, "invalid_scope"));
}
