//! Assembles the non-auth request headers of a call: `Accept`,
//! `Content-Type`, `User-Agent`, the lane's headers (correlation id, tenant,
//! region override, ...), the idempotency key, and the caller's extra headers.
//!
//! Values come from the caller's per-call options or are generated (UUID v4).
//! Header values are never logged; those a lane marks secret are also marked
//! sensitive. Auth headers are added later by [`Auth`](crate::Auth).

use crate::endpoint::{Endpoint, HeaderRole, Idempotency};
use crate::error::ConfigErrorKind;
use http::header::{HeaderMap, HeaderName, HeaderValue, ACCEPT, CONTENT_TYPE, USER_AGENT};

/// Per-call options set through `Client::with_*`.
#[derive(Clone, Default)]
pub(crate) struct CallOptions {
    pub correlation_id: Option<String>,
    pub idempotency_key: Option<String>,
    pub headers: Vec<(&'static str, String)>,
    /// Per-attempt timeout instead of the client's (`Client::with_timeout`).
    pub timeout: Option<std::time::Duration>,
    /// Retry policy instead of the client's (`Client::with_retry`).
    pub retry: Option<crate::RetryPolicy>,
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
    /// The values generated for this call, so a retry rebuilds the same headers.
    pub generated: Generated,
}

/// The values (UUIDs) [`prepare`] generated for a call. [`rebuild`] reuses
/// them, so every attempt of a call sends the same correlation id and
/// idempotency key without the first attempt's headers being copied.
#[derive(Debug, Default)]
pub(crate) struct Generated {
    /// The lane's correlation header got a generated value: the call's
    /// correlation id (kept by the caller of [`prepare`]).
    correlation: bool,
    /// Every other generated value, in the order they were generated.
    others: Vec<String>,
}

/// A UUID v4 in its hyphenated form, written straight into a string of
/// its size (`to_string` goes through the formatting machinery).
///
/// Its 122 random bits come from `rand`'s thread-local generator (ChaCha12,
/// a CSPRNG seeded and periodically reseeded from the OS), not from
/// `Uuid::new_v4`, which asks the OS (a `getrandom` system call) for every
/// UUID: one system call on every call's critical path (issue 18). The
/// `uuid` crate's own `fast-rng` feature does the same, but would change
/// `new_v4` for every crate in a user's build.
fn new_uuid() -> String {
    let mut text = [0; uuid::fmt::Hyphenated::LENGTH];
    uuid::Builder::from_random_bytes(rand::random())
        .into_uuid()
        .hyphenated()
        .encode_lower(&mut text)
        .to_owned()
}

/// `application/json`, checked at compile time rather than on every call.
fn json() -> HeaderValue {
    const { HeaderValue::from_static("application/json") }
}

/// Room for what auth usually adds (a key and a tenant, a token). A
/// `HeaderMap` for `n` headers takes `n + n/3` slots rounded up to a power of
/// two: C2A's 5 headers plus 2 fit 8 slots; with 4 spare it started at 16
/// (a 1.2 KB entry array). hyper still adds `host` and `content-length`, so
/// the map grows once, and that measured 600 instructions per call cheaper
/// than starting at 16 (two more allocations; BENCHMARKS.md, "Client overhead").
const SPARE_HEADERS: usize = 2;

/// Inserts `name: value`; `true` when it replaced a value of that name.
fn insert(
    map: &mut HeaderMap,
    name: &str,
    value: &str,
    secret: bool,
) -> Result<bool, ConfigErrorKind> {
    let header = HeaderName::from_bytes(name.as_bytes())
        .map_err(|_| ConfigErrorKind::InvalidHeaderName(name.to_owned()))?;
    let mut value = HeaderValue::from_str(value)
        .map_err(|_| ConfigErrorKind::InvalidHeaderValue(name.to_owned()))?;
    value.set_sensitive(secret);
    Ok(map.insert(header, value).is_some())
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
    build(endpoint, options, has_body, user_agent, None)
}

/// The headers [`prepare`] built for the same call, again: for a retry. The
/// generated values are taken from `generated` (and `correlation_id`, the
/// correlation id the call sent), never generated anew.
pub(crate) fn rebuild(
    endpoint: &Endpoint,
    options: &CallOptions,
    has_body: bool,
    user_agent: Option<&HeaderValue>,
    correlation_id: Option<&str>,
    generated: &Generated,
) -> Result<HeaderMap, ConfigErrorKind> {
    build(
        endpoint,
        options,
        has_body,
        user_agent,
        Some((correlation_id, generated)),
    )
    .map(|prepared| prepared.map)
}

/// `Accept`: the envelope's value ([`EnvelopeSpec::accept`](crate::EnvelopeSpec::accept)),
/// else `application/json`. The static text is used in place (checked once
/// per call, never copied); a value that is no valid header value (a control
/// character) falls back to JSON instead of failing the call.
fn accept(value: Option<&'static str>) -> HeaderValue {
    value
        .and_then(|v| HeaderValue::from_maybe_shared(bytes::Bytes::from_static(v.as_bytes())).ok())
        .unwrap_or_else(json)
}

fn build(
    endpoint: &Endpoint,
    options: &CallOptions,
    has_body: bool,
    user_agent: Option<&HeaderValue>,
    replay: Option<(Option<&str>, &Generated)>,
) -> Result<PreparedHeaders, ConfigErrorKind> {
    let lane = endpoint.lane;
    let is_secret = |name: &str| lane.header_named(name).is_some_and(|h| h.secret);
    let key = options.idempotency_key.as_deref();
    let idempotency_header = matches!(endpoint.idempotency, Idempotency::Header(_));
    let mut map = HeaderMap::with_capacity(
        1 + usize::from(has_body)
            + usize::from(user_agent.is_some())
            + lane.headers.len()
            + usize::from(idempotency_header || key.is_some())
            + options.headers.len()
            + SPARE_HEADERS,
    );
    map.insert(ACCEPT, accept(endpoint.envelope.accept));
    if has_body {
        map.insert(CONTENT_TYPE, json());
    }
    if let Some(agent) = user_agent {
        map.insert(USER_AGENT, agent.clone());
    }

    let mut generated = Generated::default();
    let mut replayed = 0;
    // A generated value for a header other than the correlation header.
    let mut other_uuid = |generated: &mut Generated| -> String {
        let value = match replay {
            Some((_, recorded)) => recorded.others.get(replayed).cloned(),
            None => None,
        };
        replayed += 1;
        let value = value.unwrap_or_else(new_uuid);
        if replay.is_none() {
            generated.others.push(value.clone());
        }
        value
    };

    let mut correlation_header = None;
    // The value put in the correlation header by the lane step (owned when
    // generated, so the call's correlation id needs no copy).
    let mut correlation_value: Option<std::borrow::Cow<'_, str>> = None;
    // A header inserted after it replaced one (perhaps the correlation header).
    let mut replaced_after = false;
    for spec in lane.headers {
        let primary =
            matches!(spec.role, HeaderRole::CorrelationId) && correlation_header.is_none();
        let given = match spec.role {
            HeaderRole::CorrelationId => {
                correlation_header.get_or_insert(spec.name);
                options.correlation_id.as_deref()
            }
            HeaderRole::IdempotencyKey
            | HeaderRole::RateLimitLimit
            | HeaderRole::RateLimitRemaining
            | HeaderRole::RateLimitReset => continue,
            HeaderRole::Tenant | HeaderRole::RegionOverride | HeaderRole::Other => {
                options.header(spec.name)
            }
        };
        let value: std::borrow::Cow<'_, str> = match given {
            Some(value) => value.into(),
            None if !spec.generate_uuid => continue,
            None if primary => {
                generated.correlation = true;
                match replay {
                    Some((Some(sent), recorded)) if recorded.correlation => sent.to_owned().into(),
                    _ => new_uuid().into(),
                }
            }
            None => other_uuid(&mut generated).into(),
        };
        let replaced = insert(&mut map, spec.name, &value, spec.secret)?;
        if primary {
            correlation_value = Some(value);
        } else {
            replaced_after |= replaced && correlation_value.is_some();
        }
    }
    if replay.is_none() && correlation_header.is_none() && options.correlation_id.is_some() {
        tracing::debug!(
            lane = lane.name,
            "lane has no correlation header; caller's correlation id not sent"
        );
    }

