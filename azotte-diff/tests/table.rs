//! The classification table: one small spec per change kind, diffed in both
//! directions (the change, then its undoing), against the expected wire and
//! Rust-API verdicts and the bump of a 0.x crate. Expected values follow the
//! generated code's shape, proven against the compiler in `compile_proof`.

use azotte_diff::{bumped, diff, required_bump, Bump, Kind, Version};
use azotte_spec::Source;

const BASE: &str = r#"
api: { name: demo, title: Demo, version: v1 }
environments:
  live: { url: "https://{projectName}.example.com" }
headers:
  X-Correlation-Id: { role: correlation_id, generate: uuid_v4 }
auth:
  key:
    kind: api_key
    headers:
      x-api-key: { from: api_key, secret: true }
envelopes:
  general:
    payload: result
    status: { object: status, code: messageCode, success_codes: [SUCCESS] }
errors:
  NOT_FOUND: { http: 404, doc: Not found. }
  CONFLICT: { http: 409, doc: Conflict. }
types:
  Color:
    enum: string
    doc: A color, sent and received.
    values:
      - value: red
      - value: blue
  Body:
    doc: Sent.
    fields:
      name: string
      note: { type: string, optional: true }
      color: { type: Color, optional: true }
  Reply:
    doc: Received.
    fields:
      id: string
      label: { type: string, optional: true }
      color: { type: Color, optional: true }
lanes:
  c2a:
    title: C2A
    base_path: /api/{version}/c2a
    auth: [key]
    envelope: general
    areas:
      things:
        title: Things
        endpoints:
          - id: T-01
            name: store_thing
            method: POST
            path: /thing
            summary: Store
            request: Body
            response: Reply
            errors: [NOT_FOUND]
#ENDPOINTS
"#;

const SECOND_ENDPOINT: &str = "          - id: T-02
            name: list_things
            method: GET
            path: /things
            summary: List
            response: Reply
";

fn load(text: &str) -> Version {
    Version::load(vec![Source::new("demo.yaml", text)]).unwrap_or_else(|e| panic!("{e}\n{text}"))
}

fn edit(from: &str, to: &str) -> String {
    assert_eq!(
        BASE.matches(from).count(),
        1,
        "`{from}` occurs once in BASE"
    );
    BASE.replacen(from, to, 1)
}

/// (kind, wire breaking, Rust breaking) of a one-change diff.
type Verdicts = (Kind, bool, bool);

/// Diffs `a` → `b`, expects exactly one change with `verdicts`, and the bump
/// a 0.1.0 crate needs.
fn check(case: &str, a: &str, b: &str, verdicts: Verdicts, bump: Bump) {
    let changes = diff(&load(a), &load(b));
    assert_eq!(changes.len(), 1, "{case}: {changes:#?}");
    let c = &changes[0];
    assert_eq!(
        (c.kind, c.wire.breaking, c.rust.breaking),
        verdicts,
        "{case}: {c:#?}"
    );
    assert!(
        !c.wire.reason.is_empty() && !c.rust.reason.is_empty(),
        "{case}: reasons"
    );
    assert_eq!(required_bump(&changes, "0.1.0"), bump, "{case}");
}

