"""The coach's routes on the embedded server: next actions, what-if, cohort and report.

The cohort is checked with two partners of ten candidates each whose figures do not
overlap, so a number from the other partner would show; the routes with a candidate id
are also in the authorization matrix (other partner 404, no scope 403).
"""

from datetime import UTC, datetime, timedelta
from functools import partial
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.support.embedded import Embedded
from tests.support.factories import event, sent
from tests.support.process import eventually, outreach

FEW, MANY = "coach-few", "coach-many"
ROLE = "Data Engineer"


def _candidate(candidate_id: str, contacts: int, leads: int) -> list[dict[str, Any]]:
    when = datetime.now(UTC) - timedelta(days=10)  # inside the trailing four full weeks
    profile = {"country": "US", "target_roles": [ROLE]}
    batch = [event("candidate.registered", profile, candidate_id=candidate_id, occurred_at=when)]
    lead = {"company": "Co 0", "quality": "solid"}
    batch += [event("lead.created", lead, candidate_id=candidate_id, occurred_at=when)] * leads
    for n in range(contacts):
        contact = f"{candidate_id}-p{n}"
        added = {"contact_id": contact, "company": f"Co {n}", "name": f"Person {n}"}
        batch.append(event("contact.added", added, candidate_id=candidate_id, occurred_at=when))
        batch.append(sent(contact, candidate_id=candidate_id, occurred_at=when))
    return batch


@pytest.fixture(scope="module")
def keys(shared_embedded: Embedded) -> dict[str, str]:
    system = shared_embedded
    made = {p: system.key(p) for p in (FEW, MANY)}
    made["no-scope"] = system.key(FEW, "events:write")
    # MANY's candidates each have a solid lead on record: their own rate replaces the seed's.
    for partner, base, leads in ((FEW, 1, 0), (MANY, 40, 1)):
        batch = [e for n in range(10) for e in _candidate(f"cand-{n}", base + n, leads)]
        with system.client(made[partner]) as client:
            assert client.post("/v1/events", json={"events": batch}).status_code == 202
            eventually(lambda: _ok(client.get("/v1/candidates/cand-9/state")))
    return made


def _all_flagged(client: httpx.Client) -> None:
    response = client.get("/v1/cohort")
    assert response.status_code == 200, response.text
    assert response.json()["flagged_share"]["too_few_contacts"] == 1.0


def _ok(response: httpx.Response) -> None:
    assert response.status_code == 200, response.text


def test_next_actions_name_the_contact_and_follow_3b7(
    shared_embedded: Embedded, keys: dict[str, str]
) -> None:
    with shared_embedded.client(keys[FEW]) as client:
        body = client.get("/v1/candidates/cand-0/next-actions").json()
    actions = body["actions"]
    assert {a["reason"] for a in actions} == {"too_few_contacts"}
    assert [a["due"] for a in actions] == sorted(a["due"] for a in actions)
    assert any(a["action"].startswith("Reach a second person at Co 0") for a in actions)
    assert all("Person 0" in a["action"] for a in actions)
    assert all(a["contact_id"] == "cand-0-p0" and len(a["event_ids"]) == 1 for a in actions)


def test_what_if_uses_the_seed_below_the_group_size_and_names_it(
    shared_embedded: Embedded, keys: dict[str, str]
) -> None:
    with shared_embedded.client(keys[FEW]) as client:
        query: dict[str, str | int] = {"contacts_per_week": 15, "start": "2026-03-02", "weeks": 2}
        body = client.get("/v1/candidates/cand-0/what-if", params=query).json()
        bad = client.get("/v1/candidates/cand-0/what-if", params={"weeks": 0})
    assert body["rates"]["source"] == "seed"  # no candidate here has a solid lead yet
    assert [w["expected_solid_leads"] for w in body["weeks"]] == [3.0, 3.0]
    assert body["rates"]["candidates"] == 0
    assert bad.status_code == 422
    assert bad.headers["content-type"] == "application/problem+json"
    assert [e["field"] for e in bad.json()["errors"]] == ["weeks"]


