"""/api/trace and /trace: the chain, owners today, the highlighted source passage."""

import html as htmllib
import re

import pytest
from web_fixtures import sparql_rows, web_client  # noqa: F401 - fixture

from policykg.ingest.read import read_file
from policykg.resources import sources_dir
from policykg.trace import STEP_KEYS

PKG = "https://w3id.org/policykg/ontology#"
OA = "http://www.w3.org/ns/oa#"
PROV = "http://www.w3.org/ns/prov#"


def obligation_with_passage(client) -> dict[str, str]:
    rows = sparql_rows(client, f"""
SELECT ?o ?start ?end ?file WHERE {{
  ?o a <{PKG}Obligation> ; <{PROV}wasDerivedFrom> ?src .
  ?src <{OA}hasSelector> ?sel ; <{OA}hasSource> ?doc .
  ?sel <{OA}start> ?start ; <{OA}end> ?end . ?doc <{PKG}sourceFile> ?file .
}} ORDER BY ?o LIMIT 1""")
    if not rows:
        pytest.fail("no obligation with a text position selector in the graph")
    return rows[0]


def test_api_trace_steps_have_the_documented_keys(web_client):  # noqa: F811
    target = obligation_with_passage(web_client)["o"]
    body = web_client.get("/api/trace", params={"q": target, "as_of": "2026-01-01"}).json()
    assert body["asOf"] == "2026-01-01"
    assert body["steps"]
    assert all(set(step) == set(STEP_KEYS) for step in body["steps"])
    assert target in [s["obligation"] for s in body["steps"]]


def test_trace_page_highlights_the_passage_in_its_document(web_client):  # noqa: F811
    row = obligation_with_passage(web_client)
    text = read_file(sources_dir() / row["file"])
    passage = text[int(row["start"]):int(row["end"])]
    page = web_client.get("/trace", params={"q": row["o"]})
    assert page.status_code == 200
    body = htmllib.unescape(page.text)
    assert f"<mark>{passage}</mark>" in body
    # context around the passage comes from the same document
    before = text[max(0, int(row["start"]) - 30):int(row["start"])]
    assert before + "<mark>" in body
    assert 'sandbox="allow-scripts ' in page.text and "/graph/frame?focus=" in page.text


def test_trace_page_shows_owners_today(web_client):  # noqa: F811
    target = obligation_with_passage(web_client)["o"]
    steps = web_client.get("/api/trace", params={"q": target}).json()["steps"]
    today = {o["iri"] for s in steps for o in s["ownersToday"]}
    page = web_client.get("/trace", params={"q": target}).text
    section = page.split('class="owners-today"')
    assert len(section) == len(steps) + 1
    for iri in today:
        assert iri.replace("https://w3id.org/policykg/id/", "/id/") in page


def test_trace_errors(web_client):  # noqa: F811
    assert web_client.get("/api/trace", params={"q": "x", "as_of": "yesterday"}).status_code == 400
    missing = web_client.get("/api/trace", params={"q": "https://w3id.org/policykg/id/doc/none/o/x"})
    assert 400 <= missing.status_code < 500 and "error" in missing.json()
    page = web_client.get("/trace", params={"q": "zzqqxx-no-such-task"})
    assert 400 <= page.status_code < 500 and 'id="trace-error"' in page.text


def test_trace_form_without_query(web_client):  # noqa: F811
    page = web_client.get("/trace")
    assert page.status_code == 200 and 'name="q"' in page.text and "<mark>" not in page.text


def a_section_of_a_central_document(client) -> dict[str, str]:
    """A directive task that some other task carries out, by document number and section."""
    rows = sparql_rows(client, f"""SELECT ?o ?n ?path WHERE {{
        ?child <{PKG}concretises> ?o . ?o <{PKG}statedIn> ?d ; <{PKG}sectionPath> ?path .
        ?d <{PKG}documentNumber> ?n FILTER(CONTAINS(?n, "-") && CONTAINS(?n, "/")) }}
        ORDER BY ?n ?path LIMIT 1""")
    if not rows:
        pytest.fail("no task with a numbered document carried out by another task")
    return rows[0]


def test_trace_reads_loosely_written_numbers(web_client):  # noqa: F811
    row = a_section_of_a_central_document(web_client)
    exact = web_client.get("/api/trace", params={"q": f"{row['n']} {row['path']}"}).json()
    assert exact["steps"][0]["obligation"] == row["o"]
    loose = " ".join(row["n"].replace("-", " ").replace("/", " ").split())  # 28-CT/TW -> 28 CT TW
    for spelling in (loose, row["n"].replace("/", " / "), row["n"].lower()):
        steps = web_client.get("/api/trace", params={"q": f"{spelling} {row['path']}"}).json()
        assert steps["steps"][0]["obligation"] == row["o"], spelling


def test_trace_exports_csv(web_client):  # noqa: F811
    import csv
    import io

    row = a_section_of_a_central_document(web_client)
    q = f"{row['n']} {row['path']}"
    response = web_client.get("/api/trace", params={"q": q, "format": "csv",
                                                    "as_of": "2025-08-01"})
    assert response.headers["content-type"].startswith("text/csv")
    assert "attachment" in response.headers["content-disposition"]
    table = list(csv.DictReader(io.StringIO(response.text)))
    steps = web_client.get("/api/trace", params={"q": q, "as_of": "2025-08-01"}).json()["steps"]
    assert [r["obligation"] for r in table] == [s["obligation"] for s in steps]
    assert web_client.get("/api/trace", params={"q": q, "format": "pdf"}).status_code == 400


def test_trace_page_shows_date_links_and_the_task_above(web_client):  # noqa: F811
    row = a_section_of_a_central_document(web_client)
    child = sparql_rows(web_client, f"SELECT ?c WHERE {{ ?c <{PKG}concretises> <{row['o']}> }} "
                                    "ORDER BY ?c LIMIT 1")[0]["c"]
    page = web_client.get("/trace", params={"q": child, "as_of": "2025-08-01", "lang": "vi"})
    web_client.cookies.clear()
    html = htmllib.unescape(page.text)
    assert "đến ngày 01/8/2025" in html  # the as-of date, written the Vietnamese way
    link = re.search(r'href="(/trace\?q=[^"]+)" id="trace-permalink"', html)
    assert link and "as_of=2025-08-01" in link.group(1)
    assert 'id="trace-csv"' in html and "format=csv" in html
    above = html.split('id="trace-above"', 1)[1].split("</section>", 1)[0]
    assert f"{row['n']} § {row['path']}" in above  # the task it carries out, by name


def test_trace_as_of_written_the_vietnamese_way(web_client):  # noqa: F811
    row = a_section_of_a_central_document(web_client)
    page = web_client.get("/trace", params={"q": row["o"], "as_of": "1/8/2025", "lang": "vi"})
    web_client.cookies.clear()
    html = htmllib.unescape(page.text)
    assert page.status_code == 200 and "đến ngày 01/8/2025" in html
    assert 'name="as_of" value="01/8/2025"' in html  # the field as a Vietnamese reader writes
    link = re.search(r'href="(/trace\?q=[^"]+)" id="trace-permalink"', html)
    assert link and "as_of=2025-08-01" in link.group(1)
    bad = web_client.get("/trace", params={"q": row["o"], "as_of": "31/02/2025", "lang": "vi"})
    web_client.cookies.clear()
    assert bad.status_code == 400 and "không phải ngày" in htmllib.unescape(bad.text)
