use super::*;
use crate::endpoint::EnvelopeSpec;
use crate::envelope::scan::{raw_text, read_object};
use crate::envelope::success::read_success;
use crate::envelope::Links;
use crate::error::RawCode;
use serde::Deserialize;
use serde_json::json;
use std::borrow::Cow;
use std::time::Duration;

const MONETI: EnvelopeSpec = EnvelopeSpec {
    name: "moneti",
    accept: None,
    payload: Some("data"),
    status_object: Some("status"),
    code: "messageCode",
    message: Some("message"),
    severity: Some("severity"),
    source: Some("source"),
    details: Some("details"),
    success: Some("success"),
    success_codes: &["MNT-000-00"],
    success_severities: &["SUCCESS", "WARNING"],
    status_code: Some("statusCode"),
    diagnostics: Some("diagnostics"),
    correlation_id: Some("correlationId"),
    errors: Some("errors"),
    links: Some("links"),
    link_self: Some("self"),
    link_next: Some("next"),
    link_previous: Some("previous"),
    status_warnings: &["warnings", "warning"],
    warnings: &["warnings"],
    retry_after: None,
};

const FLAT: EnvelopeSpec = EnvelopeSpec {
    status_object: None,
    code: "code",
    retry_after: Some("retryAfter"),
    ..MONETI
};

#[test]
fn reads_every_part_and_falls_back_to_the_top_level_code() {
    let root = json!({
        "diagnostics": { "correlationId": "c-1" },
        "status": {
            "severity": "error", "message": "Conflict", "details": { "f": 1 },
            "source": "OfferEngine", "success": false
        },
        "statusCode": "MNT-409-02",
        "errors": [{ "code": "MNT-409-02" }],
        "warnings": [{ "w": 1 }],
        "links": { "self": "x", "next": null, "previous": 7 }
    });
    let parts = EnvelopeParts::read(&MONETI, &root);
    assert_eq!(parts.code.as_deref(), Some("MNT-409-02"));
    assert_eq!(parts.correlation_id.as_deref(), Some("c-1"));
    assert_eq!(parts.details, Some(json!({ "f": 1 })));
    assert_eq!(parts.source.as_deref(), Some("OfferEngine"));
    assert_eq!(parts.success, Some(false));
    assert_eq!(parts.errors.len(), 1);
    assert_eq!(parts.warnings, vec![json!({ "w": 1 })]);
    assert_eq!(parts.links.self_link.as_deref(), Some("x"));
    assert_eq!(parts.links.next, None);
    // A link of another type is absent, never an error.
    assert_eq!(parts.links.previous, None);
    assert_eq!(parts.links.object, Some(root["links"].clone()));
    assert!(!parts.is_success(&MONETI));
}

#[test]
fn success_rules() {
    let parts = |code: Option<&str>, severity: Option<&str>| EnvelopeParts {
        code: code.map(str::to_owned),
        severity: severity.map(str::to_owned),
        ..EnvelopeParts::default()
    };
    // A success code is a success with or without a severity.
    assert!(parts(Some("MNT-000-00"), None).is_success(&MONETI));
    assert!(parts(Some("mnt-000-00"), Some("SUCCESS")).is_success(&MONETI));
    assert!(parts(Some("MNT-206-01"), Some("Warning")).is_success(&MONETI));
    assert!(!parts(Some("MNT-206-01"), Some("ERROR")).is_success(&MONETI));
    assert!(!parts(Some("MNT-206-01"), None).is_success(&MONETI));
    assert!(!parts(None, Some("ERROR")).is_success(&MONETI));
    assert!(parts(None, None).is_success(&MONETI));
    let open = EnvelopeSpec {
        success_codes: &[],
        success_severities: &[],
        ..MONETI
    };
    assert!(parts(Some("ANYTHING"), Some("ERROR")).is_success(&open));
}

