//! `azotte-codegen`: a typed client crate for any spec directory, from the
//! command line (`cargo install azotte-codegen`). The same engine and messages
//! as `cargo xtask codegen` in the Azotte repository.

use azotte_codegen::cli::{generate, GenerateArgs};
use std::process::ExitCode;

const USAGE: &str = "usage: azotte-codegen generate SPEC_DIR OUT_DIR [--crate-name NAME] [--check]
       azotte-codegen check SPEC_DIR OUT_DIR [--crate-name NAME]

  generate  write a complete client crate for the spec in SPEC_DIR (every *.yaml under it)
            into OUT_DIR: Cargo.toml, README.md, src/**, openapi.json. Nothing is written
            unless the whole spec is valid. OUT_DIR's version and its [dev-dependencies]
            onwards are kept. NAME defaults to <api name>-client.
  check     (or generate --check) change nothing; exit 1 and name the files that are out of date";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let (rest, check) = match args.as_slice() {
        ["generate", rest @ ..] => (rest, false),
        ["check", rest @ ..] => (rest, true),
        ["help" | "--help" | "-h"] | [] => {
            println!("{USAGE}");
            return ExitCode::SUCCESS;
        }
        ["--version" | "-V"] => {
            println!("azotte-codegen {}", env!("CARGO_PKG_VERSION"));
            return ExitCode::SUCCESS;
        }
        _ => {
            eprintln!("error: unknown arguments `{}`\n\n{USAGE}", args.join(" "));
            return ExitCode::FAILURE;
        }
    };
    let mut parsed = match GenerateArgs::parse(rest) {
        Ok(parsed) => parsed,
        Err(e) => {
            eprintln!("error: {e}\n\n{USAGE}");
            return ExitCode::FAILURE;
        }
    };
    parsed.check |= check;
    let report = generate(&parsed, "azotte-codegen generate");
    print!("{}", report.stdout);
    eprint!("{}", report.stderr);
    if report.success {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}
