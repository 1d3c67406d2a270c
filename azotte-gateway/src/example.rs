//! A deterministic example value for any spec type: what endpoints without
//! emulated behaviour answer, and the base of envelope parts (diagnostics).
//!
//! Rules: a declared `example` wins (field, then newtype); objects get every
//! field, optional ones included; enums their first value; lists one item;
//! maps one `"key"` entry; booleans `false` (so `hasNext` never loops a
//! paginator); numbers `1`; date-times `2026-01-01T00:00:00Z`. The same spec
//! always gives the same value, and it decodes with the generated client.

use azotte_spec::model::{EnumWire, Primitive, Spec, TypeKind, TypeRef};
use serde_json::{json, Map, Value};

/// Deepest nesting generated; deeper (recursive) types become `null`.
const MAX_DEPTH: usize = 8;

/// An example of `ty`.
pub fn example(spec: &Spec, ty: &TypeRef) -> Value {
    value(spec, ty, None, 0)
}

fn value(spec: &Spec, ty: &TypeRef, declared: Option<&str>, depth: usize) -> Value {
    if depth > MAX_DEPTH {
        return Value::Null;
    }
    match ty {
        TypeRef::Primitive(p) => primitive(*p, declared),
        TypeRef::List(inner) => json!([value(spec, inner, None, depth + 1)]),
        TypeRef::Map(inner) => json!({ "key": value(spec, inner, None, depth + 1) }),
        TypeRef::Named(name) => named(spec, name, declared, depth),
    }
}

fn named(spec: &Spec, name: &str, declared: Option<&str>, depth: usize) -> Value {
    let Some(def) = spec.type_def(name) else {
        return Value::Null;
    };
    match &def.kind {
        TypeKind::Newtype { inner, example, .. } => {
            let declared = declared.or(example.as_deref());
            match (inner, declared) {
                (Primitive::String, None) => Value::String(format!("{}-example", kebab(name))),
                _ => primitive(*inner, declared),
            }
        }
        TypeKind::Enum { values, integer } => match values.first().map(|v| &v.wire) {
            Some(EnumWire::Int(i)) => json!(i),
            Some(EnumWire::Str(s)) => json!(s),
            None if *integer => json!(0),
            None => json!(""),
        },
        TypeKind::Sort { fields } => match fields.first() {
            Some(f) => json!(f.wire),
            None => json!(""),
        },
        TypeKind::Object { fields } => {
            let mut object = Map::new();
            for field in fields {
                let v = value(spec, &field.ty, field.example.as_deref(), depth + 1);
                object.insert(field.wire_name.clone(), v);
            }
            Value::Object(object)
        }
    }
}

fn primitive(p: Primitive, declared: Option<&str>) -> Value {
    if let Some(text) = declared {
        let parsed = match p {
            Primitive::String | Primitive::DateTime | Primitive::Date | Primitive::Uuid => {
                Some(json!(text))
            }
            Primitive::Json => serde_json::from_str(text).ok(),
            _ => serde_json::from_str::<Value>(text)
                .ok()
                .filter(|v| v.is_number() || v.is_boolean()),
        };
        if let Some(v) = parsed {
            return v;
        }
    }
    match p {
        Primitive::String => json!("example"),
        Primitive::Bool => json!(false),
        Primitive::I32 | Primitive::I64 | Primitive::U32 | Primitive::U64 => json!(1),
        Primitive::F64 => json!(1.0),
        Primitive::DateTime => json!("2026-01-01T00:00:00Z"),
        Primitive::Date => json!("2026-01-01"),
        Primitive::Uuid => json!("00000000-0000-4000-8000-000000000000"),
        Primitive::Json => json!({}),
    }
}

/// `OfferIdentifier` → `offer-identifier`.
fn kebab(name: &str) -> String {
    let mut out = String::new();
    for (i, c) in name.chars().enumerate() {
        if c.is_ascii_uppercase() && i > 0 {
            out.push('-');
        }
        out.push(c.to_ascii_lowercase());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spec() -> Spec {
        azotte_spec::load_dir(&azotte_spec::api_dir("azotte")).expect("spec loads")
    }

    #[test]
    fn deterministic_and_complete() {
        let spec = spec();
        let ty = TypeRef::Named("SubscriptionPage".into());
        let a = example(&spec, &ty);
        assert_eq!(a, example(&spec, &ty));
        assert_eq!(a["pageInfo"]["hasNext"], false);
        assert_eq!(a["items"][0]["state"], "Active");
        assert_eq!(a["items"][0]["customerUrn"], "cu.00.482");
        assert_eq!(
            example(&spec, &TypeRef::Named("OrderIdentifier".into())),
            "order-identifier-example"
        );
        let ctx = example(&spec, &TypeRef::Named("RequestContext".into()));
        assert_eq!(ctx["channel"], 101);
    }
}
