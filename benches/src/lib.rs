//! What the generated client costs per call, against hand-written code doing
//! the same thing (see `BENCHMARKS.md`):
//!
//! - [`run_overhead`]: a generated `c2a::Client::store_customer` call versus a
//!   hand-written baseline that sends the identical request (method, URL,
//!   headers, body, timeout) with the same `reqwest::Client` and decodes the
//!   same JSON with serde into an equivalent struct, both against a minimal
//!   axum server on 127.0.0.1 (`cargo bench -p azotte-bench --bench overhead`);
//! - the `decode_*` functions: decoding the same response bytes, hand-written
//!   versus the generated types, straight and through the runtime's decoder
//!   (`cargo bench -p azotte-bench --bench decode`);
//! - [`Counting`]: a global allocator counting the allocations of the thread
//!   that measures (the client's), not the server's;
//! - [`profile::profile_side`]: one side alone, for callgrind
//!   (`overhead -- --only generated|baseline CALLS`).

pub mod profile;

use azotte_client::auth::TenantApiKey;
use azotte_client::c2a;
use azotte_client::prelude::*;
use azotte_client::types::{AzotteCustomer, CustomerDetails, StoreCustomerRequest};
use azotte_runtime::futures::future::join_all;
use azotte_runtime::ClientConfig;
use serde::Deserialize;
use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;
use std::net::SocketAddr;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

/// The path `store_customer` posts to (relative to the environment's root).
pub const PATH: &str = "/c2a/customer/store";
pub const API_KEY: &str = "sk_bench_0123456789";
pub const TENANT: &str = "e2a1c7b2-4f3a-4b8e-9c2d-1a2b3c4d5e6f";

/// The response body the server sends: a GeneralResponse envelope around a
/// customer (every field set).
pub fn response_body() -> Vec<u8> {
    serde_json::to_vec(&serde_json::json!({
        "status": { "messageCode": "SUCCESS", "message": "Customer stored." },
        "result": {
            "customerUrn": "cu.00.482",
            "externalId": "ext-42",
            "email": "ada@example.com",
            "phoneNumber": "+44 20 7946 0000",
            "firstName": "Ada",
            "lastName": "Lovelace",
            "countryCode": "GB",
            "createdAt": "2026-01-02T03:04:05Z",
            "updatedAt": "2026-01-02T03:04:06Z"
        }
    }))
    .unwrap_or_default()
}

/// The request both sides send.
pub fn request() -> StoreCustomerRequest {
    StoreCustomerRequest::new(
        CustomerDetails::new("ext-42")
            .email("ada@example.com")
            .phone_number("+44 20 7946 0000")
            .first_name("Ada")
            .last_name("Lovelace")
            .country_code("GB"),
    )
}

/// The hand-written equivalent of the generated `AzotteCustomer`.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct HandCustomer {
    pub customer_urn: String,
    pub external_id: String,
    pub email: Option<String>,
    pub phone_number: Option<String>,
    pub first_name: Option<String>,
    pub last_name: Option<String>,
    pub country_code: Option<String>,
    pub created_at: Option<String>,
    pub updated_at: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct HandStatus {
    pub message_code: String,
    pub message: Option<String>,
}

/// The hand-written envelope: status plus the payload under `result`.
#[derive(Debug, Deserialize)]
pub struct HandEnvelope<T> {
    pub status: HandStatus,
    pub result: Option<T>,
}

/// Hand-written decoding: one `serde_json::from_slice` into structs.
pub fn decode_handwritten(body: &[u8]) -> Option<HandCustomer> {
    let e: HandEnvelope<HandCustomer> = serde_json::from_slice(body).ok()?;
    (e.status.message_code == "SUCCESS")
        .then_some(e.result)
        .flatten()
}

/// The generated payload type decoded straight from the bytes (hand-written envelope).
pub fn decode_generated_direct(body: &[u8]) -> Option<AzotteCustomer> {
    let e: HandEnvelope<AzotteCustomer> = serde_json::from_slice(body).ok()?;
    (e.status.message_code == "SUCCESS")
        .then_some(e.result)
        .flatten()
}

