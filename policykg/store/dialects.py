"""Where SPARQL servers differ, in one place. The remote back end speaks the SPARQL 1.1
Protocol; a dialect adapts the few points where a server departs from it or from what policykg
needs (the union of the named graphs as the default graph, listing graphs, ASK results, the
update URL).

- `Sparql11` (Oxigraph server, Fuseki, GraphDB, QLever): nothing to adapt; the server is
  configured for the union default graph (README, "Running on an existing SPARQL server").
- `Virtuoso` (OpenLink Virtuoso 7, Debian's `virtuoso-opensource-7`): Virtuoso's default graph
  is already the union of all graphs, including its own system graphs (its quad-map schema,
  LDP and URIQA metadata: some 2,500 triples in a fresh database). Each query is therefore
  prefixed with `define input:default-graph-exclude` / `input:named-graph-exclude` pragmas for
  those graphs, so that counts and `GRAPH ?g` see policykg's graphs only; no server setting is
  needed for that. (Not for a query that names a graph, `GRAPH <iri>`: Virtuoso 7.2 then
  answers nothing.) Virtuoso 7.2 answers ASK as a one-row table (`__ASK_RETVAL`), and
  `GRAPH ?g { }` binds nothing, so graphs are listed through their triples; blank nodes are
  refused in INSERT DATA, so triples are inserted by a template with an empty WHERE. Updates go
  to the query URL (`/sparql`), which needs the SPARQL_UPDATE role for the user it runs as."""

from __future__ import annotations

import csv
import io
import json
import re
from functools import lru_cache
from typing import Any

from rdflib.term import BNode

from policykg.errors import PolicykgError
from policykg.negotiation import CSV, JSON, SPARQL_JSON, SPARQL_XML, TSV
from policykg.sparql_text import (
    boolean_casts,
    inline_data_as_subqueries,
    names_a_graph,
    regex_patterns_prefixed,
)

XSD_BOOLEAN = "http://www.w3.org/2001/XMLSchema#boolean"


class Sparql11:
    name = "sparql11"
    chunk = 20_000  # triples per INSERT request

    def query_text(self, sparql: str) -> str:
        """The text sent for a query (already checked by sparql_check)."""
        return sparql

    def query_parameters(self, timeout: float) -> dict[str, str]:
        """Request parameters beside `query`: none (the server's own timeout applies, e.g.
        `oxigraph serve --timeout-s`)."""
        return {}

    def interrupted(self, status_headers: Any, body: bytes) -> bool:
        """Whether the server stopped the query at its timeout: Oxigraph has already sent 200
        and ends the results with its message (the body is cut, not an answer)."""
        return body.endswith(b"The SPARQL operation has been cancelled")

    def update_url(self, endpoint: str) -> str:
        """Oxigraph: /query -> /update; Fuseki: /ds/sparql or /ds/query -> /ds/update."""
        for tail in ("/query", "/sparql"):
            if endpoint.rstrip("/").endswith(tail):
                return endpoint.rstrip("/")[: -len(tail)] + "/update"
        return endpoint

    def graphs_with_prefix(self, prefix: str) -> str:
        """A SELECT of ?g: the names of graphs starting with `prefix` (a plain string)."""
        return (f"SELECT DISTINCT ?g WHERE {{ GRAPH ?g {{ }} "
                f'FILTER(STRSTARTS(STR(?g), "{prefix}")) }}')

    def insert(self, graph: str, triples: str) -> str:
        """An update adding N-Triples lines to `graph` (an IRI in <>)."""
        return f"INSERT DATA {{ GRAPH {graph} {{\n{triples}\n}} }}"

    def boolean(self, body: dict[str, Any]) -> bool:
        """The answer of an ASK from SPARQL JSON results."""
        if "boolean" not in body:
            raise PolicykgError("expected an ASK query")
        return bool(body["boolean"])

    def raw_ask(self, media_type: str) -> str | None:
        """None: the server writes ASK results itself; else the media type to ask it for,
        policykg writing the result (serialise_boolean)."""
        return None

    def writes_select(self, media_type: str) -> bool:
        """Whether policykg must write SELECT results in this media type (serialise_select)."""
        return False

    def raw_results(self, body: bytes, media_type: str) -> bytes:
        """A server's SELECT or ASK results as sent to clients."""
        return body


