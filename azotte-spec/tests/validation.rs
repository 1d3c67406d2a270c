//! Each class of spec mistake gives a precise error: file, line:column, YAML
//! path, what is wrong and what to do. And all of them come at once.

mod support;

use azotte_spec::model::{PayloadLocation, TypeKind};
use azotte_spec::{load_sources, Source};
use support::{edited, errors_of, only_error, VALID};

#[test]
fn the_valid_spec_loads_and_resolves() {
    let spec = load_sources(&[Source::new("api.yaml", VALID)]).expect("valid");
    let ep = &spec.lanes[0].areas[0].endpoints[0];
    assert_eq!(ep.full_path, "/api/v1/c2a/customer/{customerUrn}");
    assert_eq!(ep.pascal, "GetCustomer");
    assert_eq!(ep.payload, PayloadLocation::Key("result".into()));
    assert_eq!(spec.environments[0].variables[0].rust_name, "project_name");
    let TypeKind::Object { fields } = &spec.type_def("Customer").unwrap().kind else {
        panic!("Customer is an object")
    };
    // A Rust keyword is a valid field name: the generator escapes it.
    assert_eq!(fields[1].rust_name, "type");
}

#[test]
fn yaml_syntax_error_has_line_and_column() {
    let e = only_error(&edited("title: Demo,", "title: [Demo,"));
    assert_eq!(e.file, "api.yaml");
    assert_eq!(e.line, Some(1));
    assert!(e.column.is_some());
    assert!(e.help.contains("syntax") || e.help.contains("type"), "{e}");
}

#[test]
fn unknown_field_is_rejected_with_its_position() {
    let e = only_error(&edited(
        "  CustomerUrn: { newtype: string }",
        "  CustomerUrn: { newtype: string, colour: red }",
    ));
    assert!(e.message.contains("unknown field `colour`"), "{e}");
    assert_eq!((e.line, e.column), (Some(18), Some(35)));
    assert_eq!(e.path, "types.CustomerUrn.colour");
    assert!(e.to_string().starts_with("api.yaml:18:"), "{e}");
}

#[test]
fn unknown_type_reference_suggests_the_closest_name() {
    let e = only_error(&edited("response: Customer", "response: Custmer"));
    assert_eq!(
        e.message,
        "unknown type `Custmer`; did you mean `Customer`?"
    );
    assert_eq!(e.path, "lanes.c2a.areas.customers.endpoints[C-01].response");
    assert_eq!((e.line, e.column), (Some(40), Some(23)));
    assert!(e.help.contains("types:"));
}

#[test]
fn duplicate_endpoint_id_names_the_first() {
    let dup = "          - id: C-01\n            name: other\n            method: GET\n            path: /other\n            summary: Other\n";
    let e = only_error(&format!("{VALID}{dup}"));
    assert!(
        e.message.contains("endpoint id `C-01` is used twice"),
        "{e}"
    );
    assert!(
        e.message
            .contains("lanes.c2a.areas.customers.endpoints[C-01]"),
        "{e}"
    );
    assert_eq!(e.line, Some(42));
}

#[test]
fn names_that_collide_after_case_conversion() {
    let e = only_error(&edited(
        "      customerUrn: CustomerUrn\n",
        "      customerUrn: CustomerUrn\n      customer_urn: string\n",
    ));
    assert_eq!(
        e.message,
        "field `customer_urn` and `customerUrn` (at api.yaml:21:7, types.Customer.fields.customerUrn) both become the Rust name `customer_urn`"
    );
    assert_eq!(e.path, "types.Customer.fields.customer_urn");
    assert_eq!(e.line, Some(22));

    let e = only_error(&edited(
        "  Customer:\n",
        "  CUSTOMER_URN: { newtype: string }\n  Customer:\n",
    ));
    assert!(
        e.message
            .contains("both become the Rust name `CustomerUrn`"),
        "{e}"
    );
}

