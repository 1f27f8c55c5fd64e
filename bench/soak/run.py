"""``make soak``: the distributed stack under a steady load while its parts are killed.

    .venv/bin/python -m bench.soak.run [--minutes 5] [--rate 250] [--clients 6] ...

Starts its own PostgreSQL and Kafka (``bench.soak.env``: 55432, 59092/59093, var dir
``/tmp/soak-var``) and the four roles on free ports of 58001-58010, posts a steady load
from a few client threads, kills the relay, the projection, the broker and PostgreSQL with
``kill -9`` on a schedule (``bench.soak.faults``), records a poison event straight into
the event store, fires bursts of 20 clients posting the same batch, then waits for the
pipeline to drain and checks every acknowledged event in the store, the topic and the
read model, and that a replay from each source matches the live read model. Exit 0 only
when nothing is lost or doubled and no 5xx but a 503 during a PostgreSQL outage was seen.
"""

from __future__ import annotations

import argparse
import logging
import sys
import threading
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from bench.soak import env, faults, load, report, verify

if TYPE_CHECKING:
    from bench.soak.stack import SoakStack

PARTNERS = ("soak-a", "soak-b", "soak-c")
LEGACY, BURST = "soak-legacy", "soak-burst"
POISON_CANDIDATE = "legacy-cand"
BURST_CLIENTS, BURST_SIZE = 20, 10
PG_GRACE = 10.0  # seconds after PostgreSQL is back during which a 503 is still allowed
log = logging.getLogger("soak")


def parse(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="make soak", description=__doc__.split("\n")[0])
    parser.add_argument("--minutes", type=float, default=5.0, help="load duration (5)")
    parser.add_argument("--rate", type=float, default=250.0, help="events/s offered (250)")
    parser.add_argument("--clients", type=int, default=6, help="client threads (6)")
    parser.add_argument("--batch", type=int, default=50, help="events per batch (50)")
    parser.add_argument("--candidates", type=int, default=200, help="per partner (200)")
    parser.add_argument("--per-batch", type=int, default=5, help="candidates a batch speaks of (5)")
    parser.add_argument("--refuse-every", type=int, default=50, help="every n-th batch a 422")
    parser.add_argument("--interval", type=float, default=40.0, help="seconds between faults")
    parser.add_argument(
        "--down",
        type=float,
        nargs=2,
        default=[5.0, 15.0],
        metavar=("MIN", "MAX"),
        help="seconds a killed part stays down before its restart (5 15)",
    )
    parser.add_argument(
        "--faults", default=",".join(faults.KINDS), help="the parts killed, round robin"
    )
    parser.add_argument("--seed", type=int, default=10)
    parser.add_argument("--drain-timeout", type=float, default=300.0)
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(message)s")
    logging.getLogger("httpx").setLevel(logging.WARNING)  # a line per request otherwise
    env.configure()  # before anything imports tests.support.servers
    from bench.soak.stack import SoakStack
    from tests.support.servers import TEST_VAR_DIR, ensure_kcat

    kcat = ensure_kcat()
    stack = SoakStack(Path(TEST_VAR_DIR) / "roles")
    try:
        stack.up()
        return Soak(args, stack, kcat).run()
    finally:
        stack.down()


