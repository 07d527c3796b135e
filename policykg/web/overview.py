"""What the home page shows: counts, the cascade of documents, and the accent-insensitive search
index over documents, obligations and agencies. Built from the store with SPARQL, cached until
the store changes."""

from dataclasses import dataclass, field
from typing import Any

from policykg.namespaces import sparql_prefixes
from policykg.store import Store
from policykg.text import fold
from policykg.web.names import looks_garbled

_COUNTS = sparql_prefixes() + """
SELECT ?kind (COUNT(DISTINCT ?x) AS ?n) WHERE {
  VALUES (?kind ?class) {
    ("documents" pkg:PolicyDocument) ("obligations" pkg:Obligation) ("agencies" pkg:Agency)
  }
  ?t rdfs:subClassOf* ?class . ?x a ?t .
} GROUP BY ?kind
"""

_LEVELS = sparql_prefixes() + """
SELECT ?level ?kind (COUNT(DISTINCT ?x) AS ?n) WHERE {
  VALUES (?kind ?class) { ("documents" pkg:PolicyDocument) ("agencies" pkg:Agency) }
  ?t rdfs:subClassOf* ?class . ?x a ?t ; pkg:level ?level .
} GROUP BY ?level ?kind
"""

_LEVEL_OBLIGATIONS = sparql_prefixes() + """
SELECT ?level (COUNT(DISTINCT ?o) AS ?n) WHERE {
  ?o pkg:statedIn ?d . ?d pkg:level ?level .
} GROUP BY ?level
"""

_LEVEL_LABELS = sparql_prefixes() + """
SELECT ?level ?label WHERE { ?level rdfs:label ?label FILTER(LANG(?label) = "en") }
"""

_DOCUMENTS = sparql_prefixes() + """
SELECT ?doc ?number ?title ?label ?level ?parent ?type WHERE {
  ?t rdfs:subClassOf* pkg:PolicyDocument . ?doc a ?t .
  OPTIONAL { ?doc pkg:documentNumber ?number }
  OPTIONAL { ?doc pkg:title ?title }
  OPTIONAL { ?doc rdfs:label ?label }
  OPTIONAL { ?doc pkg:level ?level }
  OPTIONAL { ?doc pkg:implements ?parent }
  OPTIONAL { ?doc a ?type . ?type rdfs:subClassOf+ pkg:PolicyDocument }
}
"""

_OBLIGATION_COUNTS = sparql_prefixes() + """
SELECT ?doc (COUNT(DISTINCT ?o) AS ?n) WHERE { ?o pkg:statedIn ?doc } GROUP BY ?doc
"""

_OBLIGATIONS = sparql_prefixes() + """
SELECT ?o ?text ?path ?number WHERE {
  ?o pkg:statedIn ?doc ; pkg:text ?text .
  OPTIONAL { ?o pkg:sectionPath ?path }
  OPTIONAL { ?doc pkg:documentNumber ?number }
}
"""

_AGENCIES = sparql_prefixes() + """
SELECT ?a ?name ?prop ?province WHERE {
  ?t rdfs:subClassOf* pkg:Agency . ?a a ?t .
  VALUES ?prop { rdfs:label skos:prefLabel skos:altLabel skos:hiddenLabel }
  ?a ?prop ?name .
  OPTIONAL { ?a pkg:province/rdfs:label ?province FILTER(LANG(?province) = "vi") }
}
"""


def _local(iri: Any) -> str:
    text = str(iri)
    return text.rsplit("#", 1)[-1].rsplit("/", 1)[-1]


def counts(store: Store) -> dict[str, Any]:
    totals = {"documents": 0, "obligations": 0, "agencies": 0}
    for row in store.select(_COUNTS):
        totals[str(row["kind"])] = int(row["n"])
    labels = {str(r["level"]): str(r["label"]) for r in store.select(_LEVEL_LABELS)}
    levels: dict[str, dict[str, Any]] = {}

    def level(iri: Any) -> dict[str, Any]:
        key = str(iri)
        return levels.setdefault(key, {"iri": key, "label": labels.get(key, _local(key)),
                                       "documents": 0, "obligations": 0, "agencies": 0})

    for row in store.select(_LEVELS):
        level(row["level"])[str(row["kind"])] = int(row["n"])
    for row in store.select(_LEVEL_OBLIGATIONS):
        level(row["level"])["obligations"] = int(row["n"])
    order = ["CentralLevel", "ProvincialLevel", "DistrictLevel", "CommuneLevel"]
    ranked = sorted(levels.values(), key=lambda lv: (
        order.index(_local(lv["iri"])) if _local(lv["iri"]) in order else len(order), lv["iri"]))
    totals["levels"] = len(ranked)
    return {"totals": totals, "levels": ranked}


@dataclass
class DocumentNode:
    iri: str
    number: str | None = None
    title: str | None = None
    label: str | None = None
    level: str | None = None
    kind: str | None = None
    unreadable: bool = False  # its title as OCR misread it: not shown
    obligations: int = 0
    parents: set[str] = field(default_factory=set)
    children: list["DocumentNode"] = field(default_factory=list)

    @property
    def name(self) -> str:
        return self.number or self.label or self.title or _local(self.iri)


