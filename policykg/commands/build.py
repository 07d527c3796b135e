"""`policykg build [--check]`: regenerate graph/extracted and load everything into the store."""


import typer
from rich.console import Console
from rich.table import Table

from policykg.commands.common import DataDir, Endpoint, LangOption, UpdateEndpoint

# build.py's progress labels; any other label is a file or graph the store is loading
STEPS = {"ingest graph/sources": "cli.step_ingest", "infer pkg:concretises links": "cli.step_links"}


def register(app: typer.Typer) -> None:
    @app.command("build")
    def build_command(
        check: bool = typer.Option(
            False, "--check", help="Only check that committed generated files are up to date."
        ),
        no_ingest: bool = typer.Option(
            False, "--no-ingest", help="Load the committed graph/extracted without re-ingesting."
        ),
        lang: LangOption = "vi",
        data_dir: DataDir = None,
        endpoint: Endpoint = None,
        update_endpoint: UpdateEndpoint = None,
    ) -> None:
        """Ingest graph/sources into graph/extracted, infer links, and load the ontology,
        reference, extracted and links graphs into the store (atomically)."""
        from policykg import build
        from policykg.store import open_store
        from policykg.web.i18n import Translator

        t = Translator(str(lang))
        err = Console(stderr=True, emoji=False, markup=False, highlight=False, soft_wrap=True)
        with err.status(t("cli.building")) as status:

            def progress(label: str) -> None:
                step = t(STEPS[label]) if label in STEPS else t("cli.step_load", label=label)
                status.update(t("cli.step", step=step))

            if check:
                stale, notes = build.check(progress)
            else:
                with open_store(data_dir, endpoint, update_endpoint) as store:
                    result = build.build(store, progress, ingest=not no_ingest)
        if check:
            for note in notes:
                err.print(f"{t('cli.note')}: {note}")
            if stale:
                err.print(t("cli.stale", files=", ".join(stale)))
                raise typer.Exit(1)
            err.print(t("cli.up_to_date"))
            return
        for note in result.notes:
            err.print(f"{t('cli.note')}: {note}")
        if result.written or result.removed:
            removed = ", ".join(result.removed)
            err.print(
                t("cli.build_wrote", written=", ".join(result.written) or t("cli.nothing"))
                + (t("cli.build_removed", removed=removed) if removed else "")
            )
        table = Table(t("stats.graph"), t("stats.triples"))
        for graph, count in result.graphs.items():
            table.add_row(graph, t.number(count))
        table.add_row(t("stats.total"), t.number(sum(result.graphs.values())), style="bold")
        Console().print(table)
