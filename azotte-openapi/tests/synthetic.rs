//! A small API unlike Azotte or Automatum (status keys at the top level,
//! payload under `item` or `value`, an API key plus a base64 signature, a
//! webhook without envelope whose whole event is the data) exports exactly
//! as its spec declares: the exporter holds no API-specific code.

mod support;

use azotte_openapi::{document, to_json};
use azotte_spec::{load_sources, Source};
use serde_json::{json, Value};
use support::{check, openapi_errors, operation, request, response};

const SPEC: &str = r#"
api: { name: shop, title: Shop, version: v2, doc: A shop. }
environments:
  prod: { url: "https://{region}.shop.example/{version}" }
  test: { url: "http://127.0.0.1:9000" }
headers:
  X-Trace: { role: correlation_id, doc: "Trace id.", example: t-1 }
  X-Once: { role: idempotency_key, generate: uuid_v4, doc: "inferred: one write per key." }
  X-Left: { role: rate_limit_remaining, doc: Calls left. }
auth:
  keys:
    kind: api_key
    headers:
      X-Shop-Key: { from: key, secret: true, doc: The key. }
      X-Shop-Store: { from: store }
  signed:
    kind: hmac_request_signature
    key_header: X-Sig-Key
    signature_header: X-Sig
    timestamp_header: X-Sig-Time
    signed: [timestamp, body]
    encoding: base64
  hook:
    kind: hmac_webhook
    signature_header: X-Hook-Sig
    signed: [body]
envelopes:
  outcome:
    payload: [item, value]
    status: { code: result_code, message: text, success_codes: [OK] }
    retry_after: wait
errors:
  NOPE: { http: 404, doc: Not there. }
  GONE: { http: 404, doc: "inferred: deleted." }
  BUSY: { http: 503, doc: Busy. }
types:
  ItemId: { newtype: u64, doc: An item id., example: "7" }
  Color:
    enum: integer
    values:
      - { value: 1, name: Red }
      - { value: 2, name: Blue, doc: Deep blue. }
  Item:
    doc: An item.
    fields:
      id: ItemId
      color: { type: Color, nullable: true, doc: The color. }
      tags: { type: "list<string>", optional: true, doc: "inferred: free tags." }
      sku: { type: string, aliases: [SKU], doc: The SKU., example: A-1 }
lanes:
  shop:
    title: Shop lane
    base_path: /shop
    environments: [test]
    auth: [keys, keys + signed]
    envelope: outcome
    headers: [X-Trace, X-Once, X-Left]
    areas:
      items:
        title: Items
        doc: The items.
        endpoints:
          - id: S-1
            name: get_item
            method: GET
            path: /items/{id}
            summary: Get an item
            doc: "inferred: one item."
            params:
              id: { in: path, type: ItemId, doc: The item. }
            response: Item
            errors: [NOPE, GONE, BUSY]
          - id: S-2
            name: put_item
            method: PUT
            path: /items/{id}
            summary: Put an item
            params:
              id: { in: path, type: ItemId }
            request: Item
            idempotency: { header: X-Once }
            errors: [BUSY]
  hooks:
    title: Hooks
    direction: inbound
    base_path: /
    auth: [hook]
    event_type_field: kind
    events:
      - { type: item.made, payload: Item, doc: An item was made. }
"#;

fn doc() -> Value {
    let spec = load_sources(&[Source::new("shop.yaml", SPEC)]).unwrap_or_else(|e| panic!("{e}"));
    document(&spec)
}

#[test]
fn the_export_is_valid_and_names_nothing_of_other_apis() {
    let doc = doc();
    let errors = openapi_errors(&doc);
    assert!(errors.is_empty(), "{}", errors.join("\n"));
    let text = to_json(&doc).to_lowercase();
    for other in ["azotte", "moneti", "automatum", "c2a", "messagecode"] {
        assert!(
            !text.contains(other),
            "`{other}` in a spec that never names it"
        );
    }
}

#[test]
fn paths_servers_parameters_and_security_come_from_the_spec() {
    let doc = doc();
    let item = &doc["paths"]["/shop/items/{id}"];
    assert_eq!(item["get"]["operationId"], "shop.get_item");
    assert_eq!(item["put"]["operationId"], "shop.put_item");
    assert_eq!(item["get"]["tags"], json!(["SHOP · Items"]));
    assert_eq!(item["get"]["x-inferred"], true);
    assert!(item["put"].get("x-inferred").is_none());
    // The lane serves one of the two environments.
    assert_eq!(item["servers"], json!([{ "url": "http://127.0.0.1:9000" }]));
    assert_eq!(
        doc["x-tagGroups"],
        json!([{ "name": "Shop lane", "tags": ["SHOP · Items"] }, { "name": "Hooks", "tags": ["HOOKS · Events"] }])
    );
    let refs = |op: &Value| -> Vec<Value> { op["parameters"].as_array().unwrap().clone() };
    // The idempotency key only where the endpoint is idempotent by it; no auth header.
    assert_eq!(
        refs(&item["get"])[1],
        json!({ "$ref": "#/components/parameters/X-Trace" })
    );
    assert_eq!(refs(&item["get"]).len(), 2);
    assert_eq!(
        refs(&item["put"])[2],
        json!({ "$ref": "#/components/parameters/X-Once" })
    );
    assert_eq!(
        doc["components"]["parameters"]["X-Trace"]["schema"]["examples"],
        json!(["t-1"])
    );
    assert_eq!(
        doc["components"]["parameters"]["X-Once"]["x-inferred"],
        true
    );
    assert_eq!(
        item["get"]["responses"]["200"]["headers"],
        json!({ "X-Left": { "$ref": "#/components/headers/X-Left" } })
    );
    assert_eq!(
        item["get"]["security"],
        json!([
            { "keys.X-Shop-Key": [], "keys.X-Shop-Store": [] },
            { "keys.X-Shop-Key": [], "keys.X-Shop-Store": [], "signed.X-Sig-Key": [], "signed.X-Sig": [], "signed.X-Sig-Time": [] }
        ])
    );
    let sig = &doc["components"]["securitySchemes"]["signed.X-Sig"];
    assert_eq!(sig["type"], "apiKey");
    assert_eq!(sig["in"], "header");
    let rule = sig["description"].as_str().unwrap();
    assert!(
        rule.contains("`X-Sig-Time`") && rule.contains("base64"),
        "{rule}"
    );
    // No 401 code documented: a bare 401.
    assert!(item["get"]["responses"]["401"].get("content").is_none());
}

