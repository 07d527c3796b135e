"""The trace: query resolution, the chain down the levels, owners today, formats, the named query.

Two stores: a small hand-made cascade (always available) and the project graph built from
graph/ (ontology + reference + extracted, with links inferred now) in an Oxigraph store in a
temporary directory.
"""

import json
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from rdflib import RDF, Graph, Literal, URIRef
from typer.testing import CliRunner

from policykg import resources
from policykg.cli import app
from policykg.commands.trace import render_csv, render_html, render_json
from policykg.errors import NotFoundError, PolicykgError
from policykg.links import infer_links
from policykg.namespaces import (
    EXTRACTED_GRAPH,
    ID,
    LINKS_GRAPH,
    OA,
    ONTOLOGY_GRAPH,
    ORG,
    PKG,
    REFERENCE_GRAPH,
)
from policykg.queries import parse_query
from policykg.store import OxigraphStore
from policykg.trace import STEP_KEYS, folded_regex, trace

PROV = URIRef("http://www.w3.org/ns/prov#")
XSD_NS = "http://www.w3.org/2001/XMLSchema#"
RDFS_LABEL = URIRef("http://www.w3.org/2000/01/rdf-schema#label")
SOC_TRANG_LDTBXH = ID["agency/soc-trang/so-lao-dong-thuong-binh-va-xa-hoi"]
CAN_THO_SO_Y_TE = ID["agency/can-tho/so-y-te"]


# ---------------------------------------------------------------- a small cascade


def _event(g: Graph, key: str, original, resulting, when: str, inferred: bool,
           inherits: bool = True) -> None:
    e = ID[f"event/{key}"]
    g.add((e, RDF.type, ORG.ChangeEvent))
    g.add((e, ORG.originalOrganization, original))
    g.add((e, ORG.resultingOrganization, resulting))
    at = Literal(f"{when}T00:00:00", datatype=XSD_NS + "dateTime")
    g.add((e, URIRef(str(PROV) + "atTime"), at))
    g.add((e, PKG.inheritsObligations, Literal(inherits)))
    g.add((e, PKG.basis, PKG.ModellingInference if inferred else PKG.StatedFact))
    g.add((e, RDFS_LABEL, Literal(key, lang="en")))


def _small_graph() -> Graph:
    g = Graph()
    directive = ID["doc/t-1"]
    plan = ID["doc/t-2"]
    commune = ID["doc/t-3"]
    old, mid, new, wrong = (ID["agency/t/old"], ID["agency/t/mid"], ID["agency/t/new"],
                            ID["agency/t/wrong"])
    for doc, number, level, kind in [
        (directive, "1-CT/TW", PKG.CentralLevel, PKG.Directive),
        (plan, "2-KH/TU", PKG.ProvincialLevel, PKG.Plan),
        (commune, "3/KH-UBND", PKG.CommuneLevel, PKG.Plan),
    ]:
        g.add((doc, RDF.type, kind))
        g.add((doc, PKG.documentNumber, Literal(number)))
        g.add((doc, PKG.level, level))
    for agency, label in [(old, "Sở <script>alert(1)</script> cũ"), (mid, "Sở giữa"),
                          (new, "Sở mới"), (wrong, "Sở khác")]:
        g.add((agency, RDF.type, PKG.Agency))
        g.add((agency, RDFS_LABEL, Literal(label, lang="vi")))
    nodes = {
        "root": (directive, "1", "Hoàn thiện cơ sở dữ liệu về trẻ em", None),
        "prov": (plan, "II.3", "Cập nhật cơ sở dữ liệu về trẻ em của tỉnh", old),
        "comm": (commune, "1", "Nhập dữ liệu trẻ em <img src=x onerror=alert(1)>", mid),
        "other": (plan, "II.4", "Tuyên truyền trên báo chí", None),
    }
    iris = {}
    for key, (doc, path, text, owner) in nodes.items():
        o = URIRef(f"{doc}/o/{path.lower().replace('.', '-')}")
        iris[key] = o
        g.add((o, RDF.type, PKG.Obligation))
        g.add((o, PKG.statedIn, doc))
        g.add((o, PKG.sectionPath, Literal(path)))
        g.add((o, PKG.text, Literal(text, lang="vi")))
        if owner is not None:
            g.add((o, PKG.owner, owner))
    g.add((iris["prov"], PKG.deadline, Literal("2024-11", datatype=XSD_NS + "gYearMonth")))
    src, sel = URIRef(f"{iris['prov']}#source"), URIRef(f"{iris['prov']}#quote")
    g.add((iris["prov"], URIRef(str(PROV) + "wasDerivedFrom"), src))
    g.add((src, OA.hasSelector, sel))
    g.add((sel, OA.exact, Literal("Cập nhật cơ sở dữ liệu")))
    g.add((sel, OA.start, Literal(10)))
    g.add((sel, OA.end, Literal(32)))
    g.add((iris["prov"], PKG.concretises, iris["root"]))
    g.add((iris["comm"], PKG.concretises, iris["prov"]))
    _event(g, "old-to-mid", old, mid, "2025-03-01", inferred=False)
    _event(g, "mid-to-new", mid, new, "2025-07-01", inferred=True)
    _event(g, "old-to-wrong", old, wrong, "2025-03-01", inferred=False, inherits=False)
    return g, iris


