//! `cargo xtask bench compile`: what the generated code costs its users to
//! compile (see `BENCHMARKS.md`).
//!
//! A scratch workspace under `target/bench/compile/` (its own `Cargo.lock`,
//! copied from this one, and its own target dir, so the shared one is never
//! locked or dirtied) holds one crate per measured client — the real spec and
//! synthetic specs, generated exactly as `cargo xtask codegen` would — plus a
//! crate calling `azotte_macros::generate!` on the real spec and two small
//! binaries, with and without the generated client, for the size figure.
//! Dependencies are built once; each measurement touches the crate's `lib.rs`
//! and times `cargo check` / `cargo build` (median of the runs) with
//! `CARGO_INCREMENTAL=0`, so each is a full compile of the crate. rustc's peak
//! memory comes from a `RUSTC_WRAPPER` (this binary again, see
//! [`rustc_wrapper`]) reading `getrusage(RUSAGE_CHILDREN)` after rustc exits.

use crate::bench::bench_dir;
use azotte_spec::model::{AuthKind, Direction, Primitive, TypeRef};
use azotte_spec::Spec;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

/// The environment variable that turns this binary into a rustc wrapper
/// appending `crate_name peak_rss_kib wall_ms` lines to the file it names.
pub const RUSTC_LOG_ENV: &str = "AZOTTE_BENCH_RUSTC_LOG";

/// Runs `rustc` (`args[0]`) with the rest of `args`, then logs its peak RSS.
pub fn rustc_wrapper(log: &Path, args: &[String]) -> i32 {
    let Some((rustc, rest)) = args.split_first() else {
        return 2;
    };
    let started = Instant::now();
    let status = match Command::new(rustc).args(rest).status() {
        Ok(s) => s,
        Err(e) => {
            eprintln!("rustc wrapper: cannot run {rustc}: {e}");
            return 2;
        }
    };
    let wall = started.elapsed();
    let crate_name = rest
        .iter()
        .position(|a| a == "--crate-name")
        .and_then(|i| rest.get(i + 1));
    if let Some(name) = crate_name {
        // SAFETY: `getrusage` fills the zeroed struct it is given, nothing else.
        let peak_kib = unsafe {
            let mut usage: libc::rusage = std::mem::zeroed();
            if libc::getrusage(libc::RUSAGE_CHILDREN, &mut usage) == 0 {
                usage.ru_maxrss
            } else {
                0
            }
        };
        let line = format!("{name} {peak_kib} {}\n", wall.as_millis());
        if let Ok(mut f) = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(log)
        {
            use std::io::Write;
            let _ = f.write_all(line.as_bytes());
        }
    }
    status.code().unwrap_or(1)
}

/// One crate of the scratch workspace.
pub(crate) struct Client {
    /// Workspace member directory and package name stem.
    pub(crate) dir: String,
    pub(crate) spec: Spec,
    pub(crate) spec_dir: PathBuf,
}

fn cargo() -> String {
    std::env::var("CARGO").unwrap_or_else(|_| "cargo".into())
}

pub(crate) fn write(path: &Path, text: &str) -> Result<(), String> {
    if let Some(d) = path.parent() {
        std::fs::create_dir_all(d).map_err(|e| format!("cannot create {}: {e}", d.display()))?;
    }
    if std::fs::read_to_string(path).is_ok_and(|t| t == text) {
        return Ok(()); // keep the mtime: no needless rebuild
    }
    std::fs::write(path, text).map_err(|e| format!("cannot write {}: {e}", path.display()))
}

pub(crate) fn package(name: &str) -> String {
    format!("[package]\nname = \"{name}\"\nversion = \"0.1.0\"\nedition = \"2021\"\npublish = false\n\n")
}

