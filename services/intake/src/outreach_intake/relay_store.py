"""The relay's bookkeeping: how far it has published, and where each event landed in Kafka."""

from dataclasses import dataclass

from sqlalchemy import BigInteger, Column, Engine, Integer, String, Table, insert, select, update

from outreach_platform.database import METADATA, create_tables

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


@dataclass(frozen=True)
class Publication:
    partner: str
    event_id: str
    position: int
    topic: str
    partition: int
    offset: int


class RelayStore:
    def __init__(self, engine: Engine, relay: str = "kafka") -> None:
        self._engine = engine
        self._relay = relay
        create_tables(engine, [relay_positions, publications])

    def position(self) -> int:
        with self._engine.connect() as conn:
            found = conn.execute(
                select(relay_positions.c.position).where(relay_positions.c.relay == self._relay)
            ).scalar()
        return int(found or 0)

    def published(self, batch: list[Publication], reached: int | None = None) -> None:
        """Record a batch the broker acknowledged, and move the position past it, atomically.

        A crash before this commit means the batch is published again: at-least-once,
        and the projection ignores what it already has. ``reached`` (default: the batch's
        last position) may lie beyond the batch, or come with an empty one: the relay
        passes over notifications it does not publish (claims, receipts) that way.
        """
        position = reached if reached is not None else batch[-1].position
        with self._engine.begin() as conn:
            for item in batch:
                key = (publications.c.partner == item.partner) & (
                    publications.c.event_id == item.event_id
                )
                # The first publication is the one an auditor is shown; a re-publication
                # after a crash leaves it in place.
                if conn.execute(select(publications.c.event_id).where(key)).first() is None:
                    conn.execute(insert(publications).values(**item.__dict__))
            moved = conn.execute(
                update(relay_positions)
                .where(relay_positions.c.relay == self._relay)
                .values(position=position)
            )
            if moved.rowcount == 0:
                conn.execute(insert(relay_positions).values(relay=self._relay, position=position))

    def publications_of(self, partner: str, event_ids: list[str]) -> dict[str, Publication]:
        query = select(publications).where(
            publications.c.partner == partner, publications.c.event_id.in_(event_ids)
        )
        with self._engine.connect() as conn:
            return {row.event_id: Publication(**row._mapping) for row in conn.execute(query)}
