//! `cargo xtask spec-diff`: the spec of each API now against a base version
//! (a git ref, read with `git ls-tree`/`git show` — no checkout, nothing
//! written — or a directory), through `azotte-diff`.

use crate::{apis, Api};
use azotte_diff::{Change, Format, Version};
use azotte_spec::Source;
use std::path::Path;
use std::process::Command;

/// Where the base version comes from.
#[derive(Debug, Clone)]
pub enum Base {
    /// A git revision (`HEAD~1`, `origin/main`, a commit).
    Git(String),
    /// A directory holding one API's YAML files (with `--api`), or one
    /// `<api>/` directory per API, like `azotte-spec/apis`.
    Dir(String),
}

/// Parsed `spec-diff` arguments.
#[derive(Debug, Clone)]
pub struct Args {
    /// The base version; `HEAD` when none is given.
    pub base: Base,
    /// One API, or every API under `azotte-spec/apis/`.
    pub api: Option<String>,
    /// Output format.
    pub format: Format,
}

impl Args {
    /// `[--base REF | --base-dir DIR] [--api NAME] [--format text|json|markdown]`.
    pub fn parse(args: &[&str]) -> Result<Self, String> {
        let mut out = Args {
            base: Base::Git("HEAD".into()),
            api: None,
            format: Format::Text,
        };
        let mut it = args.iter();
        while let Some(flag) = it.next() {
            let mut value = || {
                it.next()
                    .copied()
                    .ok_or_else(|| format!("`{flag}` needs a value"))
            };
            match *flag {
                "--base" => out.base = Base::Git(value()?.to_owned()),
                "--base-dir" => out.base = Base::Dir(value()?.to_owned()),
                "--api" => out.api = Some(value()?.to_owned()),
                "--format" => out.format = value()?.parse()?,
                other => return Err(format!("unknown argument `{other}`")),
            }
        }
        Ok(out)
    }
}

/// One API compared: its crate's name and version, and the changes (`None`
/// when the base has no such API).
#[derive(Debug)]
pub struct Compared {
    pub api: Api,
    pub crate_name: String,
    pub version: String,
    /// The crate's version at the base (read from a git base's manifest).
    pub base_version: Option<String>,
    pub changes: Option<Vec<Change>>,
}

/// Compares every selected API with its base version; fails when a base
/// version does not load.
pub fn compare(root: &Path, args: &Args) -> Result<Vec<Compared>, String> {
    compare_each(root, args)?.into_iter().collect()
}

/// Compares every selected API with its base version. The outer error is
/// about the arguments or the repository; an inner one says that API's base
/// version does not load (the current validator refuses it), which
/// `semver-check` reports without failing.
pub fn compare_each(root: &Path, args: &Args) -> Result<Vec<Result<Compared, String>>, String> {
    let mut all = apis(root)?;
    if let Some(name) = &args.api {
        all.retain(|a| &a.name == name);
        if all.is_empty() {
            return Err(format!("no API `{name}` under azotte-spec/apis/"));
        }
    }
    let single = args.api.is_some();
    let mut out = Vec::new();
    for api in all {
        let new = current(root, &api)?;
        let base = match &args.base {
            Base::Git(rev) => git_sources(root, rev, &api.spec_dir)?,
            Base::Dir(dir) => dir_sources(Path::new(dir), &api.name, single)?,
        };
        let changes = match base.map(Version::load) {
            None => None,
            Some(Ok(old)) => Some(azotte_diff::diff(&old, &new)),
            Some(Err(e)) => {
                out.push(Err(format!(
                    "{}: the base version does not load:\n{e}",
                    api.name
                )));
                continue;
            }
        };
        let (crate_name, version) = manifest(root, &api)?;
        let base_version = match &args.base {
            Base::Git(rev) => git_show(root, &format!("{rev}:{}/Cargo.toml", api.crate_dir))
                .ok()
                .and_then(|m| manifest_key(&m, "version")),
            Base::Dir(_) => None,
        };
        out.push(Ok(Compared {
            api,
            crate_name,
            version,
            base_version,
            changes,
        }));
    }
    Ok(out)
}

/// Runs `spec-diff` and renders its report.
pub fn run(root: &Path, args: &[&str]) -> Result<String, String> {
    let args = Args::parse(args)?;
    let mut s = String::new();
    for c in compare(root, &args)? {
        match &c.changes {
            Some(changes) => {
                s += &azotte_diff::render(
                    &c.api.name,
                    &c.crate_name,
                    &c.version,
                    changes,
                    args.format,
                )
            }
            None if args.format == Format::Json => {
                s += &format!("{{\"api\": \"{}\", \"base\": null}}\n", c.api.name);
            }
            None => {
                s += &format!(
                    "{}: new API (the base has no {}); nothing to compare\n",
                    c.api.name, c.api.spec_dir
                )
            }
        }
    }
    Ok(s)
}

