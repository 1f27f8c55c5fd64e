"""SQL stores for tests, with the schema the composition root would create."""

from pathlib import Path

from sqlalchemy import Engine

import outreach_platform.quarantine  # noqa: F401  (every module that defines tables, so all exist)
import outreach_replay.runs  # noqa: F401
from outreach_platform import verdicts as _verdicts  # noqa: F401
from outreach_platform.database import create_schema, make_engine
from outreach_platform.settings import Settings


def sqlite_store(path: Path) -> Engine:
    engine = make_engine(f"sqlite:///{path}")
    create_schema(engine)
    return engine


def with_schema(engine: Engine) -> Engine:
    create_schema(engine)
    return engine


def settings_of(env: dict[str, str]) -> Settings:
    """The shared settings an ``OUTREACH_*`` environment gives a process (not this one's)."""
    fields = {k.removeprefix("OUTREACH_").lower(): v for k, v in env.items()}
    return Settings.model_validate({k: v for k, v in fields.items() if k in Settings.model_fields})
