"""The stored verdicts' behaviour, written once: test_sqlite.py and test_postgres.py run it.

The refresher is given a clock, so a day roll-over is a clock moved past midnight.
"""

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import Engine, delete, func, select

from outreach_diagnostics.refresher import VerdictRefresher
from outreach_diagnostics.service import DiagnosticsService
from outreach_diagnostics.spelling import SpellCheck, default_checker
from outreach_diagnostics.thresholds import Thresholds
from outreach_diagnostics.verdict_store import watermark
from outreach_diagnostics.version import RULES_VERSION
from outreach_platform.readmodel import ReadModel, candidate_facts, candidate_states
from outreach_platform.verdicts import candidate_verdicts, verdict_changes, verdict_heads
from outreach_projection.write import ProjectionStore
from tests.support.factories import event, recorded
from tests.support.racing import race

# Ten days back, so that "tomorrow" is an event the intake accepts (none from the future).
NOON = (datetime.now(UTC) - timedelta(days=10)).replace(hour=12, minute=0, second=0, microsecond=0)
NEGATIVE_PHOTO = {"aspect": "photo", "sentiment": "negative"}
SEVEN = 7


class Clock:
    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


def feedback(candidate_id: str, occurred_at: datetime, partner: str = "acme") -> Any:
    envelope = event(
        "feedback.received", NEGATIVE_PHOTO, candidate_id=candidate_id, occurred_at=occurred_at
    )
    return recorded(envelope, partner=partner)


def change_rows(engine: Engine) -> list[tuple[str, str, str | None, str]]:
    c = verdict_changes
    query = select(c.c.candidate_id, c.c.reason, c.c.from_status, c.c.to_status).order_by(c.c.seq)
    with engine.connect() as conn:
        return [tuple(row) for row in conn.execute(query)]


def status(engine: Engine, candidate_id: str, reason: str) -> str | None:
    v = candidate_verdicts
    query = select(v.c.status).where(v.c.candidate_id == candidate_id, v.c.reason == reason)
    with engine.connect() as conn:
        found: str | None = conn.execute(query).scalar()
    return found


