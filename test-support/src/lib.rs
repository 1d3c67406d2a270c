//! A scripted HTTP server on 127.0.0.1 (ephemeral port) for the generated
//! clients' tests: it answers each request with the next scripted reply and
//! records exactly what it received.

use axum::body::Bytes;
use axum::http::{HeaderMap, Method, StatusCode, Uri};
use axum::response::IntoResponse;
use std::collections::VecDeque;
use std::sync::{Arc, Mutex};

/// One request as the server saw it.
#[derive(Debug, Clone)]
pub struct Seen {
    pub method: Method,
    pub path: String,
    pub query: Option<String>,
    pub headers: HeaderMap,
    pub body: Vec<u8>,
}

impl Seen {
    /// A header's value as text.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }
    /// The body parsed as JSON (panics in the test when it is not).
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_slice(&self.body).expect("request body is JSON")
    }
}

/// Status, headers and body of one scripted reply.
type Reply = (u16, Vec<(&'static str, String)>, String);

#[derive(Clone, Default)]
struct State {
    replies: Arc<Mutex<VecDeque<Reply>>>,
    seen: Arc<Mutex<Vec<Seen>>>,
}

/// The server: its base URL and what it saw.
pub struct TestServer {
    /// `http://127.0.0.1:<port>`.
    pub base_url: String,
    state: State,
}

impl TestServer {
    /// Binds an ephemeral port on 127.0.0.1 and serves in the background.
    pub async fn start() -> Self {
        let state = State::default();
        let app = axum::Router::new()
            .fallback(handle)
            .with_state(state.clone());
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
        TestServer {
            base_url: format!("http://{addr}"),
            state,
        }
    }

    /// Queues a JSON reply with C2A's content type.
    pub fn reply(&self, status: u16, body: serde_json::Value) {
        self.reply_raw(
            status,
            "application/clientOutput+Json; charset=utf-8",
            &body.to_string(),
        );
    }

    /// Queues a JSON reply with `application/json`.
    pub fn reply_json(&self, status: u16, body: serde_json::Value) {
        self.reply_raw(status, "application/json", &body.to_string());
    }

    /// Queues a reply with this content type (none when empty).
    pub fn reply_raw(&self, status: u16, content_type: &'static str, body: &str) {
        let headers = if content_type.is_empty() {
            vec![]
        } else {
            vec![("content-type", content_type.to_owned())]
        };
        self.reply_with(status, headers, body);
    }

    /// Queues a reply with arbitrary headers.
    pub fn reply_with(&self, status: u16, headers: Vec<(&'static str, String)>, body: &str) {
        self.state
            .replies
            .lock()
            .unwrap()
            .push_back((status, headers, body.to_owned()));
    }

    /// Everything received so far, in order.
    pub fn seen(&self) -> Vec<Seen> {
        self.state.seen.lock().unwrap().clone()
    }

    /// The last request received.
    pub fn last(&self) -> Seen {
        self.seen().pop().expect("a request was received")
    }
}

async fn handle(
    axum::extract::State(state): axum::extract::State<State>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
) -> impl IntoResponse {
    state.seen.lock().unwrap().push(Seen {
        method,
        path: uri.path().to_owned(),
        query: uri.query().map(str::to_owned),
        headers,
        body: body.to_vec(),
    });
    let next = state.replies.lock().unwrap().pop_front();
    let (status, headers, body) = next.unwrap_or((
        500,
        vec![("content-type", "text/plain".to_owned())],
        "no scripted reply".to_owned(),
    ));
    let mut response = (StatusCode::from_u16(status).unwrap(), body).into_response();
    for (name, value) in headers {
        response.headers_mut().insert(name, value.parse().unwrap());
    }
    response
}
