//! A W2M webhook receiver on axum: verify the signature over the raw body,
//! then act on the typed event. Any non-2xx answer makes Azotte retry with
//! backoff (document 004), so answer 2xx only once the event is handled.
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
    StatusCode::NO_CONTENT
}

#[tokio::main]
async fn main() {
    let Ok(secret) = std::env::var("AZOTTE_WEBHOOK_SECRET") else {
        eprintln!("error: set AZOTTE_WEBHOOK_SECRET to the webhook secret of your Azotte project");
        std::process::exit(2);
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
    if let Err(e) = axum::serve(listener, router(Verifier::new(secret))).await {
        eprintln!("error: server stopped: {e}");
        std::process::exit(1);
    }
}
