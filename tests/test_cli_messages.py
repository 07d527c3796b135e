"""The writing commands speak the analyst's language too (issue 13, item 1): `build`, `add`,
`ingest`, `load` and `viz` print their progress, per-file lines, summaries and errors in
Vietnamese by default and in English with --lang en (or POLICYKG_LANG=en), from the one
translation table (policykg/web/i18n.py); machine formats stay as they were. The modules raise
their errors in English: the table's `err.*` entries translate them by their English text, and
the last tests keep those entries in step with the messages the code actually raises."""

import contextlib
import json
import os
import string
import subprocess
from pathlib import Path

import pytest
from test_cli import EXE, assert_one_line_error, run
from test_ingest_real_forms import LETTER
from typer.testing import CliRunner

from policykg import resources
from policykg.errors import PolicykgError
from policykg.web.i18n import MESSAGES, text, translate_message

SOURCE = sorted(resources.sources_dir().glob("*.txt"))[0]


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "letter.txt").write_text(LETTER, encoding="utf-8")
    (docs / "empty.txt").write_bytes(b"")
    return docs


def test_add_lines_in_vietnamese_then_english(folder, tmp_path):
    result = run("add", folder, data_dir=tmp_path / "store")
    assert result.returncode == 1, result.stderr  # one file refused
    assert result.stdout.splitlines() == [
        "từ chối empty.txt: tệp rỗng",
        result.stdout.splitlines()[1],
    ]
    accepted = result.stdout.splitlines()[1]
    assert accepted.startswith("nhận letter.txt: 1 văn bản, ") and "có cơ quan chủ trì" in accepted
    assert "đã thêm 1/2 tệp" in result.stderr and "kho dữ liệu có" in result.stderr
    assert "added" not in result.stderr

    again = run("add", folder, "--lang", "en", "--all-or-nothing", data_dir=tmp_path / "store")
    assert again.returncode == 1
    assert "refused empty.txt: the file is empty" in again.stdout
    assert "accepted letter.txt: 1 document(s)" in again.stdout
    assert "nothing added (1 of 2 file(s) accepted)" in again.stderr


def test_add_without_documents_is_one_vietnamese_line(tmp_path):
    empty = tmp_path / "nothing"
    empty.mkdir()
    assert_one_line_error(run("add", empty, data_dir=tmp_path / "store"),
                          "lỗi: không có văn bản nào để thêm")
    assert_one_line_error(run("add", empty, "--lang", "en", data_dir=tmp_path / "store"),
                          "error: no documents to add")