#[test]
fn names_the_generator_takes_are_refused() {
    // A type would shadow the `String` the generated code writes unqualified.
    let e = only_error(&edited(
        "  Customer:\n",
        "  string_value: { newtype: string }\n  String: { newtype: string }\n  Customer:\n",
    ));
    assert_eq!(
        e.message,
        "type `String` becomes the Rust name `String`, which is taken by Rust's own `String` (the generated code writes it unqualified)"
    );
    assert_eq!(e.path, "types.String");
    // An endpoint whose static would be the lane's own `LANE`.
    let e = only_error(&edited("name: get_customer", "name: lane"));
    assert!(
        e.message
            .contains("endpoint name `lane` becomes the Rust name `lane`, which is taken by the generated `LANE` static"),
        "{e}"
    );
}

#[test]
fn path_parameter_not_declared() {
    let e = only_error(&edited(
        "path: /customer/{customerUrn}",
        "path: /customer/{customerUrn}/{orderId}",
    ));
    assert!(
        e.message
            .contains("uses `{orderId}` but no path parameter `orderId` is declared"),
        "{e}"
    );
    assert_eq!(e.path, "lanes.c2a.areas.customers.endpoints[C-01].path");
    assert_eq!(e.line, Some(36));
}

#[test]
fn path_parameter_declared_but_unused() {
    let e = only_error(&edited(
        "              customerUrn: { in: path, type: CustomerUrn }\n",
        "              customerUrn: { in: path, type: CustomerUrn }\n              orderId: { in: path, type: string }\n",
    ));
    assert!(
        e.message
            .contains("path parameter `orderId` is declared but"),
        "{e}"
    );
    assert_eq!(e.line, Some(40));
}

#[test]
fn error_code_not_in_catalog() {
    let e = only_error(&edited(
        "errors: [NOT_FOUND]",
        "errors: [NOT_FOUND, NOT_FUOND_X]",
    ));
    assert!(
        e.message
            .starts_with("error code `NOT_FUOND_X` is not in the catalog"),
        "{e}"
    );
    assert_eq!(
        e.path,
        "lanes.c2a.areas.customers.endpoints[C-01].errors[1]"
    );
    assert!(e.help.contains("errors:"));
}

#[test]
fn unknown_auth_scheme_and_envelope() {
    let errors = errors_of(&edited(
        "    auth: [key]\n    envelope: general",
        "    auth: [kee]\n    envelope: genral",
    ));
    let messages: Vec<&str> = errors.iter().map(|e| e.message.as_str()).collect();
    assert_eq!(
        messages,
        [
            "unknown auth scheme `kee`; did you mean `key`?",
            "unknown envelope `genral`; did you mean `general`?"
        ]
    );
    assert_eq!(errors[0].line, Some(27));
    assert_eq!(errors[1].line, Some(28));
}

#[test]
fn invalid_http_method() {
    let e = only_error(&edited("method: GET", "method: FETCH"));
    assert!(e.message.contains("`FETCH` is not an HTTP method"), "{e}");
    assert_eq!((e.line, e.column), (Some(35), Some(21)));
    let e = only_error(&edited("method: GET", "method: get"));
    assert!(e.message.contains("did you mean `GET`?"), "{e}");
}

#[test]
fn a_body_on_get_is_rejected() {
    let e = only_error(&edited(
        "            response: Customer",
        "            request: Customer\n            response: Customer",
    ));
    assert!(e.message.contains("a GET request has no body"), "{e}");
}

#[test]
fn definitions_repeated_across_files_name_both_files() {
    let second = "types:\n  Customer:\n    fields:\n      id: string\n";
    let errors = match load_sources(&[Source::new("a.yaml", VALID), Source::new("b.yaml", second)])
    {
        Err(e) => e.0,
        Ok(_) => panic!("accepted"),
    };
    assert_eq!(errors.len(), 1);
    assert_eq!(errors[0].file, "b.yaml");
    assert_eq!(errors[0].line, Some(2));
    assert!(errors[0]
        .message
        .contains("defined twice (first at a.yaml:19:3, types.Customer)"));
}

#[test]
fn every_error_of_a_broken_spec_is_reported_at_once_in_order() {
    let broken = VALID
        .replacen("method: GET", "method: FETCH", 1)
        .replacen("response: Customer", "response: Nope", 1)
        .replacen("errors: [NOT_FOUND]", "errors: [GONE]", 1)
        .replacen("envelope: general", "envelope: none", 1)
        .replacen("http: 404", "http: 4040", 1);
    let errors = errors_of(&broken);
    let lines: Vec<Option<usize>> = errors.iter().map(|e| e.line).collect();
    assert_eq!(
        lines,
        [Some(16), Some(28), Some(35), Some(40), Some(41)],
        "{errors:#?}"
    );
    let text = azotte_spec::SpecErrors(errors).to_string();
    assert!(text.starts_with("the API spec has 5 errors:"));
    assert_eq!(text.matches("help:").count(), 5);
}

