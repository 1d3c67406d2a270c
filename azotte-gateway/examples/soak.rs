//! Soak: an in-process gateway under a steady mixed load for MINUTES, over
//! real HTTP on 127.0.0.1, sampled every `--every` seconds (req/s, p50/p99,
//! `VmRSS`, records, webhook counters, errors by kind). BENCHMARKS.md
//! section 6:
//!
//! ```text
//! cargo run --release -p azotte-gateway --example soak -- --minutes 10
//! cargo run --release -p azotte-gateway --example soak -- --minutes 3 --state /tmp/soak.db
//! ```
//!
//! 16 workers over 8 tenants, each repeating 8 operations through the
//! generated clients: one purchase flow (store a customer, resolve an offer,
//! submit a checkout, poll it to `Succeeded`: 4 records and 2 webhook events
//! each), four C2A customer reads, one checkout status read, and two M2M
//! customer reads with an OAuth token. A webhook receiver in the same process
//! counts what arrives. The records grow until the caps (`--max-records`
//! 10,000 per tenant by default), then flows are refused with 429 while the
//! reads go on: the RSS must stop growing there. The figures include the
//! clients' own CPU and memory (same process, same 2 cores). Linux only
//! (`/proc/self/status`).

use azotte_client::auth::{ServiceToken, TenantApiKey};
use azotte_client::c2a::*;
use azotte_client::m2m::Customers as _;
use azotte_client::types::*;
use azotte_client::{m2m, Environment};
use azotte_gateway::config::{DEFAULT_API_KEY, DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET};
use azotte_gateway::{Config, Gateway};
use azotte_runtime::{ApiError, EndpointError};
use std::collections::BTreeMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

const WORKERS: usize = 16;
const TENANTS: usize = 8;
/// Latency buckets of 10 µs up to 200 ms; slower calls share the last one.
const BUCKETS: usize = 20_000;

/// A fixed-size latency histogram, so the sampler's memory stays flat too.
struct Histogram(Vec<u64>);

impl Histogram {
    fn new() -> Self {
        Histogram(vec![0; BUCKETS])
    }
    fn record(&mut self, d: Duration) {
        let i = (d.as_micros() / 10).min(BUCKETS as u128 - 1) as usize;
        self.0[i] += 1;
    }
    fn count(&self) -> u64 {
        self.0.iter().sum()
    }
    /// The `q` quantile in milliseconds (bucket upper bound).
    fn quantile(&self, q: f64) -> f64 {
        let target = (self.count() as f64 * q).ceil().max(1.0) as u64;
        let mut seen = 0;
        for (i, n) in self.0.iter().enumerate() {
            seen += n;
            if seen >= target {
                return (i + 1) as f64 / 100.0;
            }
        }
        0.0
    }
    fn merge_into(&mut self, total: &mut Histogram) {
        for (t, n) in total.0.iter_mut().zip(self.0.iter_mut()) {
            *t += std::mem::take(n);
        }
    }
}

#[derive(Default)]
struct Errors(BTreeMap<String, u64>);

struct Stats {
    interval: Histogram,
    errors: Errors,
}

type Shared = Arc<Mutex<Stats>>;

/// Times one call; an error is counted by kind, HTTP status and code.
async fn timed<T, E: EndpointError>(
    stats: &Shared,
    call: impl std::future::Future<Output = Result<T, ApiError<E>>>,
) -> Option<T> {
    let start = Instant::now();
    let result = call.await;
    let took = start.elapsed();
    let mut s = stats.lock().unwrap();
    s.interval.record(took);
    match result {
        Ok(v) => Some(v),
        Err(e) => {
            let kind = format!(
                "{} {} {}",
                e.kind_name(),
                e.status().map(|s| s.to_string()).unwrap_or_default(),
                e.message_code().unwrap_or_default()
            );
            *s.errors.0.entry(kind).or_default() += 1;
            None
        }
    }
}

/// One purchase flow; its URN and tracking number when the caps allow it.
async fn flow(c: &Client, s: &Shared, ext: &str) -> Option<(CustomerUrn, TrackingNumber)> {
    let details = CustomerDetails::new(ext).email(format!("{ext}@example.com"));
    let urn = timed(s, c.store_customer(&StoreCustomerRequest::new(details)))
        .await?
        .into_inner()
        .customer_urn;
    let ctx = RequestContext::new(
        urn.clone(),
        "203.0.113.24",
        InteractionType::Purchase,
        Channel::Web,
    );
    let offer = timed(s, c.resolve_offer(&OfferRequest::new(ctx.clone())))
        .await?
        .into_inner();
    let order = CheckoutRequest::new(format!("corr-{ext}"), ctx, offer.offer_identifier);
    let tracking = timed(s, c.submit_checkout(&order))
        .await?
        .into_inner()
        .tracking_number;
    for _ in 0..5 {
        let status = timed(s, c.checkout_status(&tracking)).await?.into_inner();
        if status.state == Some(CheckoutState::Succeeded) {
            break;
        }
    }
    Some((urn, tracking))
}

async fn worker(w: usize, c: Client, m: m2m::Client, s: Shared, until: Instant) {
    // The last 64 stored customers and checkouts of this worker, read back.
    let mut known: Vec<(CustomerUrn, TrackingNumber)> = Vec::new();
    let mut i = 0usize;
    while Instant::now() < until {
        let pick = known
            .get(i.wrapping_mul(7919) % known.len().max(1))
            .cloned();
        match (i % 8, pick) {
            (0, _) | (_, None) => {
                if let Some(done) = flow(&c, &s, &format!("soak-{w}-{i}")).await {
                    if known.len() == 64 {
                        known.remove(0);
                    }
                    known.push(done);
                }
            }
            (1..=4, Some((urn, _))) => {
                let q = CustomerInfoQuery::new().customer_urn(urn);
                timed(&s, c.customer_info(&q)).await;
            }
            (5, Some((_, tracking))) => {
                timed(&s, c.checkout_status(&tracking)).await;
            }
            (_, Some(_)) => {
                let q = m2m::CustomerInfoQuery::new().customer_urn("sb.00.060");
                timed(&s, m.customer_info(&q)).await;
            }
        }
        i += 1;
    }
}

