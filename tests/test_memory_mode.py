"""Memory mode: the embedded store answering from an in-memory copy of its current generation,
and the server's workers forked from one process holding that copy (query_pool.py)."""

import asyncio
import contextlib
import os
import shutil
import time

import pytest

from policykg.store import OxigraphStore
from policykg.web.query_pool import ProcessQueryPool, QueryTimeout

COUNT_OBLIGATIONS = ("PREFIX pkg: <https://w3id.org/policykg/ontology#> "
                     "SELECT (COUNT(?o) AS ?n) { ?o a pkg:Obligation }")
MARK = "https://example.org/memory-mode-test"
SLOW = ("SELECT (COUNT(*) AS ?n) { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i "
        "FILTER(STR(?c) < STR(?f) && STR(?f) < STR(?i)) }")


def _csv_value(body: bytes) -> str:
    """The first cell of the first row of a CSV result ("" when there is no row)."""
    lines = body.decode().splitlines()
    return lines[1].strip() if len(lines) > 1 else ""


def _mark(store: OxigraphStore, value: str) -> None:
    """A write: publishes a new generation."""
    store.update(f'INSERT DATA {{ GRAPH <{MARK}> {{ <{MARK}> <{MARK}#v> "{value}" }} }}')


MARK_QUERY = f"SELECT ?v {{ <{MARK}> <{MARK}#v> ?v }}"


@pytest.fixture
def store_copy(built_store_dir, tmp_path):
    """A private copy of the built store (these tests write)."""
    target = tmp_path / "store"
    shutil.copytree(built_store_dir, target)
    return target


def test_memory_store_answers_as_the_disk_store_and_follows_writes(store_copy):
    disk, memory = OxigraphStore(store_copy), OxigraphStore(store_copy, memory=True)
    query = ("PREFIX pkg: <https://w3id.org/policykg/ontology#> "
             "SELECT ?o ?owner { ?o a pkg:Obligation ; pkg:owner ?owner } ORDER BY ?o ?owner")
    assert memory.select(query) == disk.select(query)
    assert memory.count() == disk.count() > 1000
    before = memory.generation
    _mark(disk, "one")
    # the next read sees the new generation, again from a fresh in-memory copy
    assert [str(r["v"]) for r in memory.select(MARK_QUERY)] == ["one"]
    assert memory.generation != before
    assert memory.count() == disk.count()


async def _until(predicate, seconds: float = 60.0) -> None:
    deadline = time.monotonic() + seconds
    while not predicate():
        assert time.monotonic() < deadline, "condition not reached in time"
        await asyncio.sleep(0.05)


def _wait(predicate, seconds: float = 60.0) -> None:
    """_until for synchronous tests (a TestClient runs the app in its own thread)."""
    deadline = time.monotonic() + seconds
    while not predicate():
        assert time.monotonic() < deadline, "condition not reached in time"
        time.sleep(0.02)


@contextlib.asynccontextmanager
async def _pool(data_dir, **options):
    """A started pool (in memory mode: with its copy loaded), closed afterwards."""
    pool = ProcessQueryPool(data_dir, **options)
    try:
        pool.warm_up()
        if pool.memory:
            await _until(lambda: pool._zygote is not None)
        yield pool
    finally:
        pool.close()


def test_pool_workers_are_forked_from_the_memory_copy_and_exchanged_after_a_write(store_copy):
    async def scenario() -> None:
        async with _pool(store_copy, size=2, memory=True) as pool:
            first = pool._zygote
            # queries answered meanwhile came from disk workers; they are exchanged for forks
            for _ in range(4):
                body, _ = await pool.run(COUNT_OBLIGATIONS, "text/csv", 10)
                assert int(_csv_value(body)) > 100
            await _until(lambda: all(w.zygote is first for w in pool._all))
            assert sorted(w.lane for w in pool._all) == ["query", "query", "trace"]
            zygote_pid = first.process.pid
            assert {w.process.pid for w in pool._all}.isdisjoint({zygote_pid, os.getpid()})

            # a write publishes a generation: answers are right at once (read from disk), and
            # a new copy replaces the old one in the background
            _mark(OxigraphStore(store_copy), "two")
            body, _ = await pool.run(MARK_QUERY, "text/csv", 10)
            assert _csv_value(body) == "two"
            await _until(lambda: pool._zygote is not first)
            assert not first.process.is_alive()
            for _ in range(4):
                body, _ = await pool.run(MARK_QUERY, "text/csv", 10)
                assert _csv_value(body) == "two"
            await _until(lambda: all(w.zygote is pool._zygote for w in pool._all))

    asyncio.run(scenario())


