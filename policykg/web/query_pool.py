"""SPARQL execution in worker processes, so that a query past its timeout can really be stopped.

pyoxigraph cannot cancel a running query, and a thread cannot be killed: a runaway query in a
thread pool keeps a core busy until it ends. Here each query runs in one of a few long-lived
worker processes (spawned, never forked from the server); on timeout the worker is killed, which
frees its CPU and memory at once, and a fresh worker replaces it in the background.

Workers open the embedded store themselves: published store generations are immutable and read
in read-only mode, so any number of processes can read them, and a worker sees a new generation
at its next query (store.py). The event loop waits on the worker's pipe with add_reader: no
thread is held while a query runs.

Memory mode (`memory=True`): Oxigraph answers 5-7x faster from memory than from RocksDB, but a
copy per worker would multiply the server's memory. So one *zygote* process holds the in-memory
copy of the current generation and forks the workers, which share its pages copy-on-write.
Reading privatises some of those pages, so a fork whose private memory has grown is exchanged
for a fresh one (RECYCLE_PRIVATE_MB). Until the zygote is ready, and for a generation published
after it loaded, workers read the store on disk; a new zygote loads the new generation in the
background, and idle workers are then exchanged for its forks."""

from __future__ import annotations

import asyncio
import contextlib
import multiprocessing
import os
import signal
import socket
import threading
from dataclasses import dataclass
from multiprocessing import reduction
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

from policykg.errors import PolicykgError, StoreError
from policykg.store import published_generation


class QueryTimeout(PolicykgError):
    http_status = 503


class WorkerStopped(PolicykgError):
    """A worker died during a task (killed by the kernel, or a crash in native code)."""


class WorkerStartError(PolicykgError):
    """Spawning needs an importable __main__ (not so for `python -` or some embedders)."""

    http_status = 503


def _task(store: Any, kind: str, args: tuple) -> Any:
    if kind == "parse":  # (file path,) -> (rdflib Graph, {file name: normalised text})
        return _parse(*args)
    if kind == "query":  # (sparql, media type) -> (bytes, content type)
        return store.query_raw(*args)
    if kind == "trace":  # (query, as-of date) -> [Step]
        from policykg.trace import trace

        return trace(store, *args)
    raise PolicykgError(f"unknown task {kind!r}")


def _parse(path: str) -> Any:
    """An uploaded plan read as validation reads it; running out of the worker's address space
    (RLIMIT_AS) is the upload's fault, so it is refused as too large, not reported as a bug."""
    from policykg.ingest.limits import LimitExceeded
    from policykg.validate import read_submission_texts

    try:
        return read_submission_texts([Path(path)])
    except MemoryError:
        raise LimitExceeded(f"{Path(path).name}: needs more memory to read than an upload "
                            "may use") from None


# Lanes: client SPARQL (any query, possibly a long report) and traces (bounded, interactive) have
# their own workers, so a trace never waits for a free SPARQL worker; SPARQL workers also run at a
# lower CPU priority, so on a busy machine long reports slow down rather than the traces. Uploads
# are parsed in a third lane whose workers open no store and have a memory ceiling.
NICENESS = {"query": 10, "trace": 0, "parse": 10}


def _lower_priority(niceness: int) -> None:
    with contextlib.suppress(OSError):
        os.nice(niceness)


def _worker_main(conn: Connection, data_dir: str, niceness: int = 0) -> None:
    """A spawned worker reading the store on disk."""
    from policykg.store import OxigraphStore

    _lower_priority(niceness)
    store = OxigraphStore(data_dir)
    conn.send("ready")
    _serve(conn, store)


def _parse_worker_main(conn: Connection, memory_mb: int, niceness: int) -> None:
    """A spawned worker reading uploads: no store, and an address-space limit of what the
    imports took plus `memory_mb`, so a bomb ends in MemoryError here, not in the server."""
    import resource

    import policykg.ingest  # noqa: F401 - the imports' address space is not the upload's
    import policykg.validate  # noqa: F401

    _lower_priority(niceness)
    with open("/proc/self/statm", encoding="ascii") as f:
        size = int(f.read().split()[0]) * resource.getpagesize()
    _, hard = resource.getrlimit(resource.RLIMIT_AS)
    ceiling = size + memory_mb * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_AS, (ceiling if hard < 0 else min(ceiling, hard), hard))
    conn.send("ready")
    _serve(conn, None)


