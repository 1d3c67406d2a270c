//! Lanes, areas, endpoints and their parameters, waiters and webhook events.

use super::*;

/// Which way a lane's traffic goes (`direction:`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Direction {
    /// You call the API (the default).
    Outbound,
    /// The API calls you: webhooks.
    Inbound,
}

/// `lanes.<name>`: an integration lane, one client module.
#[derive(Debug, Clone, PartialEq)]
pub struct Lane {
    /// The name under `lanes:`.
    pub name: String,
    /// snake_case module name.
    pub rust_name: String,
    /// Human-readable name, used in the docs.
    pub title: String,
    /// What the lane is for and which document describes it.
    pub doc: Option<String>,
    /// Rust code showing the lane in use (a doctest body), for the generated crate's docs.
    pub example: Option<String>,
    /// Outbound (a client) or inbound (webhooks).
    pub direction: Direction,
    /// With `{version}` expanded.
    pub base_path: String,
    /// Names of the environments the lane is served on.
    pub environments: Vec<String>,
    /// Accepted ways to authenticate, preferred first.
    pub auth: Vec<AuthChoice>,
    /// Always set on outbound lanes; `None` for webhooks delivered without one.
    pub envelope: Option<String>,
    /// Wire names of the headers sent on every call.
    pub headers: Vec<String>,
    /// Its areas, in declaration order.
    pub areas: Vec<Area>,
    /// Inbound: the key naming the event type.
    pub event_type_field: Option<String>,
    /// Inbound: the key holding the event's data.
    pub event_data_field: Option<String>,
    /// Inbound: the events delivered.
    pub events: Vec<Event>,
    /// Polling helpers for long-running operations.
    pub waiters: Vec<Waiter>,
}

/// Polls `poll` until its response's `state_field` is terminal.
#[derive(Debug, Clone, PartialEq)]
pub struct Waiter {
    /// snake_case method name.
    pub name: String,
    /// What the waiter waits for.
    pub doc: Option<String>,
    /// The polled endpoint's `name`.
    pub poll: String,
    /// Wire name of the state field in the polled response.
    pub state_field: String,
    /// The state field may be absent (or `null`): such a response is still pending.
    pub state_optional: bool,
    /// Wire values of the state, by outcome.
    pub success: Vec<String>,
    /// Wire values meaning failure.
    pub failure: Vec<String>,
    /// Wire values meaning the caller must act (e.g. 3-D Secure).
    pub action_required: Vec<String>,
    /// The first poll delay, in milliseconds.
    pub initial_delay_ms: u64,
    /// The longest poll delay, in milliseconds.
    pub max_delay_ms: u64,
}

/// One accepted way to authenticate: one scheme, or several applied together.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuthChoice {
    /// Names under `auth:`, in the order they are applied.
    pub schemes: Vec<String>,
}

impl Lane {
    /// Every endpoint of every area, in order.
    pub fn endpoints(&self) -> impl Iterator<Item = &Endpoint> {
        self.areas.iter().flat_map(|a| a.endpoints.iter())
    }
}

/// `areas.<name>`: a group of endpoints, one client trait.
#[derive(Debug, Clone, PartialEq)]
pub struct Area {
    /// The name under `areas:`.
    pub name: String,
    /// PascalCase trait name.
    pub trait_name: String,
    /// Human-readable name, used in the docs.
    pub title: String,
    /// What the area covers.
    pub doc: Option<String>,
    /// Its endpoints, in declaration order.
    pub endpoints: Vec<Endpoint>,
}

/// An endpoint's HTTP method.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HttpMethod {
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

