"""RDF output: public vocabulary, provenance that quotes the normalised text exactly, no blank
nodes, byte-identical re-runs (`policykg build --check` says if graph/extracted is current)."""

from pathlib import Path

import pytest
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import PROV, RDF, XSD

from policykg.ingest import build_extracted, ingest_paths, read_file, write_turtle
from policykg.namespaces import OA, PKG, document_iri, obligation_iri

ROOT = Path(__file__).resolve().parent.parent
SOURCES = ROOT / "graph" / "sources"


@pytest.fixture(scope="module")
def result():
    return ingest_paths(sorted(SOURCES.glob("*.txt")))


@pytest.fixture(scope="module")
def texts():
    return {path.name: read_file(path) for path in SOURCES.glob("*.txt")}


def test_documents_in_the_public_vocabulary(result):
    g = result.graph
    plan = document_iri("109-KH/TU", "Lâm Đồng")
    assert (plan, RDF.type, PKG.Plan) in g
    assert g.value(plan, PKG.documentNumber) == Literal("109-KH/TU")
    assert g.value(plan, PKG.issued) == Literal("2024-03-08", datatype=XSD.date)
    assert set(g.objects(plan, PKG.implements)) == {
        document_iri("28-CT/TW"), document_iri("136-HD/BTGTW")
    }
    assert str(g.value(plan, PKG.province)).endswith("/province/lam-dong")
    assert str(g.value(plan, PKG.issuedBy)).endswith("/agency/lam-dong/ban-thuong-vu-tinh-uy")
    assert g.value(plan, PKG.level) == PKG.ProvincialLevel
    assert g.value(plan, PKG.sourceFile) == Literal("000_4da9dcbc9bf26cdb.txt")
    assert len(str(g.value(plan, PKG.textSha256))) == 64
    letter = document_iri("3452/UBND-VX", "Sóc Trăng")
    assert (letter, RDF.type, PKG.OfficialLetter) in g
    assert (letter, PKG.implements, document_iri("61-CTr/TU", "Sóc Trăng")) in g
    assert (letter, PKG.cites, document_iri("28-CT/TW")) in g
    assert (document_iri("61-CTr/TU", "Sóc Trăng"), RDF.type, PKG.Programme) in g


def test_unnumbered_documents_get_a_stable_key(result):
    g = result.graph
    thai_nguyen = document_iri("KH-TU Thái Nguyên")
    assert str(thai_nguyen).endswith("/doc/kh-tu-thai-nguyen")
    assert (thai_nguyen, RDF.type, PKG.Plan) in g
    assert (document_iri("CTr-UBND Cần Thơ"), RDF.type, PKG.Programme) in g


def test_unknown_parents_get_minimal_triples(tmp_path):
    path = tmp_path / "plan.txt"
    path.write_text(
        "TỈNH ỦY THÁI NGUYÊN\nSố 7-KH/TU\nThái Nguyên, ngày 02 tháng 5 năm 2024\nKẾ HOẠCH\n"
        "Thực hiện Kế hoạch số 998-KH/TU\n\nThực hiện Kế hoạch số 998-KH/TU ngày 01/02/2024 "
        "của Ban Thường vụ Tỉnh ủy về thực hiện Chỉ thị số 28-CT/TW, Ban Thường vụ Tỉnh ủy ban "
        "hành Kế hoạch như sau:\n\n"
        "I. NHIỆM VỤ\n1. Sở Y tế chủ trì.\n2. Sở Tư pháp phối hợp.\n",
        encoding="utf-8",
    )
    g = ingest_paths([path]).graph
    parent = document_iri("998-KH/TU", "Thái Nguyên")
    assert (document_iri("7-KH/TU", "Thái Nguyên"), PKG.implements, parent) in g
    assert (parent, RDF.type, PKG.Plan) in g
    assert g.value(parent, PKG.documentNumber) == Literal("998-KH/TU")
    assert g.value(parent, PKG.issued) == Literal("2024-02-01", datatype=XSD.date)
    # a document the reference graph holds is only linked, not redescribed
    assert (document_iri("7-KH/TU", "Thái Nguyên"), PKG.cites, document_iri("28-CT/TW")) in g
    assert g.value(document_iri("28-CT/TW"), PKG.documentNumber) is None


