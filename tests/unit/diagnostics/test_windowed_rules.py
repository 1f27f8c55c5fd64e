"""Rules that keep a recent window of a dense type read it by binary search
(``CandidateState.on_or_after``) instead of scanning every event; no verdict may change.

``golden/diagnoses.json`` holds digests of the diagnoses the rules gave before the
windows (at 42379cb; regenerate with ``OUTREACH_WRITE_GOLDEN=1``, only on purpose), for
the demo candidates and for generated histories of up to 3,000 events in several time
zones, each as of several days; the property test holds the accessor to the scan it
replaces.

``golden/referrals.json`` does the same for histories dense in referrals asked for and
made, interviews, departure stories and help (at 51251be, before the rules read their
referrals, records and promises through indexes: issue 11's diagnosis round), with
candidates who move west and east, so that local days run out of UTC order."""

import json
import os
import random
import uuid
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from outreach.demo_data import demo_candidates
from outreach_contract.codec import digest
from outreach_contract.v1 import RecordedEvent
from outreach_contract.v1 import events as ev
from outreach_diagnostics.evaluate import diagnose
from outreach_diagnostics.spelling import default_checker
from outreach_domain import CandidateState, apply_all, empty_state
from tests.unit.domain.test_restrict import dense_days, dense_event

GOLDEN = Path(__file__).parent / "golden" / "diagnoses.json"
TODAY = date(2026, 11, 20)
ZONES = ["America/New_York", "Pacific/Kiritimati", "Etc/GMT+12", "Europe/London"]
TYPES = {
    "outreach.sent": lambda rng, c: {"contact_id": c, "channel": rng.choice(["email", "coffee"])},
    "meeting.held": lambda rng, c: {"contact_id": c, "format": "coffee", "minutes": 30},
    "contact.replied": lambda rng, c: {
        "contact_id": c,
        "willingness": rng.choice(["eager", "willing", "reluctant", "declined"]),
    },
    "lead.created": lambda rng, c: {
        "company": f"Co {c[-1]}",
        "quality": rng.choice(["solid", "weak"]),
    },
    "help.promised": lambda rng, c: {"contact_id": c},
    "help.delivered": lambda rng, c: {"contact_id": c},
    "referral.made": lambda rng, c: {
        "contact_id": c,
        "company": "Co 1",
        "referred_to": "hiring_manager",
    },
}


REFERRAL_TYPES = {
    "referral.requested": lambda rng, c: {"contact_id": c, "company": f"Co {c[-1]}"},
    "referral.made": lambda rng, c: {
        "contact_id": c,
        "company": f"Co {c[-1]}",
        "referred_to": rng.choice(["hiring_manager", "team_member", "recruiter", "hr"]),
    },
    "interview.scheduled": lambda rng, c: {
        "company": f"Co {c[-1]}",
        "with_hiring_manager": rng.random() < 0.3,
    },
    "departure.explained": lambda rng, c: {
        "contact_id": c,
        "story": rng.choice(["laid_off", "fired", "growth", "vague", "other"]),
    },
    "employment.ended": lambda rng, c: {
        "circumstance": rng.choice(["laid_off", "fired", "resigned", "still_employed"]),
    },
    "help.promised": lambda rng, c: {"contact_id": c},
    "help.delivered": lambda rng, c: {"contact_id": c},
    "meeting.held": lambda rng, c: {"contact_id": c, "format": "coffee", "minutes": 30},
}
REFERRALS_GOLDEN = Path(__file__).parent / "golden" / "referrals.json"


def _recorded(candidate: str, envelopes: list[dict[str, Any]]) -> CandidateState:
    items = [
        RecordedEvent.model_validate(
            {
                "partner": "acme",
                "received_at": datetime(2026, 11, 21, tzinfo=UTC).isoformat(),
                "position": n + 1,
                "event": envelope,
            }
        )
        for n, envelope in enumerate(envelopes)
    ]
    return apply_all(empty_state("acme", candidate), items)