#[test]
fn warnings_are_read_from_every_declared_place() {
    // Document 004: "warnings / warning" in the status object, and a
    // top-level `warnings`; an empty array hides nothing.
    let root = json!({
        "warnings": [{ "top": 1 }],
        "status": { "messageCode": "MNT-299-05", "warnings": [], "warning": { "single": 2 } },
    });
    let parts = EnvelopeParts::read(&MONETI, &root);
    assert_eq!(
        parts.warnings,
        vec![json!({ "single": 2 }), json!({ "top": 1 })]
    );
    let root = json!({
        "status": { "warning": ["a", "b"], "warnings": ["c"] },
        "warnings": null,
    });
    // Declared order: `warnings` before `warning`, whatever the body's order.
    assert_eq!(
        EnvelopeParts::read(&MONETI, &root).warnings,
        vec![json!("c"), json!("a"), json!("b")]
    );
    // Without a status object, a key declared in both places is read once.
    let root = json!({ "code": "X", "warnings": [1], "warning": 2 });
    assert_eq!(
        EnvelopeParts::read(&FLAT, &root).warnings,
        vec![json!(1), json!(2)]
    );
    // Nothing declared: nothing read.
    let none = EnvelopeSpec {
        status_warnings: &[],
        warnings: &[],
        ..MONETI
    };
    let root = json!({ "status": { "warnings": [1] }, "warnings": [2] });
    assert!(EnvelopeParts::read(&none, &root).warnings.is_empty());
}

#[test]
fn the_retry_delay_is_read_from_the_declared_key_only() {
    // Document 003's 429 body.
    let root = json!({ "code": 429, "message": "Rate limit exceeded", "retryAfter": 60 });
    let parts = EnvelopeParts::read(&FLAT, &root);
    assert_eq!(parts.retry_after, Some(Duration::from_secs(60)));
    assert_eq!(parts.code.as_deref(), Some("429"));
    assert_eq!(EnvelopeParts::read(&MONETI, &root).retry_after, None);
    let root = json!({ "code": 429, "retryAfter": "soon" });
    assert_eq!(EnvelopeParts::read(&FLAT, &root).retry_after, None);
}

#[test]
fn typed_diagnostics_are_decoded_on_request() {
    #[derive(Debug, PartialEq, Deserialize)]
    #[serde(rename_all = "camelCase")]
    struct Diagnostics {
        correlation_id: String,
        node_id: Option<String>,
    }
    let root = json!({ "diagnostics": { "correlationId": "c", "nodeId": "n" } });
    let parts = EnvelopeParts::read(&MONETI, &root);
    let diagnostics = parts.diagnostics_as::<Diagnostics>().unwrap().unwrap();
    assert_eq!(diagnostics.node_id.as_deref(), Some("n"));
    let root = json!({ "diagnostics": { "nodeId": "n" } });
    let parts = EnvelopeParts::read(&MONETI, &root);
    assert!(parts.diagnostics_as::<Diagnostics>().unwrap().is_err());
    assert!(EnvelopeParts::default()
        .diagnostics_as::<Diagnostics>()
        .is_none());
}

#[test]
fn repeated_and_escaped_keys_read_like_a_map() {
    let body = br#"{"status":{"messageCode":"A","messageCode":"B"},"st\u0061tus":{"messageCode":"C"},"data":1}"#;
    let object = read_object(&MONETI, &["data"], body).expect("an object");
    assert_eq!(object.envelope.parts(&MONETI).code.as_deref(), Some("C"));
    assert_eq!(object.payload.map(RawValue::get), Some("1"));
    let root: Value = serde_json::from_slice(body).unwrap();
    assert_eq!(
        EnvelopeParts::read(&MONETI, &root).code.as_deref(),
        Some("C")
    );
    let refused: [&[u8]; 3] = [b"[1]", b"{} x", b"{\"a\":\"\xff\"}"];
    for body in refused {
        assert!(read_object(&MONETI, &[], body).is_none());
    }
}