/// `store_customer` as the runtime sees it (the generated static is private;
/// this one is built the same way, from the generated envelope).
static STORE_CUSTOMER: azotte_runtime::Endpoint = azotte_runtime::Endpoint::lane(
    &BENCH_LANE,
    &azotte_client::envelopes::GENERAL_RESPONSE,
    azotte_runtime::Payload::Key("result"),
)
.at(azotte_runtime::Method::Post, "C2A-01-02", PATH);

static BENCH_LANE: azotte_runtime::LaneSpec = azotte_runtime::LaneSpec {
    name: "c2a",
    headers: &[],
};

/// The generated type through the runtime's own decoder
/// ([`azotte_runtime::decode_response`]: envelope, success check, payload),
/// without the call around it. The body is handed over as the transport
/// would, an owned `Vec` (one copy here).
pub fn decode_runtime(body: &[u8]) -> Option<AzotteCustomer> {
    azotte_runtime::decode_response::<AzotteCustomer, azotte_runtime::RawCode>(
        &STORE_CUSTOMER,
        200,
        Default::default(),
        body.to_vec(),
    )
    .ok()
    .map(azotte_runtime::Response::into_inner)
}

/// The generated client's real decoder, without a network: a full
/// `store_customer` call over `MockTransport` (request building, headers,
/// envelope decoding) on a current-thread runtime.
pub struct MockCall {
    runtime: tokio::runtime::Runtime,
    client: c2a::Client,
    request: StoreCustomerRequest,
}

impl MockCall {
    pub fn new() -> Self {
        let mock = azotte_runtime::MockTransport::new();
        mock.on(
            "POST",
            PATH,
            azotte_runtime::MockResponse::new(200, response_body()),
        );
        let config = ClientConfig::new("http://127.0.0.1:9").transport(mock);
        let client =
            c2a::Client::with_config(config, TenantApiKey::new(API_KEY, TENANT)).expect("a client");
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .expect("a runtime");
        MockCall {
            runtime,
            client,
            request: request(),
        }
    }

    pub fn call(&self) -> Option<AzotteCustomer> {
        self.runtime
            .block_on(self.client.store_customer(&self.request))
            .ok()
            .map(|r| r.into_inner())
    }
}

impl Default for MockCall {
    fn default() -> Self {
        Self::new()
    }
}

/// A minimal server on 127.0.0.1 answering `POST PATH` with [`response_body`],
/// on its own thread and runtime (its allocations are not the client's).
pub fn serve() -> SocketAddr {
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(1)
            .enable_all()
            .build()
            .expect("a server runtime");
        runtime.block_on(async move {
            let body = axum::body::Bytes::from(response_body());
            let app = axum::Router::new().route(
                PATH,
                axum::routing::post(move || {
                    let body = body.clone();
                    async move { ([("content-type", "application/clientOutput+Json")], body) }
                }),
            );
            let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
                .await
                .expect("a port on 127.0.0.1");
            let _ = tx.send(listener.local_addr().expect("an address"));
            let _ = axum::serve(listener, app).await;
        });
    });
    rx.recv().expect("the server's address")
}

/// The `Accept` the generated C2A client sends: the lane's documented content
/// type, JSON as the fallback (FORMAT.md, `content_type`). The baseline sends
/// it too, so the two requests are the same bytes but for the correlation id
/// (`tests/smoke.rs` checks it).
pub const ACCEPT: &str = "application/clientOutput+Json, application/json;q=0.9";

