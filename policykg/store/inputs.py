"""RDF inputs of a load, shared by the back ends: file paths, an rdflib graph or N-Triples
bytes; checked (exists, known syntax) before anything is written."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pyoxigraph as ox
import rdflib

from policykg import rdfio
from policykg.errors import PolicykgError
from policykg.iri import absolute_iri
from policykg.store.base import one_line

# File suffixes rdflib reads but Oxigraph does not (the rest: rdfio.FORMATS).
RDFLIB_SUFFIXES = {".trix": "trix"}


def rdf_format_for(path: Path) -> ox.RdfFormat | None:
    """Oxigraph's format for a file name, or None when only rdflib can read it."""
    return rdfio.FORMATS.get(path.suffix.lower())


def as_paths(source: Any) -> list[Path] | None:
    """The files of a source, or None for an in-memory source (rdflib graph, bytes)."""
    if isinstance(source, str | os.PathLike):
        return [Path(source)]
    if isinstance(source, rdflib.Graph | bytes):
        return None
    return [Path(p) for p in source]


def check_readable(path: Path) -> None:
    if not path.is_file():
        raise PolicykgError(f"{path}: no such file")
    if rdf_format_for(path) is None and path.suffix.lower() not in RDFLIB_SUFFIXES:
        raise PolicykgError(
            f"{path}: unknown RDF syntax (use .ttl, .nt, .nq, .trig, .jsonld, .rdf)"
        )


def file_as_ntriples(path: Path) -> bytes:
    """Read a file only rdflib knows and hand it to Oxigraph as N-Triples."""
    graph = rdflib.Graph()
    try:
        graph.parse(path, format=RDFLIB_SUFFIXES[path.suffix.lower()])
    except Exception as exc:  # rdflib raises many parser-specific types
        raise PolicykgError(f"{path}: cannot parse: {one_line(exc)}") from None
    return graph_as_ntriples(graph)


def graph_as_ntriples(graph: rdflib.Graph) -> bytes:
    return graph.serialize(format="nt", encoding="utf-8")


def in_memory_ntriples(source: Any) -> bytes:
    return source if isinstance(source, bytes) else graph_as_ntriples(source)


def parse_error(path: Path | str, exc: BaseException) -> PolicykgError:
    return PolicykgError(f"{path}: invalid RDF: {one_line(exc)}")


def graph_name(graph: Any) -> str:
    return absolute_iri(str(graph), "graph name")
