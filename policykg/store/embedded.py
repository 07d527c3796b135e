"""The triple store behind policykg: one interface, two back ends.

`OxigraphStore` keeps the graph in an embedded Oxigraph (RocksDB) store on disk. Writes never
touch the data that readers see: each write builds a new *generation* (a complete store in its
own directory, made from a cheap hard-link backup of the current one or from scratch), and only
when it is complete is the one-line `current` pointer file replaced (os.replace, atomic). A failed
or interrupted load therefore leaves the previous graph whole, and published generations are
immutable, so any number of processes (CLI, server) read them concurrently in read-only mode and
pick up a new generation at their next query.

`RemoteStore` talks SPARQL 1.1 Protocol to any endpoint (query URL + update URL). Loads go into
a staging graph first and are swapped in by one update request (DROP + MOVE), which servers with
transactional updates (Oxigraph, Fuseki/TDB2, GraphDB) apply all or nothing.

Queries see the union of the named graphs as their default graph: embedded via pyoxigraph's
`use_default_graph_as_union`; remote by the server's own option (`oxigraph serve
--union-default-graph`, Fuseki `tdb2:unionDefaultGraph true`).
"""

from __future__ import annotations

import contextlib
import fcntl
import gc
import os
import re
import shutil
import threading
import time
import traceback
import uuid
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import Any

import httpx
import pyoxigraph as ox
import rdflib
from rdflib.term import BNode, Literal, Node, URIRef

from policykg import rdfio
from policykg.errors import PolicykgError, StoreError
from policykg.iri import absolute_iri, http_url, iri_ref
from policykg.namespaces import sparql_prefixes
from policykg.netguard import deny_network
from policykg.rdfio import XSD_STRING
from policykg.sparql_check import check_query, query_form

# Result media types: SELECT/ASK vs CONSTRUCT/DESCRIBE (first = default).
RESULTS_MEDIA_TYPES = {
    "application/sparql-results+json": ox.QueryResultsFormat.JSON,
    "application/json": ox.QueryResultsFormat.JSON,
    "application/sparql-results+xml": ox.QueryResultsFormat.XML,
    "application/xml": ox.QueryResultsFormat.XML,
    "text/csv": ox.QueryResultsFormat.CSV,
    "text/tab-separated-values": ox.QueryResultsFormat.TSV,
}
GRAPH_MEDIA_TYPES = {
    "text/turtle": ox.RdfFormat.TURTLE,
    "application/n-triples": ox.RdfFormat.N_TRIPLES,
    "application/ld+json": ox.RdfFormat.JSON_LD,
    "application/rdf+xml": ox.RdfFormat.RDF_XML,
    "application/json": ox.RdfFormat.JSON_LD,
}
# File suffixes rdflib reads but Oxigraph does not (the rest: rdfio.FORMATS).
_RDFLIB_SUFFIXES = {".trix": "trix"}

DEFAULT_TIMEOUT = 60.0


# ----------------------------------------------------------------------------------------------
# Term conversion
def to_rdflib(term: Any) -> Node | None:
    """pyoxigraph term -> rdflib term (None for an unbound variable)."""
    if term is None:
        return None
    try:
        return rdfio.term(term)
    except PolicykgError as exc:
        raise StoreError(f"unsupported RDF term in results: {term!r}") from exc


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
    return Literal(value, datatype=URIRef(datatype))


# ----------------------------------------------------------------------------------------------
# Reading RDF files
def rdf_format_for(path: Path) -> ox.RdfFormat | None:
    """Oxigraph's format for a file name, or None when only rdflib can read it."""
    return rdfio.FORMATS.get(path.suffix.lower())


def _as_paths(source: Any) -> list[Path] | None:
    if isinstance(source, str | os.PathLike):
        return [Path(source)]
    if isinstance(source, rdflib.Graph | bytes):
        return None
    return [Path(p) for p in source]


def _check_readable(path: Path) -> None:
    if not path.is_file():
        raise PolicykgError(f"{path}: no such file")
    if rdf_format_for(path) is None and path.suffix.lower() not in _RDFLIB_SUFFIXES:
        raise PolicykgError(
            f"{path}: unknown RDF syntax (use .ttl, .nt, .nq, .trig, .jsonld, .rdf)"
        )


