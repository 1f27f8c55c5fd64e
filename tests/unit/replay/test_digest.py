"""Digests: the same events give the same digest, whatever the delivery; any change shows."""

import random
from collections import defaultdict
from datetime import UTC, datetime, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from outreach_contract.codec import canonical_json
from outreach_contract.v1 import RecordedEvent
from outreach_domain import CandidateState, apply_all, empty_state
from outreach_domain.digest import (
    Difference,
    Digests,
    Kind,
    combine,
    compare_by_partner,
    differences,
    state_digest,
)
from tests.support.factories import event, recorded, sent

BASE = datetime(2026, 10, 5, 9, 0, tzinfo=UTC)
STREAMS = [("acme", "cand-1"), ("acme", "cand-2"), ("globex", "cand-1")]


def _history(size: int) -> list[RecordedEvent]:
    """Events of three candidates (two partners share a candidate id), some at one moment."""
    made = []
    for i in range(size):
        partner, candidate = STREAMS[i % len(STREAMS)]
        when = BASE + timedelta(hours=5 * (i // 2))  # pairs occur at the same moment
        envelope = sent(f"contact-{i % 4}", candidate_id=candidate, occurred_at=when)
        made.append(recorded(envelope, partner=partner, received_at=BASE, position=i + 1))
    return made


def _fold(deliveries: list[RecordedEvent], batch_sizes: list[int]) -> Digests:
    """What a projection holds after these deliveries, applied in batches of these sizes."""
    states: dict[tuple[str, str], CandidateState] = {}
    start, sizes = 0, iter(batch_sizes)
    while start < len(deliveries):
        size = next(sizes, 1)
        batch: dict[tuple[str, str], list[RecordedEvent]] = defaultdict(list)
        for item in deliveries[start : start + size]:
            batch[(item.partner, item.event.candidate_id)].append(item)
        for key, items in batch.items():
            states[key] = apply_all(states.get(key) or empty_state(*key), items)
        start += size
    return Digests.of(states.values())


@given(
    st.integers(min_value=1, max_value=30).map(_history),
    st.randoms(use_true_random=False),
    st.lists(st.integers(min_value=1, max_value=7), max_size=40),
    st.integers(min_value=0, max_value=3),
)
@settings(max_examples=80, deadline=None)
def test_shuffled_and_duplicated_deliveries_give_the_same_digest(
    history: list[RecordedEvent], rnd: random.Random, batch_sizes: list[int], copies: int
) -> None:
    in_order = _fold(history, [len(history)])
    deliveries = history + [rnd.choice(history) for _ in range(copies * len(history))]
    rnd.shuffle(deliveries)
    redelivered = _fold(deliveries, batch_sizes)
    assert redelivered.total == in_order.total
    assert redelivered.by_partner() == in_order.by_partner()
    assert differences(in_order, redelivered) == []


def test_the_order_in_which_a_store_lists_its_states_does_not_matter() -> None:
    states = list(_fold(_history(12), [12]).states.items())
    assert Digests(dict(states)).total == Digests(dict(reversed(states))).total


def test_a_state_survives_its_json_encoding_with_the_same_digest() -> None:
    state = apply_all(empty_state("acme", "cand-1"), _history(9)[::3])
    again = CandidateState.model_validate_json(state.model_dump_json())
    assert state_digest(again) == state_digest(state)


def test_the_encoding_is_pinned() -> None:
    """A change of encoding would make every recorded run incomparable: change it on purpose."""
    envelope = event(
        "candidate.registered",
        {"country": "US", "timezone": "America/New_York"},
        occurred_at="2026-10-01T09:00:00-04:00",
        event_id="6f1c3a52-1d7e-4c51-9a63-2a0f6f0b9e01",
    )
    item = recorded(envelope, received_at=datetime(2026, 10, 1, 14, tzinfo=UTC), position=1)
    state = apply_all(empty_state("acme", "cand-1"), [item])
    assert canonical_json(state).decode() == PINNED_JSON
    assert state_digest(state) == PINNED_STATE
    assert Digests.of([state]).total == PINNED_TOTAL
    assert combine([]) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"


PINNED_JSON = (
    '{"candidate_id":"cand-1","facts":[{"event":{"candidate_id":"cand-1","data":{"country":"US",'
    '"target_roles":[],"timezone":"America/New_York"},"event_id":"6f1c3a52-1d7e-4c51-9a63-'
    '2a0f6f0b9e01","occurred_at":"2026-10-01T09:00:00-04:00","type":"candidate.registered"},'
    '"received_at":"2026-10-01T14:00:00Z"}],"partner":"acme"}'
)
PINNED_STATE = "f9ed714011ecf0908c057e2a72f0a1836b45732d6ac635307ee4de62823ea2e6"
PINNED_TOTAL = "804f5f7b47213abacc6198b4149768821088c8e055d69aa3276bcad8c988fec1"


def test_one_changed_missing_or_extra_candidate_is_named() -> None:
    full = _fold(_history(12), [12])
    states = dict(full.states)
    states[("acme", "cand-2")] = "0" * 64
    del states[("globex", "cand-1")]
    states[("acme", "cand-9")] = "1" * 64
    checked = Digests(states)
    assert checked.total != full.total
    assert differences(full, checked) == [
        Difference("acme", "cand-2", Kind.DIFFERS),
        Difference("acme", "cand-9", Kind.UNEXPECTED),
        Difference("globex", "cand-1", Kind.MISSING),
    ]


def test_a_partners_digest_ignores_other_partners() -> None:
    full = _fold(_history(12), [12])
    tampered = Digests({**full.states, ("globex", "cand-1"): "0" * 64})
    assert tampered.by_partner()["acme"] == full.by_partner()["acme"]
    assert tampered.by_partner()["globex"] != full.by_partner()["globex"]
    acme, globex = compare_by_partner(full, tampered)
    assert (acme.partner, acme.matched, acme.reference, acme.checked) == (
        "acme", True, full.by_partner()["acme"], tampered.by_partner()["acme"],
    )  # fmt: skip
    assert (globex.partner, globex.matched) == ("globex", False)
    assert globex.differences == [Difference("globex", "cand-1", Kind.DIFFERS)]
    assert globex.checked is not None
    assert globex.checked.candidates == 1
