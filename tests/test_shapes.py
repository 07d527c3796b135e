"""SHACL shapes: each shape fires on a fixture node that breaks it, stays silent on one that
does not, with its severity and a message in English and Vietnamese. Fixtures: base.ttl (a small
cascade, agencies and a reorganisation) plus one file per concern in tests/fixtures/shapes/."""

from functools import cache
from pathlib import Path

import pytest
from pyshacl import validate
from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.namespace import RDF, RDFS, XSD

from policykg.namespaces import PKG
from policykg.shape_messages import restore_languages

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures" / "shapes"
SH = Namespace("http://www.w3.org/ns/shacl#")
PKGSH = Namespace("https://w3id.org/policykg/shapes#")
DOC = Namespace("https://w3id.org/policykg/id/doc/")
OBL = Namespace("https://w3id.org/policykg/id/doc/1-kh-tu/o/")
D28 = Namespace("https://w3id.org/policykg/id/doc/28-ct-tw/o/")
TARGETS = "https://w3id.org/policykg/id/doc/1-kh-tu/o/targets#target-"


@cache
def shapes_graph() -> Graph:
    g = Graph()
    for path in sorted((ROOT / "shapes").glob("*.ttl")):
        g.parse(path, format="turtle")
    return g


@cache
def ontology_graph() -> Graph:
    return Graph().parse(ROOT / "ontology" / "policykg.ttl", format="turtle")


def data_graph(concern: str, as_of: str | None = None) -> Graph:
    g = Graph()
    g.parse(FIXTURES / "base.ttl", format="turtle")
    g.parse(FIXTURES / f"{concern}.ttl", format="turtle")
    if as_of is not None:
        ctx = BNode()
        g.add((ctx, RDF.type, PKG.ValidationContext))
        g.add((ctx, PKG.asOf, Literal(as_of, datatype=XSD.date)))
    return g


def results(data: Graph) -> list[dict]:
    """pyshacl over `data` with what validate.py adds: who holds each dissolved owner's
    obligation on the as-of date, by the successor resolver (the shape's message reads it)."""
    from datetime import date

    from policykg.validate import succession_annotations

    as_of = data.value(next(data.subjects(RDF.type, PKG.ValidationContext), None), PKG.asOf)
    day = date.fromisoformat(str(as_of)) if as_of is not None else date.today()
    data = data + succession_annotations(data, day)
    _, report, _ = validate(
        data,
        shacl_graph=shapes_graph(),
        ont_graph=ontology_graph(),
        inference="none",
        advanced=True,
        allow_warnings=True,
    )
    restore_languages(report, shapes_graph())
    out = []
    for r in report.subjects(RDF.type, SH.ValidationResult):
        messages = list(report.objects(r, SH.resultMessage))
        out.append(
            {
                "shape": report.value(r, SH.sourceShape),
                "focus": report.value(r, SH.focusNode),
                "severity": report.value(r, SH.resultSeverity),
                "value": report.value(r, SH.value),
                "en": [str(m) for m in messages if m.language == "en"],
                "vi": [str(m) for m in messages if m.language == "vi"],
            }
        )
    return out


@cache
def all_results() -> tuple:
    """One validation over every concern's fixture at once (their nodes do not interfere):
    pyshacl's cost is mostly per run, so this keeps the suite fast."""
    g = Graph()
    for path in sorted(FIXTURES.glob("*.ttl")):
        g.parse(path, format="turtle")
    ctx = BNode()
    g.add((ctx, RDF.type, PKG.ValidationContext))
    g.add((ctx, PKG.asOf, Literal("2026-01-01", datatype=XSD.date)))
    return tuple(results(g))


def fired(concern: str, shape: URIRef, focus: URIRef) -> list[dict]:
    # concern names the fixture file that holds the focus node (documentation of the case)
    assert (FIXTURES / f"{concern}.ttl").exists()
    return [r for r in all_results() if r["shape"] == shape and r["focus"] == focus]


