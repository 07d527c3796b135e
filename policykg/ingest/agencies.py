"""Agency phrases in Vietnamese clauses: find them, split lists of them, resolve each with the
gazetteer relative to the document's province, and mint the ones the gazetteer lacks.

Splitting on "," / "và" alone is wrong ("Sở Văn hóa, Thể thao và Du lịch" holds both), so known
names are matched first, longest first, over an accent-folded copy of the text that keeps every
character position (offsets found there are offsets into the original). Lists are then read one
name at a time: a name, a separator, a name ... An unknown name is accepted only when it opens
with an organisation head noun ("Trung tâm ...", "Hội ..."), and it is kept, flagged unresolved.

OCR text (diacritics lost, "Pang doan", "nhén déin") is read through the same lexicon with
rapidfuzz: a few length-preserving character repairs, then a window of the text starting where a
name is expected is scored against every known name.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import cache
from itertools import product

from rapidfuzz import fuzz, process
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS

from policykg.ingest.model import AgencyRef, Span
from policykg.namespaces import PKG, agency_iri, province_iri

# --- length-preserving folding -------------------------------------------------------------


def _fold_char(c: str) -> str:
    if c in "đĐ":
        return "d"
    base = "".join(x for x in unicodedata.normalize("NFD", c) if unicodedata.category(x) != "Mn")
    low = base.lower()
    return low if len(low) == 1 else (c.lower()[:1] or " ")


_MARKUP = set("*#_`>|\\")


class _FoldMap(dict):
    """str.translate table built on demand: one folded character per code point."""

    def __missing__(self, code: int) -> str:
        c = chr(code)
        value = " " if c in _MARKUP or c.isspace() else _fold_char(c)
        self[code] = value
        return value


_FOLD = _FoldMap()
# OCR confusions seen in scanned Vietnamese: "ư" read as "w", "o" as a digit, "Đ" as "P".
_OCR_DIGITS = str.maketrans({"4": "o", "6": "o", "0": "o", "1": "l", "&": "o", "¢": "o"})
_OCR_P = re.compile(r"\bp(?!h)")


def fold_keep(text: str, ocr: bool = False) -> str:
    """Accent-folded lower case with exactly one output character per input character, markup
    blanked. With `ocr`, also undo character-level OCR confusions (still one for one)."""
    out = text.translate(_FOLD)
    if ocr:
        out = out.replace("w", "u")
        # digits stand for letters only inside words ("t6 chuc", "s6"), never in "28-ct/tw"
        out = re.sub(
            r"(?<=[a-z])[4610&¢]|[4610&¢](?=[a-z])", lambda m: m.group().translate(_OCR_DIGITS), out
        )
        out = _OCR_P.sub("d", out)
        for pattern, word in _OCR_WORDS:
            out = pattern.sub(lambda m, w=word: w.ljust(len(m.group())), out)
    return out


# Syllables this kind of OCR garbles, each mapped back to what it stands for (only where the
# repair is not longer than the garble, so positions still line up).
_OCR_WORDS = [
    (re.compile(p.replace(" ", r"\s+")), w)
    for p, w in (
        (r"\bch(?:ir|tr|ur|it|ti|tt)[ce]\b", "chuc"),
        (r"\bnh[aei]n d[aei]i?n\b", "nhan dan"),
        (r"\bm[aiy]i?t tr[aeiy]i?n\b", "mat tran"),
        (r"\bt[dob](?= ch)", "to"),
        (r"\bqu[a-z]c\b", "quoc"),
        (r"\bc[elia]p\b", "cap"),
        (r"\bc(?:ea|d|i)c\b", "cac"),
        (r"\bd[ia]ng uy\b", "dang uy"),
        (r"\btr[yu]c thu[a-z]c\b", "truc thuoc"),
        (r"\bb[a-z]o c[a-z]o\b", "bao cao"),
        (r"\bph[a-z]i h[a-z]p\b", "phoi hop"),
        (r"\bch[iu] tri\b", "chu tri"),
        (r"\bv[eod]i\b", "voi"),
        (r"\bcu[dao]ng\b", "cuong"),
        (r"\bd[aid]y manh\b", "day manh"),
        (r"\bc(?:ia|ta|tia|iia)\b", "cua"),
        (r"(?<=cap\s)[a-z]y\b", "uy"),
    )
]


_MARKED = re.compile("[àáảãạăằắẳẵặâầấẩẫậèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵđ]")


def looks_ocr(text: str) -> bool:
    """A text whose Vietnamese lost its diacritics: few marked letters among all letters
    (clean Vietnamese marks about a third of them)."""
    letters = sum(1 for c in text if c.isalpha())
    if letters < 200:
        return False
    return len(_MARKED.findall(text.lower())) / letters < 0.12


# --- the lexicon of agency names -----------------------------------------------------------

LEVELS = ("tỉnh", "thành phố")
PARTY_COMMITTEES = ("Tỉnh ủy", "Thành ủy")
DEPARTMENTS = (
    "Y tế",
    "Giáo dục và Đào tạo",
    "Lao động - Thương binh và Xã hội",
    "Văn hóa, Thể thao và Du lịch",
    "Văn hóa và Thể thao",
    "Tư pháp",
    "Thông tin và Truyền thông",
    "Thông tin - Truyền thông",
    "Tài chính",
    "Kế hoạch và Đầu tư",
    "Nội vụ",
    "Khoa học và Công nghệ",
    "Tài nguyên và Môi trường",
    "Nông nghiệp và Phát triển nông thôn",
    "Nông nghiệp và Môi trường",
    "Xây dựng",
    "Công Thương",
    "Giao thông vận tải",
    "Ngoại vụ",
    "Dân tộc và Tôn giáo",
    "Du lịch",
)
PARTY_BOARDS = ("Tuyên giáo", "Dân vận", "Tổ chức", "Nội chính", "Tuyên giáo và Dân vận")


@dataclass(frozen=True)
class LexName:
    canonical: str  # Vietnamese, as the gazetteer would know it
    collective: bool = False
    place_tail: bool = False  # may be followed by a capitalised place name ("tỉnh Sóc Trăng")


def _variants(*parts) -> list[str]:
    """Every concatenation of one choice from each part: ("", "các ") x ("sở",) -> 2 names."""
    return ["".join(choice) for choice in product(*parts)]


ANY = ("", "các ")  # a collective is written with or without its article
_PARTY_COLLECTIVES = (
    _variants(("", "các ", "từng "), ("cấp ủy", "cấp ủy đảng", "cấp ủy, tổ chức đảng"))
    + ["cấp ủy các cấp", "cấp ủy đảng các cấp"]
    + _variants(ANY, ("tổ chức đảng", "tổ chức cơ sở đảng", "ban cán sự đảng", "đảng đoàn"))
    + _variants(ANY, ("ban của ",), PARTY_COMMITTEES)
    + _variants(ANY, ("huyện ủy", "thị ủy", "thành ủy"))
    + ["các huyện", "các ban đảng", "đảng ủy khối"]  # "Các huyện, thành ủy": a shared head
    + _variants(ANY, ("đảng ủy", "đảng bộ"), (" trực thuộc ",), PARTY_COMMITTEES)
    + _variants(ANY, ("cơ quan tham mưu",), ("", ","), (" giúp việc ",), PARTY_COMMITTEES)
)
_STATE_COLLECTIVES = (
    _variants(
        ANY,
        ("sở",),
        ("", ","),
        (" ban",),
        ("", ","),
        (" ngành",),
        (
            "",
            ", đoàn thể",
            " có liên quan",
            " liên quan",
            ", đoàn thể thành phố",
            ", đoàn thể tỉnh",
            " thành phố",
            " tỉnh",
        ),
    )
    + ["các sở, ngành", "các ngành", "các cấp, các ngành"]
    + _variants(("chính quyền",), ("", " các cấp", " địa phương", " cùng cấp"))
    + _variants(
        ANY,
        (
            "cơ quan",
            "cơ quan, đơn vị",
            "cơ quan, tổ chức",
            "cơ quan, đơn vị, địa phương",
            "đơn vị, địa phương",
            "cơ quan chức năng",
            "đơn vị",
            "địa phương",
        ),
        (" liên quan", " có liên quan"),
    )
    + _variants(
        ("Ủy ban nhân dân ",),
        (
            "xã, phường",
            "các xã, phường",
            "xã, phường, thị trấn",
            "các xã, phường, thị trấn",
            "cấp huyện",
            "cấp xã",
            "cấp huyện, cấp xã",
            "các cấp",
            "các huyện, thị xã, thành phố",
            "huyện, thị xã, thành phố",
            "các huyện, thành phố",
            "các huyện, thị xã",
        ),
    )
)
_FRONT_COLLECTIVES = _variants(
    ANY,
    (
        "tổ chức chính trị - xã hội",
        "tổ chức thành viên",
        "tổ chức thành viên khác",
        "tổ chức xã hội",
        "hội quần chúng",
        "đoàn thể",
        "đoàn thể chính trị - xã hội",
        "tổ chức đoàn thể chính trị - xã hội",
    ),
    ("", " tỉnh", " thành phố", " có liên quan", " khác có liên quan", " các cấp"),
)
_PRESS_COLLECTIVES = _variants(
    ANY,
    (
        "cơ quan thông tin đại chúng",
        "cơ quan báo chí",
        "cơ quan thông tấn, báo chí",
        "cơ quan thông tấn báo chí",
        "cơ quan thông tấn",
        "cơ quan thông tin, báo chí",
    ),
)
_MASS_ORGANISATIONS = (
    "Đoàn Thanh niên Cộng sản Hồ Chí Minh",
    "Hội Liên hiệp Phụ nữ",
    "Hội Liên hiệp Phụ nữ Việt Nam",
    "Hội Nông dân",
    "Hội Cựu chiến binh",
    "Liên đoàn Lao động",
    "Hội Từ thiện và Bảo vệ quyền trẻ em",
    "Hội Bảo vệ quyền trẻ em",
    "Hội Khuyến học",
)
_PROVINCIAL_STATE = (
    "Ủy ban nhân dân",
    "Hội đồng nhân dân",
    "Chủ tịch Ủy ban nhân dân",
    "Thường trực Hội đồng nhân dân",
    "Công an",
    "Thanh tra",
    "Bộ Chỉ huy Quân sự",
    "Ban Dân tộc",
    "Bảo hiểm xã hội",
)
_LOCAL_BODIES = (
    "Ủy ban nhân dân",
    "Hội đồng nhân dân",
    "Ủy ban Mặt trận Tổ quốc Việt Nam",
    "Ủy ban Mặt trận Tổ quốc",
)
_LOCAL_LEVELS = ("huyện", "thị xã", "xã", "phường", "thị trấn")
_CENTRAL_BODIES = (
    "Bộ Chính trị",
    "Ban Bí thư",
    "Ban Bí thư Trung ương Đảng",
    "Ban Chấp hành Trung ương",
    "Ban Tuyên giáo Trung ương",
    "Ban Tuyên giáo Trung ương Đảng",
    "Văn phòng Trung ương Đảng",
    "Thủ tướng Chính phủ",
    "Chính phủ",
    "Quốc hội",
    "Ủy ban Trung ương Mặt trận Tổ quốc Việt Nam",
)


def _names() -> list[LexName]:
    n: list[LexName] = []

    def add(names, collective=False, place_tail=False):
        n.extend(LexName(x, collective, place_tail) for x in names)

    # provincial party bodies
    add(
        _variants(
            ("Ban Thường vụ ", "Thường trực ", "Văn phòng ", "Ủy ban Kiểm tra "), PARTY_COMMITTEES
        )
        + _variants(("Ban ",), PARTY_BOARDS, (" ",), PARTY_COMMITTEES)
        + [f"Ban cán sự đảng Bộ {d}" for d in DEPARTMENTS]
    )
    add(
        _variants(
            (
                "Ban cán sự đảng Ủy ban nhân dân ",
                "Đảng đoàn Hội đồng nhân dân ",
                "Đảng đoàn Ủy ban Mặt trận Tổ quốc Việt Nam ",
                "Đảng ủy Ủy ban nhân dân ",
            ),
            LEVELS,
        )
        + ["Tỉnh ủy", "Thành ủy", "Tỉnh đoàn", "Thành đoàn"],
        place_tail=True,
    )
    # provincial state bodies
    add(
        _variants(_PROVINCIAL_STATE, (" ",), LEVELS)
        + _variants(("Sở ",), DEPARTMENTS, ("",) + tuple(" " + lv for lv in LEVELS)),
        place_tail=True,
    )
    # district and commune bodies (named before 2025; communes after)
    add(
        _variants(_LOCAL_BODIES, (" ",), _LOCAL_LEVELS)
        + [f"Phòng {d}" for d in DEPARTMENTS]
        + [f"Ban Thường vụ {c}" for c in ("Huyện ủy", "Thị ủy", "Tỉnh đoàn", "Thành đoàn")]
        + ["Đảng ủy xã", "Đảng ủy phường"]
        + _variants(("Văn phòng Ủy ban nhân dân ",), LEVELS),
        place_tail=True,
    )
    # central bodies
    add(list(_CENTRAL_BODIES) + [f"Bộ {d}" for d in DEPARTMENTS])
    # Front, mass organisations, press
    add(
        _variants(
            (
                "Ủy ban Mặt trận Tổ quốc Việt Nam",
                "Ủy ban Mặt trận Tổ quốc",
                "Mặt trận Tổ quốc Việt Nam",
            ),
            ("",) + tuple(" " + lv for lv in LEVELS),
        )
        + ["Mặt trận Tổ quốc", "Mặt trận"]
        + _variants(_MASS_ORGANISATIONS, ("",) + tuple(" " + lv for lv in LEVELS))
        + ["Đài Phát thanh và Truyền hình", "Đài Phát thanh - Truyền hình", "Báo"],
        place_tail=True,
    )
    # collectives: sets of bodies, not one body
    add(
        _PARTY_COLLECTIVES + _STATE_COLLECTIVES + _FRONT_COLLECTIVES + _PRESS_COLLECTIVES,
        collective=True,
    )
    return n


_ABBREVIATIONS = (
    ("uy ban nhan dan", "(?:uy ban nhan dan|ubnd)"),
    ("hoi dong nhan dan", "(?:hoi dong nhan dan|hdnd)"),
    ("mat tran to quoc viet nam", "(?:mat tran to quoc viet nam|mttqvn|mttq viet nam)"),
    ("ban can su dang", "(?:ban can su dang|bcs dang|bcsd)"),
)


def _pattern(canonical: str) -> str:
    """Folded regex for a name: flexible spaces, dashes and commas, common abbreviations."""
    folded = re.escape(fold_keep(canonical))
    folded = folded.replace(r"\ ", " ")
    for word, alt in _ABBREVIATIONS:
        folded = folded.replace(word, alt)
    folded = re.sub(r" ?\\- ?", r"\\s*[-–—]\\s*", folded)
    folded = folded.replace(",", r"\s*,?")
    return folded.replace(" ", r"\s+")


@dataclass(frozen=True)
class Lexicon:
    names: tuple[LexName, ...]  # longest first: the first alternative that matches wins
    folded: tuple[str, ...]  # canonical folded forms (for fuzzy matching)
    by_first: dict[str, tuple[int, ...]]  # first folded word (or its abbreviation) -> names


_WORD = re.compile(r"[a-z0-9]+")
_FIRST_WORD_ALIASES = (
    ("uy ban nhan dan", ("ubnd",)),
    ("hoi dong nhan dan", ("hdnd",)),
    ("mat tran to quoc viet nam", ("mttqvn", "mttq")),
    ("ban can su dang", ("bcs", "bcsd")),
)


@cache
def lexicon() -> Lexicon:
    names = sorted({x.canonical: x for x in _names()}.values(), key=lambda x: -len(x.canonical))
    folded = tuple(re.sub(r"\s+", " ", fold_keep(x.canonical)) for x in names)
    by_first: dict[str, list[int]] = {}
    for i, key in enumerate(folded):
        firsts = {_WORD.match(key).group()}
        firsts |= {
            a for head, aliases in _FIRST_WORD_ALIASES if key.startswith(head) for a in aliases
        }
        for first in firsts:
            by_first.setdefault(first, []).append(i)
    return Lexicon(tuple(names), folded, {k: tuple(v) for k, v in by_first.items()})


@cache
def _names_starting(word: str) -> re.Pattern | None:
    """One alternation of the names a word can open, compiled on first use."""
    lex = lexicon()
    indexes = lex.by_first.get(word)
    if not indexes:
        return None
    alternation = "|".join(f"(?P<n{i}>{_pattern(lex.names[i].canonical)})" for i in indexes)
    return re.compile(rf"(?:{alternation})(?![a-z0-9])")


# Head nouns that open an organisation's name: a phrase opening with one of these and the
# gazetteer lacks is still an agency (minted, unresolved), never dropped.
_HEADS = re.compile(
    r"(?:so|ban|bo|hoi|doan|uy ban|phong|trung tam|bao|dai|cuc|chi cuc|van phong|cong an|benh vien|"
    r"vien|toa an|lien doan|quy|bao hiem xa hoi|hoc vien|truong|dang uy|dang bo)\s"
)
# Where an unknown name stops: a separator or a clause verb.
_VERBS = (
    r"chu tri|phoi hop|chi dao|lanh dao|to chuc|tham muu|trien khai|xay dung|theo doi|"
    r"co trach nhiem|"
    r"co ke hoach|tang cuong|day manh|huong dan|thuc hien|bao cao|kiem tra|giam sat|tuyen truyen|"
    r"nghien cuu|ra soat|thuong xuyen|dinh ky|tap trung|chu dong|phat huy|quan triet|pho bien|"
    r"dinh huong|don doc|uu tien|bo tri|cu the hoa|de nghi|giao|yeu cau|tiep tuc|nang cao|"
    r"theo chuc nang"
)
_VERB_RE = re.compile(rf"(?<![a-z])(?:{_VERBS})(?![a-z])")
_SEP = re.compile(r"\s*(?:,|;|:|(?<![a-z])va(?![a-z])|(?<![a-z])voi(?![a-z])|\s-\s)\s*")
_SEP_NO_SEMI = re.compile(r"\s*(?:,|(?<![a-z])va(?![a-z])|\s-\s)\s*")
_CAP_WORD = re.compile(
    r"[ \t]*(?:\r?\n)?[ \t]*(?<=\s)"
    r"([A-ZĐÂĂÊÔƠƯÁÀẢÃẠẤẦẨẪẬẮẰẲẴẶÉÈẺẼẸẾỀỂỄỆÍÌỈĨỊÓÒỎÕỌỐỒỔỖỘỚỜỞỠỢÚÙỦŨỤỨỪỬỮỰÝỲỶỸỴ]"
    r"[\wÀ-ỹ]*)"
)
_LEVEL_WORD = re.compile(r"\s+(tỉnh|thành phố|TP\.?|huyện|thị xã|quận)(?=[\s,;:.]|$)")


@dataclass(frozen=True)
class AgencyPhrase:
    """An agency named in a text: offsets relative to that text."""

    phrase: str  # literal, as printed
    start: int
    end: int
    canonical: str | None  # the lexicon name it was recognised as (None: unknown)
    collective: bool
    method: str  # "exact" | "fuzzy" | "unknown"


def _extend_place(text: str, end: int, name: LexName) -> int:
    """'Ủy ban nhân dân tỉnh' + ' Sóc Trăng': take a trailing level word and a capitalised place."""
    if not name.place_tail:
        return end
    canonical_folded = fold_keep(name.canonical)
    if not canonical_folded.endswith(("tinh", "thanh pho")):
        m = _LEVEL_WORD.match(text, end)
        if m and not name.canonical.startswith(("Báo", "Đài")):
            end = m.end()
    words = 0
    pos = end
    while words < 3:
        m = _CAP_WORD.match(text, pos)
        if (
            not m
            or _HEADS.match(fold_keep(m.group(1)) + " ")
            or m.group(1) in ("Chương", "Kế")
            or _VERB_RE.match(fold_keep(text[m.start(1) : m.start(1) + 30]))
        ):
            break
        pos, words = m.end(), words + 1
    if name.canonical.startswith(("Báo", "Đài")) and words == 0:
        return -1  # "báo" alone is the noun "report", not a newspaper
    return pos


def _exact_at(text: str, folded: str, pos: int) -> AgencyPhrase | None:
    lex = lexicon()
    word = _WORD.match(folded, pos)
    if not word or (pos and folded[pos - 1].isalnum()):
        return None
    regex = _names_starting(word.group())
    m = regex.match(folded, pos) if regex else None
    if not m:
        return None
    name = lex.names[int(m.lastgroup[1:])]
    if name.canonical in ("Báo", "Mặt trận") and not (
        text[pos].isupper() and text[pos + 1].islower()
    ):
        return None
    end = _extend_place(text, m.end(), name)
    if end < 0:
        return None
    return AgencyPhrase(text[pos:end], pos, end, name.canonical, name.collective, "exact")


_TOKEN = re.compile(r"[^\s,;:.()]+")


def _fuzzy_at(text: str, folded: str, pos: int, min_score: float = 84.0) -> AgencyPhrase | None:
    """Best lexicon name for a window of whole tokens starting at `pos` (OCR text)."""
    lex = lexicon()
    ends = [m.end() for m in _TOKEN.finditer(folded, pos, min(len(folded), pos + 90))]
    if not ends or _TOKEN.match(folded, pos) is None:
        return None
    best: tuple[float, int, int] | None = None  # score, end, name index
    for end in ends[:12]:
        window = re.sub(r"\s+", " ", folded[pos:end])
        if len(window) < 8:
            continue
        hit = process.extractOne(window, lex.folded, scorer=fuzz.ratio, score_cutoff=min_score)
        if not hit:
            continue
        _, score, idx = hit
        if len(lex.folded[idx]) < 12 and score < 92:
            continue
        if best is None or score > best[0] or (score == best[0] and end > best[1]):
            best = (score, end, idx)
    if best is None:
        return None
    name = lex.names[best[2]]
    end = _extend_place(text, best[1], name)
    end = best[1] if end < 0 else end
    return AgencyPhrase(text[pos:end], pos, end, name.canonical, name.collective, "fuzzy")


def _unknown_at(text: str, folded: str, pos: int) -> AgencyPhrase | None:
    """A name the lexicon lacks but that opens with an organisation head noun."""
    head = _HEADS.match(folded, pos)
    # a name is capitalised after its head noun ("Trung tâm Kiểm soát …", "Hội Nông dân");
    # "Ban hành …", "Hội nghị …" are a verb and an event
    if (
        not text[pos : pos + 1].isupper()
        or not head
        or not text[head.end() : head.end() + 1].isupper()
    ):
        return None
    end = pos
    for m in re.finditer(r"\S+", text[pos : pos + 120]):
        token_start = pos + m.start()
        if token_start > pos and (
            _VERB_RE.match(folded, token_start)
            or folded[token_start - 2 : token_start].strip() in (",", ";", ":")
        ):
            break
        word = fold_keep(m.group()).strip(",;:.")
        if token_start > pos and word in ("va", "voi"):
            nxt = text[pos + m.end() :].lstrip()[:1]
            if (
                not nxt.isupper()
            ):  # "và" inside a name is followed by a capital ("Văn hóa và Thể thao")
                break
        end = token_start + len(m.group().rstrip(",;:."))
        if m.group()[-1:] in ",;:.":
            break
    if end - pos < 4 or end - pos > 100:
        return None
    return AgencyPhrase(text[pos:end], pos, end, None, False, "unknown")


def agency_at(
    text: str, pos: int, folded: str | None = None, ocr: bool = False, allow_unknown: bool = True
) -> AgencyPhrase | None:
    """The agency named at `pos` of `text`, if any (exact lexicon name, then OCR-fuzzy, then an
    unknown name opening with an organisation head noun)."""
    folded = folded if folded is not None else fold_keep(text, ocr)
    while pos < len(text) and folded[pos] == " ":
        pos += 1
    if pos >= len(text):
        return None
    found = _exact_at(text, folded, pos)
    if found is not None:
        found = _with_qualifier(text, folded, found)
    if (
        ocr
    ):  # a garbled longer name beats the exact shorter one it starts with ("Pang doan Hoi ...")
        fuzzy = _fuzzy_at(text, folded, pos)
        if fuzzy is not None and (found is None or fuzzy.end > found.end):
            found = fuzzy
    if found is None and allow_unknown:
        found = _unknown_at(text, folded, pos)
    return found


_QUALIFIER = re.compile(r"\s+(?:cua|trong|tren\s+dia\s+ban)\s+(?:tinh|thanh\s+pho)(?![a-z])")


def _with_qualifier(text: str, folded: str, agency: AgencyPhrase) -> AgencyPhrase:
    """'các tổ chức chính trị - xã hội của tỉnh': the qualifier belongs to the phrase."""
    m = _QUALIFIER.match(folded, agency.end)
    if not m:
        return agency
    return AgencyPhrase(
        text[agency.start : m.end()],
        agency.start,
        m.end(),
        agency.canonical,
        agency.collective,
        agency.method,
    )


def _shared_head(found: list[AgencyPhrase]) -> list[AgencyPhrase]:
    """'Các huyện, thành ủy': the first name shares the second's head ('huyện ủy')."""
    out = list(found)
    for i, (a, b) in enumerate(zip(found, found[1:], strict=False)):
        if (
            a.canonical
            and b.canonical
            and fold_keep(a.canonical) in ("cac huyen", "huyen")
            and fold_keep(b.canonical).endswith(" uy")
        ):
            out[i] = AgencyPhrase(a.phrase, a.start, a.end, a.canonical + " ủy", True, a.method)
    return out


