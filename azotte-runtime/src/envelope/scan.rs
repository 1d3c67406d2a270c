//! The one-pass reader of an object body: finds the envelope members an
//! [`EnvelopeSpec`] names as raw JSON text borrowed from the body, skipping
//! everything else unparsed. (A success's walk, which decodes the payload
//! on the way and keeps only what decides success, is `success.rs`.)

use crate::endpoint::EnvelopeSpec;
use serde::de::{
    DeserializeOwned, DeserializeSeed, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor,
};
use serde::Deserialize;
use serde_json::value::RawValue;
use std::borrow::Cow;

/// Members found under one of several keys, as `(index of the key, value)`
/// in key order; a repeated member keeps its last occurrence (as a map would).
pub(super) type Listed<'a> = Vec<(usize, &'a RawValue)>;

/// The envelope members of an object body as raw JSON text: the status keys
/// from the status object (or from the top level when the envelope has
/// none), the rest from the top level. Parsed only when needed.
#[derive(Default)]
pub(super) struct RawEnvelope<'a> {
    pub code: Option<&'a RawValue>,
    pub status_code: Option<&'a RawValue>,
    pub message: Option<&'a RawValue>,
    pub severity: Option<&'a RawValue>,
    pub source: Option<&'a RawValue>,
    pub success: Option<&'a RawValue>,
    pub details: Option<&'a RawValue>,
    /// By index into [`EnvelopeSpec::status_warnings`].
    pub status_warnings: Listed<'a>,
    pub diagnostics: Option<&'a RawValue>,
    pub errors: Option<&'a RawValue>,
    pub links: Option<&'a RawValue>,
    /// By index into [`EnvelopeSpec::warnings`].
    pub warnings: Listed<'a>,
    pub retry_after: Option<&'a RawValue>,
}

/// An object body's top level: its envelope members, and the payload member
/// chosen among `payload_keys`, kept raw.
pub(super) struct ObjectBody<'a> {
    pub envelope: RawEnvelope<'a>,
    /// Read by `decode` (feature `client`; a webhook-only build reads the
    /// envelope alone).
    #[cfg_attr(not(feature = "client"), allow(dead_code))]
    pub payload: Option<&'a RawValue>,
}

/// Reads an object body's top level. `None` when the body is not a JSON
/// object (or not JSON).
pub(super) fn read_object<'a>(
    spec: &EnvelopeSpec,
    payload_keys: &[&'static str],
    body: &'a [u8],
) -> Option<ObjectBody<'a>> {
    // Validated up front: members skipped below are not checked for UTF-8.
    let text = std::str::from_utf8(body).ok()?;
    // Without a status object, the status keys sit at the top level.
    let flat = |key: Option<&'static str>| key.filter(|_| spec.status_object.is_none());
    let status_warnings: &[&'static str] = if spec.status_object.is_none() {
        spec.status_warnings
    } else {
        &[]
    };
    let keys = [
        spec.status_object,
        spec.status_code,
        spec.diagnostics,
        spec.errors,
        spec.links,
        spec.retry_after,
        flat(Some(spec.code)),
        flat(spec.message),
        flat(spec.severity),
        flat(spec.source),
        flat(spec.success),
        flat(spec.details),
    ];
    // The status object's members (when the envelope has one).
    let status_wanted = Wanted {
        keys: [
            Some(spec.code),
            spec.message,
            spec.severity,
            spec.source,
            spec.success,
            spec.details,
        ],
        lists: [&[], spec.status_warnings, &[]],
        nested: None,
    };
    let wanted = Wanted {
        keys,
        lists: [payload_keys, status_warnings, spec.warnings],
        // Slot 0, the status object, is read in the same walk.
        nested: spec.status_object.map(|_| (0, &status_wanted)),
    };
    let found = scan::<12>(text, &wanted)?;
    let [status, status_code, diagnostics, errors, links, retry_after, code, message, severity, source, success, details] =
        found.slots;
    let [payload, flat_warnings, mut warnings] = found.lists;
    if spec.status_object.is_none() {
        // A key declared in both places is read once, as a status key.
        warnings.retain(|(i, _)| !spec.status_warnings.contains(&spec.warnings[*i]));
    }
    let mut envelope = RawEnvelope {
        code,
        status_code,
        message,
        severity,
        source,
        success,
        details,
        status_warnings: flat_warnings,
        diagnostics,
        errors,
        links,
        warnings,
        retry_after,
    };
    if spec.status_object.is_some() {
        // Read during the walk; else (its key is also another wanted key)
        // kept raw, and read now.
        let status = match found.nested {
            Some(nested) => nested,
            None => status
                .filter(|s| is_object(s))
                .and_then(|s| scan::<6>(s.get(), &status_wanted))
                .map(|found| Nested {
                    slots: found.slots,
                    list: found.lists.into_iter().nth(1).unwrap_or_default(),
                }),
        };
        if let Some(found) = status {
            let [code, message, severity, source, success, details] = found.slots;
            envelope.code = code;
            envelope.message = message;
            envelope.severity = severity;
            envelope.source = source;
            envelope.success = success;
            envelope.details = details;
            envelope.status_warnings = found.list;
        }
    }
    Some(ObjectBody {
        envelope,
        payload: choose(&payload),
    })
}

