"""Runs every benchmark and writes ``bench/results.md`` (``make bench``).

Each measurement runs in a fresh process (``bench/perf/child.py``) after its preparation
(another process); Kafka and PostgreSQL are started first on the benchmark's own ports and
var dir (``bench/perf/env.py``) and stopped at the end::

    .venv/bin/python -m bench.perf.run                 # everything, about 20 minutes
    .venv/bin/python -m bench.perf.run --quick         # small data: a smoke run
    .venv/bin/python -m bench.perf.run --only relay    # the rows whose keys match
    .venv/bin/python -m bench.perf.run --ref HEAD      # measure a commit, not the tree

With ``--ref`` the product code comes from ``git archive REF`` (the harness stays the
working tree's): other work in progress in the tree does not move the figures.
"""

from __future__ import annotations

import argparse
import importlib
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator, Sequence
from contextlib import ExitStack, contextmanager
from datetime import UTC, datetime
from pathlib import Path
from types import ModuleType

from bench.perf import env

env.configure()

from bench.perf.measure import Measurement, Result  # noqa: E402
from bench.perf.report import Row, document  # noqa: E402
from bench.perf.stats import Better  # noqa: E402

REPO = Path(__file__).resolve().parents[2]
MODULES = (
    "intake",
    "intake_http",
    "relay",
    "diagnosis",
    "projection",
    "projection_group",
    "replay",
    "growth",
    "freshness",
    "flags",
    "verdicts",
)
CHILD_TIMEOUT_S = 900


def modules() -> list[ModuleType]:
    return [importlib.import_module(f"bench.perf.{name}") for name in MODULES]


def selected(only: Sequence[str]) -> tuple[list[Row], dict[str, Measurement]]:
    rows: list[Row] = []
    measurements: dict[str, Measurement] = {}
    for module in modules():
        measurements.update((m.key, m) for m in module.MEASUREMENTS)
        rows.extend(
            row
            for row in module.ROWS
            if not only or any(o in key for o in only for key in (row.figure, row.ceiling or ""))
        )
    return rows, measurements


def keys_of(rows: Sequence[Row]) -> list[str]:
    """Every measurement the rows need, figures before their ceilings, each once."""
    keys: list[str] = []
    for row in rows:
        for key in (row.figure, row.ceiling):
            if key and key not in keys:
                keys.append(key)
    return keys


@contextmanager
def servers(needs: set[str]) -> Iterator[None]:
    from tests.support import servers as helpers  # after env.configure(): the bench ports

    with ExitStack() as stack:
        if "kafka" in needs:
            print(f"starting Kafka on {helpers.KAFKA_TEST_PORT} ...", flush=True)
            server = helpers.start_kafka(helpers.KafkaServer(), fresh=True)
            stack.callback(helpers.stop_kafka, server)
        if "postgres" in needs:
            print(f"starting PostgreSQL on {helpers.PG_TEST_PORT} ...", flush=True)
            pg = helpers.start_postgres(helpers.PostgresServer(), fresh=True)
            stack.callback(helpers.stop_postgres, pg)
        yield


def code_path(ref: str | None, workdir: Path) -> str | None:
    """``PYTHONPATH`` of the product code at ``ref`` (exported read-only with git archive)."""
    if ref is None:
        return None
    target = workdir / "code"
    shutil.rmtree(target, ignore_errors=True)
    target.mkdir(parents=True)
    archive = subprocess.run(
        ["git", "-C", str(REPO), "archive", ref], capture_output=True, check=True
    ).stdout
    subprocess.run(["tar", "-x", "-C", str(target)], input=archive, check=True)
    sources = sorted(target.glob("libs/*/src")) + sorted(target.glob("services/*/src"))
    return os.pathsep.join(str(path) for path in sources)


