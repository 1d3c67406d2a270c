//! `--state PATH`: the gateway keeps its state in a SQLite file, written
//! through before each answer. A restart keeps customers, payment methods,
//! checkouts, subscriptions and idempotent answers; a `kill -9` in the
//! middle of concurrent writes loses none that was acknowledged, and the
//! file opens cleanly with no half-written change.

mod support;

use azotte_client::c2a::*;
use azotte_client::types::*;
use azotte_client::Environment;
use serde_json::Value;
use std::collections::HashMap;
use std::process::{Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::Duration;
use support::*;

#[tokio::test]
async fn a_restart_keeps_the_state() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("gateway.sqlite");
    let with_state = || azotte_gateway::Config {
        state: Some(file.clone()),
        ..config()
    };
    let gw = start_with(with_state()).await;
    let c = c2a(&gw, TENANT_A);
    let (urn, order) = subscribed(&c, "kept").await;
    let method = c
        .tokenize_payment_method(&TokenizePaymentMethodRequest::new(
            "kept-pm",
            urn.clone(),
            "tok_visa_4242",
        ))
        .await
        .unwrap()
        .into_inner();
    let deleted = customer(&c, "deleted").await;
    c.delete_customer(&DeleteCustomerRequest::new(
        CustomerLookup::new().customer_urn(deleted.clone()),
    ))
    .await
    .unwrap();
    gw.stop().await;

    let gw = start_with(with_state()).await;
    let c = c2a(&gw, TENANT_A);
    let found = c
        .customer_info(&CustomerInfoQuery::new().customer_urn(urn.clone()))
        .await
        .expect("the customer survived the restart");
    assert_eq!(found.external_id.as_str(), "kept");
    assert_eq!(found.email.as_deref(), Some("kept@example.com"));
    let subs = c.list_subscriptions(&urn).await.unwrap().into_inner();
    let subs = subs.subscriptions.expect("subscriptions");
    assert_eq!(subs.len(), 1);
    assert_eq!(subs[0].order_identifier, order);
    assert_eq!(subs[0].state, SubscriptionState::Active);
    let methods = c
        .list_payment_methods(&ListPaymentMethodsQuery::new(urn.clone()))
        .await
        .unwrap();
    assert!(methods
        .payment_methods
        .as_deref()
        .unwrap_or_default()
        .iter()
        .any(|m| m.payment_method_urn == method.payment_method_urn));
    let err = c
        .customer_info(&CustomerInfoQuery::new().customer_urn(deleted))
        .await
        .unwrap_err();
    assert_eq!(
        err.service_error(),
        Some(&CustomerInfoError::CustomerNotFound)
    );
    // The unique e-mail index is rebuilt, the counter too (no URN reused).
    let dup = c
        .store_customer(&StoreCustomerRequest::new(
            CustomerDetails::new("other").email("KEPT@example.com"),
        ))
        .await
        .unwrap_err();
    assert_eq!(
        dup.service_error(),
        Some(&StoreCustomerError::UserWithSameEmailExists)
    );
    let fresh = customer(&c, "fresh").await;
    assert_ne!(fresh, urn);
    // An idempotent answer outlives the restart: the same tokenize replays.
    let again = c
        .tokenize_payment_method(&TokenizePaymentMethodRequest::new(
            "kept-pm",
            urn.clone(),
            "tok_visa_4242",
        ))
        .await
        .unwrap();
    assert_eq!(again.payment_method_urn, method.payment_method_urn);
    // The seeded examples are still there, once.
    let seeded = c2a(&gw, azotte_gateway::state::seed::GETTING_STARTED_TENANT)
        .customer_info(&CustomerInfoQuery::new().customer_urn("cu.00.482"))
        .await;
    assert!(seeded.is_ok());
}

#[tokio::test]
async fn a_bad_state_file_is_a_located_start_error() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("not-sqlite");
    std::fs::write(
        &file,
        "this is not a database, just text long enough to look like a header",
    )
    .unwrap();
    let err = azotte_gateway::Gateway::start(azotte_gateway::Config {
        state: Some(file.clone()),
        ..config()
    })
    .await
    .unwrap_err();
    let text = err.to_string();
    assert!(
        text.contains("state file") && text.contains("not-sqlite"),
        "{text}"
    );
}

