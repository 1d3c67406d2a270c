//! The gateway serving the Automatum spec answers as document 003 says:
//! its examples' paths (`/v1/private-offer`), success `{code: <HTTP status>,
//! data}`, validation errors `{code: 400, message: "Invalid request
//! parameters", errors: [{field, message}]}`, the `X-RateLimit-Limit /
//! Remaining / Reset` headers on every answer, and with `--rate-limits`
//! the 50-per-minute burst answered 429 `{code: 429, message: "Rate limit
//! exceeded", retryAfter}` with `Retry-After`. Every expected value is
//! document 003's.

mod support;

use azotte_gateway::config::{DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET};
use azotte_gateway::{Config, Gateway};
use serde_json::{json, Value};
use support::{config, http, start, start_with};

fn automatum(rate_limits: bool) -> Config {
    Config {
        spec_dir: azotte_spec::api_dir("automatum"),
        rate_limits,
        ..config()
    }
}

/// Document 003, "Get Access Token": the form-encoded client credentials.
async fn token(gw: &Gateway) -> String {
    let v: Value = http()
        .post(format!("{}/oauth/token", gw.base_url()))
        .header("Content-Type", "application/x-www-form-urlencoded")
        .body(format!(
            "grant_type=client_credentials&client_id={DEFAULT_CLIENT_ID}&client_secret={DEFAULT_CLIENT_SECRET}"
        ))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    v["access_token"].as_str().expect("a token").to_owned()
}

/// Document 003, "Create a Private Offer": the example body.
fn offer_body() -> Value {
    json!({
        "vendor": "aws",
        "listingId": "listing_123",
        "customerId": "cust_456",
        "pricing": { "discountPercentage": 20, "duration": 12 }
    })
}

fn keys(v: &Value) -> Vec<&str> {
    let mut keys: Vec<&str> = v.as_object().unwrap().keys().map(String::as_str).collect();
    keys.sort_unstable();
    keys
}

fn rate_headers(r: &azotte_client::runtime::reqwest::Response) -> (u64, u64, u64) {
    let get = |name: &str| -> u64 {
        r.headers()
            .get(name)
            .unwrap_or_else(|| panic!("{name} on a {} answer", r.status()))
            .to_str()
            .unwrap()
            .parse()
            .unwrap()
    };
    (
        get("X-RateLimit-Limit"),
        get("X-RateLimit-Remaining"),
        get("X-RateLimit-Reset"),
    )
}

#[tokio::test]
async fn success_code_is_the_http_status() {
    let gw = start_with(automatum(false)).await;
    let bearer = format!("Bearer {}", token(&gw).await);
    // Document 003's example paths: `/v1/private-offer`, `/v1/customer?status=active`.
    let r = http()
        .post(format!("{}/v1/private-offer", gw.base_url()))
        .header("Authorization", &bearer)
        .header("Content-Type", "application/json")
        .json(&offer_body())
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 201);
    let v: Value = r.json().await.unwrap();
    assert_eq!(v["code"], 201, "{v}");
    assert_eq!(keys(&v), ["code", "data"], "{v}");

    let r = http()
        .get(format!("{}/v1/customer?status=active", gw.base_url()))
        .header("Authorization", &bearer)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    let v: Value = r.json().await.unwrap();
    assert_eq!(v["code"], 200, "{v}");
    assert!(v["data"].is_array(), "{v}");
    // Document 003, "Pagination": page, limit, total, pages beside data.
    assert_eq!(keys(&v), ["code", "data", "pagination"], "{v}");
    assert_eq!(keys(&v["pagination"]), ["limit", "page", "pages", "total"]);
}

#[tokio::test]
async fn validation_errors_are_document_003s_shape() {
    let gw = start_with(automatum(false)).await;
    let bearer = format!("Bearer {}", token(&gw).await);
    let mut body = offer_body();
    body.as_object_mut().unwrap().remove("customerId");
    let r = http()
        .post(format!("{}/api/v1/private-offer", gw.base_url()))
        .header("Authorization", &bearer)
        .json(&body)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 400);
    let v: Value = r.json().await.unwrap();
    // Document 003, "Error Response".
    assert_eq!(keys(&v), ["code", "errors", "message"], "{v}");
    assert_eq!(v["code"], 400);
    assert_eq!(v["message"], "Invalid request parameters");
    let errors = v["errors"].as_array().unwrap();
    assert_eq!(errors.len(), 1, "{v}");
    assert_eq!(keys(&errors[0]), ["field", "message"]);
    assert_eq!(errors[0]["field"], "customerId");
    assert!(!errors[0]["message"].as_str().unwrap().is_empty());
    assert!(!v.to_string().contains("INVALID_REQUEST"), "{v}");
}

