"""What the read model costs as a candidate's history grows (issue 11, ADR 0011).

Three figures, on a fresh SQLite store in a temporary directory, median of the runs:

- one new event for a candidate already holding 100 / 1,000 / 10,000 facts
  (``ProjectionStore.apply`` of a batch of one);
- projection batches of 500 events spread over 200 candidates already holding 100 / 1,000
  facts each, in events per second;
- a diagnosis (read the state, restrict, the seven rules) of a candidate with 100 /
  10,000 facts, as of today and as of an arbitrary earlier day: the first request, and
  the median and worst of the repeats.

Stores are seeded through the replay writer (one write per candidate), so seeding does
not dominate the run. Only public entry points are used, so the script measures the code
before and after a change alike.

    .venv/bin/python bench/readmodel_costs.py [--repeats 5]
"""

import argparse
import random
import statistics
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import outreach_platform.quarantine  # noqa: F401  (its table is part of the schema)
from outreach_contract.v1 import RecordedEvent
from outreach_diagnostics.service import DiagnosticsService
from outreach_diagnostics.spelling import SpellCheck
from outreach_diagnostics.thresholds import Thresholds
from outreach_platform.database import create_schema, make_engine
from outreach_platform.readmodel import ReadModel
from outreach_projection.write import ProjectionStore
from outreach_replay.writer import ReplayWriter

NOW = datetime.now(UTC)
_position = iter(range(1, 10**9))


def history(candidate: str, facts: int, rng: random.Random) -> list[RecordedEvent]:
    """A plausible history: a registration, contacts, and touches of the dense types
    (sent, replied, meetings), about ten events a day back from today."""
    made = [
        _event(
            candidate,
            "candidate.registered",
            facts // 10 + 2,
            rng,
            country="US",
            timezone="America/New_York",
        )
    ]
    contacts = [f"{candidate}-c{n}" for n in range(max(facts // 10, 1))]
    for contact in contacts:
        if len(made) < facts:
            made.append(
                _event(
                    candidate,
                    "contact.added",
                    facts // 10 + 1,
                    rng,
                    contact_id=contact,
                    company=f"Company {rng.randrange(300)}",
                )
            )
    while len(made) < facts:
        days_ago = (facts - len(made)) // 10
        contact = rng.choice(contacts)
        kind = rng.random()
        if kind < 0.8:
            made.append(
                _event(
                    candidate, "outreach.sent", days_ago, rng, contact_id=contact, channel="email"
                )
            )
        elif kind < 0.9:
            made.append(
                _event(
                    candidate,
                    "contact.replied",
                    days_ago,
                    rng,
                    contact_id=contact,
                    willingness="eager",
                )
            )
        else:
            made.append(
                _event(
                    candidate,
                    "meeting.held",
                    days_ago,
                    rng,
                    contact_id=contact,
                    format="coffee",
                    minutes=30,
                )
            )
    return made


def _event(
    candidate: str, type_: str, days_ago: int, rng: random.Random, **data: Any
) -> RecordedEvent:
    moment = NOW - timedelta(days=days_ago, minutes=rng.randrange(1, 600))
    return RecordedEvent.model_validate(
        {
            "partner": "bench",
            "received_at": NOW.isoformat(),
            "position": next(_position),
            "event": {
                "event_id": str(uuid.uuid4()),
                "type": type_,
                "candidate_id": candidate,
                "occurred_at": moment.isoformat(),
                "data": data,
            },
        }
    )


def seeded(directory: Path, name: str, candidates: dict[str, int]) -> ProjectionStore:
    engine = make_engine(f"sqlite:///{directory / name}")
    create_schema(engine)
    writer, rng = ReplayWriter(engine), random.Random(name)
    for candidate, facts in candidates.items():
        writer.add(history(candidate, facts, rng), {"bench": 0})
    writer.finish()
    return ProjectionStore(engine)


def timed(action: Callable[[], object]) -> float:
    start = time.perf_counter()
    action()
    return time.perf_counter() - start


def one_new_event(directory: Path, facts: int, repeats: int) -> float:
    store = seeded(directory, f"one-{facts}.db", {"cand": facts})
    rng = random.Random(facts)
    return statistics.median(
        timed(lambda: store.apply([_touch("cand", rng)], {"bench": 1})) for _ in range(repeats)
    )


def _touch(candidate: str, rng: random.Random) -> RecordedEvent:
    return _event(candidate, "outreach.sent", 0, rng, contact_id=f"{candidate}-c0", channel="email")


def batches(directory: Path, facts: int, repeats: int) -> float:
    names = [f"cand-{n}" for n in range(200)]
    store = seeded(directory, f"batch-{facts}.db", dict.fromkeys(names, facts))
    rng = random.Random(facts)

    def batch() -> None:
        store.apply([_touch(rng.choice(names), rng) for _ in range(500)], {"bench": 1})

    return 500 / statistics.median(timed(batch) for _ in range(repeats))


def diagnoses(
    directory: Path, facts: int, repeats: int
) -> Iterator[tuple[str, float, float, float]]:
    store = seeded(directory, f"diag-{facts}.db", {"cand": facts})
    service = DiagnosticsService(ReadModel(store.engine), Thresholds(), SpellCheck())
    earlier = date.today() - timedelta(days=max(facts // 40, 10))
    for label, as_of in (("today", None), (f"as of {earlier}", earlier)):

        def request(day: date | None = as_of) -> None:
            state = service.state("bench", "cand")
            assert state is not None
            service.diagnose(state, day)

        first = timed(request)
        runs = [timed(request) for _ in range(repeats * 4)]
        yield label, first, statistics.median(runs), max(runs)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        directory = Path(tmp)
        print("| figure | value |\n| --- | --- |")
        for facts in (100, 1_000, 10_000):
            took = one_new_event(directory, facts, args.repeats)
            print(f"| one new event, candidate holding {facts:,} facts | {took * 1000:.1f} ms |")
        for facts in (100, 1_000):
            rate = batches(directory, facts, args.repeats)
            print(
                f"| batches of 500 over 200 candidates holding {facts:,} facts "
                f"| {rate:,.0f} events/s |"
            )
        for facts in (100, 10_000):
            for label, first, median, worst in diagnoses(directory, facts, args.repeats):
                print(
                    f"| diagnosis, {facts:,} facts, {label}: first / median / worst "
                    f"| {first * 1000:.1f} / {median * 1000:.1f} / {worst * 1000:.1f} ms |"
                )


if __name__ == "__main__":
    main()