/// Starts the real binary on a free port with `--state file`.
fn spawn(file: &std::path::Path) -> (Running, String) {
    let mut running = Running(
        Command::new(env!("CARGO_BIN_EXE_azotte-gateway"))
            .args(["--port", "0", "--quiet", "--state"])
            .arg(file)
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("the gateway binary starts"),
    );
    let base = running.base_url();
    (running, format!("{base}/api"))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn kill_9_loses_no_acknowledged_write() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("state.sqlite");
    let (mut running, root) = spawn(&file);
    // Acknowledged writes: customer URN -> externalId, and orders by customer.
    let customers: Arc<Mutex<HashMap<String, String>>> = Arc::default();
    let orders: Arc<Mutex<Vec<(String, String)>>> = Arc::default();
    let mut workers = Vec::new();
    for w in 0..8 {
        let (root, customers, orders) = (root.clone(), customers.clone(), orders.clone());
        workers.push(tokio::spawn(async move {
            let env = Environment::Custom(root);
            let c = Client::new(
                &env,
                azotte_client::auth::TenantApiKey::new("sk_dev_gateway", TENANT_A),
            )
            .unwrap();
            for i in 0.. {
                let ext = format!("w{w}-{i}");
                let details =
                    CustomerDetails::new(ext.as_str()).email(format!("{ext}@example.com"));
                let Ok(stored) = c.store_customer(&StoreCustomerRequest::new(details)).await else {
                    return;
                };
                let urn = stored.into_inner().customer_urn;
                customers
                    .lock()
                    .unwrap()
                    .insert(urn.to_string(), ext.clone());
                if i % 2 == 1 {
                    continue;
                }
                // A checkout whose success writes several records at once.
                let Ok(offer) = c.resolve_offer(&OfferRequest::new(context(&urn))).await else {
                    return;
                };
                let order = CheckoutRequest::new(
                    format!("kill-{ext}"),
                    context(&urn),
                    offer.into_inner().offer_identifier,
                );
                let Ok(accepted) = c.submit_checkout(&order).await else {
                    return;
                };
                let tracking = accepted.into_inner().tracking_number;
                loop {
                    let Ok(status) = c.checkout_status(&tracking).await else {
                        return;
                    };
                    let status = status.into_inner();
                    if let Some(order) = status.order_identifier {
                        orders
                            .lock()
                            .unwrap()
                            .push((urn.to_string(), order.to_string()));
                        break;
                    }
                }
            }
        }));
    }
    tokio::time::sleep(Duration::from_millis(1500)).await;
    running.0.kill().expect("SIGKILL"); // std's kill is SIGKILL on Unix
    running.0.wait().unwrap();
    for w in workers {
        w.await.unwrap();
    }
    let customers = customers.lock().unwrap().clone();
    let orders = orders.lock().unwrap().clone();
    assert!(
        customers.len() > 20,
        "the load ran: {} customers",
        customers.len()
    );
    assert!(!orders.is_empty(), "some checkouts succeeded");

    // The file opens cleanly and holds no half-written change: every
    // succeeded checkout's subscription is there (one transaction wrote both).
    {
        let db = rusqlite::Connection::open(&file).unwrap();
        let check: String = db
            .query_row("PRAGMA integrity_check", [], |r| r.get(0))
            .unwrap();
        assert_eq!(check, "ok");
        let mut rows = db
            .prepare("SELECT value FROM records WHERE kind = 'checkout'")
            .unwrap();
        let checkouts: Vec<Value> = rows
            .query_map([], |r| r.get::<_, String>(0))
            .unwrap()
            .map(|v| serde_json::from_str(&v.unwrap()).unwrap())
            .collect();
        for c in checkouts.iter().filter(|c| c["state"] == "Succeeded") {
            let order = c["order"]
                .as_str()
                .expect("a succeeded checkout names its order");
            let n: i64 = db
                .query_row(
                    "SELECT count(*) FROM records WHERE kind = 'subscription' AND key = ?1",
                    [order],
                    |r| r.get(0),
                )
                .unwrap();
            assert_eq!(n, 1, "subscription {order} of a succeeded checkout");
        }
    }

    let (_running, root) = spawn(&file);
    let c = Client::new(
        &Environment::Custom(root),
        azotte_client::auth::TenantApiKey::new("sk_dev_gateway", TENANT_A),
    )
    .unwrap();
    for (urn, ext) in &customers {
        let found = c
            .customer_info(&CustomerInfoQuery::new().customer_urn(urn.as_str()))
            .await
            .unwrap_or_else(|e| panic!("acknowledged customer {urn} lost: {e}"));
        assert_eq!(found.external_id.as_str(), ext);
    }
    for (urn, order) in &orders {
        let subs = c
            .list_subscriptions(&CustomerUrn::from(urn.as_str()))
            .await
            .unwrap();
        let subs = subs.into_inner().subscriptions.unwrap_or_default();
        assert!(
            subs.iter().any(|s| s.order_identifier.as_str() == order),
            "acknowledged order {order} lost"
        );
    }
}

