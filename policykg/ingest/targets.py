"""Numeric targets (chỉ tiêu) and their baselines.

"(2) Phấn đấu tỷ lệ … giảm còn dưới 6%" -> Target(indicator "tỷ lệ …", "<", 6, "%"). A baseline
is the same indicator with a figure in the situation section ("… giảm còn 9,8%"); indicators are
matched by TF-IDF containment and cosine over folded word unigrams and bigrams, above a threshold.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from decimal import Decimal, InvalidOperation

from policykg.ingest.agencies import fold_keep
from policykg.ingest.model import Span, Target


def _rx(pattern: str) -> re.Pattern:
    """A folded-text pattern whose spaces match any run of whitespace (hard-wrapped lines)."""
    return re.compile(pattern.replace(" ", r"\s+"))


# A Vietnamese number: "97,2" (decimal comma), "1.200" (thousands dot), "0,05".
_NUMBER = r"\d{1,3}(?:\.\d{3})+(?:,\d+)?|\d+(?:,\d+)?"
# Comparator phrases (folded), longest first; the value follows.
_COMPARATORS = (
    (r"giam (?:xuong )?con duoi", "<"),
    (r"giam xuong duoi", "<"),
    (r"xuong (?:con )?duoi", "<"),
    (r"con duoi", "<"),
    (r"giam (?:xuong )?con", "<="),
    (r"xuong con", "<="),
    (r"khong (?:vuot )?qua", "<="),
    (r"toi da", "<="),
    (r"dat (?:it nhat|toi thieu)", ">="),
    (r"it nhat", ">="),
    (r"toi thieu", ">="),
    (r"khong (?:duoi|thap hon)", ">="),
    (r"dat (?:tren|hon)", ">"),
    (r"dat tu", ">="),  # "đạt từ 90% trở lên"
    (r"tang (?:len )?(?:tren|hon)", ">"),
    (r"tren", ">"),
    (r"duoi", "<"),
    (r"tang len", ">="),
    (r"dat", ">="),
    (r"bang", "="),
    (r"la", "="),
    (r"con", "<="),
    ("≥", ">="),  # "Có ≥ 30% doanh nghiệp …"
    ("≤", "<="),
)
# a rate per thousand people or more: "40/100.000 trẻ đẻ sống", "105/100.000 dân"
_PER = r"/\s*(?:100\.000|10\.000|1\.000|100 000)"
_COMPARATOR_RE = _rx(
    r"(?<![a-z])(?P<cmp>" + "|".join(f"(?:{p})" for p, _ in _COMPARATORS) + r")(?:\s+|(?<=[≥≤])\s*)"
    r"(?P<num>" + _NUMBER + r")\s*(?P<unit>%|‰|phan tram|phan nghin|" + _PER + r")?"
)
# the population of a rate: the words after "/100.000" up to a clause break or a word that
# starts a time or place phrase
_POPULATION = _rx(
    r"\s*((?:(?!(?:vao|trong|den|nam|tai|tren|moi|hang|va)\b)[^\s,;.()]+\s*){1,4})"
)
# comparators strong enough to make a count a target anywhere ("tổ chức ít nhất 02 hội nghị"),
# not only in a targets section
_STRONG = {"it nhat", "toi thieu", "dat it nhat", "dat toi thieu", "khong qua", "toi da"}
# the counted noun ends at a clause break or a word that starts a time, place, purpose or
# relative phrase ("120 cán bộ làm công tác …": the noun is "cán bộ")
_COUNT_UNIT = _rx(
    r"\s+([^\s,;.()]+\s*(?:(?!(?:trong|vao|den|tai|cho|ve|moi|hang|nham|de|tu|voi|cua|thuoc|lam"
    r"|duoc|co|la|o|tren|tham gia)\b)[^\s,;.()]+\s*){0,3})"
)
# Head nouns of more than one syllable. A count's unit is its head noun, as an analyst would
# tabulate it ("20 mô hình sản xuất nông nghiệp …" counts "mô hình"); a head not listed here is
# one syllable ("02 vùng nuôi …", "03 buổi đối thoại", "1.700 ha").
_COUNT_HEADS = frozenset(
    " ".join(words.split())
    for words in (
        "mo hinh|doanh nghiep|san pham|trung tam|co so|can bo|cong chuc|vien chuc|dang vien|"
        "doan vien|hoi vien|hoc vien|hoc sinh|sinh vien|giao vien|giang vien|hoi nghi|hoi thao|"
        "toa dam|lop hoc|du an|cong trinh|hop tac xa|to hop tac|chuong trinh|de tai|nhiem vu|"
        "tin bai|phong su|bai viet|chuyen muc|an pham|sang kien|thuong hieu|nhan hieu|"
        "phong hoc|truong hoc|benh vien|tram y te|giuong benh|khu cong nghiep|cum cong nghiep|"
        "trang trai|ho gia dinh|lao dong|viec lam|chuyen gia|nha khoa hoc|tai khoan|can ho|"
        "diem den|ung dung|nen tang|co quan|don vi|to chuc|thu tuc|dich vu|he thong|"
        "co so du lieu|diem du lich|khu du lich|ty dong|trieu dong|nghin ty dong|ngan ty dong|"
        "trieu usd|ty usd|nghin tan|ngan tan|luot khach|luot nguoi|nong dan|gia dinh|loai hinh"
    ).split("|")
)
# physical measures: a figure in one of them after a verb of attainment is a target anywhere
# ("diện tích rừng ngập mặn … đạt 1.700 ha")
_MEASURES = {"ha", "km", "m2", "m3", "km2", "tan", "mw", "kw", "kwh", "lit", "ty dong",
             "trieu dong", "nghin ty dong", "ngan ty dong", "trieu usd", "ty usd", "nghin tan",
             "ngan tan"}
# one-syllable heads a bare figure may count in a targets section ("bồi dưỡng 3.000 lượt …")
_COUNT_WORDS = {"luot", "vung", "cum", "ha", "tan", "km", "nguoi", "ho", "lop", "buoi", "dot",
                "tuyen", "cho", "truong", "xa", "phuong", "thon", "ap", "diem", "khu"}
# a span of time or an age is a condition, never a count to reach ("còn ít nhất 01 nhiệm kỳ")
_TIME_HEADS = {"tuoi", "nam", "thang", "ngay", "gio", "phut", "tuan", "quy", "tiet", "ky",
               "nhiem ky", "hoc ky", "thang tuoi"}
# verbs whose object is measured by the figure that follows them ("cắt giảm 50% thời gian …",
# "bãi bỏ 100% điều kiện …"): the verb is part of the indicator
_ACTS = (
    r"cat giam(?:, don gian hoa)?|don gian hoa|bai bo|hoan thanh|so hoa|rut ngan|giai ngan"
)
# "Bảo đảm 100% đảng viên … được quán triệt": the figure opens the indicator. So does a figure
# opening a line, a bullet, a clause after ';' or a year ("Đến năm 2030, 100% các khu vực …").
_LEADING_PERCENT = _rx(
    r"(?:(?<![a-z])(?:bao dam|dam bao|phan dau|co)\s+"
    r"|(?<![a-z])(?P<act>" + _ACTS + r")\s+"
    r"|(?:^|\n)[^\S\n]*(?:[-+•–*][^\S\n]*|\(\d+\)\s*|[a-z]\)\s*)?"
    r"|;\s*"
    r"|(?<![a-z])(?:den|vao|toi|trong) (?:het )?nam \d{4}\s*[,:]\s*)"
    r"(?P<num>" + _NUMBER + r")\s*%\s+(?=[^\W\d_])"
)
# a second figure sharing the first one's verb: "cắt giảm 50% thời gian …, 50% chi phí …"
_NEXT_PERCENT = _rx(r"(?:,|(?<![a-z])va)\s+(?P<num>" + _NUMBER + r")\s*%\s+(?=[^\W\d_])")
_NEXT_COUNT = _rx(r",\s+(?P<num>" + _NUMBER + r")(?=\s+[^\W\d_])")
# a bare figure counting something, in a targets section ("Tổ chức đào tạo 3.000 lượt …")
_BARE_COUNT = _rx(r"(?<![\w.,/%-])(?P<num>" + _NUMBER + r")(?=\s+[^\W\d_])")
_NOT_BEFORE_COUNT = {"top", "nhom", "so", "thu", "khoang", "tu", "den", "hon", "gan", "muc"}
# a rank: "thuộc nhóm 4 nước dẫn đầu …", "top 3 tỉnh đứng đầu"
_RANK = _rx(
    r"(?<![a-z])(?:nhom|top)\s+(?P<num>\d{1,3})\s+(?P<noun>[a-z]+(?: [a-z]+)?)\s+"
    r"(?:dan dau|dung dau)(?![a-z])"
)
# an illustration ("Ví dụ: …", "+ Đồng chí Nguyễn Văn X …") states no aim of the plan
_EXAMPLE = _rx(r"(?<![a-z])vi du(?![a-z])|^[\s*_#+\-–•]*dong chi\s")
# a per-unit norm: "mỗi lớp tối thiểu 25 học viên", "Một cán bộ … không quá 03 chức danh"
_PER_UNIT = _rx(
    r"(?<![a-z])moi (?!(?:nam|thang|quy|tuan|ngay|ky|dot)\b)[^\s,;.]+(?: [^\s,;.]+)?\s*$"
)
_ONE = _rx(r"^mot (?!so\b)")
# where a clause (and so an indicator) starts: punctuation, "(2)", a bullet, or a blank line
# before a capital (a new paragraph; hard-wrapped lines continue in lower case)
_UPPER = "A-ZĐÂĂÊÔƠƯÁÀẢÃẠẤẦẨẪẬẮẰẲẴẶÉÈẺẼẸẾỀỂỄỆÍÌỈĨỊÓÒỎÕỌỐỒỔỖỘỚỜỞỠỢÚÙỦŨỤỨỪỬỮỰÝỲỶỸỴ"
_CLAUSE_BREAK = re.compile(rf"[;.:]\s|\(\d+\)|\n\s*[-–•]|\n[ \t]*\n\s*(?=[{_UPPER}])|^")
_LEAD_IN = re.compile(
    (
        r"^(?:\s|,|-|\+|–|•|và\b|phấn đấu\b|phần đầu\b|bảo đảm\b|đảm bảo\b|đến nay\b|hiện nay\b|"
        r"đồng thời\b|trong đó\b|có\b|"
        r"đến năm \d{4}\b|năm \d{4}\s*,|toàn tỉnh\b|toàn thành phố\b)+"
    ).replace(" ", r"\s+"),
    re.IGNORECASE,
)
_YEAR = _rx(r"(?<![a-z])(?:den|vao|toi|trong) (?:het )?nam (\d{4})")
_COMPARATOR_OF = [(re.compile(p + r"$"), c) for p, c in _COMPARATORS]


def parse_number(text: str) -> Decimal:
    """'97,2' -> 97.2; '1.200' -> 1200; '0,05' -> 0.05."""
    value = text.strip()
    if re.fullmatch(r"\d{1,3}(?:\.\d{3})+(?:,\d+)?", value):
        value = value.replace(".", "")
    try:
        return Decimal(value.replace(",", "."))
    except InvalidOperation as exc:
        raise ValueError(f"not a number: {text!r}") from exc


_UNITS = {"%": "%", "phan tram": "%", "‰": "‰", "phan nghin": "‰"}
# a value as a table cell prints it: "100%", "Tối thiểu 03", "≥ 95%", "Dưới 10‰"
_CELL = re.compile(rf"(?P<num>{_NUMBER})\s*(?P<unit>%|‰)?")


def cell_target(
    indicator: str, cell: str, offset: int, unit: str = "", year: int | None = None
) -> Target | None:
    """The goal a table row states in its value cell (at `offset` in the document): the
    comparator the cell's words give (a bare value is a floor, '>='), the unit its own sign or
    the unit column's."""
    m = _CELL.search(cell)
    if m is None:
        return None
    lead = " ".join(fold_keep(cell[: m.start()]).split())
    comparator = next((c for p, c in _COMPARATOR_OF if p.search(lead)), ">=")
    span = Span(offset + m.start(), offset + m.end())
    value = parse_number(m.group("num"))
    return Target(indicator, comparator, value, m.group("unit") or unit, span, year)
