//! The compile-time contract, checked by trybuild: `tests/ui/*.rs` must fail to
//! compile with exactly the checked-in `.stderr`, `tests/ui/pass/*.rs` must
//! compile and run. Regenerate the `.stderr` files after a deliberate change
//! with `TRYBUILD=overwrite cargo test -p azotte-macros --test ui`, then read
//! every diff as the person who made the mistake would.
//!
//! - `spec_*`: spec mistakes reported through `generate!` (inline YAML, or spec
//!   files under `tests/ui/specs/` for `spec_path_*`);
//! - `macro_*`: malformed `generate!` input;
//! - `api_*`: misuse of the generated client (`azotte-client`);
//! - `pass/*`: what must keep compiling (Send futures, mockable traits, …).

use std::path::{Path, PathBuf};

#[test]
fn ui() {
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    let cases = manifest.join("tests/ui");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&cases)
        .expect("tests/ui")
        .map(|e| e.expect("a directory entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "rs"))
        .collect();
    files.sort();

    // trybuild builds the cases in `<target>/tests/trybuild/azotte-macros/`, the
    // `CARGO_MANIFEST_DIR` that `spec_path_*` cases resolve their paths against
    // (`../../../../azotte-macros/tests/ui/specs/…`). With a target directory
    // elsewhere those paths cannot resolve, so they are skipped (and said so).
    let workspace = manifest.parent().expect("the workspace root");
    let paths_resolve = target_dir().is_some_and(|t| same(&t, &workspace.join("target")));

    let t = trybuild::TestCases::new();
    for file in &files {
        let name = file.file_name().unwrap().to_string_lossy();
        if name.starts_with("spec_path_") && !paths_resolve {
            eprintln!("skipped {name}: the target directory is not <workspace>/target");
            continue;
        }
        t.compile_fail(file.strip_prefix(manifest).unwrap());
    }
    t.pass("tests/ui/pass/*.rs");
}

/// The target directory this test was built in (`<target>/debug/deps/ui-…`).
fn target_dir() -> Option<PathBuf> {
    if let Some(dir) = std::env::var_os("CARGO_TARGET_DIR") {
        return Some(PathBuf::from(dir));
    }
    let exe = std::env::current_exe().ok()?;
    exe.ancestors()
        .find(|a| a.file_name().is_some_and(|n| n == "target"))
        .map(Path::to_path_buf)
}

fn same(a: &Path, b: &Path) -> bool {
    match (a.canonicalize(), b.canonicalize()) {
        (Ok(a), Ok(b)) => a == b,
        _ => false,
    }
}
