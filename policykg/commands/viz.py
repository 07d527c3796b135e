"""`policykg viz`: the interactive responsibility graph as one self-contained HTML file."""

from pathlib import Path

import typer

from policykg.commands.common import DataDir, Endpoint, LangOption, output_file

DEFAULT_MAX_NODES = 3000  # policykg.viz.DEFAULT_MAX_NODES; heavy modules load on use


def register(app: typer.Typer) -> None:
    @app.command("viz")
    def viz_command(
        out: Path = typer.Option(
            ..., "--out", callback=output_file, help="The HTML file to write."
        ),
        focus: str = typer.Option(
            None, "--focus", help="IRI or text: show its neighbourhood (2 steps)."
        ),
        level: str = typer.Option(
            None, "--level", help="central, provincial, district or commune."
        ),
        branch: str = typer.Option(None, "--branch", help="party, state, front or press."),
        document: str = typer.Option(None, "--document", help="Document number or IRI."),
        agency: str = typer.Option(None, "--agency", help="Agency name or IRI."),
        max_nodes: int = typer.Option(DEFAULT_MAX_NODES, "--max-nodes", min=1),
        lang: LangOption = "vi",
        data_dir: DataDir = None,
        endpoint: Endpoint = None,
    ) -> None:
        """Write the interactive responsibility graph (vis-network from pyvis; works offline):
        first the cascade of documents and the directive's task groups, then search with a list
        of matches, a node's details with expand, filters; layout by level, colour by branch."""
        from policykg import analyze, viz
        from policykg.store import open_store
        from policykg.web.i18n import text

        with open_store(data_dir=data_dir, endpoint=endpoint) as store:
            g = analyze.build_network(store)
        html = viz.render(
            g,
            focus=focus,
            level=level,
            branch=branch,
            document=document,
            agency=agency,
            max_nodes=max_nodes,
            lang=str(lang),
        )
        viz.write(html, out)
        typer.echo(text("cli.wrote", str(lang), out=out))
