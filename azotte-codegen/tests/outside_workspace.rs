//! The generator for a spec that is not ours, used the way someone outside
//! this repository would (issue 14, item 2): in an empty temporary directory,
//! `cargo new`, a small third-party spec (`tests/bookshelf`: one API-key
//! scheme, one envelope, three endpoints), a client crate written by the
//! `azotte-codegen` CLI and the same spec generated again by a build script
//! (`azotte_codegen::Builder`), then `cargo build` and a run of the program
//! against a loopback server, asserting what it decoded and what was sent.
//!
//! Affordability: the temporary project builds into `target/outside-workspace`
//! of this workspace, so a rerun compiles only the temporary crates; it is
//! built `--offline` from this workspace's `Cargo.lock` (copied in), since every
//! crate it needs is already in cargo's registry cache. The unpublished
//! `azotte-runtime` and `azotte-codegen` are depended on by path + version,
//! and the CLI's crate's registry requirement `azotte-runtime = "0.1.0"` is
//! pointed at the same path by `[patch.crates-io]` — what a user does before
//! a release, and what `cargo publish` makes unnecessary after one.

use std::path::{Path, PathBuf};
use std::process::Command;
use test_support::TestServer;

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .unwrap()
        .to_path_buf()
}

/// Runs `cmd`, failing the test with its output when it fails; returns stdout.
fn run(cmd: &mut Command) -> String {
    let out = cmd.output().unwrap_or_else(|e| panic!("{cmd:?}: {e}"));
    assert!(
        out.status.success(),
        "{cmd:?} failed:\n{}\n{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn cargo() -> Command {
    Command::new(std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into()))
}

const BUILD_RS: &str = r#"fn main() -> Result<(), Box<dyn std::error::Error>> {
    azotte_codegen::Builder::new("../spec/bookshelf").generate()?;
    Ok(())
}
"#;

/// Calls the server with both clients and prints what came back.
const MAIN_RS: &str = r#"//! The Bookshelf API through both doors.

/// The build script's client, in this crate.
mod built {
    include!(concat!(env!("OUT_DIR"), "/bookshelf.rs"));
}

use bookshelf_client::prelude::*;

#[tokio::main]
async fn main() {
    let base = std::env::args().nth(1).expect("the server's base URL");

    // The CLI's crate.
    let env = bookshelf_client::Environment::Custom(base.clone());
    let client =
        bookshelf_client::library::Client::new(&env, bookshelf_client::auth::ReaderKey::new("rk-cli"))
            .unwrap();
    let book = client.get_book(&"bk-7".into()).await.unwrap().into_inner();
    println!("cli: {} {} {}", book.id.as_str(), book.title, book.pages);

    // The build script's modules.
    use built::prelude::*;
    let env = built::Environment::Custom(base);
    let client = built::library::Client::new(&env, built::auth::ReaderKey::new("rk-build")).unwrap();
    let shelved = client
        .shelve_book(&built::types::NewBook::new("Solaris", 204))
        .await
        .unwrap();
    let status = shelved.status();
    let book = shelved.into_inner();
    println!("build.rs: {status} {} {} {}", book.id.as_str(), book.title, book.pages);
    match client.get_book(&"bk-0".into()).await {
        Err(built::ApiError::Service(e)) => match e.error {
            built::library::GetBookError::NoSuchBook => println!("error: {} {}", e.status, e.code),
            other => println!("error: unexpected {other:?}"),
        },
        other => println!("error: not a service error: {other:?}"),
    }
}
"#;

#[tokio::test(flavor = "multi_thread")]
async fn a_client_generated_outside_the_workspace_builds_and_calls_a_loopback_server() {
    let ws = workspace();
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    assert!(
        !dir.starts_with(&ws),
        "the project must be outside the workspace"
    );

    // The spec, outside the workspace too.
    std::fs::create_dir_all(dir.join("spec/bookshelf")).unwrap();
    std::fs::copy(
        ws.join("azotte-codegen/tests/bookshelf/api.yaml"),
        dir.join("spec/bookshelf/api.yaml"),
    )
    .unwrap();

    // Door 1: the CLI writes a whole crate.
    run(Command::new(env!("CARGO_BIN_EXE_azotte-codegen"))
        .current_dir(dir)
        .args(["generate", "spec/bookshelf", "bookshelf-client"]));

    // A new binary crate using it, and door 2: a build script.
    run(cargo()
        .current_dir(dir)
        .args(["new", "--bin", "--vcs", "none", "--offline", "app"]));
    let app = dir.join("app");
    let runtime = ws.join("azotte-runtime");
    let codegen = ws.join("azotte-codegen");
    let version = env!("CARGO_PKG_VERSION");
    let manifest = std::fs::read_to_string(app.join("Cargo.toml")).unwrap();
    let manifest = manifest.replace(
        "[dependencies]\n",
        &format!(
            "[dependencies]\nbookshelf-client = {{ path = \"../bookshelf-client\" }}\nazotte-runtime = {{ path = {runtime:?}, version = \"{version}\" }}\nserde_json = \"1\"\ntokio = {{ version = \"1\", features = [\"macros\", \"rt-multi-thread\"] }}\n\n[build-dependencies]\nazotte-codegen = {{ path = {codegen:?}, version = \"{version}\" }}\n\n[patch.crates-io]\nazotte-runtime = {{ path = {runtime:?} }}\n\n# Without debug info the build takes a fraction of the disk.\n[profile.dev]\ndebug = false\n"
        ),
    );
    std::fs::write(app.join("Cargo.toml"), manifest).unwrap();
    std::fs::write(app.join("build.rs"), BUILD_RS).unwrap();
    std::fs::write(app.join("src/main.rs"), MAIN_RS).unwrap();
    std::fs::copy(ws.join("Cargo.lock"), app.join("Cargo.lock")).unwrap();

    let target = ws.join("target/outside-workspace");
    run(cargo()
        .current_dir(&app)
        .env("CARGO_TARGET_DIR", &target)
        .args(["build", "--offline", "--quiet"]));

    let server = TestServer::start().await;
    server.reply_json(
        200,
        serde_json::json!({ "data": { "id": "bk-7", "title": "Dune", "pages": 412 } }),
    );
    server.reply_json(
        201,
        serde_json::json!({ "data": { "id": "bk-8", "title": "Solaris", "pages": 204 } }),
    );
    server.reply_json(
        404,
        serde_json::json!({ "reason": "NO_SUCH_BOOK", "detail": "No book has that id." }),
    );
    let exe = target.join("debug/app");
    let base = server.base_url.clone();
    let stdout = tokio::task::spawn_blocking(move || run(Command::new(exe).arg(base)))
        .await
        .unwrap();
    assert_eq!(
        stdout,
        "cli: bk-7 Dune 412\nbuild.rs: 201 bk-8 Solaris 204\nerror: 404 NO_SUCH_BOOK\n"
    );

    // What went over the wire is what the spec says.
    let seen = server.seen();
    assert_eq!(seen.len(), 3);
    assert_eq!(
        (seen[0].method.as_str(), seen[0].path.as_str()),
        ("GET", "/library/books/bk-7")
    );
    assert_eq!(seen[0].header("x-reader-key"), Some("rk-cli"));
    assert_eq!(
        (seen[1].method.as_str(), seen[1].path.as_str()),
        ("POST", "/library/books")
    );
    assert_eq!(seen[1].header("x-reader-key"), Some("rk-build"));
    assert_eq!(
        seen[1].json(),
        serde_json::json!({ "title": "Solaris", "pages": 204 })
    );
    assert_eq!(seen[2].path, "/library/books/bk-0");
}
