//! Reading spec files and parsing them into the raw model.
//!
//! This is the only module that touches serde_yaml (deprecated upstream): swapping
//! in a maintained fork is a change to this file alone. It reads, parses and
//! reports shape errors with serde_yaml's line and column; it validates nothing.

use crate::error::{SpecError, SpecErrors};
use crate::raw::RawDocument;
use std::path::{Path, PathBuf};

/// One YAML text and the name errors should call it by.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Source {
    /// Path relative to the spec directory (with `/`), or a name for inline YAML.
    pub name: String,
    pub text: String,
}

impl Source {
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

/// Parses every source; reports the first shape error of *each* file (serde stops
/// at the first one in a file), so all broken files are named in one run.
pub fn parse(sources: &[Source]) -> Result<Vec<RawDocument>, SpecErrors> {
    let mut docs = Vec::new();
    let mut errors = Vec::new();
    for source in sources {
        if source.text.trim().is_empty() {
            docs.push(RawDocument::default());
            continue;
        }
        if let Some((line, column)) = crate::nesting::too_deep(&source.text) {
            errors.push(too_deep_error(&source.name, line, column));
            continue;
        }
        match serde_yaml::from_str::<RawDocument>(&source.text) {
            Ok(doc) => docs.push(doc),
            Err(e) => errors.push(yaml_error(&source.name, &e)),
        }
    }
    if errors.is_empty() {
        Ok(docs)
    } else {
        Err(SpecErrors(errors))
    }
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

/// Turns serde_yaml's message (`path: what at line L column C`) into a [`SpecError`].
fn yaml_error(file: &str, e: &serde_yaml::Error) -> SpecError {
    let mut text = e.to_string();
    if let Some(loc) = e.location() {
        let suffix = format!(" at line {} column {}", loc.line(), loc.column());
        if let Some(pos) = text.find(&suffix) {
            text.replace_range(pos..pos + suffix.len(), "");
        }
    }
    // serde_yaml prefixes the YAML path as `a.b[0].c: message`.
    let (path, message) = match text.split_once(": ") {
        Some((p, m)) if !p.contains(' ') && !p.is_empty() => (p.to_owned(), m.to_owned()),
        _ => (String::new(), text),
    };
    let help = if message.starts_with("unknown field") {
        "remove the key or fix its spelling; the keys allowed here are listed after `expected` (see azotte-spec/FORMAT.md)"
    } else if message.starts_with("missing field") {
        "add the missing key (see azotte-spec/FORMAT.md)"
    } else if message.starts_with("invalid type") {
        "give the value the type shown after `expected`"
    } else if message.contains("duplicate") {
        "each key may appear once in a mapping; remove or rename one"
    } else {
        "fix the YAML syntax at this position"
    };
    let err = SpecError::new(file, path, message, help);
    match e.location() {
        Some(loc) => err.at(loc.line(), loc.column()),
        None => err,
    }
}
