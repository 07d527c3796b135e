"""What the routes share: the store, the settings, a bounded thread pool for SPARQL, a write
lock, and a generation counter that tells caches (search index, counts) the store changed.

SPARQL from clients runs in worker processes for the embedded store (query_pool.py: a query past
its timeout is killed with its worker). For a remote store, or with hard_timeouts off, it runs in
a small thread pool of its own: the client still gets 503 on time and the event loop is free, but
pyoxigraph cannot cancel a query, so that thread finishes the query in the background. The
event loop never executes a query."""

import asyncio
import hmac
import logging
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any, TypeVar

from starlette.concurrency import run_in_threadpool

from policykg.errors import PolicykgError
from policykg.store import Store
from policykg.web.fairness import CLIENT, ClientLimit
from policykg.web.query_pool import (
    ProcessQueryPool,
    QueryTimeout,
    WorkerStartError,
    WorkerStopped,
)
from policykg.web.settings import Settings

T = TypeVar("T")
log = logging.getLogger("policykg.web")


def _size(value: Any) -> int:
    """Approximate memory of a cached result: serialised bodies count their bytes."""
    if isinstance(value, bytes | str):
        return len(value)
    if isinstance(value, tuple) and value and isinstance(value[0], bytes):
        return len(value[0])
    if isinstance(value, list):
        return 2048 * len(value) + 1024
    return 1024


class UpdateForbidden(PolicykgError):
    http_status = 403


class UploadTooCostly(PolicykgError):
    http_status = 413


