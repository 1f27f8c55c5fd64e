"""The results table: one row per step, its figure beside its ceiling, and the machine.

Pure formatting over ``Result`` values (tests/unit/bench/test_perf_harness.py).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from bench.perf.measure import Result
from bench.perf.stats import mib, ratio

HEADER = ("step", "figure", "ceiling", "ratio", "peak memory", "notes")


@dataclass(frozen=True)
class Row:
    step: str
    figure: str
    """The key of the measurement that gives the figure."""
    ceiling: str | None = None
    """The key of the measurement that gives the ceiling, measured in the same run."""
    ceiling_label: str = ""
    """What the ceiling is ("bare eventsourcing, saves of 500")."""
    note: str = ""
    fixed_ceiling: float | None = None
    """A ceiling that is a given, not a measurement (the rate offered), in the figure's unit."""


def number(value: float) -> str:
    """Three significant figures at most, thousands separated: 1,490 / 35.2 / 0.046."""
    if value >= 100:
        return f"{value:,.0f}"
    if value >= 10:
        return f"{value:.1f}"
    if value >= 1:
        return f"{value:.2f}"
    return f"{value:.3g}"


def figure_text(result: Result | None) -> str:
    if result is None:
        return "not measured"
    if result.skipped:
        return "not run"
    return f"{number(result.value)} {result.unit}"


def ratio_text(figure: Result | None, ceiling: Result | None) -> str:
    if figure is None or ceiling is None or figure.skipped or ceiling.skipped:
        return "—"
    found = ratio(figure.value, ceiling.value, figure.better)
    if found is None:
        return "—"
    return f"{found:.0f}" if found >= 10 else f"{found:.2g}"


def peaks_text(result: Result | None) -> str:
    if result is None or not result.peaks_kib:
        return ""
    return ", ".join(f"{name} {mib(kib):,.0f} MiB" for name, kib in result.peaks_kib.items())


def cells(row: Row, results: Mapping[str, Result]) -> tuple[str, ...]:
    figure = results.get(row.figure)
    ceiling = results.get(row.ceiling) if row.ceiling else None
    if row.fixed_ceiling is not None and figure is not None:
        ceiling = Result(row.fixed_ceiling, figure.unit, figure.better)
    if row.ceiling is None and ceiling is None:
        ceiling_cell = row.ceiling_label or "—"
    else:
        label = f"{row.ceiling_label}: " if row.ceiling_label else ""
        ceiling_cell = f"{label}{figure_text(ceiling)}"
    peaks = [p for p in (peaks_text(figure), peaks_text(ceiling)) if p]
    if len(peaks) == 2:
        peaks = [peaks[0], f"ceiling: {peaks[1]}"]
    notes = [row.note] if row.note else []
    for label, found in (("", figure), ("ceiling: ", ceiling)):
        if found is not None and (found.skipped or found.detail):
            notes.append(f"{label}{found.skipped or found.detail}")
    return (
        row.step,
        figure_text(figure),
        ceiling_cell,
        ratio_text(figure, ceiling),
        "; ".join(peaks),
        "; ".join(notes),
    )


def markdown_table(rows: Sequence[Sequence[str]], header: Sequence[str] = HEADER) -> str:
    def line(values: Sequence[str]) -> str:
        escaped = (v.replace("|", "\\|").replace("\n", " ") for v in values)
        return "| " + " | ".join(escaped) + " |"

    return "\n".join([line(header), line(["---"] * len(header)), *map(line, rows)])


def document(rows: Sequence[Row], results: Mapping[str, Result], machine: Sequence[str]) -> str:
    """``bench/results.md``: the machine, then the table."""
    table = markdown_table([cells(row, results) for row in rows])
    facts = "\n".join(f"- {fact}" for fact in machine)
    return (
        "# Performance: each step against its ceiling\n\n"
        "Written by `make bench` (`bench/perf/run.py`); do not edit by hand. Each figure is "
        "the median of three runs, its ceiling measured in the same run; the ratio is "
        "figure/ceiling for a rate and ceiling/figure for a latency or a cost, so 1.0 is "
        '"as good as the ceiling" and less is worse. Peak memory is each process\'s peak '
        "resident set: `bench` is the measuring process (a fresh one per measurement), the "
        "others are the servers it ran (VmHWM).\n\n"
        f"{facts}\n\n{table}\n"
    )
