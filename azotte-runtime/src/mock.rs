//! [`MockTransport`]: canned responses for the real [`Client`](crate::Client),
//! so code built on a generated client can be tested without a network.
//!
//! Responses are queued per `(method, path)` and returned in order (the last
//! one repeats); every request is recorded. The recorded requests keep their
//! real header values (they are the test's own), but `Debug` of a
//! [`RecordedRequest`] redacts credential headers.
//!
//! ```
//! # use azotte_runtime::*;
//! # async fn run() {
//! let mock = MockTransport::new();
//! mock.on("GET", "/api/m2m/customer/info", MockResponse::json(200, serde_json::json!({
//!     "data": { "customerUrn": "cu.00.482" }, "status": { "severity": "SUCCESS" }
//! })));
//! let config = ClientConfig::new("https://api.azotte.cloud").transport(mock.clone());
//! let client = Client::new(config, NoAuth).unwrap();
//! // ... call client ..., then:
//! assert!(mock.requests().len() <= 1);
//! # }
//! ```

use crate::transport::{Transport, TransportFailure, TransportFailureKind, TransportResponse};
use futures::future::BoxFuture;
use http::header::{HeaderMap, HeaderName, HeaderValue};
use std::collections::VecDeque;
use std::fmt;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};

/// One canned answer: a response, or a transport failure.
#[derive(Debug)]
pub struct MockResponse {
    status: u16,
    headers: HeaderMap,
    body: Vec<u8>,
    failure: Option<TransportFailureKind>,
}

impl MockResponse {
    /// A response with this status and body.
    pub fn new(status: u16, body: impl Into<Vec<u8>>) -> Self {
        MockResponse {
            status,
            headers: HeaderMap::new(),
            body: body.into(),
            failure: None,
        }
    }

    /// A JSON response (`Content-Type: application/json`).
    pub fn json(status: u16, body: serde_json::Value) -> Self {
        MockResponse::new(status, body.to_string()).header("content-type", "application/json")
    }

    /// No response at all: the attempt fails with a transport failure of
    /// `kind` (e.g. `Connect` to exercise retries).
    pub fn failure(kind: TransportFailureKind) -> Self {
        MockResponse {
            failure: Some(kind),
            ..MockResponse::new(0, Vec::new())
        }
    }

    /// Adds a response header. Invalid names or values are ignored.
    pub fn header(mut self, name: &str, value: &str) -> Self {
        if let (Ok(name), Ok(value)) = (
            HeaderName::from_bytes(name.as_bytes()),
            HeaderValue::from_str(value),
        ) {
            self.headers.append(name, value);
        }
        self
    }

    fn answer(&self) -> Result<TransportResponse, TransportFailure> {
        match self.failure {
            Some(kind) => Err(TransportFailure::new(kind, "mock transport failure")),
            None => Ok(TransportResponse::new(
                self.status,
                self.headers.clone(),
                self.body.clone(),
            )),
        }
    }
}

/// A request the [`MockTransport`] received.
#[derive(Clone)]
pub struct RecordedRequest {
    /// Upper-case method.
    pub method: String,
    /// The full URL, query included.
    pub url: reqwest::Url,
    /// Every header as sent, credentials included (see the `Debug` note).
    pub headers: HeaderMap,
    /// The exact body bytes (empty when none).
    pub body: Vec<u8>,
}

impl RecordedRequest {
    /// A header value as text.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }
}

/// True for headers whose values `Debug` must not show.
fn is_credential(name: &HeaderName, value: &HeaderValue) -> bool {
    let name = name.as_str();
    value.is_sensitive()
        || matches!(
            name,
            "authorization" | "proxy-authorization" | "cookie" | "x-api-key"
        )
        || ["secret", "signature", "token", "password"]
            .iter()
            .any(|word| name.contains(word))
}

impl fmt::Debug for RecordedRequest {
    /// Method, URL, headers (credential values `[REDACTED]`) and body size.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        struct Headers<'a>(&'a HeaderMap);
        impl fmt::Debug for Headers<'_> {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                let mut map = f.debug_map();
                for (name, value) in self.0 {
                    if is_credential(name, value) {
                        map.entry(name, &format_args!("[REDACTED]"));
                    } else {
                        map.entry(name, value);
                    }
                }
                map.finish()
            }
        }
        f.debug_struct("RecordedRequest")
            .field("method", &self.method)
            .field("url", &self.url.as_str())
            .field("headers", &Headers(&self.headers))
            .field("body_bytes", &self.body.len())
            .finish()
    }
}

struct Route {
    method: String,
    path: String,
    queue: VecDeque<MockResponse>,
}

#[derive(Default)]
struct MockState {
    routes: Vec<Route>,
    requests: Vec<RecordedRequest>,
}

/// A [`Transport`] answering from canned responses; clones share state, so
/// keep one to inspect [`requests`](Self::requests) after handing another to
/// [`ClientConfig::transport`](crate::ClientConfig::transport).
#[derive(Clone, Default)]
pub struct MockTransport {
    state: Arc<Mutex<MockState>>,
}

impl MockTransport {
    /// A transport with no responses.
    pub fn new() -> Self {
        Self::default()
    }

    fn lock(&self) -> MutexGuard<'_, MockState> {
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Queues `response` for `method` (case-insensitive) and `path` (exact,
    /// without query). Responses for a route are returned in the order queued;
    /// the last one keeps answering. A request matching no route fails with a
    /// transport failure of kind `Other` (never retried).
    pub fn on(&self, method: &str, path: &str, response: MockResponse) -> &Self {
        let method = method.to_ascii_uppercase();
        let mut state = self.lock();
        match state
            .routes
            .iter_mut()
            .find(|r| r.method == method && r.path == path)
        {
            Some(route) => route.queue.push_back(response),
            None => state.routes.push(Route {
                method,
                path: path.to_owned(),
                queue: VecDeque::from([response]),
            }),
        }
        self
    }

    /// Every request received so far, in order.
    pub fn requests(&self) -> Vec<RecordedRequest> {
        self.lock().requests.clone()
    }
}

impl fmt::Debug for MockTransport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let state = self.lock();
        let routes: Vec<String> = state
            .routes
            .iter()
            .map(|r| format!("{} {} ({} queued)", r.method, r.path, r.queue.len()))
            .collect();
        f.debug_struct("MockTransport")
            .field("routes", &routes)
            .field("requests", &state.requests.len())
            .finish()
    }
}

impl Transport for MockTransport {
    fn send(
        &self,
        request: reqwest::Request,
    ) -> BoxFuture<'_, Result<TransportResponse, TransportFailure>> {
        let recorded = RecordedRequest {
            method: request.method().as_str().to_owned(),
            url: request.url().clone(),
            headers: request.headers().clone(),
            body: request
                .body()
                .and_then(reqwest::Body::as_bytes)
                .map(<[u8]>::to_vec)
                .unwrap_or_default(),
        };
        let mut state = self.lock();
        let path = recorded.url.path().to_owned();
        let answer = match state
            .routes
            .iter_mut()
            .find(|r| r.method == recorded.method && r.path == path)
        {
            Some(route) if route.queue.len() > 1 => route.queue.pop_front().map(|r| r.answer()),
            Some(route) => route.queue.front().map(MockResponse::answer),
            None => None,
        };
        let answer = answer.unwrap_or_else(|| {
            Err(TransportFailure::new(
                TransportFailureKind::Other,
                format!("no mock response for {} {path}", recorded.method),
            ))
        });
        state.requests.push(recorded);
        Box::pin(async move { answer })
    }
}
