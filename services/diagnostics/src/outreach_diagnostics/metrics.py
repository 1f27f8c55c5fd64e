"""The diagnostics' metrics: verdicts served, and how many candidates each reason flags."""

from prometheus_client import Counter, Gauge

from outreach_contract.v1 import Diagnosis

FAMILIES = ("outreach_diagnoses_", "outreach_candidates")

DIAGNOSES_SERVED = Counter(
    "outreach_diagnoses_served_total",
    "Reason verdicts served in diagnoses, by reason and status.",
    ["reason", "status"],
)
CANDIDATES_FLAGGED = Gauge(
    "outreach_candidates_flagged",
    "Candidates whose current diagnosis gives a reason this status (refreshed periodically), "
    "by partner, reason and status.",
    ["partner", "reason", "status"],
)
CANDIDATES = Gauge(
    "outreach_candidates",
    "Candidates in the read model, by partner (refreshed with the flags).",
    ["partner"],
)

DIAGNOSES_FAILED = Counter(
    "outreach_diagnoses_failed_total",
    "Candidates the verdict refresh could not diagnose (logged and skipped), by partner.",
    ["partner"],
)


def record(diagnosis: Diagnosis) -> None:
    for verdict in diagnosis.reasons:
        DIAGNOSES_SERVED.labels(verdict.reason.value, verdict.status.value).inc()
