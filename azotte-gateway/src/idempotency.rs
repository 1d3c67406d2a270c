//! Idempotent writes as the IETF draft "The Idempotency-Key HTTP Header
//! Field" describes: the gateway keeps, per tenant, a fingerprint of each
//! request that carried a key together with its answer, and
//!
//! - an identical retry (same key, same fingerprint) gets the stored answer
//!   again, and nothing is executed twice;
//! - a key reused for a different request is refused with 422
//!   (`IDEMPOTENCY_KEY_REUSED` on C2A, `MNT-422-01` on the Moneti lanes);
//! - a retry while the first request is still being processed is refused
//!   with 409 (`IDEMPOTENT_REQUEST_IN_PROGRESS`, `MNT-409-03`).
//!
//! Keys are the endpoint's declared idempotency: the `Idempotency-Key`
//! header (document 004), scoped to the tenant, so reusing one on another
//! operation is a 422 as the draft asks; or a body field of type `uuid`
//! (C2A's `correlationId`, document 001), scoped to the tenant and the
//! endpoint, because the 3DS completion deliberately reuses its checkout's
//! `correlationId`. A body-field key that names an existing resource (the
//! `paymentMethodUrn` of activate / delete) is not a request key: activating
//! a method again after another one must really activate it, so those
//! operations keep their own state checks.
//!
//! The fingerprint is a SHA-256 over the endpoint id (method and path
//! template, so `/api/…` and `/api/v1/…` are the same operation), the
//! decoded path parameters and query pairs (sorted) and the body as
//! canonical JSON (parsed, sorted keys, no insignificant whitespace, after
//! the spec's field-name normalisation). Headers are not part of it: a
//! retry carries a new `X-Correlation-Id` or a fresh token.
//!
//! Only successes are stored: a failed request releases its key, so a
//! corrected retry with the same key runs (document 001 asks callers to
//! resubmit with the same value). Answers are kept 24 hours (document 004:
//! "Retained for 24 hours").

use crate::state::{lock, Tenant};
use azotte_spec::model::{Endpoint, Idempotency, Primitive, Spec, TypeKind, TypeRef};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use sha2::{Digest, Sha256};
use std::collections::HashMap;
use std::fmt::Write as _;
use std::sync::{Arc, Mutex};

/// How long a stored answer is replayed (document 004).
pub const RETENTION_SECONDS: u64 = 24 * 60 * 60;

/// The codes of a key reused for another request (C2A, Moneti).
pub const REUSED: [&str; 2] = ["IDEMPOTENCY_KEY_REUSED", "MNT-422-01"];
/// The codes of a retry while the first request is in flight (C2A, Moneti).
pub const IN_PROGRESS: [&str; 2] = ["IDEMPOTENT_REQUEST_IN_PROGRESS", "MNT-409-03"];

/// The key of one request and what it must match.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Key {
    /// The key as the caller knows it, for messages (`the Idempotency-Key`,
    /// `correlationId 3f…`).
    pub what: String,
    /// Where the key lives in the tenant's table (`header:K` or `ENDPOINT-ID:field:K`).
    pub slot: String,
    /// Hex SHA-256 of the request (see the module docs).
    pub fingerprint: String,
}

/// One slot of the table.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Entry {
    /// The first request is being processed.
    InFlight {
        /// Its fingerprint.
        fingerprint: String,
    },
    /// The first request succeeded with this answer.
    Done {
        /// Its fingerprint.
        fingerprint: String,
        /// HTTP status answered.
        status: u16,
        /// Body answered.
        body: Value,
        /// When, unix seconds (for the 24-hour retention).
        at: u64,
    },
}

/// What to do with a request carrying a key.
#[derive(Debug, Clone, PartialEq)]
pub enum Begin {
    /// First use (or the earlier attempt failed or expired): run it.
    Run,
    /// An identical request already succeeded: answer this again.
    Replay(u16, Value),
    /// The key belongs to a different request: 422.
    Reused,
    /// The identical request is still being processed: 409.
    InProgress,
}