#[test]
fn shape_errors_in_several_files_are_all_reported() {
    let errors = match load_sources(&[
        Source::new("a.yaml", "api: [\n"),
        Source::new("b.yaml", "tpyes: {}\n"),
    ]) {
        Err(e) => e.0,
        Ok(_) => panic!("accepted"),
    };
    assert_eq!(errors.len(), 2);
    assert_eq!(errors[0].file, "a.yaml");
    assert!(errors[1].message.contains("unknown field `tpyes`"));
}

#[test]
fn a_missing_directory_is_a_clear_error() {
    let e = azotte_spec::load_dir(std::path::Path::new("/nonexistent/spec")).unwrap_err();
    assert!(e.0[0].message.contains("does not exist"), "{e}");
}

#[test]
fn enum_and_type_shape_rules() {
    let e = only_error(&edited(
        "  CustomerUrn: { newtype: string }",
        "  CustomerUrn: { newtype: string, fields: {} }",
    ));
    assert!(e.message.contains("mixes newtype and fields"), "{e}");
    let e = only_error(&edited(
        "  CustomerUrn: { newtype: string }",
        "  CustomerUrn: { enum: integer, values: [{ value: 10 }] }",
    ));
    assert!(
        e.message.contains("integer enum value `10` has no `name`"),
        "{e}"
    );
    let e = only_error(&edited(
        "  CustomerUrn: { newtype: string }",
        "  CustomerUrn: { newtype: string, arithmetic: true }",
    ));
    assert!(
        e.message.contains("`arithmetic` needs a numeric newtype"),
        "{e}"
    );
    let e = only_error(&edited(
        "  CustomerUrn: { newtype: string }",
        "  CustomerUrn: { newtype: json }",
    ));
    assert!(
        e.message
            .contains("`CustomerUrn` cannot wrap `json`: a newtype wraps text or a number"),
        "{e}"
    );
}

#[test]
fn waiter_rules() {
    // A required string field to poll on (VALID's `type` is optional).
    let base = VALID.replace("type: { type: string, optional: true }", "type: string");
    let waiter = |body: &str| {
        base.replacen(
            "    envelope: general\n",
            &format!("    envelope: general\n    waiters:\n      - {body}\n"),
            1,
        )
    };
    let ok =
        waiter("{ name: wait_for_type, poll: get_customer, state_field: type, success: [Done] }");
    let spec = load_sources(&[Source::new("api.yaml", ok.clone())]).expect("valid waiter");
    assert_eq!(spec.lanes[0].waiters[0].initial_delay_ms, 500);

    let e = only_error(&waiter(
        "{ name: w, poll: get_custmer, state_field: type, success: [Done] }",
    ));
    assert_eq!(
        e.message,
        "waiter polls `get_custmer`, which is not an endpoint of this lane; did you mean `get_customer`?"
    );
    assert_eq!(e.line, Some(30));
    let e = only_error(&waiter(
        "{ name: w, poll: get_customer, state_field: state, success: [Done] }",
    ));
    assert!(e.message.contains("has no field `state`"), "{e}");
    let e = only_error(&waiter(
        "{ name: get_customer, poll: get_customer, state_field: type, success: [Done] }",
    ));
    assert!(
        e.message
            .contains("becomes the Rust name `get_customer`, which is taken by endpoint C-01"),
        "{e}"
    );
    // An optional state field (inferred fields must be optional) is allowed:
    // a response without it counts as pending.
    let optional = edited(
        "    envelope: general\n",
        "    envelope: general\n    waiters:\n      - { name: w, poll: get_customer, state_field: type, success: [Done] }\n",
    );
    let spec = load_sources(&[Source::new("api.yaml", optional)]).expect("optional state");
    assert!(spec.lanes[0].waiters[0].state_optional);
    assert!(
        !load_sources(&[Source::new("api.yaml", ok)]).unwrap().lanes[0].waiters[0].state_optional
    );
}

