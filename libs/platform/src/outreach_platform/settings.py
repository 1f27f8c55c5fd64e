"""Settings shared by every process, read from ``OUTREACH_*`` environment variables.

Every variable is documented in the README; change both together.
"""

from datetime import date
from pathlib import Path
from typing import Literal

from pydantic import Field, SecretStr, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict
from sqlalchemy import URL

# Passwords that ship in examples; a production store must not run on them.
_EXAMPLE_PASSWORDS = frozenset({"changethis", "postgres", "password", "outreach"})


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="OUTREACH_", extra="ignore")

    host: str = "127.0.0.1"
    port: int = Field(default=8000, ge=1, le=65535)
    data_dir: Path = Path("var")

    store: Literal["sqlite", "postgres"] = "sqlite"
    pg_host: str = "127.0.0.1"
    pg_port: int = 5432
    pg_user: str = "outreach"
    pg_password: SecretStr | None = None
    pg_dbname: str = "outreach"
    allow_example_password: bool = False

    max_body_bytes: int = Field(default=20_000_000, ge=1_000)
    # The HTTP edge (docs/adr/0006): a rate limit per API key (0 turns it off), a token
    # for /metrics (partner names are label values), and what uvicorn allows a client.
    rate_limit_per_second: float = Field(default=100.0, ge=0)
    rate_limit_burst: int = Field(default=200, ge=1)
    metrics_token: SecretStr | None = Field(default=None, min_length=16)
    keep_alive_timeout_seconds: int = Field(default=5, ge=1, le=300)
    header_timeout_seconds: float = Field(default=10.0, gt=0, le=300)
    max_concurrency: int = Field(default=1000, ge=1)
    max_header_bytes: int = Field(default=16_384, ge=1_024, le=1_048_576)
    seed_demo: bool = True
    poll_interval_seconds: float = Field(default=0.1, gt=0)
    # The floor of every occurred_at, as_of and known_at partners send (ADR 0009); never
    # below 1900, near which no job search happened and year 1 overflows zone arithmetic.
    earliest_occurred_at: date = Field(default=date(1990, 1, 1), ge=date(1900, 1, 1))

    # Wraps every candidate's data key (ADR 0015): base64 of 32 random bytes. Required on
    # PostgreSQL; the embedded default makes one in data_dir/master.key. Older keys stay
    # listed (comma-separated) until `outreach keys rewrap` has moved every data key.
    master_key: SecretStr | None = None
    master_keys_previous: SecretStr | None = None

    kafka_bootstrap: str = "127.0.0.1:9092"
    kafka_topic: str = "outreach.events.v1"
    kafka_partitions: int = Field(default=6, ge=1)
    kafka_group: str = "outreach-projection"
    # How long the group waits for a silent projection instance before its partitions
    # move to the others (the broker bounds it: group.min.session.timeout.ms).
    kafka_session_timeout_seconds: float = Field(default=10.0, ge=1.0, le=300.0)

    @model_validator(mode="after")
    def _refuse_missing_or_example_password(self) -> "Settings":
        if self.store != "postgres":
            return self
        password = self.pg_password.get_secret_value() if self.pg_password else ""
        if not password:
            raise ValueError("OUTREACH_PG_PASSWORD must be set when OUTREACH_STORE=postgres")
        if password in _EXAMPLE_PASSWORDS and not self.allow_example_password:
            raise ValueError(
                "OUTREACH_PG_PASSWORD is an example password; choose another "
                "(or set OUTREACH_ALLOW_EXAMPLE_PASSWORD=true on a throwaway machine)"
            )
        return self

    def database_url(self) -> str:
        """SQLAlchemy URL of the read model, API keys and bookkeeping tables."""
        if self.store == "postgres":
            # Built, not formatted: a password with @ / : # % must be escaped in a URL.
            url = URL.create(
                "postgresql+psycopg",
                username=self.pg_user,
                password=self._password(),
                host=self.pg_host,
                port=self.pg_port,
                database=self.pg_dbname,
            )
            return url.render_as_string(hide_password=False)
        return f"sqlite:///{self.data_dir / 'outreach.db'}"

    def event_store_env(self) -> dict[str, str]:
        """The ``eventsourcing`` library's own settings for the event store."""
        if self.store == "postgres":
            return {
                "PERSISTENCE_MODULE": "eventsourcing.postgres",
                "POSTGRES_DBNAME": self.pg_dbname,
                "POSTGRES_HOST": self.pg_host,
                "POSTGRES_PORT": str(self.pg_port),
                "POSTGRES_USER": self.pg_user,
                "POSTGRES_PASSWORD": self._password(),
            }
        return {
            "PERSISTENCE_MODULE": "eventsourcing.sqlite",
            "SQLITE_DBNAME": str(self.data_dir / "events.db"),
            "SQLITE_LOCK_TIMEOUT": "10",
        }

    def prepare(self) -> None:
        if self.store == "sqlite":
            self.data_dir.mkdir(parents=True, exist_ok=True)

    def _password(self) -> str:
        return self.pg_password.get_secret_value() if self.pg_password else ""
