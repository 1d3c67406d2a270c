//! Empty or blank credentials and environment placeholders are refused when
//! the client is built, naming what is empty and never showing a value
//! (issue 16: an empty key, tenant, token, client id or secret, or project
//! name used to be accepted and sent).

use azotte_runtime::*;

static TOKEN_SPEC: ClientCredentialsSpec = ClientCredentialsSpec {
    token_path: "/oauth/token",
    client_auth: ClientAuthMethod::Basic,
    refresh_before_seconds: 60,
};

fn build(base_url: &str, auth: impl Auth + 'static) -> Result<Client, BuildError> {
    Client::new(ClientConfig::new(base_url), auth)
}

const BASE: &str = "https://acme.sandbox.azotte.com/api/v1";

#[test]
fn blank_header_credentials_are_refused_naming_the_header() {
    for (key, tenant, named) in [
        ("", "tenant-1", "x-api-key"),
        ("   ", "tenant-1", "x-api-key"),
        ("sk_dev_acme_sample_123456789", "", "x-tn"),
        ("sk_dev_acme_sample_123456789", " \t", "x-tn"),
    ] {
        let auth = HeaderAuth::new()
            .secret("x-api-key", key)
            .plain("x-tn", tenant);
        let error = build(BASE, auth).expect_err("a blank credential is refused");
        let text = error.to_string();
        assert!(text.contains(&format!("`{named}` is empty")), "{text}");
    }
    let auth = HeaderAuth::new()
        .secret("x-api-key", "sk_dev_acme_sample_123456789")
        .plain("x-tn", "e2a1c7b2-4f3a-4b8e-9c2d-1a2b3c4d5e6f");
    assert!(
        build(BASE, auth).is_ok(),
        "document 000's credentials build"
    );
}

#[test]
fn blank_oauth_client_credentials_are_refused() {
    for (id, secret, says) in [
        ("", "s6BhdRkqt3-secret", "client id is empty"),
        ("  ", "s6BhdRkqt3-secret", "client id is empty"),
        ("s6BhdRkqt3", "", "client secret is empty"),
        ("s6BhdRkqt3", " ", "client secret is empty"),
    ] {
        let error = build(BASE, ClientCredentials::new(&TOKEN_SPEC, id, secret))
            .expect_err("blank client credentials are refused");
        assert!(error.to_string().contains(says), "{error}");
    }
    // RFC 6749 §4.4's example client builds.
    assert!(build(
        BASE,
        ClientCredentials::new(&TOKEN_SPEC, "s6BhdRkqt3", "gX1fBat3bV")
    )
    .is_ok());
}

#[test]
fn a_blank_static_bearer_token_is_refused() {
    for token in ["", "  "] {
        let error = build(BASE, BearerAuth::new(StaticToken::new(token)))
            .expect_err("a blank token is refused");
        assert!(
            error.to_string().contains("bearer token is empty"),
            "{error}"
        );
    }
    assert!(build(BASE, BearerAuth::new(StaticToken::new("ut-1"))).is_ok());
}

#[test]
fn an_empty_host_label_is_refused() {
    // `https://{projectName}.sandbox.azotte.com/api/v1` with an empty project name.
    for url in [
        "https://.sandbox.azotte.com/api/v1",
        "https://acme..azotte.com/api/v1",
    ] {
        let error = build(url, BearerAuth::new(StaticToken::new("ut-1")))
            .expect_err("an empty host label is refused");
        assert!(
            matches!(error, BuildError::InvalidBaseUrl { .. }),
            "{error:?}"
        );
        assert!(error.to_string().contains("empty label"), "{error}");
    }
    // A fully qualified host (trailing dot) has no empty label.
    assert!(build(
        "https://acme.sandbox.azotte.com./api/v1",
        BearerAuth::new(StaticToken::new("ut-1"))
    )
    .is_ok());
}
