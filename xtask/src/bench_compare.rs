//! `cargo xtask bench compare`: our generator against progenitor on the same
//! input, in one run (issue 18; BENCHMARKS.md, "Against progenitor").
//!
//! Inputs: the neutral model ([`crate::bench_model`]) at each size and the
//! real Azotte spec, each as our YAML and as its OpenAPI 3.0 translation
//! ([`crate::openapi30`]). Progenitor is the bench-only crate
//! `benches/progenitor` (outside our workspace, its own `Cargo.lock`,
//! `progenitor = "=0.15.1"`): built once, then run as a process that times its
//! own generation in process. Ours is timed in this process (all cores, as
//! `cargo xtask codegen`).
//!
//! Compile cost: two scratch workspaces under `target/bench/compare/`, ours
//! (with this repository's `Cargo.lock`) and progenitor's (with the harness's
//! `Cargo.lock`, which pins what progenitor's crates need), each with its own
//! target dir. Dependencies are built once; then each run touches a crate's
//! `lib.rs` and times `cargo check` or a debug `cargo build` of that crate
//! alone (`CARGO_INCREMENTAL=0`), ours and progenitor's alternating, so a
//! change in the machine's load hits both; medians of the runs. rustc's peak
//! memory comes from the same `RUSTC_WRAPPER` as `bench compile`.
//!
//! Binary size: at the smallest model size compiled, a program per side that
//! calls every operation of the first outbound lane (`size-<case>`: ours
//! with that lane's feature alone), built `--release` and stripped.

use crate::bench::bench_dir;
use crate::bench_compile::{
    client_crate, lane_arms, logged_peak, median, package, probe_main, run_cargo, write, Client,
};
use azotte_spec::model::Direction;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

/// The bench-only crate that runs progenitor, relative to the workspace root.
pub const HARNESS: &str = "benches/progenitor";

/// `[dependencies]` of a crate progenitor generated: what its README lists,
/// at the versions the harness's `Cargo.lock` pins.
const PROGENITOR_CRATE_DEPS: &str = "[dependencies]\nprogenitor-client = \"=0.15.1\"\nreqwest = { version = \"0.13\", default-features = false, features = [\"json\", \"query\", \"stream\", \"rustls\"] }\nserde = { version = \"1\", features = [\"derive\"] }\nserde_json = \"1\"\nfutures = \"0.3\"\nchrono = { version = \"0.4\", default-features = false, features = [\"serde\", \"std\"] }\nuuid = { version = \"1\", features = [\"serde\", \"v4\"] }\n";

/// (ours, progenitor's).
pub type Pair<T> = (T, T);

/// One input, both ways.
struct Case {
    /// `azotte` or `model-N`.
    name: String,
    /// Our YAML spec directory.
    spec_dir: PathBuf,
    /// Its OpenAPI 3.0 translation.
    openapi: PathBuf,
    operations: usize,
}

/// Lines of generated code: all, and code only (no blank line, no comment).
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Lines {
    pub total: usize,
    pub code: usize,
}

impl Lines {
    pub fn of(text: &str) -> Self {
        let code = text
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty() && !l.starts_with("//"))
            .count();
        Self {
            total: text.lines().count(),
            code,
        }
    }
    fn add(self, o: Self) -> Self {
        Self {
            total: self.total + o.total,
            code: self.code + o.code,
        }
    }
}

/// Writes the inputs of every case under `dir`: the model at each size and
/// the real spec, as our YAML (the model only; the real spec is read where it
/// lives) and as OpenAPI 3.0. Returns them in order.
fn cases(root: &Path, dir: &Path, sizes: &[usize]) -> Result<Vec<Case>, String> {
    let mut out = Vec::new();
    let real = root.join("azotte-spec/apis/azotte");
    let mut inputs = vec![("azotte".to_owned(), real)];
    for &n in sizes {
        let spec_dir = dir.join(format!("model-{n}/spec"));
        crate::bench_model::write(&spec_dir, n)?;
        inputs.push((format!("model-{n}"), spec_dir));
    }
    for (name, spec_dir) in inputs {
        let spec = azotte_spec::load_dir(&spec_dir).map_err(|e| format!("{name}: {e}"))?;
        let openapi = dir.join(format!("{name}.openapi.json"));
        let doc = serde_json::to_string_pretty(&crate::openapi30::document(&spec))
            .map_err(|e| e.to_string())?;
        write(&openapi, &doc)?;
        let operations = spec.lanes.iter().map(|l| l.endpoints().count()).sum();
        out.push(Case {
            name,
            spec_dir,
            openapi,
            operations,
        });
    }
    Ok(out)
}

