"""The referral rules find a referral's interview (and a request's answer) through an
index by company, by binary search where the days are in order; held here to the scan
over every event that it replaced (the golden diagnoses in test_windowed_rules.py hold
the verdicts)."""

from datetime import date, timedelta

from hypothesis import example, given
from hypothesis import strategies as st

from outreach_diagnostics.rules.referrals import _DayIndex

DAY0 = date(2026, 1, 1)
entries = st.lists(
    st.tuples(st.sampled_from("abc"), st.integers(0, 40).map(lambda d: DAY0 + timedelta(d))),
    max_size=40,
)


def scan(
    rows: list[tuple[str, date, str]], key: str, start: date, due: date, skip: set[str]
) -> str | None:
    return next((i for k, d, i in rows if k == key and start <= d <= due and i not in skip), None)


@given(
    entries,
    st.sampled_from("abcd"),
    st.integers(0, 40),
    st.integers(0, 25),
    st.sets(st.integers(0, 39)),
    st.booleans(),
)
@example([("a", DAY0 + timedelta(10)), ("a", DAY0 + timedelta(1)), ("a", DAY0 + timedelta(20))],
         "a", 5, 20, set(), False)  # fmt: skip
def test_first_is_the_first_in_order_in_the_window(
    raw: list[tuple[str, date]], key: str, start: int, span: int, skipped: set[int], order: bool
) -> None:
    # In order (the common case, by binary search) and shuffled (a candidate who moved
    # west: local days out of UTC order, scanned).
    rows = [(k, d, f"e{n}") for n, (k, d) in enumerate(sorted(raw) if order else raw)]
    skip = {f"e{n}" for n in skipped}
    first_day = DAY0 + timedelta(start)
    due = first_day + timedelta(span)
    found = _DayIndex(rows).first(key, first_day, due, skip)
    assert found == scan(rows, key, first_day, due, skip)
