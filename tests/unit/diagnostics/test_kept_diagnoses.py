"""A diagnosis is kept with the cached state it was made from: asked again for an
unchanged candidate it is the same answer without the rules; a new event, another day,
another ``known_at`` or a candidate gone is diagnosed afresh."""

from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path

import pytest

from outreach_contract.v1 import RecordedEvent
from outreach_diagnostics import service as service_module
from outreach_diagnostics.refresher import VerdictRefresher
from outreach_diagnostics.service import DiagnosticsService
from outreach_diagnostics.spelling import default_checker
from outreach_diagnostics.thresholds import Thresholds
from outreach_projection.write import ProjectionStore
from tests.support.databases import sqlite_store
from tests.support.factories import recorded, sent

NOW = datetime(2026, 11, 2, 9, tzinfo=UTC)
DAY = date(2026, 11, 2)


def _events(count: int, start: int = 0) -> list[RecordedEvent]:
    return [
        recorded(sent(f"c{n}", candidate_id="cand-1", occurred_at=NOW - timedelta(hours=n)))
        for n in range(start, start + count)
    ]


@pytest.fixture
def runs(monkeypatch: pytest.MonkeyPatch) -> list[date]:
    """The days the rules actually ran for."""
    ran: list[date] = []
    real = service_module.diagnose  # type: ignore[attr-defined]

    def counted(state, as_of, *args, **kwargs):  # type: ignore[no-untyped-def]
        ran.append(as_of)
        return real(state, as_of, *args, **kwargs)

    monkeypatch.setattr(service_module, "diagnose", counted)
    return ran


def _service(tmp_path: Path, kept: int = 4) -> tuple[ProjectionStore, DiagnosticsService]:
    store = ProjectionStore(sqlite_store(tmp_path / "rm.db"))
    return store, DiagnosticsService(store, Thresholds(), default_checker(), 10_000, kept)


def test_an_unchanged_candidate_is_answered_without_the_rules(
    tmp_path: Path, runs: list[date]
) -> None:
    store, service = _service(tmp_path)
    store.apply(_events(20), {})
    first = service.diagnosis("acme", "cand-1", DAY, None)
    again = service.diagnosis("acme", "cand-1", DAY, None)
    assert first is not None
    assert again is first
    assert runs == [DAY]


def test_a_new_event_is_diagnosed_afresh(tmp_path: Path, runs: list[date]) -> None:
    store, service = _service(tmp_path)
    store.apply(_events(20), {})
    before = service.diagnosis("acme", "cand-1", DAY, None)
    store.apply(_events(1, start=20), {})
    after = service.diagnosis("acme", "cand-1", DAY, None)
    assert before is not None
    assert after is not None
    assert (before.events_considered, after.events_considered) == (20, 21)
    assert runs == [DAY, DAY]


def test_days_and_audit_moments_are_kept_apart_and_bounded(
    tmp_path: Path, runs: list[date]
) -> None:
    store, service = _service(tmp_path, kept=3)
    store.apply(_events(20), {})
    moment = NOW - timedelta(hours=5)
    service.diagnosis("acme", "cand-1", DAY, None)
    audit = service.diagnosis("acme", "cand-1", DAY, moment)
    other = service.diagnosis("acme", "cand-1", DAY, moment.astimezone(UTC).replace())
    assert audit is other  # the same moment written the same way
    shifted = moment.astimezone(timezone(timedelta(hours=2)))  # the same instant
    echoed = service.diagnosis("acme", "cand-1", DAY, shifted)
    assert echoed is not None
    assert str(echoed.known_at) == str(shifted), "its offset echoed"
    assert audit is not None
    assert str(audit.known_at) == str(moment)
    service.diagnosis("acme", "cand-1", DAY - timedelta(days=1), None)  # drops the oldest
    runs.clear()
    service.diagnosis("acme", "cand-1", DAY, None)
    assert runs == [DAY], "three kept: the first one was dropped"


def test_nothing_is_kept_when_told_so_and_a_candidate_gone_is_none(
    tmp_path: Path, runs: list[date]
) -> None:
    store, service = _service(tmp_path, kept=0)
    store.apply(_events(20), {})
    service.diagnosis("acme", "cand-1", DAY, None)
    service.diagnosis("acme", "cand-1", DAY, None)
    assert runs == [DAY, DAY]
    assert service.diagnosis("acme", "nobody", DAY, None) is None
    assert service.diagnosis("globex", "cand-1", DAY, None) is None


def test_the_summary_is_kept_until_the_candidate_moves(tmp_path: Path) -> None:
    store, service = _service(tmp_path)
    store.apply(_events(20), {})
    first = service.summarized("acme", "cand-1")
    again = service.summarized("acme", "cand-1")
    assert first is not None
    assert again is not None
    assert again[1] is first[1]
    store.apply(_events(1, start=20), {})
    moved = service.summarized("acme", "cand-1")
    assert moved is not None
    assert moved[1]["events"] == 21
    assert service.summarized("globex", "cand-1") is None


def test_the_refresher_through_the_service_leaves_todays_diagnosis_for_the_next_request(
    tmp_path: Path, runs: list[date]
) -> None:
    store, service = _service(tmp_path)
    store.apply(_events(20), {})
    moment = NOW + timedelta(hours=1)
    refresher = VerdictRefresher(
        store.engine, Thresholds(), default_checker(), clock=lambda: moment, source=service.current
    )
    assert refresher.tick().diagnosed == 1
    assert runs == [moment.date()]
    asked = service.diagnosis("acme", "cand-1", moment.date(), None)
    assert asked is not None
    assert runs == [moment.date()], "the request found the refresher's diagnosis"
