//! The JSON Schema (`azotte_spec::json_schema()`, checked in as
//! `azotte-spec/spec.schema.json`) and the loader agree: every real spec file
//! validates, every mistake in the table below is refused by both, and every
//! shorthand is accepted by both. The YAML is converted to JSON as an editor's
//! language server sees it.

#[allow(dead_code)] // each test file uses part of the shared helpers
mod support;

use azotte_spec::{load_sources, Source};
use serde_json::Value;
use support::{edited, VALID};

fn validator() -> jsonschema::Validator {
    let schema: Value = serde_json::from_str(&azotte_spec::json_schema()).expect("schema is JSON");
    jsonschema::draft7::meta::validate(&schema).expect("a valid draft-07 schema");
    jsonschema::draft7::new(&schema).expect("the schema compiles")
}

fn as_json(yaml: &str) -> Value {
    let value: serde_yaml::Value = serde_yaml::from_str(yaml).expect("YAML syntax");
    serde_json::to_value(value).expect("JSON-compatible YAML")
}

/// The schema's errors for `yaml`, as `path: message` lines.
fn schema_errors(v: &jsonschema::Validator, yaml: &str) -> Vec<String> {
    v.iter_errors(&as_json(yaml))
        .map(|e| format!("{}: {e}", e.instance_path()))
        .collect()
}

#[test]
fn every_real_spec_file_validates_and_carries_the_modeline() {
    let v = validator();
    let mut checked = 0;
    for api in ["azotte", "automatum"] {
        for source in azotte_spec::read_dir(&azotte_spec::api_dir(api)).unwrap() {
            let errors = schema_errors(&v, &source.text);
            assert!(errors.is_empty(), "{api}/{}: {errors:#?}", source.name);
            assert_eq!(
                source.text.lines().next(),
                Some("# yaml-language-server: $schema=../../spec.schema.json"),
                "{api}/{}: the first line is the editor's modeline",
                source.name
            );
            checked += 1;
        }
    }
    assert!(checked >= 12, "only {checked} files");
}

