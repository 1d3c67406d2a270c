//! The first-purchase flow of api-docs 001 ("Typical Integration Flow"),
//! step by step, against the local developer gateway:
//! validate → store → resolve offer → checkout (202) → poll the status
//! (completing 3DS when asked) → the subscription is Active.
//!
//! ```text
//! cargo run -p azotte-gateway                                   # terminal 1
//! cargo run -p azotte-client --example first_purchase           # terminal 2
//! cargo run -p azotte-client --example first_purchase -- --3ds  # with a 3DS challenge
//! ```
//!
//! `AZOTTE_BASE_URL` overrides the API root (default `Environment::Local`,
//! `http://localhost:5210/api`). Uses the gateway's default credentials.
//! Any failure prints one line and exits with status 1.

use azotte_client::auth::TenantApiKey;
use azotte_client::c2a;
use azotte_client::prelude::*;
use azotte_client::types::*;
use azotte_client::{ApiError, ClientConfig, Environment};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

/// The gateway's default API key.
pub const API_KEY: &str = "sk_dev_gateway";
/// The gateway's default tenant.
pub const TENANT: &str = "tn.00.001";

/// What a successful first purchase produced.
#[derive(Debug, Clone)]
pub struct Purchase {
    /// The new customer.
    pub customer_urn: CustomerUrn,
    /// The order behind the new subscription.
    pub order_identifier: OrderIdentifier,
    /// Whether a 3DS challenge was completed.
    pub three_ds: bool,
}

/// `AZOTTE_BASE_URL` (an API root such as `http://127.0.0.1:5210/api`), else `Environment::Local`.
pub fn environment() -> Environment {
    match std::env::var("AZOTTE_BASE_URL") {
        Ok(url) if !url.trim().is_empty() => Environment::Custom(url.trim().to_owned()),
        _ => Environment::Local,
    }
}

/// A C2A client with the gateway's default credentials.
pub fn client(environment: &Environment) -> Result<c2a::Client, String> {
    let config = ClientConfig::new(environment.base_url()).connect_timeout(Duration::from_secs(3));
    c2a::Client::with_config(config, TenantApiKey::new(API_KEY, TENANT))
        .map_err(|e| format!("cannot build the client: {e}"))
}

/// One line saying what went wrong in `step`, for a human.
pub fn explain<E>(step: &str, base: &str, error: ApiError<E>) -> String {
    match error {
        ApiError::Transport(_) | ApiError::Timeout(_) => format!(
            "cannot reach the Azotte gateway at {base}: is it running? Start it with \
             `cargo run -p azotte-gateway` or point AZOTTE_BASE_URL at its API root"
        ),
        ApiError::Unauthorized(_) => format!(
            "{step}: the server refused the API key {API_KEY} (HTTP 401); is {base} the developer gateway?"
        ),
        other => format!("{step} failed: {other}"),
    }
}

/// A value unique to this run, so the flow can be repeated against one gateway.
pub fn unique(prefix: &str) -> String {
    let nanos = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos());
    format!("{prefix}-{nanos}")
}

