//! The pieces of `cargo xtask bench compare`, cheaply: the neutral model is
//! deterministic and loads, and its OpenAPI 3.0 translation describes the same
//! operations, with every reference resolved. The measurement itself (it
//! builds progenitor) is not part of `cargo test`.

use serde_json::Value;
use std::collections::BTreeSet;

const METHODS: [&str; 5] = ["get", "post", "put", "patch", "delete"];

/// Every operation of an OpenAPI document: (path, method, operation).
fn operations(doc: &Value) -> Vec<(String, String, Value)> {
    let mut out = Vec::new();
    for (path, item) in doc["paths"].as_object().expect("paths") {
        for m in METHODS {
            if let Some(op) = item.get(m) {
                out.push((path.clone(), m.to_owned(), op.clone()));
            }
        }
    }
    out
}

/// Every `$ref` in `v`.
fn refs(v: &Value, out: &mut Vec<String>) {
    match v {
        Value::Object(o) => {
            for (k, v) in o {
                match (k.as_str(), v) {
                    ("$ref", Value::String(r)) => out.push(r.clone()),
                    _ => refs(v, out),
                }
            }
        }
        Value::Array(a) => a.iter().for_each(|v| refs(v, out)),
        _ => {}
    }
}

/// The document is 3.0, every reference names a schema it defines, and
/// operation ids are unique.
fn assert_well_formed(doc: &Value) {
    assert_eq!(doc["openapi"], "3.0.3");
    let schemas = doc["components"]["schemas"].as_object().expect("schemas");
    let mut all = Vec::new();
    refs(doc, &mut all);
    assert!(!all.is_empty());
    for r in &all {
        let name = r
            .strip_prefix("#/components/schemas/")
            .unwrap_or_else(|| panic!("a reference outside the schemas: {r}"));
        assert!(schemas.contains_key(name), "{r} is not defined");
    }
    let ops = operations(doc);
    let ids: BTreeSet<&str> = ops
        .iter()
        .map(|(_, _, op)| op["operationId"].as_str().expect("operationId"))
        .collect();
    assert_eq!(ids.len(), ops.len(), "operation ids repeat");
    // 3.0 has no type arrays (3.1's way to say nullable).
    let text = doc.to_string();
    assert!(!text.contains("\"type\":[") && !text.contains("\"null\""));
}

#[test]
fn the_model_is_deterministic_and_loads_with_every_operation() {
    assert_eq!(xtask::bench_model::model(40), xtask::bench_model::model(40));
    assert_ne!(xtask::bench_model::model(40), xtask::bench_model::model(41));
    for n in [1, 5, 6, 40] {
        let spec = azotte_spec::load_sources(&xtask::bench_model::sources(n))
            .unwrap_or_else(|e| panic!("model {n}: {e}"));
        let endpoints: usize = spec.lanes.iter().map(|l| l.endpoints().count()).sum();
        assert_eq!(endpoints, n);
        for ep in spec.lanes.iter().flat_map(|l| l.endpoints()) {
            // 3–4 error codes, each with its own HTTP status.
            let statuses: BTreeSet<u16> = ep
                .errors
                .iter()
                .map(|c| spec.error(c).expect("a catalog code").http)
                .collect();
            assert!(
                (3..=4).contains(&ep.errors.len()) && statuses.len() == ep.errors.len(),
                "{}: {:?}",
                ep.name,
                ep.errors
            );
        }
    }
}

#[test]
fn the_openapi_translation_has_the_models_operations_and_statuses() {
    let n = 40;
    let spec = azotte_spec::load_sources(&xtask::bench_model::sources(n)).unwrap();
    let doc = xtask::openapi30::document(&spec);
    assert_well_formed(&doc);
    let ops = operations(&doc);
    assert_eq!(ops.len(), n);
    for ep in spec.lanes.iter().flat_map(|l| l.endpoints()) {
        let (_, _, op) = ops
            .iter()
            .find(|(path, method, _)| {
                *path == ep.full_path && *method == ep.method.as_str().to_lowercase()
            })
            .unwrap_or_else(|| panic!("{} {} is missing", ep.method.as_str(), ep.full_path));
        let statuses: BTreeSet<String> = ep
            .errors
            .iter()
            .map(|c| spec.error(c).unwrap().http.to_string())
            .chain([ep.success.to_string()])
            .collect();
        let documented: BTreeSet<String> = op["responses"]
            .as_object()
            .unwrap()
            .keys()
            .cloned()
            .collect();
        assert_eq!(documented, statuses, "{}", ep.name);
        assert_eq!(op.get("requestBody").is_some(), ep.request.is_some());
        let params = op["parameters"].as_array().map_or(0, Vec::len);
        assert_eq!(params, ep.path_params.len() + ep.query_params.len());
    }
    // A type's fields: required unless optional, nullable where the spec says.
    let schemas = &doc["components"]["schemas"];
    let resource = &schemas["Customer"];
    let required: Vec<&str> = resource["required"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(Value::as_str)
        .collect();
    assert!(required.contains(&"id") && required.contains(&"updatedAt"));
    assert_eq!(resource["properties"]["updatedAt"]["nullable"], true);
    assert_eq!(resource["properties"]["lines"]["type"], "array");
}

#[test]
fn the_real_spec_translates_with_every_outbound_endpoint() {
    let root = xtask::workspace_root().unwrap();
    let spec = azotte_spec::load_dir(&root.join("azotte-spec/apis/azotte")).unwrap();
    let doc = xtask::openapi30::document(&spec);
    assert_well_formed(&doc);
    let outbound: usize = spec
        .lanes
        .iter()
        .filter(|l| l.direction == azotte_spec::model::Direction::Outbound)
        .map(|l| l.endpoints().count())
        .sum();
    assert_eq!(operations(&doc).len(), outbound);
    // Every type of the spec, webhook payloads included, is a schema.
    for t in &spec.types {
        assert!(
            doc["components"]["schemas"].get(&t.name).is_some(),
            "{}",
            t.name
        );
    }
}

#[test]
fn lines_count_code_apart_from_comments_and_blanks() {
    let l = xtask::bench_compare::Lines::of(
        "//! crate doc\n\nfn a() {}\n    /// doc\n    let x = 1; // trailing\n",
    );
    assert_eq!((l.total, l.code), (5, 2));
}

#[test]
fn the_progenitor_size_probe_calls_every_operation_with_the_documents_arguments() {
    let spec = azotte_spec::load_sources(&xtask::bench_model::sources(40)).unwrap();
    let doc = xtask::openapi30::document(&spec);
    let lane = &spec.lanes[0];
    let arms = xtask::bench_compare::progenitor_arms(lane);
    let prefix = format!("{}_", lane.rust_name);
    // What progenitor reads: each operation's parameters and body.
    let expected: Vec<(String, usize)> = operations(&doc)
        .into_iter()
        .filter_map(|(_, _, op)| {
            let id = op["operationId"].as_str()?.to_owned();
            id.starts_with(&prefix).then(|| {
                let params = op["parameters"].as_array().map_or(0, Vec::len);
                (id, params + usize::from(op.get("requestBody").is_some()))
            })
        })
        .collect();
    assert_eq!(expected.len(), lane.endpoints().count());
    assert_eq!(arms.lines().count(), expected.len(), "{arms}");
    for (id, args) in expected {
        let call = format!("c.{id}(");
        let line = arms
            .lines()
            .find(|l| l.contains(&call))
            .unwrap_or_else(|| panic!("{id} is not called:\n{arms}"));
        assert_eq!(line.matches("de(&v[").count(), args, "{line}");
    }
}