/// The generated client crate of `c`: `src/` as `cargo xtask codegen` writes it.
pub(crate) fn client_crate(
    ws: &Path,
    c: &Client,
    package_name: &str,
) -> Result<(usize, usize), String> {
    let dir = ws.join(&c.dir);
    let header = azotte_codegen::header(&c.spec_dir.display().to_string(), &c.spec.sources);
    let files = azotte_codegen::files(&c.spec, &header)?;
    let lanes = azotte_codegen::lane_features(&c.spec);
    let manifest = format!(
        "{}[dependencies]\nazotte-runtime.workspace = true\nserde_json.workspace = true\n\n{}",
        package(package_name),
        crate::features_table(&lanes)?
    );
    write(&dir.join("Cargo.toml"), &manifest)?;
    let mut lines = 0;
    for f in &files {
        lines += f.contents.lines().count();
        write(&dir.join(&f.path), &f.contents)?;
    }
    let endpoints = c.spec.lanes.iter().map(|l| l.endpoints().count()).sum();
    Ok((lines, endpoints))
}

/// Rust expression building credentials for `lane` (its first accepted way in).
fn credentials(spec: &Spec, lane: &azotte_spec::model::Lane, krate: &str) -> String {
    let Some(choice) = lane.auth.first() else {
        return "()".into();
    };
    let parts: Vec<String> = choice
        .schemes
        .iter()
        .filter_map(|s| spec.auth_scheme(s))
        .map(|s| {
            let ty = format!("{krate}::auth::{}", s.rust_name);
            match &s.kind {
                AuthKind::ApiKey { headers } => {
                    let args: Vec<String> =
                        headers.iter().map(|h| format!("{:?}", h.field)).collect();
                    format!("{ty}::new({})", args.join(", "))
                }
                AuthKind::OAuth2ClientCredentials { .. } => {
                    format!("{ty}::new(\"id\", \"secret\")")
                }
                AuthKind::BearerToken => format!("{ty}::from_token(\"token\")"),
                AuthKind::HmacRequestSignature { .. } => format!("{ty}::new(\"key\", \"secret\")"),
                AuthKind::HmacWebhook { .. } => "()".into(),
            }
        })
        .collect();
    match parts.as_slice() {
        [one] => one.clone(),
        many => format!("({})", many.join(", ")),
    }
}

/// The size probe's `match` arms that call every endpoint of outbound
/// `lane` (`"<lane>.<endpoint>" => …`), each argument an opaque `de(&v[i])`.
pub(crate) fn lane_arms(spec: &Spec, lane: &azotte_spec::model::Lane, krate: &str) -> String {
    let l = &lane.rust_name;
    let creds = credentials(spec, lane, krate);
    let mut arms = String::new();
    for ep in lane.endpoints() {
        let mut args = Vec::new();
        let mut i = 0;
        for p in &ep.path_params {
            let string = matches!(
                p.ty,
                TypeRef::Primitive(
                    Primitive::String | Primitive::Date | Primitive::DateTime | Primitive::Uuid
                )
            );
            args.push(if string {
                format!("&de::<String>(&v[{i}])")
            } else {
                format!("&de(&v[{i}])")
            });
            i += 1;
        }
        for _ in ep.query_params.iter().take(1) {
            args.push(format!("&de(&v[{i}])"));
            i += 1;
        }
        if ep.request.is_some() {
            args.push(format!("&de(&v[{i}])"));
        }
        let _ = writeln!(
            arms,
            "        \"{l}.{n}\" => {{ let c = {krate}::{l}::Client::with_config(config, {creds}).unwrap(); println!(\"{{:?}}\", c.{n}({a}).await.is_ok()); }}",
            n = ep.name,
            a = args.join(", ")
        );
    }
    arms
}

