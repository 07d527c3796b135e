"""The embedded store: on-disk round trip, atomic loads, union default graph, result formats,
read-only queries, timeouts."""

import csv
import io
import json

import pytest
import rdflib
from rdflib import Literal, URIRef

from policykg.errors import PolicykgError, StoreError
from policykg.store import FormatNotAcceptable, OxigraphStore, open_store

EX = "http://example.org/"
G1, G2 = "http://example.org/graph/one", "http://example.org/graph/two"
GOOD = f"""@prefix ex: <{EX}> .
ex:plan ex:title "Kế hoạch thực hiện"@vi ; ex:items 3 ; ex:owner ex:so-y-te .
ex:so-y-te ex:label "Sở Y tế"@vi .
"""
OTHER = f"""@prefix ex: <{EX}> .
ex:other ex:title "Chương trình"@vi .
"""
BAD = f"""@prefix ex: <{EX}> .
ex:broken ex:title .
"""


@pytest.fixture
def files(tmp_path):
    paths = {}
    for name, text in (("good.ttl", GOOD), ("other.ttl", OTHER), ("bad.ttl", BAD)):
        paths[name] = tmp_path / name
        paths[name].write_text(text, encoding="utf-8")
    return paths


@pytest.fixture
def store(tmp_path, files):
    s = OxigraphStore(tmp_path / "data")
    s.replace_graphs({G1: files["good.ttl"]})
    yield s
    s.close()


def known_triple_present(store) -> bool:
    return store.ask(f'ASK {{ <{EX}plan> <{EX}title> "Kế hoạch thực hiện"@vi }}')


def test_round_trip_on_disk(store, tmp_path):
    rows = store.select(f"SELECT ?t WHERE {{ <{EX}plan> <{EX}title> ?t }}")
    assert rows == [{"t": Literal("Kế hoạch thực hiện", lang="vi")}]
    reopened = OxigraphStore(tmp_path / "data")
    assert reopened.count() == store.count() == 4
    assert known_triple_present(reopened)
    assert reopened.graph_counts() == {G1: 4}


def test_open_store_honours_policykg_data(monkeypatch, tmp_path, store):
    monkeypatch.setenv("POLICYKG_DATA", str(tmp_path / "data"))
    monkeypatch.delenv("POLICYKG_ENDPOINT", raising=False)
    assert open_store().count() == 4


def test_empty_store_says_build_first(tmp_path):
    with pytest.raises(StoreError, match="policykg build"):
        OxigraphStore(tmp_path / "nothing").select("SELECT * WHERE { ?s ?p ?o }")


def test_replace_with_a_bad_file_leaves_previous_graph_whole(store, files, tmp_path):
    before = store.count()
    with pytest.raises(PolicykgError, match="bad.ttl"):
        store.replace_graphs({G1: [files["other.ttl"], files["bad.ttl"]]})
    assert store.count() == before
    assert known_triple_present(store)
    assert not store.ask(f"ASK {{ <{EX}other> ?p ?o }}")
    assert OxigraphStore(tmp_path / "data").count() == before  # also on disk


def test_add_with_a_bad_file_leaves_store_unchanged(store, files):
    before = store.count()
    with pytest.raises(PolicykgError):
        store.add([files["other.ttl"], files["bad.ttl"]])
    assert store.count() == before
    assert not store.ask(f"ASK {{ <{EX}other> ?p ?o }}")


def test_missing_file_is_bad_input(store, tmp_path):
    with pytest.raises(PolicykgError, match="no such file"):
        store.add([tmp_path / "absent.ttl"])


def test_interrupted_load_leaves_previous_graph_whole(store, files, tmp_path):
    """An interrupt after the first file was written into the new generation."""
    before = store.count()
    seen = []

    def interrupt(label):
        seen.append(label)
        if len(seen) == 2:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        store.replace_graphs({G1: [files["other.ttl"], files["good.ttl"]], G2: files["other.ttl"]},
                             progress=interrupt)
    assert seen == ["other.ttl", "good.ttl"]
    assert store.count() == before and known_triple_present(store)
    generations = [p for p in (tmp_path / "data").iterdir() if p.name.startswith("gen-")]
    assert len(generations) == 1  # the half-built one was removed


