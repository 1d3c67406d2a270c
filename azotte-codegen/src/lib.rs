//! The generator: a validated [`Spec`] → Rust modules for a typed client.
//!
//! One engine, several doors: `cargo xtask codegen` renders [`Generated::files`]
//! into the checked-in crate, and the proc macro expands [`Generated::tokens`]
//! in place. Neither door holds generation logic of its own. Output depends on
//! the spec alone (declaration order, no timestamps), so it is byte-stable.
//!
//! Modules by what they emit: `types` (newtypes, objects, enums), `environment`,
//! `auth` (credentials), `envelopes`, `lanes` (clients, traits), `endpoints`
//! (statics, error enums, methods), `events` (webhook events), `render` (files).

mod auth;
mod docs;
mod endpoints;
mod envelopes;
mod environment;
mod events;
mod ident;
mod lanes;
pub mod macro_input;
mod provided;
mod render;
mod types;

pub use render::{header, File};

use azotte_spec::model::Direction;
use azotte_spec::Spec;
use proc_macro2::TokenStream;
use quote::{format_ident, quote};

/// One module of the generated crate.
#[derive(Debug, Clone)]
pub struct Module {
    /// Module name (`types`, `c2a`, …).
    pub name: String,
    /// One line for the module list of the crate docs.
    pub summary: String,
    /// The module's own doc.
    pub doc: String,
    pub tokens: TokenStream,
}

/// Everything generated from one spec.
#[derive(Debug, Clone)]
pub struct Generated {
    pub crate_doc: String,
    pub modules: Vec<Module>,
    /// Items at the crate root (re-exports).
    pub root: TokenStream,
}

impl Generated {
    /// The crate's `src/` files, each starting with `header`.
    pub fn files(&self, header: &str) -> Result<Vec<File>, String> {
        render::files(self, header)
    }

    /// The same code as one token stream of inline modules, for the proc macro.
    pub fn tokens(&self) -> TokenStream {
        let modules = self.modules.iter().map(|m| {
            let name = format_ident!("{}", m.name);
            let summary = docs::doc(&m.summary);
            let doc = render::inner_doc(&m.doc);
            let tokens = &m.tokens;
            quote!(#summary pub mod #name { #doc #tokens })
        });
        let root = &self.root;
        quote!(#(#modules)* #root)
    }
}

/// Generates the client modules for `spec`.
pub fn generate(spec: &Spec) -> Generated {
    let module = |name: &str, summary: String, doc: String, tokens: TokenStream| Module {
        name: name.to_owned(),
        summary,
        doc,
        tokens,
    };
    let mut modules = vec![
        module(
            "types",
            "Request, response and shared types.".into(),
            format!("Request, response and shared types of the {} API: URN and money newtypes, objects with constructors for their required fields, and enums that keep unknown values.", spec.api.title),
            types::types_module(spec),
        ),
        module(
            "environment",
            "Where the API is served.".into(),
            "The environments (hosts) the API is served on.".into(),
            environment::environment_module(spec),
        ),
        module(
            "auth",
            "Credentials, one type per auth scheme.".into(),
            "Credentials, one type per auth scheme. Secrets are held by the runtime and never shown by `Debug`.".into(),
            auth::auth_module(spec),
        ),
        module(
            "envelopes",
            "How responses wrap their payload and outcome.".into(),
            "The response envelopes, as data for the runtime's decoder.".into(),
            envelopes::envelopes_module(spec),
        ),
    ];
    let mut prelude = Vec::new();
    for lane in &spec.lanes {
        let name = format_ident!("{}", lane.rust_name);
        for area in &lane.areas {
            let t = format_ident!("{}", area.trait_name);
            prelude.push(quote!(pub use super::#name::#t as _;));
        }
        let summary = match lane.direction {
            Direction::Outbound => format!("{}: client and endpoints.", lane.title),
            Direction::Inbound => format!("{}: events delivered to you.", lane.title),
        };
        modules.push(module(
            &lane.rust_name,
            summary,
            lanes::lane_doc(spec, lane),
            lanes::lane_module(spec, lane),
        ));
    }
    modules.push(module(
        "prelude",
        "`use <crate>::prelude::*;` brings every area trait's methods into scope.".into(),
        "Imports every area trait anonymously, so client methods resolve without naming traits."
            .into(),
        quote!(#(#prelude)*),
    ));
    let lanes: Vec<String> = spec
        .lanes
        .iter()
        .map(|l| format!("- [`{}`]: {}", l.rust_name, l.title))
        .collect();
    let crate_doc = format!(
        "{} API client, generated from its YAML spec.\n\n{}\n\nLanes:\n{}\n\nStart from a lane's `Client` (built from an [`Environment`] and that lane's credentials) and `use prelude::*` for its methods. Every call returns `Result<Response<T>, ApiError<E>>`, where `E` lists exactly the message codes that endpoint documents plus `Unknown`.",
        spec.api.title,
        spec.api.doc.as_deref().unwrap_or("").trim(),
        lanes.join("\n")
    );
    Generated {
        crate_doc,
        modules,
        root: quote! {
            pub use ::azotte_runtime as runtime;
            pub use ::azotte_runtime::{ApiError, BuildError, ClientConfig, Response};
            pub use environment::Environment;
        },
    }
}
