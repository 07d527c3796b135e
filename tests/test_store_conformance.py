"""One contract, every back end: the same tests on the embedded store on disk, the embedded
store in memory mode, a real `oxigraph serve` and a real Virtuoso (Debian's
virtuoso-opensource-7), each started here on loopback and stopped after. Answers are compared
with the embedded store's (the `built_store` fixture), so back ends agree with each other.

Each back end is built once per module (`policykg build --no-ingest`'s load); tests that write
use graphs of their own under CONFORMANCE and drop them after."""

import csv
import io
import json
import time
import uuid
from datetime import date
from pathlib import Path

import pytest
import rdflib
from conftest import SERVERS, oxigraph_process, virtuoso_process
from fastapi.testclient import TestClient

from policykg import build
from policykg.errors import PolicykgError, StoreError
from policykg.queries import list_queries
from policykg.settings import Settings
from policykg.sparql_check import query_form
from policykg.store import STAGING_PREFIX, OxigraphStore, RemoteStore, Store
from policykg.store.closure import CLOSURE_GRAPH, CONCRETISES, TRANSITIVE
from policykg.trace import trace
from policykg.validate import validate_files
from policykg.web.app import create_app

PLANS = Path(__file__).parent / "fixtures" / "plans"
CONFORMANCE = "http://example.org/conformance/"
BACKENDS = ["embedded", "memory", "oxigraph-server", "virtuoso"]
SERVER_TIMEOUT = 20  # oxigraph serve --timeout-s: well above any query of this suite
TRACE_QUERY = "cơ sở dữ liệu về trẻ em"


@pytest.fixture(scope="module", params=BACKENDS)
def backend(request, tmp_path_factory):
    """(name, store) with the repository's graph loaded; the server processes live for the
    module."""
    name = request.param
    directory = tmp_path_factory.mktemp(name)
    if name in ("embedded", "memory"):
        store = OxigraphStore(directory / "store", memory=name == "memory")
        build.load(store)
        yield name, store
        store.close()
        return
    # the Oxigraph server stops a query after --timeout-s (a server-wide setting); Virtuoso
    # takes each query's timeout from the request
    starter = (lambda d: oxigraph_process(d, timeout_s=SERVER_TIMEOUT)) \
        if name == "oxigraph-server" else virtuoso_process
    with starter(directory / "server") as url:
        endpoint = f"{url}/query" if name == "oxigraph-server" else url
        store = RemoteStore(endpoint, timeout=120)
        build.load(store)
        yield name, store
        store.close()


@pytest.fixture
def store(backend) -> Store:
    return backend[1]


@pytest.fixture
def graph(store):
    """A graph name of this test's own, dropped after."""
    name = f"{CONFORMANCE}{uuid.uuid4().hex[:8]}"
    yield name
    store.update(f"DROP SILENT GRAPH <{name}>")


def _value(term) -> str:
    """A term's string; GROUP_CONCAT's order is not defined by SPARQL, so lists joined by the
    named queries ("; ", " | ", ", ") compare as sorted lists."""
    text = str(term)
    for separator in ("; ", " | ", ", "):
        if separator in text:
            return separator.join(sorted(text.split(separator)))
    return text


def _rows(rows: list[dict]) -> list[tuple]:
    return sorted(tuple(sorted((k, _value(v)) for k, v in row.items())) for row in rows)


def _write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


# -- build and the union default graph ---------------------------------------------------------
def test_build_holds_every_graph_and_the_union_default_graph(store, built_store):
    assert store.graph_counts() == built_store.graph_counts()
    union = store.select("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")
    assert int(union[0]["n"]) == sum(built_store.graph_counts().values())
    assert store.count() == built_store.count()


# -- named queries, trace, validation ---------------------------------------------------------
@pytest.mark.parametrize("query", [q.name for q in list_queries() if q.name != "dissolved-owners"])
def test_named_queries_answer_as_the_embedded_store(store, built_store, query):
    named = next(q for q in list_queries() if q.name == query)
    values = {p.name: "id:doc/28-ct-tw" for p in named.params if not p.optional}
    text = named.bind(values)
    if query_form(text) != "SELECT":
        pytest.skip("not a SELECT")
    assert _rows(store.select(text, timeout=120)) == _rows(built_store.select(text))


def test_trace_follows_the_same_chain(store, built_store):
    when = date(2026, 1, 1)
    got = [step.as_dict() for step in trace(store, TRACE_QUERY, when)]
    assert got and got == [step.as_dict() for step in trace(built_store, TRACE_QUERY, when)]


def test_validate_with_the_store_as_context(store):
    report = validate_files([PLANS / "unowned.ttl"], store=store)
    assert not report.notes  # the store answered
    assert [r.section for r in report.results if r.severity == "Violation"] == ["II.2"]
    assert validate_files([PLANS / "conforming.ttl"], store=store).conforms


# -- atomic writes -------------------------------------------------------------------------------
def _count(store: Store, graph: str) -> int:
    rows = store.select(f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}")
    return int(rows[0]["n"])


