//! Memory bounds (issue 16): at most `Config::max_tenants` tenants,
//! `Config::max_records_per_tenant` records per tenant and
//! `Config::max_records` in all (counted by the caller around each call,
//! see `crate::call`). Nothing is evicted
//! behind a developer's back (their app may still refer to any record);
//! past a cap the call is refused with an answer naming the cap and the
//! flag that raises it, as HTTP 429 in the lane's envelope (a quota is
//! exhausted, as Google APIs answer `RESOURCE_EXHAUSTED`): the catalog's
//! 429 code where the lane's family has one (`MNT-429-01`, Automatum's
//! `"429"`), else [`LIMIT_CODE`] (C2A's catalog has no 429). No
//! `Retry-After`: waiting frees no record; deleting one, another tenant or
//! a restart does.

use super::{lock, Fail, Store, Tenant};
use std::sync::{Arc, Mutex};

/// The gateway's own code for a cap (inferred: no document has one), used
/// where the catalog has no code for HTTP 429.
pub const LIMIT_CODE: &str = "GATEWAY_LIMIT_REACHED";

/// The message of a refused new tenant.
pub fn tenants_full(max: usize) -> Fail {
    Fail {
        http: Some(429),
        ..Fail::new(
            LIMIT_CODE,
            format!(
                "tenant cap reached: the gateway keeps at most {max} tenants (--max-tenants); \
                 use an existing tenant or restart the gateway"
            ),
        )
    }
}

/// The message of a write refused at a record cap: `scope` is `per
/// tenant (--max-records)` or `in all tenants (--max-records-total)`.
pub fn records_full(max: usize, scope: &str) -> Fail {
    Fail {
        http: Some(429),
        ..Fail::new(
            LIMIT_CODE,
            format!(
                "record cap reached: the gateway keeps at most {max} records {scope} \
                 (customers, offers, checkouts, payment methods, subscriptions, idempotent \
                 answers); delete records, use another tenant or restart the gateway"
            ),
        )
    }
}

impl Tenant {
    /// Records held: what [`records_full`] counts.
    pub fn records(&self) -> usize {
        self.customers.len()
            + self.offers.len()
            + self.checkouts.len()
            + self.payment_methods.len()
            + self.subscriptions.len()
            + self.idempotent.len()
    }
}

impl Store {
    /// The tenant `id`, created empty on first use while fewer than
    /// `max_tenants` exist; past that, [`tenants_full`].
    pub fn tenant_within(&self, id: &str, max_tenants: usize) -> Result<Arc<Mutex<Tenant>>, Fail> {
        {
            let tenants = lock(&self.tenants);
            if let Some(t) = tenants.get(id) {
                return Ok(t.clone());
            }
            if tenants.len() >= max_tenants {
                return Err(tenants_full(max_tenants));
            }
        }
        Ok(self.tenant(id))
    }

    /// (tenants, records of all tenants), for `/_gateway/stats`.
    pub fn counts(&self) -> (usize, usize) {
        let tenants: Vec<_> = lock(&self.tenants).values().cloned().collect();
        let records = tenants.iter().map(|t| lock(t).records()).sum();
        (tenants.len(), records)
    }
}
