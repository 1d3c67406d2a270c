//! Memory of completed flows: starts an in-process gateway, runs FLOWS
//! complete purchase flows (store a customer, resolve an offer, submit a
//! checkout, poll it to `Succeeded`) from 16 tasks in one tenant, and prints
//! the process's resident set (`VmRSS`) before and after, and per flow.
//! Linux only (reads `/proc/self/status`). BENCHMARKS.md section 4:
//!
//! ```text
//! cargo run -p azotte-gateway --example memory -- 20000
//! cargo run -p azotte-gateway --example memory -- 20000 --max-records 100000000
//! ```
//!
//! With a cap, flows past it are refused (the answer names the cap); the
//! example counts them instead of failing.

use azotte_client::auth::TenantApiKey;
use azotte_client::c2a::*;
use azotte_client::types::*;
use azotte_client::Environment;
use azotte_gateway::{Config, Gateway};

const TASKS: usize = 16;

fn rss_kib() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find_map(|l| l.strip_prefix("VmRSS:"))
                .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        })
        .unwrap_or(0)
}

async fn flow(c: &Client, n: usize) -> Result<(), String> {
    let ext = format!("mem-{n}");
    let details = CustomerDetails::new(ext.as_str()).email(format!("{ext}@example.com"));
    let urn = c
        .store_customer(&StoreCustomerRequest::new(details))
        .await
        .map_err(|e| e.to_string())?
        .into_inner()
        .customer_urn;
    let ctx = RequestContext::new(urn, "203.0.113.24", InteractionType::Purchase, Channel::Web);
    let offer = c
        .resolve_offer(&OfferRequest::new(ctx.clone()))
        .await
        .map_err(|e| e.to_string())?
        .into_inner();
    let order = CheckoutRequest::new(format!("corr-{ext}"), ctx, offer.offer_identifier);
    let tracking = c
        .submit_checkout(&order)
        .await
        .map_err(|e| e.to_string())?
        .into_inner()
        .tracking_number;
    for _ in 0..5 {
        let status = c
            .checkout_status(&tracking)
            .await
            .map_err(|e| e.to_string())?
            .into_inner();
        if status.state == Some(CheckoutState::Succeeded) {
            return Ok(());
        }
    }
    Err(format!("{tracking} did not succeed"))
}

#[tokio::main]
async fn main() {
    let mut args = std::env::args().skip(1);
    let flows: usize = args.next().and_then(|a| a.parse().ok()).unwrap_or(20_000);
    let mut config = Config {
        port: 0,
        log_requests: false,
        ..Config::default()
    };
    while let Some(flag) = args.next() {
        let value = args.next().and_then(|v| v.parse().ok());
        match (flag.as_str(), value) {
            ("--max-records", Some(n)) => config.max_records_per_tenant = n,
            _ => panic!("usage: memory [FLOWS] [--max-records N]"),
        }
    }
    let gateway = Gateway::start(config).await.expect("the gateway starts");
    let env = Environment::Custom(gateway.api_root());
    let client = Client::new(&env, TenantApiKey::new("sk_dev_memory", "tn.mem")).unwrap();
    flow(&client, usize::MAX).await.expect("a first flow");
    let before = rss_kib();
    let mut tasks = tokio::task::JoinSet::new();
    for t in 0..TASKS {
        let c = client.clone();
        tasks.spawn(async move {
            let (mut ok, mut refused) = (0usize, 0usize);
            for n in (t..flows).step_by(TASKS) {
                match flow(&c, n).await {
                    Ok(()) => ok += 1,
                    Err(_) => refused += 1,
                }
            }
            (ok, refused)
        });
    }
    let (mut ok, mut refused) = (0, 0);
    while let Some(done) = tasks.join_next().await {
        let (o, r) = done.expect("task");
        ok += o;
        refused += r;
    }
    let after = rss_kib();
    let per = (after.saturating_sub(before) * 1024) as f64 / ok.max(1) as f64 / 1024.0;
    println!(
        "flows: {ok} completed, {refused} refused; VmRSS {before} KiB before, {after} KiB after \
         ({:.1} MiB more, {per:.1} KiB per completed flow)",
        after.saturating_sub(before) as f64 / 1024.0
    );
}
