//! The serde shapes of the YAML files, exactly as written by hand.
//!
//! Everything here is `deny_unknown_fields`, so a misspelt key is an error with a
//! line and column, not a silently ignored setting. Nothing here is checked beyond
//! its shape: references, names and cross-field rules are `validate.rs`'s job.
//! The format itself is documented in `azotte-spec/FORMAT.md`.

use indexmap::IndexMap;
use serde::de::{self, MapAccess, Visitor};
use serde::{Deserialize, Deserializer};
use std::fmt;

/// One YAML file. An API is the union of the files in its directory; every
/// section may appear in any file, and a name defined twice is an error.
#[derive(Debug, Default, Deserialize)]
#[cfg_attr(feature = "json-schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct RawDocument {
    /// What the API is called and which crate it becomes; exactly one file declares it.
    pub api: Option<RawApi>,
    /// Hosts by name; `{placeholders}` in a URL become constructor arguments.
    #[serde(default)]
    pub environments: IndexMap<String, RawEnvironment>,
    /// Headers the API knows, by wire name (`X-Correlation-Id`).
    #[serde(default)]
    pub headers: IndexMap<String, RawHeader>,
    /// Authentication schemes by name; `kind` decides which keys apply.
    #[serde(default)]
    pub auth: IndexMap<String, RawAuth>,
    /// Response envelopes by name: where the payload, status, diagnostics and links sit.
    #[serde(default)]
    pub envelopes: IndexMap<String, RawEnvelope>,
    /// The error catalog: every message code any endpoint may name, by code.
    #[serde(default)]
    pub errors: IndexMap<String, RawErrorCode>,
    /// Types by name: newtypes, objects (`fields`), enums and sort orders.
    #[serde(default)]
    pub types: IndexMap<String, RawType>,
    /// Integration lanes by name (C2A, M2M, …): one client module each.
    #[serde(default)]
    pub lanes: IndexMap<String, RawLane>,
}

/// `api:` — what the API is called and which crate it becomes.
#[derive(Debug, Deserialize)]
#[cfg_attr(feature = "json-schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct RawApi {
    /// Short machine name, e.g. `azotte`.
    pub name: String,
    /// Human-readable name, used in the generated docs.
    pub title: String,
    /// What the API is; reaches the generated crate docs as written.
    pub doc: Option<String>,
    /// Default value of the `{version}` placeholder in base paths and hosts.
    pub version: String,
    /// Titles of the documents the spec is written from, by number
    /// (`"004": Request/Response Structure`). A `doc:` cites one as
    /// `document 004` (or `documents 001/002`, `documents 000 and 004`); the
    /// generated docs print its title instead (`Azotte: Request/Response
    /// Structure`), and, once the table lists any, a cited number missing
    /// here is an error.
    #[serde(default)]
    pub documents: IndexMap<String, String>,
}

/// `environments.<name>:` — a host, possibly templated (`https://{projectName}.azotte.com`).
#[derive(Debug, Deserialize)]
#[cfg_attr(feature = "json-schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct RawEnvironment {
    /// Host URL, e.g. `https://{projectName}.azotte.com`; each `{placeholder}` becomes a constructor argument.
    pub url: String,
    /// What this environment is (live, sandbox, local, …).
    pub doc: Option<String>,
}

/// `headers.<Wire-Name>:` — a request header the API knows about.
#[derive(Debug, Deserialize)]
#[cfg_attr(feature = "json-schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct RawHeader {
    /// What the header means and which document names it.
    pub doc: Option<String>,
    /// The client fills the header itself when the caller gives no value.
    pub generate: Option<String>,
    /// What the runtime does with it: `correlation_id` (echoed on every result and
    /// error), `idempotency_key`, `tenant`, `region_override`, or a response header
    /// read into `Response::rate_limit()` (`rate_limit_limit`, `rate_limit_remaining`,
    /// `rate_limit_reset`); absent = plain header.
    pub role: Option<String>,
    /// Never logged, redacted in `Debug`.
    #[serde(default)]
    pub secret: bool,
    /// An example value, shown in the docs.
    pub example: Option<String>,
}

