"""`policykg build [--check]`: regenerate graph/extracted and load everything into the store."""


import typer
from rich.console import Console
from rich.table import Table

from policykg.commands.common import DataDir, Endpoint, UpdateEndpoint


def register(app: typer.Typer) -> None:
    @app.command("build")
    def build_command(
        check: bool = typer.Option(
            False, "--check", help="Only check that committed generated files are up to date."
        ),
        no_ingest: bool = typer.Option(
            False, "--no-ingest", help="Load the committed graph/extracted without re-ingesting."
        ),
        data_dir: DataDir = None,
        endpoint: Endpoint = None,
        update_endpoint: UpdateEndpoint = None,
    ) -> None:
        """Ingest graph/sources into graph/extracted, infer links, and load the ontology,
        reference, extracted and links graphs into the store (atomically)."""
        from policykg import build
        from policykg.store import open_store

        err = Console(stderr=True)
        with err.status("building…") as status:

            def progress(label: str) -> None:
                status.update(f"{label}…")

            if check:
                stale, notes = build.check(progress)
            else:
                with open_store(data_dir, endpoint, update_endpoint) as store:
                    result = build.build(store, progress, ingest=not no_ingest)
        if check:
            for note in notes:
                err.print(f"note: {note}", highlight=False)
            if stale:
                err.print(
                    "stale generated files in graph/extracted (run `policykg build`): "
                    + ", ".join(stale),
                    highlight=False,
                )
                raise typer.Exit(1)
            err.print("graph/extracted is up to date", highlight=False)
            return
        for note in result.notes:
            err.print(f"note: {note}", highlight=False)
        if result.written or result.removed:
            err.print(
                f"graph/extracted: wrote {', '.join(result.written) or 'nothing'}"
                + (f"; removed {', '.join(result.removed)}" if result.removed else ""),
                highlight=False,
            )
        table = Table("graph", "triples")
        for graph, count in result.graphs.items():
            table.add_row(graph, str(count))
        table.add_row("total", str(sum(result.graphs.values())), style="bold")
        Console().print(table)