# (concern, shape, severity, focus nodes that break it, focus nodes that satisfy it)
CASES = [
    ("ownership", "ObligationHasOwnerShape", SH.Violation,
     [OBL["no-owner"], OBL["duty-no-owner"]], [OBL["named-owner"], OBL["implied-only"]]),
    ("ownership", "OwnerIsAgencyShape", SH.Violation,
     [OBL["bad-owner"]], [OBL["named-owner"], OBL["collective-only"]]),
    ("ownership", "ImpliedOwnerOnlyShape", SH.Warning,
     [OBL["implied-only"]], [OBL["named-owner"], OBL["no-owner"]]),
    ("ownership", "CollectiveOwnersOnlyShape", SH.Warning,
     [OBL["collective-only"]], [OBL["mixed-owners"], OBL["named-owner"], OBL["no-owner"]]),
    ("ownership", "UnresolvedOwnerShape", SH.Info,
     [OBL["unresolved-owner"]], [OBL["named-owner"]]),
    ("documents", "StatedInOneDocumentShape", SH.Violation,
     [OBL["two-documents"], OBL["no-document"]], [OBL["one-document"]]),
    ("documents", "DocumentNumberShape", SH.Warning, [DOC["kh-ubnd-tinh-x"]], [DOC["3-kh-tu"]]),
    ("documents", "DocumentDateShape", SH.Warning, [DOC["kh-ubnd-tinh-x"]], [DOC["3-kh-tu"]]),
    ("documents", "DocumentIssuerShape", SH.Warning, [DOC["kh-ubnd-tinh-x"]], [DOC["3-kh-tu"]]),
    ("documents", "DocumentImplementsShape", SH.Warning,
     [DOC["3-kh-tu"], DOC["9-ct-tu"]],
     [DOC["28-ct-tw"], DOC["1-kh-tu"], DOC["kh-ubnd-tinh-x"], DOC["23-qd-ttg"]]),
    ("documents", "DocumentStatesObligationsShape", SH.Warning,
     [DOC["7-ubnd-vx"]], [DOC["1-kh-tu"], DOC["28-ct-tw"]]),
    ("time-and-targets", "DeadlineShape", SH.Violation,
     [OBL["deadline-string"], OBL["deadline-ill-typed"], OBL["deadline-iri"],
      OBL["deadline-month-and-string"]],
     [OBL["deadline-day"], OBL["deadline-month"], OBL["deadline-year"]]),
    ("time-and-targets", "DeadlineValueShape", SH.Violation,
     [OBL["deadline-ill-typed"], OBL["deadline-string"], OBL["deadline-month-13"],
      OBL["deadline-feb-30"]],
     [OBL["deadline-day"], OBL["deadline-month"], OBL["deadline-year"]]),
    ("time-and-targets", "TargetComparatorShape", SH.Violation,
     [URIRef(TARGETS + "2")], [URIRef(TARGETS + "1"), URIRef(TARGETS + "5")]),
    ("time-and-targets", "TargetValueShape", SH.Violation,
     [URIRef(TARGETS + "3"), URIRef(TARGETS + "4")], [URIRef(TARGETS + "1")]),
    ("time-and-targets", "TargetIndicatorShape", SH.Violation,
     [URIRef(TARGETS + "7")], [URIRef(TARGETS + "1")]),
    ("time-and-targets", "TargetBaselineShape", SH.Violation,
     [URIRef(TARGETS + "8")], [URIRef(TARGETS + "1"), URIRef(TARGETS + "2")]),
    ("time-and-targets", "LessAmbitiousTargetShape", SH.Warning,
     [URIRef(TARGETS + "5"), URIRef(TARGETS + "6")],
     [URIRef(TARGETS + "1"), URIRef(TARGETS + "7")]),
    ("reorganisation", "DissolvedOwnerShape", SH.Warning,
     [OBL["labour-task"]], [OBL["health-task"]]),
    ("coverage", "TaskGroupCoverageShape", SH.Warning,
     [DOC["4-kh-tu"]], [DOC["5-kh-tu"], DOC["1-kh-tu"]]),
    ("coverage", "CoverageNotAssessedShape", SH.Info,
     [DOC["1-kh-tu"]], [DOC["4-kh-tu"], DOC["5-kh-tu"]]),
    ("requests", "FrontRequestShape", SH.Info,
     [OBL["front-request"]], [OBL["front-assigned"], OBL["state-request"]]),
]