def _zygote_main(conn: Connection, data_dir: str, recycle_mb: float) -> None:
    """Load the current generation into memory, then fork a worker per "fork" request and pass
    the parent its pid and one end of a socket pair (SCM_RIGHTS)."""
    from policykg.store import OxigraphStore

    signal.signal(signal.SIGCHLD, signal.SIG_IGN)  # the kernel reaps killed workers
    store = OxigraphStore(data_dir, memory=True)
    try:
        store.count()  # reads the generation, i.e. makes the in-memory copy now
    except Exception as exc:  # an unreadable store: the pool keeps its disk workers
        conn.send(("failed", f"{type(exc).__name__}: {exc}"))
        return
    conn.send(("ready", store.generation) if store.generation else ("failed", "empty store"))
    parent = os.getppid()
    while True:
        try:
            _, niceness = conn.recv()  # ("fork", niceness)
        except (EOFError, OSError):
            return
        ours, theirs = socket.socketpair()
        pid = os.fork()
        if pid == 0:  # the worker: shares the copy; a later generation is read from disk
            try:
                signal.signal(signal.SIGCHLD, signal.SIG_DFL)
                conn.close()
                ours.close()
                store.memory = False
                _lower_priority(niceness)
                _serve(Connection(theirs.detach()), store, recycle_mb)
            finally:  # never back into the zygote's loop
                os._exit(0)
        theirs.close()
        conn.send(("forked", pid))
        reduction.send_handle(conn, ours.fileno(), parent)
        ours.close()


# A forked worker's reads write to the pages of the copy it shares (pyoxigraph's in-memory store
# updates counters as it reads), so each query privatises the pages it touches: up to the whole
# copy for a national report. A fork whose private memory passes this is exchanged for a fresh one
# (a fork takes milliseconds), so the server's memory stays near one copy.
RECYCLE_PRIVATE_MB = 128


def private_mb() -> float:
    """This process's private (not shared) memory in MB (Linux; 0 elsewhere)."""
    try:
        with open("/proc/self/smaps_rollup", encoding="ascii") as f:
            return sum(int(line.split()[1]) for line in f
                       if line.startswith(("Private_Clean:", "Private_Dirty:"))) / 1024
    except OSError:
        return 0.0


def _serve(conn: Connection, store: Any, recycle_mb: float | None = None) -> None:
    """Answer (kind, args) requests until the pipe closes; each reply says whether the worker
    should be exchanged (a fork whose private memory grew past `recycle_mb`)."""
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
        retire = recycle_mb is not None and private_mb() > recycle_mb
        try:
            conn.send((retire, reply))
        except (BrokenPipeError, OSError):
            return


class _Forked:
    """A worker forked by a zygote: not our child, so killed by pid (its zygote reaps it)."""

    def __init__(self, pid: int) -> None:
        self.pid = pid

    def kill(self) -> None:
        with contextlib.suppress(ProcessLookupError):
            os.kill(self.pid, signal.SIGKILL)

    def join(self, _timeout: float | None = None) -> None:
        pass


def _stop(conn: Connection, process: Any) -> None:
    """Close a process's pipe and kill it (a worker, or a zygote); never raises."""
    with contextlib.suppress(Exception):
        conn.close()
    with contextlib.suppress(Exception):
        process.kill()
        process.join(5)


@dataclass(eq=False)  # identity: workers live in a set
class _Worker:
    process: Any
    conn: Connection
    lane: str
    zygote: Any = None  # the _Zygote it was forked from (None: spawned, reads the disk)

    def kill(self) -> None:
        _stop(self.conn, self.process)


