"""The Grafana dashboards: generated from code, complete, and made of valid PromQL."""

import json
import re
import subprocess
import sys
from itertools import combinations
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.unit.observability.catalog import exported, unknown_references
from tests.unit.observability.conftest import REPO
from tests.unit.observability.promql import concrete, variables
from tests.unit.observability.promtool import Promtool

GRAFANA = REPO / "deploy" / "grafana"
DASHBOARDS = GRAFANA / "dashboards"
DATASOURCES = GRAFANA / "provisioning" / "datasources" / "prometheus.yml"
POSTGRES_SOURCE = GRAFANA / "provisioning" / "datasources" / "outreach-postgres.yml"
POSTGRES_TYPE = "grafana-postgresql-datasource"
PROMETHEUS = {"type": "prometheus", "uid": "${DS_PROMETHEUS}"}
POSTGRES = {"type": POSTGRES_TYPE, "uid": "${DS_OUTREACH_POSTGRES}"}
PROVIDERS = GRAFANA / "provisioning" / "dashboards" / "outreach.yml"
FILES = sorted(path.name for path in DASHBOARDS.glob("*.json"))
Json = dict[str, Any]


def dashboard(name: str) -> Json:
    loaded: Json = json.loads((DASHBOARDS / name).read_text("utf-8"))
    return loaded


def query_panels(board: Json) -> list[Json]:
    return [panel for panel in board["panels"] if panel["type"] != "row"]


def prometheus_panels(board: Json) -> list[Json]:
    return [p for p in query_panels(board) if p["datasource"]["type"] == "prometheus"]


def sql_panels(board: Json) -> list[Json]:
    return [p for p in query_panels(board) if p["datasource"]["type"] == POSTGRES_TYPE]


def expressions(board: Json) -> list[str]:
    return [target["expr"] for panel in prometheus_panels(board) for target in panel["targets"]]


def variable_selectors(board: Json) -> list[str]:
    """The series selectors inside label_values(SELECTOR, label) variable queries."""
    queries = [variable["query"] for variable in board["templating"]["list"]]
    return [m.group(1) for q in queries if (m := re.fullmatch(r"label_values\((.+), \w+\)", q))]


def test_both_dashboards_exist() -> None:
    assert FILES == ["networking-outcomes.json", "operations.json"]


def test_committed_json_is_what_the_generator_writes(tmp_path: Path) -> None:
    script = GRAFANA / "build_dashboards.py"
    subprocess.run(
        [sys.executable, str(script), "--out", str(tmp_path)],
        check=True,
        capture_output=True,
        timeout=60,
    )
    generated = sorted(path.name for path in tmp_path.glob("*.json"))
    assert generated == FILES, "a committed dashboard is not generated, or the reverse"
    for name in FILES:
        assert (tmp_path / name).read_text("utf-8") == (DASHBOARDS / name).read_text("utf-8"), (
            f"{name} is out of date: run .venv/bin/python {script.relative_to(REPO)}"
        )


@pytest.mark.parametrize("name", FILES)
def test_every_panel_is_complete(name: str) -> None:
    board = dashboard(name)
    ids = [panel["id"] for panel in board["panels"]]
    assert len(ids) == len(set(ids)), "panel ids must be unique"
    for panel in board["panels"]:
        assert panel["title"].strip(), panel
        grid = panel["gridPos"]
        assert all(isinstance(grid[key], int) for key in "hwxy"), panel["title"]
        assert min(grid["w"], grid["h"]) > 0, panel["title"]
        assert grid["x"] + grid["w"] <= 24, panel["title"]
    assert len(prometheus_panels(board)) + len(sql_panels(board)) == len(query_panels(board))
    for panel in query_panels(board):
        assert panel["datasource"] in (PROMETHEUS, POSTGRES), panel["title"]
        assert panel["description"], panel["title"]
        assert panel["targets"], panel["title"]
        ref_ids = [target["refId"] for target in panel["targets"]]
        assert len(ref_ids) == len(set(ref_ids)), panel["title"]
        for target in panel["targets"]:
            assert (target.get("expr") or target.get("rawSql") or "").strip(), panel["title"]
            assert target["datasource"] == panel["datasource"], panel["title"]


@pytest.mark.parametrize("name", FILES)
def test_every_datasource_is_an_input_not_a_fixed_uid(name: str) -> None:
    """Importable into any Grafana: each ${DS_...} a panel uses is an ``__inputs`` entry
    (asked for on import) and a datasource variable (resolving it when provisioned)."""
    board = dashboard(name)
    text = (DASHBOARDS / name).read_text("utf-8")
    used = set(re.findall(r"\$\{(DS_[A-Z_]+)\}", text))
    inputs = {i["name"]: i for i in board["__inputs"]}
    assert used == set(inputs)
    assert PROMETHEUS["uid"][2:-1] in used
    sources = {v["name"]: v for v in board["templating"]["list"] if v["type"] == "datasource"}
    assert set(sources) == used
    for key, entry in inputs.items():
        assert entry["type"] == "datasource"
        assert sources[key]["query"] == entry["pluginId"]
    assert '"uid": "prometheus"' not in text


