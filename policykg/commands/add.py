"""`policykg add FILE|DIR... [--all-or-nothing] [--replace]`: documents into the store."""

from pathlib import Path

import typer
from rich.console import Console

from policykg.commands.common import DataDir, Endpoint, LangOption, UpdateEndpoint


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
        lang: LangOption = "vi",
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
        from policykg.web.i18n import Translator

        t = Translator(str(lang))
        files = expand(paths)
        if not files:
            raise PolicykgError("no documents to add (.txt, .md, .docx, .pdf)",
                                key="err.no_documents")
        err = Console(stderr=True, emoji=False, markup=False, highlight=False, soft_wrap=True)
        sources_dir = (data_dir or Settings().store_data_dir()) / "sources"
        with open_store(data_dir, endpoint, update_endpoint) as store:
            with err.status(t("cli.reading", n=len(files))) as status:
                done = iter(range(1, len(files) + 1))

                def progress(path: Path) -> None:
                    status.update(t("cli.read_one", i=next(done), n=len(files), name=path.name))

                result = add_documents(files, store, sources_dir, all_or_nothing, replace, progress)
        for outcome in result.outcomes:
            name = outcome.path.name
            if outcome.accepted:
                typer.echo(t("cli.accepted", name=name, documents=outcome.documents,
                             obligations=outcome.obligations, owned=outcome.owned))
            else:
                typer.echo(t("cli.refused", name=name, reason=reason(name, outcome.reason, t)))
        accepted, total = len(result.accepted), len(result.outcomes)
        if result.store_triples is None:
            err.print(t("cli.nothing_added", accepted=accepted, total=total))
        else:
            err.print(t("cli.added", accepted=accepted, total=total, links=result.links,
                        triples=t.number(result.store_triples)))
        if accepted < len(result.outcomes):
            raise typer.Exit(1)


def reason(name: str, text: str, t) -> str:
    """Why a file was refused, in the reader's language: the reasons are the reading errors'
    English messages without the file name, matched with the name put back."""
    from policykg.web.i18n import translate_message

    said = translate_message(f"{name}: {text}", t.lang)
    if said != f"{name}: {text}":
        return said.removeprefix(f"{name}: ")
    return translate_message(text, t.lang)
