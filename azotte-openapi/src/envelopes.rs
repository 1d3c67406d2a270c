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

use crate::schemas::{object_of, ref_to, type_ref};
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
    let mut parts = vec![Value::Object(ref_to(&component_name(envelope)))];
    parts.extend(success_outcome(envelope));
    let payload = endpoint.response.as_ref();
    let text = match (&endpoint.payload, payload) {
        (PayloadLocation::Key(first), Some(ty)) => {
            let keys: Vec<&str> = std::iter::once(first.as_str())
                .chain(endpoint.payload_fallbacks.iter().map(String::as_str))
                .collect();
            parts.push(keyed(&keys, ty));
            if keys.len() == 1 {
                format!("The payload is under `{first}`.")
            } else {
                format!(
                    "The payload is under the first of {} that is present and not null.",
                    code_list(keys.iter().copied())
                )
            }
        }
        (PayloadLocation::Inline, Some(ty)) => {
            parts.push(Value::Object(type_ref(ty)));
            "The payload's fields sit beside the envelope's keys.".into()
        }
        _ => "No payload.".into(),
    };
    let schema = match <[Value; 1]>::try_from(parts) {
        Ok([only]) => only,
        Err(parts) => json!({ "allOf": parts }),
    };
    (schema, text)
}

/// What makes a 2xx body a success for the envelope, exactly as the client
/// decides it (`azotte_runtime::envelope::is_success`): the body carries no
/// code and no severity, or every code it carries is a success code, or its
/// severity is a success severity whatever the code (a warning's code).
/// Without this, a body valid for the 2xx schema could carry an error code
/// and be read as an error; with it, a success example without any status
/// (document 004's pagination block) stays valid. `None` when the envelope
/// lists neither (the HTTP status alone decides).
fn success_outcome(envelope: &Envelope) -> Option<Value> {
    let (codes, severities) = (&envelope.success_codes, &envelope.success_severities);
    if codes.is_empty() && severities.is_empty() {
        return None;
    }
    // `false`: with nothing listed, a carried value can only be a failure.
    let listed = |list: &[String]| match list {
        [] => json!(false),
        _ => json!({ "enum": list }),
    };
    let mut quiet = Map::new();
    quiet.insert(envelope.code.clone(), listed(codes));
    if let Some(severity) = &envelope.severity {
        quiet.insert(severity.clone(), listed(severities));
    }
    let mut only_success = at_status(envelope, json!({ "properties": quiet }));
    if let Some(top) = &envelope.status_code {
        only_success["properties"][top.as_str()] = listed(codes);
    }
    let mut branches = vec![only_success];
    if let (Some(severity), [_, ..]) = (&envelope.severity, severities.as_slice()) {
        branches.push(at_status(
            envelope,
            json!({ "required": [severity], "properties": { severity.clone(): listed(severities) } }),
        ));
    }
    Some(json!({ "anyOf": branches }))
}

/// `members` (a schema over the status keys) where the envelope keeps its
/// status: inside its status object when it has one (the object itself
/// optional unless `members` requires something), else at the top level.
fn at_status(envelope: &Envelope, members: Value) -> Value {
    let Some(object) = &envelope.status_object else {
        return members;
    };
    let required = members.get("required").is_some();
    let mut schema = json!({ "properties": { object.clone(): merge_object(members) } });
    if required {
        schema["required"] = json!([object]);
    }
    schema
}

/// `schema` as an object schema (`"type": "object"` added).
fn merge_object(mut schema: Value) -> Value {
    schema["type"] = json!("object");
    schema
}

