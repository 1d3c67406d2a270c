//! Asynchronous checkout (C2A-03): submit answers 202 with a
//! `trackingNumber` in state `Pending` (idempotent on `correlationId`, answered
//! by `crate::idempotency`: the same request gives the same tracking number,
//! another request with that id a 422); each status poll advances it —
//! `Processing` for the configured number of polls, then terminal.
//!
//! Test inputs (`promotionCode` in the checkout's context, or applied to the
//! offer): `3DS` → `RequiresAction` with a `threeDs` challenge, which
//! complete_three_ds resolves (`authenticationResult.transStatus = "N"`
//! fails it, anything else succeeds); `DECLINE` → `Failed` with
//! `PAYMENT_FAILED`. Success creates an `Active` subscription (or, for a
//! retention offer, keeps the existing one at the discounted price) and
//! emits `payment.captured` plus the `subscription.*` event.

use super::offers::{PROMO_3DS, PROMO_DECLINE};
use super::payments::active_of;
use super::{customers::require, subscriptions, text, Emitted, Fail, Outcome, Store, Tenant};
use crate::time::{iso8601, now_iso, unix_now};
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};

/// One checkout.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Checkout {
    tracking: String,
    correlation: String,
    customer: String,
    bundle: Value,
    payment_method: Option<String>,
    promotion: Option<String>,
    retention_for: Option<String>,
    /// `CheckoutState` wire value.
    #[serde(with = "super::persist::state_name")]
    pub state: super::persist::StateName,
    polls: u32,
    three_ds_done: bool,
    order: Option<String>,
    failure: Option<(String, String)>,
    updated_at: String,
}

impl Checkout {
    /// The `CheckoutStatus` wire shape.
    pub fn json(&self) -> Value {
        let three_ds = (self.state == "RequiresAction").then(|| {
            json!({
                "redirectUrl": format!("https://3ds.gateway.local/challenge/{}", self.tracking),
                "method": "GET", "version": "2.2.0",
                "expiresAt": iso8601(unix_now() + 600),
            })
        });
        json!({
            "trackingNumber": self.tracking, "state": self.state, "threeDs": three_ds,
            "orderIdentifier": self.order,
            "failureCode": self.failure.as_ref().map(|f| &f.0),
            "failureMessage": self.failure.as_ref().map(|f| &f.1),
            "updatedAt": self.updated_at,
        })
    }

    fn accepted(&self) -> Value {
        json!({ "trackingNumber": self.tracking, "correlationId": self.correlation, "state": "Pending" })
    }
}

fn invalid_ref(code: &str, field: &str, message: String) -> Fail {
    Fail {
        field: Some(field.into()),
        ..Fail::new(code, message)
    }
}

/// C2A-03-01: accepts an order for a resolved offer.
pub fn submit(store: &Store, t: &mut Tenant, request: &Value) -> Outcome {
    let correlation = text(request, "correlationId")
        .unwrap_or_default()
        .to_owned();
    let context = &request["context"];
    let customer = text(context, "customerUrn").unwrap_or_default().to_owned();
    require(t, &customer)?;
    let offer_id = text(request, "offerIdentifier").unwrap_or_default();
    let offer = t
        .offers
        .get(offer_id)
        .filter(|o| o.customer_urn == customer)
        .ok_or_else(|| {
            invalid_ref(
                "OFFER_NOT_FOUND",
                "offerIdentifier",
                format!("no offer {offer_id} for customer {customer}"),
            )
        })?;
    if offer.expires_unix < unix_now() {
        return Err(invalid_ref(
            "OFFER_EXPIRED",
            "offerIdentifier",
            format!("offer {offer_id} expired; resolve it again"),
        ));
    }
    let bundle = match text(request, "bundleUrn") {
        Some(urn) => offer
            .bundles
            .iter()
            .find(|b| b["bundleUrn"] == urn)
            .cloned()
            .ok_or_else(|| {
                invalid_ref(
                    "BUNDLE_NOT_FOUND",
                    "bundleUrn",
                    format!("bundle {urn} is not part of offer {offer_id}"),
                )
            })?,
        None => offer.bundles.first().cloned().unwrap_or_default(),
    };
    let payment_method = match text(request, "paymentMethodUrn") {
        Some(urn) => {
            let owned = t
                .payment_methods
                .get(urn)
                .is_some_and(|p| p.customer_urn == customer);
            if !owned {
                return Err(invalid_ref(
                    "PAYMENT_METHOD_NOT_FOUND",
                    "paymentMethodUrn",
                    format!("no payment method {urn} for customer {customer}"),
                ));
            }
            Some(urn.to_owned())
        }
        None => active_of(t, &customer),
    };
    let promotion = text(context, "promotionCode")
        .map(str::to_owned)
        .or_else(|| offer.promotion_code.clone());
    let checkout = Checkout {
        tracking: format!("tr-{}", store.next()),
        correlation: correlation.clone(),
        customer,
        bundle,
        payment_method,
        promotion,
        retention_for: offer.retention_for.clone(),
        state: "Pending",
        polls: 0,
        three_ds_done: false,
        order: None,
        failure: None,
        updated_at: now_iso(),
    };
    let accepted = checkout.accepted();
    t.checkouts.insert(checkout.tracking.clone(), checkout);
    Ok(accepted)
}

