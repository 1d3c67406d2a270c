//! `Accept` per lane: C2A asks for the media type document 001 says it
//! produces (`application/clientOutput+Json`, `[Produces]` on every C2A
//! controller), with plain JSON as the fallback; the lanes of document 004
//! ("Content-Type: application/json") ask for JSON.

use azotte_client::auth::TenantApiKey;
use azotte_client::c2a::{self, CustomerInfoQuery};
use azotte_client::prelude::*;
use azotte_client::{m2m, Environment};
use serde_json::json;
use test_support::TestServer;

#[tokio::test]
async fn c2a_asks_for_client_output_json_and_m2m_for_json() {
    let server = TestServer::start().await;
    let key = || TenantApiKey::new("sk_dev_acme_sample_123456789", "tn");
    // Document 001's GeneralResponse with the documented content type.
    server.reply_raw(
        200,
        "application/clientOutput+Json",
        &json!({ "result": { "customerUrn": "cu.00.482", "externalId": "ext-1" },
                 "status": { "messageCode": "SUCCESS" } })
        .to_string(),
    );
    let c2a = c2a::Client::new(
        &Environment::Custom(format!("{}/api/v1", server.base_url)),
        key(),
    )
    .unwrap();
    c2a.customer_info(&CustomerInfoQuery::new()).await.unwrap();
    assert_eq!(
        server.last().header("accept"),
        Some("application/clientOutput+Json, application/json;q=0.9")
    );

    server.reply_json(
        404,
        json!({ "status": { "severity": "ERROR", "messageCode": "MNT-404-01" },
                "statusCode": "MNT-404-01" }),
    );
    let m2m = m2m::Client::new(
        &Environment::Custom(format!("{}/api", server.base_url)),
        key(),
    )
    .unwrap();
    let _ = m2m.customer_info(&m2m::CustomerInfoQuery::new()).await;
    assert_eq!(server.last().header("accept"), Some("application/json"));
}
