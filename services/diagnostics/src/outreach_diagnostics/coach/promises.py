"""Reason 7: promises to chase — help promised and not delivered, due after
``promise_due_days`` (the rule's own deadline, so the chase and the verdict agree)."""

from datetime import timedelta

from outreach_contract.v1 import ReasonSlug
from outreach_contract.v1 import events as ev
from outreach_diagnostics.coach.actions import Action, who
from outreach_diagnostics.dates import business_day, short
from outreach_diagnostics.rules.context import RuleContext
from outreach_domain.summary import promises

SLUG = ReasonSlug.UNWILLING_CONTACT


def promises_to_chase(ctx: RuleContext) -> list[Action]:
    wording = {str(p.event_id): p.data.action for p in ctx.state.of_type(ev.HelpPromised)}
    wait = timedelta(days=ctx.thresholds.promise_due_days)
    found = []
    for promise in promises(ctx.state):
        if promise.delivered_on is not None:
            continue
        what = wording.get(promise.event_id)
        promised = f"promised to {what}" if what else "promised to help"
        text = (
            f"Chase {who(ctx, promise.contact_id)}, who {promised} on "
            f"{short(promise.promised_on)}; if nothing comes of it, move on"
        )
        due = business_day(promise.promised_on + wait, ctx.country)
        found.append(Action(due, text, SLUG, promise.contact_id, (promise.event_id,)))
    return found
