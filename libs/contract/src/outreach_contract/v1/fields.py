"""Constrained field types shared by the v1 models."""

from typing import Annotated

from pydantic import AfterValidator, StringConstraints

MAX_TEXT_BYTES = 100_000


def _printable(value: str) -> str:
    if not value.isprintable():
        raise ValueError("must contain printable characters only")
    return value


def _at_most_100_kb(value: str) -> str:
    size = len(value.encode("utf-8"))
    if size > MAX_TEXT_BYTES:
        raise ValueError(f"is {size} bytes of UTF-8; at most {MAX_TEXT_BYTES} are allowed")
    return value


# Ids are partners' own keys: printable, so they are safe in logs, URLs and audit output.
Identifier = Annotated[
    str, StringConstraints(min_length=1, max_length=128), AfterValidator(_printable)
]
Name = Annotated[
    str,
    StringConstraints(strip_whitespace=True, min_length=1, max_length=200),
    AfterValidator(_printable),
]
ShortText = Annotated[str, StringConstraints(max_length=2_000)]
LongText = Annotated[str, AfterValidator(_at_most_100_kb)]
