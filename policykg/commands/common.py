"""What subcommands share: the store options and small parsing helpers."""

from datetime import date
from pathlib import Path
from typing import Annotated

import typer

from policykg.errors import PolicykgError

DataDir = Annotated[
    Path | None,
    typer.Option("--data-dir", envvar="POLICYKG_DATA", help="Embedded store directory."),
]
Endpoint = Annotated[
    str | None,
    typer.Option(
        "--endpoint",
        envvar="POLICYKG_ENDPOINT",
        help="Remote SPARQL query URL instead of the embedded store.",
    ),
]
UpdateEndpoint = Annotated[
    str | None,
    typer.Option(
        "--update-endpoint", envvar="POLICYKG_UPDATE_ENDPOINT", help="Remote SPARQL update URL."
    ),
]


def positive(value: float | None) -> float | None:
    """typer callback: a time limit or size must be above zero."""
    if value is not None and value <= 0:
        raise typer.BadParameter(f"must be greater than 0, not {value:g}")
    return value


def output_file(path: Path | None) -> Path | None:
    """typer callback for --out / --export: a file to write, not an existing directory."""
    if path is not None and path.is_dir():
        raise typer.BadParameter(f"{path} is a directory; give a file name")
    return path


def parse_date(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise PolicykgError(f"not a date (YYYY-MM-DD): {value!r}") from None
