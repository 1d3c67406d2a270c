//! The Azotte spec: YAML files describing an HTTP API → a validated [`Spec`].
//!
//! `load` reads and parses (the only serde_yaml user), `validate` checks and
//! resolves, `model` is what generators consume. A broken spec yields
//! [`SpecErrors`] listing every problem with its file, line:column and YAML path.
//! The format is described in `FORMAT.md` beside this crate.

#![warn(missing_docs)]

mod cite;
mod error;
mod load;
mod locate;
pub mod model;
mod nesting;
mod raw;
pub mod rust_names;
#[cfg(feature = "json-schema")]
mod schema;
mod validate;

pub use cite::Documents;
pub use error::{SpecError, SpecErrors};
pub use load::{read_dir, Source};
/// Turning a YAML path into a file position (also used by `azotte-diff` to locate changes).
pub use locate::{locate, Index, Seg, YamlPath};
pub use model::Spec;
#[cfg(feature = "json-schema")]
pub use schema::json_schema;

use std::path::{Path, PathBuf};

/// Where the spec of API `name` lives in this repository.
pub fn api_dir(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("apis")
        .join(name)
}

/// Loads and validates every `*.yaml` file under `dir`.
pub fn load_dir(dir: &Path) -> Result<Spec, SpecErrors> {
    load_sources(&read_dir(dir)?)
}

/// Which of `sources` the error `e` is in. Several sources may share a name:
/// the inline `yaml:` literals of one Rust file are each named after that
/// file, their texts padded with blank lines so their line numbers are the
/// file's. The error is then in the last of them that starts before its line.
pub fn source_of(sources: &[Source], e: &SpecError) -> Option<usize> {
    let mut named = (0..sources.len()).filter(|&i| sources[i].name == e.file);
    let first = named.next()?;
    let starts_before = |i: &usize| {
        let blank = sources[*i].text.bytes().take_while(|b| *b == b'\n').count();
        e.line.is_some_and(|line| blank < line)
    };
    Some(named.rfind(starts_before).unwrap_or(first))
}

/// Loads and validates YAML texts (files already read, or inline YAML). Each
/// error quotes the line it is on ([`SpecError::excerpt`]).
pub fn load_sources(sources: &[Source]) -> Result<Spec, SpecErrors> {
    let result = validate::validate(sources, load::parse(sources));
    result.map_err(|mut errors| {
        // Each file is split into lines once, however many errors it has.
        let mut lines: Vec<Option<Vec<&str>>> = vec![None; sources.len()];
        for e in &mut errors.0 {
            if let Some(i) = source_of(sources, e) {
                e.quote(lines[i].get_or_insert_with(|| sources[i].text.lines().collect()));
            }
        }
        errors
    })
}
