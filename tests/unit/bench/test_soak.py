"""The soak's pure parts: the fault schedule, the fault windows, the accounting of events,
the classification of 5xx answers, the duplicate bursts, and the event stream."""

import random
from datetime import UTC, datetime

import pytest

from bench.soak import faults, load, verify
from bench.soak.faults import Window
from bench.soak.verify import Burst, Observed
from outreach_contract.v1 import EventBatch

# ------------------------------------------------------------------ the schedule


def test_five_minutes_kill_each_part_round_robin() -> None:
    schedule = faults.schedule(300, seed=10)
    assert [f.kind for f in schedule] == [*faults.KINDS, *faults.KINDS][: len(schedule)]
    # At 20, 60, ..., 220 s; one at 260 s would still be down in the last 30 s.
    assert [f.at for f in schedule] == [20 + 40 * i for i in range(6)]
    assert faults.counts(f.kind for f in schedule) == {
        "relay": 2,
        "projection": 2,
        "kafka": 1,
        "postgres": 1,
    }


def test_every_fault_is_down_within_bounds_and_over_before_the_quiet_tail() -> None:
    for seed in range(50):
        for fault in faults.schedule(600, seed, down=(5, 15), quiet_tail=30):
            assert 5 <= fault.down <= 15
            assert fault.at + fault.down <= 600 - 30


def test_the_schedule_is_repeatable_and_depends_on_the_seed() -> None:
    assert faults.schedule(300, seed=3) == faults.schedule(300, seed=3)
    assert faults.schedule(300, seed=3) != faults.schedule(300, seed=4)


def test_a_run_too_short_for_a_fault_has_none() -> None:
    assert faults.schedule(45, seed=1) == []


def test_a_chosen_part_alone() -> None:
    schedule = faults.schedule(300, seed=1, kinds=("postgres",))
    assert {f.kind for f in schedule} == {"postgres"}


def test_the_window_in_force_counts_the_grace_after_the_restart() -> None:
    windows = [Window("kafka", 10, 20), Window("postgres", 50, 60)]
    assert faults.window_of(windows, 5, grace=5) == "none"
    assert faults.window_of(windows, 15, grace=5) == "kafka"
    assert faults.window_of(windows, 64, grace=5) == "postgres"
    assert faults.window_of(windows, 66, grace=5) == "none"


# ------------------------------------------------------------------ the accounting

A, B = ("p", "a"), ("p", "b")
POISONED = {("legacy", "bad")}


def _observed(**changes: object) -> Observed:
    base: dict[str, object] = {
        "store": [("e1", A), ("e2", A), ("e3", B), ("x1", ("legacy", "bad"))],
        "topic": [("p", "e1"), ("p", "e2"), ("p", "e2"), ("p", "e3"), ("legacy", "x1")],
        "states": {A: ["e1", "e2"], B: ["e3"]},
        "quarantined": [("x1", ("legacy", "bad"))],
    }
    return Observed(**{**base, **changes})  # type: ignore[arg-type]


def _account(observed: Observed, acked: list[tuple[str, str]] | None = None) -> verify.Events:
    acked = acked if acked is not None else [("p", "e1"), ("p", "e2"), ("p", "e3"), ("p", "e1")]
    return verify.account(acked, [("p", "r1")], observed, POISONED, {("legacy", "x1")})


def test_a_complete_run_loses_and_doubles_nothing() -> None:
    events = _account(_observed())
    assert events.acknowledged == 3  # an id acknowledged twice (a retry) counts once
    assert events.lost == set()
    assert events.doubled == set()  # a record published twice is at least once, not double
    assert events.quarantined == 1
    assert events.failures() == []


def test_an_acknowledged_event_missing_anywhere_is_lost() -> None:
    missing = {
        "store": [("e2", A), ("e3", B), ("x1", ("legacy", "bad"))],
        "topic": [("p", "e2"), ("p", "e3"), ("legacy", "x1")],
        "states": {A: ["e2"], B: ["e3"]},
    }
    events = _account(_observed(**missing))
    assert events.lost_from_store == {("p", "e1")}
    assert events.lost_from_topic == {("p", "e1")}
    assert events.lost_from_read_model == {("p", "e1")}
    assert events.lost == {("p", "e1")}
    assert "events lost: 1" in events.failures()


def test_a_stored_event_never_applied_is_lost_even_unacknowledged() -> None:
    store = [*_observed().store, ("e4", B)]
    events = _account(_observed(store=store))
    assert events.stored_not_applied == {("p", "e4")}
    assert events.lost == {("p", "e4")}


