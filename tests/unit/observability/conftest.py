"""Shared fixtures: promtool (installed by deploy/prometheus/ensure-prometheus.sh when
missing) and the repository paths of the observability files."""

import shutil
import subprocess
from pathlib import Path

import pytest

from tests.unit.observability.promtool import Promtool

REPO = Path(__file__).resolve().parents[3]
ENSURE_PROMETHEUS = REPO / "deploy" / "prometheus" / "ensure-prometheus.sh"


@pytest.fixture(scope="session")
def promtool() -> Promtool:
    """promtool from PATH; on a fresh machine the project's script installs it first."""
    found = shutil.which("promtool")
    if found is None:
        subprocess.run(["bash", str(ENSURE_PROMETHEUS)], check=True, timeout=600)
        found = shutil.which("promtool")
    assert found is not None, f"{ENSURE_PROMETHEUS} ran but promtool is not on PATH"
    return Promtool(Path(found))
