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
from dataclasses import dataclass, field, replace
from functools import cache
from itertools import product

from rapidfuzz import fuzz, process
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS, SKOS

from policykg.ingest.model import AgencyRef, Span
from policykg.ingest.scan import fold_same_length
from policykg.namespaces import ID, PKG, agency_iri, province_iri
from policykg.text import slug, tone_key

# --- length-preserving folding -------------------------------------------------------------

_BLANK = re.compile(r"[\s*#_`>|\\]")  # whitespace and markup

# OCR confusions seen in scanned Vietnamese: "ư" read as "w", "o" as a digit, "Đ" as "P".
_OCR_DIGITS = str.maketrans({"4": "o", "6": "o", "0": "o", "1": "l", "&": "o", "¢": "o"})
_OCR_P = re.compile(r"\bp(?!h)")


def fold_keep(text: str, ocr: bool = False) -> str:
    """Accent-folded lower case with exactly one output character per input character, markup
    blanked. With `ocr`, also undo character-level OCR confusions (still one for one)."""
    out = fold_same_length(_BLANK.sub(" ", text))
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
_LOCAL_PARTY_COMMITTEES = ("Huyện ủy", "Thị ủy", "Quận ủy")


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
    + _variants(("", "các "), ("cấp ủy ",), ("cấp xã", "cấp tỉnh", "cấp huyện", "cùng cấp"))
    + ["cấp ủy các cấp", "cấp ủy đảng các cấp"]
    + _variants(ANY, ("tổ chức đảng", "tổ chức cơ sở đảng", "ban cán sự đảng", "đảng đoàn"))
    + _variants(ANY, ("ban của ",), PARTY_COMMITTEES)
    + _variants(ANY, ("huyện ủy", "thị ủy", "thành ủy"))
    + ["các huyện", "các ban đảng", "đảng ủy khối"]  # "Các huyện, thành ủy": a shared head
    + _variants(ANY, ("đảng ủy", "đảng bộ"), (" trực thuộc ",), PARTY_COMMITTEES)
    + _variants(
        ANY,
        ("đảng ủy ",),
        ("xã, phường", "xã, phường, thị trấn", "xã, thị trấn", "cấp xã", "các xã"),
    )
    + _variants(ANY, ("cơ quan tham mưu",), ("", ","), (" giúp việc ",), PARTY_COMMITTEES)
)
_STATE_COLLECTIVES = (
    _variants(
        ("Ban Chỉ huy Phòng thủ dân sự ",),
        ("cấp xã", "các xã, phường, đặc khu", "các xã", "xã, phường, đặc khu"),
    )
    + _variants(
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
            " cấp tỉnh",
            ", đơn vị",
            ", đơn vị liên quan",
            ", đơn vị có liên quan",
            ", đơn vị chức năng",
            ", đơn vị chức năng có liên quan",
        ),
    )
    + _variants(
        ANY,
        ("sở, ngành", "đơn vị, địa phương"),
        ("", " liên quan", " có liên quan", " tỉnh", " cấp tỉnh"),
    )
    + ["các ngành", "các cấp, các ngành", "các đơn vị"]
    + _variants(("các sở",), ("", " liên quan", " có liên quan"))  # "Giám đốc các Sở; …"
    # the plan's addressees in closing sentences: "Đề nghị các cơ quan, đơn vị …"
    + ["các cơ quan, đơn vị", "các cơ quan, đơn vị, địa phương", "các cơ quan, tổ chức, đơn vị"]
    + _variants(ANY, ("ngân hàng thương mại", "tổ chức tín dụng", "doanh nghiệp viễn thông"))
    + _variants(
        ANY,
        ("phòng, ban, ngành", "phòng, ban", "phòng ban", "phòng, ban chuyên môn"),
        ("", ", đơn vị", ", đoàn thể"),
        ("", " cấp huyện", " huyện", " thuộc huyện", " liên quan", " có liên quan"),
    )
    + _variants(("chính quyền",), ("", " các cấp", " địa phương", " cùng cấp"))
    + _variants(
        ANY,
        (
            "cơ quan",
            "cơ quan, đơn vị",
            "cơ quan, tổ chức",
            "cơ quan, đơn vị, địa phương",
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
            "các quận, huyện",
            "quận, huyện",
            "xã, thị trấn",
            "các xã, thị trấn",
            "các xã",
            "các phường",
            # the communes of July 2025 include special zones (đặc khu)
            "các xã, phường, đặc khu",
            "xã, phường, đặc khu",
            "các phường, xã, đặc khu",
            "phường, xã, đặc khu",
            "các phường, xã",
            "phường, xã",
        ),
    )
)
# central documents' addressees: "các bộ, ngành, địa phương", "các Bộ", "Bộ, cơ quan ngang bộ …"
_CENTRAL_COLLECTIVES = (
    _variants(
        ANY,
        (
            "bộ, ngành",
            "bộ ngành",
            "bộ, cơ quan ngang bộ, cơ quan thuộc Chính phủ",
            "bộ, cơ quan ngang bộ",
            "bộ, cơ quan",
        ),
        (
            "",
            " Trung ương",
            ", địa phương",
            " và địa phương",
            " Trung ương và địa phương",
            ", đơn vị, địa phương",
        ),
        ("", " liên quan", " có liên quan"),
    )
    + ["các Bộ", "các bộ"]
    + _variants(
        ANY,
        (
            "cơ quan ngang bộ, cơ quan thuộc Chính phủ",
            "cơ quan ngang bộ",
            "cơ quan thuộc Chính phủ",
        ),
    )
    + _variants(
        ("Bộ trưởng, Thủ trưởng ",),
        ANY,
        ("cơ quan ngang bộ, cơ quan thuộc Chính phủ", "cơ quan ngang bộ"),
    )
    + _variants(
        ("Ủy ban nhân dân ",),
        (
            "các tỉnh, thành phố trực thuộc Trung ương",
            "tỉnh, thành phố trực thuộc Trung ương",
            "các tỉnh, thành phố",
            "tỉnh, thành phố",  # a central text's "Chủ tịch Ủy ban nhân dân tỉnh, thành phố"
            "các tỉnh",
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
        "đoàn thể quần chúng",
        "tổ chức đoàn thể",
    ),
    ("", " tỉnh", " thành phố", " có liên quan", " khác có liên quan", " các cấp")
    + tuple(f" {level}" for level in ("huyện", "quận", "thị xã", "xã", "phường", "thị trấn")),
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
    "Liên hiệp các Hội Khoa học và Kỹ thuật",
)
_PROVINCIAL_STATE = (
    "Ủy ban nhân dân",
    "Hội đồng nhân dân",
    "Chủ tịch Ủy ban nhân dân",
    "Thường trực Hội đồng nhân dân",
    "Công an",
    "Thanh tra",
    "Bộ Chỉ huy Quân sự",
    "Ban Chỉ huy Phòng thủ dân sự",  # the 2025 civil-defence command
    "Ban Dân tộc",
    "Bảo hiểm xã hội",
    "Tòa án nhân dân",
    "Viện Kiểm sát nhân dân",
)
_LOCAL_BODIES = (
    "Ủy ban nhân dân",
    "Chủ tịch Ủy ban nhân dân",
    "Công an",
    "Trạm Y tế",
    "Ban Chỉ huy Quân sự",
    "Tòa án nhân dân",
    "Viện Kiểm sát nhân dân",
    "Hội đồng nhân dân",
    "Ủy ban Mặt trận Tổ quốc Việt Nam",
    "Ủy ban Mặt trận Tổ quốc",
)
_LOCAL_LEVELS = ("huyện", "thị xã", "xã", "phường", "thị trấn")
_STEERING = ("Ban Chỉ đạo", "Ban chỉ đạo")
_CENTRAL_BODIES = (
    "Bộ Chính trị",
    "Ban Bí thư",
    "Ban Bí thư Trung ương Đảng",
    "Ban Chấp hành Trung ương",
    "Ban Tuyên giáo Trung ương",
    "Ban Tuyên giáo Trung ương Đảng",
    "Văn phòng Trung ương Đảng",
    "Thủ tướng Chính phủ",
    "Phó Thủ tướng Chính phủ",
    "Phó Thủ tướng",  # "Giao Phó Thủ tướng Hồ Đức Phớc …"
    "Chính phủ",
    "Quốc hội",
    "Ủy ban Trung ương Mặt trận Tổ quốc Việt Nam",
    # ministries and agencies that have no provincial department of the same name
    "Bộ Quốc phòng",
    "Bộ Công an",
    "Bộ Ngoại giao",
    "Ủy ban Dân tộc",
    "Văn phòng Chính phủ",
    "Thanh tra Chính phủ",
    "Ngân hàng Nhà nước Việt Nam",
    "Ngân hàng Nhà nước",
    "Kiểm toán Nhà nước",
    "Bảo hiểm xã hội Việt Nam",
    "Đài Truyền hình Việt Nam",
    "Đài Tiếng nói Việt Nam",
    "Thông tấn xã Việt Nam",
    "Ban Cơ yếu Chính phủ",
    "Ủy ban Thường vụ Quốc hội",
    "Văn phòng Quốc hội",
    "Văn phòng Chủ tịch nước",
    "Tòa án nhân dân tối cao",
    "Viện Kiểm sát nhân dân tối cao",
    "Ban Tổ chức Trung ương",
    "Ban Nội chính Trung ương",
    "Ban Dân vận Trung ương",
    "Ban Kinh tế Trung ương",
    "Ban Đối ngoại Trung ương",
    "Ban Tuyên giáo và Dân vận Trung ương",
    "Ban Chính sách, chiến lược Trung ương",
    "Ủy ban Kiểm tra Trung ương",
    "Cục Thuế",
    "Cục Hải quan",
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
        + _variants(
            ("Ủy ban Kiểm tra ", "Văn phòng ") + tuple(f"Ban {b} " for b in PARTY_BOARDS),
            _LOCAL_PARTY_COMMITTEES,
        )
        + ["Đảng ủy xã", "Đảng ủy phường"]
        + _variants(("Văn phòng Ủy ban nhân dân ",), LEVELS),
        place_tail=True,
    )
    # central bodies
    add(list(_CENTRAL_BODIES) + [f"Bộ {d}" for d in DEPARTMENTS])
    # a People's Council's own bodies its resolutions charge with oversight ("Giao Thường trực
    # Hội đồng nhân dân, các Ban của Hội đồng nhân dân, các Tổ đại biểu, đại biểu …")
    add(
        ["Thường trực Hội đồng nhân dân"]
        + _variants(
            ("", "các "),
            (
                "Ban của Hội đồng nhân dân",
                "Tổ đại biểu Hội đồng nhân dân",
                "đại biểu Hội đồng nhân dân",
            ),
            ("",) + tuple(" " + lv for lv in LEVELS),
        )
        + ["các Tổ đại biểu"],
        place_tail=True,
    )
    # forces a province's rules on fire, forests and disasters assign (the gazetteer has no
    # entry for them: kept as printed, unresolved)
    add(
        [
            "Chi cục Kiểm lâm",
            "Hạt Kiểm lâm",
            "lực lượng Kiểm lâm",
            "Kiểm lâm",
            "Cảnh sát phòng cháy, chữa cháy và cứu nạn, cứu hộ",
            "Phòng Cảnh sát phòng cháy, chữa cháy và cứu nạn, cứu hộ",
            "lực lượng Công an",
            "lực lượng Dân quân tự vệ",
            "Dân quân tự vệ",
        ],
        place_tail=True,
    )
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
    # the offices of a steering committee its charter assigns duties to ("Trách nhiệm của Ủy
    # viên thường trực", "Các thành viên Ban Chỉ đạo có trách nhiệm …")
    add(
        _variants(("Trưởng ", "Phó Trưởng ", "Văn phòng "), _STEERING)
        + ["Ủy viên thường trực", "Ủy viên kiêm Chánh Văn phòng Ban Chỉ đạo"]
        + _variants(("Ủy viên thường trực ", "Thường trực "), _STEERING)
    )
    add(_variants(ANY, ("thành viên ", "Ủy viên ", "cơ quan thành viên "), _STEERING), True)
    # a ministry's own units ("Thủ trưởng các đơn vị thuộc, trực thuộc Bộ Nội vụ"), the
    # ministry's name after them when printed
    add(
        _variants(
            ANY,
            ("đơn vị", "cơ quan, đơn vị", "cơ quan tham mưu", "cơ quan tham mưu, quản lý nhà nước"),
            (" thuộc, trực thuộc Bộ", " thuộc Bộ", " trực thuộc Bộ"),
            ("",) + tuple(f" {d}" for d in DEPARTMENTS),
        ),
        collective=True,
    )
    # collectives: sets of bodies, not one body
    add(
        _PARTY_COLLECTIVES
        + _STATE_COLLECTIVES
        + _CENTRAL_COLLECTIVES
        + _FRONT_COLLECTIVES
        + _PRESS_COLLECTIVES,
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
    r"vien|toa an|lien doan|quy|bao hiem xa hoi|hoc vien|truong|dang uy|dang bo|tram|"
    # companies, banks, and the tax and customs offices of 2025 ("Thuế tỉnh An Giang")
    r"cong ty|tong cong ty|tap doan|ngan hang|thue|hai quan|vu|hiep hoi|lien minh|"
    # a ministry's Vụ ("Vụ Tổ chức cán bộ"), a committee's deputy head ("Phó Trưởng Ban …")
    r"pho truong ban)\s"
)
# Where an unknown name stops: a separator or a clause verb.
_VERBS = (
    r"chu tri|phoi hop|chi dao|lanh dao|to chuc|tham muu|trien khai|xay dung|theo doi|"
    r"co trach nhiem|"
    r"co ke hoach|tang cuong|day manh|huong dan|thuc hien|bao cao|kiem tra|giam sat|tuyen truyen|"
    r"nghien cuu|ra soat|thuong xuyen|dinh ky|tap trung|chu dong|phat huy|quan triet|pho bien|"
    # "giao" (assign), not "giao dịch", "giao thông", "giáo dục" inside a name; "giao dịch bảo
    # đảm" (secured transactions) is a name's too
    r"dinh huong|don doc|uu tien|bo tri|cu the hoa|de nghi|yeu cau|tiep tuc|nang cao|"
    r"giao(?!\s(?:dich|thong|duc|luu|tiep|vien))|"
    r"theo chuc nang|tiep nhan|van dong|ho tro|dam bao|(?<!dich )bao dam|cham lo|tong hop|"
    r"can cu|tra loi|lien he|xu ly|chiu trach nhiem|khan truong|cung cap|thong bao|"
    r"quyet dinh|dieu hanh|gui|tham gia|de xuat|xem xet|phan cong|chuan bi"
)
_VERB_RE = re.compile(rf"(?<![a-z])(?:{_VERBS})(?![a-z])")
_SEP = re.compile(r"\s*(?:,|;|:|(?<![a-z])va(?![a-z])|(?<![a-z])voi(?![a-z])|\s-\s)\s*")
_SEP_NO_SEMI = re.compile(r"\s*(?:,|(?<![a-z])va(?![a-z])|\s-\s)\s*")
_UPPER_LETTERS = "A-ZĐÂĂÊÔƠƯÁÀẢÃẠẤẦẨẪẬẮẰẲẴẶÉÈẺẼẸẾỀỂỄỆÍÌỈĨỊÓÒỎÕỌỐỒỔỖỘỚỜỞỠỢÚÙỦŨỤỨỪỬỮỰÝỲỶỸỴ"
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
            or (_HEADS.match(fold_keep(m.group(1)) + " ") and not _ends_place(text, m, words))
            or m.group(1) in ("Chương", "Kế")
            or _VERB_RE.match(fold_keep(text[m.start(1) : m.start(1) + 30]))
        ):
            break
        pos, words = m.end(), words + 1
    if name.canonical.startswith(("Báo", "Đài")) and words == 0:
        return -1  # "báo" alone is the noun "report", not a newspaper
    return pos