def test_replace_keeps_other_graphs(store, files):
    store.add([files["other.ttl"]], graph=G2)
    store.replace_graphs({G1: files["other.ttl"]})
    assert store.graph_counts() == {G1: 1, G2: 1}
    assert not known_triple_present(store)


def test_add_replace_and_rdflib_only_syntax(store, tmp_path):
    rdfxml = tmp_path / "extra.owl"
    g = rdflib.Graph()
    g.add((URIRef(EX + "x"), URIRef(EX + "p"), Literal("y")))
    rdfxml.write_text(g.serialize(format="xml"), encoding="utf-8")
    store.add([rdfxml], graph=G2)
    assert store.ask(f'ASK {{ GRAPH <{G2}> {{ <{EX}x> <{EX}p> "y" }} }}')
    store.add([rdfxml], graph=G1, replace=True)
    assert store.graph_counts()[G1] == 1


def test_default_graph_is_the_union_of_named_graphs(store, files):
    store.add([files["other.ttl"]], graph=G2)
    rows = store.select(f"SELECT ?s WHERE {{ ?s <{EX}title> ?t }} ORDER BY ?s")
    assert [str(r["s"]) for r in rows] == [EX + "other", EX + "plan"]
    per_graph = store.select(f"SELECT ?g WHERE {{ GRAPH ?g {{ <{EX}other> ?p ?o }} }}")
    assert [str(r["g"]) for r in per_graph] == [G2]


def test_select_keeps_projection_order_and_omits_unbound(store):
    names, rows = store.select_with_vars(
        f"SELECT ?t ?missing ?s WHERE {{ ?s <{EX}title> ?t OPTIONAL {{ ?s <{EX}none> ?missing }} }}"
    )
    assert names == ["t", "missing", "s"]
    assert rows == [{"t": Literal("Kế hoạch thực hiện", lang="vi"), "s": URIRef(EX + "plan")}]


def test_typed_literals_become_python_values(store):
    rows = store.select(f"SELECT ?n WHERE {{ <{EX}plan> <{EX}items> ?n }}")
    assert rows[0]["n"].toPython() == 3


@pytest.mark.parametrize("media", ["application/sparql-results+json", "text/csv",
                                   "text/tab-separated-values", "application/sparql-results+xml"])
def test_select_result_formats(store, media):
    body, chosen = store.query_raw(f"SELECT ?s ?t WHERE {{ ?s <{EX}title> ?t }}", media)
    assert chosen == media
    text = body.decode("utf-8")
    if media.endswith("json"):
        bindings = json.loads(text)["results"]["bindings"]
        assert bindings[0]["t"] == {"type": "literal", "value": "Kế hoạch thực hiện",
                                    "xml:lang": "vi"}
    elif media == "text/csv":
        rows = list(csv.reader(io.StringIO(text)))
        assert rows == [["s", "t"], [EX + "plan", "Kế hoạch thực hiện"]]
    elif media == "text/tab-separated-values":
        assert text.splitlines() == ["?s\t?t", f'<{EX}plan>\t"Kế hoạch thực hiện"@vi']
    else:
        assert "<sparql" in text and "Kế hoạch thực hiện" in text


@pytest.mark.parametrize("media,fmt", [("text/turtle", "turtle"), ("application/n-triples", "nt"),
                                       ("application/ld+json", "json-ld")])
def test_construct_result_formats(store, media, fmt):
    body, chosen = store.query_raw("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }", media)
    assert chosen == media
    parsed = rdflib.Graph().parse(data=body.decode("utf-8"), format=fmt)
    assert len(parsed) == 4
    assert (URIRef(EX + "plan"), URIRef(EX + "items"), Literal(3)) in parsed


def test_accept_header_negotiation_and_refusal(store):
    _, chosen = store.query_raw("ASK { ?s ?p ?o }", "text/html;q=0.9, text/csv, */*;q=0.1")
    assert chosen == "text/csv"
    with pytest.raises(FormatNotAcceptable):
        store.query_raw("SELECT * WHERE { ?s ?p ?o }", "text/turtle")


def test_construct_returns_rdflib_graph(store):
    g = store.construct(f"CONSTRUCT WHERE {{ <{EX}plan> ?p ?o }}")
    assert isinstance(g, rdflib.Graph) and len(g) == 3


