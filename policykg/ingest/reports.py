"""Who a duty reports to (pkg:reportsTo), read from the duty's own words.

Real plans send results up in several phrasings: "báo cáo Thủ tướng Chính phủ", "báo cáo kết
quả … về Bộ Công an", "báo cáo, đề xuất Ban Chỉ đạo …", "gửi Sở Tài chính tổng hợp", "phản ánh
về Ủy ban nhân dân tỉnh (qua Sở …)", "báo cáo cấp có thẩm quyền (UBND thành phố, Bộ …)". A
report that the recipient itself makes afterwards ("… về Sở Y tế để tổng hợp, báo cáo Ủy ban
nhân dân tỉnh", "… gửi Sở Xây dựng tổng hợp và báo cáo Ủy ban nhân dân tỉnh") is the
recipient's onward duty, not this one's.
"""

from __future__ import annotations

import re

from policykg.ingest.agencies import AgencyPhrase, agency_at, agency_list_at


def _rx(pattern: str) -> re.Pattern:
    """A folded-text pattern whose spaces match any run of whitespace (hard-wrapped lines)."""
    return re.compile(pattern.replace(" ", r"\s+"))


# "trình" a body submits up to it, unless the syllable ends a noun ("quá trình", "chương trình",
# "công trình", "lộ trình", "quy trình", "tiến trình", "giải trình" …)
_SUBMIT = "".join(
    rf"(?<!{w}\x20)" for w in ("qua", "chuong", "cong", "lo", "quy", "tien", "giai", "hanh")
) + "trinh"
# verbs that send something up to a recipient named after them ("chịu trách nhiệm trước" a
# body: answering to it)
_SEND = _rx(
    rf"(?<![a-z])(?:bao cao|gui ket qua|phan anh|phan hoi|gui|{_SUBMIT}|"
    r"chiu trach nhiem truoc)(?![a-z])"
)
# "tham mưu X trình Y": X submits to Y, on the advice of the duty's owner
_ADVISED = _rx(r"tham muu\s[^,;.]{0,80}$")
# "báo cáo" as a noun: "Hệ thống thông tin báo cáo Chính phủ", "chế độ báo cáo"
_NOUN_REPORT = _rx(r"(?:thong tin|he thong|che do)\s*$")
# a second verb between "báo cáo" and its recipient: "báo cáo, đề xuất Ban Chỉ đạo …"
_AND_PROPOSE = _rx(r"[\s,]*(?:va\s+)?(?:de xuat|kien nghi|xin y kien)[\s,]*")
# a recipient named by its role, with the bodies in brackets: "cấp có thẩm quyền (UBND …)"
_AUTHORITY = _rx(r"\s*cap (?:co )?tham quyen\s*\(")
# a preposition before a recipient further along the clause: "báo cáo kết quả … về Sở Y tế"
_TO = _rx(r"(?<![a-z])(?:ve|cho|len|toi|gui|den)\s+")
_TO_NOW = _rx(r"\s*(?:ve|den|toi|len)\s+")
_ADVISE = _rx(r"(?<![a-z])tham muu\s+")
_REPORT = _rx(r"(?<![a-z])(?:bao cao|gui ket qua)(?![a-z])")
_PURPOSE = _rx(r"(?<![a-z])de (?!nghi|ra|xuat|an)")
# what a recipient does with what it receives before reporting on: "(để) tổng hợp, báo cáo …"
_ONWARD = _rx(
    r"^[\s,]*(?:\([^)]*\)\s*)?(?:de\s+)?(?:(?:tong hop|tham muu|de xuat|xem xet)[\s,]*(?:va\s+)?)+$"
)
# "… để Sở tổng hợp, báo cáo …": the recipient named again by its head noun
_RECIPIENT_AGAIN = re.compile(r"^\s*(?:so|bo|co quan|don vi|ban|uy ban)\s+(?=tong hop|tham muu)")
# "gửi X" is a report only where the clause says what is sent up or why
_SENT_UP = _rx(r"(?<![a-z])(?:tong hop|bao cao|ket qua|de xuat|phan anh|kien nghi|y kien|theo doi)")


def _clause_bounds(folded: str, pos: int) -> tuple[int, int]:
    """The clause around `pos`: between the ';' or '. ' either side."""
    start = max(folded.rfind(";", 0, pos), folded.rfind(". ", 0, pos), 0)
    ends = [i for i in (folded.find(";", pos), folded.find(". ", pos)) if i >= 0]
    return start, min(ends, default=len(folded))


