//! Failed calls: each failure lands in the right `ApiError` variant with its
//! context, and `Display` names endpoint, status, code, message and correlation id.

mod support;

use azotte_runtime::*;
use serde_json::json;
use std::time::Duration;
use support::*;

fn moneti_error_body() -> serde_json::Value {
    json!({
        "diagnostics": {
            "correlationId": "7a6cc75a-3a74-4ec1-bd86-0b0a684d8531",
            "nodeId": "gw-prod-us-03"
        },
        "errors": [{
            "code": "MNT-409-02",
            "field": "customerUrn",
            "message": "Conflict",
            "help": "Reload and retry."
        }],
        "status": {
            "severity": "ERROR",
            "messageCode": "MNT-409-02",
            "source": "Gateway",
            "message": "Subscription version conflict",
            "details": { "expectedVersion": 3 },
            "success": false
        },
        "statusCode": "MNT-409-02"
    })
}

/// The error of an M2M bundles call answered with `reply` (a 409 here).
async fn bundles_error(reply: Reply) -> ApiError<RawCode> {
    let server = TestServer::start(reply).await;
    server
        .client()
        .call::<serde_json::Value, RawCode>(&BUNDLES, Request::new().json(&json!({})))
        .await
        .expect_err("409")
}

/// The service error inside `error`.
fn service_of(error: &ApiError<RawCode>) -> &ServiceError<RawCode> {
    match error {
        ApiError::Service(service) => service,
        other => panic!("expected Service, got {other:?}"),
    }
}

#[tokio::test]
async fn moneti_error_is_a_service_error_with_diagnostics_and_errors() {
    let error = bundles_error(Reply::json(409, moneti_error_body())).await;
    let service = service_of(&error);
    assert_eq!(service.error, RawCode("MNT-409-02".into()));
    assert_eq!(service.status, 409);
    assert_eq!(service.severity.as_deref(), Some("ERROR"));
    assert_eq!(
        service.message.as_deref(),
        Some("Subscription version conflict")
    );
    assert_eq!(
        service.diagnostics.as_ref().unwrap()["nodeId"],
        "gw-prod-us-03"
    );
    assert_eq!(service.errors.len(), 1);
    assert_eq!(service.errors[0]["field"], "customerUrn");
    assert_eq!(service.details, Some(json!({ "expectedVersion": 3 })));
    assert_eq!(
        error.correlation_id(),
        Some("7a6cc75a-3a74-4ec1-bd86-0b0a684d8531")
    );
    assert_eq!(error.message_code(), Some("MNT-409-02"));
    assert!(service.context.headers.is_some());
    assert_eq!(
        error.to_string(),
        "M2M-02-01: HTTP 409 MNT-409-02: Subscription version conflict \
         (correlation id 7a6cc75a-3a74-4ec1-bd86-0b0a684d8531)"
    );
}

/// A service error keeps the body the server sent (issue 16: the context
/// beyond the envelope's parts, e.g. fields no envelope key names), bounded
/// like a decode error's.
#[tokio::test]
async fn service_error_keeps_the_raw_body_bounded() {
    let mut body = moneti_error_body();
    body["vendorTrace"] = json!("edge-7/abc");
    let sent = serde_json::to_string(&body).unwrap();
    let error = bundles_error(Reply::raw(409, sent.clone())).await;
    let service = service_of(&error);
    assert_eq!(service.body, sent);
    assert!(!service.body_truncated);
    assert_eq!(error.raw_body(), Some(sent.as_str()));

    // A larger body than the bound: the envelope still decodes, the kept
    // text is cut at MAX_ERROR_BODY_BYTES and says so.
    let mut big = moneti_error_body();
    big["status"]["details"] = json!({ "dump": "x".repeat(2 * MAX_ERROR_BODY_BYTES) });
    let error = bundles_error(Reply::json(409, big)).await;
    let service = service_of(&error);
    assert_eq!(service.code, "MNT-409-02");
    assert_eq!(service.body.len(), MAX_ERROR_BODY_BYTES);
    assert!(service.body_truncated);
}

#[tokio::test]
async fn status_code_at_top_level_is_used_when_the_status_object_has_none() {
    let server = TestServer::start(Reply::json(
        500,
        json!({ "status": { "severity": "ERROR" }, "statusCode": "MNT-500-00" }),
    ))
    .await;
    let error = server
        .client()
        .call::<serde_json::Value, RawCode>(&BUNDLES, Request::new())
        .await
        .expect_err("500");
    assert_eq!(error.service_error(), Some(&RawCode("MNT-500-00".into())));
}

