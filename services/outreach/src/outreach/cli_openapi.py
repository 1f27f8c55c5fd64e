"""``outreach openapi``: the OpenAPI document of the embedded server, which mounts every
route of every role, as committed in ``docs/openapi.json`` (``make openapi``; ADR 0017)."""

import json
import tempfile
from pathlib import Path
from typing import Annotated, Any

import typer

from outreach.composition import build_app
from outreach.settings import OutreachSettings, Role

COMMITTED = Path("docs/openapi.json")


def register(app: typer.Typer) -> None:
    app.command("openapi")(openapi)


def document() -> dict[str, Any]:
    """The embedded app's document, built on a throwaway store (no server, no workers)."""
    with tempfile.TemporaryDirectory(prefix="outreach-openapi-") as data_dir:
        # Whatever the environment says: the document is the same on every store.
        settings = OutreachSettings(data_dir=Path(data_dir), store="sqlite", seed_demo=False)
        schema: dict[str, Any] = build_app(settings, Role.EMBEDDED).openapi()
        return schema


def render(schema: dict[str, Any]) -> str:
    return json.dumps(schema, indent=2, ensure_ascii=False) + "\n"


def openapi(
    output: Annotated[
        Path | None, typer.Option(help="write it to this file (default: print it)")
    ] = None,
) -> None:
    """Print (or write) the OpenAPI document partners generate clients from."""
    text = render(document())
    if output is None:
        typer.echo(text, nl=False)
        return
    output.write_text(text)
    typer.echo(f"Wrote {output}", err=True)
