//! The `auth` module: one credentials type per auth scheme the runtime can
//! drive. Each wraps the runtime piece that does the work; secrets go straight
//! into it, so `Debug` of a credentials value never shows them.

use crate::docs::{doc, or};
use crate::ident::ident;
use azotte_spec::model::{AuthKind, AuthScheme};
use azotte_spec::Spec;
use proc_macro2::TokenStream;
use quote::{format_ident, quote};

/// The credentials type for `scheme`, or `None` when the runtime has no
/// implementation of its kind yet (lanes then offer no constructor for it).
fn credentials(scheme: &AuthScheme) -> Option<TokenStream> {
    if !supported(scheme) {
        return None;
    }
    let name = format_ident!("{}", scheme.rust_name);
    let base = or(scheme.doc.as_deref(), || {
        format!("Credentials for `{}`.", scheme.name)
    });
    match &scheme.kind {
        AuthKind::ApiKey { headers } => {
            let header_docs: Vec<String> = headers
                .iter()
                .map(|h| {
                    format!(
                        "- `{}` from `{}`{}",
                        h.header,
                        h.rust_field,
                        if h.secret {
                            " (secret: redacted in `Debug`)"
                        } else {
                            ""
                        }
                    )
                })
                .collect();
            let d = doc(&format!("{base}\n\nSends:\n{}", header_docs.join("\n")));
            let args = headers.iter().map(|h| {
                let id = ident(&h.rust_field);
                quote!(#id: impl Into<::std::string::String>)
            });
            let adds = headers.iter().map(|h| {
                let id = ident(&h.rust_field);
                let header = &h.header;
                if h.secret {
                    quote!(.secret(#header, #id.into()))
                } else {
                    quote!(.plain(#header, #id.into()))
                }
            });
            Some(quote! {
                #d
                #[derive(Debug)]
                pub struct #name(pub(crate) ::azotte_runtime::HeaderAuth);
                impl #name {
                    /// The credentials; secret values are kept redacted.
                    pub fn new(#(#args),*) -> Self {
                        Self(::azotte_runtime::HeaderAuth::new() #(#adds)*)
                    }
                }
            })
        }
        _ => None,
    }
}

/// Whether the runtime drives this scheme's kind (so the scheme gets a credentials type).
pub fn supported(scheme: &AuthScheme) -> bool {
    matches!(scheme.kind, AuthKind::ApiKey { .. })
}

pub fn auth_module(spec: &Spec) -> TokenStream {
    let items = spec.auth.iter().filter_map(credentials);
    quote!(#(#items)*)
}
