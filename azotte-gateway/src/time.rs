//! Wall-clock helpers: unix seconds and ISO 8601 / RFC 3339 UTC timestamps
//! (`2026-11-23T12:00:00Z`), without a date-time dependency.

use std::time::{SystemTime, UNIX_EPOCH};

/// Seconds since the epoch (0 if the clock is before 1970).
pub fn unix_now() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs())
}

/// `unix` seconds as `YYYY-MM-DDTHH:MM:SSZ`.
pub fn iso8601(unix: u64) -> String {
    let days = (unix / 86_400) as i64;
    let secs = unix % 86_400;
    let (y, m, d) = civil_from_days(days);
    format!(
        "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}Z",
        secs / 3600,
        (secs / 60) % 60,
        secs % 60
    )
}

/// The current time as [`iso8601`].
pub fn now_iso() -> String {
    iso8601(unix_now())
}

/// Days since 1970-01-01 → (year, month, day), proleptic Gregorian
/// (Howard Hinnant's algorithm).
fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (if m <= 2 { y + 1 } else { y }, m, d)
}

/// True for strings shaped like an ISO 8601 date-time (`YYYY-MM-DDTHH:MM…`).
pub fn looks_like_datetime(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() >= 16
        && s.get(..10).is_some_and(looks_like_date)
        && (b[10] == b'T' || b[10] == b' ')
        && b[13] == b':'
}

/// True for strings shaped like an ISO 8601 date (`YYYY-MM-DD`).
pub fn looks_like_date(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 10
        && b.iter().enumerate().all(|(i, c)| match i {
            4 | 7 => *c == b'-',
            _ => c.is_ascii_digit(),
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_dates() {
        assert_eq!(iso8601(0), "1970-01-01T00:00:00Z");
        assert_eq!(iso8601(951_782_400), "2000-02-29T00:00:00Z");
        assert_eq!(iso8601(1_763_900_000), "2025-11-23T12:13:20Z");
    }

    #[test]
    fn shapes() {
        assert!(looks_like_datetime("2026-11-23T18:00:00Z"));
        assert!(!looks_like_datetime("yesterday"));
        assert!(!looks_like_datetime("2026-11-23"));
        assert!(looks_like_date("2026-11-23"));
        assert!(!looks_like_date("2026/11/23"));
    }
}
