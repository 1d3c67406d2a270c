//! The generated crate's `Cargo.toml` and `README.md`: everything a client
//! crate needs to build and to publish, from the spec and a few choices the
//! caller makes ([`ManifestStyle`], name, version).
//!
//! A generated manifest owns everything above its `[dev-dependencies]` table;
//! from that table on it is the user's (tests of their own), kept as it is by
//! every regeneration. The version is read back from the manifest in place, so
//! a version someone raised (the semver gate, a release) survives.

use azotte_spec::Spec;

/// How the generated manifest names its package fields and dependencies.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ManifestStyle {
    /// A member of this repository's workspace: edition, license, repository
    /// and dependency versions come from `[workspace.package]` and
    /// `[workspace.dependencies]` (`cargo package` writes them out).
    Workspace,
    /// A crate on its own (the `azotte-codegen` CLI): explicit edition and
    /// dependency versions (`azotte-runtime` at this generator's version,
    /// released in step with it). Not published unless its owner decides to.
    Standalone,
}

/// The choices behind a generated `Cargo.toml`.
#[derive(Debug, Clone)]
pub struct Manifest {
    /// The package name (`azotte-client`).
    pub name: String,
    /// The package version (`0.2.0`).
    pub version: String,
    /// Workspace member or a crate on its own.
    pub style: ManifestStyle,
    /// The command that regenerates the crate, for the header comment.
    pub command: String,
    /// The spec directory, as shown in messages and headers.
    pub spec_label: String,
}

/// The version a new crate starts at.
pub const FIRST_VERSION: &str = "0.1.0";

/// The `rust-version` of a standalone crate: the runtime's (this
/// workspace's `rust-version`, kept true by `xtask/tests/msrv.rs`).
pub const RUST_VERSION: &str = "1.89";

/// docs.rs builds the default features (every lane) with `--cfg docsrs`,
/// which turns on the crate's `doc_cfg` badges ("Available on crate feature
/// `c2a` only"); stable rustdoc elsewhere ignores it.
const DOCS_RS: &str = "[package.metadata.docs.rs]\nrustdoc-args = [\"--cfg\", \"docsrs\"]\n";

/// The crate features a generated crate always has besides its lanes: the
/// HTTP client and the TLS choice, forwarded to `azotte-runtime` (README,
/// "Cargo features"). A lane may not take one of these names.
pub const CRATE_FEATURES: [&str; 3] = [crate::CLIENT_FEATURE, "rustls", "native-tls"];

/// The `[features]` table: every lane on by default, one feature per lane;
/// `client` (the runtime's HTTP client), which every outbound lane turns on;
/// `rustls` (default) or `native-tls` for TLS. Only inbound lanes
/// (`--no-default-features --features <webhook lane>`) build without
/// reqwest, tokio or a TLS stack.
pub fn features_table(lanes: &[crate::LaneFeature]) -> Result<String, String> {
    if let Some(l) = lanes
        .iter()
        .find(|l| CRATE_FEATURES.contains(&l.name.as_str()))
    {
        return Err(format!(
            "lane `{}` has the name of a crate feature every generated crate has ({}); rename the lane",
            l.name,
            CRATE_FEATURES.join(", ")
        ));
    }
    let client = crate::CLIENT_FEATURE;
    let mut t = String::from(
        "[features]\n# @generated from the spec's lanes (kept current like src/):\n# one feature per lane; a lane's module and the items only it uses compile only with it.\n# `client` is the HTTP client (reqwest, tokio): every outbound lane needs it; an inbound\n# (webhook) lane alone builds without it. TLS: `rustls` (default) or `native-tls`.\n",
    );
    let defaults: Vec<String> = std::iter::once("rustls")
        .chain(lanes.iter().map(|l| l.name.as_str()))
        .map(|f| format!("\"{f}\""))
        .collect();
    t.push_str(&format!("default = [{}]\n", defaults.join(", ")));
    t.push_str(&format!("{client} = [\"azotte-runtime/client\"]\n"));
    t.push_str(&format!(
        "rustls = [\"{client}\", \"azotte-runtime/rustls\"]\n"
    ));
    t.push_str(&format!(
        "native-tls = [\"{client}\", \"azotte-runtime/native-tls\"]\n"
    ));
    for l in lanes {
        let needs = if l.client {
            format!("\"{client}\"")
        } else {
            String::new()
        };
        t.push_str(&format!("{} = [{needs}]\n", l.name));
    }
    Ok(t)
}

/// crates.io keywords: lowercase ASCII letters, digits, `-` and `_`, at most
/// 20 characters, starting with a letter; `None` when nothing usable is left.
fn keyword(name: &str) -> Option<String> {
    let k: String = name
        .to_ascii_lowercase()
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_')
        .take(20)
        .collect();
    k.starts_with(|c: char| c.is_ascii_alphabetic())
        .then_some(k)
}