_BARE = {"duoi", "tren", "con", "la", "bang"}


def _head(phrase: str) -> str:
    """The head noun of a counted phrase: 'mô hình sản xuất nông nghiệp' -> 'mô hình'."""
    words = phrase.split()
    folded = [fold_keep(w) for w in words]
    for n in (4, 3, 2):
        if len(words) >= n and " ".join(folded[:n]) in _COUNT_HEADS:
            return " ".join(words[:n])
    return words[0] if words else ""


def _is_time(phrase: str) -> bool:
    words = fold_keep(phrase).split()
    return bool(words) and (words[0] in _TIME_HEADS or " ".join(words[:2]) in _TIME_HEADS)


def _counts_as_target(comparator: str, unit: str) -> bool:
    """'dưới 5 tuổi' is an age group, not a target; a count needs a verb of attainment."""
    return re.sub(r"\s+", " ", comparator) not in _BARE and not _is_time(unit)


def _phrase_end(text: str, pos: int) -> int:
    """Where a counted phrase ends: the next comma, clause break, bracket or line end."""
    return re.compile(r"[,;:()\n]|\.(?:\s|$)|$").search(text, pos).start()


_CEILING = re.compile(r"\s*[-–]\s*\d+(?=\s)")


def _unit(text: str, folded: str, m: re.Match, counts: bool) -> tuple[str | None, int]:
    """The unit of a compared figure and where the target ends: %, ‰, a rate per 100.000 with
    its population, a physical measure ('đạt 1.700 ha'), or (in a targets section, or after a
    strong comparator) the head noun of what is counted."""
    printed = m.group("unit")
    if printed and printed.startswith("/"):
        per = re.sub(r"\s+", "", printed)
        population = _POPULATION.match(folded, m.end("unit"))
        if population is None:
            return per, m.end()
        end = population.start(1) + len(population.group(1).rstrip())
        return f"{per} {text[population.start(1) : end]}", end
    if printed:
        return _UNITS.get(printed), m.end()
    # "ít nhất 2 - 3 công trình": a range's floor, counted in what follows its ceiling
    ceiling = _CEILING.match(folded, m.end("num"))
    counted = _COUNT_UNIT.match(folded, ceiling.end() if ceiling else m.end("num"))
    if counted is None:
        return None, m.end()
    phrase = text[counted.start(1) : counted.end(1)]
    head = _head(phrase)
    comparator = re.sub(r"\s+", " ", m.group("cmp"))
    if not (counts or comparator in _STRONG or fold_keep(head) in _MEASURES):
        return None, m.end()
    if not _counts_as_target(comparator, phrase):
        return None, m.end()
    if fold_keep(head) in _MEASURES:
        return head, counted.start(1) + len(head)
    return head, _phrase_end(text, counted.start(1))


