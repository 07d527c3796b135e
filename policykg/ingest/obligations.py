"""Obligation semantics: who must do what, with whom, for whom, by when.

Every item of the task, assignment and reporting sections becomes an Obligation (a targets item
only when it states a numeric target). Precision over recall: a wrong owner is worse than none,
so owners come only from what the text states:
  * the subject of the item ("2. Đảng đoàn Hội đồng nhân dân tỉnh chỉ đạo …"), possibly after
    "Giao" (Assigned) or "Đề nghị" (Requested), or after an adverbial opener ("Căn cứ …, các
    sở …"); in "X giao Y chủ trì" / "X đề nghị Y" the duty is Y's (X assigns);
  * a heading that is nothing but agencies ("1. Sở Y tế" over a) … h));
  * inheritance from the enclosing item's owner when that owner heads the sub-items: the
    children of "1. Sở Y tế" or of "2. Ban cán sự đảng … chỉ đạo Ủy ban nhân dân tỉnh:". This
    is stated structure, so it is pkg:owner, not pkg:impliedOwner.
Items naming no owner keep none; pkg:impliedOwner is set only by named rules (IMPLIED_RULES).
Modality: "Đề nghị" -> Requested; otherwise an item with a stated owner is Assigned (the plan
assigns it, as "giao" / "chỉ đạo" / "yêu cầu" do); an ownerless task has none.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass, field, replace

from rdflib import Graph

from policykg.ingest.agencies import (
    AgencyPhrase,
    Resolver,
    agency_at,
    agency_list_at,
    fold_keep,
    is_central,
    locality_of,
    looks_ocr,
)
from policykg.ingest.fields import field_agencies, field_time, labelled_fields, starts_with_label
from policykg.ingest.model import AgencyRef, Document, Item, Obligation, Span, Target
from policykg.ingest.programmes import Programme, find_programmes, load_programmes
from policykg.ingest.reports import reports_to
from policykg.ingest.structure import is_closing
from policykg.ingest.targets import (
    attach_baselines,
    cell_target,
    horizon_year,
    parse_targets,
    situation_figures,
)


def _rx(pattern: str) -> re.Pattern:
    """A folded-text pattern whose spaces match any run of whitespace (hard-wrapped lines)."""
    return re.compile(pattern.replace(" ", r"\s+"))


OBLIGATION_SECTIONS = {"tasks", "implementation", "reporting"}

# Named rules for pkg:impliedOwner (the rule name is recorded with the agency).
RULE_GROUP_HEADING_ACTOR = "group-heading-actor"
RULE_ISSUER_OF_PARTY_PLAN = "issuer-of-party-plan"
IMPLIED_RULES = {
    RULE_GROUP_HEADING_ACTOR: (
        "A task group whose heading names its actors ('Tăng cường sự lãnh đạo, chỉ đạo của cấp "
        "ủy …', 'Phát huy vai trò của Mặt trận Tổ quốc …') implies those actors as owners of "
        "the group's items that name no owner."
    ),
    RULE_ISSUER_OF_PARTY_PLAN: (
        "A task of a party committee's plan or programme (issued by a Ban Thường vụ Tỉnh ủy …) "
        "that names no owner, and whose group heading names no actor, is addressed to the party "
        "committees under the issuer: the collective 'các cấp ủy' of the document's province."
    ),
}
_PARTY_ISSUER = re.compile(r"(?<![a-z])(?:tinh|thanh|huyen|thi|dang) uy(?![a-z])")
_PARTY_NUMBER = re.compile(r"^\d+-[a-z]+/(?:tu|hu|du|qu|tw)$")

# --- deadlines and recurrence ---------------------------------------------------------------

_D = r"(\d{1,2})"
_Y = r"(\d{4})"
_DATE_SEP = r"\s*(?:/|-|\.|\s+thang\s+)\s*"
_YEAR_SEP = r"\s*(?:/|-|\.|,?\s+nam\s+)\s*"
_CUE = r"(?:truoc|cham nhat(?: (?:la|vao|truoc))?|hoan thanh(?: truoc| trong)?|xong truoc|han chot)"
# "trước 17 giờ ngày 27/11/2025": an hour of the day before the date
_HOUR = r"(?:\d{1,2}\s*(?:gio|h)(?:\s*\d{1,2}(?:\s*phut)?)?,?\s+)?"
_FULL_DATE = _rx(rf"(?<![a-z]){_CUE}\s+{_HOUR}(?:ngay\s+)?{_D}{_DATE_SEP}{_D}{_YEAR_SEP}{_Y}")
_NOT_A_YEAR_AFTER = r"(?!\s*(?:/|-|\d|,?\s*nam\s+\d))"
_DAY_MONTH = _rx(
    rf"(?<![a-z])(?:truoc|cham nhat|vao)\s+ngay\s+{_D}{_DATE_SEP}{_D}{_NOT_A_YEAR_AFTER}"
)
_WITHIN = r"(?<![a-z])(trong|truoc|cham nhat(?: trong)?|hoan thanh(?: trong)?)"
_MONTH = _rx(rf"{_WITHIN}\s+thang\s+{_D}{_YEAR_SEP}{_Y}")
_QUARTER = _rx(rf"{_WITHIN}\s+qu[yi]\s+([ivx]+|[1-4])\s*{_YEAR_SEP}{_Y}")  # "Quí" too
_YEAR_ONLY = _rx(
    r"(?<![a-z])(trong|truoc|cham nhat(?: trong)?|hoan thanh(?: trong)?|xong trong)\s+nam\s+" + _Y
)
_TIME_QUARTER = _rx(
    r"(?<![a-z])thoi gian(?: thuc hien| hoan thanh)?\s*:\s*(?:trong\s+)?qu[yi]\s+([ivx]+|[1-4])"
    rf"\s*{_YEAR_SEP}{_Y}"
)
_TIME_FIELD = _rx(
    r"(?<![a-z])thoi gian(?: thuc hien| hoan thanh)?\s*:\s*(?:trong\s+)?"
    rf"(?:nam\s+{_Y}|thang\s+{_D}{_YEAR_SEP}{_Y})"
)

_RECURRENCE = (
    ("DAILY", _rx(r"(?<![a-z])(?:hang|moi) ngay(?![a-z])")),
    ("WEEKLY", _rx(r"(?<![a-z])(?:hang|moi|dinh ky hang) tuan(?![a-z])")),
    (
        "MONTHLY",
        _rx(r"(?<![a-z])(?:dinh ky (?:hang |moi )?thang|(?:hang|moi) thang)(?! \d)(?![a-z])"),
    ),
    ("QUARTERLY", _rx(r"(?<![a-z])(?:dinh ky (?:hang |moi |theo )?quy|(?:hang|moi) quy)(?![a-z])")),
    (
        "SEMIANNUAL",
        _rx(
            r"(?<![a-z])(?:dinh ky|hang|moi)\s+(?:0?6|sau) thang(?! dau| cuoi)(?![a-z])"
            r"|(?<![a-z])6 thang mot lan"
        ),
    ),
    (
        "ANNUAL",
        _rx(
            r"(?<![a-z])dinh ky (?:hang|moi) nam(?![a-z])"
            r"|(?:^|[.;:]\s*|-\s*|^\S{1,4}[.)]\s*)(?:hang|moi) nam\s*,"
            # "Hàng năm Ủy ban nhân dân các xã … lồng ghép …": the subject right after it
            r"|^(?:hang|moi) nam\s+(?=uy ban|ubnd|so |cac |ban |phong |trung tam )"
            r"|(?<![a-z])thang \d{1,2} (?:hang|moi) nam(?![a-z])"
            r"|(?<![a-z])(?:hang|moi) nam\s*\(?\s*(?:truoc|cham nhat|vao) ngay"
            r"|(?<![a-z])ngay \d{1,2}\s*(?:/|thang)\s*\d{1,2}\s*\)?,? (?:cua )?(?:hang|moi) nam"
            r"|(?<![a-z])bao cao[^.;]{0,80}(?<![a-z])(?:hang|moi) nam(?![a-z])"
            r"|:\s*(?:hang|moi) nam\s*(?:[.;]|$)"  # "Thời gian thực hiện: Hằng năm"
            r"|(?<![a-z])(?:hang|moi) nam (?:hoac dot xuat )?(?:gui )?bao cao(?![a-z])"
        ),
    ),
)


def _roman_quarter(token: str) -> int:
    return {"i": 1, "ii": 2, "iii": 3, "iv": 4}.get(token, int(token) if token.isdigit() else 0)


def _valid(year: int, month: int, day: int | None = None) -> bool:
    if not 1 <= month <= 12 or not 1900 <= year <= 2200:
        return False
    return day is None or 1 <= day <= calendar.monthrange(year, month)[1]


def _previous_month(year: int, month: int) -> tuple[int, int]:
    return (year - 1, 12) if month == 1 else (year, month - 1)


def parse_deadline(text: str) -> tuple[str | None, str | None, str | None]:
    """(deadline, recurrence, due_day) stated in a clause.

    deadline: ISO date / year-month / year of an explicit cue ("trước ngày 30/11/2024" ->
    2024-11-30, "trong tháng 11/2024" -> 2024-11, "trong năm 2025" -> 2025, "trong quý II/2025"
    -> 2025-06-30). A target horizon ("đến năm 2030", "giai đoạn 2021 - 2025") and a cited
    document's date ("Quyết định … ngày 14 tháng 10 năm 2024") are not deadlines: only cue words
    that bind the duty's own timing count. "trước tháng 11/2024" is read as the month before.
    recurrence: EU frequency code ("định kỳ hằng năm" -> ANNUAL, "định kỳ 6 tháng" ->
    SEMIANNUAL); "hằng năm" as a noun modifier ("kế hoạch … hằng năm") is not a recurrence.
    due_day: a day and month without a year ("trước ngày 10 tháng 12") -> "--12-10".
    """
    folded = fold_keep(text)
    candidates: list[tuple[int, str]] = []
    for m in _FULL_DATE.finditer(folded):
        day, month, year = int(m.group(1)), int(m.group(2)), int(m.group(3))
        if _valid(year, month, day):
            candidates.append((m.start(), f"{year:04d}-{month:02d}-{day:02d}"))
    for m in _MONTH.finditer(folded):
        month, year = int(m.group(2)), int(m.group(3))
        if m.group(1) == "truoc":
            year, month = _previous_month(year, month)
        if _valid(year, month):
            candidates.append((m.start(), f"{year:04d}-{month:02d}"))
    quarters = [(m, m.group(1), m.group(2), m.group(3)) for m in _QUARTER.finditer(folded)]
    quarters += [(m, "trong", m.group(1), m.group(2)) for m in _TIME_QUARTER.finditer(folded)]
    for m, cue, quarter_token, year_token in quarters:
        quarter, year = _roman_quarter(quarter_token), int(year_token)
        if cue == "truoc":
            quarter -= 1
            if quarter == 0:
                quarter, year = 4, year - 1
        if 1 <= quarter <= 4:
            month = quarter * 3
            candidates.append(
                (m.start(), f"{year:04d}-{month:02d}-{calendar.monthrange(year, month)[1]:02d}")
            )
    for m in _YEAR_ONLY.finditer(folded):
        year = int(m.group(2)) - (1 if m.group(1) == "truoc" else 0)
        candidates.append((m.start(), f"{year:04d}"))
    for m in _TIME_FIELD.finditer(folded):
        if m.group(1):
            candidates.append((m.start(), m.group(1)))
        elif _valid(int(m.group(3)), int(m.group(2))):
            candidates.append((m.start(), f"{int(m.group(3)):04d}-{int(m.group(2)):02d}"))
    deadline = min(candidates)[1] if candidates else None

    due_day = None
    for m in _DAY_MONTH.finditer(folded):
        day, month = int(m.group(1)), int(m.group(2))
        if _valid(2000, month, day):  # a leap year: "29/2" is a valid recurring day
            due_day = f"--{month:02d}-{day:02d}"
            break
    return deadline, parse_recurrence(folded), due_day


def parse_recurrence(text: str) -> str | None:
    """The most frequent recurrence a clause states (a duty "định kỳ 6 tháng, hằng năm" recurs
    at least every six months)."""
    folded = text if text == fold_keep(text) else fold_keep(text)
    for code, pattern in _RECURRENCE:
        if pattern.search(folded):
            return code
    if _ONGOING_DUTY.match(folded) or _STANDING.search(folded):
        return "CONT"  # "Thường xuyên rà soát, cập nhật …": a standing duty
    return None


# a duty the item opens by calling it standing ("Thường xuyên …", "- Thường xuyên …")
_ONGOING_DUTY = _rx(r"^[\s*_#]*(?:\S{1,4}[.)]\s*|[-+•]\s*)?thuong xuyen(?![a-z])")
# … or says its duty is ("có trách nhiệm thường xuyên phối hợp", "Thời gian: Thường xuyên"); a
# "thường xuyên" further in ("…; thường xuyên kiểm tra") qualifies one act, not the duty
_STANDING = _rx(
    r"(?:co|chiu) trach nhiem thuong xuyen(?![a-z])"
    r"|thoi gian(?: thuc hien)?\s*:\s*thuong xuyen(?![a-z])"
)


# --- clause cues ------------------------------------------------------------------------------

_MARKER = _rx(
    r"^[\s*#_]*(?:dieu\s+\d+\s*[.:]|\d+(?:\.\d+)+\.?|[ivxl1]+\s*[.\-–]|\d+(?:\.\d+)*\s*[.)]?|\(\d+\)|[a-z]\)|[-–•+])"
    r"[\s*_]*"
)
_PREFIX = _rx(r"(giao|de nghi|yeu cau)\s*:?\s+(?:cho\s+)?")  # "6. Đề nghị: Hiệp hội …"
_CLAUSE_VERB = _rx(
    r"(?<![a-z])(?:chu tri|phoi hop|chi dao|lanh dao|to chuc|tham muu|trien khai|xay dung|theo doi|"
    r"co trach nhiem|chiu trach nhiem|co ke hoach|tang cuong|day manh|huong dan|thuc hien|"
    r"bao cao|kiem tra|giam sat|"
    r"tuyen truyen|nghien cuu|ra soat|thuong xuyen|dinh ky|tap trung|chu dong|phat huy|quan triet|"
    r"pho bien|dinh huong|don doc|uu tien|bo tri|cu the hoa|tiep tuc|nang cao|theo chuc nang|"
    r"can cu|tren co so|trong pham vi|khan truong|phan cong|ban hanh|xem xet|trinh|de xuat|"
    r"tham gia|cung cap|van dong|"
    r"lam tot|bao dam|dam bao|quan tam|sam|tong hop|lam viec|quyet dinh|dieu hanh|gui|"
    r"chuan bi|thong bao|phan anh|kip thoi|day nhanh|khan cap|nghiem tuc|ho tro|giai quyet|"
    r"hoan thanh|hoan thien|huy dong|cap nhat|dieu chinh|chap hanh|quan ly|xu ly|danh gia|"
    r"thanh lap|kien toan|tiep thu|phat dong|cu|chi tra|lap|long ghep|niem yet|thu thap|"
    r"trieu tap|cong khai|cong bo|tham dinh|phe duyet|cap phep|khac phuc|van hanh|duy tri|"
    r"tuy thuoc|tuy theo)(?![a-z])"
)
_COORD = _rx(
    r"(?<![a-z])phoi hop(?: chat che| thuong xuyen| tot| chat che, thuong xuyen)?"
    r"(?:\s+(?:voi|cung))?\s+"
)
_REPORT_FIRST = _rx(
    r"^(?:(?:thuong xuyen|dinh ky|hang nam|kip thoi|dinh ky hang nam|tong hop|theo doi)\s*,?\s*)*"
    r"bao cao"
)
_ACTOR_HEADING = _rx(r"(?<![a-z])(?:vai tro|lanh dao,? chi dao|trach nhiem)\s+cua\s+")
_TRAILING = _rx(r"^[\s,;:.*_()-]*$")


@dataclass
class _Context:
    document: Document
    ocr: bool
    resolver: Resolver
    programmes: tuple[Programme, ...] | None = None
    governing: set[str] = field(default_factory=set)  # paths whose owners their sub-items share
    closing: list[AgencyRef] = field(default_factory=list)  # the closing paragraph's last actor
    addressee: list[AgencyPhrase] = field(default_factory=list)  # "Kính gửi: …" (a letter's)
    lead_ins: dict = field(default_factory=dict)  # parent path -> its lead-in (or None)
    terms: dict[str, str] = field(default_factory=dict)  # defined short name -> the body's name
    visited: list[AgencyPhrase] = field(default_factory=list)  # a visit's province (a notice's)


_PROGRAMMES: dict[int, tuple] = {}


def _programmes_of(gazetteer) -> tuple[Programme, ...] | None:
    """National programmes from the gazetteer's own reference graph (parsed once already);
    None lets programmes.py read graph/reference itself."""
    graph = getattr(gazetteer, "graph", None)
    if graph is None:
        return None
    key = id(graph)
    if key not in _PROGRAMMES:
        _PROGRAMMES[key] = (graph, load_programmes(graph))
    return _PROGRAMMES[key][1]


@dataclass
class _Subject:
    agencies: list[AgencyPhrase]  # offsets into the item's slice of the document text
    modality: str | None
    end: int  # slice offset where the subject (and its verb cue) ends
    in_heading: bool = False  # the subject is the item's heading (or opens it)


def _slice(doc: Document, item: Item) -> tuple[str, int]:
    return doc.text[item.span.start : item.span.end], item.span.start


def _body_start(folded: str) -> int:
    m = _MARKER.match(folded)
    return m.end() if m else len(folded) - len(folded.lstrip())


def _locate(folded: str, phrase: str, start: int, ocr: bool = False) -> int | None:
    """Where `phrase` (whitespace-insensitive, folded) begins in `folded`, from `start`."""
    words = re.findall(r"\S+", fold_keep(phrase, ocr))[:6]
    if not words:
        return None
    pattern = r"[\s*#_]+".join(re.escape(w) for w in words)
    m = re.compile(pattern).search(folded, start)
    return m.start() if m else None


def _verb_follows(folded: str, pos: int, window: int = 8) -> bool:
    """A clause verb within a few words after `pos`, before any clause punctuation."""
    rest = folded[pos : pos + 120]
    stop = re.search(r"[.;]", rest)
    rest = rest[: stop.start()] if stop else rest
    words = rest.split()[:window]
    return bool(_CLAUSE_VERB.search(" ".join(words)))


def _subject_at(text: str, folded: str, pos: int, ocr: bool, stop: int) -> _Subject | None:
    """The agencies an item opens with (its grammatical subject), if any."""
    while pos < len(folded) and folded[pos] in " *_#":
        pos += 1
    modality = None
    m = _PREFIX.match(folded, pos)
    if m:
        modality = "Requested" if m.group(1) == "de nghi" else "Assigned"
        pos = m.end()
    agencies, end = agency_list_at(text, pos, folded, ocr)
    if not agencies:
        return None
    delegated = _delegation(text, folded, end, ocr) if modality is None else None
    if delegated is not None:
        return delegated
    if modality is None and not (
        _TRAILING.match(folded[end:stop])
        or folded[end : end + 3].lstrip().startswith(":")
        or _verb_follows(folded, end)
        or _heads_its_lines(text, folded, end)
    ):
        return None  # agencies not followed by a verb: an object, a topic, not a subject
    return _Subject(agencies, modality or "Assigned", end)


# "13. Các sở, ngành có liên quan; Ủy ban nhân dân các xã, phường" on a line of its own, the
# duty on the lines below: the bodies head the item (a wrapped line goes on in lower case)
_LINE_END = re.compile(r"[ \t,;:.*_()-]*\n\s*")


def _heads_its_lines(text: str, folded: str, end: int) -> bool:
    m = _LINE_END.match(folded, end)
    return m is not None and text[m.end() : m.end() + 1].isupper()


def _delegation(text: str, folded: str, pos: int, ocr: bool) -> _Subject | None:
    """'Ủy ban nhân dân tỉnh giao Sở Y tế chủ trì …' / 'Ban Thường vụ đề nghị Ủy ban Mặt trận
    …': the agencies named after 'giao' / 'đề nghị' carry the duty (the first is the assigner)."""
    while pos < len(folded) and folded[pos] == " ":
        pos += 1
    m = _PREFIX.match(folded, pos)
    if not m:
        return None
    agencies, end = agency_list_at(text, m.end(), folded, ocr)
    if not agencies:
        return None
    return _Subject(agencies, "Requested" if m.group(1) == "de nghi" else "Assigned", end)


