"""The coach's HTTP routes: next actions, what-if, cohort and the HTML report (DESIGN 3.1)."""

from dataclasses import asdict
from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query
from fastapi.responses import HTMLResponse
from pydantic import AfterValidator

from outreach_diagnostics.api import Reader, day_in_range, owned_state
from outreach_diagnostics.coach.cohort import GroupTooSmallError
from outreach_diagnostics.coach_examples import REPORT_HTML
from outreach_diagnostics.coach_schemas import (
    CohortView,
    NextAction,
    NextActions,
    RatesView,
    Spread,
    WeekForecastView,
    WhatIf,
)
from outreach_diagnostics.coach_service import CoachService, render_report
from outreach_platform.http.deps import provide
from outreach_platform.http.errors import ProblemError
from outreach_platform.http.openapi import (
    CANDIDATE_READ_RESPONSES,
    CandidateId,
    problem_responses,
)
from outreach_platform.http.routes import PartnerRoute

router = APIRouter(prefix="/v1", tags=["coach"], route_class=PartnerRoute)
Coach = Annotated[CoachService, Depends(provide(CoachService))]
Day = Annotated[date | None, AfterValidator(day_in_range)]
AS_OF = (
    "count events that occurred on or before this day (default: today where the candidate lives)"
)


@router.get(
    "/candidates/{candidate_id}/next-actions",
    operation_id="get_next_actions",
    response_model=NextActions,
    responses=CANDIDATE_READ_RESPONSES,
)
def next_actions(
    candidate_id: CandidateId,
    principal: Reader,
    coach: Coach,
    as_of: Annotated[Day, Query(description=AS_OF)] = None,
) -> NextActions:
    """Dated to-dos, soonest first: 3B7 follow-ups, dead contacts, introductions to ask
    for, promises to chase, and who to follow up with when a low season ends."""
    state = owned_state(coach.diagnostics, principal, candidate_id)
    day = as_of or coach.today(state)
    actions = [
        NextAction(**(asdict(a) | {"event_ids": list(a.event_ids)}))
        for a in coach.next_actions(state, day)
    ]
    return NextActions(candidate_id=candidate_id, as_of=day, actions=actions)


@router.get(
    "/candidates/{candidate_id}/what-if",
    operation_id="get_what_if",
    response_model=WhatIf,
    responses=CANDIDATE_READ_RESPONSES,
)
def what_if(
    candidate_id: CandidateId,
    principal: Reader,
    coach: Coach,
    contacts_per_week: Annotated[
        int, Query(ge=0, le=1000, description="contacts to reach each week")
    ] = 15,
    start: Annotated[Day, Query(description="the first week's first day (default: today)")] = None,
    weeks: Annotated[int, Query(ge=1, le=52, description="weeks to project")] = 8,
) -> WhatIf:
    """The solid leads (and interviews, when the partner's rates give them) to expect per
    week at ``contacts_per_week`` from ``start``, with the low seasons applied."""
    state = owned_state(coach.diagnostics, principal, candidate_id)
    first = start or coach.today(state)
    rates, forecast = coach.forecast(state, contacts_per_week, first, weeks)
    interviews = [w.expected_interviews for w in forecast]
    return WhatIf(
        candidate_id=candidate_id,
        contacts_per_week=contacts_per_week,
        start=first,
        weeks=[WeekForecastView(**asdict(w)) for w in forecast],
        expected_solid_leads=round(sum(w.expected_solid_leads for w in forecast), 2),
        expected_interviews=None
        if None in interviews
        else round(sum(i or 0.0 for i in interviews), 2),
        low_season_yield=coach.rules.low_season_yield,
        rates=RatesView(**asdict(rates), min_candidates=coach.rules.min_group_size),
    )


_TOO_SMALL = (
    "a parameter is invalid (errors names it), or the group has fewer candidates than the "
    "minimum group size (no figures shown)"
)


@router.get(
    "/cohort",
    operation_id="get_cohort",
    response_model=CohortView,
    responses=problem_responses(401, 403, 429, 500, 422, why={422: _TOO_SMALL}),
)
def cohort(
    principal: Reader,
    coach: Coach,
    country: Annotated[
        str | None,
        Query(pattern="^[A-Za-z]{2}$", description="ISO 3166-1 alpha-2 of the registration"),
    ] = None,
    target_role: Annotated[
        str | None, Query(min_length=1, max_length=200, description="one of the target roles")
    ] = None,
) -> CohortView:
    """This partner's distribution of its candidates' figures (never another partner's),
    refused for a group smaller than the minimum group size."""
    try:
        group, _ = coach.cohort(principal.partner, country, target_role)
    except GroupTooSmallError as small:
        raise ProblemError(422, str(small)) from None
    return CohortView(
        candidates=group.candidates,
        min_candidates=coach.rules.min_group_size,
        country=country.upper() if country else None,
        target_role=target_role,
        contacts_per_week=Spread(**group.contacts_per_week),
        reply_rate=Spread(**group.reply_rate) if group.reply_rate else None,
        hiring_authority_share=Spread(**group.hiring_authority_share)
        if group.hiring_authority_share
        else None,
        flagged_share=group.flagged_share,
    )


_HTML: dict[int | str, dict[str, Any]] = {
    200: {
        "content": {"text/html": {"schema": {"type": "string"}, "example": REPORT_HTML}},
        "description": "the coach's report",
    }
}


@router.get(
    "/candidates/{candidate_id}/report",
    operation_id="get_report",
    response_class=HTMLResponse,
    responses=_HTML | CANDIDATE_READ_RESPONSES,
)
def report(
    candidate_id: CandidateId,
    principal: Reader,
    coach: Coach,
    as_of: Annotated[Day, Query(description=AS_OF)] = None,
) -> HTMLResponse:
    """A self-contained HTML page for a coach (inline styles and SVG, printable to A4)."""
    state = owned_state(coach.diagnostics, principal, candidate_id)
    return HTMLResponse(render_report(coach, state, as_of))
