"""The benchmark's table as plain text, markdown and JSON (pure)."""

from __future__ import annotations

from typing import Any

from bench.validity_lib.score import STATUSES, TARGET, ReasonScore

ROW_ORDER = (
    "problem",
    "at_risk",
    "flagged (any)",
    "ok",
    "insufficient_data",
    "not flagged (any)",
    "undecided",
)
MISSES_SHOWN = 8
CORNER = "expected \\ got"


def fmt(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.3f}"


def summary_line(s: ReasonScore) -> str:
    verdict = "pass" if s.passed else "FAIL"
    return (
        f"{s.reason:<24} precision {fmt(s.precision)} recall {fmt(s.recall)} "
        f"target {TARGET:.2f}  {verdict}"
    )


def _rows(s: ReasonScore) -> list[tuple[str, list[int]]]:
    labels = [label for label in ROW_ORDER if label in s.confusion]
    return [(label, [s.confusion[label][got] for got in STATUSES]) for label in labels]


def _misses(s: ReasonScore) -> list[str]:
    ranked = sorted(s.misses.items(), key=lambda item: -sum(item[1].values()))
    return [
        f"{scenario} ({', '.join(f'{kind} {n}' for kind, n in sorted(counts.items()))})"
        for scenario, counts in ranked[:MISSES_SHOWN]
    ]


def _figures(s: ReasonScore) -> str:
    return (
        f"precision {fmt(s.precision)}  recall {fmt(s.recall)}  "
        f"(tp {s.tp}, fp {s.fp}, fn {s.fn}, tn {s.tn}; "
        f"exact status {fmt(s.status_accuracy)} of {s.status_checked})"
    )


def text(scores: dict[str, ReasonScore], meta: dict[str, Any]) -> str:
    out = [_meta_line(meta), ""]
    width = max(len(label) for label in ROW_ORDER)
    for s in scores.values():
        out.append(f"== {s.reason}: {_figures(s)}")
        out.append(f"   {CORNER:<{width}}  " + "  ".join(f"{g:>17}" for g in STATUSES))
        for label, counts in _rows(s):
            out.append(f"   {label:<{width}}  " + "  ".join(f"{n:>17}" for n in counts))
        if s.misses:
            out.append("   wrong answers by scenario: " + "; ".join(_misses(s)))
        out.append("")
    out += [summary_line(s) for s in scores.values()]
    return "\n".join(out)


def markdown(scores: dict[str, ReasonScore], meta: dict[str, Any]) -> str:
    out = [
        "# Planted-cause validity benchmark",
        "",
        _meta_line(meta),
        "",
        "| reason | precision | recall | target | tp | fp | fn | exact status |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for s in scores.values():
        out.append(
            f"| `{s.reason}` | {fmt(s.precision)} | {fmt(s.recall)} | {TARGET:.2f} | "
            f"{s.tp} | {s.fp} | {s.fn} | {fmt(s.status_accuracy)} |"
        )
    for s in scores.values():
        out += ["", f"## `{s.reason}`", "", _figures(s), ""]
        out.append(f"| {CORNER} | " + " | ".join(STATUSES) + " |")
        out.append("|---" * (len(STATUSES) + 1) + "|")
        out += [f"| {label} | " + " | ".join(map(str, counts)) + " |" for label, counts in _rows(s)]
        if s.misses:
            out += ["", "Wrong answers by scenario: " + "; ".join(_misses(s)) + "."]
    return "\n".join(out) + "\n"


def as_json(scores: dict[str, ReasonScore], meta: dict[str, Any]) -> dict[str, Any]:
    reasons = {
        s.reason: {
            "precision": s.precision,
            "recall": s.recall,
            "target": TARGET,
            "passed": s.passed,
            "tp": s.tp,
            "fp": s.fp,
            "fn": s.fn,
            "tn": s.tn,
            "status_accuracy": s.status_accuracy,
            "status_checked": s.status_checked,
            "confusion": {
                label: dict(zip(STATUSES, counts, strict=True)) for label, counts in _rows(s)
            },
            "misses": {scenario: dict(counts) for scenario, counts in s.misses.items()},
        }
        for s in scores.values()
    }
    return {"meta": meta, "reasons": reasons}


def _meta_line(meta: dict[str, Any]) -> str:
    return ", ".join(f"{key} {value}" for key, value in meta.items())