/// Builds the progenitor harness (release) and returns its binary.
fn harness(root: &Path, target: &Path) -> Result<PathBuf, String> {
    let manifest = root.join(HARNESS).join("Cargo.toml");
    let status = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()))
        .args([
            "build",
            "--quiet",
            "--release",
            "--locked",
            "--manifest-path",
        ])
        .arg(&manifest)
        .arg("--target-dir")
        .arg(target)
        .env_remove("RUSTC_WRAPPER")
        .status()
        .map_err(|e| format!("cannot run cargo: {e}"))?;
    if !status.success() {
        return Err(format!("cannot build {}", manifest.display()));
    }
    Ok(target.join("release/progenitor-harness"))
}

/// Runs progenitor on `openapi`, writing `crate_dir/src/lib.rs`; returns its
/// own timing of parse + generate + format.
fn progenitor_once(exe: &Path, openapi: &Path, crate_dir: &Path) -> Result<Duration, String> {
    let out = Command::new(exe)
        .arg(openapi)
        .arg(crate_dir)
        .output()
        .map_err(|e| format!("cannot run {}: {e}", exe.display()))?;
    if !out.status.success() {
        return Err(String::from_utf8_lossy(&out.stderr).trim().to_owned());
    }
    let text = String::from_utf8_lossy(&out.stdout);
    let us: u64 = text
        .split_whitespace()
        .nth(1)
        .and_then(|t| t.parse().ok())
        .ok_or_else(|| format!("progenitor harness: unexpected output `{}`", text.trim()))?;
    Ok(Duration::from_micros(us))
}

/// The figures of one case.
#[derive(Debug, Clone, Default)]
pub struct Row {
    pub name: String,
    pub operations: usize,
    /// (ours, progenitor's) for each figure.
    pub lines: Pair<Lines>,
    pub generate: Pair<Duration>,
    pub check: Option<Pair<Duration>>,
    pub check_peak_kib: Pair<u64>,
    pub build: Option<Pair<Duration>>,
    pub build_peak_kib: Pair<u64>,
    /// The release binary of a program calling every operation of one lane:
    /// (lane, operations, (ours, progenitor's) bytes).
    pub binary: Option<(String, usize, Pair<u64>)>,
}

/// Both scratch workspaces' release profile: binaries are measured stripped.
const RELEASE: &str = "\n[profile.release]\nstrip = \"symbols\"\n";

/// The dependencies of both size probes besides the generated crate.
const PROBE_DEPS: &str = "serde_json = \"1\"\ntokio = { version = \"1\", features = [\"macros\", \"rt-multi-thread\"] }\n";

/// Writes `size-<case>` in both workspaces: a program that calls every
/// operation of the first outbound lane of `spec`, ours built with that lane's
/// feature alone, progenitor's with its one client. Returns (lane, operations).
fn size_probes(s: &Sides, case: &str, spec: &azotte_spec::Spec) -> Result<(String, usize), String> {
    let lane = spec
        .lanes
        .iter()
        .find(|l| l.direction != Direction::Inbound)
        .ok_or_else(|| format!("{case}: no outbound lane"))?;
    let l = &lane.rust_name;
    let dir = format!("size-{case}");
    let ours = format!("bench_ours_{}", case.replace('-', "_"));
    write(
        &s.ours.join(&dir).join("Cargo.toml"),
        &format!(
            "{}[dependencies]\n{PROBE_DEPS}bench-ours-{case} = {{ path = \"../{case}\", default-features = false, features = [\"rustls\", \"{l}\"] }}\n",
            package(&format!("bench-ours-{dir}"))
        ),
    )?;
    write(
        &s.ours.join(&dir).join("src/main.rs"),
        &probe_main(
            &format!("every operation of lane `{l}`"),
            &format!("use {ours}::prelude::*;"),
            &format!("let config = {ours}::ClientConfig::new(\"http://127.0.0.1:9\");"),
            &lane_arms(spec, lane, &ours),
        ),
    )?;
    let theirs = format!("bench_progenitor_{}", case.replace('-', "_"));
    write(
        &s.theirs.join(&dir).join("Cargo.toml"),
        &format!(
            "{}[dependencies]\n{PROBE_DEPS}bench-progenitor-{case} = {{ path = \"../{case}\" }}\n",
            package(&format!("bench-progenitor-{dir}"))
        ),
    )?;
    write(
        &s.theirs.join(&dir).join("src/main.rs"),
        &probe_main(
            &format!("every operation of lane `{l}`"),
            "",
            &format!("let c = {theirs}::Client::new(\"http://127.0.0.1:9\");"),
            &progenitor_arms(lane),
        ),
    )?;
    Ok((l.clone(), lane.endpoints().count()))
}

