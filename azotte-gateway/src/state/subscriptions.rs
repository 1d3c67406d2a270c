//! Subscriptions (C2A-05, M2M, P2M): created `Active` by a succeeded
//! checkout; two-phase cancel (request → reasons + retention offer, confirm
//! → `PendingCancellation` until the period end); reactivate → `Active`;
//! the M2M cancel guarded by `version` (stale → conflict). Every change
//! bumps `version` and emits a `subscription.*` event.

use super::customers::require;
use super::{offers, Emitted, Fail, Outcome, Store, Tenant};
use crate::time::{iso8601, now_iso, unix_now};
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};

/// One subscription.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Subscription {
    /// Creation order.
    pub seq: u64,
    /// orderIdentifier.
    pub order: String,
    /// orderUrn.
    pub order_urn: String,
    /// Owner.
    pub customer: String,
    /// The `OfferBundle` bought.
    pub bundle: Value,
    /// `SubscriptionState` wire value.
    #[serde(with = "super::persist::state_name")]
    pub state: super::persist::StateName,
    /// Recurring `Price`.
    pub price: Value,
    /// Payment method charged for renewals.
    pub payment_method: Option<String>,
    started_at: String,
    period_end: String,
    cancel_at: Option<String>,
    /// subscription.version (document 004).
    pub version: i64,
    cancel_requested: bool,
}

impl Subscription {
    /// The `Subscription` wire shape.
    pub fn json(&self) -> Value {
        json!({
            "orderIdentifier": self.order, "orderUrn": self.order_urn,
            "customerUrn": self.customer, "bundleUrn": self.bundle["bundleUrn"],
            "bundleName": self.bundle["name"], "state": self.state, "price": self.price,
            "paymentMethodUrn": self.payment_method, "startedAt": self.started_at,
            "currentPeriodEnd": self.period_end, "cancelAt": self.cancel_at,
            "version": self.version,
        })
    }

    fn event(&self, tenant: &str, event_type: &'static str, previous: Option<&str>) -> Emitted {
        let data = json!({
            "tenantUrn": tenant, "orderIdentifier": self.order, "orderUrn": self.order_urn,
            "customerUrn": self.customer, "bundleUrn": self.bundle["bundleUrn"],
            "state": self.state, "previousState": previous, "price": self.price,
            "currentPeriodEnd": self.period_end, "cancelAt": self.cancel_at,
            "version": self.version, "occurredAt": now_iso(),
        });
        Emitted { event_type, data }
    }
}

fn period_seconds(bundle: &Value) -> u64 {
    match bundle["billingPeriod"].as_str() {
        Some("P1Y") => 365 * 86_400,
        _ => 30 * 86_400,
    }
}

/// A new `Active` subscription to `bundle`; emits `subscription.activated`.
pub fn create(
    store: &Store,
    t: &mut Tenant,
    customer: &str,
    bundle: &Value,
    payment_method: Option<String>,
    events: &mut Vec<Emitted>,
) -> String {
    let seq = store.next();
    let now = unix_now();
    let sub = Subscription {
        seq,
        order: format!("or-{seq}"),
        order_urn: format!("od.00.{seq}"),
        customer: customer.to_owned(),
        bundle: bundle.clone(),
        state: "Active",
        price: bundle["price"].clone(),
        payment_method,
        started_at: iso8601(now),
        period_end: iso8601(now + period_seconds(bundle)),
        cancel_at: None,
        version: 1,
        cancel_requested: false,
    };
    events.push(sub.event(&t.id, "subscription.activated", None));
    let order = sub.order.clone();
    t.subscriptions.insert(order.clone(), sub);
    order
}

/// The customer's subscriptions, oldest first (`SubscriptionList`).
pub fn list_for(t: &Tenant, customer: &str) -> Outcome {
    require(t, customer)?;
    Ok(json!({ "subscriptions": list(t, Some(customer), None) }))
}

/// Subscriptions of the tenant, oldest first, optionally filtered.
pub fn list(t: &Tenant, customer: Option<&str>, state: Option<&str>) -> Vec<Value> {
    let mut subs: Vec<&Subscription> = t
        .subscriptions
        .values()
        .filter(|s| customer.is_none_or(|c| s.customer == c))
        .filter(|s| state.is_none_or(|st| s.state == st))
        .collect();
    subs.sort_by_key(|s| s.seq);
    subs.into_iter().map(Subscription::json).collect()
}

fn find<'a>(t: &'a mut Tenant, customer: &str, order: &str) -> Outcome<&'a mut Subscription> {
    require(t, customer)?;
    t.subscriptions
        .get_mut(order)
        .filter(|s| s.customer == customer)
        .ok_or_else(|| {
            Fail::new(
                "SUBSCRIPTION_NOT_FOUND",
                format!("customer {customer} has no subscription {order}"),
            )
        })
}

fn not_cancellable(s: &Subscription) -> Fail {
    Fail::new(
        "SUBSCRIPTION_NOT_CANCELLABLE",
        format!("subscription {} is {}, not Active", s.order, s.state),
    )
}

