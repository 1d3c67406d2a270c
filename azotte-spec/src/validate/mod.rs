//! Raw documents → a validated [`Spec`], or every problem found at once.
//!
//! The files are merged first (a name defined in two files is an error naming
//! both), then each section is checked and resolved by its own module. Problems
//! are collected in a [`Ctx`], never returned early, so one run lists them all.
//! No `Spec` is produced unless there are none.

mod citations;
mod definitions;
mod endpoints;
mod envelopes;
mod inferred;
mod lanes;
pub(crate) mod names;
mod types;
mod waiters;

use crate::error::{SpecError, SpecErrors};
use crate::load::{Broken, Parsed, Source};
use crate::locate::{Index, YamlPath};
use crate::model::Spec;
use crate::raw::{RawApi, RawDocument};
use indexmap::IndexMap;
use std::cell::OnceCell;
use std::collections::HashMap;

/// Collects errors, resolving each path to a line and column in its file.
pub(crate) struct Ctx<'a> {
    sources: &'a [Source],
    /// Each file's line index, built when its first error is located, so
    /// locating costs one pass per file plus a lookup per error.
    indexes: Vec<OnceCell<Index<'a>>>,
    errors: Vec<SpecError>,
    /// Definitions that failed their shape check or, later, their own
    /// validation: a reference to one is not reported as unknown.
    pub(crate) broken: Broken,
}

impl<'a> Ctx<'a> {
    fn locate(&self, file: usize, path: &YamlPath) -> Option<(usize, usize)> {
        self.indexes[file]
            .get_or_init(|| Index::new(&self.sources[file].text))
            .locate(path)
    }

    /// Reports a problem with the entry or key at `path`: the caret goes on the key.
    pub(crate) fn error(
        &mut self,
        file: usize,
        path: &YamlPath,
        message: impl Into<String>,
        help: impl Into<String>,
    ) {
        let position = self.locate(file, path);
        self.push(file, path, position, message.into(), help.into());
    }

    /// Reports a value that is wrong in itself (an unknown type, method or
    /// name): the caret goes on the value, where the fix is typed.
    pub(crate) fn value_error(
        &mut self,
        file: usize,
        path: &YamlPath,
        message: impl Into<String>,
        help: impl Into<String>,
    ) {
        let position = self.indexes[file]
            .get_or_init(|| Index::new(&self.sources[file].text))
            .locate_value(path);
        self.push(file, path, position, message.into(), help.into());
    }

    fn push(
        &mut self,
        file: usize,
        path: &YamlPath,
        position: Option<(usize, usize)>,
        message: String,
        help: String,
    ) {
        let source = &self.sources[file];
        let mut err = SpecError::new(source.name.clone(), path.to_string(), message, help);
        if let Some((line, column)) = position {
            err = err.at(line, column);
        }
        self.errors.push(err);
    }

    /// `file:line:column (path)` of an earlier definition, for "defined twice" errors.
    pub(crate) fn describe(&self, file: usize, path: &YamlPath) -> String {
        let source = &self.sources[file];
        match self.locate(file, path) {
            Some((line, column)) => format!("{}:{line}:{column}, {path}", source.name),
            None => format!("{}, {path}", source.name),
        }
    }
}

/// A named definition and the file it came from.
pub(crate) struct Def<'a, T> {
    pub file: usize,
    pub name: &'a str,
    pub raw: &'a T,
}

/// Merges one section of all documents, reporting names defined twice.
fn merge<'a, T>(
    ctx: &mut Ctx,
    docs: &'a [RawDocument],
    section: &str,
    get: impl Fn(&'a RawDocument) -> &'a IndexMap<String, T>,
) -> Vec<Def<'a, T>> {
    let mut seen: HashMap<&str, usize> = HashMap::new();
    let mut out = Vec::new();
    for (file, doc) in docs.iter().enumerate() {
        for (name, raw) in get(doc) {
            if let Some(&first) = seen.get(name.as_str()) {
                let first_name = ctx.describe(first, &YamlPath::root(section).key(name));
                ctx.error(
                    file,
                    &YamlPath::root(section).key(name),
                    format!("`{section}.{name}` is defined twice (first at {first_name})"),
                    "keep one definition and delete or rename the other",
                );
                continue;
            }
            seen.insert(name, file);
            out.push(Def { file, name, raw });
        }
    }
    out
}