@pytest.fixture(scope="module")
def small_dir(tmp_path_factory):
    g, iris = _small_graph()
    data_dir = tmp_path_factory.mktemp("small-store")
    store = OxigraphStore(data_dir)
    store.replace_graphs({str(EXTRACTED_GRAPH): g})
    store.close()
    return data_dir, iris


@pytest.fixture(scope="module")
def small(small_dir):
    store = OxigraphStore(small_dir[0])
    yield store, small_dir[1]
    store.close()


def test_text_query_with_or_without_diacritics_gives_the_chain(small):
    store, iris = small
    for query in ["cơ sở dữ liệu về trẻ em", "CO SO DU LIEU VE TRE EM"]:
        steps = trace(store, query, date(2026, 1, 1))
        assert [s.obligation for s in steps] == [str(iris[k]) for k in ("root", "prov", "comm")]
        assert [s.depth for s in steps] == [0, 1, 2]
        assert [s.level for s in steps] == ["CentralLevel", "ProvincialLevel", "CommuneLevel"]


def test_section_and_iri_queries(small):
    store, iris = small
    assert trace(store, "2-KH/TU II.3")[0].obligation == str(iris["prov"])
    assert trace(store, "2-kh/tu ii-3")[0].obligation == str(iris["prov"])
    steps = trace(store, str(iris["prov"]))
    assert [s.obligation for s in steps] == [str(iris["prov"]), str(iris["comm"])]
    assert trace(store, "id:doc/t-2/o/ii-3")[0].obligation == str(iris["prov"])
    whole = trace(store, "2-KH/TU")  # a document number alone: its top-level task items
    assert {s.obligation for s in whole if s.depth == 0} == {str(iris["prov"]), str(iris["other"])}
    assert str(iris["comm"]) in {s.obligation for s in whole}
    with pytest.raises(NotFoundError):
        trace(store, "2-KH/TU IX.9")
    with pytest.raises(NotFoundError):
        trace(store, "https://w3id.org/policykg/id/doc/none/o/1")
    with pytest.raises(PolicykgError):
        trace(store, "   ")
    with pytest.raises(PolicykgError, match="not a valid IRI"):
        trace(store, "https://x> ?p ?o } #")


def test_owners_today_follow_inheriting_events_up_to_the_as_of_date(small):
    store, iris = small
    query = str(iris["prov"])
    before = trace(store, query, date(2025, 2, 28))[0].ownersToday
    assert [(o["iri"], o["inferred"], o["chain"]) for o in before] == [
        (str(ID["agency/t/old"]), False, [])]
    middle = trace(store, query, date(2025, 3, 1))[0].ownersToday
    assert [(o["iri"], o["inferred"]) for o in middle] == [(str(ID["agency/t/mid"]), False)]
    after = trace(store, query, date(2026, 1, 1))[0].ownersToday
    assert [(o["iri"], o["inferred"], o["label"]) for o in after] == [
        (str(ID["agency/t/new"]), True, "Sở mới")]
    assert [c["event"] for c in after[0]["chain"]] == [
        str(ID["event/old-to-mid"]), str(ID["event/mid-to-new"])]


