"""Candidate state and its fold: pure, no I/O; shared by projection, diagnostics and replay."""

from outreach_domain.fold import apply, apply_all, empty_state, restrict
from outreach_domain.state import CandidateState, Fact

__all__ = ["CandidateState", "Fact", "apply", "apply_all", "empty_state", "restrict"]
