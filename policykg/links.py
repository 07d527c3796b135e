"""`pkg:concretises` inference: which higher-level obligation each plan item carries out.

For every obligation of a document that `pkg:implements` a parent, the candidates are the
obligations of the nearest ancestor documents that state any (a letter forwarding a programme
links to the programme's items; a plan of the directive to the directive's task groups), never
of a document at a lower government level. Each candidate gets a score from

- text similarity: cosine of TF-IDF vectors over accent-folded syllable unigrams and bigrams
  (the OCR'd plan lost most diacritics, so folding is what makes texts comparable);
- structure: the similarity of the child's task group (its top heading within the tasks
  section, with everything under it) to the candidate, because plans mirror the parent's groups;
  the same position when the child's document has as many task groups as the parent; and the
  child's issuer being an owner of the candidate (a body carrying out what it was assigned).

Per child the best candidate above a threshold wins, plus a runner-up that scores close to it.
Curated links in the context (graph/reference/links.ttl, `pkg:CuratedMethod`) are added and
curated vetoes (`pkg:vetoed true`) remove inferred links: curation always wins.
"""

from __future__ import annotations

import hashlib
import math
import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from rdflib import PROV, RDF, RDFS, SKOS, XSD, Graph, Literal, URIRef
from rdflib.term import Node

from policykg.namespaces import OA, PKG
from policykg.text import fold

LEVEL_RANK = {
    PKG.CentralLevel: 0,
    PKG.ProvincialLevel: 1,
    PKG.DistrictLevel: 2,
    PKG.CommuneLevel: 3,
}
# Sections whose items are tasks a lower level can carry out, or that can be carried out.
LINKABLE_KINDS = {None, PKG.TasksSection, PKG.ImplementationSection}


@dataclass(frozen=True)
class LinkParams:
    """Weights and thresholds, tuned on tests/links_gold.csv (benchmarks/linking_quality.py)."""

    w_text: float = 0.5
    w_group: float = 0.5
    w_position: float = 0.0  # measured: plans reorder the groups, so position did not help
    w_assigned: float = 0.3
    threshold: float = 0.12
    # below the threshold, a clear winner still counts: at least `low_threshold` and
    # `margin` times the runner-up (assignments by agency carry less text than task groups)
    low_threshold: float = 0.05
    margin: float = 1.4
    runner_up: float = 0.9  # a second parent when it scores at least this share of the best


DEFAULT_PARAMS = LinkParams()


@dataclass
class _Obligation:
    iri: URIRef
    doc: URIRef
    path: str
    kind: Node | None
    text: str
    part_of: URIRef | None = None
    owners: set[URIRef] = field(default_factory=set)


@dataclass
class _Corpus:
    obligations: dict[URIRef, _Obligation]
    doc_parents: dict[URIRef, list[URIRef]]
    doc_level: dict[URIRef, int | None]
    doc_issuers: dict[URIRef, set[URIRef]]
    by_doc: dict[URIRef, list[URIRef]]
    children: dict[URIRef, list[URIRef]] = field(default_factory=dict)
    names: dict[URIRef, set[str]] = field(default_factory=dict)  # issuer -> folded names


@dataclass(frozen=True)
class Link:
    child: URIRef
    parent: URIRef
    score: float
    method: URIRef


# ---------------------------------------------------------------- text vectors

_TOKEN = re.compile(r"[a-z0-9]+")


def tokens(text: str) -> list[str]:
    """Folded syllables plus syllable bigrams: 'Cơ sở dữ liệu' -> co, so, du, lieu, co_so, ..."""
    syllables = _TOKEN.findall(fold(text))
    return syllables + [f"{a}_{b}" for a, b in zip(syllables, syllables[1:], strict=False)]


