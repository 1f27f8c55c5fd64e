"""The report page: self-contained, escaped, contacts named, charts drawn to scale."""

import re
from datetime import date

import pytest

from outreach_diagnostics.coach.next_actions import next_actions
from outreach_diagnostics.coach.report.charts import funnel, weekly_chart
from outreach_diagnostics.coach.report.render import render
from outreach_diagnostics.coach.report.view import build, without_ids
from outreach_diagnostics.coach.rules import CoachRules
from outreach_diagnostics.coach.what_if import choose_rates, forecast
from outreach_diagnostics.evaluate import diagnose
from outreach_diagnostics.rules import RuleContext
from outreach_diagnostics.seasons import low_season_on
from outreach_diagnostics.spelling import SpellCheck
from outreach_diagnostics.thresholds import Thresholds
from outreach_domain import restrict
from tests.unit.diagnostics.builders import History

XSS = '<script>alert("x")</script><img src=x onerror=alert(1)>'
AS_OF = date(2025, 12, 10)


def _page(history: History, spelling: SpellCheck, cohort: list[str] | None = None) -> str:
    state, t = history.state(), Thresholds()
    ctx = RuleContext(restrict(state, AS_OF), AS_OF, t, spelling)
    rates = choose_rates(None, t, CoachRules())
    weeks = forecast(15, AS_OF, 4, rates, lambda d: low_season_on(d, "US"), CoachRules())
    view = build(
        ctx,
        diagnose(state, AS_OF, t, spelling),
        next_actions(state, AS_OF, t),
        12,
        (rates, weeks),
        cohort,
        lambda d: low_season_on(d, "US"),
    )
    return render(view)


def _history() -> History:
    h = History()
    h.contact("ana-1", company="Initech", name=XSS)
    h.contact("bo-2", company="Globex")
    for day in (date(2025, 11, 3), date(2025, 11, 12), date(2025, 12, 2)):
        h.sent("ana-1", day)
        h.sent("bo-2", day)
    h.add("presentation.submitted", date(2025, 11, 1), asset="resume", text=XSS + " teh")
    return h


def test_untrusted_text_is_escaped(spelling: SpellCheck) -> None:
    page = _page(_history(), spelling)
    assert "<script" not in page
    assert "<img" not in page
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;" in page


def test_the_page_is_self_contained(spelling: SpellCheck) -> None:
    page = _page(_history(), spelling)
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", page)
    assert "@import" not in page
    assert "<link" not in page
    assert "<script" not in page
    assert "@page { size: A4" in page
    assert page.count("<svg") == 2


def test_every_reason_and_no_contact_id(spelling: SpellCheck) -> None:
    page = _page(_history(), spelling)
    assert page.count('class="reason ') == 7
    assert "ana-1" not in page
    assert "bo-2" not in page
    assert "your contact at Globex" in page


def test_the_cohort_is_shown_only_when_given(spelling: SpellCheck) -> None:
    placed = _page(_history(), spelling, ["Your weekly reach is in the bottom quarter."])
    assert "bottom quarter" in placed
    assert "too few comparable candidates" in _page(_history(), spelling)


def test_ids_are_replaced_whole_words_only() -> None:
    names = {"sam-1": "Sam", "sam-10": "Tess"}
    assert without_ids("sam-1, sam-10 and sam-100", names) == "Sam, Tess and sam-100"


def test_bars_are_drawn_to_scale_against_the_target() -> None:
    chart = weekly_chart([("1 Dec", 15, True), ("8 Dec", 30, False), ("15 Dec", 0, False)], 15)
    low, high, empty = chart.bars
    assert high.height == pytest.approx(2 * low.height, abs=0.2)
    assert empty.height == 0
    assert low.y == chart.target_y  # 15 reaches the 15-a-week line exactly
    assert low.low_season
    assert not high.low_season
    assert high.y >= chart.top


def test_funnel_widths_follow_the_counts() -> None:
    steps = funnel([("Contacts", 40), ("Replies", 10), ("Meetings", 0)], width=400)
    assert [s.width for s in steps] == [400.0, 100.0, 2.0]  # an empty step still shows