/// `auth.<name>:` — one authentication scheme. Which keys apply depends on `kind`;
/// the validator says which are missing or out of place.
#[derive(Debug, Deserialize)]
#[cfg_attr(feature = "json-schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct RawAuth {
    /// The scheme: `api_key`, `oauth2_client_credentials`, `bearer_token`, `hmac_request_signature` or `hmac_webhook`; decides which other keys apply.
    pub kind: String,
    /// What the scheme is and which document describes it.
    pub doc: Option<String>,
    /// `api_key`: header → where its value comes from.
    #[serde(default)]
    pub headers: IndexMap<String, RawCredentialHeader>,
    /// `oauth2_client_credentials`: path of the token endpoint on the lane's host.
    pub token_path: Option<String>,
    /// `oauth2_client_credentials`: how the token request body is encoded. Only
    /// `form` (RFC 6749 §4.4.2), which is also the default; `json` is refused.
    pub token_request: Option<String>,
    /// `oauth2_client_credentials`: how the client authenticates at the token
    /// endpoint (RFC 6749 §2.3.1): `basic` (the default) or `form`.
    pub client_auth: Option<String>,
    /// `oauth2_client_credentials`: refresh this many seconds before expiry.
    pub refresh_before_seconds: Option<u64>,
    /// `hmac_request_signature`: header carrying the partner key.
    pub key_header: Option<String>,
    /// `hmac_request_signature` / `hmac_webhook`: header carrying the signature.
    pub signature_header: Option<String>,
    /// `hmac_request_signature` / `hmac_webhook`: header carrying the signing timestamp.
    pub timestamp_header: Option<String>,
    /// `hmac_webhook`: dotted path of a field of the signed JSON body holding
    /// the replay timestamp (RFC 3339 or unix seconds), instead of a header.
    pub timestamp_field: Option<String>,
    /// `hmac_*`: what joins the signed parts (default `.`).
    pub separator: Option<String>,
    /// `hmac_request_signature` / `hmac_webhook`: what is signed, in order
    /// (`timestamp`, `method`, `path`, `body`), joined with `.`.
    #[serde(default)]
    pub signed: Vec<String>,
    /// `hmac_*`: `hex` or `base64`.
    pub encoding: Option<String>,
    /// `hmac_webhook`: replay window in seconds (with a `timestamp_header` or `timestamp_field`).
    pub tolerance_seconds: Option<u64>,
    /// `oauth2_client_credentials`: the scopes endpoints may require, with their meaning.
    #[serde(default)]
    pub scopes: IndexMap<String, String>,
}

/// One header an `api_key` scheme sends.
#[derive(Debug, Deserialize)]
#[cfg_attr(feature = "json-schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct RawCredentialHeader {
    /// Name of the credential field that supplies the value (becomes a constructor argument).
    pub from: String,
    /// The value is a secret: never logged, redacted in `Debug`.
    #[serde(default)]
    pub secret: bool,
    /// What the header carries and which document names it.
    pub doc: Option<String>,
}

/// `envelopes.<name>:` — how a response wraps its payload and its outcome.
#[derive(Debug, Deserialize)]
#[cfg_attr(feature = "json-schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct RawEnvelope {
    /// What the envelope is and which document describes it.
    pub doc: Option<String>,
    /// Expected response content type (informational; decoding does not insist on it).
    pub content_type: Option<String>,
    /// Key(s) holding the payload, preferred first; endpoints may name their own
    /// (`inline` = beside the status), these stay accepted as fallbacks.
    pub payload: OneOrMany,
    /// Where the outcome of a call (code, message, severity, …) is written.
    pub status: RawEnvelopeStatus,
    /// Top-level key duplicating the status code (Moneti's `statusCode`).
    pub status_code: Option<String>,
    /// Where diagnostics live: `{ object, correlation_id, type }`.
    pub diagnostics: Option<RawDiagnostics>,
    /// Key of the `errors[]` array.
    pub errors: Option<String>,
    /// The `links` object: its key, or its key and the keys of its links.
    pub links: Option<RawLinks>,
    /// Top-level key(s) of warnings arrays (status-object ones go under `status`).
    pub warnings: Option<OneOrMany>,
    /// Top-level key of a retry delay in seconds (Automatum's `retryAfter`).
    pub retry_after: Option<String>,
}

/// A key, or a list of alternative keys (`payload: [offer, data]`).
#[derive(Debug, Clone, Deserialize)]
#[cfg_attr(feature = "json-schema", derive(schemars::JsonSchema))]
#[serde(untagged)]
pub enum OneOrMany {
    One(String),
    Many(Vec<String>),
}

impl OneOrMany {
    /// The keys in declared order.
    pub fn to_vec(&self) -> Vec<String> {
        match self {
            OneOrMany::One(key) => vec![key.clone()],
            OneOrMany::Many(keys) => keys.clone(),
        }
    }
}

