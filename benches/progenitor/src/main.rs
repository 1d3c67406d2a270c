//! `progenitor-harness OPENAPI.json CRATE_DIR`: progenitor's generator on an
//! OpenAPI document, as its README's `build.rs` does it (read and parse the
//! JSON, `Generator::default().generate_tokens`, `syn::parse2`,
//! `prettyplease::unparse`), timed in this process; writes
//! `CRATE_DIR/src/lib.rs` and prints `lines microseconds`.

use std::process::ExitCode;
use std::time::Instant;

fn run(input: &str, crate_dir: &str) -> Result<String, String> {
    let started = Instant::now();
    let text = std::fs::read_to_string(input).map_err(|e| format!("cannot read {input}: {e}"))?;
    let spec: openapiv3::OpenAPI =
        serde_json::from_str(&text).map_err(|e| format!("{input}: not OpenAPI 3.0: {e}"))?;
    let tokens = progenitor::Generator::default()
        .generate_tokens(&spec)
        .map_err(|e| format!("{input}: progenitor refused it: {e}"))?;
    let file =
        syn::parse2(tokens).map_err(|e| format!("progenitor's output does not parse: {e}"))?;
    let code = prettyplease::unparse(&file);
    let took = started.elapsed();
    let src = std::path::Path::new(crate_dir).join("src");
    std::fs::create_dir_all(&src).map_err(|e| format!("cannot create {}: {e}", src.display()))?;
    let lib = format!("#![allow(clippy::all, unused, mismatched_lifetime_syntaxes)]\n{code}");
    std::fs::write(src.join("lib.rs"), &lib).map_err(|e| format!("cannot write lib.rs: {e}"))?;
    Ok(format!("{} {}", lib.lines().count(), took.as_micros()))
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [input, crate_dir] = args.as_slice() else {
        eprintln!("usage: progenitor-harness OPENAPI.json CRATE_DIR");
        return ExitCode::from(2);
    };
    match run(input, crate_dir) {
        Ok(line) => {
            println!("{line}");
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}
