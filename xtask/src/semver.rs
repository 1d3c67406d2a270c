//! The semver gate of the generated crates: `cargo xtask semver-check
//! [--base REF]` fails when a crate's checked-in version is lower than the
//! spec changes since the base require, and `cargo xtask codegen` raises the
//! version itself (never lowers it).
//!
//! The base is, unless given: the merge base of `HEAD` with `origin/main`
//! (else `origin/HEAD`, else a local `main`) — the last version the branch
//! started from, like smithy-rs's check-semver; when `HEAD` *is* that merge
//! base (a clone of main), `HEAD~1`, so the last commit is still checked.
//! The required version is measured from the crate's version in the base's
//! `generated/<api>/Cargo.toml`, so several spec changes on one branch need
//! one bump, not one each. Without any base (no git, no commits, a single
//! commit or a shallow clone and no `origin/main`) there is nothing to
//! compare: the gate says so and passes.
//!
//! What the gate does not see: changes of the generator itself (they alter
//! the generated API without any spec change); README, "When the spec
//! changes", has the `cargo-semver-checks` command that compares the
//! generated crates themselves.

use crate::spec_diff::{compare_each, Args, Base, Compared};
use azotte_diff::{bumped, required_bump, version_at_least, Bump, Change, Format};
use std::path::Path;
use std::process::Command;

/// The version to compare against, or why there is none.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BaseRev {
    /// A commit, and how it was chosen (for messages).
    Rev { rev: String, why: String },
    /// No base version exists; the sentence says why.
    None(String),
}

/// `git <args>` in `root`: its trimmed output, `None` when it fails.
fn git(root: &Path, args: &[&str]) -> Option<String> {
    let out = Command::new("git")
        .current_dir(root)
        .args(args)
        .output()
        .ok()?;
    out.status
        .success()
        .then(|| String::from_utf8_lossy(&out.stdout).trim().to_owned())
}

/// The default base of `root` (see the module documentation).
pub fn default_base(root: &Path) -> BaseRev {
    let Some(top) = git(root, &["rev-parse", "--show-toplevel"]) else {
        return BaseRev::None(format!(
            "{} is not in a git repository: there is no base version to compare with",
            root.display()
        ));
    };
    let same = |a: &Path, b: &Path| match (a.canonicalize(), b.canonicalize()) {
        (Ok(a), Ok(b)) => a == b,
        _ => false,
    };
    if !same(Path::new(&top), root) {
        return BaseRev::None(format!(
            "{} is not the top of its git repository ({top}): there is no base version to compare with",
            root.display()
        ));
    }
    let Some(head) = git(root, &["rev-parse", "--verify", "--quiet", "HEAD^{commit}"]) else {
        return BaseRev::None(
            "the repository has no commits yet: there is no base version to compare with".into(),
        );
    };
    for branch in ["origin/main", "origin/HEAD", "main"] {
        if git(root, &["rev-parse", "--verify", "--quiet", branch]).is_none() {
            continue;
        }
        let Some(base) = git(root, &["merge-base", "HEAD", branch]) else {
            continue;
        };
        if base != head {
            return BaseRev::Rev {
                rev: short(&base),
                why: format!("the merge base of HEAD and {branch}"),
            };
        }
        // HEAD is on the branch itself: check its last commit.
        break;
    }
    match git(root, &["rev-parse", "--verify", "--quiet", "HEAD~1^{commit}"]) {
        Some(parent) => BaseRev::Rev {
            rev: short(&parent),
            why: "HEAD~1, the previous commit".into(),
        },
        None => BaseRev::None(
            "HEAD has no parent (a single-commit or shallow clone) and no origin/main to take a merge base with: there is no base version to compare with".into(),
        ),
    }
}

/// A commit id as messages show it.
fn short(id: &str) -> String {
    id.chars().take(12).collect()
}

/// The result of the gate: its report, and whether it failed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Outcome {
    pub report: String,
    pub failed: bool,
}