/// The idempotency key of a request to `endpoint`, if it carries one.
pub fn key(
    spec: &Spec,
    endpoint: &Endpoint,
    header: impl Fn(&str) -> Option<String>,
    params: &HashMap<String, String>,
    query: &HashMap<String, String>,
    body: &Value,
) -> Option<Key> {
    let (what, slot) = match endpoint.idempotency.as_ref()? {
        Idempotency::Header(name) => (format!("the {name}"), format!("header:{}", header(name)?)),
        Idempotency::BodyField(field) => {
            let request = endpoint.request.as_ref()?;
            if !is_uuid_field(spec, request, field) {
                return None;
            }
            let value = body.get(field.as_str())?.as_str()?.trim();
            if value.is_empty() {
                return None;
            }
            (
                format!("{field} {value}"),
                format!("{}:{field}:{value}", endpoint.id),
            )
        }
    };
    Some(Key {
        what,
        slot,
        fingerprint: fingerprint(&endpoint.id, params, query, body),
    })
}

/// True when `field` of the request type is a `uuid`: a fresh value the
/// caller makes per operation, not the identifier of a resource.
fn is_uuid_field(spec: &Spec, request: &TypeRef, field: &str) -> bool {
    let TypeRef::Named(name) = request else {
        return false;
    };
    let Some(TypeKind::Object { fields }) = spec.type_def(name).map(|t| &t.kind) else {
        return false;
    };
    fields
        .iter()
        .find(|f| f.wire_name == field)
        .is_some_and(|f| f.ty == TypeRef::Primitive(Primitive::Uuid))
}

/// Hex SHA-256 of the request (see the module docs).
pub fn fingerprint(
    endpoint_id: &str,
    params: &HashMap<String, String>,
    query: &HashMap<String, String>,
    body: &Value,
) -> String {
    let sorted = |map: &HashMap<String, String>| {
        let mut pairs: Vec<(&String, &String)> = map.iter().collect();
        pairs.sort();
        serde_json::to_string(&pairs).unwrap_or_default()
    };
    let mut canonical_body = String::new();
    canonical(body, &mut canonical_body);
    let mut hash = Sha256::new();
    for part in [
        endpoint_id,
        &sorted(params),
        &sorted(query),
        &canonical_body,
    ] {
        hash.update((part.len() as u64).to_be_bytes());
        hash.update(part.as_bytes());
    }
    hash.finalize()
        .iter()
        .fold(String::with_capacity(64), |mut s, b| {
            let _ = write!(s, "{b:02x}");
            s
        })
}

/// `value` as JSON with object keys sorted, whatever the map's order.
fn canonical(value: &Value, out: &mut String) {
    match value {
        Value::Object(map) => {
            let mut keys: Vec<&String> = map.keys().collect();
            keys.sort();
            out.push('{');
            for (i, k) in keys.into_iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                out.push_str(&Value::String(k.clone()).to_string());
                out.push(':');
                canonical(&map[k], out);
            }
            out.push('}');
        }
        Value::Array(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                canonical(item, out);
            }
            out.push(']');
        }
        scalar => out.push_str(&scalar.to_string()),
    }
}

/// Looks `key` up in `t` and, when the request is to run, marks it in flight.
pub fn begin(t: &mut Tenant, key: &Key, now: u64) -> Begin {
    let verdict = match t.idempotent.get(&key.slot) {
        None => Begin::Run,
        Some(Entry::Done { at, .. }) if now.saturating_sub(*at) > RETENTION_SECONDS => Begin::Run,
        Some(Entry::InFlight { fingerprint } | Entry::Done { fingerprint, .. })
            if *fingerprint != key.fingerprint =>
        {
            Begin::Reused
        }
        Some(Entry::InFlight { .. }) => Begin::InProgress,
        Some(Entry::Done { status, body, .. }) => Begin::Replay(*status, body.clone()),
    };
    if verdict == Begin::Run {
        t.idempotent.insert(
            key.slot.clone(),
            Entry::InFlight {
                fingerprint: key.fingerprint.clone(),
            },
        );
    }
    verdict
}