# "Về đề nghị Bộ Nội vụ …: Bộ Nội vụ nghiên cứu …": a notice answers a request; who acts is
# named after the colon, not in the request it quotes
_ANSWERED = _rx(r"ve (?:viec )?(?:de nghi|kien nghi|de xuat)(?![a-z])[^:]{0,600}?:\s+")


# "Trung tâm chính trị xã, phường, đặc khu (sau đây gọi tắt là Trung tâm)": a short name the
# document defines for a body, then uses as the subject of its duties
_DEFINED = re.compile(r"\(\s*sau day goi (?:tat |chung )?la ([^()]{2,40}?)\s*\)")
_BODY_HEAD = re.compile(
    r"(?<![a-z])(?:trung tam|ban|hoi dong|uy ban|so|phong|co quan|to|doan|vien|cuc|chi cuc"
    r"|van phong|hoi|nhom)\s"
)


def defined_bodies(body: str) -> dict[str, str]:
    """Short names the text defines for bodies: folded short name -> the body's name."""
    folded = fold_keep(body)
    terms: dict[str, str] = {}
    for m in _DEFINED.finditer(folded):
        window = max(0, m.start() - 100)
        heads = [
            h for h in _BODY_HEAD.finditer(folded, window, m.start()) if body[h.start()].isupper()
        ]
        term = " ".join(m.group(1).split())
        if not heads or len(term.split()) > 5:
            continue
        name = " ".join(body[heads[-1].start() : m.start()].split()).rstrip(" ,")
        # the short name is the body's head ("Trung tâm") or its level ("cấp xã"), never a place
        # or a thing the text also defines ("địa bàn", "giáo vụ")
        if fold_keep(name).startswith(term) or term.startswith("cap "):
            terms.setdefault(term, name)
    return terms


