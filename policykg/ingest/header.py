"""Header of one document: kind, number, date, title, issuer, province, signer, recipients, and
the documents it carries out (implements) or mentions (cites).

Matching runs on accent-folded text of the same length (scan.fold_same_length), so OCR text that
lost its diacritics ("KE HOACH", "S6 211-KH/TU", "ngay 25 thdang 4 nam 2024") is read like clean
text, while every value is sliced from the text as printed."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from policykg.ingest.model import DocRef, Span
from policykg.ingest.persons import name_at_end
from policykg.ingest.scan import (
    Line,
    blank_lines_are_breaks,
    fold_same_length,
    join_wrapped,
    lines_of,
    spaces_removed,
    upper_ratio,
)
from policykg.ingest.split import ISSUER_HEADS, MOTTOS, is_header_line, type_of_line
from policykg.kinds import BY_NAME, NUMBER_CODES, TYPE_WORDS, is_legal_basis

ProvinceOf = Callable[[str], "str | None"]

HEADER_LINES = 30  # a header block never runs longer than this many non-empty lines

# a code part may carry dots ("11554/VPCP-V.I")
_CODE = r"[a-z0-9&]+(?:\.[a-z0-9&]+)*"
_NUMBER_BODY = r"\d+(?:\s*/\s*\d{4})?\s*[-/]\s*" + _CODE + r"(?:\s*[-/]\s*" + _CODE + ")*"
_HEADER_NUMBER = re.compile(r"^s\S{0,2}\s*:?\s*(" + _NUMBER_BODY + ")")
_BARE_NUMBER_LABEL = re.compile(r"^s\S{0,2}\s*:$")  # "Số:" alone, the number below it
_NUMBER_LINE_START = re.compile(r"^s\S{0,2}\s*(?::?\s*\d|:$)")
# "Văn bản số 9151-CV/BTCTW" names a document without its type word: the number's code gives it
_GENERIC_REF_WORD = "van ban"
_REF = re.compile(
    r"(?<![a-z])(" + "|".join([*TYPE_WORDS, _GENERIC_REF_WORD]) + r")"
    r"(?:\s+(?:hanh dong|lien tich))?\s+(?:s\S{0,2}\s*:?\s*)?(" + _NUMBER_BODY + r")"
)
_REF_DATE = re.compile(
    r"^\s*,?\s*(?:ngay|ngay,)\s+(\d{1,2})\s*(?:/|-|\.|\s*th[^\s\d]{0,4}\s*)\s*(\d{1,2})"
    r"\s*(?:/|-|\.|\s*n[^\s\d]{0,2}m\s*)\s*(\d{4})"
)
# the date of a place-date line; source typos join the words to the numbers ("tháng12",
# "11năm"), so the month and year words take no digit and need no space around them
_DATE_TAIL = (
    r"ng\S{0,2}y\s+(?P<d>\d{1,2})\s*(?:/|-|\.|\s*th[^\s\d]{0,4}\s*)\s*(?P<m>\d{1,2})"
    r"\s*(?:/|-|\.|\s*n[^\s\d]{0,2}m\s*)\s*(?P<y>\d{4})"
)
_PLACE_DATE = re.compile(r"^(?P<place>[^,\d]{2,40}?)\s*,\s*" + _DATE_TAIL)
# "Hà Nội ngày 20 tháng 11 năm 2025" with no comma: only as a whole line
_PLACE_DATE_NO_COMMA = re.compile(r"^(?P<place>[^,\d]{2,40}?)\s+" + _DATE_TAIL + r"\s*\.?\s*$")
_ISSUER_OF = re.compile(
    r"^\s*,?\s*c[util]{1,2}a\s+(.{3,90}?)"
    r"(?=\s+(?:ve|thuc hien|trien khai|khoa)\s|\s*[,;().:]|\n\n|$)"
)
# the body sentence naming the issuer: "Ban Thường vụ Tỉnh ủy ban hành Kế hoạch ..."
ISSUING_VERB = re.compile(
    r"\s(?:ban hanh|xay dung|trien khai)\s+(?:" + "|".join(TYPE_WORDS) + r")\b"
)
_ISSUER_HEAD = re.compile(
    r"(?:ban thuong vu|ban chap hanh|ban can su dang|uy ban nhan dan|ubnd|chu tich|dang uy|tinh uy"
    r"|thanh uy|huyen uy|hoi dong nhan dan|thu tuong|chinh phu|bo chinh tri|ban bi thu"
    r"|ban tuyen giao|ban dan van|so|bo|van phong)\b"
)
_SIGN_BLOCK = re.compile(r"^(t/m|tm\.|kt\.|k/t|tl\.|tuq\.|q\.)\s*(.*)$")
_IMPLEMENTING = re.compile(
    r"(?:(?:de|pe)\s+)?(?:tiep tuc\s+)?"
    r"(?:thu\S{0,2} hi\S{0,2}n|quan triet|trien khai thuc hien|trien khai)\b"
)
# a title naming what the document carries out: "Thực hiện Chỉ thị …", "Kế hoạch triển khai
# Quyết định …" (not "Sửa đổi … của Nghị quyết …" or "Bãi bỏ Quyết định …")
_TITLE_IMPLEMENTS = re.compile(r"(?:thu\S{0,2} hi\S{0,2}n|trien khai|quan triet)\s*$")
# a legal basis that is a plan the decision carries out: "Căn cứ Quyết định số … phê duyệt Đề
# án …", "… ban hành Kế hoạch …", "… về việc thực hiện Chương trình …"; or the procedures a
# province's decision publishes for its own offices after the ministry published them ("…
# của Bộ trưởng … về việc công bố thủ tục hành chính …")
_BASIS_PLAN = re.compile(
    r"\b(?:phe duyet|ban hanh|thuc hien|trien khai|cap nhat)\s+(?:\S+\s+){0,2}?"
    r"(?:ke hoach|chuong trinh|de an|chien luoc|quy hoach|phuong an)\b"
    r"|\bcong bo (?:danh muc )?thu tuc hanh chinh\b"
)


@dataclass
class Header:
    kind: str | None = None
    number: str | None = None
    issued: date | None = None
    title: str | None = None
    issuer_phrase: str | None = None
    province: str | None = None
    signer: str | None = None
    signer_role: str | None = None
    recipients: list[str] = field(default_factory=list)
    implements: list[DocRef] = field(default_factory=list)
    cites: list[DocRef] = field(default_factory=list)
    body_start: int = 0  # where the header block and title end


def parse_header(
    text: str,
    span: Span,
    province_of: ProvinceOf | None = None,
    signature_lines: list[str] | None = None,
    body_end: int | None = None,
) -> Header:
    """Read the header fields of the document at `span` of `text`.

    body_end: where the numbered structure starts (the preamble is read between the title and
    there); province_of: the gazetteer's province look-up (None: provinces are left unknown)."""
    folded = fold_same_length(text)
    lines = lines_of(text, span.start, span.end)
    head, kind, title_lines, last_head = _head_block(lines, span)
    header = Header()
    header.kind = kind
    header.number = _number(text, folded, head)
    place_line, header.issued = _place_date(folded, head)
    header.title = join_wrapped("\n".join(ln.text for ln in title_lines)) or None
    header.body_start = last_head
    header.kind = _document_kind(kind, header.number, lines)
    preamble_end = body_end if body_end is not None else min(span.end, last_head + 8000)
    sign = _signature(lines)
    body_issuer = _body_issuer(text, folded, last_head, preamble_end)
    header_issuer = _issuer_from_blocks(head, sign)
    issuer = _choose_issuer(header_issuer, body_issuer, head)
    header.issuer_phrase = issuer or _closing_voice(lines, sign)
    header.signer, header.signer_role = sign.signer, sign.role
    header.recipients = _recipients(lines, head, sign.signer)
    refs = find_refs(text, folded, span.start, span.end)
    if header.number is None:
        _identity_from_attachment(text, folded, span, header)
    header.implements, header.cites = _classify_refs(
        text, folded, refs, title_lines, last_head, preamble_end, header
    )
    if province_of is not None:
        header.province = _province(
            text,
            head,
            place_line,
            signature_lines or [],
            span,
            province_of,
            central=_central(header.issuer_phrase),
        )
    return header


