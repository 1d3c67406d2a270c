//! The accept loop, in place of `axum::serve`, so slow and idle clients
//! cannot hold the gateway (issue 16): HTTP/1.1 by hyper's own connection
//! driver (as `axum::serve` without axum's `http2` feature), with
//!
//! - **header timeout** (`Config::header_timeout`): hyper's
//!   `header_read_timeout`; its timer starts whenever the connection waits
//!   for a request head (on accept and after each answer), so a half-sent
//!   head and an idle keep-alive connection are both closed after it;
//! - **idle timeout** (`Config::idle_timeout`): a connection on which no
//!   byte was read or written for that long is dropped (a client that
//!   stops reading its answer);
//! - **body timeout** (`Config::body_timeout`): in [`crate::http`], 408;
//! - **connection limit** (`Config::max_connections`): a permit of a
//!   semaphore is taken *before* `accept`, so at the limit the gateway
//!   stops accepting and further clients wait in the kernel's listen
//!   backlog; each closing connection lets the next one in, and none is
//!   accepted only to be starved.
//!
//! Shutdown stops accepting, asks open connections to finish their
//! request and close, and waits for them (at most `idle_timeout`).

use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::service::TowerToHyperService;
use std::pin::{pin, Pin};
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::Duration;
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::net::TcpListener;
use tokio::sync::{watch, Semaphore};
use tokio::time::Instant;

/// The connection settings of [`crate::Config`].
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// See `Config::header_timeout`.
    pub header_timeout: Duration,
    /// See `Config::idle_timeout`.
    pub idle_timeout: Duration,
    /// See `Config::max_connections`.
    pub max_connections: usize,
}

/// Connections open now (for `/_gateway/stats`).
#[derive(Debug, Default)]
pub struct Connections {
    open: AtomicUsize,
    accepted: AtomicU64,
}

impl Connections {
    /// (open now, accepted so far).
    pub fn counts(&self) -> (usize, u64) {
        (
            self.open.load(Ordering::Relaxed),
            self.accepted.load(Ordering::Relaxed),
        )
    }
}

/// Serves `router` on `listener` until `shutdown` changes.
pub async fn run(
    listener: TcpListener,
    router: axum::Router,
    limits: Limits,
    connections: Arc<Connections>,
    mut shutdown: watch::Receiver<bool>,
) {
    let permits = Arc::new(Semaphore::new(limits.max_connections));
    loop {
        let permit = tokio::select! {
            p = permits.clone().acquire_owned() => match p { Ok(p) => p, Err(_) => break },
            _ = shutdown.changed() => break,
        };
        let stream = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok((stream, _)) => stream,
                Err(e) => {
                    // EMFILE and the like: wait a little rather than spin.
                    eprintln!("azotte-gateway: accept failed: {e}");
                    tokio::time::sleep(Duration::from_millis(50)).await;
                    continue;
                }
            },
            _ = shutdown.changed() => break,
        };
        let _ = stream.set_nodelay(true);
        connections.open.fetch_add(1, Ordering::Relaxed);
        connections.accepted.fetch_add(1, Ordering::Relaxed);
        let (router, shutdown, connections) =
            (router.clone(), shutdown.clone(), connections.clone());
        tokio::spawn(async move {
            connection(stream, router, limits, shutdown).await;
            connections.open.fetch_sub(1, Ordering::Relaxed);
            drop(permit);
        });
    }
    drop(listener);
    // Every permit back = every connection closed.
    let all = u32::try_from(limits.max_connections).unwrap_or(u32::MAX);
    let _ = tokio::time::timeout(limits.idle_timeout, permits.acquire_many(all)).await;
}

/// Drives one connection under the header and idle timeouts.
async fn connection(
    stream: tokio::net::TcpStream,
    router: axum::Router,
    limits: Limits,
    mut shutdown: watch::Receiver<bool>,
) {
    let started = Instant::now();
    let last = Arc::new(AtomicU64::new(0));
    let io = Tracked {
        inner: stream,
        started,
        last: last.clone(),
    };
    let mut builder = hyper::server::conn::http1::Builder::new();
    builder
        .timer(TokioTimer::new())
        .header_read_timeout(limits.header_timeout)
        .keep_alive(true);
    let conn = builder.serve_connection(TokioIo::new(io), TowerToHyperService::new(router));
    let mut conn = pin!(conn);
    let mut draining = false;
    loop {
        let idle_since = started + Duration::from_millis(last.load(Ordering::Relaxed));
        let deadline = idle_since + limits.idle_timeout;
        tokio::select! {
            _ = conn.as_mut() => return,
            _ = tokio::time::sleep_until(deadline) => {
                let moved = started + Duration::from_millis(last.load(Ordering::Relaxed));
                if moved + limits.idle_timeout <= Instant::now() {
                    return; // nothing moved for idle_timeout: drop the connection
                }
            }
            _ = shutdown.changed(), if !draining => {
                draining = true;
                conn.as_mut().graceful_shutdown();
            }
        }
    }
}

/// A stream that notes when a byte last moved (milliseconds since `started`).
struct Tracked {
    inner: tokio::net::TcpStream,
    started: Instant,
    last: Arc<AtomicU64>,
}

impl Tracked {
    fn touch(&self) {
        let ms = u64::try_from(self.started.elapsed().as_millis()).unwrap_or(u64::MAX);
        self.last.store(ms, Ordering::Relaxed);
    }
}

impl AsyncRead for Tracked {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<std::io::Result<()>> {
        let before = buf.filled().len();
        let polled = Pin::new(&mut self.inner).poll_read(cx, buf);
        if buf.filled().len() > before {
            self.touch();
        }
        polled
    }
}

impl AsyncWrite for Tracked {
    fn poll_write(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        data: &[u8],
    ) -> Poll<std::io::Result<usize>> {
        let polled = Pin::new(&mut self.inner).poll_write(cx, data);
        if matches!(polled, Poll::Ready(Ok(n)) if n > 0) {
            self.touch();
        }
        polled
    }

    fn poll_write_vectored(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[std::io::IoSlice<'_>],
    ) -> Poll<std::io::Result<usize>> {
        let polled = Pin::new(&mut self.inner).poll_write_vectored(cx, bufs);
        if matches!(polled, Poll::Ready(Ok(n)) if n > 0) {
            self.touch();
        }
        polled
    }

    fn is_write_vectored(&self) -> bool {
        self.inner.is_write_vectored()
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<std::io::Result<()>> {
        Pin::new(&mut self.inner).poll_flush(cx)
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<std::io::Result<()>> {
        Pin::new(&mut self.inner).poll_shutdown(cx)
    }
}