def _ends_place(text: str, word: re.Match, words: int) -> bool:
    """'thành phố Hải Phòng chủ trì': a head noun ('Phòng') closing a place name is part of it;
    opening a new name it would be followed by a capitalised word ('Phòng Y tế')."""
    return words > 0 and _CAP_WORD.match(text, word.end()) is None


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
    if _tone_differs(text, m.end(), name.canonical):
        return None  # "các đoàn thể quần chúng" is no "các đoàn thể quận": folding hid the tone
    if name.canonical in ("Báo", "Mặt trận") and not (
        text[pos].isupper() and text[pos + 1].islower()
    ):
        return None
    end = _extend_place(text, m.end(), name)
    if end < 0:
        return None
    return AgencyPhrase(text[pos:end], pos, end, name.canonical, name.collective, "exact")


def _tone_differs(text: str, end: int, canonical: str) -> bool:
    """Does the last word matched differ in its marks from the name's own last word (both
    marked: an unmarked, OCR-read word is taken as printed)?"""
    printed = text[:end].split()[-1:] if text[:end].strip() else []
    last = canonical.split()[-1:]
    if not printed or not last:
        return False
    word, own = printed[0].lower(), last[0].lower()
    marked = bool(_MARKED.search(word)) and bool(_MARKED.search(own))
    return marked and tone_key(word) != tone_key(own) and fold_keep(word) == fold_keep(own)


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


