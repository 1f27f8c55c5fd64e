"""What the soak concludes from what it saw: pure arithmetic over event ids and statuses.

An acknowledged event (its batch got a ``202``, as accepted or as duplicate) is *lost*
when it is missing from the event store, from the topic, or from both the read model and
the quarantine; a stored event the read model and the quarantine lack is lost too (the
pipeline dropped it even if its answer went astray). An event is *doubled* when the
store records it twice, or the read model holds it more than once (in one candidate's
state, in two, or in a state and the quarantine). A ``5xx`` is allowed only as a ``503``
while PostgreSQL was down (plus a grace for the pools to reconnect).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from bench.soak.faults import Window, window_of

CandidateKey = tuple[str, str]
"""(partner, candidate_id)"""
EventKey = tuple[str, str]
"""(partner, event_id): an event id is the partner's, so two partners may use one"""


@dataclass(frozen=True)
class Observed:
    """What the stores held at the end."""

    store: list[tuple[str, CandidateKey]]  # (event id, candidate) per stored event
    topic: list[EventKey]  # per record (at least once: repeats are fine)
    states: Mapping[CandidateKey, list[str]]  # the event ids of each state's facts
    quarantined: list[tuple[str, CandidateKey]]  # (event id, candidate) per row


@dataclass(frozen=True)
class Events:
    """The soak's accounting of events: a failure wherever a count should be zero."""

    acknowledged: int
    stored: int
    lost_from_store: set[EventKey]
    lost_from_topic: set[EventKey]
    lost_from_read_model: set[EventKey]
    stored_not_applied: set[EventKey]
    doubled_in_store: set[EventKey]
    doubled_in_read_model: set[EventKey]
    refused_but_stored: set[EventKey]
    not_stored_but_applied: set[EventKey]
    quarantined: int
    unexpected_quarantine: set[CandidateKey]
    poison_quarantined: bool

    @property
    def lost(self) -> set[EventKey]:
        return (
            self.lost_from_store
            | self.lost_from_topic
            | self.lost_from_read_model
            | self.stored_not_applied
        )

    @property
    def doubled(self) -> set[EventKey]:
        return self.doubled_in_store | self.doubled_in_read_model

    def failures(self) -> list[str]:
        checks = {
            "events lost": len(self.lost),
            "events doubled": len(self.doubled),
            "refused events stored": len(self.refused_but_stored),
            "applied events not in the store": len(self.not_stored_but_applied),
            "candidates quarantined besides the poisoned one": len(self.unexpected_quarantine),
        }
        found = [f"{what}: {n}" for what, n in checks.items() if n]
        if not self.poison_quarantined:
            found.append("the poison event is not in the quarantine")
        return found


def account(
    acked: Iterable[EventKey],
    refused: Iterable[EventKey],
    observed: Observed,
    poisoned: set[CandidateKey],
    poison: set[EventKey],
) -> Events:
    acked_keys = set(acked)
    in_store = _by_partner(observed.store)
    in_topic = set(observed.topic)
    applied = Counter(
        (key[0], event_id) for key, ids in observed.states.items() for event_id in ids
    )
    held = _by_partner(observed.quarantined)
    downstream = set(applied) | set(held)
    return Events(
        acknowledged=len(acked_keys),
        stored=len(in_store),
        lost_from_store=acked_keys - set(in_store),
        lost_from_topic=acked_keys - in_topic,
        lost_from_read_model=acked_keys - downstream,
        stored_not_applied=set(in_store) - downstream,
        doubled_in_store={e for e, n in in_store.items() if n > 1},
        doubled_in_read_model={e for e, n in (applied + held).items() if n > 1},
        refused_but_stored=set(refused) & set(in_store),
        not_stored_but_applied=downstream - set(in_store),
        quarantined=len(held),
        unexpected_quarantine={key for _, key in observed.quarantined} - poisoned,
        poison_quarantined=poison <= set(held),
    )


def _by_partner(rows: Iterable[tuple[str, CandidateKey]]) -> Counter[EventKey]:
    return Counter((candidate[0], event_id) for event_id, candidate in rows)


# ------------------------------------------------------------------ statuses


@dataclass(frozen=True)
class Statuses:
    """Answers by status and by the fault in force when they came (``None``: no answer)."""

    by_window: Counter[tuple[int | None, str]] = field(default_factory=Counter)
    violations: int = 0

    def table(self) -> list[str]:
        rows = sorted(self.by_window.items(), key=lambda kv: (str(kv[0][0]), kv[0][1]))
        return [
            f"{'no answer' if status is None else status:>9}  {window:<10} {n:>7,}"
            for (status, window), n in rows
        ]


def allowed(status: int | None, moment: float, windows: list[Window], grace: float) -> bool:
    """A 5xx is allowed only as a 503 while PostgreSQL was down (or just back)."""
    if status is None or status < 500:
        return True
    pg_down = any(w.kind == "postgres" and w.holds(moment, grace) for w in windows)
    return status == 503 and pg_down


def classify(
    attempts: Iterable[tuple[float, int | None]], windows: list[Window], grace: float
) -> Statuses:
    by_window: Counter[tuple[int | None, str]] = Counter()
    violations = 0
    for moment, status in attempts:
        by_window[(status, window_of(windows, moment, grace))] += 1
        violations += not allowed(status, moment, windows, grace)
    return Statuses(by_window, violations)


# ------------------------------------------------------------------ bursts


@dataclass(frozen=True)
class Burst:
    size: int
    accepted: int  # summed over the clients' 202s
    acceptances: int  # clients told something was new
    answered: int  # clients with a 202


def burst_failures(bursts: list[Burst], clients: int) -> list[str]:
    """Each burst: every client answered, the batch accepted once, by one client."""
    found = []
    for i, b in enumerate(bursts):
        if b.answered != clients or b.accepted != b.size or b.acceptances != 1:
            found.append(
                f"burst {i}: {b.answered}/{clients} answered, {b.accepted}/{b.size} accepted "
                f"by {b.acceptances} clients"
            )
    return found
