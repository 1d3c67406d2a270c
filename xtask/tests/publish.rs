//! The published crates stay publishable (README, "Publishing"): the crates
//! users add say `publish = true` (CI packages exactly those), each
//! has the metadata crates.io shows and its README and license files, and
//! every dependency a published crate builds with is published too and named
//! with a version (cargo refuses to package a path dependency without one).

use serde_json::Value;
use std::process::Command;

fn metadata() -> Value {
    let root = xtask::workspace_root().unwrap();
    let out = Command::new(std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into()))
        .current_dir(&root)
        .args([
            "metadata",
            "--no-deps",
            "--format-version",
            "1",
            "--offline",
        ])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

/// `publish = false` is `[]` in cargo's metadata; publishable is `null`.
fn published(p: &Value) -> bool {
    p["publish"].is_null()
}

/// CI packages whatever `cargo metadata` calls publishable (`.ci/run`), so
/// the guard is on the manifests: the crates a user adds (issue 14) stay
/// publishable.
#[test]
fn the_crates_users_add_are_published() {
    let meta = metadata();
    let names: Vec<&str> = meta["packages"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|p| published(p))
        .map(|p| p["name"].as_str().unwrap())
        .collect();
    for name in [
        "azotte-spec",
        "azotte-codegen",
        "azotte-macros",
        "azotte-runtime",
        "azotte-client",
        "automatum-client",
    ] {
        assert!(
            names.contains(&name),
            "{name} is not publishable: {names:?}"
        );
    }
}

#[test]
fn published_crates_have_metadata_files_and_published_dependencies() {
    let meta = metadata();
    let packages = meta["packages"].as_array().unwrap();
    for p in packages.iter().filter(|p| published(p)) {
        let name = p["name"].as_str().unwrap();
        for key in ["description", "license", "repository", "homepage", "readme"] {
            assert!(
                p[key].as_str().is_some_and(|v| !v.is_empty()),
                "{name}: no {key}"
            );
        }
        for key in ["keywords", "categories"] {
            let n = p[key].as_array().map_or(0, Vec::len);
            assert!(
                (1..=5).contains(&n),
                "{name}: {n} {key} (crates.io takes 1 to 5)"
            );
        }
        let dir = std::path::Path::new(p["manifest_path"].as_str().unwrap())
            .parent()
            .unwrap();
        for file in ["README.md", "LICENSE-MIT", "LICENSE-APACHE"] {
            assert!(dir.join(file).is_file(), "{name}: no {file}");
        }
        for dep in p["dependencies"].as_array().unwrap() {
            let Some(path) = dep["path"].as_str() else {
                continue;
            };
            let dep_name = dep["name"].as_str().unwrap();
            if dep["kind"].as_str() == Some("dev") {
                continue;
            }
            assert_ne!(
                dep["req"].as_str(),
                Some("*"),
                "{name} depends on {dep_name} ({path}) without a version"
            );
            let target = packages.iter().find(|q| q["name"] == dep["name"]).unwrap();
            assert!(
                published(target),
                "{name} depends on the unpublished {dep_name}"
            );
        }
    }
}
