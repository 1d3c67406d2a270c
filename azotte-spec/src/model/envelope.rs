//! Response envelopes and the error-code catalog.

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