/// `links:` of an envelope: `links: links`, or
/// `links: { object: links, self: self, next: next, previous: previous }`.
#[derive(Debug, Deserialize)]
#[cfg_attr(feature = "json-schema", derive(schemars::JsonSchema))]
#[serde(untagged)]
pub enum RawLinks {
    Key(String),
    Object(RawLinksObject),
}

/// The spelled-out form of [`RawLinks`].
#[derive(Debug, Deserialize)]
#[cfg_attr(feature = "json-schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct RawLinksObject {
    /// Key of the links object.
    pub object: String,
    /// Key of the link to this page, inside the links object.
    #[serde(rename = "self")]
    pub self_link: Option<String>,
    /// Key of the link to the next page, inside the links object.
    pub next: Option<String>,
    /// Key of the link to the previous page, inside the links object.
    pub previous: Option<String>,
}

/// Where the outcome of a call is written inside an envelope.
#[derive(Debug, Deserialize)]
#[cfg_attr(feature = "json-schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct RawEnvelopeStatus {
    /// Key of the status object; absent means the keys sit at the top level.
    pub object: Option<String>,
    /// Key of the machine-readable code inside it.
    pub code: String,
    /// Key of the human-readable message.
    pub message: Option<String>,
    /// Key of the severity (`SUCCESS`, `WARNING`, `ERROR`, …).
    pub severity: Option<String>,
    /// Key of the component that produced the response.
    pub source: Option<String>,
    /// Key of the structured failure details.
    pub details: Option<String>,
    /// Key of the boolean success helper (informational; success is decided by code and severity).
    pub success: Option<String>,
    /// Key(s) of warnings arrays inside the status object.
    pub warnings: Option<OneOrMany>,
    /// Codes that mean success.
    #[serde(default)]
    pub success_codes: Vec<String>,
    /// Severities that mean success (a success with warnings is still a success).
    #[serde(default)]
    pub success_severities: Vec<String>,
}

/// Where diagnostics live in an envelope.
#[derive(Debug, Deserialize)]
#[cfg_attr(feature = "json-schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct RawDiagnostics {
    /// Key of the diagnostics object.
    pub object: String,
    /// Key of the correlation id inside the diagnostics object.
    pub correlation_id: String,
    /// Type describing the whole diagnostics object.
    #[serde(rename = "type")]
    pub ty: Option<String>,
}

/// `errors.<CODE>:` — one entry of the error-code catalog.
#[derive(Debug, Deserialize)]
#[cfg_attr(feature = "json-schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct RawErrorCode {
    /// Rust variant name, when the code itself is not a usable name (e.g. `"400"`).
    pub name: Option<String>,
    /// HTTP status the code is answered with.
    pub http: u16,
    /// Severity the API gives the code; a success severity of an envelope makes it a success code.
    pub severity: Option<String>,
    /// What the code means and which document lists it.
    pub doc: String,
}

/// `types.<Name>:` — exactly one of `newtype`, `fields` or `enum`.
#[derive(Debug, Deserialize)]
#[cfg_attr(feature = "json-schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct RawType {
    /// What the type is and which document describes it, or `inferred: …`.
    pub doc: Option<String>,
    /// A distinct wrapper over a primitive (`string`, `i64`, …).
    pub newtype: Option<String>,
    /// Newtypes only: `+`/`-`/`Sum` with the same type (money-like units).
    #[serde(default)]
    pub arithmetic: bool,
    /// An example value (newtypes), shown in the docs.
    pub example: Option<String>,
    /// An object: wire name → field.
    pub fields: Option<IndexMap<String, RawField>>,
    /// An enum over `string` or `integer` values.
    #[serde(rename = "enum")]
    pub enum_repr: Option<String>,
    /// A sort order over these fields (wire names), written `-a,b` on the wire.
    pub sort: Option<Vec<String>>,
    /// Enums only: the values, each `{ value, name, doc }`.
    #[serde(default)]
    pub values: Vec<RawEnumValue>,
}

/// A field: either just a type reference (`customerUrn: CustomerUrn`) or a map.
#[derive(Debug)]
pub struct RawField(pub RawFieldFull);

/// The long form of a field.
#[derive(Debug, Deserialize)]
#[cfg_attr(feature = "json-schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct RawFieldFull {
    /// A type reference: a primitive (`string`, `i64`, `datetime`, …), a name under
    /// `types:`, `list<T>` or `map<T>`.
    #[serde(rename = "type")]
    pub ty: String,
    /// May be absent: `Option<T>`, not sent when `None`, `None` when absent or `null`.
    #[serde(default)]
    pub optional: bool,
    /// The value may be JSON `null` (decoded as `None`).
    #[serde(default)]
    pub nullable: bool,
    /// What it is and which document says so, or `inferred: …`.
    pub doc: Option<String>,
    /// An example value, shown in the docs.
    pub example: Option<String>,
    /// Other wire names decoding accepts (the field is always sent under its own).
    #[serde(default)]
    pub aliases: Vec<String>,
}

