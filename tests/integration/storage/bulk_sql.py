"""The bulk SQL helpers (``outreach_platform.sql``) on a real store: on PostgreSQL many rows
travel as one JSON document, and many keys as JSON on both (``json_to_recordset``,
SQLite's ``json_each``); both must store and find exactly what one row at a time would
(ADR 0012)."""

from datetime import UTC, datetime, timedelta, timezone
from typing import Any

import pytest
from sqlalchemy import Connection, Engine, Select, select
from sqlalchemy.exc import StatementError

from outreach_platform.readmodel import candidate_facts, feed_positions
from outreach_platform.sql import in_keys, insert_rows, upsert
from outreach_platform.verdicts import verdict_changes

AWKWARD = 'a "quoted" body, a back\\slash, a newline\n, {"json": [1]}, € and \u2028'
PARIS = timezone(timedelta(hours=2))


def _fact(n: int, body: str = "{}", at: datetime | None = None) -> dict[str, Any]:
    moment = at or datetime(2026, 5, 1, 9, 0, n % 60, n, tzinfo=UTC)
    return {
        "partner": "acme",
        "candidate_id": f"cand-{n % 7}",
        "event_id": f"event-{n:04d}",
        "seq": n,
        "occurred_at": moment,
        "received_at": moment,
        "type": "contact.added",
        "body": body,
    }


class BulkSqlContract:
    def test_many_rows_are_inserted_and_a_stored_one_is_left_as_it_is(self, engine: Engine) -> None:
        with engine.begin() as conn:
            upsert(conn, candidate_facts, [_fact(1, "first")], update=[])
        rows = [_fact(n, f"{AWKWARD} {n}") for n in range(1, 1_201)]
        with engine.begin() as conn:
            upsert(conn, candidate_facts, rows, update=[])
            stored = {r.event_id: r for r in conn.execute(select(candidate_facts))}
        assert len(stored) == 1_200
        assert stored["event-0001"].body == "first"
        assert stored["event-0777"].body == f"{AWKWARD} 777"
        assert stored["event-0777"].occurred_at == rows[776]["occurred_at"]

    def test_a_column_the_rows_leave_out_takes_its_default(self, engine: Engine) -> None:
        # As an executemany would: the log's seq is numbered by the store, from_status null.
        change = {
            "partner": "acme",
            "reason": "presentation",
            "to_status": "problem",
            "as_of": datetime(2026, 5, 1, tzinfo=UTC).date(),
            "rules_version": "v1",
            "changed_at": datetime(2026, 5, 1, 9, tzinfo=UTC),
        }
        rows = [change | {"candidate_id": f"cand-{n}"} for n in range(3)]
        with engine.begin() as conn:
            insert_rows(conn, verdict_changes, rows)
            stored = conn.execute(
                select(verdict_changes.c.seq, verdict_changes.c.from_status)
            ).all()
        assert len({seq for seq, _ in stored}) == 3
        assert {status for _, status in stored} == {None}

    def test_an_update_takes_only_the_rows_its_condition_allows(self, engine: Engine) -> None:
        with engine.begin() as conn:
            upsert(
                conn, feed_positions, [{"feed": "a", "position": 5}, {"feed": "b", "position": 5}]
            )
        moved = [
            {"feed": "a", "position": 9},
            {"feed": "b", "position": 2},
            {"feed": "c", "position": 1},
        ]
        with engine.begin() as conn:
            upsert(
                conn,
                feed_positions,
                moved,
                where=lambda new: feed_positions.c.position < new.position,
            )
            stored = {row.feed: row.position for row in conn.execute(select(feed_positions))}
        assert stored == {"a": 9, "b": 5, "c": 1}

    def test_moments_are_stored_in_utc_and_naive_ones_refused(self, engine: Engine) -> None:
        local = datetime(2026, 5, 1, 11, 30, tzinfo=PARIS)
        with engine.begin() as conn:
            upsert(conn, candidate_facts, [_fact(1, at=local), _fact(2)], update=[])
            found = conn.execute(
                select(candidate_facts.c.occurred_at).where(candidate_facts.c.seq == 1)
            ).scalar_one()
        assert found == local
        assert found.utcoffset() == timedelta(0)
        naive = [_fact(3), _fact(4, at=datetime(2026, 5, 1, 9, 0))]
        with pytest.raises((StatementError, ValueError), match="naive"), engine.begin() as conn:
            upsert(conn, candidate_facts, naive, update=[])

    def test_keys_find_exactly_the_rows_they_name(self, engine: Engine) -> None:
        with engine.begin() as conn:
            upsert(conn, candidate_facts, [_fact(n) for n in range(1, 50)], update=[])
        columns = [
            candidate_facts.c.partner,
            candidate_facts.c.candidate_id,
            candidate_facts.c.event_id,
        ]
        asked = [
            ("acme", "cand-3", "event-0003"),
            ("acme", "cand-3", "event-0004"),
            ("x", "cand-1", "event-0001"),
            # Longer than its columns (64, 128, 36): found nowhere, and no error either.
            ("a" * 65, "c" * 129, AWKWARD * 3),
        ]
        asked += [("acme", f"cand-{n % 7}", f"event-{n:04d}") for n in range(40, 60)]
        with engine.connect() as conn:
            rows = conn.execute(select(*columns).where(in_keys(conn, columns, asked)))
            found = {tuple(row) for row in rows}
        assert found == {("acme", "cand-3", "event-0003")} | {
            ("acme", f"cand-{n % 7}", f"event-{n:04d}") for n in range(40, 50)
        }
        with engine.connect() as conn:  # one key: equalities, with the same answers
            for key, expected in [(asked[0], 1), (asked[2], 0), (asked[3], 0)]:
                query = select(*columns).where(in_keys(conn, columns, [key]))
                assert len(conn.execute(query).all()) == expected

    def test_a_lookup_of_many_keys_searches_the_index_whatever_the_table_holds(
        self, engine: Engine
    ) -> None:
        # A scan would make every projection batch's lookup grow with all facts stored.
        # SQLite scans the whole index for a row value IN a list of rows at any size, so
        # ``in_keys`` gives it a subquery. PostgreSQL's planner rightly prefers a scan of
        # a small table (it did at 20,000 rows); at 200,000 only the index will do.
        with engine.begin() as conn:
            upsert(conn, candidate_facts, [_fact(n) for n in range(1, 200_001)], update=[])
            conn.exec_driver_sql("ANALYZE")
        columns = [
            candidate_facts.c.partner,
            candidate_facts.c.candidate_id,
            candidate_facts.c.event_id,
        ]
        asked = [("acme", f"cand-{n % 7}", f"event-{n:04d}") for n in range(1, 200_000, 400)]
        with engine.connect() as conn:
            query = select(*columns).where(in_keys(conn, columns, asked))
            plan = _plan(conn, query)
            assert len(conn.execute(query).all()) == len(asked)
        assert "candidate_facts" in plan, plan
        assert "SCAN candidate_facts" not in plan, plan  # SQLite's words
        assert "Seq Scan on candidate_facts" not in plan, plan  # PostgreSQL's


def _plan(conn: Connection, query: Select[Any]) -> str:
    """The store's own account of how it runs ``query``."""
    sql = str(query.compile(conn, compile_kwargs={"literal_binds": True}))
    if conn.dialect.name == "sqlite":
        return "\n".join(row[-1] for row in conn.exec_driver_sql(f"EXPLAIN QUERY PLAN {sql}"))
    return "\n".join(row[0] for row in conn.exec_driver_sql(f"EXPLAIN {sql}"))