impl HttpMethod {
    /// The method spelled `s` (upper case), if it is one.
    pub fn parse(s: &str) -> Option<Self> {
        Some(match s {
            "GET" => Self::Get,
            "POST" => Self::Post,
            "PUT" => Self::Put,
            "PATCH" => Self::Patch,
            "DELETE" => Self::Delete,
            _ => return None,
        })
    }
    /// The upper-case method name.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Get => "GET",
            Self::Post => "POST",
            Self::Put => "PUT",
            Self::Patch => "PATCH",
            Self::Delete => "DELETE",
        }
    }
    /// Whether requests with it carry a body.
    pub fn has_body(self) -> bool {
        matches!(self, Self::Post | Self::Put | Self::Patch)
    }
}

/// One endpoint of an area.
#[derive(Debug, Clone, PartialEq)]
pub struct Endpoint {
    /// The documented id (`C2A-01-02`), unique in the API.
    pub id: String,
    /// snake_case method name.
    pub name: String,
    /// PascalCase stem for the endpoint's generated items (`StoreCustomer` → `StoreCustomerError`).
    pub pascal: String,
    /// Its HTTP method.
    pub method: HttpMethod,
    /// As written, relative to the lane.
    pub path: String,
    /// Lane base path + path.
    pub full_path: String,
    /// One line saying what the call does.
    pub summary: String,
    /// More about the call.
    pub doc: Option<String>,
    /// Path parameters, in order of appearance.
    pub path_params: Vec<Param>,
    /// Query parameters, in declaration order.
    pub query_params: Vec<Param>,
    /// The request body type, if any.
    pub request: Option<TypeRef>,
    /// The payload type of a success, if any.
    pub response: Option<TypeRef>,
    /// Where the payload sits.
    pub payload: PayloadLocation,
    /// Further payload keys the decoder accepts when `payload`'s key is absent
    /// (the endpoint's further alternatives, then the envelope's keys).
    pub payload_fallbacks: Vec<String>,
    /// The HTTP status of a success.
    pub success: u16,
    /// The catalog codes it documents.
    pub errors: Vec<String>,
    /// How a retry is made safe, if it is.
    pub idempotency: Option<Idempotency>,
    /// Why and how the endpoint is idempotent.
    pub idempotency_doc: Option<String>,
    /// How it pages, if it is a list.
    pub pagination: Option<Pagination>,
    /// OAuth scopes the call needs.
    pub scopes: Vec<String>,
    /// snake_case short name in the area's handle.
    pub verb: Option<String>,
}

/// A path or query parameter of an endpoint (`params.<wireName>`).
#[derive(Debug, Clone, PartialEq)]
pub struct Param {
    /// As sent.
    pub wire_name: String,
    /// snake_case argument or setter name.
    pub rust_name: String,
    /// Its type.
    pub ty: TypeRef,
    /// May be left out (query parameters only).
    pub optional: bool,
    /// What it is.
    pub doc: Option<String>,
}

/// Where an endpoint's payload sits in the response body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PayloadLocation {
    /// Under this key of the envelope.
    Key(String),
    /// The body itself, beside the envelope's keys.
    Inline,
    /// No payload.
    Empty,
}

/// How a write is made idempotent (`idempotency:`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Idempotency {
    /// A key in this header, filled by the client.
    Header(String),
    /// This body field, supplied by the caller.
    BodyField(String),
}

/// How a list endpoint pages (`pagination:`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pagination {
    /// Field of the response holding the items (a `list<T>`).
    pub items: String,
    /// Field of the response holding the page info.
    pub page_info: Option<String>,
    /// Query parameter carrying the page number (a `u32`).
    pub page_param: Option<String>,
    /// Boolean field of the page info saying whether another page follows.
    pub has_next: Option<String>,
    /// `u32` field of the page info holding the number of pages.
    pub total_pages: Option<String>,
}

/// One event an inbound lane delivers.
#[derive(Debug, Clone, PartialEq)]
pub struct Event {
    /// The event type as delivered (`payment.captured`).
    pub event_type: String,
    /// PascalCase variant name.
    pub rust_name: String,
    /// The type its data decodes into.
    pub payload: TypeRef,
    /// What the event means.
    pub doc: Option<String>,
}
