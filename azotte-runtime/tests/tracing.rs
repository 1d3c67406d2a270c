//! The call span and completion event carry endpoint id, method, path,
//! status and correlation id, and never a secret. A tiny in-test subscriber
//! records every span field and event (no tracing-subscriber dependency).

mod support;

use azotte_runtime::*;
use serde_json::json;
use std::fmt::{self, Write as _};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use support::*;
use tracing::field::{Field, Visit};
use tracing::span::{Attributes, Id, Record};
use tracing::{Event, Metadata, Subscriber};

#[derive(Default)]
struct Capture {
    lines: Arc<Mutex<Vec<String>>>,
    next: AtomicU64,
}

struct Fields(String);
impl Visit for Fields {
    fn record_debug(&mut self, field: &Field, value: &dyn fmt::Debug) {
        let _ = write!(self.0, "{}={:?} ", field.name(), value);
    }
}

impl Subscriber for Capture {
    fn enabled(&self, _: &Metadata<'_>) -> bool {
        true
    }
    fn new_span(&self, span: &Attributes<'_>) -> Id {
        let mut fields = Fields(format!("span {} ", span.metadata().name()));
        span.record(&mut fields);
        self.lines.lock().unwrap().push(fields.0);
        Id::from_u64(self.next.fetch_add(1, Ordering::Relaxed) + 1)
    }
    fn record(&self, _: &Id, values: &Record<'_>) {
        let mut fields = Fields("record ".into());
        values.record(&mut fields);
        self.lines.lock().unwrap().push(fields.0);
    }
    fn record_follows_from(&self, _: &Id, _: &Id) {}
    fn event(&self, event: &Event<'_>) {
        let mut fields = Fields(format!("event {} ", event.metadata().level()));
        event.record(&mut fields);
        self.lines.lock().unwrap().push(fields.0);
    }
    fn enter(&self, _: &Id) {}
    fn exit(&self, _: &Id) {}
}

#[tokio::test]
async fn call_span_has_the_documented_fields_and_no_secret() {
    let capture = Capture::default();
    let lines = capture.lines.clone();
    let _guard = tracing::subscriber::set_default(capture);

    let server = TestServer::start(Reply::json(
        409,
        json!({ "status": { "messageCode": "CUSTOMER_ALREADY_STORED" } }),
    ))
    .await;
    let error = server
        .client()
        .with_correlation_id("corr-trace")
        .with_header("X-Partner-Secret", "partner-secret-value")
        .call::<serde_json::Value, CustomerError>(
            &STORE_CUSTOMER,
            Request::new().json(&json!({ "password": "body-secret" })),
        )
        .await
        .expect_err("409");
    assert_eq!(error.service_error(), Some(&CustomerError::AlreadyStored));

    let all = lines.lock().unwrap().join("\n");
    let span = all
        .lines()
        .find(|l| l.starts_with("span azotte.call"))
        .unwrap_or_else(|| panic!("no call span in:\n{all}"));
    assert!(span.contains("endpoint=\"C2A-01-02\""), "{span}");
    assert!(span.contains("method=\"POST\""), "{span}");
    assert!(all.contains("path=\"/api/v1/c2a/customer/store\""), "{all}");
    assert!(all.contains("status=409"), "{all}");
    assert!(all.contains("correlation_id=\"corr-trace\""), "{all}");
    assert!(all.contains("outcome=\"service\""), "{all}");
    assert!(all.contains("code=\"CUSTOMER_ALREADY_STORED\""), "{all}");
    for secret in [API_KEY, "partner-secret-value", "body-secret"] {
        assert!(!all.contains(secret), "{secret} leaked into:\n{all}");
    }
}
