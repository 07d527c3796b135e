"""Agency look-up over the hand-curated reference graph (graph/reference).

An owner phrase ("Sở Y tế", "UBND tỉnh", "Ban can sw dang Uy ban nhén déin tinh") is resolved to
an agency IRI relative to the province of the document that names it: first that province's own
bodies, then central bodies, then national collectives. Matching goes from exact NFC labels to
canonical keys (accent-folded, abbreviations expanded, punctuation dropped) to a conservative
fuzzy match over OCR-normalised keys. A phrase naming a generic kind of body (a pkg:AgencyType)
in a province that has no such agency yet yields a freshly minted agency for that province, built
by the same naming rules that produced the pre-instantiated agencies in agencies.ttl.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, RDF, RDFS, SKOS

from policykg import rdfio, resources
from policykg.errors import PolicykgError
from policykg.namespaces import ID, ORG, PKG, agency_iri, province_iri
from policykg.text import fold, nfc, slug

# The kind of a province: a centrally-run city names its bodies "thành phố" / "Thành ủy".
CITY_KIND = ID["concept/province-kind/thanh-pho"]
PROVINCE_KIND = ID["concept/province-kind/tinh"]

# rapidfuzz ratio on OCR-normalised keys; false matches cost more than misses.
FUZZY_THRESHOLD = 86.0
# Short names ("Sở Nội vụ" / "Sở Ngoại vụ") differ by a syllable, which a ratio forgives: stricter.
SHORT_KEY, SHORT_THRESHOLD = 14, 94.0
FUZZY_MARGIN = 4.0  # the best candidate must beat the best *different* agency by this much

_LABEL_PREDICATES = (RDFS.label, SKOS.prefLabel, SKOS.altLabel, SKOS.hiddenLabel)


# ---------------------------------------------------------------------------------------------
# Records
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ProvinceInfo:
    iri: URIRef
    name: str  # canonical name as printed after "tỉnh"/"thành phố": "Cần Thơ"
    city: bool  # a centrally-run city ("thành phố")
    variants: tuple[str, ...] = ()  # other spellings of the bare name ("Thanh Hoá", "Huế")

    @property
    def slug(self) -> str:
        return slug(self.name)


@dataclass(frozen=True)
class TypeInfo:
    iri: URIRef
    short: str  # canonical short name in the "tỉnh" form: "Ủy ban nhân dân tỉnh"
    english: str
    level: URIRef
    branch: URIRef
    parent: URIRef | None  # the type of the parent body (pkg:parentType)
    alt_labels: tuple[str, ...]
    collective: bool
    began: Literal | None = None  # pkg:began: the day bodies of this type began (2025 ones)


@dataclass(frozen=True)
class AgencyInfo:
    iri: URIRef
    label: str
    level: URIRef | None
    branch: URIRef | None
    province: str | None  # canonical province name, None for central bodies
    collective: bool
    agency_type: URIRef | None = None


@dataclass
class AgencyMatch:
    iri: URIRef
    label: str
    score: float  # 100 for exact and folded matches, the fuzzy ratio otherwise
    method: str  # "exact" | "folded" | "fuzzy" | "type"
    minted: Graph | None = None  # triples of an agency minted from a type (method "type")


@dataclass
class _Scope:
    """Label indexes of one group of agencies (a province, the centre, national collectives)."""

    exact: dict[str, URIRef] = field(default_factory=dict)
    keys: dict[str, URIRef] = field(default_factory=dict)
    rank: dict[tuple[str, URIRef], int] = field(default_factory=dict)
    fuzzy: dict[str, URIRef] = field(default_factory=dict)  # OCR-normalised variants
    _keys_list: list[str] = field(default_factory=list)

    def add(self, label: str, iri: URIRef, rank: int) -> None:
        """Lower rank wins a clash: a body's own name beats a collective's alternative label."""
        key = canonical_key(label)
        entries = [(self.exact, _exact_key(label), rank), (self.keys, key, rank)]
        entries.append((self.keys, core_key(key), rank + 5))  # "các ... liên quan" framing dropped
        for index, k, r in entries:
            if k and self._wins(index, k, iri, r):
                index[k] = iri
                self.rank[(k, iri)] = r
        for variant in fuzzy_variants(label):
            if self._wins(self.fuzzy, variant, iri, rank):
                self.fuzzy[variant] = iri
                self.rank[(variant, iri)] = rank

    def fuzzy_keys(self) -> list[str]:
        if len(self._keys_list) != len(self.fuzzy):
            self._keys_list = list(self.fuzzy)
        return self._keys_list

    def _wins(self, index: dict[str, URIRef], key: str, iri: URIRef, rank: int) -> bool:
        current = index.get(key)
        return current is None or rank < self.rank.get((key, current), 99)


# ---------------------------------------------------------------------------------------------
# Canonical keys: folding, abbreviations, OCR confusions
# ---------------------------------------------------------------------------------------------

# Multi-character abbreviations, matched on folded text before punctuation is dropped.
_COMPOUND_ABBREVIATIONS = [
    (r"\bld\s*-?\s*tb\s*&?\s*xh\b|\bldtbxh\b", "lao dong thuong binh va xa hoi"),
    (r"\bgd\s*&\s*dt\b|\bgddt\b", "giao duc va dao tao"),
    (r"\btt\s*&\s*tt\b|\btttt\b", "thong tin va truyen thong"),
    (r"\bkh\s*&\s*cn\b|\bkhcn\b", "khoa hoc va cong nghe"),
    (r"\bkh\s*&\s*dt\b|\bkhdt\b", "ke hoach va dau tu"),
    (r"\bvh\s*,?\s*-?\s*tt\s*&?\s*dl\b|\bvhttdl\b", "van hoa the thao va du lich"),
    (r"\bpt\s*-\s*th\b|\bptth\b", "phat thanh va truyen hinh"),
    (r"\bct\s*-\s*xh\b|\bctxh\b", "chinh tri xa hoi"),
    (r"\btt\s*\.", "thuong truc "),
    (r"\bd\s*/\s*c\b", "dong chi"),
    (r"\bub\s*mttq\s*vn\b|\bubmttqvn\b|\bubmttq\b", "uy ban mat tran to quoc"),
    (r"\bmttq\s*vn\b|\bmttqvn\b|\bmttq\b", "mat tran to quoc"),
]
_TOKEN_ABBREVIATIONS = {
    "ubnd": "uy ban nhan dan",
    "hdnd": "hoi dong nhan dan",
    "ub": "uy ban",
    "bcsd": "ban can su dang",
    "bcs": "ban can su",
    "btv": "ban thuong vu",
    "tw": "trung uong",
    "tu": "tinh uy",
    "tp": "thanh pho",
    "tt": "thuong truc",
    "vp": "van phong",
    "lhpn": "lien hiep phu nu",
    "ccb": "cuu chien binh",
    "tncs": "thanh nien cong san",
    "hcm": "ho chi minh",
    "ldld": "lien doan lao dong",
    "ttdt": "thong tin dien tu",
    "ttg": "thu tuong",
    "dutt": "dang uy truc thuoc tinh uy",
    "ct": "chu tich",
    "pct": "pho chu tich",
}
_PHRASE_NORMALISATIONS = [
    ("mat tran to quoc viet nam", "mat tran to quoc"),
    ("uy ban mat tran to quoc", "mat tran to quoc"),
    ("ban chap hanh trung uong dang", "ban chap hanh trung uong"),
    ("trung uong dang", "trung uong"),
    ("dang cong san viet nam", "dang"),
]
_COMPILED_ABBREVIATIONS = [(re.compile(p), f" {r} ") for p, r in _COMPOUND_ABBREVIATIONS]
_COMPILED_PHRASES = [(re.compile(rf"\b{p}\b"), r) for p, r in _PHRASE_NORMALISATIONS]
_NON_WORD = re.compile(r"[^a-z0-9&]+")
_SPACES = re.compile(r"\s+")
# Words around an owner that do not change which body it is.
_LEADING_NOISE = re.compile(r"^(?:(?:giao|de nghi|luu|kinh gui|cac|nhu tren)\s+)+")
_TRAILING_NOISE = re.compile(
    r"(?:\s+(?:khac|co lien quan|lien quan|tren dia ban(?: tinh| thanh pho)?|cua tinh"
    r"|cua thanh pho|tai dia phuong|bao cao|de bao cao|thuc hien))+$"
)


def _exact_key(text: str) -> str:
    return _SPACES.sub(" ", nfc(text)).strip().strip(".,;:").strip()


@lru_cache(maxsize=65536)
def canonical_key(text: str) -> str:
    """Folded, abbreviations expanded, punctuation dropped: the 'folded' match key.
    'Sở LĐ-TB&XH' -> 'so lao dong thuong binh va xa hoi'; 'UB MTTQVN TP' -> 'mat tran to quoc
    thanh pho'."""
    text = fold(re.sub(r"[*_`#()\[\]]", " ", text))
    for pattern, replacement in _COMPILED_ABBREVIATIONS:
        text = pattern.sub(replacement, text)
    tokens = _NON_WORD.sub(" ", text.replace("&", " va ")).split()
    text = " ".join(_TOKEN_ABBREVIATIONS.get(t, t) for t in tokens)
    for pattern, replacement in _COMPILED_PHRASES:
        text = pattern.sub(replacement, text)
    return text


