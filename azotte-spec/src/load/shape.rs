//! Shape checking: a parsed file → its raw document, reporting every problem.
//!
//! Each definition (environment, header, auth scheme, envelope, error code,
//! type, lane, area, endpoint, waiter, event) is deserialized on its own from
//! its part of the parsed tree, so one bad entry costs only itself. Inside an
//! entry serde stops at the first problem; [`Walk::entry`] reports it, mends
//! the tree where it was (drops an unknown key, puts a stand-in where a value
//! was missing or of the wrong kind) and tries again, so every problem of the
//! entry is reported once. An entry with any problem is left out of the
//! document and its name goes into [`Broken`], so that the validator does not
//! call references to it unknown: that would only repeat the shape error.

use super::lenient::Lenient;
use crate::error::SpecError;
use crate::locate::{Index, YamlPath};
use crate::raw::{
    RawApi, RawArea, RawAuth, RawDocument, RawEndpoint, RawEnvelope, RawEnvironment, RawErrorCode,
    RawEvent, RawHeader, RawLane, RawType, RawWaiter,
};
use crate::validate::names::did_you_mean;
use indexmap::IndexMap;
use serde::de::DeserializeOwned;
use serde_yaml::{Mapping, Value};
use std::cell::OnceCell;
use std::collections::{HashMap, HashSet};

/// Definitions that failed their shape check, by kind (`types`, `auth`,
/// `endpoints`, …) and name; the name [`Broken::ALL`] stands for a whole
/// section that was not even a mapping.
#[derive(Debug, Default)]
pub(crate) struct Broken {
    names: HashMap<&'static str, HashSet<String>>,
    /// The text of each file with a syntax error: it may define any name it mentions.
    unreadable: Vec<String>,
}

impl Broken {
    pub(crate) const ALL: &'static str = "*";

    pub(crate) fn insert(&mut self, kind: &'static str, name: impl Into<String>) {
        self.names.entry(kind).or_default().insert(name.into());
    }

    /// A file that is not YAML: whatever it mentions may be defined there.
    pub(crate) fn unreadable(&mut self, text: &str) {
        self.unreadable.push(text.to_owned());
    }

    /// Whether a reference to `name` of `kind` may be to a definition that
    /// failed its shape check (so "unknown" would be a consequence, not news).
    pub(crate) fn contains(&self, kind: &str, name: &str) -> bool {
        self.unreadable.iter().any(|text| text.contains(name))
            || self
                .names
                .get(kind)
                .is_some_and(|names| names.contains(name) || names.contains(Self::ALL))
    }
}

/// Sections of a file, in [`RawDocument`]'s order (the JSON Schema test keeps
/// this list and the struct agreeing).
pub(crate) const SECTIONS: &[&str] = &[
    "api",
    "environments",
    "headers",
    "auth",
    "envelopes",
    "errors",
    "types",
    "lanes",
];

/// One step of serde's path to a problem inside an entry.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
enum Step {
    Key(String),
    Index(usize),
}

/// Where the caret of a shape error goes: on the key, or on its value.
#[derive(Clone, Copy)]
pub(super) enum Spot {
    Key,
    Value,
}

/// Stand-ins tried, in order, where a value is missing or of the wrong kind;
/// the first that the field accepts lets deserialization go on.
fn stand_ins() -> [Value; 6] {
    [
        Value::Null,
        Value::String(String::new()),
        Value::Number(0.into()),
        Value::Bool(false),
        Value::Mapping(Mapping::new()),
        Value::Sequence(Vec::new()),
    ]
}

/// The shape walk of one file.
pub(super) struct Walk<'s, 'e> {
    pub(super) file: &'s str,
    pub(super) text: &'s str,
    pub(super) index: OnceCell<Index<'s>>,
    pub(super) errors: &'e mut Vec<SpecError>,
    pub(super) broken: &'e mut Broken,
}

impl Walk<'_, '_> {
    pub(super) fn report(
        &mut self,
        path: &YamlPath,
        spot: Spot,
        message: impl Into<String>,
        help: impl Into<String>,
    ) {
        let index = self.index.get_or_init(|| Index::new(self.text));
        let position = match spot {
            Spot::Key => index.locate(path),
            Spot::Value => index.locate_value(path),
        };
        let mut err = SpecError::new(self.file, path.to_string(), message, help);
        if let Some((line, column)) = position {
            err = err.at(line, column);
        }
        self.errors.push(err);
    }

