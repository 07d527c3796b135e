"""Shared fixtures (kept small): a free loopback port, a built embedded store, and a real
`oxigraph serve` process with the union default graph."""

import contextlib
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from policykg import build
from policykg.store import OxigraphStore
from policykg.store.dialects import virtuoso_ini


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="session")
def built_store_dir(tmp_path_factory) -> Path:
    """The repository's graph loaded as `policykg build --no-ingest` does (the checkout's
    graph/extracted is never rewritten by tests)."""
    data = tmp_path_factory.mktemp("built-store")
    store = OxigraphStore(data)
    build.load(store)
    store.close()
    return data


@pytest.fixture(scope="session")
def built_store(built_store_dir) -> OxigraphStore:
    store = OxigraphStore(built_store_dir)
    yield store
    store.close()


def oxigraph_binary() -> str:
    found = shutil.which("oxigraph") or str(Path(sys.executable).parent / "oxigraph")
    if not Path(found).exists():
        pytest.fail("the oxigraph server binary (test extra `oxigraph`) is not installed")
    return found


def wait_for(url: str, process: subprocess.Popen, seconds: float = 30.0) -> None:
    """Poll (bounded) until the server answers; fail if it exits or never answers."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"server exited with {process.returncode}")
        try:
            httpx.get(url, timeout=1.0)
            return
        except httpx.HTTPError:
            time.sleep(0.05)
    raise RuntimeError(f"{url} did not answer within {seconds} s")


# base URL -> the server process answering there (for tests that watch the server itself)
SERVERS: dict[str, subprocess.Popen] = {}


def stop(process: subprocess.Popen) -> None:
    process.terminate()
    try:
        process.wait(10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(5)


@contextlib.contextmanager
def oxigraph_process(location: Path, union_default_graph: bool = True,
                     timeout_s: int | None = None):
    """A real `oxigraph serve` on a free loopback port (stopping queries after `timeout_s`
    when given); yields its base URL, stops it after."""
    port = free_port()
    command = [oxigraph_binary(), "serve", "--location", str(location),
               "--bind", f"127.0.0.1:{port}"]
    if union_default_graph:
        command.append("--union-default-graph")
    if timeout_s is not None:
        command += ["--timeout-s", str(timeout_s)]
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    SERVERS[base] = process
    try:
        wait_for(f"{base}/query", process)
        yield base
    finally:
        stop(process)
        SERVERS.pop(base, None)


@pytest.fixture
def oxigraph_endpoint(tmp_path):
    """A fresh `oxigraph serve` with the union default graph; yields its query URL."""
    with oxigraph_process(tmp_path / "oxigraph") as base:
        yield f"{base}/query"


# -- Virtuoso (Debian's virtuoso-opensource-7), for the store conformance suite ----------------


def virtuoso_binaries() -> tuple[str, str] | None:
    server, isql = shutil.which("virtuoso-t"), shutil.which("isql-vt") or shutil.which("isql")
    return (server, isql) if server and isql else None


@contextlib.contextmanager
def virtuoso_process(directory: Path):
    """A real Virtuoso on free loopback ports with its own database and ini in `directory`:
    unlimited result rows (the default cuts results at 10,000 rows), no server-wide query time
    limit to speak of (the store sends each query's timeout), small buffers; the SPARQL user
    may update. Yields the SPARQL URL; stops the server after."""
    found = virtuoso_binaries()
    if found is None:
        pytest.skip("Virtuoso is not installed (Debian: apt-get install virtuoso-opensource-7)")
    server, isql = found
    directory.mkdir(parents=True, exist_ok=True)
    sql_port, http_port = free_port(), free_port()
    ini = directory / "virtuoso.ini"
    ini.write_text(virtuoso_ini(directory, sql_port, http_port, max_seconds=3600),
                   encoding="utf-8")
    log = open(directory / "stdout.log", "wb")  # noqa: SIM115 - closed after the process
    process = subprocess.Popen([server, "-f", "-c", str(ini)], cwd=directory, stdout=log,
                               stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{http_port}/sparql"
    SERVERS[f"http://127.0.0.1:{http_port}"] = process
    try:
        wait_for(url, process, seconds=120)
        subprocess.run([isql, f"127.0.0.1:{sql_port}", "dba", "dba",
                        'exec=GRANT SPARQL_UPDATE TO "SPARQL";'], check=True,
                       capture_output=True, timeout=60)
        yield url
    finally:
        stop(process)
        log.close()
        SERVERS.pop(f"http://127.0.0.1:{http_port}", None)
