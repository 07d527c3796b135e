"""HTML documentation of the ontology, generated from ontology/policykg.ttl: the header, then
every pkg: class, property and concept with labels (en, vi), comment, hierarchy, domain and
range. (pyLODE would do this too; a small generator keeps the page under our CSP and styles.)"""

from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from rdflib import OWL, RDF, RDFS, SKOS, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS

from policykg import rdfio, resources
from policykg.namespaces import PKG

SECTIONS = [
    ("classes", "Classes", [OWL.Class, RDFS.Class]),
    ("object-properties", "Object properties", [OWL.ObjectProperty]),
    ("datatype-properties", "Datatype properties", [OWL.DatatypeProperty]),
    ("annotation-properties", "Annotation properties", [OWL.AnnotationProperty]),
    ("concepts", "Concepts and named individuals", [SKOS.Concept, OWL.NamedIndividual,
                                                    SKOS.ConceptScheme]),
]


@dataclass
class Term:
    iri: str
    name: str
    label_en: str = ""
    label_vi: str = ""
    comment: str = ""
    parents: list[str] = field(default_factory=list)
    domain: list[str] = field(default_factory=list)
    range: list[str] = field(default_factory=list)
    types: list[str] = field(default_factory=list)


def ontology_path() -> Path:
    return resources.ontology_dir() / "policykg.ttl"


@lru_cache(maxsize=2)
def _graph(path: Path, mtime: float) -> Graph:
    return rdfio.read([path])


def ontology_graph() -> Graph:
    path = ontology_path()
    return _graph(path, path.stat().st_mtime)


def _text(g: Graph, s: URIRef, p: URIRef, lang: str | None = None) -> str:
    values = [o for o in g.objects(s, p) if isinstance(o, Literal)]
    if lang:
        values = [o for o in values if o.language == lang] or (
            [o for o in values if o.language is None] if lang == "en" else [])
    return str(sorted(values)[0]) if values else ""


def _iris(g: Graph, s: URIRef, p: URIRef) -> list[str]:
    return sorted(str(o) for o in g.objects(s, p) if isinstance(o, URIRef))


def _term(g: Graph, s: URIRef) -> Term:
    return Term(
        iri=str(s), name=str(s)[len(str(PKG)):],
        label_en=_text(g, s, RDFS.label, "en"), label_vi=_text(g, s, RDFS.label, "vi"),
        comment=_text(g, s, RDFS.comment, "en") or _text(g, s, SKOS.definition, "en"),
        parents=_iris(g, s, RDFS.subClassOf) + _iris(g, s, RDFS.subPropertyOf)
        + _iris(g, s, SKOS.broader) + _iris(g, s, OWL.equivalentClass),
        domain=_iris(g, s, RDFS.domain), range=_iris(g, s, RDFS.range),
        types=_iris(g, s, RDF.type),
    )


def documentation() -> dict:
    g = ontology_graph()
    header = next(g.subjects(RDF.type, OWL.Ontology), None)
    placed: set[str] = set()
    sections = []
    for key, title, types in SECTIONS:
        terms = []
        for t in types:
            for s in g.subjects(RDF.type, t):
                if isinstance(s, URIRef) and str(s).startswith(str(PKG)) and str(s) not in placed:
                    placed.add(str(s))
                    terms.append(_term(g, s))
        sections.append({"key": key, "title": title,
                         "terms": sorted(terms, key=lambda x: x.name.lower())})
    # pkg: terms typed only by other pkg: classes (levels, branches, ...)
    other = [_term(g, s) for s in set(g.subjects())
             if isinstance(s, URIRef) and str(s).startswith(str(PKG)) and str(s) not in placed
             and str(s) != str(PKG)]
    if other:
        sections.append({"key": "other", "title": "Other terms",
                         "terms": sorted(other, key=lambda x: x.name.lower())})
    return {
        "iri": str(header) if header else str(PKG),
        "title": _text(g, header, DCTERMS.title, "en") if header else "policykg ontology",
        "description": _text(g, header, DCTERMS.description, "en") if header else "",
        "version": _text(g, header, OWL.versionInfo) if header else "",
        "namespace": str(PKG),
        "sections": [s for s in sections if s["terms"]],
    }
