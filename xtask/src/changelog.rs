//! `cargo xtask changelog [--base REF | --base-dir DIR] [--api NAME] [--date YYYY-MM-DD]`:
//! writes the entry of each generated crate's current manifest version into
//! its `CHANGELOG.md` (Keep a Changelog), produced by `azotte-diff` from the
//! spec at the base to the spec now.
//!
//! How entries accumulate: one entry per released version. Before a
//! release, bump `version` in `generated/<api>/Cargo.toml` and run the
//! command against the previous release (`--base <release tag or commit>`):
//! it inserts `## [version]` above the older entries, or replaces the entry
//! of that version when it exists (running it again after more spec edits
//! rewrites it, never duplicates it). It refuses when the manifest's version
//! is lower than the changes require. The changelog is not part of
//! `codegen --check`: its history is what git cannot recompute, so no check
//! depends on git history.

use crate::spec_diff::{compare, Args, Base};
use azotte_diff::{bumped, changelog_entry, required_bump, version_at_least};
use std::path::Path;

/// The changelog's preamble, written when the file is created.
pub const HEADER: &str = "# Changelog\n\nAll notable changes to this crate. The format is [Keep a Changelog](https://keepachangelog.com/en/1.1.0/); \
versions follow [Cargo's semver rules](https://doc.rust-lang.org/cargo/reference/semver.html). \
Entries are produced from the spec by `cargo xtask changelog` (README, \"When the spec changes\"): breaking changes first, each with its migration.\n";

/// Runs the command; returns what it did, one line per crate.
pub fn run(root: &Path, args: &[&str]) -> Result<String, String> {
    let mut date = None;
    let mut rest = Vec::new();
    let mut it = args.iter();
    while let Some(a) = it.next() {
        if *a == "--date" {
            date = Some(it.next().ok_or("`--date` needs a value")?.to_string());
        } else {
            rest.push(*a);
        }
    }
    let args = Args::parse(&rest)?;
    if matches!(&args.base, Base::Git(r) if r == "HEAD") && !rest.contains(&"--base") {
        return Err(
            "say which version the entry starts from: `--base REF` or `--base-dir DIR`".into(),
        );
    }
    let date = date.unwrap_or_else(today);
    let mut report = String::new();
    for c in compare(root, &args)? {
        let Some(changes) = c.changes else {
            report += &format!(
                "{}: the base has no such API; nothing written\n",
                c.api.name
            );
            continue;
        };
        if let Some(base) = &c.base_version {
            let bump = required_bump(&changes, base);
            let need = bumped(base, bump).unwrap_or_default();
            if !version_at_least(&c.version, &need) {
                return Err(format!(
                    "{}: {} is at {} but the spec changes since {base} need a {bump} bump: set `version = \"{need}\"` (at least) in {}/Cargo.toml",
                    c.api.name, c.crate_name, c.version, c.api.crate_dir
                ));
            }
        }
        let path = root.join(&c.api.crate_dir).join("CHANGELOG.md");
        let current = std::fs::read_to_string(&path).unwrap_or_else(|_| HEADER.to_owned());
        let entry = changelog_entry(&c.version, &date, &changes);
        std::fs::write(&path, with_entry(&current, &c.version, &entry))
            .map_err(|e| format!("cannot write {}: {e}", path.display()))?;
        report += &format!(
            "{}: wrote the {} entry of {}/CHANGELOG.md ({} change(s))\n",
            c.api.name,
            c.version,
            c.api.crate_dir,
            changes.len()
        );
    }
    Ok(report)
}

/// `changelog` with the entry of `version` replaced by `entry`, or `entry`
/// inserted above the first entry (after the preamble).
pub fn with_entry(changelog: &str, version: &str, entry: &str) -> String {
    let heading = format!("## [{version}]");
    let starts: Vec<usize> = changelog
        .match_indices("\n## [")
        .map(|(i, _)| i + 1)
        .collect();
    let entry = entry.trim_end().to_owned() + "\n";
    if let Some(&at) = starts
        .iter()
        .find(|&&s| changelog[s..].starts_with(&heading))
    {
        let end = starts
            .iter()
            .copied()
            .find(|&s| s > at)
            .unwrap_or(changelog.len());
        let sep = if end < changelog.len() { "\n" } else { "" };
        return format!("{}{entry}{sep}{}", &changelog[..at], &changelog[end..]);
    }
    match starts.first() {
        Some(&first) => format!("{}{entry}\n{}", &changelog[..first], &changelog[first..]),
        None => format!("{}\n{entry}", changelog.trim_end().to_owned() + "\n"),
    }
}

/// Today's date (UTC), `YYYY-MM-DD`, from the system clock.
fn today() -> String {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0);
    // Howard Hinnant's days-to-civil algorithm.
    let z = (secs / 86_400) as i64 + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    format!("{y:04}-{m:02}-{d:02}")
}
