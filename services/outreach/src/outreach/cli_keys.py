"""``outreach keys create|list|revoke|rewrap`` and ``outreach --version``: light enough to start in
well under a second.

The test suite and the README's first step run ``outreach keys create`` again and again;
it used to take 5-15 s on a loaded machine, nearly all of it imports: ``inflect`` (4 s, now
loaded on first use) and every service behind the composition root. These commands touch
only the key tables, so ``outreach.cli.main`` runs them from this module, which imports
the settings, SQLAlchemy and the key store and nothing else (ADR 0017).
"""

import json
import re
from datetime import datetime
from importlib.metadata import version
from typing import Annotated

import typer

from outreach.cli_store import admin_settings, open_store
from outreach.settings import OutreachSettings
from outreach_contract.v1.events import PARTNER_PATTERN
from outreach_platform.key_uses import key_uses
from outreach_platform.keys import DEFAULT_SCOPES, KeyStore, Scope, api_keys
from outreach_platform.personal.keys import KeyRing, candidate_keys
from outreach_platform.personal.master import master_keys

keys_app = typer.Typer(help="API keys: each belongs to one partner and has scopes.")


def print_version(asked: bool) -> None:
    if asked:
        typer.echo(f"outreach {version('outreach')} (contract v1)")
        raise typer.Exit()


VersionOption = Annotated[
    bool,
    typer.Option("--version", callback=print_version, is_eager=True, help="print the version"),
]


def light_app() -> typer.Typer:
    """``outreach --version`` and ``outreach keys ...`` alone."""
    app = typer.Typer(no_args_is_help=True)

    @app.callback()
    def _options(_version: VersionOption = False) -> None:
        """Outreach Diagnostics: why a job seeker's networking is not working."""

    app.add_typer(keys_app, name="keys")
    return app


def key_store(settings: OutreachSettings) -> KeyStore:
    return KeyStore(open_store(settings, tables=(api_keys, key_uses)))


@keys_app.command("create")
def keys_create(
    partner: Annotated[str, typer.Option(help="the partner that owns the key")],
    scopes: Annotated[
        str, typer.Option(help=f"comma-separated, of: {', '.join(Scope)}")
    ] = ",".join(DEFAULT_SCOPES),
) -> None:
    """Create a key; it is printed once, as the last word of the output."""
    if not re.fullmatch(PARTNER_PATTERN, partner):
        raise typer.BadParameter(
            "1-64 of a-z 0-9 _ -, the first a-z or 0-9", param_hint="--partner"
        )
    chosen = _scopes(scopes)
    key = key_store(admin_settings()).create(partner, chosen)
    typer.echo(f"Created a key for partner {partner} with scopes {','.join(chosen)}: {key}")


@keys_app.command("list")
def keys_list(
    partner: Annotated[str | None, typer.Option(help="only this partner's keys")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="print JSON instead of text")] = False,
) -> None:
    """List keys (never their secrets), with when each was created and last used (to the
    minute; empty if never)."""
    rows = key_store(admin_settings()).list(partner)
    if as_json:
        typer.echo(json.dumps([_key_json(row) for row in rows], indent=2))
        return
    for row in rows:
        used = f"{row['last_used_at']:%Y-%m-%d %H:%M}" if row["last_used_at"] else "never"
        revoked = f"  revoked {row['revoked_at']:%Y-%m-%d}" if row["revoked_at"] else ""
        typer.echo(
            f"{row['key_id']}  {row['partner']}  {row['scopes']}  "
            f"created {row['created_at']:%Y-%m-%d %H:%M}  last used {used}{revoked}"
        )


@keys_app.command("revoke")
def keys_revoke(key_id: str) -> None:
    """Revoke a key by its id (the 12 hex characters after 'od_')."""
    if not key_store(admin_settings()).revoke(key_id):
        raise typer.BadParameter(f"no active key {key_id}", param_hint="KEY_ID")
    typer.echo(f"Revoked {key_id}")


@keys_app.command("rewrap")
def keys_rewrap() -> None:
    """After a master key rotation: wrap every data key with OUTREACH_MASTER_KEY (the old
    one listed in OUTREACH_MASTER_KEYS_PREVIOUS), so the old one can then be removed."""
    settings = admin_settings()
    ring = KeyRing(open_store(settings, tables=(candidate_keys,)), master_keys(settings))
    typer.echo(f"Rewrapped {ring.rewrap()} data keys with the current master key.")


def _scopes(given: str) -> tuple[Scope, ...]:
    names = [s.strip() for s in given.split(",") if s.strip()]
    unknown = [n for n in names if n not in set(Scope)]
    if unknown or not names:
        known = ", ".join(Scope)
        raise typer.BadParameter(
            f"unknown scope {unknown[0]!r}; known: {known}" if unknown else f"name one of {known}",
            param_hint="--scopes",
        )
    return tuple(Scope(n) for n in names)


def _key_json(row: dict[str, object]) -> dict[str, object]:
    shown = {k: v.isoformat() if isinstance(v, datetime) else v for k, v in row.items()}
    return shown | {"scopes": str(row["scopes"]).split()}
