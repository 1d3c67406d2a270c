//! The benchmarks run one tiny iteration, so they cannot rot (the measuring
//! runs are `cargo bench -p azotte-bench`, not part of `cargo test`).

use azotte_bench::*;
use azotte_client::prelude::*;

#[test]
fn every_decoder_reads_the_same_customer() {
    let body = response_body();
    let hand = decode_handwritten(&body).expect("hand-written");
    let direct = decode_generated_direct(&body).expect("generated, straight");
    let runtime = decode_runtime(&body).expect("generated, through the runtime's decoder");
    let call = MockCall::new().call().expect("a call over the mock");
    assert_eq!(direct, runtime);
    assert_eq!(runtime, call);
    assert_eq!(hand.customer_urn, call.customer_urn.as_str());
    assert_eq!(hand.updated_at, call.updated_at);
}

#[test]
fn the_overhead_bench_runs_one_call_per_side() {
    let o = run_overhead(1, 1, 2).expect("both sides answer");
    assert_eq!(o.calls, 1);
    assert!(o.generated.throughput > 0.0 && o.baseline.throughput > 0.0);
}

/// What a recording server saw of one request: the request line, the
/// headers but the correlation id (a fresh UUID on each side), the body.
type Seen = (String, Vec<(String, String)>, Vec<u8>);

/// The baseline sends what the generated client sends: the same method,
/// path, headers (names, values, order) and body bytes; only the
/// correlation id differs, a fresh version-4 UUID on both sides.
#[test]
fn the_baseline_sends_the_generated_clients_request() {
    use std::sync::{Arc, Mutex};
    let seen: Arc<Mutex<Vec<Seen>>> = Arc::default();
    let ids: Arc<Mutex<Vec<String>>> = Arc::default();
    let runtime = tokio::runtime::Runtime::new().expect("a runtime");
    let (seen2, ids2) = (seen.clone(), ids.clone());
    let app = axum::Router::new().route(
        PATH,
        axum::routing::post(
            move |method: axum::http::Method,
                  uri: axum::http::Uri,
                  headers: axum::http::HeaderMap,
                  body: axum::body::Bytes| {
                let mut kept = Vec::new();
                for (name, value) in &headers {
                    let value = value.to_str().unwrap_or("<not text>").to_owned();
                    if name == "x-correlation-id" {
                        ids2.lock().unwrap().push(value);
                    } else if name != "host" {
                        kept.push((name.as_str().to_owned(), value));
                    }
                }
                seen2
                    .lock()
                    .unwrap()
                    .push((format!("{method} {uri}"), kept, body.to_vec()));
                async { response_body() }
            },
        ),
    );
    runtime.block_on(async {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let base = format!("http://{}", listener.local_addr().unwrap());
        tokio::spawn(async move { axum::serve(listener, app).await });
        let http = reqwest::Client::new();
        let config = azotte_runtime::ClientConfig::new(base.clone()).http_client(http.clone());
        let client = azotte_client::c2a::Client::with_config(
            config,
            azotte_client::auth::TenantApiKey::new(API_KEY, TENANT),
        )
        .unwrap();
        client.store_customer(&request()).await.expect("generated");
        baseline_call(&http, &format!("{base}{PATH}"), &request())
            .await
            .expect("baseline");
    });
    let seen = seen.lock().unwrap();
    assert_eq!(seen.len(), 2);
    assert_eq!(seen[0], seen[1], "generated, then baseline");
    assert_eq!(seen[0].0, format!("POST {PATH}"));
    let ids = ids.lock().unwrap();
    assert_eq!(ids.len(), 2, "each side sends one correlation id");
    for id in ids.iter() {
        let uuid = uuid::Uuid::parse_str(id).expect("a UUID");
        assert_eq!(uuid.get_version_num(), 4, "{id}");
    }
    assert_ne!(ids[0], ids[1]);
}
