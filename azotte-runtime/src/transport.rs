//! [`Transport`]: the one function that puts a request on the wire, so the
//! real [`Client`](crate::Client) can run against something other than the
//! network ([`MockTransport`](crate::MockTransport) in tests).
//!
//! The default, [`ReqwestTransport`], sends with `reqwest` and hands the body
//! back unread, so the client still reads it under its size cap and per-attempt
//! timeout. [`TransportFailure`] classifies what went wrong below HTTP
//! (connect, timeout, send, body), which decides whether a call is retried.
//! Nothing here logs or shows a header value.

use bytes::Bytes;
use futures::future::BoxFuture;
use http::header::HeaderMap;
use std::fmt;

/// Sends one HTTP request. Implement it to route calls through something
/// other than `reqwest` (a recorder, a replay file, an in-process service).
pub trait Transport: Send + Sync + fmt::Debug {
    /// Sends `request` and returns the response head (and its body), or why
    /// no response was received.
    ///
    /// The client bounds this call and the body read by the attempt's
    /// timeout itself, so `request.timeout()` is `None` unless an
    /// interceptor or the auth scheme set one.
    fn send(
        &self,
        request: reqwest::Request,
    ) -> BoxFuture<'_, Result<TransportResponse, TransportFailure>>;
}

enum Body {
    Bytes(Vec<u8>),
    Stream(reqwest::Response),
}

/// A response as a [`Transport`] returns it: status, headers and a body that
/// may still be streaming.
pub struct TransportResponse {
    status: u16,
    headers: HeaderMap,
    body: Body,
}

impl TransportResponse {
    /// A response with a body already in memory (mocks, replays).
    pub fn new(status: u16, headers: HeaderMap, body: impl Into<Vec<u8>>) -> Self {
        TransportResponse {
            status,
            headers,
            body: Body::Bytes(body.into()),
        }
    }

    /// Wraps a `reqwest` response; its body is read later, under the client's cap.
    pub fn from_reqwest(mut response: reqwest::Response) -> Self {
        // Moved, not copied: the body is read without them.
        let headers = std::mem::take(response.headers_mut());
        TransportResponse {
            status: response.status().as_u16(),
            headers,
            body: Body::Stream(response),
        }
    }

    /// The HTTP status.
    pub fn status(&self) -> u16 {
        self.status
    }

    /// The response headers.
    pub fn headers(&self) -> &HeaderMap {
        &self.headers
    }

    /// Moves the headers out (leaving none), so they outlive a body read that
    /// times out without being copied.
    pub(crate) fn take_headers(&mut self) -> HeaderMap {
        std::mem::take(&mut self.headers)
    }

    /// Reads the body (the headers are left behind), stopping at `limit`
    /// bytes (the flag says it was cut). Only the body is moved into the
    /// returned future, and only once: the attempt's state stays small.
    pub(crate) fn read_body(
        self,
        limit: usize,
    ) -> impl std::future::Future<Output = Result<(Bytes, bool), TransportFailure>> {
        let mut body = self.body;
        async move {
            match &mut body {
                Body::Bytes(bytes) => {
                    let mut bytes = Bytes::from(std::mem::take(bytes));
                    let cut = bytes.len() > limit;
                    bytes.truncate(limit);
                    Ok((bytes, cut))
                }
                Body::Stream(response) => read_stream(response, limit)
                    .await
                    .map_err(TransportFailure::from_reqwest),
            }
        }
    }
}

impl fmt::Debug for TransportResponse {
    /// Status and header names; sensitive header values show as `Sensitive`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("TransportResponse")
            .field("status", &self.status)
            .field("headers", &self.headers)
            .finish_non_exhaustive()
    }
}

/// The body, cut at `limit` bytes (the flag says so). A body that arrives
/// in one chunk, as a small answer does, is that chunk, not a copy of it.
async fn read_stream(
    response: &mut reqwest::Response,
    limit: usize,
) -> Result<(Bytes, bool), reqwest::Error> {
    let declared = response.content_length().unwrap_or(0);
    if declared > u64::try_from(limit).unwrap_or(u64::MAX) {
        return Ok((Bytes::new(), true));
    }
    let Some(first) = response.chunk().await? else {
        return Ok((Bytes::new(), false));
    };
    if first.len() > limit {
        return Ok((first.slice(..limit), true));
    }
    let Some(mut next) = response.chunk().await? else {
        return Ok((first, false));
    };
    let declared = usize::try_from(declared).unwrap_or(0);
    let mut body = Vec::with_capacity(declared.max(first.len() + next.len()));
    body.extend_from_slice(&first);
    loop {
        let room = limit - body.len();
        if next.len() > room {
            body.extend_from_slice(&next[..room]);
            return Ok((body.into(), true));
        }
        body.extend_from_slice(&next);
        match response.chunk().await? {
            Some(chunk) => next = chunk,
            None => return Ok((body.into(), false)),
        }
    }
}

