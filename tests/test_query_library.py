"""The named query library (queries/*.rq): headers, parameters, and answers on a fixture graph
whose answers are known (tests/fixtures/shapes/*.ttl: unowned, collective, dissolved owners,
targets, coverage links, reporting duties). Each query runs on Oxigraph (default graph = union of
named graphs, as in the store) and on rdflib, which must agree."""

import re
from functools import cache
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Graph, URIRef
from rdflib.plugins.sparql import prepareQuery

from policykg.queries import list_queries, load_query
from policykg.store.closure import CONCRETISES, TRANSITIVE, transitive_closure
from policykg.store.embedded import materialise_closure

ROOT = Path(__file__).resolve().parent.parent
QUERIES = ROOT / "queries"
FIXTURES = ROOT / "tests" / "fixtures" / "shapes"
ID = "https://w3id.org/policykg/id/"
OBL = ID + "doc/1-kh-tu/o/"
AG = ID + "agency/tinh-x/"
PKG = "https://w3id.org/policykg/ontology#"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"

# parameters a query needs to run at all on the fixture (others are optional or defaulted)
REQUIRED = {"trace": {"root": ID + "doc/28-ct-tw/o/g2"}}


def _fixture_files() -> list[Path]:
    return [ROOT / "ontology" / "policykg.ttl", *sorted(FIXTURES.glob("*.ttl"))]


@cache
def successions() -> str:
    """The resolver's answers for the fixture's events (as successions.ttl holds them for the
    reference graph), which the dissolved-owners query reads."""
    from policykg.reorganisation import successions_graph

    g = Graph()
    for path in _fixture_files():
        g.parse(path, format="turtle")
    return successions_graph(g, lambda iri: str(iri)).serialize(format="turtle")


@cache
def oxigraph_store() -> ox.Store:
    store = ox.Store()
    for i, path in enumerate(_fixture_files()):
        # lenient: the fixtures hold a deliberately ill-typed date for the shapes
        store.load(path=str(path), format=ox.RdfFormat.TURTLE, lenient=True,
                   to_graph=ox.NamedNode(f"urn:test:graph:{i}"))
    store.load(successions().encode(), format=ox.RdfFormat.TURTLE,
               to_graph=ox.NamedNode("urn:test:graph:successions"))
    materialise_closure(store)  # as every write through the store contract does
    return store


@cache
def rdflib_graph() -> Graph:
    g = Graph()
    for path in _fixture_files():
        g.parse(path, format="turtle")
    g.parse(data=successions(), format="turtle")
    for child, ancestor in transitive_closure(g.subject_objects(URIRef(CONCRETISES))):
        g.add((child, URIRef(TRANSITIVE), ancestor))
    return g


def _value(term) -> str | None:
    return None if term is None else term.value


def run(name: str, **params: str) -> list[dict[str, str | None]]:
    text = load_query(name, QUERIES).bind({**REQUIRED.get(name, {}), **params})
    solutions = oxigraph_store().query(text, use_default_graph_as_union=True)
    names = [v.value for v in solutions.variables]
    return [{n: _value(s[n]) for n in names} for s in solutions]


def column(rows: list[dict], name: str) -> set:
    return {r[name] for r in rows}


def _body(text: str) -> str:
    return "\n".join(line for line in text.splitlines() if not line.lstrip().startswith("#"))


ALL = sorted(p.stem for p in QUERIES.glob("*.rq"))


def test_library_has_the_named_queries():
    expected = {
        "obligations-by-owner", "obligations-without-owner", "dissolved-owners",
        "document-cascade", "coverage-by-plan", "obligations-per-agency-level",
        "reporting-chains", "deadlines-calendar", "targets-vs-baselines",
        "collective-ownership", "requests-vs-assignments", "documents", "agencies",
        "change-events", "unresolved-agencies",
    }
    assert expected <= set(ALL)


