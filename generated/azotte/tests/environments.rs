//! Which hosts serve which lane, as the documents give them: C2A on the
//! project hosts (document 001: `https://{projectName}.azotte.com/api/v1/c2a/`
//! and `.sandbox.`) and the local gateway; M2M/P2M/T2M on the shared hosts of
//! document 004 (`https://api.azotte.cloud`). A client asked for a host the
//! spec does not list for its lane is refused, naming the hosts that do.

use azotte_client::auth::{ServiceToken, TenantApiKey};
use azotte_client::{c2a, m2m, BuildError, Environment};

#[test]
fn c2a_is_refused_on_the_shared_lane_host() {
    let err = c2a::Client::new(&Environment::Cloud, TenantApiKey::new("sk_1", "tn")).unwrap_err();
    assert!(matches!(
        err,
        BuildError::EnvironmentNotServed {
            lane: "c2a",
            environment: "cloud",
            ..
        }
    ));
    assert_eq!(
        err.to_string(),
        "the `c2a` lane is not served on the `cloud` environment; it is served on: live, sandbox, local"
    );
}

#[test]
fn each_lane_builds_on_the_hosts_its_documents_give() {
    c2a::Client::new(
        &Environment::sandbox("acme"),
        TenantApiKey::new("sk_1", "tn"),
    )
    .unwrap();
    c2a::Client::new(&Environment::live("acme"), TenantApiKey::new("sk_1", "tn")).unwrap();
    m2m::Client::new(&Environment::Cloud, ServiceToken::new("id", "secret")).unwrap();
    // Getting Started calls M2M on the project sandbox host (document 000).
    m2m::Client::new(
        &Environment::sandbox("acme"),
        TenantApiKey::new("sk_1", "tn"),
    )
    .unwrap();
}

#[test]
fn a_custom_url_is_not_checked() {
    c2a::Client::new(
        &Environment::Custom("http://127.0.0.1:9/api".into()),
        TenantApiKey::new("sk_1", "tn"),
    )
    .unwrap();
}

/// An empty project name, key or tenant fails when the client is built,
/// naming what is empty (issue 16), not on the first call.
#[test]
fn empty_project_name_key_or_tenant_is_refused() {
    let key = || {
        TenantApiKey::new(
            "sk_dev_acme_sample_123456789",
            "e2a1c7b2-4f3a-4b8e-9c2d-1a2b3c4d5e6f",
        )
    };
    let error = c2a::Client::new(&Environment::sandbox(""), key()).expect_err("empty project");
    assert!(
        matches!(error, BuildError::InvalidBaseUrl { .. }),
        "{error:?}"
    );
    for (api_key, tenant, named) in [("", "t", "x-api-key"), ("sk_dev_x", " ", "x-tn")] {
        let error = c2a::Client::new(
            &Environment::sandbox("acme"),
            TenantApiKey::new(api_key, tenant),
        )
        .expect_err("blank credential");
        assert!(error.to_string().contains(named), "{error}");
    }
    assert!(c2a::Client::new(&Environment::sandbox("acme"), key()).is_ok());
}
