//! The API-wide declarations: environments, headers, auth schemes and
//! the error catalog. Each becomes model data; kind-specific keys are checked here.

use super::names::{did_you_mean, Collisions, ToSnakeCase, ToUpperCamelCase};
use super::{Ctx, Def};
use crate::locate::YamlPath;
use crate::model::{
    AuthKind, AuthScheme, ClientAuth, CredentialHeader, Environment, ErrorCode, Header, HeaderRole,
    Signature, SignedPart, Variable,
};
use crate::raw::{RawAuth, RawEnvironment, RawErrorCode, RawHeader};

/// `{name}` placeholders of a template, or the text of a malformed one.
pub(crate) fn placeholders(template: &str) -> Result<Vec<String>, String> {
    let mut out = Vec::new();
    let mut rest = template;
    while let Some(open) = rest.find(['{', '}']) {
        if rest[open..].starts_with('}') {
            return Err(format!("`}}` without `{{` in `{template}`"));
        }
        let after = &rest[open + 1..];
        let close = after
            .find('}')
            .ok_or_else(|| format!("`{{` without `}}` in `{template}`"))?;
        let name = &after[..close];
        if !super::names::is_ident(name) {
            return Err(format!(
                "`{{{name}}}` in `{template}` is not a placeholder name"
            ));
        }
        if !out.iter().any(|n| n == name) {
            out.push(name.to_owned());
        }
        rest = &after[close + 1..];
    }
    Ok(out)
}

/// Environments: `{version}` is filled from `api.version` here; any other
/// placeholder becomes a variable the caller supplies.
pub(crate) fn environments(
    ctx: &mut Ctx,
    defs: &[Def<RawEnvironment>],
    version: &str,
) -> Vec<Environment> {
    let mut names = Collisions::new("environment");
    names.reserve("Custom", "the generated `Custom(url)` environment");
    // An environment with placeholders also gets a constructor beside these methods.
    let mut constructors = Collisions::new("environment");
    constructors.reserve("base_url", "the generated `Environment::base_url` method");
    constructors.reserve("name", "the generated `Environment::name` method");
    let mut out = Vec::new();
    for def in defs {
        let path = YamlPath::root("environments").key(def.name);
        let rust_name = def.name.to_upper_camel_case();
        let named = names.check(ctx, def.file, &path, def.name, &rust_name);
        let url = &def.raw.url.replace("{version}", version);
        if !(url.starts_with("https://") || url.starts_with("http://")) {
            ctx.error(
                def.file,
                &path.key("url"),
                format!("environment url `{url}` is not an http(s) URL"),
                "write the full URL, e.g. `https://{projectName}.example.com`",
            );
        }
        let variables = match placeholders(url) {
            Ok(v) => v
                .into_iter()
                .map(|name| Variable {
                    rust_name: name.to_snake_case(),
                    name,
                })
                .collect(),
            Err(message) => {
                ctx.error(
                    def.file,
                    &path.key("url"),
                    message,
                    "placeholders look like `{projectName}`",
                );
                Vec::new()
            }
        };
        if named && !variables.is_empty() {
            let constructor = crate::rust_names::constructor(def.name);
            constructors.check(ctx, def.file, &path, def.name, &constructor);
        }
        // Each placeholder is a field of the variant and an argument of the constructor.
        let mut fields = Collisions::new("placeholder").renaming();
        for v in &variables {
            fields.check(ctx, def.file, &path.key("url"), &v.name, &v.rust_name);
        }
        out.push(Environment {
            name: def.name.to_owned(),
            rust_name,
            url: url.clone(),
            variables,
            doc: def.raw.doc.clone(),
        });
    }
    out
}

pub(crate) fn headers(ctx: &mut Ctx, defs: &[Def<RawHeader>]) -> Vec<Header> {
    let mut out = Vec::new();
    for def in defs {
        let path = YamlPath::root("headers").key(def.name);
        let role = match def.raw.role.as_deref() {
            None => HeaderRole::Other,
            Some("correlation_id") => HeaderRole::CorrelationId,
            Some("idempotency_key") => HeaderRole::IdempotencyKey,
            Some("tenant") => HeaderRole::Tenant,
            Some("region_override") => HeaderRole::RegionOverride,
            Some("rate_limit_limit") => HeaderRole::RateLimitLimit,
            Some("rate_limit_remaining") => HeaderRole::RateLimitRemaining,
            Some("rate_limit_reset") => HeaderRole::RateLimitReset,
            Some(other) => {
                ctx.value_error(def.file, &path.key("role"), format!("unknown header role `{other}`"), "use correlation_id, idempotency_key, tenant, region_override, rate_limit_limit, rate_limit_remaining or rate_limit_reset, or leave `role` out");
                HeaderRole::Other
            }
        };
        let generate_uuid = match def.raw.generate.as_deref() {
            None => false,
            Some("uuid_v4") => true,
            Some(other) => {
                ctx.value_error(
                    def.file,
                    &path.key("generate"),
                    format!("unknown generator `{other}`"),
                    "the only generator is `uuid_v4`",
                );
                false
            }
        };
        if !def
            .name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
            || def.name.is_empty()
        {
            ctx.error(
                def.file,
                &path,
                format!("`{}` is not a valid HTTP header name", def.name),
                "use letters, digits and `-`",
            );
        }
        out.push(Header {
            name: def.name.to_owned(),
            role,
            generate_uuid,
            secret: def.raw.secret,
            doc: def.raw.doc.clone(),
            example: def.raw.example.clone(),
        });
    }
    out
}