def _file_as_ntriples(path: Path) -> bytes:
    """Read a file only rdflib knows and hand it to Oxigraph as N-Triples."""
    graph = rdflib.Graph()
    try:
        graph.parse(path, format=_RDFLIB_SUFFIXES[path.suffix.lower()])
    except Exception as exc:  # rdflib raises many parser-specific types
        raise PolicykgError(f"{path}: cannot parse: {_one_line(exc)}") from None
    return _graph_as_ntriples(graph)


def _graph_as_ntriples(graph: rdflib.Graph) -> bytes:
    return graph.serialize(format="nt", encoding="utf-8")


def _one_line(exc: BaseException) -> str:
    text = " ".join(str(exc).split())
    return text[:400] or type(exc).__name__


def _parse_error(path: Path | str, exc: BaseException) -> PolicykgError:
    return PolicykgError(f"{path}: invalid RDF: {_one_line(exc)}")


# ----------------------------------------------------------------------------------------------
# Query helpers shared by both back ends
# Strings, IRIs and comments: the parts of a query's text that are not SPARQL syntax.
NOT_CODE = (
    r'"""(?:[^"\\]|\\.|"(?!""))*"""|\'\'\'(?:[^\'\\]|\\.|\'(?!\'\'))*\'\'\''
    r'|"(?:[^"\\\n]|\\.)*"|\'(?:[^\'\\\n]|\\.)*\'|<[^<>\s]*>|#[^\n]*'
)
_STRIP = re.compile(NOT_CODE + r"|[?$]\w+|[A-Za-z_][\w.-]*:[\w.-]*|:[\w.-]+")


def sparql_keywords(sparql: str) -> str:
    """The query text with strings, IRIs, comments, variables and prefixed names blanked
    (same length, so positions still index the original)."""
    return _STRIP.sub(lambda m: " " * len(m.group(0)), sparql)


def _has_from(sparql: str) -> bool:
    """A query with FROM / FROM NAMED states its own dataset (no union default graph)."""
    return re.search(r"\bFROM\b", sparql_keywords(sparql), re.I) is not None


def _accept_list(media_type: str | None) -> list[str]:
    """An Accept header (or one media type) -> media types, best first."""
    if not media_type:
        return []
    ranked = []
    for position, part in enumerate(media_type.split(",")):
        fields = [f.strip() for f in part.split(";")]
        quality = 1.0
        for f in fields[1:]:
            if f.startswith("q="):
                with contextlib.suppress(ValueError):
                    quality = float(f[2:])
        if fields[0] and quality > 0:
            ranked.append((-quality, position, fields[0].lower()))
    return [m for _, _, m in sorted(ranked)]


def choose_media_type(media_type: str | None, graph_result: bool) -> str:
    """Pick the serialisation for a result kind from an Accept-like string."""
    table = GRAPH_MEDIA_TYPES if graph_result else RESULTS_MEDIA_TYPES
    default = "text/turtle" if graph_result else "application/sparql-results+json"
    wanted = _accept_list(media_type)
    if not wanted:
        return default
    for m in wanted:
        if m in table:
            return m
        if m in ("*/*", "application/*", "text/*"):
            return default
    kind = "graph (CONSTRUCT/DESCRIBE)" if graph_result else "SELECT/ASK"
    raise FormatNotAcceptable(
        f"cannot return {kind} results as {media_type}; use one of {', '.join(table)}"
    )


class FormatNotAcceptable(PolicykgError):
    http_status = 406


# ----------------------------------------------------------------------------------------------
class Store:
    """Common interface. Subclasses implement the raw operations."""

    location: str

    def select(self, sparql: str, timeout: float | None = None) -> list[dict[str, Node]]:
        """SELECT rows; an unbound variable is absent from its row."""
        return self.select_with_vars(sparql, timeout)[1]

    def select_with_vars(
        self, sparql: str, timeout: float | None = None
    ) -> tuple[list[str], list[dict[str, Node]]]:
        """(projected variable names in order, rows)."""
        raise NotImplementedError

    def ask(self, sparql: str, timeout: float | None = None) -> bool:
        raise NotImplementedError

    def construct(self, sparql: str, timeout: float | None = None) -> rdflib.Graph:
        raise NotImplementedError

    def query_raw(
        self, sparql: str, media_type: str | None = None, timeout: float | None = None
    ) -> tuple[bytes, str]:
        raise NotImplementedError

    def replace_graphs(self, graphs: Mapping[str, Any], progress: Callable | None = None) -> None:
        raise NotImplementedError

    def add(self, files: Iterable[Any], graph: str | None = None, replace: bool = False) -> int:
        raise NotImplementedError

    def close(self) -> None:
        pass

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- derived operations, identical for both back ends -------------------------------------
    def count(self) -> int:
        rows = self.select("SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }")
        return int(rows[0]["n"]) if rows else 0

    def graph_counts(self) -> dict[str, int]:
        """Triples per named graph."""
        rows = self.select(
            "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g ORDER BY ?g"
        )
        return {str(r["g"]): int(r["n"]) for r in rows}

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