def _is_rate(unit: str) -> bool:
    return unit in ("%", "‰") or unit.startswith("/")


def _measured_before(unit: str) -> bool:
    """A rate or a physical measure follows what it measures ('diện tích … đạt 1.700 ha'); a
    count precedes what it counts ('ít nhất 20 mô hình …')."""
    return _is_rate(unit) or fold_keep(unit) in _MEASURES


def _indicator_after(text: str, pos: int) -> str:
    stop = re.search(r"[;.:]\s|[;.:]$|\n|$", text[pos:]).start() + pos
    return re.sub(r"\s+", " ", text[pos:stop]).strip(" ,;:-")


def _comparator(phrase: str) -> str:
    phrase = re.sub(r"\s+", " ", phrase)
    for pattern, comparator in _COMPARATOR_OF:
        if pattern.fullmatch(phrase):
            return comparator
    return "="


def _clause_start(text: str, pos: int, floor: int) -> int:
    start = floor
    for m in _CLAUSE_BREAK.finditer(text, floor, pos):
        start = max(start, m.end())
    return start


def _indicator(text: str, start: int, end: int) -> str:
    phrase = text[start:end]
    phrase = _LEAD_IN.sub("", phrase)
    phrase = re.sub(r"\s+", " ", phrase).strip(" ,;:-")
    return phrase


