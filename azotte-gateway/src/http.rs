//! The HTTP edge: one axum fallback handler for every request. It resolves
//! the route, reads the body under the size limit (413) and the body
//! timeout (408, connection closed), serves `GET /_gateway/stats`, answers unknown
//! routes (404) and wrong methods (405) in plain text, serves the token
//! endpoint, hands endpoint calls to [`crate::call`], echoes the correlation
//! id in `X-Correlation-Id`, and logs one line per request on stderr:
//! `METHOD /path STATUS 1.2ms cid=…`, plus `reason: …` when a key was refused
//! (never headers, bodies or query strings).

use crate::auth::Authenticator;
use crate::config::Config;
use crate::docs::Docs;
use crate::keys::KeyRefusal;
use crate::ratelimit::RateLimits;
use crate::routes::{Match, Routes};
use crate::state::Store;
use crate::webhooks::Webhooks;
use axum::body::{Body, Bytes};
use axum::extract::{Request, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use azotte_spec::model::{HeaderRole, Spec};
use serde_json::Value;
use std::net::SocketAddr;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Instant;

/// Everything a request needs, shared by all of them. Its `Debug` shows
/// the redacted settings and counters, never the spec or any record.
pub struct App {
    /// The resolved spec.
    pub spec: Spec,
    /// Its route table.
    pub routes: Routes,
    /// Credentials and issued tokens.
    pub auth: Authenticator,
    /// Tenant state.
    pub store: Store,
    /// W2M sender.
    pub webhooks: Webhooks,
    /// Settings.
    pub config: Config,
    /// Name of the correlation header (`X-Correlation-Id`).
    pub correlation_header: String,
    /// Rate-limit windows.
    pub rate_limits: RateLimits,
    /// `/openapi.json` and `/docs`.
    pub docs: Docs,
    /// Open connections (counted by [`crate::serve`]).
    pub connections: Arc<crate::serve::Connections>,
    /// Records in all tenants, kept by [`App::count_records`] around each
    /// call (cheaper than counting every tenant per write).
    pub records: AtomicUsize,
}

impl std::fmt::Debug for App {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("App")
            .field("config", &self.config)
            .field("auth", &self.auth)
            .field("webhooks", &self.webhooks)
            .field("stats", &self.stats())
            .finish_non_exhaustive()
    }
}

/// The path of the gateway's own counters (not part of any API).
pub const STATS_PATH: &str = "/_gateway/stats";

impl App {
    /// Builds the shared state for `spec`, served at `addr`, over `store`
    /// (in memory, or loaded from the state file: its records count
    /// towards the caps from the start).
    pub fn new(spec: Spec, config: Config, addr: SocketAddr, store: Store) -> Self {
        let correlation_header = spec
            .headers
            .iter()
            .find(|h| h.role == HeaderRole::CorrelationId)
            .map_or_else(|| "X-Correlation-Id".to_owned(), |h| h.name.clone());
        App {
            routes: Routes::new(&spec),
            auth: Authenticator::new(&spec, &config),
            webhooks: Webhooks::new(&spec, &config, store.db().cloned()),
            correlation_header,
            docs: Docs::new(&spec, &crate::docs::local_api_root(addr)),
            rate_limits: RateLimits::new(
                config.rate_limits,
                config.rate_limit_per_hour,
                config.rate_limit_per_minute,
            ),
            connections: Arc::default(),
            records: AtomicUsize::new(store.counts().1),
            store,
            spec,
            config,
        }
    }

    /// A call changed a tenant's records from `before` to `after`.
    pub fn count_records(&self, before: usize, after: usize) {
        if after >= before {
            self.records.fetch_add(after - before, Ordering::Relaxed);
        } else {
            self.records.fetch_sub(before - after, Ordering::Relaxed);
        }
    }

    /// The counters `GET /_gateway/stats` answers.
    pub fn stats(&self) -> Value {
        let (open, accepted) = self.connections.counts();
        let (tenants, records) = self.store.counts();
        serde_json::json!({
            "connections": { "open": open, "accepted": accepted, "limit": self.config.max_connections },
            "tenants": { "count": tenants, "limit": self.config.max_tenants },
            "records": {
                "count": records,
                "limit": self.config.max_records,
                "limitPerTenant": self.config.max_records_per_tenant,
            },
            "webhooks": self.webhooks.stats(),
        })
    }
}

/// A plain-text answer.
pub fn plain(status: u16, text: impl Into<String>) -> Response {
    let status = StatusCode::from_u16(status).unwrap_or(StatusCode::BAD_REQUEST);
    let mut response = (status, format!("{}\n", text.into())).into_response();
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/plain; charset=utf-8"),
    );
    response
}

/// A JSON answer with this content type.
pub fn json(status: u16, content_type: &str, body: &Value) -> Response {
    let status = StatusCode::from_u16(status).unwrap_or(StatusCode::OK);
    let mut response = (status, body.to_string()).into_response();
    let value = HeaderValue::from_str(content_type)
        .unwrap_or_else(|_| HeaderValue::from_static("application/json"));
    response.headers_mut().insert(header::CONTENT_TYPE, value);
    response
}

/// 401 without a body (document 002: no envelope).
pub fn unauthorized() -> Response {
    StatusCode::UNAUTHORIZED.into_response()
}

/// Why a call was refused, attached to its response for the log line only
/// (never sent; never holds a secret).
#[derive(Debug, Clone)]
pub struct LogReason(pub String);