# ----------------------------------------------------------------------------------------------
def published_generation(data_dir: str | os.PathLike) -> str | None:
    """The name of an embedded store's published generation (its `current` pointer file), or
    None when nothing is published."""
    try:
        name = (Path(data_dir) / OxigraphStore.POINTER).read_text(encoding="utf-8").strip()
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise StoreError(f"cannot read store at {data_dir}: {_one_line(exc)}") from None
    return name or None


def default_data_dir() -> Path:
    """--data-dir / POLICYKG_DATA, else the user's data directory (XDG on Linux)."""
    env = os.environ.get("POLICYKG_DATA")
    if env:
        return Path(env).expanduser()
    if os.name == "nt":
        base = Path(os.environ.get("LOCALAPPDATA", Path.home() / "AppData" / "Local"))
    elif os.uname().sysname == "Darwin":
        base = Path.home() / "Library" / "Application Support"
    else:
        base = Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share")
    return base / "policykg"


def _without_locals(exc: BaseException) -> BaseException:
    """Drop the locals of the failed frames: pyoxigraph's result iterators must be freed on
    the thread that made them, not on the one the error is handed to."""
    seen: set[int] = set()
    link: BaseException | None = exc
    while link is not None and id(link) not in seen:
        seen.add(id(link))
        traceback.clear_frames(link.__traceback__)
        link = link.__cause__ or link.__context__
    return exc


def _run_with_timeout(func: Callable[[], Any], timeout: float | None) -> Any:
    """Run func in a thread of its own (always: the thread is sandboxed by the query, see
    netguard.py) and stop waiting after `timeout` seconds (None: wait until it ends).

    pyoxigraph cannot cancel a query: a timed-out query keeps its thread busy until it ends
    (the caller gets its answer now; a server wanting a hard stop must use a subprocess)."""
    box: dict[str, Any] = {}

    def work() -> None:
        try:
            box["value"] = func()
        except BaseException as exc:  # handed to the waiting thread
            box["error"] = _without_locals(exc)

    worker = threading.Thread(target=work, daemon=True, name="policykg-query")
    worker.start()
    worker.join(timeout)
    if worker.is_alive():
        raise StoreError(f"query timed out after {timeout:g} s")
    if "error" in box:
        raise box["error"]
    return box["value"]


