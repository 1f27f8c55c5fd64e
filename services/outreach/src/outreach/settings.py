"""Settings of a whole process: the shared ones plus the rules' thresholds and its role."""

from enum import StrEnum
from typing import Literal

from pydantic import Field, field_validator
from pydantic_settings import SettingsConfigDict

from outreach_diagnostics.coach.rules import CoachRules
from outreach_diagnostics.thresholds import Thresholds
from outreach_platform.settings import Settings
from outreach_webhooks import backoff


class Role(StrEnum):
    EMBEDDED = "embedded"
    INTAKE = "intake"
    DIAGNOSTICS = "diagnostics"
    PROJECTION = "projection"
    RELAY = "relay"
    WEBHOOKS = "webhooks"


STACK_ENV_FILE = "var/stack/outreach.env"
"""Written by ``make stack`` and removed by ``make stack-down`` (relative to the repo root)."""

DEFAULT_PORTS = {
    Role.EMBEDDED: 8000,
    Role.INTAKE: 8001,
    Role.DIAGNOSTICS: 8002,
    Role.PROJECTION: 8003,
    Role.RELAY: 8004,
    Role.WEBHOOKS: 8005,
}


class OutreachSettings(Settings):
    model_config = SettingsConfigDict(
        env_prefix="OUTREACH_", env_nested_delimiter="__", extra="ignore"
    )

    rules: Thresholds = Field(default_factory=Thresholds)
    coach: CoachRules = Field(default_factory=CoachRules)  # next actions, what-if, cohort
    flags_refresh_seconds: float = Field(default=30.0, gt=0)
    # The stored verdicts' refresher (ADR 0013): how often it looks for moved and
    # rolled-over candidates, and how many of each it diagnoses per transaction batch.
    verdicts_refresh_seconds: float = Field(default=2.0, gt=0)
    verdicts_batch: int = Field(default=500, ge=1, le=10_000)
    # Parsed states the diagnostics keep between requests, counted in facts (about 2.2 kB
    # of memory each: the default holds about 110 MB); a repeated diagnosis parses only
    # the facts stored since (ADR 0011).
    state_cache_facts: int = Field(default=50_000, ge=0)
    # Diagnoses kept with each cached state, one per day (and known_at) asked: a repeated
    # request for an unchanged candidate is answered without running the rules.
    diagnoses_kept: int = Field(default=4, ge=0, le=64)
    # Where `outreach demo` finds a running stack (make stack writes both); unset, it
    # talks to the embedded server.
    intake_url: str | None = None
    diagnostics_url: str | None = None
    relay_in_intake: bool = True
    # On SIGTERM a process stops within this: up to half of it for the HTTP requests in
    # flight, the rest for the background workers to finish and commit their batch.
    shutdown_seconds: int = Field(default=20, ge=2, le=600)
    # What a role process writes to stderr: its own decisions (partitions assigned and
    # revoked, workers started and stopped) at INFO; the libraries only from WARNING.
    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = "INFO"
    # Webhooks (ADR 0014). Private and loopback addresses are refused unless allowed (a
    # test, a private deployment); a process with webhooks_send=false fans out but sends
    # nothing (a staging copy of production must not call partners).
    webhooks_allow_private: bool = False
    webhooks_send: bool = True
    webhooks_retry_schedule: str = ",".join(f"{w:g}" for w in backoff.DEFAULT_SCHEDULE)
    webhooks_disable_after: int = Field(default=5, ge=1)
    webhooks_timeout_seconds: float = Field(default=10.0, gt=0, le=120)
    webhooks_concurrency: int = Field(default=32, ge=1, le=1000)
    webhooks_per_endpoint: int = Field(default=1, ge=1, le=100)
    # The API's address as partners reach it: deliveries then link to the diagnosis.
    public_url: str | None = None
    # Erase a partner's candidates after this many days without a new event (ADR 0015):
    # JSON, e.g. {"acme": 365}; a partner not named keeps its candidates (the default).
    retention_days: dict[str, int] = Field(default_factory=dict)
    retention_interval_seconds: float = Field(default=3600.0, gt=0)

    @field_validator("webhooks_retry_schedule")
    @classmethod
    def _a_schedule(cls, value: str) -> str:
        backoff.parse(value)  # comma-separated seconds, none negative
        return value

    @classmethod
    def for_admin(cls) -> "OutreachSettings":
        """Settings for the ``outreach`` admin commands: while ``make stack`` runs they act
        on that stack, whose settings it writes to ``STACK_ENV_FILE``; the environment
        still wins over the file."""
        return cls(_env_file=STACK_ENV_FILE)

    @property
    def drain_seconds(self) -> int:
        """The part of ``shutdown_seconds`` for the requests in flight (uvicorn's graceful
        timeout); the background workers have the rest."""
        return self.shutdown_seconds // 2

    def port_for(self, role: Role) -> int:
        # OUTREACH_PORT wins; otherwise each role has its documented port (README) so that a whole
        # stack runs on one machine without a port setting per process.
        return self.port if "port" in self.model_fields_set else DEFAULT_PORTS[role]