/// The `match` arms of progenitor's size probe: every operation of `lane`
/// called on the client `c` as `<lane>_<endpoint>` (the translation's
/// operationId), one opaque `de(&v[i])` per parameter — progenitor takes
/// each path and query parameter as its own argument — and one for the body.
pub fn progenitor_arms(lane: &azotte_spec::model::Lane) -> String {
    let l = &lane.rust_name;
    let mut arms = String::new();
    for ep in lane.endpoints() {
        let count =
            ep.path_params.len() + ep.query_params.len() + usize::from(ep.request.is_some());
        let args: Vec<String> = (0..count).map(|i| format!("de(&v[{i}])")).collect();
        let _ = writeln!(
            arms,
            "        \"{l}.{n}\" => println!(\"{{:?}}\", c.{l}_{n}({a}).await.is_ok()),",
            n = ep.name,
            a = args.join(", ")
        );
    }
    arms
}

/// Builds both size probes of `case` (release) and returns their sizes.
fn binary_sizes(s: &Sides, case: &str) -> Result<Pair<u64>, String> {
    let mut sizes = Vec::new();
    for (ws, side) in [(&s.ours, "ours"), (&s.theirs, "progenitor")] {
        let package = format!("bench-{side}-size-{case}");
        let log = ws.join("rustc-peaks.log");
        run_cargo(
            ws,
            &s.exe,
            &log,
            &["build", "--release", "--quiet", "-p", &package],
        )?;
        let bin = ws.join("target/release").join(&package);
        let meta = std::fs::metadata(&bin).map_err(|e| format!("{}: {e}", bin.display()))?;
        sizes.push(meta.len());
    }
    Ok((sizes[0], sizes[1]))
}

/// The two scratch workspaces and the rustc wrapper.
struct Sides {
    ours: PathBuf,
    theirs: PathBuf,
    exe: PathBuf,
}

/// Touches `member/src/lib.rs` in `ws`, then `cargo <mode>` of `package`:
/// (wall time, rustc's peak KiB).
fn once(
    ws: &Path,
    exe: &Path,
    member: &str,
    package: &str,
    mode: &str,
) -> Result<(Duration, u64), String> {
    let lib = ws.join(member).join("src/lib.rs");
    let text = std::fs::read_to_string(&lib).map_err(|e| format!("{}: {e}", lib.display()))?;
    std::fs::write(&lib, text).map_err(|e| e.to_string())?;
    let log = ws.join("rustc-peaks.log");
    let took = run_cargo(ws, exe, &log, &[mode, "--quiet", "-p", package])?;
    let peak = logged_peak(&log, &package.replace('-', "_")).unwrap_or(0);
    Ok((took, peak))
}

/// `cargo <mode>` of both crates of `case`, alternating, `runs` times after a
/// warm-up each: (ours, progenitor) medians and peaks.
fn compile_pair(
    s: &Sides,
    case: &str,
    mode: &str,
    runs: usize,
) -> Result<(Pair<Duration>, Pair<u64>), String> {
    let ours = format!("bench-ours-{case}");
    let theirs = format!("bench-progenitor-{case}");
    once(&s.ours, &s.exe, case, &ours, mode)?;
    once(&s.theirs, &s.exe, case, &theirs, mode)?;
    let (mut a, mut b) = (Vec::new(), Vec::new());
    let (mut pa, mut pb) = (0, 0);
    for _ in 0..runs.max(1) {
        let (t, p) = once(&s.ours, &s.exe, case, &ours, mode)?;
        a.push(t);
        pa = pa.max(p);
        let (t, p) = once(&s.theirs, &s.exe, case, &theirs, mode)?;
        b.push(t);
        pb = pb.max(p);
    }
    Ok(((median(a), median(b)), (pa, pb)))
}

