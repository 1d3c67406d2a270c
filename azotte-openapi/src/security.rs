//! `components/securitySchemes` from the spec's auth schemes, and each
//! lane's accepted choices as an operation's `security` (OR of ANDs).
//!
//! | spec kind | OpenAPI |
//! |---|---|
//! | `api_key` | one `apiKey` header scheme per header (`<scheme>.<header>`), all in one requirement |
//! | `oauth2_client_credentials` | `oauth2` with a `clientCredentials` flow; `tokenUrl` is the token path as declared (a relative URL resolves against the server, RFC 3986: `/oauth/token` is on the API host's root, where the client sends it) |
//! | `bearer_token` | `http` `bearer` |
//! | `hmac_request_signature` / `hmac_webhook` | one `apiKey` header scheme per header it sends (key, signature, timestamp), whose description gives the signing rule: OpenAPI cannot express request signing |

use crate::text::{inferred, join};
use azotte_spec::model::{
    is_inferred, AuthKind, AuthScheme, ClientAuth, Lane, Signature, SignedPart,
};
use azotte_spec::Spec;
use serde_json::{json, Map, Value};

/// The name of the scheme entry of `header` in `scheme`.
fn header_entry(scheme: &str, header: &str) -> String {
    format!("{scheme}.{header}")
}

/// Every security scheme entry, by name.
pub fn components(spec: &Spec) -> Map<String, Value> {
    let mut out = Map::new();
    for scheme in &spec.auth {
        for (name, mut entry) in entries(scheme) {
            inferred(&mut entry, is_inferred(scheme.doc.as_deref()));
            out.insert(name, Value::Object(entry));
        }
    }
    out
}

fn api_key_header(header: &str, description: Option<String>) -> Map<String, Value> {
    let mut m = Map::new();
    m.insert("type".into(), json!("apiKey"));
    m.insert("in".into(), json!("header"));
    m.insert("name".into(), json!(header));
    if let Some(d) = description {
        m.insert("description".into(), json!(d));
    }
    m
}

/// The entries of one scheme, in the order they are applied.
fn entries(scheme: &AuthScheme) -> Vec<(String, Map<String, Value>)> {
    let doc = scheme.doc.clone();
    match &scheme.kind {
        AuthKind::ApiKey { headers } => headers
            .iter()
            .map(|h| {
                let text = join([
                    h.doc.clone(),
                    Some(format!(
                        "Part of `{}`: send every header of the scheme together.",
                        scheme.name
                    )),
                    doc.clone(),
                ]);
                (
                    header_entry(&scheme.name, &h.header),
                    api_key_header(&h.header, text),
                )
            })
            .collect(),
        AuthKind::OAuth2ClientCredentials {
            token_path,
            client_auth,
            scopes,
            ..
        } => {
            let scopes: Map<String, Value> = scopes
                .iter()
                .map(|(s, meaning)| (s.clone(), json!(meaning)))
                .collect();
            let auth = match client_auth {
                ClientAuth::Basic => "HTTP Basic (RFC 6749 §2.3.1)",
                ClientAuth::Form => "`client_id` and `client_secret` form fields",
            };
            let text = join([
                doc,
                Some(format!(
                    "Token request: `application/x-www-form-urlencoded`, `grant_type=client_credentials`, the client authenticated by {auth}. `tokenUrl` is relative to the server's origin."
                )),
            ]);
            let mut m = Map::new();
            m.insert("type".into(), json!("oauth2"));
            m.insert(
                "flows".into(),
                json!({ "clientCredentials": { "tokenUrl": token_path, "scopes": scopes } }),
            );
            if let Some(d) = text {
                m.insert("description".into(), json!(d));
            }
            vec![(scheme.name.clone(), m)]
        }
        AuthKind::BearerToken => {
            let mut m = Map::new();
            m.insert("type".into(), json!("http"));
            m.insert("scheme".into(), json!("bearer"));
            if let Some(d) = doc {
                m.insert("description".into(), json!(d));
            }
            vec![(scheme.name.clone(), m)]
        }
        AuthKind::HmacRequestSignature {
            key_header,
            signature,
        } => {
            let rule = signing_rule(signature, true);
            let mut out = vec![(
                header_entry(&scheme.name, key_header),
                api_key_header(
                    key_header,
                    join([
                        Some(format!(
                            "The key identifying the shared secret that signs the request (`{}`).",
                            scheme.name
                        )),
                        doc.clone(),
                    ]),
                ),
            )];
            out.extend(signature_entries(&scheme.name, signature, &rule, doc));
            out
        }
        AuthKind::HmacWebhook {
            signature,
            timestamp_field,
            tolerance_seconds,
        } => {
            let window = match (timestamp_field, &signature.timestamp_header) {
                (Some(field), _) => Some(format!(
                    "The replay timestamp is the body's `{field}`; a delivery more than {tolerance_seconds} s old (or ahead) is refused."
                )),
                (None, Some(h)) => Some(format!(
                    "The replay timestamp is `{h}`; a delivery more than {tolerance_seconds} s old (or ahead) is refused."
                )),
                (None, None) => Some("No timestamp: there is no replay window.".into()),
            };
            let rule = join([
                Some(signing_rule(signature, false)),
                window,
                Some("Receivers accept the 32 MAC bytes hex or base64 encoded, with or without `sha256=`.".into()),
            ])
            .unwrap_or_default();
            signature_entries(&scheme.name, signature, &rule, doc)
        }
    }
}

