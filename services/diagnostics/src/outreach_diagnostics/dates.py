"""Dates the way advice is read: "2 Nov", "7 Sep 2026", "Tue 8 Sep 2026".

Written out by hand rather than with ``strftime("%b")``, whose month names follow the
process locale: a diagnosis must read (and hash) the same on every server.
"""

from datetime import date, timedelta
from functools import lru_cache
from typing import TYPE_CHECKING

import holidays

if TYPE_CHECKING:
    import inflect

_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_SATURDAY = 5
_WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")


def short(day: date) -> str:
    """'2 Nov'."""
    return f"{day.day} {_MONTHS[day.month - 1]}"


def full(day: date) -> str:
    """'7 Sep 2026'."""
    return f"{short(day)} {day.year}"


def weekday(day: date) -> str:
    """'Tue 8 Sep 2026'."""
    return f"{_WEEKDAYS[day.weekday()]} {full(day)}"


def plural(count: int, word: str, many: str | None = None) -> str:
    """'1 contact', '2 contacts', '1 company', '3 companies' (``inflect`` knows English)."""
    return f"{count} {word if count == 1 else many or _english().plural_noun(word)}"


@lru_cache(maxsize=1)
def _english() -> "inflect.engine":
    # Imported on first use: inflect takes about 4 s to import (typeguard instruments it),
    # which every ``outreach`` command paid, `keys create` included, before it did anything.
    import inflect

    return inflect.engine()


def business_day(day: date, country: str | None = None) -> date:
    """``day``, or the first day after it that is neither a weekend nor a public holiday of
    ``country`` (the ``holidays`` package): a follow-up is due when offices are open.
    A country the package does not know skips weekends only."""
    closed = _public_holidays(country, day.year)
    while day.weekday() >= _SATURDAY or day in closed:
        day += timedelta(days=1)
        if day.year not in closed.years:
            closed = _public_holidays(country, day.year)
    return day


@lru_cache(maxsize=256)
def _public_holidays(country: str | None, year: int) -> holidays.HolidayBase:
    try:
        return holidays.country_holidays(country, years=year) if country else _no_holidays(year)
    except NotImplementedError:  # a country the package has no calendar for
        return _no_holidays(year)


def _no_holidays(year: int) -> holidays.HolidayBase:
    return holidays.HolidayBase(years=year)
