"""The year-end break outside the US, from the country's own holidays.

Thanksgiving is American (Canada's is in October, Japan's Labour Thanksgiving Day is
another holiday), so no other country's year-end season starts on it. The break is the
country's own cluster of days off around Christmas and New Year: every public holiday
(observed days included) from 20 December to 10 January, first to last, provided the
calendar has a Christmas among them. So Britain gets Christmas Day to New Year's Day,
Spain and Italy run to Epiphany (6 January), Russia's New Year holidays run into
January around Orthodox Christmas. A calendar with no Christmas there (Japan, China,
Israel, ...) has no year-end break on record: the rule says so instead of inventing one.
"""

from datetime import date

from outreach_diagnostics.dates import short
from outreach_diagnostics.seasons.calendars import SOURCE, holidays_between, next_business_day
from outreach_diagnostics.seasons.model import Season


def year_end(country: str, year: int) -> Season | None:
    """The break around the Christmas of ``year``, or None when there is none on record."""
    days_off = holidays_between(country, date(year, 12, 20), date(year + 1, 1, 10))
    if not any("christmas" in name.casefold() for _, name in days_off):
        return None
    (first, first_name), (last, last_name) = days_off[0], days_off[-1]
    return Season(
        name="year_end",
        label=f"the year-end holidays, {short(first)} to {short(last)}",
        starts_on=first,
        ends_on=last,
        ends_with=_ending(last_name),
        calendar=country,
        source=f"{SOURCE}, {country} calendar: {_plain(first_name)} to {_plain(last_name)}",
        follow_up_on=next_business_day(country, last),
    )


def _ending(name: str) -> str:
    plain = _plain(name)
    # A bridge day ("Day off (substituted from ...)") is no holiday to name in advice.
    return "the last day off of the year-end holidays" if plain.startswith("Day off") else plain


def _plain(name: str) -> str:
    # "New Year's Day (observed)" ends the break as much as the day itself; several
    # holidays on one day come joined by "; ".
    return name.split("; ")[0].removesuffix(" (observed)")
