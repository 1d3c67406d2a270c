//! Shared test support: a real HTTP server on 127.0.0.1 (ephemeral port) that
//! records every request and answers with a scripted reply, plus the static
//! endpoint fixtures the tests call (C2A `GeneralResponse` and Moneti lanes).
#![allow(dead_code)] // each test binary uses a different subset

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

struct ServerState {
    reply: Reply,
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
    state.requests.lock().unwrap().push(Recorded {
        method: parts.method.to_string(),
        path: parts.uri.path().to_owned(),
        query: parts.uri.query().map(str::to_owned),
        headers: parts.headers,
        body,
    });
    let reply = state.reply.clone();
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
        let state = Arc::new(ServerState {
            reply,
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

pub const API_KEY: &str = "sk-live-TOP-SECRET-4f1e";
pub const TENANT: &str = "tn.00.042";

pub fn tenant_auth() -> HeaderAuth {
    HeaderAuth::new()
        .plain("x-tn", TENANT)
        .secret("x-api-key", API_KEY)
}

/// A tiny typed error, as the generator would write for C2A-01-02.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CustomerError {
    AlreadyStored,
    SameEmail,
    NotFound,
    Unknown(String),
}

impl EndpointError for CustomerError {
    fn from_code(code: &str) -> Self {
        match code {
            "CUSTOMER_ALREADY_STORED" => CustomerError::AlreadyStored,
            "USER_WITH_SAME_EMAIL_EXISTS" => CustomerError::SameEmail,
            "CUSTOMER_NOT_FOUND" => CustomerError::NotFound,
            other => CustomerError::Unknown(other.to_owned()),
        }
    }
    fn code(&self) -> &str {
        match self {
            CustomerError::AlreadyStored => "CUSTOMER_ALREADY_STORED",
            CustomerError::SameEmail => "USER_WITH_SAME_EMAIL_EXISTS",
            CustomerError::NotFound => "CUSTOMER_NOT_FOUND",
            CustomerError::Unknown(code) => code,
        }
    }
}

pub static GENERAL_RESPONSE: EnvelopeSpec = EnvelopeSpec {
    name: "general_response",
    payload: "result",
    status_object: Some("status"),
    code: "messageCode",
    message: Some("message"),
    severity: None,
    success_codes: &["SUCCESS"],
    success_severities: &[],
    status_code: None,
    diagnostics: None,
    correlation_id: None,
    errors: None,
    links: None,
    warnings: None,
};

pub static MONETI: EnvelopeSpec = EnvelopeSpec {
    name: "moneti",
    payload: "data",
    status_object: Some("status"),
    code: "messageCode",
    message: Some("message"),
    severity: Some("severity"),
    success_codes: &["MNT-000-00"],
    success_severities: &["SUCCESS", "WARNING"],
    status_code: Some("statusCode"),
    diagnostics: Some("diagnostics"),
    correlation_id: Some("correlationId"),
    errors: Some("errors"),
    links: Some("links"),
    warnings: Some("warnings"),
};

pub static C2A: LaneSpec = LaneSpec {
    name: "c2a",
    headers: &[HeaderSpec {
        name: "X-Correlation-Id",
        role: HeaderRole::CorrelationId,
        generate_uuid: true,
        secret: false,
    }],
};

pub static M2M: LaneSpec = LaneSpec {
    name: "m2m",
    headers: &[
        HeaderSpec {
            name: "X-Correlation-Id",
            role: HeaderRole::CorrelationId,
            generate_uuid: true,
            secret: false,
        },
        HeaderSpec {
            name: "X-Moneti-Tenant",
            role: HeaderRole::Tenant,
            generate_uuid: false,
            secret: false,
        },
        HeaderSpec {
            name: "Idempotency-Key",
            role: HeaderRole::IdempotencyKey,
            generate_uuid: false,
            secret: false,
        },
        HeaderSpec {
            name: "X-Region-Override",
            role: HeaderRole::RegionOverride,
            generate_uuid: false,
            secret: false,
        },
        HeaderSpec {
            name: "X-Partner-Secret",
            role: HeaderRole::Other,
            generate_uuid: false,
            secret: true,
        },
    ],
};

pub static STORE_CUSTOMER: Endpoint = Endpoint {
    id: "C2A-01-02",
    method: Method::Post,
    path: "/api/v1/c2a/customer/store",
    success_status: 200,
    lane: &C2A,
    envelope: &GENERAL_RESPONSE,
    payload: Payload::Key("result"),
    idempotency: Idempotency::None,
};

pub static DELETE_CUSTOMER: Endpoint = Endpoint {
    id: "C2A-01-03",
    method: Method::Post,
    path: "/api/v1/c2a/customer/delete",
    success_status: 200,
    lane: &C2A,
    envelope: &GENERAL_RESPONSE,
    payload: Payload::Empty,
    idempotency: Idempotency::None,
};

pub static CHECKOUT_STATUS: Endpoint = Endpoint {
    id: "C2A-03-02",
    method: Method::Get,
    path: "/api/v1/c2a/offer/checkout/{id}/status",
    success_status: 200,
    lane: &C2A,
    envelope: &GENERAL_RESPONSE,
    payload: Payload::Inline,
    idempotency: Idempotency::None,
};

pub static CHECKOUT_SUBMIT: Endpoint = Endpoint {
    id: "C2A-03-01",
    method: Method::Post,
    path: "/api/v1/c2a/offer/checkout",
    success_status: 202,
    lane: &C2A,
    envelope: &GENERAL_RESPONSE,
    payload: Payload::Inline,
    idempotency: Idempotency::BodyField("correlationId"),
};

pub static BUNDLES: Endpoint = Endpoint {
    id: "M2M-02-01",
    method: Method::Post,
    path: "/api/m2m/offer/bundles",
    success_status: 200,
    lane: &M2M,
    envelope: &MONETI,
    payload: Payload::Key("data"),
    idempotency: Idempotency::None,
};

pub static CAPTURE_PAYMENT: Endpoint = Endpoint {
    id: "M2M-04-03",
    method: Method::Put,
    path: "/api/m2m/payments/{paymentUrn}/capture",
    success_status: 200,
    lane: &M2M,
    envelope: &MONETI,
    payload: Payload::Key("payment"),
    idempotency: Idempotency::Header("Idempotency-Key"),
};