def core_key(key: str) -> str:
    """A canonical key without the words that only frame it ('các ... có liên quan')."""
    return _TRAILING_NOISE.sub("", _LEADING_NOISE.sub("", key)).strip()


_OCR_DIGITS = str.maketrans({"0": "o", "6": "o", "8": "o", "1": "l", "4": "a", "5": "s"})


_OCR_WORDS = {"cic": "cac", "cec": "cac", "cdc": "cac", "cta": "cua", "ctia": "cua", "cia": "cua"}
_OCR_UY = re.compile(r"\b(tinh|thanh|huyen|dang|thi) (?:[tdag]{1,2}y|iy)\b")


def ocr_key(key: str) -> str:
    """Undo the confusions of an OCR that lost the diacritics (seed 003): 'ư' read as 'w',
    'Đ' read as 'P' ('Pang doan'), digits inside words ('S6', 't4 chirc'), 'ủy' read as 'ty',
    'tdy', 'Gy' ('Tinh tdy')."""
    words = []
    for word in key.split():
        if any(c.isalpha() for c in word):
            word = word.translate(_OCR_DIGITS)
        word = word.replace("w", "u")
        if word.startswith("p") and not word.startswith("ph"):
            word = "d" + word[1:]
        words.append(_OCR_WORDS.get(word, word))
    return _OCR_UY.sub(r"\1 uy", " ".join(words))


