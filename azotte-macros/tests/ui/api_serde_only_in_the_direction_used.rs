//! A type only ever received derives `Deserialize` alone and a type only ever
//! sent `Serialize` alone: serde code is most of what a generated crate
//! compiles, so neither gets the half it never uses.

use azotte_client::types::{AzotteCustomer, StoreCustomerRequest};

fn echo(received: &AzotteCustomer) {
    let _ = serde_json::to_string(received);
    let _: Result<StoreCustomerRequest, _> = serde_json::from_str("{}");
}

fn main() {
    let _ = echo;
}