@pytest.mark.parametrize("query", [
    f"INSERT DATA {{ <{EX}a> <{EX}b> <{EX}c> }}",
    "SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }",
    "LOAD <http://example.org/data.ttl>",
])
def test_queries_are_read_only(store, query):
    before = store.count()
    with pytest.raises(PolicykgError, match="read-only"):
        store.select(query)
    assert store.count() == before


def test_keywords_inside_strings_iris_and_variables_are_fine(store):
    rows = store.select(f'SELECT ?drop WHERE {{ BIND("INSERT; SERVICE" AS ?drop) '
                        f'FILTER(?drop != "<{EX}LOAD>") }}')
    assert rows[0]["drop"] == Literal("INSERT; SERVICE")


def test_syntax_error_is_bad_input(store):
    with pytest.raises(PolicykgError, match="syntax"):
        store.select("SELECT ?s WHERE { ?s ?p }")


def test_timeout_gives_up_waiting(tmp_path):
    s = OxigraphStore(tmp_path / "big")
    g = rdflib.Graph()
    for i in range(150):
        g.add((URIRef(f"{EX}s{i}"), URIRef(EX + "p"), Literal(i)))
    s.replace_graphs({G1: g})
    slow = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?p ?b . ?c ?q ?d . ?e ?r ?f }"  # 3.4M rows
    with pytest.raises(StoreError, match="timed out after 0.01 s"):
        s.select(slow, timeout=0.01)


def test_graph_for_validation_focus(store, tmp_path):
    doc = tmp_path / "doc.ttl"
    doc.write_text(
        "@prefix pkg: <https://w3id.org/policykg/ontology#> .\n"
        f"<{EX}d> a pkg:Plan .\n"
        f"<{EX}o1> pkg:statedIn <{EX}d> ; pkg:owner <{EX}ag> .\n"
        f"<{EX}ag> a pkg:Agency .\n"
        f"<{EX}unrelated> a pkg:Plan .\n",
        encoding="utf-8",
    )
    store.add([doc], graph=G2)
    context = store.graph_for_validation([EX + "d"])
    subjects = {str(s) for s in context.subjects()}
    assert subjects == {EX + "d", EX + "o1", EX + "ag"}


def test_from_clause_narrows_the_dataset(store, files):
    store.add([files["other.ttl"]], graph=G2)
    rows = store.select(f"SELECT ?s FROM <{G2}> WHERE {{ ?s <{EX}title> ?t }}")
    assert [str(r["s"]) for r in rows] == [EX + "other"]


def test_update_is_atomic_on_the_embedded_store(tmp_path):
    store = OxigraphStore(tmp_path)
    store.update("INSERT DATA { GRAPH <urn:g> { <urn:a> <urn:p> 1 } }")
    assert store.ask("ASK { <urn:a> <urn:p> 1 }")
    with pytest.raises(PolicykgError):
        store.update("INSERT DATA { GRAPH <urn:g> { <urn:b> <urn:p> 2 } } ; DELETE WHERE {")
    assert not store.ask("ASK { <urn:b> <urn:p> 2 }")  # nothing of the failed request landed
    store.update("CLEAR ALL")
    assert store.count() == 0
    store.close()


def test_a_store_written_before_the_closure_gains_it_when_first_read(tmp_path):
    """A store an earlier version wrote has pkg:concretises but no closure graph: traces, which
    follow the closure, would stop at the root. Reading it publishes it again with its closure."""
    import pyoxigraph as ox

    from policykg.store.closure import CLOSURE_GRAPH, CONCRETISES, TRANSITIVE

    data = tmp_path / "data"
    edges = tmp_path / "edges.nt"
    edges.write_text(
        f"<http://e/c> <{CONCRETISES}> <http://e/p> .\n"
        f"<http://e/p> <{CONCRETISES}> <http://e/g> .\n",
        encoding="utf-8",
    )
    OxigraphStore(data).add([edges])
    # what the earlier version left: the same generation without the closure graph
    generation = (data / OxigraphStore.POINTER).read_text(encoding="utf-8").strip()
    old = ox.Store(str(data / generation))
    old.remove_graph(ox.NamedNode(CLOSURE_GRAPH))
    old.flush()
    del old
    rows = OxigraphStore(data).select(f"SELECT ?a WHERE {{ <http://e/c> <{TRANSITIVE}> ?a }}")
    assert {str(r["a"]) for r in rows} == {"http://e/p", "http://e/g"}
