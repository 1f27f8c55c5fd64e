"""Shared fixtures: promtool (installed by deploy/prometheus/ensure-prometheus.sh when
missing) and the repository paths of the observability files."""

from pathlib import Path

import pytest

from tests.support.servers import ensure_promtool
from tests.unit.observability.promtool import Promtool

REPO = Path(__file__).resolve().parents[3]


@pytest.fixture(scope="session")
def promtool() -> Promtool:
    return Promtool(ensure_promtool())
