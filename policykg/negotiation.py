"""Content negotiation in one place: pick the offered media type a client's Accept header (or a
`?format=` name, or the CLI's `--format`) prefers. The web routes offer lists of media types;
the stores map the media types of query results to their engine's serialisers with
`choose_media_type` (store-side: also Accept-like strings)."""

import pyoxigraph as ox

from policykg.errors import PolicykgError

SPARQL_JSON = "application/sparql-results+json"
SPARQL_XML = "application/sparql-results+xml"
CSV = "text/csv"
TSV = "text/tab-separated-values"
TURTLE = "text/turtle"
NTRIPLES = "application/n-triples"
JSONLD = "application/ld+json"
RDFXML = "application/rdf+xml"
HTML = "text/html"
JSON = "application/json"

# ?format= short names (for links and tools that cannot set Accept)
FORMAT_NAMES = {
    "json": SPARQL_JSON, "xml": SPARQL_XML, "csv": CSV, "tsv": TSV, "turtle": TURTLE,
    "ttl": TURTLE, "nt": NTRIPLES, "ntriples": NTRIPLES, "jsonld": JSONLD, "rdfxml": RDFXML,
    "html": HTML, "text": "text/plain",
}
# plain JSON asked of a SPARQL endpoint means SPARQL JSON results
_ALIASES = {JSON: SPARQL_JSON, "application/xml": SPARQL_XML, "text/xml": SPARQL_XML,
            "application/x-turtle": TURTLE, "text/plain": NTRIPLES}


def parse_accept(header: str | None) -> list[tuple[str, float]]:
    """[(media range, q)] best first; an empty or missing header accepts anything."""
    if not header or not header.strip():
        return [("*/*", 1.0)]
    ranges = []
    for position, part in enumerate(header.split(",")):
        fields = [f.strip() for f in part.split(";")]
        media = fields[0].lower()
        if not media:
            continue
        q = 1.0
        for f in fields[1:]:
            if f.lower().startswith("q="):
                try:
                    q = max(0.0, min(1.0, float(f[2:])))
                except ValueError:
                    q = 0.0
        ranges.append((media, q, position))
    ranges.sort(key=lambda r: (-r[1], r[2]))
    return [(m, q) for m, q, _ in ranges if q > 0] or [("*/*", 1.0)]


def _matches(media_range: str, offered: str) -> bool:
    if media_range in ("*/*", "*"):
        return True
    if media_range.endswith("/*"):
        return offered.startswith(media_range[:-1])
    return media_range == offered


def choose(accept: str | None, offered: list[str], aliases: dict[str, str] | None = None) -> str:
    """The first offered type matching the most preferred range; offered[0] when the client
    accepts anything. Raises PolicykgError (406) when nothing offered is acceptable."""
    aliases = _ALIASES if aliases is None else aliases
    for media_range, _ in parse_accept(accept):
        media_range = aliases.get(media_range, media_range)
        for media in offered:
            if _matches(media_range, media):
                return media
    raise NotAcceptable(f"none of {', '.join(offered)} is acceptable")


def from_format(name: str | None, offered: list[str]) -> str | None:
    """The offered media type a ?format= name stands for ('json' is SPARQL JSON results at
    /sparql and plain JSON elsewhere)."""
    if not name:
        return None
    key = name.lower()
    for media in (FORMAT_NAMES.get(key, key), _ALIASES.get(key), JSON if key == "json" else None):
        if media in offered:
            return media
    raise PolicykgError(f"format {name!r} is not offered here; use one of: {', '.join(offered)}")


class NotAcceptable(PolicykgError):
    http_status = 406


# Query results the stores serialise: SELECT/ASK vs CONSTRUCT/DESCRIBE (first = default).
RESULTS_MEDIA_TYPES = {
    SPARQL_JSON: ox.QueryResultsFormat.JSON,
    JSON: ox.QueryResultsFormat.JSON,
    SPARQL_XML: ox.QueryResultsFormat.XML,
    "application/xml": ox.QueryResultsFormat.XML,
    CSV: ox.QueryResultsFormat.CSV,
    TSV: ox.QueryResultsFormat.TSV,
}
GRAPH_MEDIA_TYPES = {
    TURTLE: ox.RdfFormat.TURTLE,
    NTRIPLES: ox.RdfFormat.N_TRIPLES,
    JSONLD: ox.RdfFormat.JSON_LD,
    RDFXML: ox.RdfFormat.RDF_XML,
    JSON: ox.RdfFormat.JSON_LD,
}


class FormatNotAcceptable(NotAcceptable):
    """A store asked for results in a media type it cannot write."""


def choose_media_type(media_type: str | None, graph_result: bool) -> str:
    """The serialisation of a query result kind for an Accept-like string: the first listed
    media type the stores write, the default for none or a wildcard; 406 otherwise."""
    table = GRAPH_MEDIA_TYPES if graph_result else RESULTS_MEDIA_TYPES
    default = TURTLE if graph_result else SPARQL_JSON
    for media_range, _ in parse_accept(media_type):
        if media_range in table:
            return media_range
        if media_range in ("*/*", "*", "application/*", "text/*"):
            return default
    kind = "graph (CONSTRUCT/DESCRIBE)" if graph_result else "SELECT/ASK"
    raise FormatNotAcceptable(
        f"cannot return {kind} results as {media_type}; use one of {', '.join(table)}"
    )
