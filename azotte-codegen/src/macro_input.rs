//! The `generate!` proc macro's door into the engine: its input, where the
//! spec is read from, and what it expands to.
//!
//! `azotte-macros` only forwards its tokens and `CARGO_MANIFEST_DIR` to
//! [`expand`]; everything else is here, testable without a compiler:
//!
//! - `generate!("path")`: a spec directory (every `*.yaml`/`*.yml` under it,
//!   like `cargo xtask codegen`) or one YAML file, relative to the calling
//!   crate's manifest directory. Files are named in messages as the path given
//!   plus their path inside the directory (`../azotte-spec/apis/azotte/c2a.yaml`).
//! - `generate! { yaml: r#"…"#, yaml: r#"…"# }`: inline YAML, one document per
//!   literal. Given where each literal sits ([`LiteralSite`], from the
//!   compiler: [`expand_at`]), messages name the Rust file and its line numbers
//!   (`src/lib.rs:41:13`); the text is padded with the blank lines before the
//!   literal, so every position the loader computes is already the file's.
//!   Without sites (a string literal with escapes, whose text is not its
//!   source, or [`expand`]), the literals are named `inline.yaml` (one) or
//!   `inline-1.yaml`, `inline-2.yaml`, … and count lines from the line the
//!   literal starts on.
//!
//! The expansion is [`Generated::tokens`](crate::Generated::tokens) (the same
//! modules `cargo xtask codegen` writes, inline) plus one
//! `const _: &[u8] = include_bytes!("<absolute path>");` per spec file read, so
//! editing a YAML file rebuilds the calling crate. A broken spec expands to one
//! `compile_error!` per [`SpecError`], all at once, with the text the xtask
//! prints, spanned on the path literal or on the inline literal holding the
//! mistake.

use azotte_spec::{Source, SpecError, SpecErrors};
use proc_macro2::{Span, TokenStream};
use quote::quote;
use std::path::{Path, PathBuf};
use syn::parse::{Parse, ParseStream};
use syn::{Ident, LitStr, Token};

/// What `generate!` was given.
enum Input {
    /// `generate!("path/to/spec")`.
    Path(LitStr),
    /// `generate! { yaml: "…", yaml: "…" }`.
    Inline(Vec<LitStr>),
}

const USAGE: &str = "pass a spec path or inline YAML:\n    \
    generate!(\"path/to/spec-dir\")     // a directory of *.yaml files or one .yaml file, relative to the calling crate's Cargo.toml directory\n    \
    generate! { yaml: r#\"…\"# }       // one or more `yaml:` string literals, each one YAML document";

impl Parse for Input {
    fn parse(input: ParseStream) -> syn::Result<Self> {
        if input.is_empty() {
            return Err(syn::Error::new(
                Span::call_site(),
                format!("`generate!` needs a spec\n  help: {USAGE}"),
            ));
        }
        if input.peek(LitStr) {
            let path: LitStr = input.parse()?;
            if input.peek(Token![,]) {
                input.parse::<Token![,]>()?;
            }
            if !input.is_empty() {
                return Err(input.error(format!(
                    "unexpected input after the spec path: `generate!` takes one path (a directory holds several files)\n  help: {USAGE}"
                )));
            }
            return Ok(Input::Path(path));
        }
        let mut literals = Vec::new();
        while !input.is_empty() {
            let key: Ident = match input.parse() {
                Ok(key) => key,
                Err(_) => {
                    return Err(input.error(format!(
                        "expected a spec path string or `yaml: r#\"…\"#`\n  help: {USAGE}"
                    )))
                }
            };
            if key != "yaml" {
                return Err(syn::Error::new(
                    key.span(),
                    format!("unknown key `{key}`: the inline form's only key is `yaml`\n  help: {USAGE}"),
                ));
            }
            if input.parse::<Token![:]>().is_err() {
                return Err(input.error("expected `:` after `yaml`, as in `yaml: r#\"…\"#`"));
            }
            if !input.peek(LitStr) {
                return Err(input.error(
                    "expected a string literal with YAML after `yaml:`\n  help: write the spec as a raw string: `yaml: r#\"api: { name: demo, … }\"#`",
                ));
            }
            literals.push(input.parse::<LitStr>()?);
            if input.is_empty() {
                break;
            }
            if input.parse::<Token![,]>().is_err() {
                return Err(input.error("expected `,` between `yaml:` entries"));
            }
        }
        Ok(Input::Inline(literals))
    }
}

