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


@dataclass
class Line:
    start: int  # offset of the first character in the normalised text
    end: int  # offset just past the last character (the newline excluded)
    text: str

    @cached_property
    def folded(self) -> str:
        """Accent-folded lower case, whitespace collapsed (as policykg.text.fold)."""
        return " ".join(fold_same_length(self.text).split())


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


def _fold_table() -> dict[int, str]:
    """Code point -> folded character for the Latin blocks Vietnamese uses (str.translate is
    much faster than a per-character function on whole documents)."""
    table = {}
    for block in ((0x41, 0x5B), (0xC0, 0x250), (0x1E00, 0x1F00)):
        for code in range(*block):
            folded = _fold_char(chr(code))
            if folded != chr(code) and len(folded) == 1:
                table[code] = folded
    return table


_FOLD_TABLE = _fold_table()
_NON_ASCII = re.compile(r"[^\x00-\x7f]")


def fold_same_length(text: str) -> str:
    """Accent- and case-folded text with exactly one character per input character."""
    return _fold_document(text) if len(text) > 2000 else _fold_short(text)


@lru_cache(maxsize=8)  # whole documents are folded by several stages
def _fold_document(text: str) -> str:
    return _fold_short.__wrapped__(text)


@lru_cache(maxsize=4096)
def _fold_short(text: str) -> str:
    folded = text.translate(_FOLD_TABLE)
    if folded.isascii():
        return folded
    # characters outside the table (punctuation, other scripts): only those, one by one
    return _NON_ASCII.sub(lambda m: _fold_char(m.group()), folded)


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
