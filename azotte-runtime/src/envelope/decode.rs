//! The outcome of an HTTP exchange (feature `client`): the envelope, then
//! the payload on success, or the endpoint's typed error otherwise.

use super::scan::{read_object, ObjectBody, RawEnvelope};
use super::success::read_success;
use super::EnvelopeParts;
use crate::endpoint::{Endpoint, EnvelopeSpec, Payload};
use crate::error::{
    kept_body, ApiError, DecodeError, DecodeErrorKind, EndpointError, ErrorContext, ServiceError,
    UnauthorizedError,
};
use crate::response::{LazyParts, Response};
use http::header::HeaderMap;
use serde::de::DeserializeOwned;
use serde_json::value::RawValue;
use serde_json::Value;
use std::time::SystemTime;

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
        body: body.into(),
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
    /// As the transport read it (one chunk is not copied).
    pub body: bytes::Bytes,
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

/// Decodes `raw` for `endpoint`: the payload into `T`, a service error's
/// code into `E`. Everything else is [`decode_into`]'s, which is not
/// generic, so it is compiled once rather than once per endpoint (issue 18:
/// binary size).
pub(crate) fn decode<T: DeserializeOwned, E: EndpointError>(
    endpoint: &Endpoint,
    raw: RawResponse,
    sent: Sent<'_>,
) -> Result<Response<T>, ApiError<E>> {
    let mut value: Option<T> = None;
    match decode_into(endpoint, raw, sent, &mut value) {
        Ok(Decoded {
            status,
            headers,
            meta,
            parts,
        }) => {
            let value = value.expect("`decode_into` fills the payload's slot when it succeeds");
            Ok(Response::decoded(value, status, headers, meta, parts))
        }
        Err(error) => Err(error.map_service(|service| {
            let ServiceError {
                error: (),
                code,
                status,
                context,
                envelope,
                body,
                body_truncated,
            } = *service;
            Box::new(ServiceError {
                error: E::from_code(&code),
                code,
                status,
                context,
                envelope,
                body,
                body_truncated,
            })
        })),
    }
}

/// A decoded success, its payload left in the caller's [`TypedPayload`].
struct Decoded {
    status: u16,
    headers: HeaderMap,
    meta: Meta,
    parts: LazyParts,
}

/// The one part of decoding that depends on the payload's type: the slot
/// the payload is decoded into, where the body holds it. [`decode_into`]
/// works through it as a trait object.
trait TypedPayload {
    /// The walk of a 2xx body ([`read_success`]): the members that decide
    /// success, a keyed payload decoded into the slot on the way.
    fn read_success<'a>(
        &mut self,
        spec: &EnvelopeSpec,
        payload_keys: &[&'static str],
        body: &'a [u8],
    ) -> Option<RawEnvelope<'a>>;

    /// Empties the slot (after a walk of a success that declined the body).
    fn clear(&mut self);

    /// The slot holds a payload.
    fn is_set(&self) -> bool;

    /// Decodes the payload from JSON `null` (an empty body).
    fn read_null(&mut self) -> Result<(), serde_json::Error>;

    /// Decodes the payload from where `payload` says it is in `root`.
    fn read_from(
        &mut self,
        root: &Body<'_>,
        payload: Payload,
        body: &[u8],
    ) -> Result<(), serde_json::Error>;
}

impl<T: DeserializeOwned> TypedPayload for Option<T> {
    fn read_success<'a>(
        &mut self,
        spec: &EnvelopeSpec,
        payload_keys: &[&'static str],
        body: &'a [u8],
    ) -> Option<RawEnvelope<'a>> {
        read_success::<T>(spec, payload_keys, body, self)
    }

    fn clear(&mut self) {
        *self = None;
    }

    fn is_set(&self) -> bool {
        self.is_some()
    }

    fn read_null(&mut self) -> Result<(), serde_json::Error> {
        *self = Some(T::deserialize(&Value::Null)?);
        Ok(())
    }

    fn read_from(
        &mut self,
        root: &Body<'_>,
        payload: Payload,
        body: &[u8],
    ) -> Result<(), serde_json::Error> {
        *self = Some(root.payload_value(payload, body)?);
        Ok(())
    }
}