    /// The document of a parsed file: every section, each entry on its own.
    pub(super) fn document(&mut self, value: Value) -> RawDocument {
        let mut doc = RawDocument::default();
        let map = match value {
            Value::Null => return doc,
            Value::Mapping(map) => map,
            other => {
                self.report(
                    &YamlPath::default(),
                    Spot::Key,
                    format!("a spec file is a mapping of sections, not {}", kind_of(&other)),
                    format!("start the file with sections such as `api:`, `types:` or `lanes:` (see azotte-spec/FORMAT.md); the sections are: {}", SECTIONS.join(", ")),
                );
                return doc;
            }
        };
        for (key, value) in map {
            let Some(key) = key_text(&key) else {
                self.report(&YamlPath::default(), Spot::Key, format!("a section name must be text, not {}", kind_of(&key)), "use one of the section names: api, environments, headers, auth, envelopes, errors, types, lanes");
                continue;
            };
            let path = YamlPath::root(&key);
            match key.as_str() {
                "api" => match self.entry::<RawApi>(value, &path) {
                    Some(api) => doc.api = Some(api),
                    None => self.broken.insert("api", ""),
                },
                "environments" => {
                    doc.environments = self.section::<RawEnvironment>("environments", value)
                }
                "headers" => doc.headers = self.section::<RawHeader>("headers", value),
                "auth" => doc.auth = self.section::<RawAuth>("auth", value),
                "envelopes" => doc.envelopes = self.section::<RawEnvelope>("envelopes", value),
                "errors" => doc.errors = self.section::<RawErrorCode>("errors", value),
                "types" => doc.types = self.section::<RawType>("types", value),
                "lanes" => doc.lanes = self.lanes(value),
                other => {
                    let hint = did_you_mean(other, SECTIONS.iter().copied());
                    self.report(
                        &path,
                        Spot::Key,
                        format!("unknown field `{other}`{hint}"),
                        format!("remove the key or fix its spelling; the sections are: {} (see azotte-spec/FORMAT.md)", SECTIONS.join(", ")),
                    );
                }
            }
        }
        doc
    }

    /// The entries of a section whose value is a mapping of names to entries.
    fn section<T: DeserializeOwned>(
        &mut self,
        section: &'static str,
        value: Value,
    ) -> IndexMap<String, T> {
        let path = YamlPath::root(section);
        let mut out = IndexMap::new();
        for (name, value) in self.mapping(section, value, &path) {
            match self.entry::<T>(value, &path.key(&name)) {
                Some(entry) => {
                    out.insert(name, entry);
                }
                None => self.broken.insert(section, name),
            }
        }
        out
    }

    /// The named entries of a mapping (`kind` names them in `Broken` when the
    /// whole value is not a mapping).
    fn mapping(
        &mut self,
        kind: &'static str,
        value: Value,
        path: &YamlPath,
    ) -> Vec<(String, Value)> {
        match value {
            Value::Null => Vec::new(),
            Value::Mapping(map) => map
                .into_iter()
                .filter_map(|(key, value)| match key_text(&key) {
                    Some(key) => Some((key, value)),
                    None => {
                        self.report(
                            path,
                            Spot::Key,
                            format!("a name here must be text, not {}", kind_of(&key)),
                            "write the name as text",
                        );
                        None
                    }
                })
                .collect(),
            other => {
                self.report(
                    path,
                    Spot::Value,
                    format!("invalid type: {}, expected a mapping of names to definitions", kind_of(&other)),
                    format!("write `{}` as `name: {{ … }}` entries, one per line (see azotte-spec/FORMAT.md)", path),
                );
                self.broken.insert(kind, Broken::ALL);
                Vec::new()
            }
        }
    }

    /// The lanes, each with its areas, endpoints, waiters and events read one by one.
    fn lanes(&mut self, value: Value) -> IndexMap<String, RawLane> {
        let root = YamlPath::root("lanes");
        let mut out = IndexMap::new();
        for (name, value) in self.mapping("lanes", value, &root) {
            let path = root.key(&name);
            let Value::Mapping(mut map) = value else {
                // Reported by `entry` as a wrong kind of value.
                if self.entry::<RawLane>(value, &path).is_none() {
                    self.broken.insert("lanes", name);
                }
                continue;
            };
            let areas = map.remove("areas");
            let waiters = map.remove("waiters");
            let events = map.remove("events");
            let lane = self.entry::<RawLane>(Value::Mapping(map), &path);
            let areas = areas.map(|v| self.areas(v, &path.key("areas")));
            let waiters = waiters.map(|v| self.list::<RawWaiter>(v, &path.key("waiters"), "name"));
            let events = events.map(|v| self.list::<RawEvent>(v, &path.key("events"), "type"));
            let Some(mut lane) = lane else {
                self.broken.insert("lanes", name);
                continue;
            };
            lane.areas = areas.unwrap_or_default();
            lane.waiters = waiters.unwrap_or_default();
            lane.events = events.unwrap_or_default();
            out.insert(name, lane);
        }
        out
    }

