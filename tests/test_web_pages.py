"""Home page, search, stats and the query page."""

import re

import pytest
from web_fixtures import sparql_rows, web_client  # noqa: F401 - fixture

from policykg import queries
from policykg.text import fold

PKG = "https://w3id.org/policykg/ontology#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"


def count_of(client, cls: str) -> int:
    rows = sparql_rows(client, f"SELECT (COUNT(DISTINCT ?x) AS ?n) WHERE {{ ?x a ?t . "
                               f"?t <{RDFS}subClassOf>* <{PKG}{cls}> }}")
    return int(rows[0]["n"])


def test_stats_match_the_endpoint(web_client):  # noqa: F811
    totals = web_client.get("/api/stats").json()["totals"]
    assert totals["documents"] == count_of(web_client, "PolicyDocument")
    assert totals["obligations"] == count_of(web_client, "Obligation")
    assert totals["agencies"] == count_of(web_client, "Agency")
    assert totals["documents"] > 0 and totals["agencies"] > 0


def test_home_shows_counts_and_every_document_in_the_cascade(web_client):  # noqa: F811
    html = web_client.get("/").text
    totals = web_client.get("/api/stats").json()["totals"]
    assert f'<span class="n">{totals["documents"]}</span> văn bản' in html
    agencies = f'{totals["agencies"]:,}'.replace(",", ".")  # 5.438: Vietnamese grouping
    assert f'<span class="n">{agencies}</span> cơ quan' in html
    docs = sparql_rows(web_client, f"SELECT DISTINCT ?d WHERE {{ ?d a ?t . "
                                   f"?t <{RDFS}subClassOf>* <{PKG}PolicyDocument> }}")
    cascade = html.split('id="cascade"', 1)[1]
    for row in docs:
        path = row["d"].replace("https://w3id.org/policykg/id/", "/id/")
        assert f'href="{path}"' in cascade


def test_cascade_nests_implementing_documents_under_their_parent(web_client):  # noqa: F811
    rows = sparql_rows(web_client, f"SELECT ?c ?p WHERE {{ ?c <{PKG}implements> ?p . "
                                   f"?p a ?t . ?t <{RDFS}subClassOf>* <{PKG}PolicyDocument> }}")
    if not rows:
        pytest.fail("the graph has no pkg:implements between documents")
    html = web_client.get("/").text.split('id="cascade"', 1)[1]
    child = rows[0]["c"].replace("https://w3id.org/policykg/id/", "/id/")
    parent = rows[0]["p"].replace("https://w3id.org/policykg/id/", "/id/")
    assert html.index(f'href="{parent}"') < html.index(f'href="{child}"')


def an_agency_label(client) -> tuple[str, str]:
    """An agency with a Vietnamese label that has diacritics."""
    rows = sparql_rows(client, f"SELECT ?a ?l WHERE {{ ?a a <{PKG}Agency> ; <{RDFS}label> ?l "
                               "FILTER(LANG(?l) = 'vi') } ORDER BY ?a LIMIT 200")
    for row in rows:
        if fold(row["l"]) != row["l"].lower():
            return row["a"], row["l"]
    pytest.fail("no agency label with diacritics in the graph")


def test_search_is_accent_insensitive(web_client):  # noqa: F811
    iri, label = an_agency_label(web_client)
    for query in (label, fold(label), fold(label).upper()):
        results = web_client.get("/api/search", params={"q": query, "limit": 100}).json()
        assert iri in [r["iri"] for r in results["results"]], query
    hit = next(r for r in results["results"] if r["iri"] == iri)
    assert hit["kind"] == "agency" and hit["href"].startswith("/id/agency/")


def test_search_finds_documents_by_number_and_obligations_by_text(web_client):  # noqa: F811
    row = sparql_rows(web_client, f"SELECT ?d ?n WHERE {{ ?d <{PKG}documentNumber> ?n }} "
                                  "ORDER BY ?n LIMIT 1")[0]
    results = web_client.get("/api/search", params={"q": row["n"]}).json()["results"]
    assert results[0]["iri"] == row["d"] and results[0]["kind"] == "document"
    ob = sparql_rows(web_client, f"SELECT ?o ?t WHERE {{ ?o <{PKG}text> ?t }} ORDER BY ?o LIMIT 1")
    words = " ".join(fold(ob[0]["t"]).split()[:6])
    found = web_client.get("/api/search", params={"q": words, "limit": 100}).json()["results"]
    hit = next(r for r in found if r["iri"] == ob[0]["o"])
    assert hit["kind"] == "obligation" and hit["trace"].startswith("/trace?q=")


