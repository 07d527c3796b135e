"""Line and folded-text helpers shared by the splitting, header and structure stages.

`fold_same_length` folds accents and case character by character, so a regex match on the folded
text has the same offsets in the original: matching is accent-insensitive (OCR text lost most
diacritics), results are sliced from the text as printed."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cached_property, lru_cache

from rapidfuzz import fuzz

from policykg.text import fold


@dataclass
class Line:
    start: int  # offset of the first character in the normalised text
    end: int  # offset just past the last character (the newline excluded)
    text: str

    @cached_property
    def folded(self) -> str:
        return fold(self.text)


def lines_of(text: str, start: int = 0, end: int | None = None) -> list[Line]:
    """The lines of text[start:end] with their offsets (blank lines included, text '')."""
    end = len(text) if end is None else end
    out: list[Line] = []
    pos = start
    while pos < end:
        nl = text.find("\n", pos, end)
        stop = end if nl == -1 else nl
        out.append(Line(pos, stop, text[pos:stop]))
        pos = stop + 1
    return out


@lru_cache(maxsize=4096)
def _fold_char(c: str) -> str:
    if c in "đĐ":
        return "d"
    base = unicodedata.normalize("NFD", c)[0].lower()
    return base[0] if base else c


def fold_same_length(text: str) -> str:
    """Accent- and case-folded text with exactly one character per input character."""
    return "".join(_fold_char(c) for c in text)


def upper_ratio(text: str) -> float:
    letters = [c for c in text if c.isalpha()]
    if not letters:
        return 0.0
    return sum(1 for c in letters if c.isupper()) / len(letters)


def fuzzy_has(folded: str, phrase: str, threshold: float = 85.0) -> bool:
    """Does the folded text contain the folded phrase, allowing OCR slips?"""
    if phrase in folded:
        return True
    if len(folded) < len(phrase) - 2:
        return False
    return fuzz.partial_ratio(phrase, folded) >= threshold


def join_wrapped(text: str) -> str:
    """Hard-wrapped lines to one line: a break after a word-hyphen joins without a space
    ("136-\\nHD/BTGTW" -> "136-HD/BTGTW"); other breaks become one space."""
    text = re.sub(r"(?<=\w)-[ \t]*\n\s*(?=[\w])", "-", text)
    return re.sub(r"\s+", " ", text).strip()


def spaces_removed(text: str) -> str:
    return re.sub(r"\s+", "", text)


def blank_lines_are_breaks(lines: list[Line]) -> bool:
    """Do blank lines separate paragraphs? Not in PDF text that puts a blank line after every
    wrapped line; yes where lines run together within a paragraph or a paragraph is one line."""
    texts = [ln.text for ln in lines[:200]]
    filled = sorted(len(t) for t in texts if t)
    if not filled:
        return True
    pairs = sum(1 for a, b in zip(texts, texts[1:], strict=False) if a and b)
    return pairs >= len(filled) * 0.15 or filled[len(filled) // 2] > 110
