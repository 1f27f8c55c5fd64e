"""The read model's SQL for coaches on both dialects: the cohort's and the what-if's
aggregates (SQLite and PostgreSQL give the same figures), and the Grafana funnel by the
week events occurred, run as committed against PostgreSQL."""

import json
import uuid
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, text

from outreach_diagnostics.coach_sql import CoachFigures
from outreach_domain import Fact
from outreach_platform.database import make_engine
from outreach_platform.readmodel import Appended, append
from tests.support.databases import sqlite_store, with_schema
from tests.support.factories import event, recorded, sent
from tests.support.servers import REPO_ROOT, PostgresServer
from tests.support.stack import create_database, drop_database

TODAY = date(2026, 3, 18)  # a Wednesday
NOW = datetime(2026, 3, 18, 12, tzinfo=UTC)
DASHBOARD = REPO_ROOT / "deploy" / "grafana" / "dashboards" / "networking-outcomes.json"


@pytest.fixture
def postgres_engine(postgres: PostgresServer) -> Iterator[Engine]:
    name = f"coach_{uuid.uuid4().hex[:10]}"
    create_database(postgres, name)
    pg = postgres
    engine = with_schema(
        make_engine(f"postgresql+psycopg://{pg.user}:{pg.password}@{pg.host}:{pg.port}/{name}")
    )
    yield engine
    engine.dispose()
    drop_database(postgres, name)


def _facts(candidate: str, envelopes: list[dict[str, Any]]) -> list[Fact]:
    # Received now, whenever they occurred: a backfill.
    return [
        Fact(received_at=NOW, event=recorded({**e, "candidate_id": candidate}).event)
        for e in envelopes
    ]


def _load(engine: Engine, partner: str = "acme") -> None:
    last_week = NOW - timedelta(days=7)  # inside the trailing four full weeks
    weeks_ago = NOW - timedelta(days=21)
    stories = {
        "ann": [
            event(
                "contact.added", {"contact_id": "p1", "company": "Initech"}, occurred_at=weeks_ago
            ),
            sent("p1", occurred_at=weeks_ago),
            sent("p1", occurred_at=last_week),
            sent("p2", occurred_at=last_week),
            event("contact.replied", {"contact_id": "p1"}, occurred_at=last_week),
            event(
                "referral.made",
                {"contact_id": "p1", "company": "Initech", "referred_to": "hiring_manager"},
                occurred_at=last_week,
            ),
            event(
                "referral.made",
                {"contact_id": "p2", "company": "Initech", "referred_to": "hr"},
                occurred_at=last_week,
            ),
            event(
                "lead.created", {"company": "Initech", "quality": "solid"}, occurred_at=last_week
            ),
            event("interview.scheduled", {"company": "Initech"}, occurred_at=last_week),
        ],
        "bob": [sent(f"q{n}", occurred_at=last_week) for n in range(8)],
    }
    with engine.begin() as conn:
        append(
            conn,
            [
                Appended((partner, c), None, _facts(c, envelopes))
                for c, envelopes in stories.items()
            ],
        )


def _figures(engine: Engine) -> tuple[Any, ...]:
    reader = CoachFigures(engine)
    return (
        reader.candidates("acme"),
        reader.figures("acme", reader.candidates("acme"), TODAY),
        reader.observed("acme"),
        reader.candidates("other"),
    )


def test_the_coach_figures_are_the_same_on_sqlite_and_postgres(
    postgres_engine: Engine, tmp_path: Path
) -> None:
    sqlite = sqlite_store(tmp_path / "outreach.db")
    for engine in (sqlite, postgres_engine):
        _load(engine)
    on_sqlite, on_postgres = _figures(sqlite), _figures(postgres_engine)
    assert on_sqlite == on_postgres
    candidates, figures, observed, others = on_postgres
    assert candidates == ["ann", "bob"]
    ann, bob = figures
    assert ann.contacts_per_week == 0.75  # p1 in two weeks, p2 in one: 3 contact-weeks / 4
    assert ann.reply_rate == 0.5
    assert ann.authority_share == 0.5
    assert bob.contacts_per_week == 2.0
    assert bob.reply_rate == 0.0
    assert bob.authority_share is None
    # Only ann gives a lead rate (bob has no lead on record): 1 solid lead, 3 contact-weeks.
    assert (observed.candidates, observed.contact_weeks, observed.solid_leads) == (1, 3, 1)
    assert observed.interviews == 1
    assert others == []


def test_the_grafana_funnel_counts_by_the_week_events_occurred(postgres_engine: Engine) -> None:
    _load(postgres_engine)
    _load(postgres_engine, partner="zeta")  # another partner, filtered out below
    board = json.loads(DASHBOARD.read_text("utf-8"))
    [sql] = [
        target["rawSql"]
        for panel in board["panels"]
        for target in panel.get("targets", [])
        if "rawSql" in target
    ]
    concrete = sql.replace(
        "$__timeFilter(occurred_at)",
        "occurred_at BETWEEN '2026-01-01T00:00:00Z' AND '2026-04-01T00:00:00Z'",
    ).replace("${partner:regex}", "acme")
    with postgres_engine.connect() as conn:
        rows = [dict(row._mapping) for row in conn.execute(text(concrete))]
    weeks = {row["week"].date(): row for row in rows}
    # Everything was received on 18 Mar; each event counts in the week it occurred.
    assert sorted(weeks) == [date(2026, 2, 23), date(2026, 3, 9)]
    early, late = weeks[date(2026, 2, 23)], weeks[date(2026, 3, 9)]
    assert early["Contacts reached"] == 1
    assert late["Contacts reached"] == 10  # ann: p1, p2; bob: q0..q7
    assert (late["Replies"], late["Referrals"], late["Leads"], late["Interviews"]) == (1, 2, 1, 1)
    assert late["Meetings"] == 0
