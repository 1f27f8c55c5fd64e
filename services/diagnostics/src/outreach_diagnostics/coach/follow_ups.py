"""The 3B7 routine over unanswered outreach, and the contacts to mark dead.

A contact's thread is the outreach sent to them since they last answered (a reply or a
meeting). With no answer, on the 3rd business day after the first message the candidate
reaches a second person at that company (unless someone there was reached since), and
on the 7th follows up with the first; each follow-up waits 7 business days again, and
after ``follow_ups_before_dead`` follow-ups without an answer the contact is marked dead.
A contact who declined is not chased.
"""

from collections import defaultdict
from datetime import date

from outreach_contract.v1 import ReasonSlug
from outreach_contract.v1 import events as ev
from outreach_contract.v1.enums import Willingness
from outreach_diagnostics.coach.actions import Action, add_business_days, who
from outreach_diagnostics.coach.rules import CoachRules
from outreach_diagnostics.dates import plural, short
from outreach_diagnostics.rules.context import RuleContext, company_key

SLUG = ReasonSlug.TOO_FEW_CONTACTS
Touch = tuple[date, str]  # (local day, event id)


def follow_ups(ctx: RuleContext, rules: CoachRules) -> list[Action]:
    threads = _unanswered(ctx)
    reached_at = _companies_reached(ctx)
    found: list[Action] = []
    for contact_id, touches in sorted(threads.items()):
        found += _thread_actions(ctx, rules, contact_id, touches, reached_at)
    return found


def _unanswered(ctx: RuleContext) -> dict[str, list[Touch]]:
    threads: dict[str, list[Touch]] = defaultdict(list)
    declined: set[str] = set()
    for fact in ctx.state.facts:  # oldest first: an answer clears the thread before it
        event = fact.event
        if isinstance(event, ev.OutreachSent):
            threads[event.data.contact_id].append((ctx.day(event), str(event.event_id)))
        elif isinstance(event, ev.ContactReplied | ev.MeetingHeld):
            threads.pop(event.data.contact_id, None)
            if getattr(event.data, "willingness", None) is Willingness.DECLINED:
                declined.add(event.data.contact_id)
    return {c: t for c, t in threads.items() if c not in declined}


def _companies_reached(ctx: RuleContext) -> dict[str, list[tuple[date, str]]]:
    """Each company's touches: (day, contact id)."""
    found: dict[str, list[tuple[date, str]]] = defaultdict(list)
    for event in ctx.state.of_type(ev.OutreachSent):
        company = ctx.company_of(event.data.contact_id)
        if company:
            found[company_key(company)].append((ctx.day(event), event.data.contact_id))
    return found


def _thread_actions(
    ctx: RuleContext,
    rules: CoachRules,
    contact_id: str,
    touches: list[Touch],
    reached_at: dict[str, list[tuple[date, str]]],
) -> list[Action]:
    first, last = touches[0][0], touches[-1][0]
    ids = tuple(event_id for _, event_id in touches)
    name, country = who(ctx, contact_id), ctx.country
    sent = len(touches) - 1  # follow-ups already sent
    if sent >= rules.follow_ups_before_dead:
        due = add_business_days(last, rules.follow_up_business_days, country)
        text = (
            f"Mark {name} as dead: no reply to {plural(len(touches), 'message')} "
            f"since {short(first)}; spend the time on someone new"
        )
        return [Action(due, text, SLUG, contact_id, ids)]
    wait = rules.follow_up_business_days
    again = "again " if sent else ""
    found = [
        Action(
            add_business_days(last, wait, country),
            f"Follow up {again}with {name}: no reply since {short(first)}",
            SLUG,
            contact_id,
            ids,
        )
    ]
    company = ctx.company_of(contact_id)
    if sent == 0 and company and not _someone_else_reached(reached_at, company, contact_id, first):
        found.append(
            Action(
                add_business_days(first, rules.second_person_business_days, country),
                f"Reach a second person at {company}: {name} has not replied since {short(first)}",
                SLUG,
                contact_id,
                ids,
            )
        )
    return found


def _someone_else_reached(
    reached_at: dict[str, list[tuple[date, str]]], company: str, contact_id: str, since: date
) -> bool:
    return any(
        day >= since and other != contact_id for day, other in reached_at[company_key(company)]
    )
