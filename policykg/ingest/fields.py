"""Labelled parts of an item: "Cơ quan chủ trì: …", "Thời gian hoàn thành: …", "Sản phẩm: …".

Real plans often state an assignment as labelled fields (one per line, or inline after the task)
or as the columns of a task table. Both end up as `Item.fields` (role -> span of the value), and
the readers here turn a value into owners, coordinators, a deadline or a product. A value is a
bare cell ("Quý I/2026", "Sở Y tế; Sở Tài chính"), so these readers need no cue words.
"""

from __future__ import annotations

import re

from policykg.ingest.agencies import AgencyPhrase, agency_list_at, fold_keep
from policykg.ingest.model import Span

# folded label -> role. Longer labels first: "don vi phoi hop" before "phoi hop".
LABELS: tuple[tuple[str, str], ...] = (
    ("co quan chu tri thuc hien", "owner"),
    ("co quan chu tri", "owner"),
    ("don vi chu tri thuc hien", "owner"),
    ("don vi chu tri", "owner"),
    ("chu tri thuc hien", "owner"),
    ("chu tri", "owner"),
    ("co quan thuc hien", "owner"),
    ("don vi thuc hien", "owner"),
    ("trach nhiem thuc hien", "owner"),
    ("co quan, don vi chu tri", "owner"),
    ("co quan phoi hop thuc hien", "coordinator"),
    ("co quan phoi hop", "coordinator"),
    ("don vi phoi hop thuc hien", "coordinator"),
    ("don vi phoi hop", "coordinator"),
    ("co quan, don vi phoi hop", "coordinator"),
    ("phoi hop thuc hien", "coordinator"),
    ("phoi hop", "coordinator"),
    ("thoi gian thuc hien", "deadline"),
    ("thoi gian hoan thanh", "deadline"),
    ("thoi han hoan thanh", "deadline"),
    ("thoi han", "deadline"),
    ("tien do thuc hien", "deadline"),
    ("tien do", "deadline"),
    ("thoi gian", "deadline"),
    ("san pham dau ra", "product"),
    ("san pham", "product"),
    ("ket qua dau ra", "product"),
)
_LABEL = re.compile(
    r"(?<![a-z])(" + "|".join(re.escape(label) for label, _ in LABELS) + r")"
    r"\s*(?:\([^)]{0,40}\))?\s*:"  # "Thời gian (dự kiến):"
)
ROLE_OF = dict(LABELS)

# where the next agency of a list may start: the value's start, after a separator
_SEPARATOR = re.compile(r"[,;\n+•]\s*|(?<![a-z])va\s+|-\s+|\s{2,}")
# "Sở Y tế chủ trì, phối hợp với Sở Tài chính" inside one owner cell
_COORDINATION = re.compile(r"(?<![a-z])phoi hop(?:\s+voi)?(?![a-z])")
_THROUGHOUT = re.compile(r"(?<![a-z])(?:thuong xuyen|lien tuc|hang ngay)(?![a-z])")
_ONGOING = re.compile(r"(?<![a-z])cac nam tiep theo(?![a-z])")
# a period's second half: after a dash between a year or month and what ends the period
_RANGE = re.compile(
    r"(?<!\d)\d{4}\s*[-–]\s*(\d{4}\b.*)$"  # "2025-2030", "Năm 2025 - 2030"
    r"|thang\s+\d{1,2}\s*[-–]\s*((?:thang\s+)?\d{1,2}\s*/\s*\d{4}.*)$"  # "Tháng 11 - 12/2025"
    r"|qu[yi]\s+[ivx1-4]+(?:\s*/\s*\d{4})?\s*[-–]\s*(qu[yi]\s+.*)$"  # "Quý IV/2025 - Quý I/2026"
)
_BARE_MONTH = re.compile(r"^\s*(?:thang\s+)?(\d{1,2})\s*/\s*((?:19|20)\d{2})\s*\.?\s*$")
# "2027", "Năm 2027.", "2027. Thực hiện rà soát (nếu có)", "2027 và vận hành thường xuyên"
_BARE_YEAR = re.compile(r"^\s*(?:nam\s+)?((?:19|20)\d{2})\s*(?:[.,;]|va\s|$)")


def labelled_fields(text: str, folded: str, offset: int) -> dict[str, Span]:
    """The labelled fields in one item's text (`offset`: where `text` starts in the document).
    A value runs to the next label, the end of its line or a ';' ending a clause."""
    found: dict[str, Span] = {}
    matches = list(_LABEL.finditer(folded))
    for index, match in enumerate(matches):
        role = ROLE_OF[match.group(1)]
        if role in found or not _label_starts_clause(folded, match.start()):
            continue
        end = matches[index + 1].start() if index + 1 < len(matches) else len(text)
        newline = text.find("\n", match.end(), end)
        end = newline if newline != -1 else end
        start = match.end()
        value = text[start:end].rstrip(" ;.,\n")
        start += len(value) - len(value.lstrip())
        if value.strip():
            found[role] = Span(offset + start, offset + start + len(value.strip()))
    return found