_CITY_KEYS = [
    (re.compile(r"\btinh (uy|doan)\b"), r"thanh \1"),
    (re.compile(r"\btinh\b"), "thanh pho"),
]


def city_key(key: str) -> str:
    """A canonical key in the city form: 'uy ban nhan dan tinh' -> '... thanh pho'."""
    for pattern, replacement in _CITY_KEYS:
        key = pattern.sub(replacement, key)
    return key


def _drops_words(a: str, b: str) -> bool:
    """True when one key is the other with whole words added ('uy ban nhan dan' vs 'uy ban nhan
    dan xa'): a different, wider or narrower body, never an OCR slip."""
    short, long = sorted((a.split(), b.split()), key=len)
    if len(short) == len(long):
        return False
    rest = iter(long)
    return all(token in rest for token in short)


# kinds of body a slip of one letter must not turn into each other ("sở, ngành" is not
# "bộ, ngành"): a province's departments are never the ministries
_BODY_NOUNS = frozenset({"so", "bo", "ban", "phong", "cuc", "vu", "chi"})


def _swaps_body_noun(a: str, b: str) -> bool:
    wa, wb = set(a.split()), set(b.split())
    return bool((wa - wb) & _BODY_NOUNS) and bool((wb - wa) & _BODY_NOUNS)


def _fuzzy_score(ratio: float, query: str, label: str) -> float:
    """The ratio, demoted to 0 where it cannot be trusted: whole words added or dropped, one
    kind of body read as another, or a short name below the stricter short-name threshold."""
    if _drops_words(query, label) or _swaps_body_noun(query, label):
        return 0.0
    if min(len(query), len(label)) < SHORT_KEY and ratio < SHORT_THRESHOLD:
        return 0.0
    return ratio


@lru_cache(maxsize=65536)
def fuzzy_variants(text: str) -> frozenset[str]:
    """The OCR-normalised forms of a label or phrase compared by the fuzzy step: with and without
    the phrase normalisations and the framing words ('các ... liên quan')."""
    raw = " ".join(_TOKEN_ABBREVIATIONS.get(t, t) for t in _NON_WORD.sub(" ", fold(text)).split())
    canonical = canonical_key(text)
    ocr = {ocr_key(v) for v in (raw, canonical) if v}
    return frozenset(v for o in ocr for v in (o, core_key(o)) if v)


# ---------------------------------------------------------------------------------------------
# Naming rules (shared by agencies.ttl and agencies minted for unseen provinces)
# ---------------------------------------------------------------------------------------------

_CITY_FORMS = [
    (re.compile(r"\bTỉnh ủy\b"), "Thành ủy"),
    (re.compile(r"\bTỉnh đoàn\b"), "Thành đoàn"),
    (re.compile(r"\btỉnh\b"), "thành phố"),
]
_ENDS_WITH_PLACE = re.compile(
    r"(?:\btỉnh|\bthành phố|\bTỉnh ủy|\bThành ủy|\bTỉnh đoàn|\bThành đoàn)$"
)