fn signature_entries(
    scheme: &str,
    signature: &Signature,
    rule: &str,
    doc: Option<String>,
) -> Vec<(String, Map<String, Value>)> {
    let mut out = vec![(
        header_entry(scheme, &signature.signature_header),
        api_key_header(
            &signature.signature_header,
            join([Some(rule.to_owned()), doc]),
        ),
    )];
    if let Some(ts) = &signature.timestamp_header {
        out.push((
            header_entry(scheme, ts),
            api_key_header(
                ts,
                Some(format!(
                    "Unix seconds when the message was signed (see `{}`).",
                    signature.signature_header
                )),
            ),
        ));
    }
    out
}

/// The signing rule in words (FORMAT.md, "HMAC schemes").
fn signing_rule(s: &Signature, request: bool) -> String {
    let parts: Vec<String> = s
        .signed
        .iter()
        .map(|p| match p {
            SignedPart::Timestamp => match &s.timestamp_header {
                Some(h) => format!("the unix seconds sent in `{h}`"),
                None => "the unix timestamp".into(),
            },
            SignedPart::Method => "the upper-case HTTP method".into(),
            SignedPart::Path => {
                "the request target's path, plus `?` and the query when there is one, exactly as sent".into()
            }
            SignedPart::Body => "the raw body bytes (empty without a body)".into(),
        })
        .collect();
    let canonical = match parts.as_slice() {
        [one] => one.clone(),
        _ => format!("{}, joined by {:?}", parts.join("; "), s.separator),
    };
    let encoding = if s.hex { "hex" } else { "base64" };
    let who = if request {
        "The client signs every request"
    } else {
        "The sender signs every delivery"
    };
    format!(
        "`{}` carries the HMAC-SHA256, keyed with the shared secret, of {canonical}; {encoding}-encoded. {who}: OpenAPI cannot express HMAC signing, so this header is described as an API key.",
        s.signature_header
    )
}

/// The `security` of an operation of `lane`: one requirement per accepted
/// choice, each naming every entry of its schemes (OAuth2 entries with
/// `scopes`).
pub fn requirements(spec: &Spec, lane: &Lane, scopes: &[String]) -> Vec<Value> {
    lane.auth
        .iter()
        .map(|choice| {
            let mut req = Map::new();
            for scheme in choice.schemes.iter().filter_map(|s| spec.auth_scheme(s)) {
                let wants_scopes = matches!(scheme.kind, AuthKind::OAuth2ClientCredentials { .. });
                for (name, _) in entries(scheme) {
                    let granted = if wants_scopes {
                        scopes.to_vec()
                    } else {
                        Vec::new()
                    };
                    req.insert(name, json!(granted));
                }
            }
            Value::Object(req)
        })
        .collect()
}
