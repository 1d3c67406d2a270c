//! Response bodies in their envelope, built from the envelope's keys alone
//! (FORMAT.md, "Envelope keys"), as the client's decoder reads them:
//!
//! - one component per envelope, `envelope.<name>`: the status keys (inside
//!   the status object, or at the top level), the top-level duplicate code,
//!   diagnostics (a `$ref` to the declared type), errors, links, warnings
//!   and the retry delay; every part optional, unknown keys allowed;
//! - a success is that envelope plus the payload: under its key (`result`,
//!   `data`), under the first present and non-null of several alternative
//!   keys (`offer` or `data`: each is a property, and `anyOf` requires one),
//!   or inline beside the envelope keys (`allOf`);
//! - an error is that envelope with its code required where the decoder
//!   looks for it (the status object's code key, or the top-level duplicate)
//!   and limited to the endpoint's documented codes for that HTTP status.
//!
//! A code is a string, or a number read as its decimal text (an envelope
//! whose code repeats the HTTP status), so both spellings are accepted.

use crate::schemas::{nullable, object_of, ref_to, type_ref};
use crate::text::{code_list, join};
use azotte_spec::model::{Endpoint, Envelope, PayloadLocation, TypeRef};
use serde_json::{json, Map, Value};

/// The media type of answers in `envelope` (the gateway sends the same).
pub fn content_type(envelope: Option<&Envelope>) -> &str {
    envelope
        .and_then(|e| e.content_type.as_deref())
        .unwrap_or("application/json")
}

/// The component name of `envelope`; a dot cannot occur in a type name, so
/// it never collides with one.
pub fn component_name(envelope: &Envelope) -> String {
    format!("envelope.{}", envelope.name)
}

/// Every envelope's component, by name.
pub fn components(envelopes: &[Envelope]) -> Map<String, Value> {
    envelopes
        .iter()
        .map(|e| (component_name(e), Value::Object(base(e))))
        .collect()
}

fn code_schema() -> Map<String, Value> {
    object_of(json!({
        "type": ["string", "integer"],
        "description": "The message code. A number is read as its decimal text."
    }))
}

fn string(description: &str) -> Value {
    json!({ "type": "string", "description": description })
}

fn warnings_schema() -> Value {
    json!({
        "description": "Warnings: an array contributes its elements, any other non-null value counts as one warning."
    })
}

/// The envelope's own keys, with what each holds.
fn base(e: &Envelope) -> Map<String, Value> {
    let mut status = Map::new();
    status.insert(e.code.clone(), Value::Object(code_schema()));
    if let Some(k) = &e.message {
        status.insert(k.clone(), string("Human-readable message."));
    }
    if let Some(k) = &e.severity {
        let severities = code_list(e.success_severities.iter().map(String::as_str));
        let text = format!("Severity of the outcome; success severities: {severities}.");
        status.insert(k.clone(), string(&text));
    }
    if let Some(k) = &e.source {
        status.insert(k.clone(), string("Component that produced the response."));
    }
    if let Some(k) = &e.details {
        status.insert(
            k.clone(),
            json!({ "description": "Structured failure details." }),
        );
    }
    if let Some(k) = &e.success_flag {
        status.insert(
            k.clone(),
            json!({ "type": "boolean", "description": "Success helper; informative, not decisive." }),
        );
    }
    for k in &e.status_warnings {
        status.insert(k.clone(), warnings_schema());
    }
    let mut props = match &e.status_object {
        Some(key) => {
            let mut m = Map::new();
            m.insert(
                key.clone(),
                json!({ "type": "object", "description": "The status of the outcome.", "properties": status }),
            );
            m
        }
        None => status,
    };
    if let Some(k) = &e.status_code {
        let mut s = code_schema();
        s.insert(
            "description".into(),
            json!("The message code, duplicated at the top level."),
        );
        props.insert(k.clone(), Value::Object(s));
    }
    if let Some(k) = &e.diagnostics {
        let mut s = match &e.diagnostics_type {
            Some(t) => ref_to(t),
            None => object_of(json!({ "type": "object" })),
        };
        s.insert("description".into(), json!("Diagnostics of the call."));
        props.insert(k.clone(), Value::Object(s));
    }
    if let Some(k) = &e.errors {
        props.insert(
            k.clone(),
            json!({ "type": "array", "description": "Errors, when something failed." }),
        );
    }
    if let Some(k) = &e.links {
        let names = [&e.link_self, &e.link_next, &e.link_previous];
        let links: Map<String, Value> = names
            .into_iter()
            .flatten()
            .map(|n| (n.clone(), json!({ "type": ["string", "null"] })))
            .collect();
        props.insert(
            k.clone(),
            json!({ "type": "object", "description": "Links: self and pagination.", "properties": links }),
        );
    }
    for k in &e.top_warnings {
        props.insert(k.clone(), warnings_schema());
    }
    if let Some(k) = &e.retry_after {
        props.insert(
            k.clone(),
            json!({ "type": ["number", "string"], "description": "Seconds to wait before retrying (a number or numeric string); a `Retry-After` header wins over it." }),
        );
    }
    let success = join([
        (!e.success_codes.is_empty()).then(|| {
            format!(
                "Success codes: {}.",
                code_list(e.success_codes.iter().map(String::as_str))
            )
        }),
        e.content_type
            .as_ref()
            .map(|ct| format!("Content type `{ct}`.")),
    ]);
    let mut schema = Map::new();
    schema.insert("type".into(), json!("object"));
    if let Some(d) = join([e.doc.clone(), success]) {
        schema.insert("description".into(), json!(d));
    }
    schema.insert("properties".into(), Value::Object(props));
    schema
}