def _province_term(gazetteer, province: str | None) -> dict[str, str]:
    """A text about one province calls the province's government by its kind, capitalised:
    "Trường hợp còn thiếu, Tỉnh tổng hợp nhu cầu, báo cáo Bộ Tài chính", "Thành phố chủ động
    …" (the Government's conclusions after a working visit)."""
    info = getattr(gazetteer, "province", None)
    if not province or info is None:
        return {}
    place = info(province)
    kind = "thành phố" if place.city else "tỉnh"
    return {fold_keep(kind): f"Ủy ban nhân dân {kind} {place.name}"}


_PROVINCE_KINDS = ("tinh", "thanh pho")
# "THÔNG BÁO KẾT LUẬN CỦA PHÓ THỦ TƯỚNG … TẠI BUỔI LÀM VIỆC VỚI LÃNH ĐẠO TỈNH PHÚ THỌ"
_VISIT = _rx(
    r"lam viec voi (?:lanh dao |ban thuong vu )?(?:tinh uy,? |uy ban nhan dan )?"
    r"(tinh|thanh pho) [^\n]+"
)


def _visited(document: Document, province_terms: dict[str, str]) -> list[AgencyPhrase]:
    """The province a notice of a working visit's conclusions is addressed to (its title
    names it): its People's Committee owns the tasks the notice sets "in the time ahead"
    without naming who acts, as a letter's addressee owns its requests."""
    if document.kind != "Notice" or not province_terms:
        return []
    start = document.span.start
    head = document.text[start : start + 1500]
    m = _VISIT.search(fold_keep(head))
    term = province_terms.get(m.group(1)) if m else None
    if term is None:
        return []
    return [
        AgencyPhrase(
            head[m.start(1) : m.end()], start + m.start(1), start + m.end(), term, False, "exact"
        )
    ]


def _defined_subject(text: str, folded: str, terms: dict[str, str]) -> _Subject | None:
    """The body a defined short name stands for, as the subject of an item (at its start or
    after an opener's comma: "Căn cứ kế hoạch …, Trung tâm thông báo …")."""
    if not terms:
        return None
    start = _body_start(folded)
    stops = [start] + [m.end() for m in re.finditer(r"[,:]\s*", folded[start : start + 300])]
    for pos in (p if p == start else start + p for p in stops):
        for term, name in terms.items():
            end = pos + len(term)
            if folded.startswith(term, pos) and not folded[end : end + 1].isalnum():
                # "Tỉnh" is a body only as the subject of a verb ("Tỉnh ủy", "Tỉnh đã …" are not)
                verb = (
                    _CLAUSE_VERB.match(folded, end + 1)
                    if term in _PROVINCE_KINDS
                    else _verb_follows(folded, end, window=6)
                )
                if text[pos : pos + 1].isupper() and verb:
                    phrase = AgencyPhrase(text[pos:end], pos, end, name, False, "defined")
                    return _Subject([phrase], "Assigned", end)
    return None


def _find_subject(item: Item, text: str, folded: str, ocr: bool) -> _Subject | None:
    start = _body_start(folded)
    answered = _ANSWERED.match(folded, start)
    if answered is not None and text[answered.end() : answered.end() + 1].isupper():
        return _subject_at(text, folded, answered.end(), ocr, len(folded)) or _subject_after_opener(
            text, folded, answered.end(), ocr
        )
    text_start = _locate(folded, item.text, start, ocr) if item.heading and item.text else None
    heading_end = text_start if text_start is not None else len(folded)
    subject = _subject_at(text, folded, start, ocr, heading_end)
    if subject is not None and item.heading:
        subject.in_heading = subject.end <= heading_end
        if subject.in_heading and item.kind == "article":
            subject = None  # "Điều 18. Văn phòng Ban Chỉ đạo": an article's title, its topic
    if subject is None and item.children:
        subject = _heading_owner(text, folded, start, ocr) or _duty_heading(
            text, folded, start, ocr
        )
    if subject is None and text_start is not None:
        subject = _subject_at(text, folded, text_start, ocr, len(folded))
    if subject is None and not item.heading and item.kind in ("number", "decimal", "roman"):
        second = _line_after_heading(text, start)
        if second is not None:
            subject = _subject_at(text, folded, second, ocr, len(folded))
    if subject is None:
        subject = _subject_after_opener(text, folded, text_start or start, ocr)
        if subject is not None and _DONE.match(folded, subject.end):
            subject = None  # "Trên cơ sở …, Bộ Nội vụ đã xây dựng …": what was done, no duty
    if subject is None:
        subject = _responsible_list(text, folded, start, ocr)
    if subject is None:
        # "1. Khen thưởng cấp Nhà nước: Sở Nội vụ phối hợp …": a topic, then who acts
        topic = _TOPIC.match(folded, start)
        if topic is not None and text[topic.end() : topic.end() + 1].isupper():
            subject = _subject_at(text, folded, topic.end(), ocr, len(folded))
    if subject is None:
        # an unnumbered paragraph may ask in any of its sentences ("Đồng thời, … nên đề nghị
        # Công ty liên hệ …"); an item, in its first
        end = len(folded) if item.kind == "paragraph" else _clause_end(folded, start)
        subject = _request_in_sentence(text, folded, start, end, ocr)
    return subject


# a letter speaks of its addressee by role: "Đề nghị Công ty căn cứ …", "Quý đơn vị liên hệ …"
_BY_ROLE = _rx(
    r"(?:(giao|de nghi|yeu cau)\s+)?(?:quy\s+)?(?:cong ty|doanh nghiep|don vi|co so kinh doanh)"
    r"(?![a-z])(?!\s+(?:tnhh|co phan|[A-Z]))"
)


def _addressee_subject(folded: str, start: int) -> _Subject | None:
    """A subject naming the addressee by its role: the owner is who "Kính gửi" names (the
    agencies are filled in from the context: an empty list here)."""
    m = _BY_ROLE.match(folded, start)
    if m is None or not _verb_follows(folded, m.end(), window=4):
        return None
    return _Subject([], "Requested" if m.group(1) == "de nghi" else "Assigned", m.end())