def local_form(short: str, city: bool) -> str:
    """The short name as a province of this kind uses it ('Ủy ban nhân dân tỉnh' -> 'Ủy ban
    nhân dân thành phố' in a centrally-run city)."""
    if not city:
        return short
    for pattern, replacement in _CITY_FORMS:
        short = pattern.sub(replacement, short)
    return short


def full_name(short: str, province: ProvinceInfo, press: bool = False) -> str:
    """'Sở Y tế' -> 'Sở Y tế tỉnh Sóc Trăng'; 'Ủy ban nhân dân tỉnh' -> 'Ủy ban nhân dân thành phố
    Cần Thơ'; 'Tỉnh ủy' -> 'Tỉnh ủy Lâm Đồng'; a press organ takes the bare name ('Báo Kiên
    Giang')."""
    local = local_form(short, province.city)
    if _ENDS_WITH_PLACE.search(local) or press:
        return f"{local} {province.name}"
    return f"{local} {'thành phố' if province.city else 'tỉnh'} {province.name}"


def english_name(english: str, province: ProvinceInfo) -> str:
    if province.city:
        english = english.replace("Provincial", "City").replace("province", "city")
    return f"{english} ({fold_ascii_name(province.name)})"


def fold_ascii_name(name: str) -> str:
    """'Sóc Trăng' -> 'Soc Trang' (case kept), for English labels."""
    return " ".join(w[:1].upper() + w[1:] for w in fold(name).split())


def type_agency_iri(agency_type: TypeInfo, province: ProvinceInfo) -> URIRef:
    return agency_iri(local_form(agency_type.short, province.city), province.name)


def instantiate(
    agency_type: TypeInfo, province: ProvinceInfo, types: dict[URIRef, TypeInfo]
) -> Graph:
    """The triples of the agency of `agency_type` in `province` (its IRI: type_agency_iri)."""
    g = Graph()
    iri = type_agency_iri(agency_type, province)
    short = local_form(agency_type.short, province.city)
    full = full_name(agency_type.short, province, agency_type.branch == PKG.Press)
    g.add((iri, RDF.type, PKG.Agency))
    if agency_type.collective:
        g.add((iri, RDF.type, PKG.CollectiveAgency))
    g.add((iri, PKG.agencyType, agency_type.iri))
    g.add((iri, PKG.level, agency_type.level))
    g.add((iri, PKG.branch, agency_type.branch))
    g.add((iri, PKG.province, province.iri))
    if agency_type.began is not None:
        g.add((iri, PKG.began, agency_type.began))
    g.add((iri, RDFS.label, Literal(full, lang="vi")))
    g.add((iri, RDFS.label, Literal(english_name(agency_type.english, province), lang="en")))
    alts = {short} | {local_form(a, province.city) for a in agency_type.alt_labels}
    alts |= {full_name(a, province) for a in agency_type.alt_labels if _ENDS_WITH_PLACE.search(a)}
    alts.discard(full)
    for alt in sorted(alts):
        g.add((iri, SKOS.altLabel, Literal(alt, lang="vi")))
    for hidden in sorted({fold(full), fold(short)}):
        g.add((iri, SKOS.hiddenLabel, Literal(hidden)))
    parent = types.get(agency_type.parent) if agency_type.parent else None
    if parent is not None:
        g.add((iri, ORG.subOrganizationOf, type_agency_iri(parent, province)))
    return g


# ---------------------------------------------------------------------------------------------
# Reading the reference graph
# ---------------------------------------------------------------------------------------------


# Generated from the extracted graph by the trace engineer's links step: not reference facts the
# gazetteer needs, and large.
def reference_graph(directory: Path | None = None) -> Graph:
    """The reference graph: graph/reference/*.ttl but links.ttl (cached for the default)."""
    if directory is None:
        return rdfio.reference_graph()
    files = rdfio.reference_files(directory)
    if not files:
        raise PolicykgError(f"no reference graph in {directory}")
    return rdfio.read(files)


def _vi_label(g: Graph, node: URIRef, predicate=RDFS.label) -> str | None:
    labels = [o for o in g.objects(node, predicate) if isinstance(o, Literal)]
    for lit in labels:
        if lit.language == "vi":
            return str(lit)
    return str(labels[0]) if labels else None


def _en_label(g: Graph, node: URIRef) -> str:
    for lit in g.objects(node, RDFS.label):
        if isinstance(lit, Literal) and lit.language == "en":
            return str(lit)
    return ""


