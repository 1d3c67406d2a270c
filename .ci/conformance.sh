#!/usr/bin/env bash
# The conformance steps (issue 13), each one command:
#
#   bash .ci/conformance.sh tools          install the pinned tools (cached) and print their versions
#   bash .ci/conformance.sh validate       openapi-spec-validator on every generated/*/openapi.json
#   bash .ci/conformance.sh schemathesis   schemathesis against a fresh gateway per lane
#   bash .ci/conformance.sh schemathesis c2a t2m     only those runs (c2a m2m p2m t2m automatum)
#   bash .ci/conformance.sh prism          the generated clients against Prism mocking each document
#   bash .ci/conformance.sh prism azotte   only that API (azotte automatum)
#   bash .ci/conformance.sh all            validate, then schemathesis
#
# Tools live in ${AZOTTE_CI_CACHE:-~/.cache/azotte-ci} (see .ci/tools.sh);
# reports and gateway logs in target/conformance/. Any finding exits non-zero.
set -euo pipefail
cd "$(dirname "$0")/.."

step=${1:-all}
shift || true
. .ci/tools.sh
run() { "$AZOTTE_CI_VENV/bin/python" .ci/conformance/run.py "$@"; }
case "$step" in
  tools) ;;
  validate) run validate ;;
  schemathesis) run schemathesis "$@" ;;
  prism)
    # prism-drive (crate `conformance`) starts `prism mock --dynamic --seed`
    # per API on a free port, drives every operation through the typed client
    # PRISM_CALLS times per documented status, prints the figures, stops Prism
    # and exits non-zero on any failure. Prism's logs: target/prism/<api>.log.
    apis=()
    for api in "$@"; do apis+=(--api "$api"); done
    cargo run --quiet --locked -p conformance --bin prism-drive -- \
      --prism "$AZOTTE_CI_NPM/node_modules/.bin/prism" \
      --calls "${PRISM_CALLS:-20}" --seed "${PRISM_SEED:-1}" "${apis[@]}" ;;
  all) run validate && run schemathesis "$@" ;;
  *) echo "usage: bash .ci/conformance.sh [tools|validate|schemathesis [RUN...]|prism [API...]|all]" >&2; exit 2 ;;
esac