class Runtime:
    def __init__(self, settings: Settings, store: Store) -> None:
        self.settings = settings
        self.store = store
        self.generation = 0
        self.write_lock = threading.Lock()
        self._pool = ThreadPoolExecutor(settings.query_workers, thread_name_prefix="sparql")
        # values derived from the store, each tagged with the store version it came from
        self._derived: dict[Any, tuple[tuple, Any]] = {}
        self._results: OrderedDict[Any, tuple[tuple, Any]] = OrderedDict()
        self._cache_lock = threading.Lock()
        self._result_bytes = 0
        self._building: dict[Any, threading.Lock] = {}
        # killable queries: worker processes that open the store themselves (query_pool.py)
        workers_dir = store.worker_data_dir() if store.capabilities.killable_queries else None
        self.pool = (ProcessQueryPool(workers_dir, settings.query_workers, settings.memory,
                                      recycle_mb=settings.worker_recycle_mb)
                     if settings.hard_timeouts and workers_dir is not None else None)
        # uploads: a pool of its own (a remote store has no query workers), parse lane only
        self.fairness = ClientLimit(settings.per_client_limit())
        self.parsers = (ProcessQueryPool(None, 0, parse_size=settings.parse_workers,
                                         parse_memory_mb=settings.parse_memory_mb)
                        if settings.hard_timeouts else None)

    async def sparql(self, text: str, media_type: str) -> tuple[bytes, str]:
        """A client's SPARQL query, serialised as media_type, within the query timeout; 429
        when this client already has its share of the workers (fairness.py)."""
        with self.fairness.slot(CLIENT.get()):
            return await self._sparql(text, media_type)

    async def _sparql(self, text: str, media_type: str) -> tuple[bytes, str]:
        if self.pool is not None:
            try:
                return await self.pool.run(text, media_type, self.settings.query_timeout)
            except WorkerStartError:
                log.warning("SPARQL worker processes cannot start here; using threads "
                            "(a timed-out query then runs on in the background)")
                self.pool.close()
                self.pool = None
        return await self.run_query(self.store.query_raw, text, media_type,
                                    self.settings.query_timeout)

    async def trace(self, q: str, as_of: Any) -> list[Any]:
        """The trace, in a worker process when there are workers (killable, off the server's
        GIL), else in a thread; 503 after the query timeout either way."""
        if self.pool is not None:
            try:
                return await self.pool.call("trace", (q, as_of), self.settings.query_timeout)
            except WorkerStartError:
                self.pool.close()
                self.pool = None
        from policykg.trace import trace

        return await self.run_query(trace, self.store, q, as_of)

    async def read_submission(self, path: Path) -> tuple[Any, dict[str, str]]:
        """An uploaded file read into (graph, texts) as validate.read_submission_texts does, in
        a killable worker with a memory ceiling: 413 past the parse time or memory limit."""
        if self.parsers is not None:
            try:
                return await self.parsers.call("parse", (str(path),),
                                               self.settings.parse_timeout)
            except QueryTimeout:
                raise UploadTooCostly(f"{path.name}: not read within "
                                      f"{self.settings.parse_timeout:g} s; the document is too "
                                      "large or too complex") from None
            except WorkerStartError:
                self.parsers.close()
                self.parsers = None
            except WorkerStopped:
                raise UploadTooCostly(f"{path.name}: reading it stopped its worker process "
                                      "(out of memory?)") from None
        from policykg.validate import read_submission_texts

        return await self.run(read_submission_texts, [path])

    async def run_query(self, fn: Callable[..., T], *args: Any, timeout: float | None = None) -> T:
        """Run blocking store work in the query pool; 503 after `timeout` seconds."""
        limit = self.settings.query_timeout if timeout is None else timeout
        future = asyncio.get_running_loop().run_in_executor(self._pool, fn, *args)
        try:
            return await asyncio.wait_for(future, limit)
        except TimeoutError:
            raise QueryTimeout(f"query timed out after {limit:g} s") from None

    async def run(self, fn: Callable[..., T], *args: Any) -> T:
        """Other blocking work (trace, validation, pages): Starlette's thread pool."""
        return await run_in_threadpool(fn, *args)

    def write(self, fn: Callable[..., T], *args: Any) -> T:
        """Serialised writes; caches are invalidated afterwards whatever happened."""
        with self.write_lock:
            try:
                return fn(*args)
            finally:
                self.generation += 1

    def version(self) -> tuple:
        """What cached values depend on: this process's writes, and the store's version token
        (it changes with every write, from any process). A store without one (a remote
        server) cannot tell: its values expire after a minute."""
        if not self.store.capabilities.version_token:
            return (self.generation, int(time.monotonic() // 60))
        return (self.generation, self.store.version())

    def _lookup(self, table: dict, key: Any, version: tuple) -> tuple[bool, Any]:
        with self._cache_lock:
            hit = table.get(key)
            if hit is not None and hit[0] == version:
                if isinstance(table, OrderedDict):
                    table.move_to_end(key)
                return True, hit[1]
        return False, None

    def _keep(self, table: dict, key: Any, version: tuple, value: Any) -> None:
        with self._cache_lock:
            if isinstance(table, OrderedDict):
                size = _size(value)
                if size > self.settings.cache_bytes // 8:
                    return  # one huge answer would push out everything else
                old = table.pop(key, None)
                self._result_bytes += size - (_size(old[1]) if old else 0)
                table[key] = (version, value)
                while (len(table) > self.settings.cache_entries
                       or self._result_bytes > self.settings.cache_bytes):
                    _, (_, dropped) = table.popitem(last=False)
                    self._result_bytes -= _size(dropped)
            else:
                table[key] = (version, value)

    def cached(self, key: Any, build: Callable[[], T]) -> T:
        """A structure derived from the store (search index, network, counts), rebuilt when
        the store changes."""
        version = self.version()
        found, value = self._lookup(self._derived, key, version)
        if found:
            return value
        with self._cache_lock:
            building = self._building.setdefault(key, threading.Lock())
        with building:  # one thread builds; the others wait and take its result
            found, value = self._lookup(self._derived, key, version)
            if not found:
                value = build()
                self._keep(self._derived, key, version, value)
        return value

    def result(self, key: Any, build: Callable[[], T]) -> T:
        """A request's result (a trace), kept in a bounded LRU until the store changes."""
        version = self.version()
        found, value = self._lookup(self._results, key, version)
        if not found:
            value = build()
            if self.settings.cache:
                self._keep(self._results, key, version, value)
        return value

    async def result_async(self, key: Any, build: Callable[[], Any]) -> Any:
        """result() for coroutine builders (SPARQL through the worker pool)."""
        version = self.version()
        found, value = self._lookup(self._results, key, version)
        if not found:
            value = await build()
            if self.settings.cache:
                self._keep(self._results, key, version, value)
        return value

    def check_token(self, authorization: str | None) -> None:
        token = self.settings.update_token
        if not token:
            raise UpdateForbidden("updates are disabled on this server (read-only)")
        scheme, _, given = (authorization or "").partition(" ")
        if scheme.lower() != "bearer" or not hmac.compare_digest(given.strip().encode(),
                                                                 token.encode()):
            raise UpdateForbidden("updates need 'Authorization: Bearer <update token>'")

    def close(self) -> None:
        for pool in (self.pool, self.parsers):
            if pool is not None:
                pool.close()
        self._pool.shutdown(wait=False, cancel_futures=True)
        self.store.close()