def test_replace_and_add_are_atomic(store, graph, tmp_path):
    one = _write(tmp_path / "one.ttl", '<http://e/a> <http://e/b> "1" .\n')
    two = _write(tmp_path / "two.nt", '<http://e/a> <http://e/b> "2" .\n')
    before = store.graph_counts()
    store.replace_graphs({graph: one})
    store.add([two], graph=graph)
    assert _count(store, graph) == 2
    store.add([two], graph=graph, replace=True)
    assert _count(store, graph) == 1
    after = store.graph_counts()
    assert {g: n for g, n in after.items() if g != graph} == before  # others untouched


def test_failure_mid_load_leaves_the_graph_whole(store, graph, tmp_path):
    good = _write(tmp_path / "good.ttl", '<http://e/a> <http://e/b> "kept" .\n')
    bad = _write(tmp_path / "bad.ttl", "<http://e/a> <http://e/b> .\n")
    store.replace_graphs({graph: good})
    with pytest.raises(PolicykgError, match="bad.ttl"):
        store.replace_graphs({graph: [good, bad]})
    with pytest.raises(PolicykgError, match="bad.ttl"):
        store.add([good, bad], graph=graph)
    assert _count(store, graph) == 1
    assert store.ask(f'ASK {{ GRAPH <{graph}> {{ <http://e/a> <http://e/b> "kept" }} }}')
    leftovers = store.select("SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } "
                             f'FILTER(STRSTARTS(STR(?g), "{STAGING_PREFIX}")) }}')
    assert leftovers == []


def test_blank_nodes_and_literals_round_trip(store, graph, tmp_path):
    path = _write(tmp_path / "lex.ttl",
                  '@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .\n'
                  '<http://e/a> <http://e/p> "2025-07-01"^^xsd:date, "2025"^^xsd:gYear, '
                  '"Sở Y tế"@vi, "Sở Y tế", "7"^^xsd:integer ; '
                  '<http://e/item> [ <http://e/n> "1"^^xsd:integer ] .\n')
    store.replace_graphs({graph: path})
    query = f"SELECT ?o WHERE {{ GRAPH <{graph}> {{ <http://e/a> <http://e/p> ?o }} }}"
    embedded = OxigraphStore(tmp_path / "embedded")
    embedded.replace_graphs({graph: path})
    assert _rows(store.select(query)) == _rows(embedded.select(query))
    assert store.ask(f"ASK {{ GRAPH <{graph}> {{ ?x <http://e/item> [ <http://e/n> 1 ] }} }}")


# -- the materialised closure of pkg:concretises (policykg/store/closure.py) ---------------------
def _closure(store: Store) -> set[tuple[str, str]]:
    rows = store.select(f"SELECT ?o ?a WHERE {{ GRAPH <{CLOSURE_GRAPH}> {{ ?o ?p ?a }} "
                        f"FILTER(?p = <{TRANSITIVE}>) }}")
    return {(str(r["o"]), str(r["a"])) for r in rows}


def test_closure_graph_holds_concretises_plus(store, built_store):
    # the embedded engine walks `concretises+` with neither end bound (Virtuoso cannot)
    path = {(str(r["o"]), str(r["a"])) for r in built_store.select(
        f"SELECT DISTINCT ?o ?a WHERE {{ ?o <{CONCRETISES}>+ ?a }}")}
    assert path and _closure(store) == path
    # and every back end's own path from one task agrees with its closure
    task = "https://w3id.org/policykg/id/doc/28-ct-tw/o/g3"
    below = {str(r["o"]) for r in store.select(
        f"SELECT DISTINCT ?o WHERE {{ ?o <{CONCRETISES}>+ <{task}> }}")}
    assert below and below == {o for o, a in _closure(store) if a == task}


def test_closure_graph_is_rewritten_at_every_write(store, graph, tmp_path):
    def edges(*pairs: str) -> str:
        return "".join(f"<http://e/{c}> <{CONCRETISES}> <http://e/{p}> .\n"
                       for c, p in (pair.split(">") for pair in pairs))

    def mine() -> set[tuple[str, str]]:
        return {(o[9:], a[9:]) for o, a in _closure(store) if o.startswith("http://e/")}

    store.replace_graphs({graph: _write(tmp_path / "a.nt", edges("c>p", "p>g", "x>x"))})
    assert mine() == {("c", "p"), ("c", "g"), ("p", "g"), ("x", "x")}
    store.replace_graphs({graph: _write(tmp_path / "b.nt", edges("c>p"))})
    assert mine() == {("c", "p")}
    store.add([_write(tmp_path / "c.nt", edges("d>c"))], graph=graph)
    assert mine() == {("c", "p"), ("d", "c"), ("d", "p")}
    store.update(f"DELETE DATA {{ GRAPH <{graph}> {{ {edges('d>c')} }} }}")
    assert mine() == {("c", "p")}
    store.update(f"DROP SILENT GRAPH <{graph}>")
    assert mine() == set()


# -- timeouts and result formats -----------------------------------------------------------------
SLOW = ("SELECT (COUNT(*) AS ?n) WHERE { GRAPH <https://w3id.org/policykg/graph/ontology> "
        "{ ?a ?b ?c . ?d ?e ?f FILTER(STR(?c) < STR(?f)) } }")


