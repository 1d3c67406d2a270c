//! [`Interceptor`]: caller hooks around every attempt of every call, for
//! cross-cutting needs the generated API does not model (an extra header, a
//! metric, an audit log), registered with
//! [`ClientConfig::interceptor`](crate::ClientConfig::interceptor).
//!
//! Interceptors run in registration order, before [`Auth`](crate::Auth) (so
//! they never see credentials, and a signer signs what they changed) and
//! again when each response head arrives, retried attempts included.

use crate::endpoint::Method;
use http::header::HeaderMap;
use std::fmt;

/// What an interceptor knows about the attempt at hand.
#[derive(Debug, Clone, Copy)]
#[non_exhaustive]
pub struct CallInfo<'a> {
    /// Endpoint id, e.g. `"M2M-02-01"`.
    pub endpoint_id: &'static str,
    /// HTTP method.
    pub method: Method,
    /// The resolved path (no query string).
    pub path: &'a str,
    /// 1 for the first attempt, 2 for the first retry, ...
    pub attempt: u32,
    /// The correlation id sent with the call, if the lane has one.
    pub correlation_id: Option<&'a str>,
}

/// Why an interceptor stopped a call. Its message must not contain secrets.
pub type InterceptorError = crate::hook_error::HookError;

/// A hook around each attempt. Both methods default to doing nothing.
pub trait Interceptor: Send + Sync + fmt::Debug {
    /// Called before auth is applied and the request is sent; may change the
    /// request. An error stops the call with
    /// [`ApiError::Interceptor`](crate::ApiError::Interceptor); nothing is sent.
    fn before_send(
        &self,
        call: &CallInfo<'_>,
        request: &mut reqwest::Request,
    ) -> Result<(), InterceptorError> {
        let _ = (call, request);
        Ok(())
    }

    /// Called when a response head arrives (before the body is decoded).
    fn after_receive(&self, call: &CallInfo<'_>, status: u16, headers: &HeaderMap) {
        let _ = (call, status, headers);
    }
}