def starts_with_label(folded: str) -> bool:
    """The text opens with a field label ("Cơ quan chủ trì: …")."""
    match = _LABEL.match(folded.lstrip(" *_"))
    return match is not None


def _label_starts_clause(folded: str, pos: int) -> bool:
    """A label opens a line, follows a clause end or a bullet; "… phối hợp: …" in mid-sentence
    is not a label."""
    before = folded[max(0, pos - 3) : pos].rstrip(" *_")
    return not before or before[-1] in "\n.;:-+•(" or pos == 0


def field_agencies(text: str, ocr: bool = False) -> tuple[list[AgencyPhrase], list[AgencyPhrase]]:
    """(leads, partners) named in an owner or coordinator value. In an owner cell, what follows
    "phối hợp (với)" is a partner, not a lead."""
    folded = fold_keep(text, ocr)
    split = _COORDINATION.search(folded)
    cut = split.start() if split else len(text)
    leads = _agencies_in(text, folded, 0, cut, ocr)
    partners = _agencies_in(text, folded, split.end(), len(text), ocr) if split else []
    return leads, partners


def _agencies_in(text: str, folded: str, start: int, end: int, ocr: bool) -> list[AgencyPhrase]:
    """Every agency list that begins at the value's start or after a separator, up to `end`."""
    found: list[AgencyPhrase] = []
    # the fold turns line breaks into spaces: a table cell's lines are read from the text
    breaks = [i + 1 for i in range(start, end) if text[i] == "\n"]
    starts = sorted({start, *breaks, *(m.end() for m in _SEPARATOR.finditer(folded, start, end))})
    reached = start
    for pos in starts:
        if pos < reached or pos >= end:
            continue
        if found and _WORDS_BETWEEN.search(folded, reached, pos):
            break  # "Sở Khoa học và Công nghệ tiến hành rà soát …, các sở": the list has ended
        while pos < end and folded[pos] in " *_(\"'":
            pos += 1
        agencies, stop = agency_list_at(text, pos, folded, ocr)
        agencies = [a for a in agencies if a.start < end]
        if agencies:
            found.extend(agencies)
            reached = stop
    return found


# a verb between two agencies: the sentence has gone on past the list of who acts
_WORDS_BETWEEN = re.compile(
    r"(?<![a-z])(?:tien hanh|thuc hien|xay dung|trien khai|ra soat|huong dan|bao cao|"
    r"tham muu|kiem tra|theo doi|cap nhat|tong hop|de xuat|chi dao|giao"
    # "tổ chức" the verb, not the noun of a list ("các tổ chức hành chính khác, …")
    r"|(?<!cac )(?<!va )(?<!, )to chuc(?! hanh chinh| chinh tri| xa hoi|, ca nhan))(?![a-z])"
)


def field_time(text: str) -> tuple[str | None, str | None, str | None]:
    """(deadline, recurrence, due_day) of a time value: "Quý I/2026", "Tháng 12/2025",
    "Trước ngày 30/11/2025", "Năm 2026", "2026", "Thường xuyên", "Hằng năm"."""
    from policykg.ingest.obligations import parse_deadline

    folded = fold_keep(text)
    if _ONGOING.search(folded):
        return None, None, None  # "năm 2025 và các năm tiếp theo": no end
    span = _RANGE.search(folded)
    if span:  # "2025-2030", "Tháng 11 - 12/2025", "Quý IV/2025 - Quý I/2026": due at its end
        end_part = next(i for i in (1, 2, 3) if span.group(i) is not None)
        text, folded = text[span.start(end_part) :], folded[span.start(end_part) :]
    year = _BARE_YEAR.match(folded)
    if year:
        return year.group(1), "CONT" if _THROUGHOUT.search(folded) else None, None
    month = _BARE_MONTH.match(folded)
    if month and 1 <= int(month.group(1)) <= 12:
        return f"{month.group(2)}-{int(month.group(1)):02d}", None, None
    deadline, recurrence, due_day = parse_deadline(text)
    if deadline is None:
        # a bare value carries no cue word: read it as "hoàn thành trong <value>"
        deadline, cued_recurrence, cued_day = parse_deadline("hoàn thành trong " + text)
        recurrence = recurrence or cued_recurrence
        due_day = due_day or cued_day
    if recurrence is None and _THROUGHOUT.search(folded):
        recurrence = "CONT"
    return deadline, recurrence, due_day