def addressees(document: Document) -> list[AgencyPhrase]:
    """Who the "Kính gửi:" line names (offsets into the document's text)."""
    head = document.text[document.span.start : document.span.start + 3000]
    m = re.search(r"(?m)^\s*K[íi]nh g[ửu]i\s*:\s*", head)
    if m is None:
        return []
    start = document.span.start + m.end()
    # the addressee may wrap ("Công ty TNHH\nBao bì Kỹ thuật cao Riches."): up to its full stop,
    # an address in brackets, or a blank line
    stop = re.search(r"\.\s|\.$|\n\s*\(|\n\s*\n", document.text[start : start + 300])
    value = document.text[start : start + (stop.start() if stop else 300)]
    leads, _ = field_agencies(value)
    return [replace(a, start=a.start + start, end=a.end + start) for a in leads]


# "Trong quá trình thực hiện nếu có khó khăn, vướng mắc đề nghị các cơ quan, đơn vị phản ánh …"
_ASKS = _rx(r"(?<![a-z])(giao|de nghi|yeu cau)\s+(?:cho\s+)?")


def _request_in_sentence(
    text: str, folded: str, start: int, end: int, ocr: bool
) -> _Subject | None:
    """Bodies asked or assigned ("đề nghị X", "giao X", "yêu cầu X") between start and end,
    after a circumstance that opens the sentence; a letter's addressee named by its role
    ("đề nghị Công ty") is left for the caller to fill in (no agencies)."""
    for ask in _ASKS.finditer(folded, start, end):
        modality = "Requested" if ask.group(1) == "de nghi" else "Assigned"
        agencies, stop = agency_list_at(text, ask.end(), folded, ocr)
        if agencies:  # "đề nghị X …" asks X whatever verb follows ("phản ánh", "quan tâm")
            return _Subject(agencies, modality, stop)
        by_role = _BY_ROLE.match(folded, ask.end())
        if by_role is not None and not by_role.group(1):
            return _Subject([], modality, by_role.end())
    return None


# "Chánh Văn phòng …, Giám đốc Sở …, Chủ tịch Ủy ban nhân dân các xã … và Thủ trưởng các cơ
# quan … chịu trách nhiệm thi hành Quyết định này": a long list before a duty verb
_RESPONSIBLE = _rx(r"(?<![a-z])(?:chiu trach nhiem|co trach nhiem)(?![a-z])")


def _responsible_list(text: str, folded: str, start: int, ocr: bool) -> _Subject | None:
    """The bodies listed before "chịu trách nhiệm" / "có trách nhiệm" in the item's first
    sentence: every list element that names a body (or its head) is an owner."""
    verb = _RESPONSIBLE.search(folded, start)
    # a table's cells before the verb ("Số TT | Tên …", a cell per line) are no list of bodies
    if verb is None or re.search(r"\.\s|\||\n\s*\d+\s*\n", text[start : verb.start()]):
        return None
    region = text[start : verb.start()]
    leads = _not_authors(region, field_agencies(region, ocr)[0])
    if not leads:
        return None
    shifted = [replace(a, start=a.start + start, end=a.end + start) for a in leads]
    return _Subject(shifted, "Assigned", verb.start())


def _not_authors(text: str, leads: list[AgencyPhrase]) -> list[AgencyPhrase]:
    """The bodies of a list but those that author what a basis cites ("Căn cứ … Kết luận …
    của Bộ Chính trị, Ban Bí thư …; …, các cấp ủy … có trách nhiệm"): a body after "của", and
    the bodies joined on to it."""
    folded = fold_keep(text)
    kept = []
    for lead in leads:
        pos = lead.start
        while True:  # walk back over bodies joined on by ',' or 'và' to what opens the chain
            before = folded[max(0, pos - 40) : pos]
            author = re.search(r"(?<![a-z])cua\s+$", before)
            if author is not None:
                break
            joint = re.search(r"[,\s]+(?:va\s+)?$", before)
            prior = _body_ending_at(text, folded, pos - len(joint.group()) if joint else pos)
            if prior is None:
                break
            pos = prior
        if author is None:
            kept.append(lead)
    return kept


def _body_ending_at(text: str, folded: str, end: int) -> int | None:
    """Where a known body ending at `end` starts (a few words back), if one does."""
    for start in (
        m.start() for m in re.finditer(r"(?<![a-z])[a-z]", folded[max(0, end - 60) : end])
    ):
        at = max(0, end - 60) + start
        found = agency_at(text, at, folded, allow_unknown=False)
        if found is not None and found.end == end:
            return at
    return None


# "Điều 5. Nhiệm vụ, quyền hạn của Trưởng Ban Chỉ đạo", "3. Trách nhiệm của Sở Y tế": the body
# whose duties the items under the heading list
_DUTY_HEADING = _rx(
    r"(?:nhiem vu(?:,? quyen han)?|nhiem vu va quyen han|trach nhiem(?: thuc hien)?)"
    r"\s+(?:cua|doi voi)\s+"
)


def _duty_heading(text: str, folded: str, start: int, ocr: bool) -> _Subject | None:
    m = _DUTY_HEADING.match(folded, start)
    if m is None:
        return None
    line_end = folded.find("\n", start)
    line_end = len(folded) if line_end < 0 else line_end
    agencies, end = agency_list_at(text[:line_end], m.end(), folded[:line_end], ocr)
    if not agencies:
        agencies = _named_in_heading(text, m.end(), line_end)
        end = agencies[0].end if agencies else end
    if not agencies:
        return None
    return _Subject(agencies, "Assigned", end, in_heading=True)


def _named_in_heading(text: str, start: int, line_end: int) -> list[AgencyPhrase]:
    """'Trách nhiệm của đối tượng thực hiện kiểm kê:': whoever the heading names is who the items
    under it bind, a body the lexicon knows or not (up to a bracket, a colon or the line end)."""
    stop = re.search(r"\s*(?:\(|:|$)", text[start:line_end])
    end = start + (stop.start() if stop else line_end - start)
    name = text[start:end]
    if not 3 <= len(name) <= 80 or len(name.split()) > 10:
        return []
    collective = fold_keep(name).startswith("cac ")
    return [AgencyPhrase(name, start, end, None, collective, "unknown")]


_APPOSITION = re.compile(
    r"\s*(?:\s[-–]\s(?=(?:co quan|thuong truc|don vi|dau moi|thanh vien)(?![a-z]))|\(|:)"
)


def _heading_owner(text: str, folded: str, start: int, ocr: bool) -> _Subject | None:
    """A heading over sub-items that names a body, then perhaps its role: "1.2. Sở Tài chính -
    Cơ quan thường trực Ban Chỉ đạo", "2. Công an tỉnh (cơ quan thường trực)", "1.4. Ủy ban nhân
    dân các phường, xã, đặc khu". The body owns the sub-items: the rest of the line is an
    apposition or the tail of the name, not an action."""
    line_end = folded.find("\n", start)
    line_end = len(folded) if line_end < 0 else line_end
    apposition = _APPOSITION.search(folded, start, line_end)
    cut = apposition.start() if apposition else line_end
    agencies, end = agency_list_at(text[:cut], start, folded[:cut], ocr)
    if not agencies:
        return None
    rest = folded[end:cut]
    if len(rest) > 40 or _CLAUSE_VERB.search(folded, end, line_end):
        return None
    return _Subject(agencies, "Assigned", end, in_heading=True)


# Adverbial openers before a subject: "Căn cứ chức năng, nhiệm vụ được giao, các sở …",
# "Trên cơ sở Kế hoạch này, Sở Y tế …", "Hằng năm, Ủy ban nhân dân các huyện …".
_OPENER = _rx(
    r"(?:can cu|tren co so|theo chuc nang|trong pham vi|trong qua trinh|hang nam|dinh ky|"
    r"de thuc hien|nham|sau khi|doi voi|dong thoi|ngoai ra)(?![a-z])"
)


_TIMED_OPENER = _rx(r"(?:dinh ky )?(?:hang|moi) (?:nam|quy|thang)\s+")


def _subject_after_opener(text: str, folded: str, pos: int, ocr: bool) -> _Subject | None:
    """A subject after an adverbial opener: tried after each comma of the opener's first 25
    words (the opener itself may hold commas)."""
    while pos < len(folded) and folded[pos] in " *_#":
        pos += 1
    opener = _OPENER.match(folded, pos)
    if not opener:
        return None
    timed = _TIMED_OPENER.match(folded, pos)
    if timed is not None and text[timed.end() : timed.end() + 1].isupper():
        # "Hàng năm Ủy ban nhân dân các xã, phường lồng ghép …": no comma after a time opener
        subject = _subject_at(text, folded, timed.end(), ocr, len(folded))
        if subject is not None:
            return subject
    # an opener may cite documents at length ("Trên cơ sở Báo cáo số … và Kết luận … tại
    # Thông báo số … của Văn phòng Quốc hội, Bộ Xây dựng làm việc …")
    window_end = pos + len(" ".join(folded[pos:].split()[:60]))
    sentence_end = re.compile(r"[.;]").search(folded, pos)
    limit = min(window_end, sentence_end.start() if sentence_end else len(folded))
    # a clause may start without its comma: "… nếu có khó khăn, vướng mắc các cơ quan … phản ánh"
    for gap in re.finditer(r",|(?<![a-z])vuong mac(?![a-z])", folded[pos:limit]):
        subject = _subject_at(text, folded, pos + gap.end(), ocr, len(folded))
        if subject is not None:
            return subject
    return None


