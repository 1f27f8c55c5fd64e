"""A poison event is set aside for its one candidate: the batch, the positions and every
other candidate move on; the candidate's later events wait behind it; a retry after the
fix applies them. The replay stops at the same event, so the digests still match."""

from pathlib import Path

import pytest
from prometheus_client import REGISTRY
from pydantic import ValidationError
from sqlalchemy import select, update

from outreach_contract.codec import canonical_json
from outreach_contract.v1 import RecordedEvent
from outreach_domain import CandidateState, fold
from outreach_domain.digest import Digests
from outreach_platform import quarantine
from outreach_platform.quarantine import quarantined_events
from outreach_platform.readmodel import candidate_facts
from outreach_projection import metrics
from outreach_projection.projector import Projector
from outreach_projection.write import ProjectionStore
from outreach_replay.writer import ReplayWriter
from tests.support.databases import sqlite_store
from tests.support.factories import recorded, sent
from tests.unit.projection.test_projector import ListFeed

POISON = "poison"  # the contact id of events the patched fold raises on


@pytest.fixture
def store(tmp_path: Path) -> ProjectionStore:
    return ProjectionStore(sqlite_store(tmp_path / "rm.db"))


@pytest.fixture
def broken_fold(monkeypatch: pytest.MonkeyPatch) -> None:
    """A fold that raises on any event to the contact ``poison``, like a fold bug would."""
    real_apply, real_apply_all = fold.apply, fold.apply_all

    def check(items: list[RecordedEvent] | tuple[RecordedEvent, ...]) -> None:
        for item in items:
            if getattr(item.event.data, "contact_id", None) == POISON:
                raise OverflowError("date value out of range")

    def apply(state: CandidateState, item: RecordedEvent) -> CandidateState:
        check((item,))
        return real_apply(state, item)

    def apply_all(state: CandidateState, items: list[RecordedEvent]) -> CandidateState:
        check(list(items))
        return real_apply_all(state, items)

    monkeypatch.setattr("outreach_domain.guarded.apply", apply)
    monkeypatch.setattr("outreach_domain.guarded.apply_all", apply_all)


def _history() -> list[RecordedEvent]:
    """cand-0 and cand-2 are healthy; cand-1's fourth event is poison, with events after."""
    made = []
    for i in range(24):
        candidate = f"cand-{i % 3}"
        contact = POISON if (candidate, i) == ("cand-1", 10) else f"c{i}"
        made.append(recorded(sent(contact, candidate_id=candidate), position=i + 1))
    return made


def _facts(store: ProjectionStore) -> dict[str, int]:
    return {state.candidate_id: len(state.facts) for state in store.states()}


def _rows(store: ProjectionStore) -> list[tuple[str, str | None, int]]:
    with store.engine.connect() as conn:
        query = select(quarantined_events).order_by(quarantined_events.c.position)
        return [(r.event_id, r.blocked_by, r.attempts) for r in conn.execute(query)]


def _counted(partner: str = "acme") -> float:
    value = REGISTRY.get_sample_value(
        "outreach_projection_events_quarantined_total", {"partner": partner}
    )
    return value or 0.0


def test_the_failing_event_is_quarantined_and_the_batch_moves_on(
    store: ProjectionStore, broken_fold: None
) -> None:
    history = _history()
    poison = history[10]
    before = _counted()
    applied = store.apply(history[:12], {"list": 12})

    assert store.positions() == {"list": 12}, "the positions moved with the batch"
    assert _facts(store) == {"cand-0": 4, "cand-1": 3, "cand-2": 4}
    assert applied == 11
    [row] = _rows(store)
    assert row == (str(poison.event.event_id), None, 1)
    with store.engine.connect() as conn:
        [entry] = quarantine.entries(conn)
    assert entry.error == "OverflowError: date value out of range"
    assert entry.position == poison.position
    assert entry.event() == poison
    assert _counted() - before == 1


def test_later_events_of_the_candidate_wait_behind_it_and_others_proceed(
    store: ProjectionStore, broken_fold: None
) -> None:
    history = _history()
    projector = Projector(store, ListFeed(history), batch_size=5)
    assert projector.catch_up() == 24

    assert store.positions() == {"list": 24}
    assert _facts(store) == {"cand-0": 8, "cand-1": 3, "cand-2": 8}
    poison_id = str(history[10].event.event_id)
    held = [(str(h.event.event_id), poison_id, 0) for h in history[13::3]]
    assert _rows(store) == [(poison_id, None, 1), *held]
    assert quarantine.totals(store.engine) == quarantine.Totals(5, 1)


def test_quarantined_events_count_neither_as_applied_nor_as_redelivered(
    store: ProjectionStore, broken_fold: None
) -> None:
    def sample(name: str) -> float:
        return REGISTRY.get_sample_value(name) or 0.0

    applied = sample("outreach_projection_events_applied_total")
    redelivered = sample("outreach_projection_events_redelivered_total")
    Projector(store, ListFeed(_history()), batch_size=24).catch_up()
    assert sample("outreach_projection_events_applied_total") - applied == 19
    assert sample("outreach_projection_events_redelivered_total") - redelivered == 0


