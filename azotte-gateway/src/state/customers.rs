//! Customers (document 002): validate, store, info, update, delete, with
//! `CUSTOMER_NOT_FOUND` (404), `CUSTOMER_ALREADY_STORED` (409) and e-mail /
//! phone uniqueness per tenant (`USER_WITH_SAME_EMAIL_EXISTS`,
//! `USER_WITH_SAME_PHONE_NUMBER_EXISTS`, 409). E-mails compare
//! case-insensitively; phone numbers ignoring spaces, dashes, dots and brackets.
//! Their shapes are not checked: no document states one (the spec's fields
//! are plain strings), and an inferred rule must never refuse a value the
//! API accepts (schemathesis found `"k°"` refused as a phone number, which
//! the published contract allows).

use super::{text, Fail, Outcome, Store, Tenant};
use crate::time::now_iso;
use serde::{Deserialize, Serialize};
use serde_json::{json, Map, Value};

/// One stored customer: its `AzotteCustomer` JSON and creation order.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Customer {
    /// Creation order (for stable listing).
    pub seq: u64,
    /// The `AzotteCustomer` wire shape.
    pub json: Value,
}

const PROFILE: [&str; 5] = [
    "email",
    "phoneNumber",
    "firstName",
    "lastName",
    "countryCode",
];

fn email_key(email: &str) -> String {
    email.trim().to_lowercase()
}

fn phone_key(phone: &str) -> String {
    phone
        .chars()
        .filter(|c| !matches!(c, ' ' | '-' | '.' | '(' | ')'))
        .collect()
}

fn not_found(what: &str) -> Fail {
    Fail::new(
        "CUSTOMER_NOT_FOUND",
        format!("no customer {what} in this tenant"),
    )
}

/// Checks the profile values of `node` (at `path`) for collisions with
/// customers other than `own`.
fn check_profile(t: &Tenant, node: &Value, path: &str, own: Option<&str>) -> Outcome<()> {
    if let Some(email) = text(node, "email") {
        let at = format!("{path}.email");
        if let Some(other) = t.by_email.get(&email_key(email)) {
            if Some(other.as_str()) != own {
                return Err(Fail {
                    field: Some(at),
                    ..Fail::new(
                        "USER_WITH_SAME_EMAIL_EXISTS",
                        "another customer of this tenant has this e-mail",
                    )
                });
            }
        }
    }
    if let Some(phone) = text(node, "phoneNumber") {
        let at = format!("{path}.phoneNumber");
        let key = phone_key(phone);
        if let Some(other) = t.by_phone.get(&key) {
            if Some(other.as_str()) != own {
                return Err(Fail {
                    field: Some(at),
                    ..Fail::new(
                        "USER_WITH_SAME_PHONE_NUMBER_EXISTS",
                        "another customer of this tenant has this phone number",
                    )
                });
            }
        }
    }
    Ok(())
}

/// C2A-01-01: the ExternalId must not be projected yet.
pub fn validate(t: &Tenant, external_id: &str) -> Outcome<()> {
    if t.by_external.contains_key(external_id) {
        return Err(Fail::new(
            "CUSTOMER_ALREADY_STORED",
            format!("externalId {external_id} is already projected"),
        ));
    }
    Ok(())
}

/// C2A-01-02: stores the `customer` node (a `CustomerDetails`).
pub fn store(store: &Store, t: &mut Tenant, details: &Value) -> Outcome {
    let external = text(details, "externalId").unwrap_or_default().to_owned();
    validate(t, &external)?;
    check_profile(t, details, "customer", None)?;
    let seq = store.next();
    let urn = format!("cu.00.{seq}");
    let mut json = Map::new();
    json.insert("customerUrn".into(), json!(urn));
    json.insert("externalId".into(), json!(external));
    for key in PROFILE {
        if let Some(v) = text(details, key) {
            json.insert(key.into(), json!(v));
        }
    }
    json.insert("createdAt".into(), json!(now_iso()));
    json.insert("updatedAt".into(), Value::Null);
    let json = Value::Object(json);
    index(t, &urn, &json);
    t.by_external.insert(external, urn.clone());
    t.customers.insert(
        urn,
        Customer {
            seq,
            json: json.clone(),
        },
    );
    Ok(json)
}

/// Puts an example customer (see `state::seed`) into `t`, first in listings.
pub fn seed_customer(t: &mut Tenant, urn: &str, external: &str) {
    let json = json!({
        "customerUrn": urn, "externalId": external,
        "createdAt": now_iso(), "updatedAt": null,
    });
    t.by_external.insert(external.to_owned(), urn.to_owned());
    t.customers
        .insert(urn.to_owned(), Customer { seq: 0, json });
}