def _governs_children(item: Item, text: str, subject: _Subject) -> bool:
    """Whether an item's stated owner extends to its sub-items: the owner is its heading
    ("1. Sở Y tế" over a) … h)), or its text is nothing but the owner, or it introduces the
    sub-items with a colon ("2. Ban cán sự đảng … chỉ đạo Ủy ban nhân dân tỉnh:")."""
    if subject.in_heading:
        return True
    rest = text[subject.end :].strip(" \t\r\n*_")
    return not rest or rest.startswith(":") or text.rstrip(" \t\r\n*_").endswith(":")


def _line_after_heading(text: str, start: int) -> int | None:
    """A group heading the structure left inside the text ('1. Tăng cường …' then, on its own
    line, 'Các cấp uỷ đảng … tập trung …'): where the line after it starts, when the first line
    reads as a heading (several words, no closing punctuation) and the next opens with a
    capital. A hard-wrapped sentence continues in lower case, or with a name after 'của'/'với'."""
    newline = text.find("\n", start)
    if newline < 0:
        return None
    first = text[start:newline].strip(" *#_\t\r")
    nxt = newline + 1
    while nxt < len(text) and text[nxt] in " \t\r\n*#_":
        nxt += 1
    if len(first.split()) < 4 or first[-1:] in ",;:" or nxt >= len(text) or not text[nxt].isupper():
        return None
    if fold_keep(first.split()[-1]) in _DANGLING:
        return None
    return nxt


# Words a hard-wrapped line may end on before a name continues the sentence on the next line.
_DANGLING = {"cua", "voi", "cho", "va", "ve", "giao", "nghi", "muu", "dao"}


# a partner the gazetteer cannot name, before named ones: "phối hợp các lực lượng và UBND các
# xã", "phối hợp với các cơ quan Trung ương, Bộ Tài chính"
# (a bare "các cơ quan, đoàn thể …" is one collective's list, never a generic then a name)
_GENERIC_PARTNER = re.compile(
    r"cac\s+(?:luc luong|co quan|don vi|to chuc|doanh nghiep)"
    r"(?:(?:\s+[^\s,;.]+){1,3}?\s*,|(?:\s+[^\s,;.]+){0,3}?\s+va)\s+"
)


def _agencies_after(text: str, folded: str, pattern: re.Pattern, ocr: bool) -> list[AgencyPhrase]:
    found = []
    for m in pattern.finditer(folded):
        agencies, _ = agency_list_at(text, m.end(), folded, ocr, semicolons=False)
        generic = _GENERIC_PARTNER.match(folded, m.end()) if not agencies else None
        if generic is not None and not _CLAUSE_VERB.search(folded, m.end(), generic.end()):
            agencies, _ = agency_list_at(text, generic.end(), folded, ocr, semicolons=False)
        found.extend(agencies)
    return found


def _clause_end(folded: str, pos: int) -> int:
    """Where the clause running at `pos` ends: the next ';' or '. ' (else the end)."""
    ends = [i for i in (folded.find(";", pos), folded.find(". ", pos)) if i >= 0]
    return min(ends, default=len(folded))


def _is_reporting(item: Item, folded: str, subject: _Subject | None) -> bool:
    if item.section_kind == "reporting" or "bao cao" in fold_keep(item.heading):
        return True
    start = subject.end if subject else _body_start(folded)
    return bool(_REPORT_FIRST.match(folded[start:].lstrip(" ,:*_")))


def _under_reporting_heading(item: Item, by_path: dict[str, Item]) -> bool:
    """Sub-items of a "Chế độ báo cáo" heading are reporting duties wherever it stands."""
    path = item.parent
    while path is not None and path in by_path:
        if "che do bao cao" in fold_keep(by_path[path].heading):
            return True
        path = by_path[path].parent
    return False


def _dedupe(refs: list[AgencyRef], exclude: set = frozenset()) -> list[AgencyRef]:
    seen = set(exclude)
    out = []
    for ref in refs:
        if ref.iri not in seen:
            seen.add(ref.iri)
            out.append(ref)
    return out


# --- the whole document -----------------------------------------------------------------------


def extract_obligations(document: Document, gazetteer) -> list[Obligation]:
    """Obligations of one document, in document order, with owners, coordinators, recipients
    of reports, timing, modality, targets (with baselines) and national programmes."""
    body = document.text[document.span.start : document.span.end]
    # a central document names no province of its own ("Hà Nội, ngày …" is where it was
    # signed); one about a single province ("… làm việc với thành phố Đà Nẵng") speaks of that
    # province's bodies when it says "Ủy ban nhân dân Thành phố"
    central = is_central(document.issuer_phrase or "")
    about = document.title if central else body
    province = document.province or (_province_of(gazetteer, about) if about else None)
    resolver = Resolver(gazetteer, province, locality=locality_of(document.issuer_phrase, province))
    resolver.name_issuer(document.issuer_phrase)
    ctx = _Context(document, looks_ocr(body), resolver, _programmes_of(gazetteer))
    ctx.addressee = addressees(document) if document.kind == "OfficialLetter" else []
    province_terms = _province_term(gazetteer, province)  # "Tỉnh …" of a text about it
    ctx.visited = _visited(document, province_terms)
    ctx.terms = defined_bodies(body) | province_terms
    items = _with_own_paragraphs(_without_closing(document, ctx.ocr), document, ctx.ocr)
    by_path = {item.path: item for item in items}
    figures = _figures(document)
    out: dict[str, Obligation] = {}
    for item in items:
        obligation = _obligation(item, ctx, by_path, out)
        if obligation is None:
            continue
        if obligation.targets and figures:
            attach_baselines(obligation.targets, figures)
        out[item.path] = obligation
    _complete_from_rows(list(out.values()))
    _rows_due_as_referred(list(out.values()))
    return list(out.values())


# a paragraph break inside an item printed one paragraph per line: a long line closed by a
# full stop, then a capital (a hard-wrapped sentence never ends its lines so)
_PARAGRAPH_BREAK = re.compile(r"(?m)(?<=\S)(?:\.|\./\.)[ \t]*\n(?:[ \t]*\n)*[ \t]*(?=[^\W\d_])")


def _cut_at(item_text: str, text: str, at: int) -> int:
    """Where, in an item's whitespace-joined text, the slice's offset `at` falls: the first
    words from `at`, found as often as they occur before it ("Đề nghị Ủy ban Mặt trận … phát
    huy …. Ủy ban Mặt trận … phát huy vai trò …" cuts at the second)."""
    words = " ".join(text[at:].split()[:6])
    seen = " ".join(text[:at].split()).count(words)
    cut = -1
    for _ in range(seen + 1):
        cut = item_text.find(words, cut + 1)
        if cut < 0:
            return -1
    return cut


def _without_closing(document: Document, ocr: bool) -> list[Item]:
    """Items without the closing formula printed as their last paragraph ("8. Các Bộ … ." then
    "Văn phòng Chính phủ thông báo để … biết, thực hiện./."): the formula is no part of them."""
    out = []
    for item in document.items:
        text, offset = _slice(document, item)
        breaks = list(_PARAGRAPH_BREAK.finditer(text))
        last = breaks[-1].end() if breaks else 0
        if last and is_closing(fold_keep(text[last:], ocr)):
            cut = _cut_at(item.text, text, last)
            item = replace(
                item,
                text=item.text[:cut].rstrip() if cut > 0 else item.text,
                span=Span(item.span.start, offset + last),
            )
        out.append(item)
    return out


def _with_own_paragraphs(items: list[Item], document: Document, ocr: bool) -> list[Item]:
    """A numbered item whose later paragraph names a body of its own ("2. … chịu trách nhiệm
    thi hành." then "Căn cứ nội dung Kế hoạch này, các bộ … xây dựng kế hoạch …"): that
    paragraph, and the ones after it, are a part of the item of their own (path "N.p1"), so the
    body it names owns it alone; a paragraph that names no body goes on with the one before."""
    out: list[Item] = []
    for item in items:
        parts = _own_paragraph_starts(item, document, ocr) if item.kind in _PARAGRAPHED else []
        if not parts:
            out.append(item)
            continue
        text, offset = _slice(document, item)
        ends = parts[1:] + [len(text)]
        head_end = offset + parts[0]
        cut = _cut_at(item.text, text, parts[0])
        out.append(
            replace(
                item,
                text=item.text[:cut].rstrip() if cut > 0 else item.text,
                span=Span(item.span.start, head_end),
            )
        )
        for n, (start, end) in enumerate(zip(parts, ends, strict=True), 1):
            out.append(
                Item(
                    f"{item.path}.p{n}",
                    "",
                    "paragraph",
                    "",
                    " ".join(text[start:end].split()),
                    Span(offset + start, offset + end),
                    item.section_kind,
                    item.path,
                )
            )
    return out


_PARAGRAPHED = ("number", "decimal", "article", "paragraph", "paren", "letter", "bullet")


def _own_paragraph_starts(item: Item, document: Document, ocr: bool) -> list[int]:
    if item.fields:
        return []
    text, _ = _slice(document, item)
    starts = []
    for m in _PARAGRAPH_BREAK.finditer(text):
        line_start = text.rfind("\n", 0, m.start()) + 1
        line = text[line_start : m.start()]
        if (len(line) < 110 and len(line.split()) < 9) or len(text) - m.end() < 60:
            continue  # a heading's line, or too little after it to be a duty
        para_end = text.find("\n", m.end())
        para = text[m.end() : para_end if para_end > 0 else len(text)]
        if _named_subject(para, ocr):
            starts.append(m.end())
    return sorted(starts + _own_sentence_starts(text, ocr, item.parent is not None))