/// Runs the flow; `say` receives one line per step.
pub async fn first_purchase(
    client: &c2a::Client,
    base: &str,
    three_ds: bool,
    say: &mut dyn FnMut(String),
) -> Result<Purchase, String> {
    let external_id = unique("ext");
    say(format!("first purchase against {base} (tenant {TENANT})"));

    client
        .validate_customer(&ValidateCustomerRequest::new(ExternalCustomerRef::new(
            external_id.as_str(),
        )))
        .await
        .map_err(|e| explain("1. validate_customer", base, e))?;
    say(format!(
        "1. validate_customer: externalId {external_id} is free"
    ));

    let details = CustomerDetails::new(external_id.as_str())
        .email(format!("{external_id}@example.com"))
        .first_name("Ada");
    let customer = client
        .store_customer(&StoreCustomerRequest::new(details))
        .await
        .map_err(|e| explain("2. store_customer", base, e))?
        .into_inner();
    let urn = customer.customer_urn;
    say(format!("2. store_customer: stored as {urn}"));

    let mut context = RequestContext::new(
        urn.clone(),
        "203.0.113.24",
        InteractionType::Purchase,
        Channel::Web,
    )
    .storefront_urn("st.00.001");
    if three_ds {
        context = context.promotion_code("3DS"); // the gateway's documented 3DS test input
    }
    let offer = client
        .resolve_offer(&OfferRequest::new(context.clone()))
        .await
        .map_err(|e| explain("3. resolve_offer", base, e))?
        .into_inner();
    // `bundles` and the bundle's fields are inferred (no document names them): optional.
    let bundles = offer.bundles.as_deref().unwrap_or_default();
    let Some((bundle, bundle_urn)) = bundles
        .iter()
        .find_map(|b| b.bundle_urn.as_ref().map(|urn| (b, urn)))
    else {
        return Err(format!(
            "3. resolve_offer: offer {} has no bundle with a bundleUrn",
            offer.offer_identifier
        ));
    };
    say(format!(
        "3. resolve_offer: offer {} with {} bundle(s); choosing {} ({}) at {} milpieces {}",
        offer.offer_identifier,
        bundles.len(),
        shown(&bundle.name),
        bundle_urn,
        shown(&bundle.price.as_ref().and_then(|p| p.amount)),
        shown(&bundle.price.as_ref().and_then(|p| p.currency.clone()))
    ));

    let correlation_id = unique("checkout");
    let order = CheckoutRequest::new(
        correlation_id.as_str(),
        context,
        offer.offer_identifier.clone(),
    )
    .bundle_urn(bundle_urn.clone());
    let accepted = client
        .submit_checkout(&order)
        .await
        .map_err(|e| explain("4. submit_checkout", base, e))?;
    let tracking = accepted.tracking_number.clone();
    say(format!(
        "4. submit_checkout: HTTP {} accepted, trackingNumber {tracking}",
        accepted.status()
    ));

    let mut completed_three_ds = false;
    for _ in 0..40 {
        let status = client
            .checkout_status(&tracking)
            .await
            .map_err(|e| explain("5. checkout_status", base, e))?
            .into_inner();
        say(format!("5. checkout_status: {}", shown(&status.state)));
        // `state` is inferred, hence optional: a status without it is still pending.
        match status.state {
            Some(CheckoutState::Succeeded) => {
                let Some(order_identifier) = status.order_identifier else {
                    return Err("5. checkout_status: Succeeded without an orderIdentifier".into());
                };
                let subs = client
                    .list_subscriptions(&urn)
                    .await
                    .map_err(|e| explain("6. list_subscriptions", base, e))?
                    .into_inner();
                let Some(sub) = subs
                    .subscriptions
                    .iter()
                    .flatten()
                    .find(|s| s.order_identifier == order_identifier)
                else {
                    return Err(format!(
                        "6. list_subscriptions: no subscription {order_identifier}"
                    ));
                };
                say(format!(
                    "6. list_subscriptions: {} is {}",
                    sub.order_identifier, sub.state
                ));
                if sub.state != SubscriptionState::Active {
                    return Err(format!(
                        "6. list_subscriptions: expected Active, got {}",
                        sub.state
                    ));
                }
                return Ok(Purchase {
                    customer_urn: urn,
                    order_identifier,
                    three_ds: completed_three_ds,
                });
            }
            Some(CheckoutState::RequiresAction) => {
                let redirect = status
                    .three_ds
                    .as_ref()
                    .and_then(|c| c.redirect_url.as_deref())
                    .unwrap_or("?");
                say(format!(
                    "   3DS required: the customer would be sent to {redirect}; completing it"
                ));
                let result = [("transStatus".to_owned(), "Y".to_owned())]
                    .into_iter()
                    .collect::<std::collections::BTreeMap<_, _>>();
                let done = client
                    .complete_three_ds(
                        &tracking,
                        &ThreeDsCompletionRequest::new(correlation_id.as_str(), result),
                    )
                    .await
                    .map_err(|e| explain("5b. complete_three_ds", base, e))?;
                completed_three_ds = true;
                say(format!("5b. complete_three_ds: {}", shown(&done.state)));
            }
            Some(CheckoutState::Failed | CheckoutState::Cancelled) => {
                let why = status.failure_message.unwrap_or_default();
                return Err(format!("5. checkout ended {}: {why}", shown(&status.state)));
            }
            _ => tokio::time::sleep(Duration::from_millis(200)).await,
        }
    }
    Err(format!(
        "5. checkout {tracking} did not reach a terminal state"
    ))
}

#[tokio::main]
async fn main() {
    let three_ds = std::env::args().any(|a| a == "--3ds");
    let environment = environment();
    let base = environment.base_url();
    let outcome = match client(&environment) {
        Ok(client) => {
            first_purchase(&client, &base, three_ds, &mut |line| println!("{line}")).await
        }
        Err(e) => Err(e),
    };
    match outcome {
        Ok(p) => println!(
            "first purchase succeeded: customer {} has active subscription {}",
            p.customer_urn, p.order_identifier
        ),
        Err(message) => {
            eprintln!("error: {message}");
            std::process::exit(1);
        }
    }
}

/// An optional (inferred) value for a log line: the value, or `(absent)`.
fn shown<T: std::fmt::Display>(value: &Option<T>) -> String {
    value
        .as_ref()
        .map_or_else(|| "(absent)".to_owned(), T::to_string)
}
