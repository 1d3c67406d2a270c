//! The `oauth2_client_credentials` scheme's keys: client authentication per
//! RFC 6749 §2.3.1 (`basic` by default, or `form`), and no token request
//! encoding but the RFC's form (`token_request: json` is refused, located,
//! with help pointing at RFC 6749).

mod support;

use azotte_spec::model::{AuthKind, ClientAuth};
use azotte_spec::{load_sources, Source};
use support::{edited, only_error};

const KEY_SCHEME: &str = "  key:\n    kind: api_key\n";

/// `VALID` with an OAuth scheme `svc` (with `extra` keys) beside `key`.
fn with_oauth(extra: &str) -> String {
    edited(
        KEY_SCHEME,
        &format!("  svc:\n    kind: oauth2_client_credentials\n    token_path: /oauth/token\n{extra}{KEY_SCHEME}"),
    )
}

fn client_auth(text: &str) -> ClientAuth {
    let spec = load_sources(&[Source::new("api.yaml", text)]).expect("valid");
    match &spec.auth_scheme("svc").expect("declared").kind {
        AuthKind::OAuth2ClientCredentials { client_auth, .. } => *client_auth,
        other => panic!("not OAuth: {other:?}"),
    }
}

#[test]
fn client_auth_defaults_to_basic_and_takes_form() {
    assert_eq!(client_auth(&with_oauth("")), ClientAuth::Basic);
    assert_eq!(
        client_auth(&with_oauth("    client_auth: basic\n")),
        ClientAuth::Basic
    );
    assert_eq!(
        client_auth(&with_oauth("    client_auth: form\n")),
        ClientAuth::Form
    );
    // `form`, the RFC's only encoding, may still be spelled out.
    assert_eq!(
        client_auth(&with_oauth("    token_request: form\n")),
        ClientAuth::Basic
    );
}

#[test]
fn a_json_token_request_is_refused_pointing_at_rfc_6749() {
    let e = only_error(&with_oauth("    token_request: json\n"));
    assert_eq!(e.path, "auth.svc.token_request");
    assert_eq!(e.line, Some(10), "the line of the key");
    assert!(e.message.contains("`json`"), "{e}");
    assert!(
        e.message.contains("application/x-www-form-urlencoded"),
        "{e}"
    );
    assert!(
        e.help.contains("RFC 6749") || e.message.contains("RFC 6749"),
        "{e}"
    );
    assert!(e.help.contains("rfc6749#section-4.4.2"), "{e}");
}

#[test]
fn an_unknown_client_auth_is_refused_with_the_choices() {
    let e = only_error(&with_oauth("    client_auth: basik\n"));
    assert_eq!(e.path, "auth.svc.client_auth");
    assert_eq!(e.line, Some(10), "the line of the key");
    assert!(e.message.contains("did you mean `basic`?"), "{e}");
    assert!(
        e.help.contains("`basic`") && e.help.contains("`form`"),
        "{e}"
    );
}

#[test]
fn client_auth_belongs_to_oauth_schemes_only() {
    let e = only_error(&edited(
        KEY_SCHEME,
        "  key:\n    kind: api_key\n    client_auth: basic\n",
    ));
    assert_eq!(e.path, "auth.key.client_auth");
    assert!(
        e.message.contains("does not apply to auth kind `api_key`"),
        "{e}"
    );
}

#[test]
fn a_declared_scope_must_be_an_rfc_6749_scope_token() {
    let e = only_error(&with_oauth(
        "    scopes:\n      \"read customers\": Two words.\n",
    ));
    assert_eq!(e.path, "auth.svc.scopes.read customers");
    assert_eq!(e.line, Some(11), "the line of the scope");
    assert!(e.message.contains("not an RFC 6749 scope token"), "{e}");
    assert!(e.help.contains("§3.3"), "{e}");
}