_LEVEL_AFTER_HEAD = re.compile(r"(?:tinh|thanh pho|huyen|quan|thi xa|xa|phuong|thi tran)(?![a-z])")


# "Các trường mầm non, tiểu học, trung học cơ sở trên địa bàn xã": a set of institutions the
# lexicon cannot list; its name runs over lower-case words and commas up to the clause verb.
# "Các cơ quan được phân công chủ trì thực hiện nhiệm vụ theo Kế hoạch này có trách nhiệm …"
_ASSIGNED = r"cac (?:co quan|don vi|co quan, don vi) duoc (?:giao|phan cong)\s"
_INSTITUTIONS = re.compile(
    rf"cac (?:truong|tram|benh vien|trung tam|co so giao duc|co so y te)\s|{_ASSIGNED}"
)


_ASSIGNED_SET = re.compile(_ASSIGNED)
_ITS_DUTY = re.compile(r"\s(?:co|chiu) trach nhiem(?![a-z])")


def _institutions_at(text: str, folded: str, pos: int) -> AgencyPhrase | None:
    if not _INSTITUTIONS.match(folded, pos):
        return None
    if _ASSIGNED_SET.match(folded, pos):  # the set is defined by its assignment: up to its duty
        duty = _ITS_DUTY.search(folded, pos, pos + 160)
        if duty is None:
            return None
        return AgencyPhrase(text[pos : duty.start()], pos, duty.start(), None, True, "unknown")
    end = pos
    for m in re.finditer(r"\S+", text[pos : pos + 100]):
        start = pos + m.start()
        if start > pos + 4 and (
            (_VERB_RE.match(folded, start) and not text[start].isupper())
            or _opens_agency(text, folded, start)
        ):
            break
        end = start + len(m.group().rstrip(",;:."))
        if m.group()[-1:] in ";:.":
            break
    if end - pos < 8 or end - pos > 90:
        return None
    return AgencyPhrase(text[pos:end], pos, end, None, True, "unknown")


