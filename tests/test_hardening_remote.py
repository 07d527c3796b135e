"""Issue 10, defects 4 and 5, against a real `oxigraph serve`: SPARQL injection through
`--graph` (and other IRI arguments) is refused before any request, and staging graphs left by a
load that died are dropped by the next write."""

import httpx
import pytest
from test_cli import assert_one_line_error
from test_remote_store import run

from policykg.errors import PolicykgError, StoreError
from policykg.iri import absolute_iri, http_url
from policykg.store import STAGING_PREFIX, RemoteStore
from policykg.web.sparql_text import with_dataset

LINKS = "https://w3id.org/policykg/graph/links"


def graph_sizes(endpoint: str) -> dict[str, int]:
    with RemoteStore(endpoint) as store:
        return store.graph_counts()


@pytest.fixture
def links_loaded(oxigraph_endpoint, tmp_path):
    data = tmp_path / "links.ttl"
    data.write_text("<urn:x:a> <urn:x:concretises> <urn:x:b> .\n", encoding="utf-8")
    loaded = run("load", data, "--endpoint", oxigraph_endpoint, "--graph", LINKS)
    assert loaded.returncode == 0, loaded.stderr
    return oxigraph_endpoint, data


@pytest.mark.parametrize(
    "graph",
    [
        f"urn:x:a> ; DROP GRAPH <{LINKS}",
        f"urn:x:a>}} ; DROP GRAPH <{LINKS}> ; INSERT DATA {{ GRAPH <urn:x:b",
        "urn:x:with space",
        "no-scheme",
        "",
    ],
)
def test_defect4_graph_injection_is_refused_and_links_survive(links_loaded, graph):
    endpoint, data = links_loaded
    before = graph_sizes(endpoint)
    assert before[LINKS] == 1
    result = run("load", data, "--endpoint", endpoint, "--graph", graph)
    assert_one_line_error(result, "--graph")
    assert graph_sizes(endpoint) == before


def test_defect4_every_iri_argument_is_checked(oxigraph_endpoint):
    for bad in ("http://127.0.0.1:1/query> ", "ftp://host/query", "http:///query", 'http://h/q"{'):
        with pytest.raises(PolicykgError):
            RemoteStore(bad)
    with pytest.raises(PolicykgError, match="update endpoint"):
        RemoteStore(oxigraph_endpoint, update_endpoint="http://h/u> ; DROP ALL")
    with RemoteStore(oxigraph_endpoint) as store, pytest.raises(PolicykgError, match="graph"):
        store.replace_graphs({f"urn:x:g> ; DROP GRAPH <{LINKS}": b""})
    with pytest.raises(PolicykgError, match="graph IRI"):
        with_dataset("SELECT * { ?s ?p ?o }", [f"urn:x:g> <{LINKS}"], [])
    with pytest.raises(PolicykgError):
        with_dataset("SELECT * { ?s ?p ?o }", [], ["relative/graph"])
    assert absolute_iri("urn:policykg:x") == "urn:policykg:x"
    assert http_url(oxigraph_endpoint) == oxigraph_endpoint


def test_defect4_endpoint_injection_on_the_cli(tmp_path):
    result = run("stats", "--endpoint", "http://127.0.0.1:1/q uery")
    assert_one_line_error(result, "endpoint")


def test_defect4_protocol_dataset_parameters(oxigraph_endpoint):
    """The server's own /sparql refuses a bad default-graph-uri with 400 (web_fixtures'
    TestClient is not needed: with_dataset is where the value meets the SPARQL text)."""
    with pytest.raises(PolicykgError, match="not a valid graph IRI"):
        with_dataset("ASK {}", ["urn:x> } DROP ALL #"], [])


def test_defect5_leftover_staging_graphs_are_dropped_by_the_next_write(links_loaded, tmp_path):
    endpoint, data = links_loaded
    update = endpoint.rsplit("/", 1)[0] + "/update"
    leftover = f"{STAGING_PREFIX}deadbeef0000:0"
    triple = "<urn:x:a> <urn:x:concretises> <urn:x:b>"
    insert = f"INSERT DATA {{ GRAPH <{leftover}> {{ {triple} }} }}"
    response = httpx.post(update, data={"update": insert})
    assert response.status_code == 204, response.text
    assert leftover in graph_sizes(endpoint)
    other = tmp_path / "other.ttl"
    other.write_text("<urn:x:c> <urn:x:p> <urn:x:d> .\n", encoding="utf-8")
    loaded = run("load", other, "--endpoint", endpoint)
    assert loaded.returncode == 0, loaded.stderr
    sizes = graph_sizes(endpoint)
    assert not [g for g in sizes if g.startswith(STAGING_PREFIX)], sizes
    assert sizes[LINKS] == 1  # the union default graph no longer counts the link twice
    with RemoteStore(endpoint) as store:
        rows = store.select("SELECT (COUNT(*) AS ?n) { <urn:x:a> ?p ?o }")
    assert int(rows[0]["n"]) == 1


def test_defect5_a_staging_graph_dropped_mid_load_is_not_published(
    oxigraph_endpoint, tmp_path, monkeypatch
):
    """Another writer's clean-up dropping our staging graph mid-load: the load fails instead of
    publishing a partial graph, and the live graph stays."""
    first = tmp_path / "first.ttl"
    first.write_text("<urn:x:a> <urn:x:p> 1 .\n<urn:x:a> <urn:x:p> 2 .\n", encoding="utf-8")
    with RemoteStore(oxigraph_endpoint) as store:
        store.replace_graphs({LINKS: first})
        insert = RemoteStore._insert

        def insert_then_lose_the_graph(self, graph, triples):
            insert(self, graph, triples)
            self._drop_leftover_staging()  # what a concurrent write does at its start

        monkeypatch.setattr(RemoteStore, "_insert", insert_then_lose_the_graph)
        with pytest.raises(StoreError, match="staging graph was dropped"):
            store.replace_graphs({LINKS: b'<urn:x:a> <urn:x:p> "3" .\n'})
        assert store.graph_counts() == {LINKS: 2}
