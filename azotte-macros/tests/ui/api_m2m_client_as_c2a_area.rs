//! An M2M client is not a C2A area: code written against `impl
//! c2a::Customers` does not accept it.

use azotte_client::auth::ServiceToken;
use azotte_client::{c2a, m2m, Environment};

fn sync_customers(_customers: &impl c2a::Customers) {}

fn main() {
    let client = m2m::Client::new(
        &Environment::Cloud,
        ServiceToken::new("client-id", "client-secret"),
    )
    .unwrap();
    sync_customers(&client);
}
