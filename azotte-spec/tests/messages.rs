//! Every loader and validator message, whole: where (file:line:column and the
//! quoted line with its caret), what, the YAML path and the fix (issue 15,
//! item 4). Each test asserts the full text a user sees.

mod support;

use support::{edited, only_error, VALID};

/// The one error of `text` as printed.
fn printed(text: &str) -> String {
    only_error(text).to_string()
}

#[test]
fn an_alias_bomb_is_located_at_its_first_alias() {
    let mut text = format!("{VALID}x0: &a [1, 1, 1, 1, 1, 1, 1, 1, 1]\n");
    for (i, (anchor, alias)) in [
        ("b", "a"),
        ("c", "b"),
        ("d", "c"),
        ("e", "d"),
        ("f", "e"),
        ("g", "f"),
        ("h", "g"),
        ("i", "h"),
    ]
    .iter()
    .enumerate()
    {
        text.push_str(&format!(
            "x{}: &{anchor} [{}]\n",
            i + 1,
            vec![format!("*{alias}"); 9].join(", ")
        ));
    }
    assert_eq!(
        printed(&text),
        "api.yaml:43:9: the aliases here expand to too many values (repetition limit exceeded)
     |
  43 | x1: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]
     |         ^
  help: an alias (`*name`) repeats what its anchor (`&name`) holds, and aliases of aliases multiply; the spec format needs none: write the values out"
    );
}

#[test]
fn a_second_document_is_located_at_its_marker() {
    assert_eq!(
        printed(&format!("---\n{VALID}---\nlanes: {{}}\n")),
        "api.yaml:43:1: a second YAML document starts here; a spec file holds one
     |
  43 | ---
     | ^
  help: remove this line to merge the two into one document, or move what follows it into a file of its own"
    );
}

#[test]
fn a_duplicate_key_is_located_at_the_duplicate() {
    assert_eq!(
        printed(&edited(
            "    title: C2A\n",
            "    title: C2A\n    base_path: /x\n    title: C2B\n"
        )),
        "api.yaml:27:5: duplicate key `title` (first at line 25 column 5)
     |
  25 |     title: C2A
     |     ^
  27 |     title: C2B
     |     ^
  at: lanes.c2a.title
  help: each key may appear once in a mapping: remove one, or merge the two"
    );
    assert_eq!(
        printed(&edited(
            "X-Correlation-Id: { role: correlation_id,",
            "X-Correlation-Id: { role: correlation_id, role: tenant,"
        )),
        "api.yaml:5:45: duplicate key `role` (first at line 5 column 23)
    |
  5 |   X-Correlation-Id: { role: correlation_id, role: tenant, generate: uuid_v4 }
    |                                             ^
  at: headers.X-Correlation-Id.role
  help: each key may appear once in a mapping: remove one, or merge the two"
    );
}

#[test]
fn a_tab_in_the_indentation_is_named() {
    assert_eq!(
        printed(&edited("            summary: Get\n", "            summary: Get\n  \t          doc: x\n")),
        "api.yaml:38:3: found a tab character that violates indentation, while scanning a plain scalar at line 37 column 22
     |
  37 |             summary: Get
     |                      ^
  38 |   \t          doc: x
     |   ^
  help: YAML forbids tabs for indentation: replace the tab at line 38 column 3 with spaces"
    );
}

#[test]
fn an_unquoted_colon_in_a_value_gets_quoted() {
    assert_eq!(
        printed(&edited("            summary: Get\n", "            summary: Get: the customer\n")),
        "api.yaml:37:25: mapping values are not allowed in this context
     |
  37 |             summary: Get: the customer
     |                         ^
  help: a plain value cannot contain `: ` (it would start a mapping); quote the value: `summary: \"Get: the customer\"`"
    );
}

