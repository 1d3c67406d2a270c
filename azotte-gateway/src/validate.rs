//! Request validation against the spec's types: required fields present,
//! JSON types and integer ranges right, enum values known. The first problem
//! is reported as an [`Issue`] naming the field by its wire path
//! (`customer.externalId is required`, `payload.bundleUrns[0] must be a string`).
//!
//! Lenient where the generated client is: unknown fields are ignored, an
//! optional field may be `null`, `uuid` fields take any non-empty string.
//! Stricter where a validator would be, and exactly as the published OpenAPI
//! document says: a required string must not be empty (`minLength: 1`),
//! date-times must look like ISO 8601, a sort order is `-?field(,-?field)*`.

use crate::time::{looks_like_date, looks_like_datetime};
use azotte_spec::model::{EnumWire, Param, Primitive, Spec, TypeKind, TypeRef};
use serde_json::Value;
use std::collections::HashMap;

/// What is wrong with a request, and where.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Issue {
    /// Wire path of the field, e.g. `customer.externalId`; `body` for the whole body.
    pub field: String,
    /// A sentence naming the field.
    pub message: String,
    /// A required top-level object node is missing or null (document 002's
    /// `BAD_REQUEST`: "Null request.Customer").
    pub null_node: bool,
}

impl Issue {
    fn new(field: &str, message: String) -> Self {
        Issue {
            field: field.to_owned(),
            message,
            null_node: false,
        }
    }
}

/// Checks a request body against its declared type.
pub fn body(spec: &Spec, ty: &TypeRef, value: &Value) -> Result<(), Issue> {
    if !value.is_object() && is_object_type(spec, ty) {
        return Err(Issue::new(
            "body",
            "the request body must be a JSON object".into(),
        ));
    }
    check(spec, ty, value, "", true)
}

/// Renames every field sent under one of its spec `aliases` to its wire name
/// (when the wire name is absent), so validation and behaviour read one
/// spelling: document 002 writes `externalIdentifier` where the spec's field
/// is `externalId`, and a server that allows both readings accepts both.
pub fn canonical_names(spec: &Spec, ty: &TypeRef, value: &mut Value) {
    match (ty, value) {
        (TypeRef::List(inner), Value::Array(items)) => items
            .iter_mut()
            .for_each(|item| canonical_names(spec, inner, item)),
        (TypeRef::Map(inner), Value::Object(map)) => map
            .values_mut()
            .for_each(|item| canonical_names(spec, inner, item)),
        (TypeRef::Named(name), Value::Object(object)) => {
            let Some(TypeKind::Object { fields }) = spec.type_def(name).map(|t| &t.kind) else {
                return;
            };
            for field in fields {
                if !object.contains_key(&field.wire_name) {
                    if let Some(v) = field.aliases.iter().find_map(|a| object.remove(a)) {
                        object.insert(field.wire_name.clone(), v);
                    }
                }
                if let Some(v) = object.get_mut(&field.wire_name) {
                    canonical_names(spec, &field.ty, v);
                }
            }
        }
        _ => {}
    }
}

/// Checks query parameters (already percent-decoded) against their declarations.
pub fn query(spec: &Spec, params: &[Param], query: &HashMap<String, String>) -> Result<(), Issue> {
    for param in params {
        match query.get(&param.wire_name) {
            None if param.optional => {}
            None => {
                let name = &param.wire_name;
                return Err(Issue::new(
                    name,
                    format!("query parameter {name} is required"),
                ));
            }
            Some(text) => scalar(spec, &param.ty, text).map_err(|why| {
                Issue::new(
                    &param.wire_name,
                    format!("query parameter {} {why}", param.wire_name),
                )
            })?,
        }
    }
    Ok(())
}

