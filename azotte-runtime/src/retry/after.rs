//! How long a response asks the caller to wait before retrying:
//! `Retry-After-Ms`, `Retry-After` (seconds or an HTTP date) and the body key
//! the envelope declares (`retry_after:` in the spec, e.g. Automatum's
//! `retryAfter`). Parsing only; whether the wait is honoured is the
//! [`RetryPolicy`](super::RetryPolicy)'s decision.

use http::header::{HeaderMap, RETRY_AFTER};
use crate::envelope::{seconds, seconds_of};
use serde_json::Value;
use std::time::{Duration, SystemTime};

/// The wait a response asks for: its headers' ([`header_retry_after`]), else
/// the number of seconds under the top-level `body_key` of a JSON body.
pub(crate) fn retry_after(
    headers: &HeaderMap,
    body: &[u8],
    body_key: Option<&str>,
    now: SystemTime,
) -> Option<Duration> {
    header_retry_after(headers, now).or_else(|| body_retry_after(body, body_key?))
}

/// `Retry-After-Ms`, else `Retry-After` in seconds or as an HTTP date
/// (relative to `now`).
pub(crate) fn header_retry_after(headers: &HeaderMap, now: SystemTime) -> Option<Duration> {
    let header = |name| {
        headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .map(str::trim)
    };
    if let Some(ms) = header("retry-after-ms").and_then(|v| v.parse::<f64>().ok()) {
        return seconds(ms / 1000.0);
    }
    let value = header(RETRY_AFTER.as_str())?;
    if let Ok(secs) = value.parse::<f64>() {
        return seconds(secs);
    }
    let date = httpdate::parse_http_date(value).ok()?;
    Some(date.duration_since(now).unwrap_or(Duration::ZERO))
}

/// The seconds under `key` at the top level of a JSON object body.
fn body_retry_after(body: &[u8], key: &str) -> Option<Duration> {
    if body.len() > 64 * 1024 || !body.trim_ascii_start().starts_with(b"{") {
        return None;
    }
    let root: Value = serde_json::from_slice(body).ok()?;
    seconds_of(root.get(key)?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retry_after_sources() {
        let now = SystemTime::UNIX_EPOCH + Duration::from_secs(1_000_000);
        let mut headers = HeaderMap::new();
        let key = Some("retryAfter");
        assert_eq!(retry_after(&headers, b"", key, now), None);
        // Document 003's 429 body.
        let body = br#"{"code": 429, "message": "Rate limit exceeded", "retryAfter": 60}"#;
        assert_eq!(
            retry_after(&headers, body, key, now),
            Some(Duration::from_secs(60))
        );
        // Only the key the envelope declares is read.
        assert_eq!(retry_after(&headers, body, None, now), None);
        assert_eq!(retry_after(&headers, body, Some("wait"), now), None);
        assert_eq!(
            seconds_of(&serde_json::json!("1.5")),
            Some(Duration::from_millis(1500))
        );
        assert_eq!(seconds_of(&serde_json::json!(-1)), None);
        assert_eq!(seconds_of(&serde_json::json!(true)), None);
        headers.insert(RETRY_AFTER, "2".parse().unwrap());
        assert_eq!(
            retry_after(&headers, b"", key, now),
            Some(Duration::from_secs(2))
        );
        let date = httpdate::fmt_http_date(now + Duration::from_secs(7));
        headers.insert(RETRY_AFTER, date.parse().unwrap());
        assert_eq!(
            retry_after(&headers, b"", key, now),
            Some(Duration::from_secs(7))
        );
        headers.insert(RETRY_AFTER, "soon".parse().unwrap());
        assert_eq!(retry_after(&headers, b"not json", key, now), None);
        headers.insert("retry-after-ms", "250".parse().unwrap());
        assert_eq!(
            retry_after(&headers, b"", key, now),
            Some(Duration::from_millis(250))
        );
    }
}
