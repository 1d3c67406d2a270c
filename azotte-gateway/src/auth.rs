//! Auth as each lane declares it (`lane.auth`: accepted choices, each one or
//! more schemes applied together), and the OAuth2 token endpoint (`token.rs`).
//!
//! - `api_key`: the secret header (`x-api-key`) must pass the key policy
//!   ([`crate::keys`]: any development-shaped key, or exactly the `--api-key`
//!   keys), else 401 with an empty body (document 002) whose reason is in the
//!   `WWW-Authenticate` header and the log line; a missing non-secret header
//!   (`x-tn`) is a 400 in the lane's envelope. Any tenant id is accepted.
//! - `oauth2_client_credentials`: `Authorization: Bearer` must be a token this
//!   gateway issued at the scheme's `token_path` and not expired (15 min).
//! - `bearer_token` (P2M user sessions): any non-empty bearer is accepted,
//!   or exactly the `--user-token` tokens when some are given (the
//!   conformance run gives one, so a made-up token must be refused).
//! - `hmac_request_signature` (T2M): the partner key must be the configured
//!   one, the timestamp within 300 s, the signature equal to the HMAC of the
//!   spec's canonical string (its signed parts joined with its separator:
//!   for Azotte `timestamp\nMETHOD\npath?query\nbody`, path and query as
//!   received) with the partner secret.
//!
//! Token-lane rejections are 401 in the lane's envelope with the catalog's
//! 401 code (`MNT-401-01`). The tenant is the api-key scheme's tenant header,
//! else the spec's tenant-role header (`X-Moneti-Tenant`), else the default.

mod token;

pub use token::{TokenAnswer, TokenPolicy};

use crate::config::Config;
use crate::keys::{KeyPolicy, KeyRefusal};
use crate::state::lock;
use axum::http::HeaderMap;
use azotte_runtime::{sign, SignedPart as RtPart, SigningSpec};
use azotte_spec::model::{AuthKind, HeaderRole, Lane, Signature, SignedPart, Spec};
use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};
use subtle::ConstantTimeEq;

/// Lifetime of issued service tokens (document 004: 15 minutes).
pub const TOKEN_LIFETIME: Duration = Duration::from_secs(900);
/// Accepted age of a T2M signature timestamp, either way.
pub const SIGNATURE_TOLERANCE_SECONDS: u64 = 300;

/// Who is calling.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Principal {
    /// Tenant whose state the call uses.
    pub tenant: String,
    /// The T2M partner key, when one was verified.
    pub partner: Option<String>,
}

/// Why a call is refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Rejection {
    /// 401 with an empty body.
    Unauthorized,
    /// The API key in `header` was refused: 401 with an empty body, the
    /// reason in `WWW-Authenticate` and the log line.
    KeyRefused {
        /// The secret header, e.g. `x-api-key`.
        header: String,
        /// Why.
        refusal: KeyRefusal,
    },
    /// 401 in the lane's envelope, with this message.
    UnauthorizedEnvelope(String),
    /// A required context header (e.g. `x-tn`) is missing: 400 in the envelope.
    MissingHeader(String),
}

/// Credentials the gateway accepts, and the tokens it issued. Its `Debug`
/// names what is configured, never a secret or an issued token.
pub struct Authenticator {
    keys: KeyPolicy,
    user_tokens: Vec<String>,
    client_id: String,
    client_secret: String,
    partner_key: String,
    partner_secret: String,
    default_tenant: String,
    tenant_header: Option<String>,
    signing: HashMap<String, &'static SigningSpec>,
    tokens: Mutex<HashMap<String, Instant>>,
    token_policy: TokenPolicy,
}

impl std::fmt::Debug for Authenticator {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Authenticator")
            .field("keys", &self.keys)
            .field(
                "user_tokens",
                &format_args!("<{} redacted>", self.user_tokens.len()),
            )
            .field("client_id", &self.client_id)
            .field("client_secret", &"[REDACTED]")
            .field("partner_key", &self.partner_key)
            .field("partner_secret", &"[REDACTED]")
            .field("default_tenant", &self.default_tenant)
            .field("issued_tokens", &lock(&self.tokens).len())
            .finish_non_exhaustive()
    }
}

/// The runtime's signing descriptions hold `&'static` parts (generated
/// clients keep them in statics); the gateway builds them once from the spec
/// it loads and keeps them for its whole life.
pub(crate) fn leak(s: &str) -> &'static str {
    Box::leak(s.to_owned().into_boxed_str())
}

