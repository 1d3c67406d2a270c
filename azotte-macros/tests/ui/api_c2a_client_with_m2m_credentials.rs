//! A lane's `Client` takes only the credentials of that lane's auth schemes:
//! the C2A client cannot be built from an M2M service token.

use azotte_client::auth::ServiceToken;
use azotte_client::{c2a, Environment};

fn main() {
    let _client = c2a::Client::new(
        &Environment::sandbox("acme"),
        ServiceToken::new("client-id", "client-secret"),
    );
}
