//! A loaded spec as an OpenAPI 3.0 document for progenitor, the other side of
//! `cargo xtask bench compare` (BENCHMARKS.md, "Against progenitor").
//!
//! Our exporter (`azotte-openapi`) writes 3.1 and describes envelopes with
//! `allOf`/`anyOf` overlays per status; progenitor reads 3.0 and wants one
//! schema per response. So this is a plain translation of the same
//! operations, types and fields, the way an OpenAPI author would write the
//! API:
//! - every type under `components.schemas` (objects with `required` and
//!   `nullable`, string or integer enums, newtypes as their primitive);
//! - per outbound endpoint: its path and query parameters, its request body,
//!   a success response whose schema is a named envelope of the endpoint
//!   (`<Lane><Endpoint>Envelope`: the lane's envelope with the payload under
//!   its key — OpenAPI has no generics, so each payload needs its own), and
//!   one response per HTTP status of its error codes, sharing the lane's error
//!   envelope (`<Envelope>ErrorEnvelope`).
//!
//! What 3.0 or progenitor cannot carry is left out, and neither generator is
//! charged for it: auth schemes (progenitor leaves auth to the `reqwest`
//! client), the headers our runtime fills in (correlation id, idempotency
//! key), webhooks (3.0 has none; their payload types stay as schemas), error
//! codes beyond their status and description, examples, aliases, pagination
//! and waiters.

use azotte_spec::model::{
    Direction, EnumWire, Envelope, Field, PayloadLocation, Primitive, TypeKind, TypeRef,
};
use azotte_spec::Spec;
use serde_json::{json, Map, Value};

/// The schema of a type reference.
fn schema(ty: &TypeRef) -> Value {
    match ty {
        TypeRef::Named(name) => json!({ "$ref": format!("#/components/schemas/{name}") }),
        TypeRef::List(inner) => json!({ "type": "array", "items": schema(inner) }),
        TypeRef::Map(inner) => json!({ "type": "object", "additionalProperties": schema(inner) }),
        TypeRef::Primitive(p) => primitive(*p),
    }
}

fn primitive(p: Primitive) -> Value {
    match p {
        Primitive::String => json!({ "type": "string" }),
        Primitive::Bool => json!({ "type": "boolean" }),
        Primitive::I32 => json!({ "type": "integer", "format": "int32" }),
        Primitive::I64 => json!({ "type": "integer", "format": "int64" }),
        Primitive::U32 => json!({ "type": "integer", "format": "uint32", "minimum": 0 }),
        Primitive::U64 => json!({ "type": "integer", "format": "uint64", "minimum": 0 }),
        Primitive::F64 => json!({ "type": "number", "format": "double" }),
        Primitive::DateTime => json!({ "type": "string", "format": "date-time" }),
        Primitive::Date => json!({ "type": "string", "format": "date" }),
        Primitive::Uuid => json!({ "type": "string", "format": "uuid" }),
        Primitive::Json => json!({}),
    }
}

/// A field's schema: 3.0 puts `nullable` beside `type`, and a `$ref` takes no
/// siblings, so a nullable reference is wrapped in `allOf`.
fn field_schema(ty: &TypeRef, nullable: bool, doc: Option<&str>) -> Value {
    let mut s = schema(ty);
    if nullable {
        s = match s {
            Value::Object(o) if o.contains_key("$ref") => {
                json!({ "allOf": [Value::Object(o)], "nullable": true })
            }
            Value::Object(mut o) => {
                o.insert("nullable".into(), Value::Bool(true));
                Value::Object(o)
            }
            other => other,
        };
    }
    if let (Some(doc), Value::Object(o)) = (doc, &mut s) {
        if !o.contains_key("$ref") {
            o.insert("description".into(), doc.into());
        }
    }
    s
}

