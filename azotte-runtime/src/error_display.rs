//! `Display` for [`ApiError`]: one line naming the endpoint id, HTTP status,
//! message code, message and correlation id, e.g.
//! `C2A-01-02: HTTP 409 CUSTOMER_ALREADY_STORED: externalIdentifier already projected (correlation id 1234)`.
//!
//! A wait the server asked for (`retry_after`) follows the message.
//!
//! Foreign causes (reqwest, serde_json) are left to `Error::source`, not
//! repeated here; request header values are never available to print.

use crate::error::{ApiError, ErrorContext};
use std::fmt;

/// How many characters of an undecodable body `Display` quotes.
const BODY_SNIPPET_CHARS: usize = 120;

fn correlation_tail(f: &mut fmt::Formatter<'_>, ctx: &ErrorContext) -> fmt::Result {
    if let Some(wait) = ctx.retry_after {
        write!(f, "; retry after {} s", wait.as_secs_f64())?;
    }
    if ctx.attempts > 1 {
        write!(f, " after {} attempts", ctx.attempts)?;
    }
    match &ctx.correlation_id {
        Some(id) => write!(f, " (correlation id {id})"),
        None => Ok(()),
    }
}

fn snippet(body: &str) -> (&str, bool) {
    let trimmed = body.trim();
    match trimmed.char_indices().nth(BODY_SNIPPET_CHARS) {
        Some((cut, _)) => (&trimmed[..cut], true),
        None => (trimmed, false),
    }
}

impl<E> fmt::Display for ApiError<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let ctx = self.context();
        let (id, method, path) = (ctx.endpoint_id, ctx.method, &ctx.path);
        match self {
            ApiError::Service(e) => {
                write!(f, "{id}: HTTP {} {}", e.status, e.code)?;
                if let Some(message) = &e.message {
                    write!(f, ": {message}")?;
                }
            }
            ApiError::Unauthorized(_) => write!(
                f,
                "{id}: HTTP 401 unauthorized: {method} {path} was rejected without an envelope"
            )?,
            ApiError::Transport(e) => {
                write!(f, "{id}: ")?;
                if let Some(status) = ctx.status {
                    write!(f, "HTTP {status} ")?;
                }
                write!(
                    f,
                    "transport error on {method} {path}: {}",
                    e.source.describe()
                )?;
            }
            ApiError::Timeout(_) => match ctx.status {
                Some(status) => write!(
                    f,
                    "{id}: HTTP {status} timed out reading the body of {method} {path}"
                )?,
                None => write!(f, "{id}: timed out waiting for {method} {path}")?,
            },
            ApiError::Decode(e) => {
                write!(f, "{id}: ")?;
                if let Some(status) = ctx.status {
                    write!(f, "HTTP {status} ")?;
                }
                write!(
                    f,
                    "undecodable response to {method} {path}: {}",
                    e.kind.describe()
                )?;
                if let Some(source) = &e.source {
                    // serde's own position counts from the payload: give the body's.
                    let text = source.to_string();
                    let own = format!(" at line {} column {}", source.line(), source.column());
                    write!(f, " ({})", text.strip_suffix(&own).unwrap_or(&text))?;
                }
                if let Some((line, column)) = e.position {
                    write!(f, " at line {line} column {column} of the body")?;
                }
                let (start, cut) = snippet(&e.body);
                if !start.is_empty() {
                    let ellipsis = if cut || e.body_truncated { "…" } else { "" };
                    write!(f, " (body starts with {start:?}{ellipsis})")?;
                }
            }
            ApiError::Encode(_) => write!(
                f,
                "{id}: could not serialize the request body of {method} {path}"
            )?,
            ApiError::Config(e) => write!(f, "{id}: invalid request {method} {path}: {}", e.kind)?,
            ApiError::Auth(e) => write!(
                f,
                "{id}: could not authenticate {method} {path}: {}",
                e.source
            )?,
            ApiError::Interceptor(e) => write!(
                f,
                "{id}: {method} {path} stopped by an interceptor: {}",
                e.source
            )?,
        }
        correlation_tail(f, ctx)
    }
}
