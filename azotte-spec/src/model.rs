//! The resolved, validated API model that generators read.
//!
//! Every reference here points at something that exists, every Rust name is
//! computed (heck) and unique where it must be, and every list is in declaration
//! order, so the same files always give the same model. Nothing in this file
//! knows about Azotte: auth schemes, envelopes and headers are data.

/// A whole API: the union of the YAML files of one directory, validated.
#[derive(Debug, Clone, PartialEq)]
pub struct Spec {
    /// `api:`: name, title, version, doc and documents.
    pub api: Api,
    /// The files the spec was read from, relative to its directory, sorted.
    pub sources: Vec<String>,
    /// `environments:`, in declaration order.
    pub environments: Vec<Environment>,
    /// `headers:`, in declaration order.
    pub headers: Vec<Header>,
    /// `auth:` schemes, in declaration order.
    pub auth: Vec<AuthScheme>,
    /// `envelopes:`, in declaration order.
    pub envelopes: Vec<Envelope>,
    /// The error catalog (`errors:`), in declaration order.
    pub errors: Vec<ErrorCode>,
    /// `types:`, in declaration order.
    pub types: Vec<TypeDef>,
    /// `lanes:`, in declaration order.
    pub lanes: Vec<Lane>,
    /// Positions of types and error codes by name: generators look them up
    /// per field and per endpoint, so a linear search would make large specs
    /// quadratic.
    pub(crate) index: SpecIndex,
}

/// Name → position in [`Spec::types`] / [`Spec::errors`].
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct SpecIndex {
    /// `types:`, in declaration order.
    types: std::collections::HashMap<String, usize>,
    /// The error catalog (`errors:`), in declaration order.
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
    /// The type named `name` under `types:`.
    pub fn type_def(&self, name: &str) -> Option<&TypeDef> {
        self.index.types.get(name).map(|&i| &self.types[i])
    }
    /// The catalog entry of message code `code`.
    pub fn error(&self, code: &str) -> Option<&ErrorCode> {
        self.index.errors.get(code).map(|&i| &self.errors[i])
    }
    /// The envelope named `name`.
    pub fn envelope(&self, name: &str) -> Option<&Envelope> {
        self.envelopes.iter().find(|e| e.name == name)
    }
    /// The header with wire name `name`.
    pub fn header(&self, name: &str) -> Option<&Header> {
        self.headers.iter().find(|h| h.name == name)
    }
    /// The auth scheme named `name`.
    pub fn auth_scheme(&self, name: &str) -> Option<&AuthScheme> {
        self.auth.iter().find(|a| a.name == name)
    }
    /// The environment named `name`.
    pub fn environment(&self, name: &str) -> Option<&Environment> {
        self.environments.iter().find(|e| e.name == name)
    }
}

/// `api:`: what the API is called and how its documents are cited.
#[derive(Debug, Clone, PartialEq)]
pub struct Api {
    /// Machine name (`azotte`): the generated crate is `<name>-client`.
    pub name: String,
    /// Human-readable name (`Azotte`), used in the docs.
    pub title: String,
    /// What the API is.
    pub doc: Option<String>,
    /// The default of the `{version}` placeholder.
    pub version: String,
    /// The documents the spec cites (`api.documents`), to render citations
    /// by title ([`Documents::cite`](crate::Documents::cite)).
    pub documents: crate::Documents,
}

/// `environments.<name>`: a host the API is served on.
#[derive(Debug, Clone, PartialEq)]
pub struct Environment {
    /// The name under `environments:`.
    pub name: String,
    /// PascalCase variant name.
    pub rust_name: String,
    /// The host URL, `{placeholders}` and all.
    pub url: String,
    /// `{placeholders}` of `url`, in order of appearance, each once.
    pub variables: Vec<Variable>,
    /// What the environment is for.
    pub doc: Option<String>,
}

/// A placeholder of a host template.
#[derive(Debug, Clone, PartialEq)]
pub struct Variable {
    /// As written in the URL (`projectName`).
    pub name: String,
    /// snake_case constructor argument name.
    pub rust_name: String,
}

/// What the runtime does with a header (`role:`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HeaderRole {
    /// Traces a call; echoed on every result and error.
    CorrelationId,
    /// Makes a write safe to retry.
    IdempotencyKey,
    /// Selects the tenant.
    Tenant,
    /// Overrides the region (where the API allows it).
    RegionOverride,
    /// A plain header, sent as given.
    Other,
    /// Response headers reporting the rate limit.
    RateLimitLimit,
    /// Requests left in the window (response header).
    RateLimitRemaining,
    /// When the window resets (response header).
    RateLimitReset,
}

/// `headers.<Wire-Name>`: a header the API knows.
#[derive(Debug, Clone, PartialEq)]
pub struct Header {
    /// Wire name (`X-Correlation-Id`).
    pub name: String,
    /// What the runtime does with it.
    pub role: HeaderRole,
    /// The client fills a UUID v4 when the caller gives none.
    pub generate_uuid: bool,
    /// Never logged; redacted in `Debug`.
    pub secret: bool,
    /// What the header means.
    pub doc: Option<String>,
    /// An example value, shown in the docs.
    pub example: Option<String>,
}

