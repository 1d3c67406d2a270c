//! Rust names computed from spec names (heck), and collision checks between them.

use super::Ctx;
use crate::locate::YamlPath;
use crate::rust_names::{escape, is_unescapable};
use std::collections::HashMap;

pub(crate) use heck::{ToShoutySnakeCase, ToSnakeCase, ToUpperCamelCase};

/// Rust prelude names the generated code writes unqualified (`Option<String>`,
/// not `::std::option::Option<::std::string::String>`): a spec type or area may
/// not take them, or it would shadow them.
pub(crate) const STD_NAMES: [&str; 5] = ["String", "Option", "Vec", "Result", "Box"];

/// Methods a setter named after an optional field would shadow on its struct
/// (`object!` names setters after fields): the constructor, and what callers
/// reach through method or path syntax on any value.
const SETTER_SHADOWS: [(&str, &str); 5] = [
    ("new", "the constructor `new`"),
    ("clone", "`Clone::clone`"),
    ("default", "`Default::default`"),
    ("into", "`Into::into`"),
    ("to_owned", "`ToOwned::to_owned`"),
];

/// Refuses an optional field or query parameter whose setter would shadow one
/// of [`SETTER_SHADOWS`].
pub(crate) fn check_setter(
    ctx: &mut Ctx,
    file: usize,
    path: &YamlPath,
    what: &str,
    wire: &str,
    rust: &str,
) {
    if let Some((_, shadowed)) = SETTER_SHADOWS.iter().find(|(name, _)| *name == rust) {
        ctx.error(
            file,
            path,
            format!("optional {what} `{wire}` gets the setter `{rust}(…)`, which would shadow {shadowed}"),
            format!("rename `{wire}`, or make it required"),
        );
    }
}

/// At most this many fields per object: `object!` reads one field per step of
/// its recursion, and rustc's default recursion limit is 128.
pub(crate) const MAX_FIELDS: usize = 100;

/// A non-empty identifier: ASCII letters, digits and `_`, not starting with a digit.
pub(crate) fn is_ident(s: &str) -> bool {
    let mut chars = s.chars();
    matches!(chars.next(), Some(c) if c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
}

pub(crate) fn is_snake_ident(s: &str) -> bool {
    is_ident(s) && s == s.to_snake_case()
}

/// Detects spec names that become the same Rust name, and names that cannot
/// be one. Names are compared as the generator writes them
/// ([`escape`]: `type` → `r#type`, `self` → `self_`), so a field `self` and a
/// field `self_` collide.
pub(crate) struct Collisions<'s> {
    what: &'s str,
    /// What becomes of a keyword `r#` cannot escape (`self`, `Self`, …).
    unescapable: Unescapable,
    /// Rust name → the spec name that took it, or what the generator reserved it for.
    seen: HashMap<String, Taken>,
}

/// What a name that is a keyword without a raw form (`self`, `Self`, `super`,
/// `crate`) becomes.
#[derive(Clone, Copy)]
enum Unescapable {
    /// Refused: the spec chose the name and can choose another.
    Refuse,
    /// Refused, with the hint that a `name:` key sets the Rust name apart
    /// from the wire value.
    RefuseUnlessNamed,
    /// Renamed with a trailing `_` (`self` → `self_`): the API chose the
    /// name (a field's wire name), which stays as it is on the wire.
    Rename,
}

enum Taken {
    /// The spec name, and where it is (file and path), for "both become".
    BySpec(String, usize, YamlPath),
    Reserved(String),
}

impl<'s> Collisions<'s> {
    pub(crate) fn new(what: &'s str) -> Self {
        Collisions {
            what,
            unescapable: Unescapable::Refuse,
            seen: HashMap::new(),
        }
    }

    /// Names the API dictates (wire names): `self` becomes `self_`.
    pub(crate) fn renaming(mut self) -> Self {
        self.unescapable = Unescapable::Rename;
        self
    }

    /// Names whose entry may give a `name:` instead: refused with that hint.
    pub(crate) fn named_by_key(mut self) -> Self {
        self.unescapable = Unescapable::RefuseUnlessNamed;
        self
    }

