"""Linked data: /id/... by content negotiation, /ontology as HTML documentation and Turtle."""

import json
import re
from html import unescape

from rdflib import Graph, URIRef
from rdflib.namespace import OWL, RDF
from web_fixtures import sparql_rows, web_client  # noqa: F401 - fixture

from policykg.resources import ontology_dir

PKG = "https://w3id.org/policykg/ontology#"
ID = "https://w3id.org/policykg/id/"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"


def a_document(client) -> str:
    return sparql_rows(client, f"SELECT ?d WHERE {{ ?d <{PKG}documentNumber> ?n }} "
                               "ORDER BY ?d LIMIT 1")[0]["d"]


def test_instance_iri_dereferences_by_accept(web_client):  # noqa: F811
    iri = a_document(web_client)
    path = "/id/" + iri[len(ID):]
    page = web_client.get(path, headers={"accept": "text/html"})
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    assert iri in page.text and "Accept" in page.headers["vary"]
    turtle = web_client.get(path, headers={"accept": "text/turtle"})
    g = Graph().parse(data=turtle.text, format="turtle")
    assert (URIRef(iri), URIRef(PKG + "documentNumber"), None) in g
    jsonld = web_client.get(path, headers={"accept": "application/ld+json"})
    assert jsonld.headers["content-type"].startswith("application/ld+json")
    assert len(Graph().parse(data=jsonld.text, format="json-ld")) == len(g)
    nt = web_client.get(path, params={"format": "nt"})
    assert len(Graph().parse(data=nt.text, format="nt")) == len(g)


def test_obligation_includes_its_provenance_nodes(web_client):  # noqa: F811
    row = sparql_rows(web_client, "SELECT ?o ?src WHERE { ?o <http://www.w3.org/ns/prov#"
                                  "wasDerivedFrom> ?src FILTER(STRSTARTS(STR(?src), "
                                  "CONCAT(STR(?o), '#'))) } ORDER BY ?o LIMIT 1")[0]
    g = Graph().parse(data=web_client.get("/id/" + row["o"][len(ID):],
                                          params={"format": "turtle"}).text, format="turtle")
    assert any(True for _ in g.predicate_objects(URIRef(row["src"])))


def test_unknown_and_malformed_iris_are_404(web_client):  # noqa: F811
    assert web_client.get("/id/doc/no-such-document").status_code == 404
    assert web_client.get("/id/doc/%3Cscript%3E").status_code == 404
    assert web_client.get("/id/doc/x", params={"format": "pdf"}).status_code == 400


def test_ontology_html_documents_every_class_and_property(web_client):  # noqa: F811
    html = web_client.get("/ontology", headers={"accept": "text/html"}).text
    g = Graph().parse(ontology_dir() / "policykg.ttl", format="turtle")
    terms = {str(s) for t in (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty)
             for s in g.subjects(RDF.type, t) if str(s).startswith(PKG)}
    assert terms
    for term in terms:
        assert f'id="{term[len(PKG):]}"' in html


def test_ontology_turtle_and_jsonld(web_client):  # noqa: F811
    turtle = web_client.get("/ontology", headers={"accept": "text/turtle"})
    assert turtle.content == (ontology_dir() / "policykg.ttl").read_bytes()
    jsonld = web_client.get("/ontology", params={"format": "jsonld"})
    assert isinstance(json.loads(jsonld.text), (list, dict))


def test_resource_page_links_stay_local(web_client):  # noqa: F811
    iri = a_document(web_client)
    page = web_client.get("/id/" + iri[len(ID):]).text
    assert 'href="/ontology#documentNumber"' in page


def visible_text(html: str) -> str:
    html = re.sub(r"<script.*?</script>", " ", html, flags=re.S)
    html = re.sub(r'<details class="raw".*?</details>', " ", html, flags=re.S)  # the raw triples
    return re.sub(r"<[^>]+>", " ", html)


def a_document_with_issuer(client) -> dict[str, str]:
    return sparql_rows(client, f"""SELECT ?d ?n ?issuer ?label WHERE {{
        ?d <{PKG}documentNumber> ?n ; <{PKG}issuedBy> ?issuer ; <{PKG}implements> ?parent .
        ?issuer <{RDFS}label> ?label FILTER(LANG(?label) = "vi")
        FILTER EXISTS {{ ?o <{PKG}statedIn> ?d ; <{PKG}owner> ?owner }} }}
        ORDER BY ?d LIMIT 1""")[0]


def test_document_page_is_a_view_with_names_not_iris(web_client):  # noqa: F811
    row = a_document_with_issuer(web_client)
    html = web_client.get("/id/" + row["d"][len(ID):], params={"lang": "vi"}).text
    web_client.cookies.clear()
    assert '<html lang="vi">' in html
    facts = html.split('id="doc-facts"', 1)[1].split("</dl>", 1)[0]
    assert "Cơ quan ban hành" in facts and row["label"] in facts
    text = visible_text(html)
    assert "id:agency/" not in text and "id:doc/" not in text and "pkg:" not in text
    assert "Nhiệm vụ (" in text  # the task table
    owners = sparql_rows(web_client, f"SELECT DISTINCT ?l WHERE {{ ?o <{PKG}statedIn> "
                                     f"<{row['d']}> ; <{PKG}owner>/<{RDFS}label> ?l "
                                     "FILTER(LANG(?l) = 'vi') }")
    assert any(o["l"] in text for o in owners)
    assert 'id="raw-triples"' in html  # the triples stay one click away


