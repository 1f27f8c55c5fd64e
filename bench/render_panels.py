#!/usr/bin/env python3
"""Renders the key dashboard panels from a running Prometheus to PNG files.

    .venv/bin/python bench/render_panels.py --prometheus http://127.0.0.1:9090 --minutes 30

Panel titles and queries come from the committed dashboards (deploy/grafana/dashboards),
so each picture shows what the Grafana panel of the same title would. Writes one PNG
per key panel and overview.png (all of them in a grid) to out/panels/ (git-ignored),
and prints the path of every file it wrote. Grafana variables are replaced: each
template variable by ".*" (All), $__rate_interval by --rate-interval.
"""

import argparse
import itertools
import json
import math
import re
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import matplotlib
import numpy as np
from numpy.typing import NDArray

matplotlib.use("Agg")

import matplotlib.pyplot as plt
from matplotlib.axes import Axes
from matplotlib.ticker import PercentFormatter

REPO = Path(__file__).resolve().parents[1]
KEY_PANELS: dict[str, tuple[str, ...]] = {
    "operations.json": (
        "Requests per second by service",
        "HTTP 5xx error ratio by service",
        "Latency p95 by route",
        "Events accepted, duplicated and rejected per second",
        "Relay lag",
        "Relay publish delay",
        "Consumer lag per partition",
        "Projection apply latency",
        "Read-model freshness",
    ),
    "networking-outcomes.json": (
        "Events accepted per hour by type",
        "Share of candidates with a problem by reason",
        "Weekly outreach funnel",
    ),
}
UNIT_LABELS = {"reqps": "requests/s", "s": "seconds", "bytes": "bytes"}
MAX_LEGEND_ENTRIES = 8


@dataclass(frozen=True)
class Series:
    label: str
    times: NDArray[np.datetime64]  # UTC
    values: list[float]


@dataclass(frozen=True)
class RenderedPanel:
    dashboard: str
    title: str
    kind: str
    unit: str
    series: list[Series]
    start: float  # matplotlib date units: days since 1970 (rcParams["date.epoch"])
    end: float


def concrete(expr: str, rate_interval: str) -> str:
    """The expression with Grafana's variables replaced by values Prometheus accepts."""
    expr = re.sub(r"\$__rate_interval\b|\$__interval\b", rate_interval, expr)
    return re.sub(r"\$\{?\w+\}?", ".*", expr)


def legend(template: str, labels: dict[str, str]) -> str:
    if template in ("", "__auto"):
        return ", ".join(f"{k}={v}" for k, v in sorted(labels.items())) or "value"
    return re.sub(r"\{\{\s*(\w+)\s*\}\}", lambda m: labels.get(m.group(1), ""), template)


def query_range(base: str, expr: str, start: float, end: float, step: float) -> list[Any]:
    params = urllib.parse.urlencode({"query": expr, "start": start, "end": end, "step": step})
    url = f"{base.rstrip('/')}/api/v1/query_range?{params}"
    with urllib.request.urlopen(url, timeout=30) as response:
        body = json.load(response)
    if body.get("status") != "success":
        raise RuntimeError(f"Prometheus refused {expr!r}: {body.get('error')}")
    result: list[Any] = body["data"]["result"]
    return result


def fetch_panel(args: argparse.Namespace, dashboard: str, panel: dict[str, Any]) -> RenderedPanel:
    end = time.time()
    start = end - args.minutes * 60
    step = args.step or max(args.minutes * 60 / 240, 1.0)
    series: list[Series] = []
    for target in panel["targets"]:
        expr = concrete(target["expr"], args.rate_interval)
        for item in query_range(args.prometheus, expr, start, end, step):
            points = _with_gaps([(float(t), _finite(v)) for t, v in item["values"]], step)
            values = [v for _, v in points]
            if all(math.isnan(v) for v in values):
                continue  # e.g. a quantile of a histogram that observed nothing
            times = np.array([round(t) for t, _ in points], dtype="datetime64[s]")
            series.append(
                Series(legend(target.get("legendFormat", ""), item["metric"]), times, values)
            )
    unit = panel.get("fieldConfig", {}).get("defaults", {}).get("unit", "short")
    days = 86400
    return RenderedPanel(
        dashboard, panel["title"], panel["type"], unit, series, start / days, end / days
    )


def _with_gaps(points: list[tuple[float, float]], step: float) -> list[tuple[float, float]]:
    """The points with a NaN wherever steps are missing (the series was absent then),
    so that a line breaks there, as in Grafana, instead of bridging the gap."""
    result: list[tuple[float, float]] = []
    for time_, value in points:
        if result and time_ - result[-1][0] > 1.5 * step:
            result.append((result[-1][0] + step, math.nan))
        result.append((time_, value))
    return result


def _finite(value: str) -> float:
    number = float(value)
    return number if math.isfinite(number) else math.nan


