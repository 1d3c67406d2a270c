//! A call returns `Response<T>` (status, headers, correlation id, warnings),
//! not bare `T`: it derefs to `T`, and `into_inner()` takes the payload out.

use azotte_client::c2a;
use azotte_client::prelude::*;
use azotte_client::types::{AzotteCustomer, CustomerDetails, StoreCustomerRequest};

async fn store(client: &c2a::Client) -> AzotteCustomer {
    let request = StoreCustomerRequest::new(CustomerDetails::new("ext-42"));
    let customer: AzotteCustomer = client.store_customer(&request).await.unwrap();
    customer
}

fn main() {
    let _ = store;
}
