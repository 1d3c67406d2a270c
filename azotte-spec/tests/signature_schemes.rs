//! The HMAC scheme keys: where a webhook's replay timestamp comes from
//! (`timestamp_header` or `timestamp_field`), what joins the signed parts
//! (`separator`), and the combinations that cannot work.

mod support;

use azotte_spec::model::AuthKind;
use azotte_spec::{load_sources, Source};
use support::*;

const KEY: &str = "      x-api-key: { from: api_key, secret: true }\n";

fn with_scheme(scheme: &str) -> String {
    edited(KEY, &format!("{KEY}  hook:\n{scheme}"))
}

#[test]
fn a_body_field_timestamp_and_a_separator_load() {
    let text = with_scheme(
        "    kind: hmac_webhook\n    signature_header: X-Sig\n    signed: [body]\n    \
         timestamp_field: diagnostics.createdAt\n    tolerance_seconds: 300\n    separator: \"\\n\"\n",
    );
    let spec = load_sources(&[Source::new("api.yaml", &text)]).unwrap();
    let AuthKind::HmacWebhook {
        signature,
        timestamp_field,
        tolerance_seconds,
    } = &spec.auth_scheme("hook").unwrap().kind
    else {
        panic!()
    };
    assert_eq!(timestamp_field.as_deref(), Some("diagnostics.createdAt"));
    assert_eq!(signature.timestamp_header, None);
    assert_eq!(
        (signature.separator.as_str(), *tolerance_seconds),
        ("\n", 300)
    );
}

#[test]
fn impossible_timestamp_combinations_are_located_errors() {
    let base = "    kind: hmac_webhook\n    signature_header: X-Sig\n";
    for (extra, needle) in [
        (
            "    timestamp_header: X-Ts\n    timestamp_field: diagnostics.createdAt\n    tolerance_seconds: 300\n",
            "from a header or from a body field, not both",
        ),
        (
            "    signed: [timestamp, body]\n    timestamp_field: diagnostics.createdAt\n    tolerance_seconds: 300\n",
            "a `timestamp_field` is signed as part of the body",
        ),
        (
            "    signed: [timestamp]\n    timestamp_field: a.b\n    tolerance_seconds: 300\n",
            "only authentic when the body is signed",
        ),
        ("    timestamp_field: a..b\n    tolerance_seconds: 300\n", "dotted path"),
        ("    timestamp_field: a.b\n", "needs `tolerance_seconds`"),
        ("    tolerance_seconds: 300\n", "needs a timestamp to check against"),
        ("    separator: \"\"\n", "empty `separator`"),
    ] {
        let errors = errors_of(&with_scheme(&format!("{base}{extra}")));
        let found = errors
            .iter()
            .find(|e| e.message.contains(needle) || e.help.contains(needle))
            .unwrap_or_else(|| panic!("`{needle}` not in {errors:#?}"));
        assert!(found.path.starts_with("auth.hook"), "{found}");
        assert!(found.line.is_some(), "{found}");
    }
    let e = only_error(&edited(
        KEY,
        &format!("{KEY}  partner:\n    kind: hmac_request_signature\n    key_header: K\n    signature_header: S\n    timestamp_field: a.b\n"),
    ));
    assert!(
        e.message.contains("`timestamp_field` does not apply"),
        "{e}"
    );
}