/// The API's spec as it is in the work tree, files named from the root.
pub fn current(root: &Path, api: &Api) -> Result<Version, String> {
    let mut sources =
        azotte_spec::read_dir(&root.join(&api.spec_dir)).map_err(|e| e.to_string())?;
    for s in &mut sources {
        s.name = format!("{}/{}", api.spec_dir, s.name);
    }
    Version::load(sources).map_err(|e| format!("{}: {e}", api.name))
}

/// The `*.yaml`/`*.yml` files under `spec_dir` at `rev`; `None` when the
/// revision has none there.
pub fn git_sources(root: &Path, rev: &str, spec_dir: &str) -> Result<Option<Vec<Source>>, String> {
    let git = |args: &[&str]| -> Result<String, String> {
        let out = Command::new("git")
            .current_dir(root)
            .args(args)
            .output()
            .map_err(|e| format!("cannot run git: {e}"))?;
        if !out.status.success() {
            return Err(format!(
                "`git {}` failed: {}",
                args.join(" "),
                String::from_utf8_lossy(&out.stderr).trim()
            ));
        }
        String::from_utf8(out.stdout)
            .map_err(|_| format!("`git {}` printed non-UTF-8", args.join(" ")))
    };
    git(&[
        "rev-parse",
        "--verify",
        "--quiet",
        &format!("{rev}^{{commit}}"),
    ])
    .map_err(|_| format!("`{rev}` is not a commit of this repository"))?;
    let listing = git(&[
        "ls-tree",
        "-r",
        "--name-only",
        rev,
        "--",
        &format!("{spec_dir}/"),
    ])?;
    let mut files: Vec<&str> = listing
        .lines()
        .filter(|f| f.ends_with(".yaml") || f.ends_with(".yml"))
        .collect();
    files.sort_unstable();
    if files.is_empty() {
        return Ok(None);
    }
    files
        .into_iter()
        .map(|f| {
            Ok(Source::new(
                format!("{rev}:{f}"),
                git(&["show", &format!("{rev}:{f}")])?,
            ))
        })
        .collect::<Result<Vec<_>, String>>()
        .map(Some)
}

/// The base from a directory: `dir` itself when it holds YAML files and one
/// API was asked for, else `dir/<api>`.
fn dir_sources(dir: &Path, api: &str, single: bool) -> Result<Option<Vec<Source>>, String> {
    let has_yaml = std::fs::read_dir(dir)
        .map_err(|e| format!("cannot read {}: {e}", dir.display()))?
        .flatten()
        .any(|e| {
            e.path()
                .extension()
                .is_some_and(|x| x == "yaml" || x == "yml")
        });
    let spec_dir = if single && has_yaml {
        dir.to_path_buf()
    } else {
        dir.join(api)
    };
    if !spec_dir.is_dir() {
        return Ok(None);
    }
    let mut sources = azotte_spec::read_dir(&spec_dir).map_err(|e| e.to_string())?;
    for s in &mut sources {
        s.name = format!("{}/{}", spec_dir.display(), s.name);
    }
    Ok(Some(sources))
}

/// `name` and `version` of the generated crate's `[package]`.
pub fn manifest(root: &Path, api: &Api) -> Result<(String, String), String> {
    let path = root.join(&api.crate_dir).join("Cargo.toml");
    let text = std::fs::read_to_string(&path).unwrap_or_default();
    Ok((
        manifest_key(&text, "name").unwrap_or_else(|| format!("{}-client", api.name)),
        manifest_key(&text, "version").unwrap_or_else(|| "0.1.0".into()),
    ))
}

/// A string key of a manifest's `[package]` table.
fn manifest_key(text: &str, k: &str) -> Option<String> {
    text.lines()
        .take_while(|l| !l.starts_with('[') || l.trim() == "[package]")
        .find_map(|l| {
            let (name, value) = l.split_once('=')?;
            (name.trim() == k).then(|| value.trim().trim_matches('"').to_owned())
        })
}

/// `git show <object>` in `root`.
fn git_show(root: &Path, object: &str) -> Result<String, String> {
    let out = Command::new("git")
        .current_dir(root)
        .args(["show", object])
        .output()
        .map_err(|e| format!("cannot run git: {e}"))?;
    if !out.status.success() {
        return Err(String::from_utf8_lossy(&out.stderr).trim().to_owned());
    }
    String::from_utf8(out.stdout).map_err(|_| format!("`git show {object}` printed non-UTF-8"))
}