/// The bump an API's changes require from its version at the base, and the
/// version that takes; `None` when there is nothing to measure (a new API,
/// or no manifest at the base).
fn required(c: &Compared) -> Option<(&[Change], &str, Bump, String)> {
    let changes = c.changes.as_deref()?;
    let base = c.base_version.as_deref()?;
    let bump = required_bump(changes, base);
    Some((changes, base, bump, bumped(base, bump)?))
}

/// `cargo xtask semver-check [--base REF]`. `Err` is a usage or repository
/// error; a failed gate is an `Ok` outcome with `failed` set.
pub fn run(root: &Path, args: &[&str]) -> Result<Outcome, String> {
    let base = match args {
        [] => default_base(root),
        ["--base", rev] => BaseRev::Rev {
            rev: (*rev).to_owned(),
            why: "given with --base".into(),
        },
        _ => return Err(format!("unknown arguments `{}`", args.join(" "))),
    };
    let (rev, why) = match base {
        BaseRev::Rev { rev, why } => (rev, why),
        BaseRev::None(reason) => {
            return Ok(Outcome {
                report: format!("semver-check: nothing to check: {reason}\n"),
                failed: false,
            })
        }
    };
    let args = Args {
        base: Base::Git(rev.clone()),
        api: None,
        format: Format::Text,
    };
    let mut out = Outcome {
        report: format!("semver-check: against {rev} ({why})\n"),
        failed: false,
    };
    for compared in compare_each(root, &args)? {
        let c = match compared {
            Ok(c) => c,
            Err(e) => {
                // The validator got stricter since the base: nothing to
                // compare, and no version can fix history.
                let (api, _) = e.split_once(':').unwrap_or((&e, ""));
                let first = e
                    .lines()
                    .find(|l| l.starts_with("error:"))
                    .unwrap_or_default();
                out.report += &format!(
                    "{api}: not checked: today's validator refuses the spec at {rev} (written before a rule it breaks), so there is nothing to compare\n    {first}\n"
                );
                continue;
            }
        };
        let line = assess(root, &c, &rev);
        out.failed |= line.starts_with("FAIL");
        out.report += &line;
    }
    Ok(out)
}

/// The report of one API: `FAIL …` when its version is lower than required,
/// went down, or moved without a changelog entry.
fn assess(root: &Path, c: &Compared, rev: &str) -> String {
    let (name, krate, have) = (&c.api.name, &c.crate_name, &c.version);
    let Some((changes, base, bump, need)) = required(c) else {
        return match &c.changes {
            None => format!(
                "{name}: new API (the base has no {}): nothing to check\n",
                c.api.spec_dir
            ),
            Some(_) => format!(
                "{name}: the base has no readable version in {}/Cargo.toml: nothing to check\n",
                c.api.crate_dir
            ),
        };
    };
    if !version_at_least(have, base) {
        return format!(
            "FAIL {name}: {krate} went down from {base} at {rev} to {have}; versions never go back\n"
        );
    }
    if !version_at_least(have, &need) {
        let breaking: Vec<&Change> = changes.iter().filter(|c| c.breaking()).collect();
        let (what, listed) = if breaking.is_empty() {
            ("change(s)", changes.iter().collect())
        } else {
            ("breaking change(s)", breaking)
        };
        let mut s = format!(
            "FAIL {name}: {krate} is at {have} but requires at least {need} (a {bump} bump from {base} at {rev}), because of {} {what}:\n",
            listed.len()
        );
        for ch in listed {
            s += &format!(
                "    - {}: {}\n        wire: {}\n        rust: {}\n",
                ch.subject, ch.detail, ch.wire, ch.rust
            );
        }
        s += &format!(
            "  set `version = \"{need}\"` in {}/Cargo.toml (`cargo xtask codegen` does), then `cargo xtask changelog --base {rev}`\n",
            c.api.crate_dir
        );
        return s;
    }
    if have != base && !has_entry(root, c) {
        return format!(
            "FAIL {name}: {krate} moved from {base} to {have} but {}/CHANGELOG.md has no `## [{have}]` entry: run `cargo xtask changelog --base {rev}`\n",
            c.api.crate_dir
        );
    }
    if changes.is_empty() {
        return format!("{name}: no spec changes since {rev}; {krate} is at {have}: ok\n");
    }
    format!(
        "{name}: {} change(s) since {rev} ({} breaking) need {need} (a {bump} bump from {base}); {krate} is at {have}: ok\n",
        changes.len(),
        changes.iter().filter(|c| c.breaking()).count()
    )
}