def body_start(text: str, span: Span) -> int:
    """Where the body of the document at `span` starts (after its header block and title): what
    parse_header's body_start will be, without reading the rest of the header."""
    return _head_block(lines_of(text, span.start, span.end), span)[3]


def _head_block(lines: list[Line], span: Span) -> tuple[list[Line], str | None, list[Line], int]:
    """The header lines, the kind their type heading names, the title lines, the body start."""
    head = _header_lines(lines)
    kind = _kind(head)
    title_lines = _title_lines(lines, head, kind)
    last_head = max([ln.end for ln in head] + [ln.end for ln in title_lines] + [span.start])
    return head, kind, title_lines, last_head


# central bodies whose names state no level: a ministry, its Cục and Vụ, the Government's Office,
# the State Audit, a State steering committee ("BỘ CÔNG THƯƠNG" signs in Hà Nội without being
# Hà Nội's)
_CENTRAL_BODY = re.compile(
    r"^(?:bo|cuc|tong cuc|vu|van phong chinh phu|kiem toan nha nuoc|thanh tra chinh phu"
    r"|ngan hang nha nuoc|ban chi dao (?:nha nuoc|trung uong|cua chinh phu)"
    r"|dai hoi dai bieu toan quoc)\b"
)


def _central(issuer: str | None) -> bool:
    """A central body's document mentions provinces without belonging to one."""
    from policykg.ingest.rdf import level_of_phrase
    from policykg.namespaces import PKG

    if not issuer:
        return False
    folded = " ".join(fold_same_length(issuer).split())
    if _CENTRAL_BODY.match(folded) and level_of_phrase(issuer) is None:
        return True
    return level_of_phrase(issuer) == PKG.CentralLevel


# --- header block -----------------------------------------------------------------------------


def _header_lines(lines: list[Line]) -> list[Line]:
    """Header lines at the top: issuer, motto, number, place-date, type line, "V/v" subject."""
    out: list[Line] = []
    seen = 0
    for index, line in enumerate(lines):
        if not line.text:
            continue
        seen += 1
        if seen > HEADER_LINES:
            break
        folded = line.folded
        if folded.startswith("v/v"):
            continue  # the subject may run long; the place-date line can follow it
        if folded.startswith(("kinh gui", "noi nhan")) or len(line.text) > 100:
            break
        if is_header_line(line) or _place_date_match(folded) or folded.startswith("doc lap"):
            out.append(line)
        elif _BARE_NUMBER_LABEL.match(folded):
            out.append(line)  # "Số:" with the number on the next line
        elif (out or _opens_header(lines, index)) and _issuer_continues(line):
            # an issuer line no head word announces ("KIỂM TOÁN NHÀ NƯỚC") or the continuation
            # of one ("TỈNH SÓC TRĂNG")
            out.append(line)
        if type_of_line(line):
            break
    return out


