"""Names for IRIs, as an analyst reads them: a document by its number (or its kind and title when
it has none), an obligation by its document and section, an agency by its label in the page's
language with its province when the label does not say it, anything else by its rdfs:label.
Two rounds of SPARQL (the IRIs' own facts, then the labels of what those facts point to), in
batches, for any set of IRIs a page shows."""

import re
import unicodedata
from dataclasses import dataclass
from typing import Any

from rdflib import Literal

from policykg.iri import absolute_iri
from policykg.namespaces import PKG, sparql_prefixes
from policykg.store import Store
from policykg.text import fold

BATCH = 200
_FACTS = ("rdfs:label", "skos:prefLabel", "skos:altLabel", "pkg:documentNumber", "pkg:title",
          "pkg:level", "pkg:province", "pkg:sectionPath", "pkg:statedIn", "rdf:type")
TITLE_CHARS = 90


@dataclass
class Name:
    iri: str
    label: str
    hint: str | None = None  # province or level, when the label alone is ambiguous
    title: str | None = None  # a document's title
    kind: str | None = None  # "document", "obligation", "agency" or None


class Names(dict):
    """iri -> Name, looked up by any IRI value (rdflib's URIRef does not hash like its text)."""

    def get(self, key: Any, default: Any = None) -> Any:
        return super().get(str(key), default)


def _safe(iris: Any) -> list[str]:
    out = []
    for iri in iris:
        try:
            out.append(absolute_iri(str(iri)))
        except Exception:  # noqa: BLE001 - an IRI not safe to quote is left unnamed
            continue
    return sorted(set(out))


def _facts(store: Store, iris: list[str]) -> dict[str, dict[str, list[Any]]]:
    """iri -> property (prefixed) -> values."""
    out: dict[str, dict[str, list[Any]]] = {}
    props = " ".join(_FACTS)
    for start in range(0, len(iris), BATCH):
        values = " ".join(f"<{i}>" for i in iris[start:start + BATCH])
        rows = store.select(sparql_prefixes() + "SELECT ?x ?p ?v WHERE { "
                            f"VALUES ?x {{ {values} }} VALUES ?p {{ {props} }} ?x ?p ?v }}")
        for row in rows:
            out.setdefault(str(row["x"]), {}).setdefault(_prefixed(row["p"]), []).append(row["v"])
    return out


def _prefixed(prop: Any) -> str:
    text = str(prop)
    for name in _FACTS:
        prefix, local = name.split(":")
        if text.endswith(("#" + local, "/" + local)) and prefix in ("rdfs", "skos", "pkg", "rdf"):
            return name
    return text


def pick_literal(values: list[Any], lang: str) -> str | None:
    """The value in `lang`, else Vietnamese, else one without a language, else any."""
    literals = [v for v in values if isinstance(v, Literal)]
    for wanted in (lang, "vi", None):
        for v in sorted(literals, key=str):
            if v.language == wanted:
                return str(v)
    return str(sorted(literals, key=str)[0]) if literals else None


_WORD = re.compile(r"[^\W\d_]{2,}")
_LETTER_DIGIT = re.compile(r"\b[a-z]+\d+[a-z]*\b")  # 's6' for 'số': OCR reading a mark as a digit
MIN_WORDS = 5  # a shorter title cannot be judged
MIN_MARKED = 0.35  # written Vietnamese marks most words; OCR that lost the marks does not


def _marked(word: str) -> bool:
    return "đ" in word.lower() or any(unicodedata.combining(c)
                                      for c in unicodedata.normalize("NFD", word))


def looks_garbled(text: str | None) -> bool:
    """True for a Vietnamese title as OCR misread it ('thue hién Chi thi s6 28-CT/TW … ctia By
    Chinh tri'): few words carry Vietnamese marks, or a word has a digit for a letter. Shown
    as is it reads as nonsense; pages show the document's number and kind instead."""
    words = _WORD.findall(text or "")
    if len(words) < MIN_WORDS:
        return False
    share = sum(_marked(w) for w in words) / len(words)
    return share < MIN_MARKED or (share < 0.5 and bool(_LETTER_DIGIT.search(text or "")))


def readable_title(text: str | None) -> str | None:
    return None if looks_garbled(text) else text


