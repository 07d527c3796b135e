"""The one registry of document kinds.

Each kind says how a Vietnamese administrative document announces itself (its type words as a
heading or in running text, the type code inside its number), which section its items belong
to when it has no section headings, and its ontology class. Splitting, the header reader, the
structure reader, the RDF writer and the analytics all read this table; none keeps its own.
"""

from __future__ import annotations

from dataclasses import dataclass

from policykg.text import fold


@dataclass(frozen=True)
class Kind:
    name: str  # the ontology class's local name: pkg:Plan
    words: tuple[str, ...]  # accent-folded type words, longest first: "chuong trinh hanh dong"
    codes: tuple[str, ...]  # type codes inside a number, as printed: "KH" in 109-KH/TU
    label_vi: str
    label_en: str
    # the section of an item when the document has no section headings: a letter's or a
    # telegram's items assign work ("implementation"); other documents' items are its tasks
    default_section: str = "tasks"
    # an attachment: issued "kèm theo" a decision, carrying its number, date and issuer
    attachable: bool = False
    # a legal act cited as a basis ("Căn cứ Luật …"), never a parent a plan carries out
    legal_basis: bool = False
    # its documents print the type heading of the act they reproduce (a consolidated text of a
    # decision reads "QUYẾT ĐỊNH"): the type code in the number decides the kind
    number_decides: bool = False


KINDS: tuple[Kind, ...] = (
    Kind("Directive", ("chi thi",), ("CT",), "chỉ thị", "directive"),
    Kind("Decision", ("quyet dinh",), ("QĐ",), "quyết định", "decision"),
    Kind("Plan", ("ke hoach",), ("KH",), "kế hoạch", "plan", attachable=True),
    Kind(
        "Programme",
        ("chuong trinh hanh dong", "chuong trinh"),
        ("CTr", "CTrHĐ"),
        "chương trình",
        "programme",
        attachable=True,
    ),
    Kind("Guidance", ("huong dan",), ("HD",), "hướng dẫn", "guidance", attachable=True),
    Kind(
        "OfficialLetter",
        ("cong van",),
        ("CV",),
        "công văn",
        "official letter",
        default_section="implementation",
    ),
    Kind(
        "OfficialTelegram",
        ("cong dien",),
        ("CĐ",),
        "công điện",
        "official telegram",
        default_section="implementation",
    ),
    Kind("Resolution", ("nghi quyet",), ("NQ",), "nghị quyết", "resolution"),
    Kind(
        "Circular",
        ("thong tu lien tich", "thong tu"),
        ("TT", "TTLT"),
        "thông tư",
        "circular",
        legal_basis=True,
    ),
    Kind(
        "Notice",
        ("thong bao ket luan", "thong bao"),
        ("TB",),
        "thông báo",
        "notice",
        default_section="implementation",
    ),
    Kind("Conclusion", ("ket luan",), ("KL",), "kết luận", "conclusion"),
    Kind("Decree", ("nghi dinh",), ("NĐ",), "nghị định", "decree", legal_basis=True),
    Kind(
        "Regulation",
        ("quy che", "quy dinh"),
        ("QC", "QyĐ"),
        "quy chế, quy định",
        "regulation",
        attachable=True,
    ),
    Kind("Scheme", ("de an",), ("ĐA",), "đề án", "scheme", attachable=True),
    Kind("Report", ("bao cao",), ("BC",), "báo cáo", "report"),
    Kind("Charter", ("dieu le",), (), "điều lệ", "charter", attachable=True),
    Kind(
        "ConsolidatedText",
        ("van ban hop nhat",),
        ("VBHN",),
        "văn bản hợp nhất",
        "consolidated text",
        legal_basis=True,
        number_decides=True,
    ),
    Kind("Law", ("bo luat", "luat"), (), "luật", "law", legal_basis=True),
)

BY_NAME: dict[str, Kind] = {kind.name: kind for kind in KINDS}
NAMES: tuple[str, ...] = tuple(kind.name for kind in KINDS)
GENERIC = "PolicyDocument"  # the class of a document whose kind is not known

# folded type word -> kind name, longest words first so "chuong trinh hanh dong" wins over
# "chuong trinh" and "thong bao ket luan" over "thong bao"
TYPE_WORDS: dict[str, str] = dict(
    sorted(
        ((word, kind.name) for kind in KINDS for word in kind.words),
        key=lambda pair: -len(pair[0]),
    )
)
# body headings that begin with a type word but open no document ("QUY ĐỊNH CHUNG" is the first
# chapter of a regulation, "BÁO CÁO KẾT QUẢ" a report section)
NOT_TYPE_HEADINGS: tuple[str, ...] = ("quy dinh chung", "bao cao ket qua", "luat phap")
# folded number code -> kind name ("qd" in 1183/QĐ-TTg)
NUMBER_CODES: dict[str, str] = {fold(code): kind.name for kind in KINDS for code in kind.codes}


def class_name(name: str | None) -> str:
    """The ontology class of a kind name; unknown or missing kinds are plain documents."""
    return name if name in BY_NAME else GENERIC


def default_section(name: str | None) -> str:
    kind = BY_NAME.get(name or "")
    return kind.default_section if kind else "tasks"


def number_code(name: str | None) -> str:
    """The type code an unnumbered document of this kind would carry ("KH"), for stable keys."""
    kind = BY_NAME.get(name or "")
    return kind.codes[0] if kind is not None and kind.codes else "VB"


def is_legal_basis(name: str | None) -> bool:
    kind = BY_NAME.get(name or "")
    return bool(kind and kind.legal_basis)


def is_attachable(name: str | None) -> bool:
    kind = BY_NAME.get(name or "")
    return bool(kind and kind.attachable)
