//! A whole client crate from a spec directory: `Cargo.toml`, `README.md`,
//! `src/**` and `openapi.json`, rendered in memory, compared with a directory
//! (`--check`) or written into it. The xtask (this repository's crates) and
//! the `azotte-codegen` CLI (anyone's spec) both come through here.
//!
//! Nothing is half-written: every file is rendered before the first write,
//! so a broken spec leaves the directory as it was, and each file is replaced
//! through a temporary file and a rename.

use crate::manifest::{package_version, Manifest, ManifestStyle, FIRST_VERSION};
use crate::render::{header_for, File};
use azotte_spec::Spec;
use std::path::{Path, PathBuf};

/// The path of the manifest among a crate's files.
pub const CARGO_TOML: &str = "Cargo.toml";
/// The OpenAPI 3.1 export of the API, beside the crate's manifest.
pub const OPENAPI: &str = "openapi.json";

/// Reads and validates the spec in `dir`, naming its files `<label>/<file>`
/// in messages (`label` is how the user spelled the directory).
pub fn load_spec(dir: &Path, label: &str) -> Result<Spec, String> {
    let mut sources = azotte_spec::read_dir(dir).map_err(|e| e.to_string())?;
    for s in &mut sources {
        s.name = format!("{label}/{}", s.name);
    }
    azotte_spec::load_sources(&sources).map_err(|e| e.to_string())
}

/// What to generate where.
#[derive(Debug, Clone)]
pub struct CrateOptions {
    /// The package name.
    pub name: String,
    /// Workspace member or a crate on its own.
    pub style: ManifestStyle,
    /// The command that regenerates the crate, named in file headers.
    pub command: String,
    /// The spec directory as shown in headers and messages.
    pub spec_label: String,
}

/// Every file of the crate in `crate_dir`, as the spec wants it now. The
/// manifest keeps the version and the `[dev-dependencies]` onwards of the one
/// in place (a new crate starts at [`FIRST_VERSION`]).
pub fn render_crate(
    spec: &Spec,
    crate_dir: &Path,
    opts: &CrateOptions,
) -> Result<Vec<File>, String> {
    let existing = std::fs::read_to_string(crate_dir.join(CARGO_TOML)).ok();
    let manifest = Manifest {
        name: opts.name.clone(),
        version: existing
            .as_deref()
            .and_then(package_version)
            .unwrap_or_else(|| FIRST_VERSION.to_owned()),
        style: opts.style,
        command: opts.command.clone(),
        spec_label: opts.spec_label.clone(),
    };
    let header = header_for(&opts.command, &opts.spec_label, &spec.sources);
    let mut files = crate::files(spec, &header)?;
    files.push(File {
        path: CARGO_TOML.into(),
        contents: manifest.render(spec, existing.as_deref())?,
    });
    files.push(File {
        path: "README.md".into(),
        contents: manifest.readme(spec),
    });
    files.push(File {
        path: OPENAPI.into(),
        contents: azotte_openapi::to_json(&azotte_openapi::document(spec)),
    });
    Ok(files)
}

/// A difference between what the spec generates and what is on disk; the
/// path is `<shown crate dir>/<file>`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Drift {
    /// A file the spec produces is not there.
    Missing(String),
    /// A file differs from what the spec produces.
    Changed(String),
    /// A `.rs` file under the crate's `src/` that the spec no longer produces.
    Extra(String),
}

impl std::fmt::Display for Drift {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Drift::Missing(p) => write!(f, "missing: {p}"),
            Drift::Changed(p) => write!(f, "stale:   {p}"),
            Drift::Extra(p) => write!(f, "extra:   {p}"),
        }
    }
}

/// `.rs` files currently under `src/` of `crate_dir`, relative to it, with `/`.
fn existing_sources(crate_dir: &Path) -> Vec<String> {
    fn walk(base: &Path, dir: &Path, out: &mut Vec<String>) {
        let Ok(entries) = std::fs::read_dir(dir) else {
            return;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                walk(base, &path, out);
            } else if path.extension().is_some_and(|e| e == "rs") {
                if let Ok(rel) = path.strip_prefix(base) {
                    out.push(rel.to_string_lossy().replace('\\', "/"));
                }
            }
        }
    }
    let mut out = Vec::new();
    walk(crate_dir, &crate_dir.join("src"), &mut out);
    out.sort();
    out
}

/// Compares `crate_dir` with `files`; paths are shown under `shown`.
pub fn check_crate(crate_dir: &Path, shown: &str, files: &[File]) -> Vec<Drift> {
    let mut drift = Vec::new();
    for f in files {
        let at = format!("{shown}/{}", f.path);
        match std::fs::read_to_string(crate_dir.join(&f.path)) {
            Ok(current) if current == f.contents => {}
            Ok(_) => drift.push(Drift::Changed(at)),
            Err(_) => drift.push(Drift::Missing(at)),
        }
    }
    for p in existing_sources(crate_dir) {
        if !files.iter().any(|f| f.path == p) {
            drift.push(Drift::Extra(format!("{shown}/{p}")));
        }
    }
    drift
}

/// Brings `crate_dir` in line with `files`: writes what differs, removes
/// `.rs` files under `src/` the spec no longer produces. Returns what it did.
pub fn write_crate(crate_dir: &Path, shown: &str, files: &[File]) -> Result<Vec<Drift>, String> {
    let drift = check_crate(crate_dir, shown, files);
    for f in files {
        let path = crate_dir.join(&f.path);
        if std::fs::read_to_string(&path).is_ok_and(|c| c == f.contents) {
            continue;
        }
        write_atomically(&path, &f.contents)?;
    }
    for p in existing_sources(crate_dir) {
        if !files.iter().any(|f| f.path == p) {
            let path = crate_dir.join(&p);
            std::fs::remove_file(&path)
                .map_err(|e| format!("cannot remove stale {}: {e}", path.display()))?;
        }
    }
    Ok(drift)
}

/// Writes through a temporary file and a rename, so a file is never half-written.
pub fn write_atomically(path: &Path, contents: &str) -> Result<(), String> {
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir)
            .map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    }
    let mut tmp = path.as_os_str().to_owned();
    tmp.push(".tmp");
    let tmp = PathBuf::from(tmp);
    std::fs::write(&tmp, contents).map_err(|e| format!("cannot write {}: {e}", tmp.display()))?;
    std::fs::rename(&tmp, path).map_err(|e| format!("cannot replace {}: {e}", path.display()))
}
