//! `deserialize_object!`, the `Deserialize` of every generated received
//! struct: what it accepts and refuses, from bytes and from a `Value`; and
//! `object!`, which declares generated structs: what it writes, reads,
//! constructs and appends to a query string.

use serde_json::json;

#[derive(Debug, PartialEq)]
struct Line {
    label: String,
    amount: i64,
    r#type: Option<String>,
    note: Option<String>,
}

azotte_runtime::deserialize_object!(
    Line,
    required { label = "label", amount = "amount" },
    optional { r#type = "type", note = "note" }
);

#[derive(Debug, PartialEq)]
struct Order {
    lines: Vec<Line>,
    created_at: Option<String>,
}

azotte_runtime::deserialize_object!(
    Order,
    required { lines = "lines" },
    optional { created_at = "createdAt" }
);

fn line(label: &str, amount: i64) -> Line {
    Line {
        label: label.into(),
        amount,
        r#type: None,
        note: None,
    }
}

#[test]
fn reads_nested_objects_keywords_and_skips_unknown_keys() {
    let order: Order = serde_json::from_str(
        r#"{"lines":[{"label":"a","amount":1,"type":"fee","x":{"deep":[1,2]}}],"createdAt":"2026-11-23","unknown":null}"#,
    )
    .unwrap();
    let mut first = line("a", 1);
    first.r#type = Some("fee".into());
    assert_eq!(order.lines, vec![first]);
    assert_eq!(order.created_at.as_deref(), Some("2026-11-23"));
}

#[test]
fn optional_fields_are_none_when_absent_or_null() {
    let read: Line = serde_json::from_str(r#"{"label":"a","amount":1,"note":null}"#).unwrap();
    assert_eq!(read, line("a", 1));
}

#[test]
fn missing_or_null_required_fields_are_errors_naming_the_field() {
    let missing = serde_json::from_str::<Line>(r#"{"label":"a"}"#).unwrap_err();
    assert!(
        missing.to_string().starts_with("missing field `amount`"),
        "{missing}"
    );
    let null = serde_json::from_str::<Line>(r#"{"label":"a","amount":null}"#).unwrap_err();
    assert!(
        null.to_string()
            .contains("invalid type: null, expected i64"),
        "{null}"
    );
    let not_object = serde_json::from_str::<Line>(r#"["a", 1]"#).unwrap_err();
    assert!(
        not_object.to_string().contains("expected struct Line"),
        "{not_object}"
    );
}

#[test]
fn escaped_keys_match_and_a_repeated_key_keeps_its_last_value() {
    let read: Line = serde_json::from_str(r#"{"l\u0061bel":"a","amount":1,"amount":2}"#).unwrap();
    assert_eq!(read, line("a", 2));
}

#[test]
fn fields_are_found_whatever_order_the_keys_come_in() {
    // Every order of four keys and an unknown one (declaration order first,
    // then the others: the shared loop tries the next declared field first).
    let entries = [
        r#""label":"a""#,
        r#""amount":1"#,
        r#""type":"fee""#,
        r#""note":"n""#,
        r#""labels":0"#,
    ];
    let expected = Line {
        label: "a".into(),
        amount: 1,
        r#type: Some("fee".into()),
        note: Some("n".into()),
    };
    let mut orders = vec![vec![0, 1, 2, 3, 4]];
    for _ in 0..119 {
        let mut next = orders.last().unwrap().clone();
        // The next permutation in lexicographic order.
        let i = (0..4).rev().find(|&i| next[i] < next[i + 1]).unwrap();
        let j = (i + 1..5).rev().find(|&j| next[j] > next[i]).unwrap();
        next.swap(i, j);
        next[i + 1..].reverse();
        orders.push(next);
    }
    for order in orders {
        let body = format!(
            "{{{}}}",
            order
                .iter()
                .map(|&k| entries[k])
                .collect::<Vec<_>>()
                .join(",")
        );
        assert_eq!(
            serde_json::from_str::<Line>(&body).unwrap(),
            expected,
            "{body}"
        );
    }
}

#[test]
fn reads_from_a_value_too() {
    let value = json!({ "lines": [{ "label": "b", "amount": 3, "note": "n" }] });
    let order: Order = serde_json::from_value(value).unwrap();
    assert_eq!(order.lines[0].note.as_deref(), Some("n"));
    assert_eq!(order.created_at, None);
}

azotte_runtime::object! {
    /// A request body: required, optional and nullable fields, nested generics, a keyword.
    pub struct Body: Serialize {
        /// The line.
        line_items: Vec<Vec<String>> = "lineItems",
        tags: Option<Vec<String>> = "tags",
        metadata: Option<std::collections::BTreeMap<String, Vec<i64>>> = "metadata",
        r#type: String = "type",
        ends_at: Option<String> = "endsAt" | null,
    }
}

// Query-parameter structs append to a `Request`: the `client` feature's.
#[cfg(feature = "client")]
azotte_runtime::object! {
    /// Query parameters.
    pub struct Query: Query {
        state: Option<String> = "state",
        page: u32 = "page[number]",
        limit: Option<u32> = "limit",
    }
}

azotte_runtime::object! {
    /// Every field optional: `new()` and `Default`.
    pub struct Filters: Serialize {
        state: Option<String> = "state",
        limit: Option<u32> = "limit",
    }
}

azotte_runtime::object! {
    /// The serde halves in either order.
    pub struct Both: Deserialize + Serialize {
        id: String = "id",
    }
}

azotte_runtime::object! {
    /// Only received: no constructor.
    pub struct Seen: Deserialize {
        id: String = "id",
        gone: Option<bool> = "gone" | null,
    }
}

#[test]
fn object_writes_set_fields_in_order_and_null_for_nullable_ones() {
    let body = Body::new(vec![vec!["a".to_owned()]], "fee").tags(vec!["x".to_owned()]);
    assert_eq!(
        serde_json::to_string(&body).unwrap(),
        r#"{"lineItems":[["a"]],"tags":["x"],"type":"fee","endsAt":null}"#
    );
    let full = body
        .metadata(std::collections::BTreeMap::from([(
            "k".to_owned(),
            vec![1],
        )]))
        .ends_at("2026-11-23");
    assert_eq!(
        serde_json::to_value(&full).unwrap(),
        json!({"lineItems": [["a"]], "tags": ["x"], "metadata": {"k": [1]}, "type": "fee", "endsAt": "2026-11-23"})
    );
}

#[cfg(feature = "client")]
#[test]
fn object_query_appends_set_parameters_in_order() {
    use azotte_runtime::QueryParams;
    let q = Query::new(2u32).limit(10u32);
    assert_eq!(q.state, None);
    let request = q.append_to(azotte_runtime::Request::new());
    assert_eq!(
        format!("{request:?}"),
        format!(
            "{:?}",
            azotte_runtime::Request::new()
                .query("page[number]", 2)
                .query("limit", 10)
        )
    );
}

#[test]
fn object_tells_the_serializer_how_many_fields_it_writes() {
    // serde_json closes an object announced with no fields at once: a length
    // that left out a set optional field would write `{},"limit":5`.
    assert_eq!(Filters::new(), Filters::default());
    assert_eq!(serde_json::to_string(&Filters::new()).unwrap(), "{}");
    assert_eq!(
        serde_json::to_string(&Filters::new().limit(5u32)).unwrap(),
        r#"{"limit":5}"#
    );
}

#[test]
fn object_takes_its_serde_halves_in_either_order() {
    let both = Both::new("b.1");
    let json = serde_json::to_string(&both).unwrap();
    assert_eq!(json, r#"{"id":"b.1"}"#);
    assert_eq!(serde_json::from_str::<Both>(&json).unwrap(), both);
}

#[test]
fn object_received_only_reads_absent_and_null_as_none() {
    let s: Seen = serde_json::from_str(r#"{"id":"a","gone":null}"#).unwrap();
    assert_eq!(
        s,
        Seen {
            id: "a".into(),
            gone: None
        }
    );
    let e = serde_json::from_str::<Seen>(r#"{"gone":true}"#).unwrap_err();
    assert!(e.to_string().starts_with("missing field `id`"), "{e}");
}

// The validator's limit (`MAX_FIELDS`): 100 fields fit in rustc's default
// recursion limit, one `object!` step per field.
azotte_runtime::object! {
    /// The largest object a spec may declare.
    pub struct Widest: Serialize + Deserialize {
        required: u8 = "required",
        f0: Option<u8> = "f0", f1: Option<u8> = "f1", f2: Option<u8> = "f2",
        f3: Option<u8> = "f3", f4: Option<u8> = "f4", f5: Option<u8> = "f5",
        f6: Option<u8> = "f6", f7: Option<u8> = "f7", f8: Option<u8> = "f8",
        f9: Option<u8> = "f9", f10: Option<u8> = "f10", f11: Option<u8> = "f11",
        f12: Option<u8> = "f12", f13: Option<u8> = "f13", f14: Option<u8> = "f14",
        f15: Option<u8> = "f15", f16: Option<u8> = "f16", f17: Option<u8> = "f17",
        f18: Option<u8> = "f18", f19: Option<u8> = "f19", f20: Option<u8> = "f20",
        f21: Option<u8> = "f21", f22: Option<u8> = "f22", f23: Option<u8> = "f23",
        f24: Option<u8> = "f24", f25: Option<u8> = "f25", f26: Option<u8> = "f26",
        f27: Option<u8> = "f27", f28: Option<u8> = "f28", f29: Option<u8> = "f29",
        f30: Option<u8> = "f30", f31: Option<u8> = "f31", f32: Option<u8> = "f32",
        f33: Option<u8> = "f33", f34: Option<u8> = "f34", f35: Option<u8> = "f35",
        f36: Option<u8> = "f36", f37: Option<u8> = "f37", f38: Option<u8> = "f38",
        f39: Option<u8> = "f39", f40: Option<u8> = "f40", f41: Option<u8> = "f41",
        f42: Option<u8> = "f42", f43: Option<u8> = "f43", f44: Option<u8> = "f44",
        f45: Option<u8> = "f45", f46: Option<u8> = "f46", f47: Option<u8> = "f47",
        f48: Option<u8> = "f48", f49: Option<u8> = "f49", f50: Option<u8> = "f50",
        f51: Option<u8> = "f51", f52: Option<u8> = "f52", f53: Option<u8> = "f53",
        f54: Option<u8> = "f54", f55: Option<u8> = "f55", f56: Option<u8> = "f56",
        f57: Option<u8> = "f57", f58: Option<u8> = "f58", f59: Option<u8> = "f59",
        f60: Option<u8> = "f60", f61: Option<u8> = "f61", f62: Option<u8> = "f62",
        f63: Option<u8> = "f63", f64: Option<u8> = "f64", f65: Option<u8> = "f65",
        f66: Option<u8> = "f66", f67: Option<u8> = "f67", f68: Option<u8> = "f68",
        f69: Option<u8> = "f69", f70: Option<u8> = "f70", f71: Option<u8> = "f71",
        f72: Option<u8> = "f72", f73: Option<u8> = "f73", f74: Option<u8> = "f74",
        f75: Option<u8> = "f75", f76: Option<u8> = "f76", f77: Option<u8> = "f77",
        f78: Option<u8> = "f78", f79: Option<u8> = "f79", f80: Option<u8> = "f80",
        f81: Option<u8> = "f81", f82: Option<u8> = "f82", f83: Option<u8> = "f83",
        f84: Option<u8> = "f84", f85: Option<u8> = "f85", f86: Option<u8> = "f86",
        f87: Option<u8> = "f87", f88: Option<u8> = "f88", f89: Option<u8> = "f89",
        f90: Option<u8> = "f90", f91: Option<u8> = "f91", f92: Option<u8> = "f92",
        f93: Option<u8> = "f93", f94: Option<u8> = "f94", f95: Option<u8> = "f95",
        f96: Option<u8> = "f96", f97: Option<u8> = "f97", f98: Option<u8> = "f98",
    }
}

#[test]
fn object_takes_the_largest_object_the_validator_allows() {
    let w = Widest::new(1u8).f98(7u8);
    let json = serde_json::to_string(&w).unwrap();
    assert_eq!(json, r#"{"required":1,"f98":7}"#);
    assert_eq!(serde_json::from_str::<Widest>(&json).unwrap(), w);
}

azotte_runtime::object! {
    /// A field with aliases, required and optional, also after `| null`.
    pub struct Aliased: Serialize + Deserialize {
        external_id: String = "externalId" alias "externalIdentifier",
        previous_id: Option<String> = "previousId" alias "formerId" alias "oldId",
        closed_at: Option<String> = "closedAt" alias "closed" | null,
    }
}

#[test]
fn aliases_are_decoded_and_only_the_wire_name_is_sent() {
    for body in [
        json!({ "externalId": "ext-42", "formerId": "ext-1", "closed": null }),
        json!({ "externalIdentifier": "ext-42", "oldId": "ext-1" }),
    ] {
        let read: Aliased = serde_json::from_value(body.clone()).unwrap();
        assert_eq!(read.external_id, "ext-42", "{body}");
        assert_eq!(read.previous_id.as_deref(), Some("ext-1"), "{body}");
        assert_eq!(read.closed_at, None);
    }
    let err = serde_json::from_value::<Aliased>(json!({ "external": "x" })).unwrap_err();
    assert!(
        err.to_string().starts_with("missing field `externalId`"),
        "{err}"
    );
    let sent = Aliased::new("ext-42").previous_id("ext-1");
    assert_eq!(
        serde_json::to_value(&sent).unwrap(),
        json!({ "externalId": "ext-42", "previousId": "ext-1", "closedAt": null })
    );
}

azotte_runtime::object! {
    /// A spec may name a type or its fields like the macro's own helpers.
    pub struct Field: Deserialize {
        index: String = "index",
        map: Option<u32> = "map",
        position: Vec<String> = "position",
    }
}

azotte_runtime::object! {
    /// An object with no fields at all.
    pub struct Nothing: Deserialize {}
}

#[test]
fn names_the_macro_uses_itself_are_free_for_types_and_fields() {
    let read: Field =
        serde_json::from_value(json!({ "map": 7, "position": ["a"], "index": "i" })).unwrap();
    assert_eq!(read.index, "i");
    assert_eq!(read.map, Some(7));
    assert_eq!(read.position, vec!["a".to_owned()]);
    let err = serde_json::from_value::<Field>(json!({ "index": "i" })).unwrap_err();
    assert!(
        err.to_string().starts_with("missing field `position`"),
        "{err}"
    );
    let _: Nothing = serde_json::from_value(json!({ "anything": [1, 2] })).unwrap();
}
