"""What subcommands share: the store options and small parsing helpers."""

from datetime import date
from pathlib import Path
from typing import Annotated

import typer

from policykg.errors import PolicykgError

DataDir = Annotated[Path | None, typer.Option(
    "--data-dir", envvar="POLICYKG_DATA", help="Embedded store directory.")]
Endpoint = Annotated[str | None, typer.Option(
    "--endpoint", envvar="POLICYKG_ENDPOINT",
    help="Remote SPARQL query URL instead of the embedded store.")]
UpdateEndpoint = Annotated[str | None, typer.Option(
    "--update-endpoint", envvar="POLICYKG_UPDATE_ENDPOINT", help="Remote SPARQL update URL.")]


def parse_date(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise PolicykgError(f"not a date (YYYY-MM-DD): {value!r}") from None