def test_every_obligation_quotes_its_passage_exactly(result, texts):
    g = result.graph
    obligations = set(g.subjects(RDF.type, PKG.Obligation))
    assert len(obligations) >= 60
    for obligation in obligations:
        source = g.value(obligation, PROV.wasDerivedFrom)
        assert source == URIRef(f"{obligation}#source")
        assert (source, RDF.type, OA.SpecificResource) in g
        document = g.value(source, OA.hasSource)
        assert (obligation, PKG.statedIn, document) in g
        text = texts[str(g.value(document, PKG.sourceFile))]
        position = URIRef(f"{obligation}#position")
        quote = URIRef(f"{obligation}#quote")
        assert {position, quote} == set(g.objects(source, OA.hasSelector))
        start, end = int(g.value(position, OA.start)), int(g.value(position, OA.end))
        assert 0 <= start < end <= len(text)
        assert text[start:end] == str(g.value(quote, OA.exact))


def test_obligation_paths_kinds_and_nesting(result):
    g = result.graph
    programme = document_iri("CTr-UBND Cần Thơ")
    item = obligation_iri(programme, "III.1.đ")
    assert (item, RDF.type, PKG.Obligation) in g
    assert g.value(item, PKG.sectionPath) == Literal("III.1.đ")
    assert item != obligation_iri(programme, "III.1.d")  # items d) and đ) stay apart
    assert g.value(obligation_iri(programme, "III.1.d"), PKG.sectionPath) == Literal("III.1.d")
    assert g.value(item, PKG.sectionKind) == PKG.ImplementationSection
    assert g.value(item, PKG.text).language == "vi"
    reporting = obligation_iri(programme, "III.8")
    assert (reporting, RDF.type, PKG.ReportingDuty) in g
    assert g.value(reporting, PKG.sectionKind) == PKG.ReportingSection
    plan = document_iri("109-KH/TU", "Lâm Đồng")
    bullet = obligation_iri(plan, "II.3.2")
    assert g.value(bullet, PKG.partOf) == obligation_iri(plan, "II.3")


def test_no_blank_nodes(result):
    assert not any(isinstance(term, BNode) for triple in result.graph for term in triple)


def test_turtle_is_deterministic_and_parses(tmp_path, result):
    first, second = tmp_path / "a.ttl", tmp_path / "b.ttl"
    write_turtle(result.graph, first)
    write_turtle(ingest_paths(sorted(SOURCES.glob("*.txt"))).graph, second)
    assert first.read_bytes() == second.read_bytes()
    parsed = Graph().parse(first, format="turtle")
    assert len(parsed) == len(result.graph)


def test_build_extracted_is_byte_identical(tmp_path):
    one, two = tmp_path / "one", tmp_path / "two"
    written = build_extracted(SOURCES, one)
    build_extracted(SOURCES, two)
    names = sorted(p.name for p in written)
    assert names == sorted(p.name for p in two.iterdir())
    assert len(names) == 2 * len(list(SOURCES.glob("*.txt")))
    for name in names:
        assert (one / name).read_bytes() == (two / name).read_bytes(), name
    text = (one / "003_9da1952008248b1f.txt").read_text(encoding="utf-8")
    assert text == read_file(SOURCES / "003_9da1952008248b1f.txt")


def test_local_numbers_are_scoped_by_province_central_ones_are_not(tmp_path):
    """Every Tỉnh ủy issues a 109-KH/TU: two provinces' plans must not share an IRI."""
    plans = []
    for name, province in (("a.txt", "THÁI NGUYÊN"), ("b.txt", "BẮC NINH")):
        path = tmp_path / name
        path.write_text(
            f"TỈNH ỦY {province}\nSố 109-KH/TU\n{province.title()}, ngày 02 tháng 5 năm 2024\n"
            "KẾ HOẠCH\nThực hiện Chỉ thị số 28-CT/TW\n\nThực hiện Chỉ thị số 28-CT/TW ngày "
            "25/12/2023 của Bộ Chính trị, Ban Thường vụ Tỉnh ủy ban hành Kế hoạch như sau:\n\n"
            "I. NHIỆM VỤ\n1. Sở Y tế chủ trì.\n2. Sở Tư pháp phối hợp.\n",
            encoding="utf-8",
        )
        plans.append(path)
    g = ingest_paths(plans).graph
    a, b = document_iri("109-KH/TU", "Thái Nguyên"), document_iri("109-KH/TU", "Bắc Ninh")
    assert a != b and (a, RDF.type, PKG.Plan) in g and (b, RDF.type, PKG.Plan) in g
    for plan in (a, b):
        assert (plan, PKG.implements, document_iri("28-CT/TW")) in g
    assert document_iri("28-CT/TW", "Bắc Ninh") == document_iri("28-CT/TW")
