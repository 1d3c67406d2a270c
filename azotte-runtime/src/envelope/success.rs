//! The walk of a 2xx object body (feature `client`): only the members that
//! decide success — the code, the status code, the severity, the
//! diagnostics (for their correlation id) — are kept, as raw text, and the
//! payload member is decoded into the endpoint's type on the way. Everything
//! else is skipped: a success reads its other parts from the body when first
//! asked for (`LazyParts`), and a body that turns out not to be a success is
//! read again whole ([`super::scan`]).
//!
//! Why a walk of its own: the whole-envelope walk keeps twelve kinds of
//! member and three lists, which is several times the code a call needs to
//! read a success. With this walk a call runs ~1,100 fewer instructions and
//! has ~130 fewer instruction-cache misses, and the decoder alone is 1.10×
//! the hand-written serde derive (BENCHMARKS.md, "Client overhead",
//! session 11).

use super::scan::{ObjectOr, RawEnvelope, WalkObject};
use crate::endpoint::EnvelopeSpec;
use serde::de::{
    DeserializeOwned, DeserializeSeed, Deserializer, Error as _, IgnoredAny, MapAccess, Visitor,
};
use serde_json::value::RawValue;

/// Reads a 2xx body's deciding members into a [`RawEnvelope`] (the others
/// left empty) and decodes the payload, found under one of `payload_keys`,
/// into `value`. `None`, for the caller to read the body the general way,
/// when the body is not a JSON object; when a payload key is also one of
/// the members read here; when two different payload keys are present
/// (which one wins depends on their values); or when the payload does not
/// decode into `T`. After `None`, `value` may hold a payload: discard it.
pub(super) fn read_success<'a, T: DeserializeOwned>(
    spec: &EnvelopeSpec,
    payload_keys: &[&'static str],
    body: &'a [u8],
    value: &mut Option<T>,
) -> Option<RawEnvelope<'a>> {
    // Validated up front: members skipped below are not checked for UTF-8.
    let text = std::str::from_utf8(body).ok()?;
    let mut envelope = RawEnvelope::default();
    let mut de = serde_json::Deserializer::from_str(text);
    let walk = Walk {
        keys: Keys {
            spec,
            payload_keys,
            nested: false,
        },
        envelope: &mut envelope,
        value: Some(value),
    };
    // The body must be an object: no `ObjectOr` leniency at the top.
    de.deserialize_map(ObjectOr(walk)).ok()?;
    de.end().ok()?;
    Some(envelope)
}

/// What an object key is to the walk.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Key {
    /// The status object (walked in place for its code and severity).
    Status,
    Code,
    StatusCode,
    Severity,
    Diagnostics,
    /// The `i`th payload key.
    Payload(usize),
    /// More than one of the above (a payload key that is also the status
    /// object, say): left to the whole-envelope walk.
    Shared,
    /// Skipped.
    Other,
}

/// The keys one level of the walk reads: the top level, or (`nested`) the
/// status object's.
#[derive(Clone, Copy)]
struct Keys<'s> {
    spec: &'s EnvelopeSpec,
    payload_keys: &'s [&'static str],
    nested: bool,
}

impl Keys<'_> {
    /// What `key` is at this level: [`Key::Shared`] when it is more than one
    /// thing (a payload key that is also an envelope key, say).
    fn classify(&self, key: &str) -> Key {
        let spec = self.spec;
        let mut found = Key::Other;
        let mut note = |is: bool, what: Key| {
            if is {
                found = if found == Key::Other {
                    what
                } else {
                    Key::Shared
                };
            }
        };
        // The status keys sit in the status object, or at the top level
        // when the envelope has none.
        if self.nested || spec.status_object.is_none() {
            note(key == spec.code, Key::Code);
            note(spec.severity == Some(key), Key::Severity);
        }
        if !self.nested {
            note(spec.status_object == Some(key), Key::Status);
            note(spec.status_code == Some(key), Key::StatusCode);
            note(spec.diagnostics == Some(key), Key::Diagnostics);
            if let Some(i) = self.payload_keys.iter().position(|p| *p == key) {
                note(true, Key::Payload(i));
            }
        }
        found
    }
}

/// One level of the walk: an object's members, into `envelope` (and the
/// payload into `value`, at the top level).
struct Walk<'k, 'f, 'a, T> {
    keys: Keys<'k>,
    envelope: &'f mut RawEnvelope<'a>,
    /// `None` in the status object.
    value: Option<&'f mut Option<T>>,
}

impl<'de, T: DeserializeOwned> WalkObject<'de> for Walk<'_, '_, 'de, T> {
    type Output = ();

    fn walk<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        let Walk {
            keys,
            envelope,
            mut value,
        } = self;
        let mut payload_key = None;
        // A repeated member: the last occurrence wins, as in a map.
        while let Some(key) = map.next_key_seed(KeySeed(keys))? {
            let slot = match key {
                Key::Other => {
                    map.next_value::<IgnoredAny>()?;
                    continue;
                }
                Key::Shared => return Err(A::Error::custom("a payload key is an envelope key")),
                Key::Payload(i) => {
                    if payload_key.is_some_and(|k| k != i) {
                        return Err(A::Error::custom("more than one payload key"));
                    }
                    payload_key = Some(i);
                    if let Some(value) = &mut value {
                        **value = Some(map.next_value::<T>()?);
                    }
                    continue;
                }
                Key::Status => {
                    // Its code and severity, unless it occurs again.
                    envelope.code = None;
                    envelope.severity = None;
                    map.next_value_seed(ObjectOr(Walk::<T> {
                        keys: Keys {
                            nested: true,
                            ..keys
                        },
                        envelope: &mut *envelope,
                        value: None,
                    }))?;
                    continue;
                }
                Key::Code => &mut envelope.code,
                Key::StatusCode => &mut envelope.status_code,
                Key::Severity => &mut envelope.severity,
                Key::Diagnostics => &mut envelope.diagnostics,
            };
            *slot = Some(map.next_value::<&'de RawValue>()?);
        }
        Ok(())
    }
}

/// An object key, classified without being copied.
struct KeySeed<'k>(Keys<'k>);

impl<'de> DeserializeSeed<'de> for KeySeed<'_> {
    type Value = Key;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Key, D::Error> {
        deserializer.deserialize_str(self)
    }
}

impl<'de> Visitor<'de> for KeySeed<'_> {
    type Value = Key;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("an object key")
    }

    fn visit_str<E: serde::de::Error>(self, key: &str) -> Result<Key, E> {
        Ok(self.0.classify(key))
    }
}
