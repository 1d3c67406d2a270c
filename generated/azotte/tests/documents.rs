//! The documents' own envelope examples (verbatim in `tests/fixtures`, see its
//! README): document 004's JSON blueprint, error payload and pagination
//! block, and document 001's `GeneralResponse`, served as bytes by a plain
//! axum server on 127.0.0.1 and decoded through the generated client on the
//! endpoints they belong to. Every expected value is read from the fixture,
//! never from the client or the gateway.

use axum::http::{header, StatusCode};
use azotte_client::auth::{PartnerSignature, ServiceToken, TenantApiKey, UserToken};
use azotte_client::m2m::OfferBundlesError;
use azotte_client::prelude::*;
use azotte_client::runtime::{AuthError, RetryPolicy, TokenProvider};
use azotte_client::types::*;
use azotte_client::{c2a, m2m, p2m, t2m, ApiError, ClientConfig};
use serde_json::{json, Value};
use std::sync::{Arc, Mutex};

const BLUEPRINT: &str = include_str!("fixtures/004_blueprint.json");
const ERROR_PAYLOAD: &str = include_str!("fixtures/004_error_payload.json");
const PAGINATION: &str = include_str!("fixtures/004_pagination.json");
const GENERAL_RESPONSE: &str = include_str!("fixtures/001_general_response.json");

fn document(text: &str) -> Value {
    serde_json::from_str(text).expect("the fixture is the document's JSON")
}

/// A plain HTTP server on 127.0.0.1 (ephemeral port) that knows only the
/// documents: `POST /oauth/token` answers an RFC 6749 token, every other
/// request gets `status` and `body` as given. Returns its API root
/// (`…/api`) and the paths it was asked for.
async fn serve(status: u16, body: String) -> (String, Arc<Mutex<Vec<String>>>) {
    let seen = Arc::new(Mutex::new(Vec::new()));
    let log = seen.clone();
    let app = axum::Router::new().fallback(move |uri: axum::http::Uri| {
        let log = log.clone();
        let body = body.clone();
        async move {
            let path = uri.path().to_owned();
            log.lock().unwrap().push(path.clone());
            let (status, body) = if path == "/oauth/token" {
                (
                    200,
                    r#"{"access_token":"svc-token","token_type":"Bearer","expires_in":900}"#
                        .to_owned(),
                )
            } else {
                (status, body)
            };
            (
                StatusCode::from_u16(status).unwrap(),
                [(header::CONTENT_TYPE, "application/json")],
                body,
            )
        }
    });
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    (format!("http://{addr}/api"), seen)
}

fn config(root: &str) -> ClientConfig {
    ClientConfig::new(root).retry(RetryPolicy::disabled())
}

fn m2m_client(root: &str) -> m2m::Client {
    m2m::Client::with_config(config(root), ServiceToken::new("client-1", "secret-1")).unwrap()
}

/// Document 004's sample request context.
fn bundles_request() -> OfferRequest {
    OfferRequest::new(
        RequestContext::new(
            "sb.00.060",
            "203.0.113.24",
            InteractionType::Purchase,
            Channel::Web,
        )
        .storefront_urn("st.00.001"),
    )
}

/// The blueprint's `diagnostics` as the typed `Diagnostics` must read them.
fn assert_diagnostics(typed: &Diagnostics, doc: &Value) {
    let d = &doc["diagnostics"];
    assert_eq!(typed.correlation_id, d["correlationId"].as_str().unwrap());
    assert_eq!(
        typed.effective_region_code.as_deref(),
        d["effectiveRegionCode"].as_str()
    );
    assert_eq!(typed.created_at, d["createdAt"].as_str().unwrap());
    assert_eq!(typed.node_id, d["nodeId"].as_str().unwrap());
}

/// Every part of the status object as the envelope parts must expose it.
fn assert_status(parts: &azotte_client::runtime::EnvelopeParts, doc: &Value) {
    let s = &doc["status"];
    assert_eq!(parts.code.as_deref(), s["messageCode"].as_str());
    assert_eq!(parts.severity.as_deref(), s["severity"].as_str());
    assert_eq!(parts.message.as_deref(), s["message"].as_str());
    assert_eq!(parts.source.as_deref(), s["source"].as_str());
    assert_eq!(parts.success, s["success"].as_bool());
}