def _counted_indicator(text: str, lead_start: int, num_start: int, num_end: int, end: int) -> str:
    """'Hình thành ít nhất 20 mô hình sản xuất …' -> 'Hình thành mô hình sản xuất …': a short
    lead (the verb) and the counted phrase."""
    lead = _indicator(text, lead_start, num_start)
    counted = re.sub(r"\s+", " ", text[num_end:end]).strip(" ,;:-")
    return f"{lead} {counted}".strip() if len(lead.split()) <= 5 else counted


# --- years ------------------------------------------------------------------------------------

_BARE_YEAR = _rx(r"(?<![a-z0-9])nam (\d{4})(?![0-9])")
_NOT_A_TARGET_YEAR = re.compile(r"(?:so\s+voi|tu|thang\s+\d{1,2}|ngay|truoc)\s+$")


def _bounds(folded: str, at: int, breaks: str) -> tuple[int, int]:
    """The clause (or sentence) around `at`: between the breaks ('; ', '. ') either side."""
    pattern = re.compile(rf"[{breaks}](?:\s|$)")
    lo = max((m.end() for m in pattern.finditer(folded, 0, at)), default=0)
    hi = pattern.search(folded, at)
    return lo, hi.start() if hi else len(folded)


def _year_of(folded: str, at: int) -> int | None:
    """The year a figure at `at` is aimed at: 'đến năm 2030' in its own clause (the nearest
    before it, else the first after: 'nhóm 4 nước … vào năm 2028; nhóm 3 nước … vào năm 2030'),
    then in its sentence; then a plain 'năm 2025' of its sentence ('giải ngân đạt 100% kế
    hoạch vốn năm 2025', 'Năm 2026, cắt giảm …'; never 'so với năm 2024' nor one in brackets);
    then 'đến năm …' anywhere in the text."""
    lo, hi = _bounds(folded, at, ";.")
    years = [(m.start(), int(m.group(1))) for m in _YEAR.finditer(folded, lo, hi)]
    before = [year for pos, year in years if pos < at]
    if before:
        return before[-1]
    if years:
        return years[0][1]
    lo, hi = _bounds(folded, at, ".")
    found = _YEAR.search(folded, lo, hi)
    if found:
        return int(found.group(1))
    for m in _BARE_YEAR.finditer(folded, lo, hi):
        bracketed = folded.count("(", lo, m.start()) > folded.count(")", lo, m.start())
        compared = _NOT_A_TARGET_YEAR.search(folded, max(0, m.start() - 14), m.start())
        if not bracketed and not compared:
            return int(m.group(1))
    found = _YEAR.search(folded)
    return int(found.group(1)) if found else None


