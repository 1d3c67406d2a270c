//! `cargo xtask bench spec`: what loading and validating cost against error
//! count, nesting depth and spec size (BENCHMARKS.md, "Loading and validating
//! the spec"). The pathological inputs are built here so the tests
//! (`xtask/tests/spec_scaling.rs`) check the same ones for behaviour.

use azotte_spec::{load_sources, Source, SpecErrors};
use std::fmt::Write as _;
use std::time::{Duration, Instant};

const HEAD: &str = "api: { name: demo, title: Demo, version: v1 }\n";

/// One file with `n` endpoints that each list the code `A` twice: `n` errors
/// ("listed twice"), one per endpoint line.
pub fn duplicate_codes(n: usize) -> String {
    let mut text = format!(
        "{HEAD}errors:\n  A: {{ http: 404, doc: Not found. }}\nlanes:\n  l:\n    title: L\n    base_path: /x\n    areas:\n      a:\n        title: A\n        endpoints:\n"
    );
    for i in 0..n {
        let _ = writeln!(
            text,
            "          - {{ id: E-{i}, name: e{i}, method: GET, path: /e{i}, summary: s, errors: [A, A] }}"
        );
    }
    text
}

/// The ways a spec can nest, each `depth` levels deep on one line (so the
/// text grows linearly with the depth).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Nesting {
    /// `a: [[[…1…]]]`
    FlowSequence,
    /// `a: {a: {a: …1…}}`
    FlowMapping,
    /// `- - - … x` (block sequences)
    Dashes,
    /// a field of type `list<list<…string…>>`
    TypeReference,
}

impl Nesting {
    pub const ALL: [Nesting; 4] = [
        Nesting::FlowSequence,
        Nesting::FlowMapping,
        Nesting::Dashes,
        Nesting::TypeReference,
    ];

    pub fn label(self) -> &'static str {
        match self {
            Nesting::FlowSequence => "flow sequences `[[[…]]]`",
            Nesting::FlowMapping => "flow mappings `{a: {a: …}}`",
            Nesting::Dashes => "block sequences `- - - …`",
            Nesting::TypeReference => "type `list<list<…>>`",
        }
    }

    /// A one-file spec nesting `depth` levels at line 5 (`types.T.fields.a`).
    pub fn spec(self, depth: usize) -> String {
        let value = match self {
            Nesting::FlowSequence => format!("{}1{}", "[".repeat(depth), "]".repeat(depth)),
            Nesting::FlowMapping => format!("{}1{}", "{a: ".repeat(depth), "}".repeat(depth)),
            Nesting::Dashes => format!("\n        {}x", "- ".repeat(depth)),
            Nesting::TypeReference => {
                format!("\"{}string{}\"", "list<".repeat(depth), ">".repeat(depth))
            }
        };
        format!("{HEAD}types:\n  T:\n    fields:\n      a: {value}\n")
    }
}

/// Loads and validates one inline file, timing it.
pub fn load_timed(text: &str) -> (Duration, Result<azotte_spec::Spec, SpecErrors>) {
    let sources = [Source::new("spec.yaml", text)];
    let start = Instant::now();
    let result = load_sources(&sources);
    (start.elapsed(), result)
}

/// The fastest of `runs` loads of `text`, and its result.
fn best_of(runs: usize, text: &str) -> (Duration, Result<azotte_spec::Spec, SpecErrors>) {
    let mut best = load_timed(text);
    for _ in 1..runs {
        let next = load_timed(text);
        if next.0 < best.0 {
            best = next;
        }
    }
    best
}

fn ms(d: Duration) -> String {
    format!("{:.1} ms", d.as_secs_f64() * 1e3)
}

/// Errors reported, and how many carry a line and column.
fn counted(result: &Result<azotte_spec::Spec, SpecErrors>) -> (usize, usize) {
    match result {
        Ok(_) => (0, 0),
        Err(e) => (e.len(), e.iter().filter(|e| e.line.is_some()).count()),
    }
}

/// The three tables of `bench spec`, as markdown.
pub fn spec(error_counts: &[usize], depths: &[usize], sizes: &[usize]) -> String {
    let mut out = String::new();
    out.push_str("errors reported (each endpoint lists a code twice), best of 3:\n\n| errors | file | load + validate | located |\n|---:|---:|---:|---:|\n");
    for &n in error_counts {
        let text = duplicate_codes(n);
        let (time, result) = best_of(3, &text);
        let (errors, located) = counted(&result);
        let _ = writeln!(
            out,
            "| {errors} | {} KiB | {} | {located} |",
            text.len() / 1024,
            ms(time)
        );
    }
    out.push_str("\nnesting refused, best of 3:\n\n| nesting | depth | load + validate | errors | message |\n|---|---:|---:|---:|---|\n");
    for kind in Nesting::ALL {
        for &depth in depths {
            let (time, result) = best_of(3, &kind.spec(depth));
            let (errors, _) = counted(&result);
            let first = match &result {
                Ok(_) => "accepted".to_owned(),
                Err(e) => e
                    .iter()
                    .next()
                    .map(|e| format!("{}: {}", e.location(), e.message))
                    .unwrap_or_default(),
            };
            // Long messages (they quote the type) keep their start and their end.
            let chars: Vec<char> = first.chars().collect();
            let first: String = if chars.len() > 100 {
                let (head, tail) = (&chars[..35], &chars[chars.len() - 60..]);
                format!(
                    "{}…{}",
                    head.iter().collect::<String>(),
                    tail.iter().collect::<String>()
                )
            } else {
                first
            };
            let _ = writeln!(
                out,
                "| {} | {depth} | {} | {errors} | {} |",
                kind.label(),
                ms(time),
                first.replace('|', "\\|")
            );
        }
    }
    out.push_str("\nvalid synthetic specs (`cargo xtask synth`), read + load + validate, best of 3:\n\n| endpoints | files | YAML | load + validate | per endpoint |\n|---:|---:|---:|---:|---:|\n");
    for &n in sizes {
        let sources = crate::synth::sources(n);
        let bytes: usize = sources.iter().map(|s| s.text.len()).sum();
        let mut best = Duration::MAX;
        for _ in 0..3 {
            let start = Instant::now();
            let spec = load_sources(&sources);
            best = best.min(start.elapsed());
            if let Err(e) = spec {
                let _ = writeln!(out, "| {n} | synthetic spec refused: {e} |");
                break;
            }
        }
        let _ = writeln!(
            out,
            "| {n} | {} | {} KiB | {} | {:.1} µs |",
            sources.len(),
            bytes / 1024,
            ms(best),
            best.as_secs_f64() * 1e6 / n as f64
        );
    }
    out
}
