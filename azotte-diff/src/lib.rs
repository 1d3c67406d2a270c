//! Compares two versions of an API spec at the validated-model level
//! ([`azotte_spec::Spec`], not text) and lists every change, each classified
//! twice:
//!
//! - **wire**: does a client built from the *old* spec, already deployed,
//!   break against a server that implements the *new* spec? (The reverse
//!   direction — a new client against a server not yet updated — is the same
//!   question with the versions swapped: run the diff the other way.)
//! - **Rust API**: does code written against the *old* generated crate still
//!   compile against the *new* one? The answers follow what the generator
//!   emits, checked against the compiler in `compile_proof`: enums (value
//!   enums, endpoint error enums, webhook `Event`, `Environment`) are
//!   exhaustive (no `#[non_exhaustive]`), so a new variant breaks an exhaustive
//!   `match`; structs have only public fields, so a new field breaks a struct
//!   literal (mocks build received types that way); area traits have no
//!   default methods, so a new endpoint in an existing area breaks every
//!   implementation of the trait (mocks again).
//!
//! [`required_bump`] turns the list into the minimum semver bump of the
//! generated crate. Nothing here knows a particular API.
#![warn(missing_docs)]

#[cfg(doctest)]
mod compile_proof;
mod endpoints;
mod render;
mod top;
mod types;

pub use render::{changelog_entry, render, Format};

use azotte_spec::model::{Spec, TypeRef};
use azotte_spec::{Seg, Source, YamlPath};
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};

/// One version of a spec: the validated model and the texts it was read from
/// (for locating changes).
#[derive(Debug, Clone)]
pub struct Version {
    /// The validated model.
    pub spec: Spec,
    /// The YAML texts, named as the locations should name them.
    pub sources: Vec<Source>,
}

impl Version {
    /// Loads and validates `sources`.
    pub fn load(sources: Vec<Source>) -> Result<Self, azotte_spec::SpecErrors> {
        let spec = azotte_spec::load_sources(&sources)?;
        Ok(Version { spec, sources })
    }
}

/// Where a change is in one version: always a YAML path
/// (`lanes.c2a.areas.customers.endpoints[C2A-01-02].errors`), and the file
/// and line when the source text shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Location {
    /// Dotted path into the YAML tree; `[id]` picks a sequence item by its id.
    pub path: String,
    /// The file (as named in [`Version::sources`]) declaring the path.
    pub file: Option<String>,
    /// 1-based line in `file`.
    pub line: Option<usize>,
}

impl std::fmt::Display for Location {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match (&self.file, self.line) {
            (Some(file), Some(line)) => write!(f, "{file}:{line} ({})", self.path),
            _ => f.write_str(&self.path),
        }
    }
}

/// Breaking or not, and why, in one line.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Verdict {
    /// Whether the change breaks this side.
    pub breaking: bool,
    /// One line saying why.
    pub reason: String,
}

impl std::fmt::Display for Verdict {
    /// `breaking — <reason>` or `non-breaking — <reason>`.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let class = if self.breaking {
            "breaking"
        } else {
            "non-breaking"
        };
        write!(f, "{class} — {}", self.reason)
    }
}

/// A breaking verdict.
pub(crate) fn breaks(reason: impl Into<String>) -> Verdict {
    Verdict {
        breaking: true,
        reason: reason.into(),
    }
}

/// A non-breaking verdict.
pub(crate) fn fine(reason: impl Into<String>) -> Verdict {
    Verdict {
        breaking: false,
        reason: reason.into(),
    }
}

/// What kind of change: one per rule of the classification (the JSON output
/// writes it in snake_case).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
#[allow(missing_docs)] // the names say it; `Change::detail` says the rest
pub enum Kind {
    LaneAdded,
    LaneRemoved,
    LaneChanged,
    EndpointAdded,
    EndpointRemoved,
    EndpointRenamed,
    MethodChanged,
    PathChanged,
    PathParamsChanged,
    QueryParamAdded,
    QueryParamRemoved,
    QueryParamChanged,
    RequestChanged,
    ResponseChanged,
    PayloadChanged,
    SuccessStatusChanged,
    ErrorCodeAdded,
    ErrorCodeRemoved,
    ErrorCodeChanged,
    PaginationChanged,
    IdempotencyChanged,
    ScopesChanged,
    TypeAdded,
    TypeRemoved,
    TypeChanged,
    FieldAdded,
    FieldRemoved,
    FieldTypeChanged,
    FieldPresenceChanged,
    EnumValueAdded,
    EnumValueRemoved,
    EnvironmentAdded,
    EnvironmentRemoved,
    EnvironmentChanged,
    HeaderChanged,
    AuthChanged,
    EnvelopeChanged,
    EventAdded,
    EventRemoved,
    EventChanged,
    WaiterChanged,
}

