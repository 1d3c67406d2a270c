//! The cancellation flow of api-docs 001, step by step, against the local
//! developer gateway: find the subscription's orderIdentifier → request the
//! cancellation (reasons + retention offer) → either accept the retention
//! offer through checkout or confirm the cancellation.
//!
//! ```text
//! cargo run -p azotte-gateway                                                # terminal 1
//! cargo run -p azotte-client --example cancellation                          # confirm
//! cargo run -p azotte-client --example cancellation -- --accept-retention    # stay
//! ```
//!
//! The customer is `AZOTTE_CUSTOMER_URN` when set; otherwise a fresh one is
//! set up with the first-purchase flow (`first_purchase.rs`). `AZOTTE_BASE_URL`
//! overrides the API root. Any failure prints one line and exits with status 1.

#[allow(dead_code)] // its `main` is the other example's
#[path = "first_purchase.rs"]
mod first_purchase;

use azotte_client::c2a;
use azotte_client::prelude::*;
use azotte_client::runtime::WaitOutcome;
use azotte_client::types::*;
use first_purchase::{explain, unique};
use std::time::Duration;

/// How the flow ended.
#[derive(Debug, Clone, PartialEq)]
pub struct Cancellation {
    /// The subscription.
    pub order_identifier: OrderIdentifier,
    /// Its state at the end (`PendingCancellation`, or `Active` when the offer was accepted).
    pub state: SubscriptionState,
}

/// Runs the flow for `customer` (or a freshly purchased one); `say` gets one line per step.
pub async fn cancellation(
    client: &c2a::Client,
    base: &str,
    customer: Option<CustomerUrn>,
    accept_retention: bool,
    say: &mut dyn FnMut(String),
) -> Result<Cancellation, String> {
    let urn = match customer {
        Some(urn) => urn,
        None => {
            say("setup: a customer with an active subscription (first-purchase flow)".into());
            let mut quiet = |line: String| say(format!("   setup {line}"));
            first_purchase::first_purchase(client, base, false, &mut quiet)
                .await?
                .customer_urn
        }
    };

    let subs = client
        .list_subscriptions(&urn)
        .await
        .map_err(|e| explain("1. list_subscriptions", base, e))?
        .into_inner();
    let Some(active) = subs
        .subscriptions
        .iter()
        .flatten()
        .find(|s| s.state == SubscriptionState::Active)
    else {
        return Err(format!(
            "1. list_subscriptions: customer {urn} has no Active subscription"
        ));
    };
    let order = active.order_identifier.clone();
    say(format!(
        "1. list_subscriptions: {urn} has Active subscription {order} ({})",
        shown(&active.bundle_urn)
    ));

    let reference = SubscriptionReference::new(urn.clone(), order.clone());
    let options = client
        .request_cancellation(&reference)
        .await
        .map_err(|e| explain("2. request_cancellation", base, e))?
        .into_inner();
    let reasons: Vec<&str> = options
        .reasons
        .iter()
        .flatten()
        .filter_map(|r| r.code.as_deref())
        .collect();
    say(format!(
        "2. request_cancellation: reasons {}",
        reasons.join(", ")
    ));
    let retention = options.retention_offer.clone();
    if let Some(offer) = &retention {
        say(format!(
            "   retention offer {}: {}",
            offer.offer_identifier,
            shown(&offer.description)
        ));
    }

    match retention.filter(|_| accept_retention) {
        Some(offer) => {
            let context = RequestContext::new(
                urn.clone(),
                "203.0.113.24",
                InteractionType::Purchase,
                Channel::Web,
            );
            let request = CheckoutRequest::new(
                unique("retention").as_str(),
                context,
                offer.offer_identifier,
            );
            let accepted = client
                .submit_checkout(&request)
                .await
                .map_err(|e| explain("3. submit_checkout (retention offer)", base, e))?;
            let tracking = accepted.tracking_number.clone();
            say(format!(
                "3. submit_checkout: retention offer accepted, trackingNumber {tracking}"
            ));
            let waited = client
                .wait_for_checkout(&tracking, Duration::from_secs(30))
                .await
                .map_err(|e| format!("3. wait_for_checkout failed: {e}"))?;
            match waited {
                WaitOutcome::Succeeded(status) => say(format!(
                    "   checkout {}: the subscription stays Active at the retention price",
                    shown(&status.state)
                )),
                other => return Err(format!("3. retention checkout did not succeed: {other:?}")),
            }
        }
        None => {
            let confirm = ConfirmCancellationRequest::new(urn.clone(), order.clone())
                .reason_code("TOO_EXPENSIVE");
            let sub = client
                .confirm_cancellation(&confirm)
                .await
                .map_err(|e| explain("3. confirm_cancellation", base, e))?;
            let until = sub.cancel_at.clone().unwrap_or_default();
            say(format!(
                "3. confirm_cancellation: {order} is {} (ends {until})",
                sub.state
            ));
        }
    }

    let subs = client
        .list_subscriptions(&urn)
        .await
        .map_err(|e| explain("4. list_subscriptions", base, e))?
        .into_inner();
    let Some(sub) = subs
        .subscriptions
        .into_iter()
        .flatten()
        .find(|s| s.order_identifier == order)
    else {
        return Err(format!(
            "4. list_subscriptions: subscription {order} disappeared"
        ));
    };
    say(format!("4. list_subscriptions: {order} is {}", sub.state));
    Ok(Cancellation {
        order_identifier: order,
        state: sub.state,
    })
}

#[tokio::main]
async fn main() {
    let accept_retention = std::env::args().any(|a| a == "--accept-retention");
    let customer = std::env::var("AZOTTE_CUSTOMER_URN")
        .ok()
        .filter(|s| !s.is_empty())
        .map(CustomerUrn::new);
    let environment = first_purchase::environment();
    let base = environment.base_url();
    let outcome = match first_purchase::client(&environment) {
        Ok(client) => {
            cancellation(&client, &base, customer, accept_retention, &mut |line| {
                println!("{line}")
            })
            .await
        }
        Err(e) => Err(e),
    };
    match outcome {
        Ok(c) => println!(
            "cancellation flow done: {} is {}",
            c.order_identifier, c.state
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