#[test]
fn each_change_kind_in_both_directions() {
    use Bump::{Minor, Patch};
    use Kind::*;
    // (case, base fragment, changed fragment, forward verdicts, forward bump, backward verdicts, backward bump)
    let table: Vec<(&str, &str, String, Verdicts, Bump, Verdicts, Bump)> = vec![
        (
            "endpoint added to an existing area (trait gains a method) / removed",
            "#ENDPOINTS", SECOND_ENDPOINT.into(),
            (EndpointAdded, false, true), Minor, (EndpointRemoved, true, true), Minor,
        ),
        (
            "endpoint renamed",
            "name: store_thing", "name: put_thing".into(),
            (EndpointRenamed, false, true), Minor, (EndpointRenamed, false, true), Minor,
        ),
        (
            "method changed",
            "method: POST", "method: PUT".into(),
            (MethodChanged, true, false), Minor, (MethodChanged, true, false), Minor,
        ),
        (
            "path changed",
            "path: /thing\n", "path: /things/store\n".into(),
            (PathChanged, true, false), Minor, (PathChanged, true, false), Minor,
        ),
        (
            "optional request field added / removed",
            "      name: string\n", "      name: string\n      extra: { type: string, optional: true }\n".into(),
            (FieldAdded, false, true), Minor, (FieldRemoved, false, true), Minor,
        ),
        (
            "required request field added / removed",
            "      name: string\n", "      name: string\n      extra: string\n".into(),
            (FieldAdded, true, true), Minor, (FieldRemoved, false, true), Minor,
        ),
        (
            "required response field added / removed",
            "      id: string\n", "      id: string\n      extra: string\n".into(),
            (FieldAdded, false, true), Minor, (FieldRemoved, true, true), Minor,
        ),
        (
            "optional response field added / removed",
            "      id: string\n", "      id: string\n      extra: { type: string, optional: true }\n".into(),
            (FieldAdded, false, true), Minor, (FieldRemoved, false, true), Minor,
        ),
        (
            "request field made optional / required",
            "      name: string\n", "      name: { type: string, optional: true }\n".into(),
            (FieldPresenceChanged, false, true), Minor, (FieldPresenceChanged, true, true), Minor,
        ),
        (
            "response field made optional / required",
            "      id: string\n", "      id: { type: string, optional: true }\n".into(),
            (FieldPresenceChanged, true, true), Minor, (FieldPresenceChanged, false, true), Minor,
        ),
        (
            "optional response field made nullable too (same Rust type) / back",
            "      label: { type: string, optional: true }\n", "      label: { type: string, optional: true, nullable: true }\n".into(),
            (FieldPresenceChanged, false, false), Patch, (FieldPresenceChanged, false, false), Patch,
        ),
        (
            "optional request field made nullable too: old clients never send null / back: they may",
            "      note: { type: string, optional: true }\n", "      note: { type: string, optional: true, nullable: true }\n".into(),
            (FieldPresenceChanged, false, false), Patch, (FieldPresenceChanged, true, false), Minor,
        ),
        (
            "field type changed",
            "      id: string\n", "      id: i64\n".into(),
            (FieldTypeChanged, true, true), Minor, (FieldTypeChanged, true, true), Minor,
        ),
        (
            "enum value added (sent and received) / removed",
            "      - value: blue\n", "      - value: blue\n      - value: green\n".into(),
            (EnumValueAdded, false, true), Minor, (EnumValueRemoved, true, true), Minor,
        ),
        (
            "error code added / removed",
            "errors: [NOT_FOUND]", "errors: [NOT_FOUND, CONFLICT]".into(),
            (ErrorCodeAdded, false, true), Minor, (ErrorCodeRemoved, false, true), Minor,
        ),
        (
            "error code's HTTP status changed",
            "CONFLICT: { http: 409", "CONFLICT: { http: 400".into(),
            (ErrorCodeChanged, false, false), Patch, (ErrorCodeChanged, false, false), Patch,
        ),
        (
            "type added / removed",
            "types:\n", "types:\n  Spare: { newtype: string, doc: Unused. }\n".into(),
            (TypeAdded, false, false), Patch, (TypeRemoved, false, true), Minor,
        ),
        (
            "environment added / removed",
            "environments:\n", "environments:\n  local: { url: \"http://127.0.0.1:5210\" }\n".into(),
            (EnvironmentAdded, false, true), Minor, (EnvironmentRemoved, true, true), Minor,
        ),
        (
            "environment URL changed",
            "{projectName}.example.com", "{projectName}.example.org".into(),
            (EnvironmentChanged, true, false), Minor, (EnvironmentChanged, true, false), Minor,
        ),
        (
            "header added / removed",
            "headers:\n  X-Corr", "headers:\n  X-Trace: { doc: Free-form. }\n  X-Corr".into(),
            (HeaderChanged, false, false), Patch, (HeaderChanged, false, false), Patch,
        ),
        (
            "envelope key changed",
            "code: messageCode", "code: statusCode".into(),
            (EnvelopeChanged, true, false), Minor, (EnvelopeChanged, true, false), Minor,
        ),
        (
            "auth scheme's header changed",
            "x-api-key: { from", "x-key: { from".into(),
            (AuthChanged, true, false), Minor, (AuthChanged, true, false), Minor,
        ),
        (
            "lane base path changed",
            "base_path: /api/{version}/c2a", "base_path: /api/{version}/c2b".into(),
            (LaneChanged, true, false), Minor, (LaneChanged, true, false), Minor,
        ),
    ];
    for (case, from, to, fwd, fwd_bump, back, back_bump) in table {
        let changed = edit(from, &to);
        check(&format!("{case} (forward)"), BASE, &changed, fwd, fwd_bump);
        check(
            &format!("{case} (backward)"),
            &changed,
            BASE,
            back,
            back_bump,
        );
    }
}

