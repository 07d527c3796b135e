"""The W3C SPARQL 1.1 Protocol tests (../shared/conformance/sparql11-protocol/manifest.ttl)
against /sparql.

Query tests (query_*, bad_query_*, and the other bad_* tests) run against the embedded store
loaded with the manifest's graph data. Update tests run with updates enabled (an update token,
sent as a bearer token) over a store that accepts SPARQL Update: a real Oxigraph server used as
policykg's remote store. Without the token every update is refused with 403."""

import json
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from rdflib import Graph, Namespace, URIRef
from rdflib.collection import Collection
from rdflib.namespace import RDF, RDFS
from web_fixtures import CONFORMANCE, TOKEN, oxigraph_server  # noqa: F401 - fixture

from policykg.store import OxigraphStore, RemoteStore
from policykg.web.app import create_app
from policykg.web.settings import Settings

MF = Namespace("http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#")
HT = Namespace("http://www.w3.org/2011/http#")
CNT = Namespace("http://www.w3.org/2011/content#")
UT = Namespace("http://www.w3.org/2009/sparql/tests/test-update#")
HTS = Namespace("http://www.w3.org/2011/http-statusCodes#")
MANIFEST = CONFORMANCE / "manifest.ttl"

TABULAR = {"application/sparql-results+json", "application/sparql-results+xml", "text/csv",
           "text/tab-separated-values"}
BOOLEAN = {"application/sparql-results+json", "application/sparql-results+xml"}
RDF_TYPES = {"text/turtle": "turtle", "application/n-triples": "nt",
             "application/rdf+xml": "xml", "application/ld+json": "json-ld"}


@dataclass
class HttpRequest:
    method: str
    path: str
    body: str | None
    headers: dict[str, str]
    statuses: set[int]  # acceptable hundreds: {2, 3} or {4}
    fmt: str | None
    boolean: bool | None


@dataclass
class ProtocolTest:
    name: str
    requests: list[HttpRequest]
    graph_data: dict[str, Path] = field(default_factory=dict)

    @property
    def is_update(self) -> bool:
        return self.name.startswith("update_") or "update" in self.name


def _request(g: Graph, node) -> HttpRequest:
    headers = {}
    header_list = g.value(node, HT.headers)
    if header_list is not None:
        for h in Collection(g, header_list):
            headers[str(g.value(h, HT.fieldName))] = str(g.value(h, HT.fieldValue))
    body_node = g.value(node, HT.body)
    body = str(g.value(body_node, CNT.chars)) if body_node is not None else None
    resp = g.value(node, HT.resp)
    codes = g.objects(resp, MF.expectedStatus)
    statuses = {int(str(s).rsplit("StatusCode", 1)[1][0]) for s in codes}
    fmt = g.value(resp, MF.expectedFormat)
    boolean = g.value(resp, MF.expectedBoolean)
    return HttpRequest(
        method=str(g.value(node, HT.methodName)),
        path="/sparql" + str(g.value(node, HT.absolutePath))[len("/sparql/"):],
        body=body, headers=headers, statuses=statuses,
        fmt=str(fmt) if fmt is not None else None,
        boolean=boolean.toPython() if boolean is not None else None,
    )


def load_manifest() -> list[ProtocolTest]:
    g = Graph().parse(MANIFEST, format="turtle")
    manifest = next(g.subjects(RDF.type, MF.Manifest))
    tests = []
    for entry in Collection(g, g.value(manifest, MF.entries)):
        action = g.value(entry, MF.action)
        requests = [_request(g, r) for r in Collection(g, g.value(action, HT.requests))]
        data = {str(g.value(d, RDFS.label)): CONFORMANCE / Path(str(g.value(d, UT.graph))).name
                for d in g.objects(entry, UT.graphData)}
        name = str(entry).rsplit("#", 1)[1]
        tests.append(ProtocolTest(name, requests, data))
    return tests


TESTS = load_manifest() if MANIFEST.exists() else []
QUERY_TESTS = [t for t in TESTS if not t.name.startswith("update_")
               and t.name not in ("bad_update_dataset_conflict",)]
