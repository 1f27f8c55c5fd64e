"""The soak's load: contract-valid events for several partners and many candidates, posted
at a steady, bounded rate by a few client threads that retry as a careful partner would,
and a ledger of every answer.

A client retries the same batch (same event ids) after a connection error, a timeout, a
``503`` or a ``429``, with a jittered exponential backoff, until it gets a final answer;
a ``202`` acknowledges every event of the batch (accepted or duplicate). Now and then a
batch carries an event dated before the contract's floor, as a buggy old client would
send: the whole batch must be refused (``422``) and nothing of it stored.

``make_event`` and ``EventSource`` are pure (seeded); ``Client`` and ``burst`` do the I/O.
"""

from __future__ import annotations

import random
import threading
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx

RETRIED = frozenset({429, 503})
"""Statuses a client posts again after a pause (and connection errors, status None)."""
BACKOFF_START, BACKOFF_MAX = 0.1, 3.0
PRE_FLOOR = "1970-01-01T00:00:00Z"  # before OUTREACH_EARLIEST_OCCURRED_AT: a 422
Event = dict[str, Any]
EventKey = tuple[str, str]
"""(partner, event_id)"""


# ------------------------------------------------------------------ the events


def make_event(
    rng: random.Random, candidate_id: str, step: int, now: datetime, event_id: str
) -> Event:
    """The ``step``-th event of a candidate's story: a registration first, then contacts,
    outreach, replies and meetings, dated over the last weeks (never in the future)."""
    when = now - timedelta(days=rng.randint(1, 60), minutes=rng.randint(0, 1440))
    contact = f"contact-{step // 4}"
    kind, data = _story(step, contact, rng)
    return {
        "event_id": event_id,
        "type": kind,
        "candidate_id": candidate_id,
        "occurred_at": when.isoformat(),
        "data": data,
    }


def _story(step: int, contact: str, rng: random.Random) -> tuple[str, dict[str, Any]]:
    if step == 0:
        return "candidate.registered", {"country": "US", "timezone": "America/Chicago"}
    phase = step % 4
    if phase == 1:
        return "contact.added", {"contact_id": contact, "company": f"co-{rng.randint(1, 30)}"}
    if phase == 2:
        return "outreach.sent", {
            "contact_id": contact,
            "channel": rng.choice(["email", "linkedin"]),
        }
    if phase == 3:
        willingness = rng.choice(["eager", "willing", "neutral", "reluctant", "declined"])
        return "contact.replied", {"contact_id": contact, "willingness": willingness}
    return "meeting.held", {"contact_id": contact, "format": "call", "minutes": 30}


@dataclass
class EventSource:
    """One client's stream of batches over its partner's candidates (deterministic given
    the seed, apart from the dates, which follow the clock)."""

    candidates: list[str]
    seed: int
    per_batch: int = 5  # candidates a batch speaks of, as a partner's sync of a few would
    steps: dict[str, int] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self._rng = random.Random(self.seed)

    def batch(self, size: int, now: datetime) -> list[Event]:
        chosen = self._rng.sample(self.candidates, min(self.per_batch, len(self.candidates)))
        made = []
        for i in range(size):
            candidate = chosen[i % len(chosen)]
            step = self.steps.get(candidate, 0)
            self.steps[candidate] = step + 1
            event_id = str(uuid.UUID(int=self._rng.getrandbits(128), version=4))
            made.append(make_event(self._rng, candidate, step, now, event_id))
        return made

    def poisoned(self, size: int, now: datetime) -> list[Event]:
        """A batch with one event dated before the floor, which must make it a 422."""
        made = self.batch(size, now)
        made[self._rng.randrange(size)]["occurred_at"] = PRE_FLOOR
        return made


# ------------------------------------------------------------------ the ledger


@dataclass(frozen=True)
class Attempt:
    at: float  # time.monotonic(), when the answer came
    status: int | None  # None: no HTTP answer (connection refused or reset, timeout)
    client: str
    seconds: float  # how long the request took


@dataclass
class Ledger:
    """Every attempt and every final answer, from every client thread."""

    attempts: list[Attempt] = field(default_factory=list)
    acked: list[EventKey] = field(default_factory=list)  # each event of each 202'd batch
    accepted: int = 0
    duplicates: int = 0
    rejected: list[EventKey] = field(default_factory=list)  # each event of each 4xx'd batch
    refusals: dict[int, int] = field(default_factory=dict)  # final 4xx statuses
    gave_up: int = 0  # batches abandoned (a 5xx retried until the end of the run)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def attempt(self, client: str, status: int | None, seconds: float) -> None:
        with self._lock:
            self.attempts.append(Attempt(time.monotonic(), status, client, seconds))

    def ack(self, ids: list[EventKey], answer: dict[str, Any]) -> None:
        with self._lock:
            self.acked.extend(ids)
            self.accepted += int(answer["accepted"])
            self.duplicates += int(answer["duplicates"])

    def refuse(self, ids: list[EventKey], status: int) -> None:
        with self._lock:
            self.rejected.extend(ids)
            self.refusals[status] = self.refusals.get(status, 0) + 1


