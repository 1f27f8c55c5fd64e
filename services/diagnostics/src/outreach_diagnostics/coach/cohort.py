"""A partner's cohort: percentiles of each candidate's figures, the share flagged per
reason, and where one candidate stands in it. Never computed for a group smaller than
``min_group_size`` (``GroupTooSmallError``): a small group's percentiles would describe people."""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from statistics import quantiles

from outreach_contract.v1 import ReasonSlug, Status

PERCENTILES = (10, 25, 50, 75, 90)
FLAGGED = frozenset({Status.PROBLEM.value, Status.AT_RISK.value})


class GroupTooSmallError(ValueError):
    def __init__(self, minimum: int) -> None:
        super().__init__(
            f"this group has fewer than {minimum} candidates: cohort figures are only "
            f"shown for groups of at least {minimum}"
        )
        self.minimum = minimum


@dataclass(frozen=True)
class CandidateFigures:
    candidate_id: str
    contacts_per_week: float  # distinct contacts reached in the trailing weeks, per week
    reply_rate: float | None  # contacts who replied / contacts reached (None: none reached)
    authority_share: float | None  # referrals to a hiring manager or the team / referrals


@dataclass(frozen=True)
class Cohort:
    candidates: int
    contacts_per_week: dict[str, float]
    reply_rate: dict[str, float] | None
    hiring_authority_share: dict[str, float] | None
    flagged_share: dict[str, float]


def percentiles(values: Sequence[float]) -> dict[str, float]:
    """p10, p25, p50, p75, p90 (inclusive method: they stay within the observed range)."""
    if len(values) == 1:
        return {f"p{p}": round(values[0], 3) for p in PERCENTILES}
    cuts = quantiles(values, n=100, method="inclusive")
    return {f"p{p}": round(cuts[p - 1], 3) for p in PERCENTILES}


def cohort(
    figures: Sequence[CandidateFigures],
    statuses: Mapping[str, Mapping[str, str]],
    minimum: int,
) -> Cohort:
    """``statuses``: each candidate's status per reason slug (candidates missing from it
    count as not flagged)."""
    if len(figures) < minimum:
        raise GroupTooSmallError(minimum)
    replies = [f.reply_rate for f in figures if f.reply_rate is not None]
    authority = [f.authority_share for f in figures if f.authority_share is not None]
    flagged = {
        slug.value: round(
            sum(statuses.get(f.candidate_id, {}).get(slug.value) in FLAGGED for f in figures)
            / len(figures),
            3,
        )
        for slug in ReasonSlug
    }
    return Cohort(
        len(figures),
        percentiles([f.contacts_per_week for f in figures]),
        percentiles(replies) if len(replies) >= minimum else None,
        percentiles(authority) if len(authority) >= minimum else None,
        flagged,
    )


def quarter(value: float, spread: Mapping[str, float]) -> str:
    """Where ``value`` lies: 'the bottom quarter', 'the top quarter' or 'the middle half'."""
    if value < spread["p25"]:
        return "the bottom quarter"
    if value > spread["p75"]:
        return "the top quarter"
    return "the middle half"


def placement(figures: CandidateFigures, group: Cohort) -> list[str]:
    """Sentences placing a candidate in their partner's cohort, for the report."""
    found = [
        f"Your weekly reach ({figures.contacts_per_week:g} contacts) is in "
        f"{quarter(figures.contacts_per_week, group.contacts_per_week)} of this platform's "
        f"{group.candidates} candidates (median {group.contacts_per_week['p50']:g})."
    ]
    if figures.reply_rate is not None and group.reply_rate is not None:
        found.append(
            f"Your reply rate ({figures.reply_rate:.0%}) is in "
            f"{quarter(figures.reply_rate, group.reply_rate)} "
            f"(median {group.reply_rate['p50']:.0%})."
        )
    if figures.authority_share is not None and group.hiring_authority_share is not None:
        found.append(
            f"The share of your referrals reaching someone with hiring authority "
            f"({figures.authority_share:.0%}) is in "
            f"{quarter(figures.authority_share, group.hiring_authority_share)}."
        )
    return found
