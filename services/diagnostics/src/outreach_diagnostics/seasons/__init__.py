"""The low seasons of the job market, each from the candidate's own country calendar.

The seed text: "the least opportune times are mid June through Labor Day, and then
Thanksgiving to New Years" — the US hiring calendar, kept exactly for the US (``us``).
Another country never borrows a US holiday (that was a wrong answer: a Briton told that
Thanksgiving slows hiring, an Australian flagged for networking in July):

* its year-end break comes from its own public holidays in the ``holidays`` package,
  the days off around Christmas and New Year (``year_end``);
* its summer lull comes from ``summer.csv``, a small table in this package that names
  the source of every row; southern-hemisphere countries have theirs around December to
  January and no July lull (``summer``);
* whatever is not on record is not invented: ``missing`` says what is lacking, and the
  rule repeats it in its evidence and advice.

Where two seasons overlap (Australia's summer holidays contain its Christmas break), a
day belongs to the one that ends last, so that the follow-up date is when the market is
really back. Follow-up dates are business days in the country's calendar.
"""

from datetime import date
from functools import lru_cache

from outreach_diagnostics.seasons import summer as summer_table
from outreach_diagnostics.seasons import us
from outreach_diagnostics.seasons import year_end as year_end_break
from outreach_diagnostics.seasons.calendars import SOURCE, known
from outreach_diagnostics.seasons.model import Season

US = us.US

__all__ = ["US", "Season", "low_season_on", "low_seasons", "missing", "season_end"]


@lru_cache(maxsize=1024)
def low_seasons(
    year: int, country: str = US, start_month: int = 6, start_day: int = 15
) -> tuple[Season, ...]:
    """The low seasons that start in ``year`` in ``country``'s calendar, oldest first.

    ``start_month`` and ``start_day`` move the start of the seed's US summer season;
    other countries' summer lulls are the table's."""
    code = country.upper()
    if code == US:
        return (us.summer(year, start_month, start_day), us.year_end(year))
    found = (summer_table.summer(code, year), year_end_break.year_end(code, year))
    return tuple(sorted((s for s in found if s), key=lambda s: s.starts_on))


def missing(country: str, year: int) -> tuple[str, ...]:
    """What ``country``'s calendar has no data for, in words, for evidence and advice."""
    code = country.upper()
    if code == US:
        return ()
    gaps: list[str] = []
    if summer_table.summer(code, year) is None:
        gaps.append(f"no summer lull on record for {code} (summer.csv has no row for it)")
    if year_end_break.year_end(code, year) is None:
        why = (
            f"{code}'s calendar in {SOURCE} has no Christmas holiday"
            if known(code)
            else f"{SOURCE} has no calendar for {code}"
        )
        gaps.append(f"no year-end break on record for {code} ({why})")
    return tuple(gaps)


def low_season_on(
    day: date, country: str = US, start_month: int = 6, start_day: int = 15
) -> Season | None:
    """The low season ``day`` falls in, or None when the market is in swing (or the
    country has no season on record)."""
    seasons = (
        # A season that began last year (November, December) may still be running.
        *low_seasons(day.year - 1, country, start_month, start_day),
        *low_seasons(day.year, country, start_month, start_day),
    )
    inside = [season for season in seasons if day in season]
    return max(inside, key=lambda s: s.ends_on) if inside else None


def season_end(
    day: date, country: str = US, start_month: int = 6, start_day: int = 15
) -> date | None:
    """The date to follow up on when ``day`` is in a low season, else None."""
    season = low_season_on(day, country, start_month, start_day)
    return season.follow_up_on if season else None