# "Ban chỉ đạo phòng thủ dân sự quốc gia", "Văn phòng Ban chỉ đạo …": a steering committee's
# name runs over lower-case words up to its verb
_STEERING_NAME = re.compile(r"(?:van phong )?ban chi dao[ \t]+(?!cac |va |ve )[a-z]")


def _steering_name(text: str, folded: str, pos: int) -> bool:
    m = _STEERING_NAME.match(folded, pos)
    return m is not None and text[m.end() - 1].islower()


_OPENS_LINE = re.compile(r"^(?:[-+•*]|\d+[.)]|[a-zđ][)])")
# words of a name that also read as verbs: "… đầu tư xây dựng", "… Trợ giúp pháp lý"
_NAME_VERB = re.compile(r"(?:xay dung|ho tro|giam sat|kiem tra|tuyen truyen|xu ly)(?![a-z])")


def _verb_in_name(text: str, folded: str, at: int) -> bool:
    """A verb-like word that is a word of the name ("Cục Kết cấu hạ tầng xây dựng tham mưu …",
    "Cục Kinh tế - Quản lý đầu tư xây dựng" closing its line): the clause's verb, or the line's
    end, comes right after it."""
    if folded[max(0, at - 5) : at] == "vien " and folded.startswith("nghien cuu", at):
        return True  # "viện nghiên cứu": a research institute
    verb = _NAME_VERB.match(folded, at)
    if verb is None:
        return False
    after = verb.end()
    rest = text[after:].split("\n", 1)[0]
    if not rest.strip():
        return True
    while after < len(folded) and folded[after] == " ":
        after += 1
    return _VERB_RE.match(folded, after) is not None and not text[after].isupper()


def _alone_on_its_line(text: str, start: int, end: int) -> bool:
    """A head noun that is a whole line ("Bộ" over "02"): a table's unit cell, no name."""
    line_start = text.rfind("\n", 0, start) + 1
    return "\n" in text[start:end] and not text[line_start:start].strip()


def _unknown_at(text: str, folded: str, pos: int) -> AgencyPhrase | None:
    """A name the lexicon lacks but that opens with an organisation head noun."""
    institutions = _institutions_at(text, folded, pos)
    if institutions is not None:
        return institutions
    head = _HEADS.match(folded, pos)
    steering = _steering_name(text, folded, pos)
    # a name is capitalised after its head noun ("Trung tâm Kiểm soát …", "Hội Nông dân") or
    # names its level ("Công an huyện", "Trạm Y tế xã"); "Ban hành …", "Hội nghị …" are a verb
    # and an event
    if not steering and (
        not text[pos : pos + 1].isupper()
        or not head
        or _alone_on_its_line(text, pos, head.end())
        or not (
            text[head.end() : head.end() + 1].isupper()
            or (
                _LEVEL_AFTER_HEAD.match(folded, head.end())
                and not folded.startswith("xa hoi", head.end())
            )
        )
    ):
        return None
    end = pos
    for m in re.finditer(r"\S+", text[pos : pos + 120]):
        token_start = pos + m.start()
        if token_start > pos and "\n" in text[end:token_start] and _OPENS_LINE.match(m.group()):
            break  # a name that is its heading's whole line, the items below it
        if (
            token_start > pos
            and (
                (
                    _VERB_RE.match(folded, token_start)
                    and not text[token_start].isupper()
                    and folded[token_start - 4 : token_start] != "ban "  # "Ban chỉ đạo …"
                    and not _verb_in_name(text, folded, token_start)
                )
                # a role word ends a name even capitalised ("Ban Quản lý Khu kinh tế tỉnh Chủ trì")
                or folded.startswith(("chu tri", "phoi hop"), token_start)
                or (
                    folded[token_start - 2 : token_start].strip() in (",", ";", ":")
                    and not _name_goes_on(text, folded, token_start, folded[token_start - 2])
                )
            )
        ):
            break
        word = fold_keep(m.group()).strip(",;:.")
        if token_start > pos and word in ("va", "voi"):
            after = pos + m.end()
            if not _name_goes_on(text, folded, after, word, text[pos:token_start]):
                break
        if token_start > pos and word == "ve" and not _capital_after(text, pos + m.end()):
            break  # "Ban Chỉ đạo Trung ương về kết quả": a topic; "… Nhà nước về Du lịch" a name
        end = token_start + len(m.group().rstrip(",;:."))
        if m.group()[-1:] in ";:." or (
            m.group()[-1:] == "," and not _name_goes_on(text, folded, pos + m.end(), ",")
        ):
            break
    if end - pos < 4 or end - pos > 100:
        return None
    return AgencyPhrase(text[pos:end], pos, end, None, False, "unknown")


def _capital_after(text: str, pos: int) -> bool:
    rest = text[pos : pos + 40].lstrip()
    return rest[:1].isupper()


def _name_goes_on(text: str, folded: str, pos: int, joint: str, so_far: str = "") -> bool:
    """Does an unknown name continue after a comma or 'và'? Inside a name the next word is
    capitalised and opens no other agency ("Văn hóa, Khoa học và Thông tin"); a name built of
    parallel parts repeats its article ("các khu kinh tế và các khu công nghiệp")."""
    while pos < len(text) and text[pos].isspace():
        pos += 1
    if joint in (";", ":") or pos >= len(text):
        return False
    if joint == "va" and fold_keep(so_far).startswith("van phong "):
        return text[pos].isupper()  # "Văn phòng Hội đồng nhân dân và Ủy ban nhân dân": one office
    if joint == "voi":
        return text[pos : pos + 1].isupper() and not _opens_agency(text, folded, pos)
    if text[pos].isupper():
        return not _opens_agency(text, folded, pos)
    if joint != "va" or _opens_agency(text, folded, pos):
        return False
    if folded.startswith("cac ", pos):
        return " cac " in fold_keep(so_far)
    return _ends_with_place(text, folded, pos)


_PLACE_END = re.compile(rf"\s[{_UPPER_LETTERS}]\w*(?:\s[{_UPPER_LETTERS}]\w*)*$")


