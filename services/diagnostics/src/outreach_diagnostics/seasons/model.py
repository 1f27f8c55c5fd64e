"""A low season of the job market, and what a country's calendar can tell about them."""

from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class Season:
    name: str  # "summer" | "year_end"
    label: str  # e.g. "mid-June to Labor Day"
    starts_on: date  # first day inside
    ends_on: date  # last day inside
    ends_with: str  # what ends it: "Labor Day", "New Year's Day", "31 Aug"
    calendar: str  # the country whose calendar gave the dates (never another one's)
    source: str  # where the dates come from
    follow_up_on: date  # the first business day after the season

    def __contains__(self, day: object) -> bool:
        return isinstance(day, date) and self.starts_on <= day <= self.ends_on
