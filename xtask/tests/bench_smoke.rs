//! The benchmark paths run one tiny iteration, so they cannot rot. The
//! measurements themselves are `cargo xtask bench gen|compile|spec` (BENCHMARKS.md),
//! not part of `cargo test`.

#[test]
fn synth_is_deterministic_valid_and_generates() {
    assert_eq!(xtask::synth::synth(3), xtask::synth::synth(3));
    assert_ne!(xtask::synth::synth(3), xtask::synth::synth(4));
    let spec =
        azotte_spec::load_sources(&xtask::synth::sources(3)).unwrap_or_else(|e| panic!("{e}"));
    let endpoints: usize = spec.lanes.iter().map(|l| l.endpoints().count()).sum();
    assert_eq!(endpoints, 3);
    // The threaded path `cargo xtask codegen` takes writes the same bytes as the plain one.
    let h = azotte_codegen::header("synth", &spec.sources);
    assert_eq!(
        azotte_codegen::files(&spec, &h).unwrap(),
        azotte_codegen::generate(&spec).files(&h).unwrap()
    );
}

#[test]
fn threaded_generation_cuts_modules_into_runs_without_changing_a_byte() {
    // Large enough that `types` and each lane are cut into several runs.
    let spec =
        azotte_spec::load_sources(&xtask::synth::sources(240)).unwrap_or_else(|e| panic!("{e}"));
    let h = azotte_codegen::header("synth", &spec.sources);
    let threaded = azotte_codegen::files(&spec, &h).unwrap();
    let plain = azotte_codegen::generate(&spec).files(&h).unwrap();
    assert_eq!(threaded.len(), plain.len());
    for (t, p) in threaded.iter().zip(&plain) {
        assert!(
            t == p,
            "{} differs between the threaded and the plain path",
            p.path
        );
    }
    // Units weigh about 4,000 lines (`UNIT_WEIGHT` in azotte-codegen/src/parallel.rs).
    let types = plain.iter().find(|f| f.path == "src/types.rs").unwrap();
    let lines = types.contents.lines().count();
    assert!(
        lines > 8_000,
        "the test no longer spans several runs: {lines} lines"
    );
}

#[test]
fn threaded_generation_matches_on_the_real_specs() {
    let root = xtask::workspace_root().unwrap();
    for api in xtask::apis(&root).unwrap() {
        let spec =
            azotte_spec::load_dir(&root.join(&api.spec_dir)).unwrap_or_else(|e| panic!("{e}"));
        let h = azotte_codegen::header(&api.spec_dir, &spec.sources);
        assert_eq!(
            azotte_codegen::files(&spec, &h).unwrap(),
            azotte_codegen::generate(&spec).files(&h).unwrap(),
            "{}",
            api.name
        );
    }
}

#[test]
fn bench_gen_runs_once() {
    let tmp = tempfile::tempdir().unwrap();
    xtask::synth::write(tmp.path(), 3).unwrap();
    let line = xtask::bench::gen_one(tmp.path(), 1).unwrap();
    let numbers: Vec<u64> = line
        .split_whitespace()
        .map(|n| n.parse().unwrap())
        .collect();
    assert_eq!(numbers.len(), 11, "{line}");
    assert_eq!(numbers[0], 3, "endpoints");
    assert!(numbers[1] > 100, "lines");
}

#[test]
fn bench_compile_lays_out_its_workspace_and_logs_rustc() {
    let tmp = tempfile::tempdir().unwrap();
    let ws = tmp.path().join("compile");
    let laid =
        xtask::bench_compile::layout(&xtask::workspace_root().unwrap(), &ws, tmp.path(), &[3])
            .unwrap();
    assert_eq!(
        laid.iter().map(|l| l.0.as_str()).collect::<Vec<_>>(),
        ["azotte", "synth-3"]
    );
    for member in [
        "azotte/src/c2a.rs",
        "synth-3/src/store.rs",
        "Cargo.toml",
        "Cargo.lock",
    ] {
        assert!(ws.join(member).exists(), "{member}");
    }
    for file in [
        "size-azotte/src/main.rs",
        "size-base/src/main.rs",
        "macro-azotte/src/lib.rs",
    ] {
        let text = std::fs::read_to_string(ws.join(file)).unwrap();
        syn::parse_file(&text).unwrap_or_else(|e| panic!("{file}: {e}"));
    }
    let manifest = std::fs::read_to_string(ws.join("synth-3/Cargo.toml")).unwrap();
    assert!(
        manifest.contains("default = [\"rustls\", \"hooks\", \"store\"]"),
        "{manifest}"
    );
    // The rustc wrapper runs its command and logs the crate's peak memory.
    let log = tmp.path().join("peaks.log");
    let args: Vec<String> = ["true", "--crate-name", "probe"].map(String::from).to_vec();
    assert_eq!(xtask::bench_compile::rustc_wrapper(&log, &args), 0);
    let logged = std::fs::read_to_string(&log).unwrap();
    assert!(logged.starts_with("probe "), "{logged}");
}

#[test]
fn the_features_table_is_written_and_checked() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path();
    let spec_dir = root.join("azotte-spec/apis/synth");
    xtask::synth::write(&spec_dir, 16).unwrap();
    xtask::write(root).unwrap();
    let manifest_path = root.join("generated/synth/Cargo.toml");
    let manifest = std::fs::read_to_string(&manifest_path).unwrap();
    assert!(manifest.contains("[features]"), "{manifest}");
    assert!(
        manifest.contains("default = [\"rustls\", \"hooks\", \"ops\", \"store\"]"),
        "{manifest}"
    );
    // Outbound lanes need the HTTP client; the inbound one does not.
    assert!(
        manifest.contains("ops = [\"client\"]\n") && manifest.contains("hooks = []\n"),
        "{manifest}"
    );
    assert_eq!(xtask::check(root).unwrap(), []);
    let lib = std::fs::read_to_string(root.join("generated/synth/src/lib.rs")).unwrap();
    assert!(lib.contains("#[cfg(feature = \"store\")]"), "{lib}");

    // A hand edit of the table is drift; `write` puts it back and keeps the rest.
    let edited = manifest.replace("ops = [\"client\"]", "ops = [\"store\"]")
        + "\n[dev-dependencies]\nx = \"1\"\n";
    std::fs::write(&manifest_path, &edited).unwrap();
    let drift: Vec<String> = xtask::check(root)
        .unwrap()
        .iter()
        .map(ToString::to_string)
        .collect();
    assert_eq!(drift, ["stale:   generated/synth/Cargo.toml"]);
    xtask::write(root).unwrap();
    let fixed = std::fs::read_to_string(&manifest_path).unwrap();
    assert!(
        fixed.contains("ops = [\"client\"]") && fixed.ends_with("[dev-dependencies]\nx = \"1\"\n"),
        "{fixed}"
    );
    assert_eq!(xtask::check(root).unwrap(), []);
}

#[test]
fn bench_spec_fills_its_three_tables() {
    let out = xtask::bench_spec::spec(&[3], &[70], &[2]);
    // 3 endpoints listing a code twice: 3 errors (and 2 about the lane), all located.
    assert!(
        out.contains("| 5 | 0 KiB |") && out.contains(" | 5 |\n"),
        "{out}"
    );
    assert!(out.contains("| flow sequences `[[[…]]]` | 70 |"), "{out}");
    assert!(out.contains("more than 64 levels deep"), "{out}");
    assert!(out.contains("more than 32 levels deep"), "{out}");
    assert!(out.contains("| 2 | 3 |"), "{out}");
}
