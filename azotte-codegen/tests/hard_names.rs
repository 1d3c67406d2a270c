//! Whatever the validator accepts becomes code: names that are Rust keywords,
//! keys that are not identifiers, and docs with carriage returns or control
//! characters give files that parse (the same spec compiles through
//! `generate!` in `azotte-macros/tests/hard_names.rs`).

/// `hard_names/hard.yaml`: every kind of name at its hardest — keyword lanes,
/// methods, verbs, fields, parameters, placeholders and credential fields;
/// `self` where the API chooses the name; a non-identifier area key with
/// verbs; a type whose diagnostics method would be a keyword; docs with CR,
/// CR LF, a bell, a bidi override and `*/`.
fn hard() -> azotte_spec::Spec {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/hard_names");
    azotte_spec::load_dir(&dir).unwrap_or_else(|e| panic!("{e}"))
}

#[test]
fn hard_names_and_docs_generate_files_that_parse() {
    let spec = hard();
    let files = azotte_codegen::generate(&spec)
        .files(&azotte_codegen::header("spec", &spec.sources))
        .unwrap_or_else(|e| panic!("{e}"));
    let text = |path: &str| {
        &files
            .iter()
            .find(|f| f.path == path)
            .unwrap_or_else(|| panic!("{path} not generated"))
            .contents
    };
    for f in &files {
        syn::parse_file(&f.contents).unwrap_or_else(|e| panic!("{}: {e}\n{}", f.path, f.contents));
        assert!(!f.contents.contains('\r'), "{}: a bare CR", f.path);
        assert!(
            !f.contents.contains('\u{7}') && !f.contents.contains('\u{202E}'),
            "{}",
            f.path
        );
    }
    // Keyword modules are raw; their files are named plainly.
    let lib = text("src/lib.rs");
    assert!(
        lib.contains("pub mod r#type;") && lib.contains("pub mod r#struct;"),
        "{lib}"
    );
    assert!(lib.contains("//! Line one\n//! line two\n"), "{lib}");
    let lane = text("src/type.rs");
    assert!(lane.contains("fn r#match("), "{lane}");
    assert!(lane.contains("fn metering_events(&self)"), "{lane}");
    assert!(
        lane.contains("self_: &str") && lane.contains("r#fn: &str"),
        "{lane}"
    );
    let env = text("src/environment.rs");
    assert!(env.contains("pub fn r#type("), "{env}");
    // A format string cannot name `r#type`: it is passed by position.
    assert!(
        env.contains(r#"format!("https://{self_}.{0}.example.com", r#type)"#),
        "{env}"
    );
    assert!(env.contains("/// A CR\n    /// LF doc"), "{env}");
    let types = text("src/types.rs");
    assert!(
        types.contains("self_: Option<String> = \"self\""),
        "{types}"
    );
    assert!(types.contains("Self_"), "the sort field `self`: {types}");
    assert!(text("src/envelopes.rs").contains("fn r#type(&self)"));
    // The prelude names the raw lane module, and is gated on its feature.
    let prelude = text("src/prelude.rs");
    assert!(prelude.contains("super::r#type::"), "{prelude}");
}
