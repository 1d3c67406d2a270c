//! Shared by the integration tests: a gateway on 127.0.0.1:0 (quiet, fast
//! webhook retries), clients of each lane with its default credentials, and
//! small steps of the documented flows.
#![allow(dead_code)] // each test binary uses a different part

use azotte_client::auth::{ServiceToken, TenantApiKey};
use azotte_client::prelude::*;
use azotte_client::types::*;
use azotte_client::{c2a, m2m, Environment};
use azotte_gateway::config::{DEFAULT_API_KEY, DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET};
use azotte_gateway::{Config, Gateway};
use std::time::Duration;

pub const TENANT_A: &str = "tenant-a";
pub const TENANT_B: &str = "tenant-b";

/// The test configuration: port 0, no log lines, 10 ms webhook backoff.
pub fn config() -> Config {
    Config {
        port: 0,
        log_requests: false,
        webhook_backoff: Duration::from_millis(10),
        webhook_max_backoff: Duration::from_millis(200),
        ..Config::default()
    }
}

pub async fn start() -> Gateway {
    start_with(config()).await
}

pub async fn start_with(config: Config) -> Gateway {
    Gateway::start(config).await.expect("the gateway starts")
}

pub fn env(gw: &Gateway) -> Environment {
    Environment::Custom(gw.api_root())
}

/// A C2A client of `tenant` with the default key.
pub fn c2a(gw: &Gateway, tenant: &str) -> c2a::Client {
    c2a_with(gw, DEFAULT_API_KEY, tenant)
}

pub fn c2a_with(gw: &Gateway, key: &str, tenant: &str) -> c2a::Client {
    c2a::Client::new(&env(gw), TenantApiKey::new(key, tenant)).expect("client builds")
}

/// An M2M client with a gateway-issued service token.
pub fn m2m(gw: &Gateway) -> m2m::Client {
    m2m::Client::new(
        &env(gw),
        ServiceToken::new(DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET),
    )
    .expect("client builds")
}

pub fn context(urn: &CustomerUrn) -> RequestContext {
    RequestContext::new(
        urn.clone(),
        "203.0.113.24",
        InteractionType::Purchase,
        Channel::Web,
    )
}

/// Stores a customer `ext` (e-mail `ext@example.com`) and returns its URN.
pub async fn customer(c: &c2a::Client, ext: &str) -> CustomerUrn {
    let details = CustomerDetails::new(ext).email(format!("{ext}@example.com"));
    c.store_customer(&StoreCustomerRequest::new(details))
        .await
        .expect("customer stored")
        .into_inner()
        .customer_urn
}

/// Resolves an offer and submits a checkout; returns the tracking number.
pub async fn checkout(
    c: &c2a::Client,
    urn: &CustomerUrn,
    correlation: &str,
    promotion: Option<&str>,
) -> TrackingNumber {
    let mut ctx = context(urn);
    if let Some(code) = promotion {
        ctx = ctx.promotion_code(code);
    }
    let offer = c
        .resolve_offer(&OfferRequest::new(ctx.clone()))
        .await
        .expect("offer")
        .into_inner();
    let order = CheckoutRequest::new(correlation, ctx, offer.offer_identifier);
    c.submit_checkout(&order)
        .await
        .expect("checkout accepted")
        .into_inner()
        .tracking_number
}

/// Polls until the checkout leaves Pending/Processing (an absent state is pending too).
pub async fn settle(c: &c2a::Client, tracking: &TrackingNumber) -> CheckoutStatus {
    for _ in 0..10 {
        let status = c
            .checkout_status(tracking)
            .await
            .expect("status")
            .into_inner();
        if !matches!(
            status.state,
            None | Some(CheckoutState::Pending | CheckoutState::Processing)
        ) {
            return status;
        }
    }
    panic!("checkout {tracking} never settled");
}

/// A customer with one Active subscription: (URN, orderIdentifier).
pub async fn subscribed(c: &c2a::Client, ext: &str) -> (CustomerUrn, OrderIdentifier) {
    let urn = customer(c, ext).await;
    let tracking = checkout(c, &urn, &format!("corr-{ext}"), None).await;
    let status = settle(c, &tracking).await;
    assert_eq!(status.state, Some(CheckoutState::Succeeded));
    (urn, status.order_identifier.expect("order identifier"))
}

/// A raw HTTP client for what the typed client cannot send.
pub fn http() -> azotte_client::runtime::reqwest::Client {
    azotte_client::runtime::reqwest::Client::new()
}

/// The gateway binary as a child process, stopped when dropped (even when an
/// assertion fails).
pub struct Running(pub std::process::Child);

impl Running {
    /// The base URL from the binary's first stdout line (`listening on
    /// URL`). The rest of stdout is drained in the background: dropping the
    /// pipe instead would make the binary's next `println!` (the banner's
    /// second line) fail and end the process.
    pub fn base_url(&mut self) -> String {
        use std::io::BufRead;
        let stdout = self.0.stdout.take().expect("stdout piped");
        let mut reader = std::io::BufReader::new(stdout);
        let mut line = String::new();
        reader.read_line(&mut line).expect("a first line");
        std::thread::spawn(move || std::io::copy(&mut reader, &mut std::io::sink()));
        line.trim()
            .strip_prefix("listening on ")
            .unwrap_or_else(|| panic!("unexpected first line {line:?}"))
            .to_owned()
    }
}

impl Drop for Running {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}
