"""The conformance steps, judged by tools this repository did not write.

    python run.py validate        openapi-spec-validator on every generated/*/openapi.json
    python run.py schemathesis [RUN...]
                                  schemathesis against a fresh local gateway, one run per
                                  lane of the azotte API and one for Automatum (RUN names
                                  some of them: c2a, m2m, p2m, t2m, automatum)

Run through `.ci/conformance.sh`, which installs the pinned tools first. Each
step prints what it ran and its figures, and exits non-zero on any finding.
"""

from __future__ import annotations

import json
import os
import re
import shlex
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import hooks

ROOT = Path(__file__).resolve().parents[2]
HERE = Path(__file__).resolve().parent
REPORTS = ROOT / "target" / "conformance"

# Bounds of the schemathesis step (issue 13): at most 50 examples per
# operation, a fixed seed, 8 minutes for all runs together.
MAX_EXAMPLES = 50
SEED = 13
TOTAL_SECONDS = 8 * 60


def documents() -> list[Path]:
    return sorted(ROOT.glob("generated/*/openapi.json"))


def validate() -> int:
    """Validates each document as OpenAPI 3.1 and prints every error."""
    from openapi_spec_validator import OpenAPIV31SpecValidator

    docs = documents()
    print(f"ran: openapi-spec-validator (OpenAPIV31SpecValidator) on {len(docs)} document(s): "
          + ", ".join(str(d.relative_to(ROOT)) for d in docs))
    errors = 0
    for doc in docs:
        spec = json.loads(doc.read_text(encoding="utf-8"))
        found = list(OpenAPIV31SpecValidator(spec).iter_errors())
        errors += len(found)
        paths = len(spec.get("paths", {}))
        print(f"  {doc.relative_to(ROOT)}: openapi {spec.get('openapi')}, {paths} path(s), {len(found)} error(s)")
        for error in found:
            where = "/".join(str(p) for p in error.absolute_path) or "(root)"
            print(f"    error at {where}: {error.message}")
    print(f"openapi-spec-validator: {len(docs)} document(s) validated, {errors} error(s)")
    if not docs:
        print("error: no generated/*/openapi.json; run `cargo xtask codegen`", file=sys.stderr)
        return 1
    return 1 if errors else 0


@dataclass
class Run:
    """One schemathesis run: a lane of an API against a fresh gateway."""

    name: str
    document: str
    spec_dir: str | None
    lane_prefix: str | None
    auth: str
    client_auth: str = "basic"


RUNS = [
    Run("c2a", "generated/azotte/openapi.json", None, "/c2a/", "api_key"),
    Run("m2m", "generated/azotte/openapi.json", None, "/m2m/", "service_token"),
    Run("p2m", "generated/azotte/openapi.json", None, "/p2m/", "user_token"),
    Run("t2m", "generated/azotte/openapi.json", None, "/t2m/", "partner"),
    Run("automatum", "generated/automatum/openapi.json", "azotte-spec/apis/automatum", None, "service_token", "form"),
]


def server_path(spec: dict) -> str:
    """The path of the document's first server, its variables at their defaults."""
    server = spec["servers"][0]
    url = server["url"]
    for name, variable in server.get("variables", {}).items():
        url = url.replace("{" + name + "}", str(variable["default"]))
    path = re.sub(r"^[a-z]+://[^/]+", "", url)
    return path.rstrip("/")


def has_links(spec: dict, prefix: str | None) -> bool:
    """Whether a success response of an operation under `prefix` has links."""
    return any(
        response.get("links")
        for path, item in spec.get("paths", {}).items()
        if prefix is None or path.startswith(prefix)
        for operation in item.values()
        if isinstance(operation, dict)
        for response in operation.get("responses", {}).values()
    )


class Gateway:
    """A fresh `azotte-gateway` on a free port; stopped (by its pid) on exit."""

    def __init__(self, binary: Path, spec_dir: str | None, log: Path) -> None:
        # The P2M user token made strict (`--user-token`): by default the
        # gateway takes any bearer, which `ignored_auth` rightly refuses.
        args = [str(binary), "--port", "0", "--user-token", hooks.USER_TOKEN]
        if spec_dir:
            args += ["--spec", str(ROOT / spec_dir)]
        self.log = log.open("w")
        self.process = subprocess.Popen(args, cwd=ROOT, stdout=subprocess.PIPE, stderr=self.log, text=True)
        line = self.process.stdout.readline().strip()
        match = re.fullmatch(r"listening on (http://\S+)", line)
        if not match:
            self.stop()
            raise RuntimeError(f"the gateway did not start (printed {line!r}); see {log}")
        self.origin = match.group(1).rstrip("/")

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.log.close()


def build_gateway() -> Path:
    command = ["cargo", "build", "--quiet", "-p", "azotte-gateway"]
    print("ran: " + shlex.join(command))
    subprocess.run(command, cwd=ROOT, check=True)
    target = Path(os.environ.get("CARGO_TARGET_DIR", ROOT / "target"))
    return target / "debug" / "azotte-gateway"


