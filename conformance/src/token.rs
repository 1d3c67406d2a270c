//! The OAuth2 token endpoint Prism does not serve.
//!
//! The exported documents describe the API's operations; the token endpoint
//! (`/oauth/token`, RFC 6749 §4.4) is outside them, so Prism answers 404 there.
//! The clients fetch their service token through their own transport, so the
//! driver gives them [`TokenRoute`]: every request goes to Prism except the
//! token request, which goes to a tiny local token server answering as
//! RFC 6749 §5.1 says (and §5.2 for a request that is not a client-credentials
//! grant, so a broken token request shows up as an `ApiError::Auth` failure).

use axum::http::{header, StatusCode};
use axum::response::IntoResponse;
use axum::routing::post;
use azotte_runtime::futures::future::BoxFuture;
use azotte_runtime::reqwest::{self, Url};
use azotte_runtime::{ReqwestTransport, Transport, TransportFailure, TransportResponse};

/// The access token the local token server issues.
const TOKEN: &str = "prism-drive-access-token";

/// Starts the token server on a free port of 127.0.0.1; returns its token URL.
pub async fn serve(token_path: &str) -> Result<Url, String> {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .map_err(|e| format!("token server: {e}"))?;
    let addr = listener.local_addr().map_err(|e| e.to_string())?;
    let app = axum::Router::new().route(token_path, post(issue));
    tokio::spawn(async move { axum::serve(listener, app).await });
    Url::parse(&format!("http://{addr}{token_path}")).map_err(|e| e.to_string())
}

/// RFC 6749 §5.1 for a form-encoded `grant_type=client_credentials`, else §5.2.
async fn issue(body: String) -> impl IntoResponse {
    let grant = body
        .split('&')
        .filter_map(|pair| pair.split_once('='))
        .find(|(key, _)| *key == "grant_type")
        .map(|(_, value)| value);
    let no_store = [(header::CACHE_CONTROL, "no-store")];
    if grant == Some("client_credentials") {
        let token = serde_json::json!({
            "access_token": TOKEN, "token_type": "Bearer", "expires_in": 900
        });
        (StatusCode::OK, no_store, axum::Json(token))
    } else {
        let refused = serde_json::json!({ "error": "unsupported_grant_type" });
        (StatusCode::BAD_REQUEST, no_store, axum::Json(refused))
    }
}

/// Sends requests for `token_path` to the local token server, all others to
/// where the client addressed them (Prism).
#[derive(Debug)]
pub struct TokenRoute {
    inner: ReqwestTransport,
    token_path: String,
    token_url: Url,
}

impl TokenRoute {
    /// Routes `token_path` to `token_url`.
    pub fn new(token_path: &str, token_url: Url) -> Result<TokenRoute, String> {
        let client = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .map_err(|e| format!("HTTP client: {e}"))?;
        Ok(TokenRoute {
            inner: ReqwestTransport::new(client),
            token_path: token_path.to_owned(),
            token_url,
        })
    }
}

impl Transport for TokenRoute {
    fn send(
        &self,
        mut request: reqwest::Request,
    ) -> BoxFuture<'_, Result<TransportResponse, TransportFailure>> {
        if request.url().path() == self.token_path {
            *request.url_mut() = self.token_url.clone();
        }
        self.inner.send(request)
    }
}