class _Zygote:
    """A process holding one generation in memory and forking workers from it."""

    LOAD_TIMEOUT = 1800.0  # copying ~2M triples takes ~20 s; far larger graphs far longer

    def __init__(self, ctx: Any, data_dir: str, recycle_mb: float) -> None:
        self.conn, child = ctx.Pipe()
        self.process = ctx.Process(target=_zygote_main, args=(child, data_dir, recycle_mb),
                                   daemon=True, name="policykg-zygote")
        self.process.start()
        child.close()
        self.lock = threading.Lock()  # one fork request at a time on the pipe
        self.generation: str | None = None
        try:
            reply = self.conn.recv() if self.conn.poll(self.LOAD_TIMEOUT) else ("failed", "")
        except (EOFError, OSError):
            reply = ("failed", "")
        if reply[0] == "ready":
            self.generation = reply[1]
        else:
            self.close()

    def fork(self, lane: str) -> _Worker:
        with self.lock:
            try:
                self.conn.send(("fork", NICENESS[lane]))
                if not self.conn.poll(60):
                    raise WorkerStartError("the in-memory store process did not fork a worker")
                _, pid = self.conn.recv()
                fd = reduction.recv_handle(self.conn)
            except (EOFError, OSError) as exc:
                raise WorkerStartError("the in-memory store process stopped") from exc
        return _Worker(_Forked(pid), Connection(fd), lane, zygote=self)

    def close(self) -> None:
        _stop(self.conn, self.process)


