#!/usr/bin/env bash
# The generated crates' rustdoc, warnings denied (issue 14): for each crate
# under generated/, every lane feature alone, then all of them. A lane alone
# must not leave links to the lanes compiled out, and every public item must
# be documented (`#![warn(missing_docs)]`). `--no-deps` keeps it cheap: the
# dependencies are documented by their own crates.
set -euo pipefail
cd "$(dirname "$0")/.."
export RUSTDOCFLAGS="${RUSTDOCFLAGS:-} -D warnings"
for manifest in generated/*/Cargo.toml; do
  package=$(sed -n 's/^name = "\(.*\)"$/\1/p' "$manifest" | head -n1)
  # The lane features: the `[features]` table's keys except `default` and
  # the ones every generated crate has (client, rustls, native-tls).
  lanes=$(awk '/^\[features\]/{on=1; next} /^\[/{on=0} on && /^[a-z0-9_-]+ = /{print $1}' "$manifest" |
    grep -vxE 'default|client|rustls|native-tls')
  for lane in $lanes; do
    echo "--> $package: --features $lane"
    cargo doc --locked --no-deps -q -p "$package" --no-default-features --features "$lane"
  done
  # All lanes together, still without other default features (as each lane
  # alone is built), so only the lane set differs between the runs.
  all=$(echo $lanes | tr ' ' ',')
  echo "--> $package: --features $all"
  cargo doc --locked --no-deps -q -p "$package" --no-default-features --features "$all"
done
