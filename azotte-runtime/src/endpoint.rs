//! Static, `const`-constructible descriptions of endpoints, lanes and envelopes.
//!
//! Generated client code is data: for every endpoint it writes one
//! `pub static X: Endpoint = Endpoint { .. }` built from the types in this file,
//! and hands a reference to [`Client::call`](crate::Client::call). Nothing here
//! performs I/O or holds logic beyond tiny helpers; every field is public so the
//! generator can write struct literals. Adding a field is therefore a breaking
//! change for generated code: do it only together with the generator.

use std::fmt;

/// The HTTP method of an endpoint.
///
/// A closed list of the methods the Azotte documents use; kept separate from
/// `http::Method` so that endpoint descriptions stay `const`-constructible.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Method {
    /// `GET`
    Get,
    /// `POST`
    Post,
    /// `PUT`
    Put,
    /// `PATCH`
    Patch,
    /// `DELETE`
    Delete,
}

impl Method {
    /// The upper-case method name as sent on the wire, e.g. `"POST"`.
    pub const fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Post => "POST",
            Method::Put => "PUT",
            Method::Patch => "PATCH",
            Method::Delete => "DELETE",
        }
    }

    /// The equivalent [`http::Method`] (`reqwest::Method` is the same type),
    /// used when the request is built.
    pub fn to_http(self) -> http::Method {
        match self {
            Method::Get => http::Method::GET,
            Method::Post => http::Method::POST,
            Method::Put => http::Method::PUT,
            Method::Patch => http::Method::PATCH,
            Method::Delete => http::Method::DELETE,
        }
    }
}

impl fmt::Display for Method {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Where the pieces of a response envelope live, so one decoder serves every
/// envelope shape the platform uses (C2A `GeneralResponse<T>`, the Moneti
/// envelope with `diagnostics`/`status`/`statusCode`, ...).
///
/// Keys are JSON object keys; `None` (or an empty list) means "this envelope
/// has no such part". Status keys are read from the status object, or from
/// the top level when there is none. The runtime knows no key of its own:
/// everything it reads is named here.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct EnvelopeSpec {
    /// Name of the envelope in the spec, for diagnostics only.
    pub name: &'static str,
    /// The `Accept` header calls send; `None` = `application/json`. The
    /// generator writes the envelope's own media type first with JSON as the
    /// fallback (C2A: `application/clientOutput+Json, application/json;q=0.9`,
    /// document 001); decoding reads JSON whatever the answer claims. A
    /// static, so building a request's headers allocates nothing for it.
    pub accept: Option<&'static str>,
    /// Default payload key, e.g. `"result"` (C2A) or `"data"` (Moneti);
    /// `None` when the payload is the whole body (webhooks without an
    /// envelope). Endpoints choose their actual location with [`Payload`].
    pub payload: Option<&'static str>,
    /// Key of the status object (e.g. `"status"`); `None` when the status keys
    /// sit at the top level of the body.
    pub status_object: Option<&'static str>,
    /// Key of the message code inside the status object, e.g. `"messageCode"`.
    pub code: &'static str,
    /// Key of the human-readable message inside the status object.
    pub message: Option<&'static str>,
    /// Key of the severity (`SUCCESS` / `WARNING` / `ERROR`) inside the status object.
    pub severity: Option<&'static str>,
    /// Key of the component that produced the response (e.g. `"source"`).
    pub source: Option<&'static str>,
    /// Key of the structured failure details (e.g. `"details"`).
    pub details: Option<&'static str>,
    /// Key of the boolean success helper (e.g. `"success"`); informational,
    /// success is decided by code and severity.
    pub success: Option<&'static str>,
    /// Message codes that mean success, e.g. `["SUCCESS"]`. Compared ASCII
    /// case-insensitively.
    pub success_codes: &'static [&'static str],
    /// Severities that mean success, e.g. `["SUCCESS", "WARNING"]`. Compared
    /// ASCII case-insensitively.
    pub success_severities: &'static [&'static str],
    /// Top-level duplicate of the code (e.g. `"statusCode"`), used when the
    /// status object lacks a code.
    pub status_code: Option<&'static str>,
    /// Top-level key of the diagnostics object, e.g. `"diagnostics"`.
    pub diagnostics: Option<&'static str>,
    /// Key of the correlation id inside the diagnostics object, e.g. `"correlationId"`.
    pub correlation_id: Option<&'static str>,
    /// Top-level key of the `errors[]` array.
    pub errors: Option<&'static str>,
    /// Top-level key of the links object (`self`, `next`, ...).
    pub links: Option<&'static str>,
    /// Key of the link to the request itself inside the links object.
    pub link_self: Option<&'static str>,
    /// Key of the next-page link inside the links object.
    pub link_next: Option<&'static str>,
    /// Key of the previous-page link inside the links object.
    pub link_previous: Option<&'static str>,
    /// Keys of warnings arrays inside the status object, e.g.
    /// `["warnings", "warning"]`. Every one present is read.
    pub status_warnings: &'static [&'static str],
    /// Top-level keys of warnings arrays, read after the status ones.
    pub warnings: &'static [&'static str],
    /// Top-level key of a retry delay in seconds (number or numeric string),
    /// e.g. Automatum's `"retryAfter"`.
    pub retry_after: Option<&'static str>,
}