#[tokio::test]
async fn documented_code_maps_to_its_typed_variant() {
    let server = TestServer::start(Reply::json(
        409,
        json!({ "result": null, "status": {
            "messageCode": "CUSTOMER_ALREADY_STORED",
            "message": "externalIdentifier already projected"
        }}),
    ))
    .await;
    let error = server
        .client()
        .with_correlation_id("1234-abcd")
        .call::<serde_json::Value, CustomerError>(&STORE_CUSTOMER, Request::new().json(&json!({})))
        .await
        .expect_err("409");
    assert_eq!(error.service_error(), Some(&CustomerError::AlreadyStored));
    assert_eq!(error.status(), Some(409));
    assert_eq!(error.endpoint_id(), "C2A-01-02");
    assert_eq!(
        error.to_string(),
        "C2A-01-02: HTTP 409 CUSTOMER_ALREADY_STORED: externalIdentifier already projected \
         (correlation id 1234-abcd)"
    );
}

#[tokio::test]
async fn undocumented_code_maps_to_unknown() {
    let server = TestServer::start(Reply::json(
        418,
        json!({ "status": { "messageCode": "TEAPOT_MODE" } }),
    ))
    .await;
    let error = server
        .client()
        .call::<serde_json::Value, CustomerError>(&STORE_CUSTOMER, Request::new())
        .await
        .expect_err("418");
    assert_eq!(
        error.service_error(),
        Some(&CustomerError::Unknown("TEAPOT_MODE".into()))
    );
    assert_eq!(
        error.service_error().map(EndpointError::code),
        Some("TEAPOT_MODE")
    );
    let shown = error.to_string();
    assert!(
        shown.starts_with("C2A-01-02: HTTP 418 TEAPOT_MODE"),
        "{shown}"
    );
}

#[tokio::test]
async fn unauthorized_without_envelope() {
    for reply in [
        Reply::empty(401),
        Reply::raw(401, "Unauthorized").header("content-type", "text/plain"),
        Reply::json(401, json!({ "title": "Unauthorized" })),
    ] {
        let reply_body = reply.body.clone();
        let server = TestServer::start(reply.header("www-authenticate", "ApiKey")).await;
        let error = server
            .client()
            .with_correlation_id("corr-401")
            .call::<serde_json::Value, CustomerError>(&STORE_CUSTOMER, Request::new())
            .await
            .expect_err("401");
        let ApiError::Unauthorized(unauthorized) = &error else {
            panic!("expected Unauthorized, got {error:?}")
        };
        let context = &unauthorized.context;
        let sent = String::from_utf8(reply_body.clone()).unwrap();
        assert_eq!(unauthorized.body, sent, "the 401's body is kept as sent");
        assert!(!unauthorized.body_truncated);
        assert_eq!(context.status, Some(401));
        assert_eq!(
            context.headers.as_ref().unwrap()["www-authenticate"],
            "ApiKey"
        );
        assert_eq!(
            error.to_string(),
            "C2A-01-02: HTTP 401 unauthorized: POST /api/v1/c2a/customer/store was rejected \
             without an envelope (correlation id corr-401)"
        );
    }
}

#[tokio::test]
async fn unauthorized_with_an_envelope_is_a_service_error() {
    let mut body = moneti_error_body();
    body["status"]["messageCode"] = json!("MNT-401-01");
    body["statusCode"] = json!("MNT-401-01");
    let server = TestServer::start(Reply::json(401, body)).await;
    let error = server
        .client()
        .call::<serde_json::Value, RawCode>(&BUNDLES, Request::new())
        .await
        .expect_err("401");
    assert_eq!(error.message_code(), Some("MNT-401-01"));
}

#[tokio::test]
async fn html_500_is_a_decode_error_keeping_status_and_body() {
    let html = "<html><body><h1>502 Bad Gateway</h1></body></html>";
    let server = TestServer::start(Reply::raw(500, html).header("content-type", "text/html")).await;
    let error = server
        .client()
        .with_correlation_id("corr-500")
        .call::<serde_json::Value, CustomerError>(&STORE_CUSTOMER, Request::new())
        .await
        .expect_err("500");
    let ApiError::Decode(decode) = &error else {
        panic!("expected Decode, got {error:?}")
    };
    assert_eq!(decode.kind, DecodeErrorKind::InvalidJson);
    assert_eq!(decode.body, html);
    assert!(!decode.body_truncated);
    assert_eq!(error.status(), Some(500));
    assert_eq!(error.raw_body(), Some(html));
    assert_eq!(
        decode.context.headers.as_ref().unwrap()["content-type"],
        "text/html"
    );
    let shown = error.to_string();
    assert!(
        shown.starts_with("C2A-01-02: HTTP 500 undecodable response to POST"),
        "{shown}"
    );
    assert!(shown.contains("<h1>502 Bad Gateway"), "{shown}");
    assert!(shown.ends_with("(correlation id corr-500)"), "{shown}");
}