def _direct(text: str, folded: str, pos: int, ocr: bool) -> list[AgencyPhrase]:
    """Recipients named right after the verb: every known body of the list ('báo cáo Ủy ban
    nhân dân huyện và Sở Y tế'), or the bodies bracketed after 'cấp có thẩm quyền'."""
    authority = _AUTHORITY.match(folded, pos)
    if authority:
        listed, _ = agency_list_at(text, authority.end(), folded, ocr, semicolons=False)
        return [a for a in listed if a.method != "unknown"]
    if agency_at(text, pos, folded, ocr) is None:
        return []
    listed, _ = agency_list_at(text, pos, folded, ocr, semicolons=False)
    return _named(listed)


def _named(listed: list[AgencyPhrase]) -> list[AgencyPhrase]:
    """The bodies of a list of recipients. A body the gazetteer does not hold counts when a
    known one stands in the same list ('báo cáo Ban Chỉ đạo các Chương trình …, Sở Nông nghiệp
    và Môi trường'); alone, an unknown name is too often a phrase read on ('Ban Chỉ đạo về
    tiến độ'), and a bracket is never part of a name ('Ban Chỉ đạo (qua Sở Tài chính')."""
    if all(a.method == "unknown" for a in listed):
        return []
    return [a for a in listed if a.method != "unknown" or not re.search(r"[()]", a.phrase)]


def _further(text: str, folded: str, pos: int, end: int, ocr: bool) -> list[AgencyPhrase]:
    """Recipients after 'về/cho/lên/gửi' later in the clause, before any purpose clause."""
    purpose = _PURPOSE.search(folded, pos, end)
    end = purpose.start() if purpose else end
    for to in _TO.finditer(folded, pos, end):
        agencies, _ = agency_list_at(text, to.end(), folded, ocr, semicolons=False)
        if agencies:
            return _named(agencies)
    return []


def _recipients(text: str, folded: str, verb: re.Match, ocr: bool) -> list[AgencyPhrase]:
    start, end = _clause_bounds(folded, verb.start())
    purposes = list(_PURPOSE.finditer(folded, start, verb.start()))
    gap = _RECIPIENT_AGAIN.sub("", folded[purposes[-1].end() : verb.start()]) if purposes else ""
    if purposes and _ONWARD.match(gap):
        # "… để tổng hợp, báo cáo …": the report of whoever was named before; not "… để xem
        # xét lồng ghép vào các đề án, báo cáo Thủ tướng": a purpose of the duty itself
        return []
    if verb.group().startswith("trinh") and _ADVISED.search(folded, start, verb.start()):
        return []
    pos = verb.end()
    if verb.group().startswith("bao"):
        if _NOUN_REPORT.search(folded, max(0, verb.start() - 12), verb.start()):
            return []
        also = _AND_PROPOSE.match(folded, pos)
        pos = also.end() if also else pos
    if verb.group() == "gui":
        # "gửi (về) Sở Tài chính tổng hợp": sending up, not handing a document down
        to = _TO_NOW.match(folded, pos)
        direct = _direct(text, folded, to.end() if to else pos, ocr)
        return direct if _SENT_UP.search(folded, start, end) else []
    direct = _direct(text, folded, pos, ocr)
    return direct or _further(text, folded, verb.end(), end, ocr)


def reports_to(text: str, folded: str, ocr: bool = False) -> list[AgencyPhrase]:
    """The bodies a duty's text sends its reports to, in order of mention."""
    found: list[AgencyPhrase] = []
    for verb in _SEND.finditer(folded):
        if found and _ONWARD.match(folded[found[-1].end : verb.start()]):
            continue  # "… về Sở X tổng hợp, báo cáo Y": Sở X reports on to Y
        found.extend(_recipients(text, folded, verb, ocr))
    for m in _ADVISE.finditer(folded):
        _, end = _clause_bounds(folded, m.end())
        if _REPORT.search(folded, m.end(), end):
            # "tham mưu Ủy ban nhân dân tỉnh báo cáo …": advising the body that reports
            agencies, _ = agency_list_at(text, m.end(), folded, ocr, semicolons=False)
            found.extend(agencies[:1])
    return found
