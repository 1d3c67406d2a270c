//! The static endpoint fixtures the tests call (C2A `GeneralResponse` and
//! Moneti lanes), the C2A credentials, a typed error enum, and Moneti reply
//! helpers.

use super::Reply;
use azotte_runtime::*;

pub const API_KEY: &str = "sk-live-TOP-SECRET-4f1e";
pub const TENANT: &str = "tn.00.042";

pub fn tenant_auth() -> HeaderAuth {
    HeaderAuth::new()
        .plain("x-tn", TENANT)
        .secret("x-api-key", API_KEY)
}

endpoint_error! {
    /// A tiny typed error, as the generator writes it for C2A-01-02.
    pub enum CustomerError {
        AlreadyStored = "CUSTOMER_ALREADY_STORED",
        SameEmail = "USER_WITH_SAME_EMAIL_EXISTS",
        NotFound = "CUSTOMER_NOT_FOUND",
    }
}

pub static GENERAL_RESPONSE: EnvelopeSpec = EnvelopeSpec {
    name: "general_response",
    accept: Some("application/clientOutput+Json, application/json;q=0.9"),
    payload: Some("result"),
    status_object: Some("status"),
    message: Some("message"),
    success_codes: &["SUCCESS"],
    ..EnvelopeSpec::bare("messageCode")
};

pub static MONETI: EnvelopeSpec = EnvelopeSpec {
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

pub static C2A: LaneSpec = LaneSpec {
    name: "c2a",
    headers: &[HeaderSpec {
        name: "X-Correlation-Id",
        role: HeaderRole::CorrelationId,
        generate_uuid: true,
        secret: false,
    }],
};

pub static M2M: LaneSpec = LaneSpec {
    name: "m2m",
    headers: &[
        HeaderSpec {
            name: "X-Correlation-Id",
            role: HeaderRole::CorrelationId,
            generate_uuid: true,
            secret: false,
        },
        HeaderSpec {
            name: "X-Moneti-Tenant",
            role: HeaderRole::Tenant,
            generate_uuid: false,
            secret: false,
        },
        HeaderSpec {
            name: "Idempotency-Key",
            role: HeaderRole::IdempotencyKey,
            generate_uuid: false,
            secret: false,
        },
        HeaderSpec {
            name: "X-Region-Override",
            role: HeaderRole::RegionOverride,
            generate_uuid: false,
            secret: false,
        },
        HeaderSpec {
            name: "X-Partner-Secret",
            role: HeaderRole::Other,
            generate_uuid: false,
            secret: true,
        },
    ],
};

pub static STORE_CUSTOMER: Endpoint = Endpoint {
    id: "C2A-01-02",
    method: Method::Post,
    path: "/api/v1/c2a/customer/store",
    success_status: 200,
    lane: &C2A,
    envelope: &GENERAL_RESPONSE,
    payload: Payload::Key("result"),
    idempotency: Idempotency::None,
};

pub static DELETE_CUSTOMER: Endpoint = Endpoint {
    id: "C2A-01-03",
    method: Method::Post,
    path: "/api/v1/c2a/customer/delete",
    success_status: 200,
    lane: &C2A,
    envelope: &GENERAL_RESPONSE,
    payload: Payload::Empty,
    idempotency: Idempotency::None,
};

pub static CHECKOUT_STATUS: Endpoint = Endpoint {
    id: "C2A-03-02",
    method: Method::Get,
    path: "/api/v1/c2a/offer/checkout/{id}/status",
    success_status: 200,
    lane: &C2A,
    envelope: &GENERAL_RESPONSE,
    payload: Payload::Inline,
    idempotency: Idempotency::None,
};

pub static CHECKOUT_SUBMIT: Endpoint = Endpoint {
    id: "C2A-03-01",
    method: Method::Post,
    path: "/api/v1/c2a/offer/checkout",
    success_status: 202,
    lane: &C2A,
    envelope: &GENERAL_RESPONSE,
    payload: Payload::Inline,
    idempotency: Idempotency::BodyField("correlationId"),
};

pub static BUNDLES: Endpoint = Endpoint {
    id: "M2M-02-01",
    method: Method::Post,
    path: "/api/m2m/offer/bundles",
    success_status: 200,
    lane: &M2M,
    envelope: &MONETI,
    payload: Payload::Key("data"),
    idempotency: Idempotency::None,
};

pub static CAPTURE_PAYMENT: Endpoint = Endpoint {
    id: "M2M-04-03",
    method: Method::Put,
    path: "/api/m2m/payments/{paymentUrn}/capture",
    success_status: 200,
    lane: &M2M,
    envelope: &MONETI,
    payload: Payload::Key("payment"),
    idempotency: Idempotency::Header("Idempotency-Key"),
};

pub static GET_SUBSCRIPTION: Endpoint = Endpoint {
    id: "M2M-05-02",
    method: Method::Get,
    path: "/api/m2m/subscriptions/{urn}",
    success_status: 200,
    lane: &M2M,
    envelope: &MONETI,
    payload: Payload::Key("data"),
    idempotency: Idempotency::None,
};

pub static CREATE_PAYMENT: Endpoint = Endpoint {
    id: "M2M-04-01",
    method: Method::Post,
    path: "/api/m2m/payments",
    success_status: 200,
    lane: &M2M,
    envelope: &MONETI,
    payload: Payload::Key("data"),
    idempotency: Idempotency::Header("Idempotency-Key"),
};

pub static PARTNER_BUNDLES: Endpoint = Endpoint {
    id: "T2M-01-01",
    method: Method::Post,
    path: "/api/t2m/offer/bundles",
    success_status: 200,
    lane: &M2M,
    envelope: &MONETI,
    payload: Payload::Key("data"),
    idempotency: Idempotency::None,
};

/// A Moneti success envelope around `data`.
pub fn moneti_ok(data: serde_json::Value) -> Reply {
    Reply::json(
        200,
        serde_json::json!({
            "diagnostics": { "correlationId": "c-ok" },
            "data": data,
            "status": { "severity": "SUCCESS", "messageCode": "MNT-000-00" },
            "statusCode": "MNT-000-00"
        }),
    )
}

/// A Moneti error envelope with this HTTP status and code.
pub fn moneti_error(status: u16, code: &str) -> Reply {
    Reply::json(
        status,
        serde_json::json!({
            "status": { "severity": "ERROR", "messageCode": code, "message": "failed" },
            "statusCode": code
        }),
    )
}

/// Where the client-credentials fixtures ask for tokens.
pub const TOKEN_PATH: &str = "/oauth/token";

/// A client-credentials scheme authenticating by HTTP Basic (RFC 6749 §2.3.1's default).
pub static BASIC_TOKEN_SPEC: ClientCredentialsSpec = ClientCredentialsSpec {
    token_path: TOKEN_PATH,
    client_auth: ClientAuthMethod::Basic,
    refresh_before_seconds: 60,
};

/// The same scheme with the credentials as form fields of the body.
pub static FORM_TOKEN_SPEC: ClientCredentialsSpec = ClientCredentialsSpec {
    client_auth: ClientAuthMethod::Form,
    ..BASIC_TOKEN_SPEC
};
