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
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any, TypeVar

from starlette.concurrency import run_in_threadpool

from policykg.errors import PolicykgError
from policykg.web.query_pool import ProcessQueryPool, QueryTimeout, WorkerStartError
from policykg.web.settings import Settings

T = TypeVar("T")
log = logging.getLogger("policykg.web")


class UpdateForbidden(PolicykgError):
    http_status = 403


class Runtime:
    def __init__(self, settings: Settings, store: Any) -> None:
        self.settings = settings
        self.store = store
        self.generation = 0
        self.write_lock = threading.Lock()
        self._pool = ThreadPoolExecutor(settings.query_workers, thread_name_prefix="sparql")
        self._caches: dict[str, tuple[int, Any]] = {}
        data_dir = getattr(store, "data_dir", None)
        self.pool = (ProcessQueryPool(data_dir, settings.query_workers)
                     if settings.hard_timeouts and data_dir is not None else None)

    async def sparql(self, text: str, media_type: str) -> tuple[bytes, str]:
        """A client's SPARQL query, serialised as media_type, within the query timeout."""
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

    def cached(self, key: str, build: Callable[[], T]) -> T:
        """A value derived from the store, rebuilt after any write."""
        hit = self._caches.get(key)
        if hit and hit[0] == self.generation:
            return hit[1]
        value = build()
        self._caches[key] = (self.generation, value)
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
        if self.pool is not None:
            self.pool.close()
        self._pool.shutdown(wait=False, cancel_futures=True)
        close = getattr(self.store, "close", None)
        if close:
            close()