def _ends_with_place(text: str, folded: str, pos: int) -> bool:
    """'Ban Quản lý các khu công nghiệp và chế xuất Hà Nội': lower-case words after 'và' that
    run, before any verb or punctuation, into a place name belong to the name."""
    stop = _VERB_RE.search(folded, pos, pos + 60)
    end = stop.start() if stop else pos + 60
    span = text[pos:end]
    span = re.split(r"[,;:.()\n]", span)[0].rstrip()
    return bool(_PLACE_END.search(span)) and len(span.split()) <= 6


def _opens_agency(text: str, folded: str, pos: int) -> bool:
    return bool(
        (_HEADS.match(folded, pos) and text[pos : pos + 1].isupper())
        or _HEAD_TITLE.match(folded, pos)  # "…, Thủ trưởng các đơn vị": the next list element
        or _exact_at(text, folded, pos)
        or _VERB_RE.match(folded, pos)
        or re.match(r"(?:ubnd|hdnd|mttq|bcs)(?![a-z])", folded[pos:])
    )


_CONTINUED = re.compile(rf"\s*(?:,|[-–])\s*(?=[{_UPPER_LETTERS}])")


def _longer_department(text: str, folded: str, found: AgencyPhrase) -> AgencyPhrase:
    """'Phòng Tài chính - Kế hoạch', 'Sở Văn hóa, Khoa học và Thông tin': a merged department
    whose name starts with a known one; the lexicon match stops too early."""
    if found.collective or not (found.canonical or "").startswith(("Phòng ", "Sở ")):
        return found
    m = _CONTINUED.match(text, found.end)
    if m is None or _opens_agency(text, folded, m.end()) or _ROLE.match(folded, m.end()):
        return found
    longer = _unknown_at(text, folded, found.start)
    if longer is None or longer.end <= m.end() or len(text[m.end() : longer.end].split()) > 5:
        return found
    return longer


# "Sở Tài chính - Cơ quan thường trực Ban Chỉ đạo": after the dash, the body's role, not the
# second half of a merged department's name ("Phòng Tài chính - Kế hoạch")
_ROLE = re.compile(r"(?:co quan|thuong truc|don vi|truong|pho|thanh vien|uy vien|dau moi)(?![a-z])")


_HONORIFIC = re.compile(r"cac dong chi\s+(?=[a-z])")
# a collective's words that run on: into the public ("các cơ quan, tổ chức, đơn vị, doanh
# nghiệp, cá nhân có liên quan": everyone concerned, no body) or into one department's name
# ("Các Sở Xây dựng nêu trên" is no "các sở")
_NOT_A_COLLECTIVE = re.compile(
    r"\s*,\s*(?:doanh nghiep,\s*)?(?:ho gia dinh,\s*)?(?:nguoi dan,\s*)?ca nhan(?![a-z])"
)


def _runs_on(text: str, folded: str, found: AgencyPhrase) -> bool:
    if _NOT_A_COLLECTIVE.match(folded, found.end):
        return True
    head_noun = fold_keep(found.phrase).rstrip().endswith((" so", " bo"))
    return head_noun and text[found.end : found.end + 2].strip()[:1].isupper()


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
    honorific = _HONORIFIC.match(folded, pos)
    if honorific is not None:
        # "các đồng chí Bộ trưởng, Thủ trưởng cơ quan ngang Bộ": the heads addressed in person
        inner = agency_at(text, honorific.end(), folded, ocr, allow_unknown)
        if inner is not None:
            return replace(inner, phrase=text[pos : inner.end], start=pos)
    found = _exact_at(text, folded, pos)
    if found is not None and found.collective and _runs_on(text, folded, found):
        found = None
    if found is not None:
        found = _with_qualifier(text, folded, _longer_department(text, folded, found))
        found = _with_branch(text, folded, found)
    if (
        ocr
    ):  # a garbled longer name beats the exact shorter one it starts with ("Pang doan Hoi ...")
        fuzzy = _fuzzy_at(text, folded, pos)
        if fuzzy is not None and (found is None or fuzzy.end > found.end):
            found = fuzzy
    if found is None and allow_unknown:
        found = _unknown_at(text, folded, pos)
    elif found is not None and allow_unknown and _steering_name(text, folded, pos):
        named = _unknown_at(text, folded, pos)  # "Văn phòng Ban chỉ đạo phòng thủ dân sự …"
        found = named if named is not None and named.end > found.end else found
    headed = _body_of_head(text, folded, pos, ocr, allow_unknown)
    if headed is not None and (found is None or headed.end > found.end):
        # "Chủ tịch Ủy ban nhân dân các tỉnh, thành phố …": the collective after the title is
        # the longer reading than the lexicon's "Chủ tịch Ủy ban nhân dân"
        found = headed
    return found


# The head of a body stands for the body in an assignment: "Giám đốc Sở Tài chính", "Thủ trưởng
# các sở, ban, ngành", "Chủ tịch Ủy ban nhân dân các xã" carry their body's duty. A title the
# lexicon knows as a body of its own ("Chủ tịch Ủy ban nhân dân tỉnh") is matched before this.
_HEAD_TITLE = re.compile(
    r"(?:(?:cac )?dong chi\s+)?"  # "Đồng chí Bí thư Tỉnh ủy …": a telegram names the head
    r"(?:chanh van phong|pho chanh van phong|giam doc|pho giam doc|thu truong|chu tich|bi thu|"
    r"pho chu tich|truong ban|truong phong|bo truong|chu nhiem|tong cuc truong|cuc truong|"
    r"vien truong|tong giam doc|chanh thanh tra|tong thu ky)\s+(?:cac\s+co\s+quan:\s*)?"
)


def _body_of_head(
    text: str, folded: str, pos: int, ocr: bool, allow_unknown: bool
) -> AgencyPhrase | None:
    title = _HEAD_TITLE.match(folded, pos)
    if title is None:
        return None
    office = folded.find("van phong ", pos, title.end())
    if office >= 0:  # "Chánh Văn phòng Ủy ban nhân dân tỉnh" heads the office, not the body
        return agency_at(text, office, folded, ocr, allow_unknown)
    return agency_at(text, title.end(), folded, ocr, allow_unknown)


# "Ngân hàng Nhà nước chi nhánh khu vực 14", "Kho bạc Nhà nước khu vực XV": a regional branch
# of a central body is a body of its own
_BRANCH = re.compile(r"\s+(?:chi nhanh\s+)?khu vuc\s+(?:[ivxlc]+|\d{1,3})(?![a-z0-9])")