def test_ingest_summary_and_errors(tmp_path):
    out = tmp_path / "out.json"
    result = run("ingest", SOURCE, "--out", out, "--format", "json", data_dir=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "văn bản" in result.stderr and "nhiệm vụ → " in result.stderr
    assert "documents" in json.loads(out.read_text(encoding="utf-8"))  # the JSON is unchanged
    english = run("ingest", SOURCE, "--out", out, "--lang", "en", data_dir=tmp_path)
    assert "obligations -> " in english.stderr
    assert_one_line_error(run("ingest", SOURCE, "--out", out, "-f", "xml", data_dir=tmp_path),
                          "định dạng không xác định “xml”")
    doc = tmp_path / "old.doc"
    doc.write_bytes(b"\xd0\xcf\x11\xe0 not a docx")
    assert_one_line_error(run("ingest", doc, "--out", out, data_dir=tmp_path),
                          "old.doc: không hỗ trợ tệp Word .doc cũ")


def test_load_summary_and_errors(tmp_path):
    data = tmp_path / "s.ttl"
    data.write_text("<urn:x:s> <urn:x:p> <urn:x:o> .\n", encoding="utf-8")
    store = tmp_path / "store"
    result = run("load", data, data_dir=store)
    assert result.returncode == 0, result.stderr
    assert "đã nạp vào <https://w3id.org/policykg/graph/loaded>: kho dữ liệu có 1 bộ ba" \
        in result.stderr
    english = run("load", data, "--lang", "en", data_dir=store)
    assert "store holds 2 triples (was 1)" in english.stderr or "(was 1)" in english.stderr
    bad = tmp_path / "bad.ttl"
    bad.write_text("<urn:x:s> <urn:x:p> .\n", encoding="utf-8")
    assert_one_line_error(run("load", bad, data_dir=store), "bad.ttl", "RDF không hợp lệ")
    assert_one_line_error(run("load", tmp_path / "absent.nt", "--lang", "en", data_dir=store),
                          "absent.nt: no such file")


def test_the_environment_switch_and_usage_errors(tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith("POLICYKG_")}
    env |= {"POLICYKG_DATA": str(tmp_path), "POLICYKG_LANG": "en", "COLUMNS": "200"}
    result = subprocess.run([EXE, "load", str(tmp_path / "absent.ttl")], capture_output=True,
                            text=True, env=env, timeout=120)
    assert_one_line_error(result, "error: ", "no such file")
    assert_one_line_error(run("viz", data_dir=tmp_path), "lỗi: thiếu tùy chọn '--out'")
    assert_one_line_error(run("serve", "--port", "0", data_dir=tmp_path),
                          "--port phải từ 1 đến 65535")


def test_viz_says_what_it_wrote(built_store_dir, tmp_path):
    out = tmp_path / "g.html"
    result = run("viz", "--out", out, data_dir=built_store_dir)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == f"đã ghi {out}"
    assert out.read_text(encoding="utf-8").count('lang="vi"') >= 1


def test_build_progress_notes_and_table(monkeypatch, tmp_path):
    """build's progress (a spinner on a terminal), notes, written files and table, without
    building: build.build is replaced by one that reports progress as the real one does."""
    from policykg import build
    from policykg.cli import app

    seen: list[str] = []

    class Status(contextlib.AbstractContextManager):
        def __init__(self, first: str) -> None:
            seen.append(first)

        def update(self, message: str) -> None:
            seen.append(message)

        def __exit__(self, *exc) -> None:
            return None

    def fake_build(store, progress, ingest=True):
        progress("ingest graph/sources")
        progress("infer pkg:concretises links")
        progress("ontology/policykg.ttl")
        return build.BuildResult(written=["a.ttl"], removed=["b.ttl"],
                                 graphs={"https://w3id.org/policykg/graph/extracted": 1234})

    monkeypatch.setattr(build, "build", fake_build)
    monkeypatch.setattr("rich.console.Console.status", lambda self, first: Status(first))
    monkeypatch.delenv("POLICYKG_LANG", raising=False)
    runner = CliRunner()
    store = str(tmp_path / "store")
    result = runner.invoke(app, ["build", "--data-dir", store])
    assert result.exit_code == 0, result.output
    assert seen == ["đang dựng đồ thị…", "đọc các văn bản trong graph/sources…",
                    "suy luận liên kết pkg:concretises…", "nạp ontology/policykg.ttl…"]
    assert "graph/extracted: đã ghi a.ttl; đã xóa b.ttl" in result.output
    assert "đồ thị có tên" in result.output and "1.234" in result.output
    seen.clear()
    english = runner.invoke(app, ["build", "--data-dir", store, "--lang", "en"])
    assert english.exit_code == 0, english.output
    assert seen == ["building…", "ingest graph/sources…", "infer pkg:concretises links…",
                    "load ontology/policykg.ttl…"]
    assert "graph/extracted: wrote a.ttl; removed b.ttl" in english.output
    assert "named graph" in english.output and "1,234" in english.output


def test_analyze_summary_in_words_json_keeps_keys(built_store_dir):
    table = run("analyze", "summary", data_dir=built_store_dir).stdout
    assert "nút theo loại" in table and "quan hệ theo loại" in table
    assert "nhiệm vụ theo cấp" in table and "chủ trì (suy ra)" in table
    for key in ("nodes", "edges", "obligationsPerLevel", "impliedOwner", "obligation "):
        assert key not in table
    english = run("analyze", "summary", "--lang", "en", data_dir=built_store_dir).stdout
    assert "edges by relation" in english and "implied owners" in english
    rows = json.loads(run("analyze", "summary", "--format", "json",
                          data_dir=built_store_dir).stdout)
    assert {"section": "nodes", "key": "obligation"} in [
        {"section": r["section"], "key": r["key"]} for r in rows
    ]


# -- the table's English sides against the messages the code raises --------------------------
def _raised(call) -> str:
    with pytest.raises(PolicykgError) as caught:
        call()
    return str(caught.value)


def test_every_error_entry_reads_back_its_own_english():
    for key, (_vi, english) in MESSAGES.items():
        if not key.startswith("err."):
            continue
        names = [f[1] for f in string.Formatter().parse(english) if f[1]]
        sample = english.format(**{n: f"<{n}>" for n in names})
        values = {n: f"<{n}>" for n in names}
        assert translate_message(sample, "vi") == text(key, "vi", **values), key
        assert translate_message(sample, "en") == sample


def test_the_modules_messages_are_in_the_table(tmp_path):
    """Each message here is raised by the code as it is now; a change of wording there that the
    table does not follow would leave the message in English in a Vietnamese output."""
    from policykg.ingest import limits
    from policykg.ingest.read import read_source
    from policykg.queries import load_query, parse_params
    from policykg.store.inputs import check_readable

    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    legacy = tmp_path / "old.doc"
    legacy.write_bytes(b"\xd0\xcf\x11\xe0 word")
    strange = tmp_path / "plan.xyz"
    strange.write_text("KẾ HOẠCH", encoding="utf-8")
    fake_pdf = tmp_path / "plan.pdf"
    fake_pdf.write_text("not a pdf", encoding="utf-8")
    messages = [
        _raised(lambda: read_source(empty)),
        _raised(lambda: read_source(tmp_path / "absent.txt")),
        _raised(lambda: read_source(tmp_path)),
        _raised(lambda: read_source(legacy)),
        _raised(lambda: read_source(strange)),
        _raised(lambda: read_source(fake_pdf)),
        _raised(lambda: limits.check_file_size("big.pdf", 10**12)),
        _raised(lambda: load_query("no-such-query")),
        _raised(lambda: parse_params(["owner"])),
        _raised(lambda: check_readable(tmp_path / "absent.ttl")),
    ]
    for message in messages:
        assert translate_message(message, "vi") != message, message
