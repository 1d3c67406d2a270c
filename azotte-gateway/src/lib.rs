//! The local developer gateway: every endpoint of the Azotte spec served on
//! `127.0.0.1:5210` (document 004's local emulation host), with the lanes'
//! auth, request validation, envelopes, state for the documented flows (in
//! memory, or in a SQLite file with `--state`), forced error scenarios and signed W2M webhooks.
//!
//! Start it in-process (tests use port 0):
//!
//! ```no_run
//! # async fn run() -> Result<(), azotte_gateway::StartError> {
//! let config = azotte_gateway::Config { port: 0, ..Default::default() };
//! let gateway = azotte_gateway::Gateway::start(config).await?;
//! println!("API root: {}", gateway.api_root()); // http://127.0.0.1:PORT/api
//! # Ok(()) }
//! ```
//!
//! Module map: `config` (settings, flags), `routes` (route table from the
//! spec), `serve` (accept loop: connection limit, header and idle timeouts),
//! `http` (edge: body limit and timeout, logging, `/_gateway/stats`), `docs` (`/openapi.json` and
//! the offline API reference at `/docs`), `call` (one endpoint call),
//! `auth` (with `keys`, the API-key policy), `ratelimit`, `validate`,
//! `envelope`, `example`, `idempotency` (keys, fingerprints, replays),
//! `behaviour` (handlers),
//! `state` (tenants and the flows), `webhooks` (W2M delivery), `time`.

pub mod auth;
pub mod behaviour;
pub mod call;
pub mod config;
pub mod docs;
pub mod envelope;
pub mod example;
pub mod http;
pub mod idempotency;
pub mod keys;
pub mod ratelimit;
pub mod routes;
pub mod serve;
pub mod state;
pub mod time;
pub mod validate;
pub mod webhooks;

pub use config::{parse_args, Command, Config};
pub use webhooks::Attempt;

use std::fmt;
use std::net::SocketAddr;
use std::sync::Arc;
use tokio::sync::watch;
use tokio::task::JoinHandle;

/// Why the gateway could not start.
#[derive(Debug)]
pub enum StartError {
    /// The spec did not load; every problem, one per line.
    Spec(String),
    /// The address could not be bound.
    Bind(SocketAddr, std::io::Error),
    /// A setting is unusable (e.g. an empty signing secret); says which.
    Config(String),
    /// The state file (`--state`) cannot be opened or read; says where.
    State(String),
}

impl fmt::Display for StartError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            StartError::Spec(errors) => write!(f, "the spec does not load:\n{errors}"),
            StartError::Bind(addr, e) => write!(
                f,
                "cannot listen on {addr}: {e} (is another gateway running? choose another port with --port)"
            ),
            StartError::Config(problem) | StartError::State(problem) => write!(f, "{problem}"),
        }
    }
}

impl std::error::Error for StartError {}

/// A running gateway. Dropping it stops the server. Its `Debug` shows the
/// address and the (redacted) configuration, never a secret or a record.
pub struct Gateway {
    addr: SocketAddr,
    app: Arc<http::App>,
    shutdown: Option<watch::Sender<bool>>,
    task: Option<JoinHandle<()>>,
}

impl fmt::Debug for Gateway {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Gateway")
            .field("addr", &self.addr)
            .field("app", &self.app)
            .finish_non_exhaustive()
    }
}

impl Gateway {
    /// Loads the spec, binds, and serves in the background.
    pub async fn start(config: Config) -> Result<Gateway, StartError> {
        config.check().map_err(StartError::Config)?;
        let spec = azotte_spec::load_dir(&config.spec_dir)
            .map_err(|errors| StartError::Spec(errors.to_string()))?;
        let addr = SocketAddr::new(config.bind, config.port);
        let listener = tokio::net::TcpListener::bind(addr)
            .await
            .map_err(|e| StartError::Bind(addr, e))?;
        let addr = listener
            .local_addr()
            .map_err(|e| StartError::Bind(addr, e))?;
        let (store, pending) = match &config.state {
            Some(path) => state::Store::open(config.processing_polls, &config.default_tenant, path)
                .map_err(StartError::State)?,
            None => (
                state::Store::new(config.processing_polls, &config.default_tenant),
                Vec::new(),
            ),
        };
        let app = Arc::new(http::App::new(spec, config, addr, store));
        app.webhooks.send(pending);
        let router = axum::Router::new()
            .fallback(http::dispatch)
            .with_state(app.clone());
        let (tx, rx) = watch::channel(false);
        let limits = serve::Limits {
            header_timeout: app.config.header_timeout,
            idle_timeout: app.config.idle_timeout,
            max_connections: app.config.max_connections,
        };
        let connections = app.connections.clone();
        let task = tokio::spawn(serve::run(listener, router, limits, connections, rx));
        Ok(Gateway {
            addr,
            app,
            shutdown: Some(tx),
            task: Some(task),
        })
    }

    /// The bound address (the real port when started on port 0).
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// `http://ADDR`.
    pub fn base_url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// The API root clients take (`Environment::Custom`): `http://ADDR/api`.
    pub fn api_root(&self) -> String {
        format!("{}/api", self.base_url())
    }

    /// The roots endpoints are served under (`/api`, `/api/v1`, and the
    /// paths of the spec's environment URLs).
    pub fn roots(&self) -> Vec<String> {
        routes::prefixes(&self.app.spec)
    }

    /// How many endpoint routes are served (each endpoint under every root).
    pub fn route_count(&self) -> usize {
        self.app.routes.len()
    }

    /// The latest webhook attempts (at most [`webhooks::RECORD_LIMIT`]).
    pub fn deliveries(&self) -> Vec<Attempt> {
        self.app.webhooks.attempts()
    }

    /// What `GET /_gateway/stats` answers: connections, tenants and
    /// records, and the webhook queue's counters.
    pub fn stats(&self) -> serde_json::Value {
        self.app.stats()
    }

    /// Serves until the server stops (the binary's main loop).
    pub async fn wait(mut self) {
        if let Some(task) = self.task.take() {
            let _ = task.await;
        }
    }

    /// Stops accepting connections and waits for the server to finish.
    pub async fn stop(mut self) {
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(true);
        }
        if let Some(task) = self.task.take() {
            let _ = task.await;
        }
    }
}

impl Drop for Gateway {
    fn drop(&mut self) {
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(true);
        }
    }
}