/// A TOML basic string (quotes, backslashes and control characters escaped).
fn toml_string(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            c if c.is_control() => out.push_str(&format!("\\u{:04X}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

impl Manifest {
    /// The generated part of `Cargo.toml`: `[package]`, `[dependencies]`,
    /// `[features]`; an error when a lane takes a crate feature's name.
    pub fn generated(&self, spec: &Spec) -> Result<String, String> {
        Ok(format!(
            "{}\n{DOCS_RS}\n{}\n{}",
            self.package(spec),
            self.dependencies(),
            features_table(&crate::lane_features(spec))?
        ))
    }

    /// The header comment and the `[package]` table.
    fn package(&self, spec: &Spec) -> String {
        let mut keywords = vec!["api".to_owned(), "client".to_owned()];
        if let Some(k) = keyword(&spec.api.name).filter(|k| !keywords.contains(k)) {
            keywords.push(k);
        }
        let keywords: Vec<String> = keywords.iter().map(|k| toml_string(k)).collect();
        let description = format!(
            "Typed Rust client for the {} API, generated from its spec by azotte-codegen.",
            spec.api.title
        );
        let raised = match self.style {
            ManifestStyle::Workspace => " (or raised by the semver gate)",
            ManifestStyle::Standalone => "",
        };
        let mut lines = vec![
            format!("# @generated by `{}` from the spec in {}/: everything above", self.command, self.spec_label),
            format!("# [dev-dependencies], except the version, which is kept{raised}."),
            "# [dev-dependencies] and what follows are yours and kept.".to_owned(),
            "[package]".to_owned(),
            format!("name = {}", toml_string(&self.name)),
            format!("version = {}", toml_string(&self.version)),
            format!("description = {}", toml_string(&description)),
            "readme = \"README.md\"".to_owned(),
            format!("keywords = [{}]", keywords.join(", ")),
            "categories = [\"api-bindings\", \"web-programming::http-client\"]".to_owned(),
            "# What ships: the client, its docs and OpenAPI export; no tests or fixtures.".to_owned(),
            "include = [\"/src/**/*.rs\", \"/README.md\", \"/CHANGELOG.md\", \"/openapi.json\", \"/LICENSE-*\"]".to_owned(),
        ];
        match self.style {
            ManifestStyle::Workspace => lines.extend(
                [
                    "edition.workspace = true",
                    "rust-version.workspace = true",
                    "license.workspace = true",
                    "repository.workspace = true",
                    "homepage.workspace = true",
                    "publish = true",
                ]
                .map(String::from),
            ),
            ManifestStyle::Standalone => lines.extend([
                "edition = \"2021\"".to_owned(),
                format!("rust-version = \"{RUST_VERSION}\""),
                "publish = false".to_owned(),
            ]),
        }
        lines.join("\n") + "\n"
    }

    /// The `[dependencies]` table: the runtime and serde_json (for `json`
    /// fields). The runtime comes without its default features, so the
    /// `[features]` table decides whether its HTTP client is built.
    pub fn dependencies(&self) -> String {
        match self.style {
            ManifestStyle::Workspace => {
                "[dependencies]\nazotte-runtime = { workspace = true, default-features = false }\nserde_json.workspace = true\n"
                    .into()
            }
            ManifestStyle::Standalone => format!(
                "[dependencies]\nazotte-runtime = {{ version = \"{}\", default-features = false }}\nserde_json = \"1\"\n",
                env!("CARGO_PKG_VERSION")
            ),
        }
    }

    /// The whole `Cargo.toml`: the generated part, then `existing`'s
    /// `[dev-dependencies]` and what follows it, if any.
    pub fn render(&self, spec: &Spec, existing: Option<&str>) -> Result<String, String> {
        let mut t = self.generated(spec)?;
        if let Some(tail) = existing.and_then(hand_kept) {
            t.push('\n');
            t.push_str(tail);
        }
        Ok(t)
    }
}

/// The part of a manifest from its `[dev-dependencies]` table on.
fn hand_kept(manifest: &str) -> Option<&str> {
    if manifest.starts_with("[dev-dependencies]") {
        return Some(manifest);
    }
    manifest
        .find("\n[dev-dependencies]")
        .map(|at| &manifest[at + 1..])
}

/// The `version` of a manifest's `[package]` table, if it has one.
pub fn package_version(manifest: &str) -> Option<String> {
    let mut in_package = false;
    for line in manifest.lines() {
        let line = line.trim();
        if line.starts_with('[') {
            in_package = line == "[package]";
        } else if in_package {
            if let Some(v) = line.strip_prefix("version") {
                let v = v.trim_start().strip_prefix('=')?.trim();
                return Some(v.trim_matches('"').to_owned());
            }
        }
    }
    None
}

impl Manifest {
    /// The generated crate's `README.md`: what it is, how to depend on it, its lanes.
    pub fn readme(&self, spec: &Spec) -> String {
        let lanes: Vec<String> = spec
            .lanes
            .iter()
            .map(|l| format!("- `{}`: {}", l.rust_name, l.title))
            .collect();
        let doc = spec.api.doc.as_deref().unwrap_or("").trim();
        let doc = if doc.is_empty() {
            String::new()
        } else {
            format!("{doc}\n\n")
        };
        let license = match self.style {
            ManifestStyle::Workspace => {
                "\nLicensed under either of MIT or Apache-2.0, at your option.\n"
            }
            ManifestStyle::Standalone => "",
        };
        format!(
            "<!-- @generated by `{command}` from the spec in {spec_dir}/; do not edit by hand. -->\n# {name}\n\nA typed Rust client for the {title} API (spec version {api_version}), generated from its YAML spec by [azotte-codegen](https://crates.io/crates/azotte-codegen) on top of [azotte-runtime](https://crates.io/crates/azotte-runtime).\n\n{doc}```toml\n[dependencies]\n{name} = \"{version}\"\n```\n\nOne cargo feature per lane, all on by default (`default-features = false` and pick the lanes you call):\n\n{lanes}\n\nStart from a lane's `Client` (built from an `Environment` and that lane's credentials) and `use {krate}::prelude::*;` for its methods. `openapi.json` beside this file is the same API as an OpenAPI 3.1 document.\n{license}",
            command = self.command,
            spec_dir = self.spec_label,
            name = self.name,
            version = self.version,
            title = spec.api.title,
            api_version = spec.api.version,
            lanes = lanes.join("\n"),
            krate = self.name.replace('-', "_"),
        )
    }
}
