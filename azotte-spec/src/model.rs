//! The resolved, validated API model that generators read.
//!
//! Every reference here points at something that exists, every Rust name is
//! computed (heck) and unique where it must be, and every list is in declaration
//! order, so the same files always give the same model. Nothing in this file
//! knows about Azotte: auth schemes, envelopes and headers are data.

/// A whole API: the union of the YAML files of one directory, validated.
#[derive(Debug, Clone, PartialEq)]
pub struct Spec {
    pub api: Api,
    /// The files the spec was read from, relative to its directory, sorted.
    pub sources: Vec<String>,
    pub environments: Vec<Environment>,
    pub headers: Vec<Header>,
    pub auth: Vec<AuthScheme>,
    pub envelopes: Vec<Envelope>,
    pub errors: Vec<ErrorCode>,
    pub types: Vec<TypeDef>,
    pub lanes: Vec<Lane>,
    /// Positions of types and error codes by name: generators look them up
    /// per field and per endpoint, so a linear search would make large specs
    /// quadratic.
    pub(crate) index: SpecIndex,
}

/// Name → position in [`Spec::types`] / [`Spec::errors`].
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct SpecIndex {
    types: std::collections::HashMap<String, usize>,
    errors: std::collections::HashMap<String, usize>,
}

impl SpecIndex {
    pub(crate) fn new(types: &[TypeDef], errors: &[ErrorCode]) -> Self {
        SpecIndex {
            types: types
                .iter()
                .enumerate()
                .map(|(i, t)| (t.name.clone(), i))
                .collect(),
            errors: errors
                .iter()
                .enumerate()
                .map(|(i, e)| (e.code.clone(), i))
                .collect(),
        }
    }
}

