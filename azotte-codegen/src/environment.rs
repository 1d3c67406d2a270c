//! The `environment` module: one enum variant per declared host, plus `Custom`.

use crate::docs::{doc, or};
use crate::ident::ident;
use azotte_spec::Spec;
use proc_macro2::TokenStream;
use quote::quote;

pub fn environment_module(spec: &Spec) -> TokenStream {
    let variants = spec.environments.iter().map(|e| {
        let name = ident(&e.rust_name);
        let d = doc(&format!(
            "{}\n\nHost: `{}`.",
            or(e.doc.as_deref(), || format!(
                "The `{}` environment.",
                e.name
            )),
            e.url
        ));
        if e.variables.is_empty() {
            quote!(#d #name)
        } else {
            let fields = e.variables.iter().map(|v| {
                let id = ident(&v.rust_name);
                let vd = format!(" Fills `{{{}}}` in the host.", v.name);
                quote!(#[doc = #vd] #id: ::std::string::String)
            });
            quote!(#d #name { #(#fields,)* })
        }
    });
    let arms = spec.environments.iter().map(|e| {
        let name = ident(&e.rust_name);
        // `{projectName}` → `{project_name}`: a format string over the bound
        // fields. A format string cannot name a raw identifier: `{type}` → `{0}`
        // with `r#type` passed by position.
        let mut template = e.url.clone();
        let mut positional = Vec::new();
        for v in &e.variables {
            let id = ident(&v.rust_name);
            let arg = if id.to_string().starts_with("r#") {
                positional.push(id);
                format!("{{{}}}", positional.len() - 1)
            } else {
                format!("{{{id}}}")
            };
            template = template.replace(&format!("{{{}}}", v.name), &arg);
        }
        let ids: Vec<_> = e.variables.iter().map(|v| ident(&v.rust_name)).collect();
        if ids.is_empty() {
            quote!(Self::#name => #template.to_owned())
        } else {
            quote!(Self::#name { #(#ids),* } => format!(#template #(, #positional)*))
        }
    });
    let names = spec.environments.iter().map(|e| {
        let name = ident(&e.rust_name);
        let wire = &e.name;
        if e.variables.is_empty() {
            quote!(Self::#name => ::std::option::Option::Some(#wire))
        } else {
            quote!(Self::#name { .. } => ::std::option::Option::Some(#wire))
        }
    });
    let ctors = spec.environments.iter().filter(|e| !e.variables.is_empty()).map(|e| {
        let name = ident(&e.rust_name);
        let f = ident(&azotte_spec::rust_names::constructor(&e.name));
        let ids: Vec<_> = e.variables.iter().map(|v| ident(&v.rust_name)).collect();
        let d = format!(" The `{}` environment for these host values.", e.name);
        quote! {
            #[doc = #d]
            pub fn #f(#(#ids: impl Into<::std::string::String>),*) -> Self { Self::#name { #(#ids: #ids.into()),* } }
        }
    });
    quote! {
        /// Where the API is served. Lanes document which environments serve them;
        /// `Custom` points a client anywhere (a test server, a proxy).
        #[derive(Debug, Clone, PartialEq, Eq)]
        pub enum Environment {
            #(#variants,)*
            /// Any base URL, e.g. `http://127.0.0.1:8080` for tests.
            Custom(::std::string::String),
        }
        impl Environment {
            #(#ctors)*
            /// The base URL (scheme and host, no trailing `/`).
            pub fn base_url(&self) -> ::std::string::String {
                match self {
                    #(#arms,)*
                    Self::Custom(url) => url.trim_end_matches('/').to_owned(),
                }
            }
            /// The spec's name of the environment (`None` for `Custom`): a lane's
            /// `Client::new` refuses a named environment that does not serve it.
            pub fn name(&self) -> ::std::option::Option<&'static str> {
                match self {
                    #(#names,)*
                    Self::Custom(_) => ::std::option::Option::None,
                }
            }
        }
    }
}
