//! Rate limits, on the lanes that report them: a lane declaring headers with
//! the roles `rate_limit_limit` / `_remaining` / `_reset` (Automatum's
//! `X-RateLimit-Limit`, `-Remaining`, `-Reset`, document 003) gets them on
//! every answer; other lanes get neither headers nor limits.
//!
//! Windows are fixed and per credential (the `Authorization` value and the
//! lane's secret API-key headers, kept only as a hash): an hourly window
//! (default 1,000 requests, document 003's "1000 requests per hour per API
//! key") whose size, remaining count and reset time (unix seconds) the
//! headers report, and a one-minute burst window (default 50). Requests are
//! counted before auth, like an edge limiter, so even a 401 reports them.
//! Without `--rate-limits` requests are only counted; with it a request over
//! either window is answered 429 with a `Retry-After` header and document
//! 003's body `{"code": 429, "message": "Rate limit exceeded", "retryAfter":
//! <seconds>}` (in the lane's envelope, the delay under the key the
//! envelope's `retry_after` names).

use crate::state::lock;
use axum::http::{HeaderMap, HeaderName, HeaderValue};
use axum::response::Response;
use azotte_spec::model::{AuthKind, HeaderRole, Lane, Spec};
use std::collections::hash_map::DefaultHasher;
use std::collections::HashMap;
use std::hash::{Hash, Hasher};
use std::sync::Mutex;

/// The 429 message (document 003).
pub const EXCEEDED_MESSAGE: &str = "Rate limit exceeded";
const HOUR: u64 = 3600;
const MINUTE: u64 = 60;

/// Limits and their windows.
#[derive(Debug)]
pub struct RateLimits {
    enforce: bool,
    per_hour: u64,
    per_minute: u64,
    windows: Mutex<HashMap<u64, Windows>>,
}

#[derive(Debug, Clone, Copy, Default)]
struct Windows {
    hour_start: u64,
    hour_count: u64,
    minute_start: u64,
    minute_count: u64,
}

/// What one request was told.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Verdict {
    /// Requests allowed per hour.
    pub limit: u64,
    /// Requests left in the hour.
    pub remaining: u64,
    /// End of the hourly window, unix seconds.
    pub reset: u64,
    /// Set when the request is refused: seconds until it may be retried.
    pub retry_after: Option<u64>,
}

impl RateLimits {
    /// `enforce` = answer 429 over a limit; otherwise only count.
    pub fn new(enforce: bool, per_hour: u32, per_minute: u32) -> Self {
        RateLimits {
            enforce,
            per_hour: u64::from(per_hour),
            per_minute: u64::from(per_minute),
            windows: Mutex::new(HashMap::new()),
        }
    }

    /// Counts one request of `credential` at `now` (unix seconds).
    pub fn take(&self, credential: &[u8], now: u64) -> Verdict {
        let mut hasher = DefaultHasher::new();
        credential.hash(&mut hasher);
        let mut all = lock(&self.windows);
        let w = all.entry(hasher.finish()).or_insert(Windows {
            hour_start: now,
            minute_start: now,
            ..Windows::default()
        });
        if now >= w.hour_start + HOUR {
            (w.hour_start, w.hour_count) = (now, 0);
        }
        if now >= w.minute_start + MINUTE {
            (w.minute_start, w.minute_count) = (now, 0);
        }
        let reset = w.hour_start + HOUR;
        let retry_after = if !self.enforce {
            None
        } else if w.hour_count >= self.per_hour {
            Some(reset - now)
        } else if w.minute_count >= self.per_minute {
            Some(w.minute_start + MINUTE - now)
        } else {
            None
        };
        if retry_after.is_none() {
            w.hour_count += 1;
            w.minute_count += 1;
        }
        Verdict {
            limit: self.per_hour,
            remaining: self.per_hour.saturating_sub(w.hour_count),
            reset,
            retry_after: retry_after.map(|s| s.max(1)),
        }
    }
}

/// The lane's rate-limit header names (limit, remaining, reset), if it
/// declares all three.
pub fn headers_of<'a>(spec: &'a Spec, lane: &Lane) -> Option<[&'a str; 3]> {
    let named = |role: HeaderRole| {
        spec.headers
            .iter()
            .find(|h| h.role == role && lane.headers.iter().any(|n| n == &h.name))
            .map(|h| h.name.as_str())
    };
    Some([
        named(HeaderRole::RateLimitLimit)?,
        named(HeaderRole::RateLimitRemaining)?,
        named(HeaderRole::RateLimitReset)?,
    ])
}

/// The credential a request presents on `lane`: its `Authorization` value
/// and the values of the lane's secret API-key headers.
pub fn credential(spec: &Spec, lane: &Lane, headers: &HeaderMap) -> Vec<u8> {
    let mut names = vec!["authorization".to_owned()];
    for choice in &lane.auth {
        for scheme in choice.schemes.iter().filter_map(|n| spec.auth_scheme(n)) {
            if let AuthKind::ApiKey { headers: creds } = &scheme.kind {
                names.extend(creds.iter().filter(|c| c.secret).map(|c| c.header.clone()));
            }
        }
    }
    let mut out = Vec::new();
    for name in names {
        if let Some(v) = headers.get(name.as_str()) {
            out.extend_from_slice(v.as_bytes());
        }
        out.push(0);
    }
    out
}

/// Adds the three headers (and `Retry-After` on a refusal) to `response`.
pub fn annotate(response: &mut Response, names: [&str; 3], verdict: &Verdict) {
    let values = [verdict.limit, verdict.remaining, verdict.reset];
    let headers = response.headers_mut();
    for (name, value) in names.into_iter().zip(values) {
        if let Ok(name) = HeaderName::from_bytes(name.as_bytes()) {
            headers.insert(name, HeaderValue::from(value));
        }
    }
    if let Some(seconds) = verdict.retry_after {
        headers.insert(axum::http::header::RETRY_AFTER, HeaderValue::from(seconds));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_without_enforcing() {
        let limits = RateLimits::new(false, 3, 2);
        for expected in [2, 1, 0, 0] {
            let v = limits.take(b"k", 1000);
            assert_eq!(
                (v.remaining, v.retry_after, v.reset),
                (expected, None, 4600)
            );
        }
    }

    #[test]
    fn burst_then_hour_then_reset() {
        let limits = RateLimits::new(true, 3, 2);
        assert_eq!(limits.take(b"k", 1000).retry_after, None);
        assert_eq!(limits.take(b"k", 1010).retry_after, None);
        let refused = limits.take(b"k", 1030);
        assert_eq!((refused.retry_after, refused.remaining), (Some(30), 1));
        assert_eq!(limits.take(b"other", 1030).retry_after, None, "per key");
        assert_eq!(limits.take(b"k", 1060).retry_after, None, "new minute");
        assert_eq!(
            limits.take(b"k", 1070).retry_after,
            Some(3530),
            "hour spent"
        );
        assert_eq!(limits.take(b"k", 4600).retry_after, None, "new hour");
    }
}