/// Checks a path or query value given as text.
pub fn scalar(spec: &Spec, ty: &TypeRef, text: &str) -> Result<(), String> {
    let as_json = match resolve_primitive(spec, ty) {
        Some(Primitive::String | Primitive::DateTime | Primitive::Date | Primitive::Uuid) => {
            Value::String(text.to_owned())
        }
        _ => match enum_is_string(spec, ty) {
            Some(true) => Value::String(text.to_owned()),
            _ => serde_json::from_str(text).unwrap_or(Value::String(text.to_owned())),
        },
    };
    check(spec, ty, &as_json, "", false)
        .map_err(|issue| issue.message.trim_start_matches("value ").to_owned())
}

fn is_object_type(spec: &Spec, ty: &TypeRef) -> bool {
    matches!(ty, TypeRef::Named(n) if matches!(spec.type_def(n).map(|d| &d.kind), Some(TypeKind::Object { .. })))
}

fn resolve_primitive(spec: &Spec, ty: &TypeRef) -> Option<Primitive> {
    match ty {
        TypeRef::Primitive(p) => Some(*p),
        TypeRef::Named(n) => match &spec.type_def(n)?.kind {
            TypeKind::Newtype { inner, .. } => Some(*inner),
            _ => None,
        },
        _ => None,
    }
}

fn enum_is_string(spec: &Spec, ty: &TypeRef) -> Option<bool> {
    match ty {
        TypeRef::Named(n) => match &spec.type_def(n)?.kind {
            TypeKind::Enum { integer, .. } => Some(!integer),
            TypeKind::Sort { .. } => Some(true),
            _ => None,
        },
        _ => None,
    }
}

fn join(path: &str, key: &str) -> String {
    if path.is_empty() {
        key.to_owned()
    } else {
        format!("{path}.{key}")
    }
}

fn label(path: &str) -> &str {
    if path.is_empty() {
        "value"
    } else {
        path
    }
}

fn check(spec: &Spec, ty: &TypeRef, value: &Value, path: &str, top: bool) -> Result<(), Issue> {
    let fail = |what: String| Err(Issue::new(label(path), format!("{} {what}", label(path))));
    match ty {
        TypeRef::Primitive(p) => primitive(*p, value).or_else(fail),
        TypeRef::List(inner) => match value.as_array() {
            Some(items) => items.iter().enumerate().try_for_each(|(i, item)| {
                check(spec, inner, item, &format!("{}[{i}]", label(path)), false)
            }),
            None => fail("must be an array".into()),
        },
        TypeRef::Map(inner) => match value.as_object() {
            Some(map) => map
                .iter()
                .try_for_each(|(k, v)| check(spec, inner, v, &join(path, k), false)),
            None => fail("must be an object".into()),
        },
        TypeRef::Named(name) => {
            let Some(def) = spec.type_def(name) else {
                return Ok(());
            };
            match &def.kind {
                TypeKind::Newtype { inner, .. } => primitive(*inner, value).or_else(fail),
                TypeKind::Enum { integer, values } => {
                    let known = values.iter().any(|v| match (&v.wire, value) {
                        (EnumWire::Int(i), Value::Number(n)) => n.as_i64() == Some(*i),
                        (EnumWire::Str(s), Value::String(t)) => s == t,
                        _ => false,
                    });
                    if known {
                        return Ok(());
                    }
                    let expected: Vec<String> = values
                        .iter()
                        .map(|v| match &v.wire {
                            EnumWire::Int(i) => i.to_string(),
                            EnumWire::Str(s) => s.clone(),
                        })
                        .collect();
                    let kind = if *integer { "integer" } else { "string" };
                    fail(format!(
                        "has unknown value {value}; expected one of ({kind}): {}",
                        expected.join(", ")
                    ))
                }
                TypeKind::Sort { fields } => {
                    let Some(order) = value.as_str() else {
                        return fail("must be a sort order string (e.g. -createdAt,name)".into());
                    };
                    // The published grammar (what the client sends, and the
                    // OpenAPI `pattern`): `-?field(,-?field)*`, nothing else.
                    for key in order.split(',') {
                        let name = key.strip_prefix('-').unwrap_or(key);
                        if !fields.iter().any(|f| f.wire == name) {
                            let known: Vec<&str> = fields.iter().map(|f| f.wire.as_str()).collect();
                            return fail(format!(
                                "cannot sort by `{name}`; sortable: {}",
                                known.join(", ")
                            ));
                        }
                    }
                    Ok(())
                }
                TypeKind::Object { fields } => {
                    let Some(object) = value.as_object() else {
                        return fail("must be an object".into());
                    };
                    for field in fields {
                        let at = join(path, &field.wire_name);
                        match object.get(&field.wire_name) {
                            None | Some(Value::Null) if !field.required() => {}
                            None | Some(Value::Null) => {
                                return Err(Issue {
                                    null_node: top && is_object_type(spec, &field.ty),
                                    ..Issue::new(&at, format!("{at} is required"))
                                })
                            }
                            Some(Value::String(s))
                                if s.is_empty()
                                    && field.required()
                                    && resolve_primitive(spec, &field.ty)
                                        == Some(Primitive::String) =>
                            {
                                return Err(Issue::new(&at, format!("{at} is required")))
                            }
                            Some(v) => check(spec, &field.ty, v, &at, false)?,
                        }
                    }
                    Ok(())
                }
            }
        }
    }
}

