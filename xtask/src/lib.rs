//! The code behind `cargo xtask`: regenerate the checked-in client crates from
//! the YAML specs, or check that they are current.
//!
//! Every directory `azotte-spec/apis/<api>/` is one API; its client crate lives
//! in `generated/<api>/` and everything under its `src/` is generated, as is
//! the JSON Schema of the format, [`SPEC_SCHEMA`]. Nothing is
//! written unless every spec is valid and every file rendered: a broken spec
//! leaves the tree as it was. The crate's whole `Cargo.toml` is generated down
//! to its hand-kept `[dev-dependencies]` (azotte-codegen's `manifest` module).
//!
//! The workspace is found at run time from the current directory
//! ([`workspace_root`]), never from where the xtask was built.

pub mod bench;
pub mod bench_compare;
pub mod bench_compile;
pub mod bench_model;
pub mod bench_spec;
pub mod changelog;
pub mod openapi30;
pub mod semver;
pub mod spec_diff;
pub mod synth;

use azotte_codegen::client_crate::{self, CrateOptions};
use azotte_codegen::manifest::ManifestStyle;
use azotte_codegen::File;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

pub use azotte_codegen::client_crate::{Drift, OPENAPI};
pub use azotte_codegen::manifest::features_table;

/// The workspace around `start`: the nearest of its ancestors (itself
/// included) whose `Cargo.toml` has a `[workspace]` table, as cargo finds it.
/// Found at run time, not baked in at build time, so a second checkout that
/// shares a target directory reads its own spec.
pub fn find_workspace(start: &Path) -> Result<PathBuf, String> {
    for dir in start.ancestors() {
        let manifest = dir.join("Cargo.toml");
        if let Ok(text) = std::fs::read_to_string(&manifest) {
            if text.lines().any(|l| l.trim() == "[workspace]") {
                return Ok(dir.to_path_buf());
            }
        }
    }
    Err(format!(
        "no cargo workspace around {}: run `cargo xtask` inside the Azotte checkout",
        start.display()
    ))
}

/// The workspace around the current directory (see [`find_workspace`]).
/// `cargo xtask …` and `cargo test` both run inside it.
pub fn workspace_root() -> Result<PathBuf, String> {
    let cwd =
        std::env::current_dir().map_err(|e| format!("cannot read the current directory: {e}"))?;
    find_workspace(&cwd)
}

/// Where the specs are read from, relative to the workspace root.
pub const SPEC_DIR: &str = "azotte-spec/apis";

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
    let dir = root.join(SPEC_DIR);
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
            spec_dir: format!("{SPEC_DIR}/{name}"),
            crate_dir: format!("generated/{name}"),
            name,
        })
        .collect())
}

/// The license files every published crate ships, copied from the workspace
/// root into each generated crate (and checked like `src/`); a workspace
/// without them (a test's) has none to copy.
pub const LICENSES: [&str; 2] = ["LICENSE-MIT", "LICENSE-APACHE"];

/// Loads, validates and generates one API: every file of its crate
/// (`Cargo.toml`, `README.md`, `src/**`, `openapi.json`, the licenses).
pub fn render(root: &Path, api: &Api) -> Result<Vec<File>, String> {
    let spec = client_crate::load_spec(&root.join(&api.spec_dir), &api.spec_dir)?;
    let opts = CrateOptions {
        name: format!("{}-client", api.name),
        style: ManifestStyle::Workspace,
        command: "cargo xtask codegen".into(),
        spec_label: api.spec_dir.clone(),
    };
    let mut files = client_crate::render_crate(&spec, &root.join(&api.crate_dir), &opts)?;
    for license in LICENSES {
        let path = root.join(license);
        match std::fs::read_to_string(&path) {
            Ok(contents) => files.push(File {
                path: license.into(),
                contents,
            }),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => return Err(format!("cannot read {}: {e}", path.display())),
        }
    }
    Ok(files)
}

/// The JSON Schema of a spec file, for editors (FORMAT.md, "Editor support"):
/// generated from the spec crate's raw model, checked for staleness like `src/`.
pub const SPEC_SCHEMA: &str = "azotte-spec/spec.schema.json";

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

/// Compares the checked-in crates with what the specs generate now.
pub fn check(root: &Path) -> Result<Vec<Drift>, String> {
    let mut drift = Vec::new();
    for (api, files) in render_all(root)? {
        drift.extend(client_crate::check_crate(
            &root.join(&api.crate_dir),
            &api.crate_dir,
            &files,
        ));
    }
    match std::fs::read_to_string(root.join(SPEC_SCHEMA)) {
        Ok(current) if current == azotte_spec::json_schema() => {}
        Ok(_) => drift.push(Drift::Changed(SPEC_SCHEMA.into())),
        Err(_) => drift.push(Drift::Missing(SPEC_SCHEMA.into())),
    }
    Ok(drift)
}

/// Regenerates every API's crate. Returns what changed (what `check` reported).
pub fn write(root: &Path) -> Result<Vec<Drift>, String> {
    let rendered = render_all(root)?;
    let mut drift = Vec::new();
    for (api, files) in &rendered {
        drift.extend(client_crate::write_crate(
            &root.join(&api.crate_dir),
            &api.crate_dir,
            files,
        )?);
    }
    let schema = azotte_spec::json_schema();
    match std::fs::read_to_string(root.join(SPEC_SCHEMA)) {
        Ok(current) if current == schema => {}
        current => {
            client_crate::write_atomically(&root.join(SPEC_SCHEMA), &schema)?;
            drift.push(match current {
                Ok(_) => Drift::Changed(SPEC_SCHEMA.into()),
                Err(_) => Drift::Missing(SPEC_SCHEMA.into()),
            });
        }
    }
    Ok(drift)
}

/// The README's Rust examples, compiled as doctests so the quick start stays true.
#[cfg(doctest)]
#[doc = include_str!("../../README.md")]
pub struct ReadmeExamples;
