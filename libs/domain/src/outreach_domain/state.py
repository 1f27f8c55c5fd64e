"""What the system knows about one candidate of one partner.

The state is the candidate's facts — each recorded event once, sorted by when it
occurred — rather than running totals. That makes it independent of delivery order
and duplicates by construction, and lets an as-of or known-at audit cut it exactly
(``fold.restrict``); the figures coaches look at are derived in ``summary``.
"""

from bisect import bisect_left, bisect_right
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from functools import cached_property
from typing import TypeVar
from zoneinfo import ZoneInfo

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field

from outreach_contract.v1 import Event
from outreach_contract.v1 import data as d
from outreach_contract.v1 import events as ev

E = TypeVar("E", bound=BaseModel)


class Fact(BaseModel):
    # Both keys are computed once per fact: a batch asks for them several times a fact
    # (dedup, sort, feed order, row), and ``str(UUID)`` alone was 6 % of a projection batch.
    model_config = ConfigDict(frozen=True, ignored_types=(cached_property,))

    received_at: AwareDatetime = Field(description="when the system received the event")
    event: Event = Field(description="the event, as the partner sent it")

    @classmethod
    def of(cls, received_at: datetime, event: Event, event_id: str | None = None) -> "Fact":
        """The fact of a recorded event's parts, which their ``RecordedEvent`` validated
        already: built without validating them again, with the event's id as text when
        the caller has it. Half the time of ``Fact(...)``, and less than half of
        ``model_construct``'s (which loops over the fields in Python); the unit tests hold
        it equal to ``Fact(...)`` in every respect pydantic compares or dumps."""
        fact = object.__new__(cls)
        values: dict[str, object] = {"received_at": received_at, "event": event}
        if event_id is not None:
            values["event_id"] = event_id  # what the cached property would compute
        _set = object.__setattr__  # the model is frozen: its own __setattr__ refuses
        _set(fact, "__dict__", values)
        _set(fact, "__pydantic_fields_set__", {"received_at", "event"})
        _set(fact, "__pydantic_extra__", None)
        _set(fact, "__pydantic_private__", None)
        return fact

    @cached_property
    def event_id(self) -> str:
        return str(self.event.event_id)

    @cached_property
    def sort_key(self) -> tuple[datetime, str]:
        return (self.event.occurred_at.astimezone(UTC), self.event_id)


class CandidateState(BaseModel):
    model_config = ConfigDict(frozen=True, ignored_types=(cached_property,))

    partner: str
    candidate_id: str
    facts: tuple[Fact, ...] = ()

    @cached_property
    def event_ids(self) -> frozenset[str]:
        return frozenset(fact.event_id for fact in self.facts)

    def of_type(self, kind: type[E]) -> list[E]:
        """The candidate's events of one contract class, oldest first (a copy)."""
        if any(t is not kind and issubclass(t, kind) for t in self._by_type):
            # A base class: its events are spread over several lists; scan in fact order.
            return [fact.event for fact in self.facts if isinstance(fact.event, kind)]
        return list(self._by_type.get(kind, ()))  # type: ignore[arg-type]

    def on_or_after(self, kind: type[E], day: date) -> list[E]:
        """The events of ``kind`` (a concrete contract class) whose local day is ``day`` or
        later, oldest first: what a rule keeping a recent window reads.

        The index follows the state's order (UTC ``occurred_at``) and a local day is never
        more than a day from the UTC one, so every event before the UTC midnight that
        starts the day before ``day`` is earlier, found by binary search; only the
        events after it have their local day checked."""
        if any(t is not kind and issubclass(t, kind) for t in self._by_type):
            return [e for e in self.of_type(kind) if self.local_date(_occurred_at(e)) >= day]
        events: list[E] = self._by_type.get(kind, [])  # type: ignore[assignment]
        bound = datetime.combine(day - timedelta(days=1), time(), UTC) if day > date.min else None
        start = 0 if bound is None else bisect_left(events, bound, key=_occurred_at)
        return [e for e in events[start:] if self.local_date(_occurred_at(e)) >= day]

    @cached_property
    def _by_type(self) -> dict[type, list[BaseModel]]:
        # An index built once per state: the rules ask for events by type dozens of times
        # per diagnosis, and a scan of every fact each time made a diagnosis grow with
        # the whole history rather than with the facts each rule reads.
        index: dict[type, list[BaseModel]] = {}
        for fact in self.facts:
            index.setdefault(type(fact.event), []).append(fact.event)
        return index

    @cached_property
    def profile(self) -> d.CandidateRegisteredData | None:
        registrations = self.of_type(ev.CandidateRegistered)
        return registrations[-1].data if registrations else None

    @cached_property
    def zones(self) -> tuple[tuple[datetime, tzinfo], ...]:
        """Each registered time zone with the moment (UTC) it took effect, oldest first.

        A registration without a time zone keeps the one on record: leaving out an
        optional field does not move the candidate to UTC."""
        return tuple(
            (event.occurred_at.astimezone(UTC), ZoneInfo(event.data.timezone))
            for event in self.of_type(ev.CandidateRegistered)
            if event.data.timezone
        )

    @cached_property
    def timezone(self) -> tzinfo:
        """The time zone on record now (the latest registered one, else UTC)."""
        return self.zones[-1][1] if self.zones else UTC

    def timezone_at(self, moment: datetime) -> tzinfo:
        """The time zone in force at ``moment``: the latest registered by then.

        A later registration with a new zone changes no earlier day, so a diagnosis as of
        an earlier date stays what it was. Before the first registration the first
        registered zone is the best knowledge of where the candidate lived (UTC when no
        zone is registered at all)."""
        if not self.zones:
            return UTC
        index = bisect_right(self.zones, moment.astimezone(UTC), key=lambda zone: zone[0])
        return self.zones[max(index - 1, 0)][1]

    @cached_property
    def contacts(self) -> dict[str, d.ContactAddedData]:
        """Each contact as last described (a later ``contact.added`` updates it); a later
        description without a ``name`` keeps the name already known, since partners that
        do not hold names must not erase those another feed sent."""
        found: dict[str, d.ContactAddedData] = {}
        for event in self.of_type(ev.ContactAdded):
            known = found.get(event.data.contact_id)
            data = event.data
            if data.name is None and known is not None and known.name is not None:
                data = data.model_copy(update={"name": known.name})
            found[data.contact_id] = data
        return found

    def local_date(self, moment: datetime) -> date:
        """The calendar day of a moment where the candidate lived at that moment.

        Memoised per state: the rules ask for the day of the same events many times per
        diagnosis, and a cached state is diagnosed again and again. The day depends on the
        instant only (equal instants in other offsets are equal keys)."""
        found = self._local_dates.get(moment)
        if found is None:
            found = moment.astimezone(self.timezone_at(moment)).date()
            self._local_dates[moment] = found
        return found

    @cached_property
    def _local_dates(self) -> dict[datetime, date]:
        return {}


def _occurred_at(event: BaseModel) -> datetime:
    moment: datetime = getattr(event, "occurred_at")  # noqa: B009 (every event has one)
    return moment