class TfIdf:
    """A small TF-IDF (sublinear tf, smoothed idf, L2-normalised sparse vectors)."""

    def __init__(self, documents: Iterable[str]):
        counts = [Counter(tokens(d)) for d in documents]
        df: Counter[str] = Counter()
        for c in counts:
            df.update(c.keys())
        n = len(counts)
        self.idf = {t: math.log((1 + n) / (1 + k)) + 1.0 for t, k in df.items()}

    def vector(self, text: str) -> dict[str, float]:
        weights = {
            t: (1.0 + math.log(k)) * self.idf.get(t, 0.0) for t, k in Counter(tokens(text)).items()
        }
        return _normalised(weights)


def _normalised(weights: dict[str, float]) -> dict[str, float]:
    norm = math.sqrt(sum(w * w for w in weights.values()))
    return {t: w / norm for t, w in weights.items() if w} if norm else {}


def cosine(a: dict[str, float], b: dict[str, float]) -> float:
    if len(a) > len(b):
        a, b = b, a
    return sum(w * b.get(t, 0.0) for t, w in a.items())


def _combined(*vectors_and_weights: tuple[dict[str, float], float]) -> dict[str, float]:
    total: dict[str, float] = defaultdict(float)
    for vector, weight in vectors_and_weights:
        for t, w in vector.items():
            total[t] += w * weight
    return _normalised(total)


# ---------------------------------------------------------------- reading the graph


def _text(graph: Graph, subject: URIRef) -> str:
    values = list(graph.objects(subject, PKG.text))
    vi = [str(v) for v in values if getattr(v, "language", None) == "vi"]
    return " ".join(vi or [str(v) for v in values])


def _read_corpus(graph: Graph) -> _Corpus:
    obligations: dict[URIRef, _Obligation] = {}
    by_doc: dict[URIRef, list[URIRef]] = defaultdict(list)
    for o, doc in graph.subject_objects(PKG.statedIn):
        if not isinstance(o, URIRef) or not isinstance(doc, URIRef) or o in obligations:
            continue
        part_of = graph.value(o, PKG.partOf)
        obligations[o] = _Obligation(
            iri=o,
            doc=doc,
            path=str(graph.value(o, PKG.sectionPath) or ""),
            kind=graph.value(o, PKG.sectionKind),
            text=_text(graph, o),
            part_of=part_of if isinstance(part_of, URIRef) else None,
            owners={a for a in graph.objects(o, PKG.owner) if isinstance(a, URIRef)},
        )
        by_doc[doc].append(o)
    docs = set(by_doc) | {d for d in graph.subjects(PKG.implements) if isinstance(d, URIRef)}
    doc_parents = {
        d: sorted(p for p in graph.objects(d, PKG.implements) if isinstance(p, URIRef))
        for d in docs
    }
    doc_issuers = {
        d: {a for a in graph.objects(d, PKG.issuedBy) if isinstance(a, URIRef)} for d in docs
    }
    doc_level = {d: _level(graph, d, doc_issuers[d]) for d in docs}
    for d in by_doc:
        by_doc[d].sort(key=lambda o: section_sort_key(obligations[o].path))
    children: dict[URIRef, list[URIRef]] = defaultdict(list)
    for ob in obligations.values():
        if ob.part_of in obligations:
            children[ob.part_of].append(ob.iri)
    names = {a: _agency_names(graph, a) for issuers in doc_issuers.values() for a in issuers}
    return _Corpus(obligations, doc_parents, doc_level, doc_issuers, dict(by_doc), dict(children),
                   names)


_NAME_PROPERTIES = [RDFS.label, SKOS.altLabel, SKOS.hiddenLabel]


def _agency_names(graph: Graph, agency: URIRef) -> set[str]:
    """Folded names of an agency long enough to be specific ('uy ban nhan dan tinh')."""
    names = set()
    for prop in _NAME_PROPERTIES:
        for label in graph.objects(agency, prop):
            folded = " ".join(_TOKEN.findall(fold(str(label))))
            if len(folded) >= 12:
                names.add(folded)
    return names


