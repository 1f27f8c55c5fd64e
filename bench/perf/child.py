"""One measurement (or its preparation) in a process of its own, so that its peak memory
is its own. The runner starts it; by hand::

    .venv/bin/python -m bench.perf.child intake:record_sqlite --workdir /tmp/w --out r.json --quick
"""

from __future__ import annotations

import argparse
import importlib
import json
import shutil
import sys
from pathlib import Path

from bench.perf import env

env.configure()

from bench.perf.measure import Context, Measurement  # noqa: E402


def find(key: str) -> Measurement:
    module = importlib.import_module(f"bench.perf.{key.split(':', 1)[0]}")
    for measurement in module.MEASUREMENTS:
        if measurement.key == key:
            assert isinstance(measurement, Measurement)
            return measurement
    raise SystemExit(f"no measurement {key!r} in {module.__name__}")


def prepare(measurement: Measurement, ctx: Context) -> None:
    if measurement.prepare is None:
        return
    name, build = measurement.prepare
    target = ctx.prepared(name)
    if (target / ".done").exists():
        return
    if target.exists():
        shutil.rmtree(target)  # a preparation interrupted half-way
    target.mkdir(parents=True)
    build(ctx, target)
    (target / ".done").touch()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("key", help="module:name, e.g. intake:record_sqlite")
    parser.add_argument("--workdir", type=Path, required=True)
    parser.add_argument("--out", type=Path, help="where to write the result (JSON)")
    parser.add_argument("--quick", action="store_true", help="small data: a smoke run")
    parser.add_argument("--phase", choices=("prepare", "measure"), default="measure")
    args = parser.parse_args(argv)
    measurement = find(args.key)
    scratch = args.workdir / "scratch" / args.key.replace(":", "-")
    if args.phase == "measure" and scratch.exists():
        shutil.rmtree(scratch)
    scratch.mkdir(parents=True, exist_ok=True)
    ctx = Context(quick=args.quick, workdir=args.workdir, scratch=scratch)
    if args.phase == "prepare":
        prepare(measurement, ctx)
        return 0
    found = measurement.run(ctx)
    text = json.dumps(found.as_json(), indent=2)
    if args.out:
        args.out.write_text(text + "\n")
    else:
        print(text)
    shutil.rmtree(scratch, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
