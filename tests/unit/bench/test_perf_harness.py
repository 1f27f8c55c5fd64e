"""The performance harness (bench/perf): its pure parts, and a smoke run of the in-process
SQLite measurements in --quick mode. No assertion on any timing."""

from pathlib import Path

import pytest

from bench.perf import child, env, run
from bench.perf.measure import Context, Result, repeat
from bench.perf.report import HEADER, Row, cells, markdown_table, number
from bench.perf.stats import Better, kib_of_vmhwm, median, percentile, ratio

STATUS = """Name:\tpython
VmPeak:\t  812344 kB
VmSize:\t  812340 kB
VmHWM:\t  143212 kB
VmRSS:\t  120004 kB
"""


def rate(value: float, **kwargs: object) -> Result:
    return Result(value, "events/s", Better.HIGHER, **kwargs)  # type: ignore[arg-type]


def latency(value: float) -> Result:
    return Result(value, "ms p99", Better.LOWER)


# ------------------------------------------------------------------ arithmetic


@pytest.mark.parametrize(
    ("runs", "expected"), [([3.0, 1.0, 2.0], 2.0), ([5.0], 5.0), ([4.0, 1.0], 2.5)]
)
def test_median_of_the_runs(runs: list[float], expected: float) -> None:
    assert median(runs) == expected


def test_median_of_no_run_is_an_error() -> None:
    with pytest.raises(ValueError, match="no runs"):
        median([])


def test_percentile_is_an_observed_sample_by_nearest_rank() -> None:
    samples = [float(v) for v in range(1, 21)]  # 20 samples: p99 is the largest
    assert percentile(samples, 99) == 20.0
    assert percentile(samples, 50) == 10.0
    assert percentile([7.0], 99) == 7.0
    with pytest.raises(ValueError, match="percentile"):
        percentile(samples, 0)


def test_ratio_is_one_at_the_ceiling_and_smaller_when_worse_either_way() -> None:
    assert ratio(1_490, 32_200, Better.HIGHER) == pytest.approx(0.0463, abs=1e-4)
    assert ratio(35.0, 1.5, Better.LOWER) == pytest.approx(1.5 / 35)
    assert ratio(10.0, 10.0, Better.LOWER) == 1.0
    assert ratio(0.0, 10.0, Better.HIGHER) is None
    assert ratio(10.0, 0.0, Better.LOWER) is None


def test_peak_memory_from_proc_status() -> None:
    assert kib_of_vmhwm(STATUS) == 143_212
    assert kib_of_vmhwm("Name:\tkthreadd\nState:\tS (sleeping)\n") is None
    with pytest.raises(ValueError, match="unit"):
        kib_of_vmhwm("VmHWM:\t  1 MB\n")
    with pytest.raises(ValueError, match="unreadable"):
        kib_of_vmhwm("VmHWM:\n")


def test_repeat_runs_three_times_unless_over_budget() -> None:
    assert repeat(float) == [0.0, 1.0, 2.0]
    assert repeat(float, budget_s=-1.0) == [0.0]  # always over: one run, never none


# ------------------------------------------------------------------- the table


def test_numbers_have_at_most_three_significant_figures() -> None:
    assert [number(v) for v in (32_200.4, 1_490.0, 35.24, 1.5, 0.0463)] == [
        "32,200",
        "1,490",
        "35.2",
        "1.50",
        "0.0463",
    ]


def test_a_row_shows_figure_ceiling_ratio_peaks_and_notes() -> None:
    row = Row("intake", "a", "b", "bare eventsourcing", "a note")
    results = {
        "a": rate(1_490, detail="10,000 events", peaks_kib={"bench": 80 * 1024}),
        "b": rate(32_200, peaks_kib={"bench": 70 * 1024}),
    }
    assert cells(row, results) == (
        "intake",
        "1,490 events/s",
        "bare eventsourcing: 32,200 events/s",
        "0.046",
        "bench 80 MiB; ceiling: bench 70 MiB",
        "a note; 10,000 events",
    )


def test_a_latency_ratio_is_ceiling_over_figure() -> None:
    row = Row("diagnosis", "a", "b", "constant")
    assert cells(row, {"a": latency(331.0), "b": latency(1.5)})[3] == "0.0045"


def test_skipped_missing_and_fixed_ceilings() -> None:
    skipped = Result(0.0, "ms", Better.LOWER, skipped="building took over 240 s")
    row = Row("growth", "a", "b", "at 100")
    assert cells(row, {"a": skipped, "b": latency(3.0)})[1:4] == (
        "not run",
        "at 100: 3.00 ms p99",
        "—",
    )
    assert cells(Row("x", "missing"), {})[1:4] == ("not measured", "—", "—")
    offered = Row("freshness", "a", fixed_ceiling=2_000.0, ceiling_label="offered")
    assert cells(offered, {"a": rate(480.0)})[2:4] == ("offered: 2,000 events/s", "0.24")


def test_markdown_table_escapes_pipes() -> None:
    table = markdown_table([["a|b", "1", "2", "3", "4", "5"]])
    lines = table.splitlines()
    assert lines[0] == "| " + " | ".join(HEADER) + " |"
    assert lines[1] == "| --- | --- | --- | --- | --- | --- |"
    assert lines[2] == "| a\\|b | 1 | 2 | 3 | 4 | 5 |"


def test_results_survive_their_json_round_trip() -> None:
    found = rate(12.5, runs=[12.0, 12.5, 13.0], detail="d", peaks_kib={"bench": 1})
    assert Result.from_json(found.as_json()) == found


def test_every_row_names_measurements_its_child_process_can_find() -> None:
    # A measurement runs in a child that finds it by its key's module: a key that names
    # another module is a row reported "not run" after the whole benchmark ran.
    rows = [row for module in run.modules() for row in module.ROWS]
    keys = {key for row in rows for key in (row.figure, row.ceiling) if key}
    assert len(rows) > 20
    assert {child.find(key).key for key in keys} == keys


# ------------------------------------------------------------------ smoke run


@pytest.mark.parametrize(
    "key",
    [
        "intake:record_sqlite",
        "intake:bare_sqlite",
        "projection:growth_100",
        "growth:projection_1000",
        "growth:intake_1000",
        "flags:refresh_1000",
    ],
)
def test_quick_in_process_measurements_give_a_figure(key: str, tmp_path: Path) -> None:
    measurement = child.find(key)
    ctx = Context(quick=True, workdir=tmp_path, scratch=tmp_path / "scratch")
    ctx.scratch.mkdir()
    child.prepare(measurement, ctx)
    found = measurement.run(ctx)
    assert not found.skipped
    assert found.value > 0
    assert len(found.runs) == 3
    assert found.peaks_kib["bench"] > 0


def test_servers_are_refused_without_the_benchmark_ports(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from bench.perf import infra

    monkeypatch.delenv("OUTREACH_TEST_KAFKA_PORT", raising=False)
    with pytest.raises(RuntimeError, match="configure"):
        infra.kafka()
    assert env.DEFAULTS["OUTREACH_TEST_KAFKA_PORT"] != "19092"  # not the test suite's
