//! A project on reqwest 0.13 passes its own `reqwest::Client` (its connection
//! pool, proxy and TLS settings) to the generated client (issue 14). This
//! test names `reqwest` through its own dependency, not the runtime's
//! re-export: were the runtime on another reqwest major, `http_client` would
//! not accept it (E0308, "multiple different versions of crate `reqwest`").
//! Over 127.0.0.1, a default header only that client sets arrives at the
//! server, so that client sent the call; a client without it sends none.

use azotte_client::auth::TenantApiKey;
use azotte_client::c2a::{self, *};
use azotte_client::types::*;
use azotte_client::ClientConfig;
use serde_json::json;
use test_support::TestServer;

/// A header no part of the runtime sets: only the caller's client adds it.
const MARK: &str = "x-own-http-client";

fn client(server: &TestServer, http: Option<reqwest::Client>) -> c2a::Client {
    let mut config = ClientConfig::new(format!("{}/api/v1", server.base_url));
    if let Some(http) = http {
        config = config.http_client(http);
    }
    c2a::Client::with_config(config, TenantApiKey::new("sk_test_1", "tenant-1"))
        .expect("client builds")
}

async fn validate(client: &c2a::Client) {
    client
        .validate_customer(&ValidateCustomerRequest::new(ExternalCustomerRef::new(
            "ext-42",
        )))
        .await
        .expect("a SUCCESS envelope (document 001) is Ok");
}

// Current-thread, like `#[tokio::main(flavor = "current_thread")]`: the
// runtime needs no multi-thread scheduler (README, "Cargo features").
#[tokio::test(flavor = "current_thread")]
async fn the_callers_reqwest_client_sends_the_calls() {
    let server = TestServer::start().await;
    let mut defaults = reqwest::header::HeaderMap::new();
    defaults.insert(MARK, reqwest::header::HeaderValue::from_static("pool-7"));
    let own = reqwest::Client::builder()
        .default_headers(defaults)
        .build()
        .expect("a reqwest 0.13 client");

    server.reply(200, json!({ "status": { "messageCode": "SUCCESS" } }));
    validate(&client(&server, Some(own))).await;
    let seen = server.last();
    assert_eq!(seen.path, "/api/v1/c2a/customer/validate");
    assert_eq!(seen.header(MARK), Some("pool-7"));
    // The runtime's own headers still go out through the caller's client.
    assert_eq!(seen.header("x-api-key"), Some("sk_test_1"));

    server.reply(200, json!({ "status": { "messageCode": "SUCCESS" } }));
    validate(&client(&server, None)).await;
    assert_eq!(server.last().header(MARK), None, "the runtime's own client");
}
