//! How long a response asks the caller to wait before retrying:
//! `Retry-After-Ms`, `Retry-After` (seconds or an HTTP date) and the
//! `retryAfter` field of a JSON error body. Parsing only; whether the wait is
//! honoured is the [`RetryPolicy`](super::RetryPolicy)'s decision.

use reqwest::header::{HeaderMap, RETRY_AFTER};
use std::time::{Duration, SystemTime};

/// The wait a response asks for: `Retry-After-Ms`, else `Retry-After` in
/// seconds or as an HTTP date (relative to `now`), else a top-level
/// `retryAfter` number of seconds in a JSON body (the Automatum 429 shape).
pub(crate) fn retry_after(headers: &HeaderMap, body: &[u8], now: SystemTime) -> Option<Duration> {
    let header = |name| {
        headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .map(str::trim)
    };
    if let Some(ms) = header("retry-after-ms").and_then(|v| v.parse::<f64>().ok()) {
        return seconds(ms / 1000.0);
    }
    if let Some(value) = header(RETRY_AFTER.as_str()) {
        if let Ok(secs) = value.parse::<f64>() {
            return seconds(secs);
        }
        if let Ok(date) = httpdate::parse_http_date(value) {
            return Some(date.duration_since(now).unwrap_or(Duration::ZERO));
        }
    }
    if body.len() > 64 * 1024 || !body.trim_ascii_start().starts_with(b"{") {
        return None;
    }
    let root: serde_json::Value = serde_json::from_slice(body).ok()?;
    match root.get("retryAfter")? {
        serde_json::Value::Number(n) => seconds(n.as_f64()?),
        serde_json::Value::String(s) => seconds(s.trim().parse().ok()?),
        _ => None,
    }
}

fn seconds(secs: f64) -> Option<Duration> {
    Duration::try_from_secs_f64(secs).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retry_after_sources() {
        let now = SystemTime::UNIX_EPOCH + Duration::from_secs(1_000_000);
        let mut headers = HeaderMap::new();
        assert_eq!(retry_after(&headers, b"", now), None);
        assert_eq!(
            retry_after(&headers, br#"{"code":429,"retryAfter":60}"#, now),
            Some(Duration::from_secs(60))
        );
        headers.insert(RETRY_AFTER, "2".parse().unwrap());
        assert_eq!(
            retry_after(&headers, b"", now),
            Some(Duration::from_secs(2))
        );
        let date = httpdate::fmt_http_date(now + Duration::from_secs(7));
        headers.insert(RETRY_AFTER, date.parse().unwrap());
        assert_eq!(
            retry_after(&headers, b"", now),
            Some(Duration::from_secs(7))
        );
        headers.insert(RETRY_AFTER, "soon".parse().unwrap());
        assert_eq!(retry_after(&headers, b"not json", now), None);
        headers.insert("retry-after-ms", "250".parse().unwrap());
        assert_eq!(
            retry_after(&headers, b"", now),
            Some(Duration::from_millis(250))
        );
    }
}
