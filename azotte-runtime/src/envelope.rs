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
use serde::de::{DeserializeOwned, DeserializeSeed, Deserializer, IgnoredAny, MapAccess, Visitor};
use serde::Deserialize;
use serde_json::value::RawValue;
use serde_json::Value;
use std::borrow::Cow;
use std::marker::PhantomData;

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
            details: present(in_status(Some(DETAILS))),
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
        success_by(spec, self.code.as_deref(), self.severity.as_deref())
    }
}

/// [`EnvelopeParts::is_success`] on a code and a severity.
fn success_by(spec: &EnvelopeSpec, code: Option<&str>, severity: Option<&str>) -> bool {
    let listed = |value: Option<&str>, list: &[&str]| {
        value.is_some_and(|v| list.iter().any(|s| s.eq_ignore_ascii_case(v)))
    };
    if spec.success_codes.is_empty() && spec.success_severities.is_empty() {
        return true;
    }
    if code.is_none() && severity.is_none() {
        return true;
    }
    listed(code, spec.success_codes) || listed(severity, spec.success_severities)
}

/// Decodes a response the way a call to `endpoint` does once the HTTP exchange
/// is over: the envelope, then the payload into `T` on success, or the
/// endpoint's typed error (`E`), `Unauthorized` or `Decode` otherwise. For
/// replaying recorded responses in tests, and for measuring the decoder alone
/// (`benches/benches/decode.rs`). The error context names `endpoint.path`
/// unresolved and one attempt.
pub fn decode_response<T: DeserializeOwned, E: EndpointError>(
    endpoint: &Endpoint,
    status: u16,
    headers: HeaderMap,
    body: Vec<u8>,
) -> Result<Response<T>, ApiError<E>> {
    let raw = RawResponse {
        status,
        headers,
        body,
        too_large: false,
    };
    let sent = Sent {
        path: endpoint.path,
        correlation_id: None,
        correlation_header: endpoint
            .lane
            .header_with_role(crate::endpoint::HeaderRole::CorrelationId)
            .map(|h| h.name),
        attempts: 1,
    };
    decode(endpoint, raw, sent)
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
    // `read_from`: the text the JSON error's position counts from (a payload
    // inside `body`), or `None` when it is `body` itself.
    let fail = |mut context: ErrorContext, kind, source: Option<serde_json::Error>, read_from| {
        context.headers = Some(headers.clone());
        let cut = body.len().min(MAX_ERROR_BODY_BYTES);
        let position = source
            .as_ref()
            .and_then(|e| position_in_body(&body, read_from, e));
        ApiError::Decode(Box::new(DecodeError {
            context,
            kind,
            body: String::from_utf8_lossy(&body[..cut]).into_owned(),
            body_truncated: too_large || body.len() > cut,
            source,
            position,
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
            None,
        ));
    }
    let spec = endpoint.envelope;
    // The payload, when the optimistic pass already decoded it into `T`.
    let mut typed: Option<T> = None;
    let root = if body.iter().all(u8::is_ascii_whitespace) {
        if status == 401 {
            return Err(unauthorized(context(correlation_id)));
        }
        if !ok_status {
            return Err(fail(
                context(correlation_id),
                DecodeErrorKind::EmptyBody,
                None,
                None,
            ));
        }
        None
    } else {
        // Fast path: an object body is read once at its top level, keeping only
        // the envelope's own members (as raw JSON text borrowed from the body).
        // A keyed payload is first tried straight into `T` during that same
        // walk; if anything in that optimistic pass fails (e.g. a failure body
        // whose payload does not fit `T`), the body is walked again keeping
        // the payload raw, and everything below behaves exactly as without it.
        let optimistic = match endpoint.payload {
            Payload::Key(_) => Body::object_typed::<T>(spec, endpoint.payload, &body),
            Payload::Inline | Payload::Empty => None,
        };
        match optimistic {
            Some((object, value)) => {
                typed = value;
                Some(object)
            }
            None => match Body::object(spec, endpoint.payload, &body) {
                Some(object) => Some(object),
                None => match serde_json::from_slice::<Value>(&body) {
                    Ok(root) => Some(Body::Other(root)),
                    Err(_) if status == 401 => return Err(unauthorized(context(correlation_id))),
                    Err(e) => {
                        return Err(fail(
                            context(correlation_id),
                            DecodeErrorKind::InvalidJson,
                            Some(e),
                            None,
                        ))
                    }
                },
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
                Found::default(),
            )),
            Err(e) => Err(fail(
                context(correlation_id),
                DecodeErrorKind::EmptyBody,
                Some(e),
                None,
            )),
        };
    };
    // A body that is not an object has no envelope parts (as
    // `EnvelopeParts::read` finds none in it).
    let found = match &root {
        Body::Object { envelope, .. } => envelope.found(spec),
        Body::Other(_) => Found::default(),
    };
    if let Some(id) = found.correlation_id.clone() {
        correlation_id = Some(id.into_owned());
    }
    if ok_status && success_by(spec, found.code.as_deref(), found.severity.as_deref()) {
        let value = match typed {
            Some(value) => Ok(value),
            None => root.payload_value::<T>(endpoint.payload, &body),
        };
        return match value {
            Ok(value) => Ok(success(
                value,
                status,
                headers,
                Meta {
                    correlation_id,
                    attempts: sent.attempts,
                    rate_limit,
                },
                found,
            )),
            Err(e) => Err(fail(
                context(correlation_id),
                DecodeErrorKind::Payload,
                Some(e),
                root.payload_text(endpoint.payload),
            )),
        };
    }
    let mut context = context(correlation_id);
    match found.code {
        Some(code) => {
            let (message, diagnostics, errors, details) = match &root {
                Body::Object { envelope, .. } => (
                    envelope.message.and_then(raw_text).map(Cow::into_owned),
                    raw_present(envelope.diagnostics),
                    raw_array(envelope.errors).unwrap_or_default(),
                    raw_present(envelope.details),
                ),
                Body::Other(_) => (None, None, Vec::new(), None),
            };
            let code = code.into_owned();
            context.headers = Some(headers);
            Err(ApiError::Service(Box::new(ServiceError {
                error: E::from_code(&code),
                code,
                message,
                status,
                severity: found.severity.map(Cow::into_owned),
                context,
                diagnostics,
                errors,
                details,
            })))
        }
        None if status == 401 => Err(unauthorized(context)),
        None => Err(fail(context, DecodeErrorKind::NoEnvelope, None, None)),
    }
}