impl EnvelopeSpec {
    /// An envelope with only a code key: every other part absent. A base for
    /// struct update syntax (`EnvelopeSpec { payload: Some("data"), ..EnvelopeSpec::bare("code") }`),
    /// so hand-written envelopes keep compiling when parts are added.
    pub const fn bare(code: &'static str) -> Self {
        EnvelopeSpec {
            name: "",
            accept: None,
            payload: None,
            status_object: None,
            code,
            message: None,
            severity: None,
            source: None,
            details: None,
            success: None,
            success_codes: &[],
            success_severities: &[],
            status_code: None,
            diagnostics: None,
            correlation_id: None,
            errors: None,
            links: None,
            link_self: None,
            link_next: None,
            link_previous: None,
            status_warnings: &[],
            warnings: &[],
            retry_after: None,
        }
    }
}

/// Where an endpoint's success value sits in the response body.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Payload {
    /// Under this top-level key. A missing or `null` key deserializes the
    /// value from JSON `null`, so `Option<T>` and `()` payloads work.
    Key(&'static str),
    /// Under the first of these top-level keys whose value is present and not
    /// `null` (preferred first; e.g. a domain key, then the envelope's `data`).
    /// None present: as [`Payload::Key`] with a missing key.
    Keys(&'static [&'static str]),
    /// The whole top-level object is the value (domain fields beside `status`;
    /// serde ignores the envelope keys the type does not name).
    Inline,
    /// No payload: the value type is `()` and the body may be empty.
    Empty,
}

impl Payload {
    /// The keys the payload may be under, preferred first (empty for
    /// [`Payload::Inline`] and [`Payload::Empty`]).
    pub fn keys(&self) -> &[&'static str] {
        match self {
            Payload::Key(key) => std::slice::from_ref(key),
            Payload::Keys(keys) => keys,
            Payload::Inline | Payload::Empty => &[],
        }
    }
}

/// How an endpoint is protected against duplicate writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Idempotency {
    /// Not idempotent, or idempotent by nature (GET).
    None,
    /// A key in this header: the runtime sends the caller's
    /// [`Client::with_idempotency_key`](crate::Client::with_idempotency_key)
    /// or generates a UUID v4.
    Header(&'static str),
    /// A key the caller puts in this body field; informational, the runtime
    /// does nothing with it.
    BodyField(&'static str),
}

/// What a lane header is for, which decides where its value comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HeaderRole {
    /// Carries the correlation id: the caller's
    /// [`Client::with_correlation_id`](crate::Client::with_correlation_id), else a
    /// UUID v4 when `generate_uuid` is set.
    CorrelationId,
    /// Names the header that carries a caller-supplied idempotency key on
    /// endpoints whose [`Idempotency`] is not `Header`.
    IdempotencyKey,
    /// The tenant header (e.g. `X-Moneti-Tenant`), from
    /// [`Client::with_header`](crate::Client::with_header).
    Tenant,
    /// Geo override for compliance testing (e.g. `X-Region-Override`), from `with_header`.
    RegionOverride,
    /// Any other documented header, from `with_header`.
    Other,
    /// A response header: requests allowed in the rate-limit window.
    RateLimitLimit,
    /// A response header: requests left in the window.
    RateLimitRemaining,
    /// A response header: when the window resets.
    RateLimitReset,
}