def read_provinces(g: Graph) -> dict[str, ProvinceInfo]:
    provinces = {}
    for iri in g.subjects(RDF.type, PKG.Province):
        name = _vi_label(g, iri)
        if not name:
            continue
        variants = tuple(
            str(o)
            for o in g.objects(iri, SKOS.altLabel)
            if not re.match(r"(?i)(tỉnh|thành phố|tp\.?)\s", str(o))
        )
        info = ProvinceInfo(URIRef(iri), nfc(name), (iri, DCTERMS.type, CITY_KIND) in g, variants)
        provinces[info.slug] = info
    return provinces


def read_types(g: Graph) -> dict[URIRef, TypeInfo]:
    types = {}
    for iri in g.subjects(RDF.type, PKG.AgencyType):
        short = _vi_label(g, iri, SKOS.prefLabel)
        level, branch = g.value(iri, PKG.level), g.value(iri, PKG.branch)
        if not short or level is None or branch is None:
            continue
        alts = tuple(sorted(str(o) for o in g.objects(iri, SKOS.altLabel)))
        types[URIRef(iri)] = TypeInfo(
            URIRef(iri),
            nfc(short),
            _en_label(g, iri),
            level,
            branch,
            g.value(iri, PKG.parentType),
            alts,
            (iri, DCTERMS.type, PKG.CollectiveAgency) in g,
            g.value(iri, PKG.began),
        )
    return types


# ---------------------------------------------------------------------------------------------
# The gazetteer
# ---------------------------------------------------------------------------------------------

_PERSON_CONTEXT = re.compile(r"\b(?:cong san|tncs|tu tuong|chu tich|bac)\s*$")