def _level(graph: Graph, doc: URIRef, issuers: set[URIRef]) -> int | None:
    """The document's own pkg:level, else its issuer's; None when unknown."""
    for subject in [doc, *sorted(issuers)]:
        for level in graph.objects(subject, PKG.level):
            if level in LEVEL_RANK:
                return LEVEL_RANK[level]
    return None


_ROMAN = {"i": 1, "v": 5, "x": 10, "l": 50}


def _roman(token: str) -> int | None:
    if not token or any(c not in _ROMAN for c in token):
        return None
    values = [_ROMAN[c] for c in token]
    return sum(-v if i + 1 < len(values) and v < values[i + 1] else v for i, v in enumerate(values))


def section_sort_key(path: str) -> tuple:
    """Natural order of section paths: II.2 < II.10 < III.1; letters in Vietnamese order
    (đ after d)."""
    key = []
    for i, part in enumerate(p for p in re.split(r"[.\s]+", path.strip().lower()) if p):
        roman = _roman(part) if i == 0 else None
        if roman is not None:
            key.append((0, roman, ""))
        elif part.isdigit():
            key.append((1, int(part), ""))
        else:
            key.append((2, 0, fold(part) + ("~" if "đ" in part else "")))
    return tuple(key)


# ---------------------------------------------------------------- candidates and scoring


def _ancestor_candidates(corpus: _Corpus, doc: URIRef) -> list[URIRef]:
    """Obligations of the nearest ancestors that state linkable ones, never of a lower level."""
    level = corpus.doc_level.get(doc)
    seen = {doc}
    frontier = list(corpus.doc_parents.get(doc, []))
    while frontier:
        found: list[URIRef] = []
        upper: list[URIRef] = []
        for parent in frontier:
            if parent in seen:
                continue
            seen.add(parent)
            parent_level = corpus.doc_level.get(parent)
            if level is not None and parent_level is not None and parent_level > level:
                continue  # a link never points down the levels
            linkable = [
                o for o in corpus.by_doc.get(parent, [])
                if corpus.obligations[o].kind in LINKABLE_KINDS
                and not _is_section_heading(corpus, o)
            ]
            if linkable:
                found.extend(linkable)
            else:
                upper.extend(corpus.doc_parents.get(parent, []))
        if found:
            return found
        frontier = upper
    return []


def _is_section_heading(corpus: _Corpus, o: URIRef) -> bool:
    """A bare roman-numbered part ('II. NHIỆM VỤ VÀ GIẢI PHÁP') that only holds task groups."""
    path = corpus.obligations[o].path.strip().lower()
    return "." not in path and _roman(path) is not None and bool(corpus.children.get(o))


def _top_group(corpus: _Corpus, o: URIRef) -> URIRef:
    """The task group `o` belongs to: its outermost ancestor within its section, below the
    section heading itself when that is an obligation too."""
    chain = [o]
    current = corpus.obligations[o]
    while current.part_of in corpus.obligations and current.part_of not in chain:
        parent = corpus.obligations[current.part_of]
        if parent.kind != current.kind:
            break
        chain.append(parent.iri)
        current = parent
    if len(chain) > 1 and _is_section_heading(corpus, chain[-1]):
        return chain[-2]
    return chain[-1]


def _groups(corpus: _Corpus, doc: URIRef, kinds: set) -> list[URIRef]:
    """The task groups of a document (top-level items of its tasks section), in order."""
    groups = []
    for o in corpus.by_doc.get(doc, []):
        ob = corpus.obligations[o]
        if ob.kind in kinds and not _is_section_heading(corpus, o) and _top_group(corpus, o) == o:
            groups.append(o)
    return groups


