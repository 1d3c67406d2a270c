//! Changes to the API-wide sections: `environments:`, `headers:`, `auth:`,
//! `envelopes:` and the `errors:` catalog.

use crate::{breaks, fine, pair, Change, Cx, Kind, Verdict};
use azotte_spec::model::AuthKind;
use azotte_spec::YamlPath;

pub(crate) fn diff(cx: &Cx, out: &mut Vec<Change>) {
    let (o, n) = (&cx.old.spec, &cx.new.spec);
    for (a, b) in pair(&o.environments, &n.environments, |e| e.name.clone()) {
        let name = b.or(a).map(|e| e.name.clone()).unwrap_or_default();
        let (kind, detail, wire, rust, migration) = match (a, b) {
            (None, Some(e)) => (
                Kind::EnvironmentAdded,
                format!("added: {}", e.url),
                fine("old clients do not use it"),
                breaks(format!("new variant `Environment::{}`: an exhaustive `match` on `Environment` no longer compiles", e.rust_name)),
                Some(format!("add an arm for `Environment::{}` (or `_`)", e.rust_name)),
            ),
            (Some(e), None) => (
                Kind::EnvironmentRemoved,
                format!("removed: {}", e.url),
                breaks("old clients still call that host"),
                breaks(format!("`Environment::{}` no longer exists", e.rust_name)),
                Some(format!("use another environment than `Environment::{}`", e.rust_name)),
            ),
            (Some(x), Some(y)) if x.url != y.url || x.variables != y.variables => (
                Kind::EnvironmentChanged,
                format!("`{}` → `{}`", x.url, y.url),
                breaks("old clients call the old host"),
                if x.variables == y.variables {
                    fine("same variant and arguments")
                } else {
                    breaks(format!("`Environment::{}` takes other arguments", y.rust_name))
                },
                (x.variables != y.variables).then(|| format!("`Environment::{}` takes other arguments", y.rust_name)),
            ),
            _ => continue,
        };
        let at = YamlPath::root("environments").key(&name);
        out.push(Change {
            kind,
            subject: format!("environment `{name}`"),
            detail,
            old: a.and_then(|_| cx.old_at(&at)),
            new: b.and_then(|_| cx.new_at(&at)),
            wire,
            rust,
            addition: a.is_none(),
            migration,
        });
    }
    for (a, b) in pair(&o.headers, &n.headers, |h| h.name.clone()) {
        if a == b {
            continue;
        }
        let name = b.or(a).map(|h| h.name.clone()).unwrap_or_default();
        let role = |h: Option<&azotte_spec::model::Header>| {
            h.map_or("absent".into(), |h| format!("{:?}", h.role))
        };
        let at = YamlPath::root("headers").key(&name);
        out.push(Change {
            kind: Kind::HeaderChanged,
            subject: format!("header `{name}`"),
            detail: match (a, b) {
                (None, _) => format!("added ({})", role(b)),
                (_, None) => format!("removed (was {})", role(a)),
                _ => format!(
                    "role {} → {} (or generation, secrecy, docs)",
                    role(a),
                    role(b)
                ),
            },
            old: a.and_then(|_| cx.old_at(&at)),
            new: b.and_then(|_| cx.new_at(&at)),
            wire: fine("the format makes no header mandatory"),
            rust: fine(
                "headers are set by role or by `with_header`; no generated signature names them",
            ),
            addition: a.is_none(),
            migration: None,
        });
    }
    for (a, b) in pair(&o.auth, &n.auth, |s| s.name.clone()) {
        if a.map(|s| (&s.rust_name, &s.kind)) == b.map(|s| (&s.rust_name, &s.kind)) {
            continue;
        }
        let name = b.or(a).map(|s| s.name.clone()).unwrap_or_default();
        let at = YamlPath::root("auth").key(&name);
        let (detail, wire, rust) = match (a, b) {
            (None, Some(s)) => (
                "added".to_owned(),
                fine("old clients use the schemes they know"),
                fine(format!("new credentials type `auth::{}`", s.rust_name)),
            ),
            (Some(s), None) => (
                "removed".to_owned(),
                breaks("old clients may authenticate with it"),
                breaks(format!("`auth::{}` no longer exists", s.rust_name)),
            ),
            (Some(x), Some(y)) => auth_change(x, y),
            (None, None) => continue,
        };
        out.push(Change {
            kind: Kind::AuthChanged,
            subject: format!("auth scheme `{name}`"),
            detail,
            old: a.and_then(|_| cx.old_at(&at)),
            new: b.and_then(|_| cx.new_at(&at)),
            migration: rust.breaking.then(|| {
                format!(
                    "build credentials without `auth::{}`",
                    a.map_or("", |s| s.rust_name.as_str())
                )
            }),
            wire,
            rust,
            addition: a.is_none(),
        });
    }
    for (a, b) in pair(&o.envelopes, &n.envelopes, |e| e.name.clone()) {
        if a == b {
            continue;
        }
        let name = b.or(a).map(|e| e.name.clone()).unwrap_or_default();
        let at = YamlPath::root("envelopes").key(&name);
        out.push(Change {
            kind: Kind::EnvelopeChanged,
            subject: format!("envelope `{name}`"),
            detail: match (a, b) {
                (None, _) => "added".into(),
                (_, None) => "removed".into(),
                _ => "keys changed".into(),
            },
            old: a.and_then(|_| cx.old_at(&at)),
            new: b.and_then(|_| cx.new_at(&at)),
            wire: if a.is_some() && b.is_some() {
                breaks("old clients read status, payload and links under the old keys")
            } else {
                fine("lanes that use it are listed on their own")
            },
            rust: fine("envelopes are read by the runtime; callers do not name them"),
            addition: a.is_none(),
            migration: None,
        });
    }
    for (a, b) in pair(&o.errors, &n.errors, |e| e.code.clone()) {
        let (Some(x), Some(y)) = (a, b) else {
            continue; // per endpoint: see ErrorCodeAdded / ErrorCodeRemoved
        };
        if x.variant == y.variant && x.http == y.http && x.severity == y.severity {
            continue;
        }
        let at = YamlPath::root("errors").key(&y.code);
        out.push(Change {
            kind: Kind::ErrorCodeChanged,
            subject: format!("error code `{}`", y.code),
            detail: format!(
                "variant {} → {}, HTTP {} → {}, severity {:?} → {:?}",
                x.variant, y.variant, x.http, y.http, x.severity, y.severity
            ),
            old: cx.old_at(&at),
            new: cx.new_at(&at),
            wire: fine("clients match errors by their code"),
            rust: if x.variant == y.variant {
                fine("same variant name")
            } else {
                breaks(format!(
                    "variant `{}` is `{}` now in every endpoint error enum",
                    x.variant, y.variant
                ))
            },
            addition: false,
            migration: (x.variant != y.variant)
                .then(|| format!("rename `::{}` to `::{}`", x.variant, y.variant)),
        });
    }
}

