"""The CLI's human output as an analyst reads it (issue 13, item 10): Vietnamese by default and
English on request from the site's translation table, named queries listed with their titles in
`query --help`, names instead of IRIs in tables, dates written 01/07/2025 accepted and a bad
date or an IRI parameter given plain text refused in one line, never an empty answer."""

import csv
import io

import pytest
from test_cli import EXE, assert_one_line_error, run  # noqa: F401 - EXE keeps the import honest

from policykg.queries import list_queries


def data_rows(result) -> list[list[str]]:
    assert result.returncode == 0, result.stderr
    return list(csv.reader(io.StringIO(result.stdout)))[1:]


def test_query_help_lists_named_queries_with_vietnamese_titles(built_store_dir):
    shown = run("query", "--help", data_dir=built_store_dir).stdout
    assert "Truy vấn mẫu" in shown
    for query in list_queries():
        assert query.name in shown
        assert query.title_vi and query.title_vi.split()[0] in shown, query.name
    assert "obligations-by-owner — Nhiệm vụ theo cơ quan chủ trì" in shown
    english = run("query", "--lang", "en", "--help", data_dir=built_store_dir).stdout
    assert "obligations-by-owner — Obligations by owner" in english


def test_tables_show_names_in_vietnamese_and_english(built_store_dir):
    table = run("query", "obligations-by-owner", data_dir=built_store_dir)
    assert table.returncode == 0, table.stderr
    assert "id:agency/" not in table.stdout and "https://" not in table.stdout
    assert "Sở Y tế" in table.stdout and "cấp tỉnh" in table.stdout
    assert table.stdout.rstrip().endswith("dòng")
    english = run("query", "obligations-by-owner", "--lang", "en", data_dir=built_store_dir)
    assert "provincial" in english.stdout and english.stdout.rstrip().endswith("rows")
    iris = run("query", "obligations-by-owner", "--iris", data_dir=built_store_dir)
    assert "id:agency/" in iris.stdout


def test_dates_written_the_vietnamese_way(built_store_dir):
    iso = run("query", "dissolved-owners", "-p", "asOf=2025-07-01", "-f", "csv",
              data_dir=built_store_dir)
    for written in ("01/07/2025", "1/7/2025"):
        same = run("query", "dissolved-owners", "-p", f"asOf={written}", "-f", "csv",
                   data_dir=built_store_dir)
        assert data_rows(same) == data_rows(iso) != []


@pytest.mark.parametrize("value", ["31/02/2025", "2025/07/01", "tháng 7"])
def test_a_bad_date_is_refused_in_one_line(built_store_dir, value):
    result = run("query", "dissolved-owners", "-p", f"asOf={value}", data_dir=built_store_dir)
    assert_one_line_error(result, "không phải ngày", value)
    english = run("query", "dissolved-owners", "-p", f"asOf={value}", "--lang", "en",
                  data_dir=built_store_dir)
    assert_one_line_error(english, "not a date", value)


def test_iri_parameters_read_numbers_or_refuse_text(built_store_dir):
    by_number = run("query", "trace", "-p", "root=28 CT TW 3", "-f", "csv",
                    data_dir=built_store_dir)
    by_iri = run("query", "trace", "-p", "root=id:doc/28-ct-tw/o/g3", "-f", "csv",
                 data_dir=built_store_dir)
    assert data_rows(by_number) == data_rows(by_iri) != []
    result = run("query", "obligations-by-owner", "-p", "owner=so y te", data_dir=built_store_dir)
    assert_one_line_error(result, "tham số owner cần một IRI", "so y te")


def test_an_empty_answer_says_what_to_check(built_store_dir):
    result = run("query", "obligations-by-owner", "-p", "owner=id:agency/no-such-body",
                 data_dir=built_store_dir)
    assert result.returncode == 0
    assert "0 dòng" in result.stdout
    assert "Kiểm tra các --param" in result.stderr


def test_trace_tree_in_vietnamese_and_english(built_store_dir):
    tree = run("trace", "28 CT TW 3", data_dir=built_store_dir)
    assert tree.returncode == 0, tree.stderr
    assert "[trung ương] chỉ thị" in tree.stdout and "Chủ trì theo văn bản:" in tree.stdout
    assert "owners:" not in tree.stdout
    english = run("trace", "28 CT TW 3", "--lang", "en", data_dir=built_store_dir)
    assert "[central] directive" in english.stdout and "Owners as written:" in english.stdout


def test_validate_report_in_vietnamese_english_and_csv(built_store_dir):
    from policykg.resources import sources_dir

    seed = next(sources_dir().glob("000_*.txt"))
    text = run("validate", seed, data_dir=built_store_dir)
    assert text.returncode in (0, 1), text.stderr
    assert text.stdout.startswith(("Đạt yêu cầu", "Chưa đạt yêu cầu"))
    assert "Cảnh báo (" in text.stdout and "warning(s)" not in text.stdout
    # identical findings once, with how many times (as the report page groups them)
    implied = "Nhiệm vụ chỉ có cơ quan chủ trì suy ra"
    if text.stdout.count("§") > 1 and implied in text.stdout:
        assert text.stdout.count(implied) == 1 and " lần)" in text.stdout
    english = run("validate", seed, "--lang", "en", data_dir=built_store_dir)
    assert english.stdout.startswith(("Conforms", "Does not conform"))
    rows = list(csv.reader(io.StringIO(run("validate", seed, "-f", "csv",
                                           data_dir=built_store_dir).stdout)))
    assert rows[0][:3] == ["Mức độ", "Nội dung", "Văn bản"]
    assert len(rows) > 1 and all(r[0] in ("Vi phạm", "Cảnh báo", "Thông tin") for r in rows[1:])


def test_stats_tables_in_vietnamese_and_english(built_store_dir):
    shown = run("stats", data_dir=built_store_dir).stdout
    assert "Kho dữ liệu" in shown and "nhiệm vụ có cơ quan chủ trì" in shown
    assert "trung ương" in shown and "obligations" not in shown
    english = run("stats", "--lang", "en", data_dir=built_store_dir).stdout
    assert "obligations with an owner" in english and "central" in english


def test_analyze_tables_name_iris(built_store_dir):
    owners = run("analyze", "owners", data_dir=built_store_dir).stdout
    assert "Sở Y tế" in owners and "tỉnh" in owners and "id:agency/" not in owners
    gaps = run("analyze", "gaps", data_dir=built_store_dir).stdout
    assert "id:doc/" not in gaps and " § " in gaps
    raw = run("analyze", "gaps", "--format", "csv", data_dir=built_store_dir).stdout
    assert "https://w3id.org/policykg/id/doc/" in raw  # programs keep the IRIs
