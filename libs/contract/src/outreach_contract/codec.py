"""The one JSON encoding: canonical (sorted keys, no spaces, UTF-8), so equal content
always gives equal bytes and therefore equal digests."""

import hashlib
import json
from typing import Any

from pydantic import BaseModel


def to_jsonable(value: BaseModel) -> Any:
    return value.model_dump(mode="json", by_alias=True, exclude_none=False)


def canonical_json(value: BaseModel | Any) -> bytes:
    plain = to_jsonable(value) if isinstance(value, BaseModel) else value
    return json.dumps(plain, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def digest(value: BaseModel | Any) -> str:
    return hashlib.sha256(canonical_json(value)).hexdigest()
