"""The cryptography, all of it from the ``cryptography`` package's AES-GCM (an AEAD: a
changed byte, another key or another event's associated data fails to open).

A *box* is ``nonce || ciphertext+tag``, base64url: a fresh 96-bit random nonce per
seal, as NIST SP 800-38D allows for up to 2^32 seals per key (a candidate's events are
far fewer). Data keys are 256-bit random keys, one per candidate; master keys wrap them
(the same AEAD, the wrapped key bound to its candidate by the associated data).
"""

import base64
import hashlib
import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

_NONCE_BYTES = 12
KEY_BYTES = 32


class SealBrokenError(ValueError):
    """A box that does not open: another key, other associated data, or altered bytes."""


def new_key() -> bytes:
    return AESGCM.generate_key(bit_length=KEY_BYTES * 8)


def seal(key: bytes, plaintext: bytes, aad: bytes) -> str:
    nonce = os.urandom(_NONCE_BYTES)
    return _b64(nonce + AESGCM(key).encrypt(nonce, plaintext, aad))


def open_box(key: bytes, box: str, aad: bytes) -> bytes:
    try:
        raw = _unb64(box)
        return AESGCM(key).decrypt(raw[:_NONCE_BYTES], raw[_NONCE_BYTES:], aad)
    except (InvalidTag, ValueError) as error:
        raise SealBrokenError("the box does not open with this key") from error


def parse_master_key(text: str) -> bytes:
    """A master key as configured: 32 bytes, base64 (url-safe or standard)."""
    try:
        raw = _unb64(text.strip().replace("+", "-").replace("/", "_").rstrip("="))
    except ValueError as error:
        raise ValueError("a master key must be base64 of 32 random bytes") from error
    if len(raw) != KEY_BYTES:
        raise ValueError(f"a master key must be 32 bytes (base64); this one is {len(raw)}")
    return raw


def encode_master_key(key: bytes) -> str:
    return _b64(key)


@dataclass(frozen=True)
class MasterKeys:
    """The current master key, which wraps new data keys, and older ones that still
    unwrap what they wrapped until ``outreach keys rewrap`` moved it to the current one."""

    current: bytes
    previous: Sequence[bytes] = ()

    @property
    def current_id(self) -> str:
        return master_id(self.current)

    def by_id(self) -> Mapping[str, bytes]:
        return {master_id(k): k for k in (*self.previous, self.current)}

    def wrap(self, data_key: bytes, aad: bytes) -> tuple[str, str]:
        """``(master key id, wrapped data key)``."""
        return self.current_id, seal(self.current, data_key, aad)

    def unwrap(self, master: str, wrapped: str, aad: bytes) -> bytes:
        key = self.by_id().get(master)
        if key is None:
            raise SealBrokenError(f"master key {master} is not configured (rotated away?)")
        return open_box(key, wrapped, aad)


def master_id(key: bytes) -> str:
    """A short public name of a master key: which one wrapped a data key."""
    return hashlib.sha256(b"outreach master key id\x00" + key).hexdigest()[:12]


def _b64(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