/// `auth.<name>`: one authentication scheme.
#[derive(Debug, Clone, PartialEq)]
pub struct AuthScheme {
    /// The name under `auth:`.
    pub name: String,
    /// PascalCase name of the credentials type.
    pub rust_name: String,
    /// What the scheme is and which document describes it.
    pub doc: Option<String>,
    /// What it does, with its kind's keys.
    pub kind: AuthKind,
}

/// What a scheme does (`kind:`), with the keys of that kind.
#[derive(Debug, Clone, PartialEq)]
pub enum AuthKind {
    /// Static headers filled from credential fields.
    ApiKey {
        /// The headers it sends, each from a credential field.
        headers: Vec<CredentialHeader>,
    },
    /// OAuth 2.0 client credentials (RFC 6749 §4.4): a cached bearer token.
    OAuth2ClientCredentials {
        /// The token endpoint: a path on the lane's host or an absolute `https://` URL.
        token_path: String,
        /// How the client authenticates at the token endpoint.
        client_auth: ClientAuth,
        /// How long before expiry a token is refreshed.
        refresh_before_seconds: u64,
        /// Declared scopes and their meaning.
        scopes: Vec<(String, String)>,
    },
    /// A caller-supplied token sent as `Authorization: Bearer`.
    BearerToken,
    /// Each request signed with HMAC-SHA256 over a shared secret.
    HmacRequestSignature {
        /// The header carrying the key id.
        key_header: String,
        /// How the signature is carried and what it covers.
        signature: Signature,
    },
    /// Deliveries to you, verified by HMAC-SHA256 over a shared secret.
    HmacWebhook {
        /// How the signature is carried and what it covers.
        signature: Signature,
        /// Dotted path of the body field holding the replay timestamp
        /// (instead of `signature.timestamp_header`).
        timestamp_field: Option<String>,
        /// How old (or ahead) a delivery's timestamp may be; 0 = no replay window.
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

/// A header an `api_key` scheme fills from a credential field.
#[derive(Debug, Clone, PartialEq)]
pub struct CredentialHeader {
    /// The header's wire name.
    pub header: String,
    /// The credential field it is filled from, as written (`api_key`).
    pub field: String,
    /// snake_case constructor argument name of that field.
    pub rust_field: String,
    /// Held as a secret: never logged, redacted in `Debug`.
    pub secret: bool,
    /// What the credential is.
    pub doc: Option<String>,
}

/// How an HMAC signature is carried and what it covers.
#[derive(Debug, Clone, PartialEq)]
pub struct Signature {
    /// The header carrying the signature.
    pub signature_header: String,
    /// The header carrying the signed timestamp, if any.
    pub timestamp_header: Option<String>,
    /// What is signed, in order.
    pub signed: Vec<SignedPart>,
    /// What joins the signed parts (default `.`).
    pub separator: String,
    /// The signature is hex (else base64).
    pub hex: bool,
}

/// One part of the material an HMAC signs (`signed:`), in order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SignedPart {
    /// The timestamp, unix seconds as sent.
    Timestamp,
    /// The upper-case HTTP method.
    Method,
    /// The path and query, as sent.
    Path,
    /// The raw body.
    Body,
}

/// `envelopes.<name>`: where a response keeps its payload, status, diagnostics and links.
#[derive(Debug, Clone, PartialEq)]
pub struct Envelope {
    /// The name under `envelopes:`.
    pub name: String,
    /// SCREAMING_SNAKE_CASE name of the generated static.
    pub rust_name: String,
    /// What the envelope is.
    pub doc: Option<String>,
    /// The media type the API answers in, when it is not `application/json`.
    pub content_type: Option<String>,
    /// Key of the payload; `None` when it is the whole body (`payload: inline`).
    pub payload: Option<String>,
    /// Further payload keys accepted when `payload` is absent, preferred first.
    pub payload_fallbacks: Vec<String>,
    /// Key of the status object; `None` when the status keys are top-level.
    pub status_object: Option<String>,
    /// Key of the message code.
    pub code: String,
    /// Key of the human-readable message.
    pub message: Option<String>,
    /// Key of the severity.
    pub severity: Option<String>,
    /// Key of the component that produced the response, in the status object.
    pub source: Option<String>,
    /// Key of the structured failure details, in the status object.
    pub details: Option<String>,
    /// Key of the boolean success helper, in the status object.
    pub success_flag: Option<String>,
    /// Codes that mean success (ASCII case-insensitive).
    pub success_codes: Vec<String>,
    /// Severities that mean success (ASCII case-insensitive).
    pub success_severities: Vec<String>,
    /// Top-level key duplicating the code.
    pub status_code: Option<String>,
    /// Key of the diagnostics object.
    pub diagnostics: Option<String>,
    /// Key of the correlation id inside the diagnostics.
    pub correlation_id: Option<String>,
    /// The type the diagnostics decode into.
    pub diagnostics_type: Option<String>,
    /// Top-level key of the `errors[]` array.
    pub errors: Option<String>,
    /// Key of the links object.
    pub links: Option<String>,
    /// Keys of the self, next and previous links inside the links object.
    pub link_self: Option<String>,
    /// Key of the next-page link.
    pub link_next: Option<String>,
    /// Key of the previous-page link.
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

/// `errors.<code>`: one message code of the error catalog.
#[derive(Debug, Clone, PartialEq)]
pub struct ErrorCode {
    /// The message code as sent (`CUSTOMER_NOT_FOUND`, `MNT-404-01`).
    pub code: String,
    /// PascalCase variant name.
    pub variant: String,
    /// The HTTP status it comes with.
    pub http: u16,
    /// Its documented severity.
    pub severity: Option<String>,
    /// What it means.
    pub doc: String,
}

/// `types.<Name>`: one type.
#[derive(Debug, Clone, PartialEq)]
pub struct TypeDef {
    /// The name under `types:`.
    pub name: String,
    /// PascalCase Rust name.
    pub rust_name: String,
    /// What the type is.
    pub doc: Option<String>,
    /// Newtype, object, enum or sort order.
    pub kind: TypeKind,
}

/// What a type is, by the keys it was declared with.
#[derive(Debug, Clone, PartialEq)]
pub enum TypeKind {
    /// A distinct type over a primitive (`newtype:`).
    Newtype {
        /// The primitive it wraps.
        inner: Primitive,
        /// `+`/`-` between values of the type compile.
        arithmetic: bool,
        /// An example value, shown in the docs.
        example: Option<String>,
    },
    /// A JSON object (`fields:`).
    Object {
        /// Its fields, in declaration order.
        fields: Vec<Field>,
    },
    /// A closed set of values (`values:`), plus `Unknown` when decoding.
    Enum {
        /// The values are integers on the wire.
        integer: bool,
        /// The values, in declaration order.
        values: Vec<EnumValue>,
    },
    /// A sort order over some fields: `-createdAt,name`.
    Sort {
        /// Its fields, in declaration order.
        fields: Vec<SortField>,
    },
}

/// A field a sort order may use.
#[derive(Debug, Clone, PartialEq)]
pub struct SortField {
    /// The field's wire name.
    pub wire: String,
    /// PascalCase variant name.
    pub rust_name: String,
}

/// A field of an object type (`fields.<wireName>`).
#[derive(Debug, Clone, PartialEq)]
pub struct Field {
    /// The JSON key.
    pub wire_name: String,
    /// snake_case; may be a Rust keyword (the generator makes it a raw identifier).
    pub rust_name: String,
    /// Its type.
    pub ty: TypeRef,
    /// May be absent.
    pub optional: bool,
    /// May be `null`.
    pub nullable: bool,
    /// What it is, or `inferred: …`.
    pub doc: Option<String>,
    /// An example value, shown in the docs.
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

/// One value of an enum type.
#[derive(Debug, Clone, PartialEq)]
pub struct EnumValue {
    /// As written on the wire.
    pub wire: EnumWire,
    /// PascalCase variant name.
    pub rust_name: String,
    /// What the value means.
    pub doc: Option<String>,
}

/// How an enum value is written on the wire.
#[derive(Debug, Clone, PartialEq)]
pub enum EnumWire {
    /// An integer value.
    Int(i64),
    /// A string value.
    Str(String),
}

/// A resolved type reference.
#[derive(Debug, Clone, PartialEq)]
pub enum TypeRef {
    /// A built-in type.
    Primitive(Primitive),
    /// A name under `types:` (known to exist).
    Named(String),
    /// `list<T>`: a JSON array.
    List(Box<TypeRef>),
    /// `map<T>`: a JSON object with string keys.
    Map(Box<TypeRef>),
}

/// The built-in types a reference may name (`string`, `u32`, `datetime`, …).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Primitive {
    /// `string`
    String,
    /// `bool`
    Bool,
    /// `i32`
    I32,
    /// `i64`
    I64,
    /// `u32`
    U32,
    /// `u64`
    U64,
    /// `f64`
    F64,
    /// `datetime`: RFC 3339 date and time.
    DateTime,
    /// `date`: RFC 3339 full date.
    Date,
    /// `uuid`
    Uuid,
    /// `json`: any JSON value.
    Json,
}

impl Primitive {
    /// The primitive spelled `name` in the spec, if it is one.
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
    /// Whether arithmetic can make sense on it.
    pub fn is_numeric(self) -> bool {
        matches!(
            self,
            Self::I32 | Self::I64 | Self::U32 | Self::U64 | Self::F64
        )
    }
}

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
