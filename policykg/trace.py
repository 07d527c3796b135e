"""The trace: from the highest matching obligation down every level that carries it out.

A query is an obligation IRI, a document number with a section path ("28-CT/TW II.3"), a
document number alone (its top-level task items), or free text (every word matched
accent-insensitively in pkg:text; the highest-level matches are the roots, lower matches that no
root reaches become roots too). The chain follows `pkg:concretises` downward (children
concretise parents). Each step carries the owners as written and the owners today: the
successors reached by following change events that pass obligations on
(`pkg:inheritsObligations true`) dated on or before the as-of date; a succession is inferred when
any followed event has `pkg:basis pkg:ModellingInference`.

The work is a fixed handful of SPARQL queries whatever the size of the chain (resolve, the
closure with its obligations' properties, document and agency properties, source selectors,
events, successor labels), never one per node.
"""

from __future__ import annotations

import contextlib
import csv
import gc
import io
import re
import unicodedata
from collections import defaultdict, deque
from dataclasses import dataclass, field
from datetime import date
from functools import cache, lru_cache
from typing import TYPE_CHECKING

from rdflib import RDF, RDFS, Literal, URIRef
from rdflib.term import Node

from policykg.errors import NotFoundError, PolicykgError
from policykg.iri import absolute_iri
from policykg.links import LEVEL_RANK, section_sort_key
from policykg.namespaces import ID, OA, PKG, sparql_prefixes
from policykg.store.closure import TRANSITIVE
from policykg.text import fold

if TYPE_CHECKING:
    from policykg.store import Store


STEP_KEYS = (
    "obligation",
    "document",
    "documentNumber",
    "documentType",
    "issuer",
    "level",
    "sectionPath",
    "owners",
    "ownersToday",
    "coordinators",
    "deadline",
    "text",
    "source",
    "depth",
)
_GENERIC_TYPES = {PKG.PolicyDocument}


@dataclass
class Step:
    obligation: str
    document: str
    documentNumber: str | None  # noqa: N815 - the JSON keys are the field names
    documentType: str | None  # noqa: N815
    issuer: dict | None
    level: str | None
    sectionPath: str | None  # noqa: N815
    owners: list[dict]
    ownersToday: list[dict]  # noqa: N815
    coordinators: list[dict]
    deadline: str | None
    text: str
    source: dict | None
    depth: int
    parents: list[str] = field(default_factory=list)  # within the trace; for the tree view

    def as_dict(self) -> dict:
        return {key: getattr(self, key) for key in STEP_KEYS}


def trace(store: Store, query: str, as_of: date | None = None) -> list[Step]:
    """The chain for `query`, ordered by level (central first), then depth, document, section."""
    query = (query or "").strip()
    if not query:
        raise PolicykgError(
            "empty trace query: give an obligation IRI, a document number "
            "with a section path, or some words of a task"
        )
    as_of = as_of or date.today()
    with gc_paused():
        return _trace(store, query, as_of)


