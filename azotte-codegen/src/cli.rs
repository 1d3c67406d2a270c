//! The command-line door over [`client_crate`](crate::client_crate): a client
//! crate for any spec directory, with the xtask's `--check` staleness mode and
//! messages. Both `azotte-codegen generate …` and `cargo xtask codegen --spec
//! … --out …` run [`generate`]; they differ only in how they spell arguments.

use crate::client_crate::{check_crate, load_spec, render_crate, write_crate, CrateOptions, Drift};
use crate::manifest::ManifestStyle;
use std::path::Path;

/// What to generate: a spec directory, the crate directory, options.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GenerateArgs {
    /// The spec directory, as the user spelled it (shown in messages).
    pub spec: String,
    /// The crate directory to write or check.
    pub out: String,
    /// The package name (default: `<api name>-client`, the spec's `api.name`).
    pub crate_name: Option<String>,
    /// Change nothing; fail naming every out-of-date file.
    pub check: bool,
}

impl GenerateArgs {
    /// `SPEC_DIR OUT_DIR [--crate-name NAME] [--check]`; `--spec DIR` and
    /// `--out DIR` may name the directories instead of their positions.
    pub fn parse(args: &[&str]) -> Result<Self, String> {
        let (mut spec, mut out, mut crate_name, mut check) = (None, None, None, false);
        let mut positional = Vec::new();
        let mut it = args.iter();
        while let Some(&a) = it.next() {
            let mut value = |flag: &str| {
                it.next()
                    .map(|v| v.to_string())
                    .ok_or_else(|| format!("`{flag}` needs a value"))
            };
            match a {
                "--check" => check = true,
                "--spec" => spec = Some(value(a)?),
                "--out" => out = Some(value(a)?),
                "--crate-name" => crate_name = Some(value(a)?),
                flag if flag.starts_with("--") => return Err(format!("unknown option `{flag}`")),
                path => positional.push(path.to_owned()),
            }
        }
        let mut positional = positional.into_iter();
        let spec = spec
            .or_else(|| positional.next())
            .ok_or("the spec directory is missing")?;
        let out = out
            .or_else(|| positional.next())
            .ok_or("the output directory is missing")?;
        if let Some(extra) = positional.next() {
            return Err(format!("unexpected argument `{extra}`"));
        }
        if let Some(name) = &crate_name {
            let valid = name.starts_with(|c: char| c.is_ascii_alphabetic())
                && name
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
            if !valid {
                return Err(format!(
                    "`{name}` is not a crate name: ASCII letters, digits, `-` and `_`, starting with a letter"
                ));
            }
        }
        Ok(GenerateArgs {
            spec,
            out,
            crate_name,
            check,
        })
    }
}

/// What a command prints, and whether it succeeded.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Report {
    /// What goes to standard output.
    pub stdout: String,
    /// What goes to standard error (errors, `--check`'s list).
    pub stderr: String,
    /// The exit status: success or failure.
    pub success: bool,
}

/// The lines `codegen` prints for what it wrote.
pub fn written(changed: &[Drift]) -> String {
    if changed.is_empty() {
        return "generated code is up to date\n".into();
    }
    let mut out = String::new();
    for c in changed {
        match c {
            Drift::Missing(p) => out += &format!("created {p}\n"),
            Drift::Changed(p) => out += &format!("updated {p}\n"),
            Drift::Extra(p) => out += &format!("removed {p}\n"),
        }
    }
    out
}

/// The report of `--check`: up to date, or every stale file and the fix.
pub fn checked(drift: &[Drift], fix: &str) -> Report {
    if drift.is_empty() {
        return Report {
            stdout: "generated code is up to date\n".into(),
            stderr: String::new(),
            success: true,
        };
    }
    let mut stderr = String::from("the generated code is out of date with the spec:\n");
    for d in drift {
        stderr += &format!("  {d}\n");
    }
    stderr += &format!("run `{fix}` and commit the result\n");
    Report {
        stdout: String::new(),
        stderr,
        success: false,
    }
}

/// The command named in a standalone crate's file headers, whichever door
/// wrote it: both write the same bytes.
pub const COMMAND: &str = "azotte-codegen generate";

/// Generates (or checks) the crate `args` describe. `program` is how the
/// user invoked the generator (`azotte-codegen generate`, `cargo xtask
/// codegen`), for the `--check` advice.
pub fn generate(args: &GenerateArgs, program: &str) -> Report {
    let fail = |stderr: String| Report {
        stdout: String::new(),
        stderr,
        success: false,
    };
    let spec = match load_spec(Path::new(&args.spec), &args.spec) {
        Ok(spec) => spec,
        Err(e) if args.check => return fail(format!("error: {e}\n")),
        Err(e) => return fail(format!("error: nothing was written.\n{e}\n")),
    };
    let opts = CrateOptions {
        name: args
            .crate_name
            .clone()
            .unwrap_or_else(|| format!("{}-client", spec.api.name)),
        style: ManifestStyle::Standalone,
        command: COMMAND.to_owned(),
        spec_label: args.spec.clone(),
    };
    let out = Path::new(&args.out);
    let files = match render_crate(&spec, out, &opts) {
        Ok(files) => files,
        Err(e) => return fail(format!("error: nothing was written.\n{e}\n")),
    };
    if args.check {
        let fix = format!("{program} --spec {} --out {}", args.spec, args.out);
        return checked(&check_crate(out, &args.out, &files), &fix);
    }
    match write_crate(out, &args.out, &files) {
        Ok(changed) => Report {
            stdout: format!("spec: {}\n{}", args.spec, written(&changed)),
            stderr: String::new(),
            success: true,
        },
        Err(e) => fail(format!("error: {e}\n")),
    }
}
