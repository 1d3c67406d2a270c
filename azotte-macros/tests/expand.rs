//! `macro_input::expand` without a compiler: what a path resolves to, which
//! files are tracked, and that spec errors come out as one `compile_error!`
//! each, all at once, carrying the text `cargo xtask codegen` prints.

use azotte_codegen::macro_input::{expand, expand_at, LiteralSite};
use azotte_spec::{load_sources, Source};
use proc_macro2::TokenStream;
use quote::quote;
use std::path::{Path, PathBuf};

fn manifest_dir() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// A fresh empty directory under the target directory, removed first if left over.
fn scratch(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// The messages of the `compile_error!`s in an expansion (empty if it has none).
fn compile_errors(tokens: TokenStream) -> Vec<String> {
    let file: syn::File = syn::parse2(tokens).expect("the expansion parses");
    file.items
        .iter()
        .filter_map(|item| match item {
            syn::Item::Macro(m) if m.mac.path.segments.last().unwrap().ident == "compile_error" => {
                Some(m.mac.parse_body::<syn::LitStr>().unwrap().value())
            }
            _ => None,
        })
        .collect()
}

fn tracked_files(tokens: TokenStream) -> Vec<String> {
    let file: syn::File = syn::parse2(tokens).expect("the expansion parses");
    file.items
        .iter()
        .filter_map(|item| match item {
            syn::Item::Const(c) if c.ident == "_" => match &*c.expr {
                syn::Expr::Macro(m) => Some(m.mac.parse_body::<syn::LitStr>().unwrap().value()),
                _ => None,
            },
            _ => None,
        })
        .collect()
}

const SMALL: &str = include_str!("ui/specs/split/a.yaml");

#[test]
fn every_spec_error_is_one_compile_error_with_the_xtask_text() {
    let broken = SMALL
        .replacen("method: GET", "method: FETCH", 1)
        .replacen("response: Customer", "response: Nope", 1)
        .replacen("errors: [NOT_FOUND]", "errors: [GONE]", 1);
    let expected = load_sources(&[Source::new("inline.yaml", broken.clone())]).unwrap_err();
    assert_eq!(expected.len(), 3);

    let messages = compile_errors(expand(quote!(yaml: #broken), manifest_dir()));
    assert_eq!(messages.len(), 3, "{messages:#?}");
    for (message, error) in messages.iter().zip(expected.iter()) {
        // The xtask prints `error: {e}`; the compiler prints `error: {message}`.
        assert!(
            message.starts_with(&error.to_string()),
            "{message}\n--- does not start with ---\n{error}"
        );
    }
    // The offending line is quoted under the message, with a caret.
    assert!(
        messages[0].contains(" |             method: FETCH\n"),
        "{}",
        messages[0]
    );
}

#[test]
fn directory_errors_name_files_by_the_path_given() {
    let dir = scratch("directory_errors");
    let spec = dir.join("spec");
    std::fs::create_dir_all(spec.join("lanes")).unwrap();
    std::fs::write(spec.join("api.yaml"), SMALL).unwrap();
    std::fs::write(
        spec.join("lanes/extra.yaml"),
        "types:\n  Customer:\n    fields:\n      id: string\n",
    )
    .unwrap();

    let messages = compile_errors(expand(quote!("spec/"), &dir));
    assert_eq!(messages.len(), 1, "{messages:#?}");
    assert!(
        messages[0].starts_with(
            "spec/lanes/extra.yaml:2:3: `types.Customer` is defined twice (first at spec/api.yaml:19:3, types.Customer)"
        ),
        "{}",
        messages[0]
    );
}

#[test]
fn a_missing_path_names_where_it_looked_and_the_manifest_dir() {
    let dir = scratch("missing_path");
    std::fs::create_dir_all(dir.join("specs/azotte")).unwrap();
    let messages = compile_errors(expand(quote!("specs/azote"), &dir));
    assert_eq!(messages.len(), 1);
    let m = &messages[0];
    assert!(
        m.starts_with("spec path `specs/azote` does not exist"),
        "{m}"
    );
    assert!(
        m.contains(&dir.join("specs").join("azote").display().to_string()),
        "{m}"
    );
    assert!(m.contains(&dir.display().to_string()), "{m}");
    assert!(m.contains("CARGO_MANIFEST_DIR"), "{m}");
    assert!(m.contains("did you mean `azotte`?"), "{m}");
}

#[test]
fn an_empty_directory_is_named_as_given() {
    let dir = scratch("empty_dir");
    std::fs::create_dir_all(dir.join("spec")).unwrap();
    let messages = compile_errors(expand(quote!("spec"), &dir));
    assert_eq!(messages.len(), 1);
    assert!(
        messages[0].starts_with("spec: spec directory"),
        "{}",
        messages[0]
    );
    assert!(
        messages[0].contains("holds no *.yaml files"),
        "{}",
        messages[0]
    );
}

#[test]
fn a_single_file_is_read_and_tracked() {
    let tokens = expand(quote!("tests/ui/specs/split/a.yaml"), manifest_dir());
    assert!(compile_errors(tokens.clone()).is_empty());
    let tracked = tracked_files(tokens.clone());
    let expected =
        std::fs::canonicalize(manifest_dir().join("tests/ui/specs/split/a.yaml")).unwrap();
    assert_eq!(tracked, [expected.to_string_lossy().into_owned()]);
    assert!(tokens.to_string().contains("pub mod c2a"));
}

#[test]
fn inline_yaml_tracks_no_file_and_names_documents_in_order() {
    let tokens = expand(quote!(yaml: #SMALL,), manifest_dir());
    assert!(compile_errors(tokens.clone()).is_empty());
    assert!(tracked_files(tokens).is_empty());

    let second = "types:\n  Customer:\n    fields:\n      id: string\n";
    let messages = compile_errors(expand(quote!(yaml: #SMALL, yaml: #second), manifest_dir()));
    assert_eq!(messages.len(), 1);
    assert!(
        messages[0].starts_with(
            "inline-2.yaml:2:3: `types.Customer` is defined twice (first at inline-1.yaml:19:3, types.Customer)"
        ),
        "{}",
        messages[0]
    );
}

/// `text` as a raw string literal, as a user writes inline YAML.
fn raw(text: &str) -> TokenStream {
    format!("r#\"{text}\"#").parse().unwrap()
}

#[test]
fn inline_yaml_errors_count_lines_in_the_callers_file() {
    let second = "types:\n  Customer:\n    fields:\n      id: string\n";
    let (a, b) = (raw(SMALL), raw(second));
    let site = |line| LiteralSite {
        file: "src/lib.rs".into(),
        line,
    };
    let sites = [site(10), site(60)];
    let messages = compile_errors(expand_at(
        quote!(yaml: #a, yaml: #b),
        manifest_dir(),
        &sites,
    ));
    assert_eq!(messages.len(), 1, "{messages:#?}");
    // Line 2 of the second literal is line 61 of the file; the first
    // definition, line 19 of the first literal, is line 28.
    assert!(
        messages[0].starts_with(
            "src/lib.rs:61:3: `types.Customer` is defined twice (first at src/lib.rs:28:3, types.Customer)"
        ),
        "{}",
        messages[0]
    );
    assert!(messages[0].contains("61 |   Customer:"), "{}", messages[0]);

    // A YAML syntax error is counted in the file too.
    let broken = raw("api: { name: demo\nlanes: [\n");
    let messages = compile_errors(expand_at(quote!(yaml: #broken), manifest_dir(), &[site(7)]));
    assert!(messages[0].starts_with("src/lib.rs:"), "{}", messages[0]);
    let line: usize = messages[0].split(':').nth(1).unwrap().parse().unwrap();
    assert!((7..=9).contains(&line), "{}", messages[0]);

    // A literal with escapes is not its source text: it keeps its own name and lines.
    let messages = compile_errors(expand_at(
        quote!(yaml: #second),
        manifest_dir(),
        &[site(60)],
    ));
    assert!(messages[0].starts_with("inline.yaml:"), "{}", messages[0]);
}

#[test]
fn malformed_input_says_how_to_call_the_macro() {
    for input in [
        quote!(),
        quote!(42),
        quote!(yml: "x"),
        quote!("a", "b"),
        quote!(yaml "x"),
    ] {
        let messages = compile_errors(expand(input.clone(), manifest_dir()));
        assert_eq!(messages.len(), 1, "{input}");
        assert!(
            messages[0].contains("generate!(\"path/to/spec-dir\")")
                || messages[0].contains("`yaml: r#\""),
            "{input}: {}",
            messages[0]
        );
    }
}
