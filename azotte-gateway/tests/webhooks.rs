//! W2M delivery to a test receiver (axum on 127.0.0.1:0) that verifies each
//! delivery with the generated `w2m::Verifier`, answers 500 to the first one
//! (releasing it, as a receiver that could not process a delivery does) and
//! sees it retried; events of a purchase and a cancellation arrive typed.
//! The same deliveries checked by a receiver that knows only document 004's
//! rule: `signatures.rs`.

mod support;

use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use azotte_client::prelude::*;
use azotte_client::types::*;
use azotte_client::w2m::{Event, Verifier};
use azotte_gateway::Config;
use std::sync::{Arc, Mutex};
use std::time::Duration;
use support::*;

const SECRET: &str = "whsec_test_gateway";

#[derive(Default)]
struct Seen {
    requests: u32,
    /// (event type, event id, verified) per request, in arrival order.
    deliveries: Vec<(String, String, bool)>,
    events: Vec<Event>,
}

type Shared = Arc<(Verifier, Mutex<Seen>)>;

async fn receive(State(state): State<Shared>, headers: HeaderMap, body: Bytes) -> StatusCode {
    let (verifier, seen) = &*state;
    let raw: serde_json::Value = serde_json::from_slice(&body).unwrap_or_default();
    let id = raw["event"]["id"].as_str().unwrap_or_default().to_owned();
    let verified = verifier.verify(&headers, &body);
    let mut seen = seen.lock().unwrap();
    seen.requests += 1;
    let kind = raw["event"]["type"].as_str().unwrap_or_default().to_owned();
    seen.deliveries.push((kind, id, verified.is_ok()));
    let Ok(delivery) = verified else {
        return StatusCode::UNAUTHORIZED;
    };
    if seen.requests == 1 {
        verifier.release(&delivery); // not processed: its retry must pass
        return StatusCode::INTERNAL_SERVER_ERROR; // the first delivery fails once
    }
    seen.events.push(delivery.event);
    StatusCode::NO_CONTENT
}

async fn receiver() -> (String, Shared) {
    let state: Shared = Arc::new((Verifier::new(SECRET).unwrap(), Mutex::new(Seen::default())));
    let app = axum::Router::new()
        .route("/hooks", axum::routing::post(receive))
        .with_state(state.clone());
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}/hooks", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    (url, state)
}

async fn wait_for(state: &Shared, events: usize) {
    for _ in 0..200 {
        if state.1.lock().unwrap().events.len() >= events {
            return;
        }
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    panic!(
        "only {} events arrived",
        state.1.lock().unwrap().events.len()
    );
}

#[tokio::test]
async fn signed_webhooks_are_delivered_and_retried() {
    let (url, state) = receiver().await;
    let gw = start_with(Config {
        webhooks: vec![url.clone()],
        webhook_secret: SECRET.into(),
        ..config()
    })
    .await;
    let c = c2a(&gw, TENANT_A);
    let (urn, order) = subscribed(&c, "ext-hooks").await;
    wait_for(&state, 2).await;
    {
        let seen = state.1.lock().unwrap();
        assert!(
            seen.deliveries.iter().all(|(_, _, verified)| *verified),
            "{:?}",
            seen.deliveries
        );
        let (first_type, first_id, _) = &seen.deliveries[0];
        let retried = seen.deliveries[1..]
            .iter()
            .filter(|(t, id, _)| t == first_type && id == first_id)
            .count();
        assert_eq!(
            retried, 1,
            "the delivery answered 500 is retried once: {:?}",
            seen.deliveries
        );
        let captured = seen.events.iter().find_map(|e| match e {
            Event::PaymentCaptured(p) => Some(p.clone()),
            _ => None,
        });
        let captured = captured.expect("payment.captured");
        assert_eq!(captured.customer_urn, Some(urn.clone()));
        assert_eq!(captured.amount, Some(Milpieces::new(999_000)));
        let activated = seen.events.iter().find_map(|e| match e {
            Event::SubscriptionActivated(s) => Some(s.clone()),
            _ => None,
        });
        assert_eq!(
            activated.expect("subscription.activated").order_identifier,
            Some(order.clone())
        );
    }
    let attempts = gw.deliveries();
    assert!(
        attempts
            .iter()
            .any(|a| a.status == Some(500) && a.attempt == 1),
        "{attempts:?}"
    );
    assert!(
        attempts
            .iter()
            .any(|a| a.status == Some(204) && a.attempt == 2),
        "{attempts:?}"
    );

    let reference = SubscriptionReference::new(urn.clone(), order.clone());
    c.request_cancellation(&reference).await.unwrap();
    c.confirm_cancellation(&ConfirmCancellationRequest::new(urn, order.clone()))
        .await
        .unwrap();
    wait_for(&state, 3).await;
    let seen = state.1.lock().unwrap();
    let cancelled = seen.events.iter().find_map(|e| match e {
        Event::SubscriptionCancelled(s) => Some(s.clone()),
        _ => None,
    });
    let cancelled = cancelled.expect("subscription.cancelled");
    assert_eq!(
        cancelled.state,
        Some(SubscriptionState::PendingCancellation)
    );
    assert_eq!(cancelled.previous_state, Some(SubscriptionState::Active));
}

#[tokio::test]
async fn an_unreachable_receiver_gets_twelve_attempts() {
    let gw = start_with(Config {
        webhooks: vec!["http://127.0.0.1:1/hooks".into()],
        webhook_backoff: Duration::from_millis(1),
        webhook_max_backoff: Duration::from_millis(4),
        ..config()
    })
    .await;
    let c = c2a(&gw, TENANT_A);
    subscribed(&c, "ext-down").await;
    for _ in 0..300 {
        let attempts = gw.deliveries();
        let captured: Vec<_> = attempts
            .iter()
            .filter(|a| a.event_type == "payment.captured")
            .collect();
        if captured.len() >= 12 {
            tokio::time::sleep(Duration::from_millis(50)).await;
            let again = gw
                .deliveries()
                .iter()
                .filter(|a| a.event_type == "payment.captured")
                .count();
            assert_eq!(again, 12, "document 004: at most 12 attempts");
            assert!(captured.iter().all(|a| a.status.is_none()));
            return;
        }
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    panic!("{:?}", gw.deliveries());
}
