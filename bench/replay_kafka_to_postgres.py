"""Replay throughput: a million recorded events from Kafka into PostgreSQL.

1. Produces ``--events`` recorded events (contract v1 JSON as the relay writes it, keyed
   partner/candidate) into a new topic with a fast producer: ``--candidates`` candidates
   of ``--partners`` partners, each with a job search of 30 to 120 days within the last
   year and a realistic mix of the 16 event types, in the order the intake received them;
   plus one relay crash that published a run of 1,000 records twice.
2. Reads the topic with a bare kafka-python consumer that discards the records: the
   ceiling of any Python consumer here.
3. Replays the topic into a fresh PostgreSQL schema with ``outreach_replay.rebuild.rebuild`` -
   the code ``outreach replay`` runs: the live projection's fold and read-model tables.

Prints the rates and their ratio, then checks the rebuilt read model (every event once)
and times its digest. Starts nothing itself; the schema and the topic are dropped at the
end unless --keep is given. Usage::

    .venv/bin/python bench/replay_kafka_to_postgres.py --bootstrap 127.0.0.1:9092 \
        --database-url postgresql+psycopg://outreach:PASSWORD@127.0.0.1:5432/outreach
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
import time
import uuid
from collections.abc import Callable, Iterator
from datetime import UTC, datetime

from kafka import KafkaProducer, TopicPartition
from kafka.admin import KafkaAdminClient, NewTopic
from sqlalchemy import Engine, make_url, text

from outreach_contract.v1 import RecordedEvent
from outreach_platform.database import make_engine
from outreach_platform.kafka.clients import make_replay_consumer
from outreach_replay.rebuild import ReplayStats, rebuild
from outreach_replay.snapshot import snapshot
from outreach_replay.sources import KafkaSource
from outreach_replay.writer import ReplayWriter

NOW = datetime(2026, 1, 1, tzinfo=UTC)  # fixed: the same seed gives the same digest
DAY = 86_400.0
# Event types and their share of a candidate's activity after registering.
MIX = {
    "outreach.sent": 30,
    "contact.added": 18,
    "contact.replied": 10,
    "meeting.held": 8,
    "lead.created": 4,
    "referral.requested": 4,
    "feedback.received": 4,
    "referral.made": 3,
    "impression.noted": 3,
    "help.promised": 3,
    "interview.scheduled": 2,
    "help.delivered": 2,
    "presentation.submitted": 2,
    "departure.explained": 2,
    "employment.ended": 1,
}
CHANNELS = ["linkedin", "email", "phone", "coffee"]
WILLINGNESS = ["eager", "willing", "neutral", "reluctant", "declined"]
VALENCES = ["negative", "neutral", "positive"]
STORIES = ["growth", "laid_off", "vague"]
CIRCUMSTANCES = ["laid_off", "resigned", "contract_ended"]
RESUME = (
    "Product manager with eight years of experience in B2B software. Led a team of six "
    "engineers and two designers; shipped billing, onboarding and analytics features used "
    "by forty thousand customers. Comfortable with SQL, experiments and roadmaps. "
)


Data = dict[str, object]
# The data of each type, from (random, contact id, company): the contract's fields, varied.
DATA: dict[str, Callable[[random.Random, str, str], Data]] = {
    "outreach.sent": lambda r, c, _: {"contact_id": c, "channel": r.choice(CHANNELS)},
    "contact.added": lambda r, c, co: {
        "contact_id": c,
        "company": co,
        "seniority": r.choice(["mid", "senior", "executive"]),
        "relationship": r.choice(["former_colleague", "alumni", "cold"]),
    },
    "contact.replied": lambda r, c, _: {"contact_id": c, "willingness": r.choice(WILLINGNESS)},
    "meeting.held": lambda r, c, _: {
        "contact_id": c,
        "format": r.choice(["coffee", "call", "video"]),
        "minutes": r.randrange(15, 90),
    },
    "lead.created": lambda r, _, co: {"company": co, "quality": r.choice(["solid", "weak"])},
    "referral.requested": lambda r, c, co: {"contact_id": c, "company": co},
    "feedback.received": lambda r, _, __: {
        "aspect": r.choice(["spelling", "photo", "content"]),
        "sentiment": r.choice(["negative", "positive"]),
    },
    "referral.made": lambda r, c, co: {
        "contact_id": c,
        "company": co,
        "referred_to": r.choice(["hiring_manager", "team_member", "hr"]),
    },
    "impression.noted": lambda r, c, _: {"contact_id": c, "valence": r.choice(VALENCES)},
    "help.promised": lambda r, c, _: {"contact_id": c, "action": "intro"},
    "interview.scheduled": lambda r, _, co: {
        "company": co,
        "with_hiring_manager": r.random() < 0.5,
    },
    "help.delivered": lambda r, c, _: {"contact_id": c, "action": "intro"},
    "presentation.submitted": lambda r, _, __: {
        "asset": r.choice(["resume", "linkedin"]),
        "text": RESUME * 2,
    },
    "departure.explained": lambda r, c, _: {"contact_id": c, "story": r.choice(STORIES)},
    "employment.ended": lambda r, _, __: {"circumstance": r.choice(CIRCUMSTANCES)},
}
REGISTERED: Data = {"country": "US", "timezone": "America/New_York", "target_roles": ["PM"]}


def records(
    events: int, candidates: int, partners: int, seed: int
) -> Iterator[tuple[bytes, bytes]]:
    """(key, value) of every recorded event, in the order the intake received them."""
    rnd = random.Random(seed)
    weights = [rnd.uniform(0.5, 1.5) for _ in range(candidates)]
    scale = events / sum(weights)
    counts = [max(1, int(w * scale)) for w in weights]
    counts[0] += events - sum(counts)  # exact total
    timeline = []  # (received, occurred, candidate, nth event of the candidate)
    for cand, count in enumerate(counts):
        age = rnd.uniform(40, 400)  # days since the search started; it ended 2+ days ago
        start, span = NOW.timestamp() - age * DAY, rnd.uniform(30, min(120, age - 2)) * DAY
        moments = sorted(start + rnd.uniform(0, span) for _ in range(count - 1))
        for nth, occurred in enumerate([start, *moments]):
            timeline.append((occurred + rnd.uniform(60, 2 * DAY), occurred, cand, nth))
    timeline.sort()
    kinds, shares = list(MIX), list(MIX.values())
    for position, (received, occurred, cand, nth) in enumerate(timeline, start=1):
        partner, candidate_id = f"bench-{cand % partners}", f"cand-{cand:06d}"
        kind = "candidate.registered" if nth == 0 else rnd.choices(kinds, shares)[0]
        contact, company = f"contact-{rnd.randrange(40)}", f"Company {rnd.randrange(60)}"
        value = {
            "schema": "outreach.recorded-event/1",
            "partner": partner,
            "received_at": datetime.fromtimestamp(received, UTC).isoformat(),
            "position": position,
            "event": {
                "event_id": str(uuid.UUID(int=rnd.getrandbits(128), version=4)),
                "type": kind,
                "candidate_id": candidate_id,
                "occurred_at": datetime.fromtimestamp(occurred, UTC).isoformat(),
                "data": REGISTERED if nth == 0 else DATA[kind](rnd, contact, company),
            },
        }
        yield (
            f"{partner}/{candidate_id}".encode(),
            json.dumps(value, sort_keys=True, separators=(",", ":")).encode(),
        )


def with_relay_crash(
    stream: Iterator[tuple[bytes, bytes]], at: int, length: int = 1_000
) -> Iterator[tuple[bytes, bytes]]:
    """The relay published records ``at`` to ``at + length`` and crashed before recording
    its position: on restart it publishes them again (at-least-once)."""
    run = []
    for index, record in enumerate(stream):
        yield record
        if at <= index < at + length:
            run.append(record)
            if len(run) == length:
                yield from run


def produce(bootstrap: str, topic: str, args: argparse.Namespace) -> tuple[int, float]:
    producer = KafkaProducer(
        bootstrap_servers=bootstrap,
        linger_ms=20,
        batch_size=1 << 20,
        max_request_size=8 << 20,
    )
    producer.partitions_for(topic)  # metadata before the clock starts
    stream = records(args.events, args.candidates, args.partners, args.seed)
    sent, started = 0, time.perf_counter()
    for key, value in with_relay_crash(stream, args.events // 2):
        if sent % 1000 == 0:
            RecordedEvent.model_validate_json(value)  # a sample proves the contract
        producer.send(topic, key=key, value=value)
        sent += 1
    producer.flush()
    producer.close()
    return sent, time.perf_counter() - started


def bare_consume(bootstrap: str, topic: str) -> tuple[int, float, float]:
    consumer = make_replay_consumer(bootstrap)  # the replay's own client settings
    tps = [TopicPartition(topic, p) for p in sorted(consumer.partitions_for_topic(topic))]
    consumer.assign(tps)
    end = consumer.end_offsets(tps)
    consumer.seek_to_beginning(*tps)
    count, size, started, cpu = 0, 0, time.perf_counter(), time.process_time()
    while any(consumer.position(tp) < end[tp] for tp in tps):
        for batch in consumer.poll(timeout_ms=500).values():
            count += len(batch)
            size += sum(len(r.value) for r in batch)  # touch each record, then drop it
    seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
    consumer.close()
    return count, seconds, cpu


def replay(bootstrap: str, topic: str, engine: Engine, memory_events: int) -> ReplayStats:
    source = KafkaSource(make_replay_consumer(bootstrap), topic)
    last = [time.monotonic()]

    def progress(stats: ReplayStats) -> None:
        if time.monotonic() - last[0] > 5:
            last[0] = time.monotonic()
            print(
                f"  ... {stats.progress:,}/{source.total:,} records, {stats.rate:,.0f} events/s",
                file=sys.stderr,
            )

    return rebuild(source, ReplayWriter(engine, memory_events), progress)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--bootstrap", required=True)
    parser.add_argument(
        "--database-url", required=True, help="SQLAlchemy URL of a PostgreSQL database"
    )
    parser.add_argument("--events", type=int, default=1_000_000)
    parser.add_argument("--candidates", type=int, default=20_000)
    parser.add_argument("--partners", type=int, default=5)
    parser.add_argument("--partitions", type=int, default=6)
    parser.add_argument("--memory-events", type=int, default=250_000, help="as outreach replay's")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--keep", action="store_true", help="keep the topic and the schema")
    args = parser.parse_args()
    run = uuid.uuid4().hex[:8]
    topic, schema = f"bench.replay.{run}", f"bench_replay_{run}"
    admin = KafkaAdminClient(bootstrap_servers=args.bootstrap)
    admin.create_topics([NewTopic(topic, args.partitions, 1)])
    owner = make_engine(args.database_url)
    with owner.begin() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    url = make_url(args.database_url).update_query_dict({"options": f"-csearch_path={schema}"})
    engine = make_engine(url.render_as_string(hide_password=False))
    try:
        sent, seconds = produce(args.bootstrap, topic, args)
        print(
            f"topic {topic}: {args.partitions} partitions, {sent:,} records = {args.events:,} "
            f"events + {sent - args.events:,} published twice; {args.candidates:,} candidates "
            f"of {args.partners} partners"
        )
        report("produce", sent, seconds, "records")
        count, ceiling_seconds, ceiling_cpu = bare_consume(args.bootstrap, topic)
        ceiling = report("bare consumer (ceiling)", count, ceiling_seconds, "records", ceiling_cpu)
        cpu = time.process_time()
        stats = replay(args.bootstrap, topic, engine, args.memory_events)
        cpu = time.process_time() - cpu
        rate = report("replay -> PostgreSQL", stats.events, stats.seconds, "events", cpu)
        print(
            f"  {stats.applied:,} new, {stats.events - stats.applied:,} redelivered; "
            f"at most {args.memory_events:,} events held in memory"
        )
        print(f"ratio replay / ceiling: {rate / ceiling:.2f}")
        print(f"load average (1, 5, 15 min): {', '.join(f'{x:.1f}' for x in os.getloadavg())}")
        check(engine, args.events)
    finally:
        engine.dispose()
        if not args.keep:
            admin.delete_topics([topic])
            with owner.begin() as conn:
                conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.close()
        owner.dispose()


def report(label: str, count: int, seconds: float, unit: str, cpu: float | None = None) -> float:
    rate = count / seconds
    used = f" (this process's CPU: {cpu:.1f} s)" if cpu is not None else ""
    print(f"{label:<24} {count:>10,} {unit:<7} in {seconds:6.1f} s: {rate:>9,.0f} {unit}/s{used}")
    return rate


def check(engine: Engine, events: int) -> None:
    with engine.connect() as conn:
        candidates, facts = conn.execute(
            text("SELECT count(*), sum(facts) FROM candidate_states")
        ).one()
    started = time.perf_counter()
    digest = snapshot(engine).digests.total
    print(
        f"read model: {candidates:,} candidates, {facts:,} facts; digest {digest} "
        f"({time.perf_counter() - started:.1f} s)"
    )
    if facts != events:
        raise SystemExit(f"expected {events:,} facts: the replay lost or doubled events")


if __name__ == "__main__":
    main()
