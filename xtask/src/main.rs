//! `cargo xtask codegen [--check]`: regenerate the client crates from the YAML
//! specs, or (with `--check`) fail naming every file that is out of date.

mod bench_cli;

/// Generation allocates a token tree per token (proc-macro2, syn, prettyplease);
/// mimalloc makes `cargo xtask codegen` ~1.5× faster than the system allocator
/// (BENCHMARKS.md, "Generation speed").
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

use std::process::ExitCode;

const USAGE: &str = "usage: cargo xtask codegen [--check]

  codegen          regenerate generated/<api>/{Cargo.toml,README.md,src/**,openapi.json,LICENSE-*} from
                   azotte-spec/apis/<api>/*.yaml (the manifest down to its hand-kept [dev-dependencies]),
                   and azotte-spec/spec.schema.json from azotte-spec/src/raw.rs,
                   and raise each crate's version to what the spec changes since the semver-check base require;
                   the workspace is the one around the current directory
  codegen --check  change nothing; exit 1 and name the files that are out of date
  codegen --spec DIR --out DIR [--crate-name NAME] [--check]
                   a standalone client crate for any spec directory, as `azotte-codegen generate` writes it

  spec-diff [--base GIT_REF | --base-dir DIR] [--api NAME] [--format text|json|markdown]
                   the spec now against a base version (default --base HEAD): every change,
                   wire and Rust-API verdicts, and the semver bump the generated crate needs
  changelog (--base GIT_REF | --base-dir DIR) [--api NAME] [--date YYYY-MM-DD]
                   write the manifest version's entry of generated/<api>/CHANGELOG.md from that diff;
                   refuses when the version is lower than the changes since a git base require
  semver-check [--base GIT_REF]
                   fail when a generated crate's version is lower than the spec changes since the
                   base require (default: the merge base with origin/main, else HEAD~1), or when a
                   moved version has no CHANGELOG.md entry; `codegen` raises versions itself

benchmarks (BENCHMARKS.md):
  synth --endpoints N [--out DIR]   write a synthetic spec of N endpoints (default DIR: target/bench/synth-N)
  bench gen [--sizes 10,100,...]    generation time and peak memory, real specs and synthetic sizes
  bench compile [--sizes 100,1000] [--runs 3]
                                    cargo check/build time and rustc memory of generated crates,
                                    one lane vs all, generate!, release binary size
  bench compare [--sizes 100,1000] [--gen-sizes 10000] [--runs 3] [--no-compile]
                                    ours against progenitor 0.15.1 on the same input (the neutral model
                                    at each size, the real spec): lines, generation, cargo check/build
                                    time and rustc memory, alternating, medians and ratios
  bench spec [--errors 1000,10000] [--depths 1000,100000] [--sizes 100,1000,10000]
                                    load + validate time vs error count, nesting depth and spec size";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if let Some(log) = std::env::var_os(xtask::bench_compile::RUSTC_LOG_ENV) {
        // `cargo xtask bench compile` made this binary cargo's RUSTC_WRAPPER.
        let code = xtask::bench_compile::rustc_wrapper(std::path::Path::new(&log), &args);
        return ExitCode::from(u8::try_from(code).unwrap_or(1));
    }
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    if let ["codegen", rest @ ..] = args.as_slice() {
        if rest.iter().any(|a| matches!(*a, "--spec" | "--out")) {
            return standalone(rest);
        }
    }
    let root = match xtask::workspace_root() {
        Ok(root) => root,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::FAILURE;
        }
    };
    if let ["codegen", ..] = args.as_slice() {
        // Say which checkout is read: a build shared between clones must not
        // check one against the other's spec (issue 14, item 8).
        println!("spec: {}", root.join(xtask::SPEC_DIR).display());
    }
    match args.as_slice() {
        ["codegen"] => match xtask::write(&root) {
            Ok(changed) => {
                print!("{}", azotte_codegen::cli::written(&changed));
                match xtask::semver::raise_versions(&root) {
                    // A raised version is in the generated README too.
                    Ok(report) if !report.is_empty() => {
                        print!("{report}");
                        match xtask::write(&root) {
                            Ok(_) => ExitCode::SUCCESS,
                            Err(e) => {
                                eprintln!("error: {e}");
                                ExitCode::FAILURE
                            }
                        }
                    }
                    Ok(report) => {
                        print!("{report}");
                        ExitCode::SUCCESS
                    }
                    Err(e) => {
                        eprintln!("error: the code is written, but the crate versions were not checked: {e}");
                        ExitCode::FAILURE
                    }
                }
            }
            Err(e) => {
                eprintln!("error: nothing was written.\n{e}");
                ExitCode::FAILURE
            }
        },
        ["codegen", "--check"] => match xtask::check(&root) {
            Ok(drift) => print_report(azotte_codegen::cli::checked(&drift, "cargo xtask codegen")),
            Err(e) => {
                eprintln!("error: {e}");
                ExitCode::FAILURE
            }
        },
        ["spec-diff", rest @ ..] => match xtask::spec_diff::run(&root, rest) {
            Ok(report) => {
                print!("{report}");
                ExitCode::SUCCESS
            }
            Err(e) => {
                eprintln!("error: {e}\n\n{USAGE}");
                ExitCode::FAILURE
            }
        },
        ["changelog", rest @ ..] => match xtask::changelog::run(&root, rest) {
            Ok(report) => {
                print!("{report}");
                ExitCode::SUCCESS
            }
            Err(e) => {
                eprintln!("error: {e}");
                ExitCode::FAILURE
            }
        },
        ["semver-check", rest @ ..] => match xtask::semver::run(&root, rest) {
            Ok(outcome) if outcome.failed => {
                eprint!("{}", outcome.report);
                eprintln!("semver-check failed: a generated crate's version does not match its spec changes (README, \"When the spec changes\")");
                ExitCode::FAILURE
            }
            Ok(outcome) => {
                print!("{}", outcome.report);
                ExitCode::SUCCESS
            }
            Err(e) => {
                eprintln!("error: {e}\n\n{USAGE}");
                ExitCode::FAILURE
            }
        },
        ["synth", rest @ ..] => report(bench_cli::synth(&root, rest)),
        ["bench", rest @ ..] => report(bench_cli::bench(&root, rest)),
        ["help" | "--help" | "-h"] | [] => {
            println!("{USAGE}");
            ExitCode::SUCCESS
        }
        _ => {
            eprintln!("error: unknown arguments `{}`\n\n{USAGE}", args.join(" "));
            ExitCode::FAILURE
        }
    }
}

/// `cargo xtask codegen --spec DIR --out DIR …`: the `azotte-codegen` CLI's
/// path, for a spec outside this workspace.
fn standalone(args: &[&str]) -> ExitCode {
    match azotte_codegen::cli::GenerateArgs::parse(args) {
        Ok(parsed) => print_report(azotte_codegen::cli::generate(
            &parsed,
            "cargo xtask codegen",
        )),
        Err(e) => {
            eprintln!("error: {e}\n\n{USAGE}");
            ExitCode::FAILURE
        }
    }
}

/// Prints a generator's report; its success is the exit status.
fn print_report(report: azotte_codegen::cli::Report) -> ExitCode {
    print!("{}", report.stdout);
    eprint!("{}", report.stderr);
    if report.success {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}

/// Exit status of a benchmark command; errors go to stderr.
fn report(result: Result<(), String>) -> ExitCode {
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}\n\n{USAGE}");
            ExitCode::FAILURE
        }
    }
}