def test_search_page_escapes_the_query(web_client):  # noqa: F811
    html = web_client.get("/search", params={"q": "<script>alert(1)</script>"}).text
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_empty_search_and_bad_limit(web_client):  # noqa: F811
    assert web_client.get("/api/search", params={"q": "   "}).json()["results"] == []
    assert web_client.get("/api/search", params={"q": "x", "limit": 0}).status_code == 400


def test_query_page_lists_every_named_query(web_client):  # noqa: F811
    html = web_client.get("/query").text
    assert '<script src="/static/yasgui/yasgui.min.js"></script>' in html
    names = [q.name for q in queries.list_queries()]
    assert names
    for name in names:
        assert f'data-query="{name}"' in html
    listed = web_client.get("/api/queries").json()["queries"]
    assert [q["name"] for q in listed] == names
    assert all(q["title"] and "text" in q for q in listed)


def test_named_query_binding(web_client):  # noqa: F811
    query = next((q for q in queries.list_queries() if q.params), None)
    assert query is not None, "no named query with parameters"
    dated = next(q for q in queries.list_queries() if any(p.kind == "date" for p in q.params))
    param = next(p for p in dated.params if p.kind == "date")
    bound = web_client.get(f"/api/queries/{dated.name}", params={param.name: "01/7/2025"})
    assert bound.status_code == 200
    assert '"2025-07-01"^^' in bound.json()["bound"]  # a date as Vietnamese write it
    assert web_client.get(f"/api/queries/{dated.name}",
                          params={param.name: "31/02/2025"}).status_code == 400
    titles = {q["name"]: q for q in web_client.get("/api/queries").json()["queries"]}
    assert titles["obligations-by-owner"]["title"] == "Nhiệm vụ theo cơ quan chủ trì"
    assert titles["trace"]["params"][0]["meaning"].startswith("nhiệm vụ gốc")
    # a task written as the analyst writes it; plain text for an agency is refused, not empty
    traced = web_client.get("/api/queries/trace", params={"root": "28 CT TW 3"})
    assert "<https://w3id.org/policykg/id/doc/28-ct-tw/o/g3>" in traced.json()["bound"]
    refused = web_client.get("/api/queries/obligations-by-owner", params={"owner": "so y te"})
    assert refused.status_code == 400 and "IRI" in refused.text
    assert web_client.get(f"/api/queries/{query.name}", params={"nope": "1"}).status_code == 400
    assert web_client.get("/api/queries/no-such-query").status_code == 404


def test_pages_have_no_inline_scripts_and_send_a_csp(web_client):  # noqa: F811
    for path in ("/", "/query", "/trace", "/validate", "/graph", "/ontology", "/docs"):
        response = web_client.get(path)
        assert response.status_code == 200, path
        csp = response.headers["content-security-policy"]
        script_src = csp.split("script-src", 1)[1].split(";", 1)[0]
        assert script_src.strip() == "'self'"
        # data blocks (type="application/json": the page's messages) are never executed
        assert not re.search(r'<script(?![^>]*\b(?:src=|type="application/json"))[^>]*>',
                             response.text), path


def test_pages_are_vietnamese_by_default_and_english_on_request(web_client):  # noqa: F811
    web_client.cookies.clear()
    for path in ("/", "/query", "/trace", "/validate", "/graph", "/search?q=y"):
        vi = web_client.get(path)
        assert '<html lang="vi">' in vi.text, path
        assert "Trang chủ" in vi.text and "Kiểm tra kế hoạch" in vi.text, path
        assert vi.headers["content-language"] == "vi"
        en = web_client.get(path, params={"lang": "en"})
        assert '<html lang="en">' in en.text and ">Home</a>" in en.text, path
        assert "Trang chủ" not in en.text, path
        web_client.cookies.clear()
    english = web_client.get("/", headers={"accept-language": "en-GB,en;q=0.9"})
    assert '<html lang="en">' in english.text
    both = web_client.get("/", headers={"accept-language": "en;q=0.5,vi"})
    assert '<html lang="vi">' in both.text


def test_the_language_choice_is_remembered(web_client):  # noqa: F811
    web_client.cookies.clear()
    chosen = web_client.get("/trace", params={"lang": "en"})
    assert "lang=en" in chosen.headers["set-cookie"]
    assert '<html lang="en">' in web_client.get("/validate").text  # the cookie, no parameter
    switch = re.search(r'id="lang-switch" href="([^"]+)"', web_client.get("/validate").text)
    assert switch and switch.group(1) == "/validate?lang=vi"
    web_client.get("/", params={"lang": "vi"})
    assert '<html lang="vi">' in web_client.get("/validate").text
    web_client.cookies.clear()