/// A non-empty body read for decoding.
enum Body<'a> {
    /// An object (the fast path): its envelope members and payload member as
    /// raw JSON text borrowed from the body; nothing else is kept.
    Object {
        envelope: RawEnvelope<'a>,
        payload: Option<&'a RawValue>,
    },
    /// Any other JSON value, parsed whole.
    Other(Value),
}

impl<'a> Body<'a> {
    /// Reads an object body's top level. `None` when the body is not a JSON
    /// object (or not JSON): the caller parses it as a [`Value`] instead.
    fn object(spec: &EnvelopeSpec, payload: Payload, body: &'a [u8]) -> Option<Self> {
        Self::read_object::<IgnoredAny>(spec, payload, body, false).map(|(object, _)| object)
    }

    /// [`Body::object`], decoding a keyed payload member straight into `T`
    /// instead of keeping it raw (the body's payload is then `None`). `None`
    /// also when the payload does not decode as `T`. The `T` is `None` when
    /// the payload member is absent, or shares its key with an envelope member
    /// (it is then kept raw).
    fn object_typed<T: DeserializeOwned>(
        spec: &EnvelopeSpec,
        payload: Payload,
        body: &'a [u8],
    ) -> Option<(Self, Option<T>)> {
        Self::read_object::<T>(spec, payload, body, true)
    }