def _with_branch(text: str, folded: str, agency: AgencyPhrase) -> AgencyPhrase:
    m = _BRANCH.match(folded, agency.end)
    if m is None:
        return agency
    return AgencyPhrase(text[agency.start : m.end()], agency.start, m.end(), None, False, "unknown")


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
        shared = _shared_head_list(text, folded, pos, ocr)
        if shared:
            found.extend(shared)
            end = pos = shared[-1].end
            m = sep.match(folded, pos)
            if not m:
                break
            pos = m.end()
            continue
        agency = agency_at(text, pos, folded, ocr)
        if agency is None and found and folded.startswith("lanh dao ", pos):
            # "… và lãnh đạo các Bộ, ngành": the leaders stand for their bodies (only inside a
            # list: opening a clause, "Lãnh đạo các cấp ủy …" is the verb)
            agency = agency_at(text, pos + len("lanh dao "), folded, ocr)
        if agency is None and found and found[-1].collective:
            agency = _localities_at(text, folded, pos)
        if agency is None:
            break
        found.append(agency)
        end = pos = agency.end
        m = sep.match(folded, pos)
        if not m:
            break
        pos = m.end()
    return _shared_places(_shared_head(_drop_enumeration_labels(text, found))), end


_PROVINCE_BODY = re.compile(r"^uy ban nhan dan (?:tinh|thanh pho) (.+)$")


def _shared_places(found: list[AgencyPhrase]) -> list[AgencyPhrase]:
    """'Bí thư Tỉnh ủy và Chủ tịch Ủy ban nhân dân các tỉnh: Khánh Hòa, Đắk Lắk': the places
    listed for the second head are the first's too (Tỉnh ủy Khánh Hòa, Tỉnh ủy Đắk Lắk)."""
    out: list[AgencyPhrase] = []
    for i, agency in enumerate(found):
        bare = fold_keep(agency.phrase).strip() in ("tinh uy", "thanh uy")
        places = [
            later.phrase[m.start(1) :]
            for later in found[i + 1 :]
            if (m := _PROVINCE_BODY.match(fold_keep(later.phrase)))
        ]
        if not bare or not places:
            out.append(agency)
            continue
        head = agency.canonical or agency.phrase
        out.extend(
            AgencyPhrase(f"{head} {place}", agency.start, agency.end, head, False, agency.method)
            for place in places
        )
    return out


# "các Bộ: Quốc phòng, Tài chính và Xây dựng", "Giám đốc các Sở: Y tế, Tài chính": one head
# noun shared by the names listed after the colon
_HEAD_LIST = re.compile(
    r"(?:(?:giam doc|thu truong|bo truong|chu tich|bi thu)\s+)?(?:cac\s+)?"
    r"(bo|so|ban|phong|uy ban nhan dan cac tinh|ubnd cac tinh|tinh uy cac tinh"
    r"|uy ban nhan dan cac xa|ubnd cac xa|uy ban nhan dan cac phuong|ubnd cac phuong)"
    r"(?:,\s*(?:thanh pho|co quan|nganh))?\s*:\s*"
)
_HEAD_NOUNS = {
    "bo": "Bộ ",
    "so": "Sở ",
    "ban": "Ban ",
    "phong": "Phòng ",
    "uy ban nhan dan cac tinh": "Ủy ban nhân dân tỉnh ",
    "ubnd cac tinh": "Ủy ban nhân dân tỉnh ",
    "tinh uy cac tinh": "Tỉnh ủy ",
    "uy ban nhan dan cac xa": "Ủy ban nhân dân xã ",
    "ubnd cac xa": "Ủy ban nhân dân xã ",
    "uy ban nhan dan cac phuong": "Ủy ban nhân dân phường ",
    "ubnd cac phuong": "Ủy ban nhân dân phường ",
}
_LIST_GAP = re.compile(r"\s*(?:,|;|(?<![a-z])va(?![a-z]))\s*")


def _shared_head_list(text: str, folded: str, pos: int, ocr: bool) -> list[AgencyPhrase]:
    """The bodies of a shared-head list at `pos`, each named by what is printed after the colon
    (its span) and recognised with the head noun put back ("Quốc phòng" -> "Bộ Quốc phòng")."""
    m = _HEAD_LIST.match(folded, pos)
    if m is None:
        return []
    head = _HEAD_NOUNS[m.group(1)]
    out: list[AgencyPhrase] = []
    at = m.end()
    while at < len(text):
        probe = head + text[at : at + 120]
        found = _exact_at(probe, fold_keep(probe, ocr), 0)  # no merged-department guess here
        if found is not None and found.end > len(head):
            end = at + found.end - len(head)
            out.append(
                AgencyPhrase(probe[: found.end], at, end, found.canonical, False, found.method)
            )
        elif out and (found := agency_at(text, at, folded, ocr)) is not None:
            # "các Bộ, cơ quan: Tài chính, …, Tập đoàn Điện lực Việt Nam": a body of its own
            # name among the head's
            out.append(found)
            end = found.end
        else:
            break
        gap = _LIST_GAP.match(folded, end)
        if gap is None:
            break
        at = gap.end()
    return out


_LOCALITIES = re.compile(r"(?:cac )?dia phuong(?![a-z])")


def _localities_at(text: str, folded: str, pos: int) -> AgencyPhrase | None:
    """'các sở, ban, ngành, địa phương': after a collective, 'địa phương' is one more (the local
    authorities); alone it is only a word, so it is read nowhere else."""
    m = _LOCALITIES.match(folded, pos)
    if m is None:
        return None
    return AgencyPhrase(text[pos : m.end()], pos, m.end(), "Các địa phương", True, "exact")


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


# --- district and commune bodies ------------------------------------------------------------
# The gazetteer holds provinces' and central bodies only (plus collectives such as "Ủy ban nhân
# dân cấp huyện"). A body of one district or commune ("Phòng Y tế huyện Quỳnh Lưu", "Công an xã")
# is minted under its place: id/agency/<province>/<place>/<body>, level District or Commune. A
# body named without its place ("Ủy ban nhân dân huyện", "Phòng Giáo dục và Đào tạo") is the
# issuing district's or commune's own when the document comes from that level.

