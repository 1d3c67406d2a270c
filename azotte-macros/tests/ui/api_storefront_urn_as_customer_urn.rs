//! URNs are distinct types: a `StorefrontUrn` is not a `CustomerUrn`.

use azotte_client::types::{CustomerLookup, StorefrontUrn};

fn main() {
    let storefront = StorefrontUrn::new("sf.00.001");
    let _lookup = CustomerLookup::new().customer_urn(storefront);
}
