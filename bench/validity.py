"""Planted-cause validity benchmark: are the seven verdicts right?

Builds a population of synthetic candidates whose causes are planted and known (from
the seed text and docs/contract.md section 3 alone, not from the rules), posts their events
through the public HTTP API, asks for each diagnosis as of a fixed day and prints, per
reason, precision and recall (flagged = problem or at_risk) and the confusion of
statuses, then one line per reason against the 0.95 target. See bench/README.md.

Usage::

    .venv/bin/python bench/validity.py --serve            # a throwaway server, one command
    .venv/bin/python bench/validity.py --url http://127.0.0.1:8000 [--key KEY]
        [--candidates 2000] [--seed 9] [--json OUT] [--markdown OUT]
        [--contact-names auto|on|off] [--server-pythonpath PATHS]
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.validity_lib import report, run, server
from bench.validity_lib.population import AS_OF, Candidate, generate, posting_plan, with_names
from bench.validity_lib.score import REASONS, Observation, score


def parse(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    where = parser.add_mutually_exclusive_group(required=True)
    where.add_argument(
        "--url",
        help="a running server (embedded, or the intake and diagnostics behind one address)",
    )
    where.add_argument(
        "--serve",
        action="store_true",
        help="start .venv/bin/outreach serve on a free port with a temporary "
        "data dir, create the key, run, stop it",
    )
    parser.add_argument(
        "--key",
        default=os.environ.get("VALIDITY_KEY"),
        help="Bearer key (events:write, diagnoses:read); default: created with "
        "`outreach keys create` under the current OUTREACH_* settings",
    )
    parser.add_argument(
        "--server-pythonpath",
        default=os.environ.get("VALIDITY_SERVER_PYTHONPATH"),
        help="with --serve: PYTHONPATH for the server, e.g. a git worktree's "
        "src dirs, to measure other code than the editable installs",
    )
    parser.add_argument("--candidates", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=9)
    parser.add_argument(
        "--contact-names",
        choices=("auto", "on", "off"),
        default="auto",
        help="send contact.added.name (auto: if the server accepts it)",
    )
    parser.add_argument("--json", type=Path, help="write the table as JSON")
    parser.add_argument("--markdown", type=Path, help="write the table as markdown")
    parser.add_argument("--timeout", type=float, default=900, help="read-model catch-up, s")
    parser.add_argument("--workers", type=int, default=8, help="concurrent GETs")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse(argv)
    if args.serve:
        with server.serve(args.server_pythonpath) as served:
            where = f"--serve {served.url}" + (
                f" (PYTHONPATH {args.server_pythonpath})" if args.server_pythonpath else ""
            )
            return bench(args, served.url, served.key, where)
    return bench(args, args.url, args.key or _create_key(), args.url)


def bench(args: argparse.Namespace, url: str, key: str, where: str) -> int:
    started = time.monotonic()
    candidates = generate(args.candidates, args.seed)
    api = run.Api(url, key)
    try:
        names = _contact_names(api, args.contact_names)
        candidates = with_names(candidates, names)
        first, second = posting_plan(candidates, args.seed)
        _say(f"posting {len(first) + len(second):,} events for {len(candidates):,} candidates")
        totals = run.post_all(api, (first, second))
        _say(f"posted: {totals}; waiting for the read model")
        run.wait_for(
            api, {c.candidate_id: len(c.events) for c in candidates}, args.timeout, args.workers
        )
        _say("diagnosing")
        wanted = [(c.candidate_id, c.as_of) for c in candidates]
        diagnoses = run.diagnose_all(api, wanted, args.workers)
    finally:
        api.close()
    scores = score(_observations(candidates, diagnoses))
    meta = _meta(args, candidates, diagnoses, names, where, totals, time.monotonic() - started)
    print(report.text(scores, meta))
    if args.json:
        args.json.write_text(json.dumps(report.as_json(scores, meta), indent=2) + "\n")
    if args.markdown:
        args.markdown.write_text(report.markdown(scores, meta))
    return 0


def _observations(
    candidates: list[Candidate], diagnoses: dict[str, dict[str, Any]]
) -> list[Observation]:
    out = []
    for c in candidates:
        got = run.statuses(diagnoses[c.candidate_id])
        for reason in REASONS:
            out.append(
                Observation(c.candidate_id, c.scenario, reason, c.truth[reason], got[reason])
            )
    return out


def _meta(
    args: argparse.Namespace,
    candidates: list[Candidate],
    diagnoses: dict[str, dict[str, Any]],
    names: bool,
    where: str,
    totals: dict[str, int],
    seconds: float,
) -> dict[str, Any]:
    first = next(iter(diagnoses.values()), {})
    return {
        "candidates": len(candidates),
        "events": sum(len(c.events) for c in candidates),
        "posted": totals["accepted"] + totals["duplicates"],
        "seed": args.seed,
        "as_of": " / ".join(f"{name} {day}" for name, day in AS_OF.items()),
        "rules_version": first.get("rules_version"),
        "contact names": "sent" if names else "left out (refused by the server)",
        "server": where,
        "seconds": round(seconds),
    }


def _contact_names(api: run.Api, choice: str) -> bool:
    if choice != "auto":
        return choice == "on"
    accepted = api.accepts_contact_names()
    if not accepted:
        _say("the server refuses contact.added.name: leaving it out (--contact-names off)")
    return accepted


def _create_key() -> str:
    command = [
        str(server.REPO / ".venv" / "bin" / "outreach"),
        "keys",
        "create",
        "--partner",
        "validity",
        "--scopes",
        server.SCOPES,
    ]
    result = subprocess.run(command, cwd=server.REPO, capture_output=True, text=True, check=True)
    return result.stdout.split()[-1]


def _say(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


if __name__ == "__main__":
    sys.exit(main())
