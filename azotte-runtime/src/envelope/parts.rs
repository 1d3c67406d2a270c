//! [`EnvelopeParts`]: everything an envelope carries besides the payload,
//! found where an [`EnvelopeSpec`] says, on a success and on a failure alike.

use super::scan::{self, raw_present, raw_text, RawEnvelope};
use crate::endpoint::EnvelopeSpec;
use serde::de::DeserializeOwned;
use serde_json::value::RawValue;
use serde_json::Value;
use std::borrow::Cow;
use std::time::Duration;

/// The parts of an envelope, found through an [`EnvelopeSpec`]. Missing parts
/// are `None` / empty; reading never fails: a part of an unexpected JSON type
/// is treated as absent, so metadata can never break a call.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct EnvelopeParts {
    /// Message code from the status object, else from the top-level duplicate.
    /// A numeric code is kept as its decimal text.
    pub code: Option<String>,
    /// Human-readable message.
    pub message: Option<String>,
    /// Severity, e.g. `SUCCESS`, `WARNING`, `ERROR`.
    pub severity: Option<String>,
    /// The component that produced the response (Moneti's `status.source`).
    pub source: Option<String>,
    /// The status object's boolean success helper, as sent (informational:
    /// success is decided by code and severity, see [`EnvelopeSpec`]).
    pub success: Option<bool>,
    /// The structured failure details (validation errors, risk reasons).
    pub details: Option<Value>,
    /// The diagnostics object; [`diagnostics_as`](Self::diagnostics_as) decodes it.
    pub diagnostics: Option<Value>,
    /// The correlation id inside the diagnostics object.
    pub correlation_id: Option<String>,
    /// The top-level `errors[]` array.
    pub errors: Vec<Value>,
    /// Every warning, from each declared place in order (status-object keys
    /// first, then top-level ones). An array contributes its elements, any
    /// other non-null value itself.
    pub warnings: Vec<Value>,
    /// The links object and the links the envelope names in it.
    pub links: Links,
    /// The retry delay the body asks for (the envelope's `retry_after` key).
    pub retry_after: Option<Duration>,
}

/// The links of an envelope (`self`, `next`, `previous`), by the keys the
/// [`EnvelopeSpec`] declares; a link that is `null` or not a string is `None`.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Links {
    /// The link to the request itself.
    pub self_link: Option<String>,
    /// The next page, when pagination applies.
    pub next: Option<String>,
    /// The previous page, when pagination applies.
    pub previous: Option<String>,
    /// The whole links object, for links no key names (e.g. retries).
    pub object: Option<Value>,
}

impl EnvelopeParts {
    /// Reads the envelope parts of `root` as `spec` describes them (the same
    /// reader the client's decoder uses). A root that is not an object has none.
    pub fn read(spec: &EnvelopeSpec, root: &Value) -> Self {
        if !root.is_object() {
            return Self::default();
        }
        serde_json::to_vec(root)
            .ok()
            .and_then(|text| {
                scan::read_object(spec, &[], &text).map(|body| body.envelope.parts(spec))
            })
            .unwrap_or_default()
    }

    /// True when the envelope reports success (see [`is_success`]).
    pub fn is_success(&self, spec: &EnvelopeSpec) -> bool {
        is_success(spec, self.code.as_deref(), self.severity.as_deref())
    }

    /// The diagnostics object decoded as `D` (e.g. the generated
    /// `Diagnostics` type): `None` when there is none, `Some(Err)` when it
    /// does not fit `D`. Decoded on request, so a surprising diagnostics
    /// object never fails the call itself.
    pub fn diagnostics_as<D: DeserializeOwned>(&self) -> Option<Result<D, serde_json::Error>> {
        self.diagnostics.as_ref().map(D::deserialize)
    }
}

