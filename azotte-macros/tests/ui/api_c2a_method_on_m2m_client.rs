//! Each lane has its own `Client`: a C2A call (`store_customer`) does not exist
//! on a client built with M2M credentials (a service token).

use azotte_client::auth::ServiceToken;
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
        ServiceToken::new("client-id", "client-secret"),
    )
    .unwrap();
    let _ = store(&client);
}
