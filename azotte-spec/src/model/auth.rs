//! Headers the runtime fills in and the auth schemes: data, not code.

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