#[test]
fn a_misspelt_built_in_type_is_suggested_with_the_caret_on_it() {
    assert_eq!(
        printed(&edited("customerUrn: CustomerUrn\n", "customerUrn: strin\n")),
        "api.yaml:21:20: unknown type `strin`; did you mean `string`?
     |
  21 |       customerUrn: strin
     |                    ^
  at: types.Customer.fields.customerUrn.type
  help: define `strin` under `types:` or use one of: string, bool, i32, i64, u32, u64, f64, datetime, date, uuid, json, list<T>, map<T>"
    );
    // In a flow mapping too, the caret is on the value, not on `type:`.
    assert_eq!(
        printed(&edited("{ in: path, type: CustomerUrn }", "{ in: path, type: datetme }")),
        "api.yaml:39:46: unknown type `datetme`; did you mean `datetime`?
     |
  39 |               customerUrn: { in: path, type: datetme }
     |                                              ^
  at: lanes.c2a.areas.customers.endpoints[C-01].params.customerUrn.type
  help: define `datetme` under `types:` or use one of: string, bool, i32, i64, u32, u64, f64, datetime, date, uuid, json, list<T>, map<T>"
    );
}

#[test]
fn a_wrong_value_gets_the_caret_not_its_key() {
    assert_eq!(
        printed(&edited("    envelope: general\n", "    envelope: generl\n")),
        "api.yaml:28:15: unknown envelope `generl`; did you mean `general`?
     |
  28 |     envelope: generl
     |               ^
  at: lanes.c2a.envelope
  help: declare it under `envelopes:` or use a declared one: general"
    );
}

#[test]
fn names_that_collide_say_where_both_are() {
    // Endpoint names that become the same method, in two lanes' areas.
    assert_eq!(
        printed(&edited("            errors: [NOT_FOUND]\n", "            errors: [NOT_FOUND]\n          - { id: C-02, name: getCustomer, method: GET, path: /c, summary: Again }\n")),
        "api.yaml:42:25: endpoint name `getCustomer` and `get_customer` (at api.yaml:34:13, lanes.c2a.areas.customers.endpoints[C-01].name) both become the Rust name `get_customer`
     |
  42 |           - { id: C-02, name: getCustomer, method: GET, path: /c, summary: Again }
     |                         ^
  at: lanes.c2a.areas.customers.endpoints[C-02].name
  help: rename one of them so their names differ after case conversion"
    );
}

#[test]
fn things_listed_twice_say_where_the_first_is() {
    assert_eq!(
        printed(&edited("errors: [NOT_FOUND]", "errors: [NOT_FOUND, NOT_FOUND]")),
        "api.yaml:41:33: error code `NOT_FOUND` is listed twice (first at api.yaml:41:22, lanes.c2a.areas.customers.endpoints[C-01].errors[0])
     |
  41 |             errors: [NOT_FOUND, NOT_FOUND]
     |                                 ^
  at: lanes.c2a.areas.customers.endpoints[C-01].errors[1]
  help: remove the duplicate"
    );
    let two = [
        azotte_spec::Source::new("api.yaml", VALID),
        azotte_spec::Source::new(
            "more.yaml",
            "api: { name: demo, title: Demo, version: v1 }\n",
        ),
    ];
    let errors = azotte_spec::load_sources(&two).unwrap_err();
    assert_eq!(
        errors.0[0].to_string(),
        "more.yaml:1:1: `api:` is declared again (first at api.yaml:1:1, api)
    |
  1 | api: { name: demo, title: Demo, version: v1 }
    | ^
  at: api
  help: declare `api:` in one file only"
    );
}

#[test]
fn a_key_holding_backquotes_is_one_error_naming_the_whole_key() {
    // In a flow mapping a comma ends the value, so the rest of this doc text
    // becomes a key: "e.g. `C-1`." (it once gave 10,000 copies of an error
    // about the key cut at its first backquote, "e.g. ").
    let error = only_error(&edited(
        "CustomerUrn: { newtype: string }",
        "CustomerUrn: { newtype: string, doc: A customer's id, e.g. `C-1`. }",
    ));
    let printed = error.to_string();
    assert!(
        printed.starts_with("api.yaml:18:3: unknown field `e.g. `C-1`.`\n"),
        "{printed}"
    );
}
