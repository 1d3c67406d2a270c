//! `components/schemas`: one JSON Schema 2020-12 schema per type of the spec,
//! and the schema of any type reference (a `$ref` for named types).
//!
//! - newtypes: the primitive, with the type's doc and example;
//! - enums: `enum` of the documented values (clients must expect others: the
//!   generated client keeps them, so the description says so);
//! - sort orders: a string with a `pattern` over the sortable fields;
//! - objects: `required` lists the fields that are not `optional`; a
//!   `nullable` or `optional` field's schema also admits `null` (FORMAT.md:
//!   either reads as `None` when `null`); a required `string` (or string
//!   newtype) field has `minLength: 1`; unknown keys are allowed
//!   (the client ignores them), so no `additionalProperties: false`;
//! - `json` is any value (the empty schema).

use crate::text::{inferred, join, put};
use azotte_spec::model::{
    is_inferred, EnumWire, Field, Primitive, SortField, TypeDef, TypeKind, TypeRef,
};
use azotte_spec::Spec;
use serde_json::{json, Map, Value};

/// `#/components/schemas/<name>`, the name escaped as a JSON Pointer token.
pub fn ref_to(name: &str) -> Map<String, Value> {
    let mut m = Map::new();
    m.insert(
        "$ref".into(),
        json!(format!("#/components/schemas/{}", pointer_token(name))),
    );
    m
}

/// RFC 6901: `~` → `~0`, `/` → `~1`.
fn pointer_token(name: &str) -> String {
    name.replace('~', "~0").replace('/', "~1")
}

/// Every type of the spec, by name.
pub fn components(spec: &Spec) -> Map<String, Value> {
    spec.types
        .iter()
        .map(|t| (t.name.clone(), type_def(spec, t)))
        .collect()
}

fn type_def(spec: &Spec, t: &TypeDef) -> Value {
    let mut schema = match &t.kind {
        TypeKind::Newtype { inner, example, .. } => {
            let mut s = primitive(*inner);
            if let Some(ex) = example {
                s.insert("examples".into(), json!([primitive_example(*inner, ex)]));
            }
            s
        }
        TypeKind::Object { fields } => object(spec, fields),
        TypeKind::Enum { integer, values } => {
            let wire: Vec<Value> = values
                .iter()
                .map(|v| match &v.wire {
                    EnumWire::Int(i) => json!(i),
                    EnumWire::Str(s) => json!(s),
                })
                .collect();
            let mut s = Map::new();
            s.insert(
                "type".into(),
                json!(if *integer { "integer" } else { "string" }),
            );
            s.insert("enum".into(), Value::Array(wire));
            s
        }
        TypeKind::Sort { fields } => {
            let mut s = Map::new();
            s.insert("type".into(), json!("string"));
            s.insert("pattern".into(), json!(sort_pattern(fields)));
            s
        }
    };
    put(&mut schema, "description", description(t));
    if is_inferred(t.doc.as_deref()) {
        schema.insert("x-inferred".into(), json!(true));
    }
    Value::Object(schema)
}

/// The type's doc plus what its schema alone does not say.
fn description(t: &TypeDef) -> Option<String> {
    let extra = match &t.kind {
        TypeKind::Enum { values, .. } => {
            let listed: Vec<String> = values
                .iter()
                .map(|v| {
                    let wire = match &v.wire {
                        EnumWire::Int(i) => i.to_string(),
                        EnumWire::Str(s) => s.clone(),
                    };
                    match &v.doc {
                        Some(d) => format!("- `{wire}` ({}): {d}", v.rust_name),
                        None => format!("- `{wire}` ({})", v.rust_name),
                    }
                })
                .collect();
            Some(format!(
                "{}\n\nThe enum lists the documented values; the API may send others, which clients \
                 should keep rather than reject (the generated Rust client decodes them as `Unknown`).",
                listed.join("\n")
            ))
        }
        TypeKind::Sort { fields } => {
            let names: Vec<String> = fields.iter().map(|f| format!("`{}`", f.wire)).collect();
            Some(format!(
                "Sortable fields separated by commas, in priority order, each prefixed with `-` \
                 for descending (e.g. `-{}`): {}.",
                fields.first().map_or("", |f| f.wire.as_str()),
                names.join(", ")
            ))
        }
        _ => None,
    };
    join([t.doc.clone(), extra])
}

