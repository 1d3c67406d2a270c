//! The `first_purchase` and `cancellation` examples of the generated client
//! crate (included with `#[path]`), run against a gateway on port 0 through
//! `AZOTTE_BASE_URL`, and against a closed port.

mod support;

// `cancellation.rs` includes `first_purchase.rs` too: the same file twice.
#[allow(dead_code, clippy::duplicate_mod)]
#[path = "../../generated/azotte/examples/first_purchase.rs"]
mod first_purchase;

#[allow(dead_code, clippy::duplicate_mod)]
#[path = "../../generated/azotte/examples/cancellation.rs"]
mod cancellation;

use azotte_client::types::SubscriptionState;
use azotte_client::Environment;
use support::*;

fn client_for(root: &str) -> azotte_client::c2a::Client {
    first_purchase::client(&Environment::Custom(root.to_owned())).expect("client builds")
}

#[tokio::test]
async fn first_purchase_example_succeeds_with_and_without_3ds() {
    let gw = start().await;
    let root = gw.api_root();
    // The examples' default is the documented local host; AZOTTE_BASE_URL
    // (an API root) overrides it. Only this test touches the variable.
    if std::env::var_os("AZOTTE_BASE_URL").is_none() {
        assert_eq!(
            first_purchase::environment().base_url(),
            "http://localhost:5210/api"
        );
    }
    std::env::set_var("AZOTTE_BASE_URL", &root);
    let environment = first_purchase::environment();
    std::env::remove_var("AZOTTE_BASE_URL");
    assert_eq!(environment, Environment::Custom(root.clone()));
    let c = first_purchase::client(&environment).expect("client builds");
    for three_ds in [false, true] {
        let mut lines = Vec::new();
        let purchase = first_purchase::first_purchase(&c, &root, three_ds, &mut |l| lines.push(l))
            .await
            .unwrap_or_else(|e| panic!("{e}\n{}", lines.join("\n")));
        assert_eq!(purchase.three_ds, three_ds);
        for step in [
            "1. validate_customer",
            "2. store_customer",
            "3. resolve_offer",
            "4. submit_checkout",
            "6. list_subscriptions",
        ] {
            assert!(
                lines.iter().any(|l| l.starts_with(step)),
                "{step} missing:\n{}",
                lines.join("\n")
            );
        }
        assert!(
            lines.iter().any(|l| l.contains("Processing")),
            "{}",
            lines.join("\n")
        );
        assert!(
            lines.last().unwrap().ends_with("is Active"),
            "{}",
            lines.join("\n")
        );
        assert_eq!(lines.iter().any(|l| l.contains("3DS required")), three_ds);
    }
}

#[tokio::test]
async fn cancellation_example_confirms_or_keeps_the_subscription() {
    let gw = start().await;
    let root = gw.api_root();
    let c = client_for(&root);
    let mut lines = Vec::new();
    let done = cancellation::cancellation(&c, &root, None, false, &mut |l| lines.push(l))
        .await
        .unwrap_or_else(|e| panic!("{e}\n{}", lines.join("\n")));
    assert_eq!(
        done.state,
        SubscriptionState::PendingCancellation,
        "{}",
        lines.join("\n")
    );
    assert!(lines
        .iter()
        .any(|l| l.starts_with("2. request_cancellation: reasons")));
    assert!(lines
        .iter()
        .any(|l| l.starts_with("3. confirm_cancellation")));

    let urn = first_purchase::first_purchase(&c, &root, false, &mut |_| {})
        .await
        .unwrap()
        .customer_urn;
    let kept = cancellation::cancellation(&c, &root, Some(urn), true, &mut |_| {})
        .await
        .unwrap();
    assert_eq!(kept.state, SubscriptionState::Active);
}

#[tokio::test]
async fn a_wrong_port_gives_one_clear_line() {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    drop(listener); // nothing listens there now
    let root = format!("http://127.0.0.1:{port}/api");
    let c = client_for(&root);
    let err = first_purchase::first_purchase(&c, &root, false, &mut |_| {})
        .await
        .unwrap_err();
    assert!(
        err.starts_with(&format!("cannot reach the Azotte gateway at {root}")),
        "{err}"
    );
    assert!(err.contains("cargo run -p azotte-gateway"), "{err}");
    assert!(!err.contains('\n'), "one line: {err}");
    let err = cancellation::cancellation(&c, &root, None, false, &mut |_| {})
        .await
        .unwrap_err();
    assert!(err.starts_with("cannot reach the Azotte gateway"), "{err}");
}
