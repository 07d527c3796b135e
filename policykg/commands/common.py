"""What subcommands share: the store options and small parsing helpers."""

import os
import sys
from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

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


class Lang(StrEnum):
    vi = "vi"
    en = "en"


# The human output's language: Vietnamese unless asked. LANG is not read: most systems set it
# to en_US by default, which would make English the default for Vietnamese users too.
LangOption = Annotated[
    Lang,
    typer.Option(
        "--lang",
        envvar="POLICYKG_LANG",
        help="Language of the human output: vi (Vietnamese, default) or en.",
    ),
]


def requested_lang(argv: list[str] | None = None) -> str:
    """The language asked for before the command parses its options (for --help and for
    errors raised while parsing): --lang on the command line, else POLICYKG_LANG, else vi."""
    argv = sys.argv[1:] if argv is None else argv
    for i, arg in enumerate(argv):
        value = arg.partition("=")[2] if arg.startswith("--lang=") else None
        if arg == "--lang" and i + 1 < len(argv):
            value = argv[i + 1]
        if value in ("vi", "en"):
            return value
    env = os.environ.get("POLICYKG_LANG", "")
    return env if env in ("vi", "en") else "vi"


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
    """An ISO date or one written as Vietnamese write it (01/07/2025)."""
    from policykg.queries import parse_date as read

    return read(value)
