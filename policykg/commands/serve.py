"""`policykg serve`: the web server (SPARQL endpoint, pages, trace, validation, graph)."""

import typer

from policykg.commands.common import DataDir, Endpoint, LangOption, positive
from policykg.errors import PolicykgError


def register(app: typer.Typer) -> None:
    @app.command("serve")
    def serve_command(
        host: str = typer.Option("127.0.0.1", "--host", help="Interface to listen on."),
        port: int = typer.Option(8000, "--port", help="TCP port."),
        data_dir: DataDir = None,
        endpoint: Endpoint = None,
        update_token: str = typer.Option(
            None,
            "--update-token",
            envvar="POLICYKG_UPDATE_TOKEN",
            help="Enable SPARQL Update and adding plans for requests carrying "
            "'Authorization: Bearer <token>' (prefer the environment variable).",
            show_default=False,
        ),
        timeout: float = typer.Option(
            10.0, "--timeout", callback=positive, help="Per-query timeout in seconds."
        ),
        max_rows: int = typer.Option(10000, "--max-rows", help="Result cap per query."),
        workers: int = typer.Option(4, "--query-workers", help="Concurrent SPARQL queries."),
        memory: bool = typer.Option(
            False,
            "--memory",
            envvar="POLICYKG_MEMORY",
            help="Answer queries and traces from one in-memory copy of the embedded store "
            "(5-7x faster at 2M triples; about 0.5 GB per million triples, loaded in the "
            "background at start and after each write).",
        ),
        lang: LangOption = "vi",
    ) -> None:
        """Serve the graph over HTTP: /sparql (SPARQL 1.1 Protocol), /, /query, /trace,
        /validate, /graph, /id/..., /ontology, /docs. (--lang: this command's errors; the
        pages pick their reader's language.)"""
        import uvicorn

        from policykg.web.app import create_app
        from policykg.web.security import MAX_HEADER_BYTES
        from policykg.web.settings import Settings

        if not 0 < port < 65536:
            raise PolicykgError(f"--port must be 1-65535, not {port}", key="err.port", port=port)
        if timeout <= 0 or max_rows <= 0 or workers <= 0:
            raise PolicykgError("--timeout, --max-rows and --query-workers must be positive",
                                key="err.positive")
        settings = Settings(
            data_dir=data_dir,
            endpoint=endpoint,
            update_token=update_token or None,
            query_timeout=timeout,
            max_rows=max_rows,
            query_workers=workers,
            memory=memory,
        )
        # h11 bounds the request head it buffers (httptools, uvicorn's default parser, does
        # not: 1 MB of headers was accepted); the app limits the header count (HeaderLimits).
        uvicorn.run(
            create_app(settings),
            host=host,
            port=port,
            log_level="info",
            http="h11",
            h11_max_incomplete_event_size=MAX_HEADER_BYTES,
        )
