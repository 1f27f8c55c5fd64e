"""Validation errors are reported as event index, readable field path and problem."""

from outreach_platform.http.errors import error_item as problem


def test_the_union_tag_is_dropped_from_the_field_path() -> None:
    error = {
        "type": "missing",
        "loc": ("body", "events", 3, "contact.added", "data", "company"),
        "msg": "Field required",
    }
    assert problem(error) == {
        "index": 3,
        "field": "events[3].data.company",
        "problem": "Field required",
    }


def test_an_unknown_type_names_the_type_field() -> None:
    error = {"type": "union_tag_invalid", "loc": ("body", "events", 0), "msg": "Input tag 'x'"}
    assert problem(error)["field"] == "events[0].type"


def test_a_value_error_reads_as_a_sentence_and_a_body_error_names_the_body() -> None:
    assert problem(
        {
            "type": "value_error",
            "loc": ("body", "events", 1, "outreach.sent", "occurred_at"),
            "msg": "Value error, is more than a day in the future",
        }
    )["problem"] == ("is more than a day in the future")
    invalid = problem(
        {
            "type": "json_invalid",
            "loc": ("body", 5),
            "msg": "JSON decode error",
            "ctx": {"error": "Expecting value"},
        }
    )
    assert invalid == {
        "index": None,
        "field": "body",
        "problem": "is not valid JSON: Expecting value at 5",
    }
    assert (
        problem({"type": "missing", "loc": ("body",), "msg": "Field required"})["field"] == "body"
    )
