//! Argument handling of `cargo xtask synth` and `cargo xtask bench …`.

use std::path::{Path, PathBuf};
use xtask::bench;

/// `--name VALUE` in `args`.
fn flag<'a>(args: &[&'a str], name: &str) -> Option<&'a str> {
    args.iter()
        .position(|a| *a == name)
        .and_then(|i| args.get(i + 1).copied())
}

fn sizes(args: &[&str], default: &[usize]) -> Result<Vec<usize>, String> {
    list(args, "--sizes", default)
}

/// `--name 1,2,3` in `args` (underscores allowed: `10_000`), or `default`.
fn list(args: &[&str], name: &str, default: &[usize]) -> Result<Vec<usize>, String> {
    match flag(args, name) {
        None => Ok(default.to_vec()),
        Some(list) => list
            .split(',')
            .map(|s| {
                s.trim()
                    .replace('_', "")
                    .parse()
                    .map_err(|_| format!("bad size `{s}`"))
            })
            .collect(),
    }
}

/// `synth --endpoints N [--out DIR]`.
pub fn synth(root: &Path, args: &[&str]) -> Result<(), String> {
    let n: usize = flag(args, "--endpoints")
        .ok_or("synth needs --endpoints N")?
        .replace('_', "")
        .parse()
        .map_err(|_| "--endpoints takes a number".to_owned())?;
    let out = flag(args, "--out")
        .map(PathBuf::from)
        .unwrap_or_else(|| bench::bench_dir(root).join(format!("synth-{n}")));
    xtask::synth::write(&out, n)?;
    let spec = azotte_spec::load_dir(&out).map_err(|e| e.to_string())?;
    let endpoints: usize = spec.lanes.iter().map(|l| l.endpoints().count()).sum();
    println!(
        "{}: {endpoints} endpoints, {} types, {} lanes (valid)",
        out.display(),
        spec.types.len(),
        spec.lanes.len()
    );
    Ok(())
}

/// Re-runs these arguments in the release build unless this is one.
fn in_release(root: &Path, args: &[&str]) -> Result<bool, String> {
    if !cfg!(debug_assertions) {
        return Ok(false);
    }
    let exe = bench::release_xtask(root)?;
    eprintln!("(running the release build: {})", exe.display());
    let status = std::process::Command::new(&exe)
        .args(args)
        .status()
        .map_err(|e| format!("cannot run {}: {e}", exe.display()))?;
    if status.success() {
        Ok(true)
    } else {
        Err("the release run failed".into())
    }
}

/// `bench gen|gen-one …`.
pub fn bench(root: &Path, args: &[&str]) -> Result<(), String> {
    match args {
        ["gen-one", dir, runs] => {
            let runs = runs.parse().map_err(|_| "bad run count".to_owned())?;
            println!("{}", bench::gen_one(Path::new(dir), runs)?);
            Ok(())
        }
        ["emit", spec, out] => {
            let n = bench::write_sources(Path::new(spec), Path::new(out))?;
            println!("{n} files in {out}/src");
            Ok(())
        }
        ["gen", rest @ ..] => {
            let mut all = vec!["bench", "gen"];
            all.extend_from_slice(rest);
            if in_release(root, &all)? {
                return Ok(());
            }
            let exe = std::env::current_exe().map_err(|e| e.to_string())?;
            let cases = bench::gen(root, &sizes(rest, &bench::GEN_SIZES)?, &exe)?;
            print!("{}", bench::gen_table(&cases));
            Ok(())
        }
        ["compile", rest @ ..] => {
            let mut all = vec!["bench", "compile"];
            all.extend_from_slice(rest);
            if in_release(root, &all)? {
                return Ok(());
            }
            let runs = match flag(rest, "--runs") {
                Some(r) => r.parse().map_err(|_| format!("bad --runs `{r}`"))?,
                None => 3,
            };
            let exe = std::env::current_exe().map_err(|e| e.to_string())?;
            let table =
                xtask::bench_compile::compile(root, &sizes(rest, &[100, 1_000])?, runs, &exe)?;
            print!("{table}");
            Ok(())
        }
        ["compare", rest @ ..] => {
            let mut all = vec!["bench", "compare"];
            all.extend_from_slice(rest);
            if in_release(root, &all)? {
                return Ok(());
            }
            let runs = match flag(rest, "--runs") {
                Some(r) => r.parse().map_err(|_| format!("bad --runs `{r}`"))?,
                None => 3,
            };
            let options = xtask::bench_compare::Options {
                sizes: sizes(rest, &[100, 1_000])?,
                gen_sizes: list(rest, "--gen-sizes", &[])?,
                runs,
                compile: !rest.contains(&"--no-compile"),
            };
            let exe = std::env::current_exe().map_err(|e| e.to_string())?;
            let rows = xtask::bench_compare::compare(root, &options, &exe)?;
            print!("{}", xtask::bench_compare::table(&rows, runs));
            Ok(())
        }
        ["spec", rest @ ..] => {
            let mut all = vec!["bench", "spec"];
            all.extend_from_slice(rest);
            if in_release(root, &all)? {
                return Ok(());
            }
            print!(
                "{}",
                xtask::bench_spec::spec(
                    &list(rest, "--errors", &[1_000, 10_000])?,
                    &list(rest, "--depths", &[1_000, 100_000])?,
                    &sizes(rest, &[100, 1_000, 10_000])?,
                )
            );
            Ok(())
        }
        _ => Err(
            "unknown bench; use `bench gen`, `bench compile`, `bench compare` or `bench spec`"
                .into(),
        ),
    }
}
