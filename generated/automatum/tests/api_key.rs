//! Document 003's API-key mode: the key itself is the bearer token
//! (`Authorization: Bearer YOUR_API_KEY`; its examples send
//! `Bearer sk_live_abc123...`, and test keys start `sk_test_`). Expected
//! values are the document's: the header, the path and query of its
//! "Get Customer List" example (`GET https://api.automatum.io/v1/customer?status=active`).

use automatum_client::auth::ApiKey;
use automatum_client::prelude::*;
use automatum_client::rest::{self, ListCustomersQuery};
use automatum_client::ClientConfig;
use serde_json::json;
use test_support::TestServer;

#[tokio::test]
async fn a_test_key_is_sent_as_the_bearer_token_without_a_token_exchange() {
    let server = TestServer::start().await;
    server.reply_json(
        200,
        json!({ "code": 200, "data": [],
                "pagination": { "page": 1, "limit": 20, "total": 0, "pages": 0 } }),
    );
    // The examples' root (`https://api.automatum.io/v1/…`), on a local host.
    let config = ClientConfig::new(format!("{}/v1", server.base_url));
    let client = rest::Client::with_config(config, ApiKey::from_token("sk_test_abc123")).unwrap();

    client
        .customers()
        .list(&ListCustomersQuery::new().status("active"))
        .await
        .unwrap();

    let seen = server.seen();
    assert_eq!(seen.len(), 1, "no OAuth token request in API-key mode");
    assert_eq!(seen[0].method.as_str(), "GET");
    assert_eq!(seen[0].path, "/v1/customer");
    assert_eq!(seen[0].query.as_deref(), Some("status=active"));
    assert_eq!(
        seen[0].header("authorization"),
        Some("Bearer sk_test_abc123")
    );
}

#[test]
fn the_key_never_shows_in_debug() {
    let key = ApiKey::from_token("sk_live_abc123");
    let shown = format!("{key:?}");
    assert!(!shown.contains("sk_live_abc123"), "{shown}");
}