# level words, folded -> (as printed with marks, level); an OCR text may print them unmarked
_LOCAL_LEVELS_OF = {
    "huyen": ("huyện", PKG.DistrictLevel),
    "quan": ("quận", PKG.DistrictLevel),
    "thi xa": ("thị xã", PKG.DistrictLevel),
    "thanh pho": ("thành phố", PKG.DistrictLevel),  # only with a place other than the province
    "xa": ("xã", PKG.CommuneLevel),
    "phuong": ("phường", PKG.CommuneLevel),
    "thi tran": ("thị trấn", PKG.CommuneLevel),
}
_LEVEL_AT = re.compile(r"(?<![a-z0-9])(thi xa|thi tran|thanh pho|huyen|quan|xa|phuong)(?![a-z0-9])")
_PLACE = re.compile(rf" ([{_UPPER_LETTERS}]\w*(?: [{_UPPER_LETTERS}0-9]\w*){{0,3}})")
_PARTY_SUFFIX = re.compile(r" uy(?![a-z0-9])")
_COLLECTIVE_LEAD = re.compile(r"(?:cac|cap|moi|tung|nhung)\s$")
_NOT_LEVEL_AFTER = (" hoi",)  # "xã hội" (society) is no commune
_LOCAL_HEADS = re.compile(r"^(?:phong|tram) ")
_DISTRICT_OFFICES = re.compile(r"^(?:cac )?phong,? ban(?![a-z])")
_DISTRICT_OFFICES_NAME = "Các phòng, ban, ngành"
_HIGHER_WORDS = re.compile(r"(?<![a-z0-9])(?:tinh|so|cong an|bo|trung uong)(?![a-z0-9])")


@dataclass(frozen=True)
class Locality:
    """The district or commune a document comes from (its issuer's place)."""

    name: str  # "Quỳnh Lưu"
    level: URIRef  # pkg:DistrictLevel | pkg:CommuneLevel


@dataclass(frozen=True)
class LocalBody:
    short: str  # the name without its place: "Phòng Y tế", "Ủy ban nhân dân", "Huyện ủy"
    place: str | None  # the district or commune, None when the text does not say which
    level: URIRef
    stated: bool = True  # False: only the head noun ("Phòng …") suggests the level


def _level_words(text: str, low: str) -> list[re.Match]:
    """Level words of a phrase (`low`: its fold). A marked word must be the level word itself
    ("quân", "phương" are no "quận", "phường"); an unmarked one (OCR) is taken as printed."""
    out = []
    for m in _LEVEL_AT.finditer(low):
        printed = text[m.start() : m.end()].lower()
        marked, _ = _LOCAL_LEVELS_OF[m.group(1)]
        if low.startswith(_NOT_LEVEL_AFTER, m.end()) or low.endswith("dia ", 0, m.start()):
            continue
        if printed != marked and (_MARKED.search(printed) or m.group(1) == "quan"):
            continue
        if printed != marked and not _ends_or_names(text, m.end()):
            continue  # OCR: "t6 chire xa hdi" is a garbled "xã hội", not a commune
        out.append(m)
    return out


def _ends_or_names(text: str, end: int) -> bool:
    """An unmarked level word closes the phrase or precedes a place ('xa Vinh Bao')."""
    rest = text[end:].strip()
    return not rest or rest[0].isupper()


def _place_name(place: str) -> str:
    return place.title() if place.isupper() else place


def local_body(phrase: str, province: str | None, locality: Locality | None) -> LocalBody | None:
    """The district- or commune-level body a phrase names, or None when it names a provincial,
    central or collective body ("Ủy ban nhân dân các xã" is all communes: a collective)."""
    text = " ".join(phrase.split())
    low = fold_keep(text)
    if _DISTRICT_OFFICES.match(low):  # "Các phòng, ban, ngành cấp huyện": a district's offices
        if locality is not None:
            return LocalBody(_DISTRICT_OFFICES_NAME, locality.name, locality.level)
        return LocalBody(_DISTRICT_OFFICES_NAME, None, PKG.DistrictLevel, stated=False)
    words = _level_words(text, low)
    if len(words) > 1 or any(_COLLECTIVE_LEAD.search(low[: m.start()]) for m in words):
        return None  # "Ủy ban nhân dân xã, thị trấn", "cấp huyện": sets of bodies
    if words:
        if low.startswith(("so ", "bo ")) or re.search(r"(?<![a-z0-9])tinh(?![a-z0-9])", low):
            return None  # a department or a province's body, whatever place it names
        return _local_with_level(text, low, words[0], province, locality)
    if _LOCAL_HEADS.match(low) and not _HIGHER_WORDS.search(low):
        if locality is not None:
            return LocalBody(text, locality.name, locality.level)
        level = PKG.DistrictLevel if low.startswith("phong") else PKG.CommuneLevel
        return LocalBody(text, None, level, stated=False)
    return None


def _local_with_level(
    text: str, low: str, word: re.Match, province: str | None, locality: Locality | None
) -> LocalBody | None:
    _, level = _LOCAL_LEVELS_OF[word.group(1)]
    party = _PARTY_SUFFIX.match(low, word.end())  # "Huyện ủy Quỳnh Lưu": the word is the name
    after = party.end() if party else word.end()
    place = _PLACE.match(text, after)
    own_province = (
        place is not None and province is not None and slug(place.group(1)) == slug(province)
    )
    if word.group(1) == "thanh pho" and (place is None or own_province):
        return None  # the province-level city itself
    if own_province:
        return None
    cut_from = after if party else word.start()
    cut_to = place.end() if place else word.end()
    if party and place is None:
        cut_from = cut_to
    short = _expanded(" ".join((text[:cut_from] + text[cut_to:]).split()) or text)
    if place is not None:
        return LocalBody(short, _place_name(place.group(1)), level)
    if locality is not None and locality.level == level:
        return LocalBody(short, locality.name, level)
    return LocalBody(short, None, level)


_SHORT_FORMS = (
    ("UBND", "Ủy ban nhân dân"),
    ("HĐND", "Hội đồng nhân dân"),
    ("MTTQ", "Mặt trận Tổ quốc"),
)


def _expanded(name: str) -> str:
    """'UBND' and 'Ủy ban nhân dân' name one body: one IRI."""
    for short, full in _SHORT_FORMS:
        name = re.sub(rf"(?<!\w){short}(?!\w)", full, name)
    return name.replace("Mặt trận Tổ quốc Việt Nam", "Mặt trận Tổ quốc")


def locality_of(issuer: str | None, province: str | None) -> Locality | None:
    """The district or commune an issuer names ("Ủy ban nhân dân huyện Quỳnh Lưu")."""
    if not issuer:
        return None
    body = local_body(issuer, province, None)
    if body is None or body.place is None:
        return None
    return Locality(body.place, body.level)