/// The hand-written baseline: the request the generated client sends (same
/// method, URL, headers — accept, content type, a UUID correlation id, the API
/// key and tenant —, body bytes and 30 s timeout), with the same client.
pub async fn baseline_call(
    http: &reqwest::Client,
    url: &str,
    request: &StoreCustomerRequest,
) -> Result<HandCustomer, String> {
    let body = serde_json::to_vec(request).map_err(|e| e.to_string())?;
    let response = http
        .post(url)
        .header("accept", ACCEPT)
        .header("content-type", "application/json")
        .header("X-Correlation-Id", uuid::Uuid::new_v4().to_string())
        .header("x-api-key", API_KEY)
        .header("x-tn", TENANT)
        .timeout(Duration::from_secs(30))
        .body(body)
        .send()
        .await
        .map_err(|e| e.to_string())?;
    if response.status() != 200 {
        return Err(format!("HTTP {}", response.status()));
    }
    let bytes = response.bytes().await.map_err(|e| e.to_string())?;
    decode_handwritten(&bytes).ok_or_else(|| "not a success envelope".to_owned())
}

thread_local! {
    static COUNTING: Cell<bool> = const { Cell::new(false) };
}
static ALLOCATIONS: AtomicU64 = AtomicU64::new(0);
static ALLOCATED_BYTES: AtomicU64 = AtomicU64::new(0);

/// The system allocator, counting allocations made by threads inside [`count`].
/// Register it in a binary with `#[global_allocator]`.
pub struct Counting;

// SAFETY: every call is forwarded unchanged to the system allocator.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        note(layout.size());
        System.alloc(layout)
    }
    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        note(layout.size());
        System.alloc_zeroed(layout)
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        note(new_size);
        System.realloc(ptr, layout, new_size)
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        System.dealloc(ptr, layout)
    }
}

fn note(size: usize) {
    if COUNTING.try_with(Cell::get).unwrap_or(false) {
        ALLOCATIONS.fetch_add(1, Ordering::Relaxed);
        ALLOCATED_BYTES.fetch_add(size as u64, Ordering::Relaxed);
    }
}

/// Runs `f` counting this thread's allocations (and reallocations): `(result, count, bytes)`.
/// Zero unless [`Counting`] is the global allocator.
pub fn count<R>(f: impl FnOnce() -> R) -> (R, u64, u64) {
    let (a, b) = (
        ALLOCATIONS.load(Ordering::Relaxed),
        ALLOCATED_BYTES.load(Ordering::Relaxed),
    );
    COUNTING.with(|c| c.set(true));
    let r = f();
    COUNTING.with(|c| c.set(false));
    (
        r,
        ALLOCATIONS.load(Ordering::Relaxed) - a,
        ALLOCATED_BYTES.load(Ordering::Relaxed) - b,
    )
}

/// Per-call figures of one side of [`run_overhead`].
#[derive(Debug, Clone, Default)]
pub struct Side {
    /// Calls per second, sequential on one connection.
    pub throughput: f64,
    pub p50: Duration,
    pub p99: Duration,
    pub mean: Duration,
    /// Allocations (and bytes) per call on the client's thread.
    pub allocations: f64,
    pub allocated_bytes: f64,
}

#[derive(Debug, Clone, Default)]
pub struct Overhead {
    pub calls: usize,
    pub generated: Side,
    pub baseline: Side,
    /// Calls per second with `in_flight` calls at a time, each side.
    pub concurrent_generated: f64,
    pub concurrent_baseline: f64,
    pub in_flight: usize,
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    if sorted.is_empty() {
        return Duration::ZERO;
    }
    let i = ((sorted.len() - 1) as f64 * p).round() as usize;
    sorted[i]
}

fn side(mut latencies: Vec<Duration>, total: Duration, allocs: u64, bytes: u64) -> Side {
    latencies.sort();
    let n = latencies.len().max(1);
    Side {
        throughput: latencies.len() as f64 / total.as_secs_f64().max(1e-9),
        p50: percentile(&latencies, 0.5),
        p99: percentile(&latencies, 0.99),
        mean: total / n as u32,
        allocations: allocs as f64 / n as f64,
        allocated_bytes: bytes as f64 / n as f64,
    }
}