    fn read_object<T: DeserializeOwned>(
        spec: &EnvelopeSpec,
        payload: Payload,
        body: &'a [u8],
        typed: bool,
    ) -> Option<(Self, Option<T>)> {
        // Validated up front: members skipped below are not checked for UTF-8.
        let text = std::str::from_utf8(body).ok()?;
        let payload_key = match payload {
            Payload::Key(key) => Some(key),
            Payload::Inline | Payload::Empty => None,
        };
        // Without a status object, the status keys sit at the top level.
        let flat = |key: Option<&'static str>| key.filter(|_| spec.status_object.is_none());
        let typed = typed && payload_key.is_some();
        let (
            [payload, status, status_code, diagnostics, errors, links, warnings, code, message, severity, details],
            value,
        ) = members_with::<T, 11>(
            text,
            [
                payload_key,
                spec.status_object,
                spec.status_code,
                spec.diagnostics,
                spec.errors,
                spec.links,
                spec.warnings,
                flat(Some(spec.code)),
                flat(spec.message),
                flat(spec.severity),
                flat(Some(DETAILS)),
            ],
            typed,
        )?;
        let mut envelope = RawEnvelope {
            code,
            status_code,
            message,
            severity,
            details,
            status_warnings: warnings,
            diagnostics,
            errors,
            links,
            warnings,
        };
        if spec.status_object.is_some() {
            let [code, message, severity, details, warnings] = status
                .filter(|s| is_object(s))
                .and_then(|s| {
                    members(
                        s.get(),
                        [
                            Some(spec.code),
                            spec.message,
                            spec.severity,
                            Some(DETAILS),
                            spec.warnings,
                        ],
                    )
                })
                .unwrap_or_default();
            envelope.code = code;
            envelope.message = message;
            envelope.severity = severity;
            envelope.details = details;
            envelope.status_warnings = warnings;
        }
        Some((Body::Object { envelope, payload }, value))
    }

    /// Decodes `T` from where `payload` says it is.
    /// The payload's own text inside the body, when it is read from there
    /// on its own (what a payload decode error's position counts from).
    fn payload_text(&self, payload: Payload) -> Option<&str> {
        match (payload, self) {
            (Payload::Key(_), Body::Object { payload, .. }) => payload.map(RawValue::get),
            _ => None,
        }
    }

    fn payload_value<T: DeserializeOwned>(
        &self,
        payload: Payload,
        body: &[u8],
    ) -> Result<T, serde_json::Error> {
        match (payload, self) {
            (Payload::Key(_), Body::Object { payload, .. }) => match payload {
                Some(text) => serde_json::from_str(text.get()),
                None => T::deserialize(&Value::Null),
            },
            (Payload::Inline, Body::Object { .. }) => serde_json::from_slice(body),
            (Payload::Key(key), Body::Other(root)) => {
                T::deserialize(root.get(key).unwrap_or(&Value::Null))
            }
            (Payload::Inline, Body::Other(root)) => T::deserialize(root),
            (Payload::Empty, _) => T::deserialize(&Value::Null),
        }
    }
}

/// Where JSON error `e` is in `body`: serde counts from the start of what it
/// read, `read_from` (a slice of `body`), or `body` itself when `None`. `None`
/// when the error has no position (it came from a `Value`).
fn position_in_body(
    body: &[u8],
    read_from: Option<&str>,
    e: &serde_json::Error,
) -> Option<(usize, usize)> {
    if e.line() == 0 {
        return None;
    }
    let Some(text) = read_from else {
        return Some((e.line(), e.column()));
    };
    let offset = (text.as_ptr() as usize).checked_sub(body.as_ptr() as usize)?;
    let before = body.get(..offset)?;
    let line = 1 + before.iter().filter(|&&b| b == b'\n').count();
    let column = offset
        - before
            .iter()
            .rposition(|&b| b == b'\n')
            .map_or(0, |nl| nl + 1);
    Some(if e.line() == 1 {
        (line, column + e.column())
    } else {
        (line + e.line() - 1, e.column())
    })
}

/// The key of the failure details inside the status object (see [`EnvelopeSpec`]).
const DETAILS: &str = "details";

/// The envelope members of an object body as raw JSON text, resolved the way
/// [`EnvelopeParts::read`] resolves them: the status keys from the status
/// object (or from the top level when the envelope has none), the rest from
/// the top level. Parsed only when needed.
#[derive(Default)]
struct RawEnvelope<'a> {
    code: Option<&'a RawValue>,
    status_code: Option<&'a RawValue>,
    message: Option<&'a RawValue>,
    severity: Option<&'a RawValue>,
    details: Option<&'a RawValue>,
    status_warnings: Option<&'a RawValue>,
    diagnostics: Option<&'a RawValue>,
    errors: Option<&'a RawValue>,
    links: Option<&'a RawValue>,
    warnings: Option<&'a RawValue>,
}

