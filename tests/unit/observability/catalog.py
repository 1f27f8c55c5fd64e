"""The metrics the services really export, read from their prometheus-client objects.

Importing the services' metric modules registers their metrics in the default
registry; nothing here creates a labelled child or changes a value.
"""

from collections.abc import Iterator
from dataclasses import dataclass
from types import ModuleType

from prometheus_client import REGISTRY
from prometheus_client.metrics import MetricWrapperBase

import outreach_diagnostics.metrics
import outreach_intake.metrics
import outreach_platform.metrics
import outreach_projection.metrics
import outreach_relay.metrics
import outreach_webhooks.metrics
from tests.unit.observability.promql import (
    grouping_labels,
    metric_names,
    selector_labels,
)

MODULES: tuple[ModuleType, ...] = (
    outreach_platform.metrics,
    outreach_intake.metrics,
    outreach_relay.metrics,
    outreach_projection.metrics,
    outreach_diagnostics.metrics,
    outreach_webhooks.metrics,
)
# Labels Prometheus adds to every scraped series (target labels of our scrape configs).
TARGET_LABELS = frozenset({"job", "instance", "optional"})
SUFFIXES = {
    "counter": ("_total", "_created"),
    "gauge": ("",),
    "histogram": ("_bucket", "_sum", "_count", "_created"),
    "summary": ("", "_sum", "_count", "_created"),
}


@dataclass(frozen=True)
class Series:
    name: str
    labels: frozenset[str]


def _project_metrics() -> Iterator[tuple[str, str, frozenset[str]]]:
    for module in MODULES:
        for value in vars(module).values():
            if isinstance(value, MetricWrapperBase):
                family = next(iter(value.describe()))
                # Label names have no public accessor; _labelnames is stable since 0.x.
                yield family.name, family.type, frozenset(value._labelnames)


def exported() -> dict[str, Series]:
    """Every series name Prometheus can scrape from the services, with its labels."""
    series: dict[str, Series] = {"up": Series("up", TARGET_LABELS)}
    for name, kind, labels in _project_metrics():
        for suffix in SUFFIXES.get(kind, ("",)):
            extra = {"le"} if suffix == "_bucket" else set()
            series[name + suffix] = Series(name + suffix, labels | TARGET_LABELS | extra)
    for family in REGISTRY.collect():  # the default process and platform collectors
        for sample in family.samples:
            if sample.name.startswith("process_"):
                series.setdefault(sample.name, Series(sample.name, TARGET_LABELS))
    return series


def unknown_references(expr: str, series: dict[str, Series]) -> list[str]:
    """What an expression names that no service exports: metrics, and labels in selectors
    and in by/on/ignoring/without clauses. Empty when everything it names exists."""
    problems = [f"unknown metric {name}" for name in metric_names(expr) if name not in series]
    known = [series[name] for name in metric_names(expr) if name in series]
    for name, labels in selector_labels(expr).items():
        if name in series and not labels <= series[name].labels:
            problems.append(f"{name} has no label {sorted(labels - series[name].labels)}")
    usable = frozenset().union(*(item.labels for item in known)) if known else TARGET_LABELS
    for label in grouping_labels(expr):
        if label not in usable:
            problems.append(f"no metric in the expression has the label {label!r}")
    return problems