def test_a_redelivery_quarantines_nothing_twice(store: ProjectionStore, broken_fold: None) -> None:
    history = _history()
    store.apply(history, {"list": 24})
    rows, facts, counted = _rows(store), _facts(store), _counted()
    assert store.apply(history[5:], {"list": 24}) == 0
    assert (_rows(store), _facts(store), _counted()) == (rows, facts, counted)


def test_the_gauges_read_the_quarantine_table(store: ProjectionStore, broken_fold: None) -> None:
    metrics.watch_quarantine(lambda: quarantine.totals(store.engine))
    store.apply(_history(), {"list": 24})
    assert REGISTRY.get_sample_value("outreach_projection_quarantined_events") == 5
    assert REGISTRY.get_sample_value("outreach_projection_quarantined_candidates") == 1
    assert quarantine.degradation(store.engine) == (
        "5 events quarantined for 1 candidate (outreach quarantine list)"
    )


def test_a_retry_after_the_fix_applies_them_and_clears_the_quarantine(
    store: ProjectionStore, broken_fold: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    history = _history()
    store.apply(history, {"list": 24})
    [failed] = store.retry_quarantined()
    assert (failed.released, failed.remaining) == (0, 5)
    assert failed.error == "OverflowError: date value out of range"
    assert _rows(store)[0][2] == 2, "the attempt is counted"

    monkeypatch.undo()  # the fix: the fold applies the event now
    [retried] = store.retry_quarantined("acme", "cand-1")
    assert (retried.released, retried.remaining, retried.error) == (5, 0, None)
    assert _rows(store) == []
    assert _facts(store) == {"cand-0": 8, "cand-1": 8, "cand-2": 8}
    assert quarantine.degradation(store.engine) is None

    later = recorded(sent("c99", candidate_id="cand-1"), position=25)
    store.apply([later], {"list": 25})
    assert _facts(store)["cand-1"] == 9, "the candidate is no longer held"


def test_a_retry_stops_at_the_next_failure_and_holds_what_follows(
    store: ProjectionStore, broken_fold: None
) -> None:
    history = _history()
    store.apply(history[:12], {"list": 12})
    # While cand-1 waits, another poison arrives behind the first (held, not attempted).
    second = recorded(sent(POISON, candidate_id="cand-1"), position=30)
    store.apply([*history[12:], second], {"list": 30})
    first_id, second_id = str(history[10].event.event_id), str(second.event.event_id)
    assert _rows(store)[-1] == (second_id, first_id, 0)

    # The first one is fixed (it no longer names the poison contact), the second is not.
    when = history[10].event.occurred_at.isoformat()
    fixed = recorded(sent("c10", candidate_id="cand-1", event_id=first_id, occurred_at=when))
    with store.engine.begin() as conn:
        conn.execute(
            quarantined_events.update()
            .where(quarantined_events.c.event_id == first_id)
            .values(recorded=canonical_json(fixed).decode())
        )
    [result] = store.retry_quarantined()
    assert (result.released, result.remaining) == (5, 1)
    assert _rows(store) == [(second_id, None, 1)]
    assert _facts(store)["cand-1"] == 8


@pytest.mark.parametrize("memory_events", [1, 5, 1_000])
def test_a_replay_stops_at_the_same_event_so_the_digests_match(
    tmp_path: Path, broken_fold: None, memory_events: int
) -> None:
    history = _history()
    live = ProjectionStore(sqlite_store(tmp_path / "live.db"))
    Projector(live, ListFeed(history), batch_size=4).catch_up()

    writer = ReplayWriter(sqlite_store(tmp_path / "replay.db"), memory_events)
    for start in range(0, len(history), 7):
        batch = history[start : start + 7]
        writer.add(batch, {"list": batch[-1].position})
    writer.finish()

    replayed = ProjectionStore(writer.engine)
    assert Digests.of(replayed.states()) == Digests.of(live.states())
    assert writer.quarantined == 5


def test_a_stored_fact_that_no_longer_reads_stops_no_later_event(
    store: ProjectionStore,
) -> None:
    """Facts are appended without reading the stored ones (ADR 0011): a stored fact that
    no longer reads (say, a time zone a tzdata upgrade removed) cannot be overwritten,
    so the candidate's new events are stored rather than quarantined; the state reads
    again, with all of them, once the row is fixed."""
    history = _history()
    store.apply(history[:12], {"list": 12})
    table = candidate_facts
    first = (table.c.partner == "acme") & (table.c.candidate_id == "cand-1") & (table.c.seq == 1)
    with store.engine.connect() as conn:
        good = conn.execute(select(table.c.body).where(first)).scalar_one()
    with store.engine.begin() as conn:
        conn.execute(update(table).where(first).values(body='{"received_at":"soon","event":{}}'))

    assert store.apply(history[12:], {"list": 24}) == 12
    assert store.positions() == {"list": 24}
    assert quarantine.totals(store.engine) == quarantine.Totals(0, 0)
    with pytest.raises(ValidationError):
        store.get("acme", "cand-1")

    with store.engine.begin() as conn:  # the fix
        conn.execute(update(table).where(first).values(body=good))
    assert _facts(store) == {"cand-0": 8, "cand-1": 8, "cand-2": 8}