#[tokio::test]
async fn json_error_without_code_is_a_decode_error() {
    let server = TestServer::start(Reply::json(503, json!({ "error": "maintenance" }))).await;
    let error = server
        .client()
        .call::<serde_json::Value, RawCode>(&STORE_CUSTOMER, Request::new())
        .await
        .expect_err("503");
    let ApiError::Decode(decode) = &error else {
        panic!("expected Decode, got {error:?}")
    };
    assert_eq!(decode.kind, DecodeErrorKind::NoEnvelope);
    assert!(decode.body.contains("maintenance"));
}

#[tokio::test]
async fn oversized_body_is_cut_and_reported() {
    let big = format!("{{\"result\":\"{}\"}}", "x".repeat(200_000));
    let server = TestServer::start(Reply::raw(200, big)).await;
    let error = server
        .client_with(ClientConfig::new(&server.base_url).max_response_bytes(100_000))
        .call::<serde_json::Value, RawCode>(&STORE_CUSTOMER, Request::new())
        .await
        .expect_err("too large");
    let ApiError::Decode(decode) = &error else {
        panic!("expected Decode, got {error:?}")
    };
    assert_eq!(decode.kind, DecodeErrorKind::BodyTooLarge);
    assert!(decode.body_truncated);
    assert!(decode.body.len() <= 64 * 1024);
}

#[tokio::test]
async fn oversized_streamed_body_is_cut_at_the_limit() {
    let big = format!("{{\"result\":\"{}\"}}", "x".repeat(5_000));
    let server = TestServer::start(Reply::raw(200, big).chunked(Duration::ZERO)).await;
    let error = server
        .client_with(ClientConfig::new(&server.base_url).max_response_bytes(1_000))
        .call::<serde_json::Value, RawCode>(&STORE_CUSTOMER, Request::new())
        .await
        .expect_err("too large");
    let ApiError::Decode(decode) = &error else {
        panic!("expected Decode, got {error:?}")
    };
    assert_eq!(decode.kind, DecodeErrorKind::BodyTooLarge);
    assert_eq!(decode.body.len(), 1_000);
    assert!(decode.body.starts_with("{\"result\":\"xxx"));
}

#[tokio::test]
async fn stalled_body_is_a_timeout_with_the_status() {
    let body = json!({ "result": "abc", "status": { "messageCode": "SUCCESS" } }).to_string();
    let server = TestServer::start(Reply::raw(200, body).chunked(Duration::from_secs(5))).await;
    let error = server
        .client_with(ClientConfig::new(&server.base_url).timeout(Duration::from_millis(300)))
        .call::<String, RawCode>(&STORE_CUSTOMER, Request::new())
        .await
        .expect_err("timeout while reading");
    assert!(matches!(error, ApiError::Timeout(_)), "{error:?}");
    assert_eq!(error.status(), Some(200));
    assert!(error.context().headers.is_some());
    let shown = error.to_string();
    assert!(
        shown.starts_with("C2A-01-02: HTTP 200 timed out reading the body of POST"),
        "{shown}"
    );
}

#[tokio::test]
async fn slow_server_is_a_timeout() {
    let server = TestServer::start(Reply::empty(200).delayed(Duration::from_secs(5))).await;
    let error = server
        .client_with(ClientConfig::new(&server.base_url).timeout(Duration::from_millis(200)))
        .with_correlation_id("corr-slow")
        .call::<(), RawCode>(&DELETE_CUSTOMER, Request::new())
        .await
        .expect_err("timeout");
    assert!(matches!(error, ApiError::Timeout(_)), "{error:?}");
    assert_eq!(error.status(), None);
    assert_eq!(
        error.to_string(),
        "C2A-01-03: timed out waiting for POST /api/v1/c2a/customer/delete (correlation id corr-slow)"
    );
}