/// The runtime's spelling of the parts a spec signature covers, leaked like
/// [`leak`]. Shared by T2M request checks and W2M webhook signing.
pub(crate) fn signed_parts(signature: &Signature) -> &'static [RtPart] {
    let parts: Vec<RtPart> = signature
        .signed
        .iter()
        .map(|p| match p {
            SignedPart::Timestamp => RtPart::Timestamp,
            SignedPart::Method => RtPart::Method,
            SignedPart::Path => RtPart::Path,
            SignedPart::Body => RtPart::Body,
        })
        .collect();
    Box::leak(parts.into_boxed_slice())
}

/// Compares without an early exit on the first differing byte.
pub fn same(a: &[u8], b: &[u8]) -> bool {
    a.ct_eq(b).into()
}

fn header<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers
        .get(name)
        .and_then(|v| v.to_str().ok())
        .map(str::trim)
        .filter(|v| !v.is_empty())
}

fn bearer(headers: &HeaderMap) -> Option<&str> {
    let value = header(headers, "authorization")?;
    let (scheme, token) = value.split_once(' ')?;
    let token = token.trim();
    (scheme.eq_ignore_ascii_case("bearer") && !token.is_empty()).then_some(token)
}

/// What one scheme found: the tenant it names, the partner it verified.
type SchemeOk = (Option<String>, Option<String>);

