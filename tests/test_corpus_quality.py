"""Real documents (issue 11's quality gate): expectations written by reading documents of the
real-document corpus (tests/expected/corpus/<file stem>.json), scored by
tests/extraction_scoring.py against what ingest makes of ../shared/corpus/real/<file stem>.txt.

The corpus is not part of the repository (it is kept beside it, read in place); where it is not
there these tests skip and say so. Each field family is scored over all documents together
(micro-averaged precision and recall): a single document may miss more.
`python benchmarks/corpus.py --gold` prints the table and the misses.

The floors: issue 11 aims at 0.90 for each family. Precision reaches it in every family;
recall reaches it for metadata and targets, not yet for the others (docs/real-documents.md has
the figures and what is missed). Every family is floored: recall a little under what is
measured, so that a regression fails here; raise the floors as recall improves.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

import pytest
from extraction_scoring import METRICS, format_table, score_source, totals
from rdflib import Graph

from policykg.ingest import ingest_paths

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "corpus" / "real"
EXPECTED = Path(__file__).resolve().parent / "expected" / "corpus"
PRECISION_FLOOR = 0.90
# recall as measured on 2026-12-06 (third session, 79 documents: the 39 of the second session
# and 40 written by reading while the code was not looked at): metadata 0.99, owners 0.86,
# coordinators 0.87, reports_to 0.73, deadlines 0.82, modality 0.90, targets 0.86
RECALL_FLOORS = {
    "metadata": 0.96,
    "owners": 0.83,
    "coordinators": 0.83,
    "reports_to": 0.69,
    "deadlines": 0.79,
    "modality": 0.86,
    "targets": 0.82,
}
FLOORED = tuple(RECALL_FLOORS)

needs_corpus = pytest.mark.skipif(
    not CORPUS.is_dir(), reason=f"the real-document corpus is not at {CORPUS}: nothing to score"
)


def expectation_files() -> list[Path]:
    return sorted(EXPECTED.glob("*.json"))


@cache
def ingested(stem: str) -> Graph:
    return ingest_paths([CORPUS / f"{stem}.txt"]).graph


def reports():
    out = []
    for path in expectation_files():
        graph = ingested(path.stem)
        for doc in json.loads(path.read_text(encoding="utf-8")):
            label = f"{path.stem[:28]} {doc['kind']}"
            out.append(score_source(graph, f"{path.stem}.txt", doc, label))
    return out


def test_the_expectations_cover_every_form_the_issue_names():
    """At least 30 documents: 5 decisions with an attached document, 5 letters, 3 with task
    tables, 10 plans, 2 directives (the corpus holds one Chỉ thị; a Công điện is the Prime
    Minister's urgent directive and counts as the second)."""
    docs = {p.stem: json.loads(p.read_text(encoding="utf-8")) for p in expectation_files()}
    assert len(docs) >= 30
    kinds = [[d["kind"] for d in file_docs] for file_docs in docs.values()]
    attached = sum(1 for k in kinds if k[0] == "Decision" and len(k) > 1)
    assert attached >= 5
    assert sum(1 for k in kinds if "OfficialLetter" in k) >= 5
    assert sum(1 for k in kinds if "Plan" in k) >= 10
    assert sum(1 for k in kinds if {"Directive", "OfficialTelegram"} & set(k)) >= 2


@needs_corpus
def test_every_expectation_names_a_corpus_file():
    missing = [p.name for p in expectation_files() if not (CORPUS / f"{p.stem}.txt").is_file()]
    assert not missing, missing


@needs_corpus
@pytest.mark.parametrize("metric", FLOORED)
def test_field_family_reaches_the_floor_on_real_documents(metric):
    all_reports = reports()
    score = totals(all_reports)[metric]
    if score.precision < PRECISION_FLOOR or score.recall < RECALL_FLOORS[metric]:
        problems = [p for r in all_reports for p in r.problems if f" {metric}:" in p]
        pytest.fail(
            f"{metric}: P={score.precision:.2f} R={score.recall:.2f} below the floors "
            f"P {PRECISION_FLOOR} / R {RECALL_FLOORS[metric]}\n"
            + format_table(all_reports)
            + "\n"
            + "\n".join(problems[:60])
        )


def test_metrics_are_the_scorers():
    assert set(FLOORED) <= set(METRICS)
