//! OpenAPI 3.1 from the same validated model the client and the gateway use.
//!
//! [`document`] turns a [`Spec`] into one OpenAPI 3.1 document (JSON Schema
//! 2020-12 for bodies); [`to_json`] renders it byte-stable. Nothing here knows
//! about a particular API: lanes, envelopes, auth schemes and headers are data
//! of the spec. `cargo xtask codegen` writes the result to
//! `generated/<api>/openapi.json`; the gateway serves it at `/openapi.json`.
#![warn(missing_docs)]

mod envelopes;
mod headers;
mod links;
mod paths;
mod responses;
mod schemas;
mod security;
mod text;
mod webhooks;

use azotte_spec::model::{Environment, Lane};
use azotte_spec::Spec;
use serde_json::{json, Map, Value};

/// The OpenAPI version written.
pub const OPENAPI_VERSION: &str = "3.1.0";

/// What OpenAPI cannot express, said once in `info.description` (and in
/// README.md, "OpenAPI export").
const LIMITS: &str = "OpenAPI cannot express some rules of this API; the descriptions say them in \
words: HMAC request and webhook signing (the signature headers are described as API keys), \
field aliases (a field received under another name), rules between fields such as \"give one of \
two\", polling until a terminal state, pagination (`x-pagination`), and idempotency keys carried \
in the body. Enums and error codes list the documented values; clients should keep values the \
API adds later. `x-inferred: true` marks what no API document states (its description starts \
with `inferred:`).";

/// The OpenAPI 3.1 document of `spec`.
pub fn document(spec: &Spec) -> Value {
    let mut info = Map::new();
    info.insert("title".into(), json!(spec.api.title));
    info.insert("version".into(), json!(spec.api.version));
    let lanes: Vec<String> = spec
        .lanes
        .iter()
        .map(|l| match &l.doc {
            Some(d) => format!("### {}\n\n{d}", l.title),
            None => format!("### {}", l.title),
        })
        .collect();
    let description = text::join([
        spec.api.doc.clone(),
        (!lanes.is_empty()).then(|| format!("## Lanes\n\n{}", lanes.join("\n\n"))),
        Some(LIMITS.into()),
    ]);
    text::put(&mut info, "description", description);

    let mut tags = Tags::default();
    let paths = paths::paths(spec, &mut tags);
    let webhooks = webhooks::webhooks(spec, &mut tags);
    let mut schemas = schemas::components(spec);
    schemas.extend(envelopes::components(&spec.envelopes));
    let mut components = Map::new();
    components.insert("schemas".into(), Value::Object(schemas));
    for (key, entries) in [
        ("parameters", headers::parameters(spec)),
        ("headers", headers::response_headers(spec)),
    ] {
        if !entries.is_empty() {
            components.insert(key.into(), Value::Object(entries));
        }
    }
    let security = security::components(spec);
    if !security.is_empty() {
        components.insert("securitySchemes".into(), Value::Object(security));
    }

    let mut doc = Map::new();
    doc.insert("openapi".into(), json!(OPENAPI_VERSION));
    doc.insert("info".into(), Value::Object(info));
    doc.insert("servers".into(), json!(servers(spec)));
    doc.insert("tags".into(), Value::Array(tags.tags));
    doc.insert("x-tagGroups".into(), Value::Array(tags.groups));
    doc.insert("paths".into(), Value::Object(paths));
    if !webhooks.is_empty() {
        doc.insert("webhooks".into(), Value::Object(webhooks));
    }
    doc.insert("components".into(), Value::Object(components));
    let mut doc = Value::Object(doc);
    cite_titles(&mut doc, &spec.api.documents);
    doc
}

/// Every `description` in `value` with its citations of the API documents
/// printed by title, as the generated client's docs print them (a reader of
/// the OpenAPI document cannot open "document 004" either).
fn cite_titles(value: &mut Value, documents: &azotte_spec::Documents) {
    match value {
        Value::Object(map) => {
            for (key, v) in map.iter_mut() {
                match v {
                    Value::String(s) if key == "description" => {
                        if let std::borrow::Cow::Owned(cited) = documents.cite(s) {
                            *s = cited;
                        }
                    }
                    _ => cite_titles(v, documents),
                }
            }
        }
        Value::Array(items) => items.iter_mut().for_each(|v| cite_titles(v, documents)),
        _ => {}
    }
}

/// `document` as pretty JSON with a trailing newline. Keys are sorted
/// (serde_json's default map), so the same spec always gives the same bytes.
pub fn to_json(document: &Value) -> String {
    let mut text = serde_json::to_string_pretty(document).unwrap_or_default();
    text.push('\n');
    text
}

/// One server per environment.
fn servers(spec: &Spec) -> Vec<Value> {
    spec.environments.iter().map(server).collect()
}

/// The server of an environment; its `{placeholders}` (`{version}` is
/// already filled in by the loader) become server variables, each
/// defaulting to its own name, since OpenAPI requires a default and the
/// spec gives none.
pub(crate) fn server(env: &Environment) -> Value {
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
}

/// The top-level `tags` (in the order the lanes and areas are declared) and
/// their `x-tagGroups`, one group per lane.
#[derive(Default)]
pub(crate) struct Tags {
    tags: Vec<Value>,
    groups: Vec<Value>,
}

impl Tags {
    /// Adds `name` to the group of `lane`.
    pub(crate) fn add(&mut self, lane: &Lane, name: &str, doc: Option<String>) {
        let mut tag = Map::new();
        tag.insert("name".into(), json!(name));
        text::inferred(&mut tag, azotte_spec::model::is_inferred(doc.as_deref()));
        text::put(&mut tag, "description", doc);
        self.tags.push(Value::Object(tag));
        let group = self
            .groups
            .iter_mut()
            .find(|g| g["name"] == lane.title.as_str());
        match group.and_then(|g| g["tags"].as_array_mut()) {
            Some(names) => names.push(json!(name)),
            None => self
                .groups
                .push(json!({ "name": lane.title, "tags": [name] })),
        }
    }
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