class OxigraphStore(Store):
    """Embedded Oxigraph on disk, in generations (see the module docstring)."""

    POINTER = "current"
    LOCK = "write.lock"

    def __init__(self, data_dir: str | os.PathLike | None = None, memory: bool = False):
        self.data_dir = Path(data_dir).expanduser() if data_dir else default_data_dir()
        self.location = str(self.data_dir)
        # memory=True: answer reads from an in-memory copy of the current generation (copied
        # when the generation is first read: seconds per million triples, ~0.5 KB RAM a
        # triple), for long-lived readers such as the server, where RocksDB's per-lookup cost
        # dominates query time. Writes always go to disk.
        self.memory = memory
        self._generation: str | None = None
        self._store: ox.Store | None = None
        self._lock = threading.Lock()

    # -- reading --------------------------------------------------------------------------------
    def _current_name(self) -> str | None:
        return published_generation(self.data_dir)

    def _reader(self) -> ox.Store | None:
        """The current generation, opened read-only; reopened when another write replaced it."""
        name = self._current_name()
        with self._lock:
            if name != self._generation or (name and self._store is None):
                self._store = None
                if name:
                    disk = _open_read_only(self.data_dir / name)
                    self._store = _memory_copy(disk) if self.memory else disk
                self._generation = name
            return self._store

    @property
    def generation(self) -> str | None:
        """The published generation this store reads (after its last read), None if empty."""
        return self._generation

    def _require(self) -> ox.Store:
        store = self._reader()
        if store is None:
            raise StoreError(f"the store at {self.data_dir} is empty: run `policykg build` first")
        return store

    def _query(self, sparql: str, timeout: float | None, collect: Callable[[Any], Any]) -> Any:
        check_query(sparql)
        store = self._require()

        def work() -> Any:
            deny_network()  # this thread runs only this query: no SERVICE can get out
            try:
                return collect(
                    store.query(sparql, use_default_graph_as_union=not _has_from(sparql))
                )
            except SyntaxError as exc:
                raise PolicykgError(f"SPARQL syntax error: {_one_line(exc)}") from None
            except (OSError, RuntimeError) as exc:
                raise StoreError(f"query failed: {_one_line(exc)}") from None

        return _run_with_timeout(work, timeout)

    def select_with_vars(
        self, sparql: str, timeout: float | None = None
    ) -> tuple[list[str], list[dict[str, Node]]]:
        def collect(result: Any) -> tuple[list[str], list[dict[str, Node]]]:
            if not isinstance(result, ox.QuerySolutions):
                raise PolicykgError("expected a SELECT query")
            names = [v.value for v in result.variables]
            seen: dict[Any, Node] = {}  # terms recur from row to row: convert each once
            rows = []
            for solution in result:
                row = {}
                for name, term in zip(names, solution, strict=True):
                    if term is not None:
                        found = seen.get(term)
                        if found is None:
                            found = seen[term] = to_rdflib(term)
                        row[name] = found
                rows.append(row)
            return names, rows

        return self._query(sparql, timeout, collect)

    def ask(self, sparql: str, timeout: float | None = None) -> bool:
        def collect(result: Any) -> bool:
            if not isinstance(result, ox.QueryBoolean):
                raise PolicykgError("expected an ASK query")
            return bool(result)

        return self._query(sparql, timeout, collect)

    def construct(self, sparql: str, timeout: float | None = None) -> rdflib.Graph:
        def collect(result: Any) -> rdflib.Graph:
            if not isinstance(result, ox.QueryTriples):
                raise PolicykgError("expected a CONSTRUCT or DESCRIBE query")
            graph = rdflib.Graph()
            for t in result:
                graph.add((to_rdflib(t.subject), to_rdflib(t.predicate), to_rdflib(t.object)))
            return graph

        return self._query(sparql, timeout, collect)

    def query_raw(
        self, sparql: str, media_type: str | None = None, timeout: float | None = None
    ) -> tuple[bytes, str]:
        def collect(result: Any) -> tuple[bytes, str]:
            chosen = choose_media_type(media_type, isinstance(result, ox.QueryTriples))
            if isinstance(result, ox.QueryTriples):
                body = result.serialize(format=GRAPH_MEDIA_TYPES[chosen])
            else:
                body = result.serialize(format=RESULTS_MEDIA_TYPES[chosen])
            return body, chosen

        return self._query(sparql, timeout, collect)

    def count(self) -> int:
        store = self._reader()
        return len(store) if store is not None else 0

    # -- writing --------------------------------------------------------------------------------
    @contextlib.contextmanager
    def _new_generation(self, from_current: bool):
        """Yield a writable store in a fresh directory; publish it only if the block succeeds."""
        self.data_dir.mkdir(parents=True, exist_ok=True)
        lock = open(self.data_dir / self.LOCK, "a+")  # noqa: SIM115 - held for the whole write
        try:
            try:
                fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except OSError:
                raise StoreError(
                    f"another policykg process is writing to {self.data_dir}; try again later"
                ) from None
            current = self._current_name()
            name = f"gen-{time.strftime('%Y%m%dT%H%M%S')}-{uuid.uuid4().hex[:8]}"
            path = self.data_dir / name
            try:
                writer = self._start_generation(path, current if from_current else None)
                yield writer
                writer.flush()
                del writer
                gc.collect()  # pyoxigraph releases the RocksDB lock when the object is freed
                self._publish(name)
            except OSError as exc:  # e.g. a full disk: the previous generation stays
                shutil.rmtree(path, ignore_errors=True)
                raise StoreError(
                    f"cannot write the store at {self.data_dir}: {_one_line(exc)}"
                ) from None
            except BaseException:
                shutil.rmtree(path, ignore_errors=True)
                raise
            self._prune(keep={name, current})
        finally:
            lock.close()

    def _start_generation(self, path: Path, current: str | None) -> ox.Store:
        """A writable store at `path`: empty, or a copy of the current generation, made as a
        hard-link backup; if RocksDB refuses that backup, by copying the quads."""
        if current:
            try:
                ox.Store.read_only(str(self.data_dir / current)).backup(str(path))
                return ox.Store(str(path))
            except OSError:
                shutil.rmtree(path, ignore_errors=True)
                writer = ox.Store(str(path))
                source = _open_read_only(self.data_dir / current)
                writer.bulk_extend(source.quads_for_pattern(None, None, None, None))
                return writer
        return ox.Store(str(path))

    def _publish(self, name: str) -> None:
        tmp = self.data_dir / f".{self.POINTER}.{uuid.uuid4().hex[:8]}"
        tmp.write_text(name + "\n", encoding="utf-8")
        with open(tmp, "rb") as f:
            os.fsync(f.fileno())
        os.replace(tmp, self.data_dir / self.POINTER)

    def _prune(self, keep: set[str | None]) -> None:
        """Remove old generations (the previous one stays for readers that still have it open)."""
        for entry in self.data_dir.iterdir():
            if entry.is_dir() and entry.name.startswith("gen-") and entry.name not in keep:
                shutil.rmtree(entry, ignore_errors=True)
            elif entry.name.startswith(f".{self.POINTER}."):
                entry.unlink(missing_ok=True)

    def replace_graphs(self, graphs: Mapping[str, Any], progress: Callable | None = None) -> None:
        """Replace each named graph's content; other graphs are kept. All or nothing."""
        plan = {_graph_name(g): _prepare(source) for g, source in graphs.items()}
        old = self._reader()
        counts = _graph_sizes(old) if old is not None else {}
        replaced = sum(n for g, n in counts.items() if g in plan)
        kept = sum(n for g, n in counts.items() if g not in plan)
        # Start from a hard-link backup and clear the replaced graphs when they are the smaller
        # part (deletes are slow); else copy only the kept quads into an empty store.
        from_backup = old is not None and replaced < kept
        with self._new_generation(from_current=from_backup) as writer:
            if from_backup:
                for graph in plan:
                    writer.remove_graph(ox.NamedNode(graph))
            elif old is not None:
                for g in old.named_graphs():
                    if g.value not in plan:
                        writer.bulk_extend(old.quads_for_pattern(None, None, None, g))
                writer.bulk_extend(old.quads_for_pattern(None, None, None, ox.DefaultGraph()))
            for graph, loads in plan.items():
                target = ox.NamedNode(graph)
                writer.add_graph(target)
                for label, load in loads:
                    if progress:
                        progress(label)
                    load(writer, target)
            del writer  # the generation is published only once the writer is closed

    def add(self, files: Iterable[Any], graph: str | None = None, replace: bool = False) -> int:
        """Load RDF files into `graph` (default <.../graph/loaded>; N-Quads/TriG keep their own
        graph names). All or nothing.
        replace=True empties that graph first. Returns the number of quads afterwards."""
        target = _graph_name(graph or LOADED_GRAPH)
        if replace:
            self.replace_graphs({target: list(files)})
            return self.count()
        loads = _prepare(list(files))
        with self._new_generation(from_current=True) as writer:
            named = ox.NamedNode(target)
            for _label, load in loads:
                load(writer, named)
            del writer  # the generation is published only once the writer is closed
        return self.count()

    def update(self, sparql: str, timeout: float | None = None) -> None:
        """Apply a SPARQL Update request all or nothing: it runs on a copy of the current
        generation, published only if the whole request succeeds. Callers refuse LOAD and
        SERVICE first (no network from the store); `timeout` is not enforced here."""
        with self._new_generation(from_current=True) as writer:
            try:
                writer.update(sparql)
            except SyntaxError as exc:
                raise PolicykgError(f"SPARQL update syntax error: {_one_line(exc)}") from None
            del writer  # the generation is published only once the writer is closed

    def close(self) -> None:
        with self._lock:
            self._store = None
            self._generation = None


