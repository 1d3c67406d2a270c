//! What users get for testing their own code: the real `Client` over a mock
//! transport (no network), and interceptors for headers and metrics.

use azotte_client::auth::TenantApiKey;
use azotte_client::prelude::*;
use azotte_client::runtime::{
    CallInfo, Interceptor, InterceptorError, MockResponse, MockTransport,
};
use azotte_client::types::*;
use azotte_client::{c2a, ClientConfig};
use serde_json::json;
use std::sync::{Arc, Mutex};

#[tokio::test]
async fn the_real_client_runs_over_a_mock_transport() {
    let mock = MockTransport::new();
    mock.on(
        "POST",
        "/api/v1/c2a/customer/store",
        MockResponse::json(
            200,
            json!({
                "result": { "customerUrn": "cu.00.9", "externalId": "ext-9" },
                "status": { "messageCode": "SUCCESS" }
            }),
        ),
    );
    let config =
        ClientConfig::new("https://acme.sandbox.azotte.com/api/v1").transport(mock.clone());
    let client =
        c2a::Client::with_config(config, TenantApiKey::new("sk_test_mock", "tenant-9")).unwrap();

    let customer = client
        .store_customer(&StoreCustomerRequest::new(CustomerDetails::new("ext-9")))
        .await
        .unwrap();
    assert_eq!(customer.customer_urn.as_str(), "cu.00.9");
    let requests = mock.requests();
    assert_eq!(requests.len(), 1);
    assert_eq!(requests[0].header("x-tn"), Some("tenant-9"));
    assert!(
        !format!("{:?}", requests[0]).contains("sk_test_mock"),
        "Debug redacts the key"
    );
}

/// Adds a header and records every status: the kind of hook users add for metrics.
#[derive(Debug, Clone, Default)]
struct Metrics {
    seen: Arc<Mutex<Vec<(String, u16)>>>,
}

impl Interceptor for Metrics {
    fn before_send(
        &self,
        _: &CallInfo<'_>,
        request: &mut azotte_client::runtime::reqwest::Request,
    ) -> Result<(), InterceptorError> {
        request
            .headers_mut()
            .insert("x-app-version", "7.1.0".parse().unwrap());
        Ok(())
    }
    fn after_receive(
        &self,
        call: &CallInfo<'_>,
        status: u16,
        _: &azotte_client::runtime::reqwest::header::HeaderMap,
    ) {
        self.seen
            .lock()
            .unwrap()
            .push((call.endpoint_id.to_owned(), status));
    }
}

#[tokio::test]
async fn interceptors_see_every_call_by_endpoint_id() {
    let mock = MockTransport::new();
    mock.on(
        "GET",
        "/api/v1/c2a/subscription/cu.1",
        MockResponse::json(
            200,
            json!({ "result": { "subscriptions": [] }, "status": { "messageCode": "SUCCESS" } }),
        ),
    );
    let metrics = Metrics::default();
    let config = ClientConfig::new("https://acme.azotte.com/api/v1")
        .transport(mock.clone())
        .interceptor(metrics.clone());
    let client = c2a::Client::with_config(config, TenantApiKey::new("sk", "t")).unwrap();
    client
        .list_subscriptions(&CustomerUrn::new("cu.1"))
        .await
        .unwrap();
    assert_eq!(
        *metrics.seen.lock().unwrap(),
        [("C2A-05-01".to_owned(), 200)]
    );
    assert_eq!(mock.requests()[0].header("x-app-version"), Some("7.1.0"));
}
