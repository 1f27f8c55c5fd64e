"""What sealing personal fields costs (ADR 0015): intake and replay throughput with the
vault and without it, side by side, on SQLite files (about a minute).

    .venv/bin/python bench/erasure_cost.py [--events 5000] [--batch 500] [--rounds 3]
                                           [--personal-only]

Both sides run the same code on the same events (the demo's realistic mix: texts, names,
stories and all fifteen types), into fresh stores: the intake's ``record`` in batches,
then a store replay (``rebuild`` of the notification log into an empty read model). The
side without a vault is the ceiling the sealed side is held to; each figure is the best
of ``--rounds``.
"""

import argparse
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, date, datetime
from pathlib import Path
from uuid import UUID

from outreach.demo_data import demo_candidates
from outreach_contract.codec import to_jsonable
from outreach_contract.v1 import EVENT_ADAPTER, Event
from outreach_contract.v1.personal import STORED_ADAPTER, split
from outreach_intake.application import Intake
from outreach_intake.outbox import OutboxReader
from outreach_platform.database import create_schema, make_engine
from outreach_platform.personal import crypto
from outreach_platform.personal.keys import KeyRing
from outreach_platform.personal.vault import Vault
from outreach_replay.rebuild import rebuild
from outreach_replay.sources import StoreSource
from outreach_replay.writer import ReplayWriter


def events(count: int, personal_only: bool = False) -> list[Event]:
    stories = [e for events in demo_candidates(date(2026, 11, 2)).values() for e in events]
    if personal_only:  # the worst case: every event has a field to seal
        stories = [e for e in stories if split(e)[1]]
    made: list[Event] = []
    copy = 0
    while len(made) < count:
        for story in stories[: count - len(made)]:
            # A copy is a candidate of its own, and each event gets a fresh id.
            candidate = f"{story['candidate_id']}-{copy}"
            envelope = {
                **story,
                "candidate_id": candidate,
                "event_id": str(UUID(int=len(made) + 1)),
            }
            made.append(EVENT_ADAPTER.validate_python(envelope))
        copy += 1
    return made


def run(workdir: Path, sealed: bool, batch: list[Event], size: int) -> tuple[float, float]:
    """(intake events/s, replay events/s) into fresh stores under ``workdir``."""
    engine = make_engine(f"sqlite:///{workdir / 'outreach.db'}")
    create_schema(engine)
    vault = Vault(KeyRing(engine, crypto.MasterKeys(crypto.new_key()))) if sealed else None
    env = {"PERSISTENCE_MODULE": "eventsourcing.sqlite", "SQLITE_DBNAME": str(workdir / "e.db")}
    intake = Intake(env=env, vault=vault)
    now = datetime.now(UTC)
    intake_rate = _rate(
        len(batch),
        lambda: [
            intake.record("acme", "bench", batch[i : i + size], now)
            for i in range(0, len(batch), size)
        ],
    )
    outbox = OutboxReader(intake)
    target = make_engine(f"sqlite:///{workdir / 'replay.db'}")
    writer = ReplayWriter(target, vault=vault)
    stats = rebuild(StoreSource(outbox, outbox.head()), writer)
    assert stats.applied == len(batch), (stats.applied, len(batch))
    intake.close()
    engine.dispose()
    target.dispose()
    return intake_rate, stats.rate


def crypto_only(batch: list[Event], size: int) -> tuple[float, float]:
    """Microseconds per event to seal a batch (keys known) and to open it again: the CPU
    the vault adds, without the stores' I/O."""
    with tempfile.TemporaryDirectory(prefix="erasure-bench-") as tmp:
        engine = make_engine(f"sqlite:///{Path(tmp) / 'keys.db'}")
        create_schema(engine)
        vault = Vault(KeyRing(engine, crypto.MasterKeys(crypto.new_key())))
        chunks = [batch[i : i + size] for i in range(0, len(batch), size)]
        for chunk in chunks:
            vault.prepare("acme", chunk)  # every key made and unwrapped once
        started = time.perf_counter()
        prepared = [vault.prepare("acme", chunk) for chunk in chunks]
        seal_us = (time.perf_counter() - started) / len(batch) * 1e6
        now = datetime.now(UTC)
        records = [
            STORED_ADAPTER.validate_python(
                {
                    "schema": _schema(p.envelope),
                    "partner": "acme",
                    "received_at": now,
                    "position": n,
                    "event": p.envelope,
                }
            )
            for n, p in enumerate((p for chunk in prepared for p in chunk), 1)
        ]
        started = time.perf_counter()
        for i in range(0, len(records), size):
            vault.open(records[i : i + size])
        open_us = (time.perf_counter() - started) / len(batch) * 1e6
        engine.dispose()
    return seal_us, open_us


def _schema(envelope: dict[str, object]) -> str:
    return "outreach.sealed-event/1" if "sealed" in envelope else "outreach.recorded-event/1"


def _rate(count: int, work: Callable[[], object]) -> float:
    started = time.perf_counter()
    work()
    return count / (time.perf_counter() - started)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=5_000)
    parser.add_argument("--batch", type=int, default=500)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument(
        "--personal-only", action="store_true", help="only the demo events with personal fields"
    )
    args = parser.parse_args()
    batch = events(args.events, args.personal_only)
    best: dict[bool, tuple[float, float]] = {}
    for _ in range(args.rounds):
        for sealed in (False, True):  # alternated, so that load on the machine hits both
            with tempfile.TemporaryDirectory(prefix="erasure-bench-") as tmp:
                intake_rate, replay_rate = run(Path(tmp), sealed, batch, args.batch)
            old = best.get(sealed, (0.0, 0.0))
            best[sealed] = (max(old[0], intake_rate), max(old[1], replay_rate))
    mix = "demo events with personal fields" if args.personal_only else "demo mix"
    print(f"{args.events:,} events ({mix}), batches of {args.batch}, best of {args.rounds}")
    print(f"{'':8} {'sealed':>14} {'clear (ceiling)':>16} {'cost':>7}")
    for n, name in enumerate(("intake", "replay")):
        sealed_rate, clear_rate = best[True][n], best[False][n]
        cost = 1 - sealed_rate / clear_rate
        print(f"{name:8} {sealed_rate:>10,.0f} ev/s {clear_rate:>12,.0f} ev/s {cost:>6.0%}")
    seal_us, open_us = crypto_only(batch, args.batch)
    sealed_share = sum(bool(split(to_jsonable(e))[1]) for e in batch) / len(batch)
    print(
        f"vault alone (CPU, no store): seal {seal_us:.1f} us/event, open {open_us:.1f} us/event "
        f"({sealed_share:.0%} of these events hold personal fields)"
    )


if __name__ == "__main__":
    main()