def _generated(
    seed: int,
    size: int,
    types: dict[str, Any] = TYPES,
    weights: tuple[int, ...] = (60, 10, 10, 5, 3, 3, 2),
) -> CandidateState:
    rng = random.Random(seed)
    candidate = f"gen-{seed}"
    envelopes: list[dict[str, Any]] = []

    def add(type_: str, moment: datetime, data: dict[str, Any]) -> None:
        envelopes.append({
            "event_id": str(uuid.UUID(int=rng.getrandbits(128))),
            "type": type_,
            "candidate_id": candidate,
            "occurred_at": moment.isoformat(),
            "data": data,
        })  # fmt: skip

    start = datetime(2026, 11, 20, 12, tzinfo=UTC) - timedelta(days=size // 8 + 30)
    moves = rng.randrange(1, 3) if types is TYPES else 4  # four: west and east in turn
    step = 40 if types is TYPES else (size // 8 + 30) // 4
    for n in range(moves):
        add("candidate.registered", start + timedelta(days=step * n),
            {"country": "US", "timezone": rng.choice(ZONES)})  # fmt: skip
    contacts = [f"{candidate}-c{n}" for n in range(max(size // 20, 3))]
    for contact in contacts:
        data = {"contact_id": contact, "company": f"Co {rng.randrange(9)}", "seniority": "senior"}
        add("contact.added", start, data | {"can_reach_hiring_manager": rng.random() < 0.2})
    span = (datetime(2026, 11, 21, tzinfo=UTC) - start).total_seconds()
    for _ in range(size):
        type_ = rng.choices(list(types), weights=weights)[0]
        moment = start + timedelta(seconds=rng.uniform(0, span))
        add(type_, moment, types[type_](rng, rng.choice(contacts)))
    return _recorded(candidate, envelopes)


def _cases() -> list[tuple[str, CandidateState, date]]:
    states = [_recorded(c, e) for c, e in sorted(demo_candidates(TODAY).items())]
    states += [_generated(seed, size) for seed, size in enumerate([40, 200, 800, 3_000] * 2)]
    days = [
        TODAY,
        TODAY - timedelta(days=1),
        TODAY - timedelta(days=9),
        TODAY - timedelta(days=120),
    ]
    return [(f"{s.candidate_id}@{day}", s, day) for s in states for day in days]


def _referral_cases() -> list[tuple[str, CandidateState, date]]:
    weights = (12, 10, 8, 4, 1, 5, 4, 6)
    states = [
        _generated(100 + seed, size, REFERRAL_TYPES, weights)
        for seed, size in enumerate([60, 300, 1_500, 4_000] * 2)
    ]
    days = [TODAY, TODAY - timedelta(days=15), TODAY - timedelta(days=90)]
    return [(f"{s.candidate_id}@{day}", s, day) for s in states for day in days]


def _check(golden: Path, cases: list[tuple[str, CandidateState, date]]) -> None:
    spelling = default_checker()
    found = {name: digest(diagnose(state, day, spelling=spelling)) for name, state, day in cases}
    if os.environ.get("OUTREACH_WRITE_GOLDEN"):
        golden.write_text(json.dumps(found, indent=1, sort_keys=True) + "\n")
    expected = json.loads(golden.read_text())
    assert found.keys() == expected.keys()
    for name in expected:
        assert found[name] == expected[name], name


def test_every_rule_gives_the_diagnoses_it_gave_before_the_windows() -> None:
    _check(GOLDEN, _cases())


def test_referral_rules_give_the_diagnoses_they_gave_before_their_indexes() -> None:
    _check(REFERRALS_GOLDEN, _referral_cases())


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(dense_event(), max_size=30), dense_days)
def test_on_or_after_is_the_scan_it_replaces(events: list[RecordedEvent], day: date) -> None:
    state = apply_all(empty_state("acme", "cand"), events)
    for kind in (ev.OutreachSent, ev.CandidateRegistered, ev.MeetingHeld):
        scanned = [e for e in state.of_type(kind) if state.local_date(e.occurred_at) >= day]
        assert state.on_or_after(kind, day) == scanned