/// One difference between the two versions.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Change {
    /// The rule that classified it.
    pub kind: Kind,
    /// What changed, for a reader: ``endpoint C2A-01-02 `store_customer` ``.
    pub subject: String,
    /// How it changed: `removed (was required)`.
    pub detail: String,
    /// Where it is in the old version (absent for additions).
    pub old: Option<Location>,
    /// Where it is in the new version (absent for removals).
    pub new: Option<Location>,
    /// Deployed old clients against the new server.
    pub wire: Verdict,
    /// Code written against the old generated crate, compiled against the new.
    pub rust: Verdict,
    /// Adds API surface (a minor bump from 1.0 on, when nothing breaks).
    pub addition: bool,
    /// What a caller changes in their code (for breaking Rust changes).
    pub migration: Option<String>,
}

impl Change {
    /// Breaking on the wire or in Rust.
    pub fn breaking(&self) -> bool {
        self.wire.breaking || self.rust.breaking
    }
}

/// Every change from `old` to `new`, in a fixed order (the new version's
/// declaration order, removals where the old version had them).
pub fn diff(old: &Version, new: &Version) -> Vec<Change> {
    let cx = Cx {
        old,
        new,
        usage: Usage::of(&old.spec).union(Usage::of(&new.spec)),
    };
    let mut out = Vec::new();
    top::diff(&cx, &mut out);
    endpoints::diff(&cx, &mut out);
    types::diff(&cx, &mut out);
    out
}

/// A semver bump, smallest first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Bump {
    /// Nothing changed.
    None,
    /// Compatible fixes only.
    Patch,
    /// Additions (≥1.0), or anything breaking before 1.0.
    Minor,
    /// Breaking changes from 1.0 on.
    Major,
}

impl std::fmt::Display for Bump {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Bump::None => "none",
            Bump::Patch => "patch",
            Bump::Minor => "minor",
            Bump::Major => "major",
        })
    }
}

/// The minimum bump of a crate at `version` (`MAJOR.MINOR.PATCH`) that takes
/// `changes`, by Cargo's rules: before 1.0 the minor number is the breaking
/// one (breaking → minor, anything else → patch); from 1.0 on breaking →
/// major, additions → minor, anything else → patch.
pub fn required_bump(changes: &[Change], version: &str) -> Bump {
    let pre_1 = version.split('.').next().is_some_and(|m| m.trim() == "0");
    let breaking = changes.iter().any(Change::breaking);
    let added = changes.iter().any(|c| c.addition);
    match (changes.is_empty(), breaking, added, pre_1) {
        (true, ..) => Bump::None,
        (_, true, _, true) => Bump::Minor,
        (_, true, _, false) => Bump::Major,
        (_, false, true, false) => Bump::Minor,
        _ => Bump::Patch,
    }
}

/// `version` bumped by `bump` (`0.1.3` + minor = `0.2.0`); `None` when the
/// version is not `MAJOR.MINOR.PATCH`.
pub fn bumped(version: &str, bump: Bump) -> Option<String> {
    let core = version.split(['-', '+']).next()?;
    let n: Vec<u64> = core
        .split('.')
        .map(|p| p.parse().ok())
        .collect::<Option<_>>()?;
    let [major, minor, patch] = n[..] else {
        return None;
    };
    Some(match bump {
        Bump::None => format!("{major}.{minor}.{patch}"),
        Bump::Patch => format!("{major}.{minor}.{}", patch + 1),
        Bump::Minor if major == 0 => format!("0.{}.0", minor + 1),
        Bump::Minor => format!("{major}.{}.0", minor + 1),
        Bump::Major => format!("{}.0.0", major + 1),
    })
}

/// Whether `have` is at least `need` (numeric `MAJOR.MINOR.PATCH` compare).
pub fn version_at_least(have: &str, need: &str) -> bool {
    let parse = |v: &str| -> Vec<u64> {
        v.split(['-', '+'])
            .next()
            .unwrap_or("")
            .split('.')
            .map(|p| p.parse().unwrap_or(0))
            .collect()
    };
    parse(have) >= parse(need)
}

/// Both versions, and how each type is used in either.
pub(crate) struct Cx<'a> {
    pub old: &'a Version,
    pub new: &'a Version,
    pub usage: Usage,
}

impl Cx<'_> {
    /// The location of `path` in the old version.
    pub fn old_at(&self, path: &YamlPath) -> Option<Location> {
        Some(locate(&self.old.sources, path))
    }
    /// The location of `path` in the new version.
    pub fn new_at(&self, path: &YamlPath) -> Option<Location> {
        Some(locate(&self.new.sources, path))
    }
}

