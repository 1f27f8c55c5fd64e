"""The coach's numbers, with their defaults; ``OUTREACH_COACH__<FIELD>`` sets them."""

from dataclasses import dataclass, fields


@dataclass(frozen=True)
class CoachRules:
    # 3B7 (the seed's routine): no reply in 3 business days, reach a second person at
    # that company; follow up with the first at 7.
    second_person_business_days: int = 3
    follow_up_business_days: int = 7
    # Follow-ups after the first message with no reply before the contact is dead.
    follow_ups_before_dead: int = 2
    # The fewest candidates whose figures are shown as a cohort, or used as the partner's
    # own conversion rates in a what-if: a smaller group would expose individuals.
    min_group_size: int = 10
    # What a week wholly inside a low season yields, as a share of a normal week. The
    # seed says only "the least opportune times"; one half is an assumption, a setting.
    low_season_yield: float = 0.5
    # Next actions listed in the report (the API lists them all).
    report_actions: int = 12

    def __post_init__(self) -> None:
        for field in fields(self):
            value = getattr(self, field.name)
            if field.type in (float, "float") and not 0.0 <= value <= 1.0:
                raise ValueError(f"{field.name} must be a share in [0, 1], not {value}")
            if field.type in (int, "int") and value < 1:
                raise ValueError(f"{field.name} must be at least 1, not {value}")