def test_vietnamese_text_and_labels_win_and_links_out_of_the_chain_stay_out(tmp_path):
    """English values (sorting first) do not replace the Vietnamese ones; a step's link to an
    obligation outside the chain adds neither that obligation nor a parent."""
    g, iris = _small_graph()
    g.add((iris["prov"], PKG.text, Literal("A children's database, updated", lang="en")))
    g.add((ID["agency/t/old"], RDFS_LABEL, Literal("Old department", lang="en")))
    g.add((iris["comm"], PKG.concretises, iris["other"]))
    store = OxigraphStore(tmp_path / "store")
    try:
        store.replace_graphs({str(EXTRACTED_GRAPH): g})
        steps = trace(store, str(iris["prov"]), date(2024, 1, 1))
    finally:
        store.close()
    assert [s.obligation for s in steps] == [str(iris["prov"]), str(iris["comm"])]
    assert steps[0].text == "Cập nhật cơ sở dữ liệu về trẻ em của tỉnh"
    assert steps[0].owners[0]["label"].startswith("Sở <script>")
    assert steps[1].parents == [str(iris["prov"])]


def test_step_details_and_json_keys(small):
    store, iris = small
    steps = trace(store, str(iris["prov"]), date(2026, 1, 1))
    prov = steps[0]
    assert prov.deadline == "2024-11"
    assert prov.source == {"exact": "Cập nhật cơ sở dữ liệu", "start": 10, "end": 32,
                           "file": None}
    assert prov.documentNumber == "2-KH/TU" and prov.documentType == "Plan"
    assert prov.owners[0]["label"].startswith("Sở <script>")
    data = json.loads(render_json(steps))
    assert all(tuple(step) == STEP_KEYS for step in data)
    assert render_csv(steps).count("\n") == len(steps) + 1


def test_html_escapes_text_from_the_graph(small):
    store, iris = small
    page = render_html(trace(store, str(iris["prov"])), "<b>q</b>")
    assert "<script>" not in page and "<img" not in page
    assert "&lt;script&gt;" in page and "&lt;img src=x onerror=alert(1)&gt;" in page
    assert "&lt;b&gt;q&lt;/b&gt;" in page


def test_accent_folding_regex_matches_both_spellings():
    import re

    pattern = re.compile(folded_regex("du") + r"\W+" + folded_regex("lieu"))
    assert pattern.search("dữ liệu") and pattern.search("du lieu") and pattern.search("DỮ LIỆU")
    assert not pattern.search("dự án")


def test_cli_formats_and_unknown_query_exit_2(small_dir):
    data_dir, iris = small_dir
    runner = CliRunner()
    result = runner.invoke(app, ["trace", "2-KH/TU II.3", "--data-dir", str(data_dir),
                                 "--format", "json", "--as-of", "2026-01-01"])
    assert result.exit_code == 0, result.output
    assert [s["obligation"] for s in json.loads(result.output)] == [
        str(iris["prov"]), str(iris["comm"])]
    result = runner.invoke(app, ["trace", "2-KH/TU II.3", "--data-dir", str(data_dir)])
    assert result.exit_code == 0 and "2-KH/TU II.3" in result.output
    # the console entry point turns a user error into one line and exit code 2
    proc = subprocess.run(
        [sys.executable, "-c", "from policykg.cli import main; main()", "trace",
         "xyzzy khong co", "--data-dir", str(data_dir)], capture_output=True, text=True)
    assert proc.returncode == 2, proc.stderr
    # in Vietnamese unless --lang en
    assert "không có nhiệm vụ nào khớp với" in proc.stderr and "Traceback" not in proc.stderr