/// Whether the crate's `CHANGELOG.md` has an entry for its current version.
fn has_entry(root: &Path, c: &Compared) -> bool {
    let heading = format!("## [{}]", c.version);
    std::fs::read_to_string(root.join(&c.api.crate_dir).join("CHANGELOG.md"))
        .is_ok_and(|t| t.lines().any(|l| l.starts_with(&heading)))
}

/// What `cargo xtask codegen` does after writing the code: raises each
/// crate's `version` (and its `Cargo.lock` entry) to the minimum the spec
/// changes since the default base require. Never lowers a version, never
/// fails: without a base, or with a base the validator refuses, it says so.
pub fn raise_versions(root: &Path) -> Result<String, String> {
    let rev = match default_base(root) {
        BaseRev::Rev { rev, .. } => rev,
        BaseRev::None(reason) => return Ok(format!("crate versions left as they are: {reason}\n")),
    };
    let args = Args {
        base: Base::Git(rev.clone()),
        api: None,
        format: Format::Text,
    };
    let mut report = String::new();
    for c in compare_each(root, &args)?.into_iter().flatten() {
        let Some((_, _, bump, need)) = required(&c) else {
            continue;
        };
        if version_at_least(&c.version, &need) {
            continue;
        }
        set_version(root, &c, &need)?;
        report += &format!(
            "{}: raised {} from {} to {need} (a {bump} bump for the spec changes since {rev}); write its entry: cargo xtask changelog --base {rev}\n",
            c.api.name, c.crate_name, c.version
        );
    }
    Ok(report)
}

/// Writes `version` into the crate's `[package]`, the workspace's dependency
/// entry for it and its `Cargo.lock` entry (so `cargo … --locked` in CI
/// accepts the bump).
fn set_version(root: &Path, c: &Compared, version: &str) -> Result<(), String> {
    let path = root.join(&c.api.crate_dir).join("Cargo.toml");
    let text = std::fs::read_to_string(&path)
        .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    let old_line = format!("version = \"{}\"\n", c.version);
    let Some(at) = text.find(&old_line) else {
        return Err(format!(
            "{}: no `{}` line to raise",
            path.display(),
            old_line.trim_end()
        ));
    };
    let updated = format!(
        "{}version = \"{version}\"\n{}",
        &text[..at],
        &text[at + old_line.len()..]
    );
    std::fs::write(&path, updated).map_err(|e| format!("cannot write {}: {e}", path.display()))?;
    // The workspace's `[workspace.dependencies]` entry names the version
    // beside the path (for `cargo package`): it moves with the crate.
    let ws = root.join("Cargo.toml");
    if let Ok(text) = std::fs::read_to_string(&ws) {
        let entry = format!(
            "{} = {{ path = \"{}\", version = \"{}\" }}",
            c.crate_name, c.api.crate_dir, c.version
        );
        let new_entry = format!(
            "{} = {{ path = \"{}\", version = \"{version}\" }}",
            c.crate_name, c.api.crate_dir
        );
        if text.contains(&entry) {
            std::fs::write(&ws, text.replacen(&entry, &new_entry, 1))
                .map_err(|e| format!("cannot write {}: {e}", ws.display()))?;
        }
    }
    let lock = root.join("Cargo.lock");
    if let Ok(text) = std::fs::read_to_string(&lock) {
        let entry = format!("name = \"{}\"\n{old_line}", c.crate_name);
        let new_entry = format!("name = \"{}\"\nversion = \"{version}\"\n", c.crate_name);
        if text.contains(&entry) {
            std::fs::write(&lock, text.replacen(&entry, &new_entry, 1))
                .map_err(|e| format!("cannot write {}: {e}", lock.display()))?;
        }
    }
    Ok(())
}
