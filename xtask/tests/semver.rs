//! `cargo xtask semver-check` and the version `cargo xtask codegen` writes,
//! in throwaway git repositories holding one small API (`demo`, crate
//! `demo-client`). The rules under test (Cargo's, README "When the spec
//! changes"): before 1.0 a breaking change needs a minor bump and any other
//! spec change a patch bump; from 1.0 on breaking → major, additions →
//! minor. The bump is measured from the crate's version at the base, and a
//! version that moved needs its CHANGELOG.md entry.

use std::path::Path;
use std::process::Command;

const SPEC: &str = r#"api: { name: demo, title: Demo, version: v1 }
auth:
  key:
    kind: api_key
    headers:
      x-api-key: { from: api_key, secret: true }
envelopes:
  general:
    payload: result
    status: { object: status, code: messageCode, success_codes: [SUCCESS] }
errors:
  NOT_FOUND: { http: 404, doc: Not found. }
types:
  Body:
    doc: Sent.
    fields:
      name: string
  Reply:
    doc: Received.
    fields:
      id: string
lanes:
  c2a:
    title: C2A
    base_path: /api/{version}/c2a
    auth: [key]
    envelope: general
    areas:
      things:
        title: Things
        endpoints:
          - id: T-01
            name: store_thing
            method: POST
            path: /thing
            summary: Store
            request: Body
            response: Reply
            errors: [NOT_FOUND]
#AREAS
"#;

/// A new area with one endpoint: an addition that breaks nothing.
const NEW_AREA: &str = "      more:
        title: More
        endpoints:
          - id: T-02
            name: list_things
            method: GET
            path: /things
            summary: List
            response: Reply
";

const CHANGELOG: &str =
    "# Changelog\n\n## [0.1.0] - 2026-01-01\n\n### Added\n\n- The first client.\n";

/// A temporary directory that is the workspace root (and, once `init`, the
/// top of a git repository).
struct Repo(tempfile::TempDir);

