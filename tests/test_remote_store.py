"""The remote back end against a real `oxigraph serve` process on a loopback port: build,
query and validate through SPARQL 1.1 Protocol, atomic loads, unreachable endpoints."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
import rdflib
from conftest import free_port
from rdflib import BNode, Literal, URIRef

from policykg import build
from policykg.errors import PolicykgError, StoreError
from policykg.store import OxigraphStore, RemoteStore, open_store
from policykg.validate import validate_files

EXE = str(Path(sys.executable).parent / "policykg")
PLANS = Path(__file__).parent / "fixtures" / "plans"
G = "http://example.org/graph/remote"


def run(*args):
    env = {k: v for k, v in os.environ.items() if not k.startswith("POLICYKG_")}
    env["POLICYKG_DATA"] = "/nonexistent-policykg-data"
    return subprocess.run([EXE, *map(str, args)], capture_output=True, text=True, env=env,
                          timeout=300)


@pytest.fixture
def remote(oxigraph_endpoint):
    store = open_store(endpoint=oxigraph_endpoint)
    assert isinstance(store, RemoteStore)
    assert store.update_endpoint.endswith("/update")
    yield store
    store.close()


def test_build_query_and_validate_through_the_server(oxigraph_endpoint, built_store):
    built = run("build", "--no-ingest", "--endpoint", oxigraph_endpoint)
    assert built.returncode == 0, built.stderr
    remote = RemoteStore(oxigraph_endpoint)
    # the server holds what the embedded build holds, graph by graph
    assert remote.graph_counts() == built_store.graph_counts()
    stats = run("stats", "--json", "--endpoint", oxigraph_endpoint)
    assert json.loads(stats.stdout)["counts"]["obligations"] > 0
    sparql = ("PREFIX pkg: <https://w3id.org/policykg/ontology#> "
              "SELECT (COUNT(?o) AS ?n) WHERE { ?o pkg:statedIn ?d }")
    assert remote.select(sparql) == built_store.select(sparql)  # union default graph
    query = run("query", sparql, "-f", "csv", "--endpoint", oxigraph_endpoint)
    assert query.returncode == 0 and query.stdout.splitlines()[0] == "n"
    unowned = run("validate", PLANS / "unowned.ttl", "--endpoint", oxigraph_endpoint)
    assert unowned.returncode == 1, unowned.stderr
    assert "id:doc/7-kh-tu/o/ii-2" in unowned.stdout
    conforming = run("validate", PLANS / "conforming.ttl", "--endpoint", oxigraph_endpoint)
    assert conforming.returncode == 0, conforming.stdout + conforming.stderr
    remote.close()


def test_validate_uses_the_remote_store_as_context(remote):
    build.load(remote)
    report = validate_files([PLANS / "unowned.ttl"], store=remote)
    assert not report.notes  # the store answered
    assert [r.section for r in report.results if r.severity == "Violation"] == ["II.2"]


def test_round_trip_with_blank_nodes_and_chunks(remote):
    g = rdflib.Graph()
    plan = URIRef("http://example.org/plan")
    for i in range(50):  # blank-node structures across several INSERT DATA requests
        node = BNode()
        g.add((plan, URIRef("http://example.org/item"), node))
        g.add((node, URIRef("http://example.org/n"), Literal(i)))
        g.add((node, URIRef("http://example.org/label"), Literal(f"mục {i}", lang="vi")))
    remote.CHUNK = 7
    remote.replace_graphs({G: g})
    rows = remote.select("SELECT ?n ?label WHERE { <http://example.org/plan> "
                         "<http://example.org/item> [ <http://example.org/n> ?n ; "
                         "<http://example.org/label> ?label ] } ORDER BY ?n")
    assert len(rows) == 50
    assert rows[3] == {"n": Literal(3), "label": Literal("mục 3", lang="vi")}


def test_failed_remote_load_leaves_graph_whole(remote, tmp_path):
    good = tmp_path / "good.ttl"
    good.write_text('<http://e/a> <http://e/b> "kept" .\n', encoding="utf-8")
    bad = tmp_path / "bad.ttl"
    bad.write_text("<http://e/a> <http://e/b> .\n", encoding="utf-8")
    remote.replace_graphs({G: good})
    with pytest.raises(PolicykgError, match="bad.ttl"):
        remote.replace_graphs({G: [good, bad]})
    with pytest.raises(PolicykgError):
        remote.add([bad], graph=G)
    assert remote.graph_counts() == {G: 1}
    assert remote.ask('ASK { <http://e/a> <http://e/b> "kept" }')
    # no staging graph was left behind
    assert not remote.ask("ASK { GRAPH ?g { ?s ?p ?o } FILTER STRSTARTS(STR(?g), 'urn:policykg') }")


def test_replace_and_add(remote, tmp_path):
    one = tmp_path / "one.ttl"
    one.write_text('<http://e/a> <http://e/b> "1" .\n', encoding="utf-8")
    two = tmp_path / "two.nt"
    two.write_text('<http://e/a> <http://e/b> "2" .\n', encoding="utf-8")
    remote.replace_graphs({G: one})
    remote.add([two], graph=G)
    assert remote.graph_counts() == {G: 2}
    remote.add([two], graph=G, replace=True)
    assert remote.graph_counts() == {G: 1}


def test_result_formats_from_the_server(remote, tmp_path):
    one = tmp_path / "one.ttl"
    one.write_text('<http://e/a> <http://e/b> "Sở Y tế"@vi .\n', encoding="utf-8")
    remote.replace_graphs({G: one})
    body, media = remote.query_raw("SELECT ?o WHERE { ?s ?p ?o }", "text/csv")
    assert media == "text/csv" and body.decode().splitlines() == ["o", "Sở Y tế"]
    body, media = remote.query_raw("CONSTRUCT WHERE { ?s ?p ?o }", "application/n-triples")
    assert '"Sở Y tế"@vi' in body.decode()
    assert len(remote.construct("CONSTRUCT WHERE { ?s ?p ?o }")) == 1
    with pytest.raises(PolicykgError, match="read-only"):
        remote.select("SELECT * WHERE { SERVICE <http://e/sparql> { ?s ?p ?o } }")


def test_unreachable_endpoint_is_a_store_error():
    store = RemoteStore(f"http://127.0.0.1:{free_port()}/query", timeout=5)
    with pytest.raises(StoreError, match="cannot reach SPARQL endpoint"):
        store.count()
    result = run("build", "--no-ingest", "--endpoint", store.endpoint)
    assert result.returncode == 2 and "không kết nối được" in result.stderr  # unless --lang en
    assert "Traceback" not in result.stderr




def test_remote_and_embedded_hold_the_same_triples(remote, tmp_path):
    """Literals go to the server as Oxigraph parsed them (no rdflib re-normalisation)."""
    path = tmp_path / "lex.ttl"
    path.write_text(
        '@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .\n'
        '<http://e/a> <http://e/p> "01"^^xsd:integer, "1"^^xsd:integer, "1.50"^^xsd:decimal, '
        '"2025-07-01T00:00:00"^^xsd:dateTime, "2025"^^xsd:gYear, "--12-10"^^xsd:gMonthDay, '
        '"Sở Y tế"@vi, "Sở Y tế", "1"^^xsd:boolean, "true"^^xsd:boolean .\n',
        encoding="utf-8")
    remote.replace_graphs({G: path})
    embedded = OxigraphStore(tmp_path / "embedded")
    embedded.replace_graphs({G: path})
    query = "SELECT ?o WHERE { ?s ?p ?o } ORDER BY STR(?o)"
    assert remote.graph_counts() == embedded.graph_counts()
    assert remote.select(query) == embedded.select(query)
