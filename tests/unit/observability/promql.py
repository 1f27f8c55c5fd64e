"""Small, regex-level PromQL helpers for the tests (promtool does the real parsing)."""

import re


def concrete(expr: str, rate_interval: str = "1m") -> str:
    """A Grafana query with its variables replaced as Grafana would: intervals by a
    duration, template variables by their "All" value (.*)."""
    expr = re.sub(r"\$__rate_interval\b|\$__interval\b", rate_interval, expr)
    return re.sub(r"\$\{?\w+\}?", ".*", expr)


def variables(expr: str) -> set[str]:
    """Template variables an expression uses ($name or ${name}), Grafana's own excluded."""
    return {name for name in re.findall(r"\$\{?(\w+)\}?", expr) if not name.startswith("__")}


def without_strings(expr: str) -> str:
    return re.sub(r'"(?:[^"\\]|\\.)*"', '""', expr)


def metric_names(expr: str) -> set[str]:
    """The project's, the process collector's and Prometheus' `up` metric names used."""
    pattern = r"\b(?:(?:outreach|process)_[a-z0-9_]+|up)\b"
    return set(re.findall(pattern, without_strings(expr)))


def selector_labels(expr: str) -> dict[str, set[str]]:
    """For each ``metric{...}`` selector, the label names its matchers use."""
    found: dict[str, set[str]] = {}
    for metric, matchers in re.findall(r"\b([a-z_:][a-z0-9_:]*)\{([^}]*)\}", expr):
        names = re.findall(r"([a-zA-Z_]\w*)\s*(?:=~|!~|!=|=)\s*\"", matchers)
        found.setdefault(metric, set()).update(names)
    return found


def grouping_labels(expr: str) -> set[str]:
    """Labels named in by (...), without (...), on (...) and ignoring (...) clauses."""
    clauses = re.findall(r"\b(?:by|without|on|ignoring)\s*\(([^)]*)\)", without_strings(expr))
    return {label.strip() for clause in clauses for label in clause.split(",") if label.strip()}
