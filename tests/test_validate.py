"""Validation of submitted plans: exit codes, messages naming the obligation, as-of dates,
documents through ingest, report formats, and the store as context."""

import json
import os
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
import rdflib

from policykg.errors import PolicykgError
from policykg.validate import read_submission, validate_files, validate_graph

PLANS = Path(__file__).parent / "fixtures" / "plans"
SH = rdflib.Namespace("http://www.w3.org/ns/shacl#")
UNOWNED = "https://w3id.org/policykg/id/doc/7-kh-tu/o/ii-2"


def cli(*args, data_dir=None, env_extra=None):
    env = {**os.environ, "POLICYKG_DATA": str(data_dir or "/nonexistent-policykg-data")}
    env.pop("POLICYKG_ENDPOINT", None)
    env.update(env_extra or {})
    exe = Path(sys.executable).parent / "policykg"
    return subprocess.run([str(exe), "validate", *map(str, args)], capture_output=True,
                          text=True, env=env, timeout=120)


def test_unowned_obligation_fails_with_exit_1_naming_it(tmp_path):
    result = cli(PLANS / "unowned.ttl", "--no-store")
    assert result.returncode == 1, result.stderr
    assert "Vi phạm (1)" in result.stdout  # Vietnamese unless --lang en
    assert "id:doc/7-kh-tu/o/ii-2" in result.stdout and "§II.2" in result.stdout
    assert "không có cơ quan chủ trì" in result.stdout and "no owner" not in result.stdout
    assert "7-kh-tu/o/ii-1" not in result.stdout  # the owned one is fine
    english = cli(PLANS / "unowned.ttl", "--no-store", "--lang", "en")
    assert "Violations (1)" in english.stdout and "no owner" in english.stdout


def test_conforming_plan_exits_0():
    result = cli(PLANS / "conforming.ttl", "--no-store")
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.startswith("Đạt yêu cầu")


def test_report_lists_only_the_plans_nodes():
    report = validate_files([PLANS / "unowned.ttl"])
    assert [r.focus for r in report.results if r.severity == "Violation"] == [UNOWNED]
    violation = report.results[0]
    assert violation.section == "II.2" and violation.document_number == "7-KH/TU"
    assert set(violation.messages) == {"en", "vi"}
    assert not report.conforms and report.exit_code == 1


def dissolved_warnings(as_of):
    report = validate_files([PLANS / "dissolved-owner.ttl"], as_of=as_of)
    return [
        r for r in report.results
        if r.severity == "Warning" and "no longer exists" in r.message()
    ]


def test_as_of_date_decides_the_dissolved_owner_warning():
    assert dissolved_warnings(date(2024, 12, 31)) == []
    after = dissolved_warnings(date(2025, 6, 1))
    assert len(after) == 1
    assert "Sở Y tế" in after[0].message("en")  # names the successor
    assert "Sở Y tế" in after[0].messages["vi"]


def test_as_of_on_the_command_line():
    before = cli(PLANS / "dissolved-owner.ttl", "--no-store", "--as-of", "2024-12-31",
                 "--format", "json")
    after = cli(PLANS / "dissolved-owner.ttl", "--no-store", "--as-of", "2025-06-01",
                "--format", "json")
    assert before.returncode == after.returncode == 0  # warnings do not fail validation
    assert json.loads(before.stdout)["counts"]["Warning"] == 0
    assert json.loads(after.stdout)["counts"]["Warning"] == 1


def test_text_plan_is_ingested_and_validated():
    result = cli(PLANS / "ben-tre-plan.txt", "--no-store", "--format", "json")
    assert result.returncode in (0, 1), result.stderr
    report = json.loads(result.stdout)
    assert report["focusNodes"] > 5
    documents = {r["document_number"] for r in report["results"]}
    assert documents <= {"45-KH/TU"}  # nothing about documents the plan only refers to
    # the plan's "đề nghị" to the Front is reported as information
    infos = [r for r in report["results"] if r["severity"] == "Info"]
    assert any(r["section"] == "III.3" for r in infos)


