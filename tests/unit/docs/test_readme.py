"""Every setting a process reads is documented in the README under its variable name."""

from dataclasses import fields
from pathlib import Path

from outreach.settings import OutreachSettings
from outreach_diagnostics.coach.rules import CoachRules
from outreach_diagnostics.thresholds import Thresholds

NESTED = {"rules": Thresholds, "coach": CoachRules}  # OUTREACH_<GROUP>__<FIELD>

README = (Path(__file__).parents[3] / "README.md").read_text()


def _variables() -> list[str]:
    fields_ = (name for name in OutreachSettings.model_fields if name not in NESTED)
    names = [f"OUTREACH_{name.upper()}" for name in fields_]
    for group, kind in NESTED.items():
        names += [f"OUTREACH_{group.upper()}__{field.name.upper()}" for field in fields(kind)]
    return names


def test_every_setting_is_in_the_readme_settings_tables() -> None:
    missing = [name for name in _variables() if f"| `{name}`" not in README]
    assert missing == []


def test_the_readme_names_no_setting_that_does_not_exist() -> None:
    known = set(_variables())
    documented = {
        word.strip("`|")
        for line in README.splitlines()
        if line.startswith("| `OUTREACH_") and not line.startswith("| `OUTREACH_TEST_")
        for word in line.split()[:2]
        if word.startswith("`OUTREACH_")
    }
    assert documented - known == set()