def schemathesis(selected: list[str]) -> int:
    runs = [r for r in RUNS if not selected or r.name in selected]
    unknown = set(selected) - {r.name for r in RUNS}
    if unknown:
        print(f"error: unknown run(s) {sorted(unknown)}; known: {[r.name for r in RUNS]}", file=sys.stderr)
        return 2
    binary = build_gateway()
    REPORTS.mkdir(parents=True, exist_ok=True)
    deadline = time.monotonic() + TOTAL_SECONDS
    totals = {"operations": 0, "cases": 0, "failures": 0, "errors": 0}
    failed_runs = []
    for run in runs:
        figures = one_run(run, binary, deadline)
        for key in totals:
            totals[key] += figures[key]
        if figures["failed"]:
            failed_runs.append(run.name)
    print(
        f"schemathesis: {len(runs)} run(s), {totals['operations']} operations, {totals['cases']} cases, "
        f"{totals['failures']} failures, {totals['errors']} errors"
        + (f"; failed: {', '.join(failed_runs)}" if failed_runs else "")
    )
    return 1 if failed_runs else 0


def one_run(run: Run, binary: Path, deadline: float) -> dict:
    document = ROOT / run.document
    spec = json.loads(document.read_text(encoding="utf-8"))
    report = REPORTS / f"{run.name}.json"
    report.unlink(missing_ok=True)
    gateway = Gateway(binary, run.spec_dir, REPORTS / f"{run.name}-gateway.log")
    try:
        base_url = gateway.origin + server_path(spec)
        # The stateful phase follows the document's links; a run whose
        # operations have none cannot have it (schemathesis calls that an
        # error), so it is asked for exactly where links exist.
        phases = ["examples", "coverage", "fuzzing"]
        if has_links(spec, run.lane_prefix):
            phases.append("stateful")
        else:
            print(f"{run.name}: no OpenAPI links among its operations, so no stateful phase")
        command = [
            str(Path(sys.executable).parent / "schemathesis"),
            "--config-file", str(HERE / "schemathesis.toml"),
            "run", str(document),
            "--url", base_url,
            "--checks", "all",
            "--phases", ",".join(phases),
            "--max-examples", str(MAX_EXAMPLES),
            "--seed", str(SEED),
            "--workers", "1",
            "--generation-database", "none",
            "--request-timeout", "10",
            "--no-color",
            "--report", "json",
            "--report-json-path", str(report),
        ]
        if run.lane_prefix:
            command += ["--include-path-regex", "^" + re.escape(run.lane_prefix)]
        env = dict(os.environ)
        env.update(
            PYTHONPATH=str(HERE),
            SCHEMATHESIS_HOOKS="hooks",
            AZOTTE_CONFORMANCE_AUTH=run.auth,
            AZOTTE_CONFORMANCE_TOKEN_URL=base_url + "/oauth/token",
            AZOTTE_CONFORMANCE_CLIENT_AUTH=run.client_auth,
        )
        print(f"\n--- schemathesis: {run.name} against {base_url} (fresh gateway)")
        print("ran: " + shlex.join(command))
        budget = max(1, int(deadline - time.monotonic()))
        log = REPORTS / f"{run.name}.log"
        with log.open("w") as out:
            try:
                # In target/conformance: what the tools leave behind
                # (hypothesis' scratch directory) stays out of the clone.
                status = subprocess.run(command, cwd=REPORTS, env=env, stdout=out, stderr=subprocess.STDOUT,
                                        timeout=budget).returncode
            except subprocess.TimeoutExpired:
                status = None
    finally:
        gateway.stop()
    print(log.read_text(encoding="utf-8", errors="replace"), end="")
    return summarize(run, report, status)


def summarize(run: Run, report: Path, status: int | None) -> dict:
    if not report.exists():
        why = "the 8-minute budget ran out" if status is None else f"schemathesis exited {status} without a report"
        print(f"{run.name}: FAILED, {why}")
        return {"operations": 0, "cases": 0, "failures": 0, "errors": 1, "failed": True}
    data = json.loads(report.read_text(encoding="utf-8"))
    operations = (data.get("operations") or {}).get("tested", 0)
    cases = data["test_cases"]["generated"]
    failures = sum(group["count"] for group in data["failures"])
    errors = sum(group["count"] for group in data["errors"])
    failed = status != 0 or failures > 0 or errors > 0 or operations == 0
    print(f"{run.name}: {operations} operations, {cases} cases, {failures} failures, {errors} errors, "
          f"{data['running_time']:.0f} s, schemathesis exit {status}" + (" — FAILED" if failed else ""))
    phases = ", ".join(
        f"{name} {info['status']}" + (f" ({info['skip_reason']})" if info.get("skip_reason") else "")
        for name, info in (data.get("phases") or {}).items()
    )
    print(f"  phases: {phases}")
    for group in data["failures"]:
        print(f"  failure: {group['title']} ({group['type']}, {group['count']}×) in {', '.join(group['operations'])}")
    for group in data["errors"]:
        print(f"  error: {group['title']} ({group['count']}×)")
    for warning, where in (data.get("warnings") or {}).items():
        if where:
            print(f"  warning: {warning} in {', '.join(where)}")
    if operations == 0:
        print(f"  error: no operation of {run.name} was tested")
    return {"operations": operations, "cases": cases, "failures": failures, "errors": errors, "failed": failed}


def main(argv: list[str]) -> int:
    if not argv or argv[0] not in ("validate", "schemathesis"):
        print(__doc__, file=sys.stderr)
        return 2
    if argv[0] == "validate":
        return validate()
    return schemathesis(argv[1:])


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