class VerdictContract:
    @pytest.fixture
    def checker(self) -> SpellCheck:
        return default_checker()

    through_service = False
    """True: the refresher reads and diagnoses through a ``DiagnosticsService``, as a
    diagnostics process runs it (ADR 0018); its reads are the read model's either way."""

    def refresher(self, engine: Engine, clock: Clock, **kwargs: Any) -> VerdictRefresher:
        if self.through_service:
            service = DiagnosticsService(ReadModel(engine), Thresholds(), default_checker())
            kwargs.setdefault("source", service.current)
        return VerdictRefresher(engine, Thresholds(), default_checker(), clock=clock, **kwargs)

    def test_first_verdicts_are_changes_from_null_and_an_unchanged_tick_writes_none(
        self, engine: Engine
    ) -> None:
        ProjectionStore(engine).apply([feedback("cand-1", NOON - timedelta(days=3))], {"f": 1})
        refresher = self.refresher(engine, Clock(NOON))
        assert refresher.tick().diagnosed == 1
        first = change_rows(engine)
        assert len(first) == SEVEN
        assert {row[2] for row in first} == {None}
        assert status(engine, "cand-1", "presentation") == "at_risk"  # one negative feedback
        assert refresher.tick().diagnosed == 0  # nothing moved: nobody diagnosed
        assert change_rows(engine) == first

    def test_a_new_event_logs_only_the_status_it_changed(self, engine: Engine) -> None:
        store = ProjectionStore(engine)
        store.apply([feedback("cand-1", NOON - timedelta(days=3))], {"f": 1})
        refresher = self.refresher(engine, Clock(NOON))
        refresher.tick()
        store.apply([feedback("cand-1", NOON - timedelta(days=2))], {"f": 2})
        assert refresher.tick().changes == 1
        assert change_rows(engine)[-1] == ("cand-1", "presentation", "at_risk", "problem")

    def test_a_day_roll_over_alone_recomputes_and_flips_a_verdict(self, engine: Engine) -> None:
        store = ProjectionStore(engine)
        tomorrow = NOON + timedelta(days=1)
        store.apply([feedback("cand-1", NOON - timedelta(days=3))], {"f": 1})
        store.apply([feedback("cand-1", tomorrow)], {"f": 2})  # counts from tomorrow on
        clock = Clock(NOON)
        refresher = self.refresher(engine, clock)
        refresher.tick()
        assert status(engine, "cand-1", "presentation") == "at_risk"
        clock.now = NOON + timedelta(hours=6)  # the same day: nothing is due
        assert refresher.tick().diagnosed == 0
        clock.now = tomorrow
        assert refresher.tick().diagnosed == 1
        assert change_rows(engine)[-1] == ("cand-1", "presentation", "at_risk", "problem")
        with engine.connect() as conn:
            due = conn.execute(select(verdict_heads.c.next_refresh_at)).scalar_one()
        assert due > tomorrow

    def test_new_rules_recompute_every_candidate_once(self, engine: Engine) -> None:
        store = ProjectionStore(engine)
        store.apply([feedback(f"cand-{i}", NOON - timedelta(days=1)) for i in range(5)], {"f": 1})
        self.refresher(engine, Clock(NOON)).catch_up()
        before = change_rows(engine)
        newer = self.refresher(engine, Clock(NOON), rules_version="9999-01-01.1")
        assert newer.prepare() == 5
        assert newer.prepare() == 0  # remembered: a restart scans nothing
        assert newer.catch_up().diagnosed == 5
        assert change_rows(engine) == before  # the same statuses: no change logged
        with engine.connect() as conn:
            versions = set(conn.execute(select(verdict_heads.c.rules_version)).scalars())
        assert versions == {"9999-01-01.1"}
        # The old rules never move a verdict of the newer ones back.
        old = self.refresher(engine, Clock(NOON + timedelta(days=1)), rules_version=RULES_VERSION)
        old.catch_up()
        with engine.connect() as conn:
            versions = set(conn.execute(select(verdict_heads.c.rules_version)).scalars())
        assert versions == {"9999-01-01.1"}

    def test_a_tick_diagnoses_only_the_candidates_that_moved(self, engine: Engine) -> None:
        store = ProjectionStore(engine)
        everyone = [feedback(f"cand-{i}", NOON - timedelta(days=2)) for i in range(40)]
        store.apply(everyone, {"f": 1})
        refresher = self.refresher(engine, Clock(NOON), batch=15)
        assert refresher.catch_up().diagnosed == 40  # in batches of 15
        store.apply([feedback(f"cand-{i}", NOON - timedelta(days=1)) for i in (3, 17)], {"f": 2})
        assert refresher.tick().diagnosed == 2

    def test_concurrent_refreshers_log_each_change_once(self, engine: Engine) -> None:
        store = ProjectionStore(engine)
        store.apply([feedback(f"cand-{i}", NOON - timedelta(days=2)) for i in range(20)], {"f": 1})
        refreshers = [self.refresher(engine, Clock(NOON)) for _ in range(4)]
        raced = race([r.catch_up for r in refreshers])
        assert raced.errors == []
        rows = change_rows(engine)
        assert len(rows) == 20 * SEVEN
        assert len(set(rows)) == len(rows)  # no change logged twice
        with engine.connect() as conn:
            heads = conn.execute(select(func.count()).select_from(verdict_heads)).scalar()
            stored = conn.execute(select(func.count()).select_from(candidate_verdicts)).scalar()
        assert (heads, stored) == (20, 20 * SEVEN)
        # And again while new events arrive: each flip logged exactly once.
        store.apply([feedback(f"cand-{i}", NOON - timedelta(days=1)) for i in range(20)], {"f": 2})
        assert race([r.catch_up for r in refreshers]).errors == []
        flips = [row for row in change_rows(engine) if row[2] is not None]
        assert sorted(flips) == sorted(
            (f"cand-{i}", "presentation", "at_risk", "problem") for i in range(20)
        )

    def test_a_candidate_gone_from_the_read_model_loses_its_verdicts_at_its_roll_over(
        self, engine: Engine
    ) -> None:
        ProjectionStore(engine).apply([feedback("cand-1", NOON - timedelta(days=1))], {"f": 1})
        clock = Clock(NOON)
        refresher = self.refresher(engine, clock)
        refresher.tick()
        with engine.begin() as conn:  # as an erasure would
            for table in (candidate_facts, candidate_states):
                conn.execute(delete(table).where(table.c.candidate_id == "cand-1"))
        clock.now = NOON + timedelta(days=1)
        refresher.tick()
        assert refresher.tick().diagnosed == 0  # not due again and again
        with engine.connect() as conn:
            left = conn.execute(select(func.count()).select_from(candidate_verdicts)).scalar()
        assert left == 0
        assert len(change_rows(engine)) == SEVEN  # the log keeps its history

    def test_a_caught_up_refresher_moves_its_watermark_with_the_clock(self, engine: Engine) -> None:
        store = ProjectionStore(engine)
        store.apply([feedback("cand-1", NOON)], {"f": 1})
        clock = Clock(datetime.now(UTC))
        refresher = self.refresher(engine, clock)
        refresher.tick()
        assert watermark(engine, "verdicts")[0] == clock.now  # past the states it read
        store.apply([feedback("cand-2", NOON)], {"f": 2})  # stamped after: still found
        clock.now = datetime.now(UTC)
        assert refresher.tick().diagnosed == 1
