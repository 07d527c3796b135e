"""The same documents in other forms must give the same owners (issue 3, quality gate): agreement
of (document, section path, owner) triples with those of the original file, >= 0.90 both ways.
Variants are generated in tmp_path (tests/variants.py); nothing generated is committed."""

import tempfile
import unicodedata
from pathlib import Path

import pytest
from docx import Document as DocxDocument
from extraction_scoring import extract, reference_labels
from pypdf import PdfReader
from rdflib import DCTERMS, RDFS, Graph
from variants import (
    VARIANTS,
    make_variant,
    move_to_province,
    rewrap,
    strip_diacritics,
    strip_markdown,
    write_docx,
    write_pdf,
)

from policykg.namespaces import PKG
from policykg.resources import sources_dir
from policykg.text import slug

MIN_AGREEMENT = 0.90
SOURCES = sorted(sources_dir().glob("*.txt"))
SAMPLE = "## II- MỤC ĐÍCH\n**Ban Thường vụ Tỉnh ủy** giao *Sở Y tế* chủ trì, phối hợp.\n"


def _has_markdown(path) -> bool:
    text = path.read_text(encoding="utf-8")
    return strip_markdown(text) != text


CASES = [
    pytest.param(src, name, id=f"{src.stem[:3]}-{name}")
    for src in SOURCES
    for name in VARIANTS
    # "without Markdown" only means something for a source that has Markdown
    if name != "no_markdown" or _has_markdown(src)
]


# ----------------------------------------------------------------------------- the variants
def test_strip_diacritics_keeps_case_and_punctuation():
    out = strip_diacritics(SAMPLE)
    assert out.startswith("## II- MUC DICH\n**Ban Thuong vu Tinh uy** giao *So Y te* chu tri,")
    assert not any(unicodedata.category(c) == "Mn" for c in unicodedata.normalize("NFD", out))


def test_rewrap_changes_line_breaks_but_not_words_or_items():
    text = SOURCES[0].read_text(encoding="utf-8")
    out = rewrap(text, width=50)
    assert out.split() == text.split()
    assert out != text
    old_starts = [ln.lstrip()[:3] for ln in text.splitlines() if ln.strip()]
    new_starts = [ln.lstrip()[:3] for ln in out.splitlines() if ln.strip()]
    for marker in ("- ", "1. ", "I. "):  # no new item markers at line starts
        assert sum(s.startswith(marker) for s in new_starts) == sum(
            s.startswith(marker) for s in old_starts
        )


def test_strip_markdown_removes_headings_and_emphasis():
    out = strip_markdown(SAMPLE)
    assert out == "II- MỤC ĐÍCH\nBan Thường vụ Tỉnh ủy giao Sở Y tế chủ trì, phối hợp.\n"


def test_docx_holds_the_text_with_headings_and_bold(tmp_path):
    document = DocxDocument(write_docx(SAMPLE, tmp_path / "s.docx"))
    first, second = document.paragraphs[0], document.paragraphs[1]
    assert first.text == "II- MỤC ĐÍCH" and first.style.name.startswith("Heading")
    assert second.text.startswith("Ban Thường vụ Tỉnh ủy giao Sở Y tế")
    assert second.runs[0].bold and not second.runs[1].bold


def test_pdf_has_a_unicode_text_layer(tmp_path):
    reader = PdfReader(write_pdf(SAMPLE * 3, tmp_path / "s.pdf"))
    text = unicodedata.normalize("NFC", "".join(p.extract_text() for p in reader.pages))
    assert "Ban Thường vụ Tỉnh ủy giao Sở Y tế chủ trì, phối hợp." in text
    assert "**" not in text


# ----------------------------------------------------------------------------- agreement
def owner_triples(graph: Graph) -> set[tuple[str, str, str]]:
    triples = set()
    for obligation, doc in graph.subject_objects(PKG.statedIn):
        path = graph.value(obligation, PKG.sectionPath)
        for owner in graph.objects(obligation, PKG.owner):
            triples.add((str(doc), str(path), str(owner)))
    return triples


@pytest.mark.parametrize("source,variant", CASES)
def test_variant_gives_the_same_owners(tmp_path, source, variant):
    original = owner_triples(extract(source))
    assert original, f"{source.name}: the original yields no owners, nothing to compare"
    got = owner_triples(extract(make_variant(variant, source, tmp_path)))
    common = original & got
    precision = len(common) / len(got) if got else 0.0
    recall = len(common) / len(original)
    missing = sorted(original - got)[:10]
    extra = sorted(got - original)[:10]
    assert precision >= MIN_AGREEMENT and recall >= MIN_AGREEMENT, (
        f"{source.name} as {variant}: precision {precision:.2f}, recall {recall:.2f}\n"
        f"missing {missing}\nextra {extra}"
    )


# The next province's plan: the same text issued elsewhere (a province or a centrally-run city
# the seeds do not contain) must give the same owners, in that province. Beyond the list
# of variants; held to the same 0.90 since provincial collectives of an unseen province resolve
# to that province's (they resolved to central ones at first: docs/extraction-quality.md).
NEXT_PROVINCE = {"tinh": "Bình Phước", "thanh-pho": "Đà Nẵng"}
MIN_NEXT_PROVINCE = 0.90


def _province_of(graph: Graph) -> tuple[str, str]:
    """(Vietnamese name, kind slug) of the province the file's documents were issued in."""
    province = next(graph.objects(None, PKG.province))
    reference = reference_labels()
    name = next(str(x) for x in reference.objects(province, RDFS.label) if x.language == "vi")
    kind = str(reference.value(province, DCTERMS.type)).rsplit("/", 1)[-1]
    return name, kind


def next_province_agreement(source) -> tuple[str, str, float, float, set, set]:
    """(old, new, precision, recall, missing, extra) of the owners of `source` moved to the next
    province against the original's owners with the province renamed in their IRIs."""
    graph = extract(source)
    old, kind = _province_of(graph)
    new = NEXT_PROVINCE[kind]
    expected = {
        tuple(x.replace(slug(old), slug(new)) for x in triple) for triple in owner_triples(graph)
    }
    with tempfile.TemporaryDirectory() as tmp:
        moved = Path(tmp) / source.name
        moved.write_text(move_to_province(source.read_text(encoding="utf-8"), old, new), "utf-8")
        got = owner_triples(extract(moved))
    common = expected & got
    precision = len(common) / len(got) if got else 0.0
    recall = len(common) / len(expected) if expected else 0.0
    return old, new, precision, recall, expected - got, got - expected


@pytest.mark.parametrize("source", SOURCES, ids=lambda p: p.stem[:3])
def test_next_province_gives_the_same_owners(source):
    old, new, precision, recall, missing, extra = next_province_agreement(source)
    assert precision >= MIN_NEXT_PROVINCE and recall >= MIN_NEXT_PROVINCE, (
        f"{source.name} moved from {old} to {new}: precision {precision:.2f}, recall "
        f"{recall:.2f}\nmissing {sorted(missing)[:10]}\nextra {sorted(extra)[:10]}"
    )
