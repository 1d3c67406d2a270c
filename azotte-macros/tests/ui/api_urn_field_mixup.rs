//! URNs are distinct types, in fields too: a query's `customer_urn` does not
//! take a `StorefrontUrn`.

use azotte_client::c2a::CustomerInfoQuery;
use azotte_client::types::StorefrontUrn;

fn main() {
    let mut query = CustomerInfoQuery::new();
    query.customer_urn = Some(StorefrontUrn::new("sf.00.001"));
}