def cascade(store: Store) -> list[DocumentNode]:
    """Documents as a forest along pkg:implements: roots implement nothing in the graph."""
    nodes: dict[str, DocumentNode] = {}
    for row in store.select(_DOCUMENTS):
        node = nodes.setdefault(str(row["doc"]), DocumentNode(str(row["doc"])))
        node.number = node.number or _str(row.get("number"))
        node.title = node.title or _str(row.get("title"))
        if row.get("label") is not None and (node.label is None
                                             or getattr(row["label"], "language", None) == "vi"):
            node.label = str(row["label"])
        node.level = node.level or _opt_local(row.get("level"))
        node.kind = node.kind or _opt_local(row.get("type"))
        if row.get("parent") is not None:
            node.parents.add(str(row["parent"]))
    for node in nodes.values():
        if looks_garbled(node.title):
            node.title, node.unreadable = None, True
    for row in store.select(_OBLIGATION_COUNTS):
        if str(row["doc"]) in nodes:
            nodes[str(row["doc"])].obligations = int(row["n"])
    roots = []
    for node in sorted(nodes.values(), key=lambda n: n.name):
        parents = [p for p in sorted(node.parents) if p in nodes and p != node.iri]
        if parents:
            nodes[parents[0]].children.append(node)  # shown once, under its first parent
        else:
            roots.append(node)
    reachable: set[str] = set()

    def mark(n: DocumentNode) -> None:
        if n.iri not in reachable:
            reachable.add(n.iri)
            for c in n.children:
                mark(c)

    for r in roots:
        mark(r)
    # documents in an implements cycle have no root: show them at the top level
    roots += [n for n in nodes.values() if n.iri not in reachable and n not in roots]
    return roots


def _str(node: Any) -> str | None:
    return None if node is None else str(node)


def _opt_local(node: Any) -> str | None:
    return None if node is None else _local(node)


@dataclass
class Entry:
    kind: str
    iri: str
    label: str
    texts: list[str]  # folded names and texts
    words: list[str] = field(default_factory=list)  # the same, " word word ..." for prefixes

    def __post_init__(self) -> None:
        self.index_words()

    def index_words(self) -> None:
        self.words = [" " + " ".join(t.replace("/", " ").replace("-", " ").split())
                      for t in self.texts]


_PREFERRED = ["label", "prefLabel", "altLabel", "hiddenLabel"]


def _display_rank(prop: Any, node: Any) -> tuple[int, int]:
    """Which name to show: rdfs:label before skos labels, Vietnamese before other languages."""
    lang = getattr(node, "language", None)
    name = _local(prop)
    return (_PREFERRED.index(name) if name in _PREFERRED else 9,
            0 if lang == "vi" else 1 if lang is None else 2)


def search_index(store: Store, documents: list[DocumentNode]) -> list[Entry]:
    """documents: the cascade (built once for the home page too)."""
    entries: dict[tuple[str, str], Entry] = {}

    def add(kind: str, iri: Any, label: str, *texts: Any) -> Entry:
        key = (kind, str(iri))
        entry = entries.setdefault(key, Entry(kind, str(iri), label, []))
        entry.texts += [fold(str(t)) for t in texts if t is not None and str(t).strip()]
        entry.index_words()
        return entry

    for node in _flatten(documents):
        label = " – ".join(x for x in (node.number, node.title or node.label) if x) or node.name
        add("document", node.iri, label, node.number, node.title, node.label)
    for row in store.select(_OBLIGATIONS):
        text = str(row["text"])
        where = " ".join(str(x) for x in (row.get("number"), row.get("path")) if x is not None)
        short_text = text if len(text) <= 160 else text[:157] + "…"
        add("obligation", row["o"], f"{where}: {short_text}" if where else short_text, text, where)
    names: dict[str, list[tuple[Any, Any]]] = {}
    provinces: dict[str, str] = {}
    for row in store.select(_AGENCIES):
        names.setdefault(str(row["a"]), []).append((row["prop"], row["name"]))
        if row.get("province") is not None:
            provinces[str(row["a"])] = str(row["province"])
    for iri, found in names.items():
        shown = str(min(found, key=lambda pn: (_display_rank(*pn), str(pn[1])))[1])
        province = provinces.get(iri)
        if province and fold(province) not in fold(shown):
            shown = f"{shown} ({province})"
        add("agency", iri, shown, *(n for _, n in found), province)
    return list(entries.values())


def _flatten(nodes: list[DocumentNode]) -> list[DocumentNode]:
    out, seen, stack = [], set(), list(nodes)
    while stack:
        n = stack.pop()
        if n.iri in seen:
            continue
        seen.add(n.iri)
        out.append(n)
        stack.extend(n.children)
    return out


KIND_ORDER = {"document": 0, "agency": 1, "obligation": 2}


def _rank(entry: Entry, query: str, phrase: str, words: list[str]) -> int | None:
    """0 exact name, 1 a name starts with the query, 2 the phrase occurs, 3 all words occur
    (in one name or text); None: no match."""
    if entry.iri == query.strip():
        return 0
    best = None
    for text, spaced in zip(entry.texts, entry.words, strict=True):
        if text == phrase:
            return 0
        if text.startswith(phrase):
            best = 1
        elif best is None or best > 2:
            if phrase in text:
                best = 2
            elif best is None and all(" " + w in spaced for w in words):
                best = 3
    return best


def search(index: list[Entry], query: str, limit: int = 20) -> list[Entry]:
    """Entries matching every word of the query, accent- and case-insensitively; exact and
    prefix matches first, documents and agencies before obligations."""
    phrase = fold(query)
    words = phrase.split()
    if not words:
        return []
    hits = []
    for entry in index:
        rank = _rank(entry, query, phrase, words)
        if rank is not None:
            hits.append((rank, KIND_ORDER.get(entry.kind, 3), entry.label, entry))
    hits.sort(key=lambda h: h[:3])
    return [h[3] for h in hits[:limit]]
