"""A realistic load for the observability tests: what partner platforms and coaches do.

- the demo data set (``outreach.demo_data``), posted by partner ``demo``;
- a stream of generated events for the candidates of further partners, batch by batch,
  each candidate registered, given contacts, then reaching out, hearing back, meeting,
  being referred, finding leads and interviews;
- some of it sent again (duplicates), and some bad requests: an invalid batch (422), a
  reused event_id with other content (409), an unknown key (401) and unknown candidates
  (404);
- coaches reading diagnoses and states (``outreach_diagnoses_served_total``) and audit
  trails.

Everything is seeded, so two runs send the same kinds of requests; the request loop is
bounded by a deadline and stops by itself. Only 127.0.0.1 is ever addressed.
"""

import random
import time
import uuid
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any

import httpx

from outreach.demo_data import demo_candidates

Event = dict[str, Any]
DEMO_PARTNER = "demo"

_CHANNELS = ("linkedin", "email", "phone", "coffee", "event")
_RELATIONSHIPS = ("former_colleague", "friend", "alumni", "acquaintance", "cold")
_SENIORITIES = ("junior", "mid", "senior", "executive")
_WILLINGNESS = ("eager", "willing", "neutral", "reluctant", "declined")
_REFERRED_TO = ("hiring_manager", "team_member", "recruiter", "hr")
_STORIES = ("laid_off", "growth", "relocation", "vague")


@dataclass
class Tally:
    """What the load sent, by kind of request and HTTP status: ``(kind, status) -> n``."""

    requests: Counter[tuple[str, int]] = field(default_factory=Counter)
    events_accepted: int = 0  # recorded for the first time, as the intake answered

    def add(self, kind: str, response: httpx.Response) -> httpx.Response:
        self.requests[(kind, response.status_code)] += 1
        return response

    def count(self, kind: str, status: int) -> int:
        return self.requests[(kind, status)]

    def statuses(self, kind: str) -> set[int]:
        return {status for (name, status) in self.requests if name == kind}


@dataclass
class _Candidate:
    partner: str
    candidate_id: str
    contacts: list[str] = field(default_factory=list)
    companies: list[str] = field(default_factory=list)


class _EventWriter:
    """Contract-v1 events for one candidate, at moments in the last few weeks."""

    def __init__(self, rng: random.Random, now: datetime) -> None:
        self._rng = rng
        self._now = now

    def event(self, candidate: _Candidate, type_: str, days_ago: float, **data: Any) -> Event:
        occurred = self._now - timedelta(days=days_ago, minutes=self._rng.randint(1, 600))
        return {
            "event_id": str(uuid.UUID(int=self._rng.getrandbits(128), version=4)),
            "type": type_,
            "candidate_id": candidate.candidate_id,
            "occurred_at": occurred.isoformat(),
            "data": data,
        }

    def start(self, candidate: _Candidate, contacts: int) -> list[Event]:
        """Registration, an ended job and the candidate's first contacts."""
        events = [
            self.event(candidate, "candidate.registered", 45, country="US", timezone="UTC"),
            self.event(candidate, "employment.ended", 44, circumstance="laid_off"),
        ]
        for _ in range(contacts):
            events.append(self.add_contact(candidate))
        return events

    def add_contact(self, candidate: _Candidate) -> Event:
        contact_id = f"{candidate.candidate_id}-c{len(candidate.contacts)}"
        company = f"Company {chr(65 + len(candidate.contacts) % 20)}"
        candidate.contacts.append(contact_id)
        candidate.companies.append(company)
        return self.event(
            candidate,
            "contact.added",
            40,
            contact_id=contact_id,
            company=company,
            seniority=self._rng.choice(_SENIORITIES),
            relationship=self._rng.choice(_RELATIONSHIPS),
            can_reach_hiring_manager=self._rng.random() < 0.5,
        )

    def activity(self, candidate: _Candidate) -> Event:
        """One step of a candidate's week, the early funnel steps the most frequent."""
        rng = self._rng
        index = rng.randrange(len(candidate.contacts))
        contact, company = candidate.contacts[index], candidate.companies[index]
        days = rng.uniform(0, 20)
        step = rng.choices(
            (
                "outreach.sent",
                "contact.added",
                "contact.replied",
                "meeting.held",
                "departure.explained",
                "referral.requested",
                "referral.made",
                "lead.created",
                "interview.scheduled",
                "impression.noted",
            ),
            weights=(40, 6, 14, 8, 4, 4, 4, 5, 3, 3),
        )[0]
        if step == "contact.added":
            return self.add_contact(candidate)
        about: dict[str, Any] = {"contact_id": contact}
        match step:
            case "outreach.sent":
                about["channel"] = rng.choice(_CHANNELS)
            case "contact.replied":
                about["willingness"] = rng.choice(_WILLINGNESS)
            case "meeting.held":
                about.update(format="coffee", minutes=rng.randint(15, 90))
            case "departure.explained":
                about["story"] = rng.choice(_STORIES)
            case "referral.requested":
                about["company"] = company
            case "referral.made":
                about.update(company=company, referred_to=rng.choice(_REFERRED_TO))
            case "lead.created" | "interview.scheduled":
                about = {"company": company}
            case "impression.noted":
                about["valence"] = rng.choice(("positive", "neutral", "negative"))
        return self.event(candidate, step, days, **about)


