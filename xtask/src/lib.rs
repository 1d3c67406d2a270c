//! The code behind `cargo xtask`: regenerate the checked-in client crates from
//! the YAML specs, or check that they are current.
//!
//! Every directory `azotte-spec/apis/<api>/` is one API; its client crate lives
//! in `generated/<api>/` and everything under its `src/` is generated. Nothing is
//! written unless every spec is valid and every file rendered: a broken spec
//! leaves the tree as it was.

use azotte_codegen::File;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

/// The workspace root (the parent of this crate).
pub fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_default()
}

/// One API: its spec directory and its generated crate.
#[derive(Debug, Clone)]
pub struct Api {
    pub name: String,
    /// Relative to the workspace root, with `/`.
    pub spec_dir: String,
    pub crate_dir: String,
}

/// Every API under `azotte-spec/apis/`, sorted by name.
pub fn apis(root: &Path) -> Result<Vec<Api>, String> {
    let dir = root.join("azotte-spec/apis");
    let entries =
        std::fs::read_dir(&dir).map_err(|e| format!("cannot read {}: {e}", dir.display()))?;
    let mut names = Vec::new();
    for entry in entries {
        let entry = entry.map_err(|e| format!("cannot read {}: {e}", dir.display()))?;
        if entry.path().is_dir() {
            names.push(entry.file_name().to_string_lossy().into_owned());
        }
    }
    names.sort();
    Ok(names
        .into_iter()
        .map(|name| Api {
            spec_dir: format!("azotte-spec/apis/{name}"),
            crate_dir: format!("generated/{name}"),
            name,
        })
        .collect())
}

/// Loads, validates and generates one API: the files its `src/` must hold.
pub fn render(root: &Path, api: &Api) -> Result<Vec<File>, String> {
    let mut sources =
        azotte_spec::read_dir(&root.join(&api.spec_dir)).map_err(|e| e.to_string())?;
    // Name files from the workspace root so messages and headers point at them.
    for s in &mut sources {
        s.name = format!("{}/{}", api.spec_dir, s.name);
    }
    let spec = azotte_spec::load_sources(&sources).map_err(|e| e.to_string())?;
    let header = azotte_codegen::header(&api.spec_dir, &spec.sources);
    azotte_codegen::generate(&spec).files(&header)
}

/// A difference between what the spec generates and what is checked in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Drift {
    Missing(String),
    Changed(String),
    /// A `.rs` file under a generated `src/` that the spec no longer produces.
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

/// Every API's expected files, rendered before anything is compared or written.
fn render_all(root: &Path) -> Result<Vec<(Api, Vec<File>)>, String> {
    let mut out = Vec::new();
    let mut errors = String::new();
    for api in apis(root)? {
        match render(root, &api) {
            Ok(files) => out.push((api, files)),
            Err(e) => {
                let _ = writeln!(errors, "{}: {e}", api.name);
            }
        }
    }
    if errors.is_empty() {
        Ok(out)
    } else {
        Err(errors)
    }
}

/// `.rs` files currently under `dir` (recursively), relative to `base`, with `/`.
fn existing_sources(base: &Path, dir: &Path, out: &mut Vec<String>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            existing_sources(base, &path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            if let Ok(rel) = path.strip_prefix(base) {
                out.push(rel.to_string_lossy().replace('\\', "/"));
            }
        }
    }
}

/// Compares the checked-in crates with what the specs generate now.
pub fn check(root: &Path) -> Result<Vec<Drift>, String> {
    let mut drift = Vec::new();
    for (api, files) in render_all(root)? {
        let crate_dir = root.join(&api.crate_dir);
        for f in &files {
            let shown = format!("{}/{}", api.crate_dir, f.path);
            match std::fs::read_to_string(crate_dir.join(&f.path)) {
                Ok(current) if current == f.contents => {}
                Ok(_) => drift.push(Drift::Changed(shown)),
                Err(_) => drift.push(Drift::Missing(shown)),
            }
        }
        let mut present = Vec::new();
        existing_sources(&crate_dir, &crate_dir.join("src"), &mut present);
        present.sort();
        for p in present {
            if !files.iter().any(|f| f.path == p) {
                drift.push(Drift::Extra(format!("{}/{p}", api.crate_dir)));
            }
        }
    }
    Ok(drift)
}

/// Regenerates every API's `src/`. Returns what changed (what `check` reported).
pub fn write(root: &Path) -> Result<Vec<Drift>, String> {
    let drift = check(root)?;
    let rendered = render_all(root)?;
    for (api, files) in &rendered {
        let crate_dir = root.join(&api.crate_dir);
        if !crate_dir.join("Cargo.toml").exists() {
            scaffold_manifest(&crate_dir, &api.name)?;
        }
        for f in files {
            let path = crate_dir.join(&f.path);
            if std::fs::read_to_string(&path).is_ok_and(|c| c == f.contents) {
                continue;
            }
            write_atomically(&path, &f.contents)?;
        }
    }
    for d in &drift {
        if let Drift::Extra(p) = d {
            std::fs::remove_file(root.join(p))
                .map_err(|e| format!("cannot remove stale {p}: {e}"))?;
        }
    }
    Ok(drift)
}

/// Writes through a temporary file and a rename, so a file is never half-written.
fn write_atomically(path: &Path, contents: &str) -> Result<(), String> {
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir)
            .map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    }
    let tmp = path.with_extension("rs.tmp");
    std::fs::write(&tmp, contents).map_err(|e| format!("cannot write {}: {e}", tmp.display()))?;
    std::fs::rename(&tmp, path).map_err(|e| format!("cannot replace {}: {e}", path.display()))
}

/// A first `Cargo.toml` for a new API's crate; after that it is the user's to edit.
fn scaffold_manifest(crate_dir: &Path, name: &str) -> Result<(), String> {
    let manifest = format!(
        "[package]\nname = \"{name}-client\"\nversion = \"0.1.0\"\ndescription = \"Typed client for the {name} API, generated by `cargo xtask codegen`.\"\nedition.workspace = true\nrust-version.workspace = true\nlicense.workspace = true\npublish.workspace = true\n\n[dependencies]\nazotte-runtime.workspace = true\nserde.workspace = true\nserde_json.workspace = true\n"
    );
    std::fs::create_dir_all(crate_dir)
        .map_err(|e| format!("cannot create {}: {e}", crate_dir.display()))?;
    std::fs::write(crate_dir.join("Cargo.toml"), manifest)
        .map_err(|e| format!("cannot write Cargo.toml: {e}"))
}

/// The README's Rust examples, compiled as doctests so the quick start stays true.
#[cfg(doctest)]
#[doc = include_str!("../../README.md")]
pub struct ReadmeExamples;