/// Generated versus hand-written calls against [`serve`]: `rounds` rounds of
/// `calls` sequential calls per side, the sides alternating which goes first,
/// after a warm-up; then as many rounds of `calls` calls per side with
/// `in_flight` at a time.
/// The client runs on a current-thread runtime on this thread.
pub fn run_overhead(calls: usize, rounds: usize, in_flight: usize) -> Result<Overhead, String> {
    let addr = serve();
    let base = format!("http://{addr}");
    let url = format!("{base}{PATH}");
    let http = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .map_err(|e| e.to_string())?;
    let config = ClientConfig::new(base.clone()).http_client(http.clone());
    let client = c2a::Client::with_config(config, TenantApiKey::new(API_KEY, TENANT))
        .map_err(|e| e.to_string())?;
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| e.to_string())?;
    let req = request();
    let expected = decode_handwritten(&response_body());

    let generated_one = || async {
        let r = client
            .store_customer(&req)
            .await
            .map_err(|e| e.to_string())?;
        Ok::<_, String>(r.into_inner())
    };
    let baseline_one = || baseline_call(&http, &url, &req);

    // Warm-up: the connection, and both paths once; both must agree.
    let (g, b) = runtime.block_on(async { (generated_one().await, baseline_one().await) });
    let (g, b) = (g?, b?);
    if Some(&b) != expected.as_ref() || g.customer_urn.as_str() != b.customer_urn {
        return Err(format!("the two sides disagree: {g:?} / {b:?}"));
    }
    for _ in 0..calls.min(200) {
        runtime.block_on(async {
            let _ = generated_one().await;
            let _ = baseline_one().await;
        });
    }

    let (mut gl, mut bl) = (Vec::new(), Vec::new());
    let (mut gt, mut bt) = (Duration::ZERO, Duration::ZERO);
    let (mut ga, mut ba) = ((0, 0), (0, 0));
    for round in 0..rounds.max(1) {
        for which in [round % 2, (round + 1) % 2] {
            let ((total, lat), allocs, bytes) = count(|| {
                runtime.block_on(async {
                    let mut lat = Vec::with_capacity(calls);
                    let start = Instant::now();
                    for _ in 0..calls {
                        let t = Instant::now();
                        let ok = if which == 0 {
                            generated_one().await.is_ok()
                        } else {
                            baseline_one().await.is_ok()
                        };
                        assert!(ok, "a call failed");
                        lat.push(t.elapsed());
                    }
                    (start.elapsed(), lat)
                })
            });
            if which == 0 {
                gl.extend(lat);
                gt += total;
                ga = (ga.0 + allocs, ga.1 + bytes);
            } else {
                bl.extend(lat);
                bt += total;
                ba = (ba.0 + allocs, ba.1 + bytes);
            }
        }
    }

    let in_flight = in_flight.max(1);
    let concurrent = |generated: bool| {
        runtime.block_on(async {
            let start = Instant::now();
            let mut done = 0;
            while done < calls {
                let batch = in_flight.min(calls - done);
                let results: Vec<Result<(), String>> = if generated {
                    join_all((0..batch).map(|_| async { generated_one().await.map(|_| ()) })).await
                } else {
                    join_all((0..batch).map(|_| async { baseline_one().await.map(|_| ()) })).await
                };
                results.into_iter().collect::<Result<Vec<()>, String>>()?;
                done += batch;
            }
            Ok::<_, String>(calls as f64 / start.elapsed().as_secs_f64().max(1e-9))
        })
    };
    // Alternating rounds here too, each side's calls/s the mean over its rounds.
    let (mut cg, mut cb) = (0.0, 0.0);
    for round in 0..rounds.max(1) {
        if round % 2 == 0 {
            cg += concurrent(true)?;
            cb += concurrent(false)?;
        } else {
            cb += concurrent(false)?;
            cg += concurrent(true)?;
        }
    }
    let concurrent_generated = cg / rounds.max(1) as f64;
    let concurrent_baseline = cb / rounds.max(1) as f64;
    Ok(Overhead {
        calls: calls * rounds.max(1),
        generated: side(gl, gt, ga.0, ga.1),
        baseline: side(bl, bt, ba.0, ba.1),
        concurrent_generated,
        concurrent_baseline,
        in_flight,
    })
}
