//! The `envelopes` module: one runtime `EnvelopeSpec` static per declared envelope.

use crate::docs::{doc, or};
use azotte_spec::Spec;
use proc_macro2::TokenStream;
use quote::{format_ident, quote};

fn opt(v: &Option<String>) -> TokenStream {
    match v {
        Some(s) => quote!(Some(#s)),
        None => quote!(None),
    }
}

pub fn envelopes_module(spec: &Spec) -> TokenStream {
    let items = spec.envelopes.iter().map(|e| {
        let name = format_ident!("{}", e.rust_name);
        let mut text = or(e.doc.as_deref(), || format!("The `{}` envelope.", e.name));
        if let Some(ct) = &e.content_type {
            text.push_str(&format!("\n\nContent type: `{ct}`."));
        }
        let d = doc(&text);
        let (n, payload, code) = (&e.name, opt(&e.payload), &e.code);
        let (status_object, message, severity) =
            (opt(&e.status_object), opt(&e.message), opt(&e.severity));
        let (status_code, diagnostics, correlation_id) = (
            opt(&e.status_code),
            opt(&e.diagnostics),
            opt(&e.correlation_id),
        );
        let (errors, links, warnings) = (opt(&e.errors), opt(&e.links), opt(&e.warnings));
        let (codes, severities) = (&e.success_codes, &e.success_severities);
        quote! {
            #d
            pub static #name: ::azotte_runtime::EnvelopeSpec = ::azotte_runtime::EnvelopeSpec {
                name: #n,
                payload: #payload,
                status_object: #status_object,
                code: #code,
                message: #message,
                severity: #severity,
                success_codes: &[#(#codes),*],
                success_severities: &[#(#severities),*],
                status_code: #status_code,
                diagnostics: #diagnostics,
                correlation_id: #correlation_id,
                errors: #errors,
                links: #links,
                warnings: #warnings,
            };
        }
    });
    quote!(#(#items)*)
}
