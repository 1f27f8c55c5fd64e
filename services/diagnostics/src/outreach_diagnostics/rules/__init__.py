"""The seven rules, one module each, in the order of docs/contract.md section 3."""

from collections.abc import Callable

from outreach_contract.v1 import ReasonVerdict
from outreach_diagnostics.rules import (
    contact_lacks_leverage,
    departure_story,
    presentation,
    prior_impression,
    too_few_contacts,
    unwilling_contact,
    wrong_season,
)
from outreach_diagnostics.rules.context import RuleContext

Rule = Callable[[RuleContext], ReasonVerdict]

RULES: tuple[Rule, ...] = (
    too_few_contacts.evaluate,
    departure_story.evaluate,
    wrong_season.evaluate,
    prior_impression.evaluate,
    contact_lacks_leverage.evaluate,
    presentation.evaluate,
    unwilling_contact.evaluate,
)

__all__ = ["RULES", "Rule", "RuleContext"]
