//! Answers in a lane's envelope, built from the spec's envelope description:
//! C2A `{result, status:{messageCode,message}}` (or the payload inline beside
//! `status`), Moneti `{diagnostics, <payload key>, status, statusCode, links,
//! errors}`, and envelopes whose outcome is the HTTP status (no success codes,
//! no severity; Automatum's `{code, data}` / `{code, message, errors}`,
//! document 003): there `code` is the HTTP status as a number, a success
//! carries no message, error items are `{field, message}`, and a 400 naming
//! fields says "Invalid request parameters" (document 003's example) with
//! the details in `errors`. Every key comes from the [`Envelope`]; only the
//! Moneti status fields the envelope does not model (`source`, `success`)
//! and the Moneti success code `MNT-000-00` (document 004) are written here.
//! No answer quotes the spec's notes: error items carry a plain `help`.

use crate::example::example;
use crate::time::now_iso;
use azotte_spec::model::{Envelope, PayloadLocation, Spec, TypeRef};
use serde_json::{json, Map, Value};

/// Document 004's success code, used when an envelope lists no success code.
pub const MONETI_SUCCESS_CODE: &str = "MNT-000-00";
/// The `nodeId` the gateway reports in diagnostics.
pub const NODE_ID: &str = "gw-local-01";

/// Request facts every envelope echoes.
#[derive(Debug, Clone, Default)]
pub struct Meta {
    /// The request's (or a generated) correlation id.
    pub correlation_id: String,
    /// The request path, for `links.self`.
    pub path: String,
    /// The T2M partner key, added to diagnostics as `partnerId`.
    pub partner: Option<String>,
    /// Extra `links` entries (pagination).
    pub links: Map<String, Value>,
    /// A forced WARNING code and its message: still a success.
    pub warning: Option<(String, String)>,
    /// The region forced by the region-override header, reported as `effectiveRegionCode`.
    pub region: Option<String>,
    /// The HTTP status of a success (0 = 200), its `code` where the
    /// envelope's outcome is the HTTP status.
    pub http: u16,
}

/// The content type answers in `envelope` carry.
pub fn content_type(envelope: &Envelope) -> &str {
    envelope
        .content_type
        .as_deref()
        .unwrap_or("application/json")
}

fn is_moneti(envelope: &Envelope) -> bool {
    envelope.severity.is_some()
}

/// True when the envelope's outcome is the HTTP status itself: it lists no
/// success code and has no severity, so `code` repeats the HTTP status.
pub fn status_is_http(envelope: &Envelope) -> bool {
    envelope.success_codes.is_empty() && envelope.severity.is_none()
}

/// The summary of a 400 whose `errors` name the fields (document 003's
/// error example), in envelopes where the outcome is the HTTP status.
pub const FIELD_ERRORS_SUMMARY: &str = "Invalid request parameters";

/// A plain hint for an error item's `help`, by HTTP status.
fn help(http: u16) -> &'static str {
    match http {
        400 | 422 => "Correct the named field and send the request again.",
        401 => "Send valid credentials for this lane; request a fresh access token if it expired.",
        402 => "Use another payment method or ask the customer to contact their bank.",
        403 => "The credentials lack the permission this call needs.",
        404 => "Check the identifier; identifiers are scoped to the tenant.",
        409 => "Read the current state of the resource and retry with it.",
        429 => "Wait before retrying.",
        500..=599 => {
            "Retry later with backoff; contact support with the correlation id if it persists."
        }
        _ => "See the message.",
    }
}

/// A success answer with `payload` placed where `location` says.
pub fn success(
    spec: &Spec,
    envelope: &Envelope,
    location: &PayloadLocation,
    payload: Value,
    meta: &Meta,
) -> Value {
    let mut root = Map::new();
    match (location, payload) {
        (PayloadLocation::Inline, Value::Object(fields)) => root.extend(fields),
        (PayloadLocation::Key(key), value) if !value.is_null() => {
            root.insert(key.clone(), value);
        }
        _ => {}
    }
    let (code, message, severity, warnings) = match &meta.warning {
        Some((code, message)) => {
            let warning = json!({ "code": code, "message": message });
            (code.clone(), message.clone(), "WARNING", vec![warning])
        }
        None => {
            let code = envelope
                .success_codes
                .first()
                .map_or(MONETI_SUCCESS_CODE, String::as_str);
            let severity = envelope
                .success_severities
                .first()
                .map_or("SUCCESS", String::as_str);
            let message = if is_moneti(envelope) {
                "Success"
            } else {
                "Operation completed."
            };
            (code.to_owned(), message.to_owned(), severity, Vec::new())
        }
    };
    let by_http = status_is_http(envelope) && meta.warning.is_none();
    let status = Status {
        code: if by_http {
            json!(if meta.http == 0 { 200 } else { meta.http })
        } else {
            json!(code)
        },
        message: (!by_http).then_some(message.as_str()),
        severity,
        success: true,
        details: None,
        warnings,
    };
    finish(spec, envelope, root, status, None, meta)
}

/// A failure answer carrying `code`; `field` names the offending input.
pub fn failure(
    spec: &Spec,
    envelope: &Envelope,
    code: &str,
    message: &str,
    field: Option<&str>,
    meta: &Meta,
) -> Value {
    let known = spec.error(code);
    let severity = known.and_then(|e| e.severity.as_deref()).unwrap_or("ERROR");
    let details = field.map(|f| json!({ "field": f, "message": message }));
    if status_is_http(envelope) {
        let http = known.map_or(400, |e| e.http);
        let summary = match field {
            Some(_) if http == 400 => FIELD_ERRORS_SUMMARY,
            _ => message,
        };
        let status = Status {
            code: json!(http),
            message: Some(summary),
            severity,
            success: false,
            details: None,
            warnings: Vec::new(),
        };
        let item = field.map(|f| json!({ "field": f, "message": message }));
        return finish(spec, envelope, Map::new(), status, item, meta);
    }
    let status = Status {
        code: json!(code),
        message: Some(message),
        severity,
        success: false,
        details,
        warnings: Vec::new(),
    };
    let mut item = json!({ "code": code, "message": message });
    if let Some(f) = field {
        item["field"] = json!(f);
    }
    item["help"] = json!(help(known.map_or(400, |e| e.http)));
    finish(spec, envelope, Map::new(), status, Some(item), meta)
}

