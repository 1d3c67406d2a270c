#!/usr/bin/env bash
# The published crates build with the oldest Rust their manifests promise
# (`rust-version`, Cargo.toml's [workspace.package]), checked with that very
# compiler, not inferred: installed once by rustup (minimal profile, ~30 s),
# then `cargo check` of the packages named (.ci/run passes the published ones), in a
# target directory of its own so the main build is untouched.
# README, "License and Rust version".
set -euo pipefail
cd "$(dirname "$0")/.."

msrv=$(sed -n 's/^rust-version *= *"\(.*\)"/\1/p' Cargo.toml | head -n1)
if [ -z "$msrv" ]; then
  echo "error: Cargo.toml's [workspace.package] has no rust-version" >&2
  exit 1
fi
toolchain="$msrv"
case "$toolchain" in *.*.*) ;; *) toolchain="$toolchain.0" ;; esac

packages="$*"
if [ -z "$packages" ]; then
  echo "usage: .ci/msrv.sh PACKAGE... (the published crates; .ci/run passes them)" >&2
  exit 2
fi

rustup toolchain install "$toolchain" --profile minimal
args=()
for p in $packages; do args+=(-p "$p"); done
echo "checking with rustc $toolchain: $packages"
cargo "+$toolchain" check --locked --target-dir target/msrv "${args[@]}"