@dataclass
class Soak:
    args: argparse.Namespace
    stack: SoakStack
    kcat: str

    def run(self) -> int:
        args, duration = self.args, self.args.minutes * 60
        keys = self.stack.keys([*PARTNERS, LEGACY, BURST])
        ledger, stop = load.Ledger(), threading.Event()
        schedule = faults.schedule(
            duration,
            args.seed,
            interval=args.interval,
            down=(args.down[0], args.down[1]),
            kinds=tuple(args.faults.split(",")),
        )
        started = time.monotonic()
        injector = faults.Injector(schedule, self.stack.parts(), started, stop).start()
        loaders = self._start_load(keys, ledger, stop, started + duration)
        poison = self._poison(keys[LEGACY], ledger, stop)
        bursts = self._bursts(keys[BURST], ledger, stop, schedule, started)
        for thread in loaders:
            thread.join(duration + 180)  # a client retrying at the end gets its answer
        stop.set()
        injector.join()
        revived = self.stack.ensure_running()
        drained = self._drain()
        observed = self.stack.observe(self.kcat)
        events = verify.account(
            ledger.acked, ledger.rejected, observed, {(LEGACY, POISON_CANDIDATE)}, poison
        )
        attempts = [(a.at, a.status) for a in ledger.attempts]
        statuses = verify.classify(attempts, injector.windows, PG_GRACE)
        replays = [self._replay(source) for source in ("kafka", "store")]
        failures = [
            *events.failures(),
            *verify.burst_failures(bursts, BURST_CLIENTS),
            *injector.errors,
            *(f"{role} was not running at the end" for role in revived),
            *([] if drained else ["the pipeline did not drain"]),
            *_nonzero("5xx other than a 503 during a PostgreSQL outage", statuses.violations),
            *(f"replay --source {r.source} exit {r.exit_code}" for r in replays if r.exit_code),
        ]
        outcome = report.Outcome(
            events, statuses, schedule, injector.windows, started, bursts, replays, failures
        )
        print(report.render(ledger, outcome, self._header(duration), duration), flush=True)
        return 1 if failures else 0

    def _header(self, duration: float) -> str:
        a = self.args
        return (
            f"soak: {duration / 60:.1f} min, {a.rate:,.0f} events/s offered by {a.clients} "
            f"clients in batches of {a.batch} ({a.per_batch} candidates each), "
            f"{len(PARTNERS)} partners x {a.candidates} "
            f"candidates, a fault every {a.interval:.0f} s (down {a.down[0]:g}-{a.down[1]:g} s "
            "before the restart)"
        )

    def _start_load(
        self, keys: dict[str, str], ledger: load.Ledger, stop: threading.Event, until: float
    ) -> list[threading.Thread]:
        a, threads = self.args, []
        for i in range(a.clients):
            partner = PARTNERS[i % len(PARTNERS)]
            client = load.Client(
                f"client-{i}", self.stack.url("intake"), partner, keys[partner], ledger, stop
            )
            candidates = [f"cand-{n}" for n in range(a.candidates)]
            steady = load.Steady(
                client,
                load.EventSource(candidates, a.seed * 100 + i, a.per_batch),
                a.rate / a.clients,
                a.batch,
                a.refuse_every,
            )
            thread = threading.Thread(target=steady.run, args=(until,), name=f"client-{i}")
            thread.start()
            threads.append(thread)
        return threads

    def _poison(self, key: str, ledger: load.Ledger, stop: threading.Event) -> set[verify.EventKey]:
        """The poison straight into the store, then a valid event of the same candidate
        over HTTP, which must wait behind it in the quarantine."""
        source = load.EventSource([POISON_CANDIDATE], self.args.seed)
        [poison] = source.batch(1, datetime.now(UTC))
        poison["occurred_at"] = "0001-01-01T00:00:00+05:00"  # the fold overflows on it
        self.stack.inject_poison(LEGACY, POISON_CANDIDATE, poison)
        client = load.Client("legacy", self.stack.url("intake"), LEGACY, key, ledger, stop)
        try:
            client.post(source.batch(1, datetime.now(UTC)))
        finally:
            client.close()
        return {(LEGACY, poison["event_id"])}

    def _bursts(
        self,
        key: str,
        ledger: load.Ledger,
        stop: threading.Event,
        schedule: list[faults.Fault],
        started: float,
    ) -> list[verify.Burst]:
        """Before each fault but the first (the previous one is over by then): 20 clients
        post one new batch at once."""
        found = []
        for k, at in enumerate(f.at - 8 for f in schedule[1:]):
            stop.wait(max(started + at - time.monotonic(), 0))
            source = load.EventSource([f"burst-{k}"], self.args.seed * 1000 + k)
            batch = source.batch(BURST_SIZE, datetime.now(UTC))

            def make(name: str) -> load.Client:
                return load.Client(name, self.stack.url("intake"), BURST, key, ledger, stop)

            result = load.burst(make, batch, BURST_CLIENTS)
            found.append(
                verify.Burst(
                    result.size,
                    result.accepted,
                    result.acceptances,
                    sum(1 for a in result.answers if a),
                )
            )
        return found

    def _drain(self) -> bool:
        """Wait until every stored event is applied or quarantined."""
        deadline = time.monotonic() + self.args.drain_timeout
        while time.monotonic() < deadline:
            try:
                stored, done = self.stack.progress()
            except Exception as error:  # PostgreSQL still recovering: try again
                log.info("progress unknown yet: %r", error)
            else:
                log.info("drain: %s stored, %s applied or quarantined", stored, done)
                if done >= stored:
                    return True
            time.sleep(2)
        return False

    def _replay(self, source: str) -> report.Replay:
        code, output = self.stack.replay(source)
        return report.Replay(source, code, report.replay_summary(output))


def _nonzero(what: str, count: int) -> list[str]:
    return [f"{what}: {count}"] if count else []


if __name__ == "__main__":
    sys.exit(main())
