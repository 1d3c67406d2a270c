//! The generated crates' cargo features (issue 14, README "Cargo features"):
//! a webhook-only build (`--no-default-features --features <inbound lane>`)
//! has no HTTP client, async runtime or TLS stack among its normal
//! dependencies, and the TLS features pick the stack they name. Read through
//! `cargo tree`, so the check follows the manifests and the lockfile. That
//! these configurations compile is `.ci/run`'s `cargo check` steps.

use std::collections::BTreeSet;
use std::process::Command;

/// The HTTP client, the async runtime and every TLS stack reqwest can use.
const CLIENT_STACK: &[&str] = &[
    "reqwest",
    "tokio",
    "hyper",
    "hyper-util",
    "h2",
    "rustls",
    "tokio-rustls",
    "aws-lc-rs",
    "ring",
    "native-tls",
    "openssl",
];

/// The names of the packages in `package`'s normal dependency tree with
/// these feature arguments.
fn normal_tree(package: &str, features: &[&str]) -> BTreeSet<String> {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    let out = Command::new(cargo)
        .args(["tree", "--locked", "-e", "normal", "--prefix", "none"])
        .args(["--format", "{p}", "-p", package])
        .args(features)
        .current_dir(xtask::workspace_root().unwrap())
        .output()
        .expect("cargo tree runs");
    assert!(
        out.status.success(),
        "cargo tree -p {package} {features:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .filter_map(|l| l.split_whitespace().next())
        .map(str::to_owned)
        .collect()
}

fn client_stack_in(tree: &BTreeSet<String>) -> Vec<&'static str> {
    CLIENT_STACK
        .iter()
        .copied()
        .filter(|p| tree.contains(*p))
        .collect()
}

#[test]
fn a_webhook_only_build_has_no_http_client_runtime_or_tls() {
    for (package, lane) in [("azotte-client", "w2m"), ("automatum-client", "webhooks")] {
        let tree = normal_tree(package, &["--no-default-features", "--features", lane]);
        assert!(
            tree.contains("azotte-runtime") && tree.contains("hmac") && tree.contains("sha2"),
            "{package} with {lane} alone still verifies webhooks: {tree:?}"
        );
        assert_eq!(
            client_stack_in(&tree),
            Vec::<&str>::new(),
            "{package} --no-default-features --features {lane}"
        );
    }
    assert_eq!(
        client_stack_in(&normal_tree("azotte-runtime", &["--no-default-features"])),
        Vec::<&str>::new(),
        "azotte-runtime --no-default-features"
    );
}

#[test]
fn the_tls_features_pick_their_stack() {
    let default = normal_tree("azotte-client", &[]);
    for package in ["reqwest", "tokio", "rustls", "aws-lc-rs"] {
        assert!(default.contains(package), "default features lack {package}");
    }
    assert!(!default.contains("native-tls"), "rustls is the default");

    let native = normal_tree(
        "azotte-client",
        &["--no-default-features", "--features", "native-tls,c2a"],
    );
    assert!(native.contains("reqwest") && native.contains("native-tls"));
    assert!(!native.contains("rustls"), "native-tls alone: no rustls");

    // An outbound lane turns the client on; TLS is the caller's choice.
    let plain = normal_tree(
        "azotte-client",
        &["--no-default-features", "--features", "c2a"],
    );
    assert!(plain.contains("reqwest") && plain.contains("tokio"));
    assert!(!plain.contains("rustls") && !plain.contains("native-tls"));
}

#[test]
fn a_lane_named_like_a_crate_feature_is_refused() {
    let lane = |name: &str, client| azotte_codegen::LaneFeature {
        name: name.into(),
        client,
    };
    let error = xtask::features_table(&[lane("c2a", true), lane("native-tls", true)]).unwrap_err();
    assert_eq!(
        error,
        "lane `native-tls` has the name of a crate feature every generated crate has \
         (client, rustls, native-tls); rename the lane"
    );
    let table = xtask::features_table(&[lane("c2a", true), lane("w2m", false)]).unwrap();
    assert!(
        table.contains("\nc2a = [\"client\"]\nw2m = []\n"),
        "{table}"
    );
}
