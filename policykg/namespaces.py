"""Namespaces and deterministic IRI minting (re-ingesting a document yields the same IRIs)."""

import re

from rdflib import Namespace, URIRef
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SKOS, XSD

from policykg.text import slug

PKG = Namespace("https://w3id.org/policykg/ontology#")
ID = Namespace("https://w3id.org/policykg/id/")
GRAPH = Namespace("https://w3id.org/policykg/graph/")
ORG = Namespace("http://www.w3.org/ns/org#")
ELI = Namespace("http://data.europa.eu/eli/ontology#")
OA = Namespace("http://www.w3.org/ns/oa#")
TIME = Namespace("http://www.w3.org/2006/time#")
FREQ = Namespace("http://publications.europa.eu/resource/authority/frequency/")

PREFIXES = {
    "pkg": PKG,
    "id": ID,
    "org": ORG,
    "eli": ELI,
    "oa": OA,
    "prov": PROV,
    "skos": SKOS,
    "dct": DCTERMS,
    "time": TIME,
    "freq": FREQ,
    "rdf": RDF,
    "rdfs": RDFS,
    "owl": OWL,
    "xsd": XSD,
}

# Named graphs in the store; the default graph of a query is their union.
ONTOLOGY_GRAPH = GRAPH["ontology"]
REFERENCE_GRAPH = GRAPH["reference"]
EXTRACTED_GRAPH = GRAPH["extracted"]
LINKS_GRAPH = GRAPH["links"]


def sparql_prefixes() -> str:
    return "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in PREFIXES.items())


def document_iri(key: str, province: str | None = None) -> URIRef:
    """key: the normalised document number ('109-KH/TU'), or for an unnumbered document a
    stable key built by ingest from type, issuer and date or content hash.

    Local numbers repeat from province to province (every Tỉnh ủy has a 109-KH/TU), so a local
    document's IRI carries its province: id/doc/lam-dong/109-kh-tu; central ones do not:
    id/doc/28-ct-tw (see `is_central_number`)."""
    if province and not is_central_number(key):
        return ID[f"doc/{slug(province)}/{slug(key)}"]
    return ID[f"doc/{slug(key)}"]


# Issuer codes of central bodies in document numbers: 28-CT/TW, 136-HD/BTGTW, 1183/QĐ-TTg,
# 45/2025/NĐ-CP, 202/2025/QH15, ministries' B…-codes (123/BYT-BMTE).
_CENTRAL_CODE = re.compile(r"[A-ZĐ]*TW|TTG|CP|(UBTV)?QH\d*|B(?!CSĐ|CSD|TV|CĐ|CD|QL)[A-ZĐ]{2,7}")
_LOCAL_SUFFIX = ("TU", "HU", "ĐU", "DU")


def is_central_number(number: str) -> bool:
    """Whether a document number names a central issuer. Local ones (109-KH/TU, 3452/UBND-VX,
    1965-CV/BCSĐ, 12/KH-SYT) are not unique nationally."""
    if not re.search(r"\d", number):
        return False  # not a number at all (an unnumbered document's key)
    for token in re.split(r"[/\-\s]+", number.upper()):
        if token and not token.isdigit() and not token.endswith(_LOCAL_SUFFIX) \
                and _CENTRAL_CODE.fullmatch(token):
            return True
    return False


def obligation_iri(document: URIRef, section_path: str) -> URIRef:
    """'III.1.đ' -> <doc>/o/iii-1-dd ; bullets are part of the path ('II.2.3').

    'đ' is its own item letter after 'd' (a) b) c) d) đ) e)), so it is spelled 'dd' (as Vietnamese
    typists do) instead of folding to 'd', which would give items d) and đ) the same IRI."""
    return URIRef(f"{document}/o/{slug(section_path.replace('đ', 'dd').replace('Đ', 'DD'))}")


def agency_iri(name: str, province: str | None = None) -> URIRef:
    """Generic bodies are per province:
    agency_iri('Sở Y tế', 'Cần Thơ') -> id/agency/can-tho/so-y-te.
    Central bodies use province=None -> id/agency/vn/<slug>."""
    return ID[f"agency/{slug(province) if province else 'vn'}/{slug(name)}"]


def province_iri(name: str) -> URIRef:
    return ID[f"province/{slug(name)}"]


def programme_iri(key: str) -> URIRef:
    return ID[f"programme/{slug(key)}"]


def event_iri(key: str) -> URIRef:
    return ID[f"event/{slug(key)}"]
