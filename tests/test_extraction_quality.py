"""Quality gate of issue 3: precision and recall of ingest against expectation files written by
reading the five source documents (tests/expected/*.json; scoring in tests/extraction_scoring.py).

Run with `pytest -s tests/test_extraction_quality.py` to see the table;
`python benchmarks/extraction_quality.py` prints it and writes docs/extraction-quality.md.
"""

import re
from datetime import date

import pytest
from extraction_scoring import (
    METRICS,
    DocReport,
    ExtractedAgency,
    doc_label,
    expectation_files,
    format_table,
    load_expected,
    match_agencies,
    name_keys,
    score_all,
    score_document,
    source_for,
)
from rdflib import RDF, RDFS, Graph, Literal, URIRef

from policykg.namespaces import ID, PKG
from policykg.resources import sources_dir
from policykg.text import fold, nfc

# Minimum (precision, recall) per metric, required of EVERY document. The aim is 0.95
# on owners and metadata. The other fields get a lower floor of 0.80 (chosen here: they are
# reported, and the floor catches a collapse without pinning every judgement call).
THRESHOLDS: dict[str, tuple[float, float]] = {
    "metadata": (0.95, 0.95),
    "owners": (0.95, 0.95),
    "coordinators": (0.80, 0.80),
    "reports_to": (0.80, 0.80),
    "deadlines": (0.80, 0.80),
    "modality": (0.80, 0.80),
    "targets": (0.80, 0.80),
    "baselines": (0.80, 0.80),
}

SECTION_PATH = re.compile(r"^[IVX]+(\.(\d+|[a-zđ]))*$")
CASES = [
    (path, index, doc_label(path, doc))
    for path in expectation_files()
    for index, doc in enumerate(load_expected(path))
]


# ----------------------------------------------------------------------------- the expectations
def test_every_source_has_an_expectation_file():
    sources = {p.stem for p in sources_dir().glob("*.txt")}
    expected = {p.stem for p in expectation_files()}
    assert sources and sources == expected


@pytest.mark.parametrize("path", expectation_files(), ids=lambda p: p.stem[:3])
def test_expectation_quotes_locate_one_passage(path):
    """Each item's quote occurs exactly once in its source (accent-folded, markup removed), and
    every section path follows the document's numbering scheme."""
    source = fold(nfc(source_for(path).read_text(encoding="utf-8")).replace("*", ""))
    for doc in load_expected(path):
        assert doc["kind"] in {
            "Plan",
            "Programme",
            "Directive",
            "Decision",
            "Guidance",
            "OfficialLetter",
        }
        for item in doc["implementation_items"]:
            if item["section_path"] is not None:
                assert SECTION_PATH.match(item["section_path"]), item["section_path"]
                assert item["section_path"].startswith(doc["implementation_section"] + ".")
            if not item.get("heading_only"):
                assert source.count(fold(item["quote"])) == 1, item["quote"]
            assert item["modality"] in {"Assigned", "Requested"}


# ----------------------------------------------------------------------------- the scorer itself
def _toy_graph() -> Graph:
    """One plan with two obligations: III.1 right, III.2 with one unresolved owner."""
    g = Graph()
    doc = ID["doc/9-kh-tu"]
    g.add((doc, RDF.type, PKG.Plan))
    g.add((doc, PKG.sourceFile, Literal("toy.txt")))
    g.add((doc, PKG.documentNumber, Literal("9-KH/TU")))
    g.add((doc, PKG.issued, Literal(date(2024, 3, 8))))
    g.add((doc, PKG.signer, Literal("Trần Văn A")))
    good = ID["agency/lam-dong/ban-tuyen-giao-tinh-uy"]  # matched through the IRI scheme
    odd = ID["agency/lam-dong/ban-gi-do"]
    g.add((odd, RDFS.label, Literal("Đảng đoàn Hội đồng nhân dân tỉnh", lang="vi")))
    g.add((odd, PKG.unresolved, Literal(True)))
    for path, owner in (("III.1", good), ("III.2", odd)):
        obl = URIRef(f"{doc}/o/{path.lower()}")
        g.add((obl, PKG.statedIn, doc))
        g.add((obl, PKG.sectionPath, Literal(path)))
        g.add((obl, PKG.owner, owner))
    return g