_HORIZON = _rx(r"(?<![a-z])giai doan \d{4}\s*[-–]\s*(\d{4})(?![0-9])")


def horizon_year(text: str) -> int | None:
    """The year a heading sets for the targets under it: 'Mục tiêu cụ thể đến năm 2030',
    'Giai đoạn 2025-2027' (its end)."""
    folded = fold_keep(text)
    found = _YEAR.search(folded) or _HORIZON.search(folded)
    return int(found.group(1)) if found else None


# --- targets ----------------------------------------------------------------------------------


def _target(indicator, comparator, num, unit, span, folded) -> Target:
    if indicator.count(")") > indicator.count("("):
        indicator = indicator.rstrip(" )")  # the close of a bracket the figure stood in
    return Target(
        indicator=indicator,
        comparator=comparator,
        value=parse_number(num.group("num")),
        unit=unit,
        span=span,
        year=_year_of(folded, num.start("num")),
    )


def _leading(text: str, folded: str) -> list[Target]:
    """Figures that open their indicator: 'Bảo đảm 100% đảng viên …', '+ 100% dịch vụ công …',
    'Đến năm 2030, 100% các khu vực …', 'bãi bỏ 100% điều kiện …'."""
    out = []
    for m in _LEADING_PERCENT.finditer(folded):
        stop = _rate_phrase_end(text, folded, m.end())
        indicator = re.sub(r"\s+", " ", text[m.end() : stop]).strip(" ,;:")
        if m.group("act"):
            lead = _indicator(text, _clause_start(text, m.start(), 0), m.start("num"))
            indicator = f"{lead} {indicator}"
        if len(indicator) >= 4:
            out.append(_target(indicator, ">=", m, "%", Span(m.start("num"), stop), folded))
    return out