impl Spec {
    pub fn type_def(&self, name: &str) -> Option<&TypeDef> {
        self.index.types.get(name).map(|&i| &self.types[i])
    }
    pub fn error(&self, code: &str) -> Option<&ErrorCode> {
        self.index.errors.get(code).map(|&i| &self.errors[i])
    }
    pub fn envelope(&self, name: &str) -> Option<&Envelope> {
        self.envelopes.iter().find(|e| e.name == name)
    }
    pub fn header(&self, name: &str) -> Option<&Header> {
        self.headers.iter().find(|h| h.name == name)
    }
    pub fn auth_scheme(&self, name: &str) -> Option<&AuthScheme> {
        self.auth.iter().find(|a| a.name == name)
    }
    pub fn environment(&self, name: &str) -> Option<&Environment> {
        self.environments.iter().find(|e| e.name == name)
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Api {
    pub name: String,
    pub title: String,
    pub doc: Option<String>,
    pub version: String,
    /// The documents the spec cites (`api.documents`), to render citations
    /// by title ([`Documents::cite`](crate::Documents::cite)).
    pub documents: crate::Documents,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Environment {
    pub name: String,
    /// PascalCase variant name.
    pub rust_name: String,
    pub url: String,
    /// `{placeholders}` of `url`, in order of appearance, each once.
    pub variables: Vec<Variable>,
    pub doc: Option<String>,
}

/// A placeholder of a host template.
#[derive(Debug, Clone, PartialEq)]
pub struct Variable {
    pub name: String,
    pub rust_name: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HeaderRole {
    CorrelationId,
    IdempotencyKey,
    Tenant,
    RegionOverride,
    Other,
    /// Response headers reporting the rate limit.
    RateLimitLimit,
    RateLimitRemaining,
    RateLimitReset,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Header {
    pub name: String,
    pub role: HeaderRole,
    pub generate_uuid: bool,
    pub secret: bool,
    pub doc: Option<String>,
    pub example: Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct AuthScheme {
    pub name: String,
    /// PascalCase name of the credentials type.
    pub rust_name: String,
    pub doc: Option<String>,
    pub kind: AuthKind,
}

#[derive(Debug, Clone, PartialEq)]
pub enum AuthKind {
    /// Static headers filled from credential fields.
    ApiKey {
        headers: Vec<CredentialHeader>,
    },
    OAuth2ClientCredentials {
        token_path: String,
        /// How the client authenticates at the token endpoint.
        client_auth: ClientAuth,
        refresh_before_seconds: u64,
        /// Declared scopes and their meaning.
        scopes: Vec<(String, String)>,
    },
    BearerToken,
    HmacRequestSignature {
        key_header: String,
        signature: Signature,
    },
    HmacWebhook {
        signature: Signature,
        /// Dotted path of the body field holding the replay timestamp
        /// (instead of `signature.timestamp_header`).
        timestamp_field: Option<String>,
        tolerance_seconds: u64,
    },
}

/// How an OAuth2 client authenticates at the token endpoint (RFC 6749 §2.3.1).
/// The token request itself is always `application/x-www-form-urlencoded`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ClientAuth {
    /// `Authorization: Basic` over the form-urlencoded client id and secret
    /// (every server MUST support it).
    Basic,
    /// `client_id` and `client_secret` as form fields of the body (NOT
    /// RECOMMENDED by the RFC; for servers that document it).
    Form,
}

#[derive(Debug, Clone, PartialEq)]
pub struct CredentialHeader {
    pub header: String,
    pub field: String,
    pub rust_field: String,
    pub secret: bool,
    pub doc: Option<String>,
}

/// How an HMAC signature is carried and what it covers.
#[derive(Debug, Clone, PartialEq)]
pub struct Signature {
    pub signature_header: String,
    pub timestamp_header: Option<String>,
    pub signed: Vec<SignedPart>,
    /// What joins the signed parts (default `.`).
    pub separator: String,
    pub hex: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SignedPart {
    Timestamp,
    Method,
    Path,
    Body,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Envelope {
    pub name: String,
    /// SCREAMING_SNAKE_CASE name of the generated static.
    pub rust_name: String,
    pub doc: Option<String>,
    pub content_type: Option<String>,
    /// Key of the payload; `None` when it is the whole body (`payload: inline`).
    pub payload: Option<String>,
    /// Further payload keys accepted when `payload` is absent, preferred first.
    pub payload_fallbacks: Vec<String>,
    pub status_object: Option<String>,
    pub code: String,
    pub message: Option<String>,
    pub severity: Option<String>,
    /// Key of the component that produced the response, in the status object.
    pub source: Option<String>,
    /// Key of the structured failure details, in the status object.
    pub details: Option<String>,
    /// Key of the boolean success helper, in the status object.
    pub success_flag: Option<String>,
    pub success_codes: Vec<String>,
    pub success_severities: Vec<String>,
    pub status_code: Option<String>,
    pub diagnostics: Option<String>,
    pub correlation_id: Option<String>,
    pub diagnostics_type: Option<String>,
    pub errors: Option<String>,
    pub links: Option<String>,
    /// Keys of the self, next and previous links inside the links object.
    pub link_self: Option<String>,
    pub link_next: Option<String>,
    pub link_previous: Option<String>,
    /// The first of `status_warnings`: where a server writes warnings.
    pub warnings: Option<String>,
    /// Keys of warnings arrays in the status object, in declared order.
    pub status_warnings: Vec<String>,
    /// Top-level keys of warnings arrays, in declared order.
    pub top_warnings: Vec<String>,
    /// Top-level key of a retry delay in seconds.
    pub retry_after: Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct ErrorCode {
    pub code: String,
    /// PascalCase variant name.
    pub variant: String,
    pub http: u16,
    pub severity: Option<String>,
    pub doc: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct TypeDef {
    pub name: String,
    pub rust_name: String,
    pub doc: Option<String>,
    pub kind: TypeKind,
}

#[derive(Debug, Clone, PartialEq)]
pub enum TypeKind {
    Newtype {
        inner: Primitive,
        arithmetic: bool,
        example: Option<String>,
    },
    Object {
        fields: Vec<Field>,
    },
    Enum {
        integer: bool,
        values: Vec<EnumValue>,
    },
    /// A sort order over some fields: `-createdAt,name`.
    Sort {
        fields: Vec<SortField>,
    },
}

/// A field a sort order may use.
#[derive(Debug, Clone, PartialEq)]
pub struct SortField {
    pub wire: String,
    /// PascalCase variant name.
    pub rust_name: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Field {
    pub wire_name: String,
    /// snake_case; may be a Rust keyword (the generator makes it a raw identifier).
    pub rust_name: String,
    pub ty: TypeRef,
    pub optional: bool,
    pub nullable: bool,
    pub doc: Option<String>,
    pub example: Option<String>,
    /// Other wire names a received value may use (`aliases:`); decoding
    /// accepts each, encoding always writes [`wire_name`](Self::wire_name).
    pub aliases: Vec<String>,
    /// No API document names the field (see [`is_inferred`]): its doc, or
    /// the doc of its type when it has none, starts with `inferred:`.
    pub inferred: bool,
}

impl Field {
    /// A field the caller must supply: neither optional nor nullable.
    pub fn required(&self) -> bool {
        !self.optional && !self.nullable
    }
}

/// The marker that opens every `doc:` describing what the API documents do
/// not state.
pub const INFERRED: &str = "inferred:";

/// Whether a `doc:` marks what it describes as inferred: it starts with
/// [`INFERRED`] (after leading whitespace). `inferred:` later in a doc marks
/// a detail of something documented (a unit, a format), not the thing itself.
pub fn is_inferred(doc: Option<&str>) -> bool {
    doc.is_some_and(|d| d.trim_start().starts_with(INFERRED))
}

#[derive(Debug, Clone, PartialEq)]
pub struct EnumValue {
    pub wire: EnumWire,
    pub rust_name: String,
    pub doc: Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum EnumWire {
    Int(i64),
    Str(String),
}

/// A resolved type reference.
#[derive(Debug, Clone, PartialEq)]
pub enum TypeRef {
    Primitive(Primitive),
    /// A name under `types:` (known to exist).
    Named(String),
    List(Box<TypeRef>),
    Map(Box<TypeRef>),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Primitive {
    String,
    Bool,
    I32,
    I64,
    U32,
    U64,
    F64,
    DateTime,
    Date,
    Uuid,
    Json,
}

impl Primitive {
    pub fn parse(name: &str) -> Option<Self> {
        Some(match name {
            "string" => Self::String,
            "bool" => Self::Bool,
            "i32" => Self::I32,
            "i64" => Self::I64,
            "u32" => Self::U32,
            "u64" => Self::U64,
            "f64" => Self::F64,
            "datetime" => Self::DateTime,
            "date" => Self::Date,
            "uuid" => Self::Uuid,
            "json" => Self::Json,
            _ => return None,
        })
    }
    pub fn is_numeric(self) -> bool {
        matches!(
            self,
            Self::I32 | Self::I64 | Self::U32 | Self::U64 | Self::F64
        )
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Direction {
    Outbound,
    Inbound,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Lane {
    pub name: String,
    /// snake_case module name.
    pub rust_name: String,
    pub title: String,
    pub doc: Option<String>,
    /// Rust code showing the lane in use (a doctest body), for the generated crate's docs.
    pub example: Option<String>,
    pub direction: Direction,
    /// With `{version}` expanded.
    pub base_path: String,
    pub environments: Vec<String>,
    /// Accepted ways to authenticate, preferred first.
    pub auth: Vec<AuthChoice>,
    /// Always set on outbound lanes; `None` for webhooks delivered without one.
    pub envelope: Option<String>,
    pub headers: Vec<String>,
    pub areas: Vec<Area>,
    pub event_type_field: Option<String>,
    pub event_data_field: Option<String>,
    pub events: Vec<Event>,
    pub waiters: Vec<Waiter>,
}

/// Polls `poll` until its response's `state_field` is terminal.
#[derive(Debug, Clone, PartialEq)]
pub struct Waiter {
    /// snake_case method name.
    pub name: String,
    pub doc: Option<String>,
    /// The polled endpoint's `name`.
    pub poll: String,
    /// Wire name of the state field in the polled response.
    pub state_field: String,
    /// The state field may be absent (or `null`): such a response is still pending.
    pub state_optional: bool,
    /// Wire values of the state, by outcome.
    pub success: Vec<String>,
    pub failure: Vec<String>,
    pub action_required: Vec<String>,
    pub initial_delay_ms: u64,
    pub max_delay_ms: u64,
}

/// One accepted way to authenticate: one scheme, or several applied together.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuthChoice {
    /// Names under `auth:`, in the order they are applied.
    pub schemes: Vec<String>,
}

impl Lane {
    pub fn endpoints(&self) -> impl Iterator<Item = &Endpoint> {
        self.areas.iter().flat_map(|a| a.endpoints.iter())
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Area {
    pub name: String,
    /// PascalCase trait name.
    pub trait_name: String,
    pub title: String,
    pub doc: Option<String>,
    pub endpoints: Vec<Endpoint>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HttpMethod {
    Get,
    Post,
    Put,
    Patch,
    Delete,
}

impl HttpMethod {
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
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Get => "GET",
            Self::Post => "POST",
            Self::Put => "PUT",
            Self::Patch => "PATCH",
            Self::Delete => "DELETE",
        }
    }
    pub fn has_body(self) -> bool {
        matches!(self, Self::Post | Self::Put | Self::Patch)
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Endpoint {
    pub id: String,
    /// snake_case method name.
    pub name: String,
    /// PascalCase stem for the endpoint's generated items (`StoreCustomer` → `StoreCustomerError`).
    pub pascal: String,
    pub method: HttpMethod,
    /// As written, relative to the lane.
    pub path: String,
    /// Lane base path + path.
    pub full_path: String,
    pub summary: String,
    pub doc: Option<String>,
    pub path_params: Vec<Param>,
    pub query_params: Vec<Param>,
    pub request: Option<TypeRef>,
    pub response: Option<TypeRef>,
    pub payload: PayloadLocation,
    /// Further payload keys the decoder accepts when `payload`'s key is absent
    /// (the endpoint's further alternatives, then the envelope's keys).
    pub payload_fallbacks: Vec<String>,
    pub success: u16,
    pub errors: Vec<String>,
    pub idempotency: Option<Idempotency>,
    /// Why and how the endpoint is idempotent.
    pub idempotency_doc: Option<String>,
    pub pagination: Option<Pagination>,
    /// OAuth scopes the call needs.
    pub scopes: Vec<String>,
    /// snake_case short name in the area's handle.
    pub verb: Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Param {
    pub wire_name: String,
    pub rust_name: String,
    pub ty: TypeRef,
    pub optional: bool,
    pub doc: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PayloadLocation {
    Key(String),
    Inline,
    Empty,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Idempotency {
    Header(String),
    BodyField(String),
}

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

#[derive(Debug, Clone, PartialEq)]
pub struct Event {
    pub event_type: String,
    /// PascalCase variant name.
    pub rust_name: String,
    pub payload: TypeRef,
    pub doc: Option<String>,
}