# a sentence ending inside a line: "… theo quy định. Bộ Khoa học và Công nghệ tổng hợp …"
_SENTENCE_BREAK = re.compile(r"(?<=\w\w|\w\)|\w”)\.[ \t]+(?=[^\W\d_])")
_ABBREVIATED = {"tp", "tx", "th", "ths", "ts", "gs", "pgs", "bs", "ks", "kt", "tl", "tm", "tt"}
_CITED_PART = re.compile(r"(?:dieu|khoan|muc|diem|so)\s+\w+$")
_JOINS_IN = _rx(r"^[\s,]*(?:cung |tham gia )?phoi hop(?![a-z])")


def _own_sentence_starts(text: str, ocr: bool, nested: bool = False) -> list[int]:
    """Sentences inside a paragraph whose subject is a body other than the one the item opens
    with ("3. Văn phòng … chuẩn bị tài liệu …. Các thành viên … có trách nhiệm góp ý …"): the
    other body's duty, a part of its own. A body that joins in ("X phối hợp") stays the item's
    coordinator. In an item that names no body of its own (its owner may be above) only a
    sentence that says its body's responsibility splits off ("… . Bộ Tài chính có trách
    nhiệm …"), or, under an item above, one that assigns or asks ("… . Giao Văn phòng Bộ tổng
    hợp …"); a top-level point that asks in a later sentence is the asked body's whole."""
    head = None
    starts = []
    body = _body_start(fold_keep(text, ocr))
    for m in _SENTENCE_BREAK.finditer(text):
        if m.start() < body or not text[m.end()].isupper() or len(text) - m.end() < 40:
            continue  # the item's own marker ("11. Đề nghị …") ends no sentence
        word = re.search(r"(\w+)\W?$", text[: m.start()])
        if word and fold_keep(word.group(1)) in _ABBREVIATED:
            continue
        if _CITED_PART.search(fold_keep(text[max(0, m.start() - 20) : m.start()])):
            continue  # "… tại khoản 2. Bộ …" cites, it does not end a sentence
        if head is None:
            opening = text[: m.start()]
            opening = opening[_body_start(fold_keep(opening, ocr)) :]
            head = _subject_names(_named_subject(opening, ocr))
        sentence = text[m.end() :].split("\n", 1)[0]
        subject = _named_subject(sentence, ocr)
        if subject is None or _JOINS_IN.match(fold_keep(sentence[subject.end :], ocr)):
            continue
        if head and _subject_names(subject) != head:
            starts.append(m.end())
        elif not head and (
            _RESPONSIBLE.match(fold_keep(sentence[subject.end :], ocr).lstrip())
            or (nested and _ASKS.search(fold_keep(sentence[: subject.agencies[0].start], ocr)))
        ):
            starts.append(m.end())
    return starts


def _joining(text: str, ocr: bool) -> list[AgencyPhrase]:
    """Bodies a later sentence names as joining in ("Sở Y tế chủ trì …. Ủy ban nhân dân các xã
    phối hợp thực hiện"): the item's coordinators, at their offsets in the item's text."""
    found = []
    for m in _SENTENCE_BREAK.finditer(text):
        sentence = text[m.end() :].split("\n", 1)[0]
        subject = _named_subject(sentence, ocr)
        if subject is not None and _JOINS_IN.match(fold_keep(sentence[subject.end :], ocr)):
            found += [
                replace(a, start=a.start + m.end(), end=a.end + m.end()) for a in subject.agencies
            ]
    return found


def _subject_names(subject: _Subject | None) -> set[str]:
    if subject is None:
        return set()
    return {fold_keep(a.canonical or a.phrase) for a in subject.agencies}


def _named_subject(para: str, ocr: bool) -> _Subject | None:
    """The bodies a paragraph (or sentence) opens with as the subject of a duty, if any."""
    folded = fold_keep(para, ocr)
    subject = (
        _subject_at(para, folded, 0, ocr, len(folded))
        or _subject_after_opener(para, folded, 0, ocr)
        or _request_in_sentence(para, folded, 0, _clause_end(folded, 0), ocr)
        or _responsible_list(para, folded, 0, ocr)
    )
    return subject if subject is not None and subject.agencies else None


def _indicator_target(item: Item, doc: Document) -> list[Target]:
    """The goal an indicator table's row states: its indicator, the value of its result column
    (the unit from the unit column when the value prints none), due by the row's period."""
    value_span = item.fields.get("product")
    if value_span is None:
        return []
    unit_span, deadline = item.fields.get("unit"), item.fields.get("deadline")
    unit = " ".join(doc.text[unit_span.start : unit_span.end].split()) if unit_span else ""
    due = field_time(doc.text[deadline.start : deadline.end])[0] if deadline else None
    indicator = re.sub(r"^(?:t[ỉỷ] l[ệe])\s+", "", item.text.strip().rstrip("."), flags=re.I)
    cell = doc.text[value_span.start : value_span.end]
    target = cell_target(indicator, cell, value_span.start, unit, int(due[:4]) if due else None)
    return [target] if target else []


def _task_key(text: str) -> str:
    return " ".join(fold_keep(text).strip(" .;:").split())


_REFERS_TO_APPENDIX = _rx(r"(?<![a-z])phu luc(?![a-z])")


# "… định kỳ báo cáo về Ban Chỉ đạo để tổng hợp": the steering committee whose charter this is
_TO_COMMITTEE = _rx(r"(?<![a-z])(?:bao cao|gui|trinh)(?: (?:ve|len|den))? (ban chi dao)(?![a-z])")


def _to_own_committee(text: str, folded: str, issuer: str | None) -> list[AgencyPhrase]:
    """A report sent to "Ban Chỉ đạo" with no name after it, in a document the steering
    committee issued itself (its charter, its plan): that committee."""
    if not issuer or not fold_keep(issuer).startswith("ban chi dao"):
        return []
    for m in _TO_COMMITTEE.finditer(folded):
        after = text[m.end(1) : m.end(1) + 2].strip()
        if not after[:1].isupper():  # "Ban Chỉ đạo Trung ương …" is another committee
            name = " ".join(issuer.split())
            return [
                AgencyPhrase(
                    text[m.start(1) : m.end(1)], m.start(1), m.end(1), name, False, "exact"
                )
            ]
    return []


def _rows_due_as_referred(obligations: list[Obligation]) -> None:
    """ "Khẩn trương xử lý các kiến nghị … (Phụ lục kèm theo), hoàn thành trước ngày
    15/12/2025": the rows of the appendix the one dated duty refers to are due when it is
    (only when a single dated duty refers to an appendix, and for rows the table leaves
    undated)."""
    referring = [
        o
        for o in obligations
        if o.item.kind != "row"
        and o.deadline
        and _REFERS_TO_APPENDIX.search(fold_keep(o.item.text))
    ]
    if len(referring) != 1:
        return
    for obligation in obligations:
        if obligation.item.kind == "row" and not (obligation.deadline or obligation.recurrence):
            obligation.deadline = referring[0].deadline


def _complete_from_rows(obligations: list[Obligation]) -> None:
    """A task stated in the body and again as a row of the appendix table ("Chi tiết tại các
    Phụ lục kèm theo"): the row says who leads it, with whom and by when, for the body's task
    too."""
    rows = {_task_key(o.item.text): o for o in obligations if o.item.kind == "row" and o.owners}
    if not rows:
        return
    for obligation in obligations:
        if obligation.owners or obligation.item.kind == "row":
            continue
        row = rows.get(_task_key(obligation.item.text))
        if row is None:
            continue
        obligation.owners = list(row.owners)
        obligation.coordinators = obligation.coordinators or list(row.coordinators)
        obligation.modality = obligation.modality or row.modality
        if obligation.deadline is None and obligation.recurrence is None:
            obligation.deadline, obligation.recurrence = row.deadline, row.recurrence


def _province_of(gazetteer, text: str) -> str | None:
    """The province a document without one in its header is about (its body names it)."""
    finder = getattr(gazetteer, "province_of", None)
    return finder(text) if finder is not None else None


def _figures(document: Document) -> list[tuple[Target, int | None]]:
    """Baseline figures: the situation section's, else the preamble's (the text before the
    first numbered section, where some plans review the past period)."""
    figures = []
    for item in document.items:
        if item.section_kind == "situation":
            text, _ = _slice(document, item)
            figures.extend(situation_figures(text))
        elif item.section_kind == "targets":
            text, _ = _slice(document, item)
            figures.extend(situation_figures(text[: _situation_prefix(text)]))
    if not figures and document.items:
        first = min(item.span.start for item in document.items)
        figures = situation_figures(document.text[document.span.start : first])
    return figures


_PAST_YEAR_OPENING = re.compile(  # on the printed text: the fold turns line breaks to spaces
    r"(?:^|[.\n])[\s*_#]*(?:năm|trong năm|đến hết năm|tính đến năm)\s+\d{4}\s*,", re.IGNORECASE
)
_AIM = _rx(r"(?<![a-z])phan dau(?![a-z])")


def _situation_prefix(text: str) -> int:
    """A mixed "TÌNH HÌNH VÀ CHỈ TIÊU" passage: "Năm 2023, tỷ lệ … là 18,2%; … Phấn đấu đến năm
    2030: …". What precedes the first "phấn đấu", when it opens with a year, reports the past;
    its figures are baselines. The offset where the aims start (0: no such prefix)."""
    folded = fold_keep(text)
    aim = _AIM.search(folded)
    if aim is None or not _PAST_YEAR_OPENING.search(text, 0, aim.start()):
        return 0
    return aim.start()


def _horizon(item: Item, ctx: _Context, by_path: dict[str, Item]) -> int | None:
    """'2. Mục tiêu cụ thể đến năm 2030' over '(1) …': the year an enclosing item states."""
    path = item.parent
    while path is not None and path in by_path:
        parent = by_path[path]
        year = horizon_year(parent.heading + " " + parent.text)  # also "Giai đoạn 2025-2027"
        if year:
            return year
        path = parent.parent
    return None