/// `main.rs` of the size probe that calls every endpoint of `spec` (chosen by
/// the first argument, arguments as JSON in the second), so none of the
/// generated code is dead and the linker keeps all of it.
fn every_endpoint_main(spec: &Spec, krate: &str) -> String {
    let mut arms = String::new();
    for lane in &spec.lanes {
        let l = &lane.rust_name;
        if lane.direction == Direction::Inbound {
            let _ = writeln!(
                arms,
                "        \"{l}\" => println!(\"{{}}\", {krate}::{l}::Verifier::new(\"secret\").expect(\"non-empty\").verify(&Default::default(), input.as_bytes()).is_ok()),"
            );
            continue;
        }
        arms.push_str(&lane_arms(spec, lane, krate));
    }
    probe_main(
        "every endpoint of the generated client is reachable",
        &format!("use {krate}::prelude::*;"),
        &format!("let config = {krate}::ClientConfig::new(\"http://127.0.0.1:9\");"),
        &arms,
    )
}

/// `main.rs` of a size probe: `arms` pick a call by the first argument, its
/// arguments come from the second (JSON), after `setup` built the client.
pub(crate) fn probe_main(what: &str, uses: &str, setup: &str, arms: &str) -> String {
    format!(
        "//! Size probe: {what}.\n#![allow(clippy::all, unused)]\n{uses}\n\n/// An input the optimizer cannot see through: request types are `Serialize`\n/// only, so they are not read from JSON; `black_box` keeps every call alive.\nfn de<T>(_: &serde_json::Value) -> T {{\n    std::hint::black_box(None::<T>).expect(\"the size probe is linked, not run\")\n}}\n\n#[tokio::main]\nasync fn main() {{\n    let mut args = std::env::args().skip(1);\n    let which = args.next().unwrap_or_default();\n    let input = args.next().unwrap_or_default();\n    let v: serde_json::Value = serde_json::from_str(&input).unwrap_or_default();\n    {setup}\n    match which.as_str() {{\n{arms}        _ => println!(\"unknown\"),\n    }}\n}}\n"
    )
}

/// `main.rs` of the baseline size probe: the same runtime and one raw call, no client.
const BASE_MAIN: &str = r#"//! Size probe baseline: the runtime and one call, without a generated client.
use azotte_runtime::*;

static ENVELOPE: EnvelopeSpec = EnvelopeSpec {
    name: "general", payload: Some("result"), status_object: Some("status"),
    message: Some("message"), success_codes: &["SUCCESS"],
    ..EnvelopeSpec::bare("messageCode")
};
static LANE: LaneSpec = LaneSpec { name: "base", headers: &[] };
static CALL: Endpoint = Endpoint {
    id: "BASE-01", method: Method::Post, path: "/call", success_status: 200,
    lane: &LANE, envelope: &ENVELOPE, payload: Payload::Key("result"),
    idempotency: Idempotency::None,
};

#[tokio::main]
async fn main() {
    let input = std::env::args().nth(1).unwrap_or_default();
    let body: serde_json::Value = serde_json::from_str(&input).unwrap_or_default();
    let client = Client::new(ClientConfig::new("http://127.0.0.1:9"), NoAuth).unwrap();
    let r = client
        .call::<serde_json::Value, RawCode>(&CALL, Request::new().json(&body))
        .await;
    println!("{:?}", r.is_ok());
}
"#;

