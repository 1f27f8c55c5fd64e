"""Storage behaviour written once; test_sqlite.py and test_postgres.py run it on each store.

Subclasses provide two fixtures: ``engine`` (SQLAlchemy, for the read model and
bookkeeping tables, with the schema created) and ``event_store_env`` (the eventsourcing
library's settings).
"""

import threading
from datetime import UTC, datetime, timedelta
from functools import partial
from typing import Any

import pytest
from eventsourcing.persistence import IntegrityError, StoredEvent
from sqlalchemy import Engine, select
from sqlalchemy.exc import DBAPIError

from outreach_contract.v1 import EventBatch
from outreach_contract.v1.events import Event
from outreach_intake.application import ConflictError, Intake, Outcome
from outreach_intake.claims import Claim
from outreach_intake.claims_migration import copy_event_claims
from outreach_intake.domainmodel import CandidateStream
from outreach_intake.domainmodel import recorded as recorded_event
from outreach_intake.history import audit_trail
from outreach_intake.outbox import OutboxReader
from outreach_platform.keys import KeyStore
from outreach_platform.outbox import OutboxRecord
from outreach_platform.publications import Placement, Publication, PublicationLog
from outreach_platform.readmodel import Header, candidate_facts
from outreach_projection.write import ProjectionStore
from outreach_relay.store import RelayStore
from tests.support.factories import recorded, sent
from tests.support.legacy_claims import record_the_old_way
from tests.support.racing import race

NOW = datetime(2026, 11, 2, 9, tzinfo=UTC)