/// The manifests of both scratch workspaces, for `members`.
fn workspaces(root: &Path, s: &Sides, members: &[String]) -> Result<(), String> {
    let quoted: Vec<String> = members.iter().map(|m| format!("\"{m}\"")).collect();
    let r = root.display();
    write(
        &s.ours.join("Cargo.toml"),
        &format!("# Scratch workspace of `cargo xtask bench compare`, our side.\n[workspace]\nresolver = \"2\"\nmembers = [{}]\n\n[workspace.dependencies]\nazotte-runtime = {{ path = \"{r}/azotte-runtime\" }}\nserde_json = \"1\"\n{RELEASE}", quoted.join(", ")),
    )?;
    write(
        &s.theirs.join("Cargo.toml"),
        &format!("# Scratch workspace of `cargo xtask bench compare`, progenitor's side.\n[workspace]\nresolver = \"2\"\nmembers = [{}]\n{RELEASE}", quoted.join(", ")),
    )?;
    for (ws, lock) in [
        (&s.ours, root.join("Cargo.lock")),
        (&s.theirs, root.join(HARNESS).join("Cargo.lock")),
    ] {
        if !ws.join("Cargo.lock").exists() {
            std::fs::copy(&lock, ws.join("Cargo.lock"))
                .map_err(|e| format!("cannot copy {}: {e}", lock.display()))?;
        }
    }
    Ok(())
}

/// Generates both crates of `case` (median of `runs` timed generations each,
/// alternating) and returns the row with lines and generation times.
fn generate(s: &Sides, harness: &Path, case: &Case, runs: usize) -> Result<Row, String> {
    let spec = azotte_spec::load_dir(&case.spec_dir).map_err(|e| e.to_string())?;
    let ours_dir = s.ours.join(&case.name);
    let theirs_dir = s.theirs.join(&case.name);
    let (mut a, mut b) = (Vec::new(), Vec::new());
    for _ in 0..runs.max(3) {
        a.push(crate::bench::gen_once(&case.spec_dir)?.phases.total());
        b.push(
            progenitor_once(harness, &case.openapi, &theirs_dir)
                .map_err(|e| format!("{}: progenitor: {e}", case.name))?,
        );
    }
    client_crate(
        &s.ours,
        &Client {
            dir: case.name.clone(),
            spec,
            spec_dir: case.spec_dir.clone(),
        },
        &format!("bench-ours-{}", case.name),
    )?;
    write(
        &theirs_dir.join("Cargo.toml"),
        &format!(
            "{}{PROGENITOR_CRATE_DEPS}",
            package(&format!("bench-progenitor-{}", case.name))
        ),
    )?;
    let mut ours = Lines::default();
    for f in walk(&ours_dir.join("src"))? {
        ours = ours.add(Lines::of(
            &std::fs::read_to_string(&f).map_err(|e| e.to_string())?,
        ));
    }
    let theirs = Lines::of(
        &std::fs::read_to_string(theirs_dir.join("src/lib.rs")).map_err(|e| e.to_string())?,
    );
    Ok(Row {
        name: case.name.clone(),
        operations: case.operations,
        lines: (ours, theirs),
        generate: (median(a), median(b)),
        ..Row::default()
    })
}

