//! With no `tracing` subscriber but a `log` logger, the call and attempt
//! spans still reach `log`, through `tracing`'s `log` feature (on in this
//! test build: axum, a dev-dependency, turns it on). The client skips
//! building spans only when neither can see them (`client::span_if_seen`);
//! this is the other half: skipping must not hide them from a logger.
//! A process of its own, as a `log` logger is global.

mod support;

use azotte_runtime::*;
use serde_json::json;
use std::sync::Mutex;
use support::*;

/// Every record at `info` or above, as `target: message`.
static RECORDS: Mutex<Vec<String>> = Mutex::new(Vec::new());

struct Collect;

impl log::Log for Collect {
    fn enabled(&self, metadata: &log::Metadata<'_>) -> bool {
        metadata.level() <= log::Level::Info
    }
    fn log(&self, record: &log::Record<'_>) {
        if self.enabled(record.metadata()) {
            let line = format!("{}: {}", record.target(), record.args());
            RECORDS.lock().unwrap().push(line);
        }
    }
    fn flush(&self) {}
}

#[tokio::test]
async fn spans_reach_a_log_logger_when_no_subscriber_is_set() {
    log::set_logger(&Collect).expect("the only logger of this process");
    log::set_max_level(log::LevelFilter::Info);
    assert!(!tracing::dispatcher::has_been_set(), "no subscriber here");

    let server = TestServer::start(Reply::json(
        200,
        json!({ "status": { "messageCode": "SUCCESS" }, "result": { "id": 1 } }),
    ))
    .await;
    server
        .client()
        .with_correlation_id("corr-log")
        .call::<serde_json::Value, RawCode>(&STORE_CUSTOMER, Request::new().json(&json!({})))
        .await
        .expect("a success");

    let records = RECORDS.lock().unwrap().join("\n");
    // `tracing` logs a span under the span's own target (its module), the
    // message its name and fields, then each later `record` the same way.
    let call = records
        .lines()
        .find(|l| l.starts_with("azotte_runtime::") && l.contains("azotte.call; endpoint="))
        .unwrap_or_else(|| panic!("no call span in:\n{records}"));
    assert!(call.contains("endpoint=\"C2A-01-02\""), "{call}");
    let attempt = records
        .lines()
        .find(|l| l.starts_with("azotte_runtime::") && l.contains("azotte.attempt; endpoint="))
        .unwrap_or_else(|| panic!("no attempt span in:\n{records}"));
    assert!(attempt.contains("correlation_id=\"corr-log\""), "{attempt}");
    assert!(records.contains("azotte.call; status=200"), "{records}");
    assert!(!records.contains(API_KEY), "the API key leaked:\n{records}");
}