/// Where an inline `yaml:` literal sits in the caller's source, as the
/// compiler knows it (`proc_macro::Span::file` and `line`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LiteralSite {
    /// The Rust file, as the compiler names it (`src/lib.rs`).
    pub file: String,
    /// The 1-based line the literal opens on.
    pub line: usize,
}

/// [`expand_at`] without literal sites: inline literals are named
/// `inline.yaml`, `inline-1.yaml`, … and count their own lines.
pub fn expand(input: TokenStream, manifest_dir: &Path) -> TokenStream {
    expand_at(input, manifest_dir, &[])
}

/// Expands `generate!`'s input (`input`, the tokens between its delimiters)
/// for a crate whose `CARGO_MANIFEST_DIR` is `manifest_dir`: the generated
/// modules, or `compile_error!`s saying what is wrong. `sites` are the
/// string literals of `input` in order, where the compiler has them; an error
/// in an inline literal is then reported at its line in the caller's file.
pub fn expand_at(input: TokenStream, manifest_dir: &Path, sites: &[LiteralSite]) -> TokenStream {
    let input = match syn::parse2::<Input>(input) {
        Ok(input) => input,
        Err(e) => return e.to_compile_error(),
    };
    let loaded = match &input {
        Input::Path(lit) => read_path(lit, manifest_dir),
        Input::Inline(literals) => Ok(inline_sources(literals, sites)),
    };
    let Loaded { sources, files } = match loaded {
        Ok(loaded) => loaded,
        Err(e) => return e.to_compile_error(),
    };
    let spec = match azotte_spec::load_sources(&sources) {
        Ok(spec) => spec,
        Err(errors) => return spec_errors(&input, &sources, &errors).to_compile_error(),
    };
    let code = crate::generate(&spec).tokens();
    let tracked = files.iter().map(|f| {
        let f = f.to_string_lossy().into_owned();
        quote!(
            const _: &[u8] = ::core::include_bytes!(#f);
        )
    });
    quote! {
        #code
        #(#tracked)*
    }
}

/// The spec's texts and the files (absolute) they were read from.
struct Loaded {
    sources: Vec<Source>,
    files: Vec<PathBuf>,
}

fn inline_sources(literals: &[LitStr], sites: &[LiteralSite]) -> Loaded {
    let sites = (sites.len() == literals.len()).then_some(sites);
    let sources = literals
        .iter()
        .enumerate()
        .map(|(i, lit)| match sites.map(|s| &s[i]) {
            // The value is the source text only when nothing is escaped.
            Some(site) if site.line > 0 && verbatim(lit) => Source::new(
                site.file.clone(),
                format!("{}{}", "\n".repeat(site.line - 1), lit.value()),
            ),
            _ => Source::new(inline_name(i, literals.len()), lit.value()),
        })
        .collect();
    Loaded {
        sources,
        files: Vec::new(),
    }
}

/// Whether the literal's value is its source text line for line: a raw
/// string, or a plain one without escapes.
fn verbatim(lit: &LitStr) -> bool {
    let token = lit.token().to_string();
    token.starts_with('r') || !token.contains('\\')
}

/// How messages name the `i`-th of `n` inline literals.
fn inline_name(i: usize, n: usize) -> String {
    if n == 1 {
        "inline.yaml".to_owned()
    } else {
        format!("inline-{}.yaml", i + 1)
    }
}

/// Reads a spec directory or file given relative to `manifest_dir`.
fn read_path(lit: &LitStr, manifest_dir: &Path) -> Result<Loaded, syn::Error> {
    let given = lit.value();
    let resolved = lexically_normal(&manifest_dir.join(&given));
    if given.trim().is_empty() {
        return Err(syn::Error::new(
            lit.span(),
            format!("the spec path is empty\n  help: {USAGE}"),
        ));
    }
    if !resolved.exists() {
        return Err(syn::Error::new(
            lit.span(),
            missing_path_message(&given, &resolved, manifest_dir),
        ));
    }
    let resolved = std::fs::canonicalize(&resolved).unwrap_or(resolved);
    let shown = given.trim_end_matches(['/', '\\']).to_owned();
    if resolved.is_dir() {
        let mut sources = azotte_spec::read_dir(&resolved).map_err(|errors| {
            // Name the directory as the user wrote it, not by its absolute path.
            let absolute = resolved.display().to_string();
            let renamed = errors
                .0
                .into_iter()
                .map(|mut e| {
                    if e.file == absolute {
                        e.file = shown.clone();
                    } else {
                        e.file = format!("{shown}/{}", e.file);
                    }
                    e
                })
                .collect();
            combine(lit.span(), &SpecErrors(renamed))
        })?;
        let files = sources
            .iter()
            .map(|s| s.name.split('/').fold(resolved.clone(), |p, c| p.join(c)))
            .collect();
        for s in &mut sources {
            s.name = format!("{shown}/{}", s.name);
        }
        return Ok(Loaded { sources, files });
    }
    match std::fs::read_to_string(&resolved) {
        Ok(text) => Ok(Loaded {
            sources: vec![Source::new(shown, text)],
            files: vec![resolved],
        }),
        Err(e) => Err(syn::Error::new(
            lit.span(),
            format!(
                "cannot read spec file `{given}` ({}): {e}\n  help: check the file's permissions and that it is UTF-8 YAML",
                resolved.display()
            ),
        )),
    }
}

/// `path` without `.` components and with `dir/..` pairs folded, so messages
/// show where a missing path was looked for plainly.
fn lexically_normal(path: &Path) -> PathBuf {
    use std::path::Component;
    let mut out = PathBuf::new();
    for c in path.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir => {
                if !matches!(
                    out.components().next_back(),
                    None | Some(Component::ParentDir)
                ) {
                    out.pop();
                } else {
                    out.push(c);
                }
            }
            _ => out.push(c),
        }
    }
    out
}

