"""Vietnamese text helpers shared by ingest, search and trace."""

import re
import unicodedata

_SPACE = re.compile(r"\s+")
_NON_SLUG = re.compile(r"[^a-z0-9]+")


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def fold(text: str) -> str:
    """Accent-folded lower case: 'Sở Lao động' -> 'so lao dong'. Whitespace collapsed.

    'đ' has no combining mark, so it is mapped explicitly."""
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    stripped = "".join(c for c in decomposed if unicodedata.category(c) != "Mn")
    return _SPACE.sub(" ", stripped.lower()).strip()


def slug(text: str) -> str:
    """IRI-safe, deterministic: '109-KH/TU' -> '109-kh-tu', 'Sở Y tế' -> 'so-y-te'."""
    return _NON_SLUG.sub("-", fold(text)).strip("-")


_TONE_MARKS = "\u0300\u0301\u0303\u0309\u0323"  # grave, acute, tilde, hook, dot below


def tone_key(text: str) -> str:
    """Lower-case words compared whatever their tone mark's place: the old and the new
    spelling agree ("uỷ" = "ủy", "Hoà" = "Hòa"), other tones do not ("quần" is no "quận")."""
    words = []
    for word in text.lower().split():
        parts = unicodedata.normalize("NFD", word)
        tones = "".join(c for c in parts if c in _TONE_MARKS)
        words.append("".join(c for c in parts if c not in _TONE_MARKS) + tones)
    return " ".join(words)