class Virtuoso(Sparql11):
    name = "virtuoso"
    chunk = 1_000  # its SPARQL compiler runs out of memory near 5,000 triples in one request
    SYSTEM_GRAPHS = (
        "http://www.openlinksw.com/schemas/virtrdf#",
        "http://www.w3.org/ns/ldp#",
        "http://localuriqaserver/sparql",
    )
    PRAGMAS = "".join(
        f"define input:default-graph-exclude <{g}>\ndefine input:named-graph-exclude <{g}>\n"
        for g in SYSTEM_GRAPHS
    )

    # Its JSON writer gives booleans as 1/0 (a valid xsd:boolean form; others write true/false)
    JSON_BOOLEAN = re.compile(rb'("datatype": "' + re.escape(XSD_BOOLEAN.encode())
                              + rb'", "value": ")([01])"')

    @staticmethod
    @lru_cache(maxsize=512)  # ~1 ms of tokenising for a long query, saved when it comes again
    def query_text(sparql: str) -> str:
        text = Virtuoso.portable(sparql)
        # Virtuoso 7.2 answers nothing for `GRAPH <iri> { ... }` once any exclude pragma is
        # given; a query naming its graphs is left as it is (its default-graph patterns, if
        # any, then see the system graphs too)
        return text if names_a_graph(sparql) else Virtuoso.PRAGMAS + text

    @staticmethod
    def portable(sparql: str) -> str:
        """The query rewritten where Virtuoso 7.2 answers otherwise: its computed booleans
        (comparisons, EXISTS, true) are integers 1/0 unless cast to xsd:boolean; inline data
        does not start a property path (`transitive start not given`); its regexes (PCRE) read
        \\b and \\w as ASCII unless told (*UCP)."""
        text = inline_data_as_subqueries(regex_patterns_prefixed(sparql, "(*UCP)"))
        return boolean_casts(text, f"<{XSD_BOOLEAN}>")

    def query_parameters(self, timeout: float) -> dict[str, str]:
        # Virtuoso stops the query after `timeout` ms (the ini's MaxQueryExecutionTime is its
        # own limit for every query) and answers within about twice that (measured): a third
        # of the client's timeout lets its answer arrive before the client gives up
        return {"timeout": str(max(1, round(timeout * 1000 / 3)))}

    def interrupted(self, status_headers: Any, body: bytes) -> bool:
        # an "anytime" query: past its timeout Virtuoso answers 200 with the rows found so far
        return status_headers.get("x-sql-state") == "S1TAT"

    def update_url(self, endpoint: str) -> str:
        return endpoint

    def graphs_with_prefix(self, prefix: str) -> str:
        return (f"SELECT DISTINCT ?g WHERE {{ GRAPH ?g {{ ?s ?p ?o }} "
                f'FILTER(STRSTARTS(STR(?g), "{prefix}")) }}')

    def insert(self, graph: str, triples: str) -> str:
        # Virtuoso refuses blank nodes in INSERT DATA; a template makes them fresh per request,
        # which is what INSERT DATA means (a chunk never splits a blank node's triples)
        return f"INSERT {{ GRAPH {graph} {{\n{triples}\n}} }} WHERE {{ }}"

    def boolean(self, body: dict[str, Any]) -> bool:
        if "boolean" in body:
            return bool(body["boolean"])
        rows = body.get("results", {}).get("bindings", [])
        if body.get("head", {}).get("vars") != ["__ASK_RETVAL"]:
            raise PolicykgError("expected an ASK query")
        return bool(rows) and rows[0].get("__ASK_RETVAL", {}).get("value") not in ("0", None)

    def raw_ask(self, media_type: str) -> str | None:
        return SPARQL_JSON

    def writes_select(self, media_type: str) -> bool:
        # TSV: Virtuoso writes quoted CSV-like values, not RDF terms; CSV: booleans as 1/0
        return media_type in (TSV, CSV)

    def raw_results(self, body: bytes, media_type: str) -> bytes:
        if media_type in (SPARQL_JSON, JSON):
            return self.JSON_BOOLEAN.sub(
                lambda m: m.group(1) + (b'true"' if m.group(2) == b"1" else b'false"'), body)
        return body


