"""The validity benchmark's generator (bench/validity_lib/population.py): deterministic,
valid contract-v1 events, ground truth for every reason."""

from collections import Counter
from datetime import UTC, datetime, timedelta

import pytest
from pydantic import TypeAdapter

from bench.validity_lib.population import (
    AS_OF,
    SCENARIOS,
    Candidate,
    allocate,
    generate,
    posting_plan,
    with_names,
)
from bench.validity_lib.score import REASONS
from outreach_contract.v1.events import Event

COUNT = 90


@pytest.fixture(scope="module")
def population() -> list[Candidate]:
    return generate(COUNT, seed=5)


def test_same_seed_same_population(population: list[Candidate]) -> None:
    again = generate(COUNT, seed=5)
    assert [c.events for c in again] == [c.events for c in population]
    assert [c.truth for c in again] == [c.truth for c in population]
    assert posting_plan(again, 5) == posting_plan(population, 5)


def test_another_seed_another_population(population: list[Candidate]) -> None:
    other = generate(COUNT, seed=6)
    assert [c.events for c in other] != [c.events for c in population]


def test_allocation_follows_the_weights_and_covers_every_scenario() -> None:
    chosen = allocate(2000)
    assert len(chosen) == 2000
    counts = Counter(s.name for s in chosen)
    assert set(counts) == {s.name for s in SCENARIOS}
    total = sum(s.weight for s in SCENARIOS)
    for s in SCENARIOS:
        assert abs(counts[s.name] - 2000 * s.weight / total) < 1


def test_every_candidate_has_a_truth_per_reason(population: list[Candidate]) -> None:
    for c in population:
        assert set(c.truth) == set(REASONS)
        assert c.as_of in AS_OF.values()


def test_events_are_contract_v1_with_an_offset_and_not_in_the_future(
    population: list[Candidate],
) -> None:
    adapter: TypeAdapter[Event] = TypeAdapter(Event)
    horizon = datetime.now(UTC) + timedelta(days=1)
    for c in with_names(population, names=False):
        for event in c.events:
            parsed = adapter.validate_python(event)
            assert parsed.occurred_at.utcoffset() is not None
            assert parsed.occurred_at <= horizon


def test_posting_plan_posts_everything_and_never_twice_in_a_pass(
    population: list[Candidate],
) -> None:
    first, second = posting_plan(population, 5)
    ids = {e["event_id"] for c in population for e in c.events}
    first_ids = [e["event_id"] for e in first]
    assert len(first_ids) == len(set(first_ids))
    assert {e["event_id"] for e in first + second} == ids
    # The second pass holds late events and repeats of events of the first.
    repeats = [e["event_id"] for e in second if e["event_id"] in set(first_ids)]
    assert repeats, "no duplicate posts were planned"
    assert len({e["event_id"] for e in second}) == len(second)


def test_names_can_be_left_out(population: list[Candidate]) -> None:
    stripped = with_names(population, names=False)
    added = [e for c in stripped for e in c.events if e["type"] == "contact.added"]
    assert added
    assert all("name" not in e["data"] for e in added)
    assert any("name" in e["data"] for c in population for e in c.events)