class _Scorer:
    def __init__(self, corpus: _Corpus, params: LinkParams):
        self.corpus = corpus
        self.params = params
        self.tfidf = TfIdf(ob.text for ob in corpus.obligations.values())
        self._own: dict[URIRef, dict[str, float]] = {}
        self._subtree: dict[URIRef, dict[str, float]] = {}
        self.children_of = corpus.children
        self._folded: dict[URIRef, str] = {}

    def own(self, o: URIRef) -> dict[str, float]:
        if o not in self._own:
            self._own[o] = self.tfidf.vector(self.corpus.obligations[o].text)
        return self._own[o]

    def subtree(self, o: URIRef) -> dict[str, float]:
        """The obligation with everything under it, its own text counting double."""
        if o not in self._subtree:
            parts = [(self.own(o), 2.0)]
            stack = list(self.children_of.get(o, []))
            while stack:
                c = stack.pop()
                parts.append((self.own(c), 1.0))
                stack.extend(self.children_of.get(c, []))
            self._subtree[o] = _combined(*parts)
        return self._subtree[o]

    def assigned_to_issuer(self, child: URIRef, parent: URIRef) -> bool:
        """The parent item is addressed to the body that issued the child's document: it owns
        it, or the text names it ('... lãnh đạo Ủy ban nhân dân tỉnh xây dựng kế hoạch')."""
        corpus = self.corpus
        issuers = corpus.doc_issuers.get(corpus.obligations[child].doc, set())
        if issuers & corpus.obligations[parent].owners:
            return True
        if parent not in self._folded:
            words = _TOKEN.findall(fold(corpus.obligations[parent].text))
            self._folded[parent] = f" {' '.join(words)} "
        text = self._folded[parent]
        names = {name for issuer in issuers for name in corpus.names.get(issuer, ())}
        return any(f" {name} " in text for name in names)

    def score(self, child: URIRef, parent: URIRef, position_match: bool) -> tuple[float, bool]:
        """(score, whether structure outweighed text)."""
        p = self.params
        corpus = self.corpus
        target = self.subtree(parent)
        text = p.w_text * cosine(self.own(child), target)
        group = p.w_group * cosine(self.subtree(_top_group(corpus, child)), target)
        if corpus.obligations[child].kind == PKG.ImplementationSection:
            group = 0.0  # assignments are grouped by agency, not by topic
        assigned = p.w_assigned if self.assigned_to_issuer(child, parent) else 0.0
        position = p.w_position if position_match else 0.0
        structure = group + assigned + position
        return text + structure, structure > text


def _position_matches(corpus: _Corpus, child_doc: URIRef, candidates: list[URIRef]) -> dict:
    """Child group -> candidate group at the same position, when both have as many groups."""
    child_groups = _groups(corpus, child_doc, {PKG.TasksSection, None})
    candidate_set = set(candidates)
    parent_groups = [
        g for g in _groups_of_candidates(corpus, candidates) if g in candidate_set
    ]
    if not child_groups or len(child_groups) != len(parent_groups):
        return {}
    return dict(zip(child_groups, parent_groups, strict=True))


def _groups_of_candidates(corpus: _Corpus, candidates: list[URIRef]) -> list[URIRef]:
    docs = sorted({corpus.obligations[c].doc for c in candidates})
    groups: list[URIRef] = []
    for d in docs:
        groups.extend(_groups(corpus, d, {PKG.TasksSection, None}))
    return groups


def _choose(scored: list[tuple[float, bool, URIRef]], params: LinkParams):
    scored.sort(key=lambda s: (-s[0], str(s[2])))
    if not scored:
        return []
    best = scored[0]
    second = scored[1][0] if len(scored) > 1 else 0.0
    if best[0] < params.threshold:
        clear = best[0] >= params.low_threshold and best[0] >= params.margin * second
        return [best] if clear else []
    chosen = [best]
    if len(scored) > 1:
        second = scored[1]
        if second[0] >= params.threshold and second[0] >= params.runner_up * best[0]:
            chosen.append(second)
    return chosen


