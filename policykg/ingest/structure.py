"""The numbered structure of one document: roman sections, numbered, decimal, "(n)" and letter
items, and bullets, nested as printed; hard-wrapped lines joined.

A line opens an item only if its marker fits the sequence (the next roman numeral, the next number
or letter, or the first of a new list); anything else continues the open item, so a wrapped line
starting with "2024" or "- " inside a sentence stays text. Paths follow the document's numbering,
roman first ("III.1.đ"); a bullet adds its 1-based position among its siblings ("II.1.2")."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from policykg.ingest.model import Item, Span
from policykg.ingest.scan import (
    Line,
    blank_lines_are_breaks,
    fold_same_length,
    fuzzy_has,
    join_wrapped,
    lines_of,
    upper_ratio,
)
from policykg.ingest.tables import find_tables, with_table_items, without_tables
from policykg.kinds import default_section

# the letters documents use for items, in order (the accented vowels are not used as markers)
LETTERS = "a b c d đ e g h i k l m n o p q r s t u v x y".split()
ROMAN_VALUES = {"I": 1, "V": 5, "X": 10, "L": 50}

_PART = re.compile(r"^(?:PHẦN\s+)?(?P<num>[A-H])\s*[-.)]\s*(?P<rest>\S.*)$")
_ROMAN = re.compile(
    r"^(?P<num>[IVXl1|]{1,5})(?:\s*[-.)–:]|(?=\s+[A-ZĐÀ-Ỹ]{2,}\s))\s*(?P<rest>\S.*)?$"
)
# "1.2. Nội dung": a decimal marker opens words, never a bracket or a path ("1.16 )/Báo cáo")
_DECIMAL = re.compile(r"^(?P<num>\d{1,2}(?:\.\d{1,2})+)\.?\s+(?P<rest>[^\s)/\]].*)$")
_NUMBER = re.compile(r"^(?P<num>\d{1,2})\s*[.)]\s*(?P<rest>(?!\d+\s*[)/])\S.*)$")
_PAREN = re.compile(r"^\((?P<num>\d{1,2})\)\s*(?P<rest>\S.*)$")
_LETTER = re.compile(r"^(?P<num>[a-zđ])\s?[).]\s*(?P<rest>\S.*)$")
_ARTICLE = re.compile(r"^(?:điều|dieu)\s+(?P<num>\d{1,3})\s*[.:]\s*(?P<rest>\S.*)?$", re.I)
_BULLET = re.compile(r"^(?P<num>[-+•–—▪●○◦·\uf0b7\uf0a7])\s*(?P<rest>\S.*)$")

# folded heading words -> section kind, checked in order (fuzzy for OCR)
SECTION_KINDS = (
    ("to chuc thuc hien", "implementation"),
    ("to chuc trien khai", "implementation"),
    ("trach nhiem", "implementation"),  # "THỜI GIAN VÀ TRÁCH NHIỆM THỰC HIỆN"
    ("che do bao cao", "reporting"),
    ("bao cao", "reporting"),  # "CHẾ ĐỘ THÔNG TIN, BÁO CÁO"
    ("nhiem vu", "tasks"),
    ("giai phap", "tasks"),
    ("muc tieu", "targets"),
    ("chi tieu", "targets"),
    ("muc dich", "purpose"),
    ("yeu cau", "purpose"),
    ("dac diem", "situation"),
    ("tinh hinh", "situation"),
    ("ket qua", "situation"),
    ("thuc trang", "situation"),
    ("noi dung", "tasks"),  # "II. NỘI DUNG": what the plan has done, by whom
)
# task verbs that open a new paragraph when capitalised at a line start
_PARAGRAPH_VERBS = (
    "trien khai",
    "phoi hop",
    "xay dung",
    "to chuc",
    "chu tri",
    "thuc hien",
    "tang cuong",
    "ra soat",
    "huong dan",
    "chi dao",
    "tham muu",
    "nghien cuu",
    "day manh",
    "theo doi",
    "kiem tra",
    "bao cao",
    "tuyen truyen",
    "nang cao",
    "bao dam",
    "dam bao",
    "don doc",
    "giao ",
)
_END_MARKERS = ("noi nhan", "noi nh", "tren day la", "(dinh kem", "(kem theo", "kinh gui")
_SIGN = re.compile(r"^(?:t/m|tm\.|kt\.|tl\.|tuq\.)\s")


@dataclass
class _Node:
    kind: str
    label: str  # the path component
    value: int
    marker: str
    path: str
    parent: _Node | None
    section_kind: str
    lines: list[tuple[Line, bool]] = field(default_factory=list)  # (line, blank line before)
    children: list[_Node] = field(default_factory=list)
    rest_start: int = 0  # offset where the text after the marker starts


def section_kind_of(heading: str) -> str:
    folded = fold_same_length(heading)
    for words, kind in SECTION_KINDS:
        if words in folded:
            return kind
    for words, kind in SECTION_KINDS:
        if fuzzy_has(folded, words, 84):
            return kind
    return "other"


def parse_structure(text: str, span: Span, body_start: int, kind: str | None = None) -> list[Item]:
    """Items of the document at `span`, from its body (after header and title) on."""
    lines = lines_of(text, body_start, span.end)
    tables = find_tables(lines)  # task tables give row items; no table line is prose
    prose = without_tables(lines, tables)
    nodes = _assemble(prose, single_spaced=_single_spaced(lines), default=_default_section(kind))
    if not nodes:
        nodes = _paragraph_items(prose, kind)
    return with_table_items(_to_items(nodes, text, _single_spaced(lines)), tables)


def _default_section(kind: str | None) -> str:
    """Items of a document without section headings: a letter's items assign work
    (implementation); other documents' numbered items are their tasks."""
    return default_section(kind)


