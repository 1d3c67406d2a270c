//! Stored payment methods (C2A-04): tokenize (idempotent on the caller's
//! `correlationId`, answered by `crate::idempotency`), list, activate, delete. A customer's first method
//! becomes active. Test tokens: a `pspToken` containing `decline` fails with
//! `PAYMENT_FAILED`; `mastercard` / `amex` in it pick the brand (else visa);
//! its last four digits become `last4` (else `4242`).

use super::customers::require;
use super::subscriptions::charges;
use super::{text, Fail, Outcome, Store, Tenant};
use crate::time::now_iso;
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};

/// One stored card.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct PaymentMethod {
    /// Creation order.
    pub seq: u64,
    /// Owner.
    pub customer_urn: String,
    /// The `PaymentMethod` wire shape (its `active` flag kept current).
    pub json: Value,
}

fn not_found(urn: &str) -> Fail {
    Fail {
        field: Some("paymentMethodUrn".into()),
        ..Fail::new(
            "PAYMENT_METHOD_NOT_FOUND",
            format!("no payment method {urn} for this customer"),
        )
    }
}

fn set_active(t: &mut Tenant, customer: &str, urn: &str) {
    for pm in t.payment_methods.values_mut() {
        if pm.customer_urn == customer {
            pm.json["active"] = json!(pm.json["paymentMethodUrn"] == urn);
        }
    }
}

/// C2A-04-01: stores a card from a PSP token.
pub fn tokenize(store: &Store, t: &mut Tenant, request: &Value) -> Outcome {
    let customer = text(request, "customerUrn").unwrap_or_default().to_owned();
    require(t, &customer)?;
    let token = text(request, "pspToken").unwrap_or_default().to_lowercase();
    if token.contains("decline") {
        return Err(Fail {
            field: Some("pspToken".into()),
            ..Fail::new("PAYMENT_FAILED", "the card was declined (test token)")
        });
    }
    let digits: String = token.chars().filter(char::is_ascii_digit).collect();
    let last4 = match digits.len() {
        n if n >= 4 => digits[n - 4..].to_owned(),
        _ => "4242".to_owned(),
    };
    let brand = ["mastercard", "amex"]
        .into_iter()
        .find(|b| token.contains(b))
        .unwrap_or("visa");
    let first = !t
        .payment_methods
        .values()
        .any(|p| p.customer_urn == customer);
    let seq = store.next();
    let urn = format!("pm.00.{seq}");
    let json = json!({
        "paymentMethodUrn": urn, "customerUrn": customer, "type": "card", "brand": brand,
        "last4": last4, "expiryMonth": 12, "expiryYear": 2030, "active": false,
        "createdAt": now_iso(),
    });
    t.payment_methods.insert(
        urn.clone(),
        PaymentMethod {
            seq,
            customer_urn: customer.clone(),
            json,
        },
    );
    if first || request["makeActive"] == json!(true) {
        set_active(t, &customer, &urn);
    }
    Ok(t.payment_methods
        .get(&urn)
        .map(|p| p.json.clone())
        .unwrap_or_default())
}

/// C2A-04-02: the customer's methods, oldest first (`PaymentMethodList`).
pub fn list(t: &Tenant, customer: &str) -> Outcome {
    require(t, customer)?;
    let mut all: Vec<&PaymentMethod> = t
        .payment_methods
        .values()
        .filter(|p| p.customer_urn == customer)
        .collect();
    all.sort_by_key(|p| p.seq);
    let all: Vec<Value> = all.into_iter().map(|p| p.json.clone()).collect();
    Ok(json!({ "paymentMethods": all }))
}

fn owned<'a>(t: &'a Tenant, customer: &str, urn: &str) -> Outcome<&'a PaymentMethod> {
    require(t, customer)?;
    t.payment_methods
        .get(urn)
        .filter(|p| p.customer_urn == customer)
        .ok_or_else(|| not_found(urn))
}

/// C2A-04-03: makes `urn` the customer's active method.
pub fn activate(t: &mut Tenant, customer: &str, urn: &str) -> Outcome {
    if owned(t, customer, urn)?.json["active"] == json!(true) {
        return Err(Fail::new(
            "PAYMENT_METHOD_ALREADY_ACTIVE",
            format!("{urn} is already the active payment method"),
        ));
    }
    set_active(t, customer, urn);
    owned(t, customer, urn).map(|p| p.json.clone())
}

/// C2A-04-04: removes a method no running subscription charges.
pub fn delete(t: &mut Tenant, customer: &str, urn: &str) -> Outcome<()> {
    owned(t, customer, urn)?;
    if charges(t, urn) {
        return Err(Fail::new(
            "PAYMENT_METHOD_IN_USE",
            format!("{urn} pays a running subscription"),
        ));
    }
    t.payment_methods.remove(urn);
    Ok(())
}

/// The customer's active method.
pub fn active_of(t: &Tenant, customer: &str) -> Option<String> {
    t.payment_methods
        .values()
        .find(|p| p.customer_urn == customer && p.json["active"] == json!(true))
        .and_then(|p| text(&p.json, "paymentMethodUrn").map(str::to_owned))
}
