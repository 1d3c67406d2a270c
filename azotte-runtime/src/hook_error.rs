//! [`HookError`]: the failure a pluggable piece reports — an auth scheme
//! ([`AuthError`](crate::AuthError)) or an interceptor
//! ([`InterceptorError`](crate::InterceptorError)). One type serves both: a
//! message (never a secret) and an optional cause.

/// A failure of an auth scheme or an interceptor. Its message names headers
/// or steps, never secret values.
#[derive(Debug, thiserror::Error)]
#[error("{message}")]
pub struct HookError {
    message: String,
    #[source]
    source: Option<Box<dyn std::error::Error + Send + Sync + 'static>>,
}

impl HookError {
    /// An error with this message (which must not contain secrets).
    pub fn new(message: impl Into<String>) -> Self {
        HookError {
            message: message.into(),
            source: None,
        }
    }

    /// An error with this message caused by `source` (e.g. a token request failure).
    pub fn with_source(
        message: impl Into<String>,
        source: impl std::error::Error + Send + Sync + 'static,
    ) -> Self {
        HookError {
            message: message.into(),
            source: Some(Box::new(source)),
        }
    }

    /// The message.
    pub fn message(&self) -> &str {
        &self.message
    }
}
