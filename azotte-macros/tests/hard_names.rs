//! The spec of hard names and docs (`azotte-codegen/tests/hard_names/hard.yaml`:
//! keyword lanes, methods, verbs, fields and placeholders, `self` renamed
//! where the API chose it, a non-identifier area key, docs with CR and control
//! characters) compiles through `generate!`, and the names are usable.

mod hard {
    azotte_macros::generate!("../azotte-codegen/tests/hard_names");
}

use hard::prelude::*;
use hard::types::{Mode, Thing};

#[test]
fn keyword_and_renamed_names_are_usable() {
    let thing = Thing::new("t").self_("me").r#gen(Mode::Itself).r#await(3);
    let sent = serde_json::to_value(&thing).unwrap();
    assert_eq!(
        sent,
        serde_json::json!({ "self": "me", "type": "t", "gen": "self", "await": 3 })
    );
    let env = hard::Environment::r#type("acme", "eu");
    assert_eq!(env.base_url(), "https://acme.eu.example.com");
    assert_eq!(hard::Environment::Crate.name(), Some("crate"));
}

#[test]
fn keyword_lanes_are_modules_with_their_methods() {
    // The lane `type` is `r#type`; its area `metering-events` has the
    // accessor `metering_events()`, the verb `type` and the method `match`.
    let client = hard::r#type::Client::new(
        &hard::Environment::Custom("http://127.0.0.1:9".into()),
        hard::auth::Key::new("k", "s"),
    )
    .unwrap();
    let handle = client.metering_events();
    let (query, body) = (
        hard::r#type::MatchQuery::new().r#async("x"),
        Thing::new("t"),
    );
    let _future = handle.r#type("a", "b", &query, &body);
    // The inbound lane `struct`: the event type `self` is the variant `Itself`.
    let event = hard::r#struct::Event::Itself(Thing::new("x"));
    assert!(matches!(event, hard::r#struct::Event::Itself(_)));
}
