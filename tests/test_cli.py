"""The `policykg` command as a user runs it (subprocesses): bad input gives one line on stderr,
exit 2, no traceback and an unchanged store; build then query prints rows."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import free_port

from policykg import resources

EXE = str(Path(sys.executable).parent / "policykg")


def run(*args, data_dir, timeout=180):
    env = {k: v for k, v in os.environ.items() if not k.startswith("POLICYKG_")}
    env["POLICYKG_DATA"] = str(data_dir)
    env["COLUMNS"] = "200"
    return subprocess.run([EXE, *map(str, args)], capture_output=True, text=True, env=env,
                          timeout=timeout)


def assert_one_line_error(result, *fragments):
    assert result.returncode == 2, (result.stdout, result.stderr)
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert "Traceback" not in result.stderr
    for fragment in fragments:
        assert fragment in lines[0], lines[0]


@pytest.fixture
def data(tmp_path, built_store_dir):
    """A private copy of the built store (each test may try to damage it)."""
    import shutil

    target = tmp_path / "data"
    shutil.copytree(built_store_dir, target, ignore=shutil.ignore_patterns("write.lock"))
    return target


def triple_count(data_dir) -> int:
    result = run("stats", "--json", data_dir=data_dir)
    assert result.returncode == 0, result.stderr
    return sum(json.loads(result.stdout)["graphs"].values())


def test_build_then_obligations_by_owner_prints_rows(tmp_path):
    if not (resources.queries_dir() / "obligations-by-owner.rq").exists():
        pytest.skip("queries/obligations-by-owner.rq not written yet")
    data_dir = tmp_path / "fresh"
    built = run("build", "--no-ingest", data_dir=data_dir)
    assert built.returncode == 0, built.stderr
    assert "graph/extracted" in built.stdout  # the per-graph table
    result = run("query", "obligations-by-owner", "--format", "csv", data_dir=data_dir)
    assert result.returncode == 0, result.stderr
    rows = result.stdout.strip().splitlines()
    assert rows[0].split(",")[0] == "owner"
    assert len(rows) > 10  # header + rows from the five documents
    table = run("query", "obligations-by-owner", data_dir=data_dir)
    assert table.returncode == 0 and "dòng" in table.stdout  # Vietnamese unless --lang en


def test_query_formats(data):
    sparql = "SELECT ?c (COUNT(*) AS ?n) WHERE { ?s a ?c } GROUP BY ?c ORDER BY DESC(?n) LIMIT 3"
    as_json = run("query", sparql, "-f", "json", data_dir=data)
    assert as_json.returncode == 0
    assert len(json.loads(as_json.stdout)["results"]["bindings"]) == 3
    tsv = run("query", sparql, "-f", "tsv", data_dir=data)
    assert tsv.stdout.splitlines()[0] == "?c\t?n"
    ttl = run("query", "CONSTRUCT WHERE { ?s a <http://www.w3.org/2002/07/owl#Class> } LIMIT 2",
              "-f", "ttl", data_dir=data)
    assert ttl.returncode == 0
    assert "owl#Class" in ttl.stdout or "owl:Class" in ttl.stdout
    ask = run("query", "ASK { ?s ?p ?o }", data_dir=data)
    assert ask.stdout.strip() == "true"


def test_query_named_with_a_parameter(data):
    if not (resources.queries_dir() / "obligations-by-owner.rq").exists():
        pytest.skip("queries/obligations-by-owner.rq not written yet")
    everything = run("query", "obligations-by-owner", "-f", "csv", data_dir=data)
    first_owner = everything.stdout.splitlines()[1].split(",")[0]
    one = run("query", "obligations-by-owner", "--param", f"owner={first_owner}", "-f", "csv",
              data_dir=data)
    assert one.returncode == 0, one.stderr
    owners = {line.split(",")[0] for line in one.stdout.splitlines()[1:]}
    assert owners == {first_owner}
    assert len(one.stdout.splitlines()) < len(everything.stdout.splitlines())


def test_malformed_turtle_is_refused_and_store_unchanged(data, tmp_path):
    before = triple_count(data)
    good = tmp_path / "good.ttl"
    good.write_text("<http://e/a> <http://e/b> <http://e/c> .\n", encoding="utf-8")
    bad = tmp_path / "bad.ttl"
    bad.write_text("<http://e/a> <http://e/b> .\n", encoding="utf-8")
    result = run("load", good, bad, data_dir=data)
    assert_one_line_error(result, "bad.ttl")
    assert triple_count(data) == before


def test_load_adds_and_replaces(data, tmp_path):
    before = triple_count(data)
    nt = tmp_path / "extra.nt"
    nt.write_text('<http://e/a> <http://e/b> "c" .\n<http://e/a> <http://e/b> "d" .\n',
                  encoding="utf-8")
    assert run("load", nt, "--graph", "http://e/g", data_dir=data).returncode == 0
    assert triple_count(data) == before + 2
    one = tmp_path / "one.ttl"
    one.write_text('<http://e/a> <http://e/b> "e" .\n', encoding="utf-8")
    assert run("load", one, "--graph", "http://e/g", "--replace", data_dir=data).returncode == 0
    assert triple_count(data) == before + 1


def test_missing_file(data, tmp_path):
    before = triple_count(data)
    assert_one_line_error(run("load", tmp_path / "absent.ttl", data_dir=data), "không có tệp này")
    assert triple_count(data) == before


def test_unknown_query_name(data):
    assert_one_line_error(run("query", "no-such-query", data_dir=data), "không có truy vấn mẫu")


@pytest.mark.parametrize("param,fragment", [("owner", "tên=giá trị"),
                                            ("nosuchparam=1", "không có tham số")])
def test_bad_param(data, param, fragment):
    if not (resources.queries_dir() / "obligations-by-owner.rq").exists():
        pytest.skip("queries/obligations-by-owner.rq not written yet")
    result = run("query", "obligations-by-owner", "--param", param, data_dir=data)
    assert_one_line_error(result, fragment)


def test_sparql_syntax_error(data):
    assert_one_line_error(run("query", "SELECT ?s WHERE { ?s ?p }", data_dir=data), "cú pháp")


def test_update_refused_by_query(data):
    before = triple_count(data)
    result = run("query", "DELETE WHERE { ?s ?p ?o }", data_dir=data)
    assert_one_line_error(result, "chỉ đọc")
    assert triple_count(data) == before


def test_unreachable_endpoint(data):
    url = f"http://127.0.0.1:{free_port()}/query"  # nothing listens there
    result = run("query", "ASK { ?s ?p ?o }", "--endpoint", url, data_dir=data)
    assert_one_line_error(result, "không kết nối được máy chủ SPARQL")
    result = run("stats", "--endpoint", url, "--lang", "en", data_dir=data)
    assert_one_line_error(result, "cannot reach")


def test_query_on_an_empty_store_says_build(tmp_path):
    result = run("query", "ASK { ?s ?p ?o }", data_dir=tmp_path / "empty")
    assert_one_line_error(result, "policykg build")


def quick_start_blocks() -> list[tuple[str, list[str]]]:
    """(marker, lines) of each code block in the README's Quick start section."""
    readme = (resources.root() / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    blocks = []
    chunks = section.split("```")
    for i in range(1, len(chunks), 2):
        before = chunks[i - 1].strip().splitlines()
        marker = before[-1] if before and before[-1].startswith("<!--") else ""
        blocks.append((marker, [line for line in chunks[i].splitlines() if line.strip()]))
    return blocks


def test_readme_quick_start_is_two_commands_and_ci_runs_the_second():
    blocks = quick_start_blocks()
    assert [m for m, _ in blocks] == ["<!-- quickstart:run -->", "<!-- quickstart:test -->"]
    assert all(len(lines) == 1 for _, lines in blocks)
    run_line, test_line = blocks[0][1][0], blocks[1][1][0]
    assert "pip install -e ." in run_line and "policykg build" in run_line
    assert "policykg query obligations-by-owner" in run_line
    assert "'.[test]'" in test_line and test_line.endswith("python -m pytest")
    ci = subprocess.run(["bash", str(resources.root() / ".ci" / "run"), "--print-test-command"],
                        capture_output=True, text=True, timeout=30)
    assert ci.returncode == 0 and ci.stdout.strip() == test_line
    script = (resources.root() / ".ci" / "run").read_text(encoding="utf-8")
    assert "set -euo pipefail" in script and "chromium fonts-dejavu-core" in script
