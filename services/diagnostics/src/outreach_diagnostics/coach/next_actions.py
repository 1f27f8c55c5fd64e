"""``next_actions(state, as_of)``: every rule's to-dos, dated and in order."""

from datetime import date

from outreach_diagnostics.coach.actions import Action
from outreach_diagnostics.coach.follow_ups import follow_ups
from outreach_diagnostics.coach.introductions import introductions
from outreach_diagnostics.coach.promises import promises_to_chase
from outreach_diagnostics.coach.rules import CoachRules
from outreach_diagnostics.coach.seasonal import after_the_season
from outreach_diagnostics.rules.context import RuleContext
from outreach_diagnostics.spelling import SpellCheck, default_checker
from outreach_diagnostics.thresholds import Thresholds
from outreach_domain import CandidateState, restrict


def next_actions(
    state: CandidateState,
    as_of: date,
    thresholds: Thresholds | None = None,
    rules: CoachRules | None = None,
    spelling: SpellCheck | None = None,
) -> list[Action]:
    """The to-dos as of ``as_of`` (only events that occurred by then count), soonest
    first; a to-do already due before ``as_of`` keeps its date, so it reads as overdue."""
    coach = rules or CoachRules()
    # No rule here reads presentation text: the checker is only there to fill the context.
    seen = restrict(state, as_of)
    ctx = RuleContext(seen, as_of, thresholds or Thresholds(), spelling or default_checker())
    found = [
        *follow_ups(ctx, coach),
        *introductions(ctx),
        *promises_to_chase(ctx),
        *after_the_season(ctx),
    ]
    return sorted(found, key=lambda action: action.sort_key)