LOADED_GRAPH = "https://w3id.org/policykg/graph/loaded"


def _memory_copy(disk: ox.Store) -> ox.Store:
    """Every quad of a generation in a fresh in-memory store (the one fast path pyoxigraph has:
    iterate and bulk-insert; a dump and re-parse is slower)."""
    memory = ox.Store()
    memory.bulk_extend(disk.quads_for_pattern(None, None, None, None))
    return memory


def _open_read_only(path: Path) -> ox.Store:
    """Open a published generation; one retry, since a RocksDB open raced by another
    process's open or close was once seen to fail transiently."""
    for attempt in (1, 2):
        try:
            return ox.Store.read_only(str(path))
        except OSError as exc:
            if attempt == 2:
                raise StoreError(f"cannot open store at {path.parent}: {_one_line(exc)}") from None
            time.sleep(0.2)
    raise AssertionError("unreachable")


class MemoryStore(OxigraphStore):
    """An in-memory Oxigraph store with the same query methods (e.g. the reference graph as
    validation context). Loaded once; not persisted."""

    def __init__(self, files: Iterable[str | os.PathLike] = ()):
        super().__init__(data_dir="/nonexistent")
        self.location = "memory"
        self._memory = ox.Store()
        for _label, load in _prepare(list(files)):
            load(self._memory, ox.NamedNode(LOADED_GRAPH))

    def _reader(self) -> ox.Store | None:
        return self._memory

    def count(self) -> int:
        return len(self._memory)

    def replace_graphs(self, graphs: Mapping[str, Any], progress: Callable | None = None) -> None:
        raise StoreError("the in-memory context store is read-only")

    add = replace_graphs


