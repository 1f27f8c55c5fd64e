"""Everything the report shows, in words and numbers: built from the state, the diagnosis,
the next actions, the what-if and the cohort, with contacts named, never by id."""

import re
from dataclasses import dataclass
from datetime import timedelta

from outreach_contract.v1 import Diagnosis, Status
from outreach_contract.v1 import events as ev
from outreach_diagnostics.coach.actions import Action, who
from outreach_diagnostics.coach.report.charts import Step, WeeklyChart, funnel, weekly_chart
from outreach_diagnostics.coach.what_if import Rates, SeasonOn, WeekForecast
from outreach_diagnostics.dates import full, short
from outreach_diagnostics.rules.context import RuleContext
from outreach_diagnostics.rules.weekly import activity, week_start

STATUS_WORDS = {
    Status.PROBLEM: "Problem",
    Status.AT_RISK: "At risk",
    Status.OK: "OK",
    Status.INSUFFICIENT_DATA: "Not enough data",
}
CHART_WEEKS = 12


@dataclass(frozen=True)
class ReasonView:
    number: int
    title: str
    status: str  # the contract's value: the CSS class
    status_words: str
    evidence: str
    advice: str


@dataclass(frozen=True)
class ActionView:
    due: str
    overdue: bool
    action: str


@dataclass(frozen=True)
class ReportView:
    candidate_id: str
    as_of: str
    chart: WeeklyChart
    seasons: list[str]
    funnel: list[Step]
    reasons: list[ReasonView]
    actions: list[ActionView]
    more_actions: int
    what_if: list[str]
    cohort: list[str]
    cohort_note: str


def build(
    ctx: RuleContext,
    diagnosis: Diagnosis,
    actions: list[Action],
    shown_actions: int,
    forecast: tuple[Rates, list[WeekForecast]],
    cohort: list[str] | None,
    season_on: SeasonOn,
) -> ReportView:
    names = _names(ctx)
    reasons = [
        ReasonView(
            n,
            v.title,
            v.status.value,
            STATUS_WORDS[v.status],
            without_ids(v.summary, names),
            without_ids(v.advice, names),
        )
        for n, v in enumerate(diagnosis.reasons, 1)
    ]
    chart, seasons = _weekly(ctx, season_on)
    return ReportView(
        diagnosis.candidate_id,
        full(ctx.as_of),
        chart,
        seasons,
        funnel(_funnel(ctx)),
        reasons,
        [ActionView(full(a.due), a.due < ctx.as_of, a.action) for a in actions[:shown_actions]],
        max(0, len(actions) - shown_actions),
        _what_if(*forecast),
        cohort or [],
        "" if cohort else "Not shown: this platform has too few comparable candidates.",
    )


def without_ids(text: str, names: dict[str, str]) -> str:
    """``text`` with every contact id written as the contact's name (or company)."""
    if not names:
        return text
    pattern = "|".join(re.escape(i) for i in sorted(names, key=len, reverse=True))
    return re.sub(rf"(?<![\w-])(?:{pattern})(?![\w-])", lambda m: names[m.group(0)], text)


def _names(ctx: RuleContext) -> dict[str, str]:
    return {contact_id: who(ctx, contact_id) for contact_id in ctx.state.contacts}


def _weekly(ctx: RuleContext, season_on: SeasonOn) -> tuple[WeeklyChart, list[str]]:
    this_week = week_start(ctx.as_of)
    mondays = [this_week - timedelta(weeks=n) for n in range(CHART_WEEKS - 1, -1, -1)]
    weeks = activity(ctx, mondays)
    labels: list[str] = []
    rows = []
    for monday in mondays:
        seasons = [season_on(monday + timedelta(days=d)) for d in range(5)]
        inside = [s for s in seasons if s is not None]
        labels = list(dict.fromkeys([*labels, *(s.label for s in inside)]))
        rows.append((short(monday), weeks[monday].reached, bool(inside)))
    return weekly_chart(rows, ctx.thresholds.contacts_per_week), labels


def _funnel(ctx: RuleContext) -> list[tuple[str, int]]:
    state = ctx.state
    reached = {e.data.contact_id for e in state.of_type(ev.OutreachSent)}
    reached |= {e.data.contact_id for e in state.of_type(ev.MeetingHeld)}
    return [
        ("Contacts reached", len(reached)),
        ("Replies", len({e.data.contact_id for e in state.of_type(ev.ContactReplied)})),
        ("Meetings", len(state.of_type(ev.MeetingHeld))),
        ("Referrals", len(state.of_type(ev.ReferralMade))),
        ("Leads", len(state.of_type(ev.LeadCreated))),
        ("Interviews", len(state.of_type(ev.InterviewScheduled))),
    ]


def _what_if(rates: Rates, weeks: list[WeekForecast]) -> list[str]:
    if not weeks:
        return []
    per_week = weeks[0].contacts
    leads = sum(w.expected_solid_leads for w in weeks)
    lines = [
        f"Reaching {per_week} contacts a week for {len(weeks)} weeks from "
        f"{full(weeks[0].week_of)}, expect about {leads:.1f} solid leads "
        f"({rates.explanation})."
    ]
    if rates.interviews_per_solid_lead is not None:
        interviews = sum(w.expected_interviews or 0.0 for w in weeks)
        lines.append(f"That is about {interviews:.1f} interviews.")
    low = [w for w in weeks if w.low_season]
    if low:
        lines.append(
            f"{len(low)} of those weeks fall in a low season ({low[0].low_season}), "
            "when the same effort yields less."
        )
    return lines