    fn areas(&mut self, value: Value, path: &YamlPath) -> IndexMap<String, RawArea> {
        let mut out = IndexMap::new();
        for (name, value) in self.mapping("areas", value, path) {
            let area_path = path.key(&name);
            let Value::Mapping(mut map) = value else {
                self.entry::<RawArea>(value, &area_path);
                continue;
            };
            // Endpoints are read one by one below; a stand-in keeps the key present.
            let endpoints = map
                .get_mut("endpoints")
                .map(|v| std::mem::replace(v, Value::Sequence(Vec::new())));
            let area = self.entry::<RawArea>(Value::Mapping(map), &area_path);
            let before = self.errors.len();
            let endpoints = endpoints
                .map(|v| self.list::<RawEndpoint>(v, &area_path.key("endpoints"), "id"))
                .unwrap_or_default();
            if self.errors.len() > before {
                // Its endpoints are not all there: "area has no endpoints" would mislead.
                self.broken.insert("areas", area_path.to_string());
            }
            if let Some(mut area) = area {
                area.endpoints = endpoints;
                out.insert(name, area);
            }
        }
        out
    }

    /// The good elements of a list; each element is an entry of its own,
    /// named in paths by its `id_key` (`id`, `name`, `type`) when it has one.
    fn list<T: DeserializeOwned>(&mut self, value: Value, path: &YamlPath, id_key: &str) -> Vec<T> {
        let items = match value {
            Value::Null => return Vec::new(),
            Value::Sequence(items) => items,
            other => return self.entry::<Vec<T>>(other, path).unwrap_or_default(),
        };
        let mut out = Vec::new();
        for (i, item) in items.into_iter().enumerate() {
            let item_path = match item.get(id_key).and_then(Value::as_str) {
                Some(id) => path.item(id),
                None => path.index(i),
            };
            let name = item.get("name").and_then(Value::as_str).map(str::to_owned);
            match self.entry::<T>(item, &item_path) {
                Some(entry) => out.push(entry),
                None => {
                    if let (Some(name), "id") = (name, id_key) {
                        self.broken.insert("endpoints", name);
                    }
                }
            }
        }
        out
    }

    /// Deserializes one entry, reporting every problem in it (see the module docs).
    fn entry<T: DeserializeOwned>(&mut self, mut value: Value, path: &YamlPath) -> Option<T> {
        let mut clean = true;
        // Places given a stand-in, and which stand-in is next for each.
        let mut filled: HashMap<Vec<Step>, usize> = HashMap::new();
        for _ in 0..MAX_MENDS {
            let err = match serde_path_to_error::deserialize::<_, T>(Lenient(value.clone())) {
                Ok(entry) => return clean.then_some(entry),
                Err(err) => err,
            };
            clean = false;
            let mut steps: Vec<Step> = Vec::new();
            for segment in err.path().iter() {
                match segment {
                    serde_path_to_error::Segment::Seq { index } => steps.push(Step::Index(*index)),
                    serde_path_to_error::Segment::Map { key } => steps.push(Step::Key(key.clone())),
                    serde_path_to_error::Segment::Enum { variant } => {
                        steps.push(Step::Key(variant.clone()))
                    }
                    serde_path_to_error::Segment::Unknown => break,
                }
            }
            let message = err.into_inner().to_string();
            // Problems inside a stand-in are the stand-in's, not the author's.
            let silent = (0..=steps.len()).any(|n| filled.contains_key(&steps[..n]));
            let at = |steps: &[Step]| {
                steps.iter().fold(path.clone(), |p, s| match s {
                    Step::Key(k) => p.key(k),
                    Step::Index(i) => p.index(*i),
                })
            };
            let target = if let Some((field, expected)) = unknown_field(&message) {
                // serde names the struct, not the key: the key is the problem.
                if steps.last() == Some(&Step::Key(field.clone())) {
                    steps.pop();
                }
                let allowed = backquoted(expected);
                let hint = did_you_mean(&field, allowed.iter().map(String::as_str));
                steps.push(Step::Key(field.clone()));
                if !silent {
                    let keys = if allowed.is_empty() {
                        "none".to_owned()
                    } else {
                        allowed.join(", ")
                    };
                    self.report(&at(&steps), Spot::Key, format!("unknown field `{field}`{hint}"), format!("remove the key or fix its spelling; the keys allowed here: {keys} (see azotte-spec/FORMAT.md)"));
                }
                if !remove(&mut value, &steps) {
                    // Not a key of this entry after all: mending cannot
                    // make progress, and the error is already reported.
                    return None;
                }
                continue;
            } else if let Some(field) = quoted_after(&message, "missing field `") {
                if !silent {
                    self.report(
                        &at(&steps),
                        Spot::Key,
                        format!("missing field `{field}`"),
                        "add the missing key (see azotte-spec/FORMAT.md)",
                    );
                }
                steps.push(Step::Key(field));
                steps
            } else {
                if !silent {
                    self.report(&at(&steps), Spot::Value, super::plain_words(&message), "give the value the kind shown after `expected` (see azotte-spec/FORMAT.md)");
                }
                steps
            };
            if target.is_empty() {
                return None; // the entry itself is of the wrong kind: nothing to mend
            }
            let next = filled.entry(target.clone()).or_insert(0);
            let stand_in = stand_ins().into_iter().nth(*next)?;
            *next += 1;
            put(&mut value, &target, stand_in);
        }
        None
    }
}

