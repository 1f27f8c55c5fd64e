"""The summer lull outside the US, from ``summer.csv`` (one row per country, each naming
its source).

The US is not in the table: its summer season is the seed's, 15 June through Labor Day
(see ``us``). A row gives month-day bounds; an end before the start means the season
runs into the next year (the southern hemisphere's summer, around December and January,
which is why those countries have no July lull). A country without a row has no summer
lull on record, and the rule says so rather than borrowing another country's.
"""

import csv
from dataclasses import dataclass
from datetime import date
from functools import cache
from importlib import resources

from outreach_diagnostics.dates import short
from outreach_diagnostics.seasons.calendars import next_business_day
from outreach_diagnostics.seasons.model import Season


@dataclass(frozen=True)
class Lull:
    country: str
    starts: tuple[int, int]  # (month, day)
    ends: tuple[int, int]
    source: str

    def season(self, year: int) -> Season:
        """The lull that starts in ``year``."""
        start = date(year, *self.starts)
        end_year = year + 1 if self.ends < self.starts else year
        end = date(end_year, *self.ends)
        return Season(
            name="summer",
            label=f"the summer holidays, {short(start)} to {short(end)}",
            starts_on=start,
            ends_on=end,
            ends_with="the end of the summer holidays",
            calendar=self.country,
            source=f"summer.csv: {self.source}",
            follow_up_on=next_business_day(self.country, end),
        )


def _month_day(text: str) -> tuple[int, int]:
    month, day = (int(part) for part in text.split("-"))
    date(2000, month, day)  # refuse a day that does not exist, when the table loads
    return month, day


@cache
def table() -> dict[str, Lull]:
    text = resources.files("outreach_diagnostics.seasons").joinpath("summer.csv").read_text("utf-8")
    rows = csv.DictReader(text.splitlines())
    lulls = [
        Lull(row["country"], _month_day(row["starts"]), _month_day(row["ends"]), row["source"])
        for row in rows
    ]
    return {lull.country: lull for lull in lulls}


def summer(country: str, year: int) -> Season | None:
    lull = table().get(country)
    return lull.season(year) if lull else None
