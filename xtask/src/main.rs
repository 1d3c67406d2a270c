//! `cargo xtask codegen [--check]`: regenerate the client crates from the YAML
//! specs, or (with `--check`) fail naming every file that is out of date.

use std::process::ExitCode;

const USAGE: &str = "usage: cargo xtask codegen [--check]

  codegen          regenerate generated/<api>/src/** from azotte-spec/apis/<api>/*.yaml
  codegen --check  change nothing; exit 1 and name the files that are out of date";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
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
