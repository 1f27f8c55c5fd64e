"""Small builders for Grafana dashboard JSON (schema 39) as plain dicts.

Panels are declared without ids or positions; :func:`layout` numbers them and flows
them left to right over Grafana's 24-column grid, starting a new line at each row.
"""

from dataclasses import dataclass, field
from typing import Any

Json = dict[str, Any]

# Datasources by input, not by a fixed uid, so a dashboard imports into any Grafana: on
# import Grafana asks for each ``__inputs`` entry and writes its uid over ``${DS_...}``;
# provisioned as it is, the datasource variable of the same name (the default datasource
# of that type: provisioning/datasources/) resolves it.
PROMETHEUS_INPUT = "DS_PROMETHEUS"
POSTGRES_INPUT = "DS_OUTREACH_POSTGRES"
POSTGRES_TYPE = "grafana-postgresql-datasource"
DATASOURCE: Json = {"type": "prometheus", "uid": f"${{{PROMETHEUS_INPUT}}}"}
POSTGRES: Json = {"type": POSTGRES_TYPE, "uid": f"${{{POSTGRES_INPUT}}}"}
GRID_COLUMNS = 24
RATE = "$__rate_interval"


@dataclass(frozen=True)
class Query:
    expr: str
    legend: str = ""
    instant: bool = False


@dataclass(frozen=True)
class Panel:
    title: str
    queries: list[Query]
    description: str
    kind: str = "timeseries"  # timeseries | stat | bargauge
    unit: str = "short"
    width: int = 12
    height: int = 8
    stack: bool = False
    max_value: float | None = None
    min_interval: str | None = None


@dataclass(frozen=True)
class SqlPanel:
    """A panel whose query is SQL over the read model (PostgreSQL), as a time series."""

    title: str
    sql: str
    description: str
    kind: str = "barchart"
    width: int = 12
    height: int = 9


@dataclass(frozen=True)
class Row:
    title: str
    height: int = field(default=1, init=False)


def _targets(queries: list[Query]) -> list[Json]:
    return [
        {
            "datasource": DATASOURCE,
            "expr": query.expr,
            "instant": query.instant,
            "range": not query.instant,
            "legendFormat": query.legend or "__auto",
            "refId": chr(ord("A") + index),
        }
        for index, query in enumerate(queries)
    ]


def _field_config(panel: Panel) -> Json:
    defaults: Json = {"unit": panel.unit, "min": 0}
    if panel.max_value is not None:
        defaults["max"] = panel.max_value
    if panel.kind == "timeseries":
        defaults["custom"] = {
            "drawStyle": "line",
            "fillOpacity": 20 if panel.stack else 5,
            "lineWidth": 1,
            "showPoints": "never",
            "stacking": {"group": "A", "mode": "normal" if panel.stack else "none"},
        }
    if panel.kind == "stat" and panel.unit == "none":
        defaults["mappings"] = [
            {
                "type": "value",
                "options": {
                    "0": {"text": "down", "color": "red"},
                    "1": {"text": "up", "color": "green"},
                },
            }
        ]
    defaults["color"] = {"mode": "thresholds" if panel.kind == "stat" else "palette-classic"}
    return {"defaults": defaults, "overrides": []}


def _options(panel: Panel) -> Json:
    reduce = {"calcs": ["lastNotNull"], "fields": "", "values": False}
    if panel.kind == "stat":
        return {
            "colorMode": "background",
            "graphMode": "none",
            "reduceOptions": reduce,
            "textMode": "value_and_name",
        }
    if panel.kind == "bargauge":
        return {
            "displayMode": "gradient",
            "orientation": "horizontal",
            "reduceOptions": reduce,
            "showUnfilled": True,
        }
    return {
        "legend": {"calcs": [], "displayMode": "list", "placement": "bottom", "showLegend": True},
        "tooltip": {"mode": "multi", "sort": "desc"},
    }


def _panel_json(panel: Panel) -> Json:
    result: Json = {
        "type": panel.kind,
        "title": panel.title,
        "description": panel.description,
        "datasource": DATASOURCE,
        "targets": _targets(panel.queries),
        "fieldConfig": _field_config(panel),
        "options": _options(panel),
    }
    if panel.min_interval is not None:
        result["interval"] = panel.min_interval
    return result


def _sql_panel_json(panel: SqlPanel) -> Json:
    return {
        "type": panel.kind,
        "title": panel.title,
        "description": panel.description,
        "datasource": POSTGRES,
        "targets": [
            {
                "datasource": POSTGRES,
                "editorMode": "code",
                "format": "table",
                "rawQuery": True,
                "rawSql": panel.sql,
                "refId": "A",
            }
        ],
        "fieldConfig": {"defaults": {"unit": "short", "min": 0}, "overrides": []},
        "options": {
            "orientation": "vertical",
            "xField": "week",
            "stacking": "none",
            "legend": {"displayMode": "list", "placement": "bottom", "showLegend": True},
            "tooltip": {"mode": "multi", "sort": "none"},
        },
    }


