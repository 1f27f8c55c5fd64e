"""Low seasons from each country's own calendar: boundaries, years, other countries."""

from datetime import date, timedelta

import pytest

from outreach_diagnostics.seasons import low_season_on, low_seasons, missing, season_end
from outreach_diagnostics.seasons import summer as summer_table

ONE_DAY = timedelta(days=1)
# First Monday of September and fourth Thursday of November, from a printed calendar.
LABOR_DAY = {
    2024: date(2024, 9, 2),
    2025: date(2025, 9, 1),
    2026: date(2026, 9, 7),
    2027: date(2027, 9, 6),
}
THANKSGIVING = {
    2024: date(2024, 11, 28),
    2025: date(2025, 11, 27),
    2026: date(2026, 11, 26),
    2027: date(2027, 11, 25),
}
YEARS = sorted(LABOR_DAY)


@pytest.mark.parametrize("year", YEARS)
def test_summer_starts_on_15_june_not_14(year: int) -> None:
    assert low_season_on(date(year, 6, 14), "US") is None
    season = low_season_on(date(year, 6, 15), "US")
    assert season is not None
    assert (season.name, season.starts_on) == ("summer", date(year, 6, 15))


@pytest.mark.parametrize("year", YEARS)
def test_summer_runs_through_labor_day_itself(year: int) -> None:
    labor_day = LABOR_DAY[year]
    before, on, after = (
        low_season_on(d, "US") for d in (labor_day - ONE_DAY, labor_day, labor_day + ONE_DAY)
    )
    assert before is not None
    assert on is not None
    assert on.ends_on == labor_day
    assert on.ends_with == "Labor Day"
    assert after is None
    assert season_end(labor_day, "US") == labor_day + ONE_DAY  # follow up on the Tuesday


@pytest.mark.parametrize("year", YEARS)
def test_year_end_starts_on_thanksgiving_day_itself(year: int) -> None:
    thanksgiving = THANKSGIVING[year]
    assert low_season_on(thanksgiving - ONE_DAY, "US") is None
    season = low_season_on(thanksgiving, "US")
    assert season is not None
    assert (season.name, season.starts_on) == ("year_end", thanksgiving)
    assert season.ends_on == date(year + 1, 1, 1)


@pytest.mark.parametrize("year", YEARS)
def test_new_years_day_is_the_last_day_of_the_year_end_season(year: int) -> None:
    for day in (date(year, 12, 31), date(year + 1, 1, 1)):
        season = low_season_on(day, "US")
        assert season is not None
        assert season.starts_on == THANKSGIVING[year]
    assert low_season_on(date(year + 1, 1, 2), "US") is None


@pytest.mark.parametrize(
    ("year", "follow_up"),
    # 2 January, or the Monday after it when it falls on a weekend (2027: Saturday).
    [(2024, date(2025, 1, 2)), (2025, date(2026, 1, 2)), (2026, date(2027, 1, 4))],
)
def test_the_follow_up_date_is_the_next_business_day(year: int, follow_up: date) -> None:
    assert season_end(date(year, 12, 24), "US") == follow_up


def test_a_day_in_swing_has_no_season_end() -> None:
    assert season_end(date(2025, 10, 15), "US") is None
    assert season_end(date(2025, 3, 3), "US") is None


def test_holidays_are_found_by_name_in_the_calendar() -> None:
    summer, year_end = low_seasons(2026, "US")
    assert summer.ends_on.weekday() == 0
    assert summer.ends_on.day <= 7
    assert year_end.starts_on.weekday() == 3
    assert 22 <= year_end.starts_on.day <= 28
    assert (summer.calendar, year_end.calendar) == ("US", "US")
    assert missing("US", 2026) == ()


def test_britain_never_gets_thanksgiving_or_labor_day() -> None:
    # The case that exposed it: a Briton told US Thanksgiving slows hiring.
    assert low_season_on(THANKSGIVING[2025], "GB") is None
    assert low_season_on(LABOR_DAY[2025], "GB") is None  # its summer ends on 31 Aug
    christmas = low_season_on(date(2025, 12, 25), "GB")
    assert christmas is not None
    assert (christmas.calendar, christmas.ends_on) == ("GB", date(2026, 1, 1))
    assert christmas.follow_up_on == date(2026, 1, 2)
    # Near miss: the day before Christmas is in swing, the week between is not.
    assert low_season_on(date(2025, 12, 24), "GB") is None
    assert low_season_on(date(2025, 12, 29), "GB") is not None


def test_a_british_summer_comes_from_the_table_with_its_source() -> None:
    summer = low_season_on(date(2025, 8, 4), "GB")
    assert summer is not None
    assert (summer.name, summer.starts_on, summer.ends_on) == (
        "summer",
        date(2025, 7, 20),
        date(2025, 8, 31),
    )
    assert "https://" in summer.source
    assert summer.follow_up_on == date(2025, 9, 1)  # 31 Aug 2025 is a Sunday
    assert low_season_on(date(2025, 6, 20), "GB") is None  # mid-June is the US start


def test_every_row_of_the_summer_table_names_its_source() -> None:
    rows = summer_table.table()
    assert "US" not in rows  # the seed's US season is not a table row
    for lull in rows.values():
        assert lull.source.strip()
        assert "http" in lull.source


def test_australia_has_a_summer_lull_around_january_and_none_in_july() -> None:
    assert low_season_on(date(2025, 7, 15), "AU") is None
    season = low_season_on(date(2026, 1, 20), "AU")
    assert season is not None
    assert (season.name, season.calendar) == ("summer", "AU")
    assert season.starts_on == date(2025, 12, 15)
    # Christmas is in both AU seasons: it belongs to the one ending last, the summer.
    christmas = low_season_on(date(2025, 12, 25), "AU")
    assert christmas is not None
    assert christmas.name == "summer"
    assert christmas.follow_up_on == date(2026, 2, 2)  # 31 Jan 2026 is a Saturday


def test_germany_has_its_christmas_break_and_says_it_has_no_summer_data() -> None:
    year_end = low_season_on(date(2025, 12, 26), "DE")
    assert year_end is not None
    assert (year_end.calendar, year_end.ends_with) == ("DE", "New Year's Day")
    assert low_season_on(LABOR_DAY[2025], "DE") is None
    assert low_season_on(date(2025, 8, 10), "DE") is None
    [gap] = missing("DE", 2025)
    assert gap.startswith("no summer lull on record for DE")


def test_spain_runs_to_epiphany() -> None:
    season = low_season_on(date(2026, 1, 5), "ES")
    assert season is not None
    assert (season.ends_on, season.ends_with) == (date(2026, 1, 6), "Epiphany")


def test_a_country_without_christmas_or_a_calendar_has_no_season_and_says_so() -> None:
    assert low_seasons(2025, "JP") == ()
    assert low_season_on(date(2025, 12, 25), "JP") is None
    assert any("no Christmas holiday" in gap for gap in missing("JP", 2025))
    assert low_seasons(2025, "XX") == ()
    assert any("no calendar for XX" in gap for gap in missing("XX", 2025))


def test_the_summer_start_is_configurable_for_the_us() -> None:
    assert low_season_on(date(2025, 6, 20), "US", start_month=7, start_day=1) is None
    assert low_season_on(date(2025, 7, 1), "US", start_month=7, start_day=1) is not None
