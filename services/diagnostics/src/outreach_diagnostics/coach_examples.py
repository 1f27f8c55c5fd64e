"""The OpenAPI examples of the coach's answers (ADR 0017): what a generated client shows
beside each model, in the shapes the routes send (abridged lists)."""

from typing import Any

NEXT_ACTIONS: dict[str, Any] = {
    "candidate_id": "cand-42",
    "as_of": "2026-12-02",
    "actions": [
        {
            "due": "2026-11-30",
            "action": "Follow up with Dana Reyes: no reply since Nov 19",
            "reason": "too_few_contacts",
            "contact_id": "contact-7",
            "event_ids": ["evt-0193"],
        },
        {
            "due": "2026-12-04",
            "action": "Ask Sam Okafor for an introduction to the hiring manager at Acme "
            "(you met on Nov 27)",
            "reason": "contact_lacks_leverage",
            "contact_id": "contact-9",
            "event_ids": ["evt-0201"],
        },
    ],
}

_SEED = (
    "the seed's 3 solid leads per 15 contacts a week: fewer than 10 of this partner's "
    "candidates (4) have both reach and leads on record"
)
WHAT_IF: dict[str, Any] = {
    "candidate_id": "cand-42",
    "contacts_per_week": 15,
    "start": "2026-12-14",
    "weeks": [
        {
            "week_of": "2026-12-14",
            "contacts": 15,
            "low_season": None,
            "expected_solid_leads": 3.0,
            "expected_interviews": None,
        },
        {
            "week_of": "2026-12-21",
            "contacts": 15,
            "low_season": "Thanksgiving to New Year's Day",
            "expected_solid_leads": 1.5,
            "expected_interviews": None,
        },
    ],
    "expected_solid_leads": 4.5,
    "expected_interviews": None,
    "low_season_yield": 0.5,
    "rates": {
        "source": "seed",
        "solid_leads_per_contact": 0.2,
        "interviews_per_solid_lead": None,
        "candidates": 0,
        "min_candidates": 10,
        "explanation": _SEED,
    },
}

COHORT: dict[str, Any] = {
    "candidates": 24,
    "min_candidates": 10,
    "country": "US",
    "target_role": None,
    "contacts_per_week": {"p10": 2.0, "p25": 4.5, "p50": 8.0, "p75": 12.25, "p90": 16.0},
    "reply_rate": {"p10": 0.1, "p25": 0.2, "p50": 0.333, "p75": 0.45, "p90": 0.6},
    "hiring_authority_share": None,
    "flagged_share": {"too_few_contacts": 0.542, "wrong_season": 0.125},
}

REPORT_HTML = (
    '<!doctype html><html lang="en"><head><meta charset="utf-8">'
    "<title>Coach's report: cand-42</title></head><body>...</body></html>"
)
