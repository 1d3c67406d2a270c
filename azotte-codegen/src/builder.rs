//! The `build.rs` door: the client modules of a spec, generated at build
//! time into one file under `OUT_DIR` for `include!`, as prost-build and
//! progenitor do.
//!
//! The file holds what `azotte_macros::generate!` expands to (the modules
//! `types`, `environment`, `auth`, `envelopes`, one per lane, `prelude`, and
//! the root re-exports), formatted, so it can be read in `target/` and
//! debugged like any source. Every lane is in: the including crate has no lane
//! features. It needs the same dependencies as a generated crate:
//! `azotte-runtime` and `serde_json`.

use crate::client_crate::{load_spec, write_atomically};
use std::path::PathBuf;

/// Generates a spec's client modules into a file, from a build script.
///
/// ```no_run
/// // build.rs
/// fn main() -> Result<(), Box<dyn std::error::Error>> {
///     azotte_codegen::Builder::new("spec/petstore").generate()?;
///     Ok(())
/// }
/// ```
///
/// ```text
/// // src/lib.rs: `petstore.rs` after the spec's `api.name`.
/// pub mod petstore {
///     include!(concat!(env!("OUT_DIR"), "/petstore.rs"));
/// }
/// ```
#[derive(Debug, Clone)]
pub struct Builder {
    spec_dir: PathBuf,
    out_dir: Option<PathBuf>,
    file_name: Option<String>,
}

impl Builder {
    /// A builder for the spec in `spec_dir` (every `*.yaml` under it),
    /// relative to the current directory: in a build script, the package's.
    pub fn new(spec_dir: impl Into<PathBuf>) -> Self {
        Builder {
            spec_dir: spec_dir.into(),
            out_dir: None,
            file_name: None,
        }
    }

    /// Where to write (default: the `OUT_DIR` cargo gives build scripts).
    pub fn out_dir(mut self, dir: impl Into<PathBuf>) -> Self {
        self.out_dir = Some(dir.into());
        self
    }

    /// The file's name (default: `<api name>.rs`, the spec's `api.name`).
    pub fn file_name(mut self, name: impl Into<String>) -> Self {
        self.file_name = Some(name.into());
        self
    }

    /// Validates the spec, writes the file and returns its path. Prints
    /// `cargo:rerun-if-changed` for the spec directory (a new file in it
    /// reruns the script too) and each of its files. A broken spec is an
    /// error with every problem located (`file:line:column`), and nothing
    /// is written.
    pub fn generate(self) -> Result<PathBuf, String> {
        let out_dir = match self.out_dir {
            Some(d) => d,
            None => std::env::var_os("OUT_DIR").map(PathBuf::from).ok_or(
                "OUT_DIR is not set: call Builder::generate from a build script, or set Builder::out_dir",
            )?,
        };
        let label = self.spec_dir.display().to_string();
        let spec = load_spec(&self.spec_dir, &label)?;
        println!("cargo:rerun-if-changed={label}");
        // The sources are named `<spec dir>/<file>`: paths from here.
        for source in &spec.sources {
            println!("cargo:rerun-if-changed={source}");
        }
        let tokens = crate::generate(&spec).tokens();
        let file: syn::File = syn::parse2(tokens)
            .map_err(|e| format!("the generated client is not valid Rust: {e}"))?;
        let text = format!(
            "{}{}",
            crate::render::header_for("azotte_codegen::Builder", &label, &spec.sources),
            prettyplease::unparse(&file)
        );
        let name = self
            .file_name
            .unwrap_or_else(|| format!("{}.rs", spec.api.name.replace('-', "_")));
        let path = out_dir.join(name);
        write_atomically(&path, &text)?;
        Ok(path)
    }
}
