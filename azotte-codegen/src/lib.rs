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
mod reach;
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
            let name = format_ident!("{}", m.name);
            let summary = docs::doc(&m.summary);
            let attrs = render::module_attrs(&m.doc);
            let tokens = &m.tokens;
            quote!(#summary pub mod #name { #attrs #tokens })
        });
        let root = &self.root;
        quote!(#(#modules)* #root)
    }
}

/// The cargo features of a generated crate: one per lane, named like its module.
pub fn lane_features(spec: &Spec) -> Vec<String> {
    spec.lanes.iter().map(|l| l.rust_name.clone()).collect()
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
    fn new(spec: &Spec) -> Self {
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
        Gates {
            lanes: lane_features(spec),
            types,
            auth,
            envelopes,
        }
    }
}

/// The modules of a generated crate, in order, before any code is generated.
#[derive(Debug, Clone, Copy)]
enum Part {
    Types,
    Environment,
    Auth,
    Envelopes,
    Lane(usize),
    Prelude,
}

fn parts(spec: &Spec) -> Vec<Part> {
    let mut parts = vec![Part::Types, Part::Environment, Part::Auth, Part::Envelopes];
    parts.extend((0..spec.lanes.len()).map(Part::Lane));
    parts.push(Part::Prelude);
    parts
}

/// Generates one module.
fn module(spec: &Spec, part: Part) -> Module {
    let module = |name: &str, summary: String, doc: String, tokens: TokenStream| Module {
        name: name.to_owned(),
        summary,
        doc,
        tokens,
    };
    match part {
        Part::Types => module(
            "types",
            "Request, response and shared types.".into(),
            format!("Request, response and shared types of the {} API: URN and money newtypes, objects with constructors for their required fields, and enums that keep unknown values.", spec.api.title),
            types::types_module(spec),
        ),
        Part::Environment => module(
            "environment",
            "Where the API is served.".into(),
            "The environments (hosts) the API is served on.".into(),
            environment::environment_module(spec),
        ),
        Part::Auth => module(
            "auth",
            "Credentials, one type per auth scheme.".into(),
            "Credentials, one type per auth scheme. Secrets are held by the runtime and never shown by `Debug`.".into(),
            auth::auth_module(spec),
        ),
        Part::Envelopes => module(
            "envelopes",
            "How responses wrap their payload and outcome.".into(),
            "The response envelopes, as data for the runtime's decoder.".into(),
            envelopes::envelopes_module(spec),
        ),
        Part::Lane(i) => {
            let lane = &spec.lanes[i];
            let summary = match lane.direction {
                Direction::Outbound => format!("{}: client and endpoints.", lane.title),
                Direction::Inbound => format!("{}: events delivered to you.", lane.title),
            };
            module(
                &lane.rust_name,
                summary,
                lanes::lane_doc(spec, lane),
                lanes::lane_module(spec, lane),
            )
        }
        Part::Prelude => {
            let mut prelude = Vec::new();
            for lane in &spec.lanes {
                let name = format_ident!("{}", lane.rust_name);
                for area in &lane.areas {
                    let t = format_ident!("{}", area.trait_name);
                    prelude.push(quote!(pub use super::#name::#t as _;));
                }
            }
            module(
                "prelude",
                "`use <crate>::prelude::*;` brings every area trait's methods into scope.".into(),
                "Imports every area trait anonymously, so client methods resolve without naming traits."
                    .into(),
                quote!(#(#prelude)*),
            )
        }
    }
}

fn crate_doc(spec: &Spec) -> String {
    let lanes: Vec<String> = spec
        .lanes
        .iter()
        .map(|l| format!("- [`{}`]: {}", l.rust_name, l.title))
        .collect();
    format!(
        "{} API client, generated from its YAML spec.\n\n{}\n\nLanes:\n{}\n\nStart from a lane's `Client` (built from an [`Environment`] and that lane's credentials) and `use prelude::*` for its methods. Every call returns `Result<Response<T>, ApiError<E>>`, where `E` lists exactly the message codes that endpoint documents plus `Unknown`.",
        spec.api.title,
        spec.api.doc.as_deref().unwrap_or("").trim(),
        lanes.join("\n")
    )
}

fn root() -> TokenStream {
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

/// `generate(spec).files(header)`, the same bytes, on every core: the `types`
/// module (the largest) is generated and formatted on its own thread while
/// this one does the others. This is the path `cargo xtask codegen` takes.
pub fn files(spec: &Spec, header: &str) -> Result<Vec<File>, String> {
    let gates = Gates::new(spec);
    let render = |part: Part| -> Result<(Module, File), String> {
        let mut m = module(spec, part);
        let file = render::module_file(&m, header, &gates)?;
        m.tokens = TokenStream::new();
        Ok((m, file))
    };
    let parallel = std::thread::available_parallelism().map_or(1, |n| n.get()) > 1;
    let mut parts = parts(spec).into_iter();
    let first = parts.next();
    let (first, rest) = std::thread::scope(|s| {
        // Token streams are not `Send`: each thread builds its own and hands back text.
        let types = first.map(|p| {
            if parallel {
                let handle = s.spawn(move || render(p).map(|(m, f)| (m.name, m.summary, f)));
                Err(handle)
            } else {
                Ok(render(p).map(|(m, f)| (m.name, m.summary, f)))
            }
        });
        let rest: Result<Vec<(Module, File)>, String> = parts.map(render).collect();
        let first = match types {
            Some(Ok(done)) => Some(done),
            Some(Err(handle)) => Some(
                handle
                    .join()
                    .unwrap_or_else(|_| Err("the types thread panicked".to_owned())),
            ),
            None => None,
        };
        (first, rest)
    });
    let rest = rest?;
    let mut listed = Vec::new();
    let mut out = Vec::new();
    if let Some(first) = first {
        let (name, summary, file) = first?;
        listed.push((name, summary));
        out.push(file);
    }
    for (m, f) in rest {
        listed.push((m.name, m.summary));
        out.push(f);
    }
    let lib = render::lib_file(&listed, &crate_doc(spec), &root(), header, &gates)?;
    out.insert(0, lib);
    Ok(out)
}
