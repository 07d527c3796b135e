"""/sparql beyond the W3C manifest: network operations refused, formats, service description,
result cap, timeout, size limits, dataset rewriting (unit tests of sparql_text)."""

import csv
import io
import json

import pytest
from fastapi.testclient import TestClient
from rdflib import Graph, Namespace, URIRef
from rdflib.namespace import RDF
from web_fixtures import TOKEN, sparql_rows, web_client  # noqa: F401 - fixture

from policykg.errors import PolicykgError
from policykg.sparql_check import (
    ForbiddenOperation,
    check_update,
    parse_query,
    query_form,
)
from policykg.store import OxigraphStore
from policykg.web.app import create_app
from policykg.web.settings import Settings
from policykg.web.sparql_text import with_dataset, with_limit, with_using

SD = Namespace("http://www.w3.org/ns/sparql-service-description#")
G1, G2 = "http://example.org/g1", "http://example.org/g2"


def post_query(client, query, accept=None, **params):
    headers = {"content-type": "application/sparql-query"}
    if accept:
        headers["accept"] = accept
    return client.post("/sparql", content=query.encode(), headers=headers, params=params)


# -- refusals ---------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "query",
    [
        "SELECT * { SERVICE <http://example.org/sparql> { ?s ?p ?o } }",
        "SELECT * { ?s ?p ?o OPTIONAL { SERVICE SILENT <http://x.example/> { ?s ?q ?r } } }",
        "ASK { { SELECT ?s { SERVICE <http://x.example/> { ?s ?p ?o } } } }",
    ],
)
def test_service_refused(web_client, query):  # noqa: F811
    response = web_client.get("/sparql", params={"query": query})
    assert response.status_code == 400
    assert "SERVICE" in response.json()["error"]


def test_service_word_in_a_literal_is_not_refused(web_client):  # noqa: F811
    response = post_query(web_client, 'SELECT ?x { BIND("SERVICE LOAD <x>" AS ?x) }')
    assert response.status_code == 200
    assert response.json()["results"]["bindings"][0]["x"]["value"] == "SERVICE LOAD <x>"


def test_load_refused_even_with_the_token(tmp_path):
    app = create_app(Settings(data_dir=tmp_path, update_token=TOKEN))
    with TestClient(app) as client:
        response = client.post(
            "/sparql",
            data={"update": "LOAD <http://example.org/data.ttl>"},
            headers={"authorization": f"Bearer {TOKEN}"},
        )
    assert response.status_code == 400
    assert "LOAD" in response.json()["error"]


def test_parse_helpers():
    assert query_form("PREFIX x: <http://x/> CONSTRUCT WHERE { ?s ?p ?o }") == "CONSTRUCT"
    with pytest.raises(ForbiddenOperation):
        check_update("INSERT { ?s ?p ?o } WHERE { SERVICE <http://x/> { ?s ?p ?o } }")
    with pytest.raises(PolicykgError, match="syntax"):
        parse_query("SELECT * WHERE {")
    # a literal "SERVICE" triggers the full parse, which accepts it
    assert query_form('SELECT ("SERVICE" AS ?x) {}') == "SELECT"
    with pytest.raises(ForbiddenOperation):
        query_form("select * { service <http://x/> { ?s ?p ?o } }")


def test_update_without_token_is_403_json(web_client):  # noqa: F811
    response = web_client.post(
        "/sparql", content=b"CLEAR ALL", headers={"content-type": "application/sparql-update"}
    )
    assert response.status_code == 403
    assert response.json()["status"] == 403


# -- formats ----------------------------------------------------------------------------------
ROWS = (
    "SELECT ?class WHERE { ?class a <http://www.w3.org/2002/07/owl#Class> "
    "FILTER(isIRI(?class)) } ORDER BY ?class"
)


def test_select_formats_agree(web_client):  # noqa: F811
    expected = [r["class"] for r in sparql_rows(web_client, ROWS)]
    assert expected
    as_csv = post_query(web_client, ROWS, accept="text/csv")
    assert as_csv.headers["content-type"].startswith("text/csv")
    assert [r["class"] for r in csv.DictReader(io.StringIO(as_csv.text))] == expected
    as_tsv = web_client.get("/sparql", params={"query": ROWS, "format": "tsv"})
    assert as_tsv.headers["content-type"].startswith("text/tab-separated-values")
    assert [line.strip("<>") for line in as_tsv.text.splitlines()[1:]] == expected
    as_xml = post_query(web_client, ROWS, accept="application/sparql-results+xml")
    assert as_xml.headers["content-type"].startswith("application/sparql-results+xml")
    assert as_xml.text.count("<result>") == len(expected)