/// Lays out the scratch workspace; returns (member dir, lines, endpoints) per client.
fn workspace(
    root: &Path,
    ws: &Path,
    clients: &[Client],
) -> Result<Vec<(String, usize, usize)>, String> {
    let mut members: Vec<String> = clients.iter().map(|c| c.dir.clone()).collect();
    members.extend(["macro-azotte", "size-base", "size-azotte"].map(String::from));
    let quoted: Vec<String> = members.iter().map(|m| format!("\"{m}\"")).collect();
    let r = root.display();
    let manifest = format!(
        "# Scratch workspace of `cargo xtask bench compile` (regenerated on every run).\n[workspace]\nresolver = \"2\"\nmembers = [{}]\n\n[workspace.dependencies]\nazotte-runtime = {{ path = \"{r}/azotte-runtime\" }}\nazotte-macros = {{ path = \"{r}/azotte-macros\" }}\nserde_json = \"1\"\ntokio = {{ version = \"1\", features = [\"macros\", \"rt-multi-thread\"] }}\n\n[profile.release]\nstrip = \"symbols\"\n",
        quoted.join(", ")
    );
    write(&ws.join("Cargo.toml"), &manifest)?;
    if !ws.join("Cargo.lock").exists() {
        std::fs::copy(root.join("Cargo.lock"), ws.join("Cargo.lock"))
            .map_err(|e| format!("cannot copy Cargo.lock: {e}"))?;
    }
    let mut out = Vec::new();
    for c in clients {
        let (lines, endpoints) = client_crate(ws, c, &format!("bench-client-{}", c.dir))?;
        out.push((c.dir.clone(), lines, endpoints));
    }
    let spec_path = root.join("azotte-spec/apis/azotte");
    write(
        &ws.join("macro-azotte/Cargo.toml"),
        &format!("{}[dependencies]\nazotte-macros.workspace = true\nazotte-runtime.workspace = true\nserde_json.workspace = true\n", package("bench-macro-azotte")),
    )?;
    write(
        &ws.join("macro-azotte/src/lib.rs"),
        &format!("//! The real spec through `generate!`.\n#![allow(missing_docs)]\npub mod api {{\n    azotte_macros::generate!({:?});\n}}\n", spec_path.display().to_string()),
    )?;
    let deps =
        "azotte-runtime.workspace = true\nserde_json.workspace = true\ntokio.workspace = true\n";
    write(
        &ws.join("size-base/Cargo.toml"),
        &format!("{}[dependencies]\n{deps}", package("size-base")),
    )?;
    write(&ws.join("size-base/src/main.rs"), BASE_MAIN)?;
    write(
        &ws.join("size-azotte/Cargo.toml"),
        &format!(
            "{}[dependencies]\n{deps}bench-client-azotte = {{ path = \"../azotte\" }}\n",
            package("size-azotte")
        ),
    )?;
    let real = clients
        .iter()
        .find(|c| c.dir == "azotte")
        .ok_or("the real spec is missing")?;
    write(
        &ws.join("size-azotte/src/main.rs"),
        &every_endpoint_main(&real.spec, "bench_client_azotte"),
    )?;
    Ok(out)
}

/// Runs cargo in the scratch workspace; the wall time, or the error output.
pub(crate) fn run_cargo(
    ws: &Path,
    exe: &Path,
    log: &Path,
    args: &[&str],
) -> Result<Duration, String> {
    let started = Instant::now();
    let out = Command::new(cargo())
        .current_dir(ws)
        .args(args)
        .env("CARGO_TARGET_DIR", ws.join("target"))
        .env("RUSTC_WRAPPER", exe)
        .env(RUSTC_LOG_ENV, log)
        // Every touch recompiles the whole crate, as after a regeneration.
        .env("CARGO_INCREMENTAL", "0")
        .env_remove("RUSTFLAGS")
        .output()
        .map_err(|e| format!("cannot run cargo: {e}"))?;
    let wall = started.elapsed();
    if !out.status.success() {
        return Err(format!(
            "cargo {} failed:\n{}",
            args.join(" "),
            String::from_utf8_lossy(&out.stderr)
        ));
    }
    Ok(wall)
}

/// The last logged peak RSS (KiB) of rustc for `crate_name`.
pub(crate) fn logged_peak(log: &Path, crate_name: &str) -> Option<u64> {
    let text = std::fs::read_to_string(log).ok()?;
    text.lines()
        .filter_map(|l| {
            let mut parts = l.split_whitespace();
            let name = parts.next()?;
            let kib: u64 = parts.next()?.parse().ok()?;
            (name == crate_name).then_some(kib)
        })
        .next_back()
}

pub(crate) fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

