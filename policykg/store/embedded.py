"""The embedded back end: Oxigraph (RocksDB) on disk, in generations.

Writes never touch the data that readers see: each write builds a new *generation* (a complete
store in its own directory, made from a cheap hard-link backup of the current one or from
scratch), and only when it is complete is the one-line `current` pointer file replaced
(os.replace, atomic). A failed or interrupted load therefore leaves the previous graph whole, and
published generations are immutable, so any number of processes (CLI, server, query workers)
read them concurrently in read-only mode and pick up a new generation at their next query.

Memory mode (`memory=True`) answers reads from an in-memory copy of the current generation.
Queries see the union of the named graphs via pyoxigraph's `use_default_graph_as_union`."""

from __future__ import annotations

import contextlib
import fcntl
import gc
import os
import shutil
import threading
import time
import traceback
import uuid
from collections.abc import Callable, Hashable, Iterable, Mapping
from pathlib import Path
from typing import Any

import pyoxigraph as ox
import rdflib
from rdflib.term import Node

from policykg.errors import PolicykgError, StoreError
from policykg.negotiation import GRAPH_MEDIA_TYPES, RESULTS_MEDIA_TYPES, choose_media_type
from policykg.netguard import deny_network
from policykg.sparql_check import check_query
from policykg.sparql_text import has_from
from policykg.store.base import LOADED_GRAPH, Capabilities, Store, one_line, to_rdflib
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


# ----------------------------------------------------------------------------------------------
def published_generation(data_dir: str | os.PathLike) -> str | None:
    """The name of an embedded store's published generation (its `current` pointer file), or
    None when nothing is published."""
    try:
        name = (Path(data_dir) / OxigraphStore.POINTER).read_text(encoding="utf-8").strip()
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise StoreError(f"cannot read store at {data_dir}: {one_line(exc)}") from None
    return name or None