def _opens_header(lines: list[Line], index: int) -> bool:
    """An upper-case line at the top of a document with the motto or the number line just
    below: the first line of the issuer column."""
    following = [ln for ln in lines[index + 1 : index + 8] if ln.text][:5]
    return any(
        ln.folded.startswith(("doc lap", *MOTTOS)) or _NUMBER_LINE_START.match(ln.folded)
        for ln in following
    )


def _issuer_continues(line: Line) -> bool:
    """An upper-case line under the issuer, the motto's second line beside it or not
    ("PHƯỜNG HỒNG BÀNG      Độc lập - Tự do - Hạnh phúc")."""
    own = _cut_motto(line.text)
    return upper_ratio(own) > 0.8 and len(own) < 60 and not _starts_body(line)


def _starts_body(line: Line) -> bool:
    """A numbered section, a chapter ("Chương I") or an article ("Điều 1.") opens the body."""
    return bool(
        re.match(
            r"^(?:[ivxl1]+\s*[-.]|\d+\.)\s|^chuong\s+[ivxl\d]+\b|^dieu\s+\d+\s*[.:]", line.folded
        )
    )


def _kind(head: list[Line]) -> str | None:
    for line in head:
        kind = type_of_line(line)
        if kind:
            return kind
    return None


# where a number carries its type code: before the slash in a party number (28-CT/TW), after
# the slash (and the year) in a state one (1183/QĐ-TTg, 45/2025/NĐ-CP); a code anywhere else
# names the issuer or its unit ("CT" in 5333/CT-CS is Cục Thuế, in 17986/BTC-CT a unit)
_PARTY_NUMBER = re.compile(r"^\d+-([a-z]+)/")
_STATE_NUMBER = re.compile(r"^\d+(?:/\d{4})?/([a-z&]+)-")


def _kind_from_number(number: str | None) -> str | None:
    """The kind a number's type code names; a state number whose first code is no type code
    is a letter's "N/ISSUER-UNIT" (3452/UBND-VX, 11414/VPCP-CN)."""
    if not number:
        return None
    folded = fold_same_length(spaces_removed(number))
    party = _PARTY_NUMBER.match(folded)
    if party:
        return NUMBER_CODES.get(party.group(1))
    state = _STATE_NUMBER.match(folded)
    if state:
        return NUMBER_CODES.get(state.group(1), "OfficialLetter")
    return None


def _document_kind(heading: str | None, number: str | None, lines: list[Line]) -> str | None:
    """The type heading's kind, unless the number names a kind that prints the heading of
    another act (a consolidated text under "QUYẾT ĐỊNH"). Without a heading, a letter shows
    itself by its "V/v" subject or its "Kính gửi" opening, whatever codes its number carries
    (5333/CT-CS is a Cục Thuế letter, not a Chỉ thị); else the number's type code decides."""
    from_number = _kind_from_number(number)
    if from_number and BY_NAME[from_number].number_decides:
        return from_number
    if heading:
        return heading
    if _letter_opening(lines):
        return "OfficialLetter"
    return from_number


def _letter_opening(lines: list[Line]) -> bool:
    """A "V/v" subject line or a "Kính gửi" addressee before the body starts."""
    for line in [ln for ln in lines if ln.text][:HEADER_LINES]:
        folded = line.folded
        if folded.startswith(("v/v ", "v/v:", "kinh gui")):
            return True
        if len(line.text) > 100 or _starts_body(line):
            return False
    return False


def normalise_number(printed: str) -> str:
    """'109 -KH/TU' -> '109-KH/TU'; '3452 /UBND-VX' -> '3452/UBND-VX'."""
    return spaces_removed(printed).strip("-/.,;")


def _number(text: str, folded: str, head: list[Line]) -> str | None:
    """The "Số:" line's number; "Số:" may stand alone with the number on the next line, and a
    number may wrap after its "-" or "/" ("5333/CT-" / "CS")."""
    for line in head:
        if not _NUMBER_LINE_START.match(line.folded):
            continue
        end = text.find("\n", line.end + 1)
        window = folded[line.start : end if end > 0 else len(text)]
        match = _HEADER_NUMBER.match(window)
        if match:
            return normalise_number(text[line.start + match.start(1) : line.start + match.end(1)])
    return None


def _place_date(folded: str, head: list[Line]) -> tuple[Line | None, date | None]:
    for line in head:
        match = _place_date_match(folded[line.start : line.end])
        if match:
            return line, _date(match.group("y"), match.group("m"), match.group("d"))
        # a place-date fused with another header column ("PANG CONG SAN VIET NAM Kién Giang, ...")
        inner = re.search(r",\s*ngay\s+\d", folded[line.start : line.end])
        if inner:
            tail = folded[line.start : line.end]
            cut = tail.rfind(" ", 0, max(0, inner.start() - 12))
            match = _PLACE_DATE.match(tail[cut + 1 :])
            # "Số: 31/KH-UBND Hồng Bàng, ngày …": the place starts after the number
            after_number = max(tail.rfind(c, 0, inner.start()) for c in "0123456789:/")
            match = match or _PLACE_DATE.match(tail[after_number + 1 :].lstrip(" -"))
            if match:
                return line, _date(match.group("y"), match.group("m"), match.group("d"))
    return None, None


