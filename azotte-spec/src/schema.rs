//! The JSON Schema of a spec file, for editors (yaml-language-server, VS Code's
//! YAML extension): key completion, hover docs and inline errors while typing.
//!
//! It is generated from the raw model ([`crate::raw`]), the same structs the
//! loader deserializes into, so a key added there is in the schema at the next
//! `cargo xtask codegen`; every key's description is its doc comment there.
//! `azotte-spec/spec.schema.json` is this text, checked for staleness like the
//! generated crates.
//!
//! **Draft-07**, not 2020-12: yaml-language-server validates with ajv's draft-07
//! (its 2019-09/2020-12 support was merged and reverted, and is still an open
//! pull request), and VS Code's JSON language service supports draft-07 fully and
//! later drafts partly. Nothing here needs a later draft.
//!
//! **The schema accepts what the loader accepts.** serde_yaml reads any plain
//! scalar into a string field as its text (`version: 1`, `title: ~`), and a
//! key left empty as an empty list, map or all-optional struct (`aliases:`; an
//! explicit `~` is refused there, but JSON has one `null` for both); the derived
//! schema would refuse those, so [`loader_leniency`] widens them. Inside the
//! shapes serde reads through its untagged-enum buffer (a key or list of keys,
//! `links:`, an enum `value`) and in a field's short form, a string must be a
//! string: those definitions ([`STRICT`]) are left as derived.

use crate::raw::{RawField, RawFieldFull};
use schemars::generate::SchemaSettings;
use schemars::{json_schema, JsonSchema, Schema, SchemaGenerator};
use serde_json::Value;
use std::borrow::Cow;

/// Definitions whose strings serde reads strictly (untagged enums buffer their
/// input, and a field's short form goes through `visit_str` alone).
const STRICT: &[&str] = &[
    "OneOrMany",
    "RawLinks",
    "RawLinksObject",
    "RawScalar",
    "RawField",
];

/// The schema of one spec file, as pretty-printed JSON ending in a newline.
pub fn json_schema() -> String {
    let generator = SchemaSettings::draft07().into_generator();
    let mut value = generator
        .into_root_schema_for::<crate::raw::RawDocument>()
        .to_value();
    if let Value::Object(root) = &mut value {
        root.insert("title".into(), "Azotte API spec file".into());
        root.insert(
            "description".into(),
            "One YAML file of an API under azotte-spec/apis/<api>/ (azotte-spec/FORMAT.md); \
             the API is the union of its files. Generated from azotte-spec/src/raw.rs by \
             `cargo xtask codegen`."
                .into(),
        );
        let mut defs = root.remove("definitions");
        if let Some(Value::Object(defs)) = &mut defs {
            for (name, def) in defs.iter_mut() {
                if !STRICT.contains(&name.as_str()) {
                    loader_leniency(def);
                }
            }
        }
        loader_leniency(&mut value);
        if let (Value::Object(root), Some(defs)) = (&mut value, defs) {
            root.insert("definitions".into(), defs);
        }
    }
    let mut text = serde_json::to_string_pretty(&sorted(value)).unwrap_or_default();
    text.push('\n');
    text
}

/// `value` with every object's keys in sorted order, so the text is the same
/// whether or not some crate of the build turns on serde_json's `preserve_order`.
fn sorted(value: Value) -> Value {
    match value {
        Value::Object(map) => {
            let mut entries: Vec<(String, Value)> = map.into_iter().collect();
            entries.sort_by(|a, b| a.0.cmp(&b.0));
            Value::Object(entries.into_iter().map(|(k, v)| (k, sorted(v))).collect())
        }
        Value::Array(items) => Value::Array(items.into_iter().map(sorted).collect()),
        other => other,
    }
}

/// Widens `type` in `schema` and its subschemas to what serde_yaml accepts:
/// any scalar for a string, `null` for a list, a map or an object whose keys
/// are all optional. References are left alone (their targets are widened or
/// not on their own).
fn loader_leniency(schema: &mut Value) {
    match schema {
        Value::Object(map) => {
            let all_optional = map
                .get("required")
                .and_then(Value::as_array)
                .is_none_or(Vec::is_empty);
            if let Some(ty) = map.get_mut("type") {
                let kinds: Vec<&str> = match ty {
                    Value::String(s) => vec![s.as_str()],
                    Value::Array(a) => a.iter().filter_map(Value::as_str).collect(),
                    _ => Vec::new(),
                };
                let mut widened: Vec<&str> = Vec::new();
                for kind in kinds {
                    match kind {
                        "string" => widened.extend(["string", "number", "boolean", "null"]),
                        "array" => widened.extend(["array", "null"]),
                        "object" if all_optional => widened.extend(["object", "null"]),
                        other => widened.push(other),
                    }
                }
                if widened.is_empty() {
                    return;
                }
                let mut unique: Vec<&str> = Vec::new();
                for k in widened {
                    if !unique.contains(&k) {
                        unique.push(k);
                    }
                }
                *ty = match unique.as_slice() {
                    [one] => Value::String((*one).to_owned()),
                    many => Value::Array(many.iter().map(|k| Value::String((*k).into())).collect()),
                };
            }
            for (key, sub) in map.iter_mut() {
                match (key.as_str(), sub) {
                    // Schemas by name.
                    ("properties" | "definitions", Value::Object(named)) => {
                        named.values_mut().for_each(loader_leniency)
                    }
                    // A schema, or a list of them.
                    (
                        "items" | "additionalProperties" | "anyOf" | "allOf" | "oneOf" | "not",
                        sub,
                    ) => loader_leniency(sub),
                    _ => {}
                }
            }
        }
        Value::Array(items) => items.iter_mut().for_each(loader_leniency),
        _ => {}
    }
}

/// A field is a type reference (`customerUrn: CustomerUrn`) or the long form;
/// the loader's hand-written `Deserialize` takes exactly these two.
impl JsonSchema for RawField {
    fn schema_name() -> Cow<'static, str> {
        "RawField".into()
    }

    fn json_schema(generator: &mut SchemaGenerator) -> Schema {
        let full = generator.subschema_for::<RawFieldFull>();
        json_schema!({
            "description": "A field: a type reference (`customerUrn: CustomerUrn`), or a map with `type:` and more.",
            "anyOf": [
                {
                    "type": "string",
                    "description": "Short form: a type reference, the same as `{ type: <it> }`: a primitive (`string`, `i64`, `datetime`, …), a name under `types:`, `list<T>` or `map<T>`."
                },
                full
            ]
        })
    }
}
