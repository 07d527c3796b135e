"""Deadlines: the /deadlines page, /api/deadlines and the iCalendar feed /deadlines.ics (RFC 5545
content lines: CRLF, folded at 75 octets, TEXT escaped), over the repository's graph and over a
copy with a hostile task text."""

import re
from datetime import date

import pytest
from fastapi.testclient import TestClient
from web_fixtures import web_client  # noqa: F401 - fixture

from policykg import build
from policykg.store import OxigraphStore
from policykg.web import deadlines as dl
from policykg.web.app import create_app
from policykg.web.settings import Settings

KNOWN = "https://w3id.org/policykg/id/doc/soc-trang/3452-ubnd-vx/o/1"  # "tháng 11/2024"
SOC_TRANG = "https://w3id.org/policykg/id/province/soc-trang"
HOSTILE = "https://w3id.org/policykg/id/doc/soc-trang/3452-ubnd-vx/o/99"
HOSTILE_TEXT = '<script>alert("x")</script> Báo cáo, tổng hợp; gửi Sở Y tế\\trước hạn'


def unfold(body: str) -> list[str]:
    """Content lines: every physical line ends in CRLF, is at most 75 octets, and a line that
    starts with a space continues the previous one."""
    assert body.endswith("\r\n")
    physical = body.split("\r\n")[:-1]
    assert all("\n" not in line and "\r" not in line for line in physical)
    for line in physical:
        assert len(line.encode("utf-8")) <= 75, line
    lines: list[str] = []
    for line in physical:
        if line.startswith(" "):
            lines[-1] += line[1:]
        else:
            lines.append(line)
    return lines


def events(body: str) -> list[dict[str, str]]:
    found, current = [], None
    for line in unfold(body):
        if line == "BEGIN:VEVENT":
            current = {}
        elif line == "END:VEVENT":
            found.append(current)
            current = None
        elif current is not None:
            name, _, value = line.partition(":")
            current[name.split(";")[0]] = value
    return found


def unescape(value: str) -> str:
    return re.sub(r"\\([\\;,nN])", lambda m: "\n" if m.group(1) in "nN" else m.group(1), value)


def test_fold_never_cuts_a_character_and_escape_round_trips():
    line = "SUMMARY:" + "Ủy ban nhân dân tỉnh, thành phố; " * 8
    folded = dl.fold(line)
    parts = folded.split("\r\n")
    assert all(len(p.encode("utf-8")) <= 75 for p in parts) and len(parts) > 3
    assert "".join(p[1:] if i else p for i, p in enumerate(parts)) == line
    text = 'a,b;c\\d\ne'
    assert dl.escape_text(text) == "a\\,b\\;c\\\\d\\ne"
    assert unescape(dl.escape_text(text)) == text


def test_ics_feed_parses_and_has_the_known_deadline(web_client):  # noqa: F811
    response = web_client.get("/deadlines.ics")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/calendar")
    lines = unfold(response.text)
    assert lines[0] == "BEGIN:VCALENDAR" and lines[-1] == "END:VCALENDAR"
    assert "VERSION:2.0" in lines and any(x.startswith("PRODID:") for x in lines)
    found = [e for e in events(response.text) if KNOWN.split("/id/")[1] in e.get("URL", "")]
    assert len(found) == 1
    event = found[0]
    # the deadline is "2024-11" (gYearMonth): due on the month's last day, an all-day event
    assert event["DTSTART"] == "20241130" and event["DTEND"] == "20241201"
    summary = unescape(event["SUMMARY"])
    assert summary.startswith("Giao Sở Lao động - Thương binh và Xã hội chủ trì, phối hợp")
    # commas and semicolons of the text are escaped in the raw value
    assert "chủ trì\\, phối hợp" in event["SUMMARY"] and "nêu trên\\; tham mưu" in event["SUMMARY"]
    assert {"UID", "DTSTAMP"} <= set(event)
    # owners today in the description: Sóc Trăng's Sở LĐTBXH's task is Cần Thơ's Sở Y tế's now
    assert "Sở Y tế thành phố Cần Thơ" in unescape(event["DESCRIPTION"])