/// What every decoded response needs from its envelope: what decides success
/// and what a [`Response`] carries. Failure-only parts are read from the
/// [`RawEnvelope`] when a failure is built.
#[derive(Default)]
struct Found<'a> {
    code: Option<Cow<'a, str>>,
    severity: Option<Cow<'a, str>>,
    correlation_id: Option<Cow<'a, str>>,
    warnings: Vec<Value>,
    links: Option<Value>,
}

impl<'a> RawEnvelope<'a> {
    fn found(&self, spec: &EnvelopeSpec) -> Found<'a> {
        let correlation_id = self
            .diagnostics
            .filter(|d| is_object(d))
            .zip(spec.correlation_id)
            .and_then(|(d, key)| members(d.get(), [Some(key)]))
            .and_then(|[id]| id)
            .and_then(raw_text);
        Found {
            code: self
                .code
                .and_then(raw_text)
                .or_else(|| self.status_code.and_then(raw_text)),
            severity: self.severity.and_then(raw_text),
            correlation_id,
            warnings: raw_array(self.status_warnings)
                .or_else(|| raw_array(self.warnings))
                .unwrap_or_default(),
            links: raw_present(self.links),
        }
    }
}

/// Finds the members named by `keys` in the JSON object `json` in one pass,
/// as raw text; every other member is skipped unparsed. A key named more than
/// once gets the same member; a member repeated in the object, its last
/// occurrence (as a map would). `None` when `json` is not an object.
fn members<'a, const N: usize>(
    json: &'a str,
    keys: [Option<&'static str>; N],
) -> Option<[Option<&'a RawValue>; N]> {
    members_with::<IgnoredAny, N>(json, keys, false).map(|(found, _)| found)
}

/// [`members`]; with `typed`, the member named only by `keys[0]` is decoded
/// into `T` in the same pass instead of kept raw (its slot stays `None`).
/// `None` also when that member does not decode as `T`.
fn members_with<'a, T: DeserializeOwned, const N: usize>(
    json: &'a str,
    keys: [Option<&'static str>; N],
    typed: bool,
) -> Option<([Option<&'a RawValue>; N], Option<T>)> {
    let mut de = serde_json::Deserializer::from_str(json);
    let found = Members {
        keys,
        typed,
        payload: PhantomData,
    }
    .deserialize(&mut de)
    .ok()?;
    de.end().ok()?;
    Some(found)
}

struct Members<T, const N: usize> {
    keys: [Option<&'static str>; N],
    /// Decode the member named only by `keys[0]` into `T`.
    typed: bool,
    payload: PhantomData<fn() -> T>,
}

impl<'de, T: DeserializeOwned, const N: usize> DeserializeSeed<'de> for Members<T, N> {
    type Value = ([Option<&'de RawValue>; N], Option<T>);

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_map(self)
    }
}

impl<'de, T: DeserializeOwned, const N: usize> Visitor<'de> for Members<T, N> {
    type Value = ([Option<&'de RawValue>; N], Option<T>);

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("a JSON object")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut found = [None; N];
        let mut value = None;
        while let Some(wanted) = map.next_key_seed(Key { keys: &self.keys })? {
            if wanted == 0 {
                map.next_value::<IgnoredAny>()?;
                continue;
            }
            if self.typed && wanted == 1 {
                // A repeated member: the last occurrence wins, as when raw.
                value = Some(map.next_value::<T>()?);
                continue;
            }
            let raw: &'de RawValue = map.next_value()?;
            for (i, slot) in found.iter_mut().enumerate() {
                if wanted & (1 << i) != 0 {
                    *slot = Some(raw);
                }
            }
        }
        Ok((found, value))
    }
}

/// An object key, compared with the wanted keys without being copied: the
/// bit set of the positions it matches.
struct Key<'k> {
    keys: &'k [Option<&'static str>],
}

impl<'de> DeserializeSeed<'de> for Key<'_> {
    type Value = u32;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<u32, D::Error> {
        deserializer.deserialize_str(self)
    }
}

impl<'de> Visitor<'de> for Key<'_> {
    type Value = u32;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("an object key")
    }

    fn visit_str<Er: serde::de::Error>(self, key: &str) -> Result<u32, Er> {
        Ok(self
            .keys
            .iter()
            .enumerate()
            .filter(|(_, k)| **k == Some(key))
            .fold(0, |bits, (i, _)| bits | 1 << i))
    }
}

