"""SPARQL execution in worker processes, so that a query past its timeout can really be stopped.

pyoxigraph cannot cancel a running query, and a thread cannot be killed: a runaway query in a
thread pool keeps a core busy until it ends. Here each query runs in one of a few long-lived
worker processes (spawned, never forked from the server); on timeout the worker is killed, which
frees its CPU and memory at once, and a fresh worker replaces it in the background.

Workers open the embedded store themselves: published store generations are immutable and read
in read-only mode, so any number of processes can read them, and a worker sees a new generation
at its next query (store.py). The event loop waits on the worker's pipe with add_reader: no
thread is held while a query runs."""

from __future__ import annotations

import asyncio
import contextlib
import multiprocessing
import os
from dataclasses import dataclass
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

from policykg.errors import PolicykgError


class QueryTimeout(PolicykgError):
    http_status = 503


class WorkerStartError(PolicykgError):
    """Spawning needs an importable __main__ (not so for `python -` or some embedders)."""

    http_status = 503


def _task(store: Any, kind: str, args: tuple) -> Any:
    if kind == "query":  # (sparql, media type) -> (bytes, content type)
        return store.query_raw(*args)
    if kind == "trace":  # (query, as-of date) -> [Step]
        from policykg.trace import trace

        return trace(store, *args)
    raise PolicykgError(f"unknown task {kind!r}")


def _worker_main(conn: Connection, data_dir: str) -> None:
    """Answer (kind, args) requests until the pipe closes."""
    from policykg.store import OxigraphStore

    store = OxigraphStore(data_dir)
    conn.send("ready")
    while True:
        try:
            kind, args = conn.recv()
        except (EOFError, OSError):
            return
        try:
            reply: tuple = (True, _task(store, kind, args))
        except PolicykgError as exc:
            reply = (False, exc.http_status, str(exc))
        except Exception as exc:  # a store bug must not kill the worker silently
            reply = (False, 500, f"query failed: {type(exc).__name__}")
        try:
            conn.send(reply)
        except (BrokenPipeError, OSError):
            return


@dataclass(eq=False)  # identity: workers live in a set
class _Worker:
    process: Any
    conn: Connection

    def kill(self) -> None:
        with contextlib.suppress(Exception):
            self.conn.close()
        with contextlib.suppress(Exception):
            self.process.kill()
            self.process.join(5)


class ProcessQueryPool:
    def __init__(self, data_dir: Path, size: int) -> None:
        self.data_dir = str(data_dir)
        self.size = size
        self._ctx = multiprocessing.get_context("spawn")
        self._idle: asyncio.Queue[_Worker] | None = None
        self._all: set[_Worker] = set()
        self._tasks: set[asyncio.Task] = set()
        self.killed = 0  # workers killed on timeout (for tests and the benchmark)

    def _spawn(self) -> _Worker:
        parent, child = self._ctx.Pipe()
        process = self._ctx.Process(target=_worker_main, args=(child, self.data_dir),
                                    daemon=True, name="policykg-sparql")
        process.start()
        child.close()
        # wait (in an executor thread) until imports are done: a query's time starts after
        try:
            ready = parent.poll(60) and parent.recv() == "ready"
        except (EOFError, OSError):
            ready = False
        if not ready:
            process.kill()
            parent.close()
            raise WorkerStartError("a SPARQL worker process did not start")
        worker = _Worker(process, parent)
        self._all.add(worker)
        return worker

    async def _start(self) -> asyncio.Queue[_Worker]:
        """Workers start on the first query (which waits for them, about a second), so apps
        that never query spawn nothing."""
        if self._idle is None:
            self._idle = asyncio.Queue()
            loop = asyncio.get_running_loop()
            spawns = [loop.run_in_executor(None, self._spawn) for _ in range(self.size)]
            for worker in await asyncio.gather(*spawns):
                self._idle.put_nowait(worker)
        return self._idle

    async def _replace(self, worker: _Worker) -> None:
        worker.kill()
        self._all.discard(worker)
        fresh = await asyncio.get_running_loop().run_in_executor(None, self._spawn)
        if self._idle is not None:
            self._idle.put_nowait(fresh)

    def _replace_later(self, worker: _Worker) -> None:
        task = asyncio.get_running_loop().create_task(self._replace(worker))
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def _reply(self, worker: _Worker, timeout: float) -> tuple | None:
        loop = asyncio.get_running_loop()
        ready = loop.create_future()
        fd = worker.conn.fileno()
        loop.add_reader(fd, lambda: ready.done() or ready.set_result(None))
        try:
            await asyncio.wait_for(ready, timeout)
        except TimeoutError:
            return None
        finally:
            loop.remove_reader(fd)
            # uvloop makes a watched fd non-blocking; Connection.recv/send need it blocking
            os.set_blocking(fd, True)
        return worker.conn.recv()

    async def run(self, sparql: str, media_type: str, timeout: float) -> tuple[bytes, str]:
        """(body, content type); QueryTimeout after `timeout` seconds, waiting included."""
        return await self.call("query", (sparql, media_type), timeout)

    async def call(self, kind: str, args: tuple, timeout: float) -> Any:
        """Run a task ("query" or "trace") in a worker; QueryTimeout after `timeout` s."""
        loop = asyncio.get_running_loop()
        idle = await self._start()
        deadline = loop.time() + timeout
        try:
            worker = await asyncio.wait_for(idle.get(), timeout)
        except TimeoutError:
            raise QueryTimeout(f"query timed out after {timeout:g} s (all workers busy)") from None
        healthy = False
        try:
            worker.conn.send((kind, args))
            reply = await self._reply(worker, max(deadline - loop.time(), 0.001))
            if reply is None:
                self.killed += 1
                raise QueryTimeout(f"{kind} timed out after {timeout:g} s")
            healthy = True
        except (EOFError, BrokenPipeError, OSError):
            raise PolicykgError("the query worker stopped unexpectedly; try again") from None
        finally:
            if healthy:
                idle.put_nowait(worker)
            else:
                self._replace_later(worker)
        if reply[0]:
            return reply[1]
        error = PolicykgError(reply[2])
        error.http_status = reply[1]
        raise error

    def close(self) -> None:
        for task in list(self._tasks):
            task.cancel()
        for worker in list(self._all):
            worker.kill()
        self._all.clear()