impl<'de> Deserialize<'de> for RawField {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct FieldVisitor;
        impl<'de> Visitor<'de> for FieldVisitor {
            type Value = RawField;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a type name such as `string` or a map with `type:`")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<RawField, E> {
                Ok(RawField(RawFieldFull {
                    ty: v.to_owned(),
                    optional: false,
                    nullable: false,
                    doc: None,
                    example: None,
                    aliases: Vec::new(),
                }))
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<RawField, A::Error> {
                RawFieldFull::deserialize(de::value::MapAccessDeserializer::new(map)).map(RawField)
            }
        }
        deserializer.deserialize_any(FieldVisitor)
    }
}

/// One value of an enum; `value` is the wire form (string or integer).
#[derive(Debug, Deserialize)]
#[cfg_attr(feature = "json-schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct RawEnumValue {
    /// The wire value: a string, or an integer for `enum: integer`.
    pub value: RawScalar,
    /// Rust variant name; defaults to the value in PascalCase (required for integers).
    pub name: Option<String>,
    /// What the value means.
    pub doc: Option<String>,
}

/// A YAML scalar that is either an integer or a string.
#[derive(Debug, Clone, Deserialize)]
#[cfg_attr(feature = "json-schema", derive(schemars::JsonSchema))]
#[serde(untagged)]
pub enum RawScalar {
    Int(i64),
    Str(String),
}

/// `lanes.<name>:` — one integration lane (C2A, M2M, …).
#[derive(Debug, Deserialize)]
#[cfg_attr(feature = "json-schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct RawLane {
    /// Human-readable name, used in the generated docs.
    pub title: String,
    /// What the lane is for and which document describes it.
    pub doc: Option<String>,
    /// Rust code showing the lane in use: the body of a doctest (`# ` lines
    /// are hidden, as rustdoc hides them). The generated crate shows it in the
    /// lane module's docs and compiles it as a doctest with the lane's feature;
    /// `generate!` leaves it out (the code names the generated crate).
    pub example: Option<String>,
    /// `outbound` (we call the API, default) or `inbound` (the API calls us: webhooks).
    pub direction: Option<String>,
    /// Path prefix on the host, may use `{version}`.
    pub base_path: String,
    /// Environments this lane is served on.
    #[serde(default)]
    pub environments: Vec<String>,
    /// Accepted auth schemes, preferred first; `a + b` applies both.
    #[serde(default)]
    pub auth: Vec<String>,
    /// Required for outbound lanes; inbound lanes without one take the whole body as the event.
    pub envelope: Option<String>,
    /// Headers the client sends on every call of this lane.
    #[serde(default)]
    pub headers: Vec<String>,
    /// Groups of endpoints by name; each becomes one client trait.
    #[serde(default)]
    pub areas: IndexMap<String, RawArea>,
    /// Inbound lanes: key inside the envelope payload naming the event type.
    pub event_type_field: Option<String>,
    /// Inbound lanes: key inside the envelope payload holding the event's own data.
    pub event_data_field: Option<String>,
    /// Inbound lanes: the events delivered.
    #[serde(default)]
    pub events: Vec<RawEvent>,
    /// Polling helpers that wait for a long-running operation to settle.
    #[serde(default)]
    pub waiters: Vec<RawWaiter>,
}

/// A waiter: polls an endpoint until a field of its response reaches a terminal value.
#[derive(Debug, Deserialize)]
#[cfg_attr(feature = "json-schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct RawWaiter {
    /// Method name, unique in the lane (e.g. `wait_for_checkout`).
    pub name: String,
    /// What the waiter waits for.
    pub doc: Option<String>,
    /// The `name` of the endpoint polled (in this lane, a GET).
    pub poll: String,
    /// Field of the polled response that holds the state.
    pub state_field: String,
    /// States that end the wait successfully.
    pub success: Vec<String>,
    /// States that end the wait as a failure of the operation.
    #[serde(default)]
    pub failure: Vec<String>,
    /// States that end the wait because the caller must act (e.g. 3DS).
    #[serde(default)]
    pub action_required: Vec<String>,
    /// First delay between polls, in milliseconds (default 500).
    pub initial_delay_ms: Option<u64>,
    /// Longest delay between polls, in milliseconds (default 5000).
    pub max_delay_ms: Option<u64>,
}