    let lane_key_header = lane.header_with_role(HeaderRole::IdempotencyKey);
    replaced_after |= match (endpoint.idempotency, key, lane_key_header) {
        (Idempotency::Header(name), Some(key), _) => insert(&mut map, name, key, is_secret(name))?,
        (Idempotency::Header(name), None, _) => {
            let value = other_uuid(&mut generated);
            insert(&mut map, name, &value, is_secret(name))?
        }
        (_, Some(key), Some(spec)) => insert(&mut map, spec.name, key, spec.secret)?,
        (_, Some(_), None) => {
            if replay.is_none() {
                tracing::debug!(
                    endpoint = endpoint.id,
                    "endpoint takes no idempotency header; caller's key not sent"
                );
            }
            false
        }
        (_, None, _) => false,
    };

    for (name, value) in &options.headers {
        replaced_after |= insert(&mut map, name, value, is_secret(name))?;
    }

    // What the map holds under the correlation header, as text (`to_str`:
    // visible ASCII), without looking it up when nothing can have replaced
    // the lane step's value.
    let visible = |v: &str| v.bytes().all(|b| b == b'\t' || (32..127).contains(&b));
    let correlation_id = if replay.is_some() {
        None
    } else if !replaced_after && correlation_value.as_deref().is_some_and(visible) {
        correlation_value.map(std::borrow::Cow::into_owned)
    } else {
        match correlation_header
            .and_then(|name| map.get(name))
            .and_then(|v| v.to_str().ok())
        {
            // Still the lane step's value (not overridden by `with_header`).
            Some(sent) if correlation_value.as_deref() == Some(sent) => {
                correlation_value.map(std::borrow::Cow::into_owned)
            }
            Some(sent) => Some(sent.to_owned()),
            None => None,
        }
    };
    Ok(PreparedHeaders {
        map,
        correlation_header,
        correlation_id,
        generated,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::endpoint::{EnvelopeSpec, HeaderSpec, LaneSpec, Method, Payload};

    static ENVELOPE: EnvelopeSpec = EnvelopeSpec {
        name: "e",
        payload: Some("result"),
        status_object: Some("status"),
        success_codes: &["SUCCESS"],
        ..EnvelopeSpec::bare("messageCode")
    };
    static LANE: LaneSpec = LaneSpec {
        name: "lane",
        headers: &[
            HeaderSpec {
                name: "X-Correlation-Id",
                role: HeaderRole::CorrelationId,
                generate_uuid: true,
                secret: false,
            },
            HeaderSpec {
                name: "X-Request-Id",
                role: HeaderRole::Other,
                generate_uuid: true,
                secret: false,
            },
        ],
    };
    static WRITE: Endpoint = Endpoint {
        id: "W-1",
        method: Method::Post,
        path: "/w",
        success_status: 200,
        lane: &LANE,
        envelope: &ENVELOPE,
        payload: Payload::Key("result"),
        idempotency: Idempotency::Header("Idempotency-Key"),
    };

    fn rebuilt(options: &CallOptions) -> (PreparedHeaders, HeaderMap) {
        let first = prepare(&WRITE, options, true, None).expect("headers");
        let again = rebuild(
            &WRITE,
            options,
            true,
            None,
            first.correlation_id.as_deref(),
            &first.generated,
        )
        .expect("the same headers");
        (first, again)
    }

    /// `Accept` is the envelope's media types as declared; a value that is
    /// no header value (RFC 9110 §5.5: no control characters) falls back to
    /// JSON rather than failing the call or panicking, and non-ASCII bytes
    /// (obs-text) are sent as they are.
    #[test]
    fn accept_is_the_envelope_value_or_json() {
        let c2a = "application/clientOutput+Json, application/json;q=0.9";
        assert_eq!(accept(Some(c2a)), c2a);
        assert_eq!(accept(None), "application/json");
        assert_eq!(accept(Some("application/json\n")), "application/json");
        assert_eq!(accept(Some("text/plain\u{7f}")), "application/json");
        assert_eq!(accept(Some("text/é")).as_bytes(), "text/é".as_bytes());
    }

    #[test]
    fn a_rebuild_reuses_every_generated_value() {
        let (first, again) = rebuilt(&CallOptions::default());
        assert_eq!(first.map, again);
        assert_eq!(first.map.len(), 5);
        assert_eq!(
            first.correlation_id.as_deref(),
            first.map["x-correlation-id"].to_str().ok()
        );
        assert_ne!(first.map["x-request-id"], first.map["idempotency-key"]);
    }

    /// The call's correlation id is what its header carries, read back as
    /// text, also where the lane's value was not the last one set under that
    /// name or is not visible ASCII (what `HeaderValue::to_str` reads).
    #[test]
    fn the_correlation_id_is_the_header_value_sent() {
        static REPLACING: Endpoint = Endpoint {
            idempotency: Idempotency::Header("x-correlation-id"),
            ..WRITE
        };
        let replaced = prepare(&REPLACING, &CallOptions::default(), true, None).expect("headers");
        assert_eq!(
            replaced.correlation_id.as_deref(),
            replaced.map["x-correlation-id"].to_str().ok()
        );
        assert_eq!(replaced.generated.others.len(), 2);
        assert_eq!(
            replaced.correlation_id.as_deref(),
            Some(replaced.generated.others[1].as_str())
        );

        let given = |id: &str| CallOptions {
            correlation_id: Some(id.into()),
            ..CallOptions::default()
        };
        let ascii = prepare(&WRITE, &given("trace-1"), true, None).expect("headers");
        assert_eq!(ascii.correlation_id.as_deref(), Some("trace-1"));
        let latin = prepare(&WRITE, &given("tracé-1"), true, None).expect("headers");
        assert_eq!(
            latin.map["x-correlation-id"].as_bytes(),
            "tracé-1".as_bytes()
        );
        assert_eq!(latin.correlation_id, None);
    }

    #[test]
    fn a_rebuild_keeps_caller_values_and_overrides() {
        let options = CallOptions {
            correlation_id: Some("c-1".into()),
            idempotency_key: Some("k-1".into()),
            headers: vec![("x-correlation-id", "c-2".into())],
            ..CallOptions::default()
        };
        let (first, again) = rebuilt(&options);
        assert_eq!(first.map, again);
        assert_eq!(first.correlation_id.as_deref(), Some("c-2"));
        assert_eq!(first.map["idempotency-key"], "k-1");

        let overridden = CallOptions {
            headers: vec![("X-Correlation-Id", "c-3".into())],
            ..CallOptions::default()
        };
        let (first, again) = rebuilt(&overridden);
        assert_eq!(first.map, again);
        assert_eq!(first.correlation_id.as_deref(), Some("c-3"));
    }
}