/// The value of a JSON integer. JSON Schema 2020-12 (and so the published
/// OpenAPI document) counts any number with a zero fractional part as an
/// integer: `3703.0` is 3703. A float beyond ±2^63 is out of range.
pub fn integer(value: &Value) -> Option<i128> {
    value
        .as_i64()
        .map(i128::from)
        .or_else(|| value.as_u64().map(i128::from))
        .or_else(|| {
            let f = value.as_f64()?;
            // `as` saturates, so a huge float lands outside every range.
            (f.fract() == 0.0).then_some(f as i128)
        })
}

fn primitive(p: Primitive, value: &Value) -> Result<(), String> {
    let int_in = |lo: i128, hi: i128| -> Result<(), String> {
        match integer(value) {
            Some(n) if (lo..=hi).contains(&n) => Ok(()),
            Some(_) => Err(format!("is out of range ({lo}..={hi})")),
            None => Err("must be an integer".into()),
        }
    };
    let string = |what: &str| value.as_str().ok_or_else(|| format!("must be {what}"));
    match p {
        Primitive::String => string("a string").map(drop),
        Primitive::Bool if value.is_boolean() => Ok(()),
        Primitive::Bool => Err("must be true or false".into()),
        Primitive::I32 => int_in(i32::MIN.into(), i32::MAX.into()),
        Primitive::I64 => int_in(i64::MIN.into(), i64::MAX.into()),
        Primitive::U32 => int_in(0, u32::MAX.into()),
        Primitive::U64 => int_in(0, u64::MAX.into()),
        Primitive::F64 if value.is_number() => Ok(()),
        Primitive::F64 => Err("must be a number".into()),
        Primitive::DateTime => match string("an ISO 8601 date-time string")? {
            s if looks_like_datetime(s) => Ok(()),
            _ => Err("must be an ISO 8601 date-time (e.g. 2026-11-23T18:00:00Z)".into()),
        },
        Primitive::Date => match string("an ISO 8601 date string")? {
            s if looks_like_date(s) => Ok(()),
            _ => Err("must be an ISO 8601 date (e.g. 2026-11-23)".into()),
        },
        Primitive::Uuid => match string("a string")? {
            s if s.trim().is_empty() => Err("must not be empty".into()),
            _ => Ok(()),
        },
        Primitive::Json => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn spec() -> Spec {
        azotte_spec::load_dir(&azotte_spec::api_dir("azotte")).expect("spec loads")
    }

    fn named(n: &str) -> TypeRef {
        TypeRef::Named(n.into())
    }

    #[test]
    fn names_the_field() {
        let spec = spec();
        let t = named("StoreCustomerRequest");
        assert_eq!(
            body(&spec, &t, &json!({ "customer": { "externalId": "x" } })),
            Ok(())
        );
        let e = body(&spec, &t, &json!({ "customer": {} })).unwrap_err();
        assert_eq!(e.message, "customer.externalId is required");
        assert!(!e.null_node);
        let e = body(&spec, &t, &json!({ "customer": null })).unwrap_err();
        assert!(e.null_node, "{e:?}");
        let e = body(&spec, &t, &json!({ "customer": { "externalId": 5 } })).unwrap_err();
        assert_eq!(e.message, "customer.externalId must be a string");
        // The published contract is `minLength: 1` (FORMAT.md): empty is
        // refused, any other string (blank included) is a value.
        let e = body(&spec, &t, &json!({ "customer": { "externalId": "" } })).unwrap_err();
        assert_eq!(e.field, "customer.externalId");
        assert_eq!(
            body(&spec, &t, &json!({ "customer": { "externalId": " " } })),
            Ok(())
        );
        assert_eq!(body(&spec, &t, &json!([])).unwrap_err().field, "body");
    }

    #[test]
    fn enums_lists_and_ranges() {
        let spec = spec();
        let t = named("OfferRequest");
        let ctx = json!({ "customerUrn": "cu.1", "customerIpAddress": "1.2.3.4", "interactionType": 10, "channel": 101 });
        assert_eq!(body(&spec, &t, &json!({ "context": ctx })), Ok(()));
        let mut bad = ctx.clone();
        bad["channel"] = json!(7);
        let e = body(&spec, &t, &json!({ "context": bad })).unwrap_err();
        assert!(
            e.message.starts_with("context.channel has unknown value 7"),
            "{e:?}"
        );
        let e = body(
            &spec,
            &t,
            &json!({ "context": ctx, "payload": { "bundleUrns": [1] } }),
        )
        .unwrap_err();
        assert_eq!(e.message, "payload.bundleUrns[0] must be a string");
        let m = named("CancelSubscriptionPayload");
        let e = body(
            &spec,
            &m,
            &json!({ "orderIdentifier": "o", "version": 1.5 }),
        )
        .unwrap_err();
        assert_eq!(e.message, "version must be an integer");
        // JSON Schema 2020-12: a number with a zero fraction is an integer.
        assert_eq!(
            body(
                &spec,
                &m,
                &json!({ "orderIdentifier": "o", "version": 3.0 })
            ),
            Ok(())
        );
        let e = body(
            &spec,
            &m,
            &json!({ "orderIdentifier": "o", "version": 1e300 }),
        )
        .unwrap_err();
        assert!(e.message.contains("out of range"), "{e:?}");
    }

    #[test]
    fn query_parameters() {
        let spec = spec();
        let lane = spec.lanes.iter().find(|l| l.name == "p2m").unwrap();
        let ep = lane
            .endpoints()
            .find(|e| e.name == "list_subscriptions")
            .unwrap();
        let q = |pairs: &[(&str, &str)]| {
            pairs
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect()
        };
        assert_eq!(
            query(
                &spec,
                &ep.query_params,
                &q(&[("page", "2"), ("state", "Active")])
            ),
            Ok(())
        );
        let e = query(&spec, &ep.query_params, &q(&[("page", "two")])).unwrap_err();
        assert_eq!(e.message, "query parameter page must be an integer");
        let e = query(&spec, &ep.query_params, &q(&[("state", "Paused")])).unwrap_err();
        assert!(e.message.contains("unknown value"), "{e:?}");
    }

    /// A sort order is the OpenAPI document's `^-?f(?:,-?f)*$` over the
    /// sortable fields (Automatum's `CustomerSort`: createdAt, name).
    #[test]
    fn sort_orders_follow_the_published_grammar() {
        let spec = azotte_spec::load_dir(&azotte_spec::api_dir("automatum")).expect("spec loads");
        let sort = named("CustomerSort");
        for good in ["createdAt", "-createdAt,name", "name,-createdAt"] {
            assert_eq!(scalar(&spec, &sort, good), Ok(()), "{good}");
        }
        for bad in [
            "",
            "+name",
            "name,",
            ",name",
            " name",
            "createdAt,,name",
            "email",
        ] {
            assert!(scalar(&spec, &sort, bad).is_err(), "{bad:?} accepted");
        }
    }
}
