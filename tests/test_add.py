"""`policykg add` (issue 11): documents read, linked and loaded into the store in one write, a
line per file, refused files not stopping the others, sources kept for provenance."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from test_ingest_real_forms import DECISION, LETTER

from policykg.adding import ADDED_GRAPH
from policykg.store import OxigraphStore

CORPUS = Path(__file__).resolve().parent.parent.parent / "shared" / "corpus" / "real"


def run(*args: str, data_dir: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "policykg", "add", *args, "--data-dir", str(data_dir)],
        capture_output=True,
        text=True,
        timeout=300,
    )


@pytest.fixture()
def folder(tmp_path: Path) -> Path:
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "letter.txt").write_text(LETTER, encoding="utf-8")
    (docs / "decision.txt").write_text(DECISION, encoding="utf-8")
    (docs / "note.txt").write_text("Một ghi chú không phải văn bản.\n" * 3, encoding="utf-8")
    (docs / "empty.pdf").write_bytes(b"")
    return docs


def _count(data_dir: Path, where: str) -> int:
    with OxigraphStore(data_dir) as store:
        rows = store.select(f"SELECT (COUNT(*) AS ?n) WHERE {{ {where} }}")
    return int(rows[0]["n"])


def test_add_loads_the_accepted_files_and_reports_every_file(folder, tmp_path):
    data_dir = tmp_path / "store"
    result = run(str(folder), data_dir=data_dir)
    lines = result.stdout.splitlines()
    assert result.returncode == 1, result.stderr  # two files were refused
    assert len(lines) == 4 and "Traceback" not in result.stderr
    accepted = [line for line in lines if line.startswith("nhận ")]  # Vietnamese unless --lang en
    refused = [line for line in lines if line.startswith("từ chối ")]
    assert {line.split(":")[0] for line in accepted} == {
        "nhận decision.txt",
        "nhận letter.txt",
    }
    assert any("note.txt" in line and "không phải văn bản hành chính" in line for line in refused)
    assert any(line.startswith("từ chối empty.pdf") for line in refused)
    owned = _count(
        data_dir,
        f"GRAPH <{ADDED_GRAPH}> {{ ?o a ?t ; <https://w3id.org/policykg/ontology#owner> ?a }}",
    )
    assert owned >= 5
    # the normalised texts are kept where the pages look for them
    kept = data_dir / "sources" / "letter.txt"
    assert kept.is_file() and "Bộ Y tế chủ trì" in kept.read_text(encoding="utf-8")


def test_all_or_nothing_adds_nothing_when_a_file_is_refused(folder, tmp_path):
    data_dir = tmp_path / "store"
    result = run(str(folder), "--all-or-nothing", data_dir=data_dir)
    assert result.returncode == 1
    assert "không thêm gì" in result.stderr
    assert not (data_dir / "sources" / "letter.txt").exists()
    assert not (data_dir / "current").exists() or _count(
        data_dir, f"GRAPH <{ADDED_GRAPH}> {{ ?s ?p ?o }}"
    ) == 0


def test_a_different_text_under_a_kept_name_is_refused(folder, tmp_path):
    data_dir = tmp_path / "store"
    assert run(str(folder / "letter.txt"), data_dir=data_dir).returncode == 0
    other = tmp_path / "other"
    other.mkdir()
    (other / "letter.txt").write_text(DECISION, encoding="utf-8")
    result = run(str(other / "letter.txt"), data_dir=data_dir)
    assert result.returncode == 1
    assert "một văn bản nguồn khác cùng tên letter.txt" in result.stdout


def test_no_documents_is_a_usage_error(tmp_path):
    empty = tmp_path / "empty"
    empty.mkdir()
    result = run(str(empty), data_dir=tmp_path / "store")
    assert result.returncode == 2
    assert len(result.stderr.strip().splitlines()) == 1


@pytest.mark.skipif(not CORPUS.is_dir(), reason=f"the real-document corpus is not at {CORPUS}")
def test_the_real_corpus_is_added_without_a_refusal(tmp_path):
    result = run(str(CORPUS), data_dir=tmp_path / "store")
    refused = [line for line in result.stdout.splitlines() if line.startswith("từ chối ")]
    # the corpus README is the one file that is not an administrative document
    assert refused == [line for line in refused if line.startswith("từ chối README.md")]
    assert "Traceback" not in result.stderr