fn rss_mib() -> f64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find_map(|l| l.strip_prefix("VmRSS:"))
                .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<f64>().ok())
        })
        .unwrap_or(0.0)
        / 1024.0
}

fn load() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .map(|l| l.split_whitespace().take(3).collect::<Vec<_>>().join(" "))
        .unwrap_or_default()
}

/// A receiver that answers 204 to every delivery and counts them.
async fn receiver(count: Arc<AtomicU64>) -> String {
    let app = axum::Router::new().route(
        "/hooks",
        axum::routing::post(move || {
            count.fetch_add(1, Ordering::Relaxed);
            async { axum::http::StatusCode::NO_CONTENT }
        }),
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}/hooks", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    url
}

#[tokio::main]
async fn main() {
    let mut args = std::env::args().skip(1);
    let (mut seconds, mut every) = (600u64, 30u64);
    let mut state = None;
    while let Some(flag) = args.next() {
        let value = args.next().unwrap_or_default();
        match flag.as_str() {
            "--minutes" => seconds = value.parse::<u64>().expect("--minutes N") * 60,
            "--seconds" => seconds = value.parse().expect("--seconds N"),
            "--every" => every = value.parse().expect("--every SECONDS"),
            "--state" => state = Some(std::path::PathBuf::from(value)),
            _ => panic!("usage: soak [--minutes N | --seconds N] [--every S] [--state FILE]"),
        }
    }
    let delivered = Arc::new(AtomicU64::new(0));
    let hook = receiver(delivered.clone()).await;
    let config = Config {
        port: 0,
        log_requests: false,
        webhooks: vec![hook],
        state: state.clone(),
        ..Config::default()
    };
    let gateway = Gateway::start(config).await.expect("the gateway starts");
    let env = Environment::Custom(gateway.api_root());
    let m = m2m::Client::new(
        &env,
        ServiceToken::new(DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET),
    )
    .unwrap();
    let stats: Shared = Arc::new(Mutex::new(Stats {
        interval: Histogram::new(),
        errors: Errors::default(),
    }));
    let mut total = Histogram::new();
    let mut errors = Errors::default();
    let start = Instant::now();
    let until = start + Duration::from_secs(seconds);
    let mut tasks = tokio::task::JoinSet::new();
    for w in 0..WORKERS {
        let key = TenantApiKey::new(DEFAULT_API_KEY, format!("soak-{}", w % TENANTS));
        let c = Client::new(&env, key).unwrap();
        tasks.spawn(worker(w, c, m.clone(), stats.clone(), until));
    }
    println!(
        "soak: {seconds} s, {WORKERS} workers, {TENANTS} tenants, {}; RSS at start {:.1} MiB; \
         load average at start {}",
        state.as_ref().map_or("in memory".to_owned(), |p| format!(
            "--state {}",
            p.display()
        )),
        rss_mib(),
        load()
    );
    println!(
        "{:>5} {:>8} {:>7} {:>7} {:>8} {:>8} {:>9} {:>8} {:>8}  load / errors in the interval",
        "t s", "req/s", "p50 ms", "p99 ms", "RSS MiB", "records", "hooks ok", "waiting", "received"
    );
    let mut last = start;
    let mut tick = tokio::time::interval(Duration::from_secs(every));
    tick.tick().await;
    loop {
        tick.tick().await;
        let now = Instant::now();
        let (mut interval, interval_errors) = {
            let mut s = stats.lock().unwrap();
            let h = std::mem::replace(&mut s.interval, Histogram::new());
            (h, std::mem::take(&mut s.errors.0))
        };
        let n = interval.count();
        let g = gateway.stats();
        println!(
            "{:>5} {:>8.0} {:>7.2} {:>7.2} {:>8.1} {:>8} {:>9} {:>8} {:>8}  {} / {:?}",
            now.duration_since(start).as_secs(),
            n as f64 / now.duration_since(last).as_secs_f64(),
            interval.quantile(0.5),
            interval.quantile(0.99),
            rss_mib(),
            g["records"]["count"],
            g["webhooks"]["delivered"],
            g["webhooks"]["waiting"],
            delivered.load(Ordering::Relaxed),
            load(),
            interval_errors,
        );
        interval.merge_into(&mut total);
        for (k, v) in interval_errors {
            *errors.0.entry(k).or_default() += v;
        }
        last = now;
        if now >= until {
            break;
        }
    }
    while tasks.join_next().await.is_some() {}
    // Let the webhook worker drain, then compare its counters with the receiver.
    tokio::time::sleep(Duration::from_secs(2)).await;
    let g = gateway.stats();
    let elapsed = start.elapsed().as_secs_f64();
    println!(
        "total: {} requests in {elapsed:.0} s = {:.0} req/s, p50 {:.2} ms, p99 {:.2} ms; \
         RSS at the end {:.1} MiB",
        total.count(),
        total.count() as f64 / elapsed,
        total.quantile(0.5),
        total.quantile(0.99),
        rss_mib()
    );
    println!("errors by kind: {:?}", errors.0);
    println!(
        "webhooks: gateway {} (receiver got {}); load average at the end {}",
        g["webhooks"],
        delivered.load(Ordering::Relaxed),
        load()
    );
    gateway.stop().await;
}
