"""Every number the seven rules use, in one place, with the seed text's defaults.

The service maps its settings (environment variables) onto these fields, so a coach
can tune a rule without touching its code. Shares are fractions in [0, 1]; "most"
in the seed text means strictly more than half.
"""

from dataclasses import dataclass, fields
from datetime import date


@dataclass(frozen=True)
class Thresholds:
    # 1. too_few_contacts — "to generate three solid job leads a week, you have to reach 15".
    contacts_per_week: int = 15
    solid_leads_per_week: int = 3
    trailing_weeks: int = 4  # full Monday-to-Sunday weeks before the week of as_of
    # "Prospective employers": 3 solid leads a week need at least 3 employers, and not
    # every employer yields one; 5 a week is one employer for every 3 of the 15 contacts.
    employers_per_week: int = 5
    # New reach (not reached in the trailing weeks before): at most a third of the 15 may
    # be follow-ups with the same pool; the rest must be people not asked lately.
    new_contacts_per_week: int = 10
    # Employers are judged only when this share of the contacts reached has a company on
    # record (contact.added): otherwise unknown companies would read as few employers.
    employer_known_share: float = 0.5

    # 2, 4 and 5. A referral "passed to HR" that produced no interview in this many days,
    # or a referral asked for and not made in them, stalled; a meeting that led to no
    # one with hiring authority in them failed (rules.referrals, contact_lacks_leverage).
    referral_stall_days: int = 21

    # 3. wrong_season — "mid June through Labor Day, and Thanksgiving to New Years".
    # The start moves the seed's US summer season; other countries' come from seasons/.
    low_season_start_month: int = 6
    low_season_start_day: int = 15
    season_window_days: int = 28  # "recent outreach": the last four weeks up to as_of
    season_min_outreach: int = 3  # fewer recent messages than this decide nothing
    season_at_risk_share: float = 0.5  # share strictly above -> at_risk ("most")
    season_problem_share: float = 0.75  # share at or above -> problem

    # 4. prior_impression — stalled referrals through negatively-impressed contacts.
    impression_problem_share: float = 0.5  # share strictly above -> problem ("mostly")

    # 5. contact_lacks_leverage — meetings + referrals without reaching hiring authority.
    leverage_pileup: int = 3
    # Only the last quarter counts: a hiring-manager referral months ago says nothing about
    # the contacts enlisted since, and old failed efforts say nothing about the new ones.
    leverage_window_days: int = 90

    # 6. presentation.
    presentation_feedback_problem: int = 2  # unresolved negative feedback items -> problem
    max_findings_per_asset: int = 50  # keeps a 100 kB text's evidence readable

    # 7. unwilling_contact.
    promise_due_days: int = 14
    default_meeting_minutes: int = 30  # a meeting.held without minutes
    unwilling_time_problem_share: float = 0.5  # share strictly above -> problem ("most")
    unwilling_time_at_risk_share: float = 0.25  # share at or above -> at_risk

    def __post_init__(self) -> None:
        # Settings come from the environment; refuse nonsense early rather than mid-request.
        for field in fields(self):
            value = getattr(self, field.name)
            if field.type in (float, "float") and not 0.0 <= value <= 1.0:
                raise ValueError(f"{field.name} must be a share in [0, 1], not {value}")
            if field.type in (int, "int") and value < 1:
                raise ValueError(f"{field.name} must be at least 1, not {value}")
        # A leap year, so that any real day of the year is accepted.
        date(2000, self.low_season_start_month, self.low_season_start_day)
        for name in ("employers_per_week", "new_contacts_per_week"):
            if getattr(self, name) > self.contacts_per_week:
                raise ValueError(f"{name} must not be above contacts_per_week")
        if self.season_problem_share < self.season_at_risk_share:
            raise ValueError("season_problem_share must not be below season_at_risk_share")
        if self.unwilling_time_problem_share < self.unwilling_time_at_risk_share:
            raise ValueError(
                "unwilling_time_problem_share must not be below unwilling_time_at_risk_share"
            )

    @property
    def solid_lead_yield(self) -> float:
        """Solid leads expected per contact reached (3 per 15 by default)."""
        return self.solid_leads_per_week / self.contacts_per_week
