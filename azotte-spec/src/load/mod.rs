//! Reading spec files and parsing them into the raw model.
//!
//! This is the only module that touches serde_yaml (deprecated upstream): swapping
//! in a maintained fork is a change to this module alone. It reads each file,
//! parses it to a YAML tree (a syntax error stops that file only), then checks
//! the shape of each definition on its own ([`shape`]), so that one run reports
//! every shape problem of every file; it validates nothing else.

mod lenient;
mod shape;
mod syntax;

pub(crate) use shape::Broken;

use crate::error::{SpecError, SpecErrors};
use crate::raw::RawDocument;
use serde_yaml::Value;
use std::cell::OnceCell;
use std::path::{Path, PathBuf};

/// One YAML text and the name errors should call it by.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Source {
    /// Path relative to the spec directory (with `/`), or a name for inline YAML.
    pub name: String,
    /// The YAML text.
    pub text: String,
}

impl Source {
    /// A source called `name` (in messages) holding `text`.
    pub fn new(name: impl Into<String>, text: impl Into<String>) -> Self {
        Source {
            name: name.into(),
            text: text.into(),
        }
    }
}

/// Reads every `*.yaml`/`*.yml` file under `dir` (recursively), sorted by path.
pub fn read_dir(dir: &Path) -> Result<Vec<Source>, SpecErrors> {
    let shown = dir.display().to_string();
    let fail = |message: String, help: &str| {
        SpecErrors(vec![SpecError::new(shown.clone(), "", message, help)])
    };
    if !dir.is_dir() {
        return Err(fail(
            format!("spec directory `{shown}` does not exist or is not a directory"),
            "pass the directory that holds the API's *.yaml files (e.g. azotte-spec/apis/azotte)",
        ));
    }
    let mut files = Vec::new();
    collect(dir, &mut files).map_err(|e| fail(format!("cannot read `{shown}`: {e}"), ""))?;
    files.sort();
    if files.is_empty() {
        return Err(fail(
            format!("spec directory `{shown}` holds no *.yaml files"),
            "add the API's YAML files (FORMAT.md describes them)",
        ));
    }
    let mut sources = Vec::new();
    let mut errors = Vec::new();
    for file in files {
        let name = file
            .strip_prefix(dir)
            .unwrap_or(&file)
            .components()
            .map(|c| c.as_os_str().to_string_lossy())
            .collect::<Vec<_>>()
            .join("/");
        match std::fs::read_to_string(&file) {
            Ok(text) => sources.push(Source { name, text }),
            Err(e) => errors.push(SpecError::new(
                name,
                "",
                format!("cannot read file: {e}"),
                "check the file's permissions and that it is UTF-8",
            )),
        }
    }
    if errors.is_empty() {
        Ok(sources)
    } else {
        Err(SpecErrors(errors))
    }
}

fn collect(dir: &Path, out: &mut Vec<PathBuf>) -> std::io::Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        if path.is_dir() {
            collect(&path, out)?;
        } else if matches!(
            path.extension().and_then(|e| e.to_str()),
            Some("yaml" | "yml")
        ) {
            out.push(path);
        }
    }
    Ok(())
}

/// What parsing the sources gave: the documents (one per source, same order;
/// a file that could not be read as YAML gives an empty one), the definitions
/// left out for their shape errors, and every error found.
pub(crate) struct Parsed {
    pub docs: Vec<RawDocument>,
    pub broken: Broken,
    pub errors: Vec<SpecError>,
}

/// Parses every source and checks its shape, reporting every problem of every
/// file: a syntax error stops only its own file, a shape error only its own
/// entry (see [`shape`]).
pub(crate) fn parse(sources: &[Source]) -> Parsed {
    let mut parsed = Parsed {
        docs: Vec::new(),
        broken: Broken::default(),
        errors: Vec::new(),
    };
    for source in sources {
        let value = if source.text.trim().is_empty() {
            Value::Null
        } else if let Some((line, column)) = crate::nesting::too_deep(&source.text) {
            parsed
                .errors
                .push(too_deep_error(&source.name, line, column));
            // Unread, like a file with a syntax error: it may define anything.
            parsed.broken.unreadable(&source.text);
            Value::Null
        } else {
            match serde_yaml::from_str::<Value>(&source.text) {
                Ok(value) => value,
                Err(e) => {
                    parsed
                        .errors
                        .push(syntax::yaml_error(&source.name, &source.text, &e));
                    // Whatever it defines is unknown: references to it are not news.
                    parsed.broken.unreadable(&source.text);
                    Value::Null
                }
            }
        };
        let mut walk = shape::Walk {
            file: &source.name,
            text: &source.text,
            index: OnceCell::new(),
            errors: &mut parsed.errors,
            broken: &mut parsed.broken,
        };
        let doc = walk.document(value);
        parsed.docs.push(doc);
    }
    parsed
}

/// serde's message in the words of the format: no Rust type names.
pub(crate) fn plain_words(message: &str) -> String {
    let mut text = message.to_owned();
    for (from, to) in [
        ("data did not match any variant of untagged enum OneOrMany", "invalid value: expected a key or a list of keys"),
        ("data did not match any variant of untagged enum RawLinks", "invalid value: expected a key, or a mapping with `object` (and `self`, `next`, `previous`)"),
        ("data did not match any variant of untagged enum RawScalar", "invalid value: expected a string or an integer"),
        ("expected u16", "expected a whole number from 0 to 65535"),
        ("expected u64", "expected a whole number, 0 or more"),
        ("expected i64", "expected a whole number"),
        ("expected a map", "expected a mapping"),
        ("expected a sequence", "expected a list"),
        ("invalid type: map", "invalid type: a mapping"),
        ("invalid type: sequence", "invalid type: a list"),
        ("invalid type: unit value", "invalid type: an empty value"),
    ] {
        text = text.replace(from, to);
    }
    // `expected struct RawParam` and the like: serde's name for a mapping.
    while let Some(pos) = text.find("struct Raw") {
        let end = text[pos + 7..]
            .find(|c: char| !c.is_alphanumeric())
            .map_or(text.len(), |e| pos + 7 + e);
        text.replace_range(pos..end, "a mapping");
    }
    text
}

/// The file nests deeper than the format allows (see [`crate::nesting`]).
fn too_deep_error(file: &str, line: usize, column: usize) -> SpecError {
    let max = crate::nesting::MAX_NESTING;
    SpecError::new(
        file,
        "",
        format!("the YAML nests more than {max} levels deep here"),
        "the format needs about ten levels (an endpoint parameter's `type` is the deepest key); look for an unclosed `[` or `{`, or indentation that keeps growing",
    )
    .at(line, column)
}