fn object(fields: &[Field], doc: Option<&str>) -> Value {
    let mut properties = Map::new();
    let mut required = Vec::new();
    for f in fields {
        properties.insert(
            f.wire_name.clone(),
            field_schema(&f.ty, f.nullable, f.doc.as_deref()),
        );
        if !f.optional {
            required.push(Value::String(f.wire_name.clone()));
        }
    }
    let mut o = object_schema(properties, required);
    if let Some(doc) = doc {
        o["description"] = doc.into();
    }
    o
}

/// The `components.schemas` entry of a type definition.
fn type_schema(kind: &TypeKind, doc: Option<&str>) -> Value {
    let mut s = match kind {
        TypeKind::Newtype { inner, .. } => primitive(*inner),
        TypeKind::Object { fields } => return object(fields, doc),
        TypeKind::Enum { integer, values } => {
            let wire: Vec<Value> = values
                .iter()
                .map(|v| match &v.wire {
                    EnumWire::Int(i) => json!(i),
                    EnumWire::Str(s) => json!(s),
                })
                .collect();
            let ty = if *integer { "integer" } else { "string" };
            json!({ "type": ty, "enum": wire })
        }
        TypeKind::Sort { .. } => json!({ "type": "string" }),
    };
    if let Some(doc) = doc {
        s["description"] = doc.into();
    }
    s
}

fn pascal(name: &str) -> String {
    crate::synth::pascal(&name.replace(['-', '.'], "_"))
}

/// The envelope's fields other than the payload: (status part, diagnostics,
/// error and warning lists), as schema properties and required names.
fn envelope_parts(env: &Envelope, status_ref: &str) -> (Map<String, Value>, Vec<Value>) {
    let mut props = Map::new();
    let mut required = Vec::new();
    match &env.status_object {
        Some(obj) => {
            props.insert(obj.clone(), json!({ "$ref": status_ref }));
            required.push(Value::String(obj.clone()));
        }
        None => {
            props.insert(env.code.clone(), json!({ "type": "string" }));
            if let Some(m) = &env.message {
                props.insert(m.clone(), json!({ "type": "string" }));
            }
        }
    }
    if let Some(obj) = &env.diagnostics {
        let stem = pascal(&env.name);
        props.insert(
            obj.clone(),
            json!({ "$ref": format!("#/components/schemas/{stem}Diagnostics") }),
        );
    }
    for list in [&env.errors, &env.warnings].into_iter().flatten() {
        props.insert(
            list.clone(),
            json!({ "type": "array", "items": { "$ref": status_ref } }),
        );
    }
    (props, required)
}

/// An object schema; `required` is left out when empty (3.0 wants at least one name).
fn object_schema(properties: Map<String, Value>, required: Vec<Value>) -> Value {
    let mut o = json!({ "type": "object", "properties": properties });
    if !required.is_empty() {
        o["required"] = Value::Array(required);
    }
    o
}

/// The shared schemas of each envelope: its status object, its diagnostics
/// object and its error envelope.
fn envelope_schemas(env: &Envelope, schemas: &mut Map<String, Value>) {
    let stem = pascal(&env.name);
    let mut status = Map::new();
    status.insert(env.code.clone(), json!({ "type": "string" }));
    for key in [&env.message, &env.severity].into_iter().flatten() {
        status.insert(key.clone(), json!({ "type": "string" }));
    }
    schemas.insert(
        format!("{stem}Status"),
        json!({ "type": "object", "properties": status, "required": [env.code] }),
    );
    if env.diagnostics.is_some() {
        let id = env.correlation_id.as_deref().unwrap_or("correlationId");
        schemas.insert(
            format!("{stem}Diagnostics"),
            json!({ "type": "object", "properties": { id: { "type": "string" } } }),
        );
    }
    let (props, required) = envelope_parts(env, &format!("#/components/schemas/{stem}Status"));
    schemas.insert(
        format!("{stem}ErrorEnvelope"),
        object_schema(props, required),
    );
}