struct Status<'a> {
    code: Value,
    message: Option<&'a str>,
    severity: &'a str,
    success: bool,
    details: Option<Value>,
    warnings: Vec<Value>,
}

fn finish(
    spec: &Spec,
    envelope: &Envelope,
    mut root: Map<String, Value>,
    status: Status<'_>,
    error: Option<Value>,
    meta: &Meta,
) -> Value {
    let mut object = Map::new();
    object.insert(envelope.code.clone(), status.code.clone());
    if let (Some(key), Some(message)) = (&envelope.message, status.message) {
        object.insert(key.clone(), json!(message));
    }
    if let Some(key) = &envelope.severity {
        object.insert(key.clone(), json!(status.severity));
        object.insert("source".into(), json!("Gateway"));
        object.insert("success".into(), json!(status.success));
    }
    if let Some(details) = status.details.filter(|_| is_moneti(envelope)) {
        object.insert("details".into(), details);
    }
    if let Some(key) = &envelope.warnings {
        if is_moneti(envelope) || !status.warnings.is_empty() {
            object.insert(key.clone(), Value::Array(status.warnings));
        }
    }
    match &envelope.status_object {
        Some(key) => {
            root.insert(key.clone(), Value::Object(object));
        }
        None => root.extend(object),
    }
    if let Some(key) = &envelope.status_code {
        root.insert(key.clone(), status.code);
    }
    if let Some(key) = &envelope.diagnostics {
        root.insert(key.clone(), diagnostics(spec, envelope, meta));
    }
    if let Some(key) = &envelope.links {
        if error.is_none() {
            let mut links = Map::new();
            links.insert("self".into(), json!(meta.path));
            links.insert("next".into(), Value::Null);
            links.extend(meta.links.clone());
            root.insert(key.clone(), Value::Object(links));
        }
    }
    if let (Some(key), Some(item)) = (&envelope.errors, error) {
        root.insert(key.clone(), json!([item]));
    }
    Value::Object(root)
}

fn diagnostics(spec: &Spec, envelope: &Envelope, meta: &Meta) -> Value {
    let mut value = match &envelope.diagnostics_type {
        Some(ty) => example(spec, &TypeRef::Named(ty.clone())),
        None => json!({}),
    };
    if !value.is_object() {
        value = json!({});
    }
    let known = |v: &Value, key: &str| v.get(key).is_some();
    // Fill the documented fields the type declares; drop example-only extras.
    let now = now_iso();
    for (key, fill) in [
        ("createdAt", json!(now)),
        ("nodeId", json!(NODE_ID)),
        (
            "effectiveRegionCode",
            json!(meta.region.as_deref().unwrap_or("EU")),
        ),
    ] {
        if known(&value, key) {
            value[key] = fill;
        }
    }
    if let Some(map) = value.as_object_mut() {
        for key in ["partnerId", "partnerTags", "channelReference"] {
            map.remove(key);
        }
    }
    if let Some(partner) = &meta.partner {
        value["partnerId"] = json!(partner);
    }
    let key = envelope
        .correlation_id
        .as_deref()
        .unwrap_or("correlationId");
    value[key] = json!(meta.correlation_id);
    value
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_envelopes() {
        let spec = azotte_spec::load_dir(&azotte_spec::api_dir("azotte")).unwrap();
        let meta = Meta {
            correlation_id: "cid-1".into(),
            path: "/api/m2m/x".into(),
            ..Meta::default()
        };
        let c2a = spec.envelope("general_response").unwrap();
        let ok = success(
            &spec,
            c2a,
            &PayloadLocation::Key("result".into()),
            json!({ "a": 1 }),
            &meta,
        );
        assert_eq!(
            ok,
            json!({ "result": { "a": 1 }, "status": { "messageCode": "SUCCESS", "message": "Operation completed." } })
        );
        let inline = success(
            &spec,
            c2a,
            &PayloadLocation::Inline,
            json!({ "trackingNumber": "t" }),
            &meta,
        );
        assert_eq!(inline["trackingNumber"], "t");
        let err = failure(&spec, c2a, "CUSTOMER_NOT_FOUND", "nope", None, &meta);
        assert_eq!(
            err,
            json!({ "status": { "messageCode": "CUSTOMER_NOT_FOUND", "message": "nope" } })
        );

        let moneti = spec.envelope("moneti").unwrap();
        let ok = success(
            &spec,
            moneti,
            &PayloadLocation::Key("offer".into()),
            json!({}),
            &meta,
        );
        assert_eq!(ok["statusCode"], "MNT-000-00");
        assert_eq!(ok["status"]["severity"], "SUCCESS");
        assert_eq!(ok["diagnostics"]["correlationId"], "cid-1");
        assert_eq!(ok["diagnostics"]["nodeId"], NODE_ID);
        assert_eq!(ok["links"]["self"], "/api/m2m/x");
        let err = failure(
            &spec,
            moneti,
            "MNT-400-01",
            "payload.version is required",
            Some("payload.version"),
            &meta,
        );
        assert_eq!(err["errors"][0]["field"], "payload.version");
        assert_eq!(err["status"]["success"], false);
        assert_eq!(err["statusCode"], "MNT-400-01");
    }
}