@pytest.mark.parametrize(
    "accept,fmt",
    [
        ("text/turtle", "turtle"),
        ("application/n-triples", "nt"),
        ("application/ld+json", "json-ld"),
    ],
)
def test_construct_formats(web_client, accept, fmt):  # noqa: F811
    query = (
        "CONSTRUCT { ?c a <http://www.w3.org/2002/07/owl#Class> } "
        "WHERE { ?c a <http://www.w3.org/2002/07/owl#Class> FILTER(isIRI(?c)) }"
    )
    response = post_query(web_client, query, accept=accept)
    assert response.status_code == 200
    assert response.headers["content-type"].startswith(accept)
    graph = Graph().parse(data=response.content, format=fmt)
    classes = {r["class"] for r in sparql_rows(web_client, ROWS)}
    assert {str(s) for s in graph.subjects()} == classes


def test_unacceptable_format_is_406(web_client):  # noqa: F811
    response = post_query(web_client, "SELECT * {}", accept="text/turtle")
    assert response.status_code == 406


def test_service_description(web_client):  # noqa: F811
    response = web_client.get("/sparql", headers={"accept": "text/turtle"})
    assert response.status_code == 200
    g = Graph().parse(data=response.text, format="turtle")
    service = next(g.subjects(RDF.type, SD.Service))
    assert g.value(service, SD.endpoint) == URIRef("http://testserver/sparql")
    assert (service, SD.supportedLanguage, SD.SPARQL11Query) in g
    assert (service, SD.supportedLanguage, SD.SPARQL11Update) not in g  # read-only


def test_browser_without_query_goes_to_the_query_page(web_client):  # noqa: F811
    response = web_client.get(
        "/sparql", headers={"accept": "text/html,*/*;q=0.8"}, follow_redirects=False
    )
    assert response.status_code == 303
    assert response.headers["location"] == "/query"


# -- limits -----------------------------------------------------------------------------------
@pytest.fixture
def limited_client(built_store_dir):
    # the timeout only needs to be far below the slow query's run time (hours), and far above
    # ASK {} even on a busy CI machine
    settings = Settings(
        data_dir=built_store_dir,
        max_rows=3,
        query_timeout=1.0,
        max_query_bytes=2000,
        query_workers=2,
    )
    with TestClient(create_app(settings)) as client:
        yield client


def test_results_are_capped(limited_client):
    response = post_query(limited_client, "SELECT ?s ?p ?o { ?s ?p ?o }")
    assert len(response.json()["results"]["bindings"]) == 3
    assert response.headers["x-result-cap"] == "3"
    smaller = post_query(limited_client, "SELECT ?s { ?s ?p ?o } LIMIT 2")
    assert len(smaller.json()["results"]["bindings"]) == 2


def test_timeout_is_503_json_and_the_server_keeps_answering(limited_client):
    slow = (
        "SELECT (COUNT(*) AS ?n) { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i "
        "FILTER(STR(?c) < STR(?f) && STR(?f) < STR(?i)) }"
    )
    response = post_query(limited_client, slow)
    assert response.status_code == 503
    assert "timed out" in response.json()["error"]
    # the query's worker process was killed (a thread could not have been stopped)
    assert limited_client.app.state.runtime.pool.killed == 1
    assert post_query(limited_client, "ASK {}").json()["boolean"] is True


def test_oversized_query_is_413(limited_client):
    response = post_query(limited_client, "ASK {}" + " " * 3000)
    assert response.status_code == 413


def test_two_queries_in_one_request_is_400(web_client):  # noqa: F811
    response = web_client.post("/sparql", data={"query": "ASK {}", "update": "CLEAR ALL"})
    assert response.status_code == 400


# -- dataset ----------------------------------------------------------------------------------
@pytest.fixture
def two_graph_client(tmp_path):
    store = OxigraphStore(tmp_path)
    store.replace_graphs(
        {
            G1: b'<http://example.org/a> <http://example.org/p> "1" .\n',
            G2: b'<http://example.org/b> <http://example.org/p> "2" .\n',
        }
    )
    store.close()
    with TestClient(create_app(Settings(data_dir=tmp_path, query_workers=1))) as client:
        yield client


def test_named_graph_uri_restricts_graph_patterns(two_graph_client):
    query = "SELECT ?g { GRAPH ?g { ?s ?p ?o } }"
    everything = post_query(two_graph_client, query).json()["results"]["bindings"]
    assert {b["g"]["value"] for b in everything} == {G1, G2}
    only = post_query(two_graph_client, query, **{"named-graph-uri": G2})
    assert [b["g"]["value"] for b in only.json()["results"]["bindings"]] == [G2]


def test_default_graph_uri_restricts_the_default_graph(two_graph_client):
    response = post_query(
        two_graph_client, "ASK { <http://example.org/b> ?p ?o }", **{"default-graph-uri": G1}
    )
    assert response.json()["boolean"] is False