def _place_date_match(folded_line: str) -> re.Match | None:
    return _PLACE_DATE.match(folded_line) or _PLACE_DATE_NO_COMMA.match(folded_line)


def _date(year: str, month: str, day: str) -> date | None:
    try:
        return date(int(year), int(month), int(day))
    except ValueError:
        return None


def _title_lines(lines: list[Line], head: list[Line], kind: str | None) -> list[Line]:
    """The subject after the type line (or the letter's "V/v" lines) up to the body."""
    start = _subject_start(lines, head)
    if start is None:
        return []
    out: list[Line] = []
    blank_before = False
    spaced = _double_spaced(lines)
    for line in lines[start:]:
        if not line.text:
            blank_before = True
            if out and not spaced:
                break
            continue
        folded = line.folded
        if re.match(r"^[-_*=]{3,}$", line.text) or _starts_body(line) or _closing_title(folded):
            break
        if out and (blank_before or line.text[:1].isupper()) and _preamble_opener(folded):
            break
        if out and (line.text.endswith(":") or len(out) >= 8):
            break
        if out and _place_date_match(folded):
            break
        if not out and folded.startswith("cua ") and upper_ratio(line.text) > 0.8:
            continue  # "CHƯƠNG TRÌNH / CỦA BAN THƯỜNG VỤ TỈNH ỦY": part of the type heading
        out.append(line)
        blank_before = False
    return out


def _subject_start(lines: list[Line], head: list[Line]) -> int | None:
    for index, line in enumerate(lines):
        if line.folded.startswith("v/v"):
            return index
        if head and line.start >= head[-1].start and type_of_line(line):
            return index + 1
    return None


def _closing_title(folded: str) -> bool:
    return folded.startswith(("kinh gui", "noi nhan"))


def _double_spaced(lines: list[Line]) -> bool:
    """PDF text with a blank line after every line: blank lines are not paragraph breaks."""
    return not blank_lines_are_breaks(lines)


_OPENERS = (
    "thuc hien",
    "can cu",
    "quan triet",
    "de ",
    "pe ",
    "nham",
    "trien khai",
    "nhung nam",
    "sau ",
    "qua ",
    "tiep tuc",
    "ngay ",
    "theo ",
)


def _preamble_opener(folded: str) -> bool:
    return folded.startswith(_OPENERS)


# --- issuer, signature, recipients ------------------------------------------------------------


def _body_issuer(text: str, folded: str, start: int, end: int) -> str | None:
    """The subject of "... ban hành/xây dựng Kế hoạch": from the first capitalised issuing-body
    word after the last clause break before the verb."""
    for verb in ISSUING_VERB.finditer(folded, start, max(start, end)):
        window_start = max(start, verb.start() - 90)
        window = folded[window_start : verb.start()]
        breaks = [m.end() for m in re.finditer(r"[.;:,()]\s*(?=\S)", window)]
        cut = window_start + (breaks[-1] if breaks else 0)
        for head in _ISSUER_HEAD.finditer(folded, cut, verb.start()):
            if text[head.start()].isupper():
                phrase = join_wrapped(text[head.start() : verb.start()])
                if not re.search(r"\s(?:ve|viec|cua)$", fold_same_length(phrase)):
                    return phrase
                break
    return None


# the letter's own voice in its closing sentence: "Bộ Tài chính trân trọng cảm ơn …", "Cục Thuế
# thông báo để …", "… , Ban Chỉ đạo của Chính phủ đề nghị …"
_CLOSING_VOICE = re.compile(
    r"(?:^|[.,;]\s+)((?:bo|cuc|tong cuc|ban|uy ban|van phong|so|kiem toan|thanh tra)"
    r"\s[^.;:]{2,80}?)"
    r"\s+(?:tran trong|tran thanh|thong bao|de nghi|yeu cau|xin|tra loi|huong dan|kinh de nghi)\b"
)


def _closing_voice(lines: list[Line], sign: _Signature) -> str | None:
    """A letter printed without its header block names itself in its closing sentence, just
    above "Nơi nhận" (or the signature)."""
    stop = next(
        (i for i, ln in enumerate(lines) if ln.folded.startswith("noi nhan")),
        sign.start if sign.start is not None else len(lines),
    )
    closing = [ln for ln in lines[:stop] if ln.text][-2:]
    for line in reversed(closing):
        for match in _CLOSING_VOICE.finditer(line.folded):
            phrase = _slice_folded(line, match.start(1), match.end(1))
            if phrase[:1].isupper():
                return phrase
    return None


def _slice_folded(line: Line, start: int, end: int) -> str:
    """line.text at offsets of line.folded (whitespace collapsed): re-find by word count."""
    words = line.text.split()
    first = len(line.folded[:start].split())
    count = len(line.folded[start:end].split())
    return " ".join(words[first : first + count])


@dataclass
class _Signature:
    behalf: str | None = None  # "BAN THƯỜNG VỤ" of "T/M BAN THƯỜNG VỤ"
    role: str | None = None
    signer: str | None = None
    start: int | None = None  # index of the first signature-block line


