//! Where a webhook's replay timestamp comes from ([`TimestampSource`]) and
//! how it is read: unix seconds in a header, or a field of the signed JSON
//! body holding an RFC 3339 date-time (`2025-11-18T12:21:53.762051Z`, the
//! shape of document 004's `diagnostics.createdAt`) or unix seconds.

use serde_json::Value;
use std::fmt;

/// Where a delivery's replay timestamp is read from; generated code writes
/// one into its [`WebhookSpec`](super::WebhookSpec).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TimestampSource {
    /// A header carrying unix seconds, e.g. `"X-Moneti-Timestamp"`.
    Header(&'static str),
    /// A field of the signed JSON body, as a dotted path from the root
    /// (e.g. `"diagnostics.createdAt"`): an RFC 3339 date-time string, or
    /// unix seconds (a number or a string of digits). Being inside the
    /// signed body, it is authenticated by the signature itself.
    BodyField(&'static str),
}

impl fmt::Display for TimestampSource {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            TimestampSource::Header(h) => write!(f, "the `{h}` header"),
            TimestampSource::BodyField(p) => write!(f, "the body field `{p}`"),
        }
    }
}

/// Why no timestamp could be read.
pub(crate) enum Unreadable {
    /// Not there at all.
    Missing,
    /// There, but neither RFC 3339 nor unix seconds.
    Malformed,
}

/// Unix seconds from the JSON value at the dotted `path` of `body`.
pub(crate) fn from_body(body: &[u8], path: &str) -> Result<u64, Unreadable> {
    let root: Value = serde_json::from_slice(body).map_err(|_| Unreadable::Missing)?;
    let value = path
        .split('.')
        .try_fold(&root, |v, key| v.get(key))
        .filter(|v| !v.is_null())
        .ok_or(Unreadable::Missing)?;
    match value {
        Value::Number(n) => n.as_u64().ok_or(Unreadable::Malformed),
        Value::String(s) => parse(s).ok_or(Unreadable::Malformed),
        _ => Err(Unreadable::Malformed),
    }
}

/// Unix seconds from unix seconds (digits) or an RFC 3339 date-time;
/// fractional seconds are dropped (a replay window is counted in seconds).
pub(crate) fn parse(text: &str) -> Option<u64> {
    let text = text.trim();
    if !text.is_empty() && text.bytes().all(|b| b.is_ascii_digit()) {
        return text.parse().ok();
    }
    rfc3339(text)
}

/// RFC 3339 §5.6 `date-time`: `YYYY-MM-DD(T|t| )HH:MM:SS[.frac](Z|z|±HH:MM)`.
fn rfc3339(s: &str) -> Option<u64> {
    let b = s.as_bytes();
    let num = |from: usize, len: usize| -> Option<i64> {
        let part = s.get(from..from + len)?;
        part.bytes()
            .all(|c| c.is_ascii_digit())
            .then(|| part.parse().ok())?
    };
    if b.len() < 20 || b[4] != b'-' || b[7] != b'-' || b[13] != b':' || b[16] != b':' {
        return None;
    }
    if !matches!(b[10], b'T' | b't' | b' ') {
        return None;
    }
    let (year, month, day) = (num(0, 4)?, num(5, 2)?, num(8, 2)?);
    let (hour, minute, second) = (num(11, 2)?, num(14, 2)?, num(17, 2)?);
    let mut i = 19;
    if b.get(i) == Some(&b'.') {
        i += 1;
        let digits = b[i..].iter().take_while(|c| c.is_ascii_digit()).count();
        if digits == 0 {
            return None;
        }
        i += digits;
    }
    let offset = match &b[i..] {
        [b'Z' | b'z'] => 0,
        [sign @ (b'+' | b'-'), _, _, b':', _, _] => {
            let (h, m) = (num(i + 1, 2)?, num(i + 4, 2)?);
            if h > 23 || m > 59 {
                return None;
            }
            let minutes = h * 60 + m;
            if *sign == b'+' {
                minutes
            } else {
                -minutes
            }
        }
        _ => return None,
    };
    let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
    let month_days = [
        31,
        if leap { 29 } else { 28 },
        31,
        30,
        31,
        30,
        31,
        31,
        30,
        31,
        30,
        31,
    ];
    if !(1..=12).contains(&month)
        || day < 1
        || day > month_days[(month - 1) as usize]
        || hour > 23
        || minute > 59
        || second > 60
    {
        return None;
    }
    let days = days_from_civil(year, month, day);
    let seconds = days * 86_400 + hour * 3600 + minute * 60 + second.min(59) - offset * 60;
    u64::try_from(seconds).ok()
}

/// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y.rem_euclid(400);
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rfc3339_and_unix_seconds() {
        // Document 004's blueprint value; 2025-11-18T12:21:53Z is 1763468513.
        assert_eq!(parse("2025-11-18T12:21:53.762051Z"), Some(1_763_468_513));
        assert_eq!(parse("2025-11-18T13:21:53+01:00"), Some(1_763_468_513));
        assert_eq!(parse("2025-11-18t12:21:53z"), Some(1_763_468_513));
        assert_eq!(parse("1970-01-01T00:00:00Z"), Some(0));
        assert_eq!(parse("2024-02-29T00:00:00Z"), Some(1_709_164_800));
        assert_eq!(parse("1763468513"), Some(1_763_468_513));
        for bad in [
            "",
            "2025-11-18",
            "2025-11-18T12:21:53",
            "2025-13-18T12:21:53Z",
            "2025-02-29T12:21:53Z",
            "2025-11-18T12:21:53.Z",
            "2025-11-18T12:21:53+0100",
            "1969-12-31T23:59:59Z",
            "2025-11-18T12:21:53Zjunk",
            "é025-11-18T12:21:53Z",
        ] {
            assert_eq!(parse(bad), None, "{bad}");
        }
    }

    #[test]
    fn body_field_lookup() {
        let body = br#"{"diagnostics":{"createdAt":"1970-01-01T00:00:10Z","n":5},"x":null}"#;
        assert!(matches!(from_body(body, "diagnostics.createdAt"), Ok(10)));
        assert!(matches!(from_body(body, "diagnostics.n"), Ok(5)));
        assert!(matches!(
            from_body(body, "diagnostics.missing"),
            Err(Unreadable::Missing)
        ));
        assert!(matches!(from_body(body, "x"), Err(Unreadable::Missing)));
        assert!(matches!(
            from_body(body, "diagnostics"),
            Err(Unreadable::Malformed)
        ));
        assert!(matches!(
            from_body(b"not json", "a"),
            Err(Unreadable::Missing)
        ));
    }
}
