"""The remote back end: any SPARQL 1.1 Protocol server (query URL + update URL).

Loads go into staging graphs first and are swapped in by one update request (DROP + MOVE), which
servers with transactional updates (Oxigraph, Fuseki/TDB2, GraphDB) apply all or nothing. The
server must expose the union of the named graphs as its default graph; where a server differs
from the protocol or needs its own settings, a dialect (dialects.py) adapts the requests, chosen
from the server's `Server` header on first use unless given."""

from __future__ import annotations

import contextlib
import uuid
from collections.abc import Callable, Iterable, Mapping
from typing import Any

import httpx
import pyoxigraph as ox
import rdflib
from rdflib.term import BNode, Literal, Node, URIRef

from policykg.errors import PolicykgError, StoreError
from policykg.iri import http_url, iri_ref
from policykg.negotiation import choose_media_type
from policykg.rdfio import XSD_STRING
from policykg.sparql_check import check_query, query_form
from policykg.store import dialects
from policykg.store.base import (
    DEFAULT_TIMEOUT,
    LOADED_GRAPH,
    Capabilities,
    Store,
    one_line,
    to_rdflib,
)
from policykg.store.closure import CLOSURE_GRAPH, CONCRETISES, TRANSITIVE, transitive_closure
from policykg.store.inputs import (
    as_paths,
    check_readable,
    file_as_ntriples,
    graph_name,
    in_memory_ntriples,
    parse_error,
    rdf_format_for,
)

STAGING_PREFIX = "urn:policykg:staging:"
_BOOLEAN_FORMS = {"1": "true", "0": "false"}
_STAGING_RUN = "urn:policykg:stagingRun"


def _json_term(binding: dict) -> Node:
    """SPARQL 1.1 JSON results binding -> rdflib term."""
    kind, value = binding["type"], binding["value"]
    if kind == "uri":
        return URIRef(value)
    if kind == "bnode":
        return BNode(value)
    if binding.get("xml:lang"):
        return Literal(value, lang=binding["xml:lang"])
    datatype = binding.get("datatype")
    if datatype in (None, XSD_STRING):
        return Literal(value)
    if datatype == dialects.XSD_BOOLEAN and value in _BOOLEAN_FORMS:
        value = _BOOLEAN_FORMS[value]  # 1/0 (Virtuoso) are the values true/false
    return Literal(value, datatype=URIRef(datatype))