/// `areas.<name>:` — a group of endpoints; becomes one client trait.
#[derive(Debug, Deserialize)]
#[cfg_attr(feature = "json-schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct RawArea {
    /// Human-readable name, used in the generated docs.
    pub title: String,
    /// What the area covers.
    pub doc: Option<String>,
    /// The endpoints of the area.
    pub endpoints: Vec<RawEndpoint>,
}

/// One endpoint.
#[derive(Debug, Deserialize)]
#[cfg_attr(feature = "json-schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct RawEndpoint {
    /// The documented id (`C2A-01-02`); unique across the API.
    pub id: String,
    /// Method name on the client, snake_case, unique in its lane.
    pub name: String,
    /// `GET`, `POST`, `PUT`, `PATCH` or `DELETE`.
    pub method: String,
    /// Relative to the lane's `base_path`; `{param}` placeholders name path parameters.
    pub path: String,
    /// One line saying what the call does (the document's title of it).
    pub summary: String,
    /// More about the call, and which document describes it.
    pub doc: Option<String>,
    /// Path and query parameters, by wire name.
    #[serde(default)]
    pub params: IndexMap<String, RawParam>,
    /// Request body type.
    pub request: Option<String>,
    /// Payload type of a success; absent = no payload.
    pub response: Option<String>,
    /// The payload key(s) of this endpoint, preferred first (`inline` = the payload's
    /// fields sit beside the status); the envelope's keys stay accepted after them.
    pub payload: Option<OneOrMany>,
    /// HTTP status of a success (default 200).
    pub success: Option<u16>,
    /// Catalog codes this endpoint documents; each becomes a variant of its error enum.
    #[serde(default)]
    pub errors: Vec<String>,
    /// `{ header: Idempotency-Key }` (client fills it) or `{ field: correlationId }` (caller supplies it in the body).
    pub idempotency: Option<RawIdempotency>,
    /// How the list pages: `{ items, page_info, page_param, has_next | total_pages }`.
    pub pagination: Option<RawPagination>,
    /// OAuth scopes the call needs (declared under the scheme's `scopes`).
    #[serde(default)]
    pub scopes: Vec<String>,
    /// Short name in the area's handle (`client.private_offers().list()`), unique in the area.
    pub verb: Option<String>,
}

/// A path or query parameter.
#[derive(Debug, Deserialize)]
#[cfg_attr(feature = "json-schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct RawParam {
    /// `path` (every placeholder of the path, and only those) or `query`.
    #[serde(rename = "in")]
    pub location: String,
    /// A type reference, as for fields.
    #[serde(rename = "type")]
    pub ty: String,
    /// Query parameters only: may be left out (a setter on the query struct).
    #[serde(default)]
    pub optional: bool,
    /// What the parameter means and which document names it.
    pub doc: Option<String>,
}

/// What makes a write safe to repeat: a header the client fills, or a body field the caller supplies.
#[derive(Debug, Deserialize)]
#[cfg_attr(feature = "json-schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct RawIdempotency {
    /// Header the client fills with a fresh key (e.g. `Idempotency-Key`).
    pub header: Option<String>,
    /// Body field the caller supplies as the idempotency key (e.g. `correlationId`).
    pub field: Option<String>,
    /// Which document says how the endpoint is made idempotent.
    pub doc: Option<String>,
}

/// How a list endpoint pages.
#[derive(Debug, Deserialize)]
#[cfg_attr(feature = "json-schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct RawPagination {
    /// Key of the item array inside the payload.
    pub items: String,
    /// Key of the page-info object inside the payload.
    pub page_info: Option<String>,
    /// Query parameter carrying the page number (`u32`); streaming needs it.
    pub page_param: Option<String>,
    /// Boolean field of the page-info object saying whether another page follows.
    pub has_next: Option<String>,
    /// `u32` field of the page-info object holding the number of pages.
    pub total_pages: Option<String>,
}

/// One inbound event type.
#[derive(Debug, Deserialize)]
#[cfg_attr(feature = "json-schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct RawEvent {
    /// Wire value of the event type, e.g. `subscription.activated`.
    #[serde(rename = "type")]
    pub ty: String,
    /// Rust variant name, when the wire type is no usable name.
    pub name: Option<String>,
    /// Type of the event's data.
    pub payload: String,
    /// When the event is delivered and which document names it.
    pub doc: Option<String>,
}
