"""The one JSON encoding: canonical (sorted keys, no spaces, UTF-8), so equal content
always gives equal bytes and therefore equal digests.

Contract models are written by orjson (ADR 0012): for every JSON value but a float it
writes the very bytes of the standard library's encoder with these options, several times
faster. Floats it writes in another form (``1e-05`` against ``1e-5``), so a model whose
JSON schema holds a number, and any plain value, takes the standard library's encoder;
the contract's events hold none today.
"""

import hashlib
import json
from functools import cache
from typing import Any

import orjson
from pydantic import BaseModel, PydanticUserError

# One encoder for every call: ``json.dumps`` with these options builds a new one each time.
_CANONICAL = json.JSONEncoder(sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def to_jsonable(value: BaseModel) -> Any:
    return value.model_dump(mode="json", by_alias=True, exclude_none=False)


def canonical_json(value: BaseModel | Any) -> bytes:
    if isinstance(value, BaseModel):
        return _encode(to_jsonable(value), float_free(type(value)))
    return _encode(value, fast=False)


def canonical_json_as(plain: Any, model: type[BaseModel]) -> bytes:
    """``canonical_json`` of ``plain``, the JSON form of a ``model`` (``to_jsonable``),
    without building the model."""
    return _encode(plain, float_free(model))


def digest(value: BaseModel | Any) -> str:
    return hashlib.sha256(canonical_json(value)).hexdigest()


def jsonable_and_digest(value: BaseModel) -> tuple[Any, str]:
    """``(to_jsonable(value), digest(value))``, the model dumped once."""
    plain = to_jsonable(value)
    return plain, hashlib.sha256(_encode(plain, float_free(type(value)))).hexdigest()


@cache
def float_free(model: type[BaseModel]) -> bool:
    """Whether no field of the model, however deep, can hold a float."""
    try:
        schema = model.model_json_schema()
    except PydanticUserError:  # a model with no JSON schema: assume the worst
        return False
    return '"number"' not in json.dumps(schema)


def _encode(plain: Any, fast: bool) -> bytes:
    if fast:
        try:
            return orjson.dumps(plain, option=orjson.OPT_SORT_KEYS)
        except TypeError:  # an integer beyond 64 bits, a key that is no string
            pass
    return _CANONICAL.encode(plain).encode()
