"""`policykg query NAME|FILE|'SPARQL' [--param k=v] [--format ...]`: read-only SPARQL."""

import sys
from enum import StrEnum

import typer
from rdflib.term import Literal, Node, URIRef
from rich.console import Console
from rich.table import Table

from policykg.commands.common import DataDir, Endpoint, positive
from policykg.errors import PolicykgError
from policykg.namespaces import PREFIXES


class Format(StrEnum):
    table = "table"
    csv = "csv"
    tsv = "tsv"
    json = "json"
    ttl = "ttl"


MEDIA = {
    Format.csv: "text/csv",
    Format.tsv: "text/tab-separated-values",
    Format.json: "application/sparql-results+json",
}


def short(node: Node) -> str:
    """A term as a person reads it: prefixed IRIs, literal values."""
    if isinstance(node, URIRef):
        text = str(node)
        for prefix, ns in sorted(PREFIXES.items(), key=lambda kv: -len(str(kv[1]))):
            if text.startswith(str(ns)) and len(text) > len(str(ns)):
                return f"{prefix}:{text[len(str(ns)) :]}"
        return text
    if isinstance(node, Literal):
        return str(node)
    return f"_:{node}"


def _cell(node: Node, limit: int = 80) -> str:
    text = " ".join(short(node).split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def print_table(rows: list[dict[str, Node]], variables: list[str]) -> None:
    """A table for people (long texts cut; use --format csv/json for the full values)."""
    table = Table(*variables, show_lines=False)
    for row in rows:
        table.add_row(*(_cell(row[v]) if v in row else "" for v in variables))
    # piped output is not cut to 80 columns
    console = Console(width=None if sys.stdout.isatty() else 200)
    console.print(table)
    console.print(f"{len(rows)} row{'s' if len(rows) != 1 else ''}", style="dim")


def register(app: typer.Typer) -> None:
    @app.command("query")
    def query_command(
        query: str = typer.Argument(
            ..., help="A query name (queries/NAME.rq), a .rq file, or SPARQL text."
        ),
        param: list[str] = typer.Option(None, "--param", "-p", help="name=value (repeatable)."),
        fmt: Format = typer.Option(Format.table, "--format", "-f", help="Output format."),
        timeout: float = typer.Option(
            60.0, "--timeout", callback=positive, help="Give up after this many seconds."
        ),
        data_dir: DataDir = None,
        endpoint: Endpoint = None,
    ) -> None:
        """Run a named query, a query file or SPARQL text (read-only) and print the results."""
        from policykg.queries import parse_params, resolve, with_prefixes
        from policykg.sparql_check import check_query
        from policykg.store import open_store

        named = resolve(query)
        sparql = with_prefixes(named.bind(parse_params(param)))
        form = check_query(sparql)
        with open_store(data_dir=data_dir, endpoint=endpoint) as store:
            _run(store, sparql, form, fmt, timeout)


def _run(store, sparql: str, form: str, fmt: Format, timeout: float) -> None:
    graph_result = form in ("CONSTRUCT", "DESCRIBE")
    if graph_result:
        if fmt not in (Format.ttl, Format.table, Format.json):
            raise PolicykgError(f"a {form} query prints as ttl or json, not {fmt}")
        media = "application/ld+json" if fmt is Format.json else "text/turtle"
        body, _ = store.query_raw(sparql, media, timeout=timeout)
        _write(body)
        return
    if fmt is Format.ttl:
        raise PolicykgError(f"a {form} query has no ttl output: use table, csv, tsv or json")
    if fmt in MEDIA:
        body, _ = store.query_raw(sparql, MEDIA[fmt], timeout=timeout)
        _write(body)
        return
    if form == "ASK":
        print("true" if store.ask(sparql, timeout=timeout) else "false")
        return
    variables, rows = store.select_with_vars(sparql, timeout=timeout)
    print_table(rows, variables)


def _write(body: bytes) -> None:
    sys.stdout.buffer.write(body)
    if not body.endswith(b"\n"):
        sys.stdout.buffer.write(b"\n")
    sys.stdout.flush()
