"""The store contract: what every back end offers and what callers may ask of it.

`Store` declares every operation policykg uses (queries, serialised results, updates, atomic
loads, validation context, counts) and says, in `capabilities`, what callers used to guess from
the class: whether a query can run in a worker process that is killed on timeout, whether the
store has a version token that changes with every write (so caches never serve a stale answer),
and whether it accepts SPARQL Update. Back ends: `embedded.OxigraphStore` (on disk, optionally
answering from memory), `embedded.MemoryStore` (read-only, in memory), `remote.RemoteStore`
(any SPARQL 1.1 Protocol server, with dialects for the servers that need one).

Queries see the union of the named graphs as their default graph, unless they state their own
dataset (FROM / FROM NAMED)."""

from __future__ import annotations

import abc
from collections.abc import Callable, Hashable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import rdflib
from rdflib.term import Node

from policykg import rdfio
from policykg.errors import PolicykgError, StoreError
from policykg.namespaces import sparql_prefixes
from policykg.sparql_check import query_form

DEFAULT_TIMEOUT = 60.0
LOADED_GRAPH = "https://w3id.org/policykg/graph/loaded"


@dataclass(frozen=True)
class Capabilities:
    """What a back end can do, so callers need not look at its class."""

    # queries can run in separate processes that open the store themselves (worker_data_dir)
    # and are killed on timeout; otherwise a timed-out query is only abandoned by the caller
    killable_queries: bool
    # version() changes whenever the graph does, from any process; otherwise it is None and
    # cached answers must expire by time
    version_token: bool
    # update() applies SPARQL Update requests
    update: bool


def to_rdflib(term: Any) -> Node | None:
    """pyoxigraph term -> rdflib term (None for an unbound variable)."""
    if term is None:
        return None
    try:
        return rdfio.term(term)
    except PolicykgError as exc:
        raise StoreError(f"unsupported RDF term in results: {term!r}") from exc


def one_line(exc: BaseException) -> str:
    text = " ".join(str(exc).split())
    return text[:400] or type(exc).__name__


class Store(abc.ABC):
    """A policykg graph: four named graphs whose union is the default graph of queries."""

    location: str
    kind: str = "store"  # "embedded", "memory" or "remote" (shown by /api/status)
    capabilities = Capabilities(killable_queries=False, version_token=False, update=False)

    # -- queries --------------------------------------------------------------------------------
    @abc.abstractmethod
    def select_with_vars(
        self, sparql: str, timeout: float | None = None
    ) -> tuple[list[str], list[dict[str, Node]]]:
        """(projected variable names in order, rows); an unbound variable is absent."""

    def select(self, sparql: str, timeout: float | None = None) -> list[dict[str, Node]]:
        """SELECT rows; an unbound variable is absent from its row."""
        return self.select_with_vars(sparql, timeout)[1]

    @abc.abstractmethod
    def ask(self, sparql: str, timeout: float | None = None) -> bool:
        """The answer of an ASK query."""

    @abc.abstractmethod
    def construct(self, sparql: str, timeout: float | None = None) -> rdflib.Graph:
        """The triples of a CONSTRUCT or DESCRIBE query."""

    @abc.abstractmethod
    def query_raw(
        self, sparql: str, media_type: str | None = None, timeout: float | None = None
    ) -> tuple[bytes, str]:
        """(serialised results, their media type), negotiated from an Accept-like string."""

    def run(
        self, sparql: str, timeout: float | None = None
    ) -> list[dict[str, Node]] | bool | rdflib.Graph:
        """Dispatch on the query form."""
        form = query_form(sparql)
        if form == "SELECT":
            return self.select(sparql, timeout)
        if form == "ASK":
            return self.ask(sparql, timeout)
        return self.construct(sparql, timeout)

    # -- writes (all or nothing) ----------------------------------------------------------------
    @abc.abstractmethod
    def update(self, sparql: str, timeout: float | None = None) -> None:
        """Apply a SPARQL Update request (callers refuse LOAD and SERVICE first)."""

    @abc.abstractmethod
    def replace_graphs(self, graphs: Mapping[str, Any], progress: Callable | None = None) -> None:
        """Replace each named graph's content (files, an rdflib graph or N-Triples bytes);
        other graphs are kept. Every input is parsed before anything is written."""

    @abc.abstractmethod
    def add(self, files: Iterable[Any], graph: str | None = None, replace: bool = False) -> int:
        """Load RDF files into `graph` (default LOADED_GRAPH); replace=True empties it first.
        Returns the number of triples afterwards."""

    # -- what caches and the server ask -----------------------------------------------------------
    def version(self) -> Hashable | None:
        """A token that changes whenever the graph does (None: this store cannot tell)."""
        return None

    def worker_data_dir(self) -> Path | None:
        """Where worker processes open this store for killable queries (None: they cannot)."""
        return None

    def close(self) -> None:  # noqa: B027 - most back ends hold nothing to release
        """Release connections and open files."""

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- derived operations, identical for every back end -----------------------------------------
    def count(self) -> int:
        rows = self.select("SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }")
        return int(rows[0]["n"]) if rows else 0

    def graph_counts(self) -> dict[str, int]:
        """Triples per named graph."""
        rows = self.select(
            "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g ORDER BY ?g"
        )
        return {str(r["g"]): int(r["n"]) for r in rows}

    def graph_for_validation(self, focus: Iterable[str] | None = None) -> rdflib.Graph:
        """An in-memory rdflib copy for pyshacl.

        focus=None: the whole union graph (fine for the seed graph; big for national data).
        focus=IRIs (documents, obligations, agencies): only what shapes need about them: each
        focus node's own triples; for a document the obligations stated in it (with their
        targets) and the agencies those name; for an agency the change events that end or
        transform it and their resulting organisations."""
        if focus is None:
            return self.construct("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }")
        iris = sorted({str(f) for f in focus})
        graph = rdflib.Graph()
        for start in range(0, len(iris), 200):
            values = " ".join(f"<{i}>" for i in iris[start : start + 200])
            graph += self.construct(_FOCUS_CONTEXT.replace("$VALUES", values))
        return graph


_ROLES = "(pkg:owner|pkg:impliedOwner|pkg:coordinator|pkg:reportsTo)"
# How each kind of context node is reached from a focus node ?f. Each branch carries its own
# VALUES and `?x ?p ?o`: a UNION branch is evaluated on its own, and Oxigraph plans a shared
# trailing pattern badly (a full scan).
_FOCUS_PATHS = [
    "BIND(?f AS ?x)",
    "?x pkg:statedIn ?f",
    "?ob pkg:statedIn ?f ; pkg:hasTarget ?x",
    f"?ob pkg:statedIn ?f ; {_ROLES} ?x",
    f"?f {_ROLES}|pkg:issuedBy ?x",
    f"?ob pkg:statedIn ?f ; {_ROLES} ?agency . ?x org:originalOrganization ?agency",
    f"?f {_ROLES} ?agency . ?x org:originalOrganization ?agency",
    "?x org:originalOrganization ?f",
    "?e org:originalOrganization ?f ; org:resultingOrganization ?x",
]
_FOCUS_CONTEXT = (
    sparql_prefixes()
    + "CONSTRUCT { ?x ?p ?o }\nWHERE {\n  "
    + "\n  UNION ".join(f"{{ VALUES ?f {{ $VALUES }} {path} . ?x ?p ?o }}" for path in _FOCUS_PATHS)
    + "\n}\n"
)