class ProcessQueryPool:
    def __init__(self, data_dir: Path | None, size: int, memory: bool = False,
                 trace_size: int | None = None,
                 recycle_mb: float = RECYCLE_PRIVATE_MB,
                 parse_size: int = 1, parse_memory_mb: int = 1024) -> None:
        self.data_dir = str(data_dir)  # None: a pool that only parses uploads
        self.sizes = {"query": size, "trace": trace_size or max(1, size // 2),
                      "parse": parse_size}
        self.parse_memory_mb = parse_memory_mb
        self.memory = memory
        self.recycle_mb = recycle_mb
        self._ctx = multiprocessing.get_context("spawn")
        self._idle: dict[str, asyncio.Queue[_Worker]] = {}
        self._all: set[_Worker] = set()
        self._tasks: set[asyncio.Task] = set()
        self._zygote: _Zygote | None = None  # the ready in-memory copy workers are forked from
        self._loading: str | None = None  # the generation a new zygote is loading
        self._failed: str | None = None  # a generation that could not be copied: not retried
        self._closed = False
        self.killed = 0  # workers killed on timeout (for tests and the benchmark)
        self.recycled = 0  # forks exchanged for fresh ones after their memory grew

    def _spawn(self, lane: str) -> _Worker:
        zygote = self._zygote
        if zygote is not None and lane != "parse":
            with contextlib.suppress(WorkerStartError):  # else a disk worker, as below
                worker = zygote.fork(lane)
                self._all.add(worker)
                return worker
        parent, child = self._ctx.Pipe()
        target, first = ((_parse_worker_main, self.parse_memory_mb) if lane == "parse"
                         else (_worker_main, self.data_dir))
        process = self._ctx.Process(target=target, args=(child, first, NICENESS[lane]),
                                    daemon=True, name=f"policykg-{lane}")
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
        worker = _Worker(process, parent, lane)
        self._all.add(worker)
        return worker

    async def _start(self, lane: str) -> asyncio.Queue[_Worker]:
        """A lane's workers start on its first task (which waits for them, about a second), so
        apps that never query spawn nothing; in memory mode, at warm_up()."""
        self._refresh_memory()
        if lane not in self._idle:
            idle = self._idle[lane] = asyncio.Queue()
            loop = asyncio.get_running_loop()
            spawns = [loop.run_in_executor(None, self._spawn, lane)
                      for _ in range(self.sizes[lane])]
            for worker in await asyncio.gather(*spawns):
                idle.put_nowait(worker)
        return self._idle[lane]

    def warm_up(self) -> None:
        """Start the workers (and in memory mode the copy) now, in the background."""
        loop = asyncio.get_running_loop()
        for lane in ("query", "trace"):  # the parse lane starts with the first upload
            self._track(loop.create_task(self._start(lane)))

    # -- memory mode ------------------------------------------------------------------------------
    def _published(self) -> str | None:
        try:
            return published_generation(self.data_dir)
        except StoreError:
            return None

    def _refresh_memory(self) -> None:
        """In memory mode, start loading a zygote when the published generation has none."""
        if not self.memory or self._closed:
            return
        if self._zygote is not None and not self._zygote.process.is_alive():
            self._zygote = None  # killed (e.g. by the OOM killer): load the copy again
        name = self._published()
        ready = self._zygote.generation if self._zygote is not None else None
        if name is None or name in (ready, self._loading, self._failed):
            return
        self._loading = name
        self._track(asyncio.get_running_loop().create_task(self._load(name)))

    async def _load(self, name: str) -> None:
        zygote = await asyncio.get_running_loop().run_in_executor(
            None, _Zygote, self._ctx, self.data_dir, self.recycle_mb)
        if self._loading == name:
            self._loading = None
        if zygote.generation is None:
            self._failed = name
            return  # a failed zygote has closed itself
        if self._closed:
            zygote.close()
            return
        old, self._zygote = self._zygote, zygote
        if old is not None:  # its workers keep their pages until they are exchanged
            old.close()
        self._exchange_idle()

    def memory_state(self) -> str:
        """"ready" when the in-memory copy is of the published generation, else "loading"
        (or "failed" when it could not be made)."""
        name = self._published()
        if self._zygote is not None and self._zygote.generation == name:
            return "ready"
        return "failed" if name is not None and name == self._failed else "loading"

    def _exchange_idle(self) -> None:
        """Exchange idle workers for forks of the current copy now (busy ones when they end)."""
        for idle in self._idle.values():
            waiting = [idle.get_nowait() for _ in range(idle.qsize())]
            for worker in waiting:
                if self._stale(worker):
                    self._replace_later(worker)
                else:
                    idle.put_nowait(worker)

    def _stale(self, worker: _Worker) -> bool:
        """A worker to exchange for a fork of the current in-memory copy."""
        return (self._zygote is not None and worker.lane != "parse"
                and worker.zygote is not self._zygote)

    # -- running tasks ----------------------------------------------------------------------------
    def _track(self, task: asyncio.Task) -> None:
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def _replace(self, worker: _Worker) -> None:
        worker.kill()
        self._all.discard(worker)
        fresh = await asyncio.get_running_loop().run_in_executor(None, self._spawn, worker.lane)
        self._idle[worker.lane].put_nowait(fresh)

    def _replace_later(self, worker: _Worker) -> None:
        self._track(asyncio.get_running_loop().create_task(self._replace(worker)))

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
        idle = await self._start(kind if kind in NICENESS else "query")
        deadline = loop.time() + timeout
        try:
            worker = await asyncio.wait_for(idle.get(), timeout)
        except TimeoutError:
            raise QueryTimeout(f"query timed out after {timeout:g} s (all workers busy)") from None
        healthy = False
        try:
            worker.conn.send((kind, args))
            answer = await self._reply(worker, max(deadline - loop.time(), 0.001))
            if answer is None:
                self.killed += 1
                raise QueryTimeout(f"{kind} timed out after {timeout:g} s")
            retire, reply = answer
            healthy = not retire
            if retire:
                self.recycled += 1
        except (EOFError, BrokenPipeError, OSError):
            raise WorkerStopped("the query worker stopped unexpectedly; try again") from None
        finally:
            if healthy and not self._stale(worker):
                idle.put_nowait(worker)
            else:
                self._replace_later(worker)
        if reply[0]:
            return reply[1]
        error = PolicykgError(reply[2])
        error.http_status = reply[1]
        raise error

    def close(self) -> None:
        self._closed = True
        if self._zygote is not None:
            self._zygote.close()
        for task in list(self._tasks):
            task.cancel()
        for worker in list(self._all):
            worker.kill()
        self._all.clear()