def test_a_timed_out_forked_worker_is_killed_and_replaced(store_copy):
    async def scenario() -> None:
        async with _pool(store_copy, size=1, memory=True) as pool:
            await pool.run("ASK {}", "application/sparql-results+json", 10)
            await _until(lambda: all(w.zygote is pool._zygote for w in pool._all))
            (victim,) = [w for w in pool._all if w.lane == "query"]
            with pytest.raises(QueryTimeout):
                await pool.run(SLOW, "text/csv", 0.5)
            assert pool.killed == 1
            # the killed fork is gone (reaped by its zygote), a fresh fork answers
            await _until(lambda: not os.path.exists(f"/proc/{victim.process.pid}"))
            body, _ = await pool.run(COUNT_OBLIGATIONS, "text/csv", 10)
            assert int(_csv_value(body)) > 100
            assert victim not in pool._all and pool._all

    asyncio.run(scenario())


def test_server_in_memory_mode_answers_traces_as_the_disk_server(built_store_dir):
    from fastapi.testclient import TestClient

    from policykg.web.app import create_app
    from policykg.web.settings import Settings

    params = {"q": "cơ sở dữ liệu về trẻ em", "as_of": "2026-01-01"}
    answers = []
    for memory in (False, True):
        settings = Settings(data_dir=built_store_dir, memory=memory, cache=False,
                            query_workers=1)
        with TestClient(create_app(settings)) as client:
            pool = client.app.state.runtime.pool
            if memory:  # the copy loads in the background from start-up
                _wait(lambda p=pool: p._zygote is not None)
            answers.append(client.get("/api/trace", params=params).json())
            if memory:
                client.get("/api/trace", params=params)  # the disk worker is exchanged now
                assert all(w.zygote is pool._zygote for w in pool._all)
    assert answers[0]["steps"] and answers[1] == answers[0]


def test_status_tells_whether_the_memory_copy_is_ready(built_store_dir):
    from fastapi.testclient import TestClient

    from policykg.web.app import create_app
    from policykg.web.settings import Settings

    with TestClient(create_app(Settings(data_dir=built_store_dir))) as client:
        assert client.get("/api/status").json() == {"store": "embedded", "memory": "off"}
    settings = Settings(data_dir=built_store_dir, memory=True, query_workers=1)
    with TestClient(create_app(settings)) as client:
        states = set()

        def ready() -> bool:
            states.add(client.get("/api/status").json()["memory"])
            return "ready" in states

        _wait(ready)
        assert states <= {"loading", "ready"}


@pytest.mark.parametrize("memory", [False, True])
def test_a_trace_does_not_wait_for_busy_sparql_workers(built_store_dir, memory):
    """Traces have their own workers; client SPARQL runs at a lower CPU priority."""
    async def scenario() -> None:
        async with _pool(built_store_dir, size=1, memory=memory) as pool:
            await _until(lambda: len(pool._all) == 2 and (not memory or pool._zygote))
            slow = asyncio.ensure_future(pool.run(SLOW, "text/csv", 20))
            await asyncio.sleep(0.3)  # the only SPARQL worker is busy now
            steps = await pool.call("trace", ("cơ sở dữ liệu về trẻ em", None), 15)
            assert steps and not slow.done()
            priorities = {w.lane: os.getpriority(os.PRIO_PROCESS, w.process.pid)
                          for w in pool._all}
            assert priorities["query"] >= priorities["trace"] + 10
            slow.cancel()

    asyncio.run(scenario())


def test_a_fork_whose_private_memory_grew_is_exchanged(built_store_dir):
    """Reads privatise shared pages; past the limit (0 here: always) a fork is replaced by a
    fresh one after answering, and answers stay right."""
    async def scenario() -> None:
        async with _pool(built_store_dir, size=1, memory=True, recycle_mb=0) as pool:
            await _until(lambda: len(pool._all) == 2
                         and all(w.zygote is pool._zygote for w in pool._all))
            pids = set()
            for _ in range(3):
                (worker,) = [w for w in pool._all if w.lane == "query"]
                pids.add(worker.process.pid)
                body, _ = await pool.run(COUNT_OBLIGATIONS, "text/csv", 10)
                assert int(_csv_value(body)) > 100
                await _until(lambda w=worker: w not in pool._all and len(pool._all) == 2)
            assert pool.recycled == 3 and len(pids) == 3

    asyncio.run(scenario())


def test_a_lost_memory_process_is_started_again(built_store_dir):
    async def scenario() -> None:
        async with _pool(built_store_dir, size=1, memory=True) as pool:
            lost = pool._zygote
            lost.process.kill()
            lost.process.join(5)
            # answers go on (from disk if need be) and a new copy is made
            body, _ = await pool.run(COUNT_OBLIGATIONS, "text/csv", 10)
            assert int(_csv_value(body)) > 100
            await _until(lambda: pool._zygote is not None and pool._zygote is not lost)
            body, _ = await pool.run(COUNT_OBLIGATIONS, "text/csv", 10)
            assert int(_csv_value(body)) > 100

    asyncio.run(scenario())