/// One header a lane knows about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct HeaderSpec {
    /// Header name as documented, e.g. `"X-Correlation-Id"` (matched case-insensitively).
    pub name: &'static str,
    /// What the header is for.
    pub role: HeaderRole,
    /// Generate a UUID v4 when the caller supplied no value.
    pub generate_uuid: bool,
    /// The value is secret: marked sensitive and never logged.
    pub secret: bool,
}

/// An integration lane (C2A, M2M, ...): the headers shared by its endpoints.
/// Authentication is not described here; it is the [`Auth`](crate::Auth)
/// given to the [`Client`](crate::Client).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LaneSpec {
    /// Lane name, e.g. `"c2a"`.
    pub name: &'static str,
    /// Headers the runtime fills for every endpoint of the lane.
    pub headers: &'static [HeaderSpec],
}

impl LaneSpec {
    /// The first header with this role, if the lane declares one.
    pub fn header_with_role(&self, role: HeaderRole) -> Option<&'static HeaderSpec> {
        self.headers.iter().find(|h| h.role == role)
    }

    /// The lane's declaration of a header name (case-insensitive), if any.
    pub fn header_named(&self, name: &str) -> Option<&'static HeaderSpec> {
        self.headers
            .iter()
            .find(|h| h.name.eq_ignore_ascii_case(name))
    }
}

/// Everything the runtime needs to call one endpoint.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Endpoint {
    /// Documented endpoint id, e.g. `"C2A-01-02"`; appears in every error and span.
    pub id: &'static str,
    /// HTTP method.
    pub method: Method,
    /// Full path including the lane base, with `{name}` placeholders,
    /// e.g. `"/api/v1/c2a/offer/checkout/{id}/status"`.
    pub path: &'static str,
    /// Documented status on success (200, 202, ...). Informational: any 2xx
    /// with a success envelope is accepted.
    pub success_status: u16,
    /// The lane the endpoint belongs to.
    pub lane: &'static LaneSpec,
    /// The envelope its responses use.
    pub envelope: &'static EnvelopeSpec,
    /// Where the success value sits.
    pub payload: Payload,
    /// How duplicate writes are prevented.
    pub idempotency: Idempotency,
}

/// Builds endpoints in `const` context, so a generated static names only what
/// differs from its lane: `LANE_ENDPOINT.at(Method::Post, "C2A-01-02", "/c2a/…")`
/// then `.status(…)`, `.payload(…)`, `.idempotency(…)` where they differ.
impl Endpoint {
    /// What every endpoint of a lane shares: the lane, its envelope and the
    /// usual payload location; `GET`, no id or path yet, success 200, not idempotent.
    pub const fn lane(
        lane: &'static LaneSpec,
        envelope: &'static EnvelopeSpec,
        payload: Payload,
    ) -> Self {
        Endpoint {
            id: "",
            method: Method::Get,
            path: "",
            success_status: 200,
            lane,
            envelope,
            payload,
            idempotency: Idempotency::None,
        }
    }

    /// This endpoint: its method, documented id and full path.
    pub const fn at(self, method: Method, id: &'static str, path: &'static str) -> Self {
        Endpoint {
            method,
            id,
            path,
            ..self
        }
    }

    /// The documented success status, when not 200.
    pub const fn status(self, success_status: u16) -> Self {
        Endpoint {
            success_status,
            ..self
        }
    }

    /// Where the success value sits, when not where the lane's usually does.
    pub const fn payload(self, payload: Payload) -> Self {
        Endpoint { payload, ..self }
    }

    /// How duplicate writes are prevented, when they are.
    pub const fn idempotency(self, idempotency: Idempotency) -> Self {
        Endpoint {
            idempotency,
            ..self
        }
    }
}
