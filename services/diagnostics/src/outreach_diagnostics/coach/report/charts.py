"""The report's charts as geometry: numbers the template draws as inline SVG.

Computed here, not in the template, so the arithmetic is unit-tested and the template
holds markup only (every text it prints is escaped by the template engine).
"""

from dataclasses import dataclass

WIDTH, HEIGHT, LEFT, BOTTOM, TOP = 640, 220, 36, 28, 12


@dataclass(frozen=True)
class Bar:
    x: float
    y: float
    width: float
    height: float
    label: str  # the week, e.g. "2 Nov"
    value: int
    low_season: bool


@dataclass(frozen=True)
class WeeklyChart:
    width: int
    height: int
    bars: list[Bar]
    target: int
    target_y: float
    axis_y: float
    top: float


@dataclass(frozen=True)
class Step:
    label: str
    value: int
    y: float
    width: float


def weekly_chart(weeks: list[tuple[str, int, bool]], target: int) -> WeeklyChart:
    """``weeks``: (label, contacts reached, in a low season), oldest first."""
    peak = max([target, *(value for _, value, _ in weeks)]) * 1.15
    plot = HEIGHT - BOTTOM - TOP
    slot = (WIDTH - LEFT) / max(len(weeks), 1)

    def y(value: float) -> float:
        return round(TOP + plot - plot * value / peak, 1)

    bars = [
        Bar(
            round(LEFT + n * slot, 1),
            y(value),
            round(slot, 1),
            round(plot * value / peak, 1),
            label,
            value,
            low,
        )
        for n, (label, value, low) in enumerate(weeks)
    ]
    return WeeklyChart(WIDTH, HEIGHT, bars, target, y(target), float(TOP + plot), float(TOP))


def funnel(steps: list[tuple[str, int]], width: int = 420, row: int = 30) -> list[Step]:
    """Bars as wide as their count against the widest (the first, usually contacts)."""
    widest = max([1, *(value for _, value in steps)])
    return [
        Step(label, value, n * row, round(max(2.0, width * value / widest), 1))
        for n, (label, value) in enumerate(steps)
    ]
