//! Shared by the test binaries: finding an operation's body schema in an
//! exported document and validating an instance against it.

use serde_json::{json, Value};

/// RFC 6901 token.
pub fn token(s: &str) -> String {
    s.replace('~', "~0").replace('/', "~1")
}

/// The JSON Pointer of the operation `id` (under `paths` or `webhooks`).
pub fn operation(doc: &Value, id: &str) -> String {
    for section in ["paths", "webhooks"] {
        for (path, item) in doc[section].as_object().into_iter().flatten() {
            for (method, op) in item.as_object().unwrap() {
                if op.get("operationId").and_then(Value::as_str) == Some(id) {
                    return format!("/{section}/{}/{method}", token(path));
                }
            }
        }
    }
    panic!("no operation `{id}`")
}

/// The pointer of the only media type's schema under `at`, and the media type.
pub fn body_schema(doc: &Value, at: &str) -> (String, String) {
    let content = doc
        .pointer(&format!("{at}/content"))
        .and_then(Value::as_object)
        .unwrap_or_else(|| panic!("no content at {at}"));
    assert_eq!(content.len(), 1, "{at}");
    let media = content.keys().next().unwrap().clone();
    (format!("{at}/content/{}/schema", token(&media)), media)
}

/// Validates `instance` against the schema at `pointer`, its `$ref`s
/// resolved against the whole document (draft 2020-12, formats checked).
pub fn check(doc: &Value, pointer: &str, instance: &Value) -> Result<(), String> {
    let mut schema = doc.clone();
    schema["$schema"] = json!("https://json-schema.org/draft/2020-12/schema");
    // A URI fragment: JSON Pointer characters a URI does not allow, percent-encoded.
    let fragment = pointer
        .replace('%', "%25")
        .replace('{', "%7B")
        .replace('}', "%7D")
        .replace('[', "%5B")
        .replace(']', "%5D");
    schema["$ref"] = json!(format!("#{fragment}"));
    let validator = jsonschema::draft202012::options()
        .should_validate_formats(true)
        .build(&schema)
        .map_err(|e| format!("schema at {pointer} does not compile: {e}"))?;
    let errors: Vec<String> = validator
        .iter_errors(instance)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect();
    if errors.is_empty() {
        Ok(())
    } else {
        Err(errors.join("\n"))
    }
}

pub fn response(doc: &Value, id: &str, status: u16) -> (String, String) {
    body_schema(doc, &format!("{}/responses/{status}", operation(doc, id)))
}

pub fn request(doc: &Value, id: &str) -> (String, String) {
    body_schema(doc, &format!("{}/requestBody", operation(doc, id)))
}

/// The official OpenAPI 3.1 meta-schema (vendored, see `oas/README.md`).
pub fn openapi_meta_schema() -> jsonschema::Validator {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/oas/schema-2022-10-07.json"
    );
    let text = std::fs::read_to_string(path).expect("the vendored meta-schema");
    let meta: Value = serde_json::from_str(&text).expect("the meta-schema is JSON");
    jsonschema::draft202012::new(&meta).expect("the meta-schema compiles")
}

/// Where `doc` breaks OpenAPI 3.1, and where its schemas break JSON Schema 2020-12.
pub fn openapi_errors(doc: &Value) -> Vec<String> {
    let mut errors: Vec<String> = openapi_meta_schema()
        .iter_errors(doc)
        .map(|e| format!("{e} at {}", e.instance_path()))
        .collect();
    for (name, schema) in doc["components"]["schemas"]
        .as_object()
        .into_iter()
        .flatten()
    {
        if let Err(e) = jsonschema::draft202012::meta::validate(schema) {
            errors.push(format!("components/schemas/{name}: {e}"));
        }
    }
    errors
}