UPDATE_TESTS = [t for t in TESTS if t.name.startswith("update_")
                or t.name == "bad_update_dataset_conflict"]


def test_manifest_read():
    """Guard against silently running nothing: the manifest has its 34 entries."""
    assert len(TESTS) == 34
    assert any(t.name == "query_post_form" for t in QUERY_TESTS)
    assert len(UPDATE_TESTS) == 8


def send(client: TestClient, req: HttpRequest, extra: dict[str, str] | None = None):
    headers = {**req.headers, **(extra or {})}
    content = req.body.encode("utf-8") if req.body is not None else None
    if content is not None and "content-type" not in {k.lower() for k in headers}:
        # the test means "no media type": keep httpx from adding one
        headers["content-type"] = ""
    return client.request(req.method, req.path, content=content, headers=headers)


def check_response(req: HttpRequest, response) -> None:
    assert response.status_code // 100 in req.statuses, (response.status_code, response.text)
    media = response.headers.get("content-type", "").split(";")[0].strip()
    if req.fmt == "tabular":
        assert media in TABULAR
    elif req.fmt == "boolean":
        assert media in BOOLEAN
        if req.boolean is not None:
            assert parse_boolean(media, response.content) is req.boolean
    elif req.fmt == "RDF":
        assert media in RDF_TYPES
        Graph().parse(data=response.content, format=RDF_TYPES[media])
    if 4 in req.statuses:
        assert response.headers["content-type"].startswith("application/json")
        assert "error" in response.json()


def parse_boolean(media: str, body: bytes) -> bool:
    if media == "application/sparql-results+json":
        return json.loads(body)["boolean"]
    root = ET.fromstring(body)
    node = root.find("{http://www.w3.org/2005/sparql-results#}boolean")
    return node.text.strip() == "true"


def load_graphs(store, graph_data: dict[str, Path]) -> None:
    if graph_data:
        store.replace_graphs({URIRef(iri): path for iri, path in graph_data.items()})


@pytest.fixture(scope="module")
def query_client(tmp_path_factory):
    data_dir = tmp_path_factory.mktemp("protocol")
    store = OxigraphStore(data_dir)
    merged = {}
    for t in QUERY_TESTS:
        merged.update(t.graph_data)
    load_graphs(store, merged)
    store.close()
    with TestClient(create_app(Settings(data_dir=data_dir, update_token=None,
                                                 query_workers=2))) as client:
        yield client


@pytest.mark.parametrize("test", QUERY_TESTS, ids=lambda t: t.name)
def test_query_protocol(query_client, test):
    for req in test.requests:
        check_response(req, send(query_client, req))


@pytest.fixture
def update_client(oxigraph_server):  # noqa: F811 - the imported fixture
    store = RemoteStore(f"{oxigraph_server}/query", f"{oxigraph_server}/update")
    settings = Settings(endpoint=f"{oxigraph_server}/query", update_token=TOKEN)
    with TestClient(create_app(settings, store=store)) as client:
        yield client, store
    store.close()


@pytest.mark.parametrize("test", UPDATE_TESTS, ids=lambda t: t.name)
def test_update_protocol_with_token(update_client, test):
    client, store = update_client
    load_graphs(store, test.graph_data)
    for req in test.requests:
        check_response(req, send(client, req, {"Authorization": f"Bearer {TOKEN}"}))


@pytest.mark.parametrize("test", [t for t in UPDATE_TESTS if 4 not in t.requests[0].statuses],
                         ids=lambda t: t.name)
def test_updates_refused_without_token(query_client, test):
    response = send(query_client, test.requests[0])
    assert response.status_code == 403
    assert "read-only" in response.json()["error"]


def test_update_with_wrong_token_refused(update_client):
    client, _ = update_client
    response = client.post("/sparql", content=b"CLEAR ALL",
                           headers={"content-type": "application/sparql-update",
                                    "authorization": "Bearer not-the-token"})
    assert response.status_code == 403
    assert "Bearer" in response.json()["error"]
