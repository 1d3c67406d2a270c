//! The Azotte API's clients (C2A, M2M, P2M, T2M) and one call per endpoint,
//! built from the documents' example values: document 000's curl (customer
//! `sb.00.195`, IP `84.118.92.180`, promotion `CMP1WKWAFY`, key
//! `sk_dev_acme_sample_123456789`, tenant `e2a1c7b2-…`), document 002's
//! `cu.00.482`, document 004's `sb.00.060` / `st.00.001` / `203.0.113.24`.

use crate::drive::{call, Clients, Entry};
use crate::token::TokenRoute;
use azotte_client::auth::{PartnerSignature, ServiceToken, TenantApiKey, UserToken};
use azotte_client::prelude::*;
use azotte_client::types::*;
use azotte_client::{c2a, m2m, p2m, t2m, ClientConfig};
use azotte_runtime::reqwest::Url;
use std::collections::BTreeMap;

/// One client per outbound lane, all pointed at the mock.
#[derive(Clone)]
pub struct Azotte {
    c2a: c2a::Client,
    m2m: m2m::Client,
    p2m: p2m::Client,
    t2m: t2m::Client,
}

impl Azotte {
    /// Clients for the API root `url`; T2M's service token comes from `token_url`.
    pub fn new(
        config: impl Fn() -> ClientConfig,
        token_path: &str,
        token_url: Url,
    ) -> Result<Azotte, String> {
        let api_key = || {
            TenantApiKey::new(
                "sk_dev_acme_sample_123456789",
                "e2a1c7b2-4f3a-4b8e-9c2d-1a2b3c4d5e6f",
            )
        };
        let route = TokenRoute::new(token_path, token_url)?;
        let partner = (
            ServiceToken::new("partner-app", "app-secret"),
            PartnerSignature::new("pk_partner", "shared-secret"),
        );
        let built = (|| {
            Ok::<_, azotte_client::BuildError>(Azotte {
                c2a: c2a::Client::with_config(config(), api_key())?,
                m2m: m2m::Client::with_config(config(), api_key())?,
                p2m: p2m::Client::with_config(config(), UserToken::from_token("portal-session"))?,
                t2m: t2m::Client::with_config(config().transport(route), partner)?,
            })
        })();
        built.map_err(|e| format!("building the Azotte clients: {e}"))
    }
}

impl Clients for Azotte {
    fn prefer(&self, status: u16) -> Azotte {
        let prefer = format!("code={status}");
        Azotte {
            c2a: self.c2a.with_header("Prefer", prefer.clone()),
            m2m: self.m2m.with_header("Prefer", prefer.clone()),
            p2m: self.p2m.with_header("Prefer", prefer.clone()),
            t2m: self.t2m.with_header("Prefer", prefer),
        }
    }
}

/// Document 004's request context (offer and checkout).
fn context() -> RequestContext {
    RequestContext::new(
        "sb.00.060",
        "203.0.113.24",
        InteractionType::Purchase,
        Channel::Web,
    )
    .storefront_urn("st.00.001")
}

/// Document 000's offer request: its customer, IP and promotion code.
fn offer() -> OfferRequest {
    OfferRequest::new(
        RequestContext::new(
            "sb.00.195",
            "84.118.92.180",
            InteractionType::Purchase,
            Channel::Web,
        )
        .promotion_code("CMP1WKWAFY"),
    )
}

const CUSTOMER: &str = "cu.00.482";
const ORDER: &str = "or.00.001";
const PAYMENT_METHOD: &str = "pm.00.001";
const CORRELATION: &str = "cdbb5e0d-1f46-4a13-8bc9-8d71b4a98211";

fn lookup() -> CustomerLookup {
    CustomerLookup::new().customer_urn(CUSTOMER)
}

