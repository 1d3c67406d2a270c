//! The example records the documents use, present in a fresh gateway so
//! their requests work verbatim:
//!
//! | URN | document | tenant |
//! |---|---|---|
//! | `sb.00.195` | 000, the Getting Started curl's `customerUrn` | 000's `x-tn` `e2a1c7b2-4f3a-4b8e-9c2d-1a2b3c4d5e6f` |
//! | `cu.00.482` | 002, the example `CustomerUrn` | the same (002 names no tenant; 000's is the only `x-tn` the documents show) |
//! | `sb.00.060` | 004, the example request's `customerUrn` | the default tenant (004's request names no `X-Moneti-Tenant`) |
//!
//! 004's `storefrontUrn` `st.00.001` needs no record: the gateway keeps no
//! storefronts and echoes any storefront URN. Generated identifiers start at
//! [`FIRST_GENERATED`], so they never collide with a seeded one.

use super::customers::seed_customer;
use super::{lock, Store};

/// Document 000's `x-tn`.
pub const GETTING_STARTED_TENANT: &str = "e2a1c7b2-4f3a-4b8e-9c2d-1a2b3c4d5e6f";
/// The first number of generated identifiers (`cu.00.1000`, …).
pub const FIRST_GENERATED: u64 = 1000;

/// Where a seeded customer lives.
enum In {
    GettingStarted,
    Default,
}

/// (URN, externalId, tenant) of every seeded customer.
const CUSTOMERS: [(&str, &str, In); 3] = [
    ("sb.00.195", "sample-sb-00-195", In::GettingStarted),
    ("cu.00.482", "sample-cu-00-482", In::GettingStarted),
    ("sb.00.060", "sample-sb-00-060", In::Default),
];

/// Seeds `store`; `default_tenant` is the tenant of calls naming none.
pub fn seed(store: &Store, default_tenant: &str) {
    for (urn, external, tenant) in CUSTOMERS {
        let id = match tenant {
            In::GettingStarted => GETTING_STARTED_TENANT,
            In::Default => default_tenant,
        };
        let tenant = store.tenant(id);
        seed_customer(&mut lock(&tenant), urn, external);
    }
}
