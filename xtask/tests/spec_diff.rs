//! `cargo xtask spec-diff` end to end: the "must show" case on a
//! copy of the real Azotte spec, and the real specs against themselves.

use std::path::Path;

/// Copies the Azotte spec and the crate manifest into a temporary workspace
/// root, applies `edit` to (file, text) pairs, and returns the root.
fn edited_root(edit: impl Fn(&str, String) -> String) -> tempfile::TempDir {
    let real = xtask::workspace_root().unwrap();
    let tmp = tempfile::tempdir().expect("a temporary directory");
    let spec = tmp.path().join("azotte-spec/apis/azotte");
    std::fs::create_dir_all(&spec).unwrap();
    for entry in std::fs::read_dir(real.join("azotte-spec/apis/azotte")).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let text = std::fs::read_to_string(&path).unwrap();
        std::fs::write(spec.join(&name), edit(&name, text)).unwrap();
    }
    std::fs::create_dir_all(tmp.path().join("generated/azotte")).unwrap();
    // The fixture's crate is at 0.1.0 whatever version the real one has
    // reached, so the bumps below are the fixture's own.
    let manifest = std::fs::read_to_string(real.join("generated/azotte/Cargo.toml")).unwrap();
    let version = format!("version = \"{}\"", manifest_version(&real, "azotte"));
    std::fs::write(
        tmp.path().join("generated/azotte/Cargo.toml"),
        replace_once(&manifest, &version, "version = \"0.1.0\""),
    )
    .unwrap();
    tmp
}

/// The version in `generated/<api>/Cargo.toml` under `root`.
fn manifest_version(root: &Path, api: &str) -> String {
    let manifest =
        std::fs::read_to_string(root.join(format!("generated/{api}/Cargo.toml"))).unwrap();
    manifest
        .lines()
        .find_map(|l| l.strip_prefix("version = \""))
        .and_then(|v| v.strip_suffix('"'))
        .expect("a version line")
        .to_owned()
}

/// The line the fixture's `middleName` lands on: the line after the one
/// opening `CustomerDetails`' fields in the real `c2a.yaml`, one further
/// down for the error code the fixture adds above it.
fn middle_name_line() -> usize {
    let real = xtask::workspace_root()
        .unwrap()
        .join("azotte-spec/apis/azotte/c2a.yaml");
    let text = std::fs::read_to_string(real).unwrap();
    let at = text
        .find(CUSTOMER_DETAILS_FIELDS)
        .expect("CustomerDetails' fields");
    text[..at].lines().count() + 3
}

const CUSTOMER_DETAILS_FIELDS: &str = "    fields:\n      externalId:\n        type: ExternalId\n        aliases: [externalIdentifier]\n        doc: >-\n          The tenant's own identifier; must not be projected yet";

fn replace_once(text: &str, from: &str, to: &str) -> String {
    assert_eq!(text.matches(from).count(), 1, "`{from}` must occur once");
    text.replacen(from, to, 1)
}

/// (a) a required response field removed, (b) an optional request field
/// added, (c) an error code added.
fn must_show_root() -> tempfile::TempDir {
    edited_root(|name, text| {
        match name {
        "common.yaml" => replace_once(
            &text,
            "      customerUrn:\n        type: CustomerUrn\n        doc: Azotte URN of the customer (document 002).\n      externalId:\n        type: ExternalId\n        aliases: [externalIdentifier]\n        doc: >-\n          The tenant's own identifier (document 002: Azotte stores",
            "      externalId:\n        type: ExternalId\n        aliases: [externalIdentifier]\n        doc: >-\n          The tenant's own identifier (document 002: Azotte stores",
        ),
        "c2a.yaml" => replace_once(
            &replace_once(
                &text,
                CUSTOMER_DETAILS_FIELDS,
                "    fields:\n      middleName:\n        type: string\n        optional: true\n        doc: \"inferred: a middle name.\"\n      externalId:\n        type: ExternalId\n        aliases: [externalIdentifier]\n        doc: >-\n          The tenant's own identifier; must not be projected yet",
            ),
            "              - SQL_DATABASE_FAILURE\n              - INTERNAL_SERVER_ERROR\n          - id: C2A-01-03",
            "              - SQL_DATABASE_FAILURE\n              - INTERNAL_SERVER_ERROR\n              - CUSTOMER_NOT_FOUND\n          - id: C2A-01-03",
        ),
        _ => text,
    }
    })
}

fn run(root: &Path, args: &[&str]) -> String {
    xtask::spec_diff::run(root, args).unwrap_or_else(|e| panic!("spec-diff failed: {e}"))
}

