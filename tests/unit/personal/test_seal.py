"""AES-GCM boxes and master keys: a round trip, and every kind of tampering fails."""

import base64

import pytest

from outreach_platform.personal import crypto


def test_a_box_opens_with_its_key_and_associated_data() -> None:
    key = crypto.new_key()
    box = crypto.seal(key, b"Zelda Quux", b"acme/cand-1/e1")
    assert b"Zelda" not in box.encode()
    assert crypto.open_box(key, box, b"acme/cand-1/e1") == b"Zelda Quux"


def test_two_seals_of_one_text_differ() -> None:
    key = crypto.new_key()
    assert crypto.seal(key, b"same", b"aad") != crypto.seal(key, b"same", b"aad")


def test_another_key_does_not_open_it() -> None:
    box = crypto.seal(crypto.new_key(), b"secret", b"aad")
    with pytest.raises(crypto.SealBrokenError):
        crypto.open_box(crypto.new_key(), box, b"aad")


def test_a_box_moved_to_another_event_does_not_open() -> None:
    key = crypto.new_key()
    box = crypto.seal(key, b"secret", b"acme/cand-1/e1")
    with pytest.raises(crypto.SealBrokenError):
        crypto.open_box(key, box, b"acme/cand-2/e1")


@pytest.mark.parametrize("position", [0, 5, 13, -1])
def test_a_changed_byte_anywhere_fails(position: int) -> None:
    key = crypto.new_key()
    raw = bytearray(crypto._unb64(crypto.seal(key, b"secret text", b"a")))
    raw[position] ^= 0x01
    tampered = base64.urlsafe_b64encode(bytes(raw)).decode()
    with pytest.raises(crypto.SealBrokenError):
        crypto.open_box(key, tampered, b"a")


def test_garbage_is_a_broken_seal_not_a_crash() -> None:
    with pytest.raises(crypto.SealBrokenError):
        crypto.open_box(crypto.new_key(), "not base64 at all!!", b"a")


def test_master_keys_wrap_and_a_rotation_still_unwraps_the_old() -> None:
    old, new = crypto.new_key(), crypto.new_key()
    data_key = crypto.new_key()
    master_id, wrapped = crypto.MasterKeys(old).wrap(data_key, b"cand")
    rotated = crypto.MasterKeys(new, previous=[old])
    assert rotated.unwrap(master_id, wrapped, b"cand") == data_key
    with pytest.raises(crypto.SealBrokenError):
        crypto.MasterKeys(new).unwrap(master_id, wrapped, b"cand")  # the old one removed


def test_a_master_key_must_be_32_bytes_of_base64() -> None:
    key = crypto.new_key()
    assert crypto.parse_master_key(crypto.encode_master_key(key)) == key
    with pytest.raises(ValueError, match="32 bytes"):
        crypto.parse_master_key(crypto.encode_master_key(key[:16]))
