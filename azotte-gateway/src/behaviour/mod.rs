//! Emulated behaviour, per endpoint: which handler answers `lane/name`
//! (C2A in `c2a`, the Moneti lanes in `moneti`). An endpoint without a
//! handler answers an example of its response type (`crate::example`).

mod c2a;
mod moneti;

use crate::state::{Emitted, Outcome, Store, Tenant};
use serde_json::{Map, Value};
use std::collections::HashMap;

/// One validated call, handed to a handler with its tenant locked.
pub struct Call<'a> {
    /// All tenants (for fresh identifiers).
    pub store: &'a Store,
    /// The caller's tenant.
    pub tenant: &'a mut Tenant,
    /// The JSON body (`Null` without one).
    pub body: &'a Value,
    /// Path parameters, decoded.
    pub params: &'a HashMap<String, String>,
    /// Query parameters, decoded.
    pub query: &'a HashMap<String, String>,
    /// Request path, for pagination links.
    pub path: &'a str,
    /// The verified T2M partner key.
    pub partner: Option<&'a str>,
    /// Events to deliver once the call succeeded.
    pub events: Vec<Emitted>,
    /// Extra `links` entries for the envelope.
    pub links: Map<String, Value>,
}

impl Call<'_> {
    /// Path parameter `name` (always present: the route matched it).
    pub fn param(&self, name: &str) -> &str {
        self.params.get(name).map_or("", String::as_str)
    }

    /// The query as a JSON object of strings.
    pub fn query_json(&self) -> Value {
        Value::Object(
            self.query
                .iter()
                .map(|(k, v)| (k.clone(), Value::String(v.clone())))
                .collect(),
        )
    }
}

/// A behaviour: the payload of a success, or a failure.
pub type Handler = fn(&mut Call<'_>) -> Outcome;

/// The handler of endpoint `name` of lane `lane`, if it has behaviour.
pub fn handler(lane: &str, name: &str) -> Option<Handler> {
    match lane {
        "c2a" => c2a::handler(name),
        "m2m" | "p2m" | "t2m" => moneti::handler(lane, name),
        _ => None,
    }
}
