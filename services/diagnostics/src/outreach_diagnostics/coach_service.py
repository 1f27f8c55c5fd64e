"""The coach's reads: the pure modules of ``coach`` over the read model."""

from collections.abc import Mapping, Sequence
from datetime import UTC, date, datetime, timedelta
from typing import Protocol

from sqlalchemy import Engine, select

from outreach_diagnostics.coach import cohort as cohorts
from outreach_diagnostics.coach import what_if
from outreach_diagnostics.coach.actions import Action
from outreach_diagnostics.coach.next_actions import next_actions
from outreach_diagnostics.coach.report.render import render
from outreach_diagnostics.coach.report.view import build
from outreach_diagnostics.coach.rules import CoachRules
from outreach_diagnostics.coach_sql import CoachFigures
from outreach_diagnostics.rules.context import RuleContext
from outreach_diagnostics.rules.weekly import week_start
from outreach_diagnostics.seasons import Season, low_season_on
from outreach_diagnostics.service import DiagnosticsService
from outreach_diagnostics.thresholds import Thresholds
from outreach_domain import CandidateState, restrict
from outreach_platform.database import read_only
from outreach_platform.verdicts import candidate_verdicts


class Statuses(Protocol):
    """Each candidate's status per reason slug: the one port for the cohort's flagged
    shares, so the source (diagnoses now, stored verdicts later) can be swapped."""

    def statuses(
        self, partner: str, candidate_ids: Sequence[str]
    ) -> Mapping[str, Mapping[str, str]]: ...


class StoredStatuses:
    """The statuses the verdict refresher stored (``candidate_verdicts``, ADR 0013): one
    query of the partner's rows, no diagnosis per request. A candidate not refreshed yet
    has none, and counts as not flagged."""

    def __init__(self, engine: Engine) -> None:
        self._engine = engine

    def statuses(
        self, partner: str, candidate_ids: Sequence[str]
    ) -> Mapping[str, Mapping[str, str]]:
        wanted = set(candidate_ids)
        table = candidate_verdicts
        query = select(table.c.candidate_id, table.c.reason, table.c.status).where(
            table.c.partner == partner
        )
        found: dict[str, dict[str, str]] = {}
        with read_only(self._engine).connect() as conn:
            for candidate_id, reason, status in conn.execute(query):
                if candidate_id in wanted:
                    found.setdefault(candidate_id, {})[reason] = status
        return found


class CoachService:
    def __init__(
        self,
        diagnostics: DiagnosticsService,
        figures: CoachFigures,
        statuses: Statuses,
        rules: CoachRules,
    ) -> None:
        self.diagnostics = diagnostics
        self.figures = figures
        self.statuses = statuses
        self.rules = rules

    @property
    def thresholds(self) -> Thresholds:
        return self.diagnostics.thresholds

    def today(self, state: CandidateState) -> date:
        return datetime.now(state.timezone).date()

    def next_actions(self, state: CandidateState, as_of: date | None) -> list[Action]:
        day = as_of or self.today(state)
        return next_actions(state, day, self.thresholds, self.rules, self.diagnostics.spelling)

    def rates(self, partner: str) -> what_if.Rates:
        observed = self.figures.observed(partner)
        return what_if.choose_rates(observed, self.thresholds, self.rules)

    def forecast(
        self, state: CandidateState, contacts_per_week: int, start: date, weeks: int
    ) -> tuple[what_if.Rates, list[what_if.WeekForecast]]:
        rates = self.rates(state.partner)
        season_on = _season_on(state, self.thresholds)
        return rates, what_if.forecast(
            contacts_per_week, start, weeks, rates, season_on, self.rules
        )

    def group(
        self, partner: str, country: str | None = None, target_role: str | None = None
    ) -> list[str]:
        """The partner's candidates, those registered in ``country`` with ``target_role``
        among their target roles when given (case does not matter)."""
        members = self.figures.candidates(partner)
        if country is None and target_role is None:
            return members
        profiles = self.figures.profiles(partner)
        role = target_role.casefold() if target_role else None
        return [
            c
            for c in members
            if (p := profiles.get(c)) is not None
            and (country is None or (p.country or "").upper() == country.upper())
            and (role is None or role in {r.casefold() for r in p.target_roles})
        ]

    def cohort(
        self, partner: str, country: str | None = None, target_role: str | None = None
    ) -> tuple[cohorts.Cohort, list[cohorts.CandidateFigures]]:
        """Raises ``cohorts.GroupTooSmallError`` below the minimum group size, before any figure."""
        members = self.group(partner, country, target_role)
        if len(members) < self.rules.min_group_size:
            raise cohorts.GroupTooSmallError(self.rules.min_group_size)
        today = datetime.now(UTC).date()  # the cohort's weeks are UTC weeks (coach_sql)
        figures = self.figures.figures(partner, members, today)
        statuses = self.statuses.statuses(partner, members)
        return cohorts.cohort(figures, statuses, self.rules.min_group_size), figures


def render_report(coach: CoachService, state: CandidateState, as_of: date | None) -> str:
    """The candidate's report as HTML: diagnosis, actions, what-if at the seed's volume
    from next Monday, and the cohort placement only when the group is large enough."""
    day = as_of or coach.today(state)
    diagnosis = coach.diagnostics.diagnose(state, day)
    actions = coach.next_actions(state, day)
    start = week_start(day) + timedelta(weeks=1)
    forecast = coach.forecast(state, coach.thresholds.contacts_per_week, start, 8)
    ctx = RuleContext(restrict(state, day), day, coach.thresholds, coach.diagnostics.spelling)
    view = build(
        ctx,
        diagnosis,
        actions,
        coach.rules.report_actions,
        forecast,
        _placement(coach, state),
        _season_on(state, coach.thresholds),
    )
    return render(view)


def _placement(coach: CoachService, state: CandidateState) -> list[str] | None:
    try:
        group, figures = coach.cohort(state.partner)
    except cohorts.GroupTooSmallError:
        return None
    mine = next((f for f in figures if f.candidate_id == state.candidate_id), None)
    return cohorts.placement(mine, group) if mine else None


def _season_on(state: CandidateState, t: Thresholds) -> what_if.SeasonOn:
    """The low season of a day in the candidate's country (none without a country)."""
    country = state.profile.country if state.profile else None

    def season_on(day: date) -> Season | None:
        if country is None:
            return None
        return low_season_on(day, country, t.low_season_start_month, t.low_season_start_day)

    return season_on
