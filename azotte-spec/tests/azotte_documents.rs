//! The Azotte spec states what the API documents state (shared/api-docs):
//! every documented route, host, header, error code and envelope field is
//! checked here, one table per document.

use azotte_spec::model::{
    AuthKind, Direction, HttpMethod, PayloadLocation, SignedPart, Spec, TypeKind,
};

fn spec() -> Spec {
    azotte_spec::load_dir(&azotte_spec::api_dir("azotte")).unwrap_or_else(|e| panic!("{e}"))
}

fn route(spec: &Spec, lane: &str, method: HttpMethod, full_path: &str) -> String {
    let lane = spec.lanes.iter().find(|l| l.name == lane).expect("lane");
    lane.endpoints()
        .find(|e| e.method == method && e.full_path == full_path)
        .map(|e| e.id.clone())
        .unwrap_or_else(|| {
            panic!(
                "{} {full_path} is not in lane {}",
                method.as_str(),
                lane.name
            )
        })
}

#[test]
fn document_000_hosts_headers_and_sample_call() {
    let spec = spec();
    let url = |n: &str| spec.environment(n).map(|e| e.url.clone()).unwrap();
    assert_eq!(url("live"), "https://{projectName}.azotte.com/api/v1");
    assert_eq!(
        url("sandbox"),
        "https://{projectName}.sandbox.azotte.com/api/v1"
    );
    assert_eq!(spec.api.version, "v1");
    let AuthKind::ApiKey { headers } = &spec.auth_scheme("tenant_api_key").unwrap().kind else {
        panic!("tenant_api_key is an api_key scheme")
    };
    let names: Vec<(&str, bool)> = headers
        .iter()
        .map(|h| (h.header.as_str(), h.secret))
        .collect();
    assert_eq!(names, [("x-api-key", true), ("x-tn", false)]);
    // The sample: POST /api/v1/m2m/offer/bundles with x-api-key + x-tn and a `context` body.
    let m2m = spec.lanes.iter().find(|l| l.name == "m2m").unwrap();
    assert!(m2m.auth.iter().any(|c| c.schemes == ["tenant_api_key"]));
    let id = route(&spec, "m2m", HttpMethod::Post, "/m2m/offer/bundles");
    let ep = m2m.endpoints().find(|e| e.id == id).unwrap();
    let request = spec.type_def(match ep.request.as_ref().unwrap() {
        azotte_spec::model::TypeRef::Named(n) => n,
        other => panic!("{other:?}"),
    });
    let TypeKind::Object { fields } = &request.unwrap().kind else {
        panic!()
    };
    assert!(fields.iter().any(|f| f.wire_name == "context"));
    let TypeKind::Object { fields } = &spec.type_def("RequestContext").unwrap().kind else {
        panic!()
    };
    let wire: Vec<&str> = fields.iter().map(|f| f.wire_name.as_str()).collect();
    for documented in [
        "customerUrn",
        "customerIpAddress",
        "promotionCode",
        "interactionType",
        "channel",
        "storefrontUrn",
    ] {
        assert!(
            wire.contains(&documented),
            "RequestContext lacks {documented}"
        );
    }
}

