"""The projection's write without Kafka: the projection benchmark's records (plus one
unreadable one) decoded and applied in batches of 1,000 into a fresh PostgreSQL database,
timed, optionally profiled, and digested (ADR 0012, "same events, same digest")::

    .venv/bin/python -m bench.projection_profile            # rate, CPU, both digests
    .venv/bin/python -m bench.projection_profile --profile  # cProfile, by cumulative time

The rows digest is a SHA-256 over every ``candidate_facts`` row (all columns, in key and
``seq`` order) and every header; the states digest chains ``state_digest`` of every
candidate. Equal digests before and after a change mean it stored the same read model.
It uses the benchmark's PostgreSQL port and var dir (``bench/perf/env.py``).
"""

from __future__ import annotations

import argparse
import cProfile
import hashlib
import pstats
import time

from bench.perf import env

env.configure()

from sqlalchemy import Engine, text  # noqa: E402

from bench.perf import infra  # noqa: E402
from bench.replay_kafka_to_postgres import records  # noqa: E402
from outreach_domain.digest import state_digest  # noqa: E402
from outreach_platform.database import create_schema, make_engine  # noqa: E402
from outreach_platform.kafka import records as kafka_records  # noqa: E402
from outreach_projection.write import ProjectionStore  # noqa: E402
from tests.support import servers  # noqa: E402

EVENTS, BATCH = 30_000, 1_000
FACTS = "SELECT * FROM candidate_facts ORDER BY partner, candidate_id, seq"
HEADERS = "SELECT partner, candidate_id, facts, last_seq, last_occurred_at FROM candidate_states"


def project(engine: Engine, values: list[bytes]) -> ProjectionStore:
    store = ProjectionStore(engine)
    for start in range(0, len(values), BATCH):
        decoded = (kafka_records.decode(v, f"@{start}") for v in values[start : start + BATCH])
        store.apply([e for e in decoded if e is not None], {"profile": start})
    return store


def digests(engine: Engine, store: ProjectionStore) -> tuple[str, str]:
    rows, states = hashlib.sha256(), hashlib.sha256()
    with engine.connect() as conn:
        for query in (FACTS, HEADERS + " ORDER BY partner, candidate_id"):
            for row in conn.execute(text(query)):
                rows.update(repr(tuple(row)).encode())
    for state in store.states():
        states.update(state_digest(state).encode())
    return rows.hexdigest(), states.hexdigest()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--profile", action="store_true")
    args = parser.parse_args()
    servers.start_postgres(servers.PostgresServer())  # a no-op when it runs already
    values = [value for _key, value in records(EVENTS, EVENTS // 50, 5, seed=3)]
    values.insert(123, b'{"not": "a recorded event"}')
    with infra.pg_database("profile") as db:
        engine = make_engine(db.url)
        create_schema(engine)
        profile, started, cpu = cProfile.Profile(), time.perf_counter(), time.process_time()
        if args.profile:
            profile.enable()
        store = project(engine, values)
        seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
        profile.disable()
        # This process's CPU per event too: on a shared machine it moves less than the rate.
        print(
            f"{len(values) / seconds:,.0f} events/s ({len(values):,} records), "
            f"{cpu / len(values) * 1e6:.1f} µs of CPU an event"
        )
        rows, states = digests(engine, store)
        print(f"rows digest   {rows}\nstates digest {states}")
        engine.dispose()
    if args.profile:
        pstats.Stats(profile).sort_stats("cumulative").print_stats(40)


if __name__ == "__main__":
    main()
