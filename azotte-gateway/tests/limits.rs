//! Memory bounds and secrets (issue 16, items 4 and 6): record and tenant
//! caps answer 429 in the lane's envelope naming the cap; the webhook queue
//! counts and logs what it cannot hold; `Debug` of a fully configured
//! gateway and its webhook log lines show no secret.

mod support;

use azotte_gateway::Config;
use serde_json::{json, Value};
use std::time::Duration;
use support::*;

async fn store(gw: &azotte_gateway::Gateway, tenant: &str, ext: &str) -> (u16, Value) {
    let r = http()
        .post(format!("{}/c2a/customer/store", gw.api_root()))
        .header("x-api-key", "sk_dev_gateway")
        .header("x-tn", tenant)
        .json(&json!({ "customer": { "externalId": ext, "email": format!("{ext}@example.com") } }))
        .send()
        .await
        .unwrap();
    (r.status().as_u16(), r.json().await.unwrap_or(Value::Null))
}

#[tokio::test]
async fn writes_past_the_record_cap_are_refused_and_say_why() {
    let gw = start_with(Config {
        max_records_per_tenant: 3,
        ..config()
    })
    .await;
    for i in 0..3 {
        assert_eq!(store(&gw, TENANT_A, &format!("cap-{i}")).await.0, 200);
    }
    let (status, body) = store(&gw, TENANT_A, "cap-3").await;
    assert_eq!(status, 429, "{body}");
    assert_eq!(
        body["status"]["messageCode"], "GATEWAY_LIMIT_REACHED",
        "{body}"
    );
    let message = body["status"]["message"].as_str().unwrap();
    assert!(
        message.contains("at most 3 records per tenant (--max-records)"),
        "{message}"
    );
    // Reads still pass, other tenants are not affected.
    let read = http()
        .get(format!(
            "{}/c2a/customer/info?externalId=cap-0",
            gw.api_root()
        ))
        .header("x-api-key", "sk_dev_gateway")
        .header("x-tn", TENANT_A)
        .send()
        .await
        .unwrap();
    assert_eq!(read.status(), 200);
    assert_eq!(store(&gw, TENANT_B, "other").await.0, 200);
    assert_eq!(gw.stats()["records"]["limitPerTenant"], 3);
}

#[tokio::test]
async fn the_total_record_cap_and_the_tenant_cap_hold_across_tenants() {
    let base = support::start().await;
    let seeded = base.stats()["records"]["count"].as_u64().unwrap() as usize;
    let tenants = base.stats()["tenants"]["count"].as_u64().unwrap() as usize;
    drop(base);
    let gw = start_with(Config {
        max_records: seeded + 2,
        max_tenants: tenants + 2,
        ..config()
    })
    .await;
    assert_eq!(store(&gw, TENANT_A, "t-1").await.0, 200);
    assert_eq!(store(&gw, TENANT_B, "t-2").await.0, 200);
    let (status, body) = store(&gw, TENANT_A, "t-3").await;
    assert_eq!(status, 429, "{body}");
    assert!(
        body["status"]["message"]
            .as_str()
            .unwrap()
            .contains("--max-records-total"),
        "{body}"
    );
    assert_eq!(gw.stats()["records"]["count"], seeded + 2);
    let (status, body) = store(&gw, "tenant-c", "t-4").await;
    assert_eq!(status, 429, "{body}");
    let message = body["status"]["message"].as_str().unwrap();
    assert!(
        message.contains("tenant cap reached") && message.contains("--max-tenants"),
        "{message}"
    );
}

#[tokio::test]
async fn a_full_webhook_queue_counts_what_it_drops() {
    // A receiver that is down, retries far apart: deliveries stay waiting.
    let closed = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}/hook", closed.local_addr().unwrap());
    drop(closed);
    let gw = start_with(Config {
        webhooks: vec![url],
        webhook_queue: 2,
        webhook_backoff: Duration::from_secs(60),
        webhook_max_backoff: Duration::from_secs(60),
        ..config()
    })
    .await;
    let c = c2a(&gw, TENANT_A);
    for i in 0..3 {
        subscribed(&c, &format!("q-{i}")).await; // each purchase emits two events
    }
    let stats = gw.stats()["webhooks"].clone();
    assert_eq!(stats["waiting"], 2, "{stats}");
    assert_eq!(stats["queueLimit"], 2, "{stats}");
    assert!(stats["overflowed"].as_u64().unwrap() >= 4, "{stats}");
    assert_eq!(stats["delivered"], 0, "{stats}");
}

#[tokio::test]
async fn debug_of_a_fully_configured_gateway_shows_no_secret() {
    let secrets = [
        "sk_dev_hidden_key",
        "user_token_hidden",
        "client_secret_hidden",
        "partner_secret_hidden",
        "whsec_hidden",
        "hookpass",
        "hooktoken",
    ];
    let gw = start_with(Config {
        api_keys: vec![secrets[0].into()],
        user_tokens: vec![secrets[1].into()],
        client_secret: secrets[2].into(),
        partner_secret: secrets[3].into(),
        webhook_secret: secrets[4].into(),
        webhooks: vec!["http://user:hookpass@127.0.0.1:9/hook?token=hooktoken".into()],
        ..config()
    })
    .await;
    // A live bearer token issued by the gateway.
    let token: Value = http()
        .post(format!("{}/oauth/token", gw.base_url()))
        .basic_auth("gateway-client", Some(secrets[2]))
        .form(&[("grant_type", "client_credentials")])
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let bearer = token["access_token"].as_str().expect("a token").to_owned();
    let shown = format!("{gw:?} {gw:#?}");
    for secret in secrets.iter().copied().chain([bearer.as_str()]) {
        assert!(!shown.contains(secret), "{secret} in {shown}");
    }
    assert!(
        shown.contains("http://127.0.0.1:9/hook?<redacted>"),
        "{shown}"
    );
}

#[test]
fn webhook_log_lines_show_the_receiver_without_userinfo_and_query() {
    use std::io::{BufRead, BufReader};
    use std::process::{Command, Stdio};
    let receiver = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = receiver.local_addr().unwrap().port();
    drop(receiver); // down (or, rarely, the gateway's own port): attempts fail
    let url = format!("http://user:pass@127.0.0.1:{port}/hook?token=abc");
    let mut child = Running(
        Command::new(env!("CARGO_BIN_EXE_azotte-gateway"))
            .args([
                "--port",
                "0",
                "--webhook",
                &url,
                "--webhook-backoff-ms",
                "10",
            ])
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap(),
    );
    let base = child.base_url();
    let runtime = tokio::runtime::Runtime::new().unwrap();
    runtime.block_on(async {
        let c = azotte_client::c2a::Client::new(
            &azotte_client::Environment::Custom(format!("{base}/api")),
            azotte_client::auth::TenantApiKey::new("sk_dev_gateway", TENANT_A),
        )
        .unwrap();
        subscribed(&c, "logged").await;
    });
    let mut log = Vec::new();
    for l in BufReader::new(child.0.stderr.take().unwrap()).lines() {
        let l = l.unwrap();
        let done = l.contains("webhook") && l.contains("attempt 3");
        log.push(l);
        if done {
            break;
        }
    }
    let log = log.join("\n");
    assert!(
        log.contains(&format!(
            "-> http://127.0.0.1:{port}/hook?<redacted>: attempt 1 "
        )),
        "{log}"
    );
    assert!(!log.contains("pass") && !log.contains("abc"), "{log}");
}
