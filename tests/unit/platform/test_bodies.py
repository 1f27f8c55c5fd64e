"""JSON bodies: each way a body can be broken gets a 400 (or 415) that names it."""

import json

import pytest

from outreach_platform.http.bodies import MAX_DEPTH, parse_json, require_json
from outreach_platform.http.errors import ProblemError


def _refusal(body: bytes) -> ProblemError:
    with pytest.raises(ProblemError) as refused:
        parse_json(body)
    return refused.value


@pytest.mark.parametrize(
    ("body", "words"),
    [
        (b'{"events": [', "is not valid JSON"),
        (b'{"events": ["\xff\xfe"]}', "is not UTF-8"),
        (b'{"events": ["\\ud800"]}', "surrogate"),
        (b"[" * (MAX_DEPTH + 1) + b"]" * (MAX_DEPTH + 1), f"deeper than {MAX_DEPTH}"),
        (b"[" * 100_000, f"deeper than {MAX_DEPTH}"),  # past the interpreter's recursion limit
        (b'{"n": ' + b"9" * 10_000 + b"}", "number longer than"),
        (b'{"n": 1.' + b"5" * 10_000 + b"}", "number longer than"),
        (b'{"n": 1e999}', "too large"),
        (b'{"n": NaN}', "NaN"),
        (b'{"n": -Infinity}', "-Infinity"),
    ],
)
def test_a_broken_body_is_a_400_naming_the_problem(body: bytes, words: str) -> None:
    refusal = _refusal(body)
    assert refusal.status_code == 400
    assert refusal.errors is not None
    [fault] = refusal.errors
    assert fault["field"] == "body"
    assert words in fault["problem"]
    assert words in str(refusal.detail)


def test_a_sound_body_parses_as_json_would() -> None:
    value = {"events": [{"data": {"roles": ["a", "b"], "minutes": 30, "x": 1.5}}], "e": "😀"}
    body = json.dumps(value).encode()
    assert parse_json(body) == value
    assert parse_json(b"[" * MAX_DEPTH + b"]" * MAX_DEPTH) is not None
    assert parse_json(b'["\\ud83d\\ude00"]') == ["😀"]  # a whole surrogate pair is fine


@pytest.mark.parametrize(
    "content_type", ["application/json", "application/json; charset=utf-8", "application/x+json"]
)
def test_json_media_types_pass(content_type: str) -> None:
    require_json(content_type)


@pytest.mark.parametrize(
    "content_type", [None, "", "text/plain", "application/x-www-form-urlencoded", "text/json"]
)
def test_other_media_types_are_415(content_type: str | None) -> None:
    with pytest.raises(ProblemError) as refused:
        require_json(content_type)
    assert refused.value.status_code == 415
    assert refused.value.errors == [
        {"index": None, "field": "Content-Type", "problem": "must be application/json"}
    ]