def child(key: str, phase: str, workdir: Path, quick: bool, out: Path) -> str | None:
    """Run one phase in a fresh process; returns why it failed, or None."""
    command = [sys.executable, "-m", "bench.perf.child", key, "--workdir", str(workdir)]
    command += ["--phase", phase, "--out", str(out)] + (["--quick"] if quick else [])
    try:
        done = subprocess.run(
            command, cwd=REPO, capture_output=True, text=True, timeout=CHILD_TIMEOUT_S, check=False
        )
    except subprocess.TimeoutExpired:
        return f"{phase} did not finish in {CHILD_TIMEOUT_S} s"
    if done.returncode != 0:
        (workdir / "failures").mkdir(exist_ok=True)
        (workdir / "failures" / f"{key.replace(':', '-')}-{phase}.log").write_text(done.stderr)
        last = (done.stderr.strip().splitlines() or ["no output"])[-1]
        return f"{phase} failed: {last[:200]}"
    return None


def measure(key: str, measurement: Measurement, workdir: Path, quick: bool) -> Result:
    out = workdir / "results" / f"{key.replace(':', '-')}.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    for phase in ("prepare", "measure") if measurement.prepare else ("measure",):
        failure = child(key, phase, workdir, quick, out)
        if failure:
            return Result(0.0, "", Better.HIGHER, skipped=failure)
    return Result.from_json(json.loads(out.read_text()))


def machine(started: datetime, seconds: float, quick: bool, ref: str | None) -> list[str]:
    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ),
        platform.processor() or "unknown CPU",
    )
    memory = next(
        line.split()[1]
        for line in Path("/proc/meminfo").read_text().splitlines()
        if line.startswith("MemTotal")
    )
    commit = subprocess.run(
        ["git", "-C", str(REPO), "rev-parse", "--short", ref or "HEAD"],
        capture_output=True,
        text=True,
        check=False,
    ).stdout.strip()
    dirty = subprocess.run(
        ["git", "-C", str(REPO), "status", "--porcelain", "--untracked-files=no"],
        capture_output=True,
        text=True,
        check=False,
    ).stdout.strip()
    code = (
        f"commit {commit}"
        if ref
        else f"working tree at {commit}" + (" with changes" if dirty else "")
    )
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    return [
        f"date: {started:%Y-%m-%d %H:%M} UTC; {seconds / 60:.1f} minutes"
        + (" (--quick: small data, figures not comparable)" if quick else ""),
        f"code measured: {code}",
        f"machine: {cpu}, {os.cpu_count()} cores, {int(memory) / 2**20:.0f} GiB; "
        f"{platform.system()} {platform.release()}; Python {platform.python_version()}",
        f"load average (1, 5, 15 min) at the end: {load}",
    ]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="small data, for a smoke run")
    parser.add_argument("--only", nargs="*", default=[], help="measurement keys containing any")
    parser.add_argument("--ref", help="measure this commit's product code (git archive)")
    parser.add_argument("--out", type=Path, default=REPO / "bench" / "results.md")
    parser.add_argument("--workdir", type=Path, default=None, help="default: a temporary dir")
    args = parser.parse_args(argv)
    rows, measurements = selected(args.only)
    keys = keys_of(rows)
    started, clock = datetime.now(UTC), time.monotonic()
    workdir = args.workdir or Path(tempfile.mkdtemp(prefix="work-", dir=env_var_dir()))
    workdir.mkdir(parents=True, exist_ok=True)
    path = code_path(args.ref, workdir)
    if path:
        os.environ["PYTHONPATH"] = path
    results: dict[str, Result] = {}
    needs = {need for key in keys for need in measurements[key].needs}
    with servers(needs):
        for key in keys:
            begun = time.monotonic()
            results[key] = found = measure(key, measurements[key], workdir, args.quick)
            what = found.skipped or f"{found.value:,.3g} {found.unit}"
            print(f"{key:<42} {what}  ({time.monotonic() - begun:.0f} s)", flush=True)
    facts = machine(started, time.monotonic() - clock, args.quick, args.ref)
    text = document(rows, results, facts)
    args.out.write_text(text)
    print(f"\n{text}\nwritten to {args.out}; work files in {workdir}")
    if args.workdir is None:
        shutil.rmtree(workdir, ignore_errors=True)
    return 0


def env_var_dir() -> Path:
    path = Path(os.environ["OUTREACH_TEST_VAR_DIR"])
    path.mkdir(parents=True, exist_ok=True)
    return path


if __name__ == "__main__":
    sys.exit(main())