/// What kind of failure a [`TransportFailure`] is; decides retries.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum TransportFailureKind {
    /// No connection could be made (DNS, refused, TLS handshake): nothing was sent.
    Connect,
    /// The attempt timed out (before or while reading the response).
    Timeout,
    /// The connection failed while sending or before the response head
    /// arrived (e.g. a reset pooled connection).
    Send,
    /// The response head arrived but reading the body failed.
    Body,
    /// A redirect could not be followed.
    Redirect,
    /// Anything else (including a mock with no matching response).
    Other,
}

/// Why no (complete) response was received. Keeps the underlying error as
/// its `source`; for `reqwest` errors the URL's query string is removed.
#[derive(Debug)]
pub struct TransportFailure {
    kind: TransportFailureKind,
    source: Box<dyn std::error::Error + Send + Sync + 'static>,
}

impl TransportFailure {
    /// A failure of `kind` caused by `source`.
    pub fn new(
        kind: TransportFailureKind,
        source: impl Into<Box<dyn std::error::Error + Send + Sync + 'static>>,
    ) -> Self {
        TransportFailure {
            kind,
            source: source.into(),
        }
    }

    /// Classifies a `reqwest` error (and strips its URL's query string,
    /// which may carry personal data).
    pub fn from_reqwest(mut error: reqwest::Error) -> Self {
        let kind = if error.is_timeout() {
            TransportFailureKind::Timeout
        } else if error.is_connect() {
            TransportFailureKind::Connect
        } else if error.is_body() || error.is_decode() {
            TransportFailureKind::Body
        } else if error.is_redirect() {
            TransportFailureKind::Redirect
        } else if error.is_request() {
            TransportFailureKind::Send
        } else {
            TransportFailureKind::Other
        };
        if let Some(url) = error.url_mut() {
            url.set_query(None);
        }
        TransportFailure::new(kind, error)
    }

    /// What kind of failure this is.
    pub fn kind(&self) -> TransportFailureKind {
        self.kind
    }

    /// True when no connection could be made.
    pub fn is_connect(&self) -> bool {
        self.kind == TransportFailureKind::Connect
    }

    /// True when the attempt timed out.
    pub fn is_timeout(&self) -> bool {
        self.kind == TransportFailureKind::Timeout
    }

    /// The underlying `reqwest` error, when it is one.
    pub fn reqwest(&self) -> Option<&reqwest::Error> {
        self.source.downcast_ref()
    }

    /// A short lower-case description, e.g. `"could not connect"`.
    pub fn describe(&self) -> &'static str {
        match self.kind {
            TransportFailureKind::Connect => "could not connect",
            TransportFailureKind::Timeout => "timed out",
            TransportFailureKind::Send => "failed sending the request",
            TransportFailureKind::Body => "failed reading the response body",
            TransportFailureKind::Redirect => "redirect failed",
            TransportFailureKind::Other => "request failed",
        }
    }
}

impl fmt::Display for TransportFailure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.describe())
    }
}

impl std::error::Error for TransportFailure {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        Some(&*self.source)
    }
}

/// An attempt's request being sent: straight through `reqwest` when the
/// client sends with the [`ReqwestTransport`] it built itself (what that
/// transport's `send` does, without boxing its future: one allocation less
/// per attempt), else through the configured [`Transport`].
/// `F` is `reqwest::Client::execute`'s future (not nameable).
pub(crate) enum Sending<'a, F> {
    Reqwest(F),
    Transport(BoxFuture<'a, Result<TransportResponse, TransportFailure>>),
}

impl<F> std::future::Future for Sending<'_, F>
where
    F: std::future::Future<Output = Result<reqwest::Response, reqwest::Error>> + Unpin,
{
    type Output = Result<TransportResponse, TransportFailure>;

    fn poll(
        self: std::pin::Pin<&mut Self>,
        cx: &mut std::task::Context<'_>,
    ) -> std::task::Poll<Self::Output> {
        match self.get_mut() {
            Sending::Reqwest(pending) => std::pin::Pin::new(pending).poll(cx).map(reqwest_outcome),
            Sending::Transport(future) => future.as_mut().poll(cx),
        }
    }
}

/// What [`ReqwestTransport`] makes of `reqwest`'s outcome.
fn reqwest_outcome(
    outcome: Result<reqwest::Response, reqwest::Error>,
) -> Result<TransportResponse, TransportFailure> {
    outcome
        .map(TransportResponse::from_reqwest)
        .map_err(TransportFailure::from_reqwest)
}

/// The default [`Transport`]: a `reqwest::Client`.
#[derive(Debug, Clone)]
pub struct ReqwestTransport {
    client: reqwest::Client,
}

impl ReqwestTransport {
    /// Sends with `client`.
    pub fn new(client: reqwest::Client) -> Self {
        ReqwestTransport { client }
    }
}

impl Transport for ReqwestTransport {
    fn send(
        &self,
        request: reqwest::Request,
    ) -> BoxFuture<'_, Result<TransportResponse, TransportFailure>> {
        Box::pin(async move { reqwest_outcome(self.client.execute(request).await) })
    }
}