def local_agency_iri(province: str, place: str, short: str) -> URIRef:
    """id/agency/<province>/<district or commune>/<body>: 'Phòng Y tế' of Quỳnh Lưu (Nghệ An)
    -> id/agency/nghe-an/quynh-luu/phong-y-te."""
    return ID[f"agency/{slug(province)}/{slug(place)}/{slug(short)}"]


# --- resolution ----------------------------------------------------------------------------


@dataclass
class Resolver:
    """Resolves agency phrases of one document with the gazetteer; collects minted agencies.
    `locality`: the district or commune the document comes from (None for a provincial one)."""

    gazetteer: object
    province: str | None
    minted: Graph | None = None
    locality: Locality | None = None
    _cache: dict = field(default_factory=dict)
    _labels: dict = field(default_factory=dict)  # local body IRI -> its first label

    def name_issuer(self, phrase: str | None) -> None:
        """The issuer's printed name is its label ("Ủy ban nhân dân huyện Quỳnh Lưu"), whatever
        shorter form the body's own text uses later."""
        local = local_body(phrase, self.province, self.locality) if phrase else None
        if local is not None and local.place and self.province:
            self._labels[local_agency_iri(self.province, local.place, local.short)] = " ".join(
                phrase.split()
            )

    def ref(self, agency: AgencyPhrase, offset: int) -> AgencyRef:
        span = Span(offset + agency.start, offset + agency.end)
        local = local_body(agency.phrase, self.province, self.locality) if self.province else None
        if local is not None and local.place and self._is_province(local.place):
            local = None  # "Ủy ban nhân dân thành phố Hải Phòng": a province-level city
        if local is not None and local.place:
            iri = local_agency_iri(self.province, local.place, local.short)
            self._describe_local(iri, agency, local)
            return AgencyRef(agency.phrase, iri, span, False)
        match = self._lookup(agency)
        if match is not None and local is not None and self._level(match.iri) != local.level:
            match = None  # "Phòng Giáo dục và Đào tạo" is never the Ministry ("Bộ")
        if match is not None:
            if isinstance(match.minted, Graph):  # a body minted from an agency type
                self.minted = (self.minted or Graph()) + match.minted
            return AgencyRef(agency.phrase, URIRef(match.iri), span, True)
        name = agency.canonical if agency.canonical and local is None else agency.phrase
        name = " ".join(name.split())
        iri = agency_iri(name, self.province if not is_central(name) else None)
        self._describe(iri, name, agency.collective)
        if local is not None and local.stated:
            self.minted.add((iri, PKG.level, local.level))
        return AgencyRef(agency.phrase, iri, span, False)

    def _is_province(self, place: str) -> bool:
        finder = getattr(self.gazetteer, "province_of", None)
        found = finder(place) if finder is not None else None
        return found is not None and slug(found) == slug(place)

    def _level(self, iri) -> URIRef | None:
        try:
            return self.gazetteer.agency(iri).level
        except Exception:  # noqa: BLE001 - a gazetteer without levels: no level to compare
            return None

    def _describe_local(self, iri: URIRef, agency: AgencyPhrase, local: LocalBody) -> None:
        """A district or commune body: unresolved (no reference graph holds it), its first
        printed name the label, other printed forms alternative labels."""
        phrase = " ".join(agency.phrase.split())
        label = self._labels.setdefault(iri, phrase)
        collective = agency.collective or phrase.lower().startswith("các ")
        self._describe(iri, label, collective)
        g = self.minted
        if phrase != label:
            g.add((iri, SKOS.altLabel, Literal(phrase, lang="vi")))
        g.add((iri, PKG.level, local.level))

    def _lookup(self, agency: AgencyPhrase):
        # the phrase as printed first (it may carry the place: "Ủy ban nhân dân tỉnh Sóc Trăng"),
        # unless it is a garbled (OCR) form of the name: then the recognised name first
        order = [agency.phrase, agency.canonical]
        if agency.canonical and not _words_of(agency.phrase).startswith(
            _words_of(agency.canonical)
        ):
            order.reverse()
        for phrase in dict.fromkeys(p for p in order if p):
            # "các Bộ, cơ quan liên quan" is never the province's own bodies concerned
            province = None if is_central(phrase) else self.province
            key = (phrase, province)
            if key not in self._cache:
                self._cache[key] = self.gazetteer.resolve(phrase, province)
            if self._cache[key] is not None:
                return self._cache[key]
        return None

    def _describe(self, iri: URIRef, label: str, collective: bool) -> None:
        if self.minted is None:
            self.minted = Graph()
        local = self.province and not is_central(label)
        add_unresolved(
            self.minted, iri, label, province_iri(self.province) if local else None, collective
        )


def add_unresolved(
    graph: Graph, iri: URIRef, label: str, province: URIRef | None, collective: bool = False
) -> None:
    """The triples of an agency the gazetteer lacks, minted from the phrase that names it."""
    graph.add((iri, RDF.type, PKG.Agency))
    if collective:
        graph.add((iri, RDF.type, PKG.CollectiveAgency))
    graph.add((iri, PKG.unresolved, Literal(True)))
    graph.add((iri, RDFS.label, Literal(label, lang="vi")))
    if province is not None:
        graph.add((iri, PKG.province, province))


def _words_of(text: str) -> str:
    return " ".join(re.findall(r"[a-z0-9]+", fold_keep(text)))


_CENTRAL = re.compile(
    r"^(?:bo (?!chi huy)|cac bo|ban bi thu|bo chinh tri|thu tuong|chinh phu|quoc hoi|"
    r"uy ban thuong vu quoc hoi|van phong (?:chinh phu|quoc hoi|chu tich nuoc|trung uong)|"
    r"kiem toan nha nuoc|thanh tra chinh phu|ngan hang nha nuoc|cuc (?:thue|hai quan)|"
    r"toa an nhan dan toi cao|vien kiem sat nhan dan toi cao|thong tan xa viet nam|"
    r"dai (?:truyen hinh|tieng noi) viet nam|uy ban dan toc|bao hiem xa hoi viet nam|"
    r"ban co yeu chinh phu|ban chap hanh trung uong|uy ban (?:kiem tra )?trung uong|"
    r"ban [a-z ,]{2,40} trung uong(?: dang)?$)"
)


def is_central(name: str) -> bool:
    return bool(_CENTRAL.match(fold_keep(name).strip()))