/// 401 without a body for a refused API key in `header`: the reason is in
/// `WWW-Authenticate` (RFC 9110 §11.6.1 asks for a challenge on every 401)
/// and in the log line, so the answer stays document 002's "no envelope".
pub fn key_refused(header_name: &str, refusal: KeyRefusal) -> Response {
    let reason = refusal.reason(header_name);
    let mut response = unauthorized();
    let challenge = format!(
        "ApiKey header=\"{header_name}\", error=\"{}\", error_description=\"{reason}\"",
        refusal.error_code()
    );
    if let Ok(value) = HeaderValue::from_str(&challenge) {
        response
            .headers_mut()
            .insert(header::WWW_AUTHENTICATE, value);
    }
    response.extensions_mut().insert(LogReason(reason));
    response
}

/// The request body, at most `config.body_limit` bytes, arrived whole within
/// `config.body_timeout` (else 408 and `Connection: close`: the rest of a
/// stalled body is never read).
async fn read_body(headers: &HeaderMap, body: Body, config: &Config) -> Result<Bytes, Response> {
    let limit = config.body_limit;
    let too_large = || {
        plain(
            413,
            format!("request body too large: the gateway accepts at most {limit} bytes"),
        )
    };
    let declared = headers
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    if declared.is_some_and(|n| n > limit as u64) {
        return Err(too_large());
    }
    match tokio::time::timeout(config.body_timeout, axum::body::to_bytes(body, limit)).await {
        Ok(read) => read.map_err(|_| too_large()),
        Err(_) => {
            let mut response = plain(
                408,
                format!(
                    "request body not received within {} ms (the gateway's body timeout)",
                    config.body_timeout.as_millis()
                ),
            );
            response
                .headers_mut()
                .insert(header::CONNECTION, HeaderValue::from_static("close"));
            Err(response)
        }
    }
}

fn correlation_id(app: &App, headers: &HeaderMap) -> String {
    headers
        .get(app.correlation_header.as_str())
        .and_then(|v| v.to_str().ok())
        .map(str::trim)
        .filter(|v| !v.is_empty() && v.len() <= 200)
        .map_or_else(|| uuid::Uuid::new_v4().to_string(), str::to_owned)
}

/// The handler of every request.
pub async fn dispatch(State(app): State<Arc<App>>, request: Request) -> Response {
    let started = Instant::now();
    let method = request.method().as_str().to_owned();
    let path = request.uri().path().to_owned();
    let cid = correlation_id(&app, request.headers());
    let mut response = route(&app, request, &cid).await;
    if let (Ok(name), Ok(value)) = (
        header::HeaderName::from_bytes(app.correlation_header.as_bytes()),
        HeaderValue::from_str(&cid),
    ) {
        response.headers_mut().insert(name, value);
    }
    if app.config.log_requests {
        let ms = started.elapsed().as_secs_f64() * 1000.0;
        let status = response.status().as_u16();
        match response.extensions().get::<LogReason>() {
            Some(LogReason(why)) => {
                eprintln!("{method} {path} {status} {ms:.1}ms cid={cid} reason: {why}")
            }
            None => eprintln!("{method} {path} {status} {ms:.1}ms cid={cid}"),
        }
    }
    response
}

async fn route(app: &App, request: Request, cid: &str) -> Response {
    let method = request.method().as_str().to_owned();
    let path = request.uri().path().to_owned();
    match app.routes.find(&method, &path) {
        Match::NotFound if path == STATS_PATH && method == "GET" => {
            json(200, "application/json", &app.stats())
        }
        Match::NotFound => app.docs.answer(&method, &path).unwrap_or_else(|| {
            plain(
                404,
                format!(
                    "no route for {method} {path}: the gateway serves the endpoints under {}, \
                     tokens at /oauth/token, the API reference at /docs and /openapi.json",
                    crate::routes::prefixes(&app.spec).join(", ")
                ),
            )
        }),
        Match::MethodNotAllowed(allowed) => {
            let allowed = allowed.join(", ");
            let mut response = plain(
                405,
                format!("{method} is not allowed on {path}; use {allowed}"),
            );
            if let Ok(v) = HeaderValue::from_str(&allowed) {
                response.headers_mut().insert(header::ALLOW, v);
            }
            response
        }
        Match::Token => {
            let (parts, body) = request.into_parts();
            let bytes = match read_body(&parts.headers, body, &app.config).await {
                Ok(b) => b,
                Err(response) => return response,
            };
            let (status, headers, answer) = app.auth.token_endpoint(&parts.headers, &bytes);
            let mut response = json(status, "application/json", &answer);
            for (name, value) in headers {
                if let Ok(value) = HeaderValue::from_str(&value) {
                    response.headers_mut().insert(name, value);
                }
            }
            response
        }
        Match::Endpoint {
            lane,
            endpoint,
            params,
        } => {
            let (parts, body) = request.into_parts();
            let bytes = match read_body(&parts.headers, body, &app.config).await {
                Ok(b) => b,
                Err(response) => return response,
            };
            let input = crate::call::Input {
                lane,
                endpoint,
                params,
                method,
                path,
                query: parts.uri.query().map(str::to_owned),
                headers: parts.headers,
                body: bytes,
                correlation_id: cid.to_owned(),
            };
            crate::call::handle(app, input).await
        }
    }
}