fn missing_path_message(given: &str, resolved: &Path, manifest_dir: &Path) -> String {
    let mut message = format!(
        "spec path `{given}` does not exist\n  looked for: {}\n  relative to: {} (CARGO_MANIFEST_DIR: the directory of the calling crate's Cargo.toml)",
        resolved.display(),
        manifest_dir.display()
    );
    if let Some(hint) = closest_sibling(resolved) {
        message.push_str(&format!("\n  did you mean `{hint}`?"));
    }
    message.push_str(
        "\n  help: give the path from that directory to a spec directory (every *.yaml file in it is read) or to one .yaml file, e.g. generate!(\"../azotte-spec/apis/azotte\")",
    );
    message
}

/// The path with its last component replaced by the closest existing name, if
/// one is close enough to be a typo.
fn closest_sibling(resolved: &Path) -> Option<String> {
    let name = resolved.file_name()?.to_str()?;
    let parent = resolved.parent()?;
    let entries = std::fs::read_dir(parent).ok()?;
    let mut best: Option<(usize, String)> = None;
    for entry in entries.flatten() {
        let candidate = entry.file_name().to_string_lossy().into_owned();
        let d = distance(name, &candidate);
        if d <= name.chars().count().max(3) / 3 && best.as_ref().is_none_or(|(b, _)| d < *b) {
            best = Some((d, candidate));
        }
    }
    best.map(|(_, c)| c)
}

/// Levenshtein distance.
fn distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut prev = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let cur = row[j + 1];
            row[j + 1] = (prev + usize::from(ca != *cb)).min(row[j] + 1).min(cur + 1);
            prev = cur;
        }
    }
    row[b.len()]
}

/// One error per spec error, spanned on the literal the error is in.
fn spec_errors(input: &Input, sources: &[Source], errors: &SpecErrors) -> syn::Error {
    let span_of = |e: &SpecError| match input {
        Input::Path(lit) => lit.span(),
        Input::Inline(literals) => azotte_spec::source_of(sources, e)
            .and_then(|i| literals.get(i))
            .unwrap_or(&literals[0])
            .span(),
    };
    let mut all: Option<syn::Error> = None;
    for e in errors.iter() {
        // The message quotes the YAML line (the compiler can only underline
        // the whole literal or path).
        let error = syn::Error::new(span_of(e), e.to_string());
        match &mut all {
            Some(all) => all.combine(error),
            None => all = Some(error),
        }
    }
    all.unwrap_or_else(|| syn::Error::new(Span::call_site(), "the API spec is invalid"))
}

/// Every error of `errors`, all on `span`.
fn combine(span: Span, errors: &SpecErrors) -> syn::Error {
    let mut all = syn::Error::new(span, "the API spec could not be read");
    let mut first = true;
    for e in errors.iter() {
        let error = syn::Error::new(span, e.to_string());
        if first {
            all = error;
            first = false;
        } else {
            all.combine(error);
        }
    }
    all
}