def test_the_funnel_by_week_of_occurrence_counts_from_the_read_model() -> None:
    [panel] = sql_panels(dashboard("networking-outcomes.json"))
    sql = panel["targets"][0]["rawSql"]
    assert "date_trunc('week', occurred_at)" in sql
    assert "$__timeFilter(occurred_at)" in sql
    assert "received_at" not in sql
    assert "FROM candidate_facts" in sql


@pytest.mark.parametrize("name", FILES)
def test_panels_do_not_overlap(name: str) -> None:
    def cells(panel: Json) -> set[tuple[int, int]]:
        g = panel["gridPos"]
        return {
            (x, y) for x in range(g["x"], g["x"] + g["w"]) for y in range(g["y"], g["y"] + g["h"])
        }

    for first, second in combinations(dashboard(name)["panels"], 2):
        assert not cells(first) & cells(second), (first["title"], second["title"])


@pytest.mark.parametrize("name", FILES)
def test_every_variable_used_is_defined(name: str) -> None:
    board = dashboard(name)
    defined = {variable["name"] for variable in board["templating"]["list"]}
    used = set().union(*(variables(expr) for expr in expressions(board)))
    assert used <= defined


def test_every_expression_parses(promtool: Promtool, tmp_path: Path) -> None:
    found: dict[str, str] = {}
    for name in FILES:
        board = dashboard(name)
        prefix = "dashboard_" + Path(name).stem.replace("-", "_")
        for panel in prometheus_panels(board):
            for target in panel["targets"]:
                found[f"{prefix}:panel_{panel['id']}_{target['refId']}"] = concrete(target["expr"])
        for index, selector in enumerate(variable_selectors(board)):
            found[f"{prefix}:variable_{index}"] = concrete(selector)
    assert len(found) > 40
    result = promtool.parse_expressions(found, tmp_path)
    assert result.ok, result.output


def test_a_broken_expression_is_rejected(promtool: Promtool, tmp_path: Path) -> None:
    """The parse check can fail: an unbalanced expression does not get through."""
    broken = {"check:broken": "sum(rate(outreach_http_requests_total[1m])"}
    assert not promtool.parse_expressions(broken, tmp_path).ok


@pytest.mark.parametrize("name", FILES)
def test_expressions_use_exported_metrics_and_labels(name: str) -> None:
    series = exported()
    board = dashboard(name)
    problems = {expr: unknown_references(expr, series) for expr in expressions(board)}
    assert {expr: found for expr, found in problems.items() if found} == {}


def test_operations_dashboard_covers_the_issue() -> None:
    text = " ".join(expressions(dashboard("operations.json")))
    for needle in (
        "outreach_http_requests_total",
        'status=~"5.."',
        "histogram_quantile(0.5, sum by (service, route, le)",
        "histogram_quantile(0.95, sum by (service, route, le)",
        "histogram_quantile(0.99, sum by (service, route, le)",
        "outreach_events_accepted_total",
        "outreach_events_duplicated_total",
        "outreach_batches_rejected_total",
        "outreach_relay_lag_notifications",
        "outreach_relay_publish_delay_seconds_bucket",
        "max by (feed) (outreach_projection_consumer_lag",
        "outreach_projection_apply_duration_seconds_bucket",
        "outreach_projection_last_applied_timestamp_seconds",
        "outreach_projection_newest_event_received_timestamp_seconds",
    ):
        assert needle in text, needle


def test_networking_dashboard_covers_the_issue() -> None:
    text = " ".join(expressions(dashboard("networking-outcomes.json")))
    assert "sum by (type) (rate(outreach_events_accepted_total" in text
    assert "sum by (partner) (rate(outreach_events_accepted_total" in text
    assert "on (partner) group_left () clamp_min(max by (partner) (outreach_candidates" in text
    for status in ("problem", "at_risk"):
        assert f'outreach_candidates_flagged{{status="{status}"' in text
    for event_type in (
        "outreach.sent",
        "contact.replied",
        "meeting.held",
        "referral.made",
        "lead.created",
        "interview.scheduled",
    ):
        assert f'increase(outreach_events_accepted_total{{type="{event_type}"' in text


def test_provisioning_serves_the_dashboards_from_prometheus() -> None:
    datasource = yaml.safe_load(DATASOURCES.read_text("utf-8"))["datasources"][0]
    assert datasource["type"] == "prometheus"
    assert datasource["url"].endswith(":9090")
    assert datasource["isDefault"] is True  # what the ${DS_PROMETHEUS} variable picks
    read_model = yaml.safe_load(POSTGRES_SOURCE.read_text("utf-8"))["datasources"][0]
    assert read_model["type"] == POSTGRES_TYPE
    assert read_model["url"].endswith(":5432")
    provider = yaml.safe_load(PROVIDERS.read_text("utf-8"))["providers"][0]
    assert provider["type"] == "file"
    assert provider["options"]["path"]
