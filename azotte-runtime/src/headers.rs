//! Assembles the non-auth request headers of a call: `Accept`,
//! `Content-Type`, `User-Agent`, the lane's headers (correlation id, tenant,
//! region override, ...), the idempotency key, and the caller's extra headers.
//!
//! Values come from the caller's per-call options or are generated (UUID v4).
//! Header values are never logged; those a lane marks secret are also marked
//! sensitive. Auth headers are added later by [`Auth`](crate::Auth).

use crate::endpoint::{Endpoint, HeaderRole, Idempotency};
use crate::error::ConfigErrorKind;
use reqwest::header::{HeaderMap, HeaderName, HeaderValue, ACCEPT, CONTENT_TYPE, USER_AGENT};

/// Per-call options set through `Client::with_*`.
#[derive(Clone, Default)]
pub(crate) struct CallOptions {
    pub correlation_id: Option<String>,
    pub idempotency_key: Option<String>,
    pub headers: Vec<(&'static str, String)>,
}

impl CallOptions {
    /// The caller's value for a header (last one set wins; case-insensitive).
    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .rev()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

/// The headers of a call, and the correlation id they carry.
pub(crate) struct PreparedHeaders {
    pub map: HeaderMap,
    /// The lane's correlation header name, if it has one.
    pub correlation_header: Option<&'static str>,
    /// The correlation id actually sent.
    pub correlation_id: Option<String>,
}

fn new_uuid() -> String {
    uuid::Uuid::new_v4().to_string()
}

fn insert(
    map: &mut HeaderMap,
    name: &str,
    value: &str,
    secret: bool,
) -> Result<(), ConfigErrorKind> {
    let header = HeaderName::from_bytes(name.as_bytes())
        .map_err(|_| ConfigErrorKind::InvalidHeaderName(name.to_owned()))?;
    let mut value = HeaderValue::from_str(value)
        .map_err(|_| ConfigErrorKind::InvalidHeaderValue(name.to_owned()))?;
    value.set_sensitive(secret);
    map.insert(header, value);
    Ok(())
}

/// Builds the headers for one call of `endpoint`.
///
/// Order (later wins): defaults, lane headers, idempotency key, then every
/// header from `with_header`. A caller-given idempotency key on an endpoint
/// without header idempotency goes to the lane's `IdempotencyKey` header, or
/// is dropped (with a debug event) when the lane has none; the same holds for
/// a correlation id on a lane without a `CorrelationId` header.
pub(crate) fn prepare(
    endpoint: &Endpoint,
    options: &CallOptions,
    has_body: bool,
    user_agent: Option<&HeaderValue>,
) -> Result<PreparedHeaders, ConfigErrorKind> {
    let lane = endpoint.lane;
    let is_secret = |name: &str| lane.header_named(name).is_some_and(|h| h.secret);
    let mut map = HeaderMap::new();
    map.insert(ACCEPT, HeaderValue::from_static("application/json"));
    if has_body {
        map.insert(CONTENT_TYPE, HeaderValue::from_static("application/json"));
    }
    if let Some(agent) = user_agent {
        map.insert(USER_AGENT, agent.clone());
    }

    let mut correlation_header = None;
    for spec in lane.headers {
        let given = match spec.role {
            HeaderRole::CorrelationId => {
                correlation_header.get_or_insert(spec.name);
                options.correlation_id.clone()
            }
            HeaderRole::IdempotencyKey
            | HeaderRole::RateLimitLimit
            | HeaderRole::RateLimitRemaining
            | HeaderRole::RateLimitReset => continue,
            HeaderRole::Tenant | HeaderRole::RegionOverride | HeaderRole::Other => {
                options.header(spec.name).map(str::to_owned)
            }
        };
        if let Some(value) = given.or_else(|| spec.generate_uuid.then(new_uuid)) {
            insert(&mut map, spec.name, &value, spec.secret)?;
        }
    }
    if correlation_header.is_none() && options.correlation_id.is_some() {
        tracing::debug!(
            lane = lane.name,
            "lane has no correlation header; caller's correlation id not sent"
        );
    }

    let key = options.idempotency_key.as_deref();
    let lane_key_header = lane.header_with_role(HeaderRole::IdempotencyKey);
    match (endpoint.idempotency, key, lane_key_header) {
        (Idempotency::Header(name), key, _) => {
            let value = key.map_or_else(new_uuid, str::to_owned);
            insert(&mut map, name, &value, is_secret(name))?;
        }
        (_, Some(key), Some(spec)) => insert(&mut map, spec.name, key, spec.secret)?,
        (_, Some(_), None) => tracing::debug!(
            endpoint = endpoint.id,
            "endpoint takes no idempotency header; caller's key not sent"
        ),
        (_, None, _) => {}
    }

    for (name, value) in &options.headers {
        insert(&mut map, name, value, is_secret(name))?;
    }

    let correlation_id = correlation_header
        .and_then(|name| map.get(name))
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned);
    Ok(PreparedHeaders {
        map,
        correlation_header,
        correlation_id,
    })
}