def test_document_date_is_written_the_vietnamese_way(web_client):  # noqa: F811
    row = sparql_rows(web_client, f"SELECT ?d ?date WHERE {{ ?d <{PKG}issued> ?date }} "
                                  "ORDER BY ?d LIMIT 1")[0]
    y, m, d = row["date"][:10].split("-")
    expected = f"{d}/{m if int(m) <= 2 else int(m)}/{y}"
    html = web_client.get("/id/" + row["d"][len(ID):], params={"lang": "vi"}).text
    web_client.cookies.clear()
    assert expected in visible_text(html)


def test_agency_page_lists_its_obligations_by_name(web_client):  # noqa: F811
    row = sparql_rows(web_client, f"""SELECT ?a ?label (COUNT(DISTINCT ?o) AS ?n) WHERE {{
        ?o <{PKG}owner> ?a . ?a <{RDFS}label> ?label FILTER(LANG(?label) = "vi") }}
        GROUP BY ?a ?label ORDER BY DESC(?n) ?a LIMIT 1""")[0]
    html = web_client.get("/id/" + row["a"][len(ID):], params={"lang": "vi"}).text
    web_client.cookies.clear()
    assert f"<h1>{row['label']}</h1>" in html
    assert f"Nhiệm vụ chủ trì ({row['n']})" in html
    text = visible_text(html)
    assert "id:" not in text and "pkg:" not in text
    english = web_client.get("/id/" + row["a"][len(ID):], params={"lang": "en"}).text
    web_client.cookies.clear()
    assert f"Obligations it owns ({row['n']})" in english and '<html lang="en">' in english


def test_obligation_page_names_document_and_owners(web_client):  # noqa: F811
    row = sparql_rows(web_client, f"""SELECT ?o ?n ?path WHERE {{ ?o <{PKG}statedIn> ?d ;
        <{PKG}sectionPath> ?path ; <{PKG}owner> ?a . ?d <{PKG}documentNumber> ?n }}
        ORDER BY ?o LIMIT 1""")[0]
    html = web_client.get("/id/" + row["o"][len(ID):]).text
    assert f"<h1>{row['n']} § {row['path']}</h1>" in html
    text = visible_text(html)
    assert "Cơ quan chủ trì" in text and "id:agency/" not in text


def test_unknown_iri_is_a_page_for_browsers_and_json_for_clients(web_client):  # noqa: F811
    page = web_client.get("/id/doc/no-such-document", headers={"accept": "text/html"})
    assert page.status_code == 404 and page.headers["content-type"].startswith("text/html")
    assert '<html lang="vi">' in page.text and "Không tìm thấy trang" in page.text
    api = web_client.get("/id/doc/no-such-document", headers={"accept": "text/turtle"})
    assert api.status_code == 404 and api.json()["status"] == 404
    assert web_client.get("/id/doc/no-such-document").headers["content-type"].startswith(
        "application/json")  # no Accept: a client, not a browser
    english = web_client.get("/id/doc/nothing", params={"lang": "en"},
                             headers={"accept": "text/html"})
    web_client.cookies.clear()
    assert "Page not found" in english.text


SOC_TRANG_LDTBXH = "/id/agency/soc-trang/so-lao-dong-thuong-binh-va-xa-hoi"
SOC_TRANG_PLAN = "/id/doc/soc-trang/3452-ubnd-vx"
VI = {"lang": "vi"}  # the session client may remember an English choice


def test_agency_page_shows_a_dated_lineage_with_inferred_hops(web_client):  # noqa: F811
    html = web_client.get(SOC_TRANG_LDTBXH, params=VI).text
    lineage = html.split('id="lineage"', 1)[1].split("</section>", 1)[0]
    assert "Cơ quan đã kết thúc hoạt động từ ngày 01/3/2025." in lineage
    # the children's route: Sóc Trăng's Sở Y tế on 1 March 2025, then Cần Thơ's on 1 July 2025
    routes = lineage.split('<div class="route">')[1:]
    health = next(r for r in routes if "bảo vệ, chăm sóc trẻ em" in r)
    hops = re.findall(r"<li>(.*?)</li>", health, re.S)
    assert len(hops) == 2
    assert 'datetime="2025-03-01"' in hops[0] and 'href="/id/agency/soc-trang/so-y-te"' in hops[0]
    assert 'datetime="2025-07-01"' in hops[1] and 'href="/id/agency/can-tho/so-y-te"' in hops[1]
    assert all('class="basis inferred"' in h for h in hops)
    assert "chuyển giao chức năng" in hops[0] and "hợp nhất" in hops[1]
    # the default way (the merger into Sở Nội vụ) is stated on its first hop
    default = next(r for r in routes if "Mặc định" in r)
    assert 'class="basis stated"' in re.findall(r"<li>(.*?)</li>", default, re.S)[0]
    english = web_client.get(SOC_TRANG_LDTBXH, params={"lang": "en"}).text
    assert "This body ended on 1 March 2025." in english and ">inferred<" in english


