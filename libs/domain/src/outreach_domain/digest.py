"""Digests of candidate states and of a whole read model: what an auditor compares.

A state's digest is the SHA-256 of its canonical JSON. A state holds each event once,
sorted by (occurred_at, event_id), so its digest depends on which events arrived and
never on their delivery order or on how often they were delivered. A read model's digest
hashes its sorted (partner, candidate_id, state digest) triples, so two stores holding
the same states agree whatever order they list them in. Pure: callers do the reading.
"""

import hashlib
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum

from outreach_contract.codec import canonical_json, digest
from outreach_domain.state import CandidateState

StateKey = tuple[str, str]
"""(partner, candidate_id)"""


def state_digest(state: CandidateState) -> str:
    return digest(state)


def combine(entries: Iterable[tuple[str, str, str]]) -> str:
    """SHA-256 over sorted (partner, candidate_id, state digest) triples.

    Each triple is one canonical JSON array per line: JSON escapes newlines inside
    strings, so no two different lists of triples hash the same bytes.
    """
    hasher = hashlib.sha256()
    for entry in sorted(entries):
        hasher.update(canonical_json(list(entry)) + b"\n")
    return hasher.hexdigest()


class Kind(StrEnum):
    DIFFERS = "differs"  # both hold the candidate, with different states
    MISSING = "missing"  # only the reference (the replay) holds it
    UNEXPECTED = "unexpected"  # only the store under check (the live one) holds it


@dataclass(frozen=True)
class Difference:
    partner: str
    candidate_id: str
    kind: Kind


@dataclass(frozen=True)
class PartnerDigest:
    candidates: int
    digest: str


@dataclass(frozen=True)
class Digests:
    """Every candidate's state digest in one read model."""

    states: Mapping[StateKey, str]

    @classmethod
    def of(cls, states: Iterable[CandidateState]) -> "Digests":
        return cls({(s.partner, s.candidate_id): state_digest(s) for s in states})

    @property
    def total(self) -> str:
        return combine((p, c, d) for (p, c), d in self.states.items())

    def by_partner(self) -> dict[str, PartnerDigest]:
        """One digest per partner, over that partner's candidates only: what a partner's
        auditor may be shown without learning anything about other partners."""
        grouped: dict[str, list[tuple[str, str, str]]] = defaultdict(list)
        for (partner, candidate_id), value in self.states.items():
            grouped[partner].append((partner, candidate_id, value))
        return {
            partner: PartnerDigest(len(entries), combine(entries))
            for partner, entries in sorted(grouped.items())
        }


def differences(reference: Digests, checked: Digests) -> list[Difference]:
    """Candidates whose state in ``checked`` is not the one in ``reference``, sorted."""
    found = []
    for key in sorted(reference.states.keys() | checked.states.keys()):
        expected, actual = reference.states.get(key), checked.states.get(key)
        if expected == actual:
            continue
        kind = Kind.MISSING if actual is None else Kind.UNEXPECTED if expected is None else None
        found.append(Difference(key[0], key[1], kind or Kind.DIFFERS))
    return found


@dataclass(frozen=True)
class PartnerComparison:
    """One partner's share of a comparison: all a partner's auditor may see."""

    partner: str
    reference: PartnerDigest | None
    checked: PartnerDigest | None
    differences: list[Difference]

    @property
    def matched(self) -> bool:
        return not self.differences


def compare_by_partner(reference: Digests, checked: Digests) -> list[PartnerComparison]:
    """Per partner present in either store, sorted by partner."""
    ours, theirs = reference.by_partner(), checked.by_partner()
    grouped: dict[str, list[Difference]] = defaultdict(list)
    for found in differences(reference, checked):
        grouped[found.partner].append(found)
    return [
        PartnerComparison(partner, ours.get(partner), theirs.get(partner), grouped[partner])
        for partner in sorted(ours.keys() | theirs.keys())
    ]