#[test]
fn setters_named_after_optional_fields_may_not_shadow_what_callers_use() {
    let e = only_error(&edited(
        "      type: { type: string, optional: true }",
        "      new: { type: string, optional: true }",
    ));
    assert_eq!(e.path, "types.Customer.fields.new");
    assert_eq!(
        e.message,
        "optional field `new` gets the setter `new(…)`, which would shadow the constructor `new`"
    );
    assert_eq!(e.help, "rename `new`, or make it required");
    // A required field has no setter: any name works.
    load_sources(&[Source::new(
        "api.yaml",
        edited(
            "      type: { type: string, optional: true }",
            "      clone: string",
        ),
    )])
    .expect("a required field named clone");
    let e = only_error(&edited(
        "            params:\n",
        "            params:\n              clone: { in: query, type: string, optional: true }\n",
    ));
    assert!(
        e.message.contains("optional query parameter `clone` gets the setter `clone(…)`, which would shadow `Clone::clone`"),
        "{e}"
    );
}

#[test]
fn an_object_has_at_most_100_fields() {
    // `Customer` has 2 fields already.
    let many: String = (0..99).map(|i| format!("      f{i}: string\n")).collect();
    let e = only_error(&edited("    fields:\n", &format!("    fields:\n{many}")));
    assert!(
        e.message
            .contains("has 101 fields; an object has at most 100"),
        "{e}"
    );
}

#[test]
fn areas_may_not_take_the_lane_modules_own_type_names() {
    for (area, by) in [
        ("client", "the generated lane client"),
        ("credentials", "the lane's generated credentials enum"),
    ] {
        let e = only_error(&edited(
            "    areas:\n      customers:",
            &format!("    areas:\n      {area}:"),
        ));
        assert!(
            e.message.contains(&format!("which is taken by {by}")),
            "{e}"
        );
        assert_eq!(e.help, format!("rename `{area}`"));
    }
}

#[test]
fn a_required_inferred_field_of_a_received_type_is_refused_at_the_field() {
    // `Customer` is the response of C-01: its fields are received.
    let e = only_error(&edited(
        "      type: { type: string, optional: true }",
        "      type: { type: string, doc: \"inferred: the customer's kind.\" }",
    ));
    assert_eq!(e.location(), "api.yaml:22:7");
    assert_eq!(e.path, "types.Customer.fields.type");
    assert_eq!(
        e.message,
        "inferred field `type` of `Customer` is required, but `Customer` is received (the response of C-01 `get_customer`): an answer without it would not decode (its doc starts with `inferred:`)"
    );
    assert!(e.help.starts_with("add `optional: true`"), "{e}");
    assert!(e.help.contains("cite it"), "{e}");
    // Optional or nullable, the same field is accepted: an absent value decodes as `None`.
    for marked in ["optional: true", "nullable: true"] {
        let ok = edited(
            "      type: { type: string, optional: true }",
            &format!(
                "      type: {{ type: string, {marked}, doc: \"inferred: the customer's kind.\" }}"
            ),
        );
        let spec = load_sources(&[Source::new("api.yaml", ok)]).expect(marked);
        let TypeKind::Object { fields } = &spec.type_def("Customer").unwrap().kind else {
            panic!("an object")
        };
        assert!(fields[1].inferred);
    }
}

#[test]
fn a_type_marked_inferred_marks_its_undocumented_fields() {
    let inferred_type = edited(
        "  Customer:\n",
        "  Customer:\n    doc: \"inferred: a customer.\"\n",
    );
    let e = only_error(&inferred_type);
    assert_eq!(e.path, "types.Customer.fields.customerUrn");
    assert_eq!(e.location(), "api.yaml:22:7");
    assert!(
        e.message
            .ends_with("(it has no doc and the doc of its type starts with `inferred:`)"),
        "{e}"
    );
    // A field doc that does not start with `inferred:` claims the field is
    // documented; `inferred:` later in it marks a detail, not the field.
    let cited = inferred_type.replacen(
        "      customerUrn: CustomerUrn",
        "      customerUrn: { type: CustomerUrn, doc: \"The URN (as the Customers page names it). inferred: its format.\" }",
        1,
    );
    let spec = load_sources(&[Source::new("api.yaml", cited)]).expect("a cited field");
    let TypeKind::Object { fields } = &spec.type_def("Customer").unwrap().kind else {
        panic!("an object")
    };
    assert!(!fields[0].inferred);
}