class Gazetteer:
    def __init__(self, graph: Graph):
        self.graph = graph
        self.provinces = read_provinces(graph)
        self.types = read_types(graph)
        self.agencies: dict[URIRef, AgencyInfo] = {}
        self._scopes: dict[str, _Scope] = {}
        self._type_scope = {False: _Scope(), True: _Scope()}  # keyed by province.city
        self._province_patterns = self._build_province_patterns()
        self._index_agencies()
        self._index_types()
        self._minted: dict[URIRef, AgencyInfo] = {}
        self._generated_index: dict[URIRef, tuple[URIRef, ProvinceInfo]] | None = None

    # -- construction ------------------------------------------------------------------------

    @classmethod
    def load(cls, graph: Graph | None = None) -> Gazetteer:
        """From `graph`, or (cached) from graph/reference/*.ttl (links.ttl excepted)."""
        if graph is not None:
            return cls(graph)
        return _default_gazetteer()

    def _index_agencies(self) -> None:
        self._index_graph(self.graph)

    def _index_graph(self, g: Graph) -> None:
        by_iri = {p.iri: p for p in self.provinces.values()}
        for iri in set(g.subjects(RDF.type, PKG.Agency)) | set(
            g.subjects(RDF.type, PKG.CollectiveAgency)
        ):
            province = by_iri.get(g.value(iri, PKG.province))
            collective = (iri, RDF.type, PKG.CollectiveAgency) in g
            info = AgencyInfo(
                URIRef(iri),
                _vi_label(g, iri) or str(iri),
                g.value(iri, PKG.level),
                g.value(iri, PKG.branch),
                province.name if province else None,
                collective,
                g.value(iri, PKG.agencyType),
            )
            self.agencies[info.iri] = info
            scope_name = province.slug if province else ("*collective" if collective else "*vn")
            scope = self._scopes.setdefault(scope_name, _Scope())
            base = 10 if collective else 0
            for rank, predicate in enumerate(_LABEL_PREDICATES):
                for lit in g.objects(iri, predicate):
                    scope.add(str(lit), info.iri, base + rank)

    def _province_scope(self, province: ProvinceInfo) -> _Scope | None:
        """The label index of a province's own bodies. For a province of provinces.ttl they are
        the agency types' instances (agencies-provinces.ttl, generated by the same function and
        not parsed): indexed the first time the province is looked up."""
        if province.slug not in self._scopes and self.is_reference_province(province):
            bodies = Graph()
            for agency_type in self.types.values():
                bodies += instantiate(agency_type, province, self.types)
            self._index_graph(bodies)
            self._scopes.setdefault(province.slug, _Scope())
        return self._scopes.get(province.slug)

    def _index_types(self) -> None:
        for info in self.types.values():
            base = 10 if info.collective else 0
            for city in (False, True):
                scope = self._type_scope[city]
                scope.add(local_form(info.short, city), info.iri, base)
                for alt in info.alt_labels:
                    scope.add(local_form(alt, city), info.iri, base + 2)

    def _build_province_patterns(self) -> list[tuple[re.Pattern, ProvinceInfo]]:
        patterns = []
        for info in self.provinces.values():
            names = {fold(info.name)} | {fold(v) for v in info.variants}
            alternation = "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True))
            patterns.append((re.compile(rf"\b({alternation})\b"), info))
        return patterns

    # -- provinces ---------------------------------------------------------------------------

    def province(self, name: str) -> ProvinceInfo:
        """The province record for a canonical name (or any text naming exactly one province)."""
        info = self.provinces.get(slug(name))
        if info is None:
            found = self.province_of(name)
            info = self.provinces.get(slug(found)) if found else None
        if info is None:
            # An unknown name (a province created after this gazetteer): a plain "tỉnh".
            clean = nfc(name).strip()
            info = ProvinceInfo(province_iri(clean), clean, False)
        return info

    def province_of(self, text: str) -> str | None:
        """The canonical name of the province a text is about ('tỉnh Thái Nguyên', OCR 'TiNH UY
        KIEN GIANG'): names introduced by 'tỉnh', 'thành phố', 'Tỉnh ủy', 'UBND tỉnh' ... count
        first, then capitalised bare names; the most frequent wins, ties go to the first seen."""
        folded_text = fold(text)
        # the text at fold's offsets (one character per NFC character), case kept
        plain = " ".join(text.split())
        strong: dict[str, list[int]] = {}
        weak: dict[str, list[int]] = {}
        for m, info in self._province_matches(folded_text):
            before = folded_text[max(0, m.start() - 16) : m.start()]
            if _PERSON_CONTEXT.search(before):
                continue
            if re.search(r"(?:tinh|thanh pho|tp\.?|uy|doan|bao|hinh)\s*$", before):
                strong.setdefault(info.name, []).append(m.start())
            elif plain[m.start() : m.start() + 1].isupper():
                weak.setdefault(info.name, []).append(m.start())
        hits = strong or weak
        if not hits:
            return None
        return max(hits, key=lambda n: (len(hits[n]), -hits[n][0]))

    def _province_matches(self, folded_text: str) -> list[tuple[re.Match, ProvinceInfo]]:
        """Every province name in a folded text, except one inside another's name ("Huế" in
        "Thừa Thiên Huế")."""
        found = sorted(
            (
                (m, info)
                for pattern, info in self._province_patterns
                for m in pattern.finditer(folded_text)
            ),
            key=lambda pair: (pair[0].start(), -pair[0].end()),
        )
        kept, cover_end = [], -1
        for m, info in found:
            if m.end() <= cover_end:
                continue  # inside a longer name that starts at or before it
            kept.append((m, info))
            cover_end = m.end()
        return kept

    def _split_province(self, phrase_key: str) -> tuple[ProvinceInfo | None, str]:
        """A province named inside an owner phrase ('Sở Y tế tỉnh Sóc Trăng', 'Báo Kiên Giang'),
        and the phrase without it. A name counts after 'tỉnh'/'thành phố' or at the phrase's end;
        'Hồ Chí Minh' after 'Cộng sản' is the Youth Union's name, not the city."""
        found = []
        for m, info in self._province_matches(phrase_key):
            before = phrase_key[: m.start()]
            if _PERSON_CONTEXT.search(before):
                continue
            if re.search(r"\b(?:tinh|thanh pho)\s*$", before) or m.end() == len(phrase_key):
                found.append((m, info))
        if len({info.slug for _, info in found}) != 1:
            return None, phrase_key
        m, info = found[-1]
        head = re.sub(r"\s*\b(?:tinh|thanh pho|tp)\s*$", "", phrase_key[: m.start()]).strip()
        return info, f"{head} {phrase_key[m.end() :]}".strip()

    # -- agencies ----------------------------------------------------------------------------

    def agency(self, iri) -> AgencyInfo:
        iri = URIRef(str(iri))
        info = self.agencies.get(iri) or self._minted.get(iri)
        if info is None and iri in self._generated():
            self._province_scope(self._generated()[iri][1])
            info = self.agencies.get(iri)
        if info is None:
            raise PolicykgError(f"unknown agency: {iri}")
        return info

    def _generated(self) -> dict[URIRef, tuple[URIRef, ProvinceInfo]]:
        """IRI -> (type, province) of every body agencies-provinces.ttl holds: every type in
        every province of provinces.ttl. Derived, not parsed (that file is large)."""
        if self._generated_index is None:
            self._generated_index = {
                type_agency_iri(agency_type, province): (agency_type.iri, province)
                for province in self.provinces.values()
                for agency_type in self.types.values()
            }
        return self._generated_index

    def is_reference_province(self, province: ProvinceInfo | None) -> bool:
        """A province of provinces.ttl, whose bodies the reference graph holds."""
        return province is not None and self.provinces.get(province.slug) == province

    def resolve(self, phrase: str, province: str | None = None) -> AgencyMatch | None:
        """The agency an owner phrase names, relative to the issuing document's province."""
        if not phrase or not phrase.strip():
            return None
        home = self.province(province) if province else None
        key = canonical_key(phrase)
        named, stripped = self._split_province(key)
        attempts: list[tuple[ProvinceInfo | None, str, str | None]] = []
        if named is not None:
            attempts.append((named, key, _exact_key(phrase)))
            if stripped:
                attempts.append((named, stripped, None))
                # "Ủy ban nhân dân thành phố Hải Phòng" -> the city's "ủy ban nhân dân thành phố"
                own = "thanh pho" if named.city else "tinh"
                attempts.append((named, f"{stripped} {own}", None))
        attempts.append((home, key, _exact_key(phrase)))
        if home is not None and home.city:
            # a city's document may still say "UBND tỉnh", "Tỉnh ủy": the city's own bodies
            attempts.append((home, city_key(key), None))
        if home is not None and named is None:
            # "Sở Y tế thành phố" in a city's document, "Sở Y tế tỉnh": the province's own body
            own = " thanh pho" if home.city else " tinh"
            bare = key[: -len(own)] if key.endswith(own) else key
            if bare != key and bare:
                attempts.append((home, bare, "own"))  # never a central body: "Cục Thuế tỉnh"
        for where, k, exact in attempts:
            own = exact == "own"
            match = self._lookup(where, k, None if own else exact, own_only=own)
            if match is not None:
                return match
        return self._fuzzy(named or home, [phrase, stripped] if named else [phrase])

    def _pools(self, province: ProvinceInfo | None) -> list[tuple[_Scope, bool]]:
        """Where to look, in order: the province's own bodies, central bodies, the province's
        bodies by type (minted if new), national collectives. (scope, holds types)."""
        own = self._province_scope(province) if province is not None else None
        pools = [(own, False)] if own is not None else []
        pools += [(self._scopes[n], False) for n in ("*vn",) if n in self._scopes]
        if province is not None:
            pools.append((self._type_scope[province.city], True))
        pools += [(self._scopes[n], False) for n in ("*collective",) if n in self._scopes]
        return pools

    def _lookup(
        self, province: ProvinceInfo | None, key: str, exact: str | None, own_only: bool = False
    ) -> AgencyMatch | None:
        probes = [("exact", exact)] if exact else []
        probes += [("folded", k) for k in dict.fromkeys((key, core_key(key)))]
        pools = self._pools(province)
        if own_only:  # the province's bodies only, not the centre's or national collectives
            shared = {id(self._scopes.get(n)) for n in ("*vn", "*collective")}
            pools = [(scope, is_type) for scope, is_type in pools if id(scope) not in shared]
        for method, k in probes:
            for scope, is_type in pools:
                iri = (scope.exact if method == "exact" else scope.keys).get(k)
                if iri is None:
                    continue
                if is_type:
                    return self._from_type(iri, province, 100.0)
                return self._match(iri, 100.0, method)
        return None

    def _fuzzy(self, province: ProvinceInfo | None, phrases: list[str]) -> AgencyMatch | None:
        from rapidfuzz import fuzz, process

        queries = [q for p in phrases for q in fuzzy_variants(p) if len(q) >= 6]
        if not queries:
            return None
        # target -> (score, scope position, type IRI when the candidate is a type)
        best: dict[URIRef, tuple[float, int, URIRef | None]] = {}
        pools = self._pools(province)
        cutoff = FUZZY_THRESHOLD - FUZZY_MARGIN
        for position, (scope, is_type) in enumerate(pools):
            keys = scope.fuzzy_keys()
            for query in queries:
                hits = process.extract(
                    query, keys, scorer=fuzz.ratio, score_cutoff=cutoff, limit=None
                )
                for variant, ratio, _ in hits:
                    score = _fuzzy_score(ratio, query, variant)
                    if score < cutoff:
                        continue
                    iri = scope.fuzzy[variant]
                    target = self._type_target(iri, province) if is_type else iri
                    if score > best.get(target, (0.0, 0, None))[0]:
                        best[target] = (score, position, iri if is_type else None)
        if not best:
            return None
        ranked = sorted(best.items(), key=lambda item: (-item[1][0], item[1][1]))
        target, (score, position, type_iri) = ranked[0]
        # A rival in a later scope (the centre, national collectives) does not make a match in
        # the province's own scope ambiguous: the province comes first by design.
        rivals = [r[1][0] for r in ranked[1:] if r[1][1] <= position]
        if score < FUZZY_THRESHOLD or (rivals and score - rivals[0] < FUZZY_MARGIN):
            return None
        if type_iri is not None and target not in self.agencies:
            return self._from_type(type_iri, province, score)
        return self._match(target, score, "fuzzy")

    def _type_target(self, type_iri: URIRef, province: ProvinceInfo) -> URIRef:
        return type_agency_iri(self.types[type_iri], province)

    def _from_type(self, type_iri: URIRef, province: ProvinceInfo, score: float) -> AgencyMatch:
        iri = self._type_target(type_iri, province)
        if iri in self.agencies:  # the province already has this body
            return self._match(iri, score, "folded" if score == 100.0 else "fuzzy")
        minted = instantiate(self.types[type_iri], province, self.types)
        agency_type = self.types[type_iri]
        info = AgencyInfo(
            iri,
            full_name(agency_type.short, province, agency_type.branch == PKG.Press),
            agency_type.level,
            agency_type.branch,
            province.name,
            agency_type.collective,
            type_iri,
        )
        self._minted[iri] = info
        return AgencyMatch(iri, info.label, score, "type", minted)

    def _match(self, iri: URIRef, score: float, method: str) -> AgencyMatch:
        return AgencyMatch(iri, self.agencies[iri].label, score, method, None)


