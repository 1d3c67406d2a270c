//! Response decoding: reads any envelope shape described by an
//! [`EnvelopeSpec`], decides success or failure, and produces either a
//! [`Response<T>`] or the matching [`ApiError`].
//!
//! The content type is deliberately ignored (C2A answers
//! `application/clientOutput+Json`); the body is parsed as JSON whatever it
//! claims. Nothing here can panic on network data.

use crate::endpoint::{Endpoint, EnvelopeSpec, Payload};
use crate::error::{
    ApiError, DecodeError, DecodeErrorKind, EndpointError, ErrorContext, ServiceError,
    MAX_ERROR_BODY_BYTES,
};
use crate::response::Response;
use reqwest::header::HeaderMap;
use serde::de::DeserializeOwned;
use serde_json::Value;

/// The parts of an envelope, found through an [`EnvelopeSpec`]. Missing parts
/// are `None` / empty; reading never fails.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct EnvelopeParts {
    /// Message code from the status object, else from the top-level duplicate.
    /// A numeric code is kept as its decimal text.
    pub code: Option<String>,
    /// Human-readable message.
    pub message: Option<String>,
    /// Severity, e.g. `SUCCESS`, `WARNING`, `ERROR`.
    pub severity: Option<String>,
    /// The diagnostics object.
    pub diagnostics: Option<Value>,
    /// The correlation id inside the diagnostics object.
    pub correlation_id: Option<String>,
    /// The top-level `errors[]` array.
    pub errors: Vec<Value>,
    /// The status object's `details`.
    pub details: Option<Value>,
    /// The warnings array (status object first, then top level).
    pub warnings: Vec<Value>,
    /// The links object.
    pub links: Option<Value>,
}