/// A key marked in flight by [`begin`]: dropped without [`Claim::finish`]
/// (the request failed, or its client went away during a delay) it releases
/// the key, so a retry is never refused with 409 forever.
#[derive(Debug)]
pub struct Claim {
    tenant: Arc<Mutex<Tenant>>,
    key: Option<Key>,
}

impl Claim {
    /// Holds `key` of `tenant` (already marked in flight).
    pub fn new(tenant: Arc<Mutex<Tenant>>, key: Key) -> Self {
        Claim {
            tenant,
            key: Some(key),
        }
    }

    /// Stores the answer in `t` (the claim's tenant, locked by the caller).
    pub fn finish(mut self, t: &mut Tenant, status: u16, body: &Value, now: u64) {
        if let Some(key) = self.key.take() {
            finish(t, &key, status, body, now);
        }
    }

    /// Releases the key in `t` (the claim's tenant, locked by the caller)
    /// after the request failed, so a corrected retry can run.
    pub fn release(mut self, t: &mut Tenant) {
        if let Some(key) = self.key.take() {
            release(t, &key);
        }
    }
}

impl Drop for Claim {
    fn drop(&mut self) {
        if let Some(key) = self.key.take() {
            release(&mut lock(&self.tenant), &key);
        }
    }
}

/// Stores the answer of the request `key` started.
pub fn finish(t: &mut Tenant, key: &Key, status: u16, body: &Value, now: u64) {
    t.idempotent.insert(
        key.slot.clone(),
        Entry::Done {
            fingerprint: key.fingerprint.clone(),
            status,
            body: body.clone(),
            at: now,
        },
    );
}

/// Releases `key` after a failure, so a corrected retry can run.
pub fn release(t: &mut Tenant, key: &Key) {
    if matches!(t.idempotent.get(&key.slot), Some(Entry::InFlight { .. })) {
        t.idempotent.remove(&key.slot);
    }
}

/// The code of `codes` (C2A, Moneti) that `endpoint` documents; the C2A one otherwise.
pub fn code_for(endpoint: &Endpoint, codes: [&'static str; 2]) -> &'static str {
    codes
        .into_iter()
        .find(|c| endpoint.errors.iter().any(|e| e == c))
        .unwrap_or(codes[0])
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn fingerprint_ignores_key_order_but_not_values() {
        let none = HashMap::new();
        let a = fingerprint("E", &none, &none, &json!({ "a": 1, "b": { "c": [1, 2] } }));
        let b = fingerprint("E", &none, &none, &json!({ "b": { "c": [1, 2] }, "a": 1 }));
        assert_eq!(a, b);
        assert_ne!(
            a,
            fingerprint("E", &none, &none, &json!({ "a": 2, "b": { "c": [1, 2] } }))
        );
        assert_ne!(
            a,
            fingerprint("F", &none, &none, &json!({ "a": 1, "b": { "c": [1, 2] } }))
        );
        let q: HashMap<String, String> = [("x".to_owned(), "1".to_owned())].into();
        assert_ne!(
            a,
            fingerprint("E", &none, &q, &json!({ "a": 1, "b": { "c": [1, 2] } }))
        );
    }

    #[test]
    fn the_draft_s_verdicts() {
        let mut t = Tenant::default();
        let first = Key {
            what: "k".into(),
            slot: "header:k".into(),
            fingerprint: "f1".into(),
        };
        let other = Key {
            fingerprint: "f2".into(),
            ..first.clone()
        };
        assert_eq!(begin(&mut t, &first, 0), Begin::Run);
        assert_eq!(begin(&mut t, &first, 0), Begin::InProgress);
        assert_eq!(begin(&mut t, &other, 0), Begin::Reused);
        finish(&mut t, &first, 200, &json!({ "ok": true }), 0);
        assert_eq!(
            begin(&mut t, &first, 1),
            Begin::Replay(200, json!({ "ok": true }))
        );
        assert_eq!(begin(&mut t, &other, 1), Begin::Reused);
        assert_eq!(begin(&mut t, &other, RETENTION_SECONDS + 1), Begin::Run);
        release(&mut t, &other);
        assert_eq!(begin(&mut t, &other, 0), Begin::Run);
    }
}
