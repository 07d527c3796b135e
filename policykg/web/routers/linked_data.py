"""Linked data: instance IRIs https://w3id.org/policykg/id/<path> dereference at /id/<path>
(HTML for browsers, Turtle, JSON-LD or N-Triples by Accept or ?format=), and the ontology at
/ontology (HTML documentation or the Turtle file)."""

import re
from functools import lru_cache
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, Response
from rdflib import Graph, Literal, URIRef

from policykg.errors import NotFoundError
from policykg.namespaces import ID, PREFIXES
from policykg.web import negotiation as neg
from policykg.web.ontology_doc import documentation, ontology_graph, ontology_path
from policykg.web.runtime import Runtime
from policykg.web.templating import env, render

router = APIRouter(tags=["linked data"])
OFFERED = [neg.HTML, neg.TURTLE, neg.JSONLD, neg.NTRIPLES]
RDFLIB_FORMATS = {neg.TURTLE: "turtle", neg.JSONLD: "json-ld", neg.NTRIPLES: "nt"}
_SAFE_PATH = re.compile(r"^[A-Za-z0-9._~!$&'()*+,;=:@/%-]+$")
Format = Annotated[str | None, Query(max_length=20, description="html, turtle, jsonld or nt")]


def _media(request: Request, fmt: str | None) -> str:
    return neg.from_format(fmt, OFFERED) or neg.choose(request.headers.get("accept"), OFFERED, {})


def _bind(g: Graph) -> Graph:
    for prefix, ns in PREFIXES.items():
        g.bind(prefix, ns)
    return g


def _describe(store: Any, iri: str) -> Graph:
    """The resource's own triples and those of its fragment nodes (<obl>#source, #quote, ...)."""
    return store.construct(f"""
CONSTRUCT {{ <{iri}> ?p ?o . ?f ?fp ?fo }} WHERE {{
  {{ <{iri}> ?p ?o }}
  UNION
  {{ <{iri}> ?x ?f . FILTER(isIRI(?f) && STRSTARTS(STR(?f), "{iri}#")) ?f ?fp ?fo }}
  UNION
  {{ <{iri}> ?x ?y . FILTER(isIRI(?y) && STRSTARTS(STR(?y), "{iri}#")) ?y ?z ?f .
     FILTER(isIRI(?f) && STRSTARTS(STR(?f), "{iri}#")) ?f ?fp ?fo }}
}}""")


def _incoming(store: Any, iri: str) -> list[dict[str, Any]]:
    return store.select(f"SELECT ?s ?p WHERE {{ ?s ?p <{iri}> }} ORDER BY ?p ?s LIMIT 300")


def _labels(store: Any, iris: set[str]) -> dict[str, str]:
    labels: dict[str, str] = {}
    ordered = sorted(i for i in iris if _SAFE_PATH.match(i.split("://", 1)[-1]))
    for start in range(0, len(ordered), 200):
        values = " ".join(f"<{i}>" for i in ordered[start:start + 200])
        rows = store.select(
            "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n"
            "PREFIX pkg: <https://w3id.org/policykg/ontology#>\n"
            f"SELECT ?x ?l WHERE {{ VALUES ?x {{ {values} }} "
            "?x rdfs:label|pkg:documentNumber ?l }")
        for row in rows:
            label = row["l"]
            if str(row["x"]) not in labels or getattr(label, "language", None) == "vi":
                labels[str(row["x"])] = str(label)
    return labels


def _page_data(rt: Runtime, iri: str) -> dict[str, Any]:
    g = _describe(rt.store, iri)
    incoming = _incoming(rt.store, iri)
    if not len(g) and not incoming:
        raise NotFoundError(f"nothing is known about {iri}")
    iris = {str(t) for triple in g for t in triple if isinstance(t, URIRef)}
    iris |= {str(r["s"]) for r in incoming} | {str(r["p"]) for r in incoming}
    labels = _labels(rt.store, iris)
    subjects: dict[str, list[tuple[str, Any]]] = {}
    for s, p, o in sorted(g, key=lambda t: (str(t[0]) != iri, str(t[0]), str(t[1]), str(t[2]))):
        subjects.setdefault(str(s), []).append((str(p), o))
    return {"iri": iri, "subjects": subjects, "labels": labels, "graph": g,
            "incoming": [(str(r["s"]), str(r["p"])) for r in incoming],
            "label": labels.get(iri)}


@router.get("/id/{path:path}")
async def resource(request: Request, path: str, format: Format = None) -> Response:  # noqa: A002
    """An instance IRI https://w3id.org/policykg/id/{path}: HTML, Turtle, JSON-LD or N-Triples."""
    if not path or not _SAFE_PATH.match(path) or ".." in path.split("/"):
        raise NotFoundError(f"not a policykg IRI path: /id/{path}")
    media = _media(request, format)
    rt: Runtime = request.app.state.runtime
    iri = str(ID[path])
    data = await rt.run(rt.result, ("resource", iri), lambda: _page_data(rt, iri))
    headers = {"Vary": "Accept"}
    if media == neg.HTML:
        response = render(request, "resource.html", title=data["label"] or path,
                          is_literal=lambda o: isinstance(o, Literal), **data)
        response.headers.update(headers)
        return response
    body = _bind(data["graph"]).serialize(format=RDFLIB_FORMATS[media])
    return Response(body, media_type=media, headers=headers)


@lru_cache(maxsize=2)
def _ontology_html(mtime: float) -> str:
    """The documentation page, rendered once per version of the ontology file."""
    return env.get_template("ontology.html").render(title="Ontology", doc=documentation())


@router.get("/ontology")
async def ontology(request: Request, format: Format = None) -> Response:  # noqa: A002
    """The ontology: HTML documentation, or Turtle / JSON-LD / N-Triples by negotiation."""
    media = _media(request, format)
    headers = {"Vary": "Accept"}
    if media == neg.HTML:
        html = await request.app.state.runtime.run(_ontology_html, ontology_path().stat().st_mtime)
        return HTMLResponse(html, headers=headers)
    if media == neg.TURTLE:
        return Response(ontology_path().read_bytes(), media_type=media, headers=headers)
    g = await request.app.state.runtime.run(ontology_graph)
    return Response(g.serialize(format=RDFLIB_FORMATS[media]), media_type=media, headers=headers)
