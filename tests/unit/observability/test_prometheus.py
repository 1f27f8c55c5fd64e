"""The scrape configs and alert rules in deploy/prometheus, checked with promtool."""

import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.unit.observability.catalog import exported, unknown_references
from tests.unit.observability.conftest import REPO
from tests.unit.observability.promtool import Promtool

PROMETHEUS = REPO / "deploy" / "prometheus"
ALERTS = PROMETHEUS / "alerts.yml"
ALERT_TESTS = PROMETHEUS / "alerts.test.yml"
SECRET = "/run/secrets/metrics_token"
EXPECTED_TARGETS = {
    "prometheus.local.yml": {
        "embedded": ["127.0.0.1:8000"],
        "intake": ["127.0.0.1:8001"],
        "diagnostics": ["127.0.0.1:8002"],
        "projection": ["127.0.0.1:8003"],
        "relay": ["127.0.0.1:8004"],
        "webhooks": ["127.0.0.1:8005"],
    },
    "prometheus.compose.yml": {
        "intake": ["intake:8001"],
        "diagnostics": ["diagnostics:8002"],
        "projection": ["projection:8003"],
        "relay": ["relay:8004"],
        "webhooks": ["webhooks:8005"],
    },
}


def load(path: Path) -> Any:
    return yaml.safe_load(path.read_text("utf-8"))


def alert_rules() -> list[dict[str, Any]]:
    return [rule for group in load(ALERTS)["groups"] for rule in group["rules"] if "alert" in rule]


def test_alert_rules_pass_promtool_check(promtool: Promtool) -> None:
    result = promtool.run("check", "rules", ALERTS)
    assert result.ok, result.output


def test_alert_unit_tests_pass(promtool: Promtool) -> None:
    result = promtool.run("test", "rules", ALERT_TESTS)
    assert result.ok, result.output


@pytest.mark.parametrize("config", sorted(EXPECTED_TARGETS))
def test_scrape_config_passes_promtool_check(
    promtool: Promtool, config: str, tmp_path: Path
) -> None:
    # rule_files are relative to the config file, so this also finds and checks alerts.yml.
    # promtool opens every credentials file: the compose secret's path is one on this host.
    token = tmp_path / "metrics_token"
    token.write_text("a-token-for-promtool-only", "utf-8")
    shutil.copy(ALERTS, tmp_path)
    text = (PROMETHEUS / config).read_text("utf-8")
    (tmp_path / config).write_text(text.replace(SECRET, str(token)), "utf-8")
    result = promtool.run("check", "config", tmp_path / config)
    assert result.ok, result.output
    assert "SUCCESS: 1 rule files found" in result.output, result.output


@pytest.mark.parametrize("config", sorted(EXPECTED_TARGETS))
def test_scrape_config_has_one_job_per_service(config: str) -> None:
    jobs = {
        job["job_name"]: [t for group in job["static_configs"] for t in group["targets"]]
        for job in load(PROMETHEUS / config)["scrape_configs"]
    }
    assert jobs == EXPECTED_TARGETS[config]


def test_compose_jobs_send_the_metrics_token() -> None:
    for job in load(PROMETHEUS / "prometheus.compose.yml")["scrape_configs"]:
        assert job["authorization"] == {"type": "Bearer", "credentials_file": SECRET}, job


def test_local_targets_are_optional_and_compose_targets_are_not() -> None:
    # OutreachServiceDown ignores never-started optional targets (see alerts.yml).
    for config, optional in (("prometheus.local.yml", "true"), ("prometheus.compose.yml", None)):
        for job in load(PROMETHEUS / config)["scrape_configs"]:
            for group in job["static_configs"]:
                assert group.get("labels", {}).get("optional") == optional, (config, job)


def test_every_alert_is_unit_tested_firing_and_not_firing() -> None:
    firing: set[str] = set()
    quiet: set[str] = set()
    for case in load(ALERT_TESTS)["tests"]:
        for check in case.get("alert_rule_test", []):
            (firing if check.get("exp_alerts") else quiet).add(check["alertname"])
    names = {rule["alert"] for rule in alert_rules()}
    assert names - firing == set(), "alerts without a test that fires them"
    assert names - quiet == set(), "alerts without a test that they stay quiet"
    assert firing | quiet <= names, "tests of alerts that do not exist"


def test_alerts_cover_the_issue() -> None:
    expressions = " ".join(rule["expr"] for rule in alert_rules())
    for metric in (
        "outreach_relay_lag_notifications",
        "outreach_projection_consumer_lag",
        "outreach_projection_newest_event_received_timestamp_seconds",
        "outreach_http_requests_total",
        "up",
    ):
        assert metric in expressions


@pytest.mark.parametrize("rule", alert_rules(), ids=lambda rule: rule["alert"])
def test_alert_is_actionable(rule: dict[str, Any]) -> None:
    assert rule["labels"]["severity"] in {"warning", "critical"}
    assert rule["annotations"]["summary"]
    assert rule["annotations"]["description"]
    assert unknown_references(rule["expr"], exported()) == []


def test_a_broken_threshold_fails_the_alert_unit_tests(promtool: Promtool, tmp_path: Path) -> None:
    """The unit tests can fail: raise one threshold and the test that fires it breaks."""
    shutil.copy(ALERT_TESTS, tmp_path)
    original = ALERTS.read_text("utf-8")
    assert "> 0.05" in original
    (tmp_path / ALERTS.name).write_text(original.replace("> 0.05", "> 0.5"), "utf-8")
    result = promtool.run("test", "rules", tmp_path / ALERT_TESTS.name)
    assert not result.ok
    assert "OutreachHighErrorRate" in result.output
