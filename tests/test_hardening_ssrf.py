"""Issue 10, defect 1: SSRF through SERVICE. A query with SERVICE in any spelling is refused by
the parse-based check (sparql_check.py) on /sparql and on `policykg query`, and a loopback HTTP
server standing in for an internal service records that nobody called it. Behind the check,
embedded queries run in threads that cannot open network sockets (netguard.py)."""

import http.server
import socket
import threading

import pytest
from fastapi.testclient import TestClient
from test_cli import assert_one_line_error, run
from web_fixtures import TOKEN, web_client  # noqa: F401 - fixture

from policykg import netguard
from policykg.errors import StoreError
from policykg.sparql_check import ForbiddenOperation, check_query, check_update
from policykg.store import embedded
from policykg.web.app import create_app
from policykg.web.settings import Settings


class _Recorder(http.server.BaseHTTPRequestHandler):
    def _hit(self) -> None:
        self.server.hits.append(self.path)
        self.send_response(200)
        self.send_header("content-type", "application/sparql-results+json")
        self.end_headers()
        self.wfile.write(b'{"head":{"vars":["a"]},"results":{"bindings":[]}}')

    do_GET = do_POST = _hit

    def log_message(self, *args) -> None:
        pass


@pytest.fixture
def target():
    """An internal HTTP service on loopback that records every request; yields its base URL
    and the list of hits."""
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Recorder)
    server.hits = []
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/", server.hits
    finally:
        server.shutdown()
        server.server_close()


SPELLINGS = [
    "PREFIX : <{url}> SELECT * {{ SERVICE:x {{ ?a ?b ?c }} }}",
    "PREFIX svc: <{url}> SELECT * {{ ?s ?p ?o OPTIONAL {{ SERVICE svc:y {{ ?a ?b ?c }} }} }}",
    "SELECT * {{ SERVICE SILENT <{url}> {{ ?a ?b ?c }} }}",
    "select * {{ service<{url}>{{ ?a ?b ?c }} }}",
    "SELECT * {{ BIND(<{url}> AS ?u) SERVICE ?u {{ ?a ?b ?c }} }}",
    "SELECT * {{ {{ ?s ?p ?o }} UNION {{ SERVICE <{url}> {{ ?a ?b ?c }} }} }}",
    "ASK {{ {{ SELECT ?a {{ SERVICE <{url}> {{ ?a ?b ?c }} }} }} }}",
    "SELECT * {{ ?s ?p ?o FILTER EXISTS {{ SERVICE <{url}> {{ ?a ?b ?c }} }} }}",
    "SELECT * {{ ?s ?p ?o MINUS {{ SERVICE <{url}> {{ ?s ?b ?c }} }} }}",
    "SELECT * {{ \\u0053ERVICE <{url}> {{ ?a ?b ?c }} }}",
    "CONSTRUCT {{ ?a ?b ?c }} WHERE {{ SeRvIcE <{url}> {{ ?a ?b ?c }} }}",
]


@pytest.mark.parametrize("spelling", SPELLINGS)
def test_defect1_service_refused_by_the_server(web_client, target, spelling):  # noqa: F811
    url, hits = target
    query = spelling.format(url=url)
    by_get = web_client.get("/sparql", params={"query": query})
    by_post = web_client.post(
        "/sparql", content=query.encode(), headers={"content-type": "application/sparql-query"}
    )
    for response in (by_get, by_post):
        assert response.status_code == 400, response.text
        assert "SERVICE is not allowed" in response.json()["error"]
    assert hits == []


@pytest.mark.parametrize("spelling", [SPELLINGS[0], SPELLINGS[1], SPELLINGS[9]])
def test_defect1_service_refused_by_the_cli(built_store_dir, target, spelling):
    url, hits = target
    result = run("query", spelling.format(url=url), data_dir=built_store_dir)
    assert_one_line_error(result, "không được dùng SERVICE")  # Vietnamese unless --lang en
    assert hits == []


