//! A request cannot be built without its required fields: `new` takes them all
//! (here `external_id`), optional ones have `with_*` setters.

use azotte_client::types::{CustomerDetails, StoreCustomerRequest};

fn main() {
    let _request = StoreCustomerRequest::new(CustomerDetails::new().email("ada@example.com"));
}