def layout(items: list[Panel | SqlPanel | Row]) -> list[Json]:
    """Numbers the panels from 1 and gives each a gridPos, flowing left to right."""
    panels: list[Json] = []
    x = y = line_height = 0
    for number, item in enumerate(items, start=1):
        if isinstance(item, Row):
            y, x, line_height = y + line_height, 0, 0
            panels.append(
                {
                    "type": "row",
                    "title": item.title,
                    "id": number,
                    "collapsed": False,
                    "panels": [],
                    "gridPos": {"h": 1, "w": GRID_COLUMNS, "x": 0, "y": y},
                }
            )
            y += 1
            continue
        if x + item.width > GRID_COLUMNS:
            y, x, line_height = y + line_height, 0, 0
        panel = _sql_panel_json(item) if isinstance(item, SqlPanel) else _panel_json(item)
        panel["id"] = number
        panel["gridPos"] = {"h": item.height, "w": item.width, "x": x, "y": y}
        panels.append(panel)
        x += item.width
        line_height = max(line_height, item.height)
    return panels


def query_variable(name: str, label: str, query: str) -> Json:
    """A multi-value template variable with an "All" option that matches everything."""
    return {
        "name": name,
        "label": label,
        "type": "query",
        "datasource": DATASOURCE,
        "query": query,
        "definition": query,
        "refresh": 2,
        "sort": 1,
        "multi": True,
        "includeAll": True,
        "allValue": ".*",
        "current": {"selected": True, "text": ["All"], "value": ["$__all"]},
        "options": [],
        "hide": 0,
    }


def datasource_variable(name: str, plugin: str) -> Json:
    """The variable a provisioned dashboard resolves ``${name}`` with: the default
    datasource of type ``plugin`` (hidden: there is normally one)."""
    return {
        "name": name,
        "label": name,
        "type": "datasource",
        "query": plugin,
        "current": {},
        "options": [],
        "refresh": 1,
        "regex": "",
        "hide": 2,
    }


def _inputs(items: list[Panel | SqlPanel | Row]) -> list[Json]:
    found = [
        {
            "name": PROMETHEUS_INPUT,
            "label": "Prometheus",
            "description": "the Prometheus that scrapes the Outreach Diagnostics processes",
            "type": "datasource",
            "pluginId": "prometheus",
            "pluginName": "Prometheus",
        }
    ]
    if any(isinstance(item, SqlPanel) for item in items):
        found.append(
            {
                "name": POSTGRES_INPUT,
                "label": "Outreach read model (PostgreSQL)",
                "description": "the PostgreSQL database of the read model (candidate_facts)",
                "type": "datasource",
                "pluginId": POSTGRES_TYPE,
                "pluginName": "PostgreSQL",
            }
        )
    return found


def dashboard(
    uid: str,
    title: str,
    description: str,
    items: list[Panel | SqlPanel | Row],
    variables: list[Json],
    time_from: str,
    refresh: str,
) -> Json:
    inputs = _inputs(items)
    sources = [datasource_variable(i["name"], i["pluginId"]) for i in inputs]
    return {
        "__inputs": inputs,
        "uid": uid,
        "title": title,
        "description": description,
        "tags": ["outreach"],
        "editable": False,
        "graphTooltip": 1,
        "schemaVersion": 39,
        "version": 1,
        "timezone": "browser",
        "time": {"from": time_from, "to": "now"},
        "refresh": refresh,
        "links": [
            {
                "title": "Outreach dashboards",
                "type": "dashboards",
                "tags": ["outreach"],
                "asDropdown": True,
                "includeVars": True,
                "keepTime": True,
            }
        ],
        "annotations": {"list": []},
        "templating": {"list": [*sources, *variables]},
        "panels": layout(items),
    }


def quantiles(
    metric: str,
    selector: str,
    by: tuple[str, ...] = (),
    levels: tuple[float, ...] = (0.5, 0.95, 0.99),
) -> list[Query]:
    """histogram_quantile queries of ``metric``'s buckets, one per level (p50, p95...)."""
    group = ", ".join((*by, "le"))
    names = " ".join("{{" + label + "}}" for label in by)
    return [
        Query(
            f"histogram_quantile({level}, sum by ({group}) "
            f"(rate({metric}_bucket{{{selector}}}[{RATE}])))",
            f"{names} p{round(level * 100)}".strip(),
        )
        for level in levels
    ]