#[test]
fn must_show_three_changes_with_verdicts_and_bump() {
    let root = must_show_root();
    let base = xtask::workspace_root()
        .unwrap()
        .join("azotte-spec/apis/azotte");
    let base = base.to_str().unwrap();
    let text = run(root.path(), &["--base-dir", base, "--api", "azotte"]);
    println!("{text}");
    assert!(
        text.starts_with("azotte: 3 change(s), 3 breaking; azotte-client 0.1.0 needs a minor bump (at least 0.2.0)\n"),
        "{text}"
    );
    // (a) breaks decoding in deployed clients and the Rust field is gone.
    assert!(
        text.contains("BREAKING response field `AzotteCustomer.customerUrn`"),
        "{text}"
    );
    assert!(text.contains(": removed (was required)\n"), "{text}");
    assert!(
        text.contains(
            "wire: breaking — old clients require `customerUrn` when decoding `AzotteCustomer`"
        ),
        "{text}"
    );
    assert!(
        text.contains("rust: breaking — field `AzotteCustomer::customer_urn` no longer exists"),
        "{text}"
    );
    assert!(
        text.contains(&format!(
            "old: {base}/common.yaml:380 (types.AzotteCustomer.fields.customerUrn)"
        )),
        "{text}"
    );
    assert!(
        text.contains(&format!(
            "new: azotte-spec/apis/azotte/c2a.yaml:{} (types.CustomerDetails.fields.middleName)",
            middle_name_line()
        )),
        "{text}"
    );
    // (b) fine on the wire; in Rust only struct literals break.
    assert!(
        text.contains("BREAKING request field `CustomerDetails.middleName`"),
        "{text}"
    );
    assert!(
        text.contains("wire: non-breaking — optional: old clients omit it"),
        "{text}"
    );
    assert!(
        text.contains(
            "rust: breaking — new public field `CustomerDetails::middle_name`: a struct literal"
        ),
        "{text}"
    );
    // (c) old clients see `Unknown`; exhaustive matches break.
    assert!(
        text.contains(
            "BREAKING endpoint C2A-01-02 `store_customer`: error code `CUSTOMER_NOT_FOUND` added"
        ),
        "{text}"
    );
    assert!(text.contains("wire: non-breaking — old clients decode it as `StoreCustomerError::Unknown(\"CUSTOMER_NOT_FOUND\")`"), "{text}");
    assert!(
        text.contains("rust: breaking — new variant `StoreCustomerError::CustomerNotFound`"),
        "{text}"
    );

    let json = run(
        root.path(),
        &["--base-dir", base, "--api", "azotte", "--format", "json"],
    );
    let v: serde_json::Value = serde_json::from_str(&json).expect("valid JSON");
    assert_eq!(v["bump"], "minor");
    assert_eq!(v["required_version"], "0.2.0");
    let kinds: Vec<&str> = v["changes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["kind"].as_str().unwrap())
        .collect();
    assert_eq!(kinds, ["error_code_added", "field_added", "field_removed"]);

    let md = run(
        root.path(),
        &[
            "--base-dir",
            base,
            "--api",
            "azotte",
            "--format",
            "markdown",
        ],
    );
    assert!(md.starts_with("### Spec changes\n"), "{md}");
    assert_eq!(md.matches("| ⚠️ breaking |").count(), 3, "{md}");
}

#[test]
fn real_specs_against_themselves_give_nothing() {
    let root = xtask::workspace_root().unwrap();
    // The directory form compares the work tree with itself whatever git
    // holds (HEAD may differ while a spec is being edited).
    let dir = root.join("azotte-spec/apis");
    let same = run(&root, &["--base-dir", dir.to_str().unwrap()]);
    let (automatum, azotte) = (
        manifest_version(&root, "automatum"),
        manifest_version(&root, "azotte"),
    );
    assert_eq!(
        same,
        format!("automatum: no changes; automatum-client {automatum} needs no bump\nazotte: no changes; azotte-client {azotte} needs no bump\n")
    );
}

#[test]
fn bad_arguments_are_named() {
    let root = xtask::workspace_root().unwrap();
    let e = xtask::spec_diff::run(&root, &["--format", "yaml"]).unwrap_err();
    assert_eq!(e, "unknown format `yaml` (text, json or markdown)");
    let e = xtask::spec_diff::run(&root, &["--base", "no-such-ref-xyz"]).unwrap_err();
    assert_eq!(e, "`no-such-ref-xyz` is not a commit of this repository");
    let e = xtask::spec_diff::run(&root, &["--api", "nope"]).unwrap_err();
    assert_eq!(e, "no API `nope` under azotte-spec/apis/");
}

#[test]
fn changelog_entry_for_the_manifest_version_breaking_first_and_replaced_on_rerun() {
    let root = must_show_root();
    let base = xtask::workspace_root()
        .unwrap()
        .join("azotte-spec/apis/azotte");
    let args = [
        "--base-dir",
        base.to_str().unwrap(),
        "--api",
        "azotte",
        "--date",
        "2026-01-02",
    ];
    let report = xtask::changelog::run(root.path(), &args).unwrap();
    assert_eq!(
        report,
        "azotte: wrote the 0.1.0 entry of generated/azotte/CHANGELOG.md (3 change(s))\n"
    );
    let path = root.path().join("generated/azotte/CHANGELOG.md");
    let first = std::fs::read_to_string(&path).unwrap();
    assert!(first.starts_with(xtask::changelog::HEADER), "{first}");
    assert!(
        first.contains("\n## [0.1.0] - 2026-01-02\n\n### Breaking\n\n- endpoint C2A-01-02"),
        "{first}"
    );
    assert!(first.contains("Migration: add an arm for `StoreCustomerError::CustomerNotFound` (or `_`) to matches on `StoreCustomerError`"), "{first}");
    assert!(
        first.contains("Migration: drop uses of `AzotteCustomer::customer_urn`"),
        "{first}"
    );
    // Again: the same entry, not a second one.
    xtask::changelog::run(root.path(), &args).unwrap();
    assert_eq!(std::fs::read_to_string(&path).unwrap(), first);
    // A later version goes above it.
    let later = xtask::changelog::with_entry(
        &first,
        "0.2.0",
        "## [0.2.0] - 2026-02-01\n\n### Changed\n\n- x\n",
    );
    assert!(
        later.find("## [0.2.0]").unwrap() < later.find("## [0.1.0]").unwrap(),
        "{later}"
    );
}

#[test]
fn changelog_needs_a_base() {
    let e =
        xtask::changelog::run(&xtask::workspace_root().unwrap(), &["--api", "azotte"]).unwrap_err();
    assert!(e.starts_with("say which version"), "{e}");
}
