"""Building a ``ReasonVerdict`` the same way in every rule."""

from collections.abc import Iterable
from typing import Any

from outreach_contract.v1 import ReasonSlug, ReasonVerdict, Status

TITLES: dict[ReasonSlug, str] = {
    ReasonSlug.TOO_FEW_CONTACTS: "Not enough prospective employers reached",
    ReasonSlug.DEPARTURE_STORY: "The reason for leaving is not seen as valid or logical",
    ReasonSlug.WRONG_SEASON: "Wrong time of the year to be looking for a job",
    ReasonSlug.PRIOR_IMPRESSION: "Prior knowledge of the candidate is coloring the decision",
    ReasonSlug.CONTACT_LACKS_LEVERAGE: "Contact cannot refer you to someone with hiring authority",
    ReasonSlug.PRESENTATION: "Something wrong with professional presentation",
    ReasonSlug.UNWILLING_CONTACT: "Talking to a person unwilling to help",
}


# Each status owns a third of [0, 1], so that the score orders verdicts across statuses
# (docs/contract.md 2.1): every problem above every at_risk, above every ok. A rule passes its
# strength within the status, in [0, 1]; insufficient_data always scores 0.
SCORE_BANDS: dict[Status, tuple[float, float]] = {
    Status.INSUFFICIENT_DATA: (0.0, 0.0),
    Status.OK: (0.0, 0.333),
    Status.AT_RISK: (0.334, 0.666),
    Status.PROBLEM: (0.667, 1.0),
}


def banded(status: Status, strength: float) -> float:
    """The score of a verdict of ``status`` with ``strength`` in [0, 1] within it."""
    low, high = SCORE_BANDS[status]
    return round(low + (high - low) * min(1.0, max(0.0, strength)), 3)


def verdict(
    reason: ReasonSlug,
    status: Status,
    score: float,
    summary: str,
    evidence: dict[str, Any],
    event_ids: Iterable[str],
    advice: str,
) -> ReasonVerdict:
    return ReasonVerdict(
        reason=reason,
        title=TITLES[reason],
        status=status,
        # ``score`` is the strength within the status; rounded so that the same facts
        # give the same bytes on every platform.
        score=banded(status, score),
        summary=summary,
        evidence=evidence,
        event_ids=list(dict.fromkeys(event_ids)),  # unique, first mention first
        advice=advice,
    )


def share(part: float, whole: float) -> float:
    """part / whole, or 0 when there is no whole."""
    return part / whole if whole else 0.0
