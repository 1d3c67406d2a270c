//! What a Rust name computed from the spec is written as in generated code.
//!
//! The validator and the generator share this table, so a name the validator
//! accepts is exactly the identifier the generator emits: keywords become raw
//! identifiers (`type` → `r#type`); the keywords `r#` cannot escape (`self`,
//! `Self`, `super`, `crate`, and `_`) are either refused or, where the spec
//! does not choose the name (a field's wire name), get a trailing `_`.

use std::borrow::Cow;

/// Keywords of every edition the generated code may be compiled in: strict
/// (2015), reserved (`abstract`, `become`, …), and those 2018 (`async`,
/// `await`, `dyn`, `try`) and 2024 (`gen`) added.
pub const KEYWORDS: &[&str] = &[
    "abstract", "as", "async", "await", "become", "box", "break", "const", "continue", "crate",
    "do", "dyn", "else", "enum", "extern", "false", "final", "fn", "for", "gen", "if", "impl",
    "in", "let", "loop", "macro", "match", "mod", "move", "mut", "override", "priv", "pub", "ref",
    "return", "self", "Self", "static", "struct", "super", "trait", "true", "try", "type",
    "typeof", "unsafe", "unsized", "use", "virtual", "where", "while", "yield",
];

/// Names that cannot be raw identifiers (`r#self` is an error) and are not
/// ordinary identifiers either.
pub const NOT_RAW: &[&str] = &["self", "Self", "super", "crate", "_"];

/// Whether `name` is a keyword `r#` cannot escape.
pub fn is_unescapable(name: &str) -> bool {
    NOT_RAW.contains(&name)
}

/// The identifier the generator writes for the Rust name `name` (an
/// identifier already): `r#type` for a keyword, `self_` for a keyword that
/// cannot be raw, `name` itself otherwise.
pub fn escape(name: &str) -> Cow<'_, str> {
    if is_unescapable(name) {
        Cow::Owned(format!("{name}_"))
    } else if KEYWORDS.contains(&name) {
        Cow::Owned(format!("r#{name}"))
    } else {
        Cow::Borrowed(name)
    }
}

/// The name of the constructor an environment with host placeholders gets
/// (`Environment::sandbox(project)`): its spec name in snake_case, so any name
/// whose variant is an identifier gives one.
pub fn constructor(environment: &str) -> String {
    heck::ToSnakeCase::to_snake_case(environment)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes() {
        assert_eq!(escape("type"), "r#type");
        assert_eq!(escape("gen"), "r#gen");
        assert_eq!(escape("async"), "r#async");
        assert_eq!(escape("self"), "self_");
        assert_eq!(escape("Self"), "Self_");
        assert_eq!(escape("_"), "__");
        assert_eq!(escape("email"), "email");
        assert_eq!(escape("union"), "union"); // contextual: a plain identifier
    }
}
