"""`policykg load FILE... [--replace] [--graph IRI]`: add RDF files to the store, atomically."""

from pathlib import Path

import typer
from rich.console import Console

from policykg.commands.common import DataDir, Endpoint, LangOption, UpdateEndpoint


def register(app: typer.Typer) -> None:
    @app.command("load")
    def load_command(
        files: list[Path] = typer.Argument(
            ..., help="RDF files (.ttl, .nt, .nq, .trig, .jsonld, .rdf, .owl)."
        ),
        replace: bool = typer.Option(
            False, "--replace", help="Empty the target graph first (same transaction)."
        ),
        graph: str = typer.Option(
            None,
            "--graph",
            help="Named graph IRI (default https://w3id.org/policykg/graph/loaded).",
        ),
        lang: LangOption = "vi",
        data_dir: DataDir = None,
        endpoint: Endpoint = None,
        update_endpoint: UpdateEndpoint = None,
    ) -> None:
        """Load RDF files (e.g. a generated national graph) into one named graph: all files or
        none (a bad file leaves the store unchanged)."""
        from policykg.iri import absolute_iri
        from policykg.store import LOADED_GRAPH, open_store
        from policykg.web.i18n import Translator

        t = Translator(str(lang))
        target = absolute_iri(LOADED_GRAPH if graph is None else graph, "--graph")
        # no emoji codes or markup: `urn:x:s` would print as an emoji
        err = Console(stderr=True, emoji=False, markup=False, highlight=False, soft_wrap=True)
        with open_store(data_dir, endpoint, update_endpoint) as store:
            with err.status(t("cli.loading", n=len(files))):
                before = store.count()
                after = store.add(files, graph=target, replace=replace)
        err.print(t("cli.loaded", graph=target, after=t.number(after), before=t.number(before)))