/// The success body of `endpoint` in `envelope`, and a sentence on where its
/// payload is.
pub fn success(envelope: &Envelope, endpoint: &Endpoint) -> (Value, String) {
    let base = Value::Object(ref_to(&component_name(envelope)));
    let payload = endpoint.response.as_ref();
    match (&endpoint.payload, payload) {
        (PayloadLocation::Key(first), Some(ty)) => {
            let keys: Vec<&str> = std::iter::once(first.as_str())
                .chain(endpoint.payload_fallbacks.iter().map(String::as_str))
                .collect();
            let part = keyed(&keys, ty);
            let text = if keys.len() == 1 {
                format!("The payload is under `{first}`.")
            } else {
                format!(
                    "The payload is under the first of {} that is present and not null.",
                    code_list(keys.iter().copied())
                )
            };
            (json!({ "allOf": [base, part] }), text)
        }
        (PayloadLocation::Inline, Some(ty)) => (
            json!({ "allOf": [base, type_ref(ty)] }),
            "The payload's fields sit beside the envelope's keys.".into(),
        ),
        _ => (base, "No payload.".into()),
    }
}

/// The payload under one key, or under one of several (each a property that
/// may be null, one of them present and valid).
fn keyed(keys: &[&str], ty: &TypeRef) -> Value {
    if let [only] = keys {
        return json!({ "required": [only], "properties": { *only: type_ref(ty) } });
    }
    let props: Map<String, Value> = keys
        .iter()
        .map(|k| (k.to_string(), Value::Object(nullable(type_ref(ty)))))
        .collect();
    let one: Vec<Value> = keys
        .iter()
        .map(|k| json!({ "required": [k], "properties": { *k: type_ref(ty) } }))
        .collect();
    json!({ "properties": props, "anyOf": one })
}

/// An error body in `envelope` carrying one of `codes`.
pub fn error(envelope: &Envelope, codes: &[&str]) -> Value {
    let mut allowed = Vec::new();
    for c in codes {
        allowed.push(json!(c));
        // A code of digits may come as a number (read as its decimal text).
        if let Ok(n) = c.parse::<u64>() {
            allowed.push(json!(n));
        }
    }
    let code = json!({ "enum": allowed });
    // Where the decoder finds the code: each place, with what it must hold.
    let mut places: Vec<(String, Value)> = Vec::new();
    match &envelope.status_object {
        Some(object) => places.push((
            object.clone(),
            json!({ "type": "object", "required": [envelope.code], "properties": { envelope.code.clone(): code } }),
        )),
        None => places.push((envelope.code.clone(), code.clone())),
    }
    if let Some(k) = &envelope.status_code {
        places.push((k.clone(), code));
    }
    let props: Map<String, Value> = places.iter().cloned().collect();
    let mut part = Map::new();
    part.insert("properties".into(), Value::Object(props));
    match places.as_slice() {
        [(only, _)] => {
            part.insert("required".into(), json!([only]));
        }
        _ => {
            let any: Vec<Value> = places
                .iter()
                .map(|(k, _)| json!({ "required": [k] }))
                .collect();
            part.insert("anyOf".into(), Value::Array(any));
        }
    }
    json!({ "allOf": [ref_to(&component_name(envelope)), part] })
}

/// The body of an inbound delivery of `event_type` with a `payload`: the
/// event object (its type under `type_field`, its data under `data_field`
/// or the whole object) under the envelope's payload key, or the whole body
/// without an envelope.
pub fn event_body(
    envelope: Option<&Envelope>,
    type_field: &str,
    data_field: Option<&str>,
    event_type: &str,
    payload: &TypeRef,
) -> Value {
    let kind =
        json!({ "required": [type_field], "properties": { type_field: { "const": event_type } } });
    let event = match data_field {
        Some(data) => json!({
            "type": "object",
            "required": [type_field, data],
            "properties": { type_field: { "const": event_type }, data: type_ref(payload) }
        }),
        None => json!({ "allOf": [type_ref(payload), kind] }),
    };
    match envelope {
        Some(e) => {
            let base = Value::Object(ref_to(&component_name(e)));
            let inner = match &e.payload {
                Some(key) => json!({ "required": [key], "properties": { key.clone(): event } }),
                None => event,
            };
            json!({ "allOf": [base, inner] })
        }
        None => event,
    }
}