    /// Records `original` → `rust`; reports an error (at `path` in `file`) if another
    /// spec name already became `rust`, or if `rust` is not a usable identifier.
    pub(crate) fn check(
        &mut self,
        ctx: &mut Ctx,
        file: usize,
        path: &YamlPath,
        original: &str,
        rust: &str,
    ) -> bool {
        if !is_ident(rust) {
            ctx.error(
                file,
                path,
                format!(
                    "{} `{original}` gives the Rust name `{rust}`, which is not an identifier",
                    self.what
                ),
                "start the name with a letter and use letters, digits, `_`, `-` or `.` (or give a `name:`)",
            );
            return false;
        }
        if is_unescapable(rust) && !matches!(self.unescapable, Unescapable::Rename) {
            let help = match self.unescapable {
                Unescapable::RefuseUnlessNamed => format!(
                    "give the entry a `name:` (its Rust name; the value `{original}` stays as it is on the wire)"
                ),
                _ => format!("rename `{original}` (any name whose Rust form is not `self`, `Self`, `super` or `crate`)"),
            };
            ctx.error(
                file,
                path,
                format!(
                    "{} `{original}` becomes the Rust name `{rust}`, a keyword that cannot be used as a name (Rust has no raw `r#{rust}`)",
                    self.what
                ),
                help,
            );
            return false;
        }
        let rust = &*escape(rust);
        match self.seen.get(rust) {
            Some(Taken::BySpec(first, first_file, first_path)) => {
                let at = ctx.describe(*first_file, first_path);
                ctx.error(
                    file,
                    path,
                    format!(
                        "{} `{original}` and `{first}` (at {at}) both become the Rust name `{rust}`",
                        self.what
                    ),
                    "rename one of them so their names differ after case conversion",
                );
                return false;
            }
            Some(Taken::Reserved(by)) => {
                ctx.error(
                    file,
                    path,
                    format!(
                        "{} `{original}` becomes the Rust name `{rust}`, which is taken by {by}",
                        self.what
                    ),
                    format!("rename `{original}`"),
                );
                return false;
            }
            None => {}
        }
        self.seen.insert(
            rust.to_owned(),
            Taken::BySpec(original.to_owned(), file, path.clone()),
        );
        true
    }

    /// Keeps spec names off [`STD_NAMES`].
    pub(crate) fn reserve_std_names(&mut self) {
        for name in STD_NAMES {
            let by = format!("Rust's own `{name}` (the generated code writes it unqualified)");
            self.reserve(name, &by);
        }
    }

    /// Marks a Rust name as taken by the generator itself.
    pub(crate) fn reserve(&mut self, rust: &str, by: &str) {
        self.seen
            .insert(escape(rust).into_owned(), Taken::Reserved(by.to_owned()));
    }
}

/// The closest of `candidates` to `name`, if it is close enough to suggest.
pub(crate) fn suggest<'c>(
    name: &str,
    candidates: impl IntoIterator<Item = &'c str>,
) -> Option<&'c str> {
    let lower = name.to_lowercase();
    candidates
        .into_iter()
        .map(|c| (distance(&lower, &c.to_lowercase()), c))
        .filter(|(d, c)| *d <= (c.len() / 3).max(2))
        .min_by_key(|(d, _)| *d)
        .map(|(_, c)| c)
}

/// Levenshtein distance.
fn distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut cur = vec![i + 1];
        for (j, cb) in b.iter().enumerate() {
            let sub = prev[j] + usize::from(ca != *cb);
            cur.push(sub.min(prev[j + 1] + 1).min(cur[j] + 1));
        }
        prev = cur;
    }
    prev[b.len()]
}

/// ` (did you mean `x`?)` or nothing.
pub(crate) fn did_you_mean<'c>(
    name: &str,
    candidates: impl IntoIterator<Item = &'c str>,
) -> String {
    suggest(name, candidates)
        .map(|s| format!("; did you mean `{s}`?"))
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identifiers() {
        assert!(is_ident("CustomerUrn"));
        assert!(is_ident("_x1"));
        assert!(!is_ident("3ds"));
        assert!(!is_ident(""));
        assert!(!is_ident("a-b"));
        assert!(is_snake_ident("store_customer"));
        assert!(!is_snake_ident("storeCustomer"));
    }

    #[test]
    fn suggestions() {
        assert_eq!(
            suggest("CustomerUrm", ["CustomerUrn", "OrderUrn"]),
            Some("CustomerUrn")
        );
        assert_eq!(suggest("Zzz", ["CustomerUrn"]), None);
        assert_eq!(distance("kitten", "sitting"), 3);
    }
}