def score_links(graph: Graph, params: LinkParams = DEFAULT_PARAMS,
                children: set[URIRef] | None = None) -> list[Link]:
    """Inferred links (before curation) for the obligations in `children` (default: all)."""
    corpus = _read_corpus(graph)
    scorer = _Scorer(corpus, params)
    links: list[Link] = []
    by_doc_candidates: dict[URIRef, tuple[list[URIRef], dict]] = {}
    for o in sorted(corpus.obligations):
        ob = corpus.obligations[o]
        if children is not None and o not in children:
            continue
        if ob.kind not in LINKABLE_KINDS or not ob.text.strip() or _is_section_heading(corpus, o):
            continue
        if ob.doc not in by_doc_candidates:
            candidates = _ancestor_candidates(corpus, ob.doc)
            by_doc_candidates[ob.doc] = (candidates, _position_matches(corpus, ob.doc, candidates))
        candidates, positions = by_doc_candidates[ob.doc]
        if not candidates:
            continue
        mirrored = positions.get(_top_group(corpus, o))
        scored = []
        for c in candidates:
            s, structural = scorer.score(o, c, c == mirrored)
            scored.append((s, structural, c))
        for s, structural, c in _choose(scored, params):
            method = PKG.StructureMethod if structural else PKG.SimilarityMethod
            links.append(Link(o, c, round(s, 4), method))
    return links


# ---------------------------------------------------------------- curation and output


def link_iri(child: URIRef, parent: URIRef) -> URIRef:
    """Deterministic IRI of the qualified link: <child>#link-<hash of parent>."""
    digest = hashlib.sha1(str(parent).encode("utf-8")).hexdigest()[:12]
    return URIRef(f"{child}#link-{digest}")


def curated(graph: Graph) -> tuple[set[tuple[URIRef, URIRef]], set[tuple[URIRef, URIRef]]]:
    """(curated additions, vetoes) stated in `graph` as pkg:ConcretisationLink nodes; plain
    pkg:concretises triples there count as curated additions too."""
    adds: set[tuple[URIRef, URIRef]] = set()
    vetoes: set[tuple[URIRef, URIRef]] = set()
    for link in graph.subjects(RDF.type, PKG.ConcretisationLink):
        child, parent = graph.value(link, PKG.linkFrom), graph.value(link, PKG.linkTo)
        if not isinstance(child, URIRef) or not isinstance(parent, URIRef):
            continue
        if any(v.toPython() is True for v in graph.objects(link, PKG.vetoed)):
            vetoes.add((child, parent))
        elif (link, PKG.linkMethod, PKG.CuratedMethod) in graph:
            adds.add((child, parent))
    for child, parent in graph.subject_objects(PKG.concretises):
        if isinstance(child, URIRef) and isinstance(parent, URIRef):
            adds.add((child, parent))
    return adds - vetoes, vetoes


def infer_links(graph: Graph, context: Graph | None = None,
                params: LinkParams = DEFAULT_PARAMS) -> Graph:
    """pkg:concretises links for the obligations of `graph` (typically graph/extracted), with
    parents, levels and curation from `context` (typically graph/reference, which includes
    links.ttl). Returns a new graph: the plain triples plus their qualified form."""
    merged = Graph()
    for g in (graph, context):
        if g is not None:
            for triple in g:
                merged.add(triple)
    children = {o for o in graph.subjects(PKG.statedIn) if isinstance(o, URIRef)}
    adds, vetoes = curated(context if context is not None else graph)
    inferred = [
        link for link in score_links(merged, params, children)
        if (link.child, link.parent) not in vetoes and (link.child, link.parent) not in adds
    ]
    return links_graph(inferred, adds)


def links_graph(inferred: list[Link], curated_adds: set[tuple[URIRef, URIRef]]) -> Graph:
    out = Graph()
    out.bind("pkg", PKG)
    for link in inferred:
        _add_link(out, link.child, link.parent, link.method, link.score)
    for child, parent in sorted(curated_adds):
        _add_link(out, child, parent, PKG.CuratedMethod, 1.0)
    return out


def _add_link(out: Graph, child: URIRef, parent: URIRef, method: URIRef, score: float) -> None:
    node = link_iri(child, parent)
    out.add((child, PKG.concretises, parent))
    out.add((node, RDF.type, PKG.ConcretisationLink))
    out.add((node, PKG.linkFrom, child))
    out.add((node, PKG.linkTo, parent))
    out.add((node, PKG.linkMethod, method))
    out.add((node, PKG.linkScore, Literal(Decimal(f"{score:.4f}"), datatype=XSD.decimal)))


