//! Client futures are `Send`: a call can run on `tokio::spawn` with a clone of
//! the client (clones share one connection pool).

use azotte_client::auth::TenantApiKey;
use azotte_client::c2a;
use azotte_client::prelude::*;
use azotte_client::types::{CustomerDetails, StoreCustomerRequest};
use azotte_client::{ApiError, Environment};

fn assert_send<T: Send>(value: T) -> T {
    value
}

#[tokio::main]
async fn main() {
    // Port 9 (discard) on the loopback: nothing listens, the call fails fast.
    let client = c2a::Client::new(
        &Environment::Custom("http://127.0.0.1:9".into()),
        TenantApiKey::new("sk_test_123", "tenant-1"),
    )
    .unwrap();
    let request = StoreCustomerRequest::new(CustomerDetails::new("ext-42"));

    let task = {
        let client = client.clone();
        tokio::spawn(async move { client.store_customer(&request).await })
    };
    let result = task.await.expect("the task ran");
    assert!(matches!(result, Err(ApiError::Transport(_))), "{result:?}");

    // Without spawning: the future itself is `Send`, and so is the client.
    let request = StoreCustomerRequest::new(CustomerDetails::new("ext-43"));
    let _future = assert_send(client.store_customer(&request));
    let _client = assert_send(client.clone());
}
