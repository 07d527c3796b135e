"""Issue 10, defect 3: CLI usage errors and OS errors printed tracebacks and exited 1 (the
`except click.ClickException` in cli.py did not match the classes of the click copy typer
vendors). Every usage error and every OSError: one line on stderr, exit 2, no traceback."""

import errno
import os
import sys

import pytest
from test_cli import assert_one_line_error, data, run, triple_count  # noqa: F401 - fixture

from policykg import cli, resources
from policykg.store import OxigraphStore

SOURCE = sorted(resources.sources_dir().glob("*.txt"))[0]


@pytest.mark.parametrize(
    "args,fragment",
    [
        (["query", "documents", "--format", "xml"], "'xml' không phải một trong"),
        (["stats", "--jsn"], "không có tùy chọn --jsn"),
        (["analyze", "foo"], "'foo' không phải một trong"),
        (["trace"], "thiếu đối số"),
        (["validate"], "thiếu đối số"),
        (["viz"], "thiếu tùy chọn '--out'"),
        (["serve", "--port", "abc"], "--port"),
        (["viz", "--out", "x.html", "--max-nodes", "-1"], "--max-nodes"),
        (["query", "documents", "--timeout", "0"], "phải lớn hơn 0"),
        (["query", "documents", "--timeout", "-1"], "phải lớn hơn 0"),
        (["serve", "--timeout", "0"], "phải lớn hơn 0"),
        (["stats", "--jsn", "--lang", "en"], "No such option: --jsn"),
        (["trace", "--lang", "en"], "Missing argument"),
        (["query", "documents", "--timeout", "0", "--lang", "en"], "must be greater than 0"),
    ],
)
def test_defect3_usage_errors_are_one_line_exit_2(tmp_path, args, fragment):
    assert_one_line_error(run(*args, data_dir=tmp_path / "store"), fragment)


def test_defect3_viz_out_a_directory(data, tmp_path):  # noqa: F811
    assert_one_line_error(run("viz", "--out", tmp_path, data_dir=data), "là một thư mục")


def test_defect3_ingest_out_a_directory(tmp_path):
    result = run("ingest", SOURCE, "--out", tmp_path, data_dir=tmp_path / "store")
    assert_one_line_error(result, "là một thư mục")
    assert list(tmp_path.iterdir()) == []


def test_defect3_no_arguments_shows_help_without_traceback(tmp_path):
    result = run(data_dir=tmp_path)
    assert result.returncode == 2
    assert "Traceback" not in result.stderr and "Usage" in result.stdout + result.stderr


def test_defect3_full_disk_is_one_line_and_the_store_unchanged(
    data,  # noqa: F811
    tmp_path,
    monkeypatch,
    capsys,
):
    """ENOSPC while the new generation is published (the pointer file cannot be written):
    simulated in-process, since no small full file system is available to the tests."""
    before = triple_count(data)
    generations = sorted(p.name for p in data.iterdir() if p.name.startswith("gen-"))
    extra = tmp_path / "extra.ttl"
    extra.write_text("<urn:x:s> <urn:x:p> <urn:x:o> .\n", encoding="utf-8")

    def full_disk(self, name):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(self.data_dir / ".current"))

    monkeypatch.setattr(OxigraphStore, "_publish", full_disk)
    monkeypatch.setattr(sys, "argv", ["policykg", "load", str(extra), "--data-dir", str(data)])
    with pytest.raises(SystemExit) as exit_info:
        cli.main()
    assert exit_info.value.code == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "No space left on device" in err[0], err
    assert "Traceback" not in err[0]
    monkeypatch.undo()
    assert triple_count(data) == before
    assert sorted(p.name for p in data.iterdir() if p.name.startswith("gen-")) == generations


def test_defect3_oserror_outside_the_store_is_one_line(monkeypatch, capsys, tmp_path):
    """Any OSError reaching the entry point (here: a read-only output) becomes one line."""

    def denied(*args, **kwargs):
        raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), str(tmp_path / "o.ttl"))

    monkeypatch.setattr("policykg.ingest.pipeline.write_atomic", denied)
    monkeypatch.delenv("POLICYKG_LANG", raising=False)
    monkeypatch.setattr(
        sys, "argv", ["policykg", "ingest", str(SOURCE), "--out", str(tmp_path / "o.ttl")]
    )
    with pytest.raises(SystemExit) as exit_info:
        cli.main()
    assert exit_info.value.code == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert err == [f"lỗi: {tmp_path / 'o.ttl'}: không có quyền truy cập"]  # unless --lang en
