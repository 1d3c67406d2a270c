//! A W2M webhook receiver on axum: verify the signature over the raw body
//! (document 004: HMAC SHA-256 of the raw body in `X-Moneti-Signature`, the
//! replay timestamp being the body's `diagnostics.createdAt`), then act on
//! the typed event. Any non-2xx answer makes Azotte retry with backoff
//! (document 004), so answer 2xx only once the event is handled — and when
//! you cannot handle a verified delivery, `release` it so the retry of the
//! same bytes is not refused as a replay.
//!
//! ```text
//! AZOTTE_WEBHOOK_SECRET=whsec_... cargo run -p azotte-client --example webhook_receiver
//! ```

use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::routing::post;
use axum::Router;
use azotte_client::w2m::{Event, Verifier};
use std::sync::Arc;

/// The receiver's routes: `POST /webhooks/azotte`.
pub fn router(verifier: Verifier) -> Router {
    Router::new()
        .route("/webhooks/azotte", post(receive))
        .with_state(Arc::new(verifier))
}

async fn receive(
    State(verifier): State<Arc<Verifier>>,
    headers: HeaderMap,
    body: Bytes, // the raw bytes: re-serialized JSON would not match the signature
) -> StatusCode {
    let delivery = match verifier.verify(&headers, &body) {
        Ok(delivery) => delivery,
        Err(rejection) => {
            eprintln!("rejected delivery: {rejection}");
            return StatusCode::from_u16(rejection.http_status())
                .unwrap_or(StatusCode::BAD_REQUEST);
        }
    };
    match &delivery.event {
        // Event fields no document names are optional: a delivery without them still verifies.
        Event::SubscriptionActivated(data) => {
            println!(
                "subscription {:?} of {:?} is active",
                data.order_identifier, data.customer_urn
            )
        }
        Event::PaymentFailed(data) => println!("payment failed: {data:?}"),
        Event::Unknown { event_type, .. } => println!("ignoring new event type {event_type}"),
        other => println!("received {}", other.event_type()),
    }
    // Stands for your handler's outcome (a database write, a queue push, …).
    let handled: Result<(), std::io::Error> = Ok(());
    match handled {
        Ok(()) => StatusCode::NO_CONTENT,
        Err(e) => {
            eprintln!("could not handle {}: {e}", delivery.event_type);
            verifier.release(&delivery); // Azotte's retry of these bytes must pass
            StatusCode::SERVICE_UNAVAILABLE
        }
    }
}

#[tokio::main]
async fn main() {
    let Ok(secret) = std::env::var("AZOTTE_WEBHOOK_SECRET") else {
        eprintln!("error: set AZOTTE_WEBHOOK_SECRET to the webhook secret of your Azotte project");
        std::process::exit(2);
    };
    let verifier = match Verifier::new(secret) {
        Ok(v) => v,
        Err(e) => {
            eprintln!("error: AZOTTE_WEBHOOK_SECRET: {e}");
            std::process::exit(2);
        }
    };
    let addr = "127.0.0.1:3000";
    let listener = match tokio::net::TcpListener::bind(addr).await {
        Ok(l) => l,
        Err(e) => {
            eprintln!("error: cannot listen on {addr}: {e}");
            std::process::exit(1);
        }
    };
    println!("listening on http://{addr}/webhooks/azotte");
    if let Err(e) = axum::serve(listener, router(verifier)).await {
        eprintln!("error: server stopped: {e}");
        std::process::exit(1);
    }
}