const AUTH_KINDS: [&str; 5] = [
    "api_key",
    "oauth2_client_credentials",
    "bearer_token",
    "hmac_request_signature",
    "hmac_webhook",
];

pub(crate) fn auth(ctx: &mut Ctx, defs: &[Def<RawAuth>]) -> Vec<AuthScheme> {
    let mut names = Collisions::new("auth scheme");
    let mut out = Vec::new();
    for def in defs {
        let path = YamlPath::root("auth").key(def.name);
        let rust_name = def.name.to_upper_camel_case();
        names.check(ctx, def.file, &path, def.name, &rust_name);
        match auth_kind(ctx, def, &path) {
            Some(kind) => out.push(AuthScheme {
                name: def.name.to_owned(),
                rust_name,
                doc: def.raw.doc.clone(),
                kind,
            }),
            // Reported here; lanes naming it would only repeat it as "unknown".
            None => ctx.broken.insert("auth", def.name),
        }
    }
    out
}

/// The client authentication of an `oauth2_client_credentials` scheme, and
/// its `token_request` (only `form`: RFC 6749 §4.4.2 leaves no other choice).
fn oauth_client_auth(ctx: &mut Ctx, def: &Def<RawAuth>, path: &YamlPath) -> ClientAuth {
    if let Some(encoding) = def.raw.token_request.as_deref().filter(|e| *e != "form") {
        ctx.error(
            def.file,
            &path.key("token_request"),
            format!("token request encoding `{encoding}` is not allowed: RFC 6749 §4.4.2 token requests are `application/x-www-form-urlencoded`"),
            "remove `token_request` (form encoding is the only one, and the default); \
             see https://www.rfc-editor.org/rfc/rfc6749#section-4.4.2",
        );
    }
    // RFC 6749 §3.3: scope-token = 1*( %x21 / %x23-5B / %x5D-7E ).
    for scope in def.raw.scopes.keys() {
        let valid = |b: u8| matches!(b, 0x21 | 0x23..=0x5B | 0x5D..=0x7E);
        if scope.is_empty() || !scope.bytes().all(valid) {
            ctx.error(
                def.file,
                &path.key("scopes").key(scope),
                format!("scope `{scope}` is not an RFC 6749 scope token"),
                "a scope is printable ASCII without spaces, `\"` or `\\` (RFC 6749 §3.3); \
                 scopes are sent space-separated",
            );
        }
    }
    match def.raw.client_auth.as_deref() {
        None | Some("basic") => ClientAuth::Basic,
        Some("form") => ClientAuth::Form,
        Some(other) => {
            let hint = did_you_mean(other, ["basic", "form"]);
            ctx.value_error(
                def.file,
                &path.key("client_auth"),
                format!("unknown client authentication `{other}`{hint}"),
                "use `basic` (HTTP Basic, the default: RFC 6749 §2.3.1 servers MUST support it) \
                 or `form` (`client_id`/`client_secret` in the body, for servers that document it)",
            );
            ClientAuth::Basic
        }
    }
}