#[test]
fn inferred_fields_of_types_only_sent_may_be_required() {
    let request = "          - id: C-02\n            name: store_customer\n            method: POST\n            path: /customer\n            summary: Store\n            request: NewCustomer\n";
    let spec = format!("{VALID}{request}").replacen(
        "  Customer:\n",
        "  NewCustomer:\n    fields:\n      name: { type: string, doc: \"inferred: the name.\" }\n  Customer:\n",
        1,
    );
    load_sources(&[Source::new("api.yaml", spec)]).expect("a sent type is the caller's to fill");
}

#[test]
fn the_diagnostics_type_of_an_envelope_is_received() {
    let spec = edited(
        "    status: { object: status, code: messageCode, success_codes: [SUCCESS] }\n",
        "    status: { object: status, code: messageCode, success_codes: [SUCCESS] }\n    diagnostics: { object: diagnostics, correlation_id: correlationId, type: Diag }\n",
    )
    .replacen(
        "  Customer:\n",
        "  Diag:\n    fields:\n      nodeId: { type: string, doc: \"inferred: the node.\" }\n  Customer:\n",
        1,
    );
    let e = only_error(&spec);
    assert_eq!(e.path, "types.Diag.fields.nodeId");
    assert!(
        e.message
            .contains("`Diag` is received (the diagnostics of envelope `general`)"),
        "{e}"
    );
}

#[test]
fn aliases_name_one_field_only() {
    let ok = edited(
        "      type: { type: string, optional: true }",
        "      type: { type: string, optional: true, aliases: [kind, customerType] }",
    );
    let spec = load_sources(&[Source::new("api.yaml", ok)]).expect("aliases");
    let TypeKind::Object { fields } = &spec.type_def("Customer").unwrap().kind else {
        panic!("an object")
    };
    assert_eq!(fields[1].aliases, ["kind", "customerType"]);

    let e = only_error(&edited(
        "      type: { type: string, optional: true }",
        "      type: { type: string, optional: true, aliases: [customerUrn] }",
    ));
    assert_eq!(e.path, "types.Customer.fields.type.aliases[0]");
    assert_eq!(
        e.message,
        "alias `customerUrn` of field `type` is already the wire name or an alias of field `customerUrn` (at api.yaml:21:7, types.Customer.fields.customerUrn)"
    );
    let e = only_error(&edited(
        "      type: { type: string, optional: true }",
        "      type: { type: string, optional: true, aliases: [kind, kind] }",
    ));
    assert_eq!(e.message, "alias `kind` repeats a name of field `type` (at api.yaml:22:45, types.Customer.fields.type.aliases[0])");
}

#[test]
fn envelope_keys_and_payload_alternatives() {
    // An endpoint's domain key comes first; the envelope's keys stay accepted.
    let text = edited(
        "            response: Customer",
        "            response: Customer\n            payload: [customer, item]",
    )
    .replace("    payload: result\n", "    payload: [result, data]\n");
    let spec = load_sources(&[Source::new("api.yaml", &text)]).expect("valid");
    let ep = &spec.lanes[0].areas[0].endpoints[0];
    assert_eq!(ep.payload, PayloadLocation::Key("customer".into()));
    assert_eq!(ep.payload_fallbacks, ["item", "result", "data"]);
    // Warnings in several places, links with their keys, a retry key.
    let text = edited(
        "    status: { object: status, code: messageCode, success_codes: [SUCCESS] }",
        "    status: { object: status, code: messageCode, success_codes: [SUCCESS], warnings: [warnings, warning], source: source }\n    warnings: warnings\n    links: { object: links, self: self, next: next }\n    retry_after: retryAfter",
    );
    let spec = load_sources(&[Source::new("api.yaml", &text)]).expect("valid");
    let e = &spec.envelopes[0];
    assert_eq!(e.status_warnings, ["warnings", "warning"]);
    assert_eq!(e.warnings.as_deref(), Some("warnings"));
    assert_eq!(e.top_warnings, ["warnings"]);
    assert_eq!(
        (
            e.links.as_deref(),
            e.link_self.as_deref(),
            e.link_previous.as_deref()
        ),
        (Some("links"), Some("self"), None)
    );
    assert_eq!(e.retry_after.as_deref(), Some("retryAfter"));
    assert_eq!(e.source.as_deref(), Some("source"));

    let e = only_error(&edited(
        "            response: Customer",
        "            response: Customer\n            payload: [inline, data]",
    ));
    assert!(e.message.contains("`inline`"), "{e}");
    assert_eq!(e.path, "lanes.c2a.areas.customers.endpoints[C-01].payload");
    let e = only_error(&edited(
        "    status: { object: status, code: messageCode, success_codes: [SUCCESS] }",
        "    status: { object: status, code: messageCode, success_codes: [SUCCESS], warnings: [w, w] }",
    ));
    assert!(e.message.contains("listed twice"), "{e}");
    assert_eq!(e.path, "envelopes.general.status.warnings[1]");
}

