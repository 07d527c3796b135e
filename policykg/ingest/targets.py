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
)
# a rate per thousand people or more: "40/100.000 trẻ đẻ sống", "105/100.000 dân"
_PER = r"/\s*(?:100\.000|10\.000|1\.000|100 000)"
_COMPARATOR_RE = _rx(
    r"(?<![a-z])(?P<cmp>" + "|".join(f"(?:{p})" for p, _ in _COMPARATORS) + r")\s+"
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
    r"\s+((?:(?!(?:trong|vao|den|tai|cho|ve|moi|hang|nham|de|tu|voi|cua|thuoc|lam|duoc|co"
    r"|la|o|tren|tham gia)\b)[^\s,;.()]+\s*){1,4})"
)
# "Bảo đảm 100% đảng viên … được quán triệt": the figure opens the indicator.
_LEADING_PERCENT = _rx(
    r"(?:(?<![a-z])(?:bao dam|dam bao|phan dau|phan dau|co)\s+|^\s*(?:\(\d+\)\s*)?)"
    r"(?P<num>" + _NUMBER + r")\s*%\s+"
)
# where a clause (and so an indicator) starts: punctuation, "(2)", a bullet, or a blank line
# before a capital (a new paragraph; hard-wrapped lines continue in lower case)
_UPPER = "A-ZĐÂĂÊÔƠƯÁÀẢÃẠẤẦẨẪẬẮẰẲẴẶÉÈẺẼẸẾỀỂỄỆÍÌỈĨỊÓÒỎÕỌỐỒỔỖỘỚỜỞỠỢÚÙỦŨỤỨỪỬỮỰÝỲỶỸỴ"
_CLAUSE_BREAK = re.compile(rf"[;.:]\s|\(\d+\)|\n\s*[-–•]|\n[ \t]*\n\s*(?=[{_UPPER}])|^")
_LEAD_IN = re.compile(
    (
        r"^(?:\s|,|-|và\b|phấn đấu\b|phần đầu\b|bảo đảm\b|đảm bảo\b|đến nay\b|hiện nay\b|"
        r"đến năm \d{4}\b|năm \d{4}\s*,|toàn tỉnh\b|toàn thành phố\b)+"
    ).replace(" ", r"\s+"),
    re.IGNORECASE,
)
_YEAR = _rx(r"(?<![a-z])(?:den|vao|toi|trong) nam (\d{4})")
_COUNT_NOUN = _rx(r"\s+([^\s,;.()]+(?:\s+[^\s,;.()]+){0,2})\s*(?=[,;.)]|$)")
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
_BARE = {"duoi", "tren", "con", "la", "bang"}


def _counts_as_target(comparator: str, unit: str) -> bool:
    """'dưới 5 tuổi' is an age group, not a target; a count needs a verb of attainment."""
    return re.sub(r"\s+", " ", comparator) not in _BARE and not fold_keep(unit).startswith(
        ("tuoi", "thang tuoi", "nam", "thang", "ngay")
    )


def _unit(text: str, folded: str, m: re.Match, counts: bool) -> tuple[str | None, int]:
    """The unit of a compared figure and where the target ends: %, ‰, a rate per 100.000 with
    its population, or (in a targets section, or after a strong comparator) a counted noun."""
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
    comparator = re.sub(r"\s+", " ", m.group("cmp"))
    if not counts and comparator not in _STRONG:
        return None, m.end()
    noun = _COUNT_NOUN.match(text, m.end("num")) if counts else None
    if noun is not None:
        return _count_unit(m, noun.group(1), noun.end(1))
    short = _COUNT_UNIT.match(folded, m.end("num"))
    if short is None:
        return None, m.end()
    end = short.start(1) + len(short.group(1).rstrip())
    return _count_unit(m, text[short.start(1) : end], end)


def _count_unit(m: re.Match, noun: str, end: int) -> tuple[str | None, int]:
    """'dưới 5 tuổi' is an age group, not a target."""
    if not _counts_as_target(m.group("cmp"), noun):
        return None, m.end()
    return noun.strip(), end


def _is_rate(unit: str) -> bool:
    return unit in ("%", "‰") or unit.startswith("/")


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


def parse_targets(text: str, counts: bool = False) -> list[Target]:
    """Numeric targets in `text` (spans relative to it). Percentages always; with `counts`,
    also "đạt 1.200 lượt" style counts closing a clause."""
    folded = fold_keep(text)
    targets: list[Target] = []
    floor = 0
    year = _YEAR.search(folded)
    for m in _COMPARATOR_RE.finditer(folded):
        unit, end = _unit(text, folded, m, counts)
        if unit is None:
            continue
        start = _clause_start(text, m.start(), floor)
        indicator = _indicator(text, start, m.start())
        if len(indicator.split()) <= 2:
            # "Phấn đấu đạt 95% số xã …", "Rút ngắn ít nhất 30% thời gian …": what is measured
            # follows the figure; "Tổ chức ít nhất 02 hội nghị": the counted noun
            after = _indicator_after(text, end) if _is_rate(unit) else unit
            indicator = f"{indicator} {after}".strip() if after else indicator
        if len(indicator) < 4:
            continue
        targets.append(
            Target(
                indicator=indicator,
                comparator=_comparator(m.group("cmp")),
                value=parse_number(m.group("num")),
                unit=unit,
                span=Span(start, end),
                year=int(year.group(1)) if year else None,
            )
        )
        floor = end
    for m in _LEADING_PERCENT.finditer(folded):
        if any(t.span.start <= m.start() < t.span.end for t in targets):
            continue
        stop = re.search(r"[;.]\s|[;.]$|$", text[m.end() :]).start() + m.end()
        indicator = re.sub(r"\s+", " ", text[m.end() : stop]).strip(" ,;:")
        if len(indicator) >= 4:
            targets.append(
                Target(
                    indicator,
                    ">=",
                    parse_number(m.group("num")),
                    "%",
                    Span(m.start(), stop),
                    year=int(year.group(1)) if year else None,
                )
            )
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
