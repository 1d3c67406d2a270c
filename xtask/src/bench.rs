//! `cargo xtask bench gen`: how fast the generator is and how it scales
//! (see `BENCHMARKS.md`). Each case runs in a fresh process of the release
//! build of this crate, so its peak memory (`VmHWM`) is its own.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

/// Synthetic sizes measured by `bench gen`.
pub const GEN_SIZES: [usize; 4] = [10, 100, 1_000, 10_000];

/// Where the benchmarks keep their inputs and scratch crates.
pub fn bench_dir(root: &Path) -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| root.join("target"))
        .join("bench")
}

/// Time of each phase of one full run, as `cargo xtask codegen` does it.
#[derive(Debug, Clone, Copy, Default)]
pub struct Phases {
    /// Reading the files, parsing YAML and validating.
    pub load: Duration,
    /// Spec → token streams → syn → prettyplease text (the files), on two threads.
    pub render: Duration,
}

impl Phases {
    pub fn total(&self) -> Duration {
        self.load + self.render
    }
}

/// What one run produced: its phases, the endpoint count and the generated lines.
#[derive(Debug, Clone, Copy)]
pub struct GenRun {
    pub phases: Phases,
    pub endpoints: usize,
    pub lines: usize,
    pub bytes: usize,
}

/// One full load + validate + generate + format of the spec in `dir`, the way
/// `cargo xtask codegen` does it (`azotte_codegen::files`).
pub fn gen_once(dir: &Path) -> Result<GenRun, String> {
    let start = Instant::now();
    let sources = azotte_spec::read_dir(dir).map_err(|e| e.to_string())?;
    let spec = azotte_spec::load_sources(&sources).map_err(|e| e.to_string())?;
    let loaded = Instant::now();
    let header = azotte_codegen::header(&dir.display().to_string(), &spec.sources);
    let files = azotte_codegen::files(&spec, &header)?;
    let done = Instant::now();
    let endpoints = spec.lanes.iter().map(|l| l.endpoints().count()).sum();
    Ok(GenRun {
        phases: Phases {
            load: loaded - start,
            render: done - loaded,
        },
        endpoints,
        lines: files.iter().map(|f| f.contents.lines().count()).sum(),
        bytes: files.iter().map(|f| f.contents.len()).sum(),
    })
}

/// The single-threaded split of the render phase: (generate, format), through
/// `generate(spec)` then `Generated::files` (the same bytes).
pub fn sequential_phases(dir: &Path) -> Result<(Duration, Duration), String> {
    let sources = azotte_spec::read_dir(dir).map_err(|e| e.to_string())?;
    let spec = azotte_spec::load_sources(&sources).map_err(|e| e.to_string())?;
    let header = azotte_codegen::header(&dir.display().to_string(), &spec.sources);
    let start = Instant::now();
    let generated = azotte_codegen::generate(&spec);
    let generated_at = Instant::now();
    generated.files(&header)?;
    Ok((generated_at - start, generated_at.elapsed()))
}

/// Peak resident memory of this process so far, in KiB (`VmHWM`).
pub fn peak_rss_kib() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
}

/// `bench gen-one DIR RUNS`: runs the spec in `dir` up to `runs` times (at
/// least 3, stopping after ~2 s) and prints one line: `endpoints lines bytes
/// median_total_us min_total_us load_us render_us seq_generate_us
/// seq_format_us peak_kib runs` (phases of the median run; the sequential
/// split from one extra run, after the peak is read).
pub fn gen_one(dir: &Path, max_runs: usize) -> Result<String, String> {
    let mut runs = Vec::new();
    let began = Instant::now();
    while runs.len() < max_runs.max(1) {
        runs.push(gen_once(dir)?);
        if runs.len() >= 3 && began.elapsed() > Duration::from_secs(2) {
            break;
        }
    }
    let peak = peak_rss_kib().unwrap_or(0);
    let (seq_generate, seq_format) = sequential_phases(dir)?;
    runs.sort_by_key(|r| r.phases.total());
    let median = runs[runs.len() / 2];
    let min = runs[0];
    let us = |d: Duration| d.as_micros();
    Ok(format!(
        "{} {} {} {} {} {} {} {} {} {} {}",
        median.endpoints,
        median.lines,
        median.bytes,
        us(median.phases.total()),
        us(min.phases.total()),
        us(median.phases.load),
        us(median.phases.render),
        us(seq_generate),
        us(seq_format),
        peak,
        runs.len()
    ))
}

/// The release build of this binary (built if needed), for measurements.
pub fn release_xtask(root: &Path) -> Result<PathBuf, String> {
    let status = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()))
        .current_dir(root)
        .args(["build", "--quiet", "--release", "-p", "xtask"])
        .status()
        .map_err(|e| format!("cannot run cargo: {e}"))?;
    if !status.success() {
        return Err("cargo build --release -p xtask failed".into());
    }
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| root.join("target"));
    Ok(target.join("release/xtask"))
}