class RemoteStore(Store):
    """A SPARQL 1.1 Protocol endpoint whose default graph is the union of its named graphs
    (oxigraph serve --union-default-graph; Fuseki tdb2:unionDefaultGraph; Virtuoso)."""

    CHUNK = 20_000  # triples per INSERT DATA request
    kind = "remote"
    capabilities = Capabilities(killable_queries=False, version_token=False, update=True)

    def __init__(
        self,
        endpoint: str,
        update_endpoint: str | None = None,
        timeout: float = DEFAULT_TIMEOUT,
        dialect: str | None = None,
    ):
        self.endpoint = http_url(endpoint, "endpoint")
        self._update_endpoint = http_url(update_endpoint, "update endpoint") if update_endpoint \
            else None
        if dialect is not None and dialect not in dialects.DIALECTS:
            raise PolicykgError(f"unknown SPARQL server dialect {dialect!r}; use one of "
                                f"{', '.join(dialects.DIALECTS)}")
        self._dialect = dialects.DIALECTS[dialect] if dialect else None
        self.location = endpoint
        self.timeout = timeout
        self._client = httpx.Client(timeout=timeout, follow_redirects=True)

    @property
    def dialect(self) -> dialects.Sparql11:
        """The server's dialect: given, or told by its `Server` header (one GET, first use)."""
        if self._dialect is None:
            try:
                server = self._client.get(self.endpoint, timeout=min(self.timeout, 10.0))
                header = server.headers.get("server")
            except httpx.HTTPError:
                header = None  # the real request reports an unreachable server
            self._dialect = dialects.detect(header)
        return self._dialect

    @property
    def update_endpoint(self) -> str:
        """Given, else guessed from the query URL as the server's dialect does it."""
        if self._update_endpoint is None:
            self._update_endpoint = http_url(self.dialect.update_url(self.endpoint),
                                             "update endpoint")
        return self._update_endpoint

    def close(self) -> None:
        self._client.close()

    def _post(
        self, url: str, data: dict, accept: str | None, timeout: float | None
    ) -> httpx.Response:
        headers = {"Accept": accept} if accept else {}
        try:
            response = self._client.post(
                url, data=data, headers=headers, timeout=timeout or self.timeout
            )
        except httpx.TimeoutException:
            raise StoreError(
                f"SPARQL endpoint {url} timed out after {timeout or self.timeout:g} s"
            ) from None
        except httpx.HTTPError as exc:
            raise StoreError(f"cannot reach SPARQL endpoint {url}: {one_line(exc)}") from None
        if response.status_code >= 400:
            detail = one_line(Exception(response.text))[:300]
            if response.status_code == 400:
                raise PolicykgError(f"SPARQL endpoint rejected the request: {detail}")
            raise StoreError(f"SPARQL endpoint {url} answered {response.status_code}: {detail}")
        return response

    def _query(self, sparql: str, accept: str, timeout: float | None) -> httpx.Response:
        """Send a checked query; the server is told the timeout where it takes one, and
        results it cut at its own timeout are an error, not a (partial) answer."""
        check_query(sparql)
        dialect, seconds = self.dialect, timeout or self.timeout
        data = {"query": dialect.query_text(sparql), **dialect.query_parameters(seconds)}
        response = self._post(self.endpoint, data, accept, seconds)
        if dialect.interrupted(response.headers, response.content):
            raise StoreError(f"SPARQL endpoint {self.endpoint} timed out: the server stopped "
                             f"the query (timeout {seconds:g} s or the server's own limit)")
        return response

    def select_with_vars(
        self, sparql: str, timeout: float | None = None
    ) -> tuple[list[str], list[dict[str, Node]]]:
        body = self._query(sparql, "application/sparql-results+json", timeout).json()
        if "results" not in body:
            raise PolicykgError("expected a SELECT query")
        rows = [
            {name: _json_term(b) for name, b in row.items()} for row in body["results"]["bindings"]
        ]
        return list(body.get("head", {}).get("vars", [])), rows

    def ask(self, sparql: str, timeout: float | None = None) -> bool:
        body = self._query(sparql, "application/sparql-results+json", timeout).json()
        return self.dialect.boolean(body)

    def construct(self, sparql: str, timeout: float | None = None) -> rdflib.Graph:
        response = self._query(sparql, "application/n-triples", timeout)
        graph = rdflib.Graph()
        for t in ox.parse(response.content, format=ox.RdfFormat.N_TRIPLES):
            graph.add((to_rdflib(t.subject), to_rdflib(t.predicate), to_rdflib(t.object)))
        return graph

    def query_raw(
        self, sparql: str, media_type: str | None = None, timeout: float | None = None
    ) -> tuple[bytes, str]:
        form = query_form(sparql)
        chosen = choose_media_type(media_type, form in ("CONSTRUCT", "DESCRIBE"))
        if form == "ASK" and self.dialect.raw_ask(chosen):
            return dialects.serialise_boolean(self.ask(sparql, timeout), chosen), chosen
        if form == "SELECT" and self.dialect.writes_select(chosen):
            variables, rows = self.select_with_vars(sparql, timeout)
            return dialects.serialise_select(variables, rows, chosen), chosen
        response = self._query(sparql, chosen, timeout)
        if form in ("SELECT", "ASK"):
            return self.dialect.raw_results(response.content, chosen), chosen
        return response.content, chosen

    def update(self, sparql: str, timeout: float | None = None) -> None:
        """Apply the request, then bring the closure graph up to date (closure.py) in a second
        request when the request changed pkg:concretises: a reader in between may see the old
        closure (a write through replace_graphs or add swaps it in the same request)."""
        self._update(sparql, timeout)
        self._write_staged({}, replace=True)

    def _update(self, sparql: str, timeout: float | None = None) -> None:
        self._post(self.update_endpoint, {"update": sparql}, None, timeout)

    def replace_graphs(self, graphs: Mapping[str, Any], progress: Callable | None = None) -> None:
        """Stage every graph, then swap all of them in one update request."""
        staged = {graph_name(g): _read_triples(source) for g, source in graphs.items()}
        self._write_staged(staged, replace=True, progress=progress)

    def add(self, files: Iterable[Any], graph: str | None = None, replace: bool = False) -> int:
        target = graph_name(graph or LOADED_GRAPH)
        files = list(files)
        if replace:
            self.replace_graphs({target: files})
            return self.count()
        self._write_staged({target: _read_triples(files)}, replace=False)
        return self.count()

    def _write_staged(
        self,
        staged: Mapping[str, list[tuple]],
        replace: bool,
        progress: Callable | None = None,
    ) -> None:
        """Load each graph into a fresh staging graph, then in one update request replace each
        graph by its staging graph (replace=True) or add the staging graph to it; the closure
        graph, when the write changes it, is staged and replaced with them. Each staging graph
        starts with a marker triple; it must still be there before the swap, else another
        writer's clean-up dropped the graph mid-load and a partial graph would be published."""
        self._drop_leftover_staging()
        closure = self._closure_after(staged, replace)
        finish = {g: _replace_graph if replace else _add_graph for g in staged}
        if closure is not None:
            staged = {**staged, CLOSURE_GRAPH: closure}
            finish[CLOSURE_GRAPH] = _replace_graph
        if not staged:
            return
        run = uuid.uuid4().hex[:12]
        staging = {g: f"<{STAGING_PREFIX}{run}:{i}>" for i, g in enumerate(staged)}
        marks = {g: f'{s} <{_STAGING_RUN}> "{run}"' for g, s in staging.items()}
        try:
            for graph, triples in staged.items():
                if progress:
                    progress(graph)
                self._update(f"INSERT DATA {{ GRAPH {staging[graph]} {{ {marks[graph]} }} }}")
                self._insert(staging[graph], triples)
            marked = " ".join(f"GRAPH {staging[g]} {{ {marks[g]} }}" for g in staged)
            if staged and not self.ask(f"ASK {{ {marked} }}"):
                raise StoreError(
                    "a staging graph was dropped during the load (another policykg write to "
                    "this server at the same time?); nothing was replaced: run it again"
                )
            swap = " ;\n".join(
                f"DELETE DATA {{ GRAPH {staging[g]} {{ {marks[g]} }} }} ;\n"
                + finish[g](f"<{g}>", staging[g])
                for g in staged
            )
            self._update(swap, timeout=max(self.timeout, 600))
        except BaseException:
            with contextlib.suppress(PolicykgError):
                self._update(" ;\n".join(f"DROP SILENT GRAPH {s}" for s in staging.values()))
            raise

    def _closure_after(self, staged: Mapping[str, list[tuple]], replace: bool) -> list | None:
        """The closure graph's triples once `staged` is written, from the pkg:concretises edges
        of the graphs the write keeps and of the staged triples; None when the closure graph
        already holds exactly these."""
        skip = [f"<{g}>" for g in staged] if replace else []
        skip.append(f"<{CLOSURE_GRAPH}>")
        rows = self._select_all(
            "DISTINCT ?c ?p",
            f"GRAPH ?g {{ ?c <{CONCRETISES}> ?p }} "
            f"FILTER(isIRI(?c) && isIRI(?p) && ?g NOT IN ({', '.join(skip)}) "
            f'&& !STRSTARTS(STR(?g), "{STAGING_PREFIX}"))',
        )
        edges = {(str(r["c"]), str(r["p"])) for r in rows}
        for triples in staged.values():
            edges.update(
                (s.value, o.value)
                for s, p, o in triples
                if p.value == CONCRETISES
                and isinstance(s, ox.NamedNode)
                and isinstance(o, ox.NamedNode)
            )
        wanted = {(c, TRANSITIVE, a) for c, a in transitive_closure(edges)}
        held = self._select_all("?s ?p ?o", f"GRAPH <{CLOSURE_GRAPH}> {{ ?s ?p ?o }}")
        if {(str(r["s"]), str(r["p"]), str(r["o"])) for r in held} == wanted:
            return None
        return [tuple(ox.NamedNode(x) for x in triple) for triple in sorted(wanted)]

    def _select_all(self, projection: str, where: str) -> list[dict]:
        """Every row of `SELECT projection WHERE { where }`, checked against its count: a
        server that cuts long answers (Virtuoso's ResultSetMaxRows) would otherwise give a
        silently wrong closure."""
        timeout = max(self.timeout, 300)
        rows = self.select(f"SELECT {projection} WHERE {{ {where} }}", timeout=timeout)
        counted = self.select(
            f"SELECT (COUNT(*) AS ?n) WHERE {{ SELECT {projection} WHERE {{ {where} }} }}",
            timeout=timeout,
        )
        if int(counted[0]["n"]) != len(rows):
            raise StoreError(
                f"SPARQL endpoint {self.endpoint} answered {len(rows)} of "
                f"{int(counted[0]['n'])} rows (a server limit such as Virtuoso's "
                "ResultSetMaxRows?): raise it above the size of the concretises closure"
            )
        return rows

    def _drop_leftover_staging(self) -> None:
        """Staging graphs left by earlier runs that died mid-load (a killed process, a server
        restart): they would stay in the union default graph and duplicate rows."""
        rows = self.select(self.dialect.graphs_with_prefix(STAGING_PREFIX))
        leftovers = [iri_ref(str(row["g"]), "staging graph") for row in rows]
        if leftovers:
            self._update(" ;\n".join(f"DROP SILENT GRAPH {g}" for g in leftovers))

    def _insert(self, graph: str, triples: list[tuple]) -> None:
        """INSERT DATA into `graph` (an IRI in <>) in chunks."""
        for chunk in _chunks_keeping_bnodes(triples, min(self.CHUNK, self.dialect.chunk)):
            body = "\n".join(f"{s} {p} {o} ." for s, p, o in chunk)
            self._update(self.dialect.insert(graph, body), timeout=max(self.timeout, 300))