def test_defect1_legitimate_queries_with_the_word_still_run(web_client, built_store_dir):  # noqa: F811
    prefix = "PREFIX service: <http://example.org/service/> SELECT ?x { BIND(service:load AS ?x) }"
    literal = 'SELECT ?x { BIND("SERVICE <http://127.0.0.1/> LOAD" AS ?x) }'
    for query in (prefix, literal):
        response = web_client.post("/sparql", data={"query": query})
        assert response.status_code == 200, response.text
        assert len(response.json()["results"]["bindings"]) == 1
        cli = run("query", query, "--format", "csv", data_dir=built_store_dir)
        assert cli.returncode == 0, cli.stderr
    assert check_query(prefix) == "SELECT"


def test_defect1_updates_sent_as_queries_are_refused(web_client):  # noqa: F811
    for update in (
        "DELETE WHERE { ?s ?p ?o }",
        "INSERT DATA { <urn:a> <urn:b> <urn:c> }",
        "LOAD <http://127.0.0.1:1/x.ttl>",
    ):
        response = web_client.post("/sparql", data={"query": update})
        assert response.status_code == 400, update
        assert "read-only" in response.json()["error"]


def test_defect1_updates_with_the_token(tmp_path, target):
    url, hits = target
    app = create_app(Settings(data_dir=tmp_path, update_token=TOKEN, query_workers=1))
    auth = {"authorization": f"Bearer {TOKEN}"}
    with TestClient(app) as client:
        ok = client.post(
            "/sparql", data={"update": "INSERT DATA { <urn:x:s> <urn:x:p> 1 }"}, headers=auth
        )
        assert ok.status_code == 204, ok.text
        asked = client.post("/sparql", data={"query": "ASK { <urn:x:s> <urn:x:p> 1 }"})
        assert asked.json()["boolean"] is True
        for update in (
            f"LOAD <{url}data.ttl>",
            f"LOAD SILENT <{url}d.ttl> INTO GRAPH <urn:g>",
            f"INSERT {{ ?a ?b ?c }} WHERE {{ SERVICE <{url}> {{ ?a ?b ?c }} }}",
            f"PREFIX : <{url}> DELETE {{ ?a ?b ?c }} WHERE {{ SERVICE:x {{ ?a ?b ?c }} }}",
        ):
            refused = client.post("/sparql", data={"update": update}, headers=auth)
            assert refused.status_code == 400, update
    assert hits == []


def test_defect1_check_update_refuses_network():
    with pytest.raises(ForbiddenOperation, match="LOAD"):
        check_update("LOAD <http://127.0.0.1/x>")


# -- the second wall ---------------------------------------------------------------------------
needs_guard = pytest.mark.skipif(not netguard.available(), reason="seccomp guard is Linux-only")


@needs_guard
def test_defect1_query_threads_cannot_open_network_sockets(built_store, target, monkeypatch):
    """With the check switched off, the engine itself still cannot reach the service."""
    url, hits = target
    monkeypatch.setattr(embedded, "check_query", lambda text: "SELECT")
    with pytest.raises(StoreError, match="query failed"):
        built_store.select(f"SELECT * {{ SERVICE <{url}> {{ ?a ?b ?c }} }}")
    assert hits == []
    # the calling thread keeps its network
    socket.create_connection(("127.0.0.1", int(url.rsplit(":", 1)[1].strip("/")))).close()


@needs_guard
def test_defect1_guard_keeps_unix_sockets():
    box = {}

    def work():
        box["installed"] = netguard.deny_network()
        try:
            socket.socket(socket.AF_INET, socket.SOCK_STREAM)
            box["inet"] = "opened"
        except PermissionError:
            box["inet"] = "refused"
        a, b = socket.socketpair()
        a.close()
        b.close()
        box["unix"] = "opened"

    thread = threading.Thread(target=work)
    thread.start()
    thread.join()
    assert box == {"installed": True, "inet": "refused", "unix": "opened"}
