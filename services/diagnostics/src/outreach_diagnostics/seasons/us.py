"""The seed's two US seasons: "mid June through Labor Day, and then Thanksgiving to New
Years".

* summer: 15 June (configurable) through Labor Day, the first Monday of September;
* year end: Thanksgiving (fourth Thursday of November) through New Year's Day of Y + 1.

Both ends are inside: Labor Day, Thanksgiving Day and New Year's Day are holidays, when
nobody hires. Labor Day and Thanksgiving are found by name in the ``holidays`` US
calendar, never hard-coded; the follow-up date is the next business day after the
season (the Tuesday after Labor Day; 2 January, or the Monday after when it is a weekend).
"""

from datetime import date

from outreach_diagnostics.seasons.calendars import SOURCE, named_day, next_business_day
from outreach_diagnostics.seasons.model import Season

US = "US"
SEPTEMBER, NOVEMBER = 9, 11
_SEED = 'the seed text ("mid June through Labor Day, and then Thanksgiving to New Years")'


def _day(year: int, name: str, month: int) -> date:
    day = named_day(US, year, (name,), month)
    if day is None:  # cannot happen for the US calendar; guards a package regression
        raise LookupError(f"the holidays package has no US {name} in {year}")
    return day


def summer(year: int, start_month: int, start_day: int) -> Season:
    labor_day = _day(year, "Labor Day", SEPTEMBER)
    return Season(
        name="summer",
        label="mid-June to Labor Day",
        starts_on=date(year, start_month, start_day),
        ends_on=labor_day,
        ends_with="Labor Day",
        calendar=US,
        source=f"{_SEED}; Labor Day from {SOURCE}",
        follow_up_on=next_business_day(US, labor_day),
    )


def year_end(year: int) -> Season:
    new_year = date(year + 1, 1, 1)
    return Season(
        name="year_end",
        label="Thanksgiving to New Year's Day",
        starts_on=_day(year, "Thanksgiving Day", NOVEMBER),
        ends_on=new_year,
        ends_with="New Year's Day",
        calendar=US,
        source=f"{_SEED}; Thanksgiving from {SOURCE}",
        follow_up_on=next_business_day(US, new_year),
    )
