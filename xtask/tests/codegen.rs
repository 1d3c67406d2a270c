//! `cargo xtask codegen`: the checked-in crates are current, drift is named,
//! and a broken spec writes nothing.

use std::path::Path;

#[test]
fn checked_in_generated_code_is_current() {
    let drift = xtask::check(&xtask::workspace_root().unwrap()).unwrap_or_else(|e| panic!("{e}"));
    let list: Vec<String> = drift.iter().map(ToString::to_string).collect();
    assert!(
        drift.is_empty(),
        "the generated client is out of date with azotte-spec/apis:\n  {}\nrun `cargo xtask codegen` and commit the result",
        list.join("\n  ")
    );
}

const SPEC: &str = "api: { name: demo, title: Demo, version: v1 }
types:
  Thing: { fields: { id: string } }
";

fn workspace(dir: &Path, spec: &str) {
    std::fs::create_dir_all(dir.join("azotte-spec/apis/demo")).unwrap();
    std::fs::write(dir.join("azotte-spec/apis/demo/api.yaml"), spec).unwrap();
}

#[test]
fn write_then_check_then_drift_is_named() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path();
    workspace(root, SPEC);
    let written = xtask::write(root).unwrap();
    assert!(
        written.contains(&xtask::Drift::Missing("generated/demo/src/types.rs".into())),
        "{written:?}"
    );
    assert!(
        written.contains(&xtask::Drift::Missing("generated/demo/openapi.json".into())),
        "{written:?}"
    );
    assert!(
        written.contains(&xtask::Drift::Missing(xtask::SPEC_SCHEMA.into())),
        "{written:?}"
    );
    assert!(
        root.join("generated/demo/Cargo.toml").exists(),
        "a new API gets a manifest"
    );
    assert_eq!(xtask::check(root).unwrap(), []);
    assert_eq!(
        xtask::write(root).unwrap(),
        [],
        "a second run changes nothing"
    );

    std::fs::write(
        root.join("generated/demo/src/types.rs"),
        "// edited by hand\n",
    )
    .unwrap();
    std::fs::write(root.join("generated/demo/src/leftover.rs"), "").unwrap();
    std::fs::write(root.join("generated/demo/openapi.json"), "{}\n").unwrap();
    std::fs::remove_file(root.join("generated/demo/src/prelude.rs")).unwrap();
    std::fs::write(root.join(xtask::SPEC_SCHEMA), "{}\n").unwrap();
    let drift: Vec<String> = xtask::check(root)
        .unwrap()
        .iter()
        .map(ToString::to_string)
        .collect();
    assert_eq!(
        drift,
        [
            "stale:   generated/demo/src/types.rs",
            "missing: generated/demo/src/prelude.rs",
            "stale:   generated/demo/openapi.json",
            "extra:   generated/demo/src/leftover.rs",
            "stale:   azotte-spec/spec.schema.json",
        ]
    );
    xtask::write(root).unwrap();
    assert_eq!(xtask::check(root).unwrap(), []);
    assert!(!root.join("generated/demo/src/leftover.rs").exists());
}

#[test]
fn a_broken_spec_writes_nothing() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path();
    workspace(root, SPEC);
    xtask::write(root).unwrap();
    let before = std::fs::read_to_string(root.join("generated/demo/src/types.rs")).unwrap();

    // Two mistakes: a new field of unknown type and an unknown key.
    workspace(root, "api: { name: demo, title: Demo, version: v1 }\ntypes:\n  Thing: { fields: { id: string, owner: Person } }\n  Other: { newtype: strin }\n");
    let err = xtask::write(root).unwrap_err();
    assert!(err.contains("azotte-spec/apis/demo/api.yaml:3:"), "{err}");
    assert!(err.contains("unknown type `Person`"), "{err}");
    assert!(
        err.contains("a newtype must wrap a primitive, not `strin`"),
        "{err}"
    );
    // Each error quotes its line, with a caret under the column.
    assert!(
        err.contains(
            "\n  4 |   Other: { newtype: strin }\n    |            ^\n  at: types.Other.newtype"
        ),
        "{err}"
    );
    assert_eq!(
        std::fs::read_to_string(root.join("generated/demo/src/types.rs")).unwrap(),
        before
    );
}

#[test]
fn the_binary_reports_success_on_the_real_tree() {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_xtask"))
        .args(["codegen", "--check"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let bad = std::process::Command::new(env!("CARGO_BIN_EXE_xtask"))
        .args(["codegen", "--frobnicate"])
        .output()
        .unwrap();
    assert!(!bad.status.success());
    assert!(String::from_utf8_lossy(&bad.stderr).contains("usage: cargo xtask codegen"));
}

#[test]
fn the_workspace_is_found_from_the_current_directory_at_run_time() {
    // A second checkout: the same binary (built from this one) must read the
    // spec of the checkout it runs in, and say which one it read.
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path();
    std::fs::write(root.join("Cargo.toml"), "[workspace]\nmembers = []\n").unwrap();
    workspace(root, SPEC);
    let nested = root.join("azotte-spec/apis/demo");
    assert_eq!(xtask::find_workspace(&nested).unwrap(), root);

    let run = |args: &[&str]| {
        std::process::Command::new(env!("CARGO_BIN_EXE_xtask"))
            .current_dir(&nested)
            .args(args)
            .output()
            .unwrap()
    };
    let spec_line = format!("spec: {}\n", root.join("azotte-spec/apis").display());
    let stale = run(&["codegen", "--check"]);
    assert!(!stale.status.success());
    assert!(String::from_utf8_lossy(&stale.stdout).starts_with(&spec_line));
    let stderr = String::from_utf8_lossy(&stale.stderr);
    assert!(
        stderr.contains("missing: generated/demo/src/lib.rs"),
        "{stderr}"
    );
    let written = run(&["codegen"]);
    assert!(
        written.status.success(),
        "{}",
        String::from_utf8_lossy(&written.stderr)
    );
    assert!(root.join("generated/demo/src/lib.rs").exists());
    let fresh = run(&["codegen", "--check"]);
    assert!(
        fresh.status.success(),
        "{}",
        String::from_utf8_lossy(&fresh.stderr)
    );

    // Outside any workspace: a clear error, not the checkout it was built in.
    let outside = tempfile::tempdir().unwrap();
    let lost = std::process::Command::new(env!("CARGO_BIN_EXE_xtask"))
        .current_dir(outside.path())
        .args(["codegen", "--check"])
        .output()
        .unwrap();
    assert!(!lost.status.success());
    assert!(
        String::from_utf8_lossy(&lost.stderr).starts_with("error: no cargo workspace around"),
        "{}",
        String::from_utf8_lossy(&lost.stderr)
    );
}
