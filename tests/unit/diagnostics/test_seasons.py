"""Low seasons from the holidays calendar: boundaries, several years, other countries."""

from datetime import date, timedelta

import pytest

from outreach_diagnostics.seasons import low_season_on, low_seasons, season_end

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
    assert season_end(date(year, 12, 24), "US") == date(year + 1, 1, 2)


def test_a_day_in_swing_has_no_season_end() -> None:
    assert season_end(date(2025, 10, 15), "US") is None
    assert season_end(date(2025, 3, 3), "US") is None


def test_holidays_are_found_by_name_in_the_calendar() -> None:
    summer, year_end = low_seasons(2026, "US")
    assert summer.ends_on.weekday() == 0
    assert summer.ends_on.day <= 7
    assert year_end.starts_on.weekday() == 3
    assert 22 <= year_end.starts_on.day <= 28
    assert (summer.calendar, summer.note, year_end.note) == ("US", None, None)


def test_canada_keeps_its_labor_day_and_borrows_the_us_thanksgiving() -> None:
    summer, year_end = low_seasons(2026, "CA")
    assert (summer.ends_on, summer.calendar, summer.note) == (date(2026, 9, 7), "CA", None)
    assert (year_end.starts_on, year_end.calendar) == (THANKSGIVING[2026], "US")
    assert year_end.note is not None
    assert "CA" in year_end.note
    assert "November" in year_end.note


def test_a_country_without_these_holidays_falls_back_to_the_us_dates() -> None:
    summer, year_end = low_seasons(2025, "DE")  # German Labour Day is 1 May
    assert (summer.ends_on, year_end.starts_on) == (LABOR_DAY[2025], THANKSGIVING[2025])
    assert summer.note is not None
    assert summer.note.startswith("DE's calendar has no Labor Day")


def test_an_unknown_country_or_none_uses_the_us_calendar() -> None:
    unknown = low_seasons(2025, "XX")[0]
    assert unknown.ends_on == LABOR_DAY[2025]
    assert unknown.note is not None
    assert "no calendar for XX" in unknown.note
    assert low_seasons(2025, None)[0].ends_on == LABOR_DAY[2025]


def test_the_summer_start_is_configurable() -> None:
    assert low_season_on(date(2025, 6, 20), "US", start_month=7, start_day=1) is None
    assert low_season_on(date(2025, 7, 1), "US", start_month=7, start_day=1) is not None