/// The payload among the members found under the payload keys: the first
/// (in key order) that is not `null`, else the first present.
fn choose<'a>(found: &Listed<'a>) -> Option<&'a RawValue> {
    found
        .iter()
        .find(|(_, raw)| first_byte(raw) != Some(b'n'))
        .or(found.first())
        .map(|(_, raw)| *raw)
}

/// Finds the members named by `keys` in the JSON object `json` in one pass,
/// as raw text; every other member is skipped unparsed. A key named more than
/// once gets the same member; a member repeated in the object, its last
/// occurrence (as a map would). `None` when `json` is not an object.
pub(super) fn members<'a, const N: usize>(
    json: &'a str,
    keys: [Option<&'static str>; N],
) -> Option<[Option<&'a RawValue>; N]> {
    let wanted = Wanted {
        keys,
        lists: [&[], &[], &[]],
        nested: None,
    };
    scan::<N>(json, &wanted).map(|found| found.slots)
}

/// What one walk over an object looks for: single keys (`keys`, one slot
/// each) and three lists of keys whose members are all kept (`lists[0]` holds
/// the payload keys).
struct Wanted<'k, const N: usize> {
    keys: [Option<&'static str>; N],
    lists: [&'k [&'static str]; 3],
    /// A slot whose member, when an object, is walked in the same pass for
    /// the keys of the inner [`Wanted`] (the status object: walking it
    /// again from its raw text cost a tenth of a decode), its findings in
    /// [`Found::nested`] and the slot left empty. Only for a key that is no
    /// other wanted key; such a key keeps the raw slot.
    nested: Option<(usize, &'k Wanted<'k, 6>)>,
}

/// What one walk found.
struct Found<'a, const N: usize> {
    slots: [Option<&'a RawValue>; N],
    lists: [Listed<'a>; 3],
    /// The nested slot's findings: `Some(None)` when its member is not an
    /// object; `None` when there was no such member (or no nested slot).
    nested: Option<Option<Nested<'a>>>,
}

/// What the walk of a nested object found: its slots and the members of
/// its second list (the status warnings).
struct Nested<'a> {
    slots: [Option<&'a RawValue>; 6],
    list: Listed<'a>,
}

/// Walks the object `json` for `wanted`. The findings are written in
/// place (not returned up through serde's layers, which moved them several
/// times per decode).
fn scan<'a, const N: usize>(json: &'a str, wanted: &Wanted<'_, N>) -> Option<Found<'a, N>> {
    let mut found = Found::new();
    let mut de = serde_json::Deserializer::from_str(json);
    Members {
        wanted,
        found: &mut found,
    }
    .deserialize(&mut de)
    .ok()?;
    de.end().ok()?;
    Some(found)
}

impl<const N: usize> Found<'_, N> {
    fn new() -> Self {
        Found {
            slots: [None; N],
            lists: Default::default(),
            nested: None,
        }
    }
}

struct Members<'w, 'k, 'f, 'a, const N: usize> {
    wanted: &'w Wanted<'k, N>,
    /// Where the findings go (empty at the start).
    found: &'f mut Found<'a, N>,
}

impl<'de, const N: usize> DeserializeSeed<'de> for Members<'_, '_, '_, 'de, N> {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_map(self)
    }
}

impl<'de, const N: usize> Visitor<'de> for Members<'_, '_, '_, 'de, N> {
    type Value = ();

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("a JSON object")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        let found = self.found;
        while let Some(hit) = map.next_key_seed(KeySeed {
            wanted: self.wanted,
        })? {
            if hit.is_none() {
                map.next_value::<IgnoredAny>()?;
                continue;
            }
            if let Some((slot, inner)) = self.wanted.nested {
                if hit.slots == 1 << slot && hit.lists == [None; 3] {
                    // A repeated member: the last occurrence wins.
                    found.nested = Some(map.next_value_seed(ObjectOr(Status { wanted: inner }))?);
                    continue;
                }
            }
            let raw: &'de RawValue = map.next_value()?;
            for (i, slot) in found.slots.iter_mut().enumerate() {
                if hit.slots & (1 << i) != 0 {
                    *slot = Some(raw);
                }
            }
            for (list, index) in found.lists.iter_mut().zip(hit.lists) {
                let Some(index) = index else { continue };
                match list.iter_mut().find(|(i, _)| *i == index) {
                    Some(entry) => entry.1 = raw,
                    None => list.push((index, raw)),
                }
            }
        }
        for list in &mut found.lists {
            list.sort_by_key(|(i, _)| *i);
        }
        Ok(())
    }
}

/// A member walked as an object by `W` when it is one; any other JSON value
/// is skipped and read as `W::Output::default()` (a status "object" that is
/// a string has no code). Shared by both walks' status objects.
pub(super) struct ObjectOr<W>(pub W);

/// What [`ObjectOr`] does with an object.
pub(super) trait WalkObject<'de> {
    type Output: Default;

    fn walk<A: MapAccess<'de>>(self, map: A) -> Result<Self::Output, A::Error>;
}

