//! The API's own reference, served by the gateway with no network and no
//! credentials: `GET /openapi.json` is the OpenAPI 3.1 document of the loaded
//! spec (`azotte_openapi::document`, rendered once at start), with this
//! gateway's API root as its first server, so "Try it out" and test tools
//! call the gateway; the same bytes are served under every API root
//! (`/api/openapi.json`, `/api/v1/openapi.json`, …), where a client
//! configured with an API root looks. `GET /docs` is Swagger UI
//! (swagger-ui-dist, vendored under `assets/swagger-ui` and compiled into the
//! binary) rendering that document; its assets are under `/docs/`.
//!
//! These paths are consulted only after the spec's own routes found nothing,
//! so a spec endpoint at one of them would win.

use crate::http::plain;
use axum::body::{Body, Bytes};
use axum::http::{header, HeaderValue};
use axum::response::Response;
use azotte_spec::model::Spec;
use serde_json::{json, Value};
use std::net::SocketAddr;

/// One static file: path, content type, bytes.
type Asset = (&'static str, &'static str, &'static [u8]);

/// The page, its start-up script and the vendored Swagger UI. All paths are
/// root-relative in the page, so it works on any port.
const ASSETS: [Asset; 4] = [
    (
        "/docs",
        "text/html; charset=utf-8",
        include_bytes!("../assets/docs.html"),
    ),
    (
        "/docs/docs.js",
        "text/javascript; charset=utf-8",
        include_bytes!("../assets/docs.js"),
    ),
    (
        "/docs/swagger-ui-bundle.js",
        "text/javascript; charset=utf-8",
        include_bytes!("../assets/swagger-ui/swagger-ui-bundle.js"),
    ),
    (
        "/docs/swagger-ui.css",
        "text/css; charset=utf-8",
        include_bytes!("../assets/swagger-ui/swagger-ui.css"),
    ),
];

/// The description of the gateway's own entry in `servers`.
pub const LOCAL_SERVER_DESCRIPTION: &str = "this local gateway";

/// `/openapi.json` and `/docs`, ready to answer.
pub struct Docs {
    openapi: Bytes,
    openapi_paths: Vec<String>,
}

/// The document's size, not its text (a `Gateway` in a test failure would
/// otherwise print the whole document).
impl std::fmt::Debug for Docs {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Docs")
            .field("openapi", &format_args!("<{} bytes>", self.openapi.len()))
            .field("openapi_paths", &self.openapi_paths)
            .finish()
    }
}

/// `http://ADDR` of a gateway listening on `addr`, as a browser on this
/// machine reaches it: an unspecified bind (`0.0.0.0`, `::`) is reached at
/// loopback, since no client can connect to the unspecified address itself.
pub fn local_base_url(addr: SocketAddr) -> String {
    let mut reachable = addr;
    if addr.ip().is_unspecified() {
        reachable.set_ip(match addr {
            SocketAddr::V4(_) => std::net::Ipv4Addr::LOCALHOST.into(),
            SocketAddr::V6(_) => std::net::Ipv6Addr::LOCALHOST.into(),
        });
    }
    format!("http://{reachable}")
}

/// The API root (`/api`) at [`local_base_url`]: the gateway's own server.
pub fn local_api_root(addr: SocketAddr) -> String {
    format!("{}/api", local_base_url(addr))
}

/// `azotte_openapi::document(spec)` with `api_root` inserted as the first
/// server.
pub fn openapi_document(spec: &Spec, api_root: &str) -> Value {
    let mut document = azotte_openapi::document(spec);
    let local = json!({ "url": api_root, "description": LOCAL_SERVER_DESCRIPTION });
    match document.get_mut("servers").and_then(Value::as_array_mut) {
        Some(servers) => servers.insert(0, local),
        None => document["servers"] = json!([local]),
    }
    document
}

impl Docs {
    /// Renders the document of `spec` for a gateway whose API root is
    /// `api_root`.
    pub fn new(spec: &Spec, api_root: &str) -> Self {
        let document = openapi_document(spec, api_root);
        let mut openapi_paths = vec!["/openapi.json".to_owned()];
        openapi_paths.extend(
            crate::routes::prefixes(spec)
                .into_iter()
                .map(|root| format!("{root}/openapi.json")),
        );
        Docs {
            openapi: Bytes::from(azotte_openapi::to_json(&document)),
            openapi_paths,
        }
    }

    /// The answer for `method path` when it is one of these pages; `None`
    /// otherwise. GET and HEAD only (405 for other methods).
    pub fn answer(&self, method: &str, path: &str) -> Option<Response> {
        // `/docs/` is `/docs`: the page's asset paths are root-relative.
        let path = match path.trim_end_matches('/') {
            "" => "/",
            trimmed => trimmed,
        };
        let (content_type, body) = if self.openapi_paths.iter().any(|p| p == path) {
            ("application/json", self.openapi.clone())
        } else {
            let (_, content_type, bytes) = ASSETS.iter().find(|(p, _, _)| *p == path)?;
            (*content_type, Bytes::from_static(bytes))
        };
        if method != "GET" && method != "HEAD" {
            let mut response = plain(405, format!("{method} is not allowed on {path}; use GET"));
            response
                .headers_mut()
                .insert(header::ALLOW, HeaderValue::from_static("GET, HEAD"));
            return Some(response);
        }
        let mut response = Response::new(Body::from(body));
        response
            .headers_mut()
            .insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
        Some(response)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_unspecified_bind_is_reached_at_loopback() {
        let root = |a: &str| local_api_root(a.parse().unwrap());
        assert_eq!(root("0.0.0.0:5210"), "http://127.0.0.1:5210/api");
        assert_eq!(root("[::]:5210"), "http://[::1]:5210/api");
        assert_eq!(root("192.0.2.7:80"), "http://192.0.2.7:80/api");
    }

    #[test]
    fn only_these_paths_and_only_get() {
        let spec = azotte_spec::load_dir(&azotte_spec::api_dir("azotte")).unwrap();
        let docs = Docs::new(&spec, "http://127.0.0.1:1/api");
        for path in ["/openapi.json", "/api/v1/openapi.json", "/docs/", "/docs"] {
            assert_eq!(docs.answer("GET", path).unwrap().status(), 200, "{path}");
        }
        assert_eq!(docs.answer("POST", "/docs").unwrap().status(), 405);
        for path in ["/", "/docs/nothing.js", "/api/c2a/openapi.json"] {
            assert!(docs.answer("GET", path).is_none(), "{path}");
        }
    }
}