/// [`decode`] with the payload decoded into `typed` and a service error's
/// code left untyped.
///
/// The common case is decided here, in a function that holds nothing else
/// (its code is what a call runs after the response arrives): a 2xx body
/// with a keyed payload, walked once for the members that decide success
/// with the payload decoded into `T` on the way (`success.rs`), that says
/// success. Everything else — any other body, one that walk declines (not
/// an object, a payload that does not fit `T`, two payload keys…), a 2xx
/// whose code says failure — is [`decode_whole`]'s, which reads the whole
/// envelope and behaves exactly as if this fast path did not exist.
fn decode_into(
    endpoint: &Endpoint,
    raw: RawResponse,
    sent: Sent<'_>,
    typed: &mut dyn TypedPayload,
) -> Result<Decoded, ApiError<()>> {
    let spec = endpoint.envelope;
    let keyed = matches!(endpoint.payload, Payload::Key(_) | Payload::Keys(_));
    if keyed && !raw.too_large && (200..300).contains(&raw.status) {
        let success = typed
            .read_success(spec, endpoint.payload.keys(), &raw.body)
            .and_then(|envelope| {
                let (code, severity) = envelope.outcome();
                super::is_success(spec, code.as_deref(), severity.as_deref())
                    .then(|| envelope.correlation_id(spec))
            });
        // No payload member: the payload is read from `null`, as the whole
        // read does (when that fails, so does the call, with every part).
        let success = success.filter(|_| typed.is_set() || typed.read_null().is_ok());
        if let Some(envelope_id) = success {
            let rate_limit = crate::rate_limit::read(endpoint.lane, &raw.headers);
            let correlation_id = envelope_id
                .or_else(|| response_correlation_id(&raw.headers, sent.correlation_header))
                .or(sent.correlation_id);
            return Ok(Decoded {
                status: raw.status,
                headers: raw.headers,
                meta: Meta {
                    correlation_id,
                    attempts: sent.attempts,
                    rate_limit,
                },
                parts: LazyParts::deferred(raw.body, spec),
            });
        }
        // What the walk may have decoded is not kept.
        typed.clear();
    }
    decode_whole(endpoint, raw, sent, typed)
}

/// The correlation id the response's correlation header carries, if any.
fn response_correlation_id(headers: &HeaderMap, header: Option<&str>) -> Option<String> {
    header
        .and_then(|name| headers.get(name))
        .and_then(|v| v.to_str().ok())
        .filter(|v| !v.is_empty())
        .map(str::to_owned)
}

/// [`decode_into`] for any response, the whole envelope read. The
/// [`ErrorContext`] is only built for an error.
fn decode_whole(
    endpoint: &Endpoint,
    raw: RawResponse,
    sent: Sent<'_>,
    typed: &mut dyn TypedPayload,
) -> Result<Decoded, ApiError<()>> {
    let RawResponse {
        status,
        headers,
        body,
        too_large,
    } = raw;
    let rate_limit = crate::rate_limit::read(endpoint.lane, &headers);
    // The envelope's correlation id, read below, is preferred over both.
    let mut correlation_id =
        response_correlation_id(&headers, sent.correlation_header).or(sent.correlation_id);
    // Any error with a response carries the wait it asks for: a header's,
    // else the envelope's body key (read for errors only).
    let context = |correlation_id: Option<String>, body_wait| ErrorContext {
        endpoint_id: endpoint.id,
        method: endpoint.method,
        path: sent.path.to_owned(),
        status: Some(status),
        correlation_id,
        headers: None,
        attempts: sent.attempts,
        rate_limit,
        retry_after: crate::retry::header_retry_after(&headers, SystemTime::now()).or(body_wait),
    };
    let ok_status = (200..300).contains(&status);
    // `read_from`: the text the JSON error's position counts from (a payload
    // inside `body`), or `None` when it is `body` itself.
    let fail = |mut context: ErrorContext, kind, source: Option<serde_json::Error>, read_from| {
        context.headers = Some(headers.clone());
        let position = source
            .as_ref()
            .and_then(|e| position_in_body(&body, read_from, e));
        let (body, body_truncated) = kept_body(&body, too_large);
        ApiError::Decode(Box::new(DecodeError {
            context,
            kind,
            body,
            body_truncated,
            source,
            position,
        }))
    };
    let unauthorized = |mut context: ErrorContext| {
        context.headers = Some(headers.clone());
        let (body, body_truncated) = kept_body(&body, too_large);
        ApiError::Unauthorized(Box::new(UnauthorizedError {
            context,
            body,
            body_truncated,
        }))
    };

    if too_large {
        return Err(fail(
            context(correlation_id, None),
            DecodeErrorKind::BodyTooLarge,
            None,
            None,
        ));
    }
    let spec = endpoint.envelope;
    let payload_keys = endpoint.payload.keys();
    let root = if body.iter().all(u8::is_ascii_whitespace) {
        if status == 401 {
            return Err(unauthorized(context(correlation_id, None)));
        }
        if !ok_status {
            return Err(fail(
                context(correlation_id, None),
                DecodeErrorKind::EmptyBody,
                None,
                None,
            ));
        }
        None
    } else {
        // The top level read once, every envelope member kept as raw JSON
        // text borrowed from the body; the payload member too.
        match read_object(spec, payload_keys, &body) {
            Some(ObjectBody { envelope, payload }) => Some(Body::Object { envelope, payload }),
            None => match serde_json::from_slice::<Value>(&body) {
                Ok(root) => Some(Body::Other(root)),
                Err(_) if status == 401 => return Err(unauthorized(context(correlation_id, None))),
                Err(e) => {
                    return Err(fail(
                        context(correlation_id, None),
                        DecodeErrorKind::InvalidJson,
                        Some(e),
                        None,
                    ))
                }
            },
        }
    };

    let Some(root) = root else {
        // Empty 2xx body: only payloads that accept `null` (`()`, `Option`) decode.
        return match typed.read_null() {
            Ok(()) => Ok(Decoded {
                status,
                headers,
                meta: Meta {
                    correlation_id,
                    attempts: sent.attempts,
                    rate_limit,
                },
                parts: LazyParts::none(),
            }),
            Err(e) => Err(fail(
                context(correlation_id, None),
                DecodeErrorKind::EmptyBody,
                Some(e),
                None,
            )),
        };
    };
    // A success decides on the code, severity and diagnostics' correlation
    // id alone, read borrowed; its other parts are read from the body when
    // first asked for (`LazyParts`). A failure (or a payload that does not
    // decode) reads every part now, as before.
    let mut payload_error = None;
    if ok_status {
        let (success, envelope_id) = match &root {
            Body::Object { envelope, .. } => {
                let (code, severity) = envelope.outcome();
                (
                    super::is_success(spec, code.as_deref(), severity.as_deref()),
                    envelope.correlation_id(spec),
                )
            }
            // A body that is not an object has no envelope parts (as
            // `EnvelopeParts::read` finds none in it).
            Body::Other(_) => (super::is_success(spec, None, None), None),
        };
        if success {
            match typed.read_from(&root, endpoint.payload, &body) {
                Ok(()) => {
                    if let Some(id) = envelope_id {
                        correlation_id = Some(id);
                    }
                    let deferred = matches!(root, Body::Object { .. });
                    drop(root);
                    let parts = if deferred {
                        LazyParts::deferred(body, spec)
                    } else {
                        LazyParts::none()
                    };
                    return Ok(Decoded {
                        status,
                        headers,
                        meta: Meta {
                            correlation_id,
                            attempts: sent.attempts,
                            rate_limit,
                        },
                        parts,
                    });
                }
                // Reported with every part read, below.
                Err(e) => payload_error = Some(e),
            }
        }
    }
    // A body that is not an object has no envelope parts (as
    // `EnvelopeParts::read` finds none in it).
    let parts = match &root {
        Body::Object { envelope, .. } => envelope.parts(spec),
        Body::Other(_) => EnvelopeParts::default(),
    };
    if let Some(id) = &parts.correlation_id {
        correlation_id = Some(id.clone());
    }
    if let Some(e) = payload_error {
        return Err(fail(
            context(correlation_id, parts.retry_after),
            DecodeErrorKind::Payload,
            Some(e),
            root.payload_text(),
        ));
    }
    let mut context = context(correlation_id, parts.retry_after);
    match parts.code.clone() {
        Some(code) => {
            context.headers = Some(headers);
            let (body, body_truncated) = kept_body(&body, false);
            Err(ApiError::Service(Box::new(ServiceError {
                error: (),
                code,
                status,
                context,
                envelope: parts,
                body,
                body_truncated,
            })))
        }
        None if status == 401 => Err(unauthorized(context)),
        None => Err(fail(context, DecodeErrorKind::NoEnvelope, None, None)),
    }
}