/// Each edit of `VALID`, a mistake the loader refuses with this message.
const REFUSED: &[(&str, &str, &str)] = &[
    // misspelt keys, at every level
    ("title: Demo", "titel: Demo", "unknown field `titel`"),
    (
        "types:\n",
        "typse:\n  X: { newtype: string }\ntypes:\n",
        "unknown field `typse`",
    ),
    (
        "{ role: correlation_id,",
        "{ rol: correlation_id,",
        "unknown field `rol`",
    ),
    (
        "kind: api_key",
        "kind: api_key\n    header_name: x",
        "unknown field `header_name`",
    ),
    (
        "{ from: api_key, secret: true }",
        "{ from: api_key, secret: true, sekret: 1 }",
        "unknown field `sekret`",
    ),
    (
        "payload: result",
        "payload: result\n    stauts: {}",
        "unknown field `stauts`",
    ),
    (
        "code: messageCode,",
        "code: messageCode, sucess_codes: [A],",
        "unknown field `sucess_codes`",
    ),
    (
        "{ http: 404, doc: Not found. }",
        "{ http: 404, doc: Not found., severty: ERROR }",
        "unknown field `severty`",
    ),
    (
        "{ newtype: string }",
        "{ newtype: string, arithmetc: true }",
        "unknown field `arithmetc`",
    ),
    (
        "{ type: string, optional: true }",
        "{ type: string, optinal: true }",
        "unknown field `optinal`",
    ),
    (
        "    envelope: general\n",
        "    envelope: general\n    enviroments: [live]\n",
        "unknown field `enviroments`",
    ),
    (
        "        title: Customers\n",
        "        title: Customers\n        endpoint: []\n",
        "unknown field `endpoint`",
    ),
    (
        "            summary: Get\n",
        "            summary: Get\n            respones: Customer\n",
        "unknown field `respones`",
    ),
    (
        "{ in: path, type: CustomerUrn }",
        "{ in: path, typ: CustomerUrn }",
        "unknown field `typ`",
    ),
    (
        "status: { object: status,",
        "links: { object: links, nxt: n }\n    status: { object: status,",
        "expected a key, or a mapping with `object`",
    ),
    // a wrong kind of value
    (
        "http: 404",
        "http: \"404\"",
        "invalid type: string \"404\", expected a whole number from 0 to 65535",
    ),
    ("http: 404", "http: [404]", "invalid type: a list"),
    ("secret: true", "secret: \"true\"", "expected a boolean"),
    ("secret: true", "secret: ~", "expected a boolean"),
    ("    auth: [key]\n", "    auth: key\n", "expected a list"),
    (
        "    auth: [key]\n",
        "    auth: { key: 1 }\n",
        "expected a list",
    ),
    (
        "errors: [NOT_FOUND]",
        "errors: NOT_FOUND",
        "expected a list",
    ),
    (
        "payload: result",
        "payload: 12",
        "expected a key or a list of keys",
    ),
    (
        "payload: result",
        "payload: [result, 2]",
        "expected a key or a list of keys",
    ),
    (
        "payload: result",
        "payload: { key: result }",
        "expected a key or a list of keys",
    ),
    (
        "customerUrn: CustomerUrn\n",
        "customerUrn: 12\n",
        "a type name such as `string`",
    ),
    (
        "customerUrn: CustomerUrn\n",
        "customerUrn: [CustomerUrn]\n",
        "a type name such as `string`",
    ),
    (
        "customerUrn: CustomerUrn\n",
        "customerUrn: ~\n",
        "a type name such as `string`",
    ),
    (
        "types:\n",
        "types:\n  E: { enum: string, values: [{ value: 1.5 }] }\n",
        "expected a string or an integer",
    ),
    (
        "types:\n",
        "types:\n  E: { enum: string, values: [{ value: true }] }\n",
        "expected a string or an integer",
    ),
    (
        "types:\n",
        "types:\n  E: { enum: string, values: Active }\n",
        "expected a list",
    ),
    (
        "{ newtype: string }",
        "{ newtype: string, arithmetic: yes }",
        "expected a boolean",
    ),
    (
        "    title: C2A\n",
        "    title: C2A\n    environments: { live: 1 }\n",
        "invalid type: a mapping, expected a list",
    ),
    ("lanes:\n", "x: 1\nlanes:\n", "unknown field `x`"),
    // a missing required key
    (
        "api: { name: demo, title: Demo, version: v1 }",
        "api: { name: demo, title: Demo }",
        "missing field `version`",
    ),
    (
        "{ http: 404, doc: Not found. }",
        "{ doc: Not found. }",
        "missing field `http`",
    ),
    (
        "{ http: 404, doc: Not found. }",
        "{ http: 404 }",
        "missing field `doc`",
    ),
    (
        "{ from: api_key, secret: true }",
        "{ secret: true }",
        "missing field `from`",
    ),
    ("    payload: result\n", "", "missing field `payload`"),
    (
        "{ object: status, code: messageCode, success_codes: [SUCCESS] }",
        "{ object: status }",
        "missing field `code`",
    ),
    (
        "    base_path: /api/{version}/c2a\n",
        "",
        "missing field `base_path`",
    ),
    ("        title: Customers\n", "", "missing field `title`"),
    ("            summary: Get\n", "", "missing field `summary`"),
    (
        "{ in: path, type: CustomerUrn }",
        "{ in: path }",
        "missing field `type`",
    ),
    (
        "{ type: string, optional: true }",
        "{ optional: true }",
        "missing field `type`",
    ),
    ("kind: api_key", "doc: no kind", "missing field `kind`"),
];

#[test]
fn mistakes_the_loader_refuses_the_schema_refuses() {
    let v = validator();
    for (from, to, message) in REFUSED {
        let text = edited(from, to);
        let loaded = load_sources(&[Source::new("api.yaml", text.as_str())]);
        let loader: Vec<String> = match loaded {
            Ok(_) => panic!("the loader accepted `{to}`"),
            Err(e) => e.iter().map(|e| e.message.clone()).collect(),
        };
        assert!(
            loader.iter().any(|m| m.contains(message)),
            "`{to}`: the loader said {loader:?}, not `{message}`"
        );
        assert!(
            !schema_errors(&v, &text).is_empty(),
            "`{to}`: the loader refuses it ({loader:?}) but the schema accepts it"
        );
    }
}

