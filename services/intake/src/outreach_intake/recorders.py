"""The intake's recorder: the library's application recorder of the configured store,
with the claims table (``claims.py``)."""

from typing import Any

from eventsourcing.persistence import ApplicationRecorder, InfrastructureFactory
from eventsourcing.popo import POPOFactory
from eventsourcing.postgres import PostgresFactory
from eventsourcing.sqlite import SQLiteFactory
from eventsourcing.utils import get_topic

from outreach_intake.claims_memory import MemoryClaimsRecorder
from outreach_intake.claims_postgres import ClaimsPostgresRecorder
from outreach_intake.claims_sqlite import ClaimsSQLiteRecorder

_BY_FACTORY: list[tuple[type[Any], type[ApplicationRecorder]]] = [
    (SQLiteFactory, ClaimsSQLiteRecorder),
    (PostgresFactory, ClaimsPostgresRecorder),
]


def claims_recorder(factory: InfrastructureFactory[Any]) -> ApplicationRecorder:
    if isinstance(factory, POPOFactory):  # in memory (unit tests): it reads no topic
        return MemoryClaimsRecorder()
    chosen = next((r for f, r in _BY_FACTORY if isinstance(factory, f)), None)
    if chosen is None:
        raise NotImplementedError(f"no claims table for {type(factory).__name__}")
    # Through the factory, so that its table names and CREATE_TABLE setting still apply.
    factory.env[factory.APPLICATION_RECORDER_TOPIC] = get_topic(chosen)
    recorder = factory.application_recorder()
    if not isinstance(recorder, chosen):  # an INTAKE_APPLICATION_RECORDER_TOPIC won
        raise ValueError(f"the intake needs its own recorder ({chosen.__name__})")
    return recorder
