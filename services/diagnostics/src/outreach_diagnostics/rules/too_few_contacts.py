"""1. Not enough prospective employers reached: "you have to reach 15 of your contacts".

Reached = a distinct contact with an outreach.sent or a meeting.held that week (a coffee
is reaching someone too). Weeks run Monday to Sunday in the candidate's time zone; the
verdict reads the ``trailing_weeks`` (4) full weeks before the week of ``as_of``, and
the current week is reported as it stands. A full week counts only if the candidate's
history covers all of it (their first event is on or before its Monday), so a newcomer
is not judged on weeks before they joined.

* problem — the average over the counted weeks is below ``contacts_per_week`` (15);
  score = 1 - average / 15.
* at_risk — the average reaches 15 but some week fell short; score = half the worst
  week's shortfall (1 - worst / 15) / 2.
* ok — every counted week reached 15; score 0.
* insufficient_data — no events at all, or no full week of history yet.
"""

from datetime import date, timedelta

from outreach_contract.v1 import ReasonSlug, ReasonVerdict, Status
from outreach_diagnostics.dates import short, weekday
from outreach_diagnostics.rules import weekly
from outreach_diagnostics.rules.context import RuleContext
from outreach_diagnostics.rules.verdicts import verdict

SLUG = ReasonSlug.TOO_FEW_CONTACTS


def evaluate(ctx: RuleContext) -> ReasonVerdict:
    if not ctx.state.facts:
        return _no_history(ctx, "There are no events for this candidate yet.", None)
    this_week = weekly.week_start(ctx.as_of)
    first_day = ctx.day(ctx.state.facts[0].event)
    weeks = [this_week - timedelta(weeks=n) for n in range(ctx.thresholds.trailing_weeks, 0, -1)]
    counted = [week for week in weeks if week >= first_day]
    activity = weekly.activity(ctx, [*counted, this_week])
    if not counted:
        return _no_history(ctx, f"History starts on {short(first_day)}.", activity[this_week])
    return _judge(ctx, [activity[week] for week in counted], activity[this_week])


def _judge(ctx: RuleContext, weeks: list[weekly.Week], current: weekly.Week) -> ReasonVerdict:
    target = ctx.thresholds.contacts_per_week
    average = sum(week.reached for week in weeks) / len(weeks)
    worst = min(week.reached for week in weeks)
    evidence = weekly.evidence(ctx, weeks, current)
    ids = [i for week in [*weeks, current] for i in week.event_ids]
    advice = _advice(ctx, weeks, current, average)
    if average < target:
        summary = (
            f"You reached {average:.1f} contacts a week over the last {len(weeks)} full "
            f"weeks; the target is {target}."
        )
        return verdict(SLUG, Status.PROBLEM, 1 - average / target, summary, evidence, ids, advice)
    if worst < target:
        summary = (
            f"You averaged {average:.1f} contacts a week, but one week had only "
            f"{worst}; the target is {target} every week."
        )
        score = (1 - worst / target) / 2
        return verdict(SLUG, Status.AT_RISK, score, summary, evidence, ids, advice)
    summary = f"You reached at least {target} contacts in each of the last {len(weeks)} weeks."
    return verdict(SLUG, Status.OK, 0.0, summary, evidence, ids, advice)


def _advice(
    ctx: RuleContext, weeks: list[weekly.Week], current: weekly.Week, average: float
) -> str:
    target = ctx.thresholds.contacts_per_week
    last = weeks[-1]
    text = (
        f"You reached {last.reached} contacts in the week of {short(last.start)} "
        f"({average:.1f} a week over {len(weeks)} full weeks); the target is {target} "
        f"a week, across as many prospective employers as you can. "
    )
    text += _employers(ctx, weeks) + _this_week(ctx, current)
    reached = sum(week.reached for week in weeks)
    expected = reached * ctx.thresholds.solid_lead_yield
    solid = sum(week.solid_leads for week in weeks)
    text += (
        f" At the yield of {ctx.thresholds.solid_leads_per_week} solid leads per {target} "
        f"contacts, your {reached} contacts should have brought about {expected:.1f} solid "
        f"leads; you recorded {solid}."
    )
    if average >= target and solid < expected:
        text += " Volume is not the issue: look at the other reasons for the missing leads."
    return text


def _employers(ctx: RuleContext, weeks: list[weekly.Week]) -> str:
    companies = len({c for week in weeks for c in week.companies})
    unknown = len({c for week in weeks for c in week.contacts if not ctx.company_of(c)})
    text = f"You reached people at {companies} companies. " if companies else ""
    if unknown:
        text += f"{unknown} contacts have no company on record (contact.added). "
    return text


def _this_week(ctx: RuleContext, current: weekly.Week) -> str:
    target = ctx.thresholds.contacts_per_week
    sunday = current.start + timedelta(days=6)
    if current.reached >= target:
        return f"This week you have already reached {current.reached}: keep that pace."
    return (
        f"This week (from {short(current.start)}) you have reached {current.reached} so "
        f"far: reach {target - current.reached} more by {weekday(sunday)}."
    )


def _no_history(ctx: RuleContext, why: str, current: weekly.Week | None) -> ReasonVerdict:
    first_sunday = _first_full_week_end(ctx)
    reached = current.reached if current else 0
    advice = (
        f"{why} A verdict needs one full Monday-to-Sunday week of outreach history "
        f"(outreach.sent and meeting.held events), available after "
        f"{weekday(first_sunday)}. Meanwhile aim for "
        f"{ctx.thresholds.contacts_per_week} contacts a week; "
        f"{reached} reached so far this week."
    )
    evidence = weekly.evidence(ctx, [], current) if current else {"events": 0}
    ids = current.event_ids if current else []
    summary = "Not enough history yet to count contacts over a full week."
    return verdict(SLUG, Status.INSUFFICIENT_DATA, 0.0, summary, evidence, ids, advice)


def _first_full_week_end(ctx: RuleContext) -> date:
    start = ctx.day(ctx.state.facts[0].event) if ctx.state.facts else ctx.as_of
    monday = weekly.week_start(start)
    first_monday = monday if monday == start else monday + timedelta(weeks=1)
    return first_monday + timedelta(days=6)
