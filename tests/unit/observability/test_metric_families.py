"""Each process shows the metric families of the roles it plays, and no others."""

from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from outreach.composition import build_app
from outreach.settings import OutreachSettings, Role

SHOWN = {
    Role.EMBEDDED: {
        "outreach_events_",
        "outreach_projection_",
        "outreach_diagnoses_",
        "outreach_candidates",
        "outreach_erasures_",
        "outreach_webhook_",
    },
    # the relay runs in the intake
    Role.INTAKE: {"outreach_events_", "outreach_relay_", "outreach_erasures_"},
    Role.RELAY: {"outreach_relay_"},
    Role.PROJECTION: {"outreach_projection_", "outreach_erasures_"},
    Role.DIAGNOSTICS: {"outreach_diagnoses_", "outreach_candidates", "outreach_erasures_"},
    Role.WEBHOOKS: {"outreach_webhook_"},  # the fan-out and the deliverer
}
EVERY = set().union(*SHOWN.values())


@pytest.mark.parametrize("role", list(Role))
def test_a_role_shows_its_own_families(role: Role, tmp_path: Path) -> None:
    settings = OutreachSettings(data_dir=tmp_path, seed_demo=False)
    # No lifespan (no `with`): the app answers without starting its workers or Kafka.
    text = TestClient(build_app(settings, role)).get("/metrics").text
    names = {line.split()[2] for line in text.splitlines() if line.startswith("# TYPE")}
    shown = {family for family in EVERY if any(n.startswith(family) for n in names)}
    assert shown == SHOWN[role]
    assert any(n.startswith("outreach_http_") for n in names)  # every process serves HTTP
