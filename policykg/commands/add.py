"""`policykg add FILE|DIR... [--all-or-nothing] [--replace]`: documents into the store."""

from pathlib import Path

import typer
from rich.console import Console

from policykg.commands.common import DataDir, Endpoint, UpdateEndpoint


def register(app: typer.Typer) -> None:
    @app.command("add")
    def add_command(
        paths: list[Path] = typer.Argument(
            ..., help="Documents (.txt, .md, .docx, .pdf) or folders of them."
        ),
        all_or_nothing: bool = typer.Option(
            False, "--all-or-nothing", help="Add nothing when any file is refused."
        ),
        replace: bool = typer.Option(
            False, "--replace", help="Empty the graph of added documents first (same write)."
        ),
        data_dir: DataDir = None,
        endpoint: Endpoint = None,
        update_endpoint: UpdateEndpoint = None,
    ) -> None:
        """Read documents, link their obligations to the tasks they carry out and add them to
        the store in one atomic write (graph <https://w3id.org/policykg/graph/added>). Prints
        a line per file; a refused file does not stop the others unless --all-or-nothing.
        Exit 0 when every file was added, 1 when some were refused, 2 on unusable input."""
        from policykg.adding import add_documents, expand
        from policykg.errors import PolicykgError
        from policykg.settings import Settings
        from policykg.store import open_store

        files = expand(paths)
        if not files:
            raise PolicykgError("no documents to add (.txt, .md, .docx, .pdf)")
        err = Console(stderr=True, emoji=False, markup=False, highlight=False, soft_wrap=True)
        sources_dir = (data_dir or Settings().store_data_dir()) / "sources"
        with open_store(data_dir, endpoint, update_endpoint) as store:
            with err.status(f"reading {len(files)} file(s)…") as status:
                done = iter(range(1, len(files) + 1))

                def progress(path: Path) -> None:
                    status.update(f"read {next(done)}/{len(files)}: {path.name}")

                result = add_documents(files, store, sources_dir, all_or_nothing, replace, progress)
        for outcome in result.outcomes:
            if outcome.accepted:
                typer.echo(
                    f"accepted {outcome.path.name}: {outcome.documents} document(s), "
                    f"{outcome.obligations} obligation(s), {outcome.owned} with an owner"
                )
            else:
                typer.echo(f"refused {outcome.path.name}: {outcome.reason}")
        accepted = len(result.accepted)
        if result.store_triples is None:
            err.print(f"nothing added ({accepted} of {len(result.outcomes)} file(s) accepted)")
        else:
            err.print(
                f"added {accepted} of {len(result.outcomes)} file(s), {result.links} link(s); "
                f"the store holds {result.store_triples} triples"
            )
        if accepted < len(result.outcomes):
            raise typer.Exit(1)