def test_vietnamese_dates_and_numbers():
    from datetime import date

    from policykg.web.i18n import format_date

    assert format_date(date(2024, 3, 8), "vi") == "08/3/2024"
    assert format_date("2025-01-05", "vi") == "05/01/2025"  # months 1 and 2 with a zero
    assert format_date("2024-11", "vi") == "tháng 11/2024"
    assert format_date("2025", "vi") == "2025"
    assert format_date(date(2024, 3, 8), "en") == "8 March 2024"


def visible_text(html: str) -> str:
    """The page's text as a reader sees it (tags, attributes and data blocks dropped)."""
    html = re.sub(r"<script.*?</script>", " ", html, flags=re.S)
    return re.sub(r"<[^>]+>", " ", html)


def test_home_names_levels_and_kinds_not_classes(web_client):  # noqa: F811
    text = visible_text(web_client.get("/", params={"lang": "vi"}).text)
    web_client.cookies.clear()
    for class_name in ("CentralLevel", "ProvincialLevel", "OfficialLetter", "Plan "):
        assert class_name not in text, class_name
    assert "trung ương" in text and "kế hoạch" in text


def test_every_page_links_the_deadlines_and_it_speaks_both_languages(web_client):  # noqa: F811
    home = web_client.get("/", params={"lang": "vi"}).text
    assert '<a href="/deadlines">Thời hạn</a>' in home
    english = web_client.get("/deadlines", params={"lang": "en"}).text
    assert "<h1>Deadlines of the tasks</h1>" in english and "Overdue (" in english
    vietnamese = web_client.get("/deadlines", params={"lang": "vi"}).text
    assert "<h1>Lịch thời hạn thực hiện nhiệm vụ</h1>" in vietnamese
    assert "Quá hạn (" in vietnamese and 'lang="vi"' in vietnamese


OCR_TITLE = ("thue hién Chi thi s6 28-CT/TW, ngay 25/12/2023 ctia By Chinh tri vé ting cuong "
             "cong tac cham soc, giao duc va bao vé tré em dap wng yéu cau phat trién dat nuée")


@pytest.mark.parametrize("title,garbled", [
    (OCR_TITLE, True),
    ("Thuc hien Chi thi so 28-CT/TW cua Bo Chinh tri ve tre em", True),  # marks all lost
    ("Phê duyệt Chương trình phòng, chống tai nạn, thương tích trẻ em giai đoạn 2021 - 2030",
     False),
    ("V/v triển khai Chương trình thực hiện Chỉ thị số 28-CT/TW ngày 25/12/2023", False),
    ("Luật Trẻ em", False),  # too short to judge
    (None, False),
])
def test_ocr_garbled_titles_are_recognised(title, garbled):
    from policykg.web.names import looks_garbled

    assert looks_garbled(title) is garbled


def test_ocr_garbled_titles_are_not_shown(web_client):  # noqa: F811
    from policykg.web.names import looks_garbled

    rows = sparql_rows(web_client, "SELECT ?d ?t WHERE { ?d <https://w3id.org/policykg/ontology#"
                                   "title> ?t }")
    garbled = [r for r in rows if looks_garbled(r["t"])]
    if not garbled:
        pytest.skip("no document title in the graph looks misread")
    home = web_client.get("/", params={"lang": "vi"}).text
    page = web_client.get(garbled[0]["d"].replace("https://w3id.org/policykg", ""),
                          params={"lang": "vi"}).text
    web_client.cookies.clear()
    for row in garbled:
        assert row["t"][:40] not in home
    assert "trích yếu không đọc được" in home
    header = page.split("<h2", 1)[0]  # the full text below is the scan's text, as it is
    assert garbled[0]["t"][:40] not in header
    assert 'id="title-unreadable"' in page


def test_names_api_names_iris_as_the_site_does(web_client):  # noqa: F811
    row = sparql_rows(web_client, "SELECT ?o ?n ?p WHERE { ?o <https://w3id.org/policykg/ontology#"
                                  "statedIn>/<https://w3id.org/policykg/ontology#documentNumber> "
                                  "?n ; <https://w3id.org/policykg/ontology#sectionPath> ?p } "
                                  "LIMIT 1")[0]
    doc = "https://w3id.org/policykg/id/doc/28-ct-tw"
    named = web_client.post("/api/names", json={"iris": [row["o"], doc]}).json()["names"]
    assert named[row["o"]]["label"] == f"{row['n']} § {row['p']}"  # a task: document § section
    assert named[doc]["label"] == "28-CT/TW"
    too_many = web_client.post("/api/names", json={"iris": [doc] * 501})
    assert too_many.status_code in (400, 422)
