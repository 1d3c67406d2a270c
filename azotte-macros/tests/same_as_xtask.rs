//! The macro door and the xtask door produce the same code: `generate!` on the
//! full Azotte spec expands, module by module, to exactly the tokens of the
//! checked-in `generated/azotte/src/*.rs` (which `cargo xtask codegen` wrote and
//! `xtask/tests/codegen.rs` keeps current). Only the files' `//` headers, the
//! layout, the files' feature `#[cfg]`s (the crate has a feature per lane
//! and `client`; a macro caller gets every lane and the client) and the lane examples of the files'
//! module docs (doctests naming the generated crate) differ. Comparing tokens, not text, also
//! checks the xtask's own layout of declaration macros (`azotte-codegen/src/layout.rs`).

use azotte_codegen::macro_input::expand;
use proc_macro2::{Delimiter, TokenStream, TokenTree};
use quote::{quote, ToTokens};
use std::path::{Path, PathBuf};

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("workspace root")
        .to_path_buf()
}

/// `generate!("../azotte-spec/apis/azotte")` as called from this crate.
fn expanded() -> syn::File {
    let tokens = expand(
        quote!("../azotte-spec/apis/azotte"),
        Path::new(env!("CARGO_MANIFEST_DIR")),
    );
    let text = tokens.to_string();
    assert!(!text.contains("compile_error"), "{text}");
    syn::parse2(tokens).expect("the expansion parses as items")
}

fn checked_in_text(file: &str) -> String {
    let path = workspace().join("generated/azotte/src").join(file);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path:?}: {e}"))
}

fn checked_in(file: &str) -> syn::File {
    syn::parse_file(&checked_in_text(file)).unwrap_or_else(|e| panic!("{file}: {e}"))
}

/// A generated file without its `// @generated …` header and the blank line after it.
fn without_header(file: &str) -> &str {
    assert!(file.starts_with("// @generated"), "no header");
    let end = file.find("\n\n").expect("a blank line after the header");
    &file[end + 2..]
}

/// A lane module's file without the `# Example` section of its module doc
/// (from the blank doc line before the heading to the code block's end).
fn without_example(file: &str) -> String {
    let lines: Vec<&str> = file.lines().collect();
    let Some(heading) = lines.iter().position(|l| *l == "//! # Example") else {
        return file.to_owned();
    };
    let fences: Vec<usize> = (heading..lines.len())
        .filter(|&i| lines[i].starts_with("//! ```"))
        .take(2)
        .collect();
    let [_, close] = fences[..] else {
        panic!("the example's code block is not closed")
    };
    let mut kept = lines[..heading - 1].to_vec();
    kept.extend(&lines[close + 1..]);
    kept.join("\n")
}

fn tokens<T: ToTokens>(items: impl IntoIterator<Item = T>) -> String {
    let mut out = TokenStream::new();
    for item in items {
        item.to_tokens(&mut out);
    }
    let mut text = String::new();
    canonical(out, &mut text);
    text
}

/// The tokens as text, with what layout decides made canonical: a trailing
/// comma before a closing delimiter or `>` is dropped (prettyplease adds or removes
/// it), and string literals are written one way (`///` docs written by
/// `quote!` are raw strings, parsed back from a file they are not).
fn canonical(tokens: TokenStream, out: &mut String) {
    let tokens: Vec<TokenTree> = tokens.into_iter().collect();
    for (i, token) in tokens.iter().enumerate() {
        match token {
            TokenTree::Group(g) => {
                let (open, close) = match g.delimiter() {
                    Delimiter::Parenthesis => ("(", ")"),
                    Delimiter::Brace => ("{", "}"),
                    Delimiter::Bracket => ("[", "]"),
                    Delimiter::None => ("", ""),
                };
                out.push_str(open);
                canonical(g.stream(), out);
                out.push_str(close);
                out.push(' ');
            }
            TokenTree::Punct(p)
                if p.as_char() == ','
                    && tokens.get(i + 1).is_none_or(
                        |next| matches!(next, TokenTree::Punct(n) if n.as_char() == '>'),
                    ) => {}
            TokenTree::Literal(lit) => {
                match syn::parse_str::<syn::LitStr>(&lit.to_string()) {
                    Ok(s) => out.push_str(&format!("{:?}", s.value())),
                    Err(_) => out.push_str(&lit.to_string()),
                }
                out.push(' ');
            }
            other => {
                out.push_str(&other.to_string());
                out.push(' ');
            }
        }
    }
}

fn is_rustfmt_skip(attr: &syn::Attribute) -> bool {
    attr.path().segments.len() == 2
        && attr.path().segments[0].ident == "rustfmt"
        && attr.path().segments[1].ident == "skip"
}

/// `#[cfg(feature = …)]` / `#[cfg(any(feature = …, …))]`: the lane features and
/// `client` only the files carry (a `generate!` caller has no such features: it
/// gets every lane and the client).
fn is_lane_cfg(attr: &syn::Attribute) -> bool {
    attr.path().is_ident("cfg") && attr.to_token_stream().to_string().contains("feature =")
}

/// The tokens of `file` laid out by prettyplease and read back: what layout
/// decides (a `;` after a block's last statement…) made the same on both sides.
fn relaid(file: syn::File) -> String {
    let file = syn::parse_file(&prettyplease::unparse(&file)).expect("prettyplease output parses");
    tokens(&file.attrs) + &tokens(&file.items)
}

