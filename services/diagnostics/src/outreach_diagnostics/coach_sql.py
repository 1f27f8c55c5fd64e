"""The cohort's and the what-if's figures, as SQL aggregates over the read model's facts.

One grouped query per figure, over one partner's rows (the facts' primary key starts with
the partner): no candidate's state is parsed, so the cost is the database's scan of the
partner's facts, not a diagnosis of every candidate. Weeks here are UTC ISO weeks (the
rules use the candidate's local weeks: a contact reached late on a Sunday may land in
the neighbouring week, which moves a cohort percentile by nothing that matters).
"""

import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import ColumnElement, Engine, Select, String, case, cast, func, select
from sqlalchemy.dialects.postgresql import JSONB

from outreach_diagnostics.coach.cohort import CandidateFigures
from outreach_diagnostics.coach.what_if import Observed
from outreach_domain.summary import week_start
from outreach_platform.database import read_only
from outreach_platform.readmodel import candidate_facts

facts = candidate_facts
REACH = ("outreach.sent", "meeting.held")
AUTHORITY = ("hiring_manager", "team_member")


@dataclass(frozen=True)
class Profile:
    country: str | None
    target_roles: tuple[str, ...]


class CoachFigures:
    def __init__(self, engine: Engine, trailing_weeks: int = 4) -> None:
        self._engine = engine
        self._trailing_weeks = trailing_weeks

    def profiles(self, partner: str) -> dict[str, Profile]:
        """Each candidate's latest registration (candidates never registered: no profile)."""
        query = (
            select(facts.c.candidate_id, facts.c.body)
            .where(facts.c.partner == partner, facts.c.type == "candidate.registered")
            .order_by(facts.c.candidate_id, facts.c.occurred_at, facts.c.seq)
        )
        found: dict[str, Profile] = {}
        for candidate_id, body in self._rows(query):
            data = json.loads(body)["event"]["data"]
            found[candidate_id] = Profile(
                data.get("country"), tuple(data.get("target_roles") or ())
            )
        return found

    def candidates(self, partner: str) -> list[str]:
        query = select(facts.c.candidate_id).where(facts.c.partner == partner).distinct()
        return sorted(row[0] for row in self._rows(query))

    def figures(
        self, partner: str, candidate_ids: Iterable[str], today: date
    ) -> list[CandidateFigures]:
        wanted = sorted(set(candidate_ids))
        this_week = datetime.combine(week_start(today), time(), UTC)
        since = this_week - timedelta(weeks=self._trailing_weeks)
        recent = self._contact_weeks(partner, since, this_week)
        reached = self._distinct_contacts(partner, REACH)
        replied = self._distinct_contacts(partner, ("contact.replied",))
        referrals, to_authority = self._referrals(partner)
        return [
            CandidateFigures(
                candidate_id,
                round(recent.get(candidate_id, 0) / self._trailing_weeks, 2),
                _ratio(replied.get(candidate_id, 0), reached.get(candidate_id, 0)),
                _ratio(to_authority.get(candidate_id, 0), referrals.get(candidate_id, 0)),
            )
            for candidate_id in wanted
        ]

    def observed(self, partner: str) -> Observed:
        """Totals over the candidates that give a lead rate: those who reached contacts
        and have any lead on record (a platform that records no leads for a candidate
        says nothing about their yield, rather than a yield of 0)."""
        weeks = self._contact_weeks(partner)
        recorded = self._count(partner, "lead.created")
        giving = [c for c, n in weeks.items() if n and recorded.get(c)]
        solid = self._count(partner, "lead.created", _data(self._engine, "quality") == "solid")
        interviews = self._count(partner, "interview.scheduled")
        return Observed(
            contact_weeks=sum(weeks[c] for c in giving),
            solid_leads=sum(solid.get(c, 0) for c in giving),
            interviews=sum(interviews.get(c, 0) for c in giving),
            candidates=len(giving),
            candidates_with_leads=sum(1 for c in giving if solid.get(c)),
        )

    def _contact_weeks(
        self, partner: str, since: datetime | None = None, until: datetime | None = None
    ) -> dict[str, int]:
        """A contact reached in a week counts once that week (the seed's weekly reach)."""
        pairs = (
            select(
                facts.c.candidate_id,
                _data(self._engine, "contact_id").label("contact"),
                _week(self._engine).label("week"),
            )
            .where(facts.c.partner == partner, facts.c.type.in_(REACH))
            .distinct()
        )
        if since is not None and until is not None:
            pairs = pairs.where(facts.c.occurred_at >= since, facts.c.occurred_at < until)
        inner = pairs.subquery()
        query = select(inner.c.candidate_id, func.count()).group_by(inner.c.candidate_id)
        return dict(self._rows(query))

    def _distinct_contacts(self, partner: str, types: tuple[str, ...]) -> dict[str, int]:
        contact = _data(self._engine, "contact_id")
        query = (
            select(facts.c.candidate_id, func.count(contact.distinct()))
            .where(facts.c.partner == partner, facts.c.type.in_(types))
            .group_by(facts.c.candidate_id)
        )
        return dict(self._rows(query))

    def _referrals(self, partner: str) -> tuple[dict[str, int], dict[str, int]]:
        to_authority = case((_data(self._engine, "referred_to").in_(AUTHORITY), 1), else_=0)
        query = (
            select(facts.c.candidate_id, func.count(), func.sum(to_authority))
            .where(facts.c.partner == partner, facts.c.type == "referral.made")
            .group_by(facts.c.candidate_id)
        )
        rows = list(self._rows(query))
        return {r[0]: r[1] for r in rows}, {r[0]: int(r[2] or 0) for r in rows}

    def _count(
        self, partner: str, type_: str, where: ColumnElement[bool] | None = None
    ) -> dict[str, int]:
        query = (
            select(facts.c.candidate_id, func.count())
            .where(facts.c.partner == partner, facts.c.type == type_)
            .group_by(facts.c.candidate_id)
        )
        if where is not None:
            query = query.where(where)
        return dict(self._rows(query))

    def _rows(self, query: Select) -> list:  # type: ignore[type-arg]
        with read_only(self._engine).connect() as conn:
            return [tuple(row) for row in conn.execute(query)]


def _ratio(part: int, whole: int) -> float | None:
    return round(part / whole, 3) if whole else None


def _data(engine: Engine, field: str) -> ColumnElement[str]:
    """``body.event.data.<field>`` as text, in the dialect's own JSON functions."""
    if engine.dialect.name == "postgresql":
        found: ColumnElement[str] = cast(facts.c.body, JSONB)["event"]["data"][field].astext
        return found
    return cast(func.json_extract(facts.c.body, f"$.event.data.{field}"), String)


def _week(engine: Engine) -> ColumnElement[str]:
    if engine.dialect.name == "postgresql":
        return cast(func.date_trunc("week", facts.c.occurred_at), String)
    # SQLite stores the UTC moment as text; its %W weeks start on Mondays too.
    return func.strftime("%Y-%W", facts.c.occurred_at)
