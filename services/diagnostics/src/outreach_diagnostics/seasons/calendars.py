"""The ``holidays`` package, asked the few things the seasons need.

Names are looked up in US English (``language="en_US"``), the one language nearly
every calendar of the package is translated into. Calendars are cached per country and
year: building one is the expensive part, and a diagnosis asks for the same few.
"""

from datetime import date, timedelta
from functools import lru_cache
from importlib.metadata import version

import holidays

SOURCE = f"holidays {version('holidays')}"
_SATURDAY, _SUNDAY = 5, 6


@lru_cache(maxsize=512)
def calendar(country: str, year: int, observed: bool) -> holidays.HolidayBase | None:
    """The country's public holidays of ``year``, or None for a code the package lacks."""
    try:
        return holidays.country_holidays(country, years=year, language="en_US", observed=observed)
    except NotImplementedError:
        return None


def known(country: str) -> bool:
    return country in holidays.list_supported_countries()


def named_day(country: str, year: int, names: tuple[str, ...], month: int) -> date | None:
    """The first day in ``month`` of ``year`` that carries one of ``names`` exactly."""
    days = calendar(country, year, observed=False)
    if days is None:
        return None
    found = {d for name in names for d in days.get_named(name, lookup="iexact")}
    in_month = sorted(d for d in found if d.month == month)
    return in_month[0] if in_month else None


def holidays_between(country: str, first: date, last: date) -> list[tuple[date, str]]:
    """Every day off (observed days included) from ``first`` to ``last``, in order."""
    found: list[tuple[date, str]] = []
    for year in range(first.year, last.year + 1):
        days = calendar(country, year, observed=True)
        if days is not None:
            found += [(d, str(name)) for d, name in days.items() if first <= d <= last]
    return sorted(found)


def next_business_day(country: str, day: date) -> date:
    """The first working day after ``day``: not the country's weekend, not a day off."""
    days = calendar(country, day.year, observed=True)
    weekend = set(days.weekend) if days is not None else {_SATURDAY, _SUNDAY}
    following = day + timedelta(days=1)
    while following.weekday() in weekend or _is_day_off(country, following):
        following += timedelta(days=1)
    return following


def _is_day_off(country: str, day: date) -> bool:
    days = calendar(country, day.year, observed=True)
    return days is not None and day in days
