"""People's names in a document's signature block ("Phạm Minh Chính", "Thượng tướng Lê Huy
Vịnh"): read by the header (who signed) and by the splitter (a title over a name signs the
document above; it opens no new one)."""

from __future__ import annotations

import re

from policykg.ingest.scan import fold_same_length, upper_ratio

# folded Vietnamese surnames: a name opens with one
SURNAMES = {
    "nguyen",
    "tran",
    "le",
    "pham",
    "hoang",
    "huynh",
    "phan",
    "vu",
    "vo",
    "dang",
    "bui",
    "do",
    "ho",
    "ngo",
    "duong",
    "ly",
    "mai",
    "lam",
    "dao",
    "dinh",
    "truong",
    "luong",
    "ta",
    "ha",
    "cao",
    "chu",
    "trinh",
    "doan",
    "quach",
    "thai",
    "ton",
    "tong",
    "lai",
    "luu",
    "kieu",
    "vuong",
    "giang",
    "la",
    "lo",
    "au",
    "ung",
    "van",
    "thach",
    "son",
    "kim",
    "danh",
    "y",
    "tô",
    "to",
    "khuc",
    "mac",
    "nong",
    "hua",
    "thieu",
    "tieu",
    "khong",
    "dam",
    "bach",
    "diep",
    "phung",
    "nghiem",
    "tang",
    "manh",
    "lu",
    "loc",
    "hau",
}


_NAME = re.compile(r"(?:^|,\s*|\s{2,})((?:[A-ZĐÀ-Ỹ][\wÀ-ỹ]*)(?:\s+[A-ZĐÀ-Ỹ][\wÀ-ỹ]*){1,4})$")


# a rank or degree before the name: "Thượng tướng Lê Huy Vịnh", "PGS.TS. Nguyễn Văn A"
_RANK = re.compile(
    r"^(?:(?:Đại|Thượng|Trung|Thiếu) (?:tướng|tá|úy)|(?:GS|PGS|TS|ThS|BS|KS)\.(?:\s*TS\.)?)\s+"
)


def name_at_end(text: str) -> str | None:
    """The person's name a line ends with (a whole line, or after a comma or a wide gap)."""
    text = _RANK.sub("", text)
    match = _NAME.search(text)
    if not match:
        return None
    name = match.group(1)
    words = name.split()
    if fold_same_length(words[0]).lower() not in SURNAMES or upper_ratio(name) > 0.6:
        return None
    if any(ch.isdigit() for ch in name):
        return None
    return name