def _graph_sizes(store: ox.Store) -> dict[str, int]:
    """Quads per graph name ('' for the default graph)."""
    rows = store.query(
        "SELECT ?g (COUNT(*) AS ?n) WHERE { { GRAPH ?g { ?s ?p ?o } } UNION { ?s ?p ?o } } "
        "GROUP BY ?g"
    )
    return {(row["g"].value if row["g"] is not None else ""): int(row["n"].value) for row in rows}


def _prepare(source: Any) -> list[tuple[str, Callable[[ox.Store, ox.NamedNode], None]]]:
    """Check every input before any write; return (label, loader) pairs."""
    paths = _as_paths(source)
    if paths is None:
        data = source if isinstance(source, bytes) else _graph_as_ntriples(source)
        return [("graph", _bytes_loader("in-memory graph", data, ox.RdfFormat.N_TRIPLES))]
    loads = []
    for path in paths:
        _check_readable(path)
        fmt = rdf_format_for(path)
        if fmt is None:
            data = _file_as_ntriples(path)
            loads.append((path.name, _bytes_loader(path, data, ox.RdfFormat.N_TRIPLES)))
        else:  # a syntax error fails bulk_load in the unpublished generation
            loads.append((path.name, _path_loader(path, fmt)))
    return loads


def _path_loader(path: Path, fmt: ox.RdfFormat) -> Callable[[ox.Store, ox.NamedNode], None]:
    def load(writer: ox.Store, graph: ox.NamedNode) -> None:
        try:
            writer.bulk_load(
                path=str(path), format=fmt, base_iri=path.resolve().as_uri(), to_graph=graph
            )
        except (SyntaxError, ValueError) as exc:
            raise _parse_error(path, exc) from None
        except OSError as exc:
            raise StoreError(f"cannot load {path}: {_one_line(exc)}") from None

    return load


def _bytes_loader(label: Any, data: bytes, fmt: ox.RdfFormat) -> Callable:
    def load(writer: ox.Store, graph: ox.NamedNode) -> None:
        try:
            writer.bulk_load(data, fmt, to_graph=graph)
        except (SyntaxError, ValueError) as exc:
            raise _parse_error(label, exc) from None
        except OSError as exc:
            raise StoreError(f"cannot load {label}: {_one_line(exc)}") from None

    return load


