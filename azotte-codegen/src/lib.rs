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

#![warn(missing_docs)]

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
use azotte_spec::{Documents, Spec};
use proc_macro2::TokenStream;
use quote::quote;

/// One module of the generated crate.
#[derive(Debug, Clone)]
pub struct Module {
    /// Module name (`types`, `c2a`, …).
    pub name: String,
    /// The module's own doc (its first line is its summary in the crate's
    /// module list; the `mod` item carries no doc of its own, so rustdoc
    /// prints each summary once).
    pub doc: String,
    /// The lane's example (a doctest body), shown in the crate's files only.
    pub example: Option<String>,
    /// The module's items.
    pub tokens: TokenStream,
}

/// Everything generated from one spec.
#[derive(Debug, Clone)]
pub struct Generated {
    /// The crate's inner doc attributes (files only: a quick start and the
    /// lane list, each lane's line linked only when its feature is on).
    pub crate_doc: TokenStream,
    /// The modules, in output order.
    pub modules: Vec<Module>,
    /// The spec's documents, to print citations of them by title.
    pub documents: Documents,
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
            let attrs = render::module_attrs(&m.doc);
            let tokens = &m.tokens;
            quote!(pub mod #name { #attrs #tokens })
        });
        let root = &self.root;
        docs::clean(quote!(#(#modules)* #root), &self.documents)
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
    let Meta { name, doc, example } = meta(spec, part);
    Module {
        name,
        doc,
        example,
        tokens: tokens(spec, part),
    }
}

/// A module's name, its own doc and (lanes) its example.
pub(crate) struct Meta {
    pub name: String,
    pub doc: String,
    pub example: Option<String>,
}

pub(crate) fn meta(spec: &Spec, part: Part) -> Meta {
    let meta = |name: &str, doc: String| Meta {
        name: name.to_owned(),
        doc,
        example: None,
    };
    match part {
        Part::Types => meta(
            "types",
            format!("Request, response and shared types of the {} API.\n\nURN and money newtypes, objects (sent ones with constructors for their required fields), and enums that keep unknown values.", spec.api.title),
        ),
        Part::Environment => meta(
            "environment",
            "The environments (hosts) the API is served on.".into(),
        ),
        Part::Auth => meta(
            "auth",
            "Credentials, one type per auth scheme.\n\nSecrets are held by the runtime and never shown by `Debug`.".into(),
        ),
        Part::Envelopes => meta(
            "envelopes",
            "How responses wrap their payload and outcome: the envelopes, as data for the runtime's decoder.".into(),
        ),
        Part::Lane(i) => {
            let lane = &spec.lanes[i];
            Meta {
                example: lane.example.clone(),
                ..meta(&lane.rust_name, lanes::lane_doc(spec, lane))
            }
        }
        Part::Prelude => meta(
            "prelude",
            "`use <crate>::prelude::*;` brings every area trait's methods into scope.\n\nEach trait is imported anonymously, so client methods resolve without naming traits."
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

/// The crate's doc and lint attributes: what the API is, a quick start (the first lane example,
/// shown when its lane's feature is on), and the lanes, each linked when its
/// feature is on and named with the feature to enable when it is off (a link
/// to a module compiled out would be a broken link).
pub(crate) fn crate_doc(spec: &Spec, gates: &Gates) -> TokenStream {
    let gated = |lane: &str| gates.lanes.iter().any(|l| l == lane);
    // A `cfg_attr` doc line, with the leading space every doc line has.
    let when = |cfg: TokenStream, text: &str| {
        let lines = text.lines().map(|l| match l {
            "" => String::new(),
            l => format!(" {l}"),
        });
        quote!(#(#![cfg_attr(#cfg, doc = #lines)])*)
    };
    let package = format!("{}-client", spec.api.name.replace('_', "-"));
    let mut lines = vec![render::inner_doc(&format!(
        "{title} API client, generated from its YAML spec.\n\n{doc}\n\n# Quick start\n\n\
         Add the crate with `cargo add {package}`: every lane is a cargo feature, all on by default \
         (`cargo add {package} --no-default-features --features <lane>` builds only the lanes you use).\n\n\
         Build a lane's `Client` from an [`Environment`] and that lane's credentials, bring its \
         methods into scope with `use prelude::*`, and call. Every call returns \
         `Result<Response<T>, ApiError<E>>`: `Response<T>` derefs to the payload, and `E` lists \
         exactly the message codes that endpoint documents plus `Unknown`, so a documented error \
         is matched by name.",
        title = spec.api.title,
        doc = spec.api.doc.as_deref().unwrap_or("").trim(),
    ))];
    if let Some(lane) = spec.lanes.iter().find(|l| l.example.is_some()) {
        let feature = &lane.rust_name;
        let block = format!("\n{}", example_block(lane.example.as_deref().unwrap_or("")));
        if gated(feature) {
            lines.push(when(quote!(feature = #feature), &block));
            let note = format!(
                "\n(The example uses the `{feature}` lane, whose feature is off in this build.)"
            );
            lines.push(when(quote!(not(feature = #feature)), &note));
        } else {
            lines.push(render::inner_doc(&block));
        }
    }
    lines.push(render::inner_doc(&format!(
        "\n# Cargo features\n\n{}",
        features_doc(spec)
    )));
    lines.push(render::inner_doc(
        "\n# Lanes\n\nOne module per lane, each with its own `Client` and an example in its docs:",
    ));
    lines.push(quote!(#![doc = ""]));
    for lane in &spec.lanes {
        let name = &lane.rust_name;
        let linked = format!("- [`{name}`]: {}", lane.title);
        if gated(name) {
            let off = format!(
                "- `{name}`: {} (feature `{name}`, off in this build)",
                lane.title
            );
            lines.push(when(quote!(feature = #name), &linked));
            lines.push(when(quote!(not(feature = #name)), &off));
        } else {
            lines.push(render::inner_doc(&linked));
        }
    }
    // Feature badges on docs.rs (`[package.metadata.docs.rs]` passes `--cfg
    // docsrs`); stable rustdoc ignores it. Every public item is documented.
    // rustfmt leaves the file as prettyplease wrote it: the two break long
    // `cfg_attr` lines at different widths, and `cargo fmt --all` must not
    // make the crate stale (the modules are skipped by their `mod` items).
    quote! {
        #(#lines)*
        #![cfg_attr(docsrs, feature(doc_cfg))]
        #![cfg_attr(rustfmt, rustfmt::skip)]
        #![warn(missing_docs)]
    }
}

/// A lane example as a doc code block, compiled as a doctest but not run (it
/// would call the real API).
pub(crate) fn example_block(code: &str) -> String {
    format!("```rust,no_run\n{}\n```", code.trim_end())
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
    let gates = Gates::new(spec);
    Generated {
        crate_doc: crate_doc(spec, &gates),
        modules: parts(spec).into_iter().map(|p| module(spec, p)).collect(),
        documents: spec.api.documents.clone(),
        root: root(),
        gates,
    }
}

pub use parallel::files;