# ---------------------------------------------------------------- the project graph


def _ttl(directory: Path, skip: str | None = None) -> Graph:
    g = Graph()
    for path in sorted(directory.glob("*.ttl")):
        if path.name != skip:
            g.parse(path, format="turtle")
    return g


@pytest.fixture(scope="module")
def seed(tmp_path_factory):
    reference = _ttl(resources.reference_dir())
    extracted = _ttl(resources.extracted_dir(), skip="links.ttl")
    if not any(extracted.subjects(PKG.statedIn)) or not any(reference.subjects(PKG.statedIn)):
        pytest.skip("graph/reference or graph/extracted has no obligations yet")
    ontology = _ttl(resources.ontology_dir())
    links = infer_links(extracted, ontology + reference)
    store = OxigraphStore(tmp_path_factory.mktemp("seed-store"))
    store.replace_graphs({str(ONTOLOGY_GRAPH): ontology, str(REFERENCE_GRAPH): reference,
                          str(EXTRACTED_GRAPH): extracted, str(LINKS_GRAPH): links})
    yield store
    store.close()


def _source_files(store, steps) -> set[str]:
    docs = " ".join(f"<{s.document}>" for s in steps)
    rows = store.select(
        f"PREFIX pkg: <{PKG}> SELECT DISTINCT ?f WHERE {{ VALUES ?d {{ {docs} }} "
        f"?d pkg:sourceFile ?f }}")
    return {str(r["f"]) for r in rows}


@pytest.mark.parametrize("query", ["cơ sở dữ liệu về trẻ em", "co so du lieu ve tre em"])
def test_database_task_reaches_all_five_sources_in_level_order(seed, query):
    steps = trace(seed, query, date(2026, 1, 1))
    sources = {p.name for p in resources.sources_dir().iterdir() if p.suffix == ".txt"}
    assert _source_files(seed, steps) == sources
    ranks = {"CentralLevel": 0, "ProvincialLevel": 1, "DistrictLevel": 2, "CommuneLevel": 3}
    levels = [ranks.get(s.level, 9) for s in steps]
    assert levels == sorted(levels)
    assert levels[0] == 0


def _letter_task(seed) -> str:
    rows = seed.select(
        f"PREFIX pkg: <{PKG}> SELECT ?o WHERE {{ ?o pkg:statedIn ?d ; "
        f"pkg:owner <{SOC_TRANG_LDTBXH}> . ?d pkg:documentNumber \"3452/UBND-VX\" }}")
    assert rows, "the Sóc Trăng letter's task owned by Sở LĐTBXH is missing"
    return str(rows[0]["o"])


def test_letter_task_owner_today_is_can_tho_health_department(seed):
    task = _letter_task(seed)
    step = next(s for s in trace(seed, task, date(2026, 1, 1)) if s.obligation == task)
    today = [o for o in step.ownersToday if o["from"] == str(SOC_TRANG_LDTBXH)]
    assert [o["iri"] for o in today] == [str(CAN_THO_SO_Y_TE)]
    assert today[0]["inferred"] is True
    before = next(s for s in trace(seed, task, date(2024, 12, 31)) if s.obligation == task)
    old = [o for o in before.ownersToday if o["from"] == str(SOC_TRANG_LDTBXH)]
    assert [(o["iri"], o["chain"]) for o in old] == [(str(SOC_TRANG_LDTBXH), [])]


def test_named_query_gives_the_same_chain(seed):
    steps = trace(seed, "cơ sở dữ liệu về trẻ em", date(2026, 1, 1))
    root = steps[0].obligation
    named = parse_query((resources.queries_dir() / "trace.rq").read_text(encoding="utf-8"))
    rows = seed.select(named.bind({"root": root}))
    from_query = {str(r["obligation"]) for r in rows}
    below_root = [s for s in trace(seed, root, date(2026, 1, 1))]
    assert from_query == {s.obligation for s in below_root}
    assert len(from_query) > 5