# ---------------------------------------------------------------- evaluation against a gold set


@dataclass(frozen=True)
class GoldRow:
    child_doc: str
    child_path: str
    parent_doc: str
    parent_path: str
    positive: bool
    note: str = ""


@dataclass
class Quality:
    true_positives: int
    false_positives: int
    false_negatives: int
    unresolved: list[GoldRow]

    @property
    def precision(self) -> float:
        found = self.true_positives + self.false_positives
        return self.true_positives / found if found else 0.0

    @property
    def recall(self) -> float:
        wanted = self.true_positives + self.false_negatives
        return self.true_positives / wanted if wanted else 0.0


def load_gold(path) -> list[GoldRow]:
    """tests/links_gold.csv: child_doc, child_path, parent_doc, parent_path, relation, note;
    relation 'concretises' (a link) or 'not-concretises' (a plausible but wrong pair)."""
    import csv

    with open(path, encoding="utf-8", newline="") as f:
        return [
            GoldRow(r["child_doc"], r["child_path"], r["parent_doc"], r["parent_path"],
                    r["relation"].strip() == "concretises", r.get("note", ""))
            for r in csv.DictReader(f)
        ]


def _document_keys(graph: Graph) -> dict[str, URIRef]:
    """Gold document keys -> document IRIs: the document number, or '<source file>#<n>' for
    the n-th document of a file (ordered by the start offset of its first passage)."""
    keys: dict[str, URIRef] = {}
    for doc, number in graph.subject_objects(PKG.documentNumber):
        keys[str(number)] = doc
    by_file: dict[str, list[tuple[int, str, URIRef]]] = defaultdict(list)
    for doc, name in graph.subject_objects(PKG.sourceFile):
        starts = [
            int(s)
            for o in graph.subjects(PKG.statedIn, doc)
            for src in graph.objects(o, PROV.wasDerivedFrom)
            for sel in graph.objects(src, OA.hasSelector)
            for s in graph.objects(sel, OA.start)
        ]
        by_file[str(name)].append((min(starts, default=0), str(doc), doc))
    for name, docs in by_file.items():
        for i, (_, _, doc) in enumerate(sorted(docs), start=1):
            keys[f"{name}#{i}"] = doc
    return keys


def resolve_gold(graph: Graph, rows: list[GoldRow]):
    """(child IRI, parent IRI, row) for the rows whose obligations exist in `graph`, and the
    rows that do not resolve."""
    docs = _document_keys(graph)
    by_path: dict[tuple[URIRef, str], URIRef] = {}
    for o, doc in graph.subject_objects(PKG.statedIn):
        for path in graph.objects(o, PKG.sectionPath):
            by_path[(doc, str(path))] = o
    resolved, unresolved = [], []
    for row in rows:
        child = by_path.get((docs.get(row.child_doc), row.child_path))
        parent = by_path.get((docs.get(row.parent_doc), row.parent_path))
        if child is None or parent is None:
            unresolved.append(row)
        else:
            resolved.append((child, parent, row))
    return resolved, unresolved


def evaluate(links: Graph, graph: Graph, rows: list[GoldRow]) -> Quality:
    """Precision over the predicted links of labelled children (a predicted link that is not a
    gold link counts against it) and recall over the gold links."""
    resolved, unresolved = resolve_gold(graph, rows)
    gold = {(c, p) for c, p, r in resolved if r.positive}
    labelled_children = {c for c, _, _ in resolved}
    predicted = {
        (c, p) for c, p in links.subject_objects(PKG.concretises) if c in labelled_children
    }
    return Quality(
        true_positives=len(predicted & gold),
        false_positives=len(predicted - gold),
        false_negatives=len(gold - predicted),
        unresolved=unresolved,
    )
