"""Opaque paging cursors: where the last page ended, for whom, on which route (ADR 0013).

A cursor is base64url of canonical JSON ``{"r": route, "p": partner, "k": key}`` plus a
checksum, so that an edited cursor is refused (422 naming ``cursor``) rather than read as
another position, and one handed out to another partner or for another route is refused
too. It carries no authority: the partner always comes from the API key, and the key is
a keyset position (the last row's sort key), so a page after it skips and repeats
nothing while rows are written meanwhile.
"""

import base64
import binascii
import hashlib
import hmac
import json
from typing import Any

from outreach_platform.http.errors import ProblemError

# Not a secret (a cursor grants nothing): it only makes an edited cursor fail its check.
_CHECK_KEY = b"outreach-cursor-v1"
_CHECK_BYTES = 12


def encode(route: str, partner: str, key: Any) -> str:
    body = json.dumps({"r": route, "p": partner, "k": key}, separators=(",", ":")).encode()
    raw = _check(body) + body
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode(cursor: str, route: str, partner: str) -> Any:
    """The key a cursor of ``encode(route, partner, key)`` holds; else a 422 problem."""
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        check, body = raw[:_CHECK_BYTES], raw[_CHECK_BYTES:]
        if not hmac.compare_digest(check, _check(body)):
            raise ValueError("checksum")
        content = json.loads(body)
    except (binascii.Error, ValueError, UnicodeDecodeError):
        raise _invalid("is not a cursor this API handed out") from None
    if not isinstance(content, dict) or content.get("r") != route:
        raise _invalid("belongs to another route")
    if content.get("p") != partner:
        raise _invalid("belongs to another API key's partner")
    return content.get("k")


def _check(body: bytes) -> bytes:
    return hmac.new(_CHECK_KEY, body, hashlib.sha256).digest()[:_CHECK_BYTES]


def _invalid(problem: str) -> ProblemError:
    return ProblemError(
        422, f"cursor: {problem}", [{"index": None, "field": "cursor", "problem": problem}]
    )