#[tokio::test]
async fn refused_connection_is_a_transport_error() {
    let client = Client::new(ClientConfig::new(refused_base_url()), tenant_auth()).unwrap();
    let error = client
        .with_correlation_id("corr-refused")
        .call::<serde_json::Value, RawCode>(
            &CHECKOUT_STATUS,
            Request::new()
                .path_param("id", "trk-1")
                .query("secretish", "pii"),
        )
        .await
        .expect_err("nothing listens");
    let ApiError::Transport(transport) = &error else {
        panic!("expected Transport, got {error:?}")
    };
    assert!(transport.source.is_connect());
    let url = transport
        .source
        .reqwest()
        .and_then(|e| e.url())
        .expect("reqwest keeps the URL");
    assert_eq!(url.path(), "/api/v1/c2a/offer/checkout/trk-1/status");
    assert_eq!(url.query(), None, "query stripped");
    assert!(std::error::Error::source(&error).is_some());
    assert_eq!(
        error.to_string(),
        "C2A-03-02: transport error on GET /api/v1/c2a/offer/checkout/trk-1/status: \
         could not connect after 3 attempts (correlation id corr-refused)"
    );
}

#[tokio::test]
async fn missing_path_param_is_a_config_error_and_nothing_is_sent() {
    let server = TestServer::start(Reply::empty(200)).await;
    let error = server
        .client()
        .call::<serde_json::Value, RawCode>(&CHECKOUT_STATUS, Request::new())
        .await
        .expect_err("no {id}");
    let ApiError::Config(config) = &error else {
        panic!("expected Config, got {error:?}")
    };
    assert_eq!(config.kind, ConfigErrorKind::MissingPathParam("id".into()));
    assert_eq!(
        error.to_string(),
        "C2A-03-02: invalid request GET /api/v1/c2a/offer/checkout/{id}/status: \
         missing path parameter `id`"
    );
    assert!(server.requests().is_empty());
}

struct Unserializable;
impl serde::Serialize for Unserializable {
    fn serialize<S: serde::Serializer>(&self, _: S) -> Result<S::Ok, S::Error> {
        Err(serde::ser::Error::custom("refusing to serialize"))
    }
}

#[tokio::test]
async fn unserializable_body_is_an_encode_error_and_nothing_is_sent() {
    let server = TestServer::start(Reply::empty(200)).await;
    let error = server
        .client()
        .with_correlation_id("corr-enc")
        .call::<(), RawCode>(&STORE_CUSTOMER, Request::new().json(&Unserializable))
        .await
        .expect_err("encode");
    let ApiError::Encode(encode) = &error else {
        panic!("expected Encode, got {error:?}")
    };
    assert!(encode.source.to_string().contains("refusing to serialize"));
    assert_eq!(
        error.to_string(),
        "C2A-01-02: could not serialize the request body of POST /api/v1/c2a/customer/store \
         (correlation id corr-enc)"
    );
    assert!(server.requests().is_empty());
}

#[test]
fn api_error_stays_small() {
    assert!(std::mem::size_of::<ApiError<CustomerError>>() <= 16);
    assert!(std::mem::size_of::<Result<(), ApiError<CustomerError>>>() <= 16);
}

#[test]
fn a_recorded_response_decodes_as_the_call_would() {
    // `decode_response`: the decoder alone, for replaying captured bodies.
    let body = json!({
        "status": { "messageCode": "CUSTOMER_ALREADY_STORED", "message": "Customer already stored." },
        "result": null
    });
    let error = decode_response::<serde_json::Value, CustomerError>(
        &STORE_CUSTOMER,
        409,
        Default::default(),
        serde_json::to_vec(&body).unwrap(),
    )
    .unwrap_err();
    assert_eq!(error.service_error(), Some(&CustomerError::AlreadyStored));
    assert_eq!(error.status(), Some(409));
    assert_eq!(error.endpoint_id(), STORE_CUSTOMER.id);

    let ok = json!({ "status": { "messageCode": "SUCCESS" }, "result": { "customerUrn": "cu.1" } });
    let response = decode_response::<serde_json::Value, CustomerError>(
        &STORE_CUSTOMER,
        200,
        Default::default(),
        serde_json::to_vec(&ok).unwrap(),
    )
    .unwrap();
    assert_eq!(response.into_inner(), json!({ "customerUrn": "cu.1" }));

    let garbage = decode_response::<serde_json::Value, CustomerError>(
        &STORE_CUSTOMER,
        200,
        Default::default(),
        b"<html>".to_vec(),
    )
    .unwrap_err();
    assert!(matches!(garbage, ApiError::Decode(_)), "{garbage:?}");
}