#[tokio::test]
async fn document_004_blueprint_decodes_on_offer_bundles_with_every_part_typed() {
    let doc = document(BLUEPRINT);
    let (root, seen) = serve(200, BLUEPRINT.to_owned()).await;
    let offer = m2m_client(&root)
        .offer_bundles(&bundles_request())
        .await
        .expect("the document's own answer decodes");
    // The payload sits under `data`, although the endpoint names `offer`.
    assert_eq!(
        offer.offer_identifier.as_str(),
        doc["data"]["offerIdentifier"].as_str().unwrap()
    );
    assert_status(offer.envelope(), &doc);
    assert_eq!(offer.message_code(), doc["statusCode"].as_str());
    assert_diagnostics(&offer.diagnostics().expect("typed diagnostics"), &doc);
    assert_eq!(
        offer.correlation_id(),
        doc["diagnostics"]["correlationId"].as_str()
    );
    let links = offer.links();
    assert_eq!(links.self_link.as_deref(), doc["links"]["self"].as_str());
    assert_eq!(links.next.as_deref(), doc["links"]["next"].as_str());
    assert_eq!(links.previous, None);
    assert_eq!(links.object.as_ref(), Some(&doc["links"]));
    assert_eq!(
        offer.warnings(),
        doc["status"]["warnings"].as_array().unwrap().as_slice()
    );
    assert!(seen
        .lock()
        .unwrap()
        .contains(&"/api/m2m/offer/bundles".to_owned()));
}

#[tokio::test]
async fn the_domain_key_the_endpoint_names_is_read_too() {
    let mut doc = document(BLUEPRINT);
    let object = doc.as_object_mut().unwrap();
    let data = object.remove("data").unwrap();
    object.insert("offer".into(), data.clone());
    let (root, _) = serve(200, doc.to_string()).await;
    let offer = m2m_client(&root)
        .offer_bundles(&bundles_request())
        .await
        .unwrap();
    assert_eq!(
        offer.offer_identifier.as_str(),
        data["offerIdentifier"].as_str().unwrap()
    );
}

#[tokio::test]
async fn the_success_code_without_a_severity_is_a_success() {
    let mut doc = document(BLUEPRINT);
    doc["status"].as_object_mut().unwrap().remove("severity");
    let (root, _) = serve(200, doc.to_string()).await;
    let offer = m2m_client(&root)
        .offer_bundles(&bundles_request())
        .await
        .expect("MNT-000-00 is a success with or without severity");
    assert_eq!(offer.message_code(), doc["status"]["messageCode"].as_str());
    assert_eq!(offer.severity(), None);
}

#[tokio::test]
async fn warnings_are_reached_in_each_of_the_three_documented_places() {
    // Document 004: "warnings / warning" in the status object, and top-level
    // `warnings`; the blueprint's `status.warnings: []` hides nothing. The
    // element shape is not documented: these are ours.
    let (top, singular) = (
        json!({ "code": "MNT-299-05", "message": "fallback geo" }),
        json!({ "code": "MNT-206-01", "message": "partial sync" }),
    );
    let mut doc = document(BLUEPRINT);
    doc["warnings"] = json!([top]);
    let (root, _) = serve(200, doc.to_string()).await;
    let offer = m2m_client(&root)
        .offer_bundles(&bundles_request())
        .await
        .unwrap();
    assert_eq!(offer.warnings(), std::slice::from_ref(&top));

    doc["status"]["warning"] = json!([singular]);
    let (root, _) = serve(200, doc.to_string()).await;
    let offer = m2m_client(&root)
        .offer_bundles(&bundles_request())
        .await
        .unwrap();
    assert_eq!(offer.warnings(), [singular, top]);
}

#[tokio::test]
async fn document_004_error_payload_is_a_typed_service_error_with_every_part() {
    let doc = document(ERROR_PAYLOAD);
    let (root, _) = serve(401, ERROR_PAYLOAD.to_owned()).await;
    let error = m2m_client(&root)
        .offer_bundles(&bundles_request())
        .await
        .unwrap_err();
    assert_eq!(error.service_error(), Some(&OfferBundlesError::Mnt40101));
    let ApiError::Service(service) = &error else {
        panic!("expected a service error, got {error:?}")
    };
    assert_eq!(service.code, doc["statusCode"].as_str().unwrap());
    assert_status(&service.envelope, &doc);
    assert_eq!(service.errors, doc["errors"].as_array().unwrap().clone());
    let typed = error.diagnostics().expect("typed diagnostics on a failure");
    assert_diagnostics(&typed, &doc);
    assert_eq!(
        error.correlation_id(),
        doc["diagnostics"]["correlationId"].as_str()
    );
    assert_eq!(service.links.object, None);
    assert!(service.warnings.is_empty());
}

