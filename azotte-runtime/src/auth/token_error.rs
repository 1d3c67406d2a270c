//! [`TokenError`]: why a service token could not be obtained, typed after
//! RFC 6749 §5.2 (`error`, `error_description`, `error_uri`) when the token
//! endpoint answered with an error body, and reachable from a call's
//! [`ApiError::token_error`]. Nothing here ever holds the client secret or
//! a token: descriptions echoing the secret are redacted when read.

use crate::error::{ApiError, AuthFailure};
use crate::transport::TransportFailure;
use std::fmt;
use std::sync::Arc;

/// The `error` code of an RFC 6749 §5.2 answer.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum OAuthErrorCode {
    /// `invalid_request`: a parameter is missing, repeated or malformed.
    InvalidRequest,
    /// `invalid_client`: client authentication failed (unknown client, wrong
    /// secret, no or unsupported authentication).
    InvalidClient,
    /// `invalid_grant`.
    InvalidGrant,
    /// `unauthorized_client`: this client may not use this grant type.
    UnauthorizedClient,
    /// `unsupported_grant_type`.
    UnsupportedGrantType,
    /// `invalid_scope`: a requested scope is unknown or exceeds the grant.
    InvalidScope,
    /// A code RFC 6749 §5.2 does not define (an extension), as sent.
    Other(String),
}

impl OAuthErrorCode {
    /// The code as it travels (`invalid_client`, …).
    pub fn from_wire(code: &str) -> Self {
        match code {
            "invalid_request" => Self::InvalidRequest,
            "invalid_client" => Self::InvalidClient,
            "invalid_grant" => Self::InvalidGrant,
            "unauthorized_client" => Self::UnauthorizedClient,
            "unsupported_grant_type" => Self::UnsupportedGrantType,
            "invalid_scope" => Self::InvalidScope,
            other => Self::Other(other.to_owned()),
        }
    }

    /// The wire spelling.
    pub fn as_str(&self) -> &str {
        match self {
            Self::InvalidRequest => "invalid_request",
            Self::InvalidClient => "invalid_client",
            Self::InvalidGrant => "invalid_grant",
            Self::UnauthorizedClient => "unauthorized_client",
            Self::UnsupportedGrantType => "unsupported_grant_type",
            Self::InvalidScope => "invalid_scope",
            Self::Other(code) => code,
        }
    }
}

impl fmt::Display for OAuthErrorCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// An RFC 6749 §5.2 error answer of the token endpoint.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OAuthError {
    /// `error`.
    pub error: OAuthErrorCode,
    /// `error_description` (secret values echoed by the server are redacted).
    pub error_description: Option<String>,
    /// `error_uri`.
    pub error_uri: Option<String>,
}

/// What went wrong with a token request.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum TokenErrorKind {
    /// The endpoint answered with an RFC 6749 §5.2 error body.
    OAuth {
        /// The HTTP status (RFC 6749: 400, or 401 for `invalid_client`).
        status: u16,
        /// The error the body names.
        error: OAuthError,
    },
    /// A non-2xx answer whose body is not an RFC 6749 §5.2 error.
    Status {
        /// The HTTP status.
        status: u16,
    },
    /// A 2xx answer that is not a usable RFC 6749 §5.1 token response.
    InvalidResponse {
        /// The HTTP status.
        status: u16,
        /// What is wrong with it (never the token).
        reason: String,
    },
    /// No complete answer (connect, send, timeout, body read).
    Transport {
        /// A short lower-case description, e.g. `"could not connect"`.
        reason: &'static str,
    },
    /// The token URL (API origin + token path) is not a valid URL.
    InvalidUrl,
}

impl fmt::Display for TokenErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::OAuth { status, error } => {
                write!(f, "HTTP {status}, OAuth error `{}`", error.error)?;
                if let Some(description) = &error.error_description {
                    write!(f, ": {description}")?;
                }
                if let Some(uri) = &error.error_uri {
                    write!(f, " (see {uri})")?;
                }
                Ok(())
            }
            Self::Status { status } => {
                write!(f, "HTTP {status} without an RFC 6749 §5.2 error body")
            }
            Self::InvalidResponse { status, reason } => write!(f, "HTTP {status}, {reason}"),
            Self::Transport { reason } => f.write_str(reason),
            Self::InvalidUrl => f.write_str("the token URL is not a valid URL"),
        }
    }
}

/// Why a service token could not be obtained: the token URL (without its
/// query) and what went wrong. Cheap to clone: every call that waited on the
/// same token request gets the same error.
#[derive(Debug, Clone)]
pub struct TokenError {
    url: String,
    kind: TokenErrorKind,
    source: Option<Arc<TransportFailure>>,
}

impl TokenError {
    pub(crate) fn new(url: &str, kind: TokenErrorKind) -> Self {
        let url = url.split(['?', '#']).next().unwrap_or_default().to_owned();
        TokenError {
            url,
            kind,
            source: None,
        }
    }

    pub(crate) fn transport(url: &str, failure: TransportFailure) -> Self {
        let mut error = Self::new(
            url,
            TokenErrorKind::Transport {
                reason: failure.describe(),
            },
        );
        error.source = Some(Arc::new(failure));
        error
    }

    /// The token endpoint (without query).
    pub fn url(&self) -> &str {
        &self.url
    }

    /// What went wrong.
    pub fn kind(&self) -> &TokenErrorKind {
        &self.kind
    }

    /// The HTTP status, when the endpoint answered.
    pub fn status(&self) -> Option<u16> {
        match &self.kind {
            TokenErrorKind::OAuth { status, .. }
            | TokenErrorKind::Status { status }
            | TokenErrorKind::InvalidResponse { status, .. } => Some(*status),
            TokenErrorKind::Transport { .. } | TokenErrorKind::InvalidUrl => None,
        }
    }

    /// The RFC 6749 §5.2 error the endpoint answered with, if it did.
    pub fn oauth(&self) -> Option<&OAuthError> {
        match &self.kind {
            TokenErrorKind::OAuth { error, .. } => Some(error),
            _ => None,
        }
    }
}

impl fmt::Display for TokenError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "service token request to {} failed: {}",
            self.url, self.kind
        )
    }
}

impl std::error::Error for TokenError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        self.source
            .as_deref()
            .map(|s| s as &(dyn std::error::Error + 'static))
    }
}

impl AuthFailure {
    /// The token request failure behind this auth error, when a service
    /// token could not be obtained.
    pub fn token_error(&self) -> Option<&TokenError> {
        std::error::Error::source(&self.source)?.downcast_ref()
    }
}

impl<E> ApiError<E> {
    /// The token request failure behind an [`ApiError::Auth`], e.g. to
    /// match `invalid_client` (wrong credentials) apart from a token
    /// endpoint that could not be reached.
    pub fn token_error(&self) -> Option<&TokenError> {
        match self {
            ApiError::Auth(failure) => failure.token_error(),
            _ => None,
        }
    }
}
