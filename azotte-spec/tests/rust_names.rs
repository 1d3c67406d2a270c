//! Every spec name that becomes a Rust identifier is checked against what the
//! generator writes for it (`azotte_spec::rust_names`): keywords become raw
//! identifiers, the keywords `r#` cannot escape (`self`, `Self`, `super`,
//! `crate`) are refused where the spec chooses the name and renamed (`self_`)
//! where the API does, and names are compared as written. Each refusal is
//! located and says what to do.

mod support;

use azotte_spec::{load_sources, Source};
use support::{edited, errors_of, only_error, VALID};

/// `VALID` with each `(from, to)` replaced once.
fn edits(pairs: &[(&str, &str)]) -> String {
    pairs.iter().fold(VALID.to_owned(), |text, (from, to)| {
        assert!(text.contains(from), "test setup: `{from}` not in the spec");
        text.replacen(from, to, 1)
    })
}

/// Asserts the one error of `text` is at `path` (with a line and column) and
/// names the unescapable keyword `rust`.
fn refused(text: &str, path: &str, rust: &str) -> azotte_spec::SpecError {
    let e = only_error(text);
    assert_eq!(e.path, path, "{e}");
    assert!(e.line.is_some() && e.column.is_some(), "unlocated: {e}");
    assert!(
        e.message.contains(&format!("becomes the Rust name `{rust}`, a keyword that cannot be used as a name (Rust has no raw `r#{rust}`)")),
        "{e}"
    );
    e
}

#[test]
fn a_type_named_self_is_refused_at_the_type() {
    let e = refused(
        &edited(
            "  CustomerUrn: { newtype: string }",
            "  CustomerUrn: { newtype: string }\n  Self: { newtype: string }",
        ),
        "types.Self",
        "Self",
    );
    assert_eq!((e.line, e.column), (Some(19), Some(3)));
    assert!(e.help.starts_with("rename `Self`"), "{e}");
    assert!(
        e.to_string()
            .starts_with("api.yaml:19:3: type `Self` becomes"),
        "{e}"
    );
}

#[test]
fn lanes_named_self_crate_or_super_are_refused_and_keywords_accepted() {
    for name in ["self", "crate", "super"] {
        let e = refused(
            &edited("  c2a:\n", &format!("  {name}:\n")),
            &format!("lanes.{name}"),
            name,
        );
        assert!(e.message.starts_with(&format!("lane `{name}`")), "{e}");
    }
    // `type`, `struct`, `async`, `gen`: raw module names (`pub mod r#type`).
    for name in ["type", "struct", "async", "gen"] {
        let spec = load_sources(&[Source::new(
            "api.yaml",
            edited("  c2a:\n", &format!("  {name}:\n")),
        )])
        .unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(spec.lanes[0].rust_name, name);
    }
}

#[test]
fn an_environment_or_auth_scheme_named_self_is_refused() {
    refused(
        &edited("  live: {", "  self: {"),
        "environments.self",
        "Self",
    );
    refused(
        &edits(&[
            ("  key:\n    kind", "  self:\n    kind"),
            ("auth: [key]", "auth: [self]"),
        ]),
        "auth.self",
        "Self",
    );
}

#[test]
fn an_enum_value_error_code_or_event_named_self_is_refused_with_a_name_hint() {
    let mode = "  Mode: { enum: string, values: [{ value: self }] }";
    let e = refused(
        &edited(
            "  CustomerUrn: { newtype: string }",
            &format!("  CustomerUrn: {{ newtype: string }}\n{mode}"),
        ),
        "types.Mode.values[0]",
        "Self",
    );
    assert!(e.help.contains("give the entry a `name:`"), "{e}");
    // With a `name:`, the wire value `self` is fine.
    let named = edited("  CustomerUrn: { newtype: string }", "  CustomerUrn: { newtype: string }\n  Mode: { enum: string, values: [{ value: self, name: Itself }] }");
    load_sources(&[Source::new("api.yaml", named)]).unwrap_or_else(|e| panic!("{e}"));

    let e = refused(
        &edited(
            "NOT_FOUND: { http: 404,",
            "NOT_FOUND: { name: self, http: 404,",
        ),
        "errors.NOT_FOUND",
        "Self",
    );
    assert!(e.help.contains("`name:`"), "{e}");
    refused(
        &edits(&[
            ("NOT_FOUND: {", "self: {"),
            ("errors: [NOT_FOUND]", "errors: [self]"),
        ]),
        "errors.self",
        "Self",
    );

    let inbound = format!(
        "{VALID}  w2m:\n    title: W\n    direction: inbound\n    base_path: /w\n    auth: [hook]\n    event_type_field: type\n    events:\n      - {{ type: self, payload: Customer }}\n"
    )
    .replacen("auth:\n", "auth:\n  hook: { kind: hmac_webhook, signature_header: X-Sig }\n", 1);
    let e = refused(&inbound, "lanes.w2m.events[0]", "Self");
    assert!(e.message.starts_with("event `self`"), "{e}");
}

#[test]
fn areas_endpoints_and_verbs_that_cannot_be_names_are_refused() {
    refused(
        &edited("      customers:\n", "      self:\n"),
        "lanes.c2a.areas.self",
        "Self",
    );
    refused(
        &edited("name: get_customer", "name: crate"),
        "lanes.c2a.areas.customers.endpoints[C-01].name",
        "crate",
    );
    refused(
        &edited(
            "name: get_customer",
            "name: get_customer\n            verb: super",
        ),
        "lanes.c2a.areas.customers.endpoints[C-01].verb",
        "super",
    );
    // A keyword method and verb are raw identifiers; a non-identifier area
    // key is fine: its accessor is its snake_case (`metering_events()`).
    let ok = edits(&[
        ("      customers:\n", "      metering-events:\n"),
        ("name: get_customer", "name: type\n            verb: match"),
    ]);
    let spec = load_sources(&[Source::new("api.yaml", ok)]).unwrap_or_else(|e| panic!("{e}"));
    let ep = &spec.lanes[0].areas[0].endpoints[0];
    assert_eq!(
        (ep.name.as_str(), ep.verb.as_deref()),
        ("type", Some("match"))
    );
}

