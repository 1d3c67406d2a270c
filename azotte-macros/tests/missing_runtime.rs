//! A crate that calls `generate!` without depending on `azotte-runtime` gets
//! exactly one error, naming the dependency to add — not one per generated
//! item. trybuild cannot show this: its test crates get every dev-dependency
//! of this crate, the runtime included. So this builds a real crate that
//! depends on `azotte-macros` alone, offline, with the workspace's lock file
//! (same versions) and a target directory of its own under the workspace's
//! (kept between runs, so only the first one compiles the macro's
//! dependencies).

use std::path::Path;
use std::process::Command;

#[test]
fn a_crate_without_the_runtime_gets_one_error_naming_it() {
    let macros = Path::new(env!("CARGO_MANIFEST_DIR"));
    let workspace = macros.parent().expect("the workspace root");
    let dir = tempfile::tempdir().expect("a temporary directory");
    let manifest = format!(
        "[package]\nname = \"no-runtime\"\nversion = \"0.0.0\"\nedition = \"2021\"\npublish = false\n\n\
         [dependencies]\nazotte-macros = {{ path = {:?} }}\n\n\
         [profile.dev.package.\"*\"]\ndebug = false\n\n[workspace]\n",
        macros.display().to_string()
    );
    std::fs::write(dir.path().join("Cargo.toml"), manifest).unwrap();
    std::fs::copy(workspace.join("Cargo.lock"), dir.path().join("Cargo.lock")).unwrap();
    std::fs::create_dir(dir.path().join("src")).unwrap();
    std::fs::write(
        dir.path().join("src/lib.rs"),
        "pub mod api {\n    azotte_macros::generate! { yaml: r#\"\napi: { name: demo, title: Demo, version: v1 }\n\"# }\n}\n",
    )
    .unwrap();
    let target = workspace.join("target").join("no-runtime");
    let output = Command::new(env!("CARGO"))
        .args(["build", "--offline", "--quiet", "--message-format=short"])
        .current_dir(dir.path())
        .env("CARGO_TARGET_DIR", &target)
        .env_remove("RUSTFLAGS")
        .output()
        .expect("cargo runs");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(!output.status.success(), "the build must fail:\n{stderr}");
    let errors: Vec<&str> = stderr
        .lines()
        .filter(|l| l.contains("error") && !l.contains("could not compile"))
        .collect();
    assert_eq!(errors.len(), 1, "exactly one error:\n{stderr}");
    assert!(
        errors[0].contains("does not depend on it"),
        "the error says what is missing:\n{stderr}"
    );
    assert!(
        stderr.contains("add it under [dependencies]: azotte-runtime = \""),
        "the error gives the line to add:\n{stderr}"
    );
}