def draw(ax: Axes, panel: RenderedPanel) -> None:
    ax.set_title(panel.title, fontsize=10)
    if not panel.series:
        ax.text(0.5, 0.5, "No data", ha="center", va="center", transform=ax.transAxes)
        ax.set_xticks([])
        ax.set_yticks([])
        return
    value_axis = ax.xaxis if panel.kind == "bargauge" else ax.yaxis
    if panel.unit == "percentunit":
        value_axis.set_major_formatter(PercentFormatter(xmax=1))
    elif panel.unit in UNIT_LABELS:
        value_axis.set_label_text(UNIT_LABELS[panel.unit])
    if panel.kind == "bargauge":
        _draw_bars(ax, panel.series)
    else:
        _draw_lines(ax, panel)


def _draw_bars(ax: Axes, series: list[Series]) -> None:
    """The last value of each series, top to bottom in query order (like Grafana)."""
    last = [next((v for v in reversed(s.values) if not math.isnan(v)), 0.0) for s in series]
    positions = range(len(series))
    ax.barh(positions, last, color="tab:blue")
    ax.set_yticks(positions, [s.label for s in series], fontsize=8)
    ax.invert_yaxis()
    ax.set_xlim(0, max(max(last) * 1.15, 1.0))
    for position, value in zip(positions, last, strict=True):
        ax.annotate(
            f"{value:.4g}",
            (value, position),
            xytext=(3, 0),
            textcoords="offset points",
            va="center",
            fontsize=8,
        )


def _draw_lines(ax: Axes, panel: RenderedPanel) -> None:
    # Largest first, so that a shortened legend names the series that matter.
    ordered = sorted(panel.series, key=lambda s: -max(np.nan_to_num(s.values, nan=-math.inf)))
    palette = plt.get_cmap("tab20" if len(ordered) > 10 else "tab10")
    colors = [palette(index) for index in range(palette.N)]
    for item, color in zip(ordered, itertools.cycle(colors), strict=False):
        ax.plot(item.times, item.values, linewidth=1.2, label=item.label, color=color)
    ax.set_xlim(panel.start, panel.end)
    ax.set_xlabel("UTC", fontsize=8)
    ax.set_ylim(bottom=0)
    ax.grid(alpha=0.3)
    handles, labels = ax.get_legend_handles_labels()
    if len(handles) > MAX_LEGEND_ENTRIES:
        hidden = len(handles) - MAX_LEGEND_ENTRIES + 1
        handles, labels = handles[: MAX_LEGEND_ENTRIES - 1], labels[: MAX_LEGEND_ENTRIES - 1]
        labels[-1] += f" (+{hidden} more)"
    ax.legend(handles, labels, fontsize=7, loc="upper left")


def key_panels(dashboards: Path, everything: bool) -> list[tuple[str, dict[str, Any]]]:
    chosen: list[tuple[str, dict[str, Any]]] = []
    for file_name, titles in KEY_PANELS.items():
        dashboard = json.loads((dashboards / file_name).read_text("utf-8"))
        panels = {p["title"]: p for p in dashboard["panels"] if p.get("targets")}
        missing = [t for t in titles if t not in panels]
        if missing:
            raise SystemExit(f"{file_name} has no panel titled {missing}: update KEY_PANELS")
        wanted = list(panels) if everything else list(titles)
        chosen.extend((Path(file_name).stem, panels[title]) for title in wanted)
    return chosen


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def save(figure: Any, path: Path) -> Path:
    figure.savefig(path, dpi=110)
    plt.close(figure)
    print(path)
    return path


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--prometheus", default="http://127.0.0.1:9090", help="Prometheus URL")
    parser.add_argument("--minutes", type=float, default=30, help="time range: the last N minutes")
    parser.add_argument("--step", type=float, default=0, help="seconds between points [auto]")
    parser.add_argument("--rate-interval", default="1m", help="stands for $__rate_interval")
    parser.add_argument("--out", type=Path, default=REPO / "out" / "panels", help="output folder")
    parser.add_argument("--dashboards", type=Path, default=REPO / "deploy/grafana/dashboards")
    parser.add_argument("--all", action="store_true", help="every panel, not only the key ones")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    try:
        rendered = [fetch_panel(args, name, p) for name, p in key_panels(args.dashboards, args.all)]
    except (urllib.error.URLError, OSError) as error:
        print(f"cannot query Prometheus at {args.prometheus}: {error}", file=sys.stderr)
        return 2
    args.out.mkdir(parents=True, exist_ok=True)
    matplotlib.rcParams["date.converter"] = "concise"
    matplotlib.rcParams["date.epoch"] = "1970-01-01T00:00:00"
    for panel in rendered:
        figure, ax = plt.subplots(figsize=(8, 4.5), layout="constrained")
        draw(ax, panel)
        save(figure, args.out / f"{panel.dashboard}--{slug(panel.title)}.png")
    columns = 3
    rows = math.ceil(len(rendered) / columns)
    figure, axes = plt.subplots(
        rows, columns, figsize=(6 * columns, 3.6 * rows), layout="constrained", squeeze=False
    )
    for ax, panel in zip(axes.flat, rendered, strict=False):
        draw(ax, panel)
    for ax in list(axes.flat)[len(rendered) :]:
        ax.set_visible(False)
    figure.suptitle(f"Outreach Diagnostics: key panels, last {args.minutes:g} minutes")
    save(figure, args.out / "overview.png")
    return 0


if __name__ == "__main__":
    sys.exit(main())