def test_ics_per_agency_and_per_document(web_client):  # noqa: F811
    owner = "id:agency/soc-trang/so-lao-dong-thuong-binh-va-xa-hoi"
    holder = "id:agency/can-tho/so-y-te"
    for params in ({"agency": owner}, {"agency": holder},
                   {"document": "id:doc/soc-trang/3452-ubnd-vx"}):
        assert len(events(web_client.get("/deadlines.ics", params=params).text)) == 1, params
    other = web_client.get("/deadlines.ics", params={"agency": "id:agency/ha-noi/so-y-te"})
    assert events(other.text) == []


def test_deadlines_page_lists_the_overdue_task_with_its_owner_today(web_client):  # noqa: F811
    page = web_client.get("/deadlines", params={"lang": "vi"})
    assert page.status_code == 200
    html = page.text
    overdue = html.split('id="overdue"', 1)[1].split('id="upcoming"', 1)[0]
    assert 'href="/id/doc/soc-trang/3452-ubnd-vx/o/1"' in overdue
    assert "Sở Y tế thành phố Cần Thơ" in overdue and "suy luận" in overdue
    assert 'href="/deadlines.ics' in html
    filtered = web_client.get("/deadlines", params={"province": SOC_TRANG}).text
    assert 'href="/id/doc/soc-trang/3452-ubnd-vx/o/1"' in filtered
    other = web_client.get("/deadlines", params={"province": SOC_TRANG.replace(
        "soc-trang", "ha-noi")}).text
    assert 'href="/id/doc/soc-trang/3452-ubnd-vx/o/1"' not in other
    data = web_client.get("/api/deadlines", params={"as_of": "2024-10-01"}).json()
    assert KNOWN in [t["iri"] for t in data["upcoming"]] and data["overdue"] == []
    assert web_client.get("/api/deadlines", params={"as_of": "2024-13-01"}).status_code == 400


def test_period_end():
    from policykg.web.lineage import period_end
    assert period_end("2024-11") == date(2024, 11, 30)
    assert period_end("2024-02") == date(2024, 2, 29)
    assert period_end("2025") == date(2025, 12, 31)
    assert period_end("2025-03-15") == date(2025, 3, 15)
    assert period_end("2025-13") is None


@pytest.fixture(scope="module")
def hostile_client(tmp_path_factory):
    """The repository's graph plus a task whose text is markup, with a deadline."""
    data = tmp_path_factory.mktemp("hostile-store")
    store = OxigraphStore(data)
    build.load(store)
    literal = HOSTILE_TEXT.replace("\\", "\\\\").replace('"', '\\"')
    store.update(f"""PREFIX pkg: <https://w3id.org/policykg/ontology#>
PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
INSERT DATA {{ <{HOSTILE}> a pkg:Obligation ; pkg:sectionPath "99" ;
  pkg:statedIn <https://w3id.org/policykg/id/doc/soc-trang/3452-ubnd-vx> ;
  pkg:owner <https://w3id.org/policykg/id/agency/soc-trang/so-lao-dong-thuong-binh-va-xa-hoi> ;
  pkg:text "{literal}"@vi ; pkg:deadline "2099-01-15"^^xsd:date . }}""")
    store.close()
    app = create_app(Settings(data_dir=data, update_token=None, query_workers=1))
    with TestClient(app) as client:
        yield client


def test_script_in_a_task_text_stays_text(hostile_client):
    for path in ("/deadlines", "/id/doc/soc-trang/3452-ubnd-vx",
                 "/id/agency/soc-trang/so-lao-dong-thuong-binh-va-xa-hoi"):
        html = hostile_client.get(path).text
        assert "<script>alert" not in html, path
        assert "&lt;script&gt;alert(" in html, path
    body = hostile_client.get("/deadlines.ics").text
    event = next(e for e in events(body) if e["URL"].endswith("/o/99"))
    assert event["DTSTART"] == "20990115"
    assert "Báo cáo\\, tổng hợp\\; gửi Sở Y tế\\\\trước hạn" in event["SUMMARY"]
    assert unescape(event["SUMMARY"]) == HOSTILE_TEXT
