//! Doc comments for generated items, built from the spec. Every type, trait,
//! method and module gets one; a field gets the spec's doc and example, or
//! none (a line repeating its name would tell the reader nothing).

use proc_macro2::TokenStream;
use quote::quote;

/// `#[doc = "…"]` attributes for each line of `text` (prettyplease prints them as `///`).
pub fn doc(text: &str) -> TokenStream {
    let lines = text.trim_end().lines().map(|l| {
        let l = if l.is_empty() {
            String::new()
        } else {
            format!(" {l}")
        };
        quote!(#[doc = #l])
    });
    quote!(#(#lines)*)
}

/// The spec's doc, or a fallback naming what the item is.
pub fn or(doc: Option<&str>, fallback: impl FnOnce() -> String) -> String {
    match doc {
        Some(d) if !d.trim().is_empty() => d.trim().to_owned(),
        _ => fallback(),
    }
}