fn not_found(tracking: &str) -> Fail {
    Fail::new("CHECKOUT_NOT_FOUND", format!("no checkout {tracking}"))
}

fn payment_event(t: &Tenant, c: &Checkout, event_type: &'static str) -> Emitted {
    let price = &c.bundle["price"];
    let mut data = json!({
        "tenantUrn": t.id, "paymentId": format!("pay-{}", c.tracking),
        "customerUrn": c.customer, "paymentMethodUrn": c.payment_method,
        "orderIdentifier": c.order, "trackingNumber": c.tracking,
        "amount": price["amount"], "currency": price["currency"], "occurredAt": now_iso(),
    });
    if let Some((code, message)) = &c.failure {
        data["failureCode"] = json!(code);
        data["failureMessage"] = json!(message);
    }
    Emitted { event_type, data }
}

fn fail(t: &Tenant, c: &mut Checkout, message: &str, events: &mut Vec<Emitted>) {
    c.state = "Failed";
    c.failure = Some(("PAYMENT_FAILED".into(), message.into()));
    events.push(payment_event(t, c, "payment.failed"));
}

fn succeed(store: &Store, t: &mut Tenant, c: &mut Checkout, events: &mut Vec<Emitted>) {
    c.state = "Succeeded";
    let mut subscription_events = Vec::new();
    let order = match &c.retention_for {
        Some(order) => {
            subscriptions::apply_retention(t, order, &c.bundle["price"], &mut subscription_events);
            order.clone()
        }
        None => subscriptions::create(
            store,
            t,
            &c.customer,
            &c.bundle,
            c.payment_method.clone(),
            &mut subscription_events,
        ),
    };
    c.order = Some(order);
    events.push(payment_event(t, c, "payment.captured"));
    events.extend(subscription_events);
}

/// C2A-03-02: the current status, advanced by one poll.
pub fn status(store: &Store, t: &mut Tenant, tracking: &str, events: &mut Vec<Emitted>) -> Outcome {
    let mut c = t
        .checkouts
        .get(tracking)
        .cloned()
        .ok_or_else(|| not_found(tracking))?;
    if matches!(c.state, "Pending" | "Processing") {
        c.polls += 1;
        c.updated_at = now_iso();
        if c.polls <= store.processing_polls {
            c.state = "Processing";
        } else if c.promotion.as_deref() == Some(PROMO_3DS) && !c.three_ds_done {
            c.state = "RequiresAction";
        } else if c.promotion.as_deref() == Some(PROMO_DECLINE) {
            fail(
                t,
                &mut c,
                "the card was declined (test promotion code DECLINE)",
                events,
            );
        } else {
            succeed(store, t, &mut c, events);
        }
    }
    let json = c.json();
    t.checkouts.insert(tracking.to_owned(), c);
    Ok(json)
}

/// C2A-03-03: resolves the 3DS challenge of a `RequiresAction` checkout.
pub fn complete_three_ds(
    store: &Store,
    t: &mut Tenant,
    tracking: &str,
    request: &Value,
    events: &mut Vec<Emitted>,
) -> Outcome {
    let mut c = t
        .checkouts
        .get(tracking)
        .cloned()
        .ok_or_else(|| not_found(tracking))?;
    // That the body repeats the checkout's correlationId is inferred (no
    // document gives this body), so another value is not refused: an
    // inference never breaks a call (schemathesis found the refusal, which
    // the published contract cannot state).
    if c.state != "RequiresAction" {
        if c.three_ds_done {
            return Ok(c.json());
        }
        return Err(Fail::new(
            "CHECKOUT_NOT_AWAITING_THREE_DS",
            format!("checkout {tracking} is {}, not RequiresAction", c.state),
        ));
    }
    c.three_ds_done = true;
    c.updated_at = now_iso();
    if request["authenticationResult"]["transStatus"] == json!("N") {
        fail(
            t,
            &mut c,
            "3DS authentication failed (transStatus N)",
            events,
        );
    } else {
        succeed(store, t, &mut c, events);
    }
    let json = c.json();
    t.checkouts.insert(tracking.to_owned(), c);
    Ok(json)
}