/// Each edit of `VALID`, a form the loader accepts.
const ACCEPTED: &[(&str, &str)] = &[
    // a field as a bare type reference, and in full
    ("customerUrn: CustomerUrn\n", "customerUrn: { type: CustomerUrn, optional: true, nullable: true, doc: d, example: e, aliases: [urn] }\n"),
    ("customerUrn: CustomerUrn\n", "customerUrn: \"CustomerUrn\"\n      tags: list<string>\n      extra: map<json>\n"),
    // a key or a list of keys
    ("payload: result", "payload: [result, data]"),
    ("payload: result", "payload: inline\n    warnings: warnings"),
    ("payload: result", "payload: result\n    warnings: [warnings, warning]"),
    ("            response: Customer\n", "            response: Customer\n            payload: [offer, data]\n"),
    // `links:` as a key or as an object
    ("    payload: result\n", "    payload: result\n    links: links\n"),
    ("    payload: result\n", "    payload: result\n    links: { object: links, self: self, next: next, previous: ~ }\n"),
    // enum values: strings and integers
    ("types:\n", "types:\n  E: { enum: integer, values: [{ value: 101, name: Web }, { value: 102, name: App, doc: d }] }\n  S: { enum: string, values: [{ value: Active }] }\n"),
    // scalars serde_yaml reads as text, and `null` as an empty list, map or struct
    ("version: v1", "version: 1"),
    ("title: Demo", "title: ~"),
    ("{ newtype: string }", "{ newtype: string, example: 42, doc: true }"),
    ("{ type: string, optional: true }", "{ type: string, optional: true, aliases: }"),
    ("headers:\n", "headers:\n  X-Plain:\n"),
    ("types:\n", "types:\n  Empty: { fields: { a: string }, values: }\n"),
    ("headers:\n  X-Correlation-Id: { role: correlation_id, generate: uuid_v4 }\n", "headers:\n"),
    // every auth kind's keys
    ("auth:\n", "auth:\n  svc:\n    kind: oauth2_client_credentials\n    token_path: /oauth/token\n    client_auth: form\n    refresh_before_seconds: 30\n    scopes: { read: Read. }\n  sig:\n    kind: hmac_request_signature\n    key_header: X-K\n    signature_header: X-S\n    timestamp_header: X-T\n    signed: [timestamp, method, path, body]\n    separator: \"\\n\"\n    encoding: hex\n"),
];

#[test]
fn forms_the_loader_accepts_the_schema_accepts() {
    let v = validator();
    assert_eq!(schema_errors(&v, VALID), Vec::<String>::new());
    for (from, to) in ACCEPTED {
        let text = edited(from, to);
        if let Err(e) = load_sources(&[Source::new("api.yaml", text.as_str())]) {
            panic!("the loader refused `{to}`:\n{e}");
        }
        let errors = schema_errors(&v, &text);
        assert!(
            errors.is_empty(),
            "`{to}`: the schema refuses it: {errors:#?}"
        );
    }
}

#[test]
fn every_key_has_a_description() {
    let schema: Value = serde_json::from_str(&azotte_spec::json_schema()).unwrap();
    let mut missing = Vec::new();
    let mut keys = 0;
    let mut visit = |owner: &str, props: &serde_json::Map<String, Value>| {
        for (key, sub) in props {
            keys += 1;
            if sub
                .get("description")
                .and_then(Value::as_str)
                .is_none_or(str::is_empty)
            {
                missing.push(format!("{owner}.{key}"));
            }
        }
    };
    visit("(file)", schema["properties"].as_object().unwrap());
    for (name, def) in schema["definitions"].as_object().unwrap() {
        if let Some(props) = def.get("properties").and_then(Value::as_object) {
            visit(name, props);
        }
    }
    assert!(keys > 100, "only {keys} keys");
    assert_eq!(missing, Vec::<String>::new(), "keys without a description");
}

#[test]
fn the_loader_knows_exactly_the_sections_of_the_schema() {
    let schema: Value = serde_json::from_str(&azotte_spec::json_schema()).unwrap();
    let sections: Vec<&str> = schema["properties"]
        .as_object()
        .expect("top-level properties")
        .keys()
        .map(String::as_str)
        .collect();
    let errors = load_sources(&[Source::new("api.yaml", "sectoin: ~\n")]).unwrap_err();
    let help = &errors
        .iter()
        .find(|e| e.message.starts_with("unknown field `sectoin`"))
        .expect("the misspelt section is reported")
        .help;
    let listed = help
        .split_once("the sections are: ")
        .and_then(|(_, rest)| rest.split_once(" ("))
        .map(|(list, _)| list)
        .expect("the help lists the sections");
    let mut listed: Vec<&str> = listed.split(", ").collect();
    let mut sections = sections;
    listed.sort_unstable();
    sections.sort_unstable();
    assert_eq!(listed, sections);
}