DIALECTS = {d.name: d for d in (Sparql11(), Virtuoso())}


def detect(server_header: str | None) -> Sparql11:
    """The dialect for a server's `Server` response header."""
    if server_header and server_header.lower().startswith("virtuoso"):
        return DIALECTS["virtuoso"]
    return DIALECTS["sparql11"]


def serialise_boolean(value: bool, media_type: str) -> bytes:
    """An ASK result in SPARQL JSON, XML, CSV or TSV results."""
    word = "true" if value else "false"
    if media_type in (SPARQL_JSON, JSON):
        return json.dumps({"head": {}, "boolean": value}).encode()
    if media_type in (CSV, TSV):
        return f"{word}\n".encode()
    if media_type in (SPARQL_XML, "application/xml"):
        return ('<?xml version="1.0"?>\n<sparql xmlns="http://www.w3.org/2005/sparql-results#">'
                f"<head/><boolean>{word}</boolean></sparql>\n").encode()
    raise PolicykgError(f"cannot write an ASK result as {media_type}")


def serialise_select(variables: list[str], rows: list[dict[str, Any]], media_type: str) -> bytes:
    """SPARQL 1.1 TSV results (a header of ?variables, then each term in N-Triples form) or
    CSV results (names, then each term's lexical form; blank nodes as _:label)."""
    if media_type == TSV:
        lines = ["\t".join(f"?{v}" for v in variables)]
        for row in rows:
            lines.append("\t".join(row[v].n3() if v in row else "" for v in variables))
        return ("\n".join(lines) + "\n").encode("utf-8")
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(variables)
    for row in rows:
        writer.writerow([_csv_value(row[v]) if v in row else "" for v in variables])
    return out.getvalue().encode("utf-8")


def _csv_value(term: Any) -> str:
    return term.n3() if isinstance(term, BNode) else str(term)


# A minimal virtuoso.ini for a private server on loopback (the tests' conformance runs and
# benchmarks/peers.py): its own database files, no Unix socket, result rows not cut at the
# default 10,000, nor a sorted result (ORDER BY with policykg's row cap as LIMIT) refused past
# it. `buffers` sizes the page cache (~8 KB a buffer); `dirs` may be bulk-loaded from.
_VIRTUOSO_INI = """\
[Database]
DatabaseFile = {dir}/virtuoso.db
ErrorLogFile = {dir}/virtuoso.log
LockFile = {dir}/virtuoso.lck
TransactionFile = {dir}/virtuoso.trx
xa_persistent_file = {dir}/virtuoso.pxa
FileExtend = 200
Striping = 0
TempStorage = TempDatabase
[TempDatabase]
DatabaseFile = {dir}/virtuoso-temp.db
TransactionFile = {dir}/virtuoso-temp.trx
[Parameters]
ServerPort = 127.0.0.1:{sql_port}
DisableUnixSocket = 1
CheckpointInterval = 0
NumberOfBuffers = {buffers}
MaxDirtyBuffers = {dirty}
ThreadsPerQuery = 2
DirsAllowed = {dirs}
MaxSortedTopRows = {max_rows}
[HTTPServer]
ServerPort = 127.0.0.1:{http_port}
ServerRoot = /var/lib/virtuoso-opensource-7/vsp
ServerThreads = 4
MaxClientConnections = 4
Charset = UTF-8
[SPARQL]
ResultSetMaxRows = {max_rows}
MaxQueryExecutionTime = {max_seconds}
MaxQueryCostEstimationTime = 0
"""


def virtuoso_ini(
    directory,
    sql_port: int,
    http_port: int,
    *,
    buffers: int = 20000,
    dirs: tuple = (),
    max_rows: int = 1_000_000,
    max_seconds: int = 30,
) -> str:
    """The text of a virtuoso.ini for a private loopback server (see _VIRTUOSO_INI)."""
    return _VIRTUOSO_INI.format(
        dir=directory,
        sql_port=sql_port,
        http_port=http_port,
        buffers=buffers,
        dirty=buffers * 3 // 4,
        dirs=", ".join(str(d) for d in (directory, *dirs)),
        max_rows=max_rows,
        max_seconds=max_seconds,
    )
