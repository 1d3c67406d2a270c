//! The property test of issue 15, item 3: mutate the real specs
//! (`apis/*/`) and check that the loader, validator and generator
//!
//! - never panic,
//! - locate every error (a file and a line:column, or a YAML path), and
//! - turn every spec they accept into files that parse as Rust (`syn`).
//!
//! The seed is fixed, so a run is reproducible. `cargo test` runs
//! [`DEFAULT_MUTANTS`] mutants (a few seconds); more:
//!
//! ```text
//! AZOTTE_MUTANTS=100000 cargo test -p azotte-spec --test mutants --release
//! AZOTTE_MUTANTS_SEED=7 …      # another sequence
//! ```
//!
//! `scripts/check-mutants.sh` goes further and `cargo check`s the crates
//! generated from a sample of accepted mutants (see `AZOTTE_MUTANTS_WRITE`).
//!
//! Inputs that once broke a property are kept in `tests/mutants/corpus/`
//! (see its README) and checked on every run.

#[path = "mutants/mutate.rs"]
mod mutate;

use azotte_spec::{load_sources, Source, Spec};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::{Path, PathBuf};

/// Mutants per `cargo test` run: well under a minute in a debug build.
const DEFAULT_MUTANTS: usize = 300;

fn env_number(name: &str, default: u64) -> u64 {
    std::env::var(name)
        .ok()
        .map(|v| {
            v.parse()
                .unwrap_or_else(|_| panic!("{name}={v} is not a number"))
        })
        .unwrap_or(default)
}

/// What went wrong with one input, if anything.
fn check(sources: &[Source]) -> Result<Option<Spec>, String> {
    let loaded = catch_unwind(AssertUnwindSafe(|| load_sources(sources)))
        .map_err(|p| format!("the loader panicked: {}", panic_text(&p)))?;
    let spec = match loaded {
        Err(errors) => {
            for e in errors.iter() {
                let located = !e.file.is_empty()
                    && ((e.line.is_some() && e.column.is_some()) || !e.path.is_empty());
                if !located {
                    return Err(format!("an error without a location: {e}"));
                }
            }
            return Ok(None);
        }
        Ok(spec) => spec,
    };
    let files = catch_unwind(AssertUnwindSafe(|| {
        azotte_codegen::generate(&spec).files("// mutant\n")
    }))
    .map_err(|p| format!("the generator panicked: {}", panic_text(&p)))?
    .map_err(|e| format!("the generator failed on an accepted spec: {e}"))?;
    for file in &files {
        if let Err(e) = syn::parse_file(&file.contents) {
            return Err(format!("generated `{}` does not parse: {e}", file.path));
        }
    }
    Ok(Some(spec))
}

fn panic_text(payload: &Box<dyn std::any::Any + Send>) -> String {
    payload
        .downcast_ref::<String>()
        .cloned()
        .or_else(|| payload.downcast_ref::<&str>().map(|s| s.to_string()))
        .unwrap_or_else(|| "(no message)".into())
}

fn api_sources(api: &str) -> Vec<Source> {
    azotte_spec::read_dir(&azotte_spec::api_dir(api)).expect("the real spec reads")
}

#[test]
fn mutated_specs_never_panic_and_every_error_is_located() {
    let count = env_number("AZOTTE_MUTANTS", DEFAULT_MUTANTS as u64) as usize;
    let seed = env_number("AZOTTE_MUTANTS_SEED", 15);
    let write = std::env::var_os("AZOTTE_MUTANTS_WRITE").map(PathBuf::from);
    let sample = env_number("AZOTTE_MUTANTS_SAMPLE", 20) as usize;
    let mut rng = StdRng::seed_from_u64(seed);
    let apis: Vec<(&str, Vec<Source>)> = ["azotte", "automatum"]
        .into_iter()
        .map(|api| (api, api_sources(api)))
        .collect();
    let words: Vec<Vec<String>> = apis
        .iter()
        .map(|(_, s)| mutate::words(&s.iter().map(|s| s.text.as_str()).collect::<Vec<_>>()))
        .collect();
    let (mut accepted, mut written, mut failures) = (0usize, 0usize, Vec::new());
    for n in 0..count {
        let a = rng.random_range(0..apis.len());
        let (api, sources) = &apis[a];
        let mut mutant = sources.clone();
        let f = rng.random_range(0..mutant.len());
        for _ in 0..rng.random_range(1..=3) {
            mutant[f].text = mutate::mutate(&mutant[f].text, &words[a], &mut rng);
        }
        match check(&mutant) {
            Err(problem) => {
                // Kept for the corpus: the file, marked with what it replaces.
                let kept = Path::new(env!("CARGO_TARGET_TMPDIR"))
                    .join("mutants")
                    .join(format!("{api}-{n}-{}", mutant[f].name.replace('/', "-")));
                std::fs::create_dir_all(kept.parent().unwrap()).expect("a directory for failures");
                let text = format!("# replaces: {api}/{}\n{}", mutant[f].name, mutant[f].text);
                std::fs::write(&kept, text).expect("keep a failing mutant");
                failures.push(format!(
                    "mutant {n} (seed {seed}) of {api}/{} (kept in {}): {problem}",
                    mutant[f].name,
                    kept.display()
                ))
            }
            Ok(Some(spec)) => {
                accepted += 1;
                if let Some(dir) = &write {
                    if written < sample && rng.random_bool(0.5) {
                        write_crate(&dir.join(format!("{api}-{n}")), &spec, &mutant);
                        written += 1;
                    }
                }
            }
            Ok(None) => {}
        }
    }
    eprintln!(
        "{count} mutants (seed {seed}): {accepted} accepted, {} failed",
        failures.len()
    );
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
    // Some mutations (a reordered line, a moved comment) keep the spec valid:
    // without any accepted mutant the generator half would test nothing.
    assert!(count < 50 || accepted > 0, "no mutant was accepted");
}