def _obligation(
    item: Item, ctx: _Context, by_path: dict[str, Item], done: dict[str, Obligation]
) -> Obligation | None:
    doc = ctx.document
    text, offset = _slice(doc, item)
    folded = fold_keep(text, ctx.ocr)
    past = _situation_prefix(text) if item.section_kind == "targets" else 0
    targets = [
        _shift(t, offset)
        for t in parse_targets(text, counts=item.section_kind == "targets")
        if t.span.start >= past  # "Năm 2023, tỷ lệ … là 18,2%" is a baseline, not a target
    ]
    if "indicator" in item.fields:
        targets = _indicator_target(item, doc)
    if any(t.year is None for t in targets):
        horizon = _horizon(item, ctx, by_path)
        for target in targets:
            target.year = target.year or horizon
    if item.section_kind == "targets":
        if not targets:
            return None
    if item.parent in by_path and starts_with_label(_MARKER.sub("", folded, count=1)):
        return None  # "- Cơ quan chủ trì: …" under a task: a field of its parent, read there
    labels = _label_lines(item, ctx, by_path) if item.section_kind != "targets" else []
    fields = _item_fields(item, ctx, labels) if item.section_kind != "targets" else {}
    if item.parent not in ctx.lead_ins:  # one reading per parent, not one per sibling
        parent = by_path.get(item.parent or "")
        ctx.lead_ins[item.parent] = _lead_in(parent, ctx) if parent else _preamble_lead_in(ctx)
    # the closing paragraph's requests are read on their own, never under the preamble
    lead_in = None if item.path.startswith("end.") else ctx.lead_ins[item.parent]
    subject = None
    if "owner" not in fields and item.section_kind != "targets":
        subject = _find_subject(item, text, folded, ctx.ocr) or _defined_subject(
            text, folded, ctx.terms
        )
        if subject is None and ctx.document.kind == "OfficialLetter" and item.parent is None:
            # a letter's numbered point may ask in a later sentence ("2. Về mức chi phí …:
            # Trên cơ sở …, Bộ đã hướng dẫn …. Vì vậy, đề nghị Ủy ban nhân dân các tỉnh …")
            subject = _request_in_sentence(text, folded, _body_start(folded), len(folded), ctx.ocr)
    if item.section_kind not in OBLIGATION_SECTIONS and item.section_kind != "targets":
        # a labelled lead, a lead-in over the items ("… thành phố cần tập trung thực hiện
        # các nhiệm vụ sau:") or a body named as the subject of a duty makes a duty of any
        # section's item but a description of the situation
        if "owner" not in fields and lead_in is None:
            if not _states_duty(item, folded, subject):
                return None
            targets = []  # "không quá 05 cá nhân" under KHEN THƯỞNG is a cap, not a goal
    elif item.kind == "roman" and not item.text.strip():
        return None  # a section title ("III. TỔ CHỨC THỰC HIỆN") states no duty

    ctx.resolver.minted = None
    obligation = Obligation(item=_with_label_lines(item, labels), targets=targets)
    if "owner" in fields:
        _fielded_agencies(obligation, fields, ctx)
    if subject is None and item.section_kind != "targets" and ctx.addressee:
        subject = _addressee_subject(folded, _body_start(folded))
    if subject is not None and not subject.agencies:  # the letter's addressee, named by role
        obligation.owners = _dedupe([ctx.resolver.ref(a, 0) for a in ctx.addressee])
        obligation.modality = subject.modality
    elif subject is not None:
        obligation.owners = _dedupe([ctx.resolver.ref(a, offset) for a in subject.agencies])
        obligation.modality = subject.modality
        if _governs_children(item, text, subject):
            ctx.governing.add(item.path)
    elif not obligation.owners and lead_in:
        # "X cần thực hiện các nhiệm vụ sau:" over its items: stated, X owns each
        obligation.owners = _dedupe([ctx.resolver.ref(a, lead_in[0]) for a in lead_in[1]])
        obligation.modality = lead_in[2]
    elif not obligation.owners and item.parent in ctx.governing and item.parent in done:
        # stated structure ("1. Sở Y tế" over a) … h)): pkg:owner, not an implied owner
        parent = done[item.parent]
        obligation.owners = list(parent.owners)
        obligation.modality = parent.modality
        ctx.governing.add(item.path)
    if not obligation.owners and ctx.visited and item.section_kind == "tasks":
        # the conclusions of a working visit: "… tasks in the time ahead" are the province's
        obligation.owners = [ctx.resolver.ref(a, 0) for a in ctx.visited]
        obligation.modality = "Assigned"
    if not obligation.owners and item.path.startswith("end.") and ctx.closing:
        # a closing sentence without a subject goes on with the previous one's ("Đề nghị các
        # cơ quan … thực hiện. Định kỳ hằng năm báo cáo kết quả về Sở …")
        obligation.owners = list(ctx.closing)
        obligation.modality = obligation.modality or "Assigned"
    if item.path.startswith("end.") and obligation.owners:
        ctx.closing = list(obligation.owners)
    if item.kind in ("paragraph", "article") and not obligation.owners and not targets:
        ctx.resolver.minted = None
        return None  # an unnumbered paragraph or an article is a duty only when it names who acts
    owner_iris = {r.iri for r in obligation.owners}
    owner_words = {fold_keep(" ".join(r.phrase.split())) for r in obligation.owners}
    # a partner the text names in other words stays, even when the gazetteer files it under the
    # owner's collective ("các cơ quan, đơn vị liên quan" … "phối hợp với cơ quan, tổ chức …")
    obligation.coordinators = obligation.coordinators or _dedupe(
        [
            ctx.resolver.ref(a, offset)
            for a in _agencies_after(text, folded, _COORD, ctx.ocr) + _joining(text, ctx.ocr)
            if fold_keep(" ".join(a.phrase.split())) not in owner_words
        ]
    )
    parent = done.get(item.parent or "")
    if (
        not obligation.coordinators
        and parent is not None
        and {r.iri for r in parent.owners} == owner_iris
        and _slice(ctx.document, parent.item)[0].rstrip().endswith(":")
    ):
        # "1. Bộ Tài chính chủ trì, phối hợp với các Bộ … và các địa phương:" over a) … d):
        # the partners are each point's
        obligation.coordinators = list(parent.coordinators)
    recipients = reports_to(text, folded, ctx.ocr) or _to_own_committee(
        text, folded, ctx.document.issuer_phrase
    )
    obligation.reports_to = _dedupe([ctx.resolver.ref(a, offset) for a in recipients], owner_iris)
    obligation.reporting = _is_reporting(item, folded, subject) or _under_reporting_heading(
        item, by_path
    )
    if "deadline" in fields:
        span = fields["deadline"]
        timing = field_time(doc.text[span.start : span.end])
    else:
        timing = parse_deadline(text)
    obligation.deadline, obligation.recurrence, obligation.due_day = timing
    if "product" in fields:
        span = fields["product"]
        obligation.product = " ".join(doc.text[span.start : span.end].split())
    if (
        obligation.modality is None
        and item.section_kind in ("implementation", "reporting")
        and obligation.owners
    ):
        obligation.modality = "Assigned"
    if not obligation.owners and item.section_kind == "tasks":
        obligation.implied_owners = _group_heading_actors(
            item, ctx, by_path
        ) or _party_plan_addressee(ctx)
    obligation.programmes = find_programmes(text, ctx.programmes)
    obligation.new_agencies = ctx.resolver.minted
    ctx.resolver.minted = None
    return obligation


_QUOTA = _rx(r"[^.;:]{0,60}:\s*(?:khong qua|toi da|toi thieu|moi [a-z]+ (?:xet chon|de nghi)|\d)")
_TOPIC = re.compile(r"[^:.;\n]{3,80}:[ \t]+")
_DONE = _rx(r"\s*(?:cung\s+)?da(?![a-z])")
# "đã", "đang", "được": what a body did or is given, not what it is to do
_NOT_A_DUTY = _rx(r"\s*(?:da|dang|duoc|cung da|van)(?![a-z])")


def _states_duty(item: Item, folded: str, subject: _Subject | None) -> bool:
    """An item outside the task sections that names who is to act: "2. Các sở, ngành … có
    trách nhiệm chủ động cân đối …" under "KINH PHÍ", "Bộ Nội vụ … khẩn trương nghiên cứu …"
    under a notice's "VỀ KIẾN NGHỊ CỦA TỈNH"."""
    if item.section_kind in ("situation", "purpose") or subject is None or not subject.agencies:
        return False
    if item.kind in ("roman", "part") and not item.text.strip():
        return False  # a section's title ("IV. SỐ LƯỢNG ĐỀ NGHỊ KHEN THƯỞNG") states no duty
    if _QUOTA.match(folded[subject.end : subject.end + 100]):
        return False  # "Ban Chỉ đạo bầu cử của tỉnh: Không quá 05 cá nhân": a quota, no act
    return not _NOT_A_DUTY.match(folded, subject.end)


# the closing sentence of a passage that introduces the items under it: "… cần tập trung thực
# hiện tốt một số nhiệm vụ, giải pháp sau đây:", "Thủ tướng Chính phủ yêu cầu:"
_LEAD_IN = _rx(r"(?:\bsau(?: day)?|\byeu cau|\bde nghi|\bgiao|\bnhu sau)\s*:\s*$")
_DUTY_VERB = _rx(r"(?<![a-z])(?:can|phai|yeu cau|de nghi|giao|chi dao|tap trung)(?![a-z])")


