"""`policykg ingest`: Turtle and JSON output; bad input exits 2 with one line and writes nothing."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from rdflib import Graph
from rdflib.namespace import RDF

from policykg.namespaces import PKG, document_iri

SOURCES = Path(__file__).resolve().parent.parent / "graph" / "sources"
LETTER = SOURCES / "004_626193b0675de070.txt"


def _run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-c", "from policykg.cli import main; main()", "ingest", *args],
        env={**os.environ, "POLICYKG_LANG": "en"},  # the reasons as written; test_cli_messages
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_turtle_output(tmp_path):
    out = tmp_path / "out.ttl"
    run = _run(str(LETTER), str(SOURCES / "000_4da9dcbc9bf26cdb.txt"), "--out", str(out))
    assert run.returncode == 0, run.stderr
    graph = Graph().parse(out, format="turtle")
    assert (document_iri("3452/UBND-VX", "Sóc Trăng"), RDF.type, PKG.OfficialLetter) in graph
    assert (document_iri("61-CTr/TU", "Sóc Trăng"), RDF.type, PKG.Programme) in graph
    assert (document_iri("109-KH/TU", "Lâm Đồng"), RDF.type, PKG.Plan) in graph
    assert len(set(graph.subjects(RDF.type, PKG.Obligation))) > 20


def test_json_summary(tmp_path):
    out = tmp_path / "out.json"
    run = _run(str(LETTER), "--out", str(out), "--format", "json")
    assert run.returncode == 0, run.stderr
    documents = json.loads(out.read_text(encoding="utf-8"))["documents"]
    assert [(d["kind"], d["number"], d["issued"]) for d in documents] == [
        ("OfficialLetter", "3452/UBND-VX", "2024-10-23"),
        ("Programme", "61-CTr/TU", "2024-10-21"),
    ]
    assert documents[0]["province"] == "Sóc Trăng"
    assert documents[0]["implements"] == ["61-CTr/TU", "1965-CV/BCSD"]
    (letter_task,) = documents[0]["obligations"]
    assert letter_task["path"] == "1"
    paths = [o["path"] for o in documents[1]["obligations"]]
    assert "V.5" in paths and len(paths) == len(set(paths))


def _bad_files(tmp_path: Path) -> dict[str, tuple[Path, str]]:
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    binary = tmp_path / "blob.txt"
    binary.write_bytes(bytes(range(256)) * 4)
    unknown = tmp_path / "table.xlsx"
    unknown.write_bytes(b"PK\x03\x04 not really")
    prose = tmp_path / "prose.md"
    prose.write_text("Hôm nay trời đẹp. Chúng tôi đi dạo quanh hồ.\n" * 5, encoding="utf-8")
    scan = tmp_path / "scan.pdf"
    fpdf = pytest.importorskip("fpdf")
    pdf = fpdf.FPDF()
    pdf.add_page()
    pdf.rect(10, 10, 50, 50, style="F")
    pdf.output(str(scan))
    return {
        "empty": (empty, "empty"),
        "binary": (binary, "binary"),
        "unknown": (unknown, "docx"),
        "prose": (prose, "not an administrative document"),
        "scan": (scan, "no text layer"),
        "missing": (tmp_path / "nope.txt", "no such file"),
    }


@pytest.mark.parametrize("case", ["empty", "binary", "unknown", "prose", "scan", "missing"])
def test_bad_input_exits_2_and_writes_nothing(tmp_path, case):
    path, reason = _bad_files(tmp_path)[case]
    out = tmp_path / "out.ttl"
    run = _run(str(LETTER), str(path), "--out", str(out))  # one good file does not help
    assert run.returncode == 2
    assert not out.exists()
    assert not list(tmp_path.glob(".out.ttl*"))  # no temporary file left behind
    message = run.stderr.strip()
    assert len(message.splitlines()) == 1 and "Traceback" not in message
    assert path.name in message and reason in message


def test_an_existing_out_file_is_left_untouched_on_error(tmp_path):
    out = tmp_path / "out.ttl"
    out.write_text("previous\n")
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    assert _run(str(empty), "--out", str(out)).returncode == 2
    assert out.read_text() == "previous\n"


def test_unknown_output_format_is_a_usage_error(tmp_path):
    out = tmp_path / "out.xml"
    run = _run(str(LETTER), "--out", str(out), "--format", "xml")
    assert run.returncode == 2 and not out.exists()
    assert "unknown format" in run.stderr