/// Validates parsed documents (one per source, same order) into a [`Spec`],
/// reporting the parse's errors with its own, in file and position order.
pub(crate) fn validate(sources: &[Source], parsed: Parsed) -> Result<Spec, SpecErrors> {
    let docs = &parsed.docs[..];
    let mut ctx = Ctx {
        sources,
        indexes: sources.iter().map(|_| OnceCell::new()).collect(),
        errors: parsed.errors,
        broken: parsed.broken,
    };
    let api = api_section(&mut ctx, docs);
    let type_defs = merge(&mut ctx, docs, "types", |d| &d.types);
    // Sorted, so references resolve by binary search (specs can be large).
    let mut known_types: Vec<&str> = type_defs.iter().map(|d| d.name).collect();
    known_types.sort_unstable();
    let types = types::validate_types(&mut ctx, &type_defs, &known_types);
    let env_defs = merge(&mut ctx, docs, "environments", |d| &d.environments);
    let version = api.as_ref().map(|a| a.version.as_str()).unwrap_or_default();
    let environments = definitions::environments(&mut ctx, &env_defs, version);
    let header_defs = merge(&mut ctx, docs, "headers", |d| &d.headers);
    let headers = definitions::headers(&mut ctx, &header_defs);
    let auth_defs = merge(&mut ctx, docs, "auth", |d| &d.auth);
    let auth = definitions::auth(&mut ctx, &auth_defs);
    let envelope_defs = merge(&mut ctx, docs, "envelopes", |d| &d.envelopes);
    let envelopes = envelopes::envelopes(&mut ctx, &envelope_defs, &types);
    let error_defs = merge(&mut ctx, docs, "errors", |d| &d.errors);
    let errors = definitions::errors(&mut ctx, &error_defs);
    let version = api.as_ref().map(|a| a.version.clone()).unwrap_or_default();
    let partial = Spec {
        api: api.unwrap_or_else(|| crate::model::Api {
            name: String::new(),
            title: String::new(),
            doc: None,
            version,
            documents: crate::Documents::default(),
        }),
        sources: sources.iter().map(|s| s.name.clone()).collect(),
        environments,
        headers,
        auth,
        envelopes,
        index: crate::model::SpecIndex::new(&types, &errors),
        errors,
        types,
        lanes: Vec::new(),
    };
    citations::check(&mut ctx, &partial.api.documents);
    let lane_defs = merge(&mut ctx, docs, "lanes", |d| &d.lanes);
    let lanes = lanes::validate_lanes(&mut ctx, &lane_defs, &partial, &known_types);
    inferred::check_received(
        &mut ctx,
        &type_defs,
        &partial.types,
        &lanes,
        &partial.envelopes,
    );
    if !ctx.errors.is_empty() {
        let mut errors = ctx.errors;
        let order: HashMap<&str, usize> = sources
            .iter()
            .enumerate()
            .map(|(i, s)| (s.name.as_str(), i))
            .collect();
        errors.sort_by_key(|e| (order.get(e.file.as_str()).copied(), e.line, e.column));
        return Err(SpecErrors(errors));
    }
    Ok(Spec { lanes, ..partial })
}

/// Exactly one file must say what the API is.
fn api_section(ctx: &mut Ctx, docs: &[RawDocument]) -> Option<crate::model::Api> {
    let found: Vec<(usize, &RawApi)> = docs
        .iter()
        .enumerate()
        .filter_map(|(i, d)| d.api.as_ref().map(|a| (i, a)))
        .collect();
    match found.as_slice() {
        [] if ctx.broken.contains("api", "") => None,
        [] => {
            ctx.errors.push(SpecError::new(
                ctx.sources
                    .first()
                    .map(|s| s.name.clone())
                    .unwrap_or_default(),
                "api",
                "no file declares `api:` (the API's name, title and version)",
                "add `api: { name: <name>, title: <title>, version: v1 }` to one file",
            ));
            None
        }
        [(file, api), rest @ ..] => {
            for (other, _) in rest {
                let first = ctx.describe(*file, &YamlPath::root("api"));
                ctx.error(
                    *other,
                    &YamlPath::root("api"),
                    format!("`api:` is declared again (first at {first})"),
                    "declare `api:` in one file only",
                );
            }
            if !names::is_snake_ident(&api.name) {
                ctx.error(
                    *file,
                    &YamlPath::root("api").key("name"),
                    format!("api name `{}` is not a snake_case identifier", api.name),
                    "use lowercase letters, digits and `_`, starting with a letter (e.g. `azotte`)",
                );
            }
            Some(crate::model::Api {
                name: api.name.clone(),
                title: api.title.clone(),
                doc: api.doc.clone(),
                version: api.version.clone(),
                documents: citations::documents(ctx, *file, &api.title, &api.documents),
            })
        }
    }
}
