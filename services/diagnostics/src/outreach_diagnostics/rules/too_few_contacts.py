"""1. Not enough prospective employers reached: "you have to reach 15 of your contacts".

Reached = a distinct contact with an outreach.sent or a meeting.held that week (a coffee
is reaching someone too). Weeks run Monday to Sunday in the candidate's time zone; the
verdict reads the ``trailing_weeks`` (4) full weeks before the week of ``as_of``, and
the current week is reported as it stands.

History starts at the candidate's first registration or first outreach (outreach.sent,
meeting.held), whichever is first. A back-dated fact — how the last job ended, a contact
list imported on day one with old dates — does not start it: otherwise a newcomer would
look like someone who reached nobody for weeks. A full week counts only if the history
covers all of it (it starts on or before that Monday).

Breadth is the seed's point ("prospective *employers* reached"): 15 messages to the same
pool, or to people at one or two companies, are not the reach it asks for. Three
averages over the counted weeks are judged, each against its setting:

* contacts reached a week, against ``contacts_per_week`` (15);
* new reach a week — contacts not reached in the ``trailing_weeks`` before — against
  ``new_contacts_per_week`` (10): follow-ups are reported apart and are welcome, but
  they are not new reach;
* distinct prospective employers (companies, folded by ``company_key``) a week, against
  ``employers_per_week`` (5) — judged only when at least ``employer_known_share`` of the
  contacts reached have a company on record; otherwise the evidence and advice say that
  the companies are unknown, rather than reading them as few.

* problem — any of the three averages is below its target; strength = the largest
  relative shortfall (1 - average / target).
* at_risk — every average meets its target but some week fell short of 15 contacts;
  strength = that week's shortfall (1 - worst / 15).
* ok — every counted week reached 15 and the breadth targets are met.
* insufficient_data — no events, no start of history yet, or no full week since it.
"""

from dataclasses import dataclass
from datetime import date, timedelta

from outreach_contract.v1 import ReasonSlug, ReasonVerdict, Status
from outreach_contract.v1 import events as ev
from outreach_diagnostics.dates import plural, short, weekday
from outreach_diagnostics.rules import weekly
from outreach_diagnostics.rules.context import RuleContext
from outreach_diagnostics.rules.verdicts import verdict

SLUG = ReasonSlug.TOO_FEW_CONTACTS


@dataclass(frozen=True)
class Shortfall:
    measure: str  # what fell short, as the summary says it
    average: float
    target: int

    @property
    def size(self) -> float:
        return 1 - self.average / self.target


def history_start(ctx: RuleContext) -> date | None:
    """The first registration or first outreach, whichever is first (local day)."""
    starts = [
        events[0].occurred_at
        for events in (
            ctx.state.of_type(ev.CandidateRegistered),
            ctx.state.of_type(ev.OutreachSent),
            ctx.state.of_type(ev.MeetingHeld),
        )
        if events
    ]
    return ctx.state.local_date(min(starts)) if starts else None


def evaluate(ctx: RuleContext) -> ReasonVerdict:
    if not ctx.state.facts:
        return _no_history(ctx, "There are no events for this candidate yet.", None, None)
    this_week = weekly.week_start(ctx.as_of)
    first_day = history_start(ctx)
    if first_day is None:
        why = "History starts at registration (candidate.registered) or the first outreach."
        return _no_history(ctx, why, None, weekly.activity(ctx, [this_week])[this_week])
    weeks = [this_week - timedelta(weeks=n) for n in range(ctx.thresholds.trailing_weeks, 0, -1)]
    counted = [week for week in weeks if week >= first_day]
    activity = weekly.activity(ctx, [*counted, this_week])
    if not counted:
        why = f"History starts on {short(first_day)}."
        return _no_history(ctx, why, first_day, activity[this_week])
    return _judge(ctx, first_day, [activity[week] for week in counted], activity[this_week])


def _shortfalls(ctx: RuleContext, weeks: list[weekly.Week]) -> list[Shortfall]:
    t = ctx.thresholds
    measures = [
        Shortfall("contacts", weekly.average(weeks, lambda w: w.reached), t.contacts_per_week),
        Shortfall("new contacts", weekly.average(weeks, lambda w: w.new), t.new_contacts_per_week),
    ]
    if weekly.known_company_share(ctx, weeks) >= t.employer_known_share:
        companies = weekly.average(weeks, lambda w: len(w.companies))
        measures.append(Shortfall("prospective employers", companies, t.employers_per_week))
    return [s for s in measures if s.average < s.target]