@pytest.mark.parametrize("concern, shape, severity, bad, good", CASES, ids=[c[1] for c in CASES])
def test_shape_fires_on_bad_and_not_on_good(concern, shape, severity, bad, good):
    for focus in bad:
        found = fired(concern, PKGSH[shape], focus)
        assert found, f"{shape} did not fire on {focus}"
        for r in found:
            assert r["severity"] == severity
            assert r["en"] and r["vi"], f"{shape}: message missing in en or vi"
            assert not any("{?" in m or "{$" in m for m in r["en"] + r["vi"]), r
    for focus in good:
        assert not fired(concern, PKGSH[shape], focus), f"{shape} fired on {focus}"


def test_every_shape_is_covered_by_a_case():
    sg = shapes_graph()
    top = {s for s in sg.subjects(RDF.type, SH.NodeShape)} | {
        s for s in sg.subjects(RDF.type, SH.PropertyShape)
    }
    assert {PKGSH[c[1]] for c in CASES} == top


def test_every_shape_has_severity_and_bilingual_message():
    sg = shapes_graph()
    shapes = set(sg.subjects(RDF.type, SH.NodeShape)) | set(sg.subjects(RDF.type, SH.PropertyShape))
    for shape in shapes:
        assert sg.value(shape, SH.severity) in {SH.Violation, SH.Warning, SH.Info}, shape
        langs = {m.language for m in sg.objects(shape, SH.message)}
        assert {"en", "vi"} <= langs, shape
        for constraint in sg.objects(shape, SH.sparql):
            assert {m.language for m in sg.objects(constraint, SH.message)} >= {"en", "vi"}
            assert sg.value(constraint, SH.prefixes) == PKGSH.prefixes


def test_dissolved_owner_message_names_successor():
    (r,) = fired("reorganisation", PKGSH.DissolvedOwnerShape, OBL["labour-task"])
    # successor through the inheriting event only (health), not the merger's home affairs
    assert "Sở Y tế" in r["en"][0] and "Sở Nội vụ" not in r["en"][0]
    assert "Sở Y tế" in r["vi"][0] and "Sở Nội vụ" not in r["vi"][0]
    assert "2025-03-01" in r["en"][0]
    assert "inferred" in r["en"][0]  # the path says the hop is an inference
    # the Vietnamese message is Vietnamese throughout: its dates and the hop's basis too
    assert "01/3/2025" in r["vi"][0] and "suy luận" in r["vi"][0], r["vi"][0]
    assert "2025-" not in r["vi"][0] and "inferred" not in r["vi"][0], r["vi"][0]


def test_dissolved_owner_without_the_resolver_says_so():
    """pyshacl run directly (no pkg:succession from validate.py): the message does not guess."""
    g = data_graph("reorganisation", as_of="2026-01-01")
    _, report, _ = validate(g, shacl_graph=shapes_graph(), ont_graph=ontology_graph(),
                            inference="none", advanced=True, allow_warnings=True)
    messages = [str(m) for r in report.subjects(SH.sourceShape, PKGSH.DissolvedOwnerShape)
                for m in report.objects(r, SH.resultMessage)]
    assert messages and all("unknown" in m or "chưa xác định" in m for m in messages)