def test_turtle_report_is_a_shacl_validation_report():
    result = cli(PLANS / "unowned.ttl", "--no-store", "--format", "ttl")
    graph = rdflib.Graph().parse(data=result.stdout, format="turtle")
    node = next(graph.subjects(rdflib.RDF.type, SH.ValidationReport))
    assert graph.value(node, SH.conforms).toPython() is False
    violations = {
        str(graph.value(r, SH.focusNode)) for r in graph.objects(node, SH.result)
        if graph.value(r, SH.resultSeverity) == SH.Violation
    }
    assert violations == {UNOWNED}


def test_report_formats_from_the_api():
    report = validate_graph(read_submission([PLANS / "unowned.ttl"]), as_of=date(2025, 1, 1))
    data = json.loads(report.to_json())
    assert data["asOf"] == "2025-01-01" and data["conforms"] is False
    assert "§II.2" in report.to_text()
    assert "sh:ValidationReport" in report.to_turtle()


@pytest.mark.parametrize("content,name,message", [
    ("@prefix ex: <http://e/> . ex:a ex:b .", "broken.ttl", "RDF không hợp lệ"),  # unless --lang en
    ("hello", "plan.xlsx", "không kiểm tra được tệp .xlsx"),
])
def test_unusable_input_exits_2(tmp_path, content, name, message):
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    result = cli(path, "--no-store")
    assert result.returncode == 2
    assert message in result.stderr and "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert result.stdout == ""


def test_missing_file_exits_2(tmp_path):
    result = cli(tmp_path / "absent.ttl", "--no-store")
    assert result.returncode == 2 and "không có tệp này" in result.stderr  # unless --lang en


def test_bad_as_of_exits_2():
    # 31/12/2024 is a date as Vietnamese write it; a month 31 is none
    result = cli(PLANS / "conforming.ttl", "--no-store", "--as-of", "2024-31-12", "--lang", "en")
    assert result.returncode == 2 and "not a date" in result.stderr


def test_empty_submission_is_unusable(tmp_path):
    empty = tmp_path / "empty.ttl"
    empty.write_text("# nothing\n", encoding="utf-8")
    with pytest.raises(PolicykgError, match="no triples"):
        read_submission([empty])


def test_store_supplies_the_implemented_documents(built_store):
    """With the built store as context, the plan is validated against what the store knows
    about the documents it implements (and the run does not fail on the context)."""
    report = validate_files([PLANS / "conforming.ttl"], store=built_store)
    assert report.conforms
    assert all(r.focus.startswith("https://w3id.org/policykg/id/") for r in report.results)


def test_blank_node_obligations_are_validated_too(tmp_path):
    plan = tmp_path / "blank.ttl"
    plan.write_text(
        "@prefix pkg: <https://w3id.org/policykg/ontology#> .\n"
        "@prefix doc: <https://w3id.org/policykg/id/doc/> .\n"
        "@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .\n"
        'doc:5-kh-tu a pkg:Plan ; pkg:documentNumber "5-KH/TU" .\n'
        '[] a pkg:Obligation ; pkg:statedIn doc:5-kh-tu ; pkg:sectionPath "I.1" .\n',
        encoding="utf-8")
    report = validate_files([plan])
    violations = [r for r in report.results if r.severity == "Violation"]
    assert any(r.section == "I.1" and "no owner" in r.message() for r in violations)


def test_whole_graph_validation_reports_every_node(tmp_path):
    """validate_whole checks a complete graph as it is: the planted unowned obligations of a
    generated cascade are all found, and nothing else is a violation."""
    import importlib.util
    import sys as _sys

    from policykg import rdfio
    from policykg.validate import validate_whole

    root = Path(__file__).resolve().parent.parent
    spec = importlib.util.spec_from_file_location("generate", root / "benchmarks" / "generate.py")
    generate = importlib.util.module_from_spec(spec)
    _sys.modules["generate"] = generate
    spec.loader.exec_module(generate)
    out = tmp_path / "s.nt"
    _, defects = generate.generate("S", 5, out)
    graph = rdfio.read([out])
    before = set(graph)
    report = validate_whole(graph)
    assert set(graph) == before  # the context node and ontology axioms are removed again
    unowned = {r.focus for r in report.results if r.severity == "Violation"
               and r.shape and r.shape.endswith("ObligationHasOwnerShape")}
    assert len(unowned) == defects["no-owner"] > 0
    assert not report.conforms