/// C2A-05-02: first phase; returns `CancellationOptions` with a retention offer.
pub fn request_cancellation(store: &Store, t: &mut Tenant, customer: &str, order: &str) -> Outcome {
    let sub = find(t, customer, order)?;
    if sub.state != "Active" {
        return Err(not_cancellable(sub));
    }
    sub.cancel_requested = true;
    let bundle = sub.bundle.clone();
    let retention = offers::retention(store, t, customer, order, &bundle);
    Ok(json!({
        "orderIdentifier": order,
        "reasons": [
            { "code": "TOO_EXPENSIVE", "label": "It is too expensive" },
            { "code": "NOT_USING", "label": "I do not use it enough" },
            { "code": "SWITCHING", "label": "I am switching to another service" },
            { "code": "OTHER", "label": "Another reason" },
        ],
        "retentionOffer": retention,
    }))
}

fn to_pending(tenant: &str, sub: &mut Subscription, events: &mut Vec<Emitted>) {
    let previous = sub.state;
    sub.state = "PendingCancellation";
    sub.cancel_at = Some(sub.period_end.clone());
    sub.cancel_requested = false;
    sub.version += 1;
    events.push(sub.event(tenant, "subscription.cancelled", Some(previous)));
}

/// C2A-05-03: second phase → `PendingCancellation` until the period end.
pub fn confirm(t: &mut Tenant, customer: &str, order: &str, events: &mut Vec<Emitted>) -> Outcome {
    let tenant = t.id.clone();
    let sub = find(t, customer, order)?;
    if sub.state != "Active" {
        return Err(not_cancellable(sub));
    }
    if !sub.cancel_requested {
        return Err(Fail::new(
            "CANCELLATION_NOT_REQUESTED",
            "call subscription/cancel/request before subscription/cancel/confirm",
        ));
    }
    to_pending(&tenant, sub, events);
    Ok(sub.json())
}

/// C2A-05-04: `PendingCancellation` → `Active`.
pub fn reactivate(
    t: &mut Tenant,
    customer: &str,
    order: &str,
    events: &mut Vec<Emitted>,
) -> Outcome {
    let tenant = t.id.clone();
    let sub = find(t, customer, order)?;
    if sub.state != "PendingCancellation" {
        return Err(Fail::new(
            "SUBSCRIPTION_NOT_REACTIVATABLE",
            format!(
                "subscription {order} is {}, not PendingCancellation",
                sub.state
            ),
        ));
    }
    sub.state = "Active";
    sub.cancel_at = None;
    sub.version += 1;
    events.push(sub.event(
        &tenant,
        "subscription.reactivated",
        Some("PendingCancellation"),
    ));
    Ok(sub.json())
}

/// M2M-02-02: cancel at `version` (stale → `MNT-409-02`); `immediate` ends it now.
pub fn cancel_versioned(t: &mut Tenant, payload: &Value, events: &mut Vec<Emitted>) -> Outcome {
    let tenant = t.id.clone();
    let order = payload["orderIdentifier"].as_str().unwrap_or_default();
    let version = crate::validate::integer(&payload["version"]).map_or(0, |v| v as i64);
    let Some(sub) = t.subscriptions.get_mut(order) else {
        return Err(Fail::new(
            "SUBSCRIPTION_NOT_FOUND",
            format!("no subscription {order}"),
        ));
    };
    if sub.version != version {
        return Err(Fail {
            field: Some("payload.version".into()),
            ..Fail::new(
                "MNT-409-02",
                format!(
                    "stale version {version}: subscription {order} is at version {}",
                    sub.version
                ),
            )
        });
    }
    if sub.state != "Active" && sub.state != "PendingCancellation" {
        return Err(Fail::new(
            "MNT-409-02",
            format!("subscription {order} is already {}", sub.state),
        ));
    }
    if payload["immediate"] == json!(true) {
        let previous = sub.state;
        sub.state = "Cancelled";
        sub.cancel_at = Some(now_iso());
        sub.version += 1;
        events.push(sub.event(&tenant, "subscription.cancelled", Some(previous)));
    } else if sub.state == "Active" {
        to_pending(&tenant, sub, events);
    }
    Ok(sub.json())
}

/// An accepted retention offer: the subscription stays `Active` at `price`.
pub fn apply_retention(t: &mut Tenant, order: &str, price: &Value, events: &mut Vec<Emitted>) {
    let tenant = t.id.clone();
    if let Some(sub) = t.subscriptions.get_mut(order) {
        let previous = sub.state;
        sub.state = "Active";
        sub.price = price.clone();
        sub.cancel_at = None;
        sub.cancel_requested = false;
        sub.version += 1;
        events.push(sub.event(&tenant, "subscription.updated", Some(previous)));
    }
}

/// True when a running subscription charges `payment_method`.
pub fn charges(t: &Tenant, payment_method: &str) -> bool {
    t.subscriptions.values().any(|s| {
        s.payment_method.as_deref() == Some(payment_method)
            && matches!(s.state, "Active" | "PendingCancellation")
    })
}