class StorageContract:
    @pytest.fixture
    def engine(self) -> Engine:
        raise NotImplementedError

    @pytest.fixture
    def event_store_env(self) -> dict[str, str]:
        raise NotImplementedError

    # The read model -------------------------------------------------------------

    def test_read_model_keeps_state_and_positions_together(self, engine: Engine) -> None:
        readmodel = ProjectionStore(engine)
        events = [recorded(sent(f"c{i}", candidate_id=f"cand-{i % 2}")) for i in range(6)]
        assert readmodel.apply(events, {"feed-0": 6}) == 6
        assert readmodel.apply(events[:3], {"feed-0": 3}) == 0
        assert readmodel.positions() == {"feed-0": 6}
        state = readmodel.get("acme", "cand-0")
        assert state is not None
        assert len(state.facts) == 3
        assert [s.candidate_id for s in readmodel.states()] == ["cand-0", "cand-1"]
        assert readmodel.get("globex", "cand-0") is None
        assert readmodel.last_updated_at() is not None

    def test_facts_are_appended_once_under_a_header_that_counts_them(self, engine: Engine) -> None:
        store = ProjectionStore(engine)
        first = [recorded(sent(f"c{i}", occurred_at=NOW - timedelta(days=i))) for i in range(4)]
        assert store.apply(first, {"feed-0": 4}) == 4
        later = recorded(sent("c9", occurred_at=NOW + timedelta(hours=1)))
        assert store.apply([*first[1:3], later, later], {"feed-0": 6}) == 1  # redeliveries
        assert store.header("acme", "cand-1") == Header(5, 5, NOW + timedelta(hours=1))
        table = candidate_facts
        with engine.connect() as conn:
            rows = conn.execute(select(table.c.event_id, table.c.seq).order_by(table.c.seq))
            stored = [(row.event_id, row.seq) for row in rows]
        ids = [str(item.event.event_id) for item in [*first, later]]
        assert stored == list(zip(ids, range(1, 6), strict=True))
        state = store.get("acme", "cand-1")
        assert state is not None
        assert [f.event_id for f in state.facts] == [*reversed(ids[:4]), ids[4]]
        assert [f.event_id for f in store.facts("acme", "cand-1", after=3)] == ids[3:]
        assert [f.event_id for f in store.facts("acme", "cand-1", after=1, through=2)] == ids[1:2]

    def test_racing_writers_of_one_candidate_store_each_fact_once(self, engine: Engine) -> None:
        store = ProjectionStore(engine)
        events = [
            recorded(sent(f"c{i}", occurred_at=NOW - timedelta(minutes=i))) for i in range(40)
        ]

        def write(batch: list[Any]) -> None:
            for _ in range(20):  # as the projector does: a failed batch is tried again
                try:
                    store.apply(batch, {})
                    return
                except DBAPIError:
                    continue
            raise AssertionError("a batch never applied")

        # Overlapping batches of one new candidate, all at once: first inserts collide.
        batches = [events[start : start + 16] for start in range(0, 32, 4)]
        raced = race([partial(write, batch) for batch in batches])
        assert raced.errors == []
        header = store.header("acme", "cand-1")
        assert header is not None
        assert (header.facts, header.last_seq) == (40, 40)
        state = store.get("acme", "cand-1")
        assert state is not None
        assert {f.event_id for f in state.facts} == {str(e.event.event_id) for e in events}
        with engine.connect() as conn:
            seqs = conn.execute(select(candidate_facts.c.seq).order_by(candidate_facts.c.seq))
            assert list(seqs.scalars()) == list(range(1, 41))

    def test_api_keys_round_trip(self, engine: Engine) -> None:
        keys = KeyStore(engine)
        key = keys.create("acme")
        principal = keys.authenticate(key)
        assert principal is not None
        assert principal.partner == "acme"

    def test_relay_positions_and_first_publication_are_kept(self, engine: Engine) -> None:
        store = RelayStore(engine)
        assert store.position() == 0
        first = Publication("acme", "e1", 5, Placement("topic", 2, 40))
        store.published([first], 5)
        again = Publication("acme", "e1", 5, Placement("topic", 2, 41))  # after a crash
        store.published([again], 7)
        assert store.position() == 7
        assert PublicationLog(engine).placements("acme", ["e1"]) == {"e1": first.placement}

    def test_feed_positions_only_move_forward(self, engine: Engine) -> None:
        store = ProjectionStore(engine)
        events = [recorded(sent(f"c{i}")) for i in range(3)]
        store.apply(events, {"feed-0": 9, "feed-1": 4})
        store.apply([], {"feed-0": 7, "feed-1": 5})  # a stale writer after a rebalance
        assert store.positions() == {"feed-0": 9, "feed-1": 5}

    # The event store -----------------------------------------------------------

    def test_the_event_store_is_idempotent_and_refuses_conflicts(
        self, event_store_env: dict[str, str]
    ) -> None:
        intake = Intake(env=event_store_env)
        original = sent("a")
        batch = EventBatch.model_validate({"events": [original, sent("b")]}).events
        assert intake.record("acme", "k", batch, NOW).accepted == 2
        assert intake.record("acme", "k", batch, NOW).duplicates == 2
        changed = {**original, "data": {"contact_id": "a", "channel": "phone"}}
        with pytest.raises(ConflictError):
            intake.record("acme", "k", EventBatch.model_validate({"events": [changed]}).events, NOW)
        assert len(OutboxReader(intake).read(0, 100)) == 2

    def test_racing_writers_record_each_event_once(self, event_store_env: dict[str, str]) -> None:
        """Eight threads post overlapping batches for one candidate at once."""
        intake = Intake(env=event_store_env)
        pool = [sent(f"c{i}") for i in range(40)]
        batches = [
            EventBatch.model_validate({"events": pool[i * 4 : i * 4 + 12]}).events for i in range(8)
        ]
        accepted: list[int] = []
        errors: list[BaseException] = []

        def post(events: list) -> None:  # type: ignore[type-arg]
            try:
                accepted.append(intake.record("acme", "k", events, NOW).accepted)
            except BaseException as error:  # surfaced below, not swallowed
                errors.append(error)

        threads = [threading.Thread(target=post, args=(b,)) for b in batches]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert errors == []
        assert sum(accepted) == 40
        published = OutboxReader(intake).read(0, 1000)
        assert sorted(str(r.event.event_id) for r in published) == sorted(
            e["event_id"] for e in pool
        )

    # Racing writers and repeated batches (issue 10) -----------------------------

    def test_twenty_clients_posting_one_batch_get_one_acceptance(
        self, event_store_env: dict[str, str]
    ) -> None:
        intake = Intake(env=event_store_env)
        for round_ in range(3):  # a fresh batch each round: the race is run again
            batch = _batch(sent(f"r{round_}-{i}") for i in range(20))
            raced = race([partial(intake.record, "acme", "k", batch, NOW)] * 20)
            assert raced.errors == []
            assert _counts(raced.results) == [(0, 20)] * 19 + [(20, 0)]
        assert len(OutboxReader(intake).read(0, 1000)) == 60
        entries = audit_trail(intake, None, "acme", "cand-1").entries
        assert [e.receipt_count for e in entries] == [20] * 60

    def test_racing_processes_also_get_one_acceptance(
        self, event_store_env: dict[str, str]
    ) -> None:
        """Two applications on one store share no lock, like two intake processes."""
        here, there = Intake(env=event_store_env), Intake(env=event_store_env)
        batch = _batch(sent(f"p{i}") for i in range(20))
        calls = [partial(app.record, "acme", "k", batch, NOW) for app in (here, there)] * 10
        raced = race(calls)
        assert raced.errors == []
        assert _counts(raced.results) == [(0, 20)] * 19 + [(20, 0)]
        assert len(OutboxReader(here).read(0, 1000)) == 20

    def test_overlapping_batches_of_two_processes_are_all_accepted_in_stream_order(
        self, event_store_env: dict[str, str]
    ) -> None:
        """Four clients of two processes on the same candidates (bench: 4 clients on
        overlapping candidates): each batch appends after versions the others took."""
        here, there = Intake(env=event_store_env), Intake(env=event_store_env)
        batches = [
            _batch(sent(f"o{n}-{i}", candidate_id=f"cand-{i % 4}") for i in range(12))
            for n in range(8)
        ]
        calls = [
            partial((here, there)[n % 2].record, "acme", "k", b, NOW) for n, b in enumerate(batches)
        ]
        raced = race(calls)
        assert raced.errors == []
        assert _counts(raced.results) == [(12, 0)] * 8
        for candidate in (f"cand-{c}" for c in range(4)):
            stream = there.stream("acme", candidate)
            assert [e.originator_version for e in stream] == list(range(1, 2 + 24))
            recorded = [e.envelope["event_id"] for e in stream[1:]]
            for batch in batches:  # each batch's events stay in its order
                mine = [str(e.event_id) for e in batch if e.candidate_id == candidate]
                assert [r for r in recorded if r in mine] == mine

    def test_a_copy_that_loses_the_race_to_another_process_is_a_duplicate(
        self, event_store_env: dict[str, str], monkeypatch: pytest.MonkeyPatch
    ) -> None:
        here, there = Intake(env=event_store_env), Intake(env=event_store_env)
        batch = _batch(sent(f"l{i}") for i in range(3))
        save = here.save_events

        def the_other_process_saves_first(events: Any, claims: Any) -> Any:
            monkeypatch.setattr(here, "save_events", save)
            there.record("acme", "theirs", batch, NOW)
            return save(events, claims)  # fails on the claims the other one made

        monkeypatch.setattr(here, "save_events", the_other_process_saves_first)
        later = NOW + timedelta(seconds=1)
        outcome = here.record("acme", "ours", batch, later)
        assert (outcome.accepted, outcome.duplicates) == (0, 3)
        for entry in audit_trail(here, None, "acme", "cand-1").entries:
            assert entry.receipt_count == 2
            assert [(r.received_at, r.key_id) for r in entry.receipts] == [
                (NOW, "theirs"),
                (later, "ours"),
            ]

    def test_many_clients_posting_different_events_for_one_candidate_are_all_accepted(
        self, event_store_env: dict[str, str]
    ) -> None:
        intake = Intake(env=event_store_env)
        batches = [_batch(sent(f"m{n}-{i}") for i in range(5)) for n in range(20)]
        raced = race([partial(intake.record, "acme", "k", b, NOW) for b in batches])
        assert raced.errors == []
        assert _counts(raced.results) == [(5, 0)] * 20
        assert len(intake.stream("acme", "cand-1")) == 1 + 100  # opened, then every event

    def test_a_batch_posted_a_thousand_times_is_counted_not_stored(
        self, event_store_env: dict[str, str]
    ) -> None:
        intake = Intake(env=event_store_env)
        batch = _batch(sent(c) for c in "abc")
        intake.record("acme", "first", batch, NOW)
        stored = _stored_rows(intake)
        for n in range(1, 1001):
            intake.record("acme", "last" if n == 1000 else "again", batch, NOW + timedelta(n))
        assert _stored_rows(intake) == stored
        entries = audit_trail(intake, None, "acme", "cand-1").entries
        assert [e.receipt_count for e in entries] == [1001] * 3
        for entry in entries:
            assert [(r.received_at, r.key_id) for r in entry.receipts] == [
                (NOW, "first"),
                (NOW + timedelta(1000), "last"),
            ]

    def test_stream_versions_are_the_last_stored_of_each_and_none_for_a_new_one(
        self, event_store_env: dict[str, str]
    ) -> None:
        intake = Intake(env=event_store_env)
        for size, candidate in ((3, "cand-a"), (7, "cand-b")):
            events = _batch(sent(f"{candidate}-{i}", candidate_id=candidate) for i in range(size))
            intake.record("acme", "k", events, NOW)
        streams = {c: CandidateStream.create_id("acme", c) for c in ("cand-a", "cand-b", "new")}
        found = intake._heads.versions(list(streams.values()))
        # Each stream's opening is version 1, its events follow it.
        assert found == {streams["cand-a"]: 1 + 3, streams["cand-b"]: 1 + 7}
        assert intake._heads.versions([]) == {}

    def test_the_relay_reads_what_the_outbox_reads_page_by_page_past_other_notifications(
        self, event_store_env: dict[str, str]
    ) -> None:
        """The relay's read asks the recorder's table directly (``outbox_rows.py``): it
        must see the recorded events ``read`` sees, in order, skip every stream's opening,
        and page by notification id."""
        intake = Intake(env=event_store_env)
        for candidate in ("cand-a", "cand-b", "cand-c"):
            events = _batch(sent(f"{candidate}-{i}", candidate_id=candidate) for i in range(4))
            intake.record("acme", "k", events, NOW)
        reader = OutboxReader(intake)
        expected = [OutboxRecord.of(item) for item in reader.read(0, 1000)]
        assert len(expected) == 12 < _stored_rows(intake)  # the openings are skipped
        paged, after = [], 0
        while page := reader.records(after, 5):
            paged.extend(page)
            after = page[-1].position
        assert paged == expected
        assert reader.records(expected[5].position, 3) == expected[6:9]

    # The claims table (ADR 0012) ----------------------------------------------------

    def test_a_batch_stores_one_row_per_event_and_its_claims_beside_them(
        self, event_store_env: dict[str, str]
    ) -> None:
        intake = Intake(env=event_store_env)
        intake.record("acme", "k", _batch(sent(f"r{i}") for i in range(5)), NOW)
        assert _stored_rows(intake) == 1 + 5  # the stream's opening, then each event
        assert set(intake._heads.claims("acme", ["nope"])) == set()

    def test_the_ids_a_save_returns_are_its_events_notifications_in_order(
        self, event_store_env: dict[str, str]
    ) -> None:
        """PostgreSQL inserts the events as four arrays (ADR 0012, 8th round): each row must
        hold its own event's fields, and the ids come back in the events' order."""
        intake = Intake(env=event_store_env)
        events = [CandidateStream.create_id("acme", f"c{i}") for i in range(3)]
        stored = [
            StoredEvent(stream, version, f"topic-{i}", bytes([i, 0, 255, 92]) * (i + 1))
            for i, (stream, version) in enumerate([(events[2], 1), (events[0], 1), (events[2], 2)])
        ]
        ids = intake.recorder.insert_events(stored)
        assert ids is not None
        assert ids == sorted(ids)
        assert len(set(ids)) == 3
        found = intake.recorder.select_notifications(start=None, limit=10)
        assert [(n.id, n.originator_id, n.originator_version, n.topic, n.state) for n in found] == [
            (i, e.originator_id, e.originator_version, e.topic, e.state)
            for i, e in zip(ids, stored, strict=True)
        ]

    def test_a_claimed_id_fails_the_save_and_stores_none_of_its_events(
        self, event_store_env: dict[str, str]
    ) -> None:
        intake = Intake(env=event_store_env)
        [first] = _batch([sent("x")])
        intake.record("acme", "k", [first], NOW)
        before = _stored_rows(intake)
        stream = CandidateStream.create_id("acme", "cand-2")
        opened = CandidateStream("acme", "cand-2").collect_events()
        event = recorded_event(stream, 2, "acme", {"event_id": "y"}, NOW, "k")
        taken = Claim("acme", str(first.event_id), "cand-2", "other")
        with pytest.raises(IntegrityError):
            intake.save_events([*opened, event], [Claim("acme", "y", "cand-2", "d"), taken])
        assert _stored_rows(intake) == before
        assert intake.stream("acme", "cand-2") == []
        assert set(intake._heads.claims("acme", ["y", str(first.event_id)])) == {
            str(first.event_id)
        }

    def test_claims_an_older_intake_stored_as_events_are_duplicates_after_a_restart(
        self, event_store_env: dict[str, str]
    ) -> None:
        old = Intake(env=event_store_env)
        batch = _batch(sent(f"o{i}", candidate_id=f"cand-{i % 2}") for i in range(4))
        record_the_old_way(old, "acme", "k", batch, NOW)
        old.close()
        restarted = Intake(env=event_store_env)  # copies them into the claims table
        outcome = restarted.record("acme", "k", batch, NOW + timedelta(1))
        assert (outcome.accepted, outcome.duplicates) == (0, 4)
        changed = {
            **batch[0].model_dump(mode="json"),
            "data": {"contact_id": "z", "channel": "email"},
        }
        with pytest.raises(ConflictError):
            restarted.record("acme", "k", _batch([changed]), NOW)
        other = {**batch[1].model_dump(mode="json"), "candidate_id": "cand-9"}
        with pytest.raises(ConflictError):
            restarted.record("acme", "k", _batch([other]), NOW)
        assert [
            e.receipt_count for e in audit_trail(restarted, None, "acme", "cand-0").entries
        ] == [
            2,
            2,
        ]
        assert copy_event_claims(Intake(env=event_store_env)) == 0  # copied once

    def test_claims_stored_as_events_after_the_copy_are_copied_at_the_next_start(
        self, event_store_env: dict[str, str]
    ) -> None:
        first = Intake(env=event_store_env)
        earlier = _batch([sent("a")])
        record_the_old_way(first, "acme", "k", earlier, NOW)
        assert copy_event_claims(first) == 1
        assert copy_event_claims(first) == 0  # read through it: not read again
        later = _batch([sent("b")])
        record_the_old_way(first, "acme", "k", later, NOW)  # an old process, still running
        restarted = Intake(env=event_store_env)  # copies the newer one
        assert restarted.record("acme", "k", [*earlier, *later], NOW).duplicates == 2


def _batch(envelopes: Any) -> list[Event]:
    return EventBatch.model_validate({"events": list(envelopes)}).events


def _counts(outcomes: list[Outcome]) -> list[tuple[int, int]]:
    return sorted((o.accepted, o.duplicates) for o in outcomes)


def _stored_rows(intake: Intake) -> int:
    """Rows in the event store: every stored event is in the notification log."""
    return len(intake.recorder.select_notifications(start=None, limit=1_000_000))
