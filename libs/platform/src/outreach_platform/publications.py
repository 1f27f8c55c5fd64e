"""Where the relay put each event in Kafka, and how far it has published: written by the
relay, read by the intake's audit trail (an auditor is shown each event's placement)."""

from collections.abc import Sequence
from typing import NamedTuple

from sqlalchemy import BigInteger, Column, Engine, Integer, String, Table, select

from outreach_platform.database import METADATA, read_only

relay_positions = Table(
    "relay_positions",
    METADATA,
    Column("relay", String(100), primary_key=True),
    Column("position", BigInteger, nullable=False),
)
publications = Table(
    "publications",
    METADATA,
    Column("partner", String(64), primary_key=True),
    Column("event_id", String(36), primary_key=True),
    Column("position", BigInteger, nullable=False),
    Column("topic", String(200), nullable=False),
    Column("partition", Integer, nullable=False),
    Column("offset", BigInteger, nullable=False),
)


# Named tuples, not frozen dataclasses: the relay builds two of these for every event it
# publishes, and a frozen dataclass's __init__ cost 5 % of its time (issue 11).
class Placement(NamedTuple):
    """Where the broker acknowledged a record."""

    topic: str
    partition: int
    offset: int


class Publication(NamedTuple):
    partner: str
    event_id: str
    position: int  # the event's notification id in the event store
    placement: Placement

    def row(self) -> dict[str, object]:
        return {
            "partner": self.partner,
            "event_id": self.event_id,
            "position": self.position,
            "topic": self.placement.topic,
            "partition": self.placement.partition,
            "offset": self.placement.offset,
        }


class PublicationLog:
    """Reads the placements the relay recorded."""

    def __init__(self, engine: Engine) -> None:
        self._engine = engine

    def placements(self, partner: str, event_ids: Sequence[str]) -> dict[str, Placement]:
        query = select(publications).where(
            publications.c.partner == partner, publications.c.event_id.in_(list(event_ids))
        )
        with read_only(self._engine).connect() as conn:
            return {
                row.event_id: Placement(row.topic, row.partition, row.offset)
                for row in conn.execute(query)
            }
