"""Analytics on the seed graph equal counts computed independently by SPARQL; exports load back;
the analyze and viz commands work end to end."""

import json
import subprocess
import sys
from datetime import date

import networkx as nx
import pytest

from policykg import analyze
from policykg.namespaces import sparql_prefixes


@pytest.fixture(scope="module")
def network(built_store):
    return analyze.build_network(built_store)


def count(store, body: str) -> int:
    rows = store.select(sparql_prefixes() + f"SELECT (COUNT(*) AS ?n) WHERE {{ {body} }}")
    return int(rows[0]["n"])


def test_node_and_edge_counts_match_sparql(built_store, network):
    s = analyze.summary(network)
    assert s["nodes"]["obligation"] == count(
        built_store, "SELECT DISTINCT ?o WHERE { ?o a pkg:Obligation ; pkg:statedIn ?d }")
    assert s["nodes"]["agency"] == count(
        built_store, "SELECT DISTINCT ?a WHERE { ?a a pkg:Agency }")
    for rel in ("owner", "coordinator", "concretises", "reportsTo", "implements"):
        assert s["edges"].get(rel, 0) == count(
            built_store, f"SELECT DISTINCT ?s ?o WHERE {{ ?s pkg:{rel} ?o }}"), rel
    assert s["edges"]["owner"] > 50 and s["edges"]["concretises"] > 50


def test_obligation_attributes_match_one_sparql_join(built_store, network):
    """The obligations, read as one scan per property, carry what a join with OPTIONALs gives."""
    rows = built_store.select(sparql_prefixes() + """
        SELECT ?n ?doc ?path ?text ?deadline ?modality ?reporting ?level WHERE {
          ?n a pkg:Obligation ; pkg:statedIn ?doc .
          OPTIONAL { ?n pkg:sectionPath ?path } OPTIONAL { ?n pkg:text ?text }
          OPTIONAL { ?n pkg:deadline ?deadline } OPTIONAL { ?n pkg:modality ?modality }
          OPTIONAL { ?doc pkg:level ?level }
          BIND(EXISTS { ?n a pkg:ReportingDuty } AS ?reporting) }""")

    def text(row, key):
        return str(row[key]) if key in row else None

    expected = {str(r["n"]): {
        "sectionPath": text(r, "path"), "text": text(r, "text"), "deadline": text(r, "deadline"),
        "modality": text(r, "modality").rsplit("#", 1)[-1] if "modality" in r else None,
        "reporting": r["reporting"].toPython(), "document": str(r["doc"]),
        "level": analyze.LEVELS.get(text(r, "level").rsplit("#", 1)[-1]) if "level" in r else None,
    } for r in rows}
    got = {n: {k: d.get(k) for k in ("sectionPath", "text", "deadline", "modality", "reporting",
                                     "document", "level")}
           for n, d in network.nodes(data=True) if d.get("kind") == "obligation"}
    assert got == expected
    assert any(d["reporting"] for d in got.values()) and any(d["deadline"] for d in got.values())


def test_owned_obligations_per_agency_match_sparql(built_store, network):
    rows = built_store.select(sparql_prefixes() + """
        SELECT ?a (COUNT(DISTINCT ?o) AS ?n) WHERE { ?o a pkg:Obligation ; pkg:owner ?a }
        GROUP BY ?a""")
    expected = {str(r["a"]): int(r["n"]) for r in rows}
    got = {r["agency"]: r["owned"] for r in analyze.obligations_per_agency(network) if r["owned"]}
    assert got == expected
    per_level = analyze.per_level(analyze.obligations_per_agency(network))
    assert sum(per_level.values()) == sum(expected.values())


def test_accountability_gaps_match_sparql(built_store, network):
    gaps = analyze.accountability_gaps(network)
    no_owner = count(built_store, """SELECT DISTINCT ?o WHERE { ?o a pkg:Obligation ;
        pkg:statedIn ?d FILTER NOT EXISTS { ?o pkg:owner ?a }
        FILTER NOT EXISTS { ?o pkg:impliedOwner ?b } }""")
    collective_only = count(built_store, """SELECT DISTINCT ?o WHERE { ?o a pkg:Obligation ;
        pkg:statedIn ?d ; pkg:owner ?x
        FILTER NOT EXISTS { ?o pkg:owner ?a FILTER NOT EXISTS { ?a a pkg:CollectiveAgency } } }""")
    assert len(gaps["noOwner"]) == no_owner
    assert len(gaps["collectiveOnly"]) == collective_only


def test_coverage_matrix_counts_match_sparql(built_store, network):
    cov = analyze.coverage_matrix(network)
    assert cov["groups"] and cov["plans"]
    for plan in cov["plans"]:
        for group in cov["groups"]:
            expected = count(built_store, f"""SELECT DISTINCT ?o WHERE {{
                ?o pkg:statedIn <{plan}> ; (pkg:concretises|pkg:partOf)+ <{group}> }}""")
            assert cov["matrix"][plan][group] == expected, (plan, group)
    assert any(n for row in cov["matrix"].values() for n in row.values())


def test_reporting_chains_follow_reports_to(network):
    chains = analyze.reporting_chains(network)
    r = analyze.reporting_network(network)
    for chain in chains:
        assert all(r.has_edge(a, b) for a, b in zip(chain, chain[1:], strict=False))
        assert r.out_degree(chain[-1]) == 0


def test_orphans_depend_on_the_date(network):
    before = analyze.orphaned_obligations(network, date(2024, 12, 31))
    after = analyze.orphaned_obligations(network, date(2026, 1, 1))
    assert len(after) > len(before)
    assert any(s["inferred"] for r in after for s in r["successors"])


def test_exports_read_back(network, tmp_path):
    for suffix, reader in ((".graphml", nx.read_graphml), (".gexf", nx.read_gexf)):
        path = tmp_path / f"net{suffix}"
        analyze.export(network, path)
        assert reader(path).number_of_nodes() == network.number_of_nodes()
    path = tmp_path / "net.json"
    analyze.export(network, path)
    assert len(json.loads(path.read_text())["nodes"]) == network.number_of_nodes()


def run_cli(*args):
    return subprocess.run([sys.executable, "-m", "policykg", *args], capture_output=True,
                          text=True, timeout=120)


def test_analyze_and_viz_commands(built_store_dir, tmp_path):
    out = run_cli("analyze", "owners", "--format", "json", "--data-dir", str(built_store_dir))
    assert out.returncode == 0, out.stderr
    assert json.loads(out.stdout)[0]["owned"] > 0
    page = tmp_path / "graph.html"
    out = run_cli("viz", "--out", str(page), "--document", "61-CTr/TU",
                  "--data-dir", str(built_store_dir))
    assert out.returncode == 0, out.stderr
    assert "vis.Network" in page.read_text(encoding="utf-8")
    bad = run_cli("viz", "--out", str(tmp_path / "x.html"), "--focus", "zzzz nothing",
                  "--data-dir", str(built_store_dir))
    assert bad.returncode == 2 and "Traceback" not in bad.stderr
    assert not (tmp_path / "x.html").exists()
