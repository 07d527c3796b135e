"""Shared fixtures of the web tests (imported explicitly by tests/test_web_*.py and friends):
a store built from the repository's graph in a temporary data dir, an Oxigraph server process
as a remote store, free loopback ports, and a TestClient per app configuration."""

import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest
from fastapi.testclient import TestClient

from policykg import build
from policykg.store import OxigraphStore
from policykg.web.app import create_app
from policykg.web.settings import Settings

CONFORMANCE = Path("/work/shared/conformance/sparql11-protocol")
TOKEN = "test-update-token"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(url: str, process: subprocess.Popen, seconds: float = 30.0) -> None:
    """Poll until the server answers; fail (with its output) if it exits or never answers."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            out = process.stdout.read() if process.stdout else ""
            raise RuntimeError(f"server exited with {process.returncode}: {out}")
        try:
            httpx.get(url, timeout=1.0)
            return
        except httpx.HTTPError:
            time.sleep(0.1)
    raise RuntimeError(f"{url} did not answer within {seconds} s")


def stop(process: subprocess.Popen) -> None:
    process.terminate()
    try:
        process.wait(10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(5)


@pytest.fixture(scope="session")
def built_data_dir(tmp_path_factory) -> Path:
    """The repository's graph (ontology, reference, extracted, links) loaded as policykg build
    does, without re-ingesting (the committed graph/extracted is used)."""
    data = tmp_path_factory.mktemp("web-store")
    store = OxigraphStore(data)
    build.load(store)
    store.close()
    return data


@pytest.fixture(scope="session")
def web_client(built_data_dir):
    """A read-only app over the built store (no update token)."""
    app = create_app(Settings(data_dir=built_data_dir, update_token=None))
    with TestClient(app) as client:
        yield client


def oxigraph_binary() -> str:
    found = shutil.which("oxigraph") or str(Path(sys.executable).parent / "oxigraph")
    if not Path(found).exists():
        pytest.fail("the oxigraph server (test extra) is not installed")
    return found


@pytest.fixture
def oxigraph_server(tmp_path):
    """A fresh Oxigraph server. Without --union-default-graph: with it, Oxigraph refuses updates
    that carry USING (which the protocol's using-graph-uri becomes)."""
    port = free_port()
    process = subprocess.Popen(
        [oxigraph_binary(), "serve", "--location", str(tmp_path / "oxigraph"),
         "--bind", f"127.0.0.1:{port}"],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        wait_for(f"{base}/query", process)
        yield base
    finally:
        stop(process)