fn auth_kind(ctx: &mut Ctx, def: &Def<RawAuth>, path: &YamlPath) -> Option<AuthKind> {
    let raw = def.raw;
    let kind = raw.kind.as_str();
    // Which optional keys each kind takes; any other key given is reported.
    let allowed: &[&str] = match kind {
        "api_key" => &["headers"],
        "oauth2_client_credentials" => &[
            "token_path",
            "token_request",
            "client_auth",
            "refresh_before_seconds",
            "scopes",
        ],
        "bearer_token" => &[],
        "hmac_request_signature" => &[
            "key_header",
            "signature_header",
            "timestamp_header",
            "signed",
            "separator",
            "encoding",
        ],
        "hmac_webhook" => &[
            "signature_header",
            "timestamp_header",
            "timestamp_field",
            "signed",
            "separator",
            "encoding",
            "tolerance_seconds",
        ],
        other => {
            let hint = did_you_mean(other, AUTH_KINDS);
            ctx.value_error(
                def.file,
                &path.key("kind"),
                format!("unknown auth kind `{other}`{hint}"),
                format!("use one of: {}", AUTH_KINDS.join(", ")),
            );
            return None;
        }
    };
    let present = [
        ("headers", !raw.headers.is_empty()),
        ("token_path", raw.token_path.is_some()),
        ("token_request", raw.token_request.is_some()),
        ("client_auth", raw.client_auth.is_some()),
        (
            "refresh_before_seconds",
            raw.refresh_before_seconds.is_some(),
        ),
        ("key_header", raw.key_header.is_some()),
        ("signature_header", raw.signature_header.is_some()),
        ("timestamp_header", raw.timestamp_header.is_some()),
        ("timestamp_field", raw.timestamp_field.is_some()),
        ("separator", raw.separator.is_some()),
        ("signed", !raw.signed.is_empty()),
        ("encoding", raw.encoding.is_some()),
        ("tolerance_seconds", raw.tolerance_seconds.is_some()),
        ("scopes", !raw.scopes.is_empty()),
    ];
    for (key, given) in present {
        if given && !allowed.contains(&key) {
            ctx.error(
                def.file,
                &path.key(key),
                format!("`{key}` does not apply to auth kind `{kind}`"),
                format!(
                    "remove it; `{kind}` takes: {}",
                    if allowed.is_empty() {
                        "no further keys".to_owned()
                    } else {
                        allowed.join(", ")
                    }
                ),
            );
        }
    }
    let mut require = |ctx: &mut Ctx, key: &str, value: &Option<String>| -> String {
        value.clone().unwrap_or_else(|| {
            ctx.error(
                def.file,
                path,
                format!("auth kind `{kind}` needs `{key}`"),
                format!("add `{key}:` to `auth.{}`", def.name),
            );
            String::new()
        })
    };
    Some(match kind {
        "api_key" => {
            if raw.headers.is_empty() {
                ctx.error(
                    def.file,
                    path,
                    "an `api_key` scheme needs `headers`",
                    "add e.g. `headers: { x-api-key: { from: api_key, secret: true } }`",
                );
            }
            let mut fields = Collisions::new("credential field").renaming();
            let headers = raw
                .headers
                .iter()
                .map(|(header, h)| {
                    let rust_field = h.from.to_snake_case();
                    fields.check(
                        ctx,
                        def.file,
                        &path.key("headers").key(header).key("from"),
                        &h.from,
                        &rust_field,
                    );
                    CredentialHeader {
                        header: header.clone(),
                        field: h.from.clone(),
                        rust_field,
                        secret: h.secret,
                        doc: h.doc.clone(),
                    }
                })
                .collect();
            AuthKind::ApiKey { headers }
        }
        "oauth2_client_credentials" => {
            let token_path = require(ctx, "token_path", &raw.token_path);
            let client_auth = oauth_client_auth(ctx, def, path);
            AuthKind::OAuth2ClientCredentials {
                token_path,
                client_auth,
                refresh_before_seconds: raw.refresh_before_seconds.unwrap_or(60),
                scopes: raw
                    .scopes
                    .iter()
                    .map(|(k, v)| (k.clone(), v.clone()))
                    .collect(),
            }
        }
        "bearer_token" => AuthKind::BearerToken,
        "hmac_request_signature" => {
            let key_header = require(ctx, "key_header", &raw.key_header);
            AuthKind::HmacRequestSignature {
                key_header,
                signature: signature(ctx, def, path, &mut require),
            }
        }
        _ => {
            // A replay window needs a timestamp (header or body field); without one there is none.
            let has_timestamp = raw.timestamp_header.is_some() || raw.timestamp_field.is_some();
            if let (Some(_), Some(_)) = (&raw.timestamp_header, &raw.timestamp_field) {
                ctx.error(
                    def.file,
                    &path.key("timestamp_field"),
                    "a webhook timestamp comes from a header or from a body field, not both",
                    "keep `timestamp_header` or `timestamp_field`",
                );
            }
            if let Some(field) = &raw.timestamp_field {
                if field.split('.').any(str::is_empty) {
                    ctx.error(
                        def.file,
                        &path.key("timestamp_field"),
                        format!("`{field}` is not a dotted path of body fields"),
                        "write it like `diagnostics.createdAt`",
                    );
                }
                if !raw.signed.is_empty() && !raw.signed.iter().any(|p| p == "body") {
                    ctx.error(
                        def.file,
                        &path.key("signed"),
                        "a `timestamp_field` is only authentic when the body is signed",
                        "add `body` to `signed`",
                    );
                }
            }
            let tolerance_seconds = match (raw.tolerance_seconds, has_timestamp) {
                (Some(t), true) => t,
                (None, false) => 0,
                (None, true) => {
                    ctx.error(
                        def.file,
                        path,
                        "auth kind `hmac_webhook` with a timestamp needs `tolerance_seconds`",
                        "add the replay window, e.g. `tolerance_seconds: 300`",
                    );
                    0
                }
                (Some(_), false) => {
                    ctx.error(
                        def.file,
                        &path.key("tolerance_seconds"),
                        "`tolerance_seconds` needs a timestamp to check against",
                        "add `timestamp_header: <Header-Name>` or `timestamp_field: <dotted.path>`, or remove `tolerance_seconds`",
                    );
                    0
                }
            };
            AuthKind::HmacWebhook {
                signature: signature(ctx, def, path, &mut require),
                timestamp_field: raw.timestamp_field.clone(),
                tolerance_seconds,
            }
        }
    })
}