def test_a_query_past_its_timeout_is_an_error(store):
    with pytest.raises(StoreError, match="timed out"):
        store.select(SLOW, timeout=0.05)
    assert store.ask("ASK { ?s ?p ?o }")  # the store still answers


# a count over the ontology graph cubed: hours of work unless stopped
ENDLESS = ("SELECT (COUNT(*) AS ?n) WHERE { GRAPH <https://w3id.org/policykg/graph/ontology> "
           "{ ?a ?b ?c . ?d ?e ?f . ?g ?h ?i FILTER(STR(?c) < STR(?f) && STR(?f) < STR(?i)) } }")


def _cpu_seconds(pid: int) -> float:
    """User + system CPU time of a process (Linux /proc), in seconds."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / 100  # clock ticks (USER_HZ 100)


def _goes_idle(pid: int, within: float) -> bool:
    """Whether the process stops working (under a tenth of a CPU second in a second) before
    `within` seconds pass; a query left running would keep a CPU busy for hours."""
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        before = _cpu_seconds(pid)
        time.sleep(1.0)
        if _cpu_seconds(pid) - before < 0.1:
            return True
    return False


def test_a_query_past_its_timeout_stops_on_the_server(store):
    if not isinstance(store, RemoteStore):
        pytest.skip("embedded: a timed-out query's worker is killed (test_memory_mode.py)")
    process = next(p for base, p in SERVERS.items() if store.endpoint.startswith(base))
    with pytest.raises(StoreError, match="timed out"):
        store.select(ENDLESS, timeout=1)
    assert _goes_idle(process.pid, within=SERVER_TIMEOUT + 60)
    assert store.ask("ASK { ?s ?p ?o }")


@pytest.fixture
def small(store, graph, tmp_path):
    store.replace_graphs({graph: _write(tmp_path / "one.ttl",
                                        '<http://e/a> <http://e/b> "Sở Y tế"@vi .\n')})
    return graph


def test_select_result_formats(store, small):
    query = f"SELECT ?s ?o WHERE {{ GRAPH <{small}> {{ ?s ?p ?o }} }}"
    expected = [["http://e/a", "Sở Y tế"]]
    body, chosen = store.query_raw(query, "text/csv")
    rows = list(csv.reader(io.StringIO(body.decode("utf-8"))))
    assert chosen == "text/csv" and [r for r in rows[1:] if r] == expected
    body, chosen = store.query_raw(query, "text/tab-separated-values")
    lines = [line.split("\t") for line in body.decode("utf-8").splitlines()]
    assert lines[1] == ["<http://e/a>", '"Sở Y tế"@vi']  # TSV holds terms
    body, _ = store.query_raw(query, "application/sparql-results+json")
    binding = json.loads(body)["results"]["bindings"][0]
    assert binding["o"]["value"] == "Sở Y tế" and binding["o"]["xml:lang"] == "vi"
    body, _ = store.query_raw(query, "application/sparql-results+xml")
    assert "Sở Y tế" in body.decode("utf-8")


def test_ask_and_graph_result_formats(store, small):
    for media in ("application/sparql-results+json", "application/sparql-results+xml"):
        body, chosen = store.query_raw(f"ASK {{ GRAPH <{small}> {{ ?s ?p ?o }} }}", media)
        assert chosen == media and b"true" in body
    construct = f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH <{small}> {{ ?s ?p ?o }} }}"
    for media, fmt in (("application/n-triples", "nt"), ("text/turtle", "turtle")):
        body, chosen = store.query_raw(construct, media)
        graph = rdflib.Graph().parse(data=body.decode("utf-8"), format=fmt)
        assert chosen == media and len(graph) == 1
        assert rdflib.Literal("Sở Y tế", lang="vi") in set(graph.objects())
    assert len(store.construct(construct)) == 1


# -- the server on this back end: updates with the token, caches that follow writes -------------
def test_updates_through_the_server_need_the_token(backend, graph):
    name, store = backend
    settings = Settings(update_token="secret", memory=name == "memory", query_workers=1,
                        cache=True)
    query = {"query": f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}"}
    update = {"update": f'INSERT DATA {{ GRAPH <{graph}> {{ <http://e/a> <http://e/b> "x" }} }}'}
    csv_accept = {"Accept": "text/csv"}
    with TestClient(create_app(settings, store=store)) as client:
        assert client.post("/sparql", data=query, headers=csv_accept).text.split()[1] == "0"
        assert client.post("/sparql", data=update).status_code == 403
        token = {"Authorization": "Bearer secret"}
        assert client.post("/sparql", data=update, headers=token).status_code == 204
        # the cached answer is not served after the write
        assert client.post("/sparql", data=query, headers=csv_accept).text.split()[1] == "1"
        assert client.get("/api/status").json()["store"] == (
            "remote" if isinstance(store, RemoteStore) else "embedded")


def test_capabilities_say_what_the_store_does(store):
    caps = store.capabilities
    assert caps.update
    if caps.version_token:
        assert store.version() is not None
    assert (store.worker_data_dir() is not None) == caps.killable_queries