#[test]
fn a_content_type_must_be_a_media_type_that_can_go_in_accept() {
    let line = "    status: { object: status, code: messageCode, success_codes: [SUCCESS] }";
    let ok = edited(
        line,
        &format!("{line}\n    content_type: application/clientOutput+Json"),
    );
    let spec = load_sources(&[Source::new("api.yaml", ok)]).expect("valid");
    assert_eq!(
        spec.envelopes[0].content_type.as_deref(),
        Some("application/clientOutput+Json")
    );
    for bad in ["json", "\"application/json\\r\\nX-Injected: 1\""] {
        let e = only_error(&edited(line, &format!("{line}\n    content_type: {bad}")));
        assert_eq!(e.path, "envelopes.general.content_type", "{e}");
        assert!(e.message.contains("can be sent in `Accept`"), "{e}");
    }
}

#[test]
fn every_shape_and_semantic_error_of_every_file_comes_in_one_run() {
    // Two key typos in one entry, a wrong kind of value, a missing key, a
    // misspelt section, a syntax error in another file, and semantic errors.
    let first = VALID
        .replacen(
            "  CustomerUrn: { newtype: string }",
            "  CustomerUrn: { newtype: string, colour: red, size: 2 }",
            1,
        )
        .replacen("NOT_FOUND: { http: 404,", "NOT_FOUND: { http: [404],", 1)
        .replacen("            summary: Get\n", "", 1)
        .replacen("types:", "tpyes: {}\ntypes:", 1);
    let second = "types:\n  Order:\n    fields:\n      id: string\n  Bad: { newtype: [\n";
    let third = "lanes:\n  m2m:\n    title: M2M\n    base_path: /m2m\n    auth: [key]\n    envelope: general\n    areas:\n      orders:\n        title: Orders\n        endpoints:\n          - { id: M-01, name: list, method: FETCH, path: /orders, summary: List }\n          - { id: M-02, name: get, method: GET, path: \"/orders/{id}\", summary: Get, response: Order }\n          - { id: M-03, name: put, method: PUT, path: /o, summary: Put, request: Ordr }\n";
    let errors = match load_sources(&[
        Source::new("a.yaml", first),
        Source::new("b.yaml", second),
        Source::new("c.yaml", third),
    ]) {
        Err(e) => e.0,
        Ok(_) => panic!("accepted"),
    };
    let got: Vec<String> = errors
        .iter()
        .map(|e| {
            format!(
                "{}:{}:{} {}",
                e.file,
                e.line.unwrap_or(0),
                e.column.unwrap_or(0),
                e.message
            )
        })
        .collect();
    let expected = [
        "a.yaml:16:22 invalid type: a list, expected a whole number",
        "a.yaml:17:1 unknown field `tpyes`; did you mean `types`?",
        "a.yaml:19:35 unknown field `colour`",
        "a.yaml:19:48 unknown field `size`",
        "a.yaml:34:11 missing field `summary`",
        "b.yaml:6:1 did not find expected node content",
        "c.yaml:11:45 `FETCH` is not an HTTP method",
        "c.yaml:12:49 path `/orders/{id}` uses `{id}`",
        // `Order` may be in the unreadable b.yaml; `Ordr` is not.
        "c.yaml:13:82 unknown type `Ordr`",
    ];
    assert_eq!(got.len(), expected.len(), "{got:#?}");
    for (got, expected) in got.iter().zip(expected) {
        assert!(
            got.starts_with(expected),
            "{got} does not start with {expected}"
        );
    }
}

