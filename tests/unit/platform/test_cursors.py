"""Opaque paging cursors: a round trip, and refusals of edited or foreign ones."""

import pytest

from outreach_platform.http import cursors
from outreach_platform.http.errors import ProblemError


def test_a_cursor_gives_back_its_key_for_its_route_and_partner() -> None:
    cursor = cursors.encode("candidates", "acme", "cand-0042")
    assert cursors.decode(cursor, "candidates", "acme") == "cand-0042"
    assert "cand" not in cursor  # opaque: base64, not the key in the clear


@pytest.mark.parametrize(
    ("route", "partner", "problem"),
    [
        ("events/cand-1", "acme", "another route"),
        ("candidates", "globex", "another API key's partner"),
    ],
)
def test_a_cursor_of_another_route_or_partner_is_refused(
    route: str, partner: str, problem: str
) -> None:
    cursor = cursors.encode("candidates", "acme", "cand-0042")
    with pytest.raises(ProblemError) as refused:
        cursors.decode(cursor, route, partner)
    assert refused.value.status_code == 422
    assert refused.value.errors == [
        {"index": None, "field": "cursor", "problem": f"belongs to {problem}"}
    ]


@pytest.mark.parametrize(
    "edit",
    [
        lambda c: c[:-1] + ("A" if c[-1] != "A" else "B"),
        lambda c: "x" + c,
        lambda _c: "%%%",
        lambda _c: "",
    ],
)
def test_an_edited_or_made_up_cursor_is_refused(edit: object) -> None:
    cursor = cursors.encode("candidates", "acme", "cand-0042")
    with pytest.raises(ProblemError) as refused:
        cursors.decode(edit(cursor), "candidates", "acme")  # type: ignore[operator]
    assert refused.value.errors is not None
    assert refused.value.errors[0]["field"] == "cursor"
