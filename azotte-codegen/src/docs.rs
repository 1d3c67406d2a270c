//! Doc comments for generated items, built from the spec. Every type, trait,
//! method and module gets one; a field gets the spec's doc and example, or
//! none (a line repeating its name would tell the reader nothing).
//!
//! Spec text reaches docs verbatim but for its citations of the API
//! documents (`document 004`), which [`clean`] prints by title (`*Azotte:
//! Request/Response Structure*`, see [`Documents::cite`]): a client's user
//! cannot open "document 004". [`clean`] also makes every doc attribute
//! printable as a `///` line before any of it is formatted: rustc refuses a
//! bare carriage return in a doc comment and denies bidirectional-override
//! characters in comments. `*/` needs nothing: line comments do not close on
//! it, and prettyplease keeps a doc as `#[doc = "…"]` rather than write a
//! block comment it would close.

use azotte_spec::Documents;
use proc_macro2::{Delimiter, Group, TokenStream, TokenTree};
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

/// Characters a doc comment cannot carry as they are: control characters
/// other than tab and line feed (a carriage return ends a comment line for
/// some readers and is refused by rustc), and the bidirectional overrides and
/// isolates rustc's `text_direction_codepoint_in_comment` lint denies.
fn unprintable(c: char) -> bool {
    (c.is_control() && c != '\t' && c != '\n')
        || matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// `text` as doc lines: CR LF and lone CR become line breaks, other
/// [`unprintable`] characters are dropped.
fn normalise(text: &str) -> Vec<String> {
    let text = text.replace("\r\n", "\n").replace('\r', "\n");
    let text: String = text.chars().filter(|c| !unprintable(*c)).collect();
    text.split('\n')
        .enumerate()
        .map(|(i, line)| match line {
            // A continuation keeps the one-space indent every doc line has.
            l if i > 0 && !l.is_empty() && !l.starts_with(' ') => format!(" {l}"),
            l => l.to_owned(),
        })
        .collect()
}

/// `tokens` with every `#[doc = "…"]` / `#![doc = "…"]` (at any depth,
/// macro bodies included) that cites a document rewritten to cite it by
/// title, and one whose text has an [`unprintable`] character replaced by one
/// attribute per line of its [`normalise`]d text. Other attributes are left
/// exactly as they are.
pub fn clean(tokens: TokenStream, documents: &Documents) -> TokenStream {
    let mut out = TokenStream::new();
    let mut iter = tokens.into_iter().peekable();
    while let Some(tt) = iter.next() {
        match tt {
            TokenTree::Punct(pound) if pound.as_char() == '#' => {
                let bang = iter.next_if(|t| matches!(t, TokenTree::Punct(p) if p.as_char() == '!'));
                let attr = iter.next_if(
                    |t| matches!(t, TokenTree::Group(g) if g.delimiter() == Delimiter::Bracket),
                );
                match attr {
                    Some(TokenTree::Group(g)) => {
                        let rewritten = doc_text(&g).and_then(|t| match documents.cite(&t) {
                            std::borrow::Cow::Owned(cited) => Some(cited),
                            _ if t.chars().any(unprintable) => Some(t),
                            _ => None,
                        });
                        match rewritten {
                            Some(text) => {
                                for line in normalise(&text) {
                                    out.extend([TokenTree::Punct(pound.clone())]);
                                    out.extend(bang.clone());
                                    out.extend(quote!([doc = #line]));
                                }
                            }
                            None => {
                                out.extend([TokenTree::Punct(pound)]);
                                out.extend(bang);
                                out.extend([TokenTree::Group(clean_group(&g, documents))]);
                            }
                        }
                    }
                    _ => {
                        out.extend([TokenTree::Punct(pound)]);
                        out.extend(bang);
                    }
                }
            }
            TokenTree::Group(g) => out.extend([TokenTree::Group(clean_group(&g, documents))]),
            other => out.extend([other]),
        }
    }
    out
}

fn clean_group(g: &Group, documents: &Documents) -> Group {
    let mut cleaned = Group::new(g.delimiter(), clean(g.stream(), documents));
    cleaned.set_span(g.span());
    cleaned
}

/// The text of a `doc = "…"` attribute body.
fn doc_text(attr: &Group) -> Option<String> {
    let nv: syn::MetaNameValue = syn::parse2(attr.stream()).ok()?;
    match nv.value {
        syn::Expr::Lit(syn::ExprLit {
            lit: syn::Lit::Str(s),
            ..
        }) if nv.path.is_ident("doc") => Some(s.value()),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn docs_of(tokens: TokenStream) -> Vec<String> {
        let item: syn::ItemStruct = syn::parse2(quote!(#tokens struct S;)).unwrap();
        item.attrs
            .iter()
            .filter_map(|a| match &a.meta {
                syn::Meta::NameValue(nv) => doc_text(&Group::new(Delimiter::Bracket, quote!(#nv))),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn carriage_returns_become_lines_and_controls_go() {
        let cleaned = clean(
            quote!(#[doc = " one\rtwo\r\nthree\u{7}\u{202E}"]),
            &Documents::default(),
        );
        assert_eq!(docs_of(cleaned), [" one", " two", " three"]);
    }

    #[test]
    fn citations_are_printed_by_title_at_any_depth() {
        let documents = Documents {
            api_title: "Azotte".into(),
            titles: vec![("001".into(), "C2A overview".into())],
        };
        let cleaned = clean(
            quote!(m! { #[doc = " Idempotent (document 001)."] f: u8 }),
            &documents,
        );
        let text = cleaned.to_string();
        assert!(
            text.contains("Idempotent (*Azotte: C2A overview*)."),
            "{text}"
        );
        assert!(!text.contains("document 001"), "{text}");
    }

    #[test]
    fn clean_docs_are_untouched_and_nested_ones_found() {
        let none = Documents::default();
        let plain = quote!(#[doc = " a */ b /* c"] #[derive(Debug)]);
        assert_eq!(clean(plain.clone(), &none).to_string(), plain.to_string());
        let nested = clean(quote!(m! { #[doc = "x\ry"] f: u8 }), &none);
        assert!(!nested.to_string().contains("\\r"), "{nested}");
    }
}
