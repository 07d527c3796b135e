"""National programmes (pkg:NationalProgramme in graph/reference) mentioned in a text.

Mentions vary ("Chương trình can thiệp để giảm tử vong trẻ em dưới 5 tuổi đến năm 2030",
"chương trình can thiệp giảm tỷ lệ tử vong …", OCR "chuong trinh phong ngilra giam thidu …"), so a
text segment is compared with each programme's labels on folded words: the segment must say
(nearly) only words of the label, and enough of the label's distinctive words. A provincial
programme ("Chương trình hành động vì trẻ em tỉnh Thái Nguyên") carries words the national label
lacks (the place) and does not match.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass
from functools import cache

from rapidfuzz import fuzz
from rdflib import Graph, URIRef
from rdflib.namespace import RDF, RDFS, SKOS

from policykg import rdfio
from policykg.ingest.agencies import fold_keep
from policykg.namespaces import PKG

_LABELS = (RDFS.label, SKOS.prefLabel, SKOS.altLabel, SKOS.hiddenLabel)
# Words that carry no identity: periods, articles, generic document words.
_NOISE = {
    "giai",
    "doan",
    "den",
    "nam",
    "dinh",
    "huong",
    "va",
    "cac",
    "cua",
    "ve",
    "de",
    "giai doan",
    "tren",
    "dia",
    "ban",
    "nhat",
    "la",
    "thuc",
    "hien",
    "trien",
    "khai",
    "hieu",
    "qua",
    "co",
    "lien",
    "quan",
    "khac",
    "ke",
    "hoach",
    "ty",
    "le",
}
_KEYWORD = re.compile(
    r"(?<![a-z])(?:chuong trinh|chien luoc|ke hoach|de an|phong trao|cu[a-z]{1,3} van dong)"
    r"(?![a-z])"
)
_PLACE = re.compile(r"(?<!\w)(?:tỉnh|thành phố|huyện|xã)\s+[A-ZĐ]")


@dataclass(frozen=True)
class Programme:
    iri: URIRef
    labels: tuple[str, ...]


def _words(text: str) -> list[str]:
    return [w for w in re.findall(r"[a-z]+", fold_keep(text)) if w not in _NOISE]


@cache
def _reference_programmes() -> tuple[Programme, ...]:
    return load_programmes(rdfio.reference_graph())


def load_programmes(graph: Graph) -> tuple[Programme, ...]:
    """The national programmes a graph declares, with all their labels."""
    out = []
    for iri in sorted(set(graph.subjects(RDF.type, PKG.NationalProgramme))):
        labels = tuple(
            sorted(
                {
                    str(o)
                    for p in _LABELS
                    for o in graph.objects(iri, p)
                    if getattr(o, "language", None) in (None, "vi")
                }
            )
        )
        if labels:
            out.append(Programme(URIRef(iri), labels))
    return tuple(out)


def _same(a: str, b: str) -> bool:
    """Word equality tolerant of OCR ('chdng' ~ 'chong', 'ngilra' ~ 'ngua')."""
    if a == b:
        return True
    if min(len(a), len(b)) < 4 or a[0] != b[0]:
        return False
    return fuzz.ratio(a, b) >= 75


def _segments(folded: str) -> list[tuple[int, int]]:
    """Stretches that may name one programme: from a keyword (or a list separator) to the next
    ';', '.', ':' or the next keyword."""
    cuts = sorted(
        {0, len(folded)}
        | {m.start() for m in re.finditer(r"[;.:(]", folded)}
        | {m.start() for m in _KEYWORD.finditer(folded)}
    )
    return [(a, b) for a, b in zip(cuts, cuts[1:], strict=False) if b - a > 8]


# Words every programme title shares: they neither identify one nor count much.
_GENERIC = {"chuong", "trinh", "chien", "luoc", "tre", "em", "quoc", "gia"}


@dataclass(frozen=True)
class _Index:
    labels: tuple[tuple[URIRef, frozenset[str], tuple[str, ...]], ...]  # iri, word set, words
    vocabulary: frozenset[str]
    unique: frozenset[str]  # words of one programme only
    weights: dict


@cache
def _index(programmes: tuple[Programme, ...]) -> _Index:
    labels = [(p.iri, tuple(_words(label))) for p in programmes for label in p.labels]
    df = Counter(w for _, words in labels for w in set(words))
    owners: dict[str, set] = {}
    for iri, words in labels:
        for w in words:
            owners.setdefault(w, set()).add(iri)
    unique = frozenset(w for w, iris in owners.items() if len(iris) == 1 and w not in _GENERIC)
    weights = {w: 0.0 if w in _GENERIC else math.log(1 + len(labels) / n) for w, n in df.items()}
    return _Index(
        tuple((iri, frozenset(words), words) for iri, words in labels if words),
        frozenset(df),
        unique,
        weights,
    )


@cache
def _meanings(word: str, vocabulary: frozenset[str]) -> frozenset[str]:
    """The label words a text word may stand for (itself, or an OCR-garbled form of one)."""
    return frozenset(v for v in vocabulary if _same(word, v))


def _score(specific: list[str], covered: frozenset[str], label: tuple, index: _Index) -> float:
    """Share of the label's (weighted) words the segment says, if the segment says little else
    and says at least one word no other programme's label has."""
    _, word_set, words = label
    vocabulary = index.vocabulary
    extra = [w for w in specific if not (_meanings(w, vocabulary) & word_set)]
    if len(extra) > len(specific) // 5:
        return 0.0
    said_words = covered & word_set
    if not said_words & index.unique:
        return 0.0
    total = sum(index.weights.get(w, 1.0) for w in words)
    said = sum(index.weights.get(w, 1.0) for w in words if w in said_words)
    return said / total if total else 0.0


def find_programmes(
    text: str, programmes: tuple[Programme, ...] | None = None, threshold: float = 0.35
) -> list[URIRef]:
    """IRIs of the national programmes `text` mentions, in order of first mention."""
    programmes = _reference_programmes() if programmes is None else programmes
    if not programmes:
        return []
    index = _index(programmes)
    folded = fold_keep(text)
    found: list[URIRef] = []
    for start, end in _segments(folded):
        piece = folded[start:end]
        if _PLACE.search(text[start:end]) and "quoc gia" not in piece:
            continue  # a province's own programme
        specific = [w for w in _words(piece) if w not in _GENERIC]
        covered = frozenset().union(*(_meanings(w, index.vocabulary) for w in specific))
        if not specific or not covered & index.unique:
            continue
        best = max((_score(specific, covered, label, index), label[0]) for label in index.labels)
        if best[0] >= threshold and best[1] not in found:
            found.append(best[1])
    return found
