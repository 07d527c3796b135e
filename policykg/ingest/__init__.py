"""Ingest: Vietnamese plan documents (.txt, .md, .docx, .pdf) to documents, obligations and RDF.

Stages, one module each: read (normalised text), split (documents in a file), header (kind,
number, date, issuer, province, signer, recipients, parents), structure (numbered items),
obligations/targets (semantics), rdf (the graph), pipeline (the public entry points)."""

from policykg.ingest.pipeline import (
    IngestResult,
    build_extracted,
    ingest_paths,
    parse_file,
    write_turtle,
)
from policykg.ingest.read import read_file

__all__ = [
    "IngestResult",
    "build_extracted",
    "ingest_paths",
    "parse_file",
    "read_file",
    "write_turtle",
]
