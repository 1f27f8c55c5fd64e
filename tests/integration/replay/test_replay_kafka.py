"""``outreach replay --source kafka`` against the distributed topology: intake with its
relay, and the projection's consumer group, on a real broker and PostgreSQL."""

import json
import re

import pytest
from kafka.admin import KafkaAdminClient
from sqlalchemy import select

from outreach_platform.publications import publications
from tests.integration.distributed import streams
from tests.integration.replay.conftest import cli
from tests.support.stack import Stack, create_database, drop_database

pytestmark = [pytest.mark.kafka, pytest.mark.postgres]
DIGEST = re.compile(r"(live read model|replayed store): +(\d+) candidates +digest ([0-9a-f]{64})")


@pytest.fixture
def stack(stack: Stack) -> Stack:
    # Nothing here kills a projection, so nothing needs the stack's short session timeout;
    # on a loaded machine a 3 s pause got the projection evicted from its group.
    stack.env["OUTREACH_KAFKA_SESSION_TIMEOUT_SECONDS"] = "30"
    return stack


def _digests(output: str) -> dict[str, tuple[int, str]]:
    return {m[1]: (int(m[2]), m[3]) for m in DIGEST.finditer(output)}


def _replay(stack: Stack, *options: str) -> str:
    done = cli("replay", *options, env=stack.env)
    assert done.returncode == 0, done.stdout + done.stderr
    digests = _digests(done.stdout)
    assert digests["live read model"] == digests["replayed store"], done.stdout
    return done.stdout


def test_a_replay_from_kafka_gives_the_live_digest(stack: Stack) -> None:
    stack.start("intake")  # the relay runs inside it
    stack.start("projection")
    acme, globex = stack.key("acme"), stack.key("globex")
    acme_events = streams.events(240, candidates=8)
    globex_events = streams.new_ids(acme_events[:40])
    with stack.client(acme) as intake:
        streams.post_in_batches(intake, acme_events, 80)
        assert streams.post(intake, acme_events[:10])["duplicates"] == 10
    with stack.client(globex) as intake:
        streams.post(intake, globex_events)
    total = len(acme_events) + len(globex_events)
    streams.wait_projected(stack, total, timeout=120)

    replica = f"{stack.dbname}_replay"
    create_database(stack.postgres, replica)
    try:
        into = stack.database_url.rsplit("/", 1)[0] + f"/{replica}"
        from_kafka = _replay(stack, "--source", "kafka", "--into", into)
        again = cli("replay", "--into", into, env=stack.env)
        assert again.returncode == 2, "a store that holds a read model is refused"
    finally:
        drop_database(stack.postgres, replica)
    assert "Replaying from Kafka" in from_kafka
    assert f"Read {total:,} events ({total:,} new" in from_kafka
    assert len(re.findall(rf"{re.escape(stack.topic)}-\d: offsets 0\.\.", from_kafka)) > 1
    assert "Replaying from Kafka" in _replay(stack), "auto: the feed the live model follows"
    # The event store, compared with a read model fed by Kafka: read to its end.
    from_store = _replay(stack, "--source", "store")
    assert "Reading the event store to its end at start" in from_store

    # The replays joined no group: the projection still owns every partition and goes on.
    admin = KafkaAdminClient(bootstrap_servers=stack.kafka.bootstrap)
    try:
        [group] = admin.describe_consumer_groups([stack.group])
        assert len(group.members) == 1, group
    finally:
        admin.close()
    with stack.client(acme) as intake:
        streams.post(intake, streams.events(8, candidates=8, prefix="later"))
    streams.wait_projected(stack, total + 8, timeout=120)

    runs = json.loads(cli("replays", "--json", env=stack.env).stdout)
    assert [(r["source"], r["matched"]) for r in runs] == [
        ("store", True), ("kafka", True), ("kafka", True),
    ]  # fmt: skip
    assert runs[-1]["target"] == into.replace(stack.postgres.password, "***")


def test_the_audit_trail_names_where_each_event_landed_in_kafka(stack: Stack) -> None:
    stack.start("intake")
    stack.start("projection")
    acme = stack.key("acme")
    stream = streams.events(30, candidates=3)
    with stack.client(acme) as intake:
        streams.post(intake, stream)
        streams.post(intake, stream[:1])  # a duplicate receipt
    streams.wait_projected(stack, 30, timeout=120)

    done = cli("audit", "cand-1", "--partner", "acme", "--json", env=stack.env)
    assert done.returncode == 0, done.stderr
    trail = json.loads(done.stdout)["events"]
    assert [e["event"]["event_id"] for e in trail] == [e["event_id"] for e in stream[1::3]]
    with stack.engine.connect() as conn:
        landed = {
            row.event_id: (row.topic, row.partition, row.offset, row.position)
            for row in conn.execute(select(publications))
        }
    for entry in trail:
        kafka = entry["kafka"]
        expected = landed[entry["event"]["event_id"]]
        assert (kafka["topic"], kafka["partition"], kafka["offset"], entry["position"]) == expected
    assert len({e["kafka"]["partition"] for e in trail}) == 1, "one candidate, one partition"
    offsets = [e["kafka"]["offset"] for e in trail]
    assert offsets == sorted(offsets)
    first = cli("audit", "cand-0", "--partner", "acme", env=stack.env).stdout
    assert first.count("duplicate received") == 1
    assert re.search(rf"Kafka {re.escape(stack.topic)} partition \d offset \d+", first)
