#!/usr/bin/env bash
# The heavy half of the mutation property test (azotte-spec/tests/mutants.rs):
# runs N mutants, writes the crate generated from a sample of the accepted
# ones (up to SAMPLE) and `cargo check`s each, so "the validator accepted it"
# also means "it compiles", not only "it parses". Not in CI (minutes per crate
# on a small machine); run it after changing the validator or the generator.
#
#   scripts/check-mutants.sh [N=2000] [SAMPLE=10] [SEED=15]
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-2000}
sample=${2:-10}
seed=${3:-15}
out=target/mutant-crates
rm -rf "$out"
AZOTTE_MUTANTS=$n AZOTTE_MUTANTS_SAMPLE=$sample AZOTTE_MUTANTS_SEED=$seed \
  AZOTTE_MUTANTS_WRITE="$PWD/$out" \
  cargo test -p azotte-spec --test mutants --release -- mutated_specs
failed=0
checked=0
for crate in "$out"/*/; do
  [ -f "$crate/Cargo.toml" ] || continue
  checked=$((checked + 1))
  # One target directory for all of them: the runtime is built once.
  if ! CARGO_TARGET_DIR=target/mutant-check cargo check -q --manifest-path "$crate/Cargo.toml"; then
    echo "FAILED: $crate (its spec is in $crate/spec)"
    failed=$((failed + 1))
  fi
done
echo "checked $checked mutant crates, $failed failed"
[ "$checked" -gt 0 ] && [ "$failed" -eq 0 ]