/// One measured case of `bench gen`.
#[derive(Debug, Clone)]
pub struct GenCase {
    pub name: String,
    pub endpoints: usize,
    pub lines: usize,
    pub median: Duration,
    pub min: Duration,
    pub load: Duration,
    pub render: Duration,
    pub seq_generate: Duration,
    pub seq_format: Duration,
    pub peak_kib: u64,
    pub runs: usize,
}

/// Runs `exe bench gen-one dir` in a fresh process and parses its line.
pub fn gen_case(exe: &Path, name: &str, dir: &Path, max_runs: usize) -> Result<GenCase, String> {
    let out = Command::new(exe)
        .args(["bench", "gen-one"])
        .arg(dir)
        .arg(max_runs.to_string())
        .output()
        .map_err(|e| format!("cannot run {}: {e}", exe.display()))?;
    if !out.status.success() {
        return Err(format!(
            "{name}: {}",
            String::from_utf8_lossy(&out.stderr).trim()
        ));
    }
    let text = String::from_utf8_lossy(&out.stdout);
    let v: Vec<u128> = text
        .split_whitespace()
        .map(|t| t.parse().unwrap_or(0))
        .collect();
    if v.len() != 11 {
        return Err(format!("{name}: unexpected output `{}`", text.trim()));
    }
    let d = |us: u128| Duration::from_micros(u64::try_from(us).unwrap_or(u64::MAX));
    Ok(GenCase {
        name: name.to_owned(),
        endpoints: v[0] as usize,
        lines: v[1] as usize,
        median: d(v[3]),
        min: d(v[4]),
        load: d(v[5]),
        render: d(v[6]),
        seq_generate: d(v[7]),
        seq_format: d(v[8]),
        peak_kib: v[9] as u64,
        runs: v[10] as usize,
    })
}

fn ms(d: Duration) -> String {
    let ms = d.as_secs_f64() * 1e3;
    if ms >= 100.0 {
        format!("{ms:.0}")
    } else {
        format!("{ms:.1}")
    }
}

/// The markdown table of `bench gen`.
pub fn gen_table(cases: &[GenCase]) -> String {
    let mut t = String::from(
        "| spec | endpoints | lines | lines/endpoint | total ms (median) | min ms | load+validate ms | generate+format ms | µs/endpoint | peak RSS MiB | 1-thread generate ms | 1-thread format ms | runs |\n|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n",
    );
    for c in cases {
        let per = c.median.as_secs_f64() * 1e6 / c.endpoints.max(1) as f64;
        t.push_str(&format!(
            "| {} | {} | {} | {:.0} | {} | {} | {} | {} | {:.0} | {:.1} | {} | {} | {} |\n",
            c.name,
            c.endpoints,
            c.lines,
            c.lines as f64 / c.endpoints.max(1) as f64,
            ms(c.median),
            ms(c.min),
            ms(c.load),
            ms(c.render),
            per,
            c.peak_kib as f64 / 1024.0,
            ms(c.seq_generate),
            ms(c.seq_format),
            c.runs
        ));
    }
    t
}

/// `bench gen [--sizes 10,100]`: the real specs and synthetic specs of each size.
pub fn gen(root: &Path, sizes: &[usize], exe: &Path) -> Result<Vec<GenCase>, String> {
    let mut cases = Vec::new();
    for api in crate::apis(root)? {
        let dir = root.join(&api.spec_dir);
        cases.push(gen_case(exe, &api.name, &dir, 30)?);
    }
    for &n in sizes {
        let dir = bench_dir(root).join(format!("synth-{n}"));
        crate::synth::write(&dir, n)?;
        let runs = if n >= 10_000 { 3 } else { 10 };
        cases.push(gen_case(exe, &format!("synth {n}"), &dir, runs)?);
    }
    Ok(cases)
}

/// Generates the client of the spec in `spec_dir` into `crate_dir/src` (the files
/// `cargo xtask codegen` would write), returning the file count.
pub fn write_sources(spec_dir: &Path, crate_dir: &Path) -> Result<usize, String> {
    let sources = azotte_spec::read_dir(spec_dir).map_err(|e| e.to_string())?;
    let spec = azotte_spec::load_sources(&sources).map_err(|e| e.to_string())?;
    let header = azotte_codegen::header(&spec_dir.display().to_string(), &spec.sources);
    let files = azotte_codegen::files(&spec, &header)?;
    let src = crate_dir.join("src");
    let _ = std::fs::remove_dir_all(&src);
    for f in &files {
        let path = crate_dir.join(&f.path);
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir).map_err(|e| e.to_string())?;
        }
        std::fs::write(&path, &f.contents).map_err(|e| e.to_string())?;
    }
    Ok(files.len())
}
