"""The seven reasons networking is not working, as pure rules over a candidate's state."""

from outreach_diagnostics.evaluate import diagnose
from outreach_diagnostics.spelling import SpellCheck, default_checker
from outreach_diagnostics.thresholds import Thresholds

__all__ = ["SpellCheck", "Thresholds", "default_checker", "diagnose"]
