"""The seven reasons networking is not working, as pure rules over a candidate's state.

Its names load on first use (PEP 562): importing a small module of the package, such as
``thresholds`` for the settings, must not load every rule, the spelling dictionary and
their dependencies (the ``outreach keys`` commands import the settings, ADR 0017).
"""

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from outreach_diagnostics.evaluate import diagnose
    from outreach_diagnostics.spelling import SpellCheck, default_checker
    from outreach_diagnostics.thresholds import Thresholds

_HOMES = {
    "diagnose": "outreach_diagnostics.evaluate",
    "SpellCheck": "outreach_diagnostics.spelling",
    "default_checker": "outreach_diagnostics.spelling",
    "Thresholds": "outreach_diagnostics.thresholds",
}


def __getattr__(name: str) -> Any:
    if name not in _HOMES:
        raise AttributeError(f"module 'outreach_diagnostics' has no attribute {name!r}")
    return getattr(import_module(_HOMES[name]), name)


__all__ = ["SpellCheck", "Thresholds", "default_checker", "diagnose"]