@lru_cache(maxsize=1)
def _default_gazetteer() -> Gazetteer:
    return Gazetteer(reference_graph())


# ---------------------------------------------------------------------------------------------
# Regenerating graph/reference/agencies-provinces.ttl (python -m policykg.gazetteer)
# ---------------------------------------------------------------------------------------------

PROVINCIAL_AGENCIES = "agencies-provinces.ttl"
_PROVINCIAL_HEADER = """\
# Per-province agencies: for every province of provinces.ttl (the 63 of 2024 and the 34 units of
# July 2025, which keep the IRI of the province whose name they took), one agency per agency type
# (agency-types.ttl), IRI id/agency/<province>/<slug of the short name without the province>;
# pkg:began on the bodies the 2025 reorganisation created. GENERATED by `python -m
# policykg.gazetteer` with gazetteer.instantiate, the function that also mints agencies for
# provinces not in provinces.ttl: edit agency-types.ttl or provinces.ttl and regenerate; do not
# edit this file by hand. The gazetteer does not parse this file: it derives the same bodies.
"""


def provincial_agencies(reference: Graph) -> list[tuple[ProvinceInfo, Graph]]:
    """The instances of every agency type in each province, one graph per province."""
    known, types = read_provinces(reference), read_types(reference)
    out = []
    for _, province in sorted(known.items()):
        graph = Graph()
        for agency_type in types.values():
            graph += instantiate(agency_type, province, types)
        out.append((province, graph))
    return out