/// The payload under one key, or under the first of several that is present
/// and not null (the client's rule): one branch per key, that key holding
/// the payload and every key before it absent or null. Stated as branches
/// only, so a generator picking a branch produces a body the rule accepts.
fn keyed(keys: &[&str], ty: &TypeRef) -> Value {
    if let [only] = keys {
        return json!({ "required": [only], "properties": { *only: type_ref(ty) } });
    }
    let branches: Vec<Value> = keys
        .iter()
        .enumerate()
        .map(|(i, key)| {
            let mut props: Map<String, Value> = keys[..i]
                .iter()
                .map(|k| (k.to_string(), json!({ "type": "null" })))
                .collect();
            props.insert(key.to_string(), Value::Object(type_ref(ty)));
            json!({ "required": [key], "properties": props })
        })
        .collect();
    json!({ "anyOf": branches })
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

#[cfg(test)]
mod tests {
    use super::*;
    use azotte_spec::Spec;

    fn endpoint<'a>(spec: &'a Spec, id: &str) -> (&'a Envelope, &'a Endpoint) {
        let lane = spec
            .lanes
            .iter()
            .find(|l| l.endpoints().any(|e| e.id == id))
            .expect("the endpoint's lane");
        let name = lane.envelope.as_deref().expect("an outbound lane");
        let envelope = spec.envelopes.iter().find(|e| e.name == name).unwrap();
        (envelope, lane.endpoints().find(|e| e.id == id).unwrap())
    }

    /// A 2xx body valid for the schema must be a success for the client:
    /// document 001's `SUCCESS`, document 004's SUCCESS / WARNING severity
    /// (a warning's own code such as `MNT-206-01` included), or no status at
    /// all (document 004's pagination block); an error code or severity is
    /// refused, in the status object and in the top-level `statusCode`.
    #[test]
    fn a_success_body_carries_a_success_outcome() {
        let spec = azotte_spec::load_dir(&azotte_spec::api_dir("azotte")).unwrap();
        let valid = |envelope: &Envelope, body: Value| {
            let schema = success_outcome(envelope).expect("the envelope lists success");
            jsonschema::draft202012::is_valid(&schema, &body)
        };
        let (c2a, _) = endpoint(&spec, "C2A-01-02");
        assert!(valid(
            c2a,
            json!({ "status": { "messageCode": "SUCCESS" } })
        ));
        assert!(valid(c2a, json!({ "result": {} })));
        assert!(!valid(
            c2a,
            json!({ "status": { "messageCode": "CUSTOMER_NOT_FOUND" } })
        ));
        let (moneti, _) = endpoint(&spec, "M2M-03-01");
        for ok in [
            json!({ "status": { "severity": "SUCCESS", "messageCode": "MNT-000-00" }, "statusCode": "MNT-000-00" }),
            json!({ "status": { "severity": "WARNING", "messageCode": "MNT-206-01" } }),
            json!({ "status": { "messageCode": "MNT-000-00" } }),
            json!({ "data": {} }),
        ] {
            assert!(valid(moneti, ok.clone()), "{ok}");
        }
        for refused in [
            json!({ "status": { "severity": "ERROR", "messageCode": "MNT-404-01" } }),
            json!({ "status": { "messageCode": "MNT-404-01" } }),
            json!({ "statusCode": "MNT-404-01" }),
        ] {
            assert!(!valid(moneti, refused.clone()), "{refused}");
        }
    }

    /// The first present non-null payload key wins: `data` only after a
    /// null or absent `customer` (document 004, "data / domain key").
    #[test]
    fn payload_alternatives_are_branches_in_the_clients_order() {
        let spec = azotte_spec::load_dir(&azotte_spec::api_dir("azotte")).unwrap();
        let (moneti, info) = endpoint(&spec, "M2M-03-01");
        let (schema, _) = success(moneti, info);
        let branches = schema["allOf"]
            .as_array()
            .and_then(|parts| {
                parts
                    .iter()
                    .find_map(|p| p.get("anyOf").filter(|b| b[0].get("required").is_some()))
            })
            .expect("the payload branches");
        assert_eq!(branches[0]["required"], json!(["customer"]));
        assert_eq!(branches[1]["required"], json!(["data"]));
        assert_eq!(
            branches[1]["properties"]["customer"],
            json!({ "type": "null" })
        );
    }
}