impl Repo {
    /// The demo API at `version`, not under git.
    fn new(version: &str) -> Repo {
        let repo = Repo(tempfile::tempdir().expect("a temporary directory"));
        repo.write("azotte-spec/apis/demo/demo.yaml", SPEC);
        repo.set_version(version);
        repo.write("generated/demo/CHANGELOG.md", CHANGELOG);
        repo
    }
    fn root(&self) -> &Path {
        self.0.path()
    }
    fn write(&self, path: &str, text: &str) {
        let path = self.root().join(path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }
    fn read(&self, path: &str) -> String {
        std::fs::read_to_string(self.root().join(path)).unwrap()
    }
    fn set_version(&self, version: &str) {
        self.write(
            "generated/demo/Cargo.toml",
            &format!(
                "[package]\nname = \"demo-client\"\nversion = \"{version}\"\n\n[dependencies]\n"
            ),
        );
    }
    /// Replaces `from` (which occurs once) in the spec.
    fn edit_spec(&self, from: &str, to: &str) {
        let spec = self.read("azotte-spec/apis/demo/demo.yaml");
        assert_eq!(spec.matches(from).count(), 1, "`{from}` occurs once");
        self.write(
            "azotte-spec/apis/demo/demo.yaml",
            &spec.replacen(from, to, 1),
        );
    }
    fn git(&self, args: &[&str]) -> String {
        git_in(self.root(), args)
    }
    fn init(&self) {
        self.git(&["init", "-q", "-b", "main"]);
    }
    fn commit(&self, message: &str) -> String {
        self.git(&["add", "-A"]);
        self.git(&["commit", "-q", "-m", message]);
        self.git(&["rev-parse", "--short=12", "HEAD"])
    }
    /// The gate's outcome (its report printed for a failing test's log).
    fn check(&self) -> xtask::semver::Outcome {
        let out = xtask::semver::run(self.root(), &[]).unwrap_or_else(|e| panic!("{e}"));
        println!("{}", out.report);
        out
    }
}

fn git_in(dir: &Path, args: &[&str]) -> String {
    let out = Command::new("git")
        .current_dir(dir)
        .args(["-c", "user.name=Test", "-c", "user.email=test@example.com"])
        .args([
            "-c",
            "commit.gpgsign=false",
            "-c",
            "init.defaultBranch=main",
        ])
        .args(args)
        .output()
        .expect("git runs");
    assert!(
        out.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap().trim().to_owned()
}

#[test]
fn no_base_passes_and_says_why() {
    let repo = Repo::new("0.1.0");
    let out = repo.check();
    assert!(!out.failed);
    assert!(
        out.report.starts_with("semver-check: nothing to check: ")
            && out.report.contains("is not in a git repository"),
        "{}",
        out.report
    );

    repo.init();
    let out = repo.check();
    assert!(!out.failed);
    assert!(
        out.report.contains("the repository has no commits yet"),
        "{}",
        out.report
    );

    repo.commit("one");
    let single = "semver-check: nothing to check: HEAD has no parent (a single-commit or shallow clone) and no origin/main to take a merge base with: there is no base version to compare with\n";
    assert_eq!(repo.check().report, single);
    // A clone (origin/main = HEAD) of the single commit: still no base.
    let clone = tempfile::tempdir().unwrap();
    git_in(
        clone.path(),
        &["clone", "-q", repo.root().to_str().unwrap(), "."],
    );
    let out = xtask::semver::run(clone.path(), &[]).unwrap();
    assert_eq!((out.failed, out.report.as_str()), (false, single));
    // `codegen` leaves the version alone and says why.
    assert!(xtask::semver::raise_versions(repo.root())
        .unwrap()
        .starts_with("crate versions left as they are: HEAD has no parent"));
}

#[test]
fn breaking_change_needs_a_minor_bump_on_0x_and_a_changelog_entry() {
    // main holds 0.1.0; a clone works ahead of origin/main, as in a PR.
    let origin = Repo::new("0.1.0");
    origin.init();
    let base = origin.commit("base");
    let clone = tempfile::tempdir().unwrap();
    git_in(
        clone.path(),
        &["clone", "-q", origin.root().to_str().unwrap(), "."],
    );
    let repo = Repo(clone);
    let lock = "[[package]]\nname = \"demo-client\"\nversion = \"0.1.0\"\n\n[[package]]\nname = \"other\"\nversion = \"0.1.0\"\n";
    repo.write("Cargo.lock", lock);
    let ws = "[workspace]\n\n[workspace.dependencies]\nother = { path = \"other\", version = \"0.1.0\" }\ndemo-client = { path = \"generated/demo\", version = \"0.1.0\" }\n";
    repo.write("Cargo.toml", ws);
    repo.edit_spec("method: POST", "method: PUT");
    repo.commit("PUT");
    // A second breaking commit on the branch: still one bump from the base.
    repo.edit_spec("errors: [NOT_FOUND]", "errors: []");
    repo.commit("no NOT_FOUND");

    let out = repo.check();
    assert!(out.failed);
    assert!(
        out.report.starts_with(&format!(
            "semver-check: against {base} (the merge base of HEAD and origin/main)\n"
        )),
        "{}",
        out.report
    );
    assert!(out.report.contains(&format!(
        "FAIL demo: demo-client is at 0.1.0 but requires at least 0.2.0 (a minor bump from 0.1.0 at {base}), because of 2 breaking change(s):\n"
    )), "{}", out.report);
    // The breaking changes behind it, each with its verdicts.
    assert!(
        out.report.contains(
            "    - endpoint T-01 `store_thing`: POST → PUT\n        wire: breaking — old clients send the old HTTP method\n"
        ),
        "{}",
        out.report
    );
    assert!(
        out.report.contains("    - endpoint T-01 `store_thing`: error code `NOT_FOUND` removed\n        wire: non-breaking — the server stops sending a code old clients know\n        rust: breaking — variant `StoreThingError::NotFound` no longer exists\n"),
        "{}",
        out.report
    );
    assert!(
        out.report
            .contains("set `version = \"0.2.0\"` in generated/demo/Cargo.toml"),
        "{}",
        out.report
    );

    // `codegen` writes the version; then the changelog entry is missing.
    let raised = xtask::semver::raise_versions(repo.root()).unwrap();
    assert!(
        raised.starts_with(&format!("demo: raised demo-client from 0.1.0 to 0.2.0 (a minor bump for the spec changes since {base})")),
        "{raised}"
    );
    assert!(repo
        .read("generated/demo/Cargo.toml")
        .contains("\nversion = \"0.2.0\"\n"));
    // … and its Cargo.lock entry, so `cargo --locked` in CI accepts it.
    assert_eq!(repo.read("Cargo.lock"), lock.replacen("0.1.0", "0.2.0", 1));
    // … and the workspace's dependency entry (path + version, for `cargo package`).
    assert_eq!(
        repo.read("Cargo.toml"),
        ws.replace(
            "generated/demo\", version = \"0.1.0\"",
            "generated/demo\", version = \"0.2.0\""
        )
    );
    assert_eq!(
        xtask::semver::raise_versions(repo.root()).unwrap(),
        "",
        "a second run changes nothing"
    );
    let out = repo.check();
    assert!(out.failed);
    assert!(out.report.contains(&format!(
        "FAIL demo: demo-client moved from 0.1.0 to 0.2.0 but generated/demo/CHANGELOG.md has no `## [0.2.0]` entry: run `cargo xtask changelog --base {base}`\n"
    )), "{}", out.report);

    xtask::changelog::run(repo.root(), &["--base", &base, "--date", "2026-02-01"]).unwrap();
    let out = repo.check();
    assert!(!out.failed, "{}", out.report);
    assert!(out.report.ends_with(&format!(
        "demo: 2 change(s) since {base} (2 breaking) need 0.2.0 (a minor bump from 0.1.0); demo-client is at 0.2.0: ok\n"
    )), "{}", out.report);

    // Versions never go down.
    repo.set_version("0.0.9");
    let out = repo.check();
    assert!(out.failed);
    assert!(
        out.report.contains(&format!(
            "FAIL demo: demo-client went down from 0.1.0 at {base} to 0.0.9"
        )),
        "{}",
        out.report
    );
}

#[test]
fn non_breaking_change_needs_a_patch_bump_on_0x_and_a_minor_from_1_0() {
    for (at, need, bump) in [("0.1.0", "0.1.1", "patch"), ("1.0.0", "1.1.0", "minor")] {
        let repo = Repo::new(at);
        repo.write(
            "generated/demo/CHANGELOG.md",
            &CHANGELOG.replace("0.1.0", at),
        );
        repo.init();
        let base = repo.commit("base");
        repo.edit_spec("#AREAS\n", NEW_AREA);
        repo.commit("an area");
        // On main itself the base is the previous commit.
        let out = repo.check();
        assert!(out.failed, "{at}");
        assert!(
            out.report.starts_with(&format!(
                "semver-check: against {base} (HEAD~1, the previous commit)\n"
            )),
            "{}",
            out.report
        );
        assert!(out.report.contains(&format!(
            "FAIL demo: demo-client is at {at} but requires at least {need} (a {bump} bump from {at} at {base}), because of 1 change(s):\n    - endpoint T-02 `list_things`: added"
        )), "{}", out.report);

        repo.set_version(need);
        xtask::changelog::run(repo.root(), &["--base", &base, "--date", "2026-02-01"]).unwrap();
        let out = repo.check();
        assert!(!out.failed, "{}", out.report);
        assert!(
            out.report.contains(&format!("(0 breaking) need {need}")),
            "{}",
            out.report
        );
        // Committed, the bump is the last commit: the spec is unchanged since
        // HEAD~1 and the moved version has its entry.
        repo.commit("release");
        let out = repo.check();
        assert!(!out.failed, "{}", out.report);
        assert!(
            out.report.ends_with(&format!(
                "demo: no spec changes since {}; demo-client is at {need}: ok\n",
                repo.git(&["rev-parse", "--short=12", "HEAD~1"])
            )),
            "{}",
            out.report
        );
    }
}

#[test]
fn a_given_base_must_be_a_commit() {
    let repo = Repo::new("0.1.0");
    repo.init();
    repo.commit("one");
    let e = xtask::semver::run(repo.root(), &["--base", "nope"]).unwrap_err();
    assert_eq!(e, "`nope` is not a commit of this repository");
    let e = xtask::semver::run(repo.root(), &["--bass"]).unwrap_err();
    assert_eq!(e, "unknown arguments `--bass`");
}
