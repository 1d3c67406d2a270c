//! The spec's headers as reusable components, referenced by every operation
//! that uses them (one definition instead of one copy per operation):
//! request headers (correlation id, tenant, region override, idempotency
//! key, others) under `components/parameters`, rate-limit headers under
//! `components/headers` (reported on every response of a lane listing them).

use crate::text::{inferred, put};
use azotte_spec::model::{is_inferred, Header, HeaderRole};
use azotte_spec::Spec;
use serde_json::{json, Map, Value};

/// Whether `role` is a response header reporting the rate limit.
pub fn is_rate_limit(role: HeaderRole) -> bool {
    matches!(
        role,
        HeaderRole::RateLimitLimit | HeaderRole::RateLimitRemaining | HeaderRole::RateLimitReset
    )
}

/// `{"$ref": "#/components/parameters/<name>"}`.
pub fn parameter_ref(name: &str) -> Value {
    json!({ "$ref": format!("#/components/parameters/{}", token(name)) })
}

/// `{"$ref": "#/components/headers/<name>"}`.
pub fn header_ref(name: &str) -> Value {
    json!({ "$ref": format!("#/components/headers/{}", token(name)) })
}

/// RFC 6901 escaping (header names rarely need it).
fn token(name: &str) -> String {
    name.replace('~', "~0").replace('/', "~1")
}

/// Every request header as an optional header parameter.
pub fn parameters(spec: &Spec) -> Map<String, Value> {
    spec.headers
        .iter()
        .filter(|h| !is_rate_limit(h.role))
        .map(|h| (h.name.clone(), parameter(h)))
        .collect()
}

fn parameter(h: &Header) -> Value {
    let mut schema = Map::new();
    schema.insert("type".into(), json!("string"));
    if let Some(ex) = &h.example {
        schema.insert("examples".into(), json!([ex]));
    }
    let mut p = Map::new();
    p.insert("name".into(), json!(h.name));
    p.insert("in".into(), json!("header"));
    p.insert("required".into(), json!(false));
    put(&mut p, "description", h.doc.clone());
    p.insert("schema".into(), Value::Object(schema));
    inferred(&mut p, is_inferred(h.doc.as_deref()));
    Value::Object(p)
}

/// Every rate-limit header, as a response header.
pub fn response_headers(spec: &Spec) -> Map<String, Value> {
    spec.headers
        .iter()
        .filter(|h| is_rate_limit(h.role))
        .map(|h| {
            let mut header = Map::new();
            put(&mut header, "description", h.doc.clone());
            header.insert("schema".into(), json!({ "type": "integer" }));
            inferred(&mut header, is_inferred(h.doc.as_deref()));
            (h.name.clone(), Value::Object(header))
        })
        .collect()
}
