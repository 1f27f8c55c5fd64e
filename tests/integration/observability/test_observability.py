"""Under a realistic load on the distributed stack, every dashboard panel shows data, every
alert expression runs, every service's /metrics passes promtool, and the key panels draw.

The load and the stack are set up once (conftest.py: ``observed``); see load.py for what
it sends. A panel query "shows data" when Prometheus returns at least one finite value
for it: over the load's time range for a time series panel, at the end for an instant
one, with the dashboards' variables at "All" (and, for ``$partner``, at each partner).
"""

import math
import subprocess
import sys
import time
from pathlib import Path

import matplotlib.image
import numpy as np
import pytest

from tests.integration.observability.conftest import ROLES, STREAM_PARTNERS, Observed, metrics_text
from tests.integration.observability.load import DEMO_PARTNER
from tests.integration.observability.promapi import (
    REPO,
    PanelQuery,
    alert_rules,
    dashboard_variables,
    finite_values,
    panel_queries,
    substitute,
)
from tests.support.process import Server

pytestmark = [
    pytest.mark.kafka,
    pytest.mark.postgres,
    pytest.mark.prometheus,
    # The first test also sets up the stack and the load (about two minutes).
    pytest.mark.timeout(600),
]

QUERIES = panel_queries()
RANGE_STEP_SECONDS = 2.0
RENDER_SCRIPT = REPO / "bench" / "render_panels.py"

# Panel queries allowed to return no data under this load, each with the reason.
# Empty: the load produces the client errors and the unreadable record the panels count;
# the 5xx ratio is written to show 0 rather than nothing when no request failed
# (`or 0 * total`; the "errors by route and status" panel has the 4xx); the relay's
# failures show as 0 (an unlabelled counter exists from the start; no broker outage
# here, see conftest.py).
NO_DATA_EXPECTED: dict[str, str] = {}


def evaluate(observed: Observed, query: PanelQuery, values: dict[str, str]) -> list[float]:
    """The finite values Prometheus returns for ``query`` as Grafana would run it."""
    expr = substitute(query.expr, values)
    if query.instant:
        return finite_values(observed.prometheus.instant(expr, at=observed.loaded_at))
    result = observed.prometheus.range(
        expr, observed.started_at, observed.loaded_at, RANGE_STEP_SECONDS
    )
    return finite_values(result)


def test_the_load_was_served_as_intended(observed: Observed) -> None:
    tally = observed.tally
    assert tally.statuses("post") == {202}, tally.requests
    assert tally.events_accepted > 1_500
    assert tally.statuses("repeat") == {202}
    assert tally.statuses("invalid") == {422}
    assert tally.statuses("conflict") == {409}
    assert tally.statuses("unauthorized") == {401}
    assert tally.statuses("unknown") == {404}
    assert tally.count("diagnosis", 200) > 50
    assert tally.count("state", 200) > 50


def test_prometheus_scrapes_every_process_under_its_job(observed: Observed) -> None:
    jobs = {target["labels"]["job"]: target["health"] for target in observed.prometheus.targets()}
    assert jobs == dict.fromkeys(ROLES, "up")


@pytest.mark.parametrize("query", QUERIES, ids=[q.id for q in QUERIES])
def test_every_panel_query_shows_data(observed: Observed, query: PanelQuery) -> None:
    values = evaluate(observed, query, {})  # also fails if Prometheus refuses the query
    if query.id in NO_DATA_EXPECTED:
        return
    assert values, f"no data for {substitute(query.expr)}"


NETWORKING = [q for q in QUERIES if q.dashboard == "networking-outcomes"]


@pytest.mark.parametrize("query", NETWORKING, ids=[q.id for q in NETWORKING])
def test_every_networking_panel_shows_data_for_each_partner(
    observed: Observed, query: PanelQuery
) -> None:
    for partner in (DEMO_PARTNER, *STREAM_PARTNERS):
        values = evaluate(observed, query, {"partner": partner})
        assert values, (
            f"no data for partner {partner}: {substitute(query.expr, {'partner': partner})}"
        )


