"""Shared fixtures of the web tests (imported explicitly by tests/test_web_*.py and friends):
a store built from the repository's graph in a temporary data dir, an Oxigraph server process
as a remote store, free loopback ports, and a TestClient per app configuration."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import free_port, oxigraph_process, stop, wait_for  # noqa: F401 - re-exported
from fastapi.testclient import TestClient

from policykg.web.app import create_app
from policykg.web.settings import Settings

CONFORMANCE = Path(__file__).parent / "fixtures" / "sparql11-protocol"  # W3C, unchanged
TOKEN = "test-update-token"


@pytest.fixture(scope="session")
def web_client(built_store_dir):
    """A read-only app (no update token) over the repository's graph (conftest's
    built_store_dir: published generations are immutable, so sharing it is safe)."""
    app = create_app(Settings(data_dir=built_store_dir, update_token=None, query_workers=2))
    with TestClient(app) as client:
        yield client


def sparql_rows(client: TestClient, query: str) -> list[dict[str, str]]:
    """SELECT through the endpoint, values as strings (tests derive expectations this way)."""
    response = client.post("/sparql", data={"query": query},
                           headers={"accept": "application/sparql-results+json"})
    assert response.status_code == 200, response.text
    return [{k: v["value"] for k, v in b.items()} for b in response.json()["results"]["bindings"]]


@pytest.fixture
def oxigraph_server(tmp_path):
    """A fresh Oxigraph server. Without --union-default-graph: with it, Oxigraph refuses updates
    that carry USING (which the protocol's using-graph-uri becomes)."""
    with oxigraph_process(tmp_path / "oxigraph", union_default_graph=False) as base:
        yield base


REPO = Path(__file__).resolve().parent.parent


def start_uvicorn(data_dir: Path, extra_env: dict[str, str] | None = None,
                  log_file: Path | None = None) -> tuple[subprocess.Popen, str]:
    """`uvicorn server:app` from the repository root on a free loopback port."""
    port = free_port()
    env = {**os.environ, "POLICYKG_DATA": str(data_dir), **(extra_env or {})}
    env.pop("POLICYKG_ENDPOINT", None)
    out = open(log_file, "w") if log_file else subprocess.DEVNULL  # noqa: SIM115
    process = subprocess.Popen(
        [sys.executable, "-m", "uvicorn", "server:app", "--host", "127.0.0.1",
         "--port", str(port), "--log-level", "warning"],
        cwd=REPO, env=env, stdout=out, stderr=subprocess.STDOUT, text=True,
    )
    base = f"http://127.0.0.1:{port}"
    wait_for(f"{base}/api/stats", process, seconds=60)
    return process, base


@pytest.fixture(scope="session")
def live_server(built_store_dir, tmp_path_factory):
    """A real uvicorn process serving the built store (read-only); yields its base URL."""
    log = tmp_path_factory.mktemp("uvicorn") / "server.log"
    process, base = start_uvicorn(built_store_dir, {"POLICYKG_QUERY_TIMEOUT": "5"}, log)
    try:
        yield base
    finally:
        stop(process)