/// Whether an envelope with this `code` and `severity` reports success:
/// its code is one of the success codes (with or without a severity), or its
/// severity one of the success severities. An envelope with neither list
/// configured, or one that carries neither a code nor a severity, does not
/// contradict the HTTP status and counts as success. The HTTP status must
/// be 2xx besides (the decoder checks it).
pub fn is_success(spec: &EnvelopeSpec, code: Option<&str>, severity: Option<&str>) -> bool {
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

fn owned(raw: Option<&RawValue>) -> Option<String> {
    raw.and_then(raw_text).map(Cow::into_owned)
}

/// The elements of a warnings member: an array's elements, any other
/// non-null value as one warning.
fn warnings_of(raw: &RawValue, into: &mut Vec<Value>) {
    match raw_present::<Value>(Some(raw)) {
        Some(Value::Array(items)) => into.extend(items),
        Some(other) => into.push(other),
        None => {}
    }
}

impl RawEnvelope<'_> {
    /// The code and severity, borrowed where possible (what decides success).
    pub(super) fn outcome(&self) -> (Option<Cow<'_, str>>, Option<Cow<'_, str>>) {
        let code = self
            .code
            .and_then(raw_text)
            .or_else(|| self.status_code.and_then(raw_text));
        (code, self.severity.and_then(raw_text))
    }

    /// The correlation id inside the diagnostics object, owned.
    pub(super) fn correlation_id(&self, spec: &EnvelopeSpec) -> Option<String> {
        self.diagnostics
            .filter(|d| scan::is_object(d))
            .zip(spec.correlation_id)
            .and_then(|(d, key)| scan::members(d.get(), [Some(key)]))
            .and_then(|[id]| owned(id))
    }

    /// Every part, owned.
    pub(super) fn parts(&self, spec: &EnvelopeSpec) -> EnvelopeParts {
        let (code, severity) = self.outcome();
        let correlation_id = self.correlation_id(spec);
        let mut warnings = Vec::new();
        for (_, raw) in self.status_warnings.iter().chain(&self.warnings) {
            warnings_of(raw, &mut warnings);
        }
        let links = match self.links.filter(|l| scan::is_object(l)) {
            Some(object) => {
                let [self_link, next, previous] = scan::members(
                    object.get(),
                    [spec.link_self, spec.link_next, spec.link_previous],
                )
                .unwrap_or_default();
                let link = |raw: Option<&RawValue>| raw_present::<String>(raw);
                Links {
                    self_link: link(self_link),
                    next: link(next),
                    previous: link(previous),
                    object: raw_present(Some(object)),
                }
            }
            None => Links::default(),
        };
        EnvelopeParts {
            code: code.map(Cow::into_owned),
            message: owned(self.message),
            severity: severity.map(Cow::into_owned),
            source: owned(self.source),
            success: raw_present(self.success),
            details: raw_present(self.details),
            diagnostics: raw_present(self.diagnostics),
            correlation_id,
            errors: raw_present::<Value>(self.errors)
                .and_then(|e| match e {
                    Value::Array(items) => Some(items),
                    _ => None,
                })
                .unwrap_or_default(),
            warnings,
            links,
            retry_after: raw_present::<Value>(self.retry_after).and_then(|v| seconds_of(&v)),
        }
    }
}

/// The parts of an object `body` whose envelope `spec` describes: what the
/// decoder found in it, read again (a success's parts are read when first
/// asked for). Default for a body that is not an object. The payload keys
/// are not needed: they decide only what is decoded into the payload type
/// (a key shared with the envelope is read as an envelope member either
/// way), as for [`EnvelopeParts::read`].
#[cfg(feature = "client")]
pub(crate) fn read_parts(spec: &EnvelopeSpec, body: &[u8]) -> EnvelopeParts {
    scan::read_object(spec, &[], body)
        .map(|object| object.envelope.parts(spec))
        .unwrap_or_default()
}

/// A number of seconds given as a JSON number or a numeric string; `None`
/// for anything else (negative, not finite, another type).
pub(crate) fn seconds_of(value: &Value) -> Option<Duration> {
    match value {
        Value::Number(n) => seconds(n.as_f64()?),
        Value::String(s) => seconds(s.trim().parse().ok()?),
        _ => None,
    }
}

/// `secs` as a duration; `None` when negative or not finite.
pub(crate) fn seconds(secs: f64) -> Option<Duration> {
    Duration::try_from_secs_f64(secs).ok()
}
