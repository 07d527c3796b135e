"""`policykg validate FILE... [--as-of DATE] [--format text|json|ttl|csv] [--lang vi|en]`:
exit 0 conforms, 1 violations, 2 unusable input."""

from enum import StrEnum
from pathlib import Path

import typer
from rich.console import Console

from policykg.commands.common import DataDir, Endpoint, LangOption


class Format(StrEnum):
    text = "text"
    json = "json"
    ttl = "ttl"
    csv = "csv"


def register(app: typer.Typer) -> None:
    @app.command("validate")
    def validate_command(
        files: list[Path] = typer.Argument(
            ..., help="The plan: RDF (.ttl .nt .jsonld) or a document (.txt .md .docx .pdf)."
        ),
        as_of: str = typer.Option(
            None,
            "--as-of",
            help="Date for owners dissolved by reorganisation (01/7/2025 or 2025-07-01); "
            "default today.",
        ),
        fmt: Format = typer.Option(Format.text, "--format", "-f", help="Report format."),
        no_store: bool = typer.Option(
            False, "--no-store", help="Do not read the implemented documents from the store."
        ),
        lang: LangOption = "vi",
        data_dir: DataDir = None,
        endpoint: Endpoint = None,
    ) -> None:
        """Validate a plan against the SHACL shapes; only the plan's own nodes are reported."""
        from policykg.commands.common import parse_date
        from policykg.store import open_store
        from policykg.validate import read_submission, validate_graph

        when = parse_date(as_of) if as_of else None
        submitted = read_submission(files)
        store = None if no_store else open_store(data_dir, endpoint)
        try:
            if store is not None and endpoint is None and store.count() == 0:
                store.close()
                store = None  # nothing built yet: validate against files only
            report = validate_graph(submitted, as_of=when, store=store)
        finally:
            if store is not None:
                store.close()
        if fmt is Format.json:
            print(report.to_json())
        elif fmt is Format.ttl:
            print(report.to_turtle())
        elif fmt is Format.csv:
            print(report.to_csv(str(lang)).removeprefix("\ufeff"), end="")
        else:
            report.print(Console(highlight=False, soft_wrap=True), str(lang))
        raise typer.Exit(report.exit_code)
