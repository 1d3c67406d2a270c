//! Spec names → Rust identifiers, spelled as [`azotte_spec::rust_names::escape`]
//! says: raw identifiers for keywords, a trailing `_` for the few keywords that
//! cannot be raw (`self`, `super`, …). The validator checks names with the same
//! function, so every name it accepts is an identifier here.

use proc_macro2::{Ident, Span};

/// An identifier for `name`, escaped when it is a keyword (`type` → `r#type`, `self` → `self_`).
pub fn ident(name: &str) -> Ident {
    let escaped = azotte_spec::rust_names::escape(name);
    match escaped.strip_prefix("r#") {
        Some(raw) => Ident::new_raw(raw, Span::call_site()),
        None => Ident::new(&escaped, Span::call_site()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_keywords() {
        assert_eq!(ident("type").to_string(), "r#type");
        assert_eq!(ident("self").to_string(), "self_");
        assert_eq!(ident("email").to_string(), "email");
    }
}
