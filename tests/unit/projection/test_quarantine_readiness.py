"""A projecting process with quarantined events stays ready (200) and says it is degraded;
its gauges read the table, so a retry from the command line shows at the next scrape."""

from datetime import UTC, datetime
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from outreach.composition import build_app, open_database
from outreach.settings import OutreachSettings, Role
from outreach_domain.guarded import Failure
from outreach_platform import quarantine
from tests.support.factories import recorded, sent


@pytest.mark.parametrize("role", [Role.EMBEDDED, Role.PROJECTION])
def test_readyz_reports_the_quarantine_as_a_degradation(role: Role, tmp_path: Path) -> None:
    settings = OutreachSettings(data_dir=tmp_path, seed_demo=False)
    client = TestClient(build_app(settings, role))  # no `with`: no workers, no Kafka
    assert client.get("/readyz").json() == {"status": "ready"}

    poison = recorded(sent("pat", candidate_id="cand-7"))
    held = [recorded(sent(f"c{i}", candidate_id="cand-7")) for i in range(2)]
    engine = open_database(settings)
    with engine.begin() as conn:
        failure = Failure(poison, "OverflowError: date value out of range")
        quarantine.put(conn, failure, held, None, datetime.now(UTC))

    answer = client.get("/readyz")
    assert answer.status_code == 200
    assert answer.json() == {
        "status": "ready",
        "degraded": ["3 events quarantined for 1 candidate (outreach quarantine list)"],
    }
    scraped = client.get("/metrics").text
    assert "outreach_projection_quarantined_events 3.0" in scraped
    assert "outreach_projection_quarantined_candidates 1.0" in scraped


def test_a_process_that_does_not_project_says_nothing_of_it(tmp_path: Path) -> None:
    settings = OutreachSettings(data_dir=tmp_path, seed_demo=False)
    client = TestClient(build_app(settings, Role.DIAGNOSTICS))
    with open_database(settings).begin() as conn:
        failure = Failure(recorded(sent("pat")), "OverflowError")
        quarantine.put(conn, failure, [], None, datetime.now(UTC))
    assert client.get("/readyz").json() == {"status": "ready"}
