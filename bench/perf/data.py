"""Deterministic benchmark data: candidates' histories as partners post them.

The event types, their mix and their data come from the replay benchmark
(``bench/replay_kafka_to_postgres.py``): one generator of realistic contract-v1 data for
every benchmark. A history is seeded by (seed, partner, candidate), so the same call gives
the same events, ids included, in every process of a run. Timestamps end the day before
the run (the rules diagnose "as of today"), so only they differ between days.
"""

from __future__ import annotations

import json
import random
import uuid
from collections.abc import Iterable, Iterator, Sequence
from datetime import UTC, datetime, timedelta
from functools import cache
from typing import Any

from bench.replay_kafka_to_postgres import DATA, MIX, REGISTERED
from outreach_contract.v1 import EVENT_ADAPTER, Event, RecordedEvent

PARTNER = "bench"
SEED = 11
BATCH = 500

Envelope = dict[str, Any]


@cache
def history_end() -> datetime:
    """Yesterday at noon UTC: every history ends there."""
    today = datetime.now(UTC).replace(hour=12, minute=0, second=0, microsecond=0)
    return today - timedelta(days=1)


def history(
    candidate_id: str, count: int, *, seed: int = SEED, partner: str = PARTNER, days: int = 365
) -> list[Envelope]:
    """``count`` events of one candidate over the ``days`` before ``history_end()``,
    oldest first, starting with its registration."""
    rnd = random.Random(f"{seed}/{partner}/{candidate_id}")
    end = history_end()
    start = end - timedelta(days=days)
    span = (end - start).total_seconds()
    moments = sorted(start + timedelta(seconds=rnd.uniform(0, span)) for _ in range(count - 1))
    kinds, shares = list(MIX), list(MIX.values())
    envelopes = [_envelope(rnd, candidate_id, "candidate.registered", REGISTERED, start)]
    for moment in moments:
        kind = rnd.choices(kinds, shares)[0]
        contact, company = f"contact-{rnd.randrange(40)}", f"Company {rnd.randrange(60)}"
        envelopes.append(
            _envelope(rnd, candidate_id, kind, DATA[kind](rnd, contact, company), moment)
        )
    return envelopes


def _envelope(
    rnd: random.Random, candidate_id: str, kind: str, data: dict[str, Any], when: datetime
) -> Envelope:
    return {
        "event_id": str(uuid.UUID(int=rnd.getrandbits(128), version=4)),
        "type": kind,
        "candidate_id": candidate_id,
        "occurred_at": when.isoformat(),
        "data": data,
    }


def candidates(prefix: str, count: int) -> list[str]:
    return [f"{prefix}-{index:06d}" for index in range(count)]


def interleaved(histories: Iterable[Sequence[Envelope]]) -> list[Envelope]:
    """Several candidates' events in the order they occurred, as a partner's feed sends
    them: each batch touches many candidates."""
    merged = [item for events in histories for item in events]
    merged.sort(key=lambda item: (item["occurred_at"], item["event_id"]))
    return merged


def population(prefix: str, count: int, events_each: int, *, seed: int = SEED) -> list[Envelope]:
    """``count`` candidates of ``events_each`` events, interleaved."""
    return interleaved(history(c, events_each, seed=seed) for c in candidates(prefix, count))


def batches(events: Sequence[Envelope], size: int = BATCH) -> list[list[Envelope]]:
    return [list(events[start : start + size]) for start in range(0, len(events), size)]


def body(batch: Sequence[Envelope]) -> bytes:
    """The JSON body of ``POST /v1/events`` (encoded before any clock starts)."""
    return json.dumps({"events": list(batch)}, separators=(",", ":")).encode()


def contract_events(envelopes: Iterable[Envelope]) -> list[Event]:
    return [EVENT_ADAPTER.validate_python(item) for item in envelopes]


def recorded(envelopes: Iterable[Envelope], *, partner: str = PARTNER) -> Iterator[RecordedEvent]:
    """The envelopes as the projection receives them, received a minute after they
    occurred, at increasing positions."""
    for position, item in enumerate(envelopes, start=1):
        event = EVENT_ADAPTER.validate_python(item)
        yield RecordedEvent(
            partner=partner,
            received_at=event.occurred_at + timedelta(minutes=1),
            position=position,
            event=event,
        )