/// One row of the compile table.
#[derive(Debug, Clone)]
pub struct CompileRow {
    pub what: String,
    pub endpoints: usize,
    pub lines: usize,
    pub check: Duration,
    pub check_peak_kib: u64,
    pub build: Option<Duration>,
    pub build_peak_kib: u64,
}

/// The scratch workspace, the rustc wrapper and its log.
struct Scratch<'a> {
    ws: &'a Path,
    exe: &'a Path,
    log: &'a Path,
}

/// Touches `lib.rs` of `member`, then times `cargo <mode>` `runs` times.
fn measure(
    s: &Scratch<'_>,
    member: &str,
    package: &str,
    mode: &str,
    features: &[&str],
    runs: usize,
) -> Result<(Duration, u64), String> {
    let (ws, exe, log) = (s.ws, s.exe, s.log);
    let lib = ws.join(member).join("src/lib.rs");
    let mut args = vec![mode, "--quiet", "-p", package];
    args.extend_from_slice(features);
    run_cargo(ws, exe, log, &args)?; // warm: dependencies, and this configuration once
    let mut times = Vec::new();
    let mut peak = 0;
    for _ in 0..runs.max(1) {
        let text = std::fs::read_to_string(&lib).map_err(|e| e.to_string())?;
        std::fs::write(&lib, text).map_err(|e| e.to_string())?; // touch
        times.push(run_cargo(ws, exe, log, &args)?);
        peak = peak.max(logged_peak(log, &package.replace('-', "_")).unwrap_or(0));
    }
    Ok((median(times), peak))
}

/// Lays out the scratch workspace `ws` for the real spec and synthetic specs of
/// `sizes` (written to `synth_dir`/synth-N); returns (member, lines, endpoints)
/// per client crate.
pub fn layout(
    root: &Path,
    ws: &Path,
    synth_dir: &Path,
    sizes: &[usize],
) -> Result<Vec<(String, usize, usize)>, String> {
    workspace(root, ws, &clients(root, synth_dir, sizes)?)
}

fn clients(root: &Path, synth_dir: &Path, sizes: &[usize]) -> Result<Vec<Client>, String> {
    let mut clients = vec![Client {
        dir: "azotte".into(),
        spec: azotte_spec::load_dir(&root.join("azotte-spec/apis/azotte"))
            .map_err(|e| e.to_string())?,
        spec_dir: PathBuf::from("azotte-spec/apis/azotte"),
    }];
    for &n in sizes {
        let dir = synth_dir.join(format!("synth-{n}"));
        crate::synth::write(&dir, n)?;
        clients.push(Client {
            dir: format!("synth-{n}"),
            spec: azotte_spec::load_dir(&dir).map_err(|e| e.to_string())?,
            spec_dir: PathBuf::from(format!("target/bench/synth-{n}")),
        });
    }
    Ok(clients)
}

