"""The diagnostics' cache of parsed states reads only what the read model appended since,
and never serves a state the read model no longer holds (ADR 0011)."""

from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import delete

from outreach_contract.v1 import RecordedEvent
from outreach_diagnostics.states import StateCache
from outreach_platform.readmodel import candidate_facts, candidate_states
from outreach_projection.write import ProjectionStore
from tests.support.databases import sqlite_store
from tests.support.factories import recorded, sent

NOW = datetime(2026, 11, 2, 9, tzinfo=UTC)


def _events(count: int, start: int = 0, candidate_id: str = "cand-1") -> list[RecordedEvent]:
    return [
        recorded(sent(f"c{n}", candidate_id=candidate_id, occurred_at=NOW - timedelta(hours=n)))
        for n in range(start, start + count)
    ]


def test_a_second_read_parses_only_the_new_rows_and_a_third_parses_nothing(
    tmp_path: Path,
) -> None:
    store = ProjectionStore(sqlite_store(tmp_path / "rm.db"))
    cache = StateCache(store)
    held = _events(50)
    store.apply(held, {})
    first = cache.get("acme", "cand-1")
    assert first is not None
    assert store.parsed == 50

    store.apply(_events(3, start=50), {})  # occurred earlier than every fact held
    store.apply([*_events(1, start=60), held[0]], {})  # one new, one again
    second = cache.get("acme", "cand-1")
    assert store.parsed == 54, "only the four rows after the cached seq"
    assert second == store.get("acme", "cand-1")
    assert store.parsed == 54 + 54  # (the full read above, for the comparison)

    assert cache.get("acme", "cand-1") is second
    assert store.parsed == 108, "nothing moved: nothing parsed"


def test_facts_that_occurred_later_are_added_in_order(tmp_path: Path) -> None:
    store = ProjectionStore(sqlite_store(tmp_path / "rm.db"))
    cache = StateCache(store)
    store.apply(_events(5, start=10), {})
    cache.get("acme", "cand-1")
    store.apply(_events(5, start=0), {})  # later than everything held
    assert cache.get("acme", "cand-1") == store.get("acme", "cand-1")


def test_a_candidate_gone_or_a_store_rebuilt_under_it_is_read_again(tmp_path: Path) -> None:
    store = ProjectionStore(sqlite_store(tmp_path / "rm.db"))
    cache = StateCache(store)
    store.apply(_events(4), {})
    assert cache.get("acme", "cand-1") is not None
    with store.engine.begin() as conn:  # as if the read model were rebuilt, differently
        conn.execute(delete(candidate_facts))
        conn.execute(delete(candidate_states))
    assert cache.get("acme", "cand-1") is None
    store.apply(_events(6, start=100), {})
    rebuilt = cache.get("acme", "cand-1")
    assert rebuilt == store.get("acme", "cand-1")
    assert rebuilt is not None
    assert len(rebuilt.facts) == 6


def test_the_cache_holds_at_most_its_budget_of_facts(tmp_path: Path) -> None:
    store = ProjectionStore(sqlite_store(tmp_path / "rm.db"))
    cache = StateCache(store, max_facts=10)
    for name in ("a", "b", "c"):
        store.apply(_events(4, candidate_id=name), {})
        cache.get("acme", name)
    assert store.parsed == 12
    cache.get("acme", "c")  # still held
    assert store.parsed == 12
    cache.get("acme", "a")  # the least recently asked for went first
    assert store.parsed == 16
