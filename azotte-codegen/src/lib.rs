//! The generator: a validated [`Spec`] → Rust modules for a typed client.
//!
//! One engine, several doors: `cargo xtask codegen` and the `azotte-codegen`
//! CLI render a whole crate ([`client_crate`]: [`Generated::files`], its
//! [`manifest`], README and OpenAPI export), the proc macro expands
//! [`Generated::tokens`] in place, and a build script writes the same tokens
//! into `OUT_DIR` ([`Builder`]). No door holds generation logic of its own. Output depends on
//! the spec alone (declaration order, no timestamps), so it is byte-stable.
//!
//! Modules by what they emit: `types` (newtypes, objects, enums), `environment`,
//! `auth` (credentials), `envelopes`, `lanes` (clients, traits), `endpoints`
//! (statics, error enums, methods), `events` (webhook events), `render` (files).

mod auth;
mod builder;
pub mod cli;
pub mod client_crate;
mod docs;
mod endpoints;
mod envelopes;
mod environment;
mod events;
mod ident;
mod lanes;
mod layout;
pub mod macro_input;
pub mod manifest;
mod parallel;
mod provided;
mod reach;
mod render;
mod types;

pub use builder::Builder;
pub use render::{header, header_for, File, CLIENT_FEATURE};

use azotte_spec::model::Direction;
use azotte_spec::Spec;
use proc_macro2::TokenStream;
use quote::quote;

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
    /// Which items each lane's cargo feature gates (files only; see [`Gates`]).
    pub(crate) gates: Gates,
}

impl Generated {
    /// The crate's `src/` files, each starting with `header`. Lane-specific
    /// items carry `#[cfg(feature = "<lane>")]` (see [`lane_features`]).
    pub fn files(&self, header: &str) -> Result<Vec<File>, String> {
        render::files(self, header)
    }