#[test]
fn bodies_follow_the_envelope_and_the_types() {
    let doc = doc();
    let (ok, media) = response(&doc, "shop.get_item", 200);
    assert_eq!(media, "application/json");
    let item = json!({ "id": 7, "color": null, "sku": "A-1" });
    for body in [
        json!({ "result_code": "OK", "item": item }),
        json!({ "value": item }),
        json!({ "item": null, "value": item, "wait": "3" }),
    ] {
        check(&doc, &ok, &body).unwrap_or_else(|e| panic!("{body}: {e}"));
    }
    for body in [
        json!({ "result_code": "OK" }),
        json!({ "item": { "id": -1, "color": 1, "sku": "x" } }),
        json!({ "item": { "id": 1, "sku": "x" } }),
        json!({ "item": { "id": 1, "color": 3, "sku": "x" } }),
    ] {
        assert!(check(&doc, &ok, &body).is_err(), "{body} must be refused");
    }
    let (not_found, _) = response(&doc, "shop.get_item", 404);
    check(
        &doc,
        &not_found,
        &json!({ "result_code": "GONE", "text": "gone" }),
    )
    .unwrap();
    assert!(check(&doc, &not_found, &json!({ "result_code": "BUSY" })).is_err());
    assert!(check(&doc, &not_found, &json!({ "text": "no code" })).is_err());
    let text = doc
        .pointer(&format!(
            "{}/responses/404/description",
            operation(&doc, "shop.get_item")
        ))
        .and_then(Value::as_str)
        .unwrap();
    assert!(
        text.contains("`NOPE`: Not there.") && text.contains("`GONE`"),
        "{text}"
    );

    let (put, _) = request(&doc, "shop.put_item");
    check(&doc, &put, &item).unwrap();
    let (event, _) = request(&doc, "hooks.item.made");
    check(
        &doc,
        &event,
        &json!({ "kind": "item.made", "id": 1, "color": 2, "sku": "s" }),
    )
    .unwrap();
    assert!(check(
        &doc,
        &event,
        &json!({ "kind": "item.gone", "id": 1, "color": 2, "sku": "s" })
    )
    .is_err());
}

#[test]
fn types_carry_formats_nullability_aliases_examples_and_inference() {
    let doc = doc();
    let schemas = &doc["components"]["schemas"];
    assert_eq!(
        schemas["ItemId"],
        json!({ "type": "integer", "minimum": 0, "maximum": u64::MAX, "description": "An item id.", "examples": [7] })
    );
    assert_eq!(schemas["Color"]["type"], "integer");
    assert_eq!(schemas["Color"]["enum"], json!([1, 2]));
    let item = &schemas["Item"];
    assert_eq!(item["required"], json!(["id", "color", "sku"]));
    assert_eq!(
        item["properties"]["color"]["anyOf"],
        json!([{ "$ref": "#/components/schemas/Color" }, { "type": "null" }])
    );
    assert_eq!(item["properties"]["tags"]["x-inferred"], true);
    assert!(item["properties"]["sku"].get("x-inferred").is_none());
    assert_eq!(item["properties"]["sku"]["examples"], json!(["A-1"]));
    let sku = item["properties"]["sku"]["description"].as_str().unwrap();
    assert!(sku.contains("`SKU`"), "{sku}");
}

/// FORMAT.md's field rules as JSON Schema (both found by schemathesis
/// against the gateway): an optional field reads as absent when `null`, so
/// its schema admits `null`; a required string is not empty (`minLength`).
#[test]
fn optional_fields_admit_null_and_required_strings_are_not_empty() {
    let doc = doc();
    let item = &doc["components"]["schemas"]["Item"]["properties"];
    assert_eq!(item["tags"]["type"], json!(["array", "null"]));
    assert_eq!(item["sku"]["type"], "string");
    assert_eq!(item["sku"]["minLength"], 1);
    assert!(
        item["tags"].get("minLength").is_none() && item["id"].get("minLength").is_none(),
        "only required strings: {item}"
    );
    let validator = jsonschema::validator_for(&json!({
        "$ref": "#/components/schemas/Item",
        "components": doc["components"],
    }))
    .unwrap();
    let item = |v: Value| validator.is_valid(&v);
    assert!(item(
        json!({ "id": 1, "color": null, "sku": "A", "tags": null })
    ));
    assert!(!item(json!({ "id": 1, "color": null, "sku": "" })));
}
