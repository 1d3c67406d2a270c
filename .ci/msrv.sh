#!/usr/bin/env bash
# The published crates build with the oldest Rust their manifests promise
# (`rust-version`, Cargo.toml's [workspace.package]), checked with that very
# compiler, not inferred: installed once by rustup (minimal profile, ~30 s),
# then `cargo check` of every package whose `publish` allows crates.io, in a
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

# Packages that may be published: `publish` is null (anywhere) or names a
# registry; `publish = false` reads as [].
packages=$(cargo metadata --format-version 1 --no-deps --locked | python3 -c '
import json, sys
meta = json.load(sys.stdin)
names = [p["name"] for p in meta["packages"] if p.get("publish") != []]
print(" ".join(sorted(names)))
')
if [ -z "$packages" ]; then
  echo "error: no workspace package is publishable; nothing to check against rust-version $msrv" >&2
  exit 1
fi

rustup toolchain install "$toolchain" --profile minimal
args=()
for p in $packages; do args+=(-p "$p"); done
echo "checking with rustc $toolchain: $packages"
cargo "+$toolchain" check --locked --target-dir target/msrv "${args[@]}"
