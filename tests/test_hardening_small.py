"""Issue 10, defect 6 (the smaller ones): CONSTRUCT/DESCRIBE results capped by max-rows; a bad
upload's error names the uploaded file, not the server's temp path; builds write no temp
directories into the checkout and clean what killed builds left; `load` prints `urn:x:s`
as text, not as an emoji; the server refuses oversized and too many request headers."""

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pyoxigraph as ox
import pytest
from conftest import free_port, stop, wait_for
from fastapi.testclient import TestClient
from test_cli import run

from policykg import build, resources
from policykg.web.app import create_app
from policykg.web.security import MAX_HEADER_BYTES, MAX_HEADERS
from policykg.web.settings import Settings

CAP = 50
MANY = "CONSTRUCT { ?s ?p ?o . ?s <urn:x:copy> ?o } WHERE { ?s ?p ?o }"


@pytest.fixture(scope="module")
def capped_client(built_store_dir):
    app = create_app(Settings(data_dir=built_store_dir, max_rows=CAP, query_workers=1))
    with TestClient(app) as client:
        yield client


@pytest.mark.parametrize(
    "accept,fmt",
    [
        ("application/n-triples", ox.RdfFormat.N_TRIPLES),
        ("text/turtle", ox.RdfFormat.TURTLE),
        ("application/rdf+xml", ox.RdfFormat.RDF_XML),
    ],
)
@pytest.mark.parametrize("query", [MANY, "DESCRIBE ?s WHERE { ?s ?p ?o }"])
def test_defect6_graph_results_are_capped(capped_client, accept, fmt, query):
    response = capped_client.post("/sparql", data={"query": query}, headers={"accept": accept})
    assert response.status_code == 200, response.text
    triples = list(ox.parse(response.content, format=fmt))
    assert len(triples) == CAP
    assert response.headers["x-result-cap"] == str(CAP)
    assert response.headers["x-result-truncated"] == "true"


def test_defect6_jsonld_is_capped_and_small_results_are_not_flagged(capped_client):
    response = capped_client.post(
        "/sparql", data={"query": MANY}, headers={"accept": "application/ld+json"}
    )
    assert response.status_code == 200
    assert response.text.count('"@id"') <= 2 * CAP
    small = capped_client.post(
        "/sparql",
        data={"query": "CONSTRUCT WHERE { ?s a ?c } LIMIT 3"},
        headers={"accept": "application/n-triples"},
    )
    assert len(small.text.splitlines()) == 3
    assert "x-result-truncated" not in small.headers


def test_defect6_bad_upload_error_names_the_uploaded_file(capped_client):
    response = capped_client.post(
        "/validate",
        files={"file": ("my plan.ttl", b"<urn:a> <urn:b> .\n", "text/turtle")},
        headers={"accept": "application/json"},
    )
    assert response.status_code == 400
    error = response.json()["error"]
    assert "my plan.ttl" in error or "my_plan.ttl" in error, error
    assert "policykg-upload" not in error and "/tmp" not in error, error


def test_defect6_build_writes_no_temp_dir_into_the_checkout(tmp_path, monkeypatch):
    graph = tmp_path / "graph"
    shutil.copytree(resources.extracted_dir(), graph / "extracted")
    dead = graph / ".policykg-build-abc123"  # a killed build of the earlier code
    dead.mkdir()
    (dead / "half.ttl").write_text("", encoding="utf-8")
    old_tmp = Path(build.tempfile.gettempdir()) / f"{build.BUILD_TEMP}dead-test"
    old_tmp.mkdir(exist_ok=True)
    two_hours_ago = time.time() - 7200
    os.utime(old_tmp, (two_hours_ago, two_hours_ago))
    half_copied = graph / "extracted" / ".links.ttl.tmp"
    half_copied.write_text("", encoding="utf-8")
    os.utime(half_copied, (two_hours_ago, two_hours_ago))
    monkeypatch.setattr(resources, "extracted_dir", lambda: graph / "extracted")
    seen = []
    generate = build.generate

    def spy(out_dir, **kwargs):
        seen.append(Path(out_dir))
        return generate(out_dir, **kwargs)

    monkeypatch.setattr(build, "generate", spy)
    build.refresh_extracted()
    assert not graph.joinpath(dead.name).exists() and not old_tmp.exists()
    assert not half_copied.exists()
    assert [p.name for p in graph.iterdir()] == ["extracted"]
    assert seen and all(graph not in p.parents for p in seen)


def test_defect6_loaded_message_shows_the_graph_iri_as_text(tmp_path):
    data = tmp_path / "s.ttl"
    data.write_text("<urn:x:s> <urn:x:p> <urn:x:o> .\n", encoding="utf-8")
    result = run("load", data, "--graph", "urn:x:s", data_dir=tmp_path / "store")
    assert result.returncode == 0, result.stderr
    assert "đã nạp vào <urn:x:s>" in result.stderr, result.stderr


def test_defect6_header_limits_in_the_app(capped_client):
    ok = capped_client.get("/api/status")
    assert ok.status_code == 200
    many = capped_client.get("/api/status", headers={f"x-h{i}": "1" for i in range(MAX_HEADERS)})
    assert many.status_code == 431 and many.json()["status"] == 431
    big = capped_client.get("/api/status", headers={"x-big": "a" * MAX_HEADER_BYTES})
    assert big.status_code == 431


def refused(url: str, headers: dict[str, str]) -> bool:
    """A 400/431 answer, or the connection closed by the server while the head was sent."""
    try:
        return httpx.get(url, headers=headers).status_code in (400, 431)
    except (httpx.ReadError, httpx.WriteError, httpx.RemoteProtocolError):
        return True


def test_defect6_serve_refuses_a_1_mb_header_and_10000_headers(built_store_dir):
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("POLICYKG_")}
    process = subprocess.Popen(
        [
            str(Path(sys.executable).parent / "policykg"),
            "serve",
            "--port",
            str(port),
            "--data-dir",
            str(built_store_dir),
        ],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        wait_for(f"{base}/api/status", process, seconds=60)
        assert refused(f"{base}/api/status", {"x-big": "a" * 1024 * 1024})
        assert refused(f"{base}/api/status", {f"x-h{i}": "1" for i in range(10_000)})
        assert httpx.get(f"{base}/api/status").status_code == 200  # still serving
    finally:
        stop(process)
