//! Successful calls: each envelope shape decodes into a `Response<T>` with its metadata.

mod support;

use azotte_runtime::*;
use serde::Deserialize;
use serde_json::json;
use std::time::Duration;
use support::*;

#[derive(Debug, Deserialize, PartialEq)]
#[serde(rename_all = "camelCase")]
struct Customer {
    customer_urn: String,
    external_id: String,
}

#[derive(Debug, Deserialize, PartialEq)]
#[serde(rename_all = "camelCase")]
struct CheckoutStatus {
    tracking_number: String,
    state: String,
}

#[tokio::test]
async fn general_response_result_decodes() {
    let server = TestServer::start(Reply::json(
        200,
        json!({
            "result": { "customerUrn": "cu.00.482", "externalId": "ext-1", "newField": true },
            "status": { "messageCode": "SUCCESS", "message": "ok" }
        }),
    ))
    .await;
    let response = server
        .client()
        .call::<Customer, CustomerError>(&STORE_CUSTOMER, Request::new().json(&json!({})))
        .await
        .expect("success");
    assert_eq!(response.status(), 200);
    assert_eq!(response.customer_urn, "cu.00.482"); // via Deref
    assert_eq!(response.message_code(), Some("SUCCESS"));
    assert_eq!(
        response.headers().get("content-type").unwrap(),
        "application/clientOutput+Json"
    );
    // No diagnostics and no response header: the correlation id is the one sent.
    let sent = server.single_request();
    assert_eq!(response.correlation_id(), sent.header("x-correlation-id"));
    assert!(response.correlation_id().is_some());
    assert_eq!(
        response.into_inner(),
        Customer {
            customer_urn: "cu.00.482".into(),
            external_id: "ext-1".into()
        }
    );
}

/// A body that arrives in chunks is read whole, also when it is exactly
/// the size limit (one chunk is used as it is, more are joined).
#[tokio::test]
async fn a_body_in_two_chunks_decodes_whole_up_to_the_limit() {
    let body = json!({
        "result": { "customerUrn": "cu.00.482", "externalId": "ext-1" },
        "status": { "messageCode": "SUCCESS" }
    })
    .to_string();
    let size = body.len();
    let server = TestServer::start(Reply::raw(200, body).chunked(Duration::ZERO)).await;
    for limit in [size, size + 1, 100_000] {
        let response = server
            .client_with(ClientConfig::new(&server.base_url).max_response_bytes(limit))
            .call::<Customer, CustomerError>(&STORE_CUSTOMER, Request::new())
            .await
            .expect("success");
        assert_eq!(response.customer_urn, "cu.00.482");
        assert_eq!(response.external_id, "ext-1");
    }
}

#[tokio::test]
async fn inline_payload_is_read_from_the_root_and_202_is_success() {
    let server = TestServer::start(Reply::json(
        202,
        json!({
            "trackingNumber": "trk-9",
            "state": "Pending",
            "status": { "messageCode": "SUCCESS" }
        }),
    ))
    .await;
    let response = server
        .client()
        .call::<CheckoutStatus, RawCode>(&CHECKOUT_SUBMIT, Request::new().json(&json!({"a": 1})))
        .await
        .expect("202 is a success");
    assert_eq!(response.status(), 202);
    assert_eq!(
        response.value(),
        &CheckoutStatus {
            tracking_number: "trk-9".into(),
            state: "Pending".into()
        }
    );
}

#[tokio::test]
async fn moneti_warning_is_ok_with_warnings_links_and_diagnostics_correlation_id() {
    let server = TestServer::start(
        Reply::json(
            200,
            json!({
                "diagnostics": { "correlationId": "cdbb5e0d-from-diagnostics", "nodeId": "gw-1" },
                "data": { "items": [1, 2] },
                "status": {
                    "severity": "WARNING",
                    "messageCode": "MNT-206-01",
                    "message": "Partial success",
                    "warnings": [{ "code": "FALLBACK_PRICING" }]
                },
                "statusCode": "MNT-206-01",
                "links": { "self": "https://api.azotte.cloud/api/m2m/offer/bundles", "next": null }
            }),
        )
        .header("x-correlation-id", "from-response-header"),
    )
    .await;
    let response = server
        .client()
        .with_correlation_id("sent-id")
        .call::<serde_json::Value, RawCode>(&BUNDLES, Request::new().json(&json!({"context": {}})))
        .await
        .expect("WARNING severity is a success");
    assert_eq!(response.correlation_id(), Some("cdbb5e0d-from-diagnostics"));
    assert_eq!(response.severity(), Some("WARNING"));
    assert_eq!(response.message_code(), Some("MNT-206-01"));
    assert_eq!(
        response.warnings(),
        &[json!({ "code": "FALLBACK_PRICING" })]
    );
    let links = response.links();
    assert_eq!(
        links.self_link.as_deref(),
        Some("https://api.azotte.cloud/api/m2m/offer/bundles")
    );
    assert_eq!(links.next, None);
    assert_eq!(
        links.object.as_ref().unwrap()["next"],
        serde_json::Value::Null
    );
    assert_eq!(response.value(), &json!({ "items": [1, 2] }));
    assert_eq!(
        server.single_request().header("x-correlation-id"),
        Some("sent-id")
    );
}

