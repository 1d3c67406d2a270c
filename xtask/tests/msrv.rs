//! The workspace's `rust-version` is true of its dependency graph: no
//! package in `Cargo.lock` declares a higher minimum Rust than ours (issue
//! 14: it said 1.85 while uuid 1.29 needs 1.89). Read through `cargo
//! metadata`, so the check follows the lockfile as it changes.

use std::process::Command;

/// `1.89` and `1.89.0` alike, as `[major, minor, patch]`.
fn version(text: &str) -> [u64; 3] {
    let mut parts = text.split('.').map(|p| p.parse().unwrap_or(0));
    [0; 3].map(|_| parts.next().unwrap_or(0))
}

#[test]
fn rust_version_is_at_least_every_dependencys() {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    let out = Command::new(cargo)
        .args(["metadata", "--format-version", "1", "--locked"])
        .current_dir(xtask::workspace_root().unwrap())
        .output()
        .expect("cargo metadata runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let meta: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let members: Vec<&str> = meta["workspace_members"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|m| m.as_str())
        .collect();
    let packages = meta["packages"].as_array().unwrap();
    let declared = |p: &serde_json::Value| p["rust_version"].as_str().map(version);
    let ours = packages
        .iter()
        .filter(|p| members.contains(&p["id"].as_str().unwrap_or_default()))
        .map(|p| declared(p).unwrap_or_else(|| panic!("{} declares no rust-version", p["name"])))
        .min()
        .expect("workspace members");
    let needed = packages
        .iter()
        .filter(|p| !members.contains(&p["id"].as_str().unwrap_or_default()))
        .filter_map(|p| declared(p).map(|v| (v, p["name"].as_str().unwrap_or_default())))
        .max()
        .expect("dependencies declare rust-versions");
    assert!(
        ours >= needed.0,
        "workspace rust-version {ours:?} is below {:?}, which `{}` declares: raise [workspace.package] rust-version",
        needed.0,
        needed.1
    );
}
