//! Small helpers every module uses: optional keys, joined descriptions and
//! the inferred marker.

use serde_json::{json, Map, Value};

/// Inserts `key: value` when there is a value.
pub fn put(map: &mut Map<String, Value>, key: &str, value: Option<String>) {
    if let Some(v) = value {
        map.insert(key.into(), json!(v));
    }
}

/// The present, non-empty parts as paragraphs (`None` when there are none).
pub fn join<I: IntoIterator<Item = Option<String>>>(parts: I) -> Option<String> {
    let parts: Vec<String> = parts
        .into_iter()
        .flatten()
        .map(|p| p.trim().to_owned())
        .filter(|p| !p.is_empty())
        .collect();
    (!parts.is_empty()).then(|| parts.join("\n\n"))
}

/// `x-inferred: true` when no API document states what `map` describes
/// (its doc starts with `inferred:`, see `azotte_spec::model::is_inferred`).
pub fn inferred(map: &mut Map<String, Value>, inferred: bool) {
    if inferred {
        map.insert("x-inferred".into(), json!(true));
    }
}

/// `` `a`, `b` `` from names.
pub fn code_list<'a, I: IntoIterator<Item = &'a str>>(names: I) -> String {
    names
        .into_iter()
        .map(|n| format!("`{n}`"))
        .collect::<Vec<_>>()
        .join(", ")
}
