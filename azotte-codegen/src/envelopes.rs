//! The `envelopes` module: one runtime `EnvelopeSpec` static per declared envelope.

use crate::docs::{doc, or};
use crate::ident::ident;
use azotte_spec::model::{Envelope, TypeDef};
use azotte_spec::Spec;
use heck::ToSnakeCase;
use proc_macro2::TokenStream;
use quote::quote;

fn opt(v: &Option<String>) -> TokenStream {
    match v {
        Some(s) => quote!(Some(#s)),
        None => quote!(None),
    }
}

pub fn envelopes_module(spec: &Spec) -> TokenStream {
    let items = spec.envelopes.iter().map(|e| {
        let name = ident(&e.rust_name);
        let mut text = or(e.doc.as_deref(), || format!("The `{}` envelope.", e.name));
        if let Some(ct) = &e.content_type {
            text.push_str(&format!("\n\nContent type: `{ct}`."));
        }
        let d = doc(&text);
        let (n, payload, code) = (&e.name, opt(&e.payload), &e.code);
        // What calls send in `Accept`: the envelope's media type first, JSON
        // as the fallback (so a server strict about either answers).
        let accept = opt(&e
            .content_type
            .as_deref()
            .filter(|ct| !ct.eq_ignore_ascii_case("application/json"))
            .map(|ct| format!("{ct}, application/json;q=0.9")));
        let (status_object, message, severity) =
            (opt(&e.status_object), opt(&e.message), opt(&e.severity));
        let (source, details, success) = (opt(&e.source), opt(&e.details), opt(&e.success_flag));
        let (status_code, diagnostics, correlation_id) = (
            opt(&e.status_code),
            opt(&e.diagnostics),
            opt(&e.correlation_id),
        );
        let (errors, links, retry_after) = (opt(&e.errors), opt(&e.links), opt(&e.retry_after));
        let (link_self, link_next, link_previous) =
            (opt(&e.link_self), opt(&e.link_next), opt(&e.link_previous));
        let (status_warnings, warnings) = (&e.status_warnings, &e.top_warnings);
        let (codes, severities) = (success_codes(spec, e), &e.success_severities);
        quote! {
            #d
            pub static #name: ::azotte_runtime::EnvelopeSpec = ::azotte_runtime::EnvelopeSpec {
                name: #n,
                accept: #accept,
                payload: #payload,
                status_object: #status_object,
                code: #code,
                message: #message,
                severity: #severity,
                source: #source,
                details: #details,
                success: #success,
                success_codes: &[#(#codes),*],
                success_severities: &[#(#severities),*],
                status_code: #status_code,
                diagnostics: #diagnostics,
                correlation_id: #correlation_id,
                errors: #errors,
                links: #links,
                link_self: #link_self,
                link_next: #link_next,
                link_previous: #link_previous,
                status_warnings: &[#(#status_warnings),*],
                warnings: &[#(#warnings),*],
                retry_after: #retry_after,
            };
        }
    });
    let traits = diagnostics_traits(spec).into_iter().map(|(name, ty)| {
        let t = ident(&name);
        let method = ident(&ty.rust_name.to_snake_case());
        let ty_ident = ident(&ty.rust_name);
        let users: Vec<String> = spec
            .envelopes
            .iter()
            .filter(|e| e.diagnostics_type.as_deref() == Some(ty.name.as_str()))
            .map(|e| format!("`{}`", e.name))
            .collect();
        let d = doc(&format!(
            "Typed diagnostics of the {} envelope: `.{method}()` on a `Response`, an `ApiError`, a `ServiceError` (the HTTP client's types, unlinked so a webhook-only build has no broken link) or [`EnvelopeParts`](::azotte_runtime::EnvelopeParts) decodes the envelope's diagnostics object as [`{ty_ident}`](super::types::{ty_ident}). `None` when there is none or it does not decode (`diagnostics_as` gives the error): the call itself never fails on diagnostics.",
            users.join(", ")
        ));
        let md = doc(&format!("The envelope's diagnostics as [`{ty_ident}`](super::types::{ty_ident})."));
        quote! {
            #d
            pub trait #t {
                #md
                fn #method(&self) -> Option<super::types::#ty_ident>;
            }
            impl #t for ::azotte_runtime::EnvelopeParts {
                fn #method(&self) -> Option<super::types::#ty_ident> {
                    self.diagnostics_as().and_then(Result::ok)
                }
            }
            impl<T> #t for ::azotte_runtime::Response<T> {
                fn #method(&self) -> Option<super::types::#ty_ident> {
                    self.envelope().#method()
                }
            }
            impl<E> #t for ::azotte_runtime::ApiError<E> {
                fn #method(&self) -> Option<super::types::#ty_ident> {
                    self.envelope()?.#method()
                }
            }
        }
    });
    quote!(#(#items)* #(#traits)*)
}

/// The traits giving typed diagnostics: one per distinct `diagnostics.type`
/// of the envelopes, named `Has<Type>`, with the type.
pub(crate) fn diagnostics_traits(spec: &Spec) -> Vec<(String, &TypeDef)> {
    let mut out: Vec<(String, &TypeDef)> = Vec::new();
    for e in &spec.envelopes {
        let Some(ty) = e
            .diagnostics_type
            .as_deref()
            .and_then(|t| spec.types.iter().find(|d| d.name == t))
        else {
            continue;
        };
        if !out.iter().any(|(_, t)| t.name == ty.name) {
            out.push((format!("Has{}", ty.rust_name), ty));
        }
    }
    out
}

/// The envelope's success codes, then every catalog code whose severity is
/// one of the envelope's success severities (e.g. `MNT-206-01`, WARNING): a
/// code the catalog marks success is a success even when a response leaves
/// its severity out.
fn success_codes<'a>(spec: &'a Spec, e: &'a Envelope) -> Vec<&'a str> {
    let mut codes: Vec<&str> = e.success_codes.iter().map(String::as_str).collect();
    let marked = spec.errors.iter().filter(|c| {
        c.severity.as_ref().is_some_and(|s| {
            e.success_severities
                .iter()
                .any(|ok| ok.eq_ignore_ascii_case(s))
        })
    });
    for code in marked {
        if !codes.contains(&code.code.as_str()) {
            codes.push(&code.code);
        }
    }
    codes
}