def _configured_data_dir() -> Path:
    from policykg.settings import Settings

    return Settings().store_data_dir()


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
    kind = "embedded"
    capabilities = Capabilities(killable_queries=True, version_token=True, update=True)

    def __init__(self, data_dir: str | os.PathLike | None = None, memory: bool = False):
        self.data_dir = Path(data_dir).expanduser() if data_dir else _configured_data_dir()
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
                    if _lacks_closure(disk) and self._add_closure():
                        del disk  # an older version's store, now with its closure: read that
                        name = self._current_name()
                        disk = _open_read_only(self.data_dir / name)
                    self._store = _memory_copy(disk) if self.memory else disk
                self._generation = name
            return self._store

    def _add_closure(self) -> bool:
        """Publish the current generation again with its closure graph (a store written by a
        version before the closure: its traces would stop at the root). False when another
        process is writing: it writes the closure itself."""
        try:
            with self._new_generation(from_current=True):
                pass  # materialise_closure runs before every publish
        except StoreError:
            return False
        return True

    def version(self) -> Hashable | None:
        """The pointer file's identity: every write, from any process, replaces it (a new
        inode); None while nothing is published."""
        try:
            stat = os.stat(self.data_dir / self.POINTER)
        except OSError:
            return None
        return (stat.st_ino, stat.st_mtime_ns)

    def worker_data_dir(self) -> Path | None:
        return self.data_dir

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
                    store.query(sparql, use_default_graph_as_union=not has_from(sparql))
                )
            except SyntaxError as exc:
                raise PolicykgError(f"SPARQL syntax error: {one_line(exc)}") from None
            except (OSError, RuntimeError) as exc:
                raise StoreError(f"query failed: {one_line(exc)}") from None

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
                materialise_closure(writer)
                writer.flush()
                del writer
                gc.collect()  # pyoxigraph releases the RocksDB lock when the object is freed
                self._publish(name)
            except OSError as exc:  # e.g. a full disk: the previous generation stays
                shutil.rmtree(path, ignore_errors=True)
                raise StoreError(
                    f"cannot write the store at {self.data_dir}: {one_line(exc)}"
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
        plan = {graph_name(g): _prepare(source) for g, source in graphs.items()}
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
        target = graph_name(graph or LOADED_GRAPH)
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
                raise PolicykgError(f"SPARQL update syntax error: {one_line(exc)}") from None
            del writer  # the generation is published only once the writer is closed

    def close(self) -> None:
        with self._lock:
            self._store = None
            self._generation = None



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
                raise StoreError(f"cannot open store at {path.parent}: {one_line(exc)}") from None
            time.sleep(0.2)
    raise AssertionError("unreachable")


class MemoryStore(OxigraphStore):
    """An in-memory Oxigraph store with the same query methods (e.g. the reference graph as
    validation context). Loaded once; not persisted."""

    kind = "memory"
    capabilities = Capabilities(killable_queries=False, version_token=True, update=False)

    def __init__(self, files: Iterable[str | os.PathLike] = ()):
        super().__init__(data_dir="/nonexistent")
        self.location = "memory"
        self._loaded = uuid.uuid4().hex
        self._memory = ox.Store()
        for _label, load in _prepare(list(files)):
            load(self._memory, ox.NamedNode(LOADED_GRAPH))
        materialise_closure(self._memory)

    def _reader(self) -> ox.Store | None:
        return self._memory

    def count(self) -> int:
        return len(self._memory)

    def version(self) -> Hashable | None:
        return self._loaded  # never changes: the store is read-only

    def worker_data_dir(self) -> Path | None:
        return None  # nothing on disk for a worker to open

    def replace_graphs(self, graphs: Mapping[str, Any], progress: Callable | None = None) -> None:
        raise StoreError("the in-memory context store is read-only")

    def add(self, files: Iterable[Any], graph: str | None = None, replace: bool = False) -> int:
        raise StoreError("the in-memory context store is read-only")

    def update(self, sparql: str, timeout: float | None = None) -> None:
        raise StoreError("the in-memory context store is read-only")


def _lacks_closure(store: ox.Store) -> bool:
    """pkg:concretises edges but no closure graph: written before the closure existed."""
    graph = ox.NamedNode(CLOSURE_GRAPH)
    if next(iter(store.quads_for_pattern(None, None, None, graph)), None) is not None:
        return False
    edge = ox.NamedNode(CONCRETISES)
    return next(iter(store.quads_for_pattern(None, edge, None, None)), None) is not None


def materialise_closure(writer: ox.Store) -> None:
    """Bring the closure graph up to date with the written graph (closure.py): only the
    triples that changed are removed or added, so a write that leaves pkg:concretises alone
    costs one scan of its edges and of the closure graph."""
    graph = ox.NamedNode(CLOSURE_GRAPH)
    edges = (
        (q.subject, q.object)
        for q in writer.quads_for_pattern(None, ox.NamedNode(CONCRETISES), None, None)
        if isinstance(q.subject, ox.NamedNode) and isinstance(q.object, ox.NamedNode)
    )
    predicate = ox.NamedNode(TRANSITIVE)
    wanted = {ox.Quad(c, predicate, a, graph) for c, a in transitive_closure(edges)}
    held = set(writer.quads_for_pattern(None, None, None, graph))
    for quad in held - wanted:
        writer.remove(quad)
    if missing := wanted - held:
        writer.bulk_extend(missing)


def _graph_sizes(store: ox.Store) -> dict[str, int]:
    """Quads per graph name ('' for the default graph)."""
    rows = store.query(
        "SELECT ?g (COUNT(*) AS ?n) WHERE { { GRAPH ?g { ?s ?p ?o } } UNION { ?s ?p ?o } } "
        "GROUP BY ?g"
    )
    return {(row["g"].value if row["g"] is not None else ""): int(row["n"].value) for row in rows}


def _prepare(source: Any) -> list[tuple[str, Callable[[ox.Store, ox.NamedNode], None]]]:
    """Check every input before any write; return (label, loader) pairs."""
    paths = as_paths(source)
    if paths is None:
        data = in_memory_ntriples(source)
        return [("graph", _bytes_loader("in-memory graph", data, ox.RdfFormat.N_TRIPLES))]
    loads = []
    for path in paths:
        check_readable(path)
        fmt = rdf_format_for(path)
        if fmt is None:
            data = file_as_ntriples(path)
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
            raise parse_error(path, exc) from None
        except OSError as exc:
            raise StoreError(f"cannot load {path}: {one_line(exc)}") from None

    return load


def _bytes_loader(label: Any, data: bytes, fmt: ox.RdfFormat) -> Callable:
    def load(writer: ox.Store, graph: ox.NamedNode) -> None:
        try:
            writer.bulk_load(data, fmt, to_graph=graph)
        except (SyntaxError, ValueError) as exc:
            raise parse_error(label, exc) from None
        except OSError as exc:
            raise StoreError(f"cannot load {label}: {one_line(exc)}") from None

    return load