/// Rebuilds the lookup indexes (externalId, e-mail, phone) from the
/// customers, after loading them from the state file.
pub fn reindex(t: &mut Tenant) {
    let all: Vec<(String, Value)> = t
        .customers
        .iter()
        .map(|(urn, c)| (urn.clone(), c.json.clone()))
        .collect();
    for (urn, json) in all {
        index(t, &urn, &json);
        if let Some(ext) = text(&json, "externalId") {
            t.by_external.insert(ext.to_owned(), urn);
        }
    }
}

fn index(t: &mut Tenant, urn: &str, json: &Value) {
    if let Some(email) = text(json, "email") {
        t.by_email.insert(email_key(email), urn.to_owned());
    }
    if let Some(phone) = text(json, "phoneNumber") {
        t.by_phone.insert(phone_key(phone), urn.to_owned());
    }
}

fn unindex(t: &mut Tenant, json: &Value) {
    if let Some(email) = text(json, "email") {
        t.by_email.remove(&email_key(email));
    }
    if let Some(phone) = text(json, "phoneNumber") {
        t.by_phone.remove(&phone_key(phone));
    }
}

/// The URN a lookup (`customerUrn` and/or `externalId` of `node`, at `path`) names.
pub fn resolve(t: &Tenant, node: &Value, path: &str) -> Outcome<String> {
    let urn = text(node, "customerUrn");
    let external = text(node, "externalId");
    let found = match (urn, external) {
        // Both keys are optional in the spec and so in the published
        // OpenAPI document (which cannot say "one of two query parameters"):
        // a lookup naming neither is well formed and finds no customer.
        (None, None) => {
            let at = if path.is_empty() {
                String::new()
            } else {
                format!("{path}.")
            };
            return Err(not_found(&format!(
                "named (give {at}customerUrn or {at}externalId)"
            )));
        }
        (Some(urn), _) => t
            .customers
            .contains_key(urn)
            .then(|| urn.to_owned())
            .ok_or_else(|| not_found(&format!("with URN {urn}")))?,
        (None, Some(ext)) => t
            .by_external
            .get(ext)
            .cloned()
            .ok_or_else(|| not_found(&format!("with externalId {ext}")))?,
    };
    if let (Some(ext), Some(c)) = (external, t.customers.get(&found)) {
        if text(&c.json, "externalId") != Some(ext) {
            return Err(not_found(&format!("with URN {found} and externalId {ext}")));
        }
    }
    Ok(found)
}

/// The customer `urn`, or `CUSTOMER_NOT_FOUND`.
pub fn require<'a>(t: &'a Tenant, urn: &str) -> Outcome<&'a Customer> {
    t.customers
        .get(urn)
        .ok_or_else(|| not_found(&format!("with URN {urn}")))
}

/// C2A-01-05: by URN or ExternalId.
pub fn info(t: &Tenant, query: &Value) -> Outcome {
    let urn = resolve(t, query, "")?;
    Ok(require(t, &urn)?.json.clone())
}

/// C2A-01-04: applies the values present in the `customer` node (a `CustomerUpdate`).
pub fn update(t: &mut Tenant, node: &Value) -> Outcome {
    let urn = resolve(t, node, "customer")?;
    check_profile(t, node, "customer", Some(&urn))?;
    let Some(old) = t.customers.get(&urn).map(|c| c.json.clone()) else {
        return Err(not_found(&format!("with URN {urn}")));
    };
    unindex(t, &old);
    let mut json = old;
    for key in PROFILE {
        if let Some(v) = text(node, key) {
            json[key] = json!(v);
        }
    }
    json["updatedAt"] = json!(now_iso());
    index(t, &urn, &json);
    if let Some(c) = t.customers.get_mut(&urn) {
        c.json = json.clone();
    }
    Ok(json)
}

/// C2A-01-03: GDPR delete of the projection and its stored payment methods.
pub fn delete(t: &mut Tenant, node: &Value) -> Outcome<()> {
    let urn = resolve(t, node, "customer")?;
    if let Some(c) = t.customers.remove(&urn) {
        unindex(t, &c.json);
        if let Some(ext) = text(&c.json, "externalId") {
            t.by_external.remove(ext);
        }
    }
    t.payment_methods.retain(|_, pm| pm.customer_urn != urn);
    Ok(())
}

/// Customers in creation order, optionally filtered by a case-insensitive
/// substring of URN, ExternalId, e-mail or phone.
pub fn list(t: &Tenant, search: Option<&str>) -> Vec<Value> {
    let needle = search.map(str::to_lowercase);
    let mut all: Vec<&Customer> = t
        .customers
        .values()
        .filter(|c| match &needle {
            None => true,
            Some(n) => ["customerUrn", "externalId", "email", "phoneNumber"]
                .iter()
                .filter_map(|k| text(&c.json, k))
                .any(|v| v.to_lowercase().contains(n.as_str())),
        })
        .collect();
    all.sort_by_key(|c| c.seq);
    all.into_iter().map(|c| c.json.clone()).collect()
}