# ----------------------------------------------------------------------------------------------
class RemoteStore(Store):
    """A SPARQL 1.1 Protocol endpoint. The server must expose the union of named graphs as the
    default graph (oxigraph serve --union-default-graph; Fuseki tdb2:unionDefaultGraph)."""

    CHUNK = 20_000  # triples per INSERT DATA request

    def __init__(
        self, endpoint: str, update_endpoint: str | None = None, timeout: float = DEFAULT_TIMEOUT
    ):
        self.endpoint = http_url(endpoint, "endpoint")
        self.update_endpoint = http_url(
            update_endpoint or _guess_update_url(endpoint), "update endpoint"
        )
        self.location = endpoint
        self.timeout = timeout
        self._client = httpx.Client(timeout=timeout, follow_redirects=True)

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
            raise StoreError(f"cannot reach SPARQL endpoint {url}: {_one_line(exc)}") from None
        if response.status_code >= 400:
            detail = _one_line(Exception(response.text))[:300]
            if response.status_code == 400:
                raise PolicykgError(f"SPARQL endpoint rejected the request: {detail}")
            raise StoreError(f"SPARQL endpoint {url} answered {response.status_code}: {detail}")
        return response

    def _query(self, sparql: str, accept: str, timeout: float | None) -> httpx.Response:
        check_query(sparql)
        return self._post(self.endpoint, {"query": sparql}, accept, timeout)

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
        if "boolean" not in body:
            raise PolicykgError("expected an ASK query")
        return bool(body["boolean"])

    def construct(self, sparql: str, timeout: float | None = None) -> rdflib.Graph:
        response = self._query(sparql, "application/n-triples", timeout)
        graph = rdflib.Graph()
        for t in ox.parse(response.content, format=ox.RdfFormat.N_TRIPLES):
            graph.add((to_rdflib(t.subject), to_rdflib(t.predicate), to_rdflib(t.object)))
        return graph

    def query_raw(
        self, sparql: str, media_type: str | None = None, timeout: float | None = None
    ) -> tuple[bytes, str]:
        graph_result = query_form(sparql) in ("CONSTRUCT", "DESCRIBE")
        chosen = choose_media_type(media_type, graph_result)
        response = self._query(sparql, chosen, timeout)
        return response.content, chosen

    def update(self, sparql: str, timeout: float | None = None) -> None:
        self._post(self.update_endpoint, {"update": sparql}, None, timeout)

    def replace_graphs(self, graphs: Mapping[str, Any], progress: Callable | None = None) -> None:
        """Stage every graph, then swap all of them in one update request."""
        staged = {_graph_name(g): _read_triples(source) for g, source in graphs.items()}
        self._write_staged(
            staged,
            lambda g, s: f"DROP SILENT GRAPH {g} ;\nMOVE SILENT GRAPH {s} TO GRAPH {g}",
            progress,
        )

    def add(self, files: Iterable[Any], graph: str | None = None, replace: bool = False) -> int:
        target = _graph_name(graph or LOADED_GRAPH)
        files = list(files)
        if replace:
            self.replace_graphs({target: files})
            return self.count()
        staged = {target: _read_triples(files)}
        self._write_staged(
            staged, lambda g, s: f"ADD SILENT GRAPH {s} TO GRAPH {g} ;\nDROP SILENT GRAPH {s}"
        )
        return self.count()

    def _write_staged(
        self,
        staged: Mapping[str, list[tuple]],
        finish: Callable[[str, str], str],
        progress: Callable | None = None,
    ) -> None:
        """Load each graph into a fresh staging graph, then apply `finish(<graph>, <staging>)`
        for all of them in one update request. Each staging graph starts with a marker
        triple; it must still be there before the swap, else another writer's clean-up
        dropped the graph mid-load and a partial graph would be published."""
        self._drop_leftover_staging()
        run = uuid.uuid4().hex[:12]
        staging = {g: f"<{STAGING_PREFIX}{run}:{i}>" for i, g in enumerate(staged)}
        marks = {g: f'{s} <{_STAGING_RUN}> "{run}"' for g, s in staging.items()}
        try:
            for graph, triples in staged.items():
                if progress:
                    progress(graph)
                self.update(f"INSERT DATA {{ GRAPH {staging[graph]} {{ {marks[graph]} }} }}")
                self._insert(staging[graph], triples)
            marked = " ".join(f"GRAPH {staging[g]} {{ {marks[g]} }}" for g in staged)
            if staged and not self.ask(f"ASK {{ {marked} }}"):
                raise StoreError(
                    "a staging graph was dropped during the load (another policykg write to "
                    "this server at the same time?); nothing was replaced: run it again"
                )
            swap = " ;\n".join(
                f"DELETE DATA {{ GRAPH {staging[g]} {{ {marks[g]} }} }} ;\n"
                + finish(f"<{g}>", staging[g])
                for g in staged
            )
            self.update(swap, timeout=max(self.timeout, 600))
        except BaseException:
            with contextlib.suppress(PolicykgError):
                self.update(" ;\n".join(f"DROP SILENT GRAPH {s}" for s in staging.values()))
            raise

    def _drop_leftover_staging(self) -> None:
        """Staging graphs left by earlier runs that died mid-load (a killed process, a server
        restart): they would stay in the union default graph and duplicate rows."""
        rows = self.select(
            f"SELECT DISTINCT ?g WHERE {{ GRAPH ?g {{ }} "
            f'FILTER(STRSTARTS(STR(?g), "{STAGING_PREFIX}")) }}'
        )
        leftovers = [iri_ref(str(row["g"]), "staging graph") for row in rows]
        if leftovers:
            self.update(" ;\n".join(f"DROP SILENT GRAPH {g}" for g in leftovers))

    def _insert(self, graph: str, triples: list[tuple]) -> None:
        """INSERT DATA into `graph` (an IRI in <>) in chunks."""
        for chunk in _chunks_keeping_bnodes(triples, self.CHUNK):
            body = "\n".join(f"{s} {p} {o} ." for s, p, o in chunk)
            self.update(
                f"INSERT DATA {{ GRAPH {graph} {{\n{body}\n}} }}", timeout=max(self.timeout, 300)
            )