def structure_start(text: str, span: Span, body_start: int) -> int | None:
    """Offset of the first structural item (the preamble ends there), if any."""
    lines = lines_of(text, body_start, span.end)
    prose = without_tables(lines, find_tables(lines))
    nodes = _assemble(prose, single_spaced=_single_spaced(lines))
    return nodes[0].lines[0][0].start if nodes else None


def _single_spaced(lines: list[Line]) -> bool:
    return blank_lines_are_breaks(lines)


# --- assembling nodes -------------------------------------------------------------------------


_REPEATS = {2: "bis", 3: "ter", 4: "quater"}


class _Builder:
    def __init__(self, default_section: str = "other") -> None:
        self.default_section = default_section  # for items outside any headed section
        self.stack: list[_Node] = []
        self.nodes: list[_Node] = []
        self.roots: list[_Node] = []
        self.last_roman = 0
        self.last_part = 0
        self.paths: set[str] = set()

    def top(self) -> _Node | None:
        return self.stack[-1] if self.stack else None

    def open(
        self,
        kind: str,
        label: str,
        value: int,
        marker: str,
        line: Line,
        rest_at: int,
        parent: _Node | None,
        section: str | None = None,
    ) -> None:
        # pop everything above the parent
        while self.stack and self.stack[-1] is not parent:
            self.stack.pop()
        if kind == "bullet":
            siblings = parent.children if parent else self.roots
            label = str(sum(1 for s in siblings if s.kind == "bullet" and s.marker == marker) + 1)
        path = f"{parent.path}.{label}" if parent else label
        base, repeat = path, 1
        while path in self.paths:  # OCR can repeat a number: "II.1", "II.1bis" (slug-safe)
            repeat += 1
            path = base + _REPEATS.get(repeat, f"r{repeat}")
        self.paths.add(path)
        inherited = parent.section_kind if parent else self.default_section
        node = _Node(
            kind, label, value, marker, path, parent, section or inherited, rest_start=rest_at
        )
        node.lines.append((line, False))
        (parent.children if parent else self.roots).append(node)
        self.stack.append(node)
        self.nodes.append(node)