fn text(value: Option<&Value>) -> Option<String> {
    match value? {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

fn present(value: Option<&Value>) -> Option<Value> {
    value.filter(|v| !v.is_null()).cloned()
}

fn array(value: Option<&Value>) -> Option<Vec<Value>> {
    value.and_then(Value::as_array).cloned()
}

impl EnvelopeParts {
    /// Reads the envelope parts of `root` as `spec` describes them.
    pub fn read(spec: &EnvelopeSpec, root: &Value) -> Self {
        let status = match spec.status_object {
            Some(key) => root.get(key).filter(|v| v.is_object()),
            None => Some(root).filter(|v| v.is_object()),
        };
        let in_status = |key: Option<&str>| status.zip(key).and_then(|(s, k)| s.get(k));
        let at_root = |key: Option<&str>| key.and_then(|k| root.get(k));
        let diagnostics = present(at_root(spec.diagnostics));
        let correlation_id = diagnostics
            .as_ref()
            .zip(spec.correlation_id)
            .and_then(|(d, k)| text(d.get(k)));
        EnvelopeParts {
            code: text(in_status(Some(spec.code))).or_else(|| text(at_root(spec.status_code))),
            message: text(in_status(spec.message)),
            severity: text(in_status(spec.severity)),
            diagnostics,
            correlation_id,
            errors: array(at_root(spec.errors)).unwrap_or_default(),
            details: present(in_status(Some("details"))),
            warnings: array(in_status(spec.warnings))
                .or_else(|| array(at_root(spec.warnings)))
                .unwrap_or_default(),
            links: present(at_root(spec.links)),
        }
    }

    /// True when the envelope reports success: its code is a success code or
    /// its severity a success severity. An envelope with neither list
    /// configured, or one that carries neither a code nor a severity, does
    /// not contradict the HTTP status and counts as success.
    pub fn is_success(&self, spec: &EnvelopeSpec) -> bool {
        let listed = |value: &Option<String>, list: &[&str]| {
            value
                .as_deref()
                .is_some_and(|v| list.iter().any(|s| s.eq_ignore_ascii_case(v)))
        };
        if spec.success_codes.is_empty() && spec.success_severities.is_empty() {
            return true;
        }
        if self.code.is_none() && self.severity.is_none() {
            return true;
        }
        listed(&self.code, spec.success_codes) || listed(&self.severity, spec.success_severities)
    }
}

/// A received response, before decoding.
pub(crate) struct RawResponse {
    pub status: u16,
    pub headers: HeaderMap,
    pub body: Vec<u8>,
    /// The body was cut at the configured limit.
    pub too_large: bool,
}

/// What the call sent, for the context of a decoded response.
pub(crate) struct Sent<'a> {
    /// Resolved path, no query.
    pub path: &'a str,
    /// The correlation id sent, if any.
    pub correlation_id: Option<String>,
    /// The lane's correlation header, whose response value is preferred over
    /// the sent one (and the envelope's over both).
    pub correlation_header: Option<&'a str>,
    /// HTTP requests sent for the call.
    pub attempts: u32,
}

/// Decodes `raw` for `endpoint`. The [`ErrorContext`] is only built for an
/// error; a success takes the correlation id and attempts directly.
pub(crate) fn decode<T: DeserializeOwned, E: EndpointError>(
    endpoint: &Endpoint,
    raw: RawResponse,
    sent: Sent<'_>,
) -> Result<Response<T>, ApiError<E>> {
    let RawResponse {
        status,
        headers,
        body,
        too_large,
    } = raw;
    let rate_limit = crate::rate_limit::read(endpoint.lane, &headers);
    let mut correlation_id = sent.correlation_id;
    if let Some(id) = sent
        .correlation_header
        .and_then(|name| headers.get(name))
        .and_then(|v| v.to_str().ok())
        .filter(|v| !v.is_empty())
    {
        correlation_id = Some(id.to_owned());
    }
    let context = |correlation_id: Option<String>| ErrorContext {
        endpoint_id: endpoint.id,
        method: endpoint.method,
        path: sent.path.to_owned(),
        status: Some(status),
        correlation_id,
        headers: None,
        attempts: sent.attempts,
        rate_limit,
    };
    let ok_status = (200..300).contains(&status);
    let fail = |mut context: ErrorContext, kind, source| {
        context.headers = Some(headers.clone());
        let cut = body.len().min(MAX_ERROR_BODY_BYTES);
        ApiError::Decode(Box::new(DecodeError {
            context,
            kind,
            body: String::from_utf8_lossy(&body[..cut]).into_owned(),
            body_truncated: too_large || body.len() > cut,
            source,
        }))
    };
    let unauthorized = |mut context: ErrorContext| {
        context.headers = Some(headers.clone());
        ApiError::Unauthorized(Box::new(context))
    };

    if too_large {
        return Err(fail(
            context(correlation_id),
            DecodeErrorKind::BodyTooLarge,
            None,
        ));
    }
    let root = if body.iter().all(u8::is_ascii_whitespace) {
        if status == 401 {
            return Err(unauthorized(context(correlation_id)));
        }
        if !ok_status {
            return Err(fail(
                context(correlation_id),
                DecodeErrorKind::EmptyBody,
                None,
            ));
        }
        None
    } else {
        // Fast path: an object body is read once at its top level; the payload
        // stays raw JSON text and decodes straight into `T` below.
        match top_level(endpoint.envelope, &body) {
            Some(top) => Some(top),
            None => match serde_json::from_slice::<Value>(&body) {
                Ok(root) => Some(Top {
                    envelope: root,
                    raw: None,
                }),
                Err(_) if status == 401 => return Err(unauthorized(context(correlation_id))),
                Err(e) => {
                    return Err(fail(
                        context(correlation_id),
                        DecodeErrorKind::InvalidJson,
                        Some(e),
                    ))
                }
            },
        }
    };

    let Some(root) = root else {
        // Empty 2xx body: only payloads that accept `null` (`()`, `Option`) decode.
        return match T::deserialize(&Value::Null) {
            Ok(value) => Ok(success(
                value,
                status,
                headers,
                Meta {
                    correlation_id,
                    attempts: sent.attempts,
                    rate_limit,
                },
                EnvelopeParts::default(),
            )),
            Err(e) => Err(fail(
                context(correlation_id),
                DecodeErrorKind::EmptyBody,
                Some(e),
            )),
        };
    };
    let spec = endpoint.envelope;
    let parts = EnvelopeParts::read(spec, &root.envelope);
    if let Some(id) = &parts.correlation_id {
        correlation_id = Some(id.clone());
    }
    if ok_status && parts.is_success(spec) {
        return match root.payload_value::<T>(endpoint.payload, &body) {
            Ok(value) => Ok(success(
                value,
                status,
                headers,
                Meta {
                    correlation_id,
                    attempts: sent.attempts,
                    rate_limit,
                },
                parts,
            )),
            Err(e) => Err(fail(
                context(correlation_id),
                DecodeErrorKind::Payload,
                Some(e),
            )),
        };
    }
    let mut context = context(correlation_id);
    match parts.code {
        Some(code) => {
            context.headers = Some(headers);
            Err(ApiError::Service(Box::new(ServiceError {
                error: E::from_code(&code),
                code,
                message: parts.message,
                status,
                severity: parts.severity,
                context,
                diagnostics: parts.diagnostics,
                errors: parts.errors,
                details: parts.details,
            })))
        }
        None if status == 401 => Err(unauthorized(context)),
        None => Err(fail(context, DecodeErrorKind::NoEnvelope, None)),
    }
}

/// A body read for decoding. Fast path (an object body): the envelope's own
/// keys parsed into `envelope`, every member kept as raw JSON text in `raw`.
/// Slow path (any other JSON): the whole body parsed into `envelope`.
struct Top<'a> {
    /// Holds (at least) the keys [`EnvelopeParts::read`] looks at.
    envelope: Value,
    /// Top-level members as raw JSON text (fast path only).
    raw: Option<std::collections::HashMap<String, &'a serde_json::value::RawValue>>,
}

