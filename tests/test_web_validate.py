"""/validate: uploads checked before parsing, reports in five formats, the store never changed
by validation, and adding a plan only with the token and without violations (atomically)."""

import csv
import io
import json
import re
import shutil

import pytest
from fastapi.testclient import TestClient
from rdflib import Graph, Namespace
from rdflib.namespace import RDF
from web_fixtures import TOKEN, web_client  # noqa: F401 - fixture

from policykg.resources import sources_dir
from policykg.store import OxigraphStore
from policykg.web.app import create_app
from policykg.web.settings import Settings

SH = Namespace("http://www.w3.org/ns/shacl#")
PLANS = sources_dir().parent.parent / "tests" / "fixtures" / "plans"


def plan(name: str) -> tuple[str, bytes]:
    path = PLANS / name
    return path.name, path.read_bytes()


def upload(client, name, data, fmt=None, **headers):
    params = {"format": fmt} if fmt else {}
    return client.post("/validate", files={"file": (name, data)}, params=params,
                       headers=headers)


def store_size(client) -> int:
    response = client.post("/sparql", data={
        "query": "SELECT (COUNT(*) AS ?n) { GRAPH ?g { ?s ?p ?o } }"})
    return int(response.json()["results"]["bindings"][0]["n"]["value"])


@pytest.fixture(scope="module")
def seed_report(web_client):  # noqa: F811
    """Seed 000 (the Lâm Đồng plan) validated once: ingest + SHACL take seconds."""
    source = next(sources_dir().glob("000_*.txt"))
    before = store_size(web_client)
    response = upload(web_client, source.name, source.read_bytes())
    return response, before


def test_seed_report_html_grouped_by_severity_with_linked_passages(
        web_client, seed_report):  # noqa: F811
    response, before = seed_report
    assert response.status_code == 200
    html = response.text
    assert 'id="verdict"' in html
    sections = [s for s in ("violation", "warning", "info") if f'id="{s}"' in html]
    assert sections, "no severity section in the report"
    anchors = set(re.findall(r'href="#(passage-\d+)"', html))
    assert anchors
    for anchor in anchors:
        assert f'id="{anchor}"' in html
    assert "<mark>" in html
    assert store_size(web_client) == before  # validation never writes


def test_report_formats(web_client):  # noqa: F811
    name, data = plan("unowned.ttl")
    as_json = upload(web_client, name, data, fmt="json")
    report = json.loads(as_json.text)
    assert as_json.headers["content-type"].startswith("application/json")
    assert report["conforms"] is False and report["counts"]["Violation"] >= 1
    as_turtle = upload(web_client, name, data, accept="text/turtle")
    g = Graph().parse(data=as_turtle.text, format="turtle")
    assert (None, RDF.type, SH.ValidationReport) in g
    violations = list(g.subjects(SH.resultSeverity, SH.Violation))
    assert len(violations) == report["counts"]["Violation"]
    as_text = upload(web_client, name, data, fmt="text")
    assert as_text.headers["content-type"].startswith("text/plain")
    assert as_text.text.startswith("Chưa đạt yêu cầu")  # the request's language, Vietnamese
    english = web_client.post("/validate", files={"file": (name, data)},
                              params={"format": "text", "lang": "en"})
    assert english.text.startswith("Does not conform")
    as_csv = upload(web_client, name, data, fmt="csv")
    assert as_csv.headers["content-type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(as_csv.content.decode("utf-8-sig"))))
    assert rows[0][:2] == ["Mức độ", "Nội dung"]
    assert [r[0] for r in rows[1:]].count("Vi phạm") == report["counts"]["Violation"]


def test_uploaded_text_is_escaped(web_client):  # noqa: F811
    name, data = plan("unowned.ttl")
    hostile = data.replace("Rà soát".encode(), b"<script>alert(1)</script> R\xc3\xa0 so\xc3\xa1t")
    html = upload(web_client, name, hostile, fmt="html").text
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


@pytest.fixture
def small_limit_client(built_store_dir):
    settings = Settings(data_dir=built_store_dir, query_workers=1)
    settings.max_upload = 1000
    with TestClient(create_app(settings)) as client:
        yield client


def test_too_large_is_413_before_parsing(small_limit_client):
    # not even valid RDF: the size is refused before anything parses it
    response = upload(small_limit_client, "big.ttl", b"x" * 1001)
    assert response.status_code == 413
    assert "error" in response.json()
    stream = small_limit_client.post("/validate", content=b"y" * 200_000,
                                     headers={"content-type": "multipart/form-data; boundary=b"})
    assert stream.status_code == 413


@pytest.mark.parametrize("name,data,status", [
    ("plan.exe", b"MZ\x90\x00", 415),
    ("noext", b"hello", 415),
    ("plan.ttl", b"@prefix broken", 400),
    ("plan.jsonld", b"{not json", 400),
    ("plan.docx", b"not a zip at all", 400),
    ("plan.pdf", b"%PDF-1.4 garbage", 400),
    ("plan.txt", b"", 400),
])
def test_bad_uploads_are_4xx_json(web_client, name, data, status):  # noqa: F811
    response = upload(web_client, name, data)
    assert response.status_code == status, response.text
    assert "error" in response.json() and "Traceback" not in response.text


def test_not_multipart_is_415(web_client):  # noqa: F811
    response = web_client.post("/validate", content=b"plain",
                               headers={"content-type": "text/plain"})
    assert response.status_code == 415


@pytest.fixture
def writable(built_store_dir, tmp_path):
    """An app with the update token over a private copy of the built store."""
    data = tmp_path / "store"
    shutil.copytree(built_store_dir, data)
    settings = Settings(data_dir=data, update_token=TOKEN, query_workers=1)
    with TestClient(create_app(settings)) as client:
        yield client, data


def test_add_needs_the_token(writable):
    client, _ = writable
    name, data = plan("conforming.ttl")
    response = client.post("/validate/add", files={"file": (name, data)})
    assert response.status_code == 403


def test_add_refuses_a_plan_with_violations_and_writes_nothing(writable):
    client, data_dir = writable
    before = OxigraphStore(data_dir).count()
    name, data = plan("unowned.ttl")
    response = client.post("/validate/add", files={"file": (name, data)},
                           headers={"authorization": f"Bearer {TOKEN}"})
    assert response.status_code == 409
    assert OxigraphStore(data_dir).count() == before


def test_add_a_conforming_plan(writable):
    client, data_dir = writable
    name, data = plan("conforming.ttl")
    submitted = len(Graph().parse(data=data, format="turtle"))
    before = OxigraphStore(data_dir).count()
    response = client.post("/validate/add", files={"file": (name, data)},
                           headers={"authorization": f"Bearer {TOKEN}"})
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["added"] == submitted
    after = OxigraphStore(data_dir).count()
    assert after == body["storeTriples"] and before < after <= before + submitted
    # the home page's caches see the new document
    doc = next(Graph().parse(data=data, format="turtle").subjects(
        Namespace("https://w3id.org/policykg/ontology#").documentNumber, None))
    assert str(doc) in client.get("/api/search", params={"q": str(doc)}).text


def test_as_of_written_the_vietnamese_way(web_client):  # noqa: F811
    name, data = plan("unowned.ttl")
    response = web_client.post("/validate", files={"file": (name, data)},
                               data={"as_of": "1/7/2025"}, params={"format": "json"})
    assert response.status_code == 200, response.text
    assert json.loads(response.text)["asOf"] == "2025-07-01"
    bad = web_client.post("/validate", files={"file": (name, data)},
                          data={"as_of": "31/02/2025"}, params={"format": "json"})
    assert bad.status_code == 400
