//! The bundle catalog and offer resolution (C2A-02, M2M/T2M offer/bundles):
//! an offer is a priced selection of bundles for a customer, with an
//! `offerIdentifier` valid for 30 minutes that checkout accepts.
//!
//! Catalog (same in every tenant): `bn.00.001` Monthly (999000 milpieces
//! EUR, `P1M`) and `bn.00.002` Yearly (9990000, `P1Y`, 14 trial days).
//! Promotion codes: `CMP1WKWAFY` (document 000's sample) takes 20% off and
//! reports the `originalPrice`; the test codes `3DS` and `DECLINE` are
//! accepted and change what checkout does (see `checkout`).

use super::customers::require;
use super::{text, Fail, Outcome, Store, Tenant};
use crate::time::{iso8601, unix_now};
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};

/// How long an offer can be checked out.
pub const OFFER_TTL_SECONDS: u64 = 30 * 60;
/// The promotion code of document 000's sample request.
pub const SAMPLE_PROMOTION: &str = "CMP1WKWAFY";
/// Test promotion code: checkout asks for 3DS (state `RequiresAction`).
pub const PROMO_3DS: &str = "3DS";
/// Test promotion code: checkout fails with `PAYMENT_FAILED`.
pub const PROMO_DECLINE: &str = "DECLINE";

/// A resolved offer.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Offer {
    /// The offerIdentifier.
    pub id: String,
    /// Customer it was resolved for.
    pub customer_urn: String,
    /// `OfferBundle` JSON values.
    pub bundles: Vec<Value>,
    /// Expiry, unix seconds.
    pub expires_unix: u64,
    /// The promotion code that was applied or accepted.
    pub promotion_code: Option<String>,
    /// For a retention offer: the orderIdentifier of the subscription it keeps.
    pub retention_for: Option<String>,
}

impl Offer {
    /// The `Offer` wire shape.
    pub fn json(&self, storefront: Option<&str>) -> Value {
        let mut v = json!({
            "offerIdentifier": self.id,
            "bundles": self.bundles,
            "expiresAt": iso8601(self.expires_unix),
        });
        if let Some(code) = &self.promotion_code {
            v["promotionCode"] = json!(code);
        }
        if let Some(st) = storefront {
            v["storefrontUrn"] = json!(st);
        }
        v
    }
}

/// Every bundle on sale.
pub fn catalog() -> Vec<Value> {
    vec![
        json!({
            "bundleUrn": "bn.00.001", "name": "Monthly",
            "description": "Everything, billed monthly.",
            "price": { "amount": 999_000, "currency": "EUR" },
            "billingPeriod": "P1M", "entitlements": ["streaming.hd"]
        }),
        json!({
            "bundleUrn": "bn.00.002", "name": "Yearly",
            "description": "Everything, billed yearly, with a 14-day trial.",
            "price": { "amount": 9_990_000, "currency": "EUR" },
            "billingPeriod": "P1Y", "trialDays": 14,
            "entitlements": ["streaming.hd", "downloads"]
        }),
    ]
}

/// Resolves an `OfferRequest` for its `context.customerUrn`.
pub fn resolve(store: &Store, t: &mut Tenant, request: &Value) -> Outcome<Offer> {
    let context = &request["context"];
    let customer = text(context, "customerUrn").unwrap_or_default();
    require(t, customer)?;
    let filter = &request["payload"];
    let mut bundles = catalog();
    if let Some(wanted) = filter.get("bundleUrns").and_then(Value::as_array) {
        let wanted: Vec<&str> = wanted.iter().filter_map(Value::as_str).collect();
        for urn in &wanted {
            if !bundles.iter().any(|b| b["bundleUrn"] == *urn) {
                return Err(Fail {
                    field: Some("payload.bundleUrns".into()),
                    ..Fail::new(
                        "BUNDLE_NOT_FOUND",
                        format!("bundle {urn} does not exist in this tenant"),
                    )
                });
            }
        }
        bundles.retain(|b| wanted.iter().any(|w| b["bundleUrn"] == *w));
    }
    if filter.get("includeTrials") == Some(&json!(false)) {
        bundles.retain(|b| b.get("trialDays").is_none());
    }
    if bundles.is_empty() {
        return Err(Fail::new(
            "OFFER_NOT_FOUND",
            "no bundle matches the filters",
        ));
    }
    if let Some(currency) = text(filter, "currency") {
        for b in &mut bundles {
            b["price"]["currency"] = json!(currency);
        }
    }
    let promotion = text(context, "promotionCode").map(str::to_owned);
    let applied = match promotion.as_deref() {
        Some(SAMPLE_PROMOTION) => {
            for b in &mut bundles {
                let original = b["price"].clone();
                let amount = original["amount"].as_i64().unwrap_or(0);
                b["price"]["amount"] = json!(amount / 5 * 4);
                b["originalPrice"] = original;
            }
            promotion
        }
        Some(PROMO_3DS | PROMO_DECLINE) => promotion,
        _ => None,
    };
    let offer = Offer {
        id: store.urn("of"),
        customer_urn: customer.to_owned(),
        bundles,
        expires_unix: unix_now() + OFFER_TTL_SECONDS,
        promotion_code: applied,
        retention_for: None,
    };
    t.offers.insert(offer.id.clone(), offer.clone());
    Ok(offer)
}

/// C2A-02-02: one showcase offer holding the resolved bundles.
pub fn showcase(store: &Store, t: &mut Tenant, request: &Value) -> Outcome {
    let offer = resolve(store, t, request)?;
    Ok(json!({ "offers": [{
        "offerIdentifier": offer.id,
        "title": "Our plans",
        "description": "Pick the plan that suits you.",
        "bundles": offer.bundles,
        "expiresAt": iso8601(offer.expires_unix),
    }] }))
}

/// A retention offer for a subscription: its bundle at half price for 3 months.
pub fn retention(
    store: &Store,
    t: &mut Tenant,
    customer: &str,
    order: &str,
    bundle: &Value,
) -> Value {
    let mut bundle = bundle.clone();
    let original = bundle["price"].clone();
    let amount = original["amount"].as_i64().unwrap_or(0);
    bundle["price"]["amount"] = json!(amount / 2);
    bundle["originalPrice"] = original;
    let offer = Offer {
        id: store.urn("of"),
        customer_urn: customer.to_owned(),
        bundles: vec![bundle.clone()],
        expires_unix: unix_now() + OFFER_TTL_SECONDS,
        promotion_code: None,
        retention_for: Some(order.to_owned()),
    };
    t.offers.insert(offer.id.clone(), offer.clone());
    json!({
        "offerIdentifier": offer.id,
        "description": "Stay with us: 50% off for the next 3 months.",
        "price": bundle["price"],
        "expiresAt": iso8601(offer.expires_unix),
    })
}

/// The catalog bundle `urn`, if any.
pub fn bundle(urn: &str) -> Option<Value> {
    catalog().into_iter().find(|b| b["bundleUrn"] == urn)
}
