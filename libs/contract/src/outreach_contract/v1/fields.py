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

# A candidate id is also a URL path segment (GET /v1/candidates/{candidate_id}/...): a "/"
# can never be addressed there, and "?", "#", "%", "\\", whitespace and the dot segments
# are rewritten or cut by common clients. New events are held to this; ids recorded
# before it existed stay readable (the check is on submission: EventBatch).
CANDIDATE_ID_RULE = (
    "1-128 printable characters, none of them whitespace or / \\ ? # %, and not . or .. "
    "(the id is a URL path segment of the candidate's routes)"
)
CANDIDATE_ID_PATTERN = r"^(?!\.\.?$)[^\s\x00-\x1f\x7f-\x9f/\\?#%]{1,128}$"
_NOT_IN_A_PATH_SEGMENT = "/\\?#%"


def candidate_id_problem(value: str) -> str | None:
    """Why ``value`` cannot be a new candidate id, in words naming the culprit; else None."""
    bad = next((c for c in value if c in _NOT_IN_A_PATH_SEGMENT or c.isspace()), None)
    if bad is not None:
        return f"must not contain {bad!r}: a candidate id is {CANDIDATE_ID_RULE}"
    if value in (".", ".."):
        return f"must not be {value!r}: a candidate id is {CANDIDATE_ID_RULE}"
    return None


Name = Annotated[
    str,
    StringConstraints(strip_whitespace=True, min_length=1, max_length=200),
    AfterValidator(_printable),
]
ShortText = Annotated[str, StringConstraints(max_length=2_000)]
LongText = Annotated[str, AfterValidator(_at_most_100_kb)]