/// The OpenAPI 3.0 document of `spec` (see the module doc).
pub fn document(spec: &Spec) -> Value {
    let mut schemas = Map::new();
    for t in &spec.types {
        schemas.insert(t.name.clone(), type_schema(&t.kind, t.doc.as_deref()));
    }
    for env in &spec.envelopes {
        envelope_schemas(env, &mut schemas);
    }
    let mut paths = Map::new();
    for lane in spec
        .lanes
        .iter()
        .filter(|l| l.direction == Direction::Outbound)
    {
        let env = lane.envelope.as_deref().and_then(|e| spec.envelope(e));
        for ep in lane.endpoints() {
            let mut params = Vec::new();
            for p in &ep.path_params {
                params.push(json!({ "name": p.wire_name, "in": "path", "required": true, "schema": schema(&p.ty) }));
            }
            for p in &ep.query_params {
                params.push(json!({ "name": p.wire_name, "in": "query", "required": !p.optional, "schema": schema(&p.ty) }));
            }
            let payload = ep.response.as_ref().map(schema);
            let success = match env {
                None => payload,
                Some(env) => {
                    let stem = pascal(&env.name);
                    let (mut props, mut required) =
                        envelope_parts(env, &format!("#/components/schemas/{stem}Status"));
                    let name = format!("{}{}Envelope", pascal(&lane.name), ep.pascal);
                    let envelope = match (&ep.payload, payload) {
                        (PayloadLocation::Key(key), Some(p)) => {
                            props.insert(key.clone(), p);
                            required.push(Value::String(key.clone()));
                            object_schema(props, required)
                        }
                        // The payload's fields sit beside the envelope's.
                        (PayloadLocation::Inline, Some(p)) => json!({ "allOf": [
                            p,
                            object_schema(props, required),
                        ] }),
                        _ => object_schema(props, required),
                    };
                    schemas.insert(name.clone(), envelope);
                    Some(json!({ "$ref": format!("#/components/schemas/{name}") }))
                }
            };
            let mut responses = Map::new();
            let content = |s: Value| json!({ "application/json": { "schema": s } });
            responses.insert(
                ep.success.to_string(),
                match success {
                    Some(s) => json!({ "description": "Success.", "content": content(s) }),
                    None => json!({ "description": "Success." }),
                },
            );
            for code in &ep.errors {
                let Some(error) = spec.error(code) else {
                    continue;
                };
                let entry = responses
                    .entry(error.http.to_string())
                    .or_insert_with(|| match env {
                        Some(env) => json!({
                            "description": "",
                            "content": content(json!({ "$ref": format!("#/components/schemas/{}ErrorEnvelope", pascal(&env.name)) })),
                        }),
                        None => json!({ "description": "" }),
                    });
                let text = entry["description"].as_str().unwrap_or_default();
                let sep = if text.is_empty() { "" } else { "\n" };
                entry["description"] = format!("{text}{sep}- `{code}`: {}", error.doc).into();
            }
            let mut op = json!({
                "operationId": format!("{}_{}", lane.rust_name, ep.name),
                "summary": ep.summary,
                "tags": [lane.name],
                "responses": responses,
            });
            if let Some(doc) = &ep.doc {
                op["description"] = doc.as_str().into();
            }
            if !params.is_empty() {
                op["parameters"] = Value::Array(params);
            }
            if let Some(body) = &ep.request {
                op["requestBody"] = json!({ "required": true, "content": content(schema(body)) });
            }
            let item = paths
                .entry(ep.full_path.clone())
                .or_insert_with(|| json!({}));
            item[ep.method.as_str().to_lowercase()] = op;
        }
    }
    let server = spec
        .environments
        .first()
        .map_or("http://localhost".into(), |e| e.url.clone());
    json!({
        "openapi": "3.0.3",
        "info": { "title": spec.api.title, "version": spec.api.version, "description": spec.api.doc },
        "servers": [{ "url": server }],
        "paths": paths,
        "components": { "schemas": schemas },
    })
}