#[test]
fn document_001_c2a_endpoint_map_and_flows() {
    let spec = spec();
    let c2a = spec.lanes.iter().find(|l| l.name == "c2a").unwrap();
    assert_eq!(c2a.base_path, "/c2a");
    let areas: Vec<&str> = c2a.areas.iter().map(|a| a.name.as_str()).collect();
    assert_eq!(
        areas,
        [
            "customers",
            "offers",
            "checkout",
            "payment_methods",
            "subscriptions"
        ]
    );
    // Both documented flows, route by route.
    for (method, path) in [
        (HttpMethod::Post, "/customer/validate"),
        (HttpMethod::Post, "/customer/store"),
        (HttpMethod::Post, "/offer/bundles"),
        (HttpMethod::Post, "/offer/checkout"),
        (HttpMethod::Get, "/offer/checkout/{id}/status"),
        (HttpMethod::Get, "/subscription/{customerUrn}"),
        (HttpMethod::Post, "/subscription/cancel/request"),
        (HttpMethod::Post, "/subscription/cancel/confirm"),
    ] {
        route(&spec, "c2a", method, &format!("/c2a{path}"));
    }
    let checkout = c2a
        .endpoints()
        .find(|e| e.full_path == "/c2a/offer/checkout")
        .unwrap();
    assert_eq!(checkout.success, 202, "async checkout answers 202");
    assert_eq!(
        checkout.payload,
        PayloadLocation::Inline,
        "checkout inlines fields beside status"
    );
    assert_eq!(
        checkout.idempotency,
        Some(azotte_spec::model::Idempotency::BodyField(
            "correlationId".into()
        ))
    );
    let pm_idempotent_on_urn = c2a
        .areas
        .iter()
        .find(|a| a.name == "payment_methods")
        .unwrap()
        .endpoints
        .iter()
        .any(|e| {
            e.idempotency
                == Some(azotte_spec::model::Idempotency::BodyField(
                    "paymentMethodUrn".into(),
                ))
        });
    assert!(pm_idempotent_on_urn);
    for e in c2a.endpoints() {
        assert!(e.full_path.starts_with("/c2a/"), "{}", e.full_path);
    }
    let envelope = spec.envelope(c2a.envelope.as_deref().unwrap()).unwrap();
    assert_eq!(
        envelope.content_type.as_deref(),
        Some("application/clientOutput+Json")
    );
    assert_eq!(
        (envelope.payload.as_deref(), envelope.code.as_str()),
        (Some("result"), "messageCode")
    );
    assert_eq!(envelope.success_codes, ["SUCCESS"]);
    let TypeKind::Newtype {
        inner, arithmetic, ..
    } = spec.type_def("Milpieces").unwrap().kind
    else {
        panic!("Milpieces is a newtype")
    };
    assert_eq!(
        (inner, arithmetic),
        (azotte_spec::model::Primitive::I64, true)
    );
    for urn in [
        "CustomerUrn",
        "PaymentMethodUrn",
        "OrderUrn",
        "BundleUrn",
        "StorefrontUrn",
    ] {
        assert!(
            matches!(spec.type_def(urn).unwrap().kind, TypeKind::Newtype { .. }),
            "{urn}"
        );
    }
}

#[test]
fn document_002_customer_endpoints_and_error_table() {
    let spec = spec();
    for (id, method, path) in [
        ("C2A-01-01", HttpMethod::Post, "/customer/validate"),
        ("C2A-01-02", HttpMethod::Post, "/customer/store"),
        ("C2A-01-03", HttpMethod::Post, "/customer/delete"),
        ("C2A-01-04", HttpMethod::Post, "/customer/update"),
        ("C2A-01-05", HttpMethod::Get, "/customer/info"),
    ] {
        assert_eq!(route(&spec, "c2a", method, &format!("/c2a{path}")), id);
    }
    for (code, http) in [
        ("BAD_REQUEST", 400),
        ("INVALID_REQUEST", 400),
        ("CUSTOMER_NOT_FOUND", 404),
        ("CUSTOMER_ALREADY_STORED", 409),
        ("USER_WITH_SAME_EMAIL_EXISTS", 409),
        ("USER_WITH_SAME_PHONE_NUMBER_EXISTS", 409),
        ("SQL_DATABASE_FAILURE", 500),
        ("INTERNAL_SERVER_ERROR", 500),
    ] {
        let e = spec.error(code).unwrap_or_else(|| panic!("{code} missing"));
        assert_eq!(e.http, http, "{code}");
    }
}