/// Every file under `dir`, recursively.
fn walk(dir: &Path) -> Result<Vec<PathBuf>, String> {
    let mut out = Vec::new();
    let entries = std::fs::read_dir(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    for e in entries.flatten() {
        let p = e.path();
        if p.is_dir() {
            out.extend(walk(&p)?);
        } else {
            out.push(p);
        }
    }
    Ok(out)
}

/// What `bench compare` measures.
#[derive(Debug, Clone)]
pub struct Options {
    /// Model sizes generated and compiled.
    pub sizes: Vec<usize>,
    /// Further model sizes only generated.
    pub gen_sizes: Vec<usize>,
    pub runs: usize,
    /// Skip `cargo check` / `cargo build` (generation and lines only).
    pub compile: bool,
}

/// `bench compare`: the rows, measured; `exe` is this binary (the rustc wrapper).
pub fn compare(root: &Path, o: &Options, exe: &Path) -> Result<Vec<Row>, String> {
    let dir = bench_dir(root).join("compare");
    let harness = harness(root, &bench_dir(root).join("progenitor-harness"))?;
    let mut all_sizes = o.sizes.clone();
    all_sizes.extend(o.gen_sizes.iter().filter(|n| !o.sizes.contains(n)));
    let cases = cases(root, &dir, &all_sizes)?;
    let s = Sides {
        ours: dir.join("ours"),
        theirs: dir.join("progenitor"),
        exe: exe.to_owned(),
    };
    let compiled: Vec<String> = cases
        .iter()
        .filter(|c| c.name == "azotte" || o.sizes.contains(&c.operations))
        .map(|c| c.name.clone())
        .collect();
    // The release binary size is measured on the smallest model compiled.
    let probe = cases
        .iter()
        .filter(|c| o.compile && c.name != "azotte" && o.sizes.contains(&c.operations))
        .min_by_key(|c| c.operations);
    let mut members = compiled.clone();
    members.extend(probe.map(|c| format!("size-{}", c.name)));
    workspaces(root, &s, &members)?;
    // Every crate exists before cargo reads either workspace.
    let mut rows = Vec::new();
    for case in &cases {
        eprintln!("generating {} ...", case.name);
        rows.push(generate(&s, &harness, case, o.runs)?);
    }
    let probed = match probe {
        Some(c) => {
            let spec = azotte_spec::load_dir(&c.spec_dir).map_err(|e| e.to_string())?;
            Some((c.name.clone(), size_probes(&s, &c.name, &spec)?))
        }
        None => None,
    };
    for row in rows
        .iter_mut()
        .filter(|r| o.compile && compiled.contains(&r.name))
    {
        eprintln!(
            "compiling {} (check, then debug build; {} runs each) ...",
            row.name, o.runs
        );
        let (t, p) = compile_pair(&s, &row.name, "check", o.runs)?;
        row.check = Some(t);
        row.check_peak_kib = p;
        let (t, p) = compile_pair(&s, &row.name, "build", o.runs)?;
        row.build = Some(t);
        row.build_peak_kib = p;
    }
    if let Some((case, (lane, operations))) = probed {
        eprintln!("building the release size probes of {case} (lane `{lane}`) ...");
        let sizes = binary_sizes(&s, &case)?;
        if let Some(row) = rows.iter_mut().find(|r| r.name == case) {
            row.binary = Some((lane, operations, sizes));
        }
    }
    Ok(rows)
}

fn ratio(a: f64, b: f64) -> String {
    if b > 0.0 {
        format!("{:.2}", a / b)
    } else {
        "–".into()
    }
}

/// The markdown table of `bench compare`: one line per figure and case.
pub fn table(rows: &[Row], runs: usize) -> String {
    let mut t = String::from("| input | operations | figure | ours | progenitor | ratio |\n|---|---:|---|---:|---:|---:|\n");
    for r in rows {
        let n = r.operations.max(1) as f64;
        let (a, b) = r.lines;
        let mut line = |figure: &str, ours: String, theirs: String, ratio: String| {
            let _ = writeln!(
                t,
                "| {} | {} | {figure} | {ours} | {theirs} | {ratio} |",
                r.name, r.operations
            );
        };
        line(
            "lines per operation (total / code)",
            format!("{:.1} / {:.1}", a.total as f64 / n, a.code as f64 / n),
            format!("{:.1} / {:.1}", b.total as f64 / n, b.code as f64 / n),
            format!(
                "{} / {}",
                ratio(a.total as f64, b.total as f64),
                ratio(a.code as f64, b.code as f64)
            ),
        );
        let ms = |d: Duration| format!("{:.1} ms", d.as_secs_f64() * 1e3);
        line(
            "generation",
            ms(r.generate.0),
            ms(r.generate.1),
            ratio(r.generate.0.as_secs_f64(), r.generate.1.as_secs_f64()),
        );
        let secs = |d: Duration| format!("{:.2} s", d.as_secs_f64());
        let gib = |k: u64| format!("{:.2} GiB", k as f64 / 1048576.0);
        for (what, time, peak) in [
            ("`cargo check`", r.check, r.check_peak_kib),
            ("debug `cargo build`", r.build, r.build_peak_kib),
        ] {
            if let Some((x, y)) = time {
                line(
                    what,
                    secs(x),
                    secs(y),
                    ratio(x.as_secs_f64(), y.as_secs_f64()),
                );
                line(
                    &format!("rustc peak memory ({what})"),
                    gib(peak.0),
                    gib(peak.1),
                    ratio(peak.0 as f64, peak.1 as f64),
                );
            }
        }
        if let Some((lane, operations, (x, y))) = &r.binary {
            let mib = |b: u64| format!("{:.2} MiB", b as f64 / 1048576.0);
            line(
                &format!(
                    "release binary calling lane `{lane}` ({operations} operations), stripped"
                ),
                mib(*x),
                mib(*y),
                ratio(*x as f64, *y as f64),
            );
        }
    }
    let _ = writeln!(
        t,
        "\n(median of {} generations and of {runs} compiles after a warm-up, ours and progenitor's alternating; CARGO_INCREMENTAL=0; progenitor 0.15.1, default settings)",
        runs.max(3)
    );
    t
}
