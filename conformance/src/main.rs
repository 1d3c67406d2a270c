//! `prism-drive`: the generated clients against an independent server.
//!
//! For each API it starts Prism (`prism mock --dynamic --seed S`) on
//! `generated/<api>/openapi.json`, then sends every operation of the document
//! through the typed client N times per documented response status (`Prefer:
//! code=<status>`): a 2xx must decode into the typed response, an error
//! status must become `ApiError::Service` with a documented variant of the
//! endpoint's enum and that status (the spec's catalog status of the code), a
//! 401 without content `ApiError::Unauthorized`. An operation the driver has
//! no call for fails the run. Run by `bash .ci/conformance.sh prism`:
//!
//! ```text
//! prism-drive --prism <path to prism> [--api azotte|automatum]... [--calls 20] [--seed 1]
//! ```

mod automatum;
mod azotte;
mod check;
mod document;
mod drive;
mod prism;
mod token;

use azotte_runtime::{ClientConfig, RetryPolicy};
use azotte_spec::model::{AuthKind, Spec};
use drive::Tally;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// The APIs driven when none is named.
const APIS: [&str; 2] = ["azotte", "automatum"];

struct Args {
    prism: PathBuf,
    apis: Vec<String>,
    calls: u32,
    seed: String,
}

fn parse_args() -> Result<Args, String> {
    let mut args = Args {
        prism: PathBuf::new(),
        apis: Vec::new(),
        calls: 20,
        seed: "1".to_owned(),
    };
    let mut it = std::env::args().skip(1);
    while let Some(flag) = it.next() {
        let mut value = || it.next().ok_or_else(|| format!("{flag} needs a value"));
        match flag.as_str() {
            "--prism" => args.prism = PathBuf::from(value()?),
            "--api" => args.apis.push(value()?),
            "--calls" => {
                let v = value()?;
                args.calls = v
                    .parse()
                    .map_err(|_| format!("--calls {v}: not a number"))?;
            }
            "--seed" => args.seed = value()?,
            other => return Err(format!("unknown argument `{other}`")),
        }
    }
    if args.prism.as_os_str().is_empty() {
        return Err("--prism <path to the prism executable> is required".to_owned());
    }
    if args.apis.is_empty() {
        args.apis = APIS.iter().map(|a| a.to_string()).collect();
    }
    if let Some(bad) = args.apis.iter().find(|a| !APIS.contains(&a.as_str())) {
        return Err(format!("--api {bad}: one of {}", APIS.join(", ")));
    }
    Ok(args)
}

#[tokio::main]
async fn main() -> ExitCode {
    let args = match parse_args() {
        Ok(args) => args,
        Err(e) => {
            eprintln!("prism-drive: {e}");
            return ExitCode::from(2);
        }
    };
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let mut failed = false;
    for api in &args.apis {
        let tally = match drive_api(&root, api, &args).await {
            Ok(tally) => tally,
            Err(e) => {
                eprintln!("{api}: {e}");
                failed = true;
                continue;
            }
        };
        for line in &tally.report {
            println!("  FAIL {line}");
        }
        println!(
            "{api}: {} operations, {} calls, {} successes, {} typed errors, {} failures",
            tally.operations, tally.calls, tally.successes, tally.typed_errors, tally.failures
        );
        failed |= tally.failures > 0;
    }
    if failed {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}

/// Drives one API against its own Prism.
async fn drive_api(root: &Path, api: &str, args: &Args) -> Result<Tally, String> {
    let spec = azotte_spec::load_dir(&azotte_spec::api_dir(api))
        .map_err(|e| format!("the {api} spec does not load: {e}"))?;
    let doc_path = root.join("generated").join(api).join("openapi.json");
    let text = std::fs::read_to_string(&doc_path)
        .map_err(|e| format!("{}: {e} (run `cargo xtask codegen`)", doc_path.display()))?;
    let document: serde_json::Value =
        serde_json::from_str(&text).map_err(|e| format!("{}: {e}", doc_path.display()))?;
    let mut tally = Tally::default();
    let operations = match document::operations(&document, &spec) {
        Ok(operations) => operations,
        Err(problems) => {
            tally.failures = problems.len();
            tally.report = problems;
            return Ok(tally);
        }
    };
    let logs = root.join("target").join("prism");
    std::fs::create_dir_all(&logs).map_err(|e| format!("{}: {e}", logs.display()))?;
    let log = logs.join(format!("{api}.log"));
    let server = prism::Prism::start(&args.prism, &doc_path, &args.seed, &log)?;
    // One answer per call: a 429 or 503 the mock was asked for is the answer
    // under test, not something to wait out.
    let config = || ClientConfig::new(&server.url).retry(RetryPolicy::disabled());
    match api {
        "azotte" => {
            let path = token_path(&spec)?;
            let token_url = token::serve(&path).await?;
            let clients = azotte::Azotte::new(config, &path, token_url)?;
            drive::drive(
                &operations,
                &azotte::entries(),
                &clients,
                args.calls,
                &mut tally,
            )
            .await;
        }
        _ => {
            let clients = automatum::Automatum::new(config())?;
            drive::drive(
                &operations,
                &automatum::entries(),
                &clients,
                args.calls,
                &mut tally,
            )
            .await;
        }
    }
    Ok(tally)
}

/// The token path of the spec's OAuth2 client-credentials scheme.
fn token_path(spec: &Spec) -> Result<String, String> {
    spec.auth
        .iter()
        .find_map(|scheme| match &scheme.kind {
            AuthKind::OAuth2ClientCredentials { token_path, .. } => Some(token_path.clone()),
            _ => None,
        })
        .ok_or_else(|| "the spec declares no OAuth2 client-credentials scheme".to_owned())
}
