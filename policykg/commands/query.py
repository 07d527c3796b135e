"""`policykg query NAME|FILE|'SPARQL' [--param k=v] [--format ...]`: read-only SPARQL.

The table is for people: IRIs shown by their names (web/names.py, as on the site), dates and
numbers as the language writes them, in Vietnamese unless --lang en. csv/tsv/json keep the raw
terms for programs."""

import sys
from enum import StrEnum

import typer
from rdflib import XSD
from rdflib.term import Literal, Node, URIRef
from rich.console import Console
from rich.table import Table

from policykg.commands.common import DataDir, Endpoint, LangOption, positive, requested_lang
from policykg.errors import PolicykgError
from policykg.namespaces import PREFIXES
from policykg.web.i18n import Translator


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


_DATES = {XSD.date, XSD.dateTime, XSD.gYearMonth}
_NUMBERS = {XSD.integer, XSD.decimal, XSD.double, XSD.float, XSD.nonNegativeInteger}


def shown(node: Node, t: Translator, names=None) -> str:
    """A term as the reader reads it: an IRI by its name (with the province or level when the
    name alone is ambiguous), dates, numbers and booleans as the language writes them."""
    if isinstance(node, URIRef) and names is not None and (name := names.get(node)):
        return f"{name.label} ({name.hint})" if name.hint else name.label
    if isinstance(node, Literal) and node.datatype in _DATES:
        return t.date(str(node))
    if isinstance(node, Literal) and node.datatype in _NUMBERS:
        return t.number(str(node))
    if isinstance(node, Literal) and node.datatype == XSD.boolean:
        return t("yes") if node.toPython() is True else t("no")
    return short(node)


def _cell(text: str, limit: int = 80) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _names(store, rows: list[dict[str, Node]], lang: str):
    from policykg.web.names import names

    iris = {v for row in rows for v in row.values() if isinstance(v, URIRef)}
    return names(store, iris, lang) if iris else None


def print_table(rows: list[dict[str, Node]], variables: list[str], lang: str = "vi",
                store=None) -> None:
    """A table for people (long texts cut; use --format csv/json for the full values). With
    a store, IRIs are shown by their names."""
    t = Translator(lang)
    found = _names(store, rows, lang) if store is not None else None
    table = Table(*variables, show_lines=False)
    for row in rows:
        table.add_row(*(_cell(shown(row[v], t, found)) if v in row else "" for v in variables))
    # piped output is not cut to 80 columns
    console = Console(width=None if sys.stdout.isatty() else 200)
    console.print(table)
    count = t("cli.one_row") if len(rows) == 1 else t("cli.rows", n=t.number(len(rows)))
    console.print(count, style="dim")


def catalogue(lang: str) -> str:
    """The named queries with their titles, for `policykg query --help`."""
    from policykg.queries import list_queries

    try:
        found = list_queries()
    except (OSError, PolicykgError):  # a broken query file must not break --help
        return ""
    from rich.markup import escape

    t = Translator(lang)
    lines = [t("cli.named")]
    for q in found:
        params = ", ".join(p.name for p in q.params)
        extra = f" ({t('cli.params')}: {params})" if params else ""
        lines.append(escape(f"  {q.name} — {q.title_in(lang)}{extra}"))
    return "\n".join(lines)


def register(app: typer.Typer) -> None:
    @app.command("query", epilog=catalogue(requested_lang()))
    def query_command(
        query: str = typer.Argument(
            ..., help="A query name (queries/NAME.rq), a .rq file, or SPARQL text."
        ),
        param: list[str] = typer.Option(None, "--param", "-p", help="name=value (repeatable)."),
        fmt: Format = typer.Option(Format.table, "--format", "-f", help="Output format."),
        timeout: float = typer.Option(
            60.0, "--timeout", callback=positive, help="Give up after this many seconds."
        ),
        iris: bool = typer.Option(False, "--iris", help="Show IRIs in the table, not names."),
        lang: LangOption = "vi",
        data_dir: DataDir = None,
        endpoint: Endpoint = None,
    ) -> None:
        """Run a named query, a query file or SPARQL text (read-only) and print the results.
        Dates in --param may be written 01/07/2025 or 2025-07-01."""
        from policykg.queries import parse_params, resolve, with_prefixes
        from policykg.sparql_check import check_query
        from policykg.store import open_store
        from policykg.web.named_queries import named_by_number

        named = resolve(query)
        values = parse_params(param)
        with open_store(data_dir=data_dir, endpoint=endpoint) as store:
            values = named_by_number(store, named, values)  # as on the query page
            sparql = with_prefixes(named.bind(values))
            form = check_query(sparql)
            human = Human(str(lang), names=not iris, asked=bool(values))
            _run(store, sparql, form, fmt, timeout, human)


class Human:
    """How the table is shown: language, names or IRIs, and whether parameters were given
    (an empty answer to a parameterised query gets a hint on stderr)."""

    def __init__(self, lang: str, names: bool = True, asked: bool = False) -> None:
        self.lang, self.names, self.asked = lang, names, asked


def _run(store, sparql: str, form: str, fmt: Format, timeout: float,
         human: Human | None = None) -> None:
    human = human or Human("vi")
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
    print_table(rows, variables, human.lang, store if human.names else None)
    if not rows and human.asked:
        Console(stderr=True, highlight=False, soft_wrap=True).print(
            Translator(human.lang)("cli.empty"), markup=False)


def _write(body: bytes) -> None:
    sys.stdout.buffer.write(body)
    if not body.endswith(b"\n"):
        sys.stdout.buffer.write(b"\n")
    sys.stdout.flush()