def _signature(lines: list[Line]) -> _Signature:
    sign = _Signature()
    tail_from, tail_to = _signature_area(lines)
    for index in range(tail_from, tail_to):
        text = lines[index].text
        folded = lines[index].folded
        at = re.search(r"(?:^|\s)(t/m|tm\.|kt\.|k/t|tl\.|tuq\.)\s", folded + " ")
        if not at or upper_ratio(text[at.start() :]) < 0.6:
            continue
        if sign.start is None:
            sign.start = index
        block = _SIGN_BLOCK.match(folded[at.start() :].strip())
        rest = text[at.start() :].strip()
        value = rest[len(block.group(1)) :].strip() if block else rest
        if block and block.group(1) == "t/m" or (block and block.group(1) == "tm."):
            sign.behalf = value
    if sign.start is None:
        return _unmarked_signature(lines, tail_from, tail_to)
    roles = []
    for line in lines[sign.start + 1 :]:
        text = line.text.strip()
        if (
            text
            and upper_ratio(text) > 0.8
            and not _SIGN_BLOCK.match(line.folded)
            and len(text) < 60
        ):
            roles.append(text)
        elif text and roles:
            break
    sign.role = roles[-1] if roles else None
    sign.signer = _name_under(lines[sign.start : sign.start + 8]) or _signer_name(
        lines[sign.start : tail_to]
    )
    return sign


def _name_under(lines: list[Line]) -> str | None:
    """The signer's name on a line of its own right under the titles of the signature block."""
    for line in lines[1:]:
        text = line.text.strip().strip(".,;")
        name = name_at_end(text) if text else None
        if name and text.endswith(name) and len(text) - len(name) < 16:
            return name
    return None


def _signature_area(lines: list[Line]) -> tuple[int, int]:
    """Where the signature block can be: around the recipients' list ("Nơi nhận:"), which
    appendices and attached texts may follow at any length; else the last 80 lines."""
    for index, line in enumerate(lines):  # the first: forms in an appendix print their own
        if line.folded.startswith(("noi nhan", "noi nh:")):
            return max(0, index - 15), min(len(lines), index + 40)
    return max(0, len(lines) - 80), len(lines)


def _unmarked_signature(lines: list[Line], tail_from: int, tail_to: int) -> _Signature:
    """A head signing in person, with no TM./KT. line: "THỦ TƯỚNG / Phạm Minh Chính", "TRƯỞNG
    BAN / PHÓ THỦ TƯỚNG / Mai Văn Chính": the last person's name on a line of its own under
    upper-case title lines; the title nearest the name is the role."""
    for index in range(tail_to - 1, tail_from, -1):
        text = lines[index].text.strip().strip(".,;")
        if not text or name_at_end(text) != text:
            continue
        roles = []
        for line in reversed(lines[max(tail_from, index - 3) : index]):
            title = line.text.strip()
            if not title or upper_ratio(title) <= 0.8 or len(title) >= 60 or title.endswith(":"):
                break
            roles.append(title)
        if roles:
            return _Signature(role=roles[0], signer=text, start=index - len(roles))
    return _Signature()


def _signer_name(lines: list[Line]) -> str | None:
    """The last person name in the signature area: a whole line or the end of one (two-column
    layouts fused by OCR put it after a recipient)."""
    for line in reversed(lines):
        text = line.text.strip().strip(".,;")
        if not text:
            continue
        name = name_at_end(text)
        if name:
            return name
    return None


_LOCAL_BODY = re.compile(
    r"(huyen uy|thi uy|quan uy|dang uy|uy ban nhan dan (?:huyen|thi xa|quan|xa|phuong))$"
)


def _with_local_name(phrase: str, head: list[Line]) -> str:
    """A district or commune body named generically in the body ("Ban Thường vụ Huyện ủy")
    takes its place name from the header line ("HUYỆN ỦY CHÂU THÀNH"); provinces are a field
    of their own and are not appended."""
    body = _LOCAL_BODY.search(fold_same_length(phrase))
    if body is None:
        return phrase
    block = _issuer_from_blocks(head, _Signature())  # "ỦY BAN NHÂN DÂN / HUYỆN QUỲNH LƯU" joined
    for candidate in [line.text for line in head] + ([block] if block else []):
        candidate = " ".join(candidate.split())
        if fold_same_length(candidate).startswith(body.group(1) + " "):
            place = _cut_motto(candidate[len(body.group(1)) + 1 :])
            if place and not any(m in fold_same_length(place) for m in MOTTOS):
                return f"{phrase} {place.title() if place.isupper() else place}"
    return phrase


# folded openings of a body's name in the issuer column: a line opening with one starts a body
# (a lower one under the line above, "BỘ TÀI CHÍNH / CỤC THUẾ"); any other upper-case line goes on
# with the body above ("ỦY BAN NHÂN DÂN / TỈNH BẮC NINH", "BỘ TÀI / CHÍNH")
_BODY_OPENING = re.compile(
    r"^(?:bo|cuc|tong cuc|chi cuc|vu|so|ban|uy ban|ubnd|hoi dong|van phong|trung tam"
    r"|kiem toan|thanh tra|chinh phu|thu tuong|chu tich|tinh uy|thanh uy|huyen uy|dang uy"
    r"|dang bo|dang doan|quoc hoi|toa an|vien|ngan hang|cong an|thue|dai hoi|hoc vien"
    r"|truong|benh vien|doan|hoi|lien doan|mat tran)\b"
)
# a party committee or the Central Committee above a board: the board is its board
# ("BAN CHẤP HÀNH TRUNG ƯƠNG / BAN TỔ CHỨC" is the Ban Tổ chức Trung ương)
_PARTY_PARENT = re.compile(r"^(?:ban chap hanh\s+)?(trung uong|(?:tinh|thanh|huyen|dang) uy\b.*)$")