def _find(stack: list[_Node], kind: str, marker: str | None = None) -> int | None:
    for index in range(len(stack) - 1, -1, -1):
        node = stack[index]
        if node.kind == kind and (marker is None or node.marker == marker):
            return index
    return None


def _roman_value(token: str) -> int | None:
    if not re.search(r"[IVX]", token):
        return None
    token = re.sub(r"[l1|]", "I", token)
    total, prev = 0, 0
    for char in reversed(token):
        value = ROMAN_VALUES.get(char)
        if value is None:
            return None
        total = total - value if value < prev else total + value
        prev = max(prev, value)
    return total or None


def _to_roman(value: int) -> str:
    parts = [(10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")]
    out = ""
    for number, numeral in parts:
        while value >= number:
            out += numeral
            value -= number
    return out


def _assemble(lines: list[Line], single_spaced: bool, default: str = "other") -> list[_Node]:
    builder = _Builder(default)
    blank_before = False
    prev_text = ""
    loose: _Node | None = None  # a paragraph after bullets: its own wrapped lines go on there
    for line in lines:
        stripped = line.text.strip()
        if not stripped:
            blank_before = True
            continue
        folded = line.folded
        if builder.nodes and folded.startswith("tren day la"):
            builder.nodes.extend(_closing_requests(lines, lines.index(line), single_spaced))
            break
        if builder.nodes and (folded.startswith(_END_MARKERS) or _SIGN.match(folded)):
            break
        if _try_open(builder, line, prev_text):
            loose = None
        else:
            top = builder.top()
            if top is not None and _leaves_bullet(top, prev_text, stripped):
                loose = _open_paragraph(builder, top, line)
            elif loose is not None:
                loose.lines.append((line, blank_before))
            elif top is not None:
                top.lines.append((line, blank_before))
        blank_before = False
        prev_text = stripped
    return builder.nodes


def _try_open(builder: _Builder, line: Line, prev_text: str) -> bool:
    text = line.text
    offset = line.start + (len(line.text) - len(line.text.lstrip()))
    text = text.strip()
    match = _PART.match(text)
    if match and _open_part(builder, match, line, offset):
        return True
    match = _ROMAN.match(text)
    if match:
        value = _roman_value(match.group("num"))
        rest = match.group("rest") or ""
        if (
            value
            # a section heading is upper case, or at least names a known section ("IV. Tổ
            # chức thực hiện.")
            and (upper_ratio(rest) >= 0.7 or (len(rest) < 60 and section_kind_of(rest) != "other"))
            and (
                value in (builder.last_roman + 1, builder.last_roman + 2) or not builder.last_roman
                # a section number printed twice ("IV. KINH PHÍ" then "IV. PHÂN CÔNG NHIỆM VỤ"):
                # a new section all the same, its path marked as a repeat ("IVbis")
                or (value == builder.last_roman and len(rest) > 3)
            )
        ):
            builder.last_roman = value
            rest_at = offset + match.start("rest") if match.group("rest") else line.end
            part = builder.stack[0] if builder.stack and builder.stack[0].kind == "part" else None
            kind = section_kind_of(rest)
            builder.open(
                "roman",
                _to_roman(value),
                value,
                match.group("num"),
                line,
                rest_at,
                part,
                None if part is not None and kind == "other" else kind,
            )
            return True
    match = _ARTICLE.match(text)
    if match and _open_article(builder, match, line, offset):
        return True
    match = _DECIMAL.match(text)
    if match:
        parts = [int(p) for p in match.group("num").split(".")]
        index = _find(builder.stack, "number")
        parent_index = None
        if index is not None and builder.stack[index].value == parts[0]:
            parent_index = index
        if parent_index is not None or not builder.stack or _roman_of(builder) is not None:
            parent = builder.stack[parent_index] if parent_index is not None else _roman_of(builder)
            label = str(parts[-1]) if parent_index is not None else match.group("num")
            builder.open(
                "decimal",
                label,
                parts[-1],
                match.group("num") + ".",
                line,
                offset + match.start("rest"),
                parent,
                _heading_kind(match.group("rest"), parent),
            )
            return True
    for kind, regex in (("number", _NUMBER), ("paren", _PAREN), ("letter", _LETTER)):
        match = regex.match(text)
        if match and _open_sequenced(builder, kind, match, line, offset):
            return True
    match = _BULLET.match(text)
    if match and builder.stack and _is_bullet(match.group("rest"), prev_text, builder):
        marker = match.group("num")
        index = _find(builder.stack, "bullet", marker)
        parent = builder.stack[index].parent if index is not None else builder.stack[-1]
        builder.open("bullet", "", 0, marker, line, offset + match.start("rest"), parent)
        return True
    return False


def _open_article(builder: _Builder, match: re.Match, line: Line, offset: int) -> bool:
    """ "Điều 1." articles (decisions): top level, numbered in sequence."""
    value = int(match.group("num"))
    last = max((n.value for n in builder.roots if n.kind == "article"), default=0)
    if value != last + 1:
        return False
    rest = match.group("rest") or ""
    rest_at = offset + match.start("rest") if match.group("rest") else line.end
    kind = section_kind_of(rest) if len(rest) < 80 else "other"
    if kind in ("situation", "purpose"):
        kind = "other"  # an article rules ("Điều 6. Đánh giá kết quả bồi dưỡng"), never narrates
    if re.search(r"\b(?:thi hanh|to chuc thuc hien)\b", fold_same_length(rest)):
        kind = "implementation"  # "... chịu trách nhiệm thi hành Quyết định này"
    builder.open(
        "article",
        f"Điều {value}",
        value,
        match.group(0)[: match.start("num")] + match.group("num") + ".",
        line,
        rest_at,
        None,
        kind,
    )
    return True


def _roman_of(builder: _Builder) -> _Node | None:
    index = _find(builder.stack, "roman")
    return builder.stack[index] if index is not None else None


def _open_part(builder: _Builder, match: re.Match, line: Line, offset: int) -> bool:
    """Parts "A.", "B." above the roman sections, in sequence and with upper-case headings."""
    value = ord(match.group("num")) - ord("A") + 1
    rest = match.group("rest")
    if value != builder.last_part + 1 or upper_ratio(rest) < 0.7:
        return False
    builder.last_part = value
    builder.last_roman = 0
    label = match.group("num")
    builder.open(
        "part", label, value, label, line, offset + match.start("rest"), None, section_kind_of(rest)
    )
    return True


def _heading_kind(rest: str, parent: _Node | None) -> str | None:
    """A sub-heading may change the kind ("8. Chế độ báo cáo" under TỔ CHỨC THỰC HIỆN); a
    top-level numbered heading outside roman sections names its own ("1. MỤC ĐÍCH")."""
    folded = fold_same_length(rest)
    if re.match(r"^(?:che do )?bao cao\b", folded) and len(rest) < 60:
        return "reporting"
    if parent is None and len(rest) < 60 and upper_ratio(rest) > 0.7:
        kind = section_kind_of(rest)
        return kind if kind != "other" else None
    return None


def _open_sequenced(builder: _Builder, kind: str, match: re.Match, line: Line, offset: int) -> bool:
    token = match.group("num")
    index = _find(builder.stack, kind)
    if kind == "letter":
        if token not in LETTERS:
            return False
        if token == "d" and index is not None and builder.stack[index].label == "d":
            token = "đ"  # a second "d)" is "đ)" with its stroke lost (OCR, stripped accents)
        value = LETTERS.index(token) + 1
    else:
        value = int(token)
    rest = match.group("rest")

    def open_item(parent) -> bool:
        builder.open(kind, token, value, _marker(kind, match.group("num")), line,
                     offset + match.start("rest"), parent, _heading_kind(rest, parent))
        return True

    if index is not None:
        previous = builder.stack[index].value
        gap = value - previous
        if 1 <= gap <= (2 if kind == "letter" else 1):
            return open_item(builder.stack[index].parent)
    if value == 1:
        parent = builder.top()
        if parent is None and kind != "number":
            return False
        return open_item(parent)
    if (
        index is None
        and kind == "number"
        and builder.stack
        and builder.stack[-1].kind == "roman"
        and not builder.stack[-1].children
    ):
        # a list that starts past 1 right under a section (a lost line in OCR)
        return open_item(builder.stack[-1])
    return False


def _marker(kind: str, token: str) -> str:
    return {"number": f"{token}.", "paren": f"({token})", "letter": f"{token})"}[kind]


def _is_bullet(rest: str, prev_text: str, builder: _Builder) -> bool:
    """A dash opens a bullet unless it sits inside a wrapped sentence."""
    first = rest[0]
    if first.isupper() or first.isdigit() or first in "\"“'(":
        return True
    return prev_text.endswith((".", ";", ":", "!", "?", "…")) or not prev_text


# --- a paragraph after a list of bullets -------------------------------------------------------


def _leaves_bullet(top: _Node, prev_text: str, text: str) -> bool:
    """An unmarked paragraph after a bullet ("- … báo cáo về Sở Khoa học và Công nghệ." then
    "Trong quá trình thực hiện nếu có khó khăn, …") is not the bullet's: bullets are one
    paragraph each; it speaks for the item the bullets belong to."""
    return (
        top.kind == "bullet"
        and top.parent is not None
        # a bullet printed as one paragraph line, not hard-wrapped at ~80 characters (where a
        # capital after a full stop is only the bullet's next sentence)
        and len(prev_text) > 110
        and prev_text.endswith((".", ";", "./."))
        and text[:1].isupper()
        and len(text) > 60
        and not is_closing(fold_same_length(text))  # "… trả lời để Công ty được biết./."
    )


def _open_paragraph(builder: _Builder, bullet: _Node, line: Line) -> _Node:
    """The paragraph joins the bullets' item as one more part of it; it is not put on the
    stack, so bullets after it stay the item's own."""
    parent = bullet.parent
    count = sum(1 for child in parent.children if child.kind == "paragraph") + 1
    path = f"{parent.path}.p{count}"
    node = _Node("paragraph", f"p{count}", count, "", path, parent, parent.section_kind,
                 lines=[(line, False)], rest_start=line.start)
    builder.paths.add(path)
    parent.children.append(node)
    builder.nodes.append(node)
    return node


# --- the closing paragraph ------------------------------------------------------------------

# a sentence ends at ". " or "; " before a capital letter
_SENTENCE_END = re.compile(r"(?<=[.;])\s+(?=[A-ZĐÀ-Ỹ])")


def _closing_requests(lines: list[Line], at: int, single_spaced: bool = True) -> list[_Node]:
    """"Trên đây là Kế hoạch … Đề nghị các cơ quan, đơn vị … triển khai thực hiện. Trong quá
    trình tổ chức thực hiện, nếu có khó khăn, vướng mắc, báo cáo về Sở … để tổng hợp." The
    sentences after the first can assign work: each becomes an item ("end.1", "end.2"), kept
    by the obligation stage only when it names who acts."""
    paragraph = [lines[at]]
    for line in lines[at + 1 :]:
        if not line.text.strip():
            if single_spaced or paragraph[-1].text.rstrip().endswith("./."):
                break  # a blank line ends it, unless the text puts one after every line
            continue
        if _SIGN.match(line.folded):
            break
        if line.folded.startswith(_END_MARKERS) or upper_ratio(line.text) > 0.8:
            break  # "Nơi nhận:", "TM. ỦY BAN NHÂN DÂN"
        paragraph.append(line)
    if not paragraph:
        return []
    origin = paragraph[0].start
    text = ""
    for line in paragraph:  # each line at its own offset: the gaps (blank lines) kept as breaks
        text += "\n" * max(1 if text else 0, line.start - origin - len(text)) + line.text
    bounds = [0] + [m.end() for m in _SENTENCE_END.finditer(text)] + [len(text)]
    nodes = []
    for start, end in zip(bounds[1:-1], bounds[2:], strict=True):
        sentence = text[start:end].rstrip()
        if len(sentence) < 20:
            continue
        label = f"end.{len(nodes) + 1}"
        line = Line(origin + start, origin + start + len(sentence), sentence)
        nodes.append(
            _Node("paragraph", label, len(nodes) + 1, "", label, None, "implementation",
                  lines=[(line, False)], rest_start=line.start)
        )
    return nodes


# --- paragraphs, for documents without numbered structure (a letter's body) --------------------


def _paragraph_items(lines: list[Line], kind: str | None) -> list[_Node]:
    """Each body paragraph becomes an item ("1", "2", ...); openings ("Thực hiện ...", "... như
    sau:"), address lists and attachment notes are not items."""
    paragraphs = _paragraphs(lines, _single_spaced(lines))
    nodes: list[_Node] = []
    # without sections, a paragraph assigns work whatever the kind (a telegram, a notice, a
    # letter without a type word); one that names no owner is dropped by the obligation stage
    section = "implementation"
    addressing: list[tuple[Line, bool]] = []  # a bare "Kính gửi:" line: the addressees follow
    for para in paragraphs:
        folded = fold_same_length(" ".join(ln.text for ln, _ in para)).strip()
        if addressing or folded.startswith("kinh gui"):
            whole = addressing + para
            addressing = whole if _bare_greeting(whole) and len(whole) == 1 else []
            para = _after_addressees(whole)  # the body may run on under "Kính gửi: …"
            if not para:
                continue
            folded = fold_same_length(" ".join(ln.text for ln, _ in para)).strip()
        first = para[0][0]
        if folded.startswith(_END_MARKERS) or _SIGN.match(folded):
            break
        if is_closing(folded):
            continue
        if _is_opening(folded) or first.text.startswith(("-", "+", "•")) or folded.startswith("("):
            continue
        if upper_ratio(first.text) > 0.8 or len(folded) < 20:
            continue
        label = str(len(nodes) + 1)
        node = _Node(
            "paragraph",
            label,
            len(nodes) + 1,
            "",
            label,
            None,
            section,
            lines=list(para),
            rest_start=first.start,
        )
        nodes.append(node)
    return nodes


def _after_addressees(para: list[tuple[Line, bool]]) -> list[tuple[Line, bool]]:
    """The lines of a paragraph after its "Kính gửi:" block (the addressee lines, a list of
    "- Bộ …;" lines, each closed by ';', ',' or '.'): where a long line opens the body. After
    a bare "Kính gửi:" the next line is the addressee however long it is."""
    first = 2 if _bare_greeting(para) else 1
    for index, (line, _) in enumerate(para[first:], first):
        text = line.text.strip()
        if text[:1] in "-+•" or len(text) < 60:
            continue
        previous = para[index - 1][0].text.rstrip()
        if previous.endswith((".", ";", ":", ",")) or index == first:
            return para[index:]
    return []


def _bare_greeting(para: list[tuple[Line, bool]]) -> bool:
    return re.fullmatch(r"kinh gui\s*:?", fold_same_length(para[0][0].text).strip()) is not None


# a letter's closing formula: "Văn phòng Chính phủ thông báo để các cơ quan biết, thực hiện./."
_CLOSING = re.compile(
    r"(?:thong bao|tra loi|xin thong bao|sao gui)\s+(?:de|den|cho)\s[^.]{0,120}\bbiet\b"
    r"|\bbiet,?\s*(?:thuc hien|phoi hop thuc hien|to chuc thuc hien)?\s*\./\.?\s*$"
)


def is_closing(folded: str) -> bool:
    return _CLOSING.search(folded) is not None and len(folded) < 300


def _is_opening(folded: str) -> bool:
    return (
        folded.startswith(("thuc hien", "can cu", "kinh gui", "v/v"))
        or folded.endswith(("nhu sau:", "nhu sau"))
        or re.search(r"\bco y kien\b", folded) is not None
    )


def _paragraphs(lines: list[Line], single_spaced: bool) -> list[list[tuple[Line, bool]]]:
    paragraphs: list[list[tuple[Line, bool]]] = []
    blank = True
    for line in lines:
        if not line.text.strip():
            blank = True
            continue
        prev = paragraphs[-1][-1][0].text.rstrip() if paragraphs else ""
        sentence_end = prev.endswith((".", ":")) or not prev
        dash = line.text.startswith(("-", "+", "•"))
        # blank lines mark paragraphs where they are used so; a capitalised line after a
        # sentence end does too (Word and PDF text often lose the blank lines)
        starts = (
            (blank and (single_spaced or sentence_end))
            or dash
            or (sentence_end and line.text[:1].isupper())
        )
        if starts or not paragraphs:
            paragraphs.append([(line, False)])
        else:
            paragraphs[-1].append((line, blank))
        blank = False
    return paragraphs


# --- nodes to Item records --------------------------------------------------------------------


def _to_items(nodes: list[_Node], text: str, single_spaced: bool) -> list[Item]:
    items = []
    for node in nodes:
        first_line = node.lines[0][0]
        start = (
            node.rest_start
            if node.kind == "paragraph"
            else first_line.start + (len(first_line.text) - len(first_line.text.lstrip()))
        )
        end = node.lines[-1][0].end
        heading, body = _heading_and_text(node, text, single_spaced)
        items.append(
            Item(
                path=node.path,
                marker=node.marker,
                kind=node.kind,
                heading=heading,
                text=body,
                span=Span(start, end),
                section_kind=node.section_kind,
                parent=node.parent.path if node.parent else None,
                children=[child.path for child in node.children],
            )
        )
    return items


def _heading_and_text(node: _Node, text: str, single_spaced: bool) -> tuple[str, str]:
    """Split an item's own lines into its heading and its text."""
    rest_first = text[node.rest_start : node.lines[0][0].end]
    own = [rest_first] + [ln.text for ln, _ in node.lines[1:]]
    if node.kind in ("roman", "part"):
        count = 1
        while count < len(own) and upper_ratio(own[count]) > 0.8 and len(own[count]) < 80:
            count += 1
        return join_wrapped("\n".join(own[:count])), join_wrapped("\n".join(own[count:]))
    breaks = [
        index
        for index in range(1, len(node.lines))
        if _paragraph_break(node.lines[index - 1][0].text, node.lines[index], single_spaced)
    ]
    cut = breaks[0] if breaks else len(own)
    first = join_wrapped("\n".join(own[:cut]))
    rest = join_wrapped("\n".join(own[cut:]))
    headed = (breaks or node.children) and _heading_like(first)
    if node.children and not breaks and not first.endswith("."):
        headed = True  # a lead-in over its sub-items ("2. ... chỉ đạo Ủy ban nhân dân tỉnh:")
    if node.kind in ("bullet", "paragraph") or not headed:
        return "", join_wrapped("\n".join(own))
    return first, rest


def _paragraph_break(prev: str, current: tuple[Line, bool], single_spaced: bool) -> bool:
    line, blank_before = current
    folded = line.folded
    prev = prev.rstrip()
    if prev.endswith((",", "-", "(")) or not line.text[:1].isupper():
        return False
    if single_spaced and blank_before:
        return True
    short_heading = len(prev) <= 40 and not prev.endswith((".", ";", ":"))
    return short_heading or folded.startswith(_PARAGRAPH_VERBS)


def _heading_like(text: str) -> bool:
    """A heading: short, one phrase (no sentence inside), not ending with a full stop."""
    return 0 < len(text) <= 300 and not re.search(r"[.;](?:\s|$)", text)