# ---------------------------------------------------------------- issue 12

_DEADLINE_PLAN = """@prefix pkg: <https://w3id.org/policykg/ontology#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
<https://w3id.org/policykg/id/doc/soc-trang/9-kh-ubnd> a pkg:Plan ; pkg:documentNumber "9/KH-UBND" .
<https://w3id.org/policykg/id/doc/soc-trang/9-kh-ubnd/o/1> a pkg:Obligation ;
    pkg:statedIn <https://w3id.org/policykg/id/doc/soc-trang/9-kh-ubnd> ; pkg:text "Báo cáo"@vi ;
    pkg:owner <https://w3id.org/policykg/id/agency/soc-trang/so-y-te> ; pkg:deadline VALUE .
"""


@pytest.mark.parametrize(
    "value, valid",
    [
        ('"2025-13-01"^^xsd:date', False),
        ('"2025-12-32"^^xsd:date', False),
        ('"2025-02-29"^^xsd:date', False),
        ('"1900-02-29"^^xsd:date', False),
        ('"2025-04-31"^^xsd:date', False),
        ('"2025-13"^^xsd:gYearMonth', False),
        ('"25"^^xsd:gYear', False),
        ('"2025-13-01"', False),
        ('"2024-02-29"^^xsd:date', True),
        ('"2000-02-29"^^xsd:date', True),
        ('"2025-12-31"^^xsd:date', True),
        ('"2025-12"^^xsd:gYearMonth', True),
        ('"2025"^^xsd:gYear', True),
    ],
)
def test_malformed_deadline_is_a_violation_naming_the_value(value, valid):
    graph = rdflib.Graph().parse(data=_DEADLINE_PLAN.replace("VALUE", value), format="turtle")
    report = validate_graph(graph, as_of=date(2024, 1, 1))
    found = [r for r in report.results if r.shape and r.shape.endswith("DeadlineValueShape")]
    assert bool(found) != valid, value
    if found:
        assert found[0].severity == "Violation" and not report.conforms
        assert value.split('"')[1] in found[0].message("en")


_FEBRUARY_PLAN = """ỦY BAN NHÂN DÂN
TỈNH {upper}
Số: 25/KH-UBND
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
{name}, ngày 10 tháng 02 năm 2025

KẾ HOẠCH
Thực hiện Chỉ thị số 28-CT/TW về công tác chăm sóc, giáo dục và bảo vệ trẻ em

I. NHIỆM VỤ
1. Sở Lao động - Thương binh và Xã hội chủ trì rà soát trẻ em có hoàn cảnh đặc biệt.
2. Sở Thông tin và Truyền thông chủ trì chỉ đạo các cơ quan báo chí tuyên truyền.
"""


@pytest.mark.parametrize(
    "name, unit",
    [("Bạc Liêu", "Cà Mau"), ("Hà Giang", "Tuyên Quang"), ("Kon Tum", "Quảng Ngãi"),
     ("Nam Định", "Ninh Bình"), ("Tiền Giang", "Đồng Tháp"), ("Nghệ An", "Nghệ An")],
)
def test_a_february_plan_warns_with_the_body_holding_it_in_2026(tmp_path, name, unit):
    """Issue 12, as an analyst runs it: `policykg validate plan.txt --as-of 2026-01-01`."""
    plan = tmp_path / "plan.txt"
    plan.write_text(_FEBRUARY_PLAN.format(upper=name.upper(), name=name), encoding="utf-8")
    result = cli(plan, "--no-store", "--as-of", "2026-01-01", "--format", "json")
    report = json.loads(result.stdout)
    messages = [r["messages"]["en"] for r in report["results"]
                if (r["shape"] or "").endswith("DissolvedOwnerShape")]
    assert len(messages) == 2, result.stdout
    kind = "thành phố" if unit in ("Cần Thơ",) else "tỉnh"
    assert any(f"lies with Sở Y tế {kind} {unit}:" in m for m in messages), messages
    assert any(f"lies with Sở Văn hóa, Thể thao và Du lịch {kind} {unit}:" in m
               for m in messages), messages
