//! Each method takes its own request type: `store_customer` does not take an
//! `UpdateCustomerRequest`.

use azotte_client::c2a;
use azotte_client::prelude::*;
use azotte_client::types::{CustomerUpdate, UpdateCustomerRequest};

async fn store(client: &c2a::Client) {
    let _ = client
        .store_customer(&UpdateCustomerRequest::new(CustomerUpdate::new()))
        .await;
}

fn main() {
    let _ = store;
}