/// Finds the file whose text declares `path` (the line reached names the
/// path's last step); the YAML path alone when none does.
fn locate(sources: &[Source], path: &YamlPath) -> Location {
    let last = match path.0.last() {
        Some(Seg::Key(k) | Seg::Item(k)) => k.clone(),
        Some(Seg::Index(_)) | None => String::new(),
    };
    let found = sources.iter().find_map(|s| {
        let (line, _) = azotte_spec::locate(&s.text, path)?;
        let text = s.text.lines().nth(line - 1)?;
        text.contains(last.as_str()).then(|| (s.name.clone(), line))
    });
    Location {
        path: path.to_string(),
        file: found.as_ref().map(|(f, _)| f.clone()),
        line: found.map(|(_, l)| l),
    }
}

/// How a type travels: sent by the client, received by it, and which
/// endpoints (or events) reach it, directly or through fields.
#[derive(Debug, Default)]
pub(crate) struct Usage {
    pub sent: BTreeSet<String>,
    pub received: BTreeSet<String>,
    pub users: BTreeMap<String, BTreeSet<String>>,
}

impl Usage {
    fn of(spec: &Spec) -> Self {
        let mut u = Usage::default();
        for lane in &spec.lanes {
            for e in lane.endpoints() {
                let user = format!("{} `{}`", e.id, e.name);
                if let Some(t) = &e.request {
                    u.mark(spec, t, true, &user);
                }
                for p in e.query_params.iter().chain(&e.path_params) {
                    u.mark(spec, &p.ty, true, &user);
                }
                if let Some(t) = &e.response {
                    u.mark(spec, t, false, &user);
                }
            }
            for ev in &lane.events {
                u.mark(
                    spec,
                    &ev.payload,
                    false,
                    &format!("event `{}`", ev.event_type),
                );
            }
        }
        for env in &spec.envelopes {
            if let Some(t) = &env.diagnostics_type {
                let named = TypeRef::Named(t.clone());
                u.mark(spec, &named, false, &format!("envelope `{}`", env.name));
            }
        }
        u
    }

    fn mark(&mut self, spec: &Spec, ty: &TypeRef, sent: bool, user: &str) {
        let name = match ty {
            TypeRef::Primitive(_) => return,
            TypeRef::List(inner) | TypeRef::Map(inner) => {
                return self.mark(spec, inner, sent, user)
            }
            TypeRef::Named(n) => n,
        };
        let set = if sent {
            &mut self.sent
        } else {
            &mut self.received
        };
        let fresh = set.insert(name.clone());
        let users = self.users.entry(name.clone()).or_default();
        let new_user = users.insert(user.to_owned());
        if !fresh && !new_user {
            return;
        }
        if let Some(azotte_spec::model::TypeKind::Object { fields }) =
            spec.type_def(name).map(|t| &t.kind)
        {
            for f in fields {
                self.mark(spec, &f.ty, sent, user);
            }
        }
    }

    fn union(mut self, other: Usage) -> Self {
        self.sent.extend(other.sent);
        self.received.extend(other.received);
        for (k, v) in other.users {
            self.users.entry(k).or_default().extend(v);
        }
        self
    }

    /// "used by C2A-01-02 `store_customer`, …" (at most three named).
    pub fn users_of(&self, name: &str) -> String {
        let Some(users) = self.users.get(name) else {
            return "unused".into();
        };
        let shown: Vec<&str> = users.iter().take(3).map(String::as_str).collect();
        let more = users.len().saturating_sub(3);
        let tail = if more > 0 {
            format!(" and {more} more")
        } else {
            String::new()
        };
        format!("used by {}{tail}", shown.join(", "))
    }
}

/// `list<Money>`, `map<string>`, `CustomerUrn`: a type as the spec writes it.
pub(crate) fn type_name(t: &TypeRef) -> String {
    match t {
        TypeRef::Primitive(p) => format!("{p:?}").to_lowercase(),
        TypeRef::Named(n) => n.clone(),
        TypeRef::List(i) => format!("list<{}>", type_name(i)),
        TypeRef::Map(i) => format!("map<{}>", type_name(i)),
    }
}

/// Items of two lists matched by key: (old, new) pairs in the new list's
/// order, then the removed ones in the old list's order.
pub(crate) fn pair<'a, T, K: PartialEq>(
    old: &'a [T],
    new: &'a [T],
    key: impl Fn(&T) -> K,
) -> Vec<(Option<&'a T>, Option<&'a T>)> {
    let mut out: Vec<_> = new
        .iter()
        .map(|n| (old.iter().find(|o| key(o) == key(n)), Some(n)))
        .collect();
    out.extend(
        old.iter()
            .filter(|o| !new.iter().any(|n| key(n) == key(o)))
            .map(|o| (Some(o), None)),
    );
    out
}