#[test]
fn endpoint_in_a_new_area_is_an_addition_only() {
    let changed = edit(
        "#ENDPOINTS",
        &format!("      more:\n        title: More\n        endpoints:\n{SECOND_ENDPOINT}"),
    );
    let changes = diff(&load(BASE), &load(&changed));
    assert_eq!(changes.len(), 1, "{changes:#?}");
    assert_eq!(
        (changes[0].kind, changes[0].breaking()),
        (Kind::EndpointAdded, false)
    );
    // From 1.0 on an addition is a minor bump; before, a patch.
    assert_eq!(required_bump(&changes, "1.4.2"), Bump::Minor);
    assert_eq!(required_bump(&changes, "0.4.2"), Bump::Patch);
}

#[test]
fn bumps_follow_cargo_semver_rules() {
    let breaking = diff(&load(BASE), &load(&edit("method: POST", "method: PUT")));
    assert_eq!(required_bump(&breaking, "1.2.3"), Bump::Major);
    assert_eq!(required_bump(&breaking, "0.2.3"), Bump::Minor);
    assert_eq!(required_bump(&[], "1.2.3"), Bump::None);
    assert_eq!(bumped("0.1.7", Bump::Minor).as_deref(), Some("0.2.0"));
    assert_eq!(bumped("1.2.3", Bump::Major).as_deref(), Some("2.0.0"));
    assert_eq!(bumped("1.2.3", Bump::Minor).as_deref(), Some("1.3.0"));
    assert_eq!(bumped("1.2.3", Bump::Patch).as_deref(), Some("1.2.4"));
    assert_eq!(bumped("one", Bump::Patch), None);
}

#[test]
fn locations_name_file_and_line_in_both_versions() {
    let changed = edit("errors: [NOT_FOUND]", "errors: [NOT_FOUND, CONFLICT]");
    let c = &diff(&load(BASE), &load(&changed))[0];
    let line = BASE
        .lines()
        .position(|l| l.contains("errors: [NOT_FOUND]"))
        .unwrap()
        + 1;
    for at in [c.old.as_ref().unwrap(), c.new.as_ref().unwrap()] {
        assert_eq!(at.path, "lanes.c2a.areas.things.endpoints[T-01].errors");
        assert_eq!(
            (at.file.as_deref(), at.line),
            (Some("demo.yaml"), Some(line))
        );
    }
}

#[test]
fn real_specs_against_themselves_give_nothing() {
    for api in ["azotte", "automatum"] {
        let sources = azotte_spec::read_dir(&azotte_spec::api_dir(api)).unwrap();
        let v = Version::load(sources).unwrap();
        assert_eq!(diff(&v, &v), vec![], "{api}");
    }
}

#[test]
fn compile_proof_pair() {
    // The specs `src/compile_proof.rs` compiles caller code against.
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/proof");
    let load_dir = |d: &str| Version::load(azotte_spec::read_dir(&dir.join(d)).unwrap()).unwrap();
    let changes = diff(&load_dir("old"), &load_dir("new"));
    let got: Vec<(Kind, bool, bool)> = changes
        .iter()
        .map(|c| (c.kind, c.wire.breaking, c.rust.breaking))
        .collect();
    assert_eq!(
        got,
        [
            (Kind::ErrorCodeAdded, false, true),
            (Kind::FieldAdded, false, true)
        ]
    );
}