def test_dashboard_variables_list_every_service_and_partner(observed: Observed) -> None:
    variables = dashboard_variables()
    assert set(variables) == {"service", "partner"}
    found = {
        name: set(observed.prometheus.label_values(label, substitute(selector)))
        for name, (selector, label) in variables.items()
    }
    assert found == {"service": set(ROLES), "partner": {DEMO_PARTNER, *STREAM_PARTNERS}}


def test_the_figures_are_plausible(observed: Observed) -> None:
    """A few values a reader would check first: no server errors under this load, a
    fresh read model, shares between 0 and 1, and the funnel's first step counted."""
    by_title = {q.panel: q for q in QUERIES if q.ref_id == "A"}
    assert set(evaluate(observed, by_title["HTTP 5xx error ratio by service"], {})) == {0.0}
    for query in [q for q in QUERIES if q.panel == "Read-model freshness"]:
        oldest = max(evaluate(observed, query, {}), default=math.inf)
        assert oldest < 600, f"{query.id}: {oldest} s"
    for title in (
        "Share of candidates with a problem by reason",
        "Share of candidates at risk by reason",
    ):
        shares = evaluate(observed, by_title[title], {})
        assert all(0 <= share <= 1 for share in shares), title
        assert max(shares, default=0) > 0, f"{title}: nobody flagged"
    contacts_reached = evaluate(observed, by_title["Weekly outreach funnel"], {})
    assert contacts_reached
    assert contacts_reached[0] > 100
    assert observed.prometheus.value("sum(outreach_projection_records_unreadable_total)") == 1


def test_relay_lag_returns_to_zero_once_everything_is_published(observed: Observed) -> None:
    lag = observed.prometheus.value('max(outreach_relay_lag_notifications{job="relay"})')
    assert lag == 0, f"relay lag {lag} with every accepted event published"


@pytest.mark.parametrize("alert", sorted(alert_rules()))
def test_every_alert_expression_runs(observed: Observed, alert: str) -> None:
    expr = alert_rules()[alert]
    observed.prometheus.instant(expr)  # raises unless Prometheus parsed and ran it
    rules = {rule["name"]: rule for rule in observed.prometheus.rules()}
    assert rules[alert]["health"] == "ok", rules[alert].get("lastError")


@pytest.mark.parametrize("name", sorted(ROLES))
def test_promtool_accepts_the_metrics_of(observed: Observed, promtool: Path, name: str) -> None:
    server: Server = observed.stack.servers[name]
    check_metrics(promtool, metrics_text(server.url))


def test_promtool_accepts_the_metrics_of_embedded(embedded_metrics: str, promtool: Path) -> None:
    check_metrics(promtool, embedded_metrics)


def check_metrics(promtool: Path, text: str) -> None:
    assert "outreach_http_requests_total" in text
    done = subprocess.run(
        [str(promtool), "check", "metrics"],
        input=text,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert (done.returncode, done.stdout + done.stderr) == (0, "")


def test_render_panels_draws_the_key_panels(observed: Observed, tmp_path: Path) -> None:
    minutes = (time.time() - observed.started_at) / 60 + 0.5
    done = subprocess.run(
        [
            sys.executable,
            str(RENDER_SCRIPT),
            "--prometheus",
            observed.prometheus_url,
            "--minutes",
            f"{minutes:.2f}",
            "--out",
            str(tmp_path),
        ],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    written = [Path(line) for line in done.stdout.splitlines()]
    assert len(written) > 10
    assert written[-1].name == "overview.png"
    for path in written:
        assert path.stat().st_size > 15_000, path  # a "No data" panel is about 8 KB
        assert coloured(path) > 0.0001, f"{path.name} shows no data"


def coloured(path: Path) -> float:
    """The share of pixels in colour: lines, bars and legends are drawn in colour, the
    frame, the text and a "No data" panel in black and grey on white."""
    pixels = np.asarray(matplotlib.image.imread(path))[..., :3]
    return float((np.ptp(pixels, axis=-1) > 0.25).mean())