/// A scheme kept by name whose kind or parameters changed.
fn auth_change(
    x: &azotte_spec::model::AuthScheme,
    y: &azotte_spec::model::AuthScheme,
) -> (String, Verdict, Verdict) {
    let same_kind = std::mem::discriminant(&x.kind) == std::mem::discriminant(&y.kind);
    let detail = format!("{} → {}", kind_name(&x.kind), kind_name(&y.kind));
    let rust = if same_kind && x.rust_name == y.rust_name {
        fine("same credentials type")
    } else {
        breaks(format!(
            "`auth::{}` is `auth::{}` of another kind now",
            x.rust_name, y.rust_name
        ))
    };
    (detail, breaks("old clients authenticate the old way"), rust)
}

fn kind_name(k: &AuthKind) -> String {
    match k {
        AuthKind::ApiKey { headers } => {
            let h: Vec<&str> = headers.iter().map(|h| h.header.as_str()).collect();
            format!("api_key {h:?}")
        }
        AuthKind::OAuth2ClientCredentials {
            token_path,
            client_auth,
            ..
        } => {
            format!("oauth2_client_credentials {token_path} {client_auth:?}")
        }
        AuthKind::BearerToken => "bearer_token".into(),
        AuthKind::HmacRequestSignature { key_header, .. } => {
            format!("hmac_request_signature {key_header}")
        }
        AuthKind::HmacWebhook { signature, .. } => {
            format!("hmac_webhook {}", signature.signature_header)
        }
    }
}
