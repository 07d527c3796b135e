"""Linked data: /id/... by content negotiation, /ontology as HTML documentation and Turtle."""

import json

from rdflib import Graph, URIRef
from rdflib.namespace import OWL, RDF
from web_fixtures import sparql_rows, web_client  # noqa: F401 - fixture

from policykg.resources import ontology_dir

PKG = "https://w3id.org/policykg/ontology#"
ID = "https://w3id.org/policykg/id/"


def a_document(client) -> str:
    return sparql_rows(client, f"SELECT ?d WHERE {{ ?d <{PKG}documentNumber> ?n }} "
                               "ORDER BY ?d LIMIT 1")[0]["d"]


def test_instance_iri_dereferences_by_accept(web_client):  # noqa: F811
    iri = a_document(web_client)
    path = "/id/" + iri[len(ID):]
    page = web_client.get(path, headers={"accept": "text/html"})
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    assert iri in page.text and page.headers["vary"] == "Accept"
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