impl Top<'_> {
    /// Decodes `T` from where `payload` says it is.
    fn payload_value<T: DeserializeOwned>(
        &self,
        payload: Payload,
        body: &[u8],
    ) -> Result<T, serde_json::Error> {
        match (payload, &self.raw) {
            (Payload::Key(key), Some(raw)) => match raw.get(key) {
                Some(text) => serde_json::from_str(text.get()),
                None => T::deserialize(&Value::Null),
            },
            (Payload::Inline, Some(_)) => serde_json::from_slice(body),
            (Payload::Key(key), None) => {
                T::deserialize(self.envelope.get(key).unwrap_or(&Value::Null))
            }
            (Payload::Inline, None) => T::deserialize(&self.envelope),
            (Payload::Empty, _) => T::deserialize(&Value::Null),
        }
    }
}

/// Reads an object body's top level: raw members, plus the envelope's keys
/// parsed (they are small). `None` when the body is not a JSON object.
fn top_level<'a>(spec: &EnvelopeSpec, body: &'a [u8]) -> Option<Top<'a>> {
    let raw: std::collections::HashMap<String, &serde_json::value::RawValue> =
        serde_json::from_slice(body).ok()?;
    let mut keys = vec![
        spec.status_code,
        spec.diagnostics,
        spec.errors,
        spec.links,
        spec.warnings,
    ];
    match spec.status_object {
        Some(object) => keys.push(Some(object)),
        None => keys.extend([Some(spec.code), spec.message, spec.severity]),
    }
    let envelope: serde_json::Map<String, Value> = keys
        .into_iter()
        .flatten()
        .filter_map(|k| {
            let value = serde_json::from_str(raw.get(k)?.get()).ok()?;
            Some((k.to_owned(), value))
        })
        .collect();
    Some(Top {
        envelope: Value::Object(envelope),
        raw: Some(raw),
    })
}

/// What a successful [`Response`] carries besides the envelope parts.
struct Meta {
    correlation_id: Option<String>,
    attempts: u32,
    rate_limit: Option<crate::RateLimit>,
}

fn success<T>(
    value: T,
    status: u16,
    headers: HeaderMap,
    meta: Meta,
    parts: EnvelopeParts,
) -> Response<T> {
    Response {
        value,
        status,
        headers,
        correlation_id: meta.correlation_id,
        code: parts.code,
        severity: parts.severity,
        warnings: parts.warnings,
        links: parts.links,
        attempts: meta.attempts,
        rate_limit: meta.rate_limit,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    const MONETI: EnvelopeSpec = EnvelopeSpec {
        name: "moneti",
        payload: Some("data"),
        status_object: Some("status"),
        code: "messageCode",
        message: Some("message"),
        severity: Some("severity"),
        success_codes: &["MNT-000-00"],
        success_severities: &["SUCCESS", "WARNING"],
        status_code: Some("statusCode"),
        diagnostics: Some("diagnostics"),
        correlation_id: Some("correlationId"),
        errors: Some("errors"),
        links: Some("links"),
        warnings: Some("warnings"),
    };

    #[test]
    fn reads_every_part_and_falls_back_to_the_top_level_code() {
        let root = json!({
            "diagnostics": { "correlationId": "c-1" },
            "status": { "severity": "error", "message": "Conflict", "details": { "f": 1 } },
            "statusCode": "MNT-409-02",
            "errors": [{ "code": "MNT-409-02" }],
            "warnings": [{ "w": 1 }],
            "links": { "self": "x" }
        });
        let parts = EnvelopeParts::read(&MONETI, &root);
        assert_eq!(parts.code.as_deref(), Some("MNT-409-02"));
        assert_eq!(parts.correlation_id.as_deref(), Some("c-1"));
        assert_eq!(parts.details, Some(json!({ "f": 1 })));
        assert_eq!(parts.errors.len(), 1);
        assert_eq!(parts.warnings, vec![json!({ "w": 1 })]);
        assert!(parts.links.is_some());
        assert!(!parts.is_success(&MONETI));
    }

    #[test]
    fn success_rules() {
        let parts = |code: Option<&str>, severity: Option<&str>| EnvelopeParts {
            code: code.map(str::to_owned),
            severity: severity.map(str::to_owned),
            ..EnvelopeParts::default()
        };
        assert!(parts(Some("MNT-000-00"), None).is_success(&MONETI));
        assert!(parts(Some("MNT-206-01"), Some("Warning")).is_success(&MONETI));
        assert!(!parts(Some("MNT-206-01"), Some("ERROR")).is_success(&MONETI));
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
}