    /// The same code as one token stream of inline modules, for the proc macro.
    /// No lane `cfg`s: the calling crate has no lane features, it gets every lane.
    pub fn tokens(&self) -> TokenStream {
        let modules = self.modules.iter().map(|m| {
            let name = ident::ident(&m.name);
            let summary = docs::doc(&m.summary);
            let attrs = render::module_attrs(&m.doc);
            let tokens = &m.tokens;
            quote!(#summary pub mod #name { #attrs #tokens })
        });
        let root = &self.root;
        docs::clean(quote!(#(#modules)* #root))
    }
}

/// A cargo feature of a generated crate: one per lane, named like its module.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LaneFeature {
    /// The lane's module name.
    pub name: String,
    /// Whether the lane sends requests, so its feature needs the crate's
    /// [`CLIENT_FEATURE`]; an inbound (webhook) lane needs no HTTP client.
    pub client: bool,
}

/// The cargo features of a generated crate: one per lane, in lane order.
pub fn lane_features(spec: &Spec) -> Vec<LaneFeature> {
    spec.lanes
        .iter()
        .map(|l| LaneFeature {
            name: l.rust_name.clone(),
            client: l.direction == Direction::Outbound,
        })
        .collect()
}

/// Which lanes need which items, so a crate built with some lane features
/// compiles only what those lanes use. An item is gated when some lanes, but
/// not all, reach it and nothing ungated does; a type no lane uses stays in.
#[derive(Debug, Clone, Default)]
pub(crate) struct Gates {
    /// The lane features, in lane order (bit `i` of a mask is lane `i`).
    pub lanes: Vec<String>,
    /// Item name in `types` (a type, or a sort type's `…Field` enum) → lanes.
    pub types: std::collections::HashMap<String, u64>,
    /// Item name in `auth` (credentials type, its `…_SPEC` static) → lanes.
    pub auth: std::collections::HashMap<String, u64>,
    /// Envelope static → lanes.
    pub envelopes: std::collections::HashMap<String, u64>,
}

impl Gates {
    pub(crate) fn new(spec: &Spec) -> Self {
        use azotte_spec::model::TypeKind;
        use std::collections::HashMap;
        let n = spec.lanes.len();
        // Past 63 lanes a mask no longer fits: gate nothing.
        if n == 0 || n > 63 {
            return Gates::default();
        }
        let all: u64 = (1u64 << n) - 1;
        let mut reach = reach::Reach::new(spec);
        for (l, lane) in spec.lanes.iter().enumerate() {
            let bit = 1u64 << l;
            for ep in lane.endpoints() {
                for ty in reach::params(ep).chain(&ep.request).chain(&ep.response) {
                    reach.mark(ty, bit);
                }
            }
            for ev in &lane.events {
                reach.mark(&ev.payload, bit);
            }
        }
        // Types no lane reaches are always compiled, and so is all they use.
        reach.mark_unreached(all + 1);
        let masks = reach.masks;
        let gated = |m: u64| (m & (all + 1) == 0 && m & all != all).then_some(m & all);
        let mut types = HashMap::new();
        for (t, &m) in spec.types.iter().zip(&masks) {
            if let Some(m) = gated(m) {
                types.insert(t.rust_name.clone(), m);
                if matches!(t.kind, TypeKind::Sort { .. }) {
                    types.insert(format!("{}Field", t.rust_name), m);
                }
            }
        }
        let uses = |pred: &dyn Fn(&azotte_spec::model::Lane) -> bool| -> u64 {
            spec.lanes
                .iter()
                .enumerate()
                .filter(|(_, l)| pred(l))
                .fold(0, |m, (i, _)| m | 1 << i)
        };
        let mut auth = HashMap::new();
        for scheme in &spec.auth {
            let m = uses(&|l| l.auth.iter().any(|c| c.schemes.contains(&scheme.name)));
            if let Some(m) = gated(m).filter(|m| *m != 0) {
                auth.insert(scheme.rust_name.clone(), m);
                auth.insert(
                    format!(
                        "{}_SPEC",
                        heck::ToShoutySnakeCase::to_shouty_snake_case(scheme.name.as_str())
                    ),
                    m,
                );
            }
        }
        let mut envelopes = HashMap::new();
        for e in &spec.envelopes {
            let m = uses(&|l| l.envelope.as_deref() == Some(e.name.as_str()));
            if let Some(m) = gated(m).filter(|m| *m != 0) {
                envelopes.insert(e.rust_name.clone(), m);
            }
        }
        // A typed-diagnostics trait is compiled with its type.
        for (name, ty) in envelopes::diagnostics_traits(spec) {
            if let Some(&m) = types.get(&ty.rust_name) {
                envelopes.insert(name, m);
            }
        }
        Gates {
            lanes: lane_features(spec).into_iter().map(|f| f.name).collect(),
            types,
            auth,
            envelopes,
        }
    }
}

/// The modules of a generated crate, in order, before any code is generated.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Part {
    Types,
    Environment,
    Auth,
    Envelopes,
    Lane(usize),
    Prelude,
}

pub(crate) fn parts(spec: &Spec) -> Vec<Part> {
    let mut parts = vec![Part::Types, Part::Environment, Part::Auth, Part::Envelopes];
    parts.extend((0..spec.lanes.len()).map(Part::Lane));
    parts.push(Part::Prelude);
    parts
}

/// Generates one module.
fn module(spec: &Spec, part: Part) -> Module {
    let Meta { name, summary, doc } = meta(spec, part);
    Module {
        name,
        summary,
        doc,
        tokens: tokens(spec, part),
    }
}

/// A module's name, its line in the crate docs and its own doc.
pub(crate) struct Meta {
    pub name: String,
    pub summary: String,
    pub doc: String,
}

pub(crate) fn meta(spec: &Spec, part: Part) -> Meta {
    let meta = |name: &str, summary: String, doc: String| Meta {
        name: name.to_owned(),
        summary,
        doc,
    };
    match part {
        Part::Types => meta(
            "types",
            "Request, response and shared types.".into(),
            format!("Request, response and shared types of the {} API: URN and money newtypes, objects (sent ones with constructors for their required fields), and enums that keep unknown values.", spec.api.title),
        ),
        Part::Environment => meta(
            "environment",
            "Where the API is served.".into(),
            "The environments (hosts) the API is served on.".into(),
        ),
        Part::Auth => meta(
            "auth",
            "Credentials, one type per auth scheme.".into(),
            "Credentials, one type per auth scheme. Secrets are held by the runtime and never shown by `Debug`.".into(),
        ),
        Part::Envelopes => meta(
            "envelopes",
            "How responses wrap their payload and outcome.".into(),
            "The response envelopes, as data for the runtime's decoder.".into(),
        ),
        Part::Lane(i) => {
            let lane = &spec.lanes[i];
            let summary = match lane.direction {
                Direction::Outbound => format!("{}: client and endpoints.", lane.title),
                Direction::Inbound => format!("{}: events delivered to you.", lane.title),
            };
            meta(&lane.rust_name, summary, lanes::lane_doc(spec, lane))
        }
        Part::Prelude => meta(
            "prelude",
            "`use <crate>::prelude::*;` brings every area trait's methods into scope.".into(),
            "Imports every area trait anonymously, so client methods resolve without naming traits."
                .into(),
        ),
    }
}

pub(crate) fn tokens(spec: &Spec, part: Part) -> TokenStream {
    match part {
        Part::Types => types::types_module(spec),
        Part::Environment => environment::environment_module(spec),
        Part::Auth => auth::auth_module(spec),
        Part::Envelopes => envelopes::envelopes_module(spec),
        Part::Lane(i) => lanes::lane_module(spec, &spec.lanes[i]),
        Part::Prelude => {
            let mut prelude = Vec::new();
            for lane in &spec.lanes {
                let name = ident::ident(&lane.rust_name);
                for area in &lane.areas {
                    let t = ident::ident(&area.trait_name);
                    prelude.push(quote!(pub use super::#name::#t as _;));
                }
            }
            for (name, _) in envelopes::diagnostics_traits(spec) {
                let t = ident::ident(&name);
                prelude.push(quote!(pub use super::envelopes::#t as _;));
            }
            quote!(#(#prelude)*)
        }
    }
}

pub(crate) fn crate_doc(spec: &Spec) -> String {
    let lanes: Vec<String> = spec
        .lanes
        .iter()
        .map(|l| format!("- [`{}`]: {}", l.rust_name, l.title))
        .collect();
    format!(
        "{} API client, generated from its YAML spec.\n\n{}\n\nLanes:\n{}\n\nStart from a lane's `Client` (built from an [`Environment`] and that lane's credentials) and `use prelude::*` for its methods. Every call returns `Result<Response<T>, ApiError<E>>`, where `E` lists exactly the message codes that endpoint documents plus `Unknown`.\n\n{}",
        spec.api.title,
        spec.api.doc.as_deref().unwrap_or("").trim(),
        lanes.join("\n"),
        features_doc(spec)
    )
}

/// The crate doc's paragraph on cargo features and the async runtime (the
/// `[features]` table `cargo xtask codegen` writes beside `src/`).
fn features_doc(spec: &Spec) -> String {
    let inbound: Vec<String> = lane_features(spec)
        .into_iter()
        .filter(|f| !f.client)
        .map(|f| format!("\"{}\"", f.name))
        .collect();
    let webhook_only = match inbound.as_slice() {
        [] => String::new(),
        lanes => format!(
            " A webhook receiver alone (`default-features = false, features = [{}]`) builds without the HTTP client, tokio or TLS.",
            lanes.join(", ")
        ),
    };
    format!(
        "Cargo features: one per lane, all on by default; `{CLIENT_FEATURE}`, the HTTP client (reqwest 0.13 and tokio), which every outbound lane turns on; `rustls` (default) or `native-tls` for TLS.{webhook_only} Calls are futures for a tokio 1.x runtime, current-thread or multi-thread, with its I/O and time drivers enabled (as `#[tokio::main]` does)."
    )
}

pub(crate) fn root() -> TokenStream {
    quote! {
        pub use ::azotte_runtime as runtime;
        pub use ::azotte_runtime::{ApiError, BuildError, ClientConfig, Response};
        pub use environment::Environment;
    }
}

/// Generates the client modules for `spec`.
pub fn generate(spec: &Spec) -> Generated {
    Generated {
        crate_doc: crate_doc(spec),
        modules: parts(spec).into_iter().map(|p| module(spec, p)).collect(),
        root: root(),
        gates: Gates::new(spec),
    }
}

pub use parallel::files;
