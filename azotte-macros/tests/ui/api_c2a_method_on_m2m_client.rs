//! Each lane has its own `Client`: a C2A call (`store_customer`) does not exist
//! on the M2M client, even with the same API key.

use azotte_client::auth::TenantApiKey;
use azotte_client::m2m;
use azotte_client::prelude::*;
use azotte_client::types::{CustomerDetails, StoreCustomerRequest};
use azotte_client::Environment;

async fn store(client: &m2m::Client) {
    let _ = client
        .store_customer(&StoreCustomerRequest::new(CustomerDetails::new("ext-42")))
        .await;
}

fn main() {
    let client = m2m::Client::new(
        &Environment::Cloud,
        TenantApiKey::new("sk_live_123", "tenant-1"),
    )
    .unwrap();
    let _ = store(&client);
}
