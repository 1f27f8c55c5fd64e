"""Settings of a whole process: the shared ones plus the rules' thresholds and its role."""

from enum import StrEnum

from pydantic import Field
from pydantic_settings import SettingsConfigDict

from outreach_diagnostics.thresholds import Thresholds
from outreach_platform.settings import Settings


class Role(StrEnum):
    EMBEDDED = "embedded"
    INTAKE = "intake"
    DIAGNOSTICS = "diagnostics"
    PROJECTION = "projection"
    RELAY = "relay"


STACK_ENV_FILE = "var/stack/outreach.env"
"""Written by ``make stack`` and removed by ``make stack-down`` (relative to the repo root)."""

DEFAULT_PORTS = {
    Role.EMBEDDED: 8000,
    Role.INTAKE: 8001,
    Role.DIAGNOSTICS: 8002,
    Role.PROJECTION: 8003,
    Role.RELAY: 8004,
}


class OutreachSettings(Settings):
    model_config = SettingsConfigDict(
        env_prefix="OUTREACH_", env_nested_delimiter="__", extra="ignore"
    )

    rules: Thresholds = Field(default_factory=Thresholds)
    flags_refresh_seconds: float = Field(default=30.0, gt=0)
    # Parsed states the diagnostics keep between requests, counted in facts (about 2.2 kB
    # of memory each: the default holds about 110 MB); a repeated diagnosis parses only
    # the facts stored since (ADR 0011).
    state_cache_facts: int = Field(default=50_000, ge=0)
    # Where `outreach demo` finds a running stack (make stack writes both); unset, it
    # talks to the embedded server.
    intake_url: str | None = None
    diagnostics_url: str | None = None
    relay_in_intake: bool = True
    # On SIGTERM a process stops within this: up to half of it for the HTTP requests in
    # flight, the rest for the background workers to finish and commit their batch.
    shutdown_seconds: int = Field(default=20, ge=2, le=600)
    # Erase a partner's candidates after this many days without a new event (ADR 0015):
    # JSON, e.g. {"acme": 365}; a partner not named keeps its candidates (the default).
    retention_days: dict[str, int] = Field(default_factory=dict)
    retention_interval_seconds: float = Field(default=3600.0, gt=0)

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