/// Every input that once broke a property (see `tests/mutants/corpus/README.md`).
#[test]
fn the_corpus_of_past_failures_still_holds() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/mutants/corpus");
    let mut cases: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("the corpus directory")
        .map(|e| e.expect("an entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
        .collect();
    cases.sort();
    assert!(!cases.is_empty(), "the corpus is empty");
    let mut failures = Vec::new();
    for case in &cases {
        let text = std::fs::read_to_string(case).expect("a corpus case reads");
        let sources = corpus_sources(&text);
        if let Err(problem) = check(&sources) {
            failures.push(format!("{}: {problem}", case.display()));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

/// A corpus case is one spec file on its own, unless its first line says
/// `# replaces: <api>/<file>`: then it stands in for that file of the real spec.
fn corpus_sources(text: &str) -> Vec<Source> {
    let replaces = text
        .lines()
        .next()
        .and_then(|l| l.strip_prefix("# replaces: "))
        .and_then(|r| r.trim().split_once('/'));
    match replaces {
        Some((api, file)) => {
            let mut sources = api_sources(api);
            let slot = sources
                .iter_mut()
                .find(|s| s.name == file)
                .unwrap_or_else(|| panic!("corpus: no file {api}/{file}"));
            slot.text = text.to_owned();
            sources
        }
        None => vec![Source::new("case.yaml", text)],
    }
}

/// Writes a crate of the code generated from `spec` (and the mutant's spec
/// files beside it) for `scripts/check-mutants.sh` to `cargo check`.
fn write_crate(dir: &Path, spec: &Spec, sources: &[Source]) {
    let workspace = Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap();
    let files = azotte_codegen::generate(spec)
        .files("")
        .expect("checked above");
    let features: Vec<String> = azotte_codegen::lane_features(spec)
        .into_iter()
        .map(|f| f.name)
        .collect();
    // The runtime keeps its default features (the HTTP client); `client` is
    // declared only because generated files name it in their `cfg`s.
    let manifest = format!(
        "[package]\nname = \"mutant\"\nversion = \"0.0.0\"\nedition = \"2021\"\npublish = false\n\n\
         [workspace]\n\n[dependencies]\nazotte-runtime = {{ path = {:?} }}\nserde_json = {{ version = \"1\", features = [\"raw_value\"] }}\n\n\
         [features]\ndefault = [\"{client}\", {}]\n{client} = []\n{}",
        workspace.join("azotte-runtime"),
        features.iter().map(|f| format!("{f:?}")).collect::<Vec<_>>().join(", "),
        features.iter().map(|f| format!("{f} = []\n")).collect::<String>(),
        client = azotte_codegen::CLIENT_FEATURE,
    );
    std::fs::create_dir_all(dir.join("src")).expect("a mutant crate directory");
    std::fs::write(dir.join("Cargo.toml"), manifest).expect("write Cargo.toml");
    for file in files {
        let path = dir.join(&file.path);
        std::fs::create_dir_all(path.parent().unwrap()).expect("a source directory");
        std::fs::write(path, file.contents).expect("write a generated file");
    }
    for source in sources {
        let path = dir.join("spec").join(&source.name);
        std::fs::create_dir_all(path.parent().unwrap()).expect("a spec directory");
        std::fs::write(path, &source.text).expect("write a spec file");
    }
}

#[test]
fn the_mutations_change_the_text() {
    let mut rng = StdRng::seed_from_u64(1);
    let text = "a:\n  b: 1\n  c: [x, y]\n";
    let words = mutate::words(&[text]);
    let changed = (0..50)
        .filter(|_| mutate::mutate(text, &words, &mut rng) != text)
        .count();
    assert!(
        changed > 25,
        "only {changed} of 50 mutations changed the text"
    );
}
