//! The exported documents against the standards and the API documents: the
//! official OpenAPI 3.1 meta-schema, the JSON Schema 2020-12 meta-schema,
//! and the documents' verbatim JSON examples validated against the schemas
//! of the endpoints they belong to (`$ref`s resolved in the whole document).

mod support;

use azotte_openapi::{document, to_json};
use azotte_spec::model::Direction;
use azotte_spec::Spec;
use serde_json::{json, Value};
use std::collections::HashSet;
use std::path::Path;
use support::{check, openapi_errors, operation, request, response};

fn spec(api: &str) -> Spec {
    azotte_spec::load_dir(&azotte_spec::api_dir(api)).expect("the spec loads")
}

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap()
}

fn fixture(path: &str) -> Value {
    let file = root().join(path);
    let text = std::fs::read_to_string(&file).unwrap_or_else(|e| panic!("{}: {e}", file.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", file.display()))
}

#[test]
fn the_documents_examples_validate_against_their_endpoints() {
    let azotte = document(&spec("azotte"));
    let automatum = document(&spec("automatum"));
    let cases = [
        (
            &azotte,
            "generated/azotte/tests/fixtures/001_general_response.json",
            response(&azotte, "c2a.customer_info", 200),
        ),
        (
            &azotte,
            "generated/azotte/tests/fixtures/004_blueprint.json",
            response(&azotte, "m2m.offer_bundles", 200),
        ),
        (
            &azotte,
            "generated/azotte/tests/fixtures/004_error_payload.json",
            response(&azotte, "m2m.offer_bundles", 401),
        ),
        (
            &azotte,
            "generated/azotte/tests/fixtures/004_pagination.json",
            response(&azotte, "p2m.list_subscriptions", 200),
        ),
        (
            &azotte,
            "azotte-openapi/tests/fixtures/000_request.json",
            request(&azotte, "m2m.offer_bundles"),
        ),
        (
            &azotte,
            "azotte-openapi/tests/fixtures/004_request.json",
            request(&azotte, "m2m.offer_bundles"),
        ),
        (
            &automatum,
            "generated/automatum/tests/fixtures/003_success.json",
            response(&automatum, "rest.get_customer", 200),
        ),
        (
            &automatum,
            "generated/automatum/tests/fixtures/003_error.json",
            response(&automatum, "rest.report_usage", 400),
        ),
        (
            &automatum,
            "generated/automatum/tests/fixtures/003_rate_limited.json",
            response(&automatum, "rest.get_customer", 429),
        ),
        (
            &automatum,
            "azotte-openapi/tests/fixtures/003_webhook.json",
            request(&automatum, "webhooks.privateOffer.accepted"),
        ),
    ];
    let mut failures = Vec::new();
    for (doc, file, (pointer, _)) in &cases {
        if let Err(e) = check(doc, pointer, &fixture(file)) {
            failures.push(format!("{file} against {pointer}:\n{e}"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

#[test]
fn the_schemas_refuse_what_the_documents_do_not_allow() {
    let azotte = document(&spec("azotte"));
    let (ok, _) = response(&azotte, "m2m.offer_bundles", 200);
    let mut blueprint = fixture("generated/azotte/tests/fixtures/004_blueprint.json");
    blueprint["data"]["expiresAt"] = json!("not a date-time");
    assert!(
        check(&azotte, &ok, &blueprint).is_err(),
        "a bad date-time in the payload"
    );
    let mut no_payload = fixture("generated/azotte/tests/fixtures/004_blueprint.json");
    no_payload.as_object_mut().unwrap().remove("data");
    assert!(
        check(&azotte, &ok, &no_payload).is_err(),
        "no payload under any key"
    );

    // A documented code of another status, and a code the endpoint does not document.
    let (unauthorized, _) = response(&azotte, "m2m.offer_bundles", 401);
    for code in ["MNT-500-00", "MNT-999-99"] {
        let mut error = fixture("generated/azotte/tests/fixtures/004_error_payload.json");
        error["status"]["messageCode"] = json!(code);
        error["statusCode"] = json!(code);
        assert!(
            check(&azotte, &unauthorized, &error).is_err(),
            "{code} on a 401"
        );
    }

    let automatum = document(&spec("automatum"));
    let (bad_request, _) = response(&automatum, "rest.report_usage", 400);
    let mut error = fixture("generated/automatum/tests/fixtures/003_error.json");
    error["code"] = json!(404);
    assert!(
        check(&automatum, &bad_request, &error).is_err(),
        "a 404 code on the 400"
    );
    let (event, _) = request(&automatum, "webhooks.privateOffer.accepted");
    let mut other = fixture("azotte-openapi/tests/fixtures/003_webhook.json");
    other["event"] = json!("customer.created");
    assert!(
        check(&automatum, &event, &other).is_err(),
        "another event type"
    );
}

#[test]
fn content_types_and_the_bare_401_follow_the_documents() {
    let azotte = document(&spec("azotte"));
    // Document 001: C2A answers `application/clientOutput+Json`.
    let (_, media) = response(&azotte, "c2a.customer_info", 200);
    assert_eq!(media, "application/clientOutput+Json");
    // Document 002: a rejected key is a 401 with no envelope.
    let c2a_401 = &azotte
        .pointer(&format!(
            "{}/responses/401",
            operation(&azotte, "c2a.customer_info")
        ))
        .unwrap();
    assert!(c2a_401.get("content").is_none(), "{c2a_401}");
    // Document 004's error payload example is a 401 in the envelope.
    let (_, media) = response(&azotte, "m2m.offer_bundles", 401);
    assert_eq!(media, "application/json");
}

#[test]
fn the_exports_are_valid_openapi_3_1_and_json_schema_2020_12() {
    for api in ["azotte", "automatum"] {
        let errors = openapi_errors(&document(&spec(api)));
        assert!(errors.is_empty(), "{api}: {}", errors.join("\n"));
    }
    // The meta-schema is not a formality: it refuses a broken document.
    let mut broken = document(&spec("automatum"));
    broken["paths"]["/customer"]["get"]["responses"] = json!("none");
    assert!(!openapi_errors(&broken).is_empty());
}

#[test]
fn every_endpoint_event_and_type_is_there_once() {
    for api in ["azotte", "automatum"] {
        let spec = spec(api);
        let doc = document(&spec);
        let mut ids = HashSet::new();
        for section in ["paths", "webhooks"] {
            for item in doc[section]
                .as_object()
                .into_iter()
                .flatten()
                .map(|(_, v)| v)
            {
                for op in item.as_object().unwrap().values() {
                    if let Some(id) = op.get("operationId").and_then(Value::as_str) {
                        assert!(ids.insert(id.to_owned()), "{api}: operationId `{id}` twice");
                    }
                }
            }
        }
        let mut expected = 0;
        for lane in &spec.lanes {
            match lane.direction {
                Direction::Outbound => {
                    for ep in lane.endpoints() {
                        expected += 1;
                        let method = ep.method.as_str().to_lowercase();
                        let op = &doc["paths"][&ep.full_path][&method];
                        assert_eq!(
                            op["x-endpoint-id"],
                            ep.id,
                            "{api}: {} {}",
                            ep.method.as_str(),
                            ep.full_path
                        );
                        assert_eq!(op["operationId"], format!("{}.{}", lane.name, ep.name));
                    }
                }
                Direction::Inbound => {
                    for event in &lane.events {
                        expected += 1;
                        assert!(
                            doc["webhooks"][&event.event_type]["post"].is_object(),
                            "{api}: {}",
                            event.event_type
                        );
                    }
                }
            }
        }
        assert_eq!(
            ids.len(),
            expected,
            "{api}: one operation per endpoint and event"
        );
        for t in &spec.types {
            assert!(
                doc["components"]["schemas"][&t.name].is_object(),
                "{api}: type {}",
                t.name
            );
        }
    }
}

#[test]
fn rendering_is_deterministic() {
    for api in ["azotte", "automatum"] {
        let a = to_json(&document(&spec(api)));
        let b = to_json(&document(&spec(api)));
        assert_eq!(a, b, "{api}");
        assert!(a.ends_with("}\n"));
    }
}

/// Links come from the spec's newtypes and point where the payload is:
/// document 001's flow submits a checkout (202, fields inline) and polls its
/// status with the returned trackingNumber as `{id}`; a stored customer's
/// URN (under C2A's `result`) is the `customerUrn` of the lookups. A plain
/// string (Automatum's `id`) links nothing.
#[test]
fn links_chain_returned_identifiers_into_parameters() {
    let doc = document(&spec("azotte"));
    let submit = doc
        .pointer(&operation(&doc, "c2a.submit_checkout"))
        .unwrap();
    assert_eq!(
        submit["responses"]["202"]["links"]["c2a.checkout_status.id"],
        json!({
            "operationId": "c2a.checkout_status",
            "parameters": { "path.id": "$response.body#/trackingNumber" },
            "description": "The `trackingNumber` returned here is the `id` of `checkout_status`.",
        })
    );
    let store = doc.pointer(&operation(&doc, "c2a.store_customer")).unwrap();
    let links = &store["responses"]["200"]["links"];
    assert_eq!(
        links["c2a.customer_info.customerUrn"]["parameters"],
        json!({ "query.customerUrn": "$response.body#/result/customerUrn" })
    );
    assert_eq!(
        links["c2a.list_subscriptions.customerUrn"]["parameters"],
        json!({ "path.customerUrn": "$response.body#/result/customerUrn" })
    );
    // Every link names an operation of the document, in the same lane.
    for item in doc["paths"].as_object().unwrap().values() {
        for op in item.as_object().unwrap().values() {
            let lane = op["operationId"].as_str().map(|id| id.split('.').next());
            for response in op["responses"].as_object().into_iter().flatten() {
                for link in response.1["links"].as_object().into_iter().flatten() {
                    let target = link.1["operationId"].as_str().unwrap();
                    operation(&doc, target);
                    assert_eq!(lane, Some(target.split('.').next()), "{target}");
                }
            }
        }
    }
    let automatum = to_json(&document(&spec("automatum")));
    assert!(
        !automatum.contains("\"links\""),
        "plain strings link nothing"
    );
}

#[test]
fn descriptions_cite_the_api_documents_by_title() {
    let doc = to_json(&document(&spec("azotte")));
    // The spec cites documents 000–004 by number; a reader sees their titles.
    assert!(
        !doc.to_lowercase().contains("document 00"),
        "a document cited by number"
    );
    for title in [
        "Azotte: Getting Started",
        "Azotte: C2A overview",
        "Azotte: C2A-01 Customers",
        "Azotte: Request/Response Structure",
    ] {
        assert!(doc.contains(title), "`{title}` is never cited");
    }
}