def _issuer_column(head: list[Line]) -> list[str]:
    """The bodies of the header's issuer column, highest first, each with its wrapped lines."""
    bodies: list[str] = []
    for line in head:
        folded = line.folded
        if any(folded.startswith(m) for m in MOTTOS) or type_of_line(line):
            break
        if _NUMBER_LINE_START.match(folded) or _place_date_match(folded):
            continue
        own = _cut_motto(line.text)
        if not own or upper_ratio(own) <= 0.8:
            continue
        if bodies and not _BODY_OPENING.match(fold_same_length(own)):
            bodies[-1] = f"{bodies[-1]} {own}"
        elif folded.startswith(ISSUER_HEADS) or _BODY_OPENING.match(folded) or not bodies:
            bodies.append(own)
    return [" ".join(body.split()) for body in bodies]


def _lowest_body(bodies: list[str]) -> str | None:
    """The issuing body: the lowest of the column, with its party parent where it is a board."""
    if not bodies:
        return None
    lowest = bodies[-1]
    if len(bodies) >= 2:
        parent = _PARTY_PARENT.match(fold_same_length(bodies[-2]))
        if parent and fold_same_length(lowest).startswith("ban "):
            context = bodies[-2][len(bodies[-2]) - len(parent.group(1)) :]
            return f"{lowest} {context}"
    return lowest


def _issuer_from_blocks(head: list[Line], sign: _Signature) -> str | None:
    header_issuer = _lowest_body(_issuer_column(head))
    if sign.behalf and header_issuer:
        behalf = fold_same_length(sign.behalf).strip()
        folded_header = fold_same_length(header_issuer)
        if folded_header.startswith(behalf):
            return header_issuer  # "TM. ỦY BAN NHÂN DÂN" over "ỦY BAN NHÂN DÂN TỈNH X"
        if behalf.startswith("ban thuong vu") and not folded_header.startswith("ban thuong vu"):
            return f"{sign.behalf} {header_issuer}"  # "T/M BAN THƯỜNG VỤ" of "TỈNH ỦY X"
        return sign.behalf  # another body signs for itself ("T/M BỘ CHÍNH TRỊ")
    return header_issuer or sign.behalf


def _choose_issuer(
    header_issuer: str | None, body_issuer: str | None, head: list[Line]
) -> str | None:
    """The header block names the issuer; the preamble's "X ban hành Kế hoạch" only makes it
    more precise (a "TỈNH ỦY" header and "Ban Thường vụ Tỉnh ủy ban hành"), or spells the same
    name in running case, never replaces it with a body it names in passing (a legal basis, a
    submission "của Ủy ban nhân dân")."""
    if not body_issuer:
        return header_issuer
    local = _with_local_name(body_issuer, head)
    if header_issuer and _folded_words(local) == _folded_words(header_issuer):
        return local
    return local if _refines(body_issuer, header_issuer) else header_issuer


def _folded_words(phrase: str) -> str:
    return " ".join(fold_same_length(phrase).split())


def _refines(body: str, header: str | None) -> bool:
    folded = fold_same_length(body)
    if re.search(r"\d", folded) or len(folded) > 70:
        return False
    if not header:
        return True
    core = re.sub(r"^(?:ban thuong vu|ban chap hanh|thuong truc)\s+", "", folded)
    folded_header = " ".join(fold_same_length(header).split())
    if folded_header.startswith(folded) and core == folded:
        return False  # "Ủy ban nhân dân ban hành" says less than "ỦY BAN NHÂN DÂN TỈNH X"
    opening = " ".join(folded_header.split()[:2])
    return any(x.startswith(opening) or folded_header.startswith(x) for x in (folded, core))


_MOTTO_SECOND_LINE = "doc lap - tu do"  # "PHƯỜNG HỒNG BÀNG   Độc lập - Tự do - Hạnh phúc"


def _cut_motto(text: str) -> str:
    """'TiNH UY KIEN GIANG PANG CONG SAN VIET NAM' -> 'TiNH UY KIEN GIANG' (two columns fused)."""
    folded = fold_same_length(text)
    for motto in (*MOTTOS, _MOTTO_SECOND_LINE):
        for variant in (motto, "p" + motto[1:]):
            at = folded.find(variant)
            if at > 0:
                return text[:at].strip()
    return text.strip()


def _recipients(lines: list[Line], head: list[Line], signer: str | None) -> list[str]:
    out: list[str] = []
    for index, line in enumerate(lines):
        folded = line.folded
        if folded.startswith("kinh gui") and ":" in line.text:
            inline = line.text.split(":", 1)[1].strip()  # "Kính gửi: Các sở, ngành tỉnh."
            out.extend(p.strip().rstrip(".") for p in inline.split(";") if p.strip())
        if folded.startswith(("noi nhan", "noi nh", "kinh gui")) and len(folded) < 60:
            out.extend(_recipient_list(lines[index + 1 :], signer))
    return out