#[tokio::test]
async fn rate_limit_headers_on_every_answer() {
    let gw = start_with(automatum(false)).await;
    let bearer = format!("Bearer {}", token(&gw).await);
    let url = format!("{}/api/v1/customer", gw.base_url());
    let first = http()
        .get(&url)
        .header("Authorization", &bearer)
        .send()
        .await
        .unwrap();
    let (limit, remaining, reset) = rate_headers(&first);
    // Document 003: "1000 requests per hour per API key"; reset in unix seconds.
    assert_eq!(limit, 1000);
    let now = azotte_gateway::time::unix_now();
    assert!(reset > now && reset <= now + 3600, "{reset}");
    let invalid = http()
        .post(format!("{}/api/v1/private-offer", gw.base_url()))
        .header("Authorization", &bearer)
        .json(&json!({}))
        .send()
        .await
        .unwrap();
    assert_eq!(invalid.status(), 400);
    assert_eq!(rate_headers(&invalid).1, remaining - 1);
    let unauthenticated = http().get(&url).send().await.unwrap();
    assert_eq!(unauthenticated.status(), 401);
    let v: Value = unauthenticated.json().await.unwrap();
    assert_eq!(v["code"], 401, "{v}");
}

#[tokio::test]
async fn the_burst_limit_answers_429_as_document_003_shows() {
    let gw = start_with(automatum(true)).await;
    let bearer = format!("Bearer {}", token(&gw).await);
    let url = format!("{}/v1/listing?page=2&limit=50", gw.base_url());
    // Document 003: "50 requests per minute burst limit".
    for n in 0..50 {
        let r = http()
            .get(&url)
            .header("Authorization", &bearer)
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 200, "request {n}");
    }
    let r = http()
        .get(&url)
        .header("Authorization", &bearer)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 429);
    let retry_header: u64 = r.headers()["Retry-After"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    let (limit, remaining, _) = rate_headers(&r);
    assert_eq!((limit, remaining), (1000, 950));
    let v: Value = r.json().await.unwrap();
    // Document 003, "Exceeding Limits", field by field.
    assert_eq!(keys(&v), ["code", "message", "retryAfter"], "{v}");
    assert_eq!(v["code"], 429);
    assert_eq!(v["message"], "Rate limit exceeded");
    let retry_after = v["retryAfter"].as_u64().expect("seconds");
    assert!((1..=60).contains(&retry_after), "{retry_after}");
    assert_eq!(retry_header, retry_after);
    // Per API key: another credential is not limited.
    let other = http().get(&url).send().await.unwrap();
    assert_eq!(other.status(), 401);
}

#[tokio::test]
async fn azotte_lanes_report_no_rate_limits() {
    let gw = start().await;
    let r = http()
        .get(format!(
            "{}/api/c2a/customer/info?customerUrn=cu.00.482",
            gw.base_url()
        ))
        .header("x-api-key", "sk_dev_acme_sample_123456789")
        .header("x-tn", "e2a1c7b2-4f3a-4b8e-9c2d-1a2b3c4d5e6f")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    assert!(r.headers().get("X-RateLimit-Limit").is_none());
}

#[tokio::test]
async fn document_003_request_examples_are_served() {
    let gw = start_with(automatum(false)).await;
    let bearer = format!("Bearer {}", token(&gw).await);
    // Document 003's pagination, filtering, date-filtering and sorting examples.
    for example in [
        "/api/listing?page=2&limit=50",
        "/api/private-offer?status=active&vendor=aws",
        "/api/private-offer?createdAt[gt]=2026-01-01",
        "/api/private-offer?createdAt[lt]=2026-12-31",
        "/api/private-offer?createdAt[gte]=2026-01-01&createdAt[lte]=2026-12-31",
        "/api/customer?sort=-createdAt,name",
        "/v1/customer?status=active",
    ] {
        let r = http()
            .get(format!("{}{example}", gw.base_url()))
            .header("Authorization", &bearer)
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 200, "{example}");
        assert_eq!(r.json::<Value>().await.unwrap()["code"], 200, "{example}");
    }
    // Document 003, "Report Usage" (`new Date().toISOString()` as the timestamp).
    let r = http()
        .post(format!("{}/v1/metering-event", gw.base_url()))
        .header("Authorization", &bearer)
        .header("Content-Type", "application/json")
        .json(&json!({
            "vendor": "aws", "customerId": "cust_123", "listingId": "listing_456",
            "dimension": "api_calls", "quantity": 1000, "timestamp": "2026-01-16T10:00:00.000Z"
        }))
        .send()
        .await
        .unwrap();
    let status = r.status().as_u16();
    assert!((200..300).contains(&status), "{status}");
    // Document 003: `code` repeats the HTTP status.
    assert_eq!(
        r.json::<Value>().await.unwrap()["code"].as_u64(),
        Some(u64::from(status))
    );
}

