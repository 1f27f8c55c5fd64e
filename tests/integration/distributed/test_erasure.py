"""Erasure on the distributed stack: real Kafka, real PostgreSQL, separate processes.

A candidate with a distinctive résumé text, contact name and story is loaded beside
another; it is erased; then a ``pg_dump`` of the whole database, every record of the
topic as kcat reads it, and a replay store rebuilt afterwards hold none of its strings
(nor its wrapped data key), while the other candidate's data is intact (its records
open with the stack's keys) and the replay matches the live read model.
"""

import subprocess
from pathlib import Path

import pytest
from sqlalchemy import select

from outreach_platform.personal.keys import candidate_keys
from tests.integration.distributed import streams
from tests.support.erasure import ALL_SCOPES, candidate_events, distinctive, holding, needles
from tests.support.process import OUTREACH
from tests.support.stack import Stack

pytestmark = [pytest.mark.kafka, pytest.mark.postgres]
GONE, KEPT = "erase-me", "keep-me"
GONE_TAG, KEPT_TAG = "ZORBLATT", "QUINCEWOOD"


def _pg_dump(stack: Stack) -> bytes:
    pg = stack.postgres
    dsn = f"postgresql://{pg.user}:{pg.password}@{pg.host}:{pg.port}/{stack.dbname}"
    return subprocess.run(["pg_dump", dsn], capture_output=True, check=True, timeout=120).stdout


def _in_sql(wanted: list[bytes]) -> list[bytes]:
    # The event store keeps events as bytea, which pg_dump prints in hex.
    return [*wanted, *(needle.hex().encode() for needle in wanted)]


def _wrapped(stack: Stack, candidate: str) -> bytes:
    with stack.engine.connect() as conn:
        wrapped = conn.execute(
            select(candidate_keys.c.wrapped).where(candidate_keys.c.candidate_id == candidate)
        ).scalar_one()
    return str(wrapped).encode()


def test_an_erased_candidate_is_unreadable_in_postgres_kafka_and_replays(
    stack: Stack, kcat: Path, tmp_path: Path
) -> None:
    for role in ("intake", "projection", "diagnostics"):
        stack.start(role)
    gone_strings, kept_strings = distinctive(GONE_TAG), distinctive(KEPT_TAG)
    gone_needles = needles(GONE_TAG, gone_strings)
    posted = candidate_events(GONE, gone_strings) + candidate_events(KEPT, kept_strings)
    key = stack.key("acme", ALL_SCOPES)
    with stack.client(key) as intake:
        streams.post(intake, posted)
    streams.wait_projected(stack, len(posted), timeout=120)

    # Before: the read model holds the strings (the search finds them), the topic never.
    assert holding(_pg_dump(stack), _in_sql(gone_needles))
    records = streams.read_topic(kcat, stack.kafka.bootstrap, stack.topic)
    assert len(records) == len(posted)
    assert [holding(r.raw.encode(), gone_needles) for r in records] == [[]] * len(records)
    wrapped = _wrapped(stack, GONE)

    with stack.client(key) as intake:
        erased = intake.delete(f"/v1/candidates/{GONE}")
        assert erased.status_code == 200, erased.text
        refused = intake.post("/v1/events", json={"events": posted[:1]})
        assert refused.status_code == 410, refused.text
        assert intake.get(f"/v1/candidates/{GONE}/export").status_code == 404
        kept_export = intake.get(f"/v1/candidates/{KEPT}/export")
        assert kept_strings["resume"] in kept_export.text
    with stack.client(key, "diagnostics") as diagnostics:
        assert diagnostics.get(f"/v1/candidates/{GONE}/state").status_code == 404
        assert diagnostics.get(f"/v1/candidates/{KEPT}/state").json()["events"] == len(posted) // 2

    dump = _pg_dump(stack)
    assert holding(dump, _in_sql([*gone_needles, wrapped])) == []
    assert holding(dump, _in_sql([KEPT_TAG.encode()]))  # the other candidate is intact

    records = streams.read_topic(kcat, stack.kafka.bootstrap, stack.topic)
    assert len(records) == len(posted)  # already-published records stay: unreadable now
    assert [holding(r.raw.encode(), gone_needles) for r in records] == [[]] * len(records)
    opened = streams.vault(stack).open([r.value for r in records])
    assert opened.skipped == len(posted) // 2
    assert {e.event.candidate_id for e in opened.events} == {KEPT}
    texts = [e.event.model_dump_json() for e in opened.events]
    assert any(kept_strings["story"] in text for text in texts)

    replay_store = tmp_path / "replay.db"
    replay = subprocess.run(
        [str(OUTREACH), "replay", "--source", "kafka", "--into", f"sqlite:///{replay_store}"],
        env={**stack.env, "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert replay.returncode == 0, replay.stdout + replay.stderr  # 0: the digests match
    held = replay_store.read_bytes()
    assert holding(held, gone_needles) == []
    assert holding(held, [KEPT_TAG.encode()])
