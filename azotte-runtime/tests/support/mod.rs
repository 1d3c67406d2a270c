//! Shared test support: a real HTTP server on 127.0.0.1 (ephemeral port) that
//! records every request and answers with a fixed or scripted reply, a
//! tracing capture, plus the static endpoint fixtures the tests call (C2A
//! `GeneralResponse` and Moneti lanes).
#![allow(dead_code)] // each test binary uses a different subset

pub mod capture;
mod fixtures;

pub use fixtures::*;

use axum::body::{to_bytes, Body};
use axum::extract::State;
use axum::http::HeaderMap;
use azotte_runtime::*;
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// One request as the server saw it.
#[derive(Debug, Clone)]
pub struct Recorded {
    pub method: String,
    /// The path exactly as sent (percent-encoding preserved).
    pub path: String,
    pub query: Option<String>,
    pub headers: HeaderMap,
    pub body: Vec<u8>,
}

impl Recorded {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_slice(&self.body).expect("request body is JSON")
    }
}

/// What the server answers.
#[derive(Debug, Clone)]
pub struct Reply {
    pub status: u16,
    pub headers: Vec<(&'static str, String)>,
    pub body: Vec<u8>,
    pub delay: Duration,
    /// Send the body as two chunks (no Content-Length) with this pause between them.
    pub chunk_pause: Option<Duration>,
}

impl Reply {
    /// A JSON body with the C2A content type.
    pub fn json(status: u16, body: serde_json::Value) -> Self {
        Reply::raw(status, body.to_string()).header("content-type", "application/clientOutput+Json")
    }
    pub fn raw(status: u16, body: impl Into<Vec<u8>>) -> Self {
        Reply {
            status,
            headers: Vec::new(),
            body: body.into(),
            delay: Duration::ZERO,
            chunk_pause: None,
        }
    }
    pub fn empty(status: u16) -> Self {
        Reply::raw(status, Vec::new())
    }
    pub fn header(mut self, name: &'static str, value: impl Into<String>) -> Self {
        self.headers.push((name, value.into()));
        self
    }
    pub fn delayed(mut self, delay: Duration) -> Self {
        self.delay = delay;
        self
    }
    pub fn chunked(mut self, pause: Duration) -> Self {
        self.chunk_pause = Some(pause);
        self
    }
}

/// Computes the reply to a request; gets the request and its 0-based index.
type Responder = Box<dyn Fn(&Recorded, usize) -> Reply + Send + Sync>;

struct ServerState {
    responder: Responder,
    requests: Mutex<Vec<Recorded>>,
}

pub struct TestServer {
    pub base_url: String,
    state: Arc<ServerState>,
}

async fn handle(
    State(state): State<Arc<ServerState>>,
    request: axum::extract::Request,
) -> axum::response::Response {
    let (parts, body) = request.into_parts();
    let body = to_bytes(body, 1 << 20)
        .await
        .map(|b| b.to_vec())
        .unwrap_or_default();
    let recorded = Recorded {
        method: parts.method.to_string(),
        path: parts.uri.path().to_owned(),
        query: parts.uri.query().map(str::to_owned),
        headers: parts.headers,
        body,
    };
    let index = {
        let mut requests = state.requests.lock().unwrap();
        requests.push(recorded.clone());
        requests.len() - 1
    };
    let reply = (state.responder)(&recorded, index);
    tokio::time::sleep(reply.delay).await;
    let mut response = axum::response::Response::builder().status(reply.status);
    for (name, value) in reply.headers {
        response = response.header(name, value);
    }
    let body = match reply.chunk_pause {
        None => Body::from(reply.body),
        Some(pause) => {
            let (first, second) = reply.body.split_at(reply.body.len() / 2);
            let chunks = vec![first.to_vec(), second.to_vec()].into_iter();
            Body::from_stream(futures::stream::unfold(
                (chunks, false),
                move |(mut chunks, started)| async move {
                    let chunk = chunks.next()?;
                    if started {
                        tokio::time::sleep(pause).await;
                    }
                    Some((Ok::<_, std::io::Error>(chunk), (chunks, true)))
                },
            ))
        }
    };
    response.body(body).unwrap()
}

impl TestServer {
    /// Starts a server answering every request with `reply`.
    pub async fn start(reply: Reply) -> Self {
        Self::scripted(move |_, _| reply.clone()).await
    }

    /// Starts a server answering each request with `responder(request, index)`.
    pub async fn scripted(
        responder: impl Fn(&Recorded, usize) -> Reply + Send + Sync + 'static,
    ) -> Self {
        let state = Arc::new(ServerState {
            responder: Box::new(responder),
            requests: Mutex::new(Vec::new()),
        });
        let app = axum::Router::new()
            .fallback(handle)
            .with_state(state.clone());
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        tokio::spawn(async move {
            let _ = axum::serve(listener, app).await;
        });
        TestServer {
            base_url: format!("http://{addr}"),
            state,
        }
    }

    pub fn requests(&self) -> Vec<Recorded> {
        self.state.requests.lock().unwrap().clone()
    }

    /// The requests received on `path`.
    pub fn requests_to(&self, path: &str) -> Vec<Recorded> {
        self.requests()
            .into_iter()
            .filter(|r| r.path == path)
            .collect()
    }

    /// The only request received; fails the test otherwise.
    pub fn single_request(&self) -> Recorded {
        let requests = self.requests();
        assert_eq!(
            requests.len(),
            1,
            "expected exactly one request: {requests:?}"
        );
        requests.into_iter().next().unwrap()
    }

    /// A client for this server with the C2A tenant key auth.
    pub fn client(&self) -> Client {
        self.client_with(ClientConfig::new(&self.base_url))
    }

    pub fn client_with(&self, config: ClientConfig) -> Client {
        Client::new(config, tenant_auth()).expect("client builds")
    }
}

/// A base URL nothing listens on: bind an ephemeral port, then drop the listener.
pub fn refused_base_url() -> String {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    drop(listener);
    format!("http://{addr}")
}