def agency_list_at(
    text: str, pos: int, folded: str | None = None, ocr: bool = False, semicolons: bool = True
) -> tuple[list[AgencyPhrase], int]:
    """Read 'A, B và C; D' from `pos`: the agencies and the offset where the list ends."""
    folded = folded if folded is not None else fold_keep(text, ocr)
    sep = _SEP if semicolons else _SEP_NO_SEMI
    found: list[AgencyPhrase] = []
    end = pos
    while True:
        agency = agency_at(text, pos, folded, ocr)
        if agency is None:
            break
        found.append(agency)
        end = pos = agency.end
        m = sep.match(folded, pos)
        if not m:
            break
        pos = m.end()
    return _shared_head(_drop_enumeration_labels(text, found)), end


def _drop_enumeration_labels(text: str, found: list[AgencyPhrase]) -> list[AgencyPhrase]:
    """'các tổ chức thành viên: Đoàn ..., Hội ...' names its members; the label is not one more."""
    kept = []
    for agency in found:
        after = text[agency.end : agency.end + 2].lstrip()
        if agency.collective and after.startswith(":") and agency is not found[-1]:
            continue
        kept.append(agency)
    return kept


def find_agency_phrases(text: str, ocr: bool | None = None) -> list[tuple[str, tuple[int, int]]]:
    """Every known agency name in `text` (lexicon names; with OCR text also fuzzy ones at token
    starts), left to right, non-overlapping: [(phrase as printed, (start, end)), ...]."""
    ocr = looks_ocr(text) if ocr is None else ocr
    folded = fold_keep(text, ocr)
    out: list[tuple[str, tuple[int, int]]] = []
    pos = 0
    for m in _TOKEN.finditer(folded):
        if m.start() < pos:
            continue
        if m.start() > 0 and folded[m.start() - 1].isalnum():
            continue
        agency = agency_at(text, m.start(), folded, ocr, allow_unknown=False)
        if agency:
            out.append((agency.phrase, (agency.start, agency.end)))
            pos = agency.end
    return out