/// Every endpoint of the outbound lanes, one call each.
pub fn entries() -> Vec<Entry<Azotte>> {
    vec![
        Entry {
            endpoint: "C2A-01-01",
            call: call!(|c| c.c2a.validate_customer(&ValidateCustomerRequest::new(
                ExternalCustomerRef::new("ext-42")
            ))),
        },
        Entry {
            endpoint: "C2A-01-02",
            call: call!(|c| c.c2a.store_customer(&StoreCustomerRequest::new(
                CustomerDetails::new("ext-42").email("ada@example.com")
            ))),
        },
        Entry {
            endpoint: "C2A-01-03",
            call: call!(|c| c.c2a.delete_customer(&DeleteCustomerRequest::new(lookup()))),
        },
        Entry {
            endpoint: "C2A-01-04",
            call: call!(|c| c.c2a.update_customer(&UpdateCustomerRequest::new(
                CustomerUpdate::new()
                    .customer_urn(CUSTOMER)
                    .first_name("Ada")
            ))),
        },
        Entry {
            endpoint: "C2A-01-05",
            call: call!(|c| c
                .c2a
                .customer_info(&c2a::CustomerInfoQuery::new().customer_urn(CUSTOMER))),
        },
        Entry {
            endpoint: "C2A-02-01",
            call: call!(|c| c.c2a.resolve_offer(&offer())),
        },
        Entry {
            endpoint: "C2A-02-02",
            call: call!(|c| c.c2a.showcase_offers(&offer())),
        },
        Entry {
            endpoint: "C2A-03-01",
            call: call!(|c| c.c2a.submit_checkout(
                &CheckoutRequest::new(CORRELATION, context(), "of.00.001").bundle_urn("bn.00.001")
            )),
        },
        Entry {
            endpoint: "C2A-03-02",
            call: call!(|c| c.c2a.checkout_status(&TrackingNumber::new("tr.00.001"))),
        },
        Entry {
            endpoint: "C2A-03-03",
            call: call!(|c| c.c2a.complete_three_ds(
                &TrackingNumber::new("tr.00.001"),
                &ThreeDsCompletionRequest::new(
                    CORRELATION,
                    BTreeMap::from([("transStatus".to_owned(), "Y".to_owned())])
                )
            )),
        },
        Entry {
            endpoint: "C2A-04-01",
            call: call!(|c| c
                .c2a
                .tokenize_payment_method(&TokenizePaymentMethodRequest::new(
                    CORRELATION,
                    CUSTOMER,
                    "tok_visa"
                ))),
        },
        Entry {
            endpoint: "C2A-04-02",
            call: call!(|c| c
                .c2a
                .list_payment_methods(&c2a::ListPaymentMethodsQuery::new(CUSTOMER))),
        },
        Entry {
            endpoint: "C2A-04-03",
            call: call!(|c| c
                .c2a
                .activate_payment_method(&PaymentMethodReference::new(CUSTOMER, PAYMENT_METHOD))),
        },
        Entry {
            endpoint: "C2A-04-04",
            call: call!(|c| c
                .c2a
                .delete_payment_method(&PaymentMethodReference::new(CUSTOMER, PAYMENT_METHOD))),
        },
        Entry {
            endpoint: "C2A-05-01",
            call: call!(|c| c.c2a.list_subscriptions(&CustomerUrn::new(CUSTOMER))),
        },
        Entry {
            endpoint: "C2A-05-02",
            call: call!(|c| c
                .c2a
                .request_cancellation(&SubscriptionReference::new(CUSTOMER, ORDER))),
        },
        Entry {
            endpoint: "C2A-05-03",
            call: call!(|c| c
                .c2a
                .confirm_cancellation(&ConfirmCancellationRequest::new(CUSTOMER, ORDER))),
        },
        Entry {
            endpoint: "C2A-05-04",
            call: call!(|c| c
                .c2a
                .reactivate_subscription(&SubscriptionReference::new(CUSTOMER, ORDER))),
        },
        Entry {
            endpoint: "M2M-01-01",
            call: call!(|c| c.m2m.offer_bundles(&OfferRequest::new(context()))),
        },
        Entry {
            endpoint: "M2M-02-01",
            call: call!(|c| c.m2m.list_subscriptions(&CustomerUrn::new("sb.00.060"))),
        },
        Entry {
            endpoint: "M2M-02-02",
            call: call!(
                |c| c.m2m.cancel_subscription(&CancelSubscriptionRequest::new(
                    CancelSubscriptionPayload::new(ORDER, 1)
                ))
            ),
        },
        Entry {
            endpoint: "M2M-03-01",
            call: call!(|c| c
                .m2m
                .customer_info(&m2m::CustomerInfoQuery::new().customer_urn("sb.00.060"))),
        },
        Entry {
            endpoint: "P2M-01-01",
            call: call!(|c| c.p2m.list_subscriptions(
                &p2m::ListSubscriptionsQuery::new()
                    .page(1u32)
                    .page_size(25u32)
            )),
        },
        Entry {
            endpoint: "P2M-01-02",
            call: call!(|c| c.p2m.subscription_detail(&OrderIdentifier::new(ORDER))),
        },
        Entry {
            endpoint: "P2M-02-01",
            call: call!(|c| c
                .p2m
                .list_customers(&p2m::ListCustomersQuery::new().page(1u32).page_size(25u32))),
        },
        Entry {
            endpoint: "T2M-01-01",
            call: call!(|c| c.t2m.offer_bundles(&OfferRequest::new(context()))),
        },
    ]
}