/// `bench compile`: the table rows and the size figures, printed as markdown.
pub fn compile(root: &Path, sizes: &[usize], runs: usize, exe: &Path) -> Result<String, String> {
    let ws = bench_dir(root).join("compile");
    let log = ws.join("rustc-peaks.log");
    let clients = clients(root, &bench_dir(root), sizes)?;
    let laid = workspace(root, &ws, &clients)?;
    let scratch = Scratch {
        ws: &ws,
        exe,
        log: &log,
    };
    let mut rows = Vec::new();
    for (c, (member, lines, endpoints)) in clients.iter().zip(&laid) {
        let package = format!("bench-client-{member}");
        // The lane with the most endpoints, the worst case of "one lane only".
        let lane = c
            .spec
            .lanes
            .iter()
            .max_by_key(|l| l.endpoints().count())
            .ok_or("a spec without lanes")?;
        let first_lane = lane.rust_name.clone();
        let lane_endpoints = lane.endpoints().count();
        let one_lane = ["--no-default-features", "--features", first_lane.as_str()];
        eprintln!("measuring {member} ...");
        let (check, check_peak) = measure(&scratch, member, &package, "check", &[], runs)?;
        let (build, build_peak) = measure(&scratch, member, &package, "build", &[], runs)?;
        rows.push(CompileRow {
            what: format!("{member}: all lanes"),
            endpoints: *endpoints,
            lines: *lines,
            check,
            check_peak_kib: check_peak,
            build: Some(build),
            build_peak_kib: build_peak,
        });
        let (check, check_peak) = measure(&scratch, member, &package, "check", &one_lane, runs)?;
        let (build, build_peak) = measure(&scratch, member, &package, "build", &one_lane, runs)?;
        rows.push(CompileRow {
            what: format!("{member}: `{first_lane}` only"),
            endpoints: lane_endpoints,
            lines: 0,
            check,
            check_peak_kib: check_peak,
            build: Some(build),
            build_peak_kib: build_peak,
        });
    }
    eprintln!("measuring generate! ...");
    let (check, check_peak) = measure(
        &scratch,
        "macro-azotte",
        "bench-macro-azotte",
        "check",
        &[],
        runs,
    )?;
    let (build, build_peak) = measure(
        &scratch,
        "macro-azotte",
        "bench-macro-azotte",
        "build",
        &[],
        runs,
    )?;
    rows.push(CompileRow {
        what: "azotte via `generate!`".into(),
        endpoints: rows.first().map_or(0, |r| r.endpoints),
        lines: 0,
        check,
        check_peak_kib: check_peak,
        build: Some(build),
        build_peak_kib: build_peak,
    });

    eprintln!("measuring release binary size ...");
    // A failed size probe still reports the compile rows measured above.
    let sizes = run_cargo(
        &ws,
        exe,
        &log,
        &[
            "build",
            "--quiet",
            "--release",
            "-p",
            "size-base",
            "-p",
            "size-azotte",
        ],
    )
    .map(|_| {
        let size = |bin: &str| {
            std::fs::metadata(ws.join("target/release").join(bin))
                .map(|m| m.len())
                .unwrap_or(0)
        };
        (size("size-base"), size("size-azotte"))
    });

    let mut t = String::from("| crate | endpoints | lines | lines/endpoint | `cargo check` s | rustc peak MiB (check) | debug `cargo build` s | rustc peak MiB (build) |\n|---|---:|---:|---:|---:|---:|---:|---:|\n");
    for r in &rows {
        let per = if r.lines > 0 {
            format!("{:.0}", r.lines as f64 / r.endpoints.max(1) as f64)
        } else {
            "".into()
        };
        let lines = if r.lines > 0 {
            r.lines.to_string()
        } else {
            "".into()
        };
        let _ = writeln!(
            t,
            "| {} | {} | {lines} | {per} | {:.2} | {:.0} | {} | {:.0} |",
            r.what,
            r.endpoints,
            r.check.as_secs_f64(),
            r.check_peak_kib as f64 / 1024.0,
            r.build
                .map_or("".into(), |b| format!("{:.2}", b.as_secs_f64())),
            r.build_peak_kib as f64 / 1024.0
        );
    }
    match sizes {
        Ok((base, with)) => {
            let _ = writeln!(
                t,
                "\nRelease binary (stripped): without the client {:.2} MiB, with every endpoint of the azotte client reachable {:.2} MiB: +{:.0} KiB.",
                base as f64 / 1048576.0,
                with as f64 / 1048576.0,
                (with as f64 - base as f64) / 1024.0
            );
        }
        Err(e) => {
            let _ = writeln!(
                t,
                "\nRelease binary size: not measured, the probe failed:\n{e}"
            );
        }
    }
    let _ = writeln!(
        t,
        "(median of {runs} runs after a warm-up, CARGO_INCREMENTAL=0; `{}`)",
        ws.display()
    );
    Ok(t)
}