def _rate_phrase_end(text: str, folded: str, pos: int) -> int:
    """Where what a leading figure measures ends: the clause, a new bullet, or the next figure
    of a list ('… thời gian …, 50% chi phí …')."""
    stop = re.compile(r"[;.]\s|[;.]$|\n\s*[-+•–]|\n\s*\n|$").search(text, pos).start()
    following = _NEXT_PERCENT.search(folded, pos, stop)
    return following.start() if following else stop


def _squash(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip(" ,;:")


def _counted_head(text: str, folded: str, pos: int) -> tuple[str, str] | None:
    """(phrase, head noun) of what a figure ending at `pos` counts."""
    counted = _COUNT_UNIT.match(folded, pos)
    if counted is None:
        return None
    phrase = text[counted.start(1) : counted.end(1)]
    return phrase, _head(phrase)


def _next_figure(text: str, folded: str, target: Target) -> Target | None:
    """The figure continuing a list after `target`, sharing its verb and comparator: 'cắt giảm
    50% thời gian …, 50% chi phí …'; 'ít nhất 100 doanh nghiệp …, 50 doanh nghiệp …'."""
    if _is_rate(target.unit):
        m = _NEXT_PERCENT.match(folded, target.span.end)
        if m is None:
            return None
        stop = _rate_phrase_end(text, folded, m.end())
        span = Span(m.start(), stop)
        return _target(_squash(text[m.end() : stop]), target.comparator, m, "%", span, folded)
    m = _NEXT_COUNT.match(folded, target.span.end)
    counted = _counted_head(text, folded, m.end("num")) if m else None
    if counted is None or fold_keep(counted[1]) != fold_keep(target.unit):
        return None
    end = _phrase_end(text, m.end("num"))
    indicator = _squash(text[m.end("num") : end])
    return _target(indicator, target.comparator, m, target.unit, Span(m.start(), end), folded)


def _next_figures(text: str, folded: str, targets: list[Target]) -> list[Target]:
    out = []
    for target in targets:
        while (target := _next_figure(text, folded, target)) is not None:
            out.append(target)
    return out


def _bare_count(text: str, folded: str, m: re.Match) -> tuple[str, int] | None:
    """(head noun, end) when a bare figure counts a thing a plan aims at: not a year, a rank
    ('top 03 vùng'), a number ('Nghị quyết số 57'), a range or an estimate, nor a time."""
    before = folded[: m.start("num")].split()
    if before and before[-1] in _NOT_BEFORE_COUNT or re.fullmatch(r"(?:19|20)\d\d", m["num"]):
        return None
    counted = _counted_head(text, folded, m.end("num"))
    if counted is None or _is_time(counted[0]):
        return None
    head = fold_keep(counted[1])
    if head not in _COUNT_HEADS and head not in _COUNT_WORDS:
        return None
    return counted[1], _phrase_end(text, m.end("num"))


def _bare_counts(text: str, folded: str, taken: list[Target]) -> list[Target]:
    """In a targets section, a figure counting something the plan aims at, with no comparator:
    'Tổ chức đào tạo 3.000 lượt nhân lực', 'trong đó có 20 doanh nghiệp công nghệ cao'."""
    out: list[Target] = []
    compared = {c.start("num") for c in _COMPARATOR_RE.finditer(folded)}
    for m in _BARE_COUNT.finditer(folded):
        at = m.start("num")
        if at in compared or any(t.span.start <= at < t.span.end for t in taken + out):
            continue
        counted = _bare_count(text, folded, m)
        if counted is None:
            continue
        head, end = counted
        floor = max((t.span.end for t in taken + out if t.span.end <= at), default=0)
        indicator = _counted_indicator(text, _clause_start(text, at, floor), at, m.end(), end)
        out.append(_target(indicator, "=", m, head, Span(at, end), folded))
    return out


_RANK_END = _rx(r"[;.]\s|(?<![a-z])va\s|(?<![a-z])vao nam|$")


def _ranks(text: str, folded: str) -> list[Target]:
    """'Việt Nam thuộc nhóm 4 nước dẫn đầu ASEAN …': a rank, at most 4th among countries; the
    indicator is its phrase without the figure."""
    out = []
    for m in _RANK.finditer(folded):
        breaks = [x.end() for x in re.finditer(r",|(?<![a-z])va\s", folded[: m.start()])]
        lo = max([_clause_start(text, m.start(), 0), *breaks])
        hi = _RANK_END.search(folded, m.end()).start()
        indicator = _squash(text[lo : m.start("num")] + text[m.end("num") : hi])
        head = _head(text[m.start("noun") : m.end("noun")])
        out.append(_target(indicator, "<=", m, head, Span(lo, hi), folded))
    return out


def _norm(folded: str, start: int, figure: int) -> bool:
    """A per-unit norm, not an aim: 'mỗi lớp tối thiểu 25 học viên', 'Một cán bộ quy hoạch
    không quá 03 chức danh'."""
    lead = folded[start:figure]
    return bool(_PER_UNIT.search(lead) or _ONE.match(lead.lstrip(" -+•–*(),;:0123456789")))


def _compared(text: str, folded: str, counts: bool, leading: list[Target]) -> list[Target]:
    """Figures after a comparator: 'giảm còn dưới 6%', 'đạt trên 95%', 'ít nhất 03 buổi …'."""
    targets: list[Target] = []
    floor = 0
    for m in _COMPARATOR_RE.finditer(folded):
        unit, end = _unit(text, folded, m, counts)
        if unit is None:
            continue
        if not _is_rate(unit) and any(t.span.start <= m.start() < t.span.end for t in leading):
            continue  # "100% cơ quan sử dụng ít nhất 01 ứng dụng AI": the count defines a rate
        start = _clause_start(text, m.start(), floor)
        if _norm(folded, start, m.start()):
            continue
        if _measured_before(unit):
            indicator = _indicator(text, start, m.start())
            if len(indicator.split()) <= 2:
                # "Phấn đấu đạt 95% số xã …", "Rút ngắn ít nhất 30% thời gian …": what is
                # measured follows the figure
                after = _indicator_after(text, end)
                indicator = f"{indicator} {after}".strip() if after else indicator
        else:
            indicator = _counted_indicator(text, start, m.start(), m.end("num"), end)
        if len(indicator) < 4:
            continue
        comparator = _comparator(m.group("cmp"))
        targets.append(_target(indicator, comparator, m, unit, Span(start, end), folded))
        floor = end
    return targets


def parse_targets(text: str, counts: bool = False) -> list[Target]:
    """Numeric targets in `text` (spans relative to it). Percentages, rates and physical
    measures always; counts after a strong comparator ('ít nhất 03 buổi') always; with
    `counts` (a targets section), every count after a comparator and bare counts of things a
    plan aims at ('bồi dưỡng 3.000 lượt nhân lực')."""
    folded = fold_keep(text)
    leading = _leading(text, folded)
    targets = _compared(text, folded, counts, leading)
    targets += [
        t for t in leading if not any(s.span.start <= t.span.start < s.span.end for s in targets)
    ]
    targets += _ranks(text, folded)
    targets += _next_figures(text, folded, targets)
    if counts:
        targets += _bare_counts(text, folded, targets)
    example = _EXAMPLE.search(folded)
    if example is not None:
        targets = [t for t in targets if t.span.end <= example.start()]
    targets.sort(key=lambda t: t.span.start)
    return _complete_ellipsis(targets)


def _complete_ellipsis(targets: list[Target]) -> list[Target]:
    """'tỷ lệ … thể cân nặng theo tuổi giảm còn 9,8% và thể chiều cao theo tuổi giảm còn 19,6%':
    the second indicator repeats the first up to the word it restarts from."""
    for prev, cur in zip(targets, targets[1:], strict=False):
        words = cur.indicator.split()
        if not words or fold_keep(words[0]) in ("ty", "so", "tong"):
            continue
        prev_words = prev.indicator.split()
        folded_prev = [fold_keep(w) for w in prev_words]
        first = fold_keep(words[0])
        if first in folded_prev[1:]:
            cut = len(folded_prev) - 1 - folded_prev[::-1].index(first)
            cur.indicator = " ".join(prev_words[:cut] + words)
    return targets


# --- baselines -----------------------------------------------------------------------------

_STOP = {"va", "cua", "cac", "duoc", "co", "theo", "voi", "den", "nay", "nam", "toan", "tinh"}


def _terms(indicator: str) -> Counter:
    words = [w for w in re.findall(r"[a-z0-9]+", fold_keep(indicator)) if w not in _STOP]
    return Counter(words + [f"{a} {b}" for a, b in zip(words, words[1:], strict=False)])


def _cosine(a: Counter, b: Counter, idf: dict[str, float]) -> float:
    dot = sum(a[t] * b[t] * idf.get(t, 1.0) ** 2 for t in a if t in b)
    na = math.sqrt(sum((v * idf.get(t, 1.0)) ** 2 for t, v in a.items()))
    nb = math.sqrt(sum((v * idf.get(t, 1.0)) ** 2 for t, v in b.items()))
    return dot / (na * nb) if na and nb else 0.0


def _containment(a: Counter, b: Counter, idf: dict[str, float]) -> float:
    """How much of indicator `a` (idf-weighted) the figure `b` states."""
    total = sum(idf.get(t, 1.0) for t in a)
    return sum(idf.get(t, 1.0) for t in a if t in b) / total if total else 0.0


def _similarity(a: Counter, b: Counter, idf: dict[str, float]) -> float:
    # containment first: a situation sentence often says more than the target's indicator
    return 0.6 * _containment(a, b, idf) + 0.4 * _cosine(a, b, idf)


def attach_baselines(
    targets: list[Target], figures: list[tuple[Target, int | None]], threshold: float = 0.55
) -> None:
    """Give each target the figure (from the situation section) for the same indicator:
    the most similar one with the same unit, if its similarity reaches `threshold`."""
    docs = [_terms(t.indicator) for t in targets] + [_terms(f.indicator) for f, _ in figures]
    df: Counter = Counter(term for d in docs for term in d)
    idf = {t: math.log((1 + len(docs)) / (1 + n)) + 1 for t, n in df.items()}
    for target in targets:
        terms = _terms(target.indicator)
        scored = sorted(
            (
                (_similarity(terms, _terms(f.indicator), idf), i)
                for i, (f, _) in enumerate(figures)
                if f.unit == target.unit
            ),
            reverse=True,
        )
        if scored and scored[0][0] >= threshold:
            figure, year = figures[scored[0][1]]
            target.baseline_value, target.baseline_year = figure.value, year


_SITUATION_YEAR = _rx(r"(?<![a-z0-9])nam (\d{4})(?![0-9])")


def situation_figures(text: str) -> list[tuple[Target, int | None]]:
    """Figures stated in a situation passage, each with the year its own clause prints ("năm
    2023"); "Đến nay" gives no year (the document's date is not taken for one)."""
    out = []
    folded = fold_keep(text)
    for figure in parse_targets(text):
        # the year belongs to the figure's own clause: up to the next ';', '.' or ' và '
        stop = re.compile(r"[;.]\s|[;.]$|\s+va\s+").search(folded, figure.span.end)
        clause = folded[figure.span.start : stop.start() if stop else len(folded)]
        years = [
            int(m.group(1))
            for m in _SITUATION_YEAR.finditer(clause)
            if not re.search(r"thang\s+\d{1,2}\s+$", clause[: m.start()])  # a date, not a year
        ]
        figure.year = None
        out.append((figure, years[0] if years else _opening_year(text, figure.span.start)))
    return out


_OPENING_YEAR = re.compile(r"(?:^|[.\n])[\s*_#]*(?:trong\s+)?năm\s+(\d{4})\s*,", re.IGNORECASE)


def _opening_year(text: str, pos: int) -> int | None:
    """'Năm 2024, … đạt 96,8%; … còn 14,6%': a paragraph opening with a year dates each figure
    of it that prints none of its own."""
    paragraph = max(text.rfind("\n\n", 0, pos), 0)
    found = [int(m.group(1)) for m in _OPENING_YEAR.finditer(text, paragraph, pos)]
    return found[-1] if found else None
