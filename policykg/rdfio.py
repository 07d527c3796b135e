"""Reading RDF files into rdflib graphs quickly.

rdflib's own Turtle parser takes seconds for the reference graph; Oxigraph's parser takes
milliseconds, and converting its terms costs little. Every module that reads the project's RDF
files into rdflib uses this one function (the store loads files itself)."""

from collections.abc import Iterable
from functools import cache
from pathlib import Path

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef

from policykg import resources
from policykg.errors import PolicykgError

XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
FORMATS = {
    ".ttl": ox.RdfFormat.TURTLE,
    ".nt": ox.RdfFormat.N_TRIPLES,
    ".nq": ox.RdfFormat.N_QUADS,
    ".trig": ox.RdfFormat.TRIG,
    ".rdf": ox.RdfFormat.RDF_XML,
    ".owl": ox.RdfFormat.RDF_XML,
    ".xml": ox.RdfFormat.RDF_XML,
    ".jsonld": ox.RdfFormat.JSON_LD,
    ".json": ox.RdfFormat.JSON_LD,
    ".n3": ox.RdfFormat.N3,
}
# Files of graph/reference/ that are not reference facts (curated links are loaded on their own).
NOT_REFERENCE = {"links.ttl"}
# Generated reference files the store loads but no process parses into rdflib: every province's
# bodies (the gazetteer derives them from agency-types.ttl and provinces.ttl by the same rules),
# the change events and the successions (read through the store; policykg.reorganisation).
GENERATED_BULK = {"agencies-provinces.ttl", "reorganisation.ttl", "successions.ttl"}


def term(t) -> URIRef | BNode | Literal:
    """pyoxigraph term -> rdflib term (xsd:string literals stay plain, as rdflib parses them)."""
    if isinstance(t, ox.NamedNode):
        return URIRef(t.value)
    if isinstance(t, ox.BlankNode):
        return BNode(t.value)
    if isinstance(t, ox.Literal):
        if t.language:
            return Literal(t.value, lang=t.language)
        datatype = t.datatype.value
        return Literal(t.value, datatype=None if datatype == XSD_STRING else URIRef(datatype))
    raise PolicykgError(f"unsupported RDF term: {t!r}")


def read(paths: Iterable[Path], graph: Graph | None = None) -> Graph:
    """Parse RDF files (syntax by suffix) into `graph` (a new one by default).
    A file that cannot be parsed raises PolicykgError naming it."""
    graph = Graph() if graph is None else graph
    seen: dict = {}  # the same IRIs recur constantly: convert each once

    def convert(t):
        found = seen.get(t)
        if found is None:
            found = seen[t] = term(t)
        return found

    for path in paths:
        path = Path(path)
        fmt = FORMATS.get(path.suffix.lower())
        if fmt is None:
            raise PolicykgError(f"{path}: unknown RDF file type {path.suffix!r}")
        try:
            quads = list(ox.parse(path=str(path), format=fmt, base_iri=path.resolve().as_uri()))
        except OSError as exc:
            raise PolicykgError(f"{path}: cannot read: {exc}") from None
        except (SyntaxError, ValueError) as exc:
            detail = " ".join(str(exc).split())[:300]
            raise PolicykgError(f"{path}: invalid RDF: {detail}") from None
        graph.addN((convert(q.subject), convert(q.predicate), convert(q.object), graph)
                   for q in quads)
    return graph


def reference_files(directory: Path | None = None) -> list[Path]:
    """The curated reference files a process reads into memory (not the generated bulk)."""
    directory = directory or resources.reference_dir()
    skip = NOT_REFERENCE | GENERATED_BULK
    return [p for p in sorted(directory.glob("*.ttl")) if p.name not in skip]


@cache
def reference_graph() -> Graph:
    """The curated reference graph (graph/reference/*.ttl but links.ttl and the generated bulk),
    parsed once a process.
    Callers must not modify it."""
    files = reference_files()
    if not files:
        raise PolicykgError(f"no reference graph in {resources.reference_dir()}")
    return read(files)