def _judge(
    ctx: RuleContext, first_day: date, weeks: list[weekly.Week], current: weekly.Week
) -> ReasonVerdict:
    target = ctx.thresholds.contacts_per_week
    average = weekly.average(weeks, lambda w: w.reached)
    worst = min(week.reached for week in weeks)
    evidence = weekly.evidence(ctx, weeks, current) | {"history_starts_on": first_day.isoformat()}
    ids = [i for week in [*weeks, current] for i in week.event_ids]
    advice = _advice(ctx, weeks, current, average)
    over = f"over the last {plural(len(weeks), 'full week')}"
    if short_of := _shortfalls(ctx, weeks):
        parts = [f"{s.average:.1f} {s.measure} a week (target {s.target})" for s in short_of]
        summary = f"You reached {'; '.join(parts)} {over}."
        strength = max(s.size for s in short_of)
        return verdict(SLUG, Status.PROBLEM, strength, summary, evidence, ids, advice)
    if worst < target:
        summary = (
            f"You averaged {average:.1f} contacts a week, but one week had only "
            f"{worst}; the target is {target} every week."
        )
        return verdict(SLUG, Status.AT_RISK, 1 - worst / target, summary, evidence, ids, advice)
    summary = (
        f"You reached at least {target} contacts in each of the last "
        f"{plural(len(weeks), 'week')}, most of them new, across enough employers."
    )
    return verdict(SLUG, Status.OK, 0.0, summary, evidence, ids, advice)


def _advice(
    ctx: RuleContext, weeks: list[weekly.Week], current: weekly.Week, average: float
) -> str:
    target = ctx.thresholds.contacts_per_week
    last = weeks[-1]
    text = (
        f"You reached {plural(last.reached, 'contact')} in the week of {short(last.start)} "
        f"({average:.1f} a week over {plural(len(weeks), 'full week')}); the target is "
        f"{target} a week, across as many prospective employers as you can. "
    )
    text += _new_reach(ctx, weeks) + _employers(ctx, weeks) + _this_week(ctx, current)
    reached = sum(week.reached for week in weeks)
    expected = reached * ctx.thresholds.solid_lead_yield
    solid = sum(week.solid_leads for week in weeks)
    text += (
        f" At the yield of {ctx.thresholds.solid_leads_per_week} solid leads per {target} "
        f"contacts, your {plural(reached, 'contact')} should have brought about "
        f"{expected:.1f} solid leads; you recorded {solid}."
    )
    if not _shortfalls(ctx, weeks) and solid < expected:
        text += " Reach is not the issue: look at the other reasons for the missing leads."
    return text


def _new_reach(ctx: RuleContext, weeks: list[weekly.Week]) -> str:
    new = weekly.average(weeks, lambda w: w.new)
    follow_ups = weekly.average(weeks, lambda w: w.follow_ups)
    text = f"Of those, {new:.1f} a week were new contacts and {follow_ups:.1f} follow-ups. "
    wanted = ctx.thresholds.new_contacts_per_week
    if new < wanted:
        text += (
            f"Follow-ups keep a conversation going but do not widen your reach: add "
            f"{wanted - new:.1f} people a week you have not asked in the last "
            f"{plural(ctx.thresholds.trailing_weeks, 'week')}. "
        )
    return text


def _employers(ctx: RuleContext, weeks: list[weekly.Week]) -> str:
    t = ctx.thresholds
    companies = len({c for week in weeks for c in week.companies})
    per_week = weekly.average(weeks, lambda w: len(w.companies))
    unknown = len({c for week in weeks for c in week.contacts if not ctx.company_of(c)})
    text = f"You reached people at {plural(companies, 'company', 'companies')}"
    text += f" ({per_week:.1f} a week). " if companies else ". "
    if weekly.known_company_share(ctx, weeks) < t.employer_known_share:
        return (
            text + f"{plural(unknown, 'contact has', 'contacts have')} no company on record "
            f"(contact.added), so the number of prospective employers is not judged: record "
            f"each contact's company. "
        )
    if unknown:
        text += f"{plural(unknown, 'contact has', 'contacts have')} no company on record. "
    if per_week < t.employers_per_week:
        text += (
            f"That is too narrow: aim for at least {t.employers_per_week} prospective "
            f"employers a week, not more people at the same few companies. "
        )
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


def _no_history(
    ctx: RuleContext, why: str, first_day: date | None, current: weekly.Week | None
) -> ReasonVerdict:
    reached = current.reached if current else 0
    advice = f"{why} A verdict needs one full Monday-to-Sunday week of outreach history "
    advice += "(outreach.sent and meeting.held events)"
    if first_day is not None:
        advice += f", available after {weekday(_first_full_week_end(first_day))}"
    advice += (
        f". Meanwhile aim for {ctx.thresholds.contacts_per_week} contacts a week at "
        f"{ctx.thresholds.employers_per_week} or more prospective employers; "
        f"{reached} reached so far this week."
    )
    if current:
        evidence = weekly.evidence(ctx, [], current)
        evidence["history_starts_on"] = first_day.isoformat() if first_day else None
    else:
        evidence = {"events": 0}
    ids = current.event_ids if current else []
    summary = "Not enough history yet to count contacts over a full week."
    return verdict(SLUG, Status.INSUFFICIENT_DATA, 0.0, summary, evidence, ids, advice)


def _first_full_week_end(start: date) -> date:
    monday = weekly.week_start(start)
    first_monday = monday if monday == start else monday + timedelta(weeks=1)
    return first_monday + timedelta(days=6)
