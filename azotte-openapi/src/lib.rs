//! OpenAPI 3.1 from the same validated model the client and the gateway use.
//!
//! [`document`] turns a [`Spec`] into one OpenAPI 3.1 document (JSON Schema
//! 2020-12 for bodies); [`to_json`] renders it byte-stable. Nothing here knows
//! about a particular API: lanes, envelopes, auth schemes and headers are data
//! of the spec. `cargo xtask codegen` writes the result to
//! `generated/<api>/openapi.json`; the gateway serves it at `/openapi.json`.
#![warn(missing_docs)]

use azotte_spec::Spec;
use serde_json::{json, Map, Value};

/// The OpenAPI version written.
pub const OPENAPI_VERSION: &str = "3.1.0";

/// The OpenAPI 3.1 document of `spec`.
pub fn document(spec: &Spec) -> Value {
    let mut info = Map::new();
    info.insert("title".into(), json!(spec.api.title));
    info.insert("version".into(), json!(spec.api.version));
    if let Some(doc) = &spec.api.doc {
        info.insert("description".into(), json!(doc));
    }
    json!({
        "openapi": OPENAPI_VERSION,
        "info": info,
        "servers": servers(spec),
        "paths": {},
    })
}

/// `document` as pretty JSON with a trailing newline. Keys are sorted
/// (serde_json's default map), so the same spec always gives the same bytes.
pub fn to_json(document: &Value) -> String {
    let mut text = serde_json::to_string_pretty(document).unwrap_or_default();
    text.push('\n');
    text
}

/// One server per environment; its `{placeholders}` (`{version}` is already
/// filled in by the loader) become server variables, each defaulting to its
/// own name, since OpenAPI requires a default and the spec gives none.
fn servers(spec: &Spec) -> Vec<Value> {
    spec.environments
        .iter()
        .map(|env| {
            let mut server = Map::new();
            server.insert("url".into(), json!(env.url));
            if let Some(doc) = &env.doc {
                server.insert("description".into(), json!(doc));
            }
            if !env.variables.is_empty() {
                let vars: Map<String, Value> = env
                    .variables
                    .iter()
                    .map(|v| (v.name.clone(), json!({ "default": v.name })))
                    .collect();
                server.insert("variables".into(), Value::Object(vars));
            }
            Value::Object(server)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn azotte() -> Spec {
        azotte_spec::load_dir(&azotte_spec::api_dir("azotte")).expect("the azotte spec loads")
    }

    #[test]
    fn servers_carry_the_environment_placeholders_as_variables() {
        let doc = document(&azotte());
        assert_eq!(doc["openapi"], "3.1.0");
        let sandbox = doc["servers"]
            .as_array()
            .unwrap()
            .iter()
            .find(|s| s["url"] == "https://{projectName}.sandbox.azotte.com/api/v1")
            .expect("the sandbox server");
        assert_eq!(
            sandbox["variables"]["projectName"]["default"],
            "projectName"
        );
    }
}