def _replace_graph(graph: str, staging: str) -> str:
    return f"DROP SILENT GRAPH {graph} ;\nMOVE SILENT GRAPH {staging} TO GRAPH {graph}"


def _add_graph(graph: str, staging: str) -> str:
    return f"ADD SILENT GRAPH {staging} TO GRAPH {graph} ;\nDROP SILENT GRAPH {staging}"


def _read_triples(source: Any) -> list[tuple]:
    """Parse everything first (errors before any request). Oxigraph terms, whose str() is
    their N-Triples form: the lexical forms go to the server exactly as written."""
    triples: list[tuple] = []
    for label, base, data, fmt in _read_inputs(source):
        try:
            for q in ox.parse(data, format=fmt, base_iri=base):
                triples.append((q.subject, q.predicate, q.object))
        except (SyntaxError, ValueError) as exc:
            raise parse_error(label, exc) from None
    return triples


def _read_inputs(source: Any) -> list[tuple[str, str | None, bytes, ox.RdfFormat]]:
    paths = as_paths(source)
    if paths is None:
        data = in_memory_ntriples(source)
        return [("in-memory graph", None, data, ox.RdfFormat.N_TRIPLES)]
    out = []
    for path in paths:
        check_readable(path)
        fmt = rdf_format_for(path)
        base = path.resolve().as_uri()
        if fmt is None:
            out.append((str(path), base, file_as_ntriples(path), ox.RdfFormat.N_TRIPLES))
        else:
            out.append((str(path), base, path.read_bytes(), fmt))
    return out


def _chunks_keeping_bnodes(triples: list, size: int) -> Iterable[list]:
    """Split into requests without splitting a blank node's triples (a label is local to one
    request): triples connected through shared blank nodes go into the same chunk."""
    parent: dict = {}

    def find(x):
        while parent.get(x, x) != x:
            parent[x] = parent.get(parent[x], parent[x])
            x = parent[x]
        return x

    def blank(term) -> bool:
        return isinstance(term, ox.BlankNode | BNode)

    for s, _p, o in triples:
        if blank(s) and blank(o):
            parent.setdefault(s, s)
            parent.setdefault(o, o)
            parent[find(s)] = find(o)
    groups: dict[Any, list] = {}
    plain: list = []
    for t in triples:
        node = t[0] if blank(t[0]) else t[2] if blank(t[2]) else None
        if node is None:
            plain.append(t)
        else:
            groups.setdefault(find(node), []).append(t)
    chunk: list = []
    for group in [*groups.values(), *([t] for t in plain)]:
        if chunk and len(chunk) + len(group) > size:
            yield chunk
            chunk = []
        chunk.extend(group)
    if chunk:
        yield chunk
