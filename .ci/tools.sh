#!/usr/bin/env bash
# Installs the pinned conformance tools in a cache outside the clone and says
# what is there. Source it (`. .ci/tools.sh`) to get AZOTTE_CI_VENV and
# AZOTTE_CI_NPM and the tools on PATH, or run it to install and print.
#
#   Python (CPython >= 3.10, pip): .ci/conformance/requirements.txt, every
#     package pinned: openapi-spec-validator, schemathesis, check-jsonschema and their closure,
#     into $AZOTTE_CI_CACHE/venv.
#   Node (node >= 18.20, npm): .ci/conformance/package-lock.json
#     (@stoplight/prism-cli) with `npm ci`, into $AZOTTE_CI_CACHE/npm.
#
# The cache defaults to ~/.cache/azotte-ci. Each install is stamped with the
# sha256 of its pin file and the interpreter's version; a cache whose stamp
# matches is reused as it is (a second run takes a second), any other is
# rebuilt from scratch, so a stale or half-finished install never lingers.
set -euo pipefail

AZOTTE_CI_CACHE="${AZOTTE_CI_CACHE:-${HOME:-/root}/.cache/azotte-ci}"
_tools_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")/conformance" && pwd)"
AZOTTE_CI_VENV="$AZOTTE_CI_CACHE/venv"
AZOTTE_CI_NPM="$AZOTTE_CI_CACHE/npm"
export AZOTTE_CI_CACHE AZOTTE_CI_VENV AZOTTE_CI_NPM

_tools_stamp() { # <pin file> <runtime version>
  printf '%s %s\n' "$(sha256sum "$1" | cut -d' ' -f1)" "$2"
}

_tools_python() {
  local python=${PYTHON:-python3}
  command -v "$python" >/dev/null || { echo "error: $python not found; the conformance steps need CPython >= 3.10 with pip and venv" >&2; return 1; }
  local want
  want="$(_tools_stamp "$_tools_dir/requirements.txt" "$("$python" -c 'import sys; print(sys.version.split()[0])')")"
  if [[ -f "$AZOTTE_CI_VENV/.azotte-stamp" && "$(cat "$AZOTTE_CI_VENV/.azotte-stamp")" == "$want" ]] \
    && "$AZOTTE_CI_VENV/bin/python" -c 'import schemathesis, openapi_spec_validator, check_jsonschema' 2>/dev/null; then
    echo "python tools: reusing $AZOTTE_CI_VENV"
    return 0
  fi
  echo "python tools: installing into $AZOTTE_CI_VENV"
  rm -rf "$AZOTTE_CI_VENV"
  mkdir -p "$AZOTTE_CI_CACHE"
  "$python" -m venv "$AZOTTE_CI_VENV"
  "$AZOTTE_CI_VENV/bin/python" -m pip install --quiet --disable-pip-version-check \
    --no-input --retries 5 --require-virtualenv -r "$_tools_dir/requirements.txt"
  echo "$want" > "$AZOTTE_CI_VENV/.azotte-stamp"
}

_tools_node() {
  command -v npm >/dev/null || { echo "error: npm not found; the conformance steps need node >= 18.20 with npm" >&2; return 1; }
  local want
  want="$(_tools_stamp "$_tools_dir/package-lock.json" "$(node --version)")"
  if [[ -f "$AZOTTE_CI_NPM/.azotte-stamp" && "$(cat "$AZOTTE_CI_NPM/.azotte-stamp")" == "$want" ]] \
    && [[ -x "$AZOTTE_CI_NPM/node_modules/.bin/prism" ]]; then
    echo "node tools: reusing $AZOTTE_CI_NPM"
    return 0
  fi
  echo "node tools: installing into $AZOTTE_CI_NPM"
  rm -rf "$AZOTTE_CI_NPM"
  mkdir -p "$AZOTTE_CI_NPM"
  cp "$_tools_dir/package.json" "$_tools_dir/package-lock.json" "$AZOTTE_CI_NPM/"
  # No install scripts (none is needed) and no engine the pins do not allow.
  (cd "$AZOTTE_CI_NPM" && npm ci --no-audit --no-fund --ignore-scripts --engine-strict --loglevel=error \
    --cache "$AZOTTE_CI_CACHE/npm-cache")
  echo "$want" > "$AZOTTE_CI_NPM/.azotte-stamp"
}

_tools_python
_tools_node
export PATH="$AZOTTE_CI_VENV/bin:$AZOTTE_CI_NPM/node_modules/.bin:$PATH"
echo "installed: $("$AZOTTE_CI_VENV/bin/python" - <<'PY'
from importlib.metadata import version
print(", ".join(f"{name} {version(name)}" for name in ("openapi-spec-validator", "schemathesis", "hypothesis", "check-jsonschema")))
PY
), @stoplight/prism-cli $(prism --version) (python $("$AZOTTE_CI_VENV/bin/python" -c 'import platform; print(platform.python_version())'), node $(node --version))"
