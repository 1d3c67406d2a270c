//! Field names survive the round trip through the runtime's `object!`: wire
//! names of every spelling (`customerUrn`, `line_2`, `HTTPCode`), keywords as
//! raw identifiers (`r#type`) or with a trailing `_` (`self_`), unset optional
//! fields left out of what is sent, a nullable one sent as `null`.

mod wire {
    azotte_macros::generate! {
        yaml: r#"
api: { name: wire, title: Wire, version: v1 }
types:
  Thing:
    doc: Sent and received (nothing in the spec uses it, so it gets both directions).
    fields:
      customerUrn: string
      type: string
      self: { type: string, optional: true }
      match: i32
      line_2: { type: string, optional: true }
      HTTPCode: { type: u32, optional: true }
      createdAt: { type: string, nullable: true }
"#
    }
}

use serde_json::json;
use wire::types::Thing;

#[test]
fn every_field_keeps_its_wire_name_both_ways() {
    let thing = Thing::new("cu.1", "box", 7)
        .self_("me")
        .line_2("l2")
        .http_code(404u32);
    let sent = serde_json::to_value(&thing).unwrap();
    assert_eq!(
        sent,
        json!({
            "customerUrn": "cu.1", "type": "box", "self": "me", "match": 7,
            "line_2": "l2", "HTTPCode": 404, "createdAt": null
        })
    );
    let back: Thing = serde_json::from_value(sent).unwrap();
    assert_eq!(back, thing);
}

#[test]
fn unset_optional_fields_are_left_out_and_read_back_as_none() {
    let bare = serde_json::to_value(Thing::new("cu.1", "box", 7)).unwrap();
    assert_eq!(
        bare,
        json!({ "customerUrn": "cu.1", "type": "box", "match": 7, "createdAt": null }),
        "a nullable field is sent as null, an optional one left out"
    );
    let thing = Thing::new("cu.1", "box", 7).created_at("2026-11-23");
    let sent = serde_json::to_value(&thing).unwrap();
    assert_eq!(
        sent,
        json!({ "customerUrn": "cu.1", "type": "box", "match": 7, "createdAt": "2026-11-23" })
    );
    // Missing optional and nullable fields decode as `None`.
    let read: Thing =
        serde_json::from_value(json!({ "customerUrn": "cu.2", "type": "t", "match": 1 })).unwrap();
    assert_eq!(
        (read.self_, read.line_2, read.http_code, read.created_at),
        (None, None, None, None)
    );
}
