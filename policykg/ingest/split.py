"""Splitting one file's text into documents.

A document opens with a header block: the issuing body ("ỦY BAN NHÂN DÂN", "TỈNH ỦY ..."), the
national or party motto, "Số ...", the type line ("KẾ HOẠCH", "CHƯƠNG TRÌNH", ...). A later header
block starts a new document only once the current one has closed (its "Nơi nhận" list or its
signature block), so a type word inside a body never splits a document."""

from __future__ import annotations

import re

from policykg.ingest.model import Span
from policykg.ingest.persons import name_at_end
from policykg.ingest.scan import Line, fuzzy_has, lines_of, upper_ratio
from policykg.kinds import NOT_TYPE_HEADINGS, TYPE_WORDS

# folded openings of header lines (issuing bodies, mottos, type words)
ISSUER_HEADS = (
    "uy ban nhan dan",
    "tinh uy",
    "thanh uy",
    "huyen uy",
    "dang uy",
    "ban thuong vu",
    "ban chap hanh",
    "ban can su dang",
    "dang doan",
    "hoi dong nhan dan",
    "bo ",
    "so ",
    "van phong",
    "ban tuyen giao",
    "ban dan van",
    "thu tuong",
    "chinh phu",
)
MOTTOS = ("dang cong san viet nam", "cong hoa xa hoi chu nghia viet nam")
_NUMBER_LINE = re.compile(r"^s\S{0,2}\s*:?\s*\d+\s*[-/]")
_CLOSERS = ("noi nhan",)
_SIGNATURE = re.compile(r"^(?:t/m|tm\.|kt\.|tl\.|tuq\.|q\.)\s*\S", re.I)


def type_of_line(line: Line) -> str | None:
    """The document kind a type heading line names ("KẾ HOẠCH", OCR "KE HOACH"), else None."""
    text = line.text.strip()
    if not text or len(text) > 40 or upper_ratio(text) < 0.7:
        return None
    folded = line.folded
    if folded.startswith(NOT_TYPE_HEADINGS):
        return None
    for word, kind in TYPE_WORDS.items():
        if folded == word or folded.startswith(word + " "):
            return kind
    for word, kind in TYPE_WORDS.items():  # OCR: "KE HOACII"; short words are too easy to hit
        if len(word) >= 8 and len(folded) <= len(word) + 3 and fuzzy_has(folded, word, 86):
            return kind
    return None


def is_header_line(line: Line) -> bool:
    text = line.text.strip()
    if not text:
        return False
    folded = line.folded
    if type_of_line(line):
        return True
    if _NUMBER_LINE.match(folded) and len(text) < 60:
        return True
    if upper_ratio(text) < 0.6 or len(text) > 90:
        return False
    return folded.startswith(ISSUER_HEADS) or any(fuzzy_has(folded, m, 88) for m in MOTTOS)


def _closes(line: Line) -> bool:
    folded = line.folded
    return folded.startswith(_CLOSERS) or bool(_SIGNATURE.match(line.text.strip()))


def split_documents(text: str) -> list[Span]:
    """Spans of the documents in a file's normalised text, in order, covering all of it."""
    lines = lines_of(text)
    starts = [0]
    closed = False
    body_seen = False
    for index, line in enumerate(lines):
        if not line.text:
            continue
        if _closes(line):
            closed = True
            continue
        if is_header_line(line):
            if _signs_above(lines, index):
                continue  # "THỦ TƯỚNG / Phạm Minh Chính": the signature, not a new header
            if closed and body_seen and _header_block_follows(lines, index):
                starts.append(line.start)
                closed = False
                body_seen = False
            continue
        if len(line.text) > 60:
            body_seen = True
    ends = starts[1:] + [len(text)]
    return [Span(s, e) for s, e in zip(starts, ends, strict=True)]


def _signs_above(lines: list[Line], index: int) -> bool:
    """Is this title line (and any below it) the signature of the document above: titles in
    capitals, then the signer's name?"""
    for line in lines[index + 1 : index + 4]:
        text = line.text.strip()
        if not text:
            continue
        if name_at_end(text) == text:  # the signer's name on a line of its own
            return True
        if upper_ratio(text) < 0.8 or len(text) > 60:
            return False
    return False


def _header_block_follows(lines: list[Line], index: int) -> bool:
    """A real new document has body text after its header block (not a stray capital line)."""
    following = [ln for ln in lines[index + 1 : index + 40] if ln.text]
    return sum(len(ln.text) for ln in following) > 300