_LeadIn = tuple[int, list[AgencyPhrase], str]  # (offset, subject agencies, modality)


def _lead_in(parent: Item | None, ctx: _Context) -> _LeadIn | None:
    """The lead-in closing `parent`'s own text, over the items under it."""
    if parent is None or not parent.text.rstrip().endswith(":"):
        return None
    return _read_lead_in(*_slice(ctx.document, parent), ctx)


def _preamble_lead_in(ctx: _Context) -> _LeadIn | None:
    """A letter's or a notice's top-level items under the paragraph before them ("Để phát huy
    hiệu quả …, Bộ Tài chính đề nghị UBND các tỉnh, thành phố quan tâm chỉ đạo:")."""
    tops = [item for item in ctx.document.items if item.parent is None]
    if not tops or tops[0].kind not in ("number", "bullet", "letter", "paren"):
        return None  # sections ("I. MỤC ĐÍCH …") are no list of requests
    start = tops[0].span.start
    before = ctx.document.text[max(ctx.document.span.start, start - 1500) : start].rstrip()
    line_start = before.rfind("\n") + 1  # its own paragraph, never the header block above it
    # a hard-wrapped paragraph ("… quản lý Tổ chức chi trả thu nhập triển" / "khai thực hiện:"):
    # its lines above that end mid-sentence, in lower case, belong to it
    while line_start > 0 and before[line_start : line_start + 1].islower():
        previous = before.rfind("\n", 0, line_start - 1) + 1
        if before[previous : line_start - 1].rstrip()[-1:] in ".:;":
            break
        line_start = previous
    text = before[line_start:]
    if len(text) < 30 or not text.endswith(":"):
        return None
    return _read_lead_in(text, start - len(before) + line_start, ctx)


def _read_lead_in(text: str, offset: int, ctx: _Context) -> _LeadIn | None:
    """The agencies a lead-in names before its duty verb (none: the issuer's own voice, "Thủ
    tướng yêu cầu:"), or those it asks after 'đề nghị', 'giao', 'yêu cầu'."""
    folded = fold_keep(text, ctx.ocr).rstrip()
    start = max(folded.rfind(". ", 0, len(folded) - 1), folded.rfind("\n", 0, len(folded) - 1)) + 1
    # "… sau:", "… yêu cầu:", or bodies asked in the sentence ("đề nghị UBND … chỉ đạo:")
    if not (_LEAD_IN.search(folded) or _ASKS.search(folded, start)):
        return None
    # bodies asked, wherever the ask stands ("Triển khai chỉ đạo của Thủ tướng …, Bộ Xây dựng
    # yêu cầu các cơ quan, đơn vị:" — the first verb-like word is a noun there)
    asks = list(_ASKS.finditer(folded, start))
    for asked in asks:
        agencies, _ = agency_list_at(text, asked.end(), folded, ctx.ocr)
        if agencies:
            modality = "Requested" if asked.group(1) == "de nghi" else "Assigned"
            return offset, agencies, modality
    if asks:
        # who asks is never who is asked ("Cục Thuế đề nghị các Thuế tỉnh, thành phố …"): a
        # letter's addressees are those it asks, however the ask names them
        if not ctx.addressee:
            return None
        modality = "Requested" if asks[0].group(1) == "de nghi" else "Assigned"
        return 0, ctx.addressee, modality
    verb = _DUTY_VERB.search(folded, start)
    if verb is None:
        return None
    # the subject follows the opener's comma ("Để …, thành phố Đà Nẵng cần …"); a list of
    # bodies holds commas of its own ("các sở, ban, ngành cần …"): the first comma that leaves
    # a subject wins
    clause, leads = start, []
    for at in [start] + [m.end() for m in re.finditer(",", folded[start : verb.start()])]:
        clause = at if at == start else start + at
        leads, _ = field_agencies(text[clause : verb.start()], ctx.ocr)
        leads = leads or _place_as_government(text, folded, clause, verb.start())
        if leads:
            break
    if any(fold_keep(a.phrase).startswith("thu tuong") for a in leads):
        return offset + clause, [], "Assigned"
    return offset + clause, leads, "Assigned"


_PLACE_SUBJECT = _rx(r"\s*((?:tinh|thanh pho)\s+\S.*?)\s*$")


def _place_as_government(text: str, folded: str, start: int, end: int) -> list[AgencyPhrase]:
    """A province named as the one who acts ("thành phố Đà Nẵng cần …") is its People's
    Committee, the body that answers for it."""
    m = _PLACE_SUBJECT.match(folded, start, end)
    if m is None or len(m.group(1).split()) > 5:
        return []
    place = text[m.start(1) : m.end(1)]
    name = f"Ủy ban nhân dân {place[0].lower()}{place[1:]}"
    return [AgencyPhrase(name, m.start(1) - start, m.end(1) - start, None, False, "place")]


def _item_fields(item: Item, ctx: _Context, labels: list[Item]) -> dict[str, Span]:
    """The item's labelled fields: a table row's columns, else "Cơ quan chủ trì: …" in its own
    text or in the label lines under it ("- Thời gian hoàn thành: Quý I/2026")."""
    if item.fields:
        return item.fields
    text, offset = _slice(ctx.document, item)
    found = labelled_fields(text, fold_keep(text, ctx.ocr), offset)
    for child in labels:
        child_text, child_offset = _slice(ctx.document, child)
        for role, span in labelled_fields(
            child_text, fold_keep(child_text, ctx.ocr), child_offset
        ).items():
            found.setdefault(role, span)
    return found


def _label_lines(item: Item, ctx: _Context, by_path: dict[str, Item]) -> list[Item]:
    """The sub-items of `item` that are label lines ("- Cơ quan chủ trì: Sở Y tế")."""
    out = []
    for path in item.children:
        child = by_path.get(path)
        if child is not None and _is_label_line(child, ctx):
            out.append(child)
    return out


def _is_label_line(item: Item, ctx: _Context) -> bool:
    text, _ = _slice(ctx.document, item)
    return starts_with_label(_MARKER.sub("", fold_keep(text, ctx.ocr), count=1))


def _with_label_lines(item: Item, labels: list[Item]) -> Item:
    """The task with its label lines: they are part of what the plan says of it (its text and
    its passage run to the last of them)."""
    if not labels:
        return item
    text = "\n".join([item.text] + [label.text for label in labels]).strip()
    return replace(item, text=text, span=Span(item.span.start, labels[-1].span.end))


def _fielded_agencies(obligation: Obligation, fields: dict[str, Span], ctx: _Context) -> None:
    """Owners and partners from the owner field (and the coordinator field); a labelled
    assignment is the plan's own (Assigned)."""
    text = ctx.document.text
    owner = fields["owner"]
    leads, partners = field_agencies(text[owner.start : owner.end], ctx.ocr)
    obligation.owners = _dedupe([ctx.resolver.ref(a, owner.start) for a in leads])
    refs = [ctx.resolver.ref(a, owner.start) for a in partners]
    if "coordinator" in fields:
        span = fields["coordinator"]
        named, more = field_agencies(text[span.start : span.end], ctx.ocr)
        refs += [ctx.resolver.ref(a, span.start) for a in named + more]
    obligation.coordinators = _dedupe(refs, {r.iri for r in obligation.owners})
    obligation.modality = "Assigned" if obligation.owners else None


def _shift(target: Target, offset: int) -> Target:
    target.span = Span(target.span.start + offset, target.span.end + offset)
    return target


def _group_heading_actors(
    item: Item, ctx: _Context, by_path: dict[str, Item]
) -> list[tuple[AgencyRef, str]]:
    """Rule group-heading-actor (see IMPLIED_RULES)."""
    node: Item | None = item
    while node is not None and node.kind != "roman":
        if node.heading:
            text, offset = _slice(ctx.document, node)
            folded = fold_keep(text, ctx.ocr)
            heading_at = _locate(folded, node.heading, 0, ctx.ocr) or 0
            heading_end = heading_at + len(node.heading) + 40
            m = _ACTOR_HEADING.search(folded, heading_at, heading_end)
            if m:
                agencies, _ = agency_list_at(text, m.end(), folded, ctx.ocr, semicolons=False)
                refs = _dedupe([ctx.resolver.ref(a, offset) for a in agencies])
                return [(ref, RULE_GROUP_HEADING_ACTOR) for ref in refs]
        node = by_path.get(node.parent) if node.parent else None
    return []


def _is_party_plan(document: Document) -> bool:
    if document.kind not in ("Plan", "Programme"):
        return False
    number = fold_keep(document.number or "").replace(" ", "")
    return bool(
        _PARTY_ISSUER.search(fold_keep(document.issuer_phrase or "")) or _PARTY_NUMBER.match(number)
    )


def _party_plan_addressee(ctx: _Context) -> list[tuple[AgencyRef, str]]:
    """Rule issuer-of-party-plan (see IMPLIED_RULES)."""
    if not _is_party_plan(ctx.document):
        return []
    addressee = AgencyPhrase("các cấp ủy", 0, 0, "các cấp ủy", True, "rule")
    ref = ctx.resolver.ref(addressee, 0)
    return [(AgencyRef(ref.phrase, ref.iri, None, ref.resolved), RULE_ISSUER_OF_PARTY_PLAN)]


def new_agencies(obligations: list[Obligation]) -> Graph:
    """All agencies minted while extracting `obligations`, in one graph."""
    g = Graph()
    for obligation in obligations:
        if obligation.new_agencies is not None:
            g += obligation.new_agencies
    return g