def test_what_if_uses_the_partners_own_rates_from_the_group_size(
    shared_embedded: Embedded, keys: dict[str, str]
) -> None:
    with shared_embedded.client(keys[MANY]) as client:
        query: dict[str, str | int] = {"contacts_per_week": 20, "start": "2026-03-02", "weeks": 1}
        body = client.get("/v1/candidates/cand-0/what-if", params=query).json()
    rates = body["rates"]
    assert rates["source"] == "partner"
    assert rates["candidates"] == 10
    # 10 solid leads over 40 + 41 + ... + 49 = 445 contact-weeks.
    assert rates["solid_leads_per_contact"] == pytest.approx(10 / 445)
    assert body["weeks"][0]["expected_solid_leads"] == round(20 * 10 / 445, 2)


def test_the_cohort_is_each_partners_own(shared_embedded: Embedded, keys: dict[str, str]) -> None:
    with shared_embedded.client(keys[FEW]) as few, shared_embedded.client(keys[MANY]) as many:
        # The flagged shares come from the stored verdicts: wait for the refresher.
        eventually(partial(_all_flagged, few))
        mine = few.get("/v1/cohort", params={"country": "us", "target_role": ROLE.lower()})
        theirs = many.get("/v1/cohort").json()
    assert mine.status_code == 200, mine.text
    body = mine.json()
    assert body["candidates"] == theirs["candidates"] == 10
    # FEW's candidates reach 1 to 10 contacts in a week, MANY's 40 to 49: no overlap.
    assert body["contacts_per_week"]["p90"] <= 10 / 4
    assert theirs["contacts_per_week"]["p10"] >= 40 / 4
    assert set(body["flagged_share"]) >= {"too_few_contacts", "wrong_season"}
    assert body["flagged_share"]["too_few_contacts"] == 1.0


def test_the_cohort_refuses_a_group_below_the_minimum(
    shared_embedded: Embedded, keys: dict[str, str]
) -> None:
    with shared_embedded.client(keys[FEW]) as client:
        for params in ({"country": "GB"}, {"target_role": "Astronaut"}):
            response = client.get("/v1/cohort", params=params)
            assert response.status_code == 422, params
            assert response.headers["content-type"] == "application/problem+json"
            assert "fewer than 10 candidates" in response.json()["detail"]
            assert "contacts_per_week" not in response.text


def test_the_cohort_needs_the_scope(shared_embedded: Embedded, keys: dict[str, str]) -> None:
    with shared_embedded.client(keys["no-scope"]) as client:
        response = client.get("/v1/cohort")
    assert response.status_code == 403
    assert "diagnoses:read" in response.json()["detail"]


def test_the_report_is_html_with_names_not_ids(
    shared_embedded: Embedded, keys: dict[str, str]
) -> None:
    with shared_embedded.client(keys[MANY]) as client:
        response = client.get("/v1/candidates/cand-3/report")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    page = response.text
    assert page.count("<svg") == 2
    assert "Person 1" in page
    assert "cand-3-p" not in page
    assert "bottom quarter" in page or "middle half" in page or "top quarter" in page


def test_the_command_line_writes_the_same_report(
    shared_embedded: Embedded, keys: dict[str, str], tmp_path: Path
) -> None:
    out = tmp_path / "report.html"
    args = ("report", "cand-3", "--partner", MANY, "--out", str(out))
    assert "Wrote the report" in outreach(*args, env=shared_embedded.env)
    page = out.read_text(encoding="utf-8")
    assert page.count('<div class="reason ') == 7
    assert "Person 1" in page
    with pytest.raises(RuntimeError, match="partner 'coach-few-x' has no candidate 'cand-3'"):
        outreach(
            "report", "cand-3", "--partner", FEW + "-x", "--out", str(out), env=shared_embedded.env
        )