/// `^-?(?:a|b)(?:,-?(?:a|b))*$`: each field once or more, `-` for descending.
fn sort_pattern(fields: &[SortField]) -> String {
    let alternatives: Vec<String> = fields.iter().map(|f| regex_escape(&f.wire)).collect();
    let one = format!("-?(?:{})", alternatives.join("|"));
    format!("^{one}(?:,{one})*$")
}

fn regex_escape(text: &str) -> String {
    let mut out = String::new();
    for c in text.chars() {
        if "\\^$.|?*+()[]{}/-".contains(c) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

fn object(spec: &Spec, fields: &[Field]) -> Map<String, Value> {
    let mut s = Map::new();
    s.insert("type".into(), json!("object"));
    if !fields.is_empty() {
        let props: Map<String, Value> = fields
            .iter()
            .map(|f| (f.wire_name.clone(), property(spec, f)))
            .collect();
        s.insert("properties".into(), Value::Object(props));
    }
    let required: Vec<&str> = fields
        .iter()
        .filter(|f| !f.optional)
        .map(|f| f.wire_name.as_str())
        .collect();
    if !required.is_empty() {
        s.insert("required".into(), json!(required));
    }
    s
}

/// A field's schema: its type (admitting `null` when nullable), doc, aliases,
/// example and the inferred marker.
fn property(spec: &Spec, f: &Field) -> Value {
    let mut base = type_ref(&f.ty);
    // FORMAT.md: a required string is not empty (the gateway refuses `""`).
    if f.required() && is_string(spec, &f.ty) {
        base.insert("minLength".into(), json!(1));
    }
    // FORMAT.md: an optional field reads as `None` when absent *or* `null`,
    // so `null` is as good as absence, in either direction.
    let mut s = if f.nullable || f.optional {
        nullable(base)
    } else {
        base
    };
    let aliases = (!f.aliases.is_empty()).then(|| {
        let names: Vec<String> = f.aliases.iter().map(|a| format!("`{a}`")).collect();
        format!(
            "Also accepted under {} in what the API sends (OpenAPI cannot say \"either name\"); \
             always sent as `{}`.",
            names.join(", "),
            f.wire_name
        )
    });
    put(&mut s, "description", join([f.doc.clone(), aliases]));
    if let Some(ex) = &f.example {
        s.insert("examples".into(), json!([example(spec, &f.ty, ex)]));
    }
    inferred(&mut s, f.inferred);
    Value::Object(s)
}

/// Whether `ty` is sent as a JSON string of free text: `string` or a
/// newtype over it (not enums, dates or UUIDs, whose schemas say more).
fn is_string(spec: &Spec, ty: &TypeRef) -> bool {
    match ty {
        TypeRef::Primitive(p) => *p == Primitive::String,
        TypeRef::Named(name) => matches!(
            spec.type_def(name).map(|t| &t.kind),
            Some(TypeKind::Newtype {
                inner: Primitive::String,
                ..
            })
        ),
        _ => false,
    }
}

/// The schema of a type reference.
pub fn type_ref(ty: &TypeRef) -> Map<String, Value> {
    match ty {
        TypeRef::Primitive(p) => primitive(*p),
        TypeRef::Named(name) => ref_to(name),
        TypeRef::List(inner) => object_of(json!({ "type": "array", "items": type_ref(inner) })),
        TypeRef::Map(inner) => {
            object_of(json!({ "type": "object", "additionalProperties": type_ref(inner) }))
        }
    }
}

/// The map of a `json!({..})` literal.
pub fn object_of(value: Value) -> Map<String, Value> {
    match value {
        Value::Object(m) => m,
        _ => Map::new(),
    }
}

/// `schema` admitting `null` too: `type: [t, "null"]` where it has a single
/// type, else `anyOf` with `{type: null}` (a `$ref`); `json` already admits it.
pub fn nullable(mut m: Map<String, Value>) -> Map<String, Value> {
    if m.is_empty() {
        return m;
    }
    match m.get("type").cloned() {
        Some(Value::String(t)) => {
            m.insert("type".into(), json!([t, "null"]));
            m
        }
        _ => object_of(json!({ "anyOf": [m, { "type": "null" }] })),
    }
}

fn primitive(p: Primitive) -> Map<String, Value> {
    let v = match p {
        Primitive::String => json!({ "type": "string" }),
        Primitive::Bool => json!({ "type": "boolean" }),
        Primitive::I32 => json!({ "type": "integer", "format": "int32" }),
        Primitive::I64 => json!({ "type": "integer", "format": "int64" }),
        // u32 does not fit int32; int64 holds it, bounded to the u32 range.
        Primitive::U32 => {
            json!({ "type": "integer", "format": "int64", "minimum": 0, "maximum": u32::MAX })
        }
        // u64 fits no registered format (int64 is signed).
        Primitive::U64 => json!({ "type": "integer", "minimum": 0, "maximum": u64::MAX }),
        Primitive::F64 => json!({ "type": "number", "format": "double" }),
        Primitive::DateTime => json!({ "type": "string", "format": "date-time" }),
        Primitive::Date => json!({ "type": "string", "format": "date" }),
        Primitive::Uuid => json!({ "type": "string", "format": "uuid" }),
        Primitive::Json => json!({}),
    };
    object_of(v)
}

/// An example written as text in the spec, as the JSON value of `ty`:
/// numbers and booleans parsed, JSON for composite types, else the text.
pub fn example(spec: &Spec, ty: &TypeRef, text: &str) -> Value {
    match ty {
        TypeRef::Primitive(p) => primitive_example(*p, text),
        TypeRef::Named(name) => match spec.type_def(name).map(|t| &t.kind) {
            Some(TypeKind::Newtype { inner, .. }) => primitive_example(*inner, text),
            Some(TypeKind::Enum { integer: true, .. }) => text
                .parse::<i64>()
                .map_or_else(|_| json!(text), |i| json!(i)),
            Some(TypeKind::Object { .. }) => parsed_or_text(text),
            _ => json!(text),
        },
        TypeRef::List(_) | TypeRef::Map(_) => parsed_or_text(text),
    }
}

fn primitive_example(p: Primitive, text: &str) -> Value {
    let parsed = match p {
        Primitive::Bool => text.parse::<bool>().ok().map(|b| json!(b)),
        Primitive::I32 | Primitive::I64 => text.parse::<i64>().ok().map(|i| json!(i)),
        Primitive::U32 | Primitive::U64 => text.parse::<u64>().ok().map(|i| json!(i)),
        Primitive::F64 => text.parse::<f64>().ok().map(|f| json!(f)),
        Primitive::Json => serde_json::from_str(text).ok(),
        _ => None,
    };
    parsed.unwrap_or_else(|| json!(text))
}

fn parsed_or_text(text: &str) -> Value {
    serde_json::from_str(text).unwrap_or_else(|_| json!(text))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nullable_keeps_one_type_list_or_wraps_a_ref() {
        let null = |v: Value| Value::Object(nullable(object_of(v)));
        assert_eq!(
            null(json!({ "type": "string" })),
            json!({ "type": ["string", "null"] })
        );
        assert_eq!(
            Value::Object(nullable(ref_to("X/~"))),
            json!({ "anyOf": [{ "$ref": "#/components/schemas/X~1~0" }, { "type": "null" }] })
        );
        assert_eq!(null(json!({})), json!({}));
    }

    #[test]
    fn sort_pattern_escapes_and_repeats() {
        let fields = [
            SortField {
                wire: "createdAt".into(),
                rust_name: "CreatedAt".into(),
            },
            SortField {
                wire: "a.b".into(),
                rust_name: "AB".into(),
            },
        ];
        assert_eq!(
            sort_pattern(&fields),
            r"^-?(?:createdAt|a\.b)(?:,-?(?:createdAt|a\.b))*$"
        );
    }
}
