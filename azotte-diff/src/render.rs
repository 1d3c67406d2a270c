//! The three outputs of `cargo xtask spec-diff` (text, JSON, Markdown) and
//! the changelog entry. All deterministic: breaking changes first, then the
//! diff's own order.

use crate::{bumped, required_bump, Change, Location};
use serde::Serialize;

/// Output format.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// For a terminal: breaking changes first, one block per change.
    Text,
    /// For tools: `{api, crate, version, bump, required_version, changes: […]}`.
    Json,
    /// For a pull request description.
    Markdown,
}

impl std::str::FromStr for Format {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        match s {
            "text" => Ok(Format::Text),
            "json" => Ok(Format::Json),
            "markdown" | "md" => Ok(Format::Markdown),
            other => Err(format!("unknown format `{other}` (text, json or markdown)")),
        }
    }
}

#[derive(Serialize)]
struct Report<'a> {
    api: &'a str,
    #[serde(rename = "crate")]
    crate_name: &'a str,
    version: &'a str,
    bump: crate::Bump,
    required_version: Option<String>,
    breaking: usize,
    changes: Vec<&'a Change>,
}

/// Breaking changes first, each group in diff order.
fn ordered(changes: &[Change]) -> Vec<&Change> {
    let mut v: Vec<&Change> = changes.iter().collect();
    v.sort_by_key(|c| !c.breaking());
    v
}

/// Renders the changes of API `api` whose generated crate `crate_name` is at
/// `version`.
pub fn render(
    api: &str,
    crate_name: &str,
    version: &str,
    changes: &[Change],
    format: Format,
) -> String {
    let bump = required_bump(changes, version);
    let breaking = changes.iter().filter(|c| c.breaking()).count();
    let need = bumped(version, bump);
    let headline = match (bump, &need) {
        (crate::Bump::None, _) => format!("{api}: no changes; {crate_name} {version} needs no bump"),
        (b, Some(v)) => format!(
            "{api}: {} change(s), {breaking} breaking; {crate_name} {version} needs a {b} bump (at least {v})",
            changes.len()
        ),
        (b, None) => format!("{api}: {} change(s), {breaking} breaking; {crate_name} needs a {b} bump", changes.len()),
    };
    match format {
        Format::Json => {
            let report = Report {
                api,
                crate_name,
                version,
                bump,
                required_version: need,
                breaking,
                changes: ordered(changes),
            };
            serde_json::to_string_pretty(&report).unwrap_or_default() + "\n"
        }
        Format::Text => {
            let mut s = headline + "\n";
            for c in ordered(changes) {
                s += &format!(
                    "\n{} {}: {}\n",
                    if c.breaking() { "BREAKING" } else { "ok      " },
                    c.subject,
                    c.detail
                );
                s += &locations(c, "    ");
                s += &format!("    wire: {}\n    rust: {}\n", c.wire, c.rust);
            }
            s
        }
        Format::Markdown => {
            let mut s = format!("### Spec changes\n\n{headline}\n");
            if changes.is_empty() {
                return s;
            }
            s += "\n| | change | wire | Rust API | where |\n|---|---|---|---|---|\n";
            for c in ordered(changes) {
                let at = [
                    c.old.as_ref().map(|l| format!("old {}", md_loc(l))),
                    c.new.as_ref().map(|l| format!("new {}", md_loc(l))),
                ]
                .into_iter()
                .flatten()
                .collect::<Vec<_>>()
                .join("<br>");
                s += &format!(
                    "| {} | {}: {} | {} | {} | {} |\n",
                    if c.breaking() {
                        "⚠️ breaking"
                    } else {
                        "✅"
                    },
                    cell(&c.subject),
                    cell(&c.detail),
                    cell(&c.wire.to_string()),
                    cell(&c.rust.to_string()),
                    at
                );
            }
            s
        }
    }
}

fn locations(c: &Change, indent: &str) -> String {
    let mut s = String::new();
    if let Some(l) = &c.old {
        s += &format!("{indent}old: {l}\n");
    }
    if let Some(l) = &c.new {
        s += &format!("{indent}new: {l}\n");
    }
    s
}

fn md_loc(l: &Location) -> String {
    format!("`{}`", l.to_string().replace('`', ""))
}

/// A table cell: no pipes or line breaks.
fn cell(s: &str) -> String {
    s.replace('|', "\\|").replace('\n', " ")
}

/// Which changes a changelog section lists.
type Keep = fn(&Change) -> bool;

/// A Keep a Changelog entry (`## [version] - date` and its sections) for
/// `changes`: breaking changes first, each with its migration hint; then
/// additions and other changes.
pub fn changelog_entry(version: &str, date: &str, changes: &[Change]) -> String {
    let mut s = format!("## [{version}] - {date}\n");
    let line = |c: &Change| {
        let mut l = format!("- {}: {}", c.subject, c.detail);
        if let Some(m) = c.migration.as_ref().filter(|_| c.breaking()) {
            l += &format!(". Migration: {m}");
        }
        l + "\n"
    };
    let sections: [(&str, Keep); 4] = [
        ("Breaking", |c| c.breaking()),
        ("Added", |c| !c.breaking() && c.addition),
        ("Removed", |c| {
            !c.breaking() && !c.addition && c.new.is_none()
        }),
        ("Changed", |c| {
            !c.breaking() && !c.addition && c.new.is_some()
        }),
    ];
    if changes.is_empty() {
        s += "\n### Changed\n\n- No change to the spec.\n";
    }
    for (title, keep) in sections {
        let lines: String = changes.iter().filter(|c| keep(c)).map(line).collect();
        if !lines.is_empty() {
            s += &format!("\n### {title}\n\n{lines}");
        }
    }
    s
}