#[test]
fn messages_without_escapes_are_borrowed() {
    let raw: &RawValue = serde_json::from_str(r#""Customer stored.""#).unwrap();
    assert!(matches!(
        raw_text(raw),
        Some(Cow::Borrowed("Customer stored."))
    ));
    let raw: &RawValue = serde_json::from_str(r#""a\"b""#).unwrap();
    assert_eq!(raw_text(raw).as_deref(), Some("a\"b"));
}

static LANE: crate::endpoint::LaneSpec = crate::endpoint::LaneSpec {
    name: "test",
    headers: &[],
};
static FLAT_SPEC: EnvelopeSpec = FLAT;
static FLAT_ENDPOINT: Endpoint = Endpoint {
    id: "T-01",
    method: crate::endpoint::Method::Post,
    path: "/t",
    success_status: 200,
    lane: &LANE,
    envelope: &FLAT_SPEC,
    payload: Payload::Key("data"),
    idempotency: crate::endpoint::Idempotency::None,
};

fn decode_flat(status: u16, body: Value) -> Result<Response<Value>, ApiError<RawCode>> {
    decode_bytes(&FLAT_ENDPOINT, status, &serde_json::to_vec(&body).unwrap())
}

#[test]
fn an_envelope_without_a_status_object_keeps_its_failure_details() {
    let error = decode_flat(
        409,
        json!({
            "code": "E-409", "message": "Conflict", "severity": "ERROR",
            "details": { "expectedVersion": 3 },
            "errors": [{ "field": "x" }],
            "diagnostics": { "correlationId": "c-9" }
        }),
    )
    .expect_err("409");
    let ApiError::Service(service) = error else {
        panic!("expected Service, got {error:?}")
    };
    assert_eq!(service.code, "E-409");
    assert_eq!(service.message.as_deref(), Some("Conflict"));
    assert_eq!(service.severity.as_deref(), Some("ERROR"));
    assert_eq!(service.details, Some(json!({ "expectedVersion": 3 })));
    assert_eq!(service.errors, vec![json!({ "field": "x" })]);
    assert_eq!(service.context.correlation_id.as_deref(), Some("c-9"));
}

#[test]
fn a_flat_success_carries_code_warnings_links_and_payload() {
    let ok = decode_flat(
        200,
        json!({
            "code": 0, "severity": "WARNING", "data": { "a": [1] },
            "warnings": [{ "w": 1 }], "links": { "next": "n" }
        }),
    )
    .expect("success");
    assert_eq!(ok.message_code(), Some("0"));
    assert_eq!(ok.severity(), Some("WARNING"));
    assert_eq!(ok.warnings(), [json!({ "w": 1 })]);
    assert_eq!(ok.links().next.as_deref(), Some("n"));
    assert_eq!(ok.value, json!({ "a": [1] }));
}

static MONETI_SPEC: EnvelopeSpec = MONETI;
static MONETI_ENDPOINT: Endpoint = Endpoint {
    envelope: &MONETI_SPEC,
    ..FLAT_ENDPOINT
};

#[derive(Debug, PartialEq, Deserialize)]
struct Customer {
    urn: String,
    age: u32,
}

fn decode_bytes<T: DeserializeOwned>(
    endpoint: &Endpoint,
    status: u16,
    body: &[u8],
) -> Result<Response<T>, ApiError<RawCode>> {
    let raw = RawResponse {
        status,
        headers: HeaderMap::new(),
        body: bytes::Bytes::copy_from_slice(body),
        too_large: false,
    };
    let sent = Sent {
        path: "/t",
        correlation_id: None,
        correlation_header: None,
        attempts: 1,
    };
    decode(endpoint, raw, sent)
}

#[test]
fn a_failure_whose_payload_does_not_fit_t_is_still_the_service_error() {
    let bodies: [&[u8]; 3] = [
        br#"{"code":"E-409","message":"Conflict","severity":"ERROR","data":null,"errors":[{"f":1}]}"#,
        br#"{"data":{"urn":7},"code":"E-409","message":"Conflict","severity":"ERROR","errors":[{"f":1}]}"#,
        br#"{"data":"nope","code":"E-409","message":"Conflict","severity":"ERROR","errors":[{"f":1}]}"#,
    ];
    for body in bodies {
        // The walk of a success declines these bodies (the payload does not
        // fit), so a 2xx is read whole.
        assert!(read_success::<Customer>(&FLAT, &["data"], body, &mut None).is_none());
        for status in [200, 409] {
            let error =
                decode_bytes::<Customer>(&FLAT_ENDPOINT, status, body).expect_err("a failure");
            let ApiError::Service(service) = error else {
                panic!("expected Service, got {error:?}")
            };
            assert_eq!(service.error, RawCode("E-409".into()));
            assert_eq!(service.code, "E-409");
            assert_eq!(service.status, status);
            assert_eq!(service.message.as_deref(), Some("Conflict"));
            assert_eq!(service.severity.as_deref(), Some("ERROR"));
            assert_eq!(service.errors, vec![json!({ "f": 1 })]);
        }
    }
    // A failure whose payload does fit is the same error (the payload is
    // dropped). At 200 the walk of a success takes it, keeping only what
    // decides success; the failure then reads every part.
    let body = br#"{"data":{"urn":"u","age":3},"code":"E-409","message":"Conflict","severity":"ERROR","errors":[{"f":1}]}"#;
    assert!(read_success::<Customer>(&FLAT, &["data"], body, &mut None).is_some());
    for status in [200, 409] {
        let error = decode_bytes::<Customer>(&FLAT_ENDPOINT, status, body).expect_err("a failure");
        let ApiError::Service(service) = error else {
            panic!("expected Service, got {error:?}")
        };
        assert_eq!(service.code, "E-409");
        assert_eq!(service.status, status);
        assert_eq!(service.message.as_deref(), Some("Conflict"));
        assert_eq!(service.errors, vec![json!({ "f": 1 })]);
    }
    // A success whose payload does not fit is still a payload decode error.
    let body = br#"{"data":{"urn":7},"code":"0","severity":"SUCCESS"}"#;
    let error = decode_bytes::<Customer>(&FLAT_ENDPOINT, 200, body).expect_err("payload");
    let ApiError::Decode(decode) = error else {
        panic!("expected Decode, got {error:?}")
    };
    assert!(matches!(decode.kind, DecodeErrorKind::Payload));
    assert!(decode.source.is_some());
}

#[test]
fn a_success_whose_payload_precedes_the_status_decodes_in_one_pass() {
    let body = br#"{"data":{"urn":"cu.1","age":36},"links":{"self":"x"},"status":{"messageCode":"MNT-000-00","severity":"SUCCESS"},"diagnostics":{"correlationId":"c-7"}}"#;
    let mut value = None;
    let envelope = read_success::<Customer>(&MONETI, &["data"], body, &mut value)
        .expect("the walk of a success takes this body");
    assert_eq!(value.map(|c| c.urn).as_deref(), Some("cu.1"));
    // It kept what decides success, and not the links.
    assert_eq!(envelope.outcome().0.as_deref(), Some("MNT-000-00"));
    assert_eq!(envelope.outcome().1.as_deref(), Some("SUCCESS"));
    assert_eq!(envelope.correlation_id(&MONETI).as_deref(), Some("c-7"));
    assert!(envelope.links.is_none());
    let ok = decode_bytes::<Customer>(&MONETI_ENDPOINT, 200, body).expect("success");
    assert_eq!(
        ok.value,
        Customer {
            urn: "cu.1".into(),
            age: 36
        }
    );
    assert_eq!(ok.message_code(), Some("MNT-000-00"));
    assert_eq!(ok.severity(), Some("SUCCESS"));
    assert_eq!(ok.correlation_id(), Some("c-7"));
    assert_eq!(ok.links().self_link.as_deref(), Some("x"));
}

#[test]
fn the_walk_of_a_success_decodes_what_the_whole_read_decodes() {
    let bodies: [&[u8]; 8] = [
        br#"{"data":{"a":[1]},"status":{"messageCode":"MNT-000-00"}}"#,
        br#"{"status":{"messageCode":"MNT-000-00"},"data":1,"data":2}"#,
        br#"{"status":{"messageCode":"MNT-000-00"},"d\u0061ta":"esc"}"#,
        br#"{"status":{"messageCode":"MNT-000-00"}}"#,
        br#"{"status":{"messageCode":"MNT-409-02","severity":"ERROR"},"data":null}"#,
        br#"{"data":1,"status":{"messageCode":"MNT-000-00"}} x"#,
        br#"{"data":1,"status":{"messageCode":"MNT-000-00"},"x":"\ud800"}"#,
        br#"[1]"#,
    ];
    for body in bodies {
        let shown = String::from_utf8_lossy(body);
        let mut value = None;
        let success = read_success::<Value>(&MONETI, &["data"], body, &mut value);
        let whole = read_object(&MONETI, &["data"], body);
        // A `Value` payload always fits: both refuse the same bodies.
        assert_eq!(success.is_some(), whole.is_some(), "{shown}");
        let (Some(success), Some(whole)) = (success, whole) else {
            continue;
        };
        let expected = whole
            .payload
            .map(|p| serde_json::from_str::<Value>(p.get()).unwrap());
        assert_eq!(value, expected, "{shown}");
        assert_eq!(success.outcome(), whole.envelope.outcome(), "{shown}");
        assert_eq!(
            success.correlation_id(&MONETI),
            whole.envelope.correlation_id(&MONETI),
            "{shown}"
        );
        for status in [200, 401, 409] {
            let decoded = decode_bytes::<Value>(&MONETI_ENDPOINT, status, body);
            if let Ok(ok) = decoded {
                assert_eq!(Some(ok.value), expected.clone().or(Some(Value::Null)));
            }
        }
    }
}

static ALTERNATIVES: Endpoint = Endpoint {
    payload: Payload::Keys(&["offer", "data"]),
    ..MONETI_ENDPOINT
};

#[test]
fn the_payload_is_under_the_first_present_alternative() {
    let ok = br#"{"status":{"messageCode":"MNT-000-00"}"#;
    let cases: [(&str, Option<&str>); 6] = [
        (r#","data":{"urn":"d","age":1}}"#, Some("d")),
        (r#","offer":{"urn":"o","age":1}}"#, Some("o")),
        (
            r#","data":{"urn":"d","age":1},"offer":{"urn":"o","age":1}}"#,
            Some("o"),
        ),
        (r#","offer":null,"data":{"urn":"d","age":1}}"#, Some("d")),
        (
            r#","offer":{"urn":"o","age":1},"offer":null,"data":{"urn":"d","age":1}}"#,
            Some("d"),
        ),
        ("}", None),
    ];
    for (rest, expected) in cases {
        let body = [&ok[..], rest.as_bytes()].concat();
        let shown = String::from_utf8_lossy(&body).into_owned();
        let decoded = decode_bytes::<Option<Customer>>(&ALTERNATIVES, 200, &body)
            .unwrap_or_else(|e| panic!("{shown}: {e:?}"));
        assert_eq!(decoded.value.map(|c| c.urn).as_deref(), expected, "{shown}");
    }
    // The walk of a success takes a single alternative, and leaves two to
    // the whole read (which alone sees which one is null).
    let keys = ALTERNATIVES.payload.keys();
    let one = br#"{"data":{"urn":"d","age":1},"status":{"messageCode":"MNT-000-00"}}"#;
    let mut value = None;
    assert!(read_success::<Customer>(&MONETI, keys, one, &mut value).is_some());
    assert_eq!(value.map(|c| c.urn).as_deref(), Some("d"));
    let two = br#"{"offer":null,"data":{"urn":"d","age":1}}"#;
    assert!(read_success::<Option<Customer>>(&MONETI, keys, two, &mut None).is_none());
}

#[test]
fn non_object_roots_and_numeric_codes_do_not_panic() {
    assert_eq!(
        EnvelopeParts::read(&MONETI, &json!([1, 2])),
        EnvelopeParts::default()
    );
    let top = EnvelopeSpec {
        status_object: None,
        code: "code",
        ..MONETI
    };
    let parts = EnvelopeParts::read(&top, &json!({ "code": 404, "message": "nope" }));
    assert_eq!(parts.code.as_deref(), Some("404"));
    assert_eq!(parts.message.as_deref(), Some("nope"));
}

#[test]
fn declared_parts_of_unexpected_types_read_as_absent() {
    let root = json!({
        "status": {
            "messageCode": "MNT-000-00", "source": ["x"], "success": "yes",
            "details": null, "warnings": "one", "warning": null
        },
        "links": ["self"],
        "diagnostics": "gw",
        "errors": { "code": 1 },
        "warnings": 7,
        "retryAfter": { "s": 1 }
    });
    let parts = EnvelopeParts::read(
        &EnvelopeSpec {
            retry_after: Some("retryAfter"),
            ..MONETI
        },
        &root,
    );
    assert_eq!(parts.code.as_deref(), Some("MNT-000-00"));
    assert_eq!(parts.source, None);
    assert_eq!(parts.success, None);
    assert_eq!(parts.details, None);
    assert_eq!(parts.links, Links::default());
    assert!(parts.errors.is_empty());
    assert_eq!(parts.retry_after, None);
    // A lone value where an array is documented is one warning.
    assert_eq!(parts.warnings, vec![json!("one"), json!(7)]);
    // Diagnostics that are no object: kept as sent, never decoded into a type.
    assert_eq!(parts.diagnostics, Some(json!("gw")));
    assert!(parts
        .diagnostics_as::<std::collections::HashMap<String, String>>()
        .unwrap()
        .is_err());
    let ok = decode_bytes::<Value>(&MONETI_ENDPOINT, 200, root.to_string().as_bytes());
    assert!(ok.is_ok(), "metadata never fails a call: {ok:?}");
}

/// The status object is read during the top-level walk, like a map: the last
/// occurrence of its key wins, a status that is no object has no parts (and
/// the other parts are still read), and a status key that is also another
/// envelope key (here the top-level code's) is read from its raw text.
#[test]
fn the_status_object_is_read_in_the_walk_like_a_map() {
    let shared = EnvelopeSpec {
        status_code: Some("status"),
        ..MONETI
    };
    // ((body, code, severity), warnings, the code when `status` is also
    // the top-level code key)
    type Case = (&'static str, Option<&'static str>, Option<&'static str>);
    let cases: [(Case, Vec<Value>, Option<&str>); 7] = [
        (
            (
                r#"{"status":{"messageCode":"A","warnings":["w"]},"links":{"self":"/s"},"data":1}"#,
                Some("A"),
                None,
            ),
            vec![json!("w")],
            Some("A"),
        ),
        (
            (
                r#"{"status":"A","links":{"self":"/s"},"data":1}"#,
                None,
                None,
            ),
            vec![],
            Some("A"),
        ),
        (
            (
                r#"{"status":[{"messageCode":"A"}],"warnings":["top"],"data":1}"#,
                None,
                None,
            ),
            vec![json!("top")],
            None,
        ),
        (
            (
                r#"{"status":{"messageCode":"A"},"status":null,"data":1}"#,
                None,
                None,
            ),
            vec![],
            None,
        ),
        (
            (
                r#"{"status":7,"status":{"messageCode":"B","severity":"ERROR"},"data":1}"#,
                Some("B"),
                Some("ERROR"),
            ),
            vec![],
            Some("B"),
        ),
        ((r#"{"status":true,"data":1}"#, None, None), vec![], None),
        (
            (r#"{"status":-15,"data":1}"#, None, None),
            vec![],
            Some("-15"),
        ),
    ];
    for ((body, code, severity), warnings, shared_code) in cases {
        let read = |spec| {
            read_object(spec, &["data"], body.as_bytes())
                .expect("an object")
                .envelope
                .parts(spec)
        };
        let parts = read(&MONETI);
        assert_eq!(parts.code.as_deref(), code, "{body}");
        assert_eq!(parts.severity.as_deref(), severity, "{body}");
        assert_eq!(parts.warnings, warnings, "{body}");
        let expected_link = body.contains(r#""self":"/s""#).then(|| "/s".to_owned());
        assert_eq!(parts.links.self_link, expected_link, "{body}");
        assert_eq!(read(&shared).code.as_deref(), shared_code, "{body}");
        // The walk of a success reads the status the same way, and leaves
        // a key that is two members (status and code) to the whole read.
        let success = read_success::<Value>(&MONETI, &["data"], body.as_bytes(), &mut None)
            .expect("an object");
        let (code_read, severity_read) = success.outcome();
        assert_eq!(
            (code_read.as_deref(), severity_read.as_deref()),
            (code, severity),
            "{body}"
        );
        assert!(read_success::<Value>(&shared, &["data"], body.as_bytes(), &mut None).is_none());
        // So does a payload key that is the status object's.
        assert!(read_success::<Value>(&MONETI, &["status"], body.as_bytes(), &mut None).is_none());
    }
}

/// A success's parts are read from the body on first access; they are the
/// parts the eager reader finds, for both envelopes, typed and untyped
/// payloads, payload keys shared with the envelope, and non-object bodies.
#[test]
fn a_successs_deferred_parts_are_the_eager_ones() {
    static SHARED_SPEC: EnvelopeSpec = EnvelopeSpec {
        warnings: &["data"],
        ..MONETI
    };
    static SHARED_ENDPOINT: Endpoint = Endpoint {
        envelope: &SHARED_SPEC,
        ..FLAT_ENDPOINT
    };
    let bodies = [
        json!({
            "status": { "messageCode": "MNT-000-00", "severity": "WARNING", "message": "a\"b",
                        "source": "S", "success": true, "details": [1], "warnings": ["w1"] },
            "diagnostics": { "correlationId": "c-7" },
            "errors": [], "warnings": { "w": 2 },
            "links": { "self": "/s", "next": "/n", "previous": null, "other": 1 },
            "data": { "a": 1 }
        }),
        json!({ "data": 3, "status": { "messageCode": "MNT-000-00" }, "statusCode": 5 }),
        json!({ "code": 0, "message": "m", "severity": "SUCCESS", "retryAfter": "2",
                "diagnostics": { "correlationId": "c-8" }, "warnings": [1, 2], "data": null }),
        json!({ "data": "x" }),
        json!([1, 2]),
    ];
    // The payload under the status object's own key.
    static STATUS_PAYLOAD_ENDPOINT: Endpoint = Endpoint {
        payload: Payload::Key("status"),
        ..MONETI_ENDPOINT
    };
    for endpoint in [
        &FLAT_ENDPOINT,
        &MONETI_ENDPOINT,
        &SHARED_ENDPOINT,
        &STATUS_PAYLOAD_ENDPOINT,
    ] {
        for body in &bodies {
            let bytes = serde_json::to_vec(body).unwrap();
            let Ok(ok) = decode_bytes::<Value>(endpoint, 200, &bytes) else {
                continue;
            };
            let eager = EnvelopeParts::read(endpoint.envelope, body);
            assert_eq!(ok.envelope(), &eager, "{body}");
            assert_eq!(ok.message_code(), eager.code.as_deref(), "{body}");
            assert_eq!(ok.severity(), eager.severity.as_deref(), "{body}");
            assert_eq!(ok.warnings(), &eager.warnings[..], "{body}");
            assert_eq!(ok.links(), &eager.links, "{body}");
            if let Some(id) = &eager.correlation_id {
                assert_eq!(ok.correlation_id(), Some(id.as_str()), "{body}");
            }
            // Read once: the same parts again, and through `map`.
            assert!(std::ptr::eq(ok.envelope(), ok.envelope()));
            assert_eq!(ok.map(|_| ()).envelope(), &eager, "{body}");
        }
    }
    // Every body above decodes for the Moneti endpoint but the array.
    let decoded = bodies
        .iter()
        .filter(|b| {
            decode_bytes::<Value>(&MONETI_ENDPOINT, 200, &serde_json::to_vec(b).unwrap()).is_ok()
        })
        .count();
    assert!(decoded >= 3, "{decoded}");
}