/// The first byte of a raw JSON value, which tells its type.
fn first_byte(raw: &RawValue) -> Option<u8> {
    raw.get().bytes().find(|b| !b.is_ascii_whitespace())
}

fn is_object(raw: &RawValue) -> bool {
    first_byte(raw) == Some(b'{')
}

/// A string borrowed from the body where it has no escapes.
#[derive(Deserialize)]
struct Text<'a>(#[serde(borrow)] Cow<'a, str>);

/// [`text`] on raw JSON: a string as is, a number as its decimal text.
fn raw_text(raw: &RawValue) -> Option<Cow<'_, str>> {
    match first_byte(raw)? {
        b'"' => serde_json::from_str::<Text<'_>>(raw.get())
            .ok()
            .map(|t| t.0),
        b'-' | b'0'..=b'9' => serde_json::from_str::<serde_json::Number>(raw.get())
            .ok()
            .map(|n| Cow::Owned(n.to_string())),
        _ => None,
    }
}

/// [`present`] on raw JSON: any value but `null`.
fn raw_present(raw: Option<&RawValue>) -> Option<Value> {
    let raw = raw.filter(|r| first_byte(r) != Some(b'n'))?;
    serde_json::from_str(raw.get()).ok()
}

/// [`array`] on raw JSON.
fn raw_array(raw: Option<&RawValue>) -> Option<Vec<Value>> {
    let raw = raw.filter(|r| first_byte(r) == Some(b'['))?;
    serde_json::from_str(raw.get()).ok()
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
    found: Found<'_>,
) -> Response<T> {
    Response {
        value,
        status,
        headers,
        correlation_id: meta.correlation_id,
        code: found.code.map(Cow::into_owned),
        severity: found.severity.map(Cow::into_owned),
        warnings: found.warnings,
        links: found.links,
        attempts: meta.attempts,
        rate_limit: meta.rate_limit,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::RawCode;
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

    /// Every part as the fast path finds it in an object body.
    fn fast_parts(spec: &EnvelopeSpec, body: &Value) -> EnvelopeParts {
        let bytes = serde_json::to_vec(body).unwrap();
        let Some(Body::Object { envelope, .. }) = Body::object(spec, Payload::Empty, &bytes) else {
            return EnvelopeParts::default();
        };
        let found = envelope.found(spec);
        EnvelopeParts {
            code: found.code.map(Cow::into_owned),
            message: envelope.message.and_then(raw_text).map(Cow::into_owned),
            severity: found.severity.map(Cow::into_owned),
            diagnostics: raw_present(envelope.diagnostics),
            correlation_id: found.correlation_id.map(Cow::into_owned),
            errors: raw_array(envelope.errors).unwrap_or_default(),
            details: raw_present(envelope.details),
            warnings: found.warnings,
            links: found.links,
        }
    }

    const FLAT: EnvelopeSpec = EnvelopeSpec {
        status_object: None,
        code: "code",
        ..MONETI
    };

    #[test]
    fn the_fast_path_finds_what_the_value_path_finds() {
        let bodies = [
            json!({
                "diagnostics": { "correlationId": "c-1", "nodeId": "n" },
                "status": {
                    "severity": "ERROR", "messageCode": "MNT-409-02", "message": "Conflict",
                    "details": { "f": 1 }, "warnings": [{ "w": 1 }], "other": [1, { "a": null }]
                },
                "statusCode": "MNT-409-99",
                "errors": [{ "code": "MNT-409-02" }],
                "warnings": [{ "w": 2 }],
                "links": { "self": "x" },
                "data": { "big": [1, 2, 3] }
            }),
            json!({ "status": { "messageCode": 404.5, "warnings": {} }, "warnings": [] }),
            json!({ "status": "broken", "statusCode": 7, "diagnostics": [1], "links": null }),
            json!({ "status": { "message": "Line\nbreak \u{e9}", "details": null } }),
            json!({ "diagnostics": { "correlationId": 12 }, "errors": {}, "details": 1 }),
            json!({
                "code": "E-1", "message": "flat", "severity": "ERROR", "details": { "d": [1] },
                "warnings": [{ "w": 3 }], "errors": [1], "status": { "messageCode": "X" }
            }),
            json!({ "code": true, "message": ["no"], "severity": null }),
            json!({}),
        ];
        for spec in [MONETI, FLAT] {
            for body in &bodies {
                assert_eq!(
                    fast_parts(&spec, body),
                    EnvelopeParts::read(&spec, body),
                    "{} on {body}",
                    spec.name
                );
            }
        }
    }

    #[test]
    fn repeated_and_escaped_keys_read_like_a_map() {
        let body = br#"{"status":{"messageCode":"A","messageCode":"B"},"st\u0061tus":{"messageCode":"C"},"data":1}"#;
        let root: Value = serde_json::from_slice(body).unwrap();
        let Some(Body::Object { envelope, payload }) =
            Body::object(&MONETI, Payload::Key("data"), body)
        else {
            panic!("an object")
        };
        let found = envelope.found(&MONETI);
        assert_eq!(found.code.as_deref(), Some("C"));
        assert_eq!(
            EnvelopeParts::read(&MONETI, &root).code.as_deref(),
            Some("C")
        );
        assert_eq!(payload.map(RawValue::get), Some("1"));
        assert!(Body::object(&MONETI, Payload::Empty, b"[1]").is_none());
        assert!(Body::object(&MONETI, Payload::Empty, b"{} x").is_none());
        assert!(Body::object(&MONETI, Payload::Empty, b"{\"a\":\"\xff\"}").is_none());
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
        assert_eq!(ok.code.as_deref(), Some("0"));
        assert_eq!(ok.severity.as_deref(), Some("WARNING"));
        assert_eq!(ok.warnings, vec![json!({ "w": 1 })]);
        assert_eq!(ok.links, Some(json!({ "next": "n" })));
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
            body: body.to_vec(),
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
            // The optimistic single pass cannot take these bodies.
            assert!(Body::object_typed::<Customer>(&FLAT, Payload::Key("data"), body).is_none());
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
        // A failure whose payload does fit is the same error (the payload is dropped).
        let body = br#"{"data":{"urn":"u","age":3},"code":"E-409","severity":"ERROR"}"#;
        let error = decode_bytes::<Customer>(&FLAT_ENDPOINT, 409, body).expect_err("409");
        assert!(
            matches!(&error, ApiError::Service(s) if s.code == "E-409"),
            "{error:?}"
        );
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
        let Some((Body::Object { payload, .. }, Some(value))) =
            Body::object_typed::<Customer>(&MONETI, Payload::Key("data"), body)
        else {
            panic!("the optimistic pass takes this body")
        };
        assert!(payload.is_none());
        assert_eq!(value.urn, "cu.1");
        let ok = decode_bytes::<Customer>(&MONETI_ENDPOINT, 200, body).expect("success");
        assert_eq!(
            ok.value,
            Customer {
                urn: "cu.1".into(),
                age: 36
            }
        );
        assert_eq!(ok.code.as_deref(), Some("MNT-000-00"));
        assert_eq!(ok.severity.as_deref(), Some("SUCCESS"));
        assert_eq!(ok.correlation_id.as_deref(), Some("c-7"));
        assert_eq!(ok.links, Some(json!({ "self": "x" })));
    }

    #[test]
    fn the_optimistic_pass_decodes_what_the_two_pass_path_decodes() {
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
            let typed = Body::object_typed::<Value>(&MONETI, Payload::Key("data"), body);
            let two_pass = Body::object(&MONETI, Payload::Key("data"), body);
            let (
                Some((Body::Object { envelope: e1, .. }, value)),
                Some(Body::Object {
                    envelope: e2,
                    payload,
                }),
            ) = (typed, two_pass)
            else {
                // A `Value` payload always fits: both passes refuse the same bodies.
                assert!(
                    Body::object(&MONETI, Payload::Key("data"), body).is_none(),
                    "{shown}"
                );
                continue;
            };
            let expected = payload.map(|p| serde_json::from_str::<Value>(p.get()).unwrap());
            assert_eq!(value, expected, "{shown}");
            let (f1, f2) = (e1.found(&MONETI), e2.found(&MONETI));
            assert_eq!((f1.code, f1.severity), (f2.code, f2.severity), "{shown}");
            for status in [200, 401, 409] {
                let decoded = decode_bytes::<Value>(&MONETI_ENDPOINT, status, body);
                if let Ok(ok) = decoded {
                    assert_eq!(Some(ok.value), expected.clone().or(Some(Value::Null)));
                }
            }
        }
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