def test_scorer_counts_hits_misses_and_unresolved_owners(tmp_path):
    expected = {
        "kind": "Plan",
        "number": "9-KH/TU",
        "issued": "2024-03-08",
        "issuer": "Ban Thường vụ Tỉnh ủy Lâm Đồng",
        "province": "Lâm Đồng",
        "signer": "Trần Văn A",
        "signer_role": None,
        "implements": ["28-CT/TW"],
        "implementation_section": "III",
        "targets": [],
        "implementation_items": [
            {
                "section_path": p,
                "quote": "x",
                "owners": [o],
                "coordinators": [],
                "reports_to": [],
                "deadline": None,
                "recurrence": None,
                "due_day": None,
                "modality": "Assigned",
            }
            for p, o in (
                ("III.1", "Ban Tuyên giáo Tỉnh ủy Lâm Đồng"),
                ("III.2", "Đảng đoàn Hội đồng nhân dân tỉnh Lâm Đồng"),
            )
        ],
    }
    report = score_document(_toy_graph(), tmp_path / "toy.json", expected)
    owners, metadata = report.scores["owners"], report.scores["metadata"]
    assert (owners.tp, owners.fp, owners.fn) == (1, 1, 1)  # unresolved counts as wrong
    # kind, number, issued, signer right; issuer, province, implements missing
    assert (metadata.tp, metadata.fp, metadata.fn) == (4, 0, 3)
    assert report.scores["modality"].fn == 2
    assert any("III.2 owners: extra/wrong" in p and "unresolved" in p for p in report.problems)


def test_owner_names_tolerate_the_province_suffix_but_not_another_province():
    assert name_keys("Sở Y tế thành phố Cần Thơ", "Cần Thơ") & name_keys("Sở Y tế", "Cần Thơ")
    assert not (
        name_keys("Sở Y tế tỉnh Sóc Trăng", "Cần Thơ")
        & name_keys("Sở Y tế thành phố Cần Thơ", "Cần Thơ")
    )
    group = {
        "joined": ["các huyện ủy, thị ủy, thành ủy"],
        "split": ["các huyện ủy", "các thị ủy", "các thành ủy"],
    }
    # nothing extracted: the reading with the fewest misses (the joined collective) is scored
    assert match_agencies([group], [], [], "Sóc Trăng") == (
        0,
        ["các huyện ủy, thị ủy, thành ủy"],
        [],
    )


def _agency(name: str, *labels: str) -> ExtractedAgency:
    keys = set().union(*(name_keys(x, "Sóc Trăng") for x in labels))
    return ExtractedAgency(ID[f"agency/soc-trang/{name}"], frozenset(keys), labels[0], False)


def test_owner_matching_is_one_to_one_and_maximal():
    """Overlapping gazetteer labels must not make a greedy match lose a right owner."""
    both = _agency("a", "Các đảng ủy trực thuộc Tỉnh ủy", "Các huyện ủy")
    district = _agency("b", "Các huyện ủy")
    expected = ["các huyện ủy", "các đảng ủy trực thuộc Tỉnh ủy"]
    assert match_agencies(expected, [], [both, district], "Sóc Trăng") == (2, [], [])
    hits, missing, spurious = match_agencies(expected[:1], [], [both, district], "Sóc Trăng")
    assert (hits, missing, len(spurious)) == (1, [], 1)
    # an optional (tolerated) name absorbs the extra without counting it
    assert match_agencies(
        expected[:1], ["Các đảng ủy trực thuộc Tỉnh ủy"], [both, district], "Sóc Trăng"
    ) == (1, [], [])


# ----------------------------------------------------------------------------- the gate
@pytest.fixture(scope="module")
def reports() -> dict[str, DocReport]:
    results = score_all()
    print("\nExtraction quality (precision/recall):\n" + format_table(results))
    return {r.label: r for r in results}


@pytest.mark.parametrize("metric", METRICS)
@pytest.mark.parametrize("path,index,label", CASES, ids=[c[2] for c in CASES])
def test_extraction_meets_threshold(reports, path, index, label, metric):
    report = reports[label]
    score = report.scores[metric]
    min_p, min_r = THRESHOLDS[metric]
    problems = [p for p in report.problems if f" {metric}:" in p or "not found" in p]
    detail = "\n".join(problems[:40])
    assert score.precision >= min_p and score.recall >= min_r, (
        f"{label} {metric}: precision {score.precision:.2f} (min {min_p}), recall "
        f"{score.recall:.2f} (min {min_r})\n{detail}"
    )