impl<'de, W: WalkObject<'de>> DeserializeSeed<'de> for ObjectOr<W> {
    type Value = W::Output;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de, W: WalkObject<'de>> Visitor<'de> for ObjectOr<W> {
    type Value = W::Output;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("any JSON value")
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
        self.0.walk(map)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        while seq.next_element::<IgnoredAny>()?.is_some() {}
        Ok(W::Output::default())
    }

    fn visit_bool<E: serde::de::Error>(self, _: bool) -> Result<Self::Value, E> {
        Ok(W::Output::default())
    }

    fn visit_i64<E: serde::de::Error>(self, _: i64) -> Result<Self::Value, E> {
        Ok(W::Output::default())
    }

    fn visit_u64<E: serde::de::Error>(self, _: u64) -> Result<Self::Value, E> {
        Ok(W::Output::default())
    }

    fn visit_f64<E: serde::de::Error>(self, _: f64) -> Result<Self::Value, E> {
        Ok(W::Output::default())
    }

    fn visit_str<E: serde::de::Error>(self, _: &str) -> Result<Self::Value, E> {
        Ok(W::Output::default())
    }

    fn visit_unit<E: serde::de::Error>(self) -> Result<Self::Value, E> {
        Ok(W::Output::default())
    }
}

/// The status object of the whole-envelope walk: its members for a nested
/// [`Wanted`], `None` when it is no object.
struct Status<'w, 'k> {
    wanted: &'w Wanted<'k, 6>,
}

impl<'de> WalkObject<'de> for Status<'_, '_> {
    type Output = Option<Nested<'de>>;

    fn walk<A: MapAccess<'de>>(self, map: A) -> Result<Self::Output, A::Error> {
        let mut found = Found::<6>::new();
        Members::<6> {
            wanted: self.wanted,
            found: &mut found,
        }
        .visit_map(map)?;
        let [_, list, _] = found.lists;
        Ok(Some(Nested {
            slots: found.slots,
            list,
        }))
    }
}

/// Which wanted keys an object key is: the bit set of the slots it fills and
/// its index in each list.
struct Hit {
    slots: u32,
    lists: [Option<usize>; 3],
}

impl Hit {
    fn is_none(&self) -> bool {
        self.slots == 0 && self.lists.iter().all(Option::is_none)
    }
}

/// An object key, compared with the wanted keys without being copied.
struct KeySeed<'w, 'k, const N: usize> {
    wanted: &'w Wanted<'k, N>,
}

impl<'de, const N: usize> DeserializeSeed<'de> for KeySeed<'_, '_, N> {
    type Value = Hit;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Hit, D::Error> {
        deserializer.deserialize_str(self)
    }
}

impl<'de, const N: usize> Visitor<'de> for KeySeed<'_, '_, N> {
    type Value = Hit;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("an object key")
    }

    fn visit_str<Er: serde::de::Error>(self, key: &str) -> Result<Hit, Er> {
        let slots = self
            .wanted
            .keys
            .iter()
            .enumerate()
            .filter(|(_, k)| **k == Some(key))
            .fold(0, |bits, (i, _)| bits | 1 << i);
        let lists = self
            .wanted
            .lists
            .map(|list| list.iter().position(|k| *k == key));
        Ok(Hit { slots, lists })
    }
}

/// The first byte of a raw JSON value, which tells its type.
pub(super) fn first_byte(raw: &RawValue) -> Option<u8> {
    raw.get().bytes().find(|b| !b.is_ascii_whitespace())
}

pub(super) fn is_object(raw: &RawValue) -> bool {
    first_byte(raw) == Some(b'{')
}

/// A string borrowed from the body where it has no escapes.
#[derive(Deserialize)]
struct Text<'a>(#[serde(borrow)] Cow<'a, str>);

/// A string as is, a number as its decimal text; anything else `None`.
pub(super) fn raw_text(raw: &RawValue) -> Option<Cow<'_, str>> {
    match first_byte(raw)? {
        b'"' => {
            // Already validated JSON: a string without escapes is its text
            // between the quotes (no parse needed; control characters
            // cannot occur unescaped).
            let text = raw
                .get()
                .trim_matches(|c| matches!(c, ' ' | '\t' | '\n' | '\r'));
            match text.get(1..text.len().saturating_sub(1)) {
                Some(inner) if text.len() >= 2 && !inner.contains('\\') => {
                    Some(Cow::Borrowed(inner))
                }
                _ => serde_json::from_str::<Text<'_>>(raw.get())
                    .ok()
                    .map(|t| t.0),
            }
        }
        b'-' | b'0'..=b'9' => serde_json::from_str::<serde_json::Number>(raw.get())
            .ok()
            .map(|n| Cow::Owned(n.to_string())),
        _ => None,
    }
}

/// Any value but `null`, parsed.
pub(super) fn raw_present<V: DeserializeOwned>(raw: Option<&RawValue>) -> Option<V> {
    let raw = raw.filter(|r| first_byte(r) != Some(b'n'))?;
    serde_json::from_str(raw.get()).ok()
}