def _recipient_list(lines: list[Line], signer: str | None) -> list[str]:
    items: list[str] = []
    for line in lines:
        text = line.text.strip()
        if not text:
            continue
        folded = line.folded
        if _SIGN_BLOCK.match(folded) or (upper_ratio(text) > 0.8 and not text.startswith("-")):
            break
        if len(text) > 120 or (items and items[-1].endswith(".") and not text.startswith("-")):
            break
        if text.startswith(("-", "+", "•")):
            items.append(text.lstrip("-+• ").strip())
        elif items and not text.endswith(":"):
            if text[0].isupper() and items[-1].endswith((",", ";")) and len(items[-1]) > 50:
                items.append(text)
            elif text[0].isupper() and items[-1].endswith(";"):
                break  # the list ended; running text follows
            else:
                items[-1] = f"{items[-1]} {text}"
        else:
            break
    cleaned = []
    for item in items:
        if signer and signer in item:
            item = re.sub(r",?\s*" + re.escape(signer), "", item)
        item = item.strip().rstrip(",;.").strip()
        folded = fold_same_length(item)
        if not item or folded.startswith(("luu", "nhu tren", "nhu dieu", "nhu khoan")):
            continue
        cleaned.append(item)
    return cleaned


# --- provinces --------------------------------------------------------------------------------

_PROVINCE_MENTION = re.compile(
    r"\b(?:tỉnh|thành phố|TỈNH|THÀNH PHỐ|tinh|thanh pho|TINH|THANH PHO)\s+"
    r"((?:[A-ZĐÀ-Ỹ][\wÀ-ỹ]*)(?:\s+[A-ZĐÀ-Ỹ][\wÀ-ỹ]*){0,2})"
)


def _province(
    text: str,
    head: list[Line],
    place_line: Line | None,
    signature_lines: list[str],
    span: Span,
    province_of: ProvinceOf,
    central: bool = False,
) -> str | None:
    if central:
        return None  # a central body: the place line names where it signed, not a province
    for line in head:
        if type_of_line(line):
            break
        folded = line.folded
        if folded.startswith(ISSUER_HEADS) or folded.startswith(("tinh ", "thanh pho ")):
            found = province_of(_cut_motto(line.text))
            if found:
                return found
    if place_line is not None:
        place = place_line.text.split(",")[0]
        found = province_of(_cut_motto(place)) or province_of(place_line.text)
        if found:
            return found
    for line in signature_lines:
        found = province_of(line)
        if found:
            return found
    votes: Counter[str] = Counter()
    for match in _PROVINCE_MENTION.finditer(text, span.start, span.end):
        found = province_of(match.group(0))
        if found:
            votes[found] += 1
    if votes:
        return sorted(votes.items(), key=lambda kv: (-kv[1], kv[0]))[0][0]
    # a district's plan whose header names only the district: the province its body names
    # ("… của Ban Thường vụ Tỉnh ủy Nghệ An")
    return province_of(text[span.start : span.end])


# --- referenced documents ---------------------------------------------------------------------


def find_refs(text: str, folded: str, start: int, end: int) -> list[DocRef]:
    """Every numbered document named in text[start:end], in order."""
    refs = []
    for match in _REF.finditer(folded, start, end):
        number = normalise_number(text[match.start(2) : match.end(2)])
        kind = TYPE_WORDS.get(match.group(1)) or _kind_from_number(number)
        after = folded[match.end() : min(end, match.end() + 220)]
        issued = None
        tail = after
        date_match = _REF_DATE.match(after)
        if date_match:
            issued = _date(date_match.group(3), date_match.group(2), date_match.group(1))
            tail = after[date_match.end() :]
        issuer = None
        issuer_match = _ISSUER_OF.match(tail)
        if issuer_match:
            offset = match.end() + (len(after) - len(tail)) + issuer_match.start(1)
            issuer = join_wrapped(text[offset : offset + len(issuer_match.group(1))])
        refs.append(DocRef(number, kind, issued, issuer, Span(match.start(), match.end())))
    return refs


def _classify_refs(
    text: str,
    folded: str,
    refs: list[DocRef],
    title_lines: list[Line],
    preamble_start: int,
    preamble_end: int,
    header: Header,
) -> tuple[list[DocRef], list[DocRef]]:
    """Parents: the first document in the title ("Thực hiện Chỉ thị ...") and, in the preamble,
    the first document of each ';'-separated clause of an implementing sentence. Every other
    numbered document mentioned is cited."""
    direct: list[DocRef] = []
    if title_lines and header.kind != "OfficialLetter":
        direct.extend(_title_parents(folded, refs, title_lines))
    for clause_start, clause_end in _implementing_clauses(
        text, folded, preamble_start, preamble_end
    ):
        direct.extend(_clause_parents(folded, refs, clause_start, clause_end))
    if header.kind == "Decision" and not direct:
        # a decision whose title or preamble says what it carries out has said it; otherwise its
        # legal bases may name the plan it implements
        direct.extend(_basis_parents(folded, refs, preamble_start, preamble_end))
    own = header.number
    implements: dict[str, DocRef] = {}
    for ref in direct:
        # laws, decrees and circulars are the legal basis a document cites, never its parent
        if ref.number and ref.number != own and not is_legal_basis(ref.kind):
            implements.setdefault(_key(ref.number), ref)
    cites: dict[str, DocRef] = {}
    for ref in refs:
        key = _key(ref.number)
        if ref.number and ref.number != own and key not in implements:
            cites.setdefault(key, ref)
    # a later mention may carry the date or issuer the first one left out
    for ref in refs:
        target = implements.get(_key(ref.number)) or cites.get(_key(ref.number))
        if target is not None:
            target.issued = target.issued or ref.issued
            target.issuer_phrase = target.issuer_phrase or ref.issuer_phrase
            if target.number.isupper() and not ref.number.isupper():
                target.number = ref.number  # "06/QĐ-TTg" rather than an upper-case title's
    return list(implements.values()), list(cites.values())