def test_an_event_applied_twice_is_doubled_within_a_state_across_states_or_quarantine() -> None:
    for states, quarantined in [
        ({A: ["e1", "e2", "e1"], B: ["e3"]}, [("x1", ("legacy", "bad"))]),
        ({A: ["e1", "e2"], B: ["e3", "e1"]}, [("x1", ("legacy", "bad"))]),
        ({A: ["e1", "e2"], B: ["e3"]}, [("x1", ("legacy", "bad")), ("e2", A)]),
    ]:
        events = _account(_observed(states=states, quarantined=quarantined))
        assert events.doubled_in_read_model, states
        assert any(f.startswith("events doubled") for f in events.failures())


def test_an_event_id_stored_twice_is_doubled() -> None:
    events = _account(_observed(store=[*_observed().store, ("e1", A)]))
    assert events.doubled_in_store == {("p", "e1")}


def test_two_partners_may_use_one_event_id() -> None:
    """An event id is the partner's own: the same id under two partners is two events."""
    store = [*_observed().store, ("e1", ("q", "c"))]
    topic = [*_observed().topic, ("q", "e1")]
    states = {A: ["e1", "e2"], B: ["e3"], ("q", "c"): ["e1"]}
    events = _account(_observed(store=store, topic=topic, states=states), [("q", "e1")])
    assert events.failures() == []


def test_a_refused_event_in_the_store_and_an_unknown_quarantine_fail() -> None:
    store = [*_observed().store, ("r1", A)]
    quarantined = [("x1", ("legacy", "bad")), ("r1", A)]
    events = _account(_observed(store=store, quarantined=quarantined))
    assert events.refused_but_stored == {("p", "r1")}
    assert events.unexpected_quarantine == {A}
    assert len(events.failures()) == 2


def test_a_poison_that_was_applied_fails() -> None:
    states = {**_observed().states, ("legacy", "bad"): ["x1"]}
    events = _account(_observed(quarantined=[], states=states))
    assert not events.poison_quarantined
    assert "the poison event is not in the quarantine" in events.failures()


# ------------------------------------------------------------------ statuses


def test_only_a_503_while_postgres_was_down_is_allowed() -> None:
    windows = [Window("kafka", 10, 20), Window("postgres", 50, 60)]
    attempts: list[tuple[float, int | None]] = [
        (1.0, 202),
        (12.0, 503),
        (55.0, 503),
        (65.0, 503),
        (72.0, 503),
        (55.0, 500),
    ]
    attempts += [(55.0, None), (30.0, 422)]
    statuses = verify.classify(attempts, windows, grace=10)
    # 503 during the broker outage, 503 after the grace, and a 500: three violations.
    assert statuses.violations == 3
    assert statuses.by_window[(503, "postgres")] == 2  # 55, and 65 within the grace
    assert statuses.by_window[(503, "kafka")] == 1
    assert statuses.by_window[(503, "none")] == 1
    assert statuses.by_window[(None, "postgres")] == 1  # no answer: counted, not a 5xx
    assert any("no answer" in row for row in statuses.table())


# ------------------------------------------------------------------ bursts


def test_a_burst_must_be_accepted_once_by_one_client_and_answered_to_all() -> None:
    good = Burst(size=10, accepted=10, acceptances=1, answered=20)
    assert verify.burst_failures([good], clients=20) == []
    for bad in [
        Burst(10, 20, 2, 20),  # accepted twice
        Burst(10, 10, 2, 20),  # split between two clients (two saves of part each)
        Burst(10, 10, 1, 19),  # a client got no 202
        Burst(10, 0, 0, 20),  # nobody was told the events were new
    ]:
        assert len(verify.burst_failures([good, bad], clients=20)) == 1, bad


# ------------------------------------------------------------------ the events


def test_the_stream_is_contract_valid_and_a_refused_batch_is_refused() -> None:
    source = load.EventSource([f"c{i}" for i in range(5)], seed=1)
    now = datetime.now(UTC)
    batches = [source.batch(50, now) for _ in range(10)]
    for batch in batches:
        EventBatch.model_validate({"events": batch})
    ids = [e["event_id"] for batch in batches for e in batch]
    assert len(set(ids)) == len(ids)
    first = {e["candidate_id"]: e["type"] for e in reversed([e for b in batches for e in b])}
    assert set(first.values()) == {"candidate.registered"}  # each story starts registered
    with pytest.raises(ValueError, match="occurred_at"):
        EventBatch.model_validate({"events": source.poisoned(5, now)})


def test_a_story_event_is_dated_in_the_past() -> None:
    now = datetime.now(UTC)
    made = load.make_event(random.Random(1), "c", 5, now, "id")
    assert datetime.fromisoformat(made["occurred_at"]) < now