# ------------------------------------------------------------------ posting


@dataclass
class Client:
    """Posts batches for one key, retrying until a final answer or until ``stop``."""

    name: str
    url: str
    partner: str
    key: str
    ledger: Ledger
    stop: threading.Event
    rng: random.Random = field(default_factory=random.Random)

    def __post_init__(self) -> None:
        self._http = httpx.Client(
            base_url=self.url, headers={"Authorization": f"Bearer {self.key}"}, timeout=30
        )

    def post(self, batch: list[Event]) -> dict[str, Any] | None:
        """The 202 answer, or None when refused or abandoned; every attempt is recorded."""
        ids = [(self.partner, e["event_id"]) for e in batch]
        pause = BACKOFF_START
        while True:
            sent = time.monotonic()
            status, answer, retry_after = self._attempt(batch)
            self.ledger.attempt(self.name, status, time.monotonic() - sent)
            if status == 202:
                self.ledger.ack(ids, answer)
                return answer
            if status is not None and 400 <= status < 500 and status != 429:
                self.ledger.refuse(ids, status)
                return None
            # Connection errors, 429, 503 — and any other 5xx, which the soak reports as a
            # failure but a real client would also retry.
            if self.stop.is_set():
                self.ledger.gave_up += 1
                return None
            self.stop.wait(max(retry_after, pause * (0.5 + self.rng.random())))
            pause = min(pause * 2, BACKOFF_MAX)

    def _attempt(self, batch: list[Event]) -> tuple[int | None, dict[str, Any], float]:
        try:
            response = self._http.post("/v1/events", json={"events": batch})
        except httpx.TransportError:
            return None, {}, 0.0
        body = response.json() if response.status_code == 202 else {}
        return response.status_code, body, _retry_after(response)

    def close(self) -> None:
        self._http.close()


def _retry_after(response: httpx.Response) -> float:
    try:
        return min(float(response.headers.get("Retry-After", 0)), BACKOFF_MAX)
    except ValueError:
        return 0.0


@dataclass
class Steady:
    """One client thread's pace: ``rate`` events a second in batches of ``batch_size``. A
    client held up by an outage does not rush to catch up: the schedule starts again from
    now, so the offered rate stays bounded."""

    client: Client
    source: EventSource
    rate: float
    batch_size: int
    refuse_every: int  # every n-th batch carries a pre-floor event (0: never)
    batches: int = 0

    def run(self, until: float) -> None:
        interval = self.batch_size / self.rate
        due = time.monotonic()
        while not self.client.stop.is_set() and time.monotonic() < until:
            self.batches += 1
            now = datetime.now(UTC)
            refuse = self.refuse_every and self.batches % self.refuse_every == 0
            batch = (self.source.poisoned if refuse else self.source.batch)(self.batch_size, now)
            self.client.post(batch)
            due = max(due + interval, time.monotonic() - interval)
            self.client.stop.wait(max(due - time.monotonic(), 0))


# ------------------------------------------------------------------ duplicate bursts


@dataclass(frozen=True)
class BurstResult:
    size: int  # events in the batch
    answers: list[dict[str, Any] | None]  # each client's final 202 answer (None: none)

    @property
    def accepted(self) -> int:
        return sum(a["accepted"] for a in self.answers if a)

    @property
    def acceptances(self) -> int:
        """Clients told that at least one event was new (one, when all went well)."""
        return sum(1 for a in self.answers if a and a["accepted"])


def burst(make_client: Callable[[str], Client], batch: list[Event], clients: int) -> BurstResult:
    """``clients`` threads post the same batch at the same moment (a barrier)."""
    answers: list[dict[str, Any] | None] = [None] * clients
    barrier = threading.Barrier(clients)

    def one(i: int) -> None:
        client = make_client(f"burst-{i}")
        try:
            barrier.wait()
            answers[i] = client.post(batch)
        finally:
            client.close()

    threads = [threading.Thread(target=one, args=(i,), name=f"burst-{i}") for i in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return BurstResult(len(batch), answers)