/// A non-empty body read for decoding. Lives on the stack for one decode:
/// boxing the large variant would cost an allocation on every call.
#[allow(clippy::large_enum_variant)]
enum Body<'a> {
    /// An object (the fast path): its envelope members and chosen payload
    /// member as raw JSON text borrowed from the body; nothing else is kept.
    Object {
        envelope: RawEnvelope<'a>,
        payload: Option<&'a RawValue>,
    },
    /// Any other JSON value, parsed whole.
    Other(Value),
}

impl Body<'_> {
    /// The payload's own text inside the body, when it is read from there
    /// on its own (what a payload decode error's position counts from).
    fn payload_text(&self) -> Option<&str> {
        match self {
            Body::Object { payload, .. } => payload.map(RawValue::get),
            Body::Other(_) => None,
        }
    }

    /// Decodes `T` from where `payload` says it is.
    fn payload_value<T: DeserializeOwned>(
        &self,
        payload: Payload,
        body: &[u8],
    ) -> Result<T, serde_json::Error> {
        match (payload, self) {
            (Payload::Empty, _) => T::deserialize(&Value::Null),
            (Payload::Inline, Body::Object { .. }) => serde_json::from_slice(body),
            (Payload::Inline, Body::Other(root)) => T::deserialize(root),
            (_, Body::Object { payload, .. }) => match payload {
                Some(text) => serde_json::from_str(text.get()),
                None => T::deserialize(&Value::Null),
            },
            (_, Body::Other(root)) => {
                // As `scan` chooses: the first non-null member, else the first.
                let keys = payload.keys();
                let found = keys
                    .iter()
                    .filter_map(|k| root.get(k))
                    .find(|v| !v.is_null())
                    .or_else(|| keys.iter().find_map(|k| root.get(k)));
                T::deserialize(found.unwrap_or(&Value::Null))
            }
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

/// What a successful [`Response`] carries besides the envelope parts.
pub(crate) struct Meta {
    pub correlation_id: Option<String>,
    pub attempts: u32,
    pub rate_limit: Option<crate::RateLimit>,
}

#[cfg(test)]
mod tests;
