//! Client methods are trait methods: without `use azotte_client::prelude::*`
//! (or the area trait) they are not in scope, and the compiler names the import.

use azotte_client::c2a;
use azotte_client::types::{CustomerDetails, StoreCustomerRequest};

async fn store(client: &c2a::Client) {
    let _ = client
        .store_customer(&StoreCustomerRequest::new(CustomerDetails::new("ext-42")))
        .await;
}

fn main() {
    let _ = store;
}
