"""Per-client fairness for the SPARQL workers: one client (one IP address) may have at most
`sparql_per_client` queries running or waiting for a worker at a time; beyond that it gets
429 JSON with Retry-After at once, so it cannot fill every worker with runaway queries while
others wait until "all workers busy". Results served from the cache need no worker and are not
counted.

The client is the peer address uvicorn reports (behind a reverse proxy, run uvicorn with
--proxy-headers and --forwarded-allow-ips so that it is the real client's). A pure ASGI
middleware records it in a context variable, which the handler's task inherits, so the check
sits where a worker is taken (Runtime.sparql) without threading the request through the
routers. Counting happens on the event loop only: no lock is needed."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from contextvars import ContextVar
from typing import Any

from policykg.errors import PolicykgError

CLIENT: ContextVar[str | None] = ContextVar("policykg_client", default=None)
RETRY_AFTER_S = 1


class TooManyRequests(PolicykgError):
    http_status = 429

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.headers = {"Retry-After": str(RETRY_AFTER_S)}


class ClientAddress:
    """ASGI middleware: the request's client host into CLIENT for the request's duration."""

    def __init__(self, app: Any) -> None:
        self.app = app

    async def __call__(self, scope: dict, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        client = scope.get("client")
        token = CLIENT.set(client[0] if client else None)
        try:
            await self.app(scope, receive, send)
        finally:
            CLIENT.reset(token)


class ClientLimit:
    """At most `limit` concurrent slots per client (0 or less: no limit)."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self.active: dict[str, int] = {}
        self.refused = 0  # for tests and the benchmark

    @contextlib.contextmanager
    def slot(self, client: str | None) -> Iterator[None]:
        if self.limit <= 0 or client is None:
            yield
            return
        if self.active.get(client, 0) >= self.limit:
            self.refused += 1
            raise TooManyRequests(
                f"too many concurrent SPARQL queries from this client (at most {self.limit}); "
                f"retry after {RETRY_AFTER_S} s"
            )
        self.active[client] = self.active.get(client, 0) + 1
        try:
            yield
        finally:
            self.active[client] -= 1
            if not self.active[client]:
                del self.active[client]