STAGING_PREFIX = "urn:policykg:staging:"
_STAGING_RUN = "urn:policykg:stagingRun"


def _graph_name(graph: Any) -> str:
    return absolute_iri(str(graph), "graph name")


def _guess_update_url(endpoint: str) -> str:
    """Oxigraph: /query -> /update; Fuseki: /ds/sparql or /ds/query -> /ds/update."""
    for tail in ("/query", "/sparql"):
        if endpoint.rstrip("/").endswith(tail):
            return endpoint.rstrip("/")[: -len(tail)] + "/update"
    return endpoint


def _read_triples(source: Any) -> list[tuple]:
    """Parse everything first (errors before any request). Oxigraph terms, whose str() is
    their N-Triples form: the lexical forms go to the server exactly as written."""
    triples: list[tuple] = []
    for label, base, data, fmt in _read_inputs(source):
        try:
            for q in ox.parse(data, format=fmt, base_iri=base):
                triples.append((q.subject, q.predicate, q.object))
        except (SyntaxError, ValueError) as exc:
            raise _parse_error(label, exc) from None
    return triples


def _read_inputs(source: Any) -> list[tuple[str, str | None, bytes, ox.RdfFormat]]:
    paths = _as_paths(source)
    if paths is None:
        data = source if isinstance(source, bytes) else _graph_as_ntriples(source)
        return [("in-memory graph", None, data, ox.RdfFormat.N_TRIPLES)]
    out = []
    for path in paths:
        _check_readable(path)
        fmt = rdf_format_for(path)
        base = path.resolve().as_uri()
        if fmt is None:
            out.append((str(path), base, _file_as_ntriples(path), ox.RdfFormat.N_TRIPLES))
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


# ----------------------------------------------------------------------------------------------
def open_store(
    data_dir: str | os.PathLike | None = None,
    endpoint: str | None = None,
    update_endpoint: str | None = None,
) -> Store:
    """The remote store when an endpoint is given (or POLICYKG_ENDPOINT is set), else the
    embedded one in data_dir (or POLICYKG_DATA, or the user's data directory)."""
    endpoint = endpoint or os.environ.get("POLICYKG_ENDPOINT") or None
    if endpoint:
        update = update_endpoint or os.environ.get("POLICYKG_UPDATE_ENDPOINT") or None
        return RemoteStore(endpoint, update)
    return OxigraphStore(data_dir)


__all__ = [
    "Store",
    "OxigraphStore",
    "RemoteStore",
    "open_store",
    "default_data_dir",
    "to_rdflib",
    "check_query",
    "query_form",
    "choose_media_type",
    "FormatNotAcceptable",
    "LOADED_GRAPH",
    "MemoryStore",
]