fn signature(
    ctx: &mut Ctx,
    def: &Def<RawAuth>,
    path: &YamlPath,
    require: &mut impl FnMut(&mut Ctx, &str, &Option<String>) -> String,
) -> Signature {
    let raw = def.raw;
    let signature_header = require(ctx, "signature_header", &raw.signature_header);
    let mut signed = Vec::new();
    for (i, part) in raw.signed.iter().enumerate() {
        match part.as_str() {
            "timestamp" => signed.push(SignedPart::Timestamp),
            "method" => signed.push(SignedPart::Method),
            "path" => signed.push(SignedPart::Path),
            "body" => signed.push(SignedPart::Body),
            other => ctx.value_error(
                def.file,
                &path.key("signed").index(i),
                format!("unknown signed part `{other}`"),
                "use timestamp, method, path or body",
            ),
        }
    }
    if signed.is_empty() {
        signed.push(SignedPart::Body);
    }
    if signed.contains(&SignedPart::Timestamp) && raw.timestamp_header.is_none() {
        let fix = match raw.timestamp_field {
            Some(_) => "remove `timestamp` from `signed`: a `timestamp_field` is signed as part of the body",
            None => "add `timestamp_header: <Header-Name>`",
        };
        ctx.error(
            def.file,
            &path.key("signed"),
            "the signature covers `timestamp` but no `timestamp_header` says where it is sent",
            fix,
        );
    }
    let separator = raw.separator.clone().unwrap_or_else(|| ".".to_owned());
    if separator.is_empty() {
        ctx.error(
            def.file,
            &path.key("separator"),
            "an empty `separator` makes adjacent signed parts ambiguous",
            "use e.g. `\"\\n\"` or leave it out for `.`",
        );
    }
    let hex = match raw.encoding.as_deref() {
        None | Some("hex") => true,
        Some("base64") => false,
        Some(other) => {
            ctx.value_error(
                def.file,
                &path.key("encoding"),
                format!("unknown signature encoding `{other}`"),
                "use `hex` or `base64`",
            );
            true
        }
    };
    Signature {
        signature_header,
        timestamp_header: raw.timestamp_header.clone(),
        signed,
        separator,
        hex,
    }
}

pub(crate) fn errors(ctx: &mut Ctx, defs: &[Def<RawErrorCode>]) -> Vec<ErrorCode> {
    let mut variants = Collisions::new("error code").named_by_key();
    variants.reserve("Unknown", "the generated `Unknown` arm");
    let mut out = Vec::new();
    for def in defs {
        let path = YamlPath::root("errors").key(def.name);
        let variant = def
            .raw
            .name
            .as_deref()
            .unwrap_or(def.name)
            .to_upper_camel_case();
        variants.check(ctx, def.file, &path, def.name, &variant);
        if !(100..=599).contains(&def.raw.http) {
            ctx.value_error(
                def.file,
                &path.key("http"),
                format!("HTTP status {} is out of range", def.raw.http),
                "use a status between 100 and 599",
            );
        }
        if let Some(s) = &def.raw.severity {
            if !["SUCCESS", "WARNING", "ERROR"].contains(&s.as_str()) {
                ctx.value_error(
                    def.file,
                    &path.key("severity"),
                    format!("unknown severity `{s}`"),
                    "use SUCCESS, WARNING or ERROR",
                );
            }
        }
        out.push(ErrorCode {
            code: def.name.to_owned(),
            variant,
            http: def.raw.http,
            severity: def.raw.severity.clone(),
            doc: def.raw.doc.clone(),
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::placeholders;

    #[test]
    fn finds_placeholders() {
        assert_eq!(
            placeholders("https://{projectName}.x.com/{v}/{v}").unwrap(),
            ["projectName", "v"]
        );
        assert!(placeholders("/a/{b").is_err());
        assert!(placeholders("/a/b}").is_err());
        assert!(placeholders("/a/{b c}").is_err());
    }
}
