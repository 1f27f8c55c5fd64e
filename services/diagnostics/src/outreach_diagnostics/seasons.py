"""The low seasons of the job market, from the candidate's country calendar.

The seed text: "the least opportune times are mid June through Labor Day, and then
Thanksgiving to New Years". The two seasons, per year Y:

* summer: 15 June (configurable) through Labor Day, the first Monday of September;
* year end: Thanksgiving (fourth Thursday of November) through New Year's Day of Y + 1.

Boundaries: both ends are inside. Labor Day, Thanksgiving Day and New Year's Day are
holidays, when nobody hires; the market is "in full swing" again the next day, which is
the follow-up date (``Season.follow_up_on``): the Tuesday after Labor Day, and 2 January.

Dates come from the ``holidays`` package, found by name ("Labor Day"/"Labour Day" in
September, "Thanksgiving"/"Thanksgiving Day" in November), never hard-coded. A country
whose calendar has no such holiday (Germany's Labour Day is 1 May, Canada's Thanksgiving
is in October, Japan's Labour Thanksgiving Day is a different holiday) or that the
package does not know borrows the US date, and ``Season.note`` says so: the seed text
describes the US hiring calendar, and a lull anchored on the US dates is a better guess
than none. Southern-hemisphere summers are not modelled, for the same reason.
"""

from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache

import holidays

US = "US"
_LABOR_DAY = ("Labor Day", "Labour Day")
_THANKSGIVING = ("Thanksgiving Day", "Thanksgiving")
SEPTEMBER, NOVEMBER = 9, 11
_MONTHS = {SEPTEMBER: "September", NOVEMBER: "November"}


@dataclass(frozen=True)
class Season:
    name: str  # "summer" | "year_end"
    label: str  # e.g. "mid-June to Labor Day"
    starts_on: date  # first day inside
    ends_on: date  # last day inside
    ends_with: str  # the holiday on ends_on: "Labor Day" | "New Year's Day"
    calendar: str  # the country whose calendar gave the dates
    note: str | None = None  # why another country's calendar was used

    @property
    def follow_up_on(self) -> date:
        """The first day the market is back in swing: the day after the season."""
        return self.ends_on + timedelta(days=1)

    def __contains__(self, day: object) -> bool:
        return isinstance(day, date) and self.starts_on <= day <= self.ends_on


@dataclass(frozen=True)
class _Anchor:
    day: date
    calendar: str
    note: str | None


@lru_cache(maxsize=256)
def _named_day(country: str, year: int, names: tuple[str, ...], month: int) -> date | None:
    # Cached per (country, year): building a country calendar is the expensive part.
    try:
        calendar = holidays.country_holidays(country, years=year, language="en_US", observed=False)
    except NotImplementedError:  # a code the package does not know
        return None
    days = {d for name in names for d in calendar.get_named(name, lookup="iexact")}
    in_month = sorted(d for d in days if d.month == month)
    return in_month[0] if in_month else None


def _anchor(country: str, year: int, names: tuple[str, ...], month: int) -> _Anchor:
    own = _named_day(country, year, names, month)
    if own is not None:
        return _Anchor(own, country, None)
    us_day = _named_day(US, year, names, month)
    if us_day is None:  # cannot happen for the US calendar; guards a package regression
        raise LookupError(f"the holidays package has no US {names[0]} in {year}")
    where = f"{country}'s calendar has no {names[0]} in {_MONTHS[month]}"
    if country not in holidays.list_supported_countries():
        where = f"the holidays package has no calendar for {country}"
    note = f"{where}; the US date, {us_day.day} {_MONTHS[month]} {year}, is used"
    return _Anchor(us_day, US, note)


def _country(country: str | None) -> str:
    return (country or US).upper()


@lru_cache(maxsize=256)
def low_seasons(
    year: int, country: str | None = US, start_month: int = 6, start_day: int = 15
) -> tuple[Season, Season]:
    """The summer season of ``year`` and the year-end season that starts in ``year``."""
    code = _country(country)
    labor = _anchor(code, year, _LABOR_DAY, SEPTEMBER)
    thanks = _anchor(code, year, _THANKSGIVING, NOVEMBER)
    summer = Season(
        "summer",
        "mid-June to Labor Day",
        date(year, start_month, start_day),
        labor.day,
        "Labor Day",
        labor.calendar,
        labor.note,
    )
    year_end = Season(
        "year_end",
        "Thanksgiving to New Year's Day",
        thanks.day,
        date(year + 1, 1, 1),
        "New Year's Day",
        thanks.calendar,
        thanks.note,
    )
    return summer, year_end


def low_season_on(
    day: date, country: str | None = US, start_month: int = 6, start_day: int = 15
) -> Season | None:
    """The low season ``day`` falls in, or None when the market is in swing."""
    candidates = (
        *low_seasons(day.year, country, start_month, start_day),
        # 1 January belongs to the season that began the previous November.
        low_seasons(day.year - 1, country, start_month, start_day)[1],
    )
    return next((season for season in candidates if day in season), None)


def season_end(
    day: date, country: str | None = US, start_month: int = 6, start_day: int = 15
) -> date | None:
    """The date to follow up on when ``day`` is in a low season, else None."""
    season = low_season_on(day, country, start_month, start_day)
    return season.follow_up_on if season else None