#[tokio::test]
async fn response_header_correlation_id_beats_the_sent_one() {
    let server = TestServer::start(
        Reply::json(
            200,
            json!({ "result": null, "status": { "messageCode": "SUCCESS" } }),
        )
        .header("X-Correlation-Id", "gateway-generated"),
    )
    .await;
    let response = server
        .client()
        .with_correlation_id("mine")
        .call::<Option<Customer>, RawCode>(&STORE_CUSTOMER, Request::new())
        .await
        .expect("null result decodes into Option");
    assert_eq!(response.value(), &None);
    assert_eq!(response.correlation_id(), Some("gateway-generated"));
}

#[tokio::test]
async fn empty_body_with_empty_payload_is_unit() {
    let server = TestServer::start(Reply::empty(200)).await;
    let response = server
        .client()
        .call::<(), CustomerError>(
            &DELETE_CUSTOMER,
            Request::new().json(&json!({"urn": "cu.1"})),
        )
        .await
        .expect("empty 200 is Ok(())");
    assert_eq!(response.status(), 200);
    assert!(response.warnings().is_empty());
}

#[tokio::test]
async fn empty_payload_still_honours_an_error_code_in_a_2xx_envelope() {
    let server = TestServer::start(Reply::json(
        200,
        json!({ "status": { "messageCode": "CUSTOMER_NOT_FOUND", "message": "gone" } }),
    ))
    .await;
    let error = server
        .client()
        .call::<(), CustomerError>(&DELETE_CUSTOMER, Request::new())
        .await
        .expect_err("a non-success code fails even with HTTP 200");
    assert_eq!(error.service_error(), Some(&CustomerError::NotFound));
    assert_eq!(error.status(), Some(200));
}

/// A `store_customer` call answered with `reply`, which must fail.
async fn store_customer_failing(reply: Reply) -> ApiError<CustomerError> {
    TestServer::start(reply)
        .await
        .client()
        .call::<Customer, CustomerError>(&STORE_CUSTOMER, Request::new())
        .await
        .expect_err("payload type mismatch")
}

fn decode_error(error: &ApiError<CustomerError>) -> &DecodeError {
    match error {
        ApiError::Decode(decode) => decode,
        other => panic!("expected Decode, got {other:?}"),
    }
}

#[tokio::test]
async fn undecodable_2xx_payload_is_a_decode_error_keeping_the_body() {
    let body = json!({ "result": { "customerUrn": 42 }, "status": { "messageCode": "SUCCESS" } });
    let error = store_customer_failing(Reply::json(200, body.clone())).await;
    let decode = decode_error(&error);
    assert_eq!(decode.kind, DecodeErrorKind::Payload);
    assert_eq!(decode.context.status, Some(200));
    assert_eq!(
        serde_json::from_str::<serde_json::Value>(&decode.body).unwrap(),
        body
    );
    assert!(
        std::error::Error::source(&error).is_some(),
        "serde error kept as source"
    );
    // Where in the body, not in the payload: `42` is in columns 26–27 of the
    // body (serde_json writes objects without spaces); serde points at the
    // value's last character.
    let text = decode.body.as_str();
    assert_eq!(&text[25..27], "42", "{text}");
    assert_eq!(decode.position, Some((1, 27)));
    let shown = error.to_string();
    assert!(
        shown.contains("payload does not match the expected type (invalid type: integer `42`, expected a string) at line 1 column 27 of the body"),
        "{shown}"
    );
}

#[tokio::test]
async fn a_payload_error_on_a_later_line_is_placed_in_the_body() {
    let body = "{\n  \"status\": { \"messageCode\": \"SUCCESS\" },\n  \"result\": {\n    \"customerUrn\": null\n  }\n}";
    let error =
        store_customer_failing(Reply::raw(200, body).header("content-type", "application/json"))
            .await;
    let decode = decode_error(&error);
    // `null` is on line 4 of the body, columns 20–23 (serde points at the
    // value's last character).
    let line4 = body.lines().nth(3).unwrap();
    assert_eq!(line4.find("null"), Some(19));
    assert_eq!(decode.position, Some((4, 23)));
}

#[tokio::test]
async fn trailing_slash_and_base_path_are_kept() {
    let server = TestServer::start(Reply::empty(200)).await;
    let client = server.client_with(ClientConfig::new(format!("{}/gateway/", server.base_url)));
    assert_eq!(client.base_url(), format!("{}/gateway", server.base_url));
    client
        .call::<(), RawCode>(&DELETE_CUSTOMER, Request::new())
        .await
        .expect("ok");
    assert_eq!(
        server.single_request().path,
        "/gateway/api/v1/c2a/customer/delete"
    );
}