# -- rewriting (unit) -------------------------------------------------------------------------
def test_with_dataset_replaces_from_clauses_and_skips_strings_and_templates():
    query = (
        "PREFIX ex: <http://ex/> # FROM <http://comment/> {\n"
        'CONSTRUCT { ?s ex:p "FROM { x" } FROM <http://old/> FROM NAMED ex:g '
        "WHERE { ?s ?p ?o }"
    )
    out = with_dataset(query, [G1], [G2])
    assert "<http://old/>" not in out and "ex:g" not in out.split("#")[1].split("WHERE")[0]
    assert f"FROM <{G1}>" in out and f"FROM NAMED <{G2}>" in out
    assert out.index(f"FROM <{G1}>") > out.index('"FROM { x"')
    assert out.index(f"FROM <{G1}>") < out.index("WHERE")
    assert "# FROM <http://comment/> {" in out
    parse_query(out)  # still parses


def test_with_dataset_select_without_where_keyword():
    out = with_dataset("SELECT (1 AS ?v) {}", [G1], [])
    assert out.replace("\n", " ").split() == ["SELECT", "(1", "AS", "?v)", "FROM", f"<{G1}>", "{}"]


def test_with_limit_before_trailing_values_and_lowering():
    out = with_limit("SELECT ?x { ?x ?p ?o } VALUES ?x { <http://a> }", 5)
    assert out.index("LIMIT 5") < out.index("VALUES")
    parse_query(out)
    assert "LIMIT 5" in with_limit("SELECT * { { SELECT * {} LIMIT 100 } } LIMIT 900", 5)
    assert "LIMIT 100" in with_limit("SELECT * { { SELECT * {} LIMIT 100 } } LIMIT 900", 5)
    assert with_limit("SELECT * {} LIMIT 2", 5) == "SELECT * {} LIMIT 2"


def test_with_using_inserts_before_where_and_detects_conflicts():
    out = with_using(
        "INSERT DATA { <a> <b> <c> } ; DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }", [G1], []
    )
    assert out.index(f"USING <{G1}>") > out.index("DELETE")
    assert out.count("USING") == 1
    with pytest.raises(PolicykgError, match="conflict"):
        with_using("WITH <http://g> DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }", [G1], [])


def test_json_error_never_has_a_traceback(web_client):  # noqa: F811
    response = web_client.get("/sparql", params={"query": "SELECT * WHERE { ?s ?p"})
    assert response.status_code == 400
    body = json.loads(response.text)
    assert "Traceback" not in response.text and set(body) == {"error", "status"}


def test_cached_results_follow_a_store_rebuilt_by_another_process(tmp_path):
    """Results are cached, but a write to the store from elsewhere (policykg build while the
    server runs) is seen at the next request."""
    store = OxigraphStore(tmp_path)
    store.replace_graphs({G1: b'<http://example.org/a> <http://example.org/p> "1" .\n'})
    count = "SELECT (COUNT(*) AS ?n) { GRAPH ?g { ?s ?p ?o } }"
    with TestClient(create_app(Settings(data_dir=tmp_path, query_workers=1))) as client:

        def n() -> int:
            return int(post_query(client, count).json()["results"]["bindings"][0]["n"]["value"])

        assert n() == 1 and n() == 1
        store.replace_graphs({G2: b'<http://example.org/b> <http://example.org/p> "2" .\n'})
        assert n() == 2
    store.close()


def test_update_on_the_embedded_store(tmp_path):
    """With the token, an update reaches the store if it can take one; the embedded store
    offers no SPARQL Update yet (store.py), which is a clear 501, not a 500."""
    app = create_app(Settings(data_dir=tmp_path, update_token=TOKEN, query_workers=1))
    with TestClient(app) as client:
        response = client.post(
            "/sparql", data={"update": "CLEAR ALL"}, headers={"authorization": f"Bearer {TOKEN}"}
        )
    expected = 204 if hasattr(OxigraphStore, "update") else 501
    assert response.status_code == expected


def test_project_prefixes_need_no_prefix_lines(web_client):  # noqa: F811
    rows = sparql_rows(web_client, "SELECT (COUNT(*) AS ?n) WHERE { ?d a pkg:Plan ; "
                                   "pkg:documentNumber ?x }")
    declared = sparql_rows(web_client, "PREFIX pkg: <https://w3id.org/policykg/ontology#>\n"
                                       "SELECT (COUNT(*) AS ?n) WHERE { ?d a pkg:Plan ; "
                                       "pkg:documentNumber ?x }")
    assert rows == declared and int(rows[0]["n"]) > 0
    unknown = web_client.post("/sparql", data={"query": "SELECT * WHERE { ?s nope:x ?o }"})
    assert unknown.status_code == 400
