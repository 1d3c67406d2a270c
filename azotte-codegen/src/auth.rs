//! The `auth` module: one credentials type per outbound auth scheme. Each wraps
//! the runtime piece that does the work (static headers, OAuth2 client
//! credentials, a bearer-token provider, an HMAC request signer), configured by a
//! static describing the scheme. Secrets go straight into the runtime, so `Debug`
//! of a credentials value never shows them. Webhook schemes (inbound) are
//! verifiers and live in their lane's module (`events.rs`).

use crate::docs::{doc, or};
use crate::ident::ident;
use azotte_spec::model::{AuthKind, AuthScheme, ClientAuth, Signature, SignedPart};
use azotte_spec::Spec;
use heck::ToShoutySnakeCase;
use proc_macro2::TokenStream;
use quote::{format_ident, quote};

pub fn auth_module(spec: &Spec) -> TokenStream {
    let items = spec.auth.iter().map(credentials);
    quote!(#(#items)*)
}

/// `&[SignedPart::Timestamp, …]` for a runtime signing spec.
pub fn signed_parts(signature: &Signature) -> TokenStream {
    let parts = signature.signed.iter().map(|p| match p {
        SignedPart::Timestamp => quote!(::azotte_runtime::SignedPart::Timestamp),
        SignedPart::Method => quote!(::azotte_runtime::SignedPart::Method),
        SignedPart::Path => quote!(::azotte_runtime::SignedPart::Path),
        SignedPart::Body => quote!(::azotte_runtime::SignedPart::Body),
    });
    quote!(&[#(#parts),*])
}

pub fn opt_str(v: &Option<String>) -> TokenStream {
    match v {
        Some(s) => quote!(Some(#s)),
        None => quote!(None),
    }
}

/// What one scheme contributes: the runtime type it wraps, a sentence on how it
/// authenticates, the constructor methods and the static describing the scheme.
struct Parts {
    runtime: TokenStream,
    how: String,
    methods: TokenStream,
    statics: TokenStream,
}

fn credentials(scheme: &AuthScheme) -> TokenStream {
    let name = ident(&scheme.rust_name);
    let spec_static = format_ident!("{}_SPEC", scheme.name.to_shouty_snake_case());
    let base = or(scheme.doc.as_deref(), || {
        format!("Credentials for `{}`.", scheme.name)
    });
    let Some(parts) = parts(&scheme.kind, &spec_static) else {
        return TokenStream::new();
    };
    let Parts {
        runtime,
        how,
        methods,
        statics,
    } = parts;
    let d = doc(&format!("{base}\n\n{how}"));
    quote! {
        #d
        #[derive(Debug)]
        pub struct #name(pub(crate) ::azotte_runtime::#runtime);
        impl #name { #methods }
        #statics
    }
}

fn parts(kind: &AuthKind, spec_static: &proc_macro2::Ident) -> Option<Parts> {
    Some(match kind {
        AuthKind::ApiKey { headers } => {
            let sends: Vec<String> = headers
                .iter()
                .map(|h| {
                    let secret = if h.secret { " (secret: redacted in `Debug`)" } else { "" };
                    let doc = h.doc.as_deref().map(str::trim).filter(|d| !d.is_empty());
                    let doc = doc.map(|d| format!(": {d}")).unwrap_or_default();
                    format!("- `{}` from `{}`{secret}{doc}", h.header, h.rust_field)
                })
                .collect();
            let args = headers.iter().map(|h| {
                let id = ident(&h.rust_field);
                quote!(#id: impl Into<::std::string::String>)
            });
            let adds = headers.iter().map(|h| {
                let (id, header) = (ident(&h.rust_field), &h.header);
                if h.secret {
                    quote!(.secret(#header, #id.into()))
                } else {
                    quote!(.plain(#header, #id.into()))
                }
            });
            Parts {
                runtime: quote!(HeaderAuth),
                how: format!("Sends:\n{}", sends.join("\n")),
                methods: quote! {
                    /// The credentials; secret values are kept redacted.
                    pub fn new(#(#args),*) -> Self {
                        Self(::azotte_runtime::HeaderAuth::new() #(#adds)*)
                    }
                },
                statics: TokenStream::new(),
            }
        }
        AuthKind::OAuth2ClientCredentials { token_path, client_auth, refresh_before_seconds, scopes } => {
            let (method, sends) = match client_auth {
                ClientAuth::Basic => (quote!(Basic), "HTTP Basic over the form-urlencoded client id and secret"),
                ClientAuth::Form => (quote!(Form), "the client id and secret as `client_id`/`client_secret` form fields"),
            };
            Parts {
                runtime: quote!(ClientCredentials),
                how: format!(
                    "OAuth2 client credentials (RFC 6749 §4.4): a form-encoded token request to `{token_path}` on the lane's host, the client authenticated by {sends} (§2.3.1). Tokens are cached and refreshed {refresh_before_seconds} s before expiry; concurrent calls share one token request and its outcome; a 401 drops the token and retries once. A failed token request is an `ApiError::Auth` whose `token_error()` names the RFC 6749 §5.2 `error`.{}",
                    scope_doc(scopes)
                ),
                methods: quote! {
                    /// The client id and secret (the secret is kept redacted).
                    pub fn new(client_id: impl Into<::std::string::String>, client_secret: impl Into<::std::string::String>) -> Self {
                        Self(::azotte_runtime::ClientCredentials::new(&#spec_static, client_id, client_secret.into()))
                    }
                    /// Adds scopes (space-separated) to every token request. Without any,
                    /// no `scope` is sent and the server grants the client's default.
                    pub fn with_scope(self, scope: impl Into<::std::string::String>) -> Self {
                        Self(self.0.scope(scope))
                    }
                },
                statics: quote! {
                    /// The token endpoint of this scheme, as data for the runtime.
                    static #spec_static: ::azotte_runtime::ClientCredentialsSpec = ::azotte_runtime::ClientCredentialsSpec {
                        token_path: #token_path,
                        client_auth: ::azotte_runtime::ClientAuthMethod::#method,
                        refresh_before_seconds: #refresh_before_seconds,
                    };
                },
            }
        }
        AuthKind::BearerToken => Parts {
            runtime: quote!(BearerAuth),
            how: "`Authorization: Bearer <token>`: a fixed token (`from_token`, kept redacted) or tokens from a provider you implement (asked before every call).".to_owned(),
            methods: quote! {
                /// Tokens from `provider`, asked before every call.
                pub fn new(provider: impl ::azotte_runtime::TokenProvider + 'static) -> Self {
                    Self(::azotte_runtime::BearerAuth::new(provider))
                }
                /// A fixed token (kept redacted).
                pub fn from_token(token: impl Into<::std::string::String>) -> Self {
                    Self::new(::azotte_runtime::StaticToken::new(token.into()))
                }
            },
            statics: TokenStream::new(),
        },
        AuthKind::HmacRequestSignature { key_header, signature } => {
            let sig_header = &signature.signature_header;
            let ts_header = opt_str(&signature.timestamp_header);
            let (signed, hex) = (signed_parts(signature), signature.hex);
            let separator = &signature.separator;
            Parts {
                runtime: quote!(HmacSigner),
                how: format!("Partner key in `{key_header}`, HMAC-SHA256 signature in `{sig_header}`. An empty secret is refused when the client is built."),
                methods: quote! {
                    /// The partner key and its shared secret (kept redacted).
                    pub fn new(partner_key: impl Into<::std::string::String>, secret: impl Into<::std::string::String>) -> Self {
                        Self(::azotte_runtime::HmacSigner::new(&#spec_static, partner_key, secret.into()))
                    }
                },
                statics: quote! {
                    /// How this scheme signs requests, as data for the runtime.
                    static #spec_static: ::azotte_runtime::SigningSpec = ::azotte_runtime::SigningSpec {
                        key_header: #key_header,
                        signature_header: #sig_header,
                        timestamp_header: #ts_header,
                        signed: #signed,
                        separator: #separator,
                        hex: #hex,
                    };
                },
            }
        }
        AuthKind::HmacWebhook { .. } => return None,
    })
}

/// The scopes a scheme declares, for its docs.
fn scope_doc(scopes: &[(String, String)]) -> String {
    if scopes.is_empty() {
        return String::new();
    }
    let lines: Vec<String> = scopes
        .iter()
        .map(|(s, d)| format!("- `{s}`: {d}"))
        .collect();
    format!(
        "\n\nNo `scope` is requested unless you add some with `with_scope` (each method's docs name the scopes it needs). Scopes:\n{}",
        lines.join("\n")
    )
}