@pytest.mark.parametrize("name", ALL)
def test_query_parses_and_has_headers(name):
    text = (QUERIES / f"{name}.rq").read_text(encoding="utf-8")
    prepareQuery(text)
    query = load_query(name, QUERIES)
    assert query.title and query.description, name
    body = _body(text)
    for param in query.params:
        assert re.search(rf"[?$]{param.name}\b", body), f"{name}: ?{param.name} not in the body"


@pytest.mark.parametrize("name", ALL)
def test_query_runs_on_both_engines_alike(name):
    rows = run(name)
    text = load_query(name, QUERIES).bind(REQUIRED.get(name, {}))
    assert len(list(rdflib_graph().query(text))) == len(rows), name


def test_no_duplicate_rows_from_the_union_graph():
    # the Prime Minister is asserted in two fixture graphs
    agencies = [r["agency"] for r in run("agencies")]
    assert len(agencies) == len(set(agencies))


def test_obligations_without_owner_is_exactly_the_unowned_one():
    assert column(run("obligations-without-owner"), "obligation") == {OBL + "no-owner"}


def test_obligations_by_owner_filters_and_marks_implied():
    rows = run("obligations-by-owner", owner=AG + "so-lao-dong-thuong-binh-va-xa-hoi")
    assert column(rows, "obligation") == {OBL + "labour-task"}
    rows = run("obligations-by-owner", owner=AG + "so-y-te")
    implied = {r["obligation"] for r in rows if r["ownership"] == "implied"}
    assert implied == {OBL + "implied-only"}
    everything = run("obligations-by-owner")
    assert len(column(everything, "owner")) > 3


@pytest.mark.parametrize("as_of, expected", [("2025-01-01", 0), ("2025-06-01", 1)])
def test_dissolved_owners_by_date(as_of, expected):
    rows = run("dissolved-owners", asOf=as_of)
    assert len(rows) == expected
    if rows:
        (row,) = rows
        assert row["owner"] == AG + "so-lao-dong-thuong-binh-va-xa-hoi"
        assert row["successor"] == AG + "so-y-te"
        assert row["successorLabel"] == "Sở Y tế"
        assert row["succession"] == "inferred"
        assert row["ended"] == "2025-03-01"


def test_document_cascade_depths():
    depth = {r["document"]: int(r["depth"]) for r in run("document-cascade")}
    assert depth[ID + "doc/28-ct-tw"] == 0
    assert depth[ID + "doc/1-kh-tu"] == 1
    assert depth[ID + "doc/kh-ubnd-tinh-x"] == 2
    assert ID + "doc/3-kh-tu" not in depth  # implements nothing


def test_coverage_by_plan_counts():
    counts = {
        (r["plan"].rsplit("/", 1)[1], r["groupPath"]): (int(r["obligations"]), r["assessed"])
        for r in run("coverage-by-plan")
    }
    assert counts[("4-kh-tu", "1")] == (0, "true")
    assert counts[("4-kh-tu", "2")] == (1, "true")
    assert counts[("5-kh-tu", "1")] == (1, "true")
    assert counts[("5-kh-tu", "2")] == (2, "true")
    assert counts[("1-kh-tu", "1")] == (0, "false")
    assert ("4-kh-tu", "2.a") not in counts  # items are not groups
    only = run("coverage-by-plan", plan=ID + "doc/5-kh-tu")
    assert column(only, "plan") == {ID + "doc/5-kh-tu"}


def test_collective_ownership():
    assert column(run("collective-ownership"), "obligation") == {OBL + "collective-only"}


def test_targets_flag_less_ambitious():
    rows = run("targets-vs-baselines")
    flagged = {r["target"].rsplit("-", 1)[1] for r in rows if r["lessAmbitious"] == "true"}
    assert flagged == {"5", "6"}


def test_reporting_chain_reaches_the_top():
    rows = run("reporting-chains", agency=AG + "so-y-te")
    assert [(r["recipient"], r["further"]) for r in rows] == [
        (AG + "ban-thuong-vu-tinh-uy", "Bộ Chính trị")
    ]