/// Mends per entry at most: far above any real entry's problem count, it only
/// bounds the work on a pathological one.
const MAX_MENDS: usize = 10_000;

/// A mapping key as text: strings as they are, numbers and booleans as written.
fn key_text(key: &Value) -> Option<String> {
    match key {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

/// What kind of YAML value this is, in words.
fn kind_of(value: &Value) -> &'static str {
    match value {
        Value::Null => "an empty value",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Sequence(_) => "a list",
        Value::Mapping(_) => "a mapping",
        Value::Tagged(_) => "a tagged value",
    }
}

/// The text between `prefix` and the next backquote.
fn quoted_after(message: &str, prefix: &str) -> Option<String> {
    let rest = message.strip_prefix(prefix)?;
    Some(rest[..rest.find('`')?].to_owned())
}

/// The key and the "expected …" tail of serde's unknown-field message
/// (`` unknown field `k`, expected one of `a`, `b` `` or `` … `k`, there are
/// no fields ``). The key is read up to the backquote that ends the message's
/// quoting, not the first one: a key may hold backquotes itself.
fn unknown_field(message: &str) -> Option<(String, &str)> {
    let rest = message.strip_prefix("unknown field `")?;
    for end in ["`, expected ", "`, there are no fields"] {
        if let Some(at) = rest.find(end) {
            return Some((rest[..at].to_owned(), &rest[at + end.len()..]));
        }
    }
    let key = rest.strip_suffix('`')?;
    Some((key.to_owned(), ""))
}

/// Every `backquoted` word of a text.
fn backquoted(text: &str) -> Vec<String> {
    text.split('`')
        .skip(1)
        .step_by(2)
        .map(str::to_owned)
        .collect()
}

/// The child of `value` at `step`, created (as null) for a missing key.
fn child<'v>(value: &'v mut Value, step: &Step) -> Option<&'v mut Value> {
    match (value, step) {
        (Value::Tagged(tagged), _) => child(&mut tagged.value, step),
        (Value::Mapping(map), Step::Key(key)) => {
            let existing = map
                .keys()
                .find(|k| key_text(k).as_deref() == Some(key))
                .cloned();
            let k = existing.unwrap_or_else(|| Value::String(key.clone()));
            Some(map.entry(k).or_insert(Value::Null))
        }
        (Value::Sequence(items), Step::Index(i)) => items.get_mut(*i),
        _ => None,
    }
}

/// Puts `new` at `steps` inside `value`.
fn put(value: &mut Value, steps: &[Step], new: Value) {
    let mut at = value;
    for step in steps {
        match child(at, step) {
            Some(next) => at = next,
            None => return,
        }
    }
    *at = new;
}

/// Removes the key at `steps` (its last step) from its mapping; whether
/// there was one to remove.
fn remove(value: &mut Value, steps: &[Step]) -> bool {
    let Some((Step::Key(key), parents)) = steps.split_last() else {
        return false;
    };
    let mut at = value;
    for step in parents {
        match child(at, step) {
            Some(next) => at = next,
            None => return false,
        }
    }
    match at {
        Value::Mapping(map) => {
            let before = map.len();
            map.retain(|k, _| key_text(k).as_deref() != Some(key));
            map.len() < before
        }
        _ => false,
    }
}
