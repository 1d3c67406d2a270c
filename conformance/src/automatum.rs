//! The Automatum API's client and one call per endpoint, built from document
//! 003's examples (`cust_123`, `listing_456`, `offer_123`, 20 % over 12, 1,000
//! `api_calls`, `2026-01-16T10:00:00Z`, `?status=active`), authenticated with
//! a test API key as its bearer token (document 003's `sk_test_` prefix).

use crate::drive::{call, Clients, Entry};
use automatum_client::auth::ApiKey;
use automatum_client::prelude::*;
use automatum_client::types::*;
use automatum_client::{rest, ClientConfig};

/// The REST lane's client, pointed at the mock.
#[derive(Clone)]
pub struct Automatum {
    rest: rest::Client,
}

impl Automatum {
    /// A client with `config`.
    pub fn new(config: ClientConfig) -> Result<Automatum, String> {
        let key = ApiKey::from_token("sk_test_prism_drive");
        let rest = rest::Client::with_config(config, key)
            .map_err(|e| format!("building the Automatum client: {e}"))?;
        Ok(Automatum { rest })
    }
}

impl Clients for Automatum {
    fn prefer(&self, status: u16) -> Automatum {
        Automatum {
            rest: self.rest.with_header("Prefer", format!("code={status}")),
        }
    }
}

const CUSTOMER: &str = "cust_123";
const LISTING: &str = "listing_456";
const WHEN: &str = "2026-01-16T10:00:00Z";

fn pricing() -> Pricing {
    Pricing::new(20.0, 12u32)
}

/// Every endpoint of the REST lane, one call each.
pub fn entries() -> Vec<Entry<Automatum>> {
    vec![
        Entry {
            endpoint: "AUT-PO-01",
            call: call!(|c| c.rest.private_offers().list(
                &rest::ListPrivateOffersQuery::new()
                    .vendor(Vendor::Aws)
                    .status(OfferStatus::Active)
            )),
        },
        Entry {
            endpoint: "AUT-PO-02",
            call: call!(|c| c.rest.private_offers().get("offer_123")),
        },
        Entry {
            endpoint: "AUT-PO-03",
            call: call!(|c| c.rest.private_offers().create(&NewPrivateOffer::new(
                Vendor::Aws,
                LISTING,
                CUSTOMER,
                pricing()
            ))),
        },
        Entry {
            endpoint: "AUT-PO-04",
            call: call!(|c| c
                .rest
                .private_offers()
                .update("offer_123", &PrivateOfferChanges::new().pricing(pricing()))),
        },
        Entry {
            endpoint: "AUT-LI-01",
            call: call!(|c| c
                .rest
                .listings()
                .list(&rest::ListListingsQuery::new().vendor(Vendor::Aws))),
        },
        Entry {
            endpoint: "AUT-LI-02",
            call: call!(|c| c.rest.listings().get(LISTING)),
        },
        Entry {
            endpoint: "AUT-LI-03",
            call: call!(|c| c
                .rest
                .listings()
                .create(&NewListing::new(Vendor::Aws, "API calls"))),
        },
        Entry {
            endpoint: "AUT-LI-04",
            call: call!(|c| c
                .rest
                .listings()
                .update(LISTING, &ListingChanges::new().name("API calls"))),
        },
        Entry {
            endpoint: "AUT-CU-01",
            call: call!(|c| c
                .rest
                .customers()
                .list(&rest::ListCustomersQuery::new().status("active"))),
        },
        Entry {
            endpoint: "AUT-CU-02",
            call: call!(|c| c.rest.customers().get(CUSTOMER)),
        },
        Entry {
            endpoint: "AUT-CU-03",
            call: call!(|c| c
                .rest
                .customers()
                .create(&NewCustomer::new(Vendor::Aws, "Acme").email("ops@example.com"))),
        },
        Entry {
            endpoint: "AUT-CU-04",
            call: call!(|c| c
                .rest
                .customers()
                .update(CUSTOMER, &CustomerChanges::new().status("active"))),
        },
        Entry {
            endpoint: "AUT-ME-01",
            call: call!(|c| c.rest.metering_events().create(&NewMeteringEvent::new(
                Vendor::Aws,
                CUSTOMER,
                LISTING,
                "api_calls",
                1000u64,
                WHEN
            ))),
        },
        Entry {
            endpoint: "AUT-ME-02",
            call: call!(|c| c
                .rest
                .metering_events()
                .list(&rest::ListMeteringEventsQuery::new().customer(CUSTOMER))),
        },
        Entry {
            endpoint: "AUT-ME-03",
            call: call!(|c| c.rest.metering_events().get("evt_123")),
        },
        Entry {
            endpoint: "AUT-EN-01",
            call: call!(|c| c
                .rest
                .entitlements()
                .list(&rest::ListEntitlementsQuery::new().customer(CUSTOMER))),
        },
        Entry {
            endpoint: "AUT-EN-02",
            call: call!(|c| c.rest.entitlements().get("ent_123")),
        },
    ]
}