/// Document 003's API-key mode through the generated client: `Bearer
/// sk_test_…` (test keys, "Testing") on its "Get Customer List" example.
#[tokio::test]
async fn the_generated_client_works_with_a_test_api_key() {
    use automatum_client::prelude::*;
    let gw = start_with(automatum(false)).await;
    let config = automatum_client::ClientConfig::new(format!("{}/v1", gw.base_url()));
    let client = automatum_client::rest::Client::with_config(
        config,
        automatum_client::auth::ApiKey::from_token("sk_test_abc123"),
    )
    .unwrap();
    let page = client
        .customers()
        .list(&automatum_client::rest::ListCustomersQuery::new().status("active"))
        .await
        .unwrap();
    assert_eq!(page.status(), 200);
}

/// POSTs `body` to `/v1/private-offer` with `X-Idempotency-Key: key`
/// (document 003, "Idempotency"), the gateway holding it `delay_ms`.
async fn create_offer(
    gw: &Gateway,
    bearer: &str,
    key: &str,
    body: &Value,
    delay_ms: u64,
) -> (u16, Value) {
    let r = http()
        .post(format!("{}/v1/private-offer", gw.base_url()))
        .header("Authorization", bearer)
        .header("X-Idempotency-Key", key)
        .header("X-Gateway-Delay-Ms", delay_ms.to_string())
        .json(body)
        .send()
        .await
        .unwrap();
    (r.status().as_u16(), r.json().await.unwrap())
}

/// The IETF Idempotency-Key draft's statuses (422 reused, 409 in flight)
/// with document 003's envelope, whose `code` repeats the HTTP status.
#[tokio::test]
async fn idempotency_refusals_carry_their_status_as_the_code() {
    let gw = start_with(automatum(false)).await;
    let bearer = format!("Bearer {}", token(&gw).await);
    let (status, first) = create_offer(&gw, &bearer, "unique-key-123", &offer_body(), 0).await;
    assert_eq!((status, &first["code"]), (201, &json!(201)), "{first}");
    let (status, again) = create_offer(&gw, &bearer, "unique-key-123", &offer_body(), 0).await;
    assert_eq!(
        (status, &again),
        (201, &first),
        "an identical retry replays"
    );

    let mut other = offer_body();
    other["listingId"] = json!("listing_999");
    let (status, reused) = create_offer(&gw, &bearer, "unique-key-123", &other, 0).await;
    assert_eq!(status, 422, "{reused}");
    assert_eq!(reused["code"], 422, "{reused}");
    let message = reused["message"].as_str().unwrap();
    assert!(message.contains("X-Idempotency-Key"), "{message}");

    let slow = {
        let (url, bearer) = (gw.base_url(), bearer.clone());
        tokio::spawn(async move {
            http()
                .post(format!("{url}/v1/private-offer"))
                .header("Authorization", bearer)
                .header("X-Idempotency-Key", "slow-key")
                .header("X-Gateway-Delay-Ms", "1500")
                .json(&offer_body())
                .send()
                .await
                .unwrap()
                .status()
        })
    };
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    let (status, busy) = create_offer(&gw, &bearer, "slow-key", &offer_body(), 0).await;
    assert_eq!(status, 409, "{busy}");
    assert_eq!(busy["code"], 409, "{busy}");
    assert_eq!(slow.await.unwrap(), 201);
}

/// A stored idempotent answer is a record (it counts towards the caps),
/// but replaying it adds nothing, so a cap never refuses the replay; a new
/// key past the cap is Automatum's 429, and the refused key is not kept.
#[tokio::test]
async fn an_identical_replay_passes_a_full_record_cap() {
    let seeded = start_with(automatum(false)).await.stats()["records"]["count"]
        .as_u64()
        .unwrap() as usize;
    let gw = start_with(Config {
        max_records: seeded + 1,
        ..automatum(false)
    })
    .await;
    let bearer = format!("Bearer {}", token(&gw).await);
    let (status, first) = create_offer(&gw, &bearer, "cap-key-1", &offer_body(), 0).await;
    assert_eq!(status, 201, "{first}");
    assert_eq!(gw.stats()["records"]["count"], seeded + 1);
    let (status, refused) = create_offer(&gw, &bearer, "cap-key-2", &offer_body(), 0).await;
    assert_eq!((status, &refused["code"]), (429, &json!(429)), "{refused}");
    let message = refused["message"].as_str().unwrap();
    assert!(message.contains("--max-records-total"), "{message}");
    let (status, again) = create_offer(&gw, &bearer, "cap-key-1", &offer_body(), 0).await;
    assert_eq!((status, &again), (201, &first), "the replay passes the cap");
    assert_eq!(gw.stats()["records"]["count"], seeded + 1);
}
