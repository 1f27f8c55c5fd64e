"""The master keys from the settings; for the embedded default, one made on first use."""

import os
from pathlib import Path

from outreach_platform.personal.crypto import (
    MasterKeys,
    encode_master_key,
    new_key,
    parse_master_key,
)
from outreach_platform.settings import Settings

KEY_FILE = "master.key"


class MissingMasterKeyError(RuntimeError):
    pass


def master_keys(settings: Settings) -> MasterKeys:
    previous = (
        settings.master_keys_previous.get_secret_value() if settings.master_keys_previous else ""
    )
    older = [parse_master_key(text) for text in previous.split(",") if text.strip()]
    if settings.master_key is not None:
        return MasterKeys(parse_master_key(settings.master_key.get_secret_value()), older)
    if settings.store == "postgres":
        raise MissingMasterKeyError(
            "OUTREACH_MASTER_KEY must be set when OUTREACH_STORE=postgres (base64 of 32 "
            'random bytes: python3 -c "import os,base64;print(base64.urlsafe_b64encode('
            'os.urandom(32)).decode())")'
        )
    return MasterKeys(_embedded_key(settings.data_dir), older)


def _embedded_key(data_dir: Path) -> bytes:
    """The data directory's own master key, made once (owner-only) and read ever after."""
    path = data_dir / KEY_FILE
    data_dir.mkdir(parents=True, exist_ok=True)
    try:
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return parse_master_key(path.read_text())
    with os.fdopen(descriptor, "w") as file:
        file.write(encode_master_key(new_key()) + "\n")
    return parse_master_key(path.read_text())