#[tokio::test]
async fn a_pending_webhook_delivery_survives_a_restart() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("hooks.sqlite");
    // A receiver port that refuses connections until the receiver starts.
    let port = free_port();
    let url = format!("http://127.0.0.1:{port}/hooks");
    let with_state = |backoff_ms: u64| azotte_gateway::Config {
        state: Some(file.clone()),
        webhooks: vec![url.clone()],
        webhook_backoff: Duration::from_millis(backoff_ms),
        webhook_max_backoff: Duration::from_millis(backoff_ms),
        ..config()
    };
    let gw = start_with(with_state(60_000)).await;
    let c = c2a(&gw, TENANT_A);
    subscribed(&c, "hooked").await;
    gw.stop().await;

    let seen = receive_on(port).await;
    let gw = start_with(with_state(10)).await;
    for _ in 0..100 {
        if seen.lock().unwrap().len() >= 2 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let mut kinds = seen.lock().unwrap().clone();
    kinds.sort();
    assert_eq!(kinds, ["payment.captured", "subscription.activated"]);
    // Delivered deliveries leave the file: a third start sends nothing.
    gw.stop().await;
    let gw = start_with(with_state(10)).await;
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert_eq!(seen.lock().unwrap().len(), 2);
    drop(gw);
}

/// A free port on loopback, with nothing listening on it yet.
fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// A webhook receiver on `port` answering 204; the event types it got.
async fn receive_on(port: u16) -> Arc<Mutex<Vec<String>>> {
    let seen: Arc<Mutex<Vec<String>>> = Arc::default();
    let record = seen.clone();
    let app = axum::Router::new().route(
        "/hooks",
        axum::routing::post(move |body: axum::body::Bytes| {
            let record = record.clone();
            async move {
                let v: Value = serde_json::from_slice(&body).unwrap_or_default();
                let kind = v["event"]["type"].as_str().unwrap_or_default().to_owned();
                record.lock().unwrap().push(kind);
                axum::http::StatusCode::NO_CONTENT
            }
        }),
    );
    let listener = tokio::net::TcpListener::bind(("127.0.0.1", port))
        .await
        .unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    seen
}

/// A delivery dropped at `--webhook-queue` was reported lost (log line,
/// `overflowed`), so it leaves the state file: a restart resends only the
/// delivery that was still waiting in the queue.
#[tokio::test]
async fn an_overflowed_delivery_leaves_the_state_file() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("overflow.sqlite");
    let port = free_port();
    let url = format!("http://127.0.0.1:{port}/hooks");
    let with_state = |queue: usize| azotte_gateway::Config {
        state: Some(file.clone()),
        webhooks: vec![url.clone()],
        webhook_queue: queue,
        webhook_backoff: Duration::from_secs(60),
        webhook_max_backoff: Duration::from_secs(60),
        ..config()
    };
    // Receiver down and room for one: the purchase's second event overflows.
    let gw = start_with(with_state(1)).await;
    subscribed(&c2a(&gw, TENANT_A), "overflow").await;
    assert_eq!(gw.stats()["webhooks"]["overflowed"], 1);
    assert_eq!(gw.stats()["webhooks"]["waiting"], 1);
    gw.stop().await;

    let seen = receive_on(port).await;
    let gw = start_with(with_state(10)).await;
    for _ in 0..100 {
        if !seen.lock().unwrap().is_empty() {
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert_eq!(seen.lock().unwrap().len(), 1, "{:?}", seen.lock().unwrap());
    assert_eq!(gw.stats()["webhooks"]["delivered"], 1);
    drop(gw);
}
