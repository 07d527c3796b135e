"""Shared fixtures (kept small): a free loopback port, a built embedded store, and a real
`oxigraph serve` process with the union default graph."""

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


@pytest.fixture
def oxigraph_endpoint(tmp_path):
    """A fresh `oxigraph serve` on a free loopback port; yields its query URL."""
    binary = shutil.which("oxigraph") or str(Path(sys.executable).parent / "oxigraph")
    if not Path(binary).exists():
        pytest.fail("the oxigraph server binary (test extra `oxigraph`) is not installed")
    port = free_port()
    process = subprocess.Popen(
        [binary, "serve", "--location", str(tmp_path / "oxigraph"),
         "--bind", f"127.0.0.1:{port}", "--union-default-graph"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}/query"
    try:
        for _ in range(200):  # wait (bounded) until it answers
            if process.poll() is not None:
                pytest.fail("oxigraph serve exited at start")
            try:
                httpx.get(url, params={"query": "ASK {}"}, timeout=1)
                break
            except httpx.TransportError:
                time.sleep(0.05)
        yield url
    finally:
        process.terminate()
        try:
            process.wait(10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(5)
