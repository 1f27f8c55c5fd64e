#!/usr/bin/env python3
"""Writes the Grafana dashboards (deploy/grafana/dashboards/*.json) from code.

    python deploy/grafana/build_dashboards.py            # rewrite the committed JSON
    python deploy/grafana/build_dashboards.py --check    # exit 1 if it is out of date
    python deploy/grafana/build_dashboards.py --out DIR  # write elsewhere

The JSON is committed so that Grafana's file provider (provisioning/dashboards) can
load it as it is; tests/unit/observability fails when it differs from this code.
"""

import argparse
import json
import sys
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from outreach_dashboards import networking, operations
from outreach_dashboards.panels import Json

HERE = Path(__file__).resolve().parent
DASHBOARDS: dict[str, Callable[[], Json]] = {
    "operations.json": operations.build,
    "networking-outcomes.json": networking.build,
}


def render(build: Callable[[], Json]) -> str:
    return json.dumps(build(), indent=2, ensure_ascii=False) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=HERE / "dashboards", help="output folder")
    parser.add_argument(
        "--check",
        action="store_true",
        help="write nothing; exit 1 when a file differs from the code",
    )
    args = parser.parse_args(argv)
    stale = []
    for name, build in DASHBOARDS.items():
        path: Path = args.out / name
        text = render(build)
        if args.check:
            if not path.exists() or path.read_text("utf-8") != text:
                stale.append(path)
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, "utf-8")
        print(path)
    for path in stale:
        print(f"out of date: {path} (run {Path(__file__).name})", file=sys.stderr)
    return 1 if stale else 0


if __name__ == "__main__":
    sys.exit(main())
