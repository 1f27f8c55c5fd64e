"""Precision, recall and the confusion of statuses, from ground truth and verdicts (pure).

A reason is *flagged* when its status is ``problem`` or ``at_risk``. Precision and recall
count only candidates whose truth says flagged or not (``Truth.flagged`` None: the seed
does not decide it, so the candidate is shown in the confusion but never scored).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

REASONS = (
    "too_few_contacts",
    "departure_story",
    "wrong_season",
    "prior_impression",
    "contact_lacks_leverage",
    "presentation",
    "unwilling_contact",
)
STATUSES = ("problem", "at_risk", "ok", "insufficient_data")
FLAGGED = frozenset({"problem", "at_risk"})
TARGET = 0.95


@dataclass(frozen=True)
class Truth:
    """What a right diagnosis says for one reason: flagged or not (None: undecided) and,
    where it can be said, the exact status."""

    flagged: bool | None
    status: str | None = None

    @property
    def label(self) -> str:
        if self.status is not None:
            return self.status
        if self.flagged is None:
            return "undecided"
        return "flagged (any)" if self.flagged else "not flagged (any)"


FLAG = Truth(True)
CLEAN = Truth(False, "ok")
UNDECIDED = Truth(None)


@dataclass(frozen=True)
class Observation:
    candidate_id: str
    scenario: str
    reason: str
    truth: Truth
    got: str


@dataclass
class ReasonScore:
    reason: str
    tp: int = 0
    fp: int = 0
    fn: int = 0
    tn: int = 0
    status_checked: int = 0
    status_right: int = 0
    confusion: dict[str, Counter[str]] = field(default_factory=dict)
    # scenario -> {"fn": n, "fp": n, "status": n}: where the wrong answers come from.
    misses: dict[str, Counter[str]] = field(default_factory=dict)

    @property
    def precision(self) -> float | None:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else None

    @property
    def recall(self) -> float | None:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else None

    @property
    def status_accuracy(self) -> float | None:
        return self.status_right / self.status_checked if self.status_checked else None

    @property
    def passed(self) -> bool:
        # An undefined figure (no flagged truth, or nothing flagged) cannot meet the target.
        return all(v is not None and v >= TARGET for v in (self.precision, self.recall))

    def add(self, obs: Observation) -> None:
        self.confusion.setdefault(obs.truth.label, Counter())[obs.got] += 1
        got_flag = obs.got in FLAGGED
        if obs.truth.flagged is not None:
            self._count_flag(obs, got_flag)
        if obs.truth.status is not None:
            self.status_checked += 1
            if obs.got == obs.truth.status:
                self.status_right += 1
            else:
                self._miss(obs.scenario, "status")

    def _count_flag(self, obs: Observation, got_flag: bool) -> None:
        if obs.truth.flagged and got_flag:
            self.tp += 1
        elif obs.truth.flagged:
            self.fn += 1
            self._miss(obs.scenario, "fn")
        elif got_flag:
            self.fp += 1
            self._miss(obs.scenario, "fp")
        else:
            self.tn += 1

    def _miss(self, scenario: str, kind: str) -> None:
        self.misses.setdefault(scenario, Counter())[kind] += 1


def score(observations: Iterable[Observation]) -> dict[str, ReasonScore]:
    """One ``ReasonScore`` per reason, in the contract's order."""
    scores = {reason: ReasonScore(reason) for reason in REASONS}
    for obs in observations:
        scores[obs.reason].add(obs)
    return scores
