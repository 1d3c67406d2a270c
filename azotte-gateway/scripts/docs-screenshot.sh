#!/usr/bin/env bash
# Real-browser check of the gateway's API reference: starts the gateway on a
# free port, opens /docs in headless Chromium (Debian's `chromium` package),
# writes a screenshot to OUTPUT.png, and fails unless the rendered DOM shows
# the document: its title and its first operations (operationId or summary),
# or Swagger UI's "No operations defined in spec!" for a document without
# paths. An empty shell (scripts not loaded, document not fetched) fails.
#
# usage: azotte-gateway/scripts/docs-screenshot.sh OUTPUT.png [gateway flags…]
#   e.g. … /tmp/docs.png --spec azotte-spec/apis/automatum
# Needs: cargo, curl, python3, chromium (`apt-get install -y chromium`).
set -euo pipefail

if [ $# -lt 1 ]; then
  echo "usage: $0 OUTPUT.png [gateway flags...]" >&2
  exit 2
fi
output=$1
shift
root=$(cd "$(dirname "$0")/../.." && pwd)
for tool in chromium curl python3 cargo; do
  command -v "$tool" >/dev/null || { echo "error: $tool is not installed" >&2; exit 1; }
done

cargo build --quiet --manifest-path "$root/Cargo.toml" -p azotte-gateway
bin=${CARGO_TARGET_DIR:-$root/target}/debug/azotte-gateway

work=$(mktemp -d)
gateway=
cleanup() {
  if [ -n "$gateway" ]; then kill "$gateway" 2>/dev/null || true; wait "$gateway" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

(cd "$root" && exec "$bin" --port 0 --quiet "$@") >"$work/stdout" 2>"$work/stderr" &
gateway=$!
base=
for _ in $(seq 100); do
  base=$(sed -n 's/^listening on //p' "$work/stdout")
  [ -n "$base" ] && break
  kill -0 "$gateway" 2>/dev/null || { echo "error: the gateway did not start:" >&2; cat "$work/stderr" >&2; exit 1; }
  sleep 0.1
done
[ -n "$base" ] || { echo "error: the gateway printed no address in 10 s" >&2; exit 1; }

curl -fsS "$base/docs" >"$work/shell.html"
curl -fsS "$base/openapi.json" >"$work/openapi.json"

browse() {
  chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
    --disable-background-networking --disable-component-update --disable-sync \
    --user-data-dir="$(mktemp -d -p "$work")" --window-size=1280,2000 \
    --virtual-time-budget=10000 "$@" "$base/docs" 2>>"$work/chromium.log"
}
browse --dump-dom >"$work/dom.html"
browse --screenshot="$output" >/dev/null

python3 "$(dirname "$0")/docs-rendered.py" "$work/openapi.json" "$work/shell.html" "$work/dom.html"
echo "screenshot: $output"