/// A portal session handing out a fixed user token.
#[derive(Debug)]
struct Session;

impl TokenProvider for Session {
    fn token(&self) -> futures::future::BoxFuture<'_, Result<secrecy::SecretString, AuthError>> {
        Box::pin(async { Ok("user-token".to_owned().into()) })
    }
}

#[tokio::test]
async fn document_004_pagination_block_decodes_on_a_p2m_list() {
    let doc = document(PAGINATION);
    let (root, _) = serve(200, PAGINATION.to_owned()).await;
    let client =
        p2m::Client::with_config(config(&root), UserToken::new(Arc::new(Session))).unwrap();
    let page = client
        .list_subscriptions(&p2m::ListSubscriptionsQuery::new())
        .await
        .expect("a block without status is a success by its HTTP status");
    let info = &doc["data"]["pageInfo"];
    assert_eq!(
        u64::from(page.page_info.page),
        info["page"].as_u64().unwrap()
    );
    assert_eq!(
        u64::from(page.page_info.page_size),
        info["pageSize"].as_u64().unwrap()
    );
    assert_eq!(page.page_info.total, info["total"].as_u64().unwrap());
    assert_eq!(page.page_info.has_next, info["hasNext"].as_bool().unwrap());
    assert_eq!(
        page.items.len(),
        doc["data"]["items"].as_array().unwrap().len()
    );
}

#[tokio::test]
async fn t2m_diagnostics_carry_the_partner_fields() {
    // Document 004, T2M: "Adds partnerId, partnerTags, or channelReference to
    // diagnostics" (no example values: these are ours).
    let mut doc = document(BLUEPRINT);
    doc["diagnostics"]["partnerId"] = json!("pt.00.007");
    doc["diagnostics"]["partnerTags"] = json!(["reseller-a"]);
    doc["diagnostics"]["channelReference"] = json!("shopify-eu");
    let (root, _) = serve(200, doc.to_string()).await;
    let client = t2m::Client::with_config(
        config(&root),
        (
            ServiceToken::new("partner-app", "app-secret"),
            PartnerSignature::new("pk_partner_1", "partner-shared-secret"),
        ),
    )
    .unwrap();
    let offer = client.offer_bundles(&bundles_request()).await.unwrap();
    let typed = offer.diagnostics().unwrap();
    assert_diagnostics(&typed, &doc);
    let d = &doc["diagnostics"];
    assert_eq!(typed.partner_id.as_deref(), d["partnerId"].as_str());
    assert_eq!(
        typed.partner_tags,
        Some(vec![d["partnerTags"][0].as_str().unwrap().to_owned()])
    );
    assert_eq!(
        typed.channel_reference.as_deref(),
        d["channelReference"].as_str()
    );
}

#[tokio::test]
async fn document_001_general_response_decodes_on_customer_info() {
    let doc = document(GENERAL_RESPONSE);
    let (root, seen) = serve(200, GENERAL_RESPONSE.to_owned()).await;
    let client = c2a::Client::with_config(
        config(&format!("{root}/v1")),
        TenantApiKey::new("sk-test-key", "tn.00.001"),
    )
    .unwrap();
    let customer = client
        .customer_info(&c2a::CustomerInfoQuery::new().customer_urn("cu.00.482"))
        .await
        .unwrap();
    assert_eq!(
        customer.customer_urn.as_str(),
        doc["result"]["customerUrn"].as_str().unwrap()
    );
    assert_eq!(
        customer.message_code(),
        doc["status"]["messageCode"].as_str()
    );
    assert_eq!(
        customer.envelope().message.as_deref(),
        doc["status"]["message"].as_str()
    );
    assert_eq!(
        seen.lock().unwrap().as_slice(),
        ["/api/v1/c2a/customer/info"]
    );
}