def _turtle_body(graph: Graph) -> str:
    from policykg.namespaces import PREFIXES

    for prefix, namespace in PREFIXES.items():
        graph.bind(prefix, namespace, override=True)
    lines = graph.serialize(format="turtle").splitlines()
    return "\n".join(line for line in lines if not line.startswith("@prefix")).strip() + "\n"


def write_provincial_agencies(directory: Path | None = None) -> Path:
    """Rewrite agencies-provinces.ttl from provinces.ttl and agency-types.ttl (atomically)."""
    import os
    import tempfile

    from policykg.namespaces import PREFIXES

    directory = directory or resources.reference_dir()
    reference = rdfio.read(directory / name for name in ("provinces.ttl", "agency-types.ttl"))
    parts = [_PROVINCIAL_HEADER, "\n"]
    parts += [f"@prefix {p}: <{PREFIXES[p]}> .\n" for p in ("pkg", "org", "rdfs", "skos", "xsd")]
    for province, graph in provincial_agencies(reference):
        kind = "thành phố" if province.city else "tỉnh"
        parts.append(f"\n# {kind} {province.name}\n\n{_turtle_body(graph)}")
    target = directory / PROVINCIAL_AGENCIES
    fd, tmp = tempfile.mkstemp(dir=directory, suffix=".tmp")
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write("".join(parts))
    os.replace(tmp, target)
    return target


if __name__ == "__main__":
    print(write_provincial_agencies())
