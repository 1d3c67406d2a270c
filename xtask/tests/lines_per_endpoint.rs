//! Regression guard on the size of the generated code (issue 18, item 4): the
//! lines per endpoint of the synthetic spec at a fixed size may not grow more
//! than 10 % over the figure recorded in `BENCHMARKS.md` ("Regression guard").
//! A count, not a timing, so it is stable on any machine. Lines per endpoint
//! track compile time and rustc memory closely (BENCHMARKS.md, section 2), so a
//! change that makes every user's build slower shows up here first.
//!
//! When the output grows on purpose, measure `cargo xtask bench compare`,
//! record the new figure here and in BENCHMARKS.md, and say why.

/// The synthetic spec's size: large enough that per-crate items (the
/// runtime glue, `lib.rs`, the auth module) weigh little, small enough to
/// generate in a second in a debug build.
const ENDPOINTS: usize = 100;

/// Lines the generator wrote for `cargo xtask synth --endpoints 100`, all
/// files (BENCHMARKS.md, "Regression guard"): 8,047 (80.5 per endpoint) when
/// the guard was set; 9,684 (96.8) since issue 14's docs, which the guard
/// caught: a doc line on every field the spec leaves undocumented (its wire
/// name, so `#![warn(missing_docs)]` holds in generated crates) and the
/// `client` feature's `cfg`s. 3,340 of the lines are doc comments.
const RECORDED_LINES: usize = 9_684;

/// How much growth is tolerated before the test fails.
const TOLERANCE: f64 = 1.10;

#[test]
fn lines_per_endpoint_stay_within_ten_percent_of_the_recorded_figure() {
    let spec = azotte_spec::load_sources(&xtask::synth::sources(ENDPOINTS))
        .unwrap_or_else(|e| panic!("{e}"));
    let endpoints: usize = spec.lanes.iter().map(|l| l.endpoints().count()).sum();
    assert_eq!(endpoints, ENDPOINTS);
    let header = azotte_codegen::header("target/bench/synth-100", &spec.sources);
    let files = azotte_codegen::files(&spec, &header).unwrap_or_else(|e| panic!("{e}"));
    let lines: usize = files.iter().map(|f| f.contents.lines().count()).sum();
    let per = lines as f64 / endpoints as f64;
    let recorded = RECORDED_LINES as f64 / ENDPOINTS as f64;
    assert!(
        per <= recorded * TOLERANCE,
        "the generated code grew to {per:.1} lines per endpoint ({lines} lines for \
         {endpoints} endpoints), more than 10 % over the recorded {recorded:.1}: \
         measure `cargo xtask bench compare`, then record the new figure in this test \
         and in BENCHMARKS.md (\"Regression guard\") if the growth is worth it"
    );
    // A figure far below the record means the record is stale: a guard
    // against a 10 % growth must start from the real size.
    assert!(
        per >= recorded * 0.8,
        "the generated code shrank to {per:.1} lines per endpoint ({lines} lines), \
         well under the recorded {recorded:.1}: record the new figure in this test \
         and in BENCHMARKS.md so the guard keeps its 10 % margin"
    );
}
