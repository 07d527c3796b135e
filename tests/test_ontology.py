"""The ontology declares every pkg: term the project's data folders use, each with labels in
English and Vietnamese and a comment; alignments to the standard vocabularies are in place."""

import re
from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS, SKOS

from policykg import resources
from policykg.namespaces import ELI, ORG, PKG, PROV
from policykg.validate import ontology_graph

ROOT = resources.root()

PREFIXED = re.compile(r"(?<![\w/#-])pkg:([A-Za-z_][\w-]*)")
FULL = re.compile(re.escape(str(PKG)) + r"([A-Za-z_][\w-]*)")

DECLARING_TYPES = {
    OWL.Class,
    OWL.ObjectProperty,
    OWL.DatatypeProperty,
    OWL.AnnotationProperty,
    RDF.Property,
    SKOS.Concept,
    SKOS.ConceptScheme,
    RDFS.Datatype,
    OWL.NamedIndividual,
}


def _used_files() -> list[Path]:
    files = list(resources.ontology_dir().glob("*.ttl"))
    files += list(resources.graph_dir().rglob("*.ttl"))
    files += list(resources.shapes_dir().glob("*.ttl"))
    files += list(resources.queries_dir().glob("*.rq"))
    return sorted(files)


def _terms_used(text: str) -> set[str]:
    return set(PREFIXED.findall(text)) | set(FULL.findall(text))


@pytest.fixture(scope="module")
def ontology() -> Graph:
    """The ontology as the code reads it (ontology/*.ttl, parsed once)."""
    return ontology_graph()


def _declared(g: Graph) -> set[URIRef]:
    return {
        s
        for t in DECLARING_TYPES
        for s in g.subjects(RDF.type, t)
        if isinstance(s, URIRef) and str(s).startswith(str(PKG))
    }


def test_ontology_header(ontology):
    onto = URIRef("https://w3id.org/policykg/ontology")
    assert (onto, RDF.type, OWL.Ontology) in ontology
    assert ontology.value(onto, OWL.versionInfo) is not None
    assert ontology.value(onto, URIRef("http://purl.org/dc/terms/license")) is not None


def test_every_used_term_is_declared(ontology):
    declared = {str(t)[len(str(PKG)) :] for t in _declared(ontology)}
    missing: dict[str, list[str]] = {}
    for path in _used_files():
        for term in _terms_used(path.read_text(encoding="utf-8")) - declared:
            missing.setdefault(term, []).append(str(path.relative_to(ROOT)))
    assert not missing, f"pkg: terms used but not declared in ontology/: {missing}"


def test_every_declared_term_is_labelled_and_commented(ontology):
    faults = []
    for term in sorted(_declared(ontology)):
        labels = list(ontology.objects(term, RDFS.label))
        langs = {lab.language for lab in labels if isinstance(lab, Literal)}
        if "en" not in langs:
            faults.append(f"{term}: no rdfs:label @en")
        if "vi" not in langs:
            faults.append(f"{term}: no rdfs:label @vi")
        if ontology.value(term, RDFS.comment) is None:
            faults.append(f"{term}: no rdfs:comment")
    assert not faults, "\n".join(faults)


def test_contract_terms_are_declared(ontology):
    contract = (
        "PolicyDocument Directive Decision Plan Programme Guidance OfficialLetter documentNumber "
        "issued issuedBy implements Obligation statedIn sectionPath text owner impliedOwner "
        "coordinator reportsTo deadline recurrence ReportingDuty modality Assigned Requested "
        "concretises Agency level CentralLevel ProvincialLevel DistrictLevel CommuneLevel branch "
        "Party State Front Press CollectiveAgency Target hasTarget indicator comparator "
        "targetValue unit targetYear baselineValue baselineYear NationalProgramme contributesTo"
    ).split()
    declared = _declared(ontology)
    assert [t for t in contract if PKG[t] not in declared] == []


@pytest.mark.parametrize(
    "sub, rel, sup",
    [
        (PKG.Agency, RDFS.subClassOf, ORG.Organization),
        (PKG.CollectiveAgency, RDFS.subClassOf, PKG.Agency),
        (PKG.ReportingDuty, RDFS.subClassOf, PKG.Obligation),
        (PKG.PolicyDocument, RDFS.subClassOf, PROV.Entity),
        (PKG.implements, RDFS.subPropertyOf, ELI.based_on),
        (PKG.issuedBy, RDFS.subPropertyOf, ELI.passed_by),
        (PKG.issued, RDFS.subPropertyOf, ELI.date_document),
        (PKG.partOf, RDFS.subPropertyOf, URIRef("http://purl.org/dc/terms/isPartOf")),
        (PKG.cites, RDFS.subPropertyOf, URIRef("http://purl.org/dc/terms/references")),
        (PKG.title, RDFS.subPropertyOf, URIRef("http://purl.org/dc/terms/title")),
    ],
)
def test_alignments(ontology, sub, rel, sup):
    assert (sub, rel, sup) in ontology


def test_deprecated_eli_implements_is_not_used():
    for path in _used_files():
        text = path.read_text(encoding="utf-8")
        assert "eli:implements" not in text and str(ELI) + "implements" not in text, path


def test_concepts_sit_in_schemes_with_bilingual_pref_labels(ontology):
    concepts = [c for c in ontology.subjects(RDF.type, SKOS.Concept) if str(c).startswith(str(PKG))]
    assert len(concepts) >= 25
    for c in concepts:
        scheme = ontology.value(c, SKOS.inScheme)
        assert (scheme, RDF.type, SKOS.ConceptScheme) in ontology, c
        langs = {p.language for p in ontology.objects(c, SKOS.prefLabel)}
        assert {"en", "vi"} <= langs, c


def test_level_domain_covers_agencies_and_documents(ontology):
    domain = ontology.value(PKG.level, RDFS.domain)
    members = set(ontology.items(ontology.value(domain, OWL.unionOf)))
    assert {PKG.Agency, PKG.PolicyDocument} <= members


def test_term_regex_finds_prefixed_and_full_iris():
    text = "?x pkg:owner ?y . <https://w3id.org/policykg/ontology#statedIn> PREFIX pkg: <x>"
    assert _terms_used(text) == {"owner", "statedIn"}


def test_every_registered_document_kind_is_a_labelled_class_of_the_ontology():
    """policykg.kinds is the one registry of document kinds: each must be an ontology class
    under pkg:PolicyDocument with a Vietnamese and an English label (issue 11)."""
    from rdflib import OWL, RDF, RDFS

    from policykg.kinds import KINDS
    from policykg.namespaces import PKG
    from policykg.validate import ontology_graph

    graph = ontology_graph()
    for kind in KINDS:
        node = PKG[kind.name]
        assert (node, RDF.type, OWL.Class) in graph, kind.name
        assert (node, RDFS.subClassOf, PKG.PolicyDocument) in graph, kind.name
        languages = {label.language for label in graph.objects(node, RDFS.label)}
        assert {"vi", "en"} <= languages, kind.name
