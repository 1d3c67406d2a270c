//! `deserialize_object!`, the `Deserialize` of every generated received
//! struct: what it accepts and refuses, from bytes and from a `Value`.

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

azotte_runtime::object! {
    /// Query parameters.
    pub struct Query: Query {
        state: Option<String> = "state",
        page: u32 = "page[number]",
        limit: Option<u32> = "limit",
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
