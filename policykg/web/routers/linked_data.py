"""Linked data: instance IRIs https://w3id.org/policykg/id/<path> dereference at /id/<path>
(HTML for browsers, Turtle, JSON-LD or N-Triples by Accept or ?format=), and the ontology at
/ontology (HTML documentation or the Turtle file)."""

import re
from datetime import date
from functools import lru_cache
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, Response
from rdflib import Graph, Literal, URIRef

from policykg import negotiation as neg
from policykg.errors import NotFoundError
from policykg.namespaces import ID, PREFIXES, sparql_prefixes
from policykg.store import Store
from policykg.web import views
from policykg.web.i18n import COOKIE, Translator, translator
from policykg.web.names import names
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


def _describe(store: Store, iri: str) -> Graph:
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


def _incoming(store: Store, iri: str) -> list[dict[str, Any]]:
    return store.select(f"SELECT ?s ?p WHERE {{ ?s ?p <{iri}> }} ORDER BY ?p ?s LIMIT 300")


def _page_data(rt: Runtime, iri: str, lang: str) -> dict[str, Any]:
    g = _describe(rt.store, iri)
    incoming = _incoming(rt.store, iri)
    if not len(g) and not incoming:
        raise NotFoundError(f"nothing is known about {iri}")
    doc_types = rt.cached("document-types", lambda: _document_types(rt.store))
    kind = views.kind_of(g, iri, doc_types)
    view = views.VIEWS[kind](rt.store, g, iri) if kind in views.VIEWS else {}
    iris = {str(t) for triple in g for t in triple if isinstance(t, URIRef)}
    iris |= {str(r["s"]) for r in incoming} | {str(r["p"]) for r in incoming}
    iris |= views.iris_in(view) | {iri}
    named = names(rt.store, iris, lang)
    subjects: dict[str, list[tuple[str, Any]]] = {}
    for s, p, o in sorted(g, key=lambda t: (str(t[0]) != iri, str(t[0]), str(t[1]), str(t[2]))):
        subjects.setdefault(str(s), []).append((str(p), o))
    return {"iri": iri, "subjects": subjects, "names": named, "graph": g, "kind": kind,
            "view": view, "triples": len(g),
            "incoming": [(str(r["s"]), str(r["p"])) for r in incoming
                         if not str(r["s"]).startswith(iri + "#")],
            "label": named[iri].label if iri in named else None}


def _document_types(store: Store) -> set[str]:
    rows = store.select(sparql_prefixes() + "SELECT DISTINCT ?t WHERE { "
                        "?t rdfs:subClassOf* pkg:PolicyDocument }")
    return {str(r["t"]) for r in rows}


@router.get("/id/{path:path}")
async def resource(request: Request, path: str, format: Format = None) -> Response:  # noqa: A002
    """An instance IRI https://w3id.org/policykg/id/{path}: HTML, Turtle, JSON-LD or N-Triples."""
    if not path or not _SAFE_PATH.match(path) or ".." in path.split("/"):
        raise NotFoundError(f"not a policykg IRI path: /id/{path}")
    media = _media(request, format)
    rt: Runtime = request.app.state.runtime
    iri = str(ID[path])
    lang = translator(request).lang
    key = ("resource", iri, lang, date.today().isoformat())  # owners today change with the day
    data = await rt.run(rt.result, key, lambda: _page_data(rt, iri, lang))
    if media == neg.HTML:
        template = {"document": "document.html", "agency": "agency.html",
                    "obligation": "obligation.html"}.get(data["kind"], "resource.html")
        response = render(request, template, title=data["label"] or path,
                          is_literal=lambda o: isinstance(o, Literal), **data)
        response.headers["Vary"] = "Accept, Accept-Language, Cookie"
        return response
    body = _bind(data["graph"]).serialize(format=RDFLIB_FORMATS[media])
    return Response(body, media_type=media, headers={"Vary": "Accept"})


@lru_cache(maxsize=4)
def _ontology_html(mtime: float, lang: str) -> str:
    """The documentation page, rendered once per version of the ontology file and language."""
    t = Translator(lang)
    other = "en" if lang == "vi" else "vi"
    return env.get_template("ontology.html").render(
        title=t("ontology.title"), doc=documentation(), t=t, lang=lang,
        switch_url=f"/ontology?lang={other}")


@router.get("/ontology")
async def ontology(request: Request, format: Format = None) -> Response:  # noqa: A002
    """The ontology: HTML documentation, or Turtle / JSON-LD / N-Triples by negotiation."""
    media = _media(request, format)
    headers = {"Vary": "Accept"}
    if media == neg.HTML:
        lang = translator(request).lang
        html = await request.app.state.runtime.run(
            _ontology_html, ontology_path().stat().st_mtime, lang)
        response = HTMLResponse(html, headers={"Vary": "Accept, Accept-Language, Cookie"})
        if request.query_params.get("lang") == lang:
            response.set_cookie(COOKIE, lang, max_age=365 * 24 * 3600, samesite="lax")
        return response
    if media == neg.TURTLE:
        return Response(ontology_path().read_bytes(), media_type=media, headers=headers)
    g = await request.app.state.runtime.run(ontology_graph)
    return Response(g.serialize(format=RDFLIB_FORMATS[media]), media_type=media, headers=headers)
