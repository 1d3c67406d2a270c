//! Malformed input never crashes the gateway: invalid JSON (envelope 400),
//! bodies over the limit (413), wrong content types (415), unknown routes
//! (404 plain), wrong methods (405), odd paths and headers; both API roots
//! and the Moneti validation code.

mod support;

use azotte_client::runtime::reqwest::Method;
use serde_json::{json, Value};
use support::*;

fn c2a_post(
    gw: &azotte_gateway::Gateway,
    path: &str,
) -> azotte_client::runtime::reqwest::RequestBuilder {
    http()
        .post(format!("{}{path}", gw.api_root()))
        .header("x-api-key", "sk_dev_gateway")
        .header("x-tn", TENANT_A)
}

#[tokio::test]
async fn invalid_json_wrong_types_and_sizes() {
    let gw = start().await;
    let r = c2a_post(&gw, "/c2a/customer/store")
        .header("content-type", "application/json")
        .body("{\"customer\": ")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 400);
    let v: Value = r.json().await.unwrap();
    assert_eq!(v["status"]["messageCode"], "INVALID_REQUEST");
    assert!(
        v["status"]["message"]
            .as_str()
            .unwrap()
            .contains("not valid JSON"),
        "{v}"
    );

    let r = c2a_post(&gw, "/c2a/customer/store")
        .header("content-type", "text/plain")
        .body("hello")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 415);
    let r = c2a_post(&gw, "/c2a/customer/store")
        .body("{}")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 415, "a body without a content type");
    let r = c2a_post(&gw, "/c2a/customer/store")
        .header("content-type", "application/json; charset=utf-8")
        .body(json!({ "customer": { "externalId": "ok" } }).to_string())
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200, "charset parameters are fine");

    let huge = format!(
        "{{\"customer\":{{\"externalId\":\"{}\"}}}}",
        "x".repeat(2 * 1024 * 1024)
    );
    let r = c2a_post(&gw, "/c2a/customer/store")
        .header("content-type", "application/json")
        .body(huge)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 413);
    let r = c2a_post(&gw, "/c2a/customer/store")
        .header("content-type", "application/json")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 400);
    assert_eq!(
        r.json::<Value>().await.unwrap()["status"]["messageCode"],
        "BAD_REQUEST"
    );
    let r = c2a_post(&gw, "/c2a/customer/store")
        .header("content-type", "application/json")
        .body("[1,2]")
        .send()
        .await
        .unwrap();
    assert_eq!(
        r.json::<Value>().await.unwrap()["status"]["message"],
        "the request body must be a JSON object"
    );
    let r = c2a_post(&gw, "/c2a/customer/store")
        .header("content-type", "application/json")
        .body(vec![0xff, 0xfe, 0x00])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 400);
}

#[tokio::test]
async fn unknown_routes_methods_and_odd_paths() {
    let gw = start().await;
    for path in [
        "/",
        "/api",
        "/api/c2a/nothing",
        "/api/v2/c2a/customer/info",
        "/api/c2a/customer/info/extra",
        "/%ff%fe",
    ] {
        let r = http()
            .get(format!("{}{path}", gw.base_url()))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 404, "{path}");
        assert!(r.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/plain"));
        assert!(
            r.text().await.unwrap().starts_with("no route for GET"),
            "{path}"
        );
    }
    let r = http()
        .request(
            Method::DELETE,
            format!("{}/c2a/customer/store", gw.api_root()),
        )
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 405);
    assert_eq!(r.headers()["allow"], "POST");
    let r = http()
        .get(format!("{}/oauth/token", gw.base_url()))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 405);

    let odd = http()
        .get(format!(
            "{}/c2a/offer/checkout/%E2%9C%93%20%25/status",
            gw.api_root()
        ))
        .header("x-api-key", "sk_dev_gateway")
        .header("x-tn", TENANT_A)
        .send()
        .await
        .unwrap();
    assert_eq!(odd.status(), 404);
    assert_eq!(
        odd.json::<Value>().await.unwrap()["status"]["messageCode"],
        "CHECKOUT_NOT_FOUND"
    );
    let r = http()
        .get(format!(
            "{}/c2a/customer/info?externalId=%zz&customerUrn=",
            gw.api_root()
        ))
        .header("x-api-key", "sk_dev_gateway")
        .header("x-tn", TENANT_A)
        .header("x-gateway-scenario", "\u{1}")
        .send()
        .await;
    assert!(r.is_err() || r.unwrap().status().is_client_error());
    // Still serving.
    let r = http()
        .get(format!(
            "{}/api/c2a/customer/info?externalId=a",
            gw.base_url()
        ))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 401);
}

#[tokio::test]
async fn both_roots_and_the_moneti_validation_code() {
    let gw = start().await;
    for root in ["/api", "/api/v1"] {
        let r = http()
            .post(format!("{}{root}/c2a/customer/validate", gw.base_url()))
            .header("x-api-key", "sk_dev_gateway")
            .header("x-tn", TENANT_A)
            .json(&json!({ "customer": { "externalId": "free" } }))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 200, "{root}");
        assert_eq!(r.headers()["content-type"], "application/clientOutput+Json");
    }
    let r = http()
        .post(format!("{}/m2m/subscription/cancel", gw.api_root()))
        .header("x-api-key", "sk_dev_gateway")
        .header("x-tn", TENANT_A)
        .header("x-correlation-id", "cid-m2m-400")
        .header("X-Region-Override", "APAC")
        .json(&json!({ "payload": { "orderIdentifier": "or-1" } }))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 400);
    let v: Value = r.json().await.unwrap();
    assert_eq!(v["statusCode"], "MNT-400-01");
    assert_eq!(v["status"]["severity"], "ERROR");
    assert_eq!(v["errors"][0]["field"], "payload.version");
    assert_eq!(v["errors"][0]["message"], "payload.version is required");
    assert_eq!(v["diagnostics"]["correlationId"], "cid-m2m-400");
    assert_eq!(v["diagnostics"]["effectiveRegionCode"], "APAC");
}
