"""Linked data: /id/... by content negotiation, /ontology as HTML documentation and Turtle."""

import json
import re

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
