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

  codegen          regenerate generated/<api>/src/** and generated/<api>/openapi.json from azotte-spec/apis/<api>/*.yaml
  codegen --check  change nothing; exit 1 and name the files that are out of date

benchmarks (BENCHMARKS.md):
  synth --endpoints N [--out DIR]   write a synthetic spec of N endpoints (default DIR: target/bench/synth-N)
  bench gen [--sizes 10,100,...]    generation time and peak memory, real specs and synthetic sizes
  bench compile [--sizes 100,1000] [--runs 3]
                                    cargo check/build time and rustc memory of generated crates,
                                    one lane vs all, generate!, release binary size";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if let Some(log) = std::env::var_os(xtask::bench_compile::RUSTC_LOG_ENV) {
        // `cargo xtask bench compile` made this binary cargo's RUSTC_WRAPPER.
        let code = xtask::bench_compile::rustc_wrapper(std::path::Path::new(&log), &args);
        return ExitCode::from(u8::try_from(code).unwrap_or(1));
    }
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let root = xtask::workspace_root();
    match args.as_slice() {
        ["codegen"] => match xtask::write(&root) {
            Ok(changed) if changed.is_empty() => {
                println!("generated code is up to date");
                ExitCode::SUCCESS
            }
            Ok(changed) => {
                for c in changed {
                    match c {
                        xtask::Drift::Missing(p) => println!("created {p}"),
                        xtask::Drift::Changed(p) => println!("updated {p}"),
                        xtask::Drift::Extra(p) => println!("removed {p}"),
                    }
                }
                ExitCode::SUCCESS
            }
            Err(e) => {
                eprintln!("error: nothing was written.\n{e}");
                ExitCode::FAILURE
            }
        },
        ["codegen", "--check"] => match xtask::check(&root) {
            Ok(drift) if drift.is_empty() => {
                println!("generated code is up to date");
                ExitCode::SUCCESS
            }
            Ok(drift) => {
                eprintln!("the generated code is out of date with the spec:");
                for d in drift {
                    eprintln!("  {d}");
                }
                eprintln!("run `cargo xtask codegen` and commit the result");
                ExitCode::FAILURE
            }
            Err(e) => {
                eprintln!("error: {e}");
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