@contextlib.contextmanager
def gc_paused():
    """For building many small dicts and lists that stay alive until the end: the cyclic
    garbage collector, run again and again over them, finds nothing and costs a tenth of a
    long trace (and half of a national NetworkX build)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _trace(store: Store, query: str, as_of: date) -> list[Step]:
    matches = [str(m) for m in resolve(store, query)]
    obl, edges = _closure(store, matches)
    _roots, depth, parents = _layout(matches, edges)
    nodes = sorted(depth)
    details = _details(store, nodes, obl)
    sources = _sources(store, nodes, obl, details)
    successors = _Successors(store, as_of, [details[o]["doc"] for o in nodes])
    steps = []
    for o in nodes:
        d = details[o]
        steps.append(
            Step(
                obligation=o,
                document=d["doc"],
                documentNumber=d["number"],
                documentType=d["type"],
                issuer=d["issuer"],
                level=d["level"],
                sectionPath=d["path"],
                owners=d["owners"],
                ownersToday=[
                    s for owner in d["owners"] for s in successors.of(owner, d["text"], d["doc"])
                ],
                coordinators=d["coordinators"],
                deadline=d["deadline"],
                text=d["text"],
                source=sources.get(o),
                depth=depth[o],
                parents=sorted(parents.get(o, ())),
            )
        )
    successors.label_all()
    steps.sort(
        key=lambda s: (
            _level_rank(s.level),
            s.depth,
            s.documentNumber or s.document,
            _section_key(s.sectionPath or ""),
        )
    )
    return steps


# ---------------------------------------------------------------- query resolution


def resolve(store: Store, query: str) -> list[URIRef]:
    """Obligations the query names (an IRI, `id:doc/...`, a document number with a section
    path, or words); raises NotFoundError when there are none."""
    prefixed = re.match(r"^id:(\S+)$", query)
    if prefixed:
        query = f"{ID}{prefixed.group(1)}"
    if re.match(r"^<?https?://", query):
        iri = URIRef(absolute_iri(query.strip().removeprefix("<").removesuffix(">")))
        rows = store.select(f"{sparql_prefixes()}SELECT ?d WHERE {{ <{iri}> pkg:statedIn ?d }}")
        if not rows:
            raise NotFoundError(f"no obligation {iri}")
        return [iri]
    by_section = _resolve_section(store, query)
    if by_section is not None:
        return by_section
    found = _resolve_text(store, query)
    if not found:
        raise NotFoundError(f"no obligation matches {query!r}")
    return found


_SECTION = re.compile(
    r"^(?P<number>\S*\d\S*)(?:\s+"
    r"(?P<path>[IVXLivxl]+(?:[.\-][\w.\-]*)?|\d+(?:\.[\w.]*)?))?$"
)
# Sections whose top items a whole-document trace starts from.
_TASK_KINDS = {None, str(PKG.TasksSection), str(PKG.ImplementationSection)}


def _normal_path(path: str) -> str:
    return re.sub(r"[.\-]+", ".", path.strip()).strip(".").lower()


def _resolve_section(store: Store, query: str) -> list[URIRef] | None:
    """'28-CT/TW II.3' -> that obligation; '109-KH/TU' alone -> the document's top-level task
    items. None when the query is not of that form or names no known document (then it is
    treated as text)."""
    m = _SECTION.match(query)
    if not m or (m["path"] is None and "/" not in m["number"]):
        return None
    number = fold(m["number"]).replace(" ", "")
    docs = [
        row["d"]
        for row in store.select(
            f"{sparql_prefixes()}SELECT ?d ?n WHERE {{ ?d pkg:documentNumber ?n }}"
        )
        if fold(str(row["n"])).replace(" ", "") == number
    ]
    if not docs:
        return None
    rows = store.select(
        f"{sparql_prefixes()}SELECT ?o ?p ?part ?kind WHERE {{ VALUES ?d {{ {_values(docs)} }} "
        f"?o pkg:statedIn ?d ; pkg:sectionPath ?p . OPTIONAL {{ ?o pkg:partOf ?part }} "
        f"OPTIONAL {{ ?o pkg:sectionKind ?kind }} }}"
    )
    if m["path"] is None:
        found = sorted(
            {
                row["o"]
                for row in rows
                if "part" not in row
                and (str(row["kind"]) if "kind" in row else None) in _TASK_KINDS
            }
        )
        if not found:
            raise NotFoundError(f"document {m['number']} states no tasks")
        return found
    wanted = _normal_path(m["path"])
    found = sorted({row["o"] for row in rows if _normal_path(str(row["p"])) == wanted})
    if not found:
        raise NotFoundError(f"document {m['number']} has no section {m['path']}")
    return found


@cache
def _letter_classes() -> dict[str, str]:
    """Folded letter -> a regex class of every Latin letter that folds to it ('a' -> [aàá...])."""
    variants: dict[str, set[str]] = defaultdict(set)
    for code in list(range(0x41, 0x250)) + list(range(0x1E00, 0x1F00)):
        ch = chr(code)
        if not unicodedata.category(ch).startswith("L"):
            continue
        base = fold(ch)
        if len(base) == 1 and base.isascii():
            variants[base].add(ch)
    return {base: "[" + "".join(sorted(chars)) + "]" for base, chars in variants.items()}


def folded_regex(word: str) -> str:
    """A regex matching the accent-folded word in text with or without diacritics."""
    classes = _letter_classes()
    return "".join(classes.get(c, c) for c in word)


def _words(query: str) -> list[str]:
    return re.findall(r"[a-z0-9]+", fold(query))


def _text_rows(store: Store, filters: list[str]) -> list[URIRef]:
    # REGEX on the literal itself, not STR(?t): Virtuoso 7.2 matches STR()'s value byte by byte
    # (a class like [eẻ] then never matches ẻ)
    conditions = " && ".join(f'REGEX(?t, "{f}")' for f in filters)
    rows = store.select(
        f"{sparql_prefixes()}SELECT DISTINCT ?o WHERE {{ ?o pkg:statedIn ?d ; pkg:text ?t . "
        f"FILTER({conditions}) }}"
    )
    return sorted(row["o"] for row in rows)


def _resolve_text(store: Store, query: str) -> list[URIRef]:
    """Obligations whose text holds every word of the query (accent-folded, whole syllables,
    in any order: plans reword 'cơ sở dữ liệu về trẻ em' as 'cơ sở dữ liệu quốc gia về trẻ
    em')."""
    words = _words(query)
    if not words:
        raise PolicykgError(f"no words to search for in {query!r}")
    return _text_rows(store, [rf"\\b{folded_regex(w)}\\b" for w in dict.fromkeys(words)])


# ---------------------------------------------------------------- the chain


def _values(nodes) -> str:
    return " ".join(f"<{n}>" for n in nodes)


def _closure(store: Store, roots: list[str]):
    """Every obligation below the roots (the roots included) with the properties its step
    needs, and (child, parent) for the concretises edges among them, in one query: each
    obligation is looked up once (on disk every look-up is an index seek, the bulk of a long
    trace's time), not once for the chain and again for its details and source."""
    obl = _properties(
        store,
        _OBLIGATION_PREDICATES,
        # the roots and everything below them, by the closure every write materialises
        f"{{ SELECT DISTINCT ?s WHERE {{ {{ VALUES ?s {{ {_values(roots)} }} }} UNION "
        f"{{ VALUES ?root {{ {_values(roots)} }} ?s <{TRANSITIVE}> ?root }} }} }}",
        lang_of=[_TEXT],
    )
    members = set(obl) | set(roots)
    edges = [
        (child, parent)
        for child, props in obl.items()
        for parent, _ in props.get(_CONCRETISES, ())
        if parent in members
    ]
    return obl, edges


def _layout(matches, edges):
    """Roots (matches no other match reaches), depth by breadth-first search, parents."""
    children: dict[URIRef, set[URIRef]] = defaultdict(set)
    parents: dict[URIRef, set[URIRef]] = defaultdict(set)
    for child, parent in edges:
        children[parent].add(child)
        parents[child].add(parent)
    reached: set[URIRef] = set()
    for m in matches:
        queue = deque(children[m])
        while queue:
            n = queue.popleft()
            if n not in reached:
                reached.add(n)
                queue.extend(children[n])
    roots = [m for m in matches if m not in reached] or list(matches[:1])
    depth: dict[URIRef, int] = {}
    queue = deque((r, 0) for r in roots)
    while queue:
        n, d = queue.popleft()
        if n in depth:
            continue
        depth[n] = d
        queue.extend((c, d + 1) for c in sorted(children[n]))
    in_trace = {n: {p for p in ps if p in depth} for n, ps in parents.items() if n in depth}
    return roots, depth, in_trace


# Paths repeat across thousands of plans ("II.1"): compute each sort key once.
_section_key = lru_cache(maxsize=4096)(section_sort_key)


def _level_rank(level: str | None) -> int:
    return LEVEL_RANK.get(PKG[level], 9) if level else 9


# ---------------------------------------------------------------- details


def _local(iri: Node) -> str:
    text = str(iri)
    return text[max(text.rfind("#"), text.rfind("/")) + 1 :]


def _prefer_vi(current: Literal | None, new: Node) -> Literal | None:
    if not isinstance(new, Literal):
        return current
    if current is None or (current.language != "vi" and new.language == "vi"):
        return new
    return current


# A term as (lexical value, language tag or ""): cheaper than rdflib terms for thousands of rows.
_Value = tuple[str, str]


def csv_rows(store: Store, sparql: str) -> list[list[str]]:
    """SELECT rows as lists of strings in projection order ("" when unbound). Read from the
    store's CSV results: parsed in C, no rdflib term or dict per cell, which was most of a long
    trace's time (and, at national scale, as much as the query itself for analyze)."""
    body, _ = store.query_raw(sparql, "text/csv")
    reader = csv.reader(io.StringIO(body.decode("utf-8"), newline=""))
    next(reader, None)  # the header: the projected variables
    return list(reader)


def _properties(
    store: Store, predicates, subjects: str, lang_of=()
) -> dict[str, dict[str, list[_Value]]]:
    """subject -> predicate -> values, for many subjects (a VALUES block or a pattern binding
    ?s) in one query. Plain joins only: Oxigraph answers `VALUES ?s {...} ?s ?p ?v` from its
    index, while OPTIONAL chains over hundreds of subjects cost several times more. The
    language tag is read only for `lang_of` (else ""): LANG decodes every value once more."""
    out: dict[str, dict[str, list[_Value]]] = defaultdict(lambda: defaultdict(list))
    lang = f'IF(?p IN ({_iris(lang_of)}), LANG(?v), "")' if lang_of else '""'
    rows = csv_rows(
        store,
        f"SELECT ?s ?p ?v ({lang} AS ?l) WHERE {{ {subjects} "
        f"?s ?p ?v . FILTER(?p IN ({_iris(predicates)})) }}",
    )
    for subject, predicate, value, lang in rows:
        out[subject][predicate].append((value, lang))
    return out


def _properties_of(
    store: Store, subjects, predicates, lang_of=()
) -> dict[str, dict[str, list[_Value]]]:
    if not subjects:
        return defaultdict(lambda: defaultdict(list))
    return _properties(store, predicates, f"VALUES ?s {{ {_values(subjects)} }}", lang_of)


def _iris(iris) -> str:
    return ", ".join(f"<{i}>" for i in iris)


def _first(values: list[_Value], prefer_vi: bool = False) -> str | None:
    """The Vietnamese value when asked and present, else the first in lexical order."""
    if not values:
        return None
    if len(values) == 1:  # nearly always: no sort
        return values[0][0]
    ordered = sorted(values)
    if prefer_vi and len(ordered) > 1:
        ordered.sort(key=lambda v: v[1] != "vi")
    return ordered[0][0]


def _document_type(types: list[_Value]) -> str | None:
    specific = sorted(t for t, _ in types if t.startswith(str(PKG)))
    narrow = [t for t in specific if URIRef(t) not in _GENERIC_TYPES]
    chosen = (narrow or specific or [None])[0]
    return _local(chosen) if chosen else None


# Predicates as plain strings, looked up once (a Namespace attribute builds a new URIRef).
_STATED_IN, _SECTION_PATH, _TEXT, _DEADLINE = (
    str(PKG.statedIn),
    str(PKG.sectionPath),
    str(PKG.text),
    str(PKG.deadline),
)
_OWNER, _IMPLIED_OWNER, _COORDINATOR = str(PKG.owner), str(PKG.impliedOwner), str(PKG.coordinator)
_NUMBER, _TYPE, _ISSUED_BY, _LEVEL, _SOURCE_FILE = (
    str(PKG.documentNumber),
    str(RDF.type),
    str(PKG.issuedBy),
    str(PKG.level),
    str(PKG.sourceFile),
)
_LABEL = str(RDFS.label)
_CONCRETISES, _DERIVED_FROM = str(PKG.concretises), "http://www.w3.org/ns/prov#wasDerivedFrom"
_OBLIGATION_PREDICATES = [
    _STATED_IN,
    _SECTION_PATH,
    _TEXT,
    _DEADLINE,
    _OWNER,
    _IMPLIED_OWNER,
    _COORDINATOR,
    _CONCRETISES,
    _DERIVED_FROM,
]


def _details(store: Store, nodes, obl) -> dict[str, dict]:
    """Per obligation (its properties `obl` read with the chain): document facts, level,
    section, text, deadline, owners, coordinators."""
    docs = sorted({d for o in nodes for d, _ in obl[o][_STATED_IN]})
    doc = _properties_of(store, docs, [_NUMBER, _TYPE, _ISSUED_BY, _LEVEL, _SOURCE_FILE])
    agencies = sorted(
        {a for o in nodes for p in (_OWNER, _IMPLIED_OWNER, _COORDINATOR) for a, _ in obl[o][p]}
        | {a for d in docs for a, _ in doc[d][_ISSUED_BY]}
    )
    agency = _properties_of(store, agencies, [_LABEL, _LEVEL], lang_of=[_LABEL])
    entries = {a: {"iri": a, "label": _first(agency[a][_LABEL], prefer_vi=True)} for a in agencies}
    facts_of = {d: _document_facts(doc[d], agency, entries) for d in docs}

    def entry(a: str) -> dict:
        return dict(entries[a])

    out: dict[str, dict] = {}
    for o in nodes:
        props = obl[o]
        d = _first(props[_STATED_IN])
        out[o] = {
            "doc": d or "",
            **(facts_of[d] if d is not None else _NO_FACTS),
            "path": _first(props[_SECTION_PATH]),
            "text": _first(props[_TEXT], prefer_vi=True) or "",
            "deadline": _first(props[_DEADLINE]),
            "owners": [dict(entry(a), implied=False) for a, _ in sorted(props[_OWNER])]
            + [dict(entry(a), implied=True) for a, _ in sorted(props[_IMPLIED_OWNER])],
            "coordinators": [entry(a) for a, _ in sorted(props[_COORDINATOR])],
        }
        if out[o]["issuer"] is not None:
            out[o]["issuer"] = dict(out[o]["issuer"])
    return out


_NO_FACTS = {"number": None, "type": None, "issuer": None, "level": None, "file": None}


def _document_facts(facts, agency, entries) -> dict:
    """Number, type, issuer, level (the document's, else its issuer's) and source file."""
    issuer = _first(facts.get(_ISSUED_BY, []))
    level = _first(facts.get(_LEVEL, [])) or (
        _first(agency[issuer][_LEVEL]) if issuer is not None else None
    )
    return {
        "number": _first(facts.get(_NUMBER, [])),
        "type": _document_type(facts.get(_TYPE, [])),
        "issuer": entries[issuer] if issuer is not None else None,
        "level": _local(level) if level is not None else None,
        "file": _first(facts.get(_SOURCE_FILE, [])),
    }


_SELECTOR_KEYS = {str(OA.exact): "exact", str(OA.start): "start", str(OA.end): "end"}


def _sources(store: Store, nodes, obl, details: dict[str, dict]) -> dict[str, dict]:
    """The exact passage, its character offsets and the file it was read from (the
    obligations' prov:wasDerivedFrom came with the chain)."""
    derived: dict[str, list[str]] = defaultdict(list)
    for o in nodes:
        for src, _ in obl[o][_DERIVED_FROM]:
            derived[src].append(o)
    if not derived:
        return {}
    rows = csv_rows(
        store,
        f"{sparql_prefixes()}SELECT ?src ?p ?v WHERE {{ VALUES ?src {{ {_values(derived)} }} "
        f"?src oa:hasSelector ?sel . ?sel ?p ?v . FILTER(?p IN (oa:exact, oa:start, oa:end)) }}",
    )
    out: dict[str, dict] = {}
    for src, predicate, value in rows:
        key = _SELECTOR_KEYS[predicate]
        for o in derived[src]:
            source = out.get(o)
            if source is None:
                source = out[o] = {
                    "exact": None,
                    "start": None,
                    "end": None,
                    "file": details.get(o, {}).get("file"),
                }
            source[key] = value if key == "exact" else int(value)
    return out


# ---------------------------------------------------------------- owners today


def _titles(store, documents) -> dict[str, str]:
    """Document -> title (the routes of a split body read it when the task's text names no
    remit), in one query."""
    docs = sorted({str(d) for d in documents if d})
    if not docs:
        return {}
    rows = store.select(
        f"{sparql_prefixes()}SELECT ?d ?t WHERE {{ VALUES ?d {{ {_values(docs)} }} "
        f"?d pkg:title ?t }}"
    )
    return {str(row["d"]): str(row["t"]) for row in rows}


class _Successors:
    """Owners today: the successor resolver (policykg.succession) over the store's change
    events, every hop up to `as_of`, remit routes chosen by the task's text or its document's
    title."""

    def __init__(self, store, as_of: date, documents=()):
        from policykg import succession

        self.store = store
        self.as_of = as_of
        self.resolver = succession.from_store(store)
        self.titles = _titles(store, documents) if self.resolver.events else {}
        self.pending: list[dict] = []
        self.memo: dict[tuple, list] = {}

    def of(self, owner: dict, text: str = "", document: str | None = None) -> list[dict]:
        """The owner's holders on the as-of date, each with `inferred` and the hops."""
        title = self.titles.get(document, "")
        key = (owner["iri"], text, title)
        holdings = self.memo.get(key)
        if holdings is None:
            holdings = self.resolver.holdings(owner["iri"], self.as_of, text, title)
            self.memo[key] = holdings
        results = []
        for holding in holdings:
            last = holding.hops[-1].target if holding.hops else owner["iri"]
            agency = holding.holder or last
            entry = {
                "iri": agency,
                "label": owner["label"] if agency == owner["iri"] else None,
                "inferred": holding.inferred,
                "ended": holding.holder is None,
                "chain": [hop.as_dict() for hop in holding.hops],
                "from": owner["iri"],
            }
            results.append(entry)
            if entry["label"] is None:
                self.pending.append(entry)
        return results

    def label_all(self) -> None:
        """Labels of the successors, in one query."""
        iris = sorted({e["iri"] for e in self.pending})
        if not iris:
            return
        rows = self.store.select(
            f"{sparql_prefixes()}SELECT ?a ?label WHERE {{ VALUES ?a {{ {_values(iris)} }} "
            f"?a rdfs:label ?label }}"
        )
        labels: dict[str, Literal | None] = {}
        for row in rows:
            labels[str(row["a"])] = _prefer_vi(labels.get(str(row["a"])), row["label"])
        for entry in self.pending:
            label = labels.get(entry["iri"])
            entry["label"] = str(label) if label is not None else None
        self.pending.clear()
