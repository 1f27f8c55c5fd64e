"""The validity benchmark's scoring (bench/validity_lib/score.py): pure, no server."""

from bench.validity_lib.report import markdown, summary_line, text
from bench.validity_lib.score import CLEAN, REASONS, UNDECIDED, Observation, Truth, score

PROBLEM = Truth(True, "problem")
AT_RISK = Truth(True, "at_risk")
FLAG = Truth(True)


def obs(truth: Truth, got: str, scenario: str = "s", reason: str = "presentation") -> Observation:
    return Observation("cand", scenario, reason, truth, got)


def test_at_risk_and_problem_both_count_as_flagged() -> None:
    s = score([obs(PROBLEM, "at_risk"), obs(AT_RISK, "problem"), obs(FLAG, "at_risk")])
    result = s["presentation"]
    assert (result.tp, result.fn, result.fp) == (3, 0, 0)
    assert result.recall == 1.0
    # The statuses were asserted for two of them, and both are wrong.
    assert (result.status_checked, result.status_right) == (2, 0)


def test_precision_and_recall_from_the_four_cells() -> None:
    observations = (
        [obs(PROBLEM, "problem")] * 6
        + [obs(PROBLEM, "ok", "missed")] * 2
        + [obs(CLEAN, "at_risk", "false_alarm")] * 3
        + [obs(CLEAN, "ok")] * 9
        + [obs(Truth(False, "insufficient_data"), "insufficient_data")]
    )
    result = score(observations)["presentation"]
    assert (result.tp, result.fp, result.fn, result.tn) == (6, 3, 2, 10)
    assert result.precision == 6 / 9
    assert result.recall == 6 / 8
    assert result.misses["missed"]["fn"] == 2
    assert result.misses["false_alarm"]["fp"] == 3
    assert "s" not in result.misses


def test_insufficient_data_is_not_flagged() -> None:
    result = score([obs(PROBLEM, "insufficient_data")])["presentation"]
    assert (result.tp, result.fn) == (0, 1)


def test_undecided_truth_is_shown_but_never_scored() -> None:
    result = score([obs(UNDECIDED, "problem"), obs(PROBLEM, "problem")])["presentation"]
    assert (result.tp, result.fp, result.fn, result.tn) == (1, 0, 0, 0)
    assert result.confusion["undecided"]["problem"] == 1


def test_confusion_rows_are_expected_statuses_or_flags() -> None:
    result = score([obs(CLEAN, "ok"), obs(Truth(False), "insufficient_data"), obs(FLAG, "ok")])
    confusion = result["presentation"].confusion
    assert confusion["ok"]["ok"] == 1
    assert confusion["not flagged (any)"]["insufficient_data"] == 1
    assert confusion["flagged (any)"]["ok"] == 1


def test_target_is_met_at_exactly_095_and_missed_just_below() -> None:
    at_target = [obs(PROBLEM, "problem")] * 19 + [obs(CLEAN, "problem")]
    assert score(at_target)["presentation"].passed
    below = [obs(PROBLEM, "problem")] * 18 + [obs(CLEAN, "problem")]
    assert not score(below)["presentation"].passed


def test_nothing_flagged_is_no_precision_and_no_pass() -> None:
    result = score([obs(CLEAN, "ok")])["presentation"]
    assert result.precision is None
    assert result.recall is None
    assert not result.passed
    assert "precision n/a recall n/a target 0.95" in summary_line(result)


def test_every_reason_is_reported_in_contract_order() -> None:
    scores = score([obs(PROBLEM, "problem", reason="unwilling_contact")])
    assert tuple(scores) == REASONS
    lines = text(scores, {"seed": 1}).splitlines()
    assert lines[-1].startswith("unwilling_contact")
    assert "precision 1.000 recall 1.000 target 0.95" in lines[-1]
    assert "| `unwilling_contact` | 1.000 | 1.000 | 0.95 |" in markdown(scores, {"seed": 1})