#[test]
fn a_wrong_auth_kind_is_reported_once_not_again_where_it_is_used() {
    let e = only_error(&edited("kind: api_key", "kind: api_kye"));
    assert!(e.message.starts_with("unknown auth kind `api_kye`"), "{e}");
    // A shape error in a definition: references to it are not "unknown".
    let e = only_error(&edited(
        "    payload: result\n",
        "    payload: result\n    colour: red\n",
    ));
    assert!(e.message.starts_with("unknown field `colour`"), "{e}");
    let e = only_error(&edited(
        "  CustomerUrn: { newtype: string }",
        "  CustomerUrn: { newtype: [string] }",
    ));
    assert!(e.message.contains("invalid type"), "{e}");
    assert_eq!(e.path, "types.CustomerUrn.newtype");
}

#[test]
fn a_duplicate_endpoint_id_hides_none_of_its_mistakes() {
    let dup = "          - id: C-01\n            name: other\n            method: FETCH\n            path: /other/{x}\n            summary: Other\n";
    let errors = errors_of(&format!("{VALID}{dup}"));
    let messages: Vec<&str> = errors.iter().map(|e| e.message.as_str()).collect();
    assert_eq!(messages.len(), 3, "{messages:#?}");
    assert!(messages[0].contains("is used twice"));
    assert!(messages[1].contains("FETCH"));
    assert!(messages[2].contains("{x}"));
}

#[test]
fn a_cited_document_the_table_lacks_is_an_error_at_the_number() {
    let cites = edited(
        "  Customer:\n",
        "  Customer:\n    doc: The customer (documents 001 and\n      007).\n",
    );
    let e = only_error(&cites.replace(
        "api: { name: demo, title: Demo, version: v1 }",
        "api: { name: demo, title: Demo, version: v1, documents: { \"001\": C2A overview } }",
    ));
    assert_eq!(
        e.message,
        "`document 007` is cited, but `api.documents` does not list it"
    );
    // The number on the folded line, not the start of the citation.
    let line = VALID.lines().position(|l| l == "  Customer:").unwrap() + 3;
    assert_eq!((e.line, e.column), (Some(line), Some(7)));
    assert!(e.help.contains("\"007\": <its title>"), "{e}");
    assert!(e.excerpt.contains("007)."), "{e}");
}

#[test]
fn citations_resolve_to_titles_and_ids_are_numbers() {
    let spec = load_sources(&[Source::new(
        "api.yaml",
        edited(
            "api: { name: demo, title: Demo, version: v1 }",
            "api: { name: demo, title: Demo, version: v1, documents: { \"001\": C2A overview } }",
        ),
    )])
    .expect("valid");
    assert_eq!(
        spec.api.documents.cite("as document 001 says"),
        "as *Demo: C2A overview* says"
    );
    // Comment lines never reach the docs: they may cite anything.
    let commented = edited(
        "api: { name: demo, title: Demo, version: v1 }",
        "# see document 999\napi: { name: demo, title: Demo, version: v1, documents: { \"001\": C2A overview } }",
    );
    assert!(load_sources(&[Source::new("api.yaml", commented)]).is_ok());
    // Without a table (a spec older than the key), citations are left as written.
    let untitled = edited(
        "  Customer:\n",
        "  Customer:\n    doc: The customer (document 002).\n",
    );
    let spec = load_sources(&[Source::new("api.yaml", untitled)]).expect("no table, no check");
    assert_eq!(spec.api.documents.cite("document 002"), "document 002");

    let e = only_error(&edited(
        "api: { name: demo, title: Demo, version: v1 }",
        "api: { name: demo, title: Demo, version: v1, documents: { C2A: overview } }",
    ));
    assert_eq!(e.message, "document id `C2A` is not a number");
    assert_eq!(e.path, "api.documents.C2A");
}
