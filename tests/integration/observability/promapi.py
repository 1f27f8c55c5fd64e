"""What the tests need of Prometheus' HTTP API, and of the dashboards and alert rules.

Queries are made as Grafana makes them: a dashboard's template variables replaced by a
value (``.*`` for "All", or a real one), ``$__rate_interval`` by a duration.
"""

import json
import math
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import yaml

REPO = Path(__file__).resolve().parents[3]
DASHBOARDS = REPO / "deploy" / "grafana" / "dashboards"
ALERTS = REPO / "deploy" / "prometheus" / "alerts.yml"
RATE_INTERVAL = "1m"

Json = dict[str, Any]


@dataclass(frozen=True)
class PanelQuery:
    dashboard: str  # file stem, e.g. "operations"
    panel: str  # title
    ref_id: str
    expr: str  # as written in the dashboard, variables and all
    instant: bool

    @property
    def id(self) -> str:
        return f"{self.dashboard}: {self.panel} [{self.ref_id}]"


def panel_queries() -> list[PanelQuery]:
    """Every query of every panel of the committed dashboards, in dashboard order."""
    found = []
    for path in sorted(DASHBOARDS.glob("*.json")):
        board = json.loads(path.read_text("utf-8"))
        for panel in board["panels"]:
            for target in panel.get("targets", []):
                if "expr" not in target:
                    continue  # SQL over the read model (tests/unit/observability)
                found.append(
                    PanelQuery(
                        path.stem,
                        panel["title"],
                        target["refId"],
                        target["expr"],
                        bool(target.get("instant")),
                    )
                )
    return found


def dashboard_variables() -> dict[str, tuple[str, str]]:
    """Each template variable: name -> (series selector, label) of its label_values()."""
    found = {}
    for path in sorted(DASHBOARDS.glob("*.json")):
        board = json.loads(path.read_text("utf-8"))
        for variable in board["templating"]["list"]:
            if variable["type"] == "datasource":
                continue  # resolves a ${DS_...} input (panels.datasource_variable)
            match = re.fullmatch(r"label_values\((.+), (\w+)\)", variable["query"])
            assert match, f"{path.name}: unexpected variable query {variable['query']!r}"
            found[variable["name"]] = (match.group(1), match.group(2))
    return found


def alert_rules() -> dict[str, str]:
    """Alert name -> expression, from deploy/prometheus/alerts.yml."""
    groups = yaml.safe_load(ALERTS.read_text("utf-8"))["groups"]
    return {rule["alert"]: rule["expr"] for g in groups for rule in g["rules"] if "alert" in rule}


def substitute(expr: str, values: dict[str, str] | None = None) -> str:
    """``expr`` with ``$__rate_interval`` replaced, and each template variable by its
    value in ``values`` (a regex, used inside ``=~"..."``), ``.*`` when not given."""
    values = values or {}
    expr = re.sub(r"\$__rate_interval\b|\$__interval\b", RATE_INTERVAL, expr)
    return re.sub(r"\$\{?(\w+)\}?", lambda m: values.get(m.group(1), ".*"), expr)


class QueryError(AssertionError):
    """Prometheus refused a query (it does not parse, or it failed to run)."""


class Prometheus:
    """A small client of one Prometheus server's HTTP API."""

    def __init__(self, base_url: str) -> None:
        self._http = httpx.Client(base_url=base_url, timeout=30.0)

    def close(self) -> None:
        self._http.close()

    def _get(self, path: str, params: dict[str, Any]) -> Any:
        response = self._http.get(path, params=params)
        body = response.json()
        if response.status_code != 200 or body.get("status") != "success":
            raise QueryError(f"{path} {params}: {body.get('errorType')}: {body.get('error')}")
        return body["data"]

    def instant(self, expr: str, at: float | None = None) -> list[Json]:
        params: dict[str, Any] = {"query": expr}
        if at is not None:
            params["time"] = at
        data = self._get("/api/v1/query", params)
        result: list[Json] = data["result"] if data["resultType"] == "vector" else []
        return result

    def range(self, expr: str, start: float, end: float, step: float) -> list[Json]:
        params = {"query": expr, "start": start, "end": end, "step": step}
        result: list[Json] = self._get("/api/v1/query_range", params)["result"]
        return result

    def label_values(self, label: str, selector: str) -> list[str]:
        values: list[str] = self._get(f"/api/v1/label/{label}/values", {"match[]": selector})
        return values

    def value(self, expr: str) -> float | None:
        """The single value of an instant query, or None when it has no result."""
        result = self.instant(expr)
        return float(result[0]["value"][1]) if result else None

    def rules(self) -> list[Json]:
        groups: list[Json] = self._get("/api/v1/rules", {})["groups"]
        return [rule for group in groups for rule in group["rules"]]

    def targets(self) -> list[Json]:
        active: list[Json] = self._get("/api/v1/targets", {"state": "active"})["activeTargets"]
        return active


def finite_values(result: list[Json]) -> list[float]:
    """Every finite sample value of an instant (vector) or range (matrix) result."""
    samples = [v for item in result for v in item.get("values", [item.get("value")]) if v]
    return [number for _, text in samples if math.isfinite(number := float(text))]