#[test]
fn document_004_lanes_hosts_headers_envelope_and_codes() {
    let spec = spec();
    let url = |n: &str| spec.environment(n).map(|e| e.url.clone()).unwrap();
    assert_eq!(url("cloud"), "https://api.azotte.cloud/api");
    assert_eq!(url("cloud_preview"), "https://api.preview.azotte.cloud/api");
    assert_eq!(url("local"), "http://localhost:5210/api");
    for h in [
        "X-Correlation-Id",
        "X-Moneti-Tenant",
        "Idempotency-Key",
        "X-Region-Override",
    ] {
        assert!(spec.header(h).is_some(), "{h}");
    }
    let lanes: Vec<(&str, &str, Direction)> = spec
        .lanes
        .iter()
        .map(|l| (l.name.as_str(), l.base_path.as_str(), l.direction))
        .collect();
    assert_eq!(
        lanes,
        [
            ("c2a", "/c2a", Direction::Outbound),
            ("m2m", "/m2m", Direction::Outbound),
            ("p2m", "/p2m", Direction::Outbound),
            ("t2m", "/t2m", Direction::Outbound),
            ("w2m", "/w2m", Direction::Inbound),
        ]
    );
    let kinds: Vec<(&str, String)> = spec
        .lanes
        .iter()
        .map(|l| (l.name.as_str(), l.auth[0].schemes.join(" + ")))
        .collect();
    assert_eq!(
        kinds,
        [
            ("c2a", "tenant_api_key".to_owned()),
            ("m2m", "service_token".to_owned()),
            ("p2m", "user_token".to_owned()),
            ("t2m", "service_token + partner_signature".to_owned()),
            ("w2m", "webhook_signature".to_owned()),
        ]
    );
    // Document 004: "Verify the X-Moneti-Signature header (HMAC SHA-256 of the
    // raw body). Reject if the timestamp is older than 5 minutes": the raw body
    // alone is signed, the timestamp is the envelope's diagnostics.createdAt.
    let AuthKind::HmacWebhook {
        signature,
        timestamp_field,
        tolerance_seconds,
    } = &spec.auth_scheme("webhook_signature").unwrap().kind
    else {
        panic!()
    };
    assert_eq!(
        (signature.signature_header.as_str(), *tolerance_seconds),
        ("X-Moneti-Signature", 300)
    );
    assert_eq!(signature.signed, [SignedPart::Body]);
    assert_eq!(signature.timestamp_header, None);
    assert_eq!(timestamp_field.as_deref(), Some("diagnostics.createdAt"));
    // T2M (inferred): the signature binds timestamp, method, path and body.
    let AuthKind::HmacRequestSignature { signature, .. } =
        &spec.auth_scheme("partner_signature").unwrap().kind
    else {
        panic!()
    };
    assert_eq!(
        signature.signed,
        [
            SignedPart::Timestamp,
            SignedPart::Method,
            SignedPart::Path,
            SignedPart::Body
        ]
    );
    assert_eq!(signature.separator, "\n");
    let moneti = spec.envelope("moneti").unwrap();
    assert_eq!(moneti.payload.as_deref(), Some("data"));
    assert_eq!(moneti.status_code.as_deref(), Some("statusCode"));
    assert_eq!(moneti.diagnostics.as_deref(), Some("diagnostics"));
    assert_eq!(moneti.correlation_id.as_deref(), Some("correlationId"));
    assert_eq!(moneti.errors.as_deref(), Some("errors"));
    assert_eq!(moneti.links.as_deref(), Some("links"));
    assert_eq!(moneti.severity.as_deref(), Some("severity"));
    let object_fields = |name: &str| match &spec.type_def(name).unwrap().kind {
        TypeKind::Object { fields } => fields
            .iter()
            .map(|f| f.wire_name.clone())
            .collect::<Vec<_>>(),
        _ => panic!("{name} is an object"),
    };
    assert_eq!(
        object_fields("Diagnostics")[..4],
        [
            "correlationId",
            "effectiveRegionCode",
            "createdAt",
            "nodeId"
        ]
    );
    for f in [
        "severity",
        "messageCode",
        "source",
        "message",
        "details",
        "success",
        "warnings",
    ] {
        assert!(
            object_fields("MonetiStatus").contains(&f.to_owned()),
            "status.{f}"
        );
    }
    for f in ["page", "pageSize", "total", "hasNext"] {
        assert!(
            object_fields("PageInfo").contains(&f.to_owned()),
            "pageInfo.{f}"
        );
    }
    for (code, http, severity) in [
        ("MNT-206-01", 206, "WARNING"),
        ("MNT-299-05", 200, "WARNING"),
        ("MNT-400-01", 400, "ERROR"),
        ("MNT-401-01", 401, "ERROR"),
        ("MNT-409-02", 409, "ERROR"),
        ("MNT-500-00", 500, "ERROR"),
    ] {
        let e = spec.error(code).unwrap_or_else(|| panic!("{code} missing"));
        assert_eq!(
            (e.http, e.severity.as_deref()),
            (http, Some(severity)),
            "{code}"
        );
    }
    let p2m = spec.lanes.iter().find(|l| l.name == "p2m").unwrap();
    assert!(p2m.endpoints().any(|e| e
        .pagination
        .as_ref()
        .is_some_and(|p| p.items == "items" && p.page_info.as_deref() == Some("pageInfo"))));
    let w2m = spec.lanes.iter().find(|l| l.name == "w2m").unwrap();
    for prefix in ["subscription.", "invoice.", "payment."] {
        assert!(
            w2m.events.iter().any(|e| e.event_type.starts_with(prefix)),
            "{prefix}* events"
        );
    }
}