impl Authenticator {
    /// From the configuration, with the signing specs of `spec`'s schemes.
    /// (Each spec is leaked once per gateway: the runtime's signer wants `'static`.)
    pub fn new(spec: &Spec, config: &Config) -> Self {
        let mut signing = HashMap::new();
        for scheme in &spec.auth {
            if let AuthKind::HmacRequestSignature {
                key_header,
                signature,
            } = &scheme.kind
            {
                let spec: &'static SigningSpec = Box::leak(Box::new(SigningSpec {
                    key_header: leak(key_header),
                    signature_header: leak(&signature.signature_header),
                    timestamp_header: signature.timestamp_header.as_deref().map(leak),
                    signed: signed_parts(signature),
                    separator: leak(&signature.separator),
                    hex: signature.hex,
                }));
                signing.insert(scheme.name.clone(), spec);
            }
        }
        Authenticator {
            keys: KeyPolicy::new(&config.api_keys),
            user_tokens: config.user_tokens.clone(),
            client_id: config.client_id.clone(),
            client_secret: config.client_secret.clone(),
            partner_key: config.partner_key.clone(),
            partner_secret: config.partner_secret.clone(),
            default_tenant: config.default_tenant.clone(),
            tenant_header: spec
                .headers
                .iter()
                .find(|h| h.role == HeaderRole::Tenant)
                .map(|h| h.name.clone()),
            signing,
            tokens: Mutex::new(HashMap::new()),
            token_policy: TokenPolicy::new(spec),
        }
    }

    /// Checks a call on `lane` (`path_and_query` and `body` as received).
    pub fn check(
        &self,
        spec: &Spec,
        lane: &Lane,
        headers: &HeaderMap,
        method: &str,
        path_and_query: &str,
        body: &[u8],
    ) -> Result<Principal, Rejection> {
        let mut first_present = None;
        let mut first = None;
        for choice in &lane.auth {
            let mut tenant = None;
            let mut partner = None;
            let mut failed = None;
            for name in &choice.schemes {
                match self.scheme(spec, name, headers, method, path_and_query, body) {
                    Ok((t, p)) => {
                        tenant = tenant.or(t);
                        partner = partner.or(p);
                    }
                    Err(e) => {
                        failed = Some(e);
                        break;
                    }
                }
            }
            match failed {
                None => {
                    let tenant = tenant
                        .or_else(|| {
                            self.tenant_header
                                .as_deref()
                                .and_then(|h| header(headers, h))
                                .map(str::to_owned)
                        })
                        .unwrap_or_else(|| self.default_tenant.clone());
                    return Ok(Principal { tenant, partner });
                }
                Some((rejection, present)) => {
                    if present && first_present.is_none() {
                        first_present = Some(rejection.clone());
                    }
                    first.get_or_insert(rejection);
                }
            }
        }
        Err(first_present.or(first).unwrap_or(Rejection::Unauthorized))
    }

    fn scheme(
        &self,
        spec: &Spec,
        name: &str,
        headers: &HeaderMap,
        method: &str,
        path_and_query: &str,
        body: &[u8],
    ) -> Result<SchemeOk, (Rejection, bool)> {
        let Some(scheme) = spec.auth_scheme(name) else {
            return Err((Rejection::Unauthorized, false));
        };
        let envelope = |m: &str| Rejection::UnauthorizedEnvelope(m.to_owned());
        match &scheme.kind {
            AuthKind::ApiKey { headers: creds } => {
                let mut tenant = None;
                for cred in creds.iter().filter(|c| c.secret) {
                    let value = header(headers, &cred.header);
                    if let Err(refusal) = self.keys.check(value) {
                        let header = cred.header.clone();
                        // Any header of the scheme (a key, or `x-tn` alone)
                        // means the caller chose this scheme.
                        let present = creds
                            .iter()
                            .any(|c| headers.contains_key(c.header.as_str()));
                        return Err((Rejection::KeyRefused { header, refusal }, present));
                    }
                }
                for cred in creds.iter().filter(|c| !c.secret) {
                    match header(headers, &cred.header) {
                        Some(v) => tenant = tenant.or(Some(v.to_owned())),
                        None => return Err((Rejection::MissingHeader(cred.header.clone()), true)),
                    }
                }
                Ok((tenant, None))
            }
            AuthKind::OAuth2ClientCredentials { .. } => {
                let Some(token) = bearer(headers) else {
                    return Err((
                        envelope("Authorization: Bearer <access token> is required"),
                        false,
                    ));
                };
                let now = Instant::now();
                match lock(&self.tokens).get(token) {
                    Some(expiry) if *expiry > now => Ok((None, None)),
                    Some(_) => Err((envelope("Token expired"), true)),
                    None => Err((
                        envelope("Unknown access token; request one from the token endpoint"),
                        true,
                    )),
                }
            }
            AuthKind::BearerToken => match bearer(headers) {
                Some(token)
                    if self.user_tokens.is_empty()
                        || self
                            .user_tokens
                            .iter()
                            .any(|t| same(t.as_bytes(), token.as_bytes())) =>
                {
                    Ok((None, None))
                }
                Some(_) => Err((envelope("Unknown user token"), true)),
                None => Err((
                    envelope("Authorization: Bearer <user token> is required"),
                    false,
                )),
            },
            AuthKind::HmacRequestSignature { .. } => {
                let Some(signing) = self.signing.get(name) else {
                    return Err((Rejection::Unauthorized, false));
                };
                let Some(key) = header(headers, signing.key_header) else {
                    return Err((
                        envelope(&format!("{} is required", signing.key_header)),
                        false,
                    ));
                };
                if !same(key.as_bytes(), self.partner_key.as_bytes()) {
                    return Err((envelope("Unknown partner key"), true));
                }
                let mut timestamp = 0;
                if let Some(ts_header) = signing.timestamp_header {
                    let Some(ts) = header(headers, ts_header).and_then(|v| v.parse::<u64>().ok())
                    else {
                        return Err((envelope(&format!("{ts_header} must be unix seconds")), true));
                    };
                    if crate::time::unix_now().abs_diff(ts) > SIGNATURE_TOLERANCE_SECONDS {
                        return Err((
                            envelope(&format!("{ts_header} is outside the 300 s window")),
                            true,
                        ));
                    }
                    timestamp = ts;
                }
                let expected = sign(
                    signing,
                    &self.partner_secret,
                    timestamp,
                    method,
                    path_and_query,
                    body,
                );
                match header(headers, signing.signature_header) {
                    Some(sig) if same(sig.as_bytes(), expected.as_bytes()) => {
                        Ok((None, Some(key.to_owned())))
                    }
                    _ => Err((
                        envelope("Partner signature does not match the request"),
                        true,
                    )),
                }
            }
            AuthKind::HmacWebhook { .. } => Err((Rejection::Unauthorized, false)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_shows_no_secret() {
        let spec = azotte_spec::load_dir(&azotte_spec::api_dir("azotte")).unwrap();
        let config = Config {
            client_secret: "cs-very-secret".into(),
            partner_secret: "ps-very-secret".into(),
            ..Config::default()
        };
        let auth = Authenticator::new(&spec, &config);
        let shown = format!("{auth:?}");
        assert!(shown.contains("[REDACTED]"), "{shown}");
        assert!(!shown.contains("cs-very-secret"), "{shown}");
        assert!(!shown.contains("ps-very-secret"), "{shown}");
    }
}