/// A checked-in file's body without lane `cfg`s.
fn without_lane_cfgs(body: &str) -> syn::File {
    let mut file = syn::parse_file(body).unwrap_or_else(|e| panic!("{e}"));
    for item in &mut file.items {
        let attrs = match item {
            syn::Item::Struct(i) => &mut i.attrs,
            syn::Item::Enum(i) => &mut i.attrs,
            syn::Item::Type(i) => &mut i.attrs,
            syn::Item::Static(i) => &mut i.attrs,
            syn::Item::Impl(i) => &mut i.attrs,
            syn::Item::Use(i) => &mut i.attrs,
            syn::Item::Macro(i) => &mut i.attrs,
            _ => continue,
        };
        attrs.retain(|a| !is_lane_cfg(a));
    }
    file
}

fn is_tracking_const(item: &syn::Item) -> bool {
    matches!(item, syn::Item::Const(c) if c.ident == "_"
        && c.expr.to_token_stream().to_string().contains("include_bytes"))
}

#[test]
fn the_macro_expands_exactly_the_checked_in_modules() {
    let expanded = expanded();
    let lib = checked_in("lib.rs");

    // Modules, in lib.rs order, with the same outer docs.
    let declared: Vec<&syn::ItemMod> = lib
        .items
        .iter()
        .filter_map(|i| match i {
            syn::Item::Mod(m) => Some(m),
            _ => None,
        })
        .collect();
    let inline: Vec<&syn::ItemMod> = expanded
        .items
        .iter()
        .filter_map(|i| match i {
            syn::Item::Mod(m) => Some(m),
            _ => None,
        })
        .collect();
    let names = |mods: &[&syn::ItemMod]| -> Vec<String> {
        mods.iter().map(|m| m.ident.to_string()).collect()
    };
    assert_eq!(names(&inline), names(&declared));
    let files = std::fs::read_dir(workspace().join("generated/azotte/src"))
        .unwrap()
        .count();
    assert_eq!(
        inline.len(),
        files - 1,
        "one module per file besides lib.rs"
    );

    for (inline, declared) in inline.iter().zip(&declared) {
        let name = inline.ident.to_string();
        // The module's body has the checked-in file's tokens once its `//`
        // header and lane `cfg`s are removed (the layout is the xtask's).
        let (_, content) = inline.content.as_ref().expect("an inline module");
        let (inner, outer): (Vec<_>, Vec<_>) = inline
            .attrs
            .iter()
            .partition(|a| matches!(a.style, syn::AttrStyle::Inner(_)));
        let body = relaid(syn::File {
            shebang: None,
            attrs: inner.into_iter().cloned().collect(),
            items: content.clone(),
        });
        let file_body = relaid(without_lane_cfgs(&without_example(without_header(
            &checked_in_text(&format!("{name}.rs")),
        ))));
        if body != file_body {
            let at = body
                .char_indices()
                .zip(file_body.chars())
                .find(|((_, a), b)| a != b)
                .map_or(body.len().min(file_body.len()), |((i, _), _)| i);
            let from = body.floor_char_boundary(at.saturating_sub(120));
            panic!(
                "`{name}`: the macro's module differs from generated/azotte/src/{name}.rs after:\n  {:?}\n  macro: {:?}\n  file:  {:?}",
                &body[from..at],
                body[at..].chars().take(80).collect::<String>(),
                file_body[at.min(file_body.len())..].chars().take(80).collect::<String>(),
            );
        }
        // The module's one-line doc, as lib.rs declares it (minus rustfmt::skip).
        let declared_attrs: Vec<_> = declared
            .attrs
            .iter()
            .filter(|a| !is_rustfmt_skip(a) && !is_lane_cfg(a))
            .collect();
        assert_eq!(tokens(&outer), tokens(declared_attrs), "docs of `{name}`");
        assert_eq!(
            inline.vis.to_token_stream().to_string(),
            declared.vis.to_token_stream().to_string()
        );
    }

    // The crate-root re-exports.
    let root: Vec<&syn::Item> = expanded
        .items
        .iter()
        .filter(|i| !matches!(i, syn::Item::Mod(_)) && !is_tracking_const(i))
        .collect();
    // The files gate the re-exports of client-only runtime items behind
    // `client`; the macro's caller gets them all.
    let lib_items = without_lane_cfgs(&checked_in_text("lib.rs"));
    let lib_root: Vec<&syn::Item> = lib_items
        .items
        .iter()
        .filter(|i| !matches!(i, syn::Item::Mod(_)))
        .collect();
    assert_eq!(tokens(root), tokens(lib_root));
}

#[test]
fn every_spec_file_is_tracked_for_rebuilds() {
    let expanded = expanded();
    let tracked: Vec<String> = expanded
        .items
        .iter()
        .filter(|i| is_tracking_const(i))
        .map(|i| i.to_token_stream().to_string())
        .collect();
    let dir = std::fs::canonicalize(workspace().join("azotte-spec/apis/azotte")).unwrap();
    let mut yaml: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
        .collect();
    yaml.sort();
    assert_eq!(tracked.len(), yaml.len(), "{tracked:#?}");
    for (t, file) in tracked.iter().zip(&yaml) {
        assert!(Path::new(&file).is_absolute());
        // The literal holds the absolute path (escaped as a Rust string).
        let lit = format!("{:?}", file.to_string_lossy());
        assert!(t.contains(&lit), "{t} does not include {lit}");
    }
}
