//! `generate!` on the full Azotte spec, at module level, gives a client that
//! compiles and works: it sends exactly what the checked-in crate sends for the
//! same call, and decodes success and documented error codes into the macro's
//! own types. The server is a one-shot HTTP responder on 127.0.0.1.

mod api {
    azotte_macros::generate!("../azotte-spec/apis/azotte");
}

use api::auth::TenantApiKey;
use api::c2a::{self, StoreCustomerError};
use api::prelude::*;
use api::types::{CustomerDetails, CustomerUrn, Milpieces, StoreCustomerRequest};
use api::{ApiError, Environment};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;

/// What the server received: the request line, the headers (lower-cased names) and the body.
struct Received {
    request_line: String,
    headers: Vec<(String, String)>,
    body: String,
}

impl Received {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }
}

/// Answers one request with `status` and the JSON `body`, and returns what it got.
async fn serve_once(
    status: u16,
    body: serde_json::Value,
) -> (String, tokio::task::JoinHandle<Received>) {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let handle = tokio::spawn(async move {
        let (mut socket, _) = listener.accept().await.unwrap();
        let mut buf = Vec::new();
        let mut chunk = [0u8; 4096];
        let (head_end, content_length) = loop {
            let n = socket.read(&mut chunk).await.unwrap();
            assert!(n > 0, "connection closed before the request ended");
            buf.extend_from_slice(&chunk[..n]);
            if let Some(end) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
                let head = String::from_utf8_lossy(&buf[..end]).to_lowercase();
                let length = head
                    .lines()
                    .find_map(|l| l.strip_prefix("content-length:"))
                    .map_or(0, |v| v.trim().parse::<usize>().unwrap());
                break (end + 4, length);
            }
        };
        while buf.len() < head_end + content_length {
            let n = socket.read(&mut chunk).await.unwrap();
            assert!(n > 0, "connection closed before the body ended");
            buf.extend_from_slice(&chunk[..n]);
        }
        let head = String::from_utf8_lossy(&buf[..head_end - 4]).into_owned();
        let mut lines = head.lines();
        let request_line = lines.next().unwrap_or_default().to_owned();
        let headers = lines
            .filter_map(|l| l.split_once(':'))
            .map(|(n, v)| (n.trim().to_lowercase(), v.trim().to_owned()))
            .collect();
        let text = body.to_string();
        let response = format!(
            "HTTP/1.1 {status} X\r\ncontent-type: application/clientOutput+Json; charset=utf-8\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{text}",
            text.len()
        );
        socket.write_all(response.as_bytes()).await.unwrap();
        socket.shutdown().await.ok();
        Received {
            request_line,
            headers,
            body: String::from_utf8_lossy(&buf[head_end..]).into_owned(),
        }
    });
    (url, handle)
}

fn client(url: String) -> c2a::Client {
    c2a::Client::new(
        &Environment::Custom(url),
        TenantApiKey::new("sk_test_123", "tenant-1"),
    )
    .expect("client builds")
}

fn stored_customer() -> serde_json::Value {
    serde_json::json!({
        "result": { "customerUrn": "cu.00.482", "externalId": "ext-42", "email": "ada@example.com" },
        "status": { "messageCode": "SUCCESS" }
    })
}

#[tokio::test]
async fn the_macro_client_stores_a_customer_like_the_checked_in_client() {
    let (url, server) = serve_once(200, stored_customer()).await;
    let stored = client(url)
        .store_customer(&StoreCustomerRequest::new(
            CustomerDetails::new("ext-42").email("ada@example.com"),
        ))
        .await
        .expect("a success");
    assert_eq!(stored.customer_urn, CustomerUrn::new("cu.00.482"));
    assert_eq!(stored.email.as_deref(), Some("ada@example.com"));
    let seen = server.await.unwrap();

    // The same call through the checked-in crate (`cargo xtask codegen`'s output).
    let (url, server) = serve_once(200, stored_customer()).await;
    {
        use azotte_client::prelude::*;
        use azotte_client::types as t;
        azotte_client::c2a::Client::new(
            &azotte_client::Environment::Custom(url),
            azotte_client::auth::TenantApiKey::new("sk_test_123", "tenant-1"),
        )
        .unwrap()
        .store_customer(&t::StoreCustomerRequest::new(
            t::CustomerDetails::new("ext-42").email("ada@example.com"),
        ))
        .await
        .expect("a success");
    }
    let expected = server.await.unwrap();

    assert!(
        seen.request_line.starts_with("POST ") && seen.request_line.contains("/customer/store"),
        "{}",
        seen.request_line
    );
    assert_eq!(seen.request_line, expected.request_line);
    let names = |r: &Received| {
        let mut n: Vec<String> = r.headers.iter().map(|(n, _)| n.clone()).collect();
        n.sort();
        n
    };
    assert_eq!(names(&seen), names(&expected));
    assert_eq!(seen.header("x-api-key"), Some("sk_test_123"));
    assert_eq!(seen.header("x-tn"), Some("tenant-1"));
    assert!(seen.header("x-correlation-id").is_some());
    let body: serde_json::Value = serde_json::from_str(&seen.body).unwrap();
    assert_eq!(
        body,
        serde_json::json!({ "customer": { "externalId": "ext-42", "email": "ada@example.com" } })
    );
    assert_eq!(seen.body, expected.body);
}

#[tokio::test]
async fn documented_codes_become_the_macro_error_enum() {
    let (url, server) = serve_once(
        409,
        serde_json::json!({ "status": { "messageCode": "CUSTOMER_ALREADY_STORED", "message": "exists" } }),
    )
    .await;
    let err = client(url)
        .store_customer(&StoreCustomerRequest::new(CustomerDetails::new("ext-42")))
        .await
        .unwrap_err();
    server.await.unwrap();
    match &err {
        ApiError::Service(e) => assert_eq!(e.error, StoreCustomerError::CustomerAlreadyStored),
        other => panic!("expected a service error, got {other:?}"),
    }
    assert_eq!(err.status(), Some(409));
}

#[test]
fn the_macro_types_keep_their_guarantees() {
    let total: Milpieces = [Milpieces::new(999_000), Milpieces::new(1)]
        .into_iter()
        .sum();
    assert_eq!(total.get(), 999_001);
    let key = format!("{:?}", TenantApiKey::new("sk_test_123", "tenant-1"));
    assert!(!key.contains("sk_test_123"), "{key}");
}