@pytest.mark.parametrize(
    "as_of, expect",
    [("2025-02-28", False), ("2025-03-01", True), ("2025-06-30", True)],
)
def test_as_of_date_decides_dissolution(as_of, expect):
    found = [
        r
        for r in results(data_graph("reorganisation", as_of=as_of))
        if r["shape"] == PKGSH.DissolvedOwnerShape and r["focus"] == OBL["labour-task"]
    ]
    assert bool(found) == expect


def test_without_context_as_of_is_today():
    # the fixture's event lies in the past, so today it has happened
    found = [
        r
        for r in results(data_graph("reorganisation"))
        if r["shape"] == PKGSH.DissolvedOwnerShape
    ]
    assert [r["focus"] for r in found] == [OBL["labour-task"]]


def test_dissolved_owner_without_inheriting_event_says_none_recorded():
    g = data_graph("reorganisation", as_of="2026-01-01")
    g.remove((None, PKG.inheritsObligations, Literal(True)))
    found = [r for r in results(g) if r["shape"] == PKGSH.DissolvedOwnerShape]
    assert len(found) == 1
    assert "none recorded" in found[0]["en"][0]


def test_coverage_names_the_missing_group():
    found = fired("coverage", PKGSH.TaskGroupCoverageShape, DOC["4-kh-tu"])
    assert [r["value"] for r in found] == [D28.g1]
    assert "28-CT/TW" in found[0]["en"][0]


def test_coverage_names_the_group_in_each_messages_language():
    # issue 13: the Vietnamese message had the group's English label inside it
    found = fired("coverage", PKGSH.TaskGroupCoverageShape, DOC["4-kh-tu"])
    assert found[0]["vi"][0].endswith(": Lãnh đạo, chỉ đạo và tuyên truyền"), found[0]["vi"]
    assert "Leadership" not in found[0]["vi"][0]
    assert found[0]["en"][0].endswith(": Leadership and dissemination"), found[0]["en"]


def test_coverage_ignores_documents_that_implement_no_directive():
    # kh-ubnd-tinh-x implements a plan, not a directive: not assessed for coverage
    for shape in (PKGSH.TaskGroupCoverageShape, PKGSH.CoverageNotAssessedShape):
        assert not fired("documents", shape, DOC["kh-ubnd-tinh-x"])


def test_clean_fixture_has_no_violation():
    g = Graph().parse(FIXTURES / "base.ttl", format="turtle")
    violations = [r for r in results(g) if r["severity"] == SH.Violation]
    assert violations == []


def test_label_is_not_needed_for_messages():
    # an owner without any label still gets a readable message (its IRI)
    g = data_graph("ownership")
    agency = URIRef("https://w3id.org/policykg/id/agency/tinh-x/ban-chi-dao-moi")
    g.remove((agency, RDFS.label, None))
    found = [r for r in results(g) if r["shape"] == PKGSH.UnresolvedOwnerShape]
    assert str(agency) in found[0]["en"][0]


def test_restore_languages_retags_filled_templates_only():
    shapes = Graph()
    shape = PKGSH.S
    shapes.add((shape, SH.message, Literal("Owner {?name} ended on {?date}.", lang="en")))
    shapes.add((shape, SH.message, Literal("Cơ quan {?name} chấm dứt ngày {?date}.", lang="vi")))
    report = Graph()
    r = BNode()
    report.add((r, RDF.type, SH.ValidationResult))
    report.add((r, SH.sourceShape, shape))
    for text in ("Owner Sở Y tế ended on 2025-03-01.", "Cơ quan Sở Y tế chấm dứt ngày 2025-03-01.",
                 "Something else."):
        report.add((r, SH.resultMessage, Literal(text)))
    restore_languages(report, shapes)
    tagged = {(str(m), m.language) for m in report.objects(r, SH.resultMessage)}
    assert tagged == {
        ("Owner Sở Y tế ended on 2025-03-01.", "en"),
        ("Cơ quan Sở Y tế chấm dứt ngày 2025-03-01.", "vi"),
        ("Something else.", None),
    }