def local_name(iri: str) -> str:
    return iri.rsplit("#", 1)[-1].rsplit("/", 1)[-1]


def _is_document(facts: dict[str, list[Any]], types: dict[str, dict]) -> bool:
    return "pkg:documentNumber" in facts or any(
        str(t) in types and types[str(t)].get("document") for t in facts.get("rdf:type", []))


def names(store: Store, iris: Any, lang: str) -> Names:
    """iri -> Name for each IRI (those the store knows nothing about get their local name)."""
    wanted = _safe(iris)
    facts = _facts(store, wanted)
    linked = {str(v) for f in facts.values() for key in ("pkg:level", "pkg:province",
                                                          "pkg:statedIn", "rdf:type")
              for v in f.get(key, []) if not isinstance(v, Literal)}
    second = _facts(store, _safe(linked - set(facts)))
    second.update({k: v for k, v in facts.items() if k in linked})
    # an obligation's document without a number is named by its kind: the kind's label is a
    # third hop (obligation -> document -> class)
    kinds = {str(t) for f in second.values() for t in f.get("rdf:type", [])} - set(second)
    second.update(_facts(store, _safe(kinds)))
    doc_types = _document_types(store)
    out = Names()
    for iri in wanted:
        out[iri] = _name(iri, facts.get(iri, {}), second, doc_types, lang)
    return out


def _document_types(store: Store) -> dict[str, dict]:
    rows = store.select(sparql_prefixes() + "SELECT DISTINCT ?t WHERE { "
                        "?t rdfs:subClassOf* pkg:PolicyDocument }")
    return {str(r["t"]): {"document": True} for r in rows}


def _label_of(iri: str, second: dict, lang: str) -> str:
    found = second.get(iri, {})
    return pick_literal(found.get("rdfs:label", []) + found.get("skos:prefLabel", []), lang) \
        or local_name(iri)


def _name(iri: str, f: dict[str, list[Any]], second: dict, doc_types: dict, lang: str) -> Name:
    if _is_document(f, doc_types):
        return _document_name(iri, f, second, doc_types, lang)
    if "pkg:sectionPath" in f or "pkg:statedIn" in f:
        return _obligation_name(iri, f, second, doc_types, lang)
    label = pick_literal(f.get("rdfs:label", []) + f.get("skos:prefLabel", []), lang) \
        or pick_literal(f.get("skos:altLabel", []), lang) or local_name(iri)
    province = f.get("pkg:province")
    hint = None
    if province:
        where = _label_of(str(province[0]), second, "vi")
        hint = where if fold(where) not in fold(label) else None
    kind = "agency" if province or "pkg:level" in f else None
    return Name(iri, label, hint=hint, kind=kind)


def _document_kind(f: dict, second: dict, doc_types: dict, lang: str) -> str | None:
    specific = [str(t) for t in f.get("rdf:type", [])
                if str(t) in doc_types and str(t) != str(PKG.PolicyDocument)]
    return _label_of(sorted(specific)[0], second, lang) if specific else None


def _document_name(iri: str, f: dict, second: dict, doc_types: dict, lang: str) -> Name:
    number = pick_literal(f.get("pkg:documentNumber", []), lang)
    title = readable_title(pick_literal(f.get("pkg:title", []) + f.get("rdfs:label", []), lang))
    kind = _document_kind(f, second, doc_types, lang)
    if number:
        label = number
    else:
        short = title if not title or len(title) <= TITLE_CHARS else title[:TITLE_CHARS - 1] + "…"
        label = " ".join(x for x in (capital(kind), short and f"“{short}”") if x) or local_name(iri)
    return Name(iri, label, title=title, kind="document", hint=kind)


def _obligation_name(iri: str, f: dict, second: dict, doc_types: dict, lang: str) -> Name:
    doc = f.get("pkg:statedIn", [None])[0]
    where = _document_name(str(doc), second.get(str(doc), {}), second, doc_types, lang).label \
        if doc is not None else ""
    path = pick_literal(f.get("pkg:sectionPath", []), lang)
    label = " § ".join(x for x in (where, path) if x) or local_name(iri)
    return Name(iri, label, kind="obligation")


def capital(text: str | None) -> str | None:
    return text[:1].upper() + text[1:] if text else text