#[test]
fn fields_params_and_credential_fields_named_self_are_renamed_and_compared_renamed() {
    // The API names these: `self` is kept on the wire and becomes `self_`.
    let ok = edits(&[
        (
            "      type: { type: string, optional: true }",
            "      self: { type: string, optional: true }",
        ),
        ("x-api-key: { from: api_key", "x-api-key: { from: crate"),
    ]);
    load_sources(&[Source::new("api.yaml", ok)]).unwrap_or_else(|e| panic!("{e}"));
    // …so `self` and `self_` collide, named as the generator writes them.
    let e = only_error(&edited(
        "      type: { type: string, optional: true }",
        "      self: { type: string, optional: true }\n      self_: string",
    ));
    assert_eq!(
        e.message,
        "field `self_` and `self` (at api.yaml:22:7, types.Customer.fields.self) both become the Rust name `self_`"
    );
    assert_eq!(e.path, "types.Customer.fields.self_");
    assert!(e.line.is_some());
}

#[test]
fn names_that_are_no_identifiers_are_refused_at_their_key() {
    for (from, to, path) in [
        (
            "  CustomerUrn: { newtype: string }\n",
            "  CustomerUrn: { newtype: string }\n  3ds: { newtype: string }\n",
            "types.3ds",
        ),
        (
            "  CustomerUrn: { newtype: string }\n",
            "  CustomerUrn: { newtype: string }\n  Café: { newtype: string }\n",
            "types.Café",
        ),
        (
            "      customerUrn: CustomerUrn\n",
            "      customerUrn: CustomerUrn\n      née: string\n",
            "types.Customer.fields.née",
        ),
        ("  c2a:\n", "  2a:\n", "lanes.2a"),
    ] {
        let e = only_error(&edited(from, to));
        assert_eq!(e.path, path, "{e}");
        assert!(e.message.contains("which is not an identifier"), "{e}");
        assert!(e.line.is_some(), "{e}");
    }
}

#[test]
fn environment_constructors_and_placeholders_are_checked_as_written() {
    // `Environment::name(…)` would clash with the generated `name()` method.
    let e = only_error(&edited("  live: {", "  name: {"));
    assert_eq!(e.path, "environments.name");
    assert!(
        e.message
            .contains("taken by the generated `Environment::name` method"),
        "{e}"
    );
    // Two placeholders that become the same field.
    let e = only_error(&edited(
        "https://{projectName}.example.com",
        "https://{projectName}.{project_name}.example.com",
    ));
    assert_eq!(e.path, "environments.live.url");
    assert!(
        e.message
            .contains("both become the Rust name `project_name`"),
        "{e}"
    );
    // A keyword placeholder is a raw field and argument.
    load_sources(&[Source::new("api.yaml", edited("{projectName}", "{type}"))])
        .unwrap_or_else(|e| panic!("{e}"));
}

#[test]
fn a_path_parameter_may_not_take_the_query_or_request_argument() {
    let text = edits(&[
        ("path: /customer/{customerUrn}", "path: /customer/{query}"),
        ("customerUrn: { in: path, type: CustomerUrn }", "query: { in: path, type: CustomerUrn }\n              page: { in: query, type: u32, optional: true }"),
    ]);
    let e = only_error(&text);
    assert_eq!(
        e.path,
        "lanes.c2a.areas.customers.endpoints[C-01].params.query"
    );
    assert!(
        e.message
            .contains("already takes for the query parameters' struct"),
        "{e}"
    );
    assert!(e.line.is_some());
}

#[test]
fn every_refusal_of_a_broken_spec_comes_at_once() {
    let text = edits(&[
        ("  live: {", "  self: {"),
        (
            "  CustomerUrn: { newtype: string }",
            "  CustomerUrn: { newtype: string }\n  Self: { newtype: string }",
        ),
        ("  c2a:\n", "  crate:\n"),
    ]);
    let errors = errors_of(&text);
    let paths: Vec<&str> = errors.iter().map(|e| e.path.as_str()).collect();
    assert_eq!(paths, ["environments.self", "types.Self", "lanes.crate"]);
}

#[test]
fn names_the_generator_derives_do_not_collide_with_spec_names() {
    // An area whose trait is the error enum `get_customer` gets.
    let area = "      get_customer_error:\n        title: E\n        endpoints:\n          - { id: C-02, name: other, method: GET, path: /o, summary: O }\n";
    let text = edited("      customers:\n", &format!("{area}      customers:\n"));
    let e = only_error(&text);
    assert_eq!(e.path, "lanes.c2a.areas.customers.endpoints[C-01].name");
    assert_eq!(
        e.message,
        "the error enum of endpoint `get_customer` is `GetCustomerError`, which is already the trait of area `get_customer_error` (at api.yaml:30:7, lanes.c2a.areas.get_customer_error)"
    );
    assert!(e.line.is_some());
    // A sort type's `<Name>Field` enum.
    let e = only_error(&edited(
        "  CustomerUrn: { newtype: string }",
        "  CustomerUrn: { newtype: string }\n  Order: { sort: [name] }\n  OrderField: { newtype: string }",
    ));
    assert_eq!(e.path, "types.OrderField");
    assert!(
        e.message
            .contains("taken by the enum of the fields sort type `Order` orders by"),
        "{e}"
    );
}