def test_deadlines_calendar_year_and_order():
    rows = run("deadlines-calendar", year="2030")
    assert column(rows, "obligation") == {OBL + "deadline-year", OBL + "review-2030"}
    dated = [r["deadline"] for r in run("deadlines-calendar") if r["deadline"]]
    assert dated == sorted(dated)
    recurring = [r for r in run("deadlines-calendar") if r["recurrence"]]
    assert [r["dueDay"] for r in recurring] == ["--12-10"]


def test_requests_vs_assignments():
    counts = {
        (r["modalityName"], r["branchName"]): int(r["obligations"])
        for r in run("requests-vs-assignments")
    }
    assert counts[("requested", "Fatherland Front")] == 1
    assert counts[("assigned", "Fatherland Front")] == 1
    rows = run("requests-vs-assignments")
    items = {(r["modalityName"], r["branchName"]): r["items"] for r in rows}
    assert items[("assigned", "state")] == "1-KH/TU IV.2"
    front = run("requests-vs-assignments", branch=PKG + "Front")
    assert column(front, "branchName") == {"Fatherland Front"}


def test_agencies_by_province():
    rows = run("agencies", province=ID + "province/tinh-x")
    assert column(rows, "agency") == {AG + "so-y-te", AG + "so-noi-vu"}


def test_agencies_per_level():
    rows = run("obligations-per-agency-level", level=PKG + "CentralLevel")
    central = {ID + "agency/vn/bo-chinh-tri", ID + "agency/vn/thu-tuong-chinh-phu"}
    assert column(rows, "agency") == central


def test_unresolved_agencies():
    rows = run("unresolved-agencies")
    assert [(r["agency"], r["documents"]) for r in rows] == [(AG + "ban-chi-dao-moi", "1-KH/TU")]


def test_change_events_basis():
    basis = {r["event"].rsplit("/", 1)[1]: r["basis"] for r in run("change-events")}
    assert basis == {"so-ldtbxh-tinh-x-ends": "stated", "so-ldtbxh-tinh-x-children": "inferred"}


def test_documents_lists_parents_and_counts():
    rows = {r["document"]: r for r in run("documents", type=PKG + "Plan")}
    assert rows[ID + "doc/kh-ubnd-tinh-x"]["implements"] == "1-KH/TU"
    assert int(rows[ID + "doc/5-kh-tu"]["obligations"]) == 2
    assert ID + "doc/28-ct-tw" not in rows


def _project_graph_files() -> list[Path]:
    graph = ROOT / "graph"
    return sorted((graph / "reference").glob("*.ttl")) + sorted((graph / "extracted").glob("*.ttl"))


@pytest.mark.skipif(not _project_graph_files(), reason="graph/reference and graph/extracted empty")
def test_queries_run_on_the_project_graph():
    store = ox.Store()
    store.load(path=str(ROOT / "ontology" / "policykg.ttl"), format=ox.RdfFormat.TURTLE,
               to_graph=ox.NamedNode("urn:test:ontology"))
    for i, path in enumerate(_project_graph_files()):
        store.load(path=str(path), format=ox.RdfFormat.TURTLE,
                   to_graph=ox.NamedNode(f"urn:test:project:{i}"))
    for query in list_queries(QUERIES):
        if query.name in REQUIRED:
            continue
        list(store.query(query.bind({}), use_default_graph_as_union=True))



def test_an_obligation_without_document_gets_no_document_number():
    """The number is looked up inside the document's OPTIONAL: an obligation with no
    pkg:statedIn must not be paired with every document's number."""
    store = ox.Store()
    for quad in oxigraph_store():
        store.add(quad)
    lost = ox.NamedNode(OBL + "lost")
    store.add(ox.Quad(lost, ox.NamedNode(RDF_TYPE), ox.NamedNode(PKG + "Obligation"),
                      ox.NamedNode("urn:test:graph:extra")))
    text = load_query("obligations-without-owner", QUERIES).bind({})
    rows = [r for r in store.query(text, use_default_graph_as_union=True)
            if r["obligation"] == lost]
    assert len(rows) == 1 and rows[0]["documentNumber"] is None