def test_agency_page_shows_what_it_holds_today_and_that_it_exists(web_client):  # noqa: F811
    html = web_client.get("/id/agency/can-tho/so-y-te", params=VI).text
    assert "Cơ quan đang hoạt động." in html
    holds = html.split('id="holds"', 1)[1].split("</table>", 1)[0]
    assert 'href="/id/doc/soc-trang/3452-ubnd-vx/o/1"' in holds
    assert 'href="/id/agency/soc-trang/so-lao-dong-thuong-binh-va-xa-hoi"' in holds
    assert 'class="basis inferred"' in holds
    predecessors = html.split('id="predecessors"', 1)[1].split("</ol>", 1)[0]
    assert 'href="/id/agency/soc-trang/so-y-te"' in predecessors


def test_lineage_api_matches_the_resolver(web_client, built_store):  # noqa: F811
    from datetime import date

    from policykg import succession

    iri = ID + "agency/soc-trang/so-lao-dong-thuong-binh-va-xa-hoi"
    data = web_client.get("/api/agency/lineage",
                          params={"iri": iri, "as_of": "2026-01-01"}).json()
    assert data["exists"] is False and data["ended"] == "2025-03-01"
    resolver = succession.from_store(built_store)
    expected = {h.holder for r in resolver.routes_from(iri)
                for h in resolver.holdings(iri, date(2026, 1, 1), route=r)}
    assert {r["holder"] for r in data["routes"] if r["rule"]} == expected
    health = next(r for r in data["routes"] if r["holder"] == ID + "agency/can-tho/so-y-te")
    assert [(h["to"], h["date"], h["inferred"]) for h in health["hops"]] == [
        (ID + "agency/soc-trang/so-y-te", "2025-03-01", True),
        (ID + "agency/can-tho/so-y-te", "2025-07-01", True)]
    before = web_client.get("/api/agency/lineage",
                            params={"iri": iri, "as_of": "2025-04-01"}).json()
    assert before["routes"][0]["hops"][-1]["date"] == "2025-03-01"


def test_document_page_shows_owners_today_and_overdue_first(web_client):  # noqa: F811
    html = web_client.get(SOC_TRANG_PLAN, params=VI).text
    tasks = html.split('id="tasks"', 1)[1].split("</table>", 1)[0]
    row = tasks.split('href="/id/doc/soc-trang/3452-ubnd-vx/o/1"', 1)[1].split("</tr>", 1)[0]
    stated, today = row.split('class="today"', 1)
    assert 'href="/id/agency/soc-trang/so-lao-dong-thuong-binh-va-xa-hoi"' in stated
    assert 'href="/id/agency/can-tho/so-y-te"' in today and "suy luận" in today
    assert "can-tho/so-y-te" not in stated
    # the task's deadline (November 2024) has passed: listed first, before the task table
    assert html.index('id="overdue"') < html.index('id="tasks"')
    overdue = html.split('id="overdue"', 1)[1].split("</table>", 1)[0]
    assert 'href="/id/doc/soc-trang/3452-ubnd-vx/o/1"' in overdue


def test_document_full_text_marks_exactly_each_passage(web_client):  # noqa: F811
    rows = sparql_rows(web_client, f"""SELECT ?d ?o ?exact WHERE {{
      ?o <{PKG}statedIn> ?d ; <http://www.w3.org/ns/prov#wasDerivedFrom> ?s .
      ?s <http://www.w3.org/ns/oa#hasSelector> ?q . ?q <http://www.w3.org/ns/oa#exact> ?exact }}""")
    by_document: dict[str, list[dict[str, str]]] = {}
    for row in rows:
        by_document.setdefault(row["d"], []).append(row)
    assert ID + "doc/soc-trang/3452-ubnd-vx" in by_document and len(by_document) > 2
    for document, found in by_document.items():
        html = web_client.get("/id/" + document[len(ID):], params=VI).text
        tasks, text = html.split('id="full-text"', 1)
        for row in found:
            anchor = "p-" + row["o"].rsplit("/o/", 1)[1]
            mark = re.search(rf'<mark id="{re.escape(anchor)}">(.*?)</mark>', text, re.S)
            assert mark, (document, anchor)
            assert unescape(mark.group(1)) == row["exact"], anchor  # exactly the quoted text
            assert "<" not in mark.group(1)  # escaped, nothing nested
            assert f'href="#{anchor}"' in tasks  # linked from the task list
    html = web_client.get(SOC_TRANG_PLAN, params=VI).text
    text = html.split('id="full-text"', 1)[1]
    # the text outside the marks is the document's own (its header is there, unmarked)
    assert "Sóc Trăng, ngày 23 tháng 10 năm 2024" in text.split("<mark", 1)[0]