class Load:
    """Sends the load to a running system: an intake and a diagnostics base URL.

    ``keys`` maps each partner (``demo`` and the stream's partners) to an API key with
    every scope.
    """

    def __init__(
        self,
        intake_url: str,
        diagnostics_url: str,
        keys: dict[str, str],
        *,
        candidates_per_partner: int = 8,
        seed: int = 4,
    ) -> None:
        self.tally = Tally()
        self._rng = random.Random(seed)
        self._writer = _EventWriter(self._rng, datetime.now(UTC))
        self._keys = keys
        self._intake = {p: _client(intake_url, k) for p, k in keys.items()}
        self._diagnostics = {p: _client(diagnostics_url, k) for p, k in keys.items()}
        self._anonymous = _client(intake_url, "od_000000000000_" + "x" * 32)
        self._candidates = [
            _Candidate(partner, f"{partner}-cand-{n}")
            for partner in keys
            if partner != DEMO_PARTNER
            for n in range(candidates_per_partner)
        ]
        self._sent: list[tuple[str, list[Event]]] = []  # posted batches, to repeat
        self._demo_candidates = 0

    @property
    def candidates(self) -> int:
        """How many candidates the load has registered (the demo's and the stream's)."""
        return self._demo_candidates + len(self._candidates)

    def close(self) -> None:
        for client in (*self._intake.values(), *self._diagnostics.values(), self._anonymous):
            client.close()

    # ------------------------------------------------------------------ phases

    def post_demo(self, today: date | None = None) -> None:
        """The demo data set, one batch per candidate, as ``outreach demo`` posts it."""
        stories = demo_candidates(today or date.today())
        for events in stories.values():
            self._post(DEMO_PARTNER, events)
        self._demo_candidates = len(stories)

    def register_stream_candidates(self, contacts: int = 12) -> None:
        for candidate in self._candidates:
            self._post(candidate.partner, self._writer.start(candidate, contacts))

    def stream(self, seconds: float, *, batch_size: int = 20, pause_s: float = 0.25) -> None:
        """Batches of activity for ``seconds``, with the odd duplicate, bad request and
        read mixed in."""
        started = time.monotonic()
        partners = sorted({c.partner for c in self._candidates})
        round_ = 0
        while time.monotonic() - started < seconds:
            partner = self._rng.choice(partners)
            mine = [c for c in self._candidates if c.partner == partner]
            self._post(
                partner,
                [self._writer.activity(self._rng.choice(mine)) for _ in range(batch_size)],
            )
            self.read_diagnoses(2)
            if round_ % 5 == 1:
                self.repeat_a_batch()
            if round_ % 7 == 3:
                self.bad_requests()
            round_ += 1
            time.sleep(pause_s)

    def read_diagnoses(self, count: int) -> None:
        """Coaches open diagnoses and states (of any partner's candidates, their own key)."""
        for candidate in self._rng.sample(self._candidates, min(count, len(self._candidates))):
            client = self._diagnostics[candidate.partner]
            path = f"/v1/candidates/{candidate.candidate_id}"
            self.tally.add("diagnosis", client.get(f"{path}/diagnosis"))
            self.tally.add("state", client.get(f"{path}/state"))
        demo = self._diagnostics.get(DEMO_PARTNER)
        if demo is not None:
            candidate_id = self._rng.choice(sorted(demo_candidates(date.today())))
            self.tally.add("diagnosis", demo.get(f"/v1/candidates/{candidate_id}/diagnosis"))

    def repeat_a_batch(self) -> None:
        """A partner retries a batch it already sent: every event counts as a duplicate."""
        partner, events = self._rng.choice(self._sent)
        self.tally.add("repeat", self._intake[partner].post("/v1/events", json={"events": events}))

    def bad_requests(self) -> None:
        """One of each client error a partner or a coach can cause."""
        candidate = self._rng.choice(self._candidates)
        intake = self._intake[candidate.partner]
        invalid = self._writer.event(candidate, "outreach.sent", 1, contact_id="c", channel="fax")
        self.tally.add("invalid", intake.post("/v1/events", json={"events": [invalid]}))
        _, events = self._rng.choice(
            [(p, e) for p, e in self._sent if p == candidate.partner] or self._sent
        )
        reused = {**events[0], "occurred_at": datetime.now(UTC).isoformat()}
        self.tally.add("conflict", intake.post("/v1/events", json={"events": [reused]}))
        self.tally.add("unauthorized", self._anonymous.post("/v1/events", json={"events": []}))
        diagnostics = self._diagnostics[candidate.partner]
        self.tally.add("unknown", diagnostics.get("/v1/candidates/nobody-here/diagnosis"))
        self.tally.add("unknown", intake.get("/v1/candidates/nobody-here/events"))
        self.tally.add("audit", intake.get(f"/v1/candidates/{candidate.candidate_id}/events"))

    # ----------------------------------------------------------------- helpers

    def _post(self, partner: str, events: list[Event]) -> None:
        response = self._intake[partner].post("/v1/events", json={"events": events})
        self.tally.add("post", response)
        if response.status_code == 202:
            self.tally.events_accepted += response.json()["accepted"]
            self._sent.append((partner, events))


def _client(base_url: str, key: str) -> httpx.Client:
    return httpx.Client(base_url=base_url, headers={"Authorization": f"Bearer {key}"}, timeout=30.0)