def _title_parents(folded: str, refs: list[DocRef], title_lines: list[Line]) -> list[DocRef]:
    """The document the title says this one carries out, and those joined to it by "và"."""
    t_start, t_end = title_lines[0].start, title_lines[-1].end
    in_title = [r for r in refs if t_start <= r.span.start < t_end]
    if not in_title or not _TITLE_IMPLEMENTS.search(folded[t_start : in_title[0].span.start]):
        return []
    return _joined_by_va(folded, in_title, t_start)


def _joined_by_va(folded: str, refs: list[DocRef], start: int) -> list[DocRef]:
    """refs[0] and each next document joined to a parent by "và" ("Chỉ thị số 28-CT/TW (...) và
    Hướng dẫn số 136-HD/BTGTW"); a document named inside a parent's description ("Kế hoạch số
    283/KH-UBND về thực hiện Nghị quyết số 71/NQ-CP và Chương trình số 10-CTr/TU") breaks the
    chain: what follows its "và" belongs to that description."""
    parents = [refs[0]]
    keys = {_key(refs[0].number)}
    for previous, ref in zip(refs, refs[1:], strict=False):
        joined = re.search(
            r"(?:^|[\s)])va\s*$", folded[max(start, ref.span.start - 8) : ref.span.start]
        )
        if _key(previous.number) in keys and (joined or _key(ref.number) in keys):
            parents.append(ref)  # a repeated parent ("(sau đây gọi là Chỉ thị số …)") keeps it
            keys.add(_key(ref.number))
    return parents


def _basis_parents(folded: str, refs: list[DocRef], start: int, end: int) -> list[DocRef]:
    """A decision's "Căn cứ" lines naming a plan it carries out: the first document of a
    ';'-separated basis whose description approves or issues a plan, programme or scheme."""
    parents = []
    for line in re.finditer(r"(?m)^[-+\s]*can cu\b[^\n]*", folded[start:end]):
        line_start, line_end = start + line.start(), start + line.end()
        bounds = [line_start] + [line_start + m.end() for m in re.finditer(";", line.group())]
        for s, e in zip(bounds, bounds[1:] + [line_end], strict=True):
            seg_refs = [r for r in refs if s <= r.span.start < e]
            if not seg_refs or is_legal_basis(seg_refs[0].kind):
                continue
            first = seg_refs[0]
            following = seg_refs[1].span.start if len(seg_refs) > 1 else e
            if _BASIS_PLAN.search(folded[first.span.end : following]):
                parents.append(first)
    return parents


def _identity_from_attachment(text: str, folded: str, span: Span, header: Header) -> None:
    """A document printed without its header block is still named by its own appendix
    (within its span: in a bundle, a later letter's appendix names that letter):
    "(Kèm theo Công văn số 174/CV-BCĐ ngày 02 tháng 12 năm 2025 của Ban Chỉ đạo)". The first
    such line naming a document of this kind gives the number, and the date and issuer the
    header left out."""
    for ref in find_refs(text, folded, span.start, span.end):
        before = folded[max(span.start, ref.span.start - 30) : ref.span.start]
        # the appendix heading's parenthesis, not a sentence forwarding another document
        if not re.search(r"\(\s*(?:ban hanh )?(?:kem theo|dinh kem)\s*$", before):
            continue
        if ref.kind != header.kind:
            continue
        header.number = ref.number
        header.issued = header.issued or ref.issued
        header.issuer_phrase = header.issuer_phrase or ref.issuer_phrase
        return


def _key(number: str | None) -> str:
    return fold_same_length(number or "")


def _implementing_clauses(text: str, folded: str, start: int, end: int) -> list[tuple[int, int]]:
    """Sentences of the preamble that open with an implementing verb, to their sentence end."""
    clauses = []
    for match in _IMPLEMENTING.finditer(folded, start, end):
        at = match.start()
        if not text[at].isupper():
            continue  # not a sentence opening
        stop = _sentence_end(text, at, end)
        clauses.append((at, stop))
    return clauses


def _sentence_end(text: str, start: int, limit: int) -> int:
    for match in re.finditer(r"[.:](?=\s+[A-ZĐÀ-Ỹ]|\s*$)|\n\n(?=[A-ZĐ])", text[start:limit]):
        return start + match.end()
    return limit


def _clause_parents(folded: str, refs: list[DocRef], start: int, end: int) -> list[DocRef]:
    parents = []
    segment_starts = [start] + [start + m.end() for m in re.finditer(";", folded[start:end])]
    bounds = list(zip(segment_starts, segment_starts[1:] + [end], strict=True))
    for index, (s, e) in enumerate(bounds):
        seg_refs = [r for r in refs if s <= r.span.start < e]
        if not seg_refs:
            continue
        first = seg_refs[0]
        lead = folded[s : first.span.start]
        if index == 0 or len(lead.strip()) <= 4:
            parents.extend(_joined_by_va(folded, seg_refs, s))
    return parents
