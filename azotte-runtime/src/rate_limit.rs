//! Rate-limit headers, read from every response (success or error) when the
//! lane declares them (`role: rate_limit_*` in the spec), e.g.
//! `X-RateLimit-Limit`, `X-RateLimit-Remaining`, `X-RateLimit-Reset`.

use crate::endpoint::{HeaderRole, LaneSpec};
use http::header::HeaderMap;

/// The rate-limit state a response reported.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct RateLimit {
    /// Requests allowed in the window.
    pub limit: Option<u64>,
    /// Requests left in the window.
    pub remaining: Option<u64>,
    /// When the window resets (as sent, typically unix seconds).
    pub reset: Option<u64>,
}

/// The declared rate-limit headers of `lane` found in `headers`, if any.
pub(crate) fn read(lane: &LaneSpec, headers: &HeaderMap) -> Option<RateLimit> {
    let value = |role: HeaderRole| {
        let spec = lane.header_with_role(role)?;
        headers
            .get(spec.name)?
            .to_str()
            .ok()?
            .trim()
            .parse::<u64>()
            .ok()
    };
    let found = RateLimit {
        limit: value(HeaderRole::RateLimitLimit),
        remaining: value(HeaderRole::RateLimitRemaining),
        reset: value(HeaderRole::RateLimitReset),
    };
    (found != RateLimit::default()).then_some(found)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::endpoint::HeaderSpec;

    static LANE: LaneSpec = LaneSpec {
        name: "api",
        headers: &[
            HeaderSpec {
                name: "X-RateLimit-Limit",
                role: HeaderRole::RateLimitLimit,
                generate_uuid: false,
                secret: false,
            },
            HeaderSpec {
                name: "X-RateLimit-Remaining",
                role: HeaderRole::RateLimitRemaining,
                generate_uuid: false,
                secret: false,
            },
            HeaderSpec {
                name: "X-RateLimit-Reset",
                role: HeaderRole::RateLimitReset,
                generate_uuid: false,
                secret: false,
            },
        ],
    };

    #[test]
    fn reads_declared_headers_only() {
        let mut h = HeaderMap::new();
        h.insert("X-RateLimit-Limit", "1000".parse().unwrap());
        h.insert("X-RateLimit-Remaining", "987".parse().unwrap());
        h.insert("X-RateLimit-Reset", "1642334400".parse().unwrap());
        assert_eq!(
            read(&LANE, &h),
            Some(RateLimit {
                limit: Some(1000),
                remaining: Some(987),
                reset: Some(1_642_334_400)
            })
        );
        assert_eq!(read(&LANE, &HeaderMap::new()), None);
        let bare = LaneSpec {
            name: "x",
            headers: &[],
        };
        assert_eq!(read(&bare, &h), None);
    }
}