/// The full URLs the documents print, rebuilt from environment + lane + path.
#[test]
fn documented_urls_are_reproduced() {
    let spec = spec();
    let full = |env: &str, lane: &str, path: &str| {
        let env = spec
            .environment(env)
            .unwrap()
            .url
            .replace("{projectName}", "acme");
        let lane = spec.lanes.iter().find(|l| l.name == lane).unwrap();
        let ep = lane.endpoints().find(|e| e.path == path).unwrap();
        format!("{env}{}", ep.full_path)
    };
    // Getting Started (000): the curl sample.
    assert_eq!(
        full("sandbox", "m2m", "/offer/bundles"),
        "https://acme.sandbox.azotte.com/api/v1/m2m/offer/bundles"
    );
    // Lanes (004): the example request, on the production and local hosts.
    assert_eq!(
        full("cloud", "m2m", "/offer/bundles"),
        "https://api.azotte.cloud/api/m2m/offer/bundles"
    );
    assert_eq!(
        full("local", "m2m", "/offer/bundles"),
        "http://localhost:5210/api/m2m/offer/bundles"
    );
    // C2A (001): `https://{projectName}.azotte.com/api/v1/c2a/` + route.
    assert_eq!(
        full("live", "c2a", "/customer/store"),
        "https://acme.azotte.com/api/v1/c2a/customer/store"
    );
}

#[test]
fn document_001_every_urn_kind_has_its_not_found_code() {
    let spec = spec();
    // "every URN (customer, payment method, order, bundle, storefront) is scoped
    // to x-tn ... and will return *_NOT_FOUND".
    for code in [
        "CUSTOMER_NOT_FOUND",
        "PAYMENT_METHOD_NOT_FOUND",
        "ORDER_NOT_FOUND",
        "BUNDLE_NOT_FOUND",
        "STOREFRONT_NOT_FOUND",
    ] {
        let e = spec
            .error(code)
            .unwrap_or_else(|| panic!("{code} not in the catalog"));
        assert_eq!(e.http, 404, "{code}");
        assert!(
            !e.doc.starts_with("inferred:"),
            "{code} is documented: {}",
            e.doc
        );
    }
    // Each C2A endpoint that takes an order identifier may answer ORDER_NOT_FOUND.
    let c2a = spec.lanes.iter().find(|l| l.name == "c2a").unwrap();
    let takes_order = |ep: &azotte_spec::model::Endpoint| {
        let order = |ty: &azotte_spec::model::TypeRef| matches!(ty, azotte_spec::model::TypeRef::Named(n) if n == "OrderIdentifier" || n == "OrderUrn");
        let in_body = ep.request.as_ref().is_some_and(|r| match r {
            azotte_spec::model::TypeRef::Named(n) => match &spec.type_def(n).unwrap().kind {
                TypeKind::Object { fields } => fields.iter().any(|f| order(&f.ty)),
                _ => false,
            },
            _ => false,
        });
        in_body
            || ep
                .path_params
                .iter()
                .chain(&ep.query_params)
                .any(|p| order(&p.ty))
    };
    let taking: Vec<&str> = c2a
        .endpoints()
        .filter(|ep| takes_order(ep))
        .map(|ep| ep.id.as_str())
        .collect();
    assert_eq!(taking, ["C2A-05-02", "C2A-05-03", "C2A-05-04"]);
    for ep in c2a.endpoints().filter(|ep| takes_order(ep)) {
        assert!(
            ep.errors.iter().any(|e| e == "ORDER_NOT_FOUND"),
            "{}",
            ep.id
        );
    }
}

#[test]
fn document_004_gives_warning_codes_no_http_status_beyond_2xx() {
    let spec = spec();
    let e = spec.error("MNT-206-01").unwrap();
    assert_eq!(e.severity.as_deref(), Some("WARNING"));
    assert!(
        e.doc.contains("inferred: HTTP 206") && e.doc.contains("2xx"),
        "{}",
        e.doc
    );
}

#[test]
fn document_002_external_identifier_is_an_alias_of_external_id() {
    let spec = spec();
    // Document 002: the concept ExternalId, and `externalIdentifier` in the 409 row.
    for ty in ["AzotteCustomer", "CustomerDetails", "ExternalCustomerRef"] {
        let TypeKind::Object { fields } = &spec.type_def(ty).unwrap().kind else {
            panic!("{ty} is an object")
        };
        let f = fields.iter().find(|f| f.wire_name == "externalId").unwrap();
        assert_eq!(f.aliases, ["externalIdentifier"], "{ty}");
    }
}