# --- resolution ----------------------------------------------------------------------------


@dataclass
class Resolver:
    """Resolves agency phrases of one document with the gazetteer; collects minted agencies."""

    gazetteer: object
    province: str | None
    minted: Graph | None = None
    _cache: dict = field(default_factory=dict)

    def ref(self, agency: AgencyPhrase, offset: int) -> AgencyRef:
        span = Span(offset + agency.start, offset + agency.end)
        match = self._lookup(agency)
        if match is not None:
            if isinstance(match.minted, Graph):  # a body minted from an agency type
                self.minted = (self.minted or Graph()) + match.minted
            return AgencyRef(agency.phrase, URIRef(match.iri), span, True)
        name = agency.canonical or agency.phrase
        iri = agency_iri(name, self.province if not _is_central(name) else None)
        self._describe(iri, name, agency.collective, unresolved=True)
        return AgencyRef(agency.phrase, iri, span, False)

    def _lookup(self, agency: AgencyPhrase):
        # the phrase as printed first (it may carry the place: "Ủy ban nhân dân tỉnh Sóc Trăng"),
        # unless it is a garbled (OCR) form of the name: then the recognised name first
        order = [agency.phrase, agency.canonical]
        if agency.canonical and not _words_of(agency.phrase).startswith(
            _words_of(agency.canonical)
        ):
            order.reverse()
        for phrase in dict.fromkeys(p for p in order if p):
            key = (phrase, self.province)
            if key not in self._cache:
                self._cache[key] = self.gazetteer.resolve(phrase, self.province)
            if self._cache[key] is not None:
                return self._cache[key]
        return None

    def _describe(self, iri: URIRef, label: str, collective: bool, unresolved: bool) -> None:
        if self.minted is None:
            self.minted = Graph()
        g = self.minted
        g.add((iri, RDF.type, PKG.Agency))
        if collective:
            g.add((iri, RDF.type, PKG.CollectiveAgency))
        if unresolved:
            g.add((iri, PKG.unresolved, Literal(True)))
        g.add((iri, RDFS.label, Literal(label, lang="vi")))
        if self.province and not _is_central(label):
            g.add((iri, PKG.province, province_iri(self.province)))


def _words_of(text: str) -> str:
    return " ".join(re.findall(r"[a-z0-9]+", fold_keep(text)))


_CENTRAL = re.compile(
    r"^(?:bo (?!chi huy)|ban bi thu|bo chinh tri|thu tuong|chinh phu|quoc hoi|"
    r"ban chap hanh trung uong|"
    r"ban tuyen giao trung uong|van phong trung uong|uy ban trung uong)"
)


def _is_central(name: str) -> bool:
    return bool(_CENTRAL.match(fold_keep(name).strip()))
