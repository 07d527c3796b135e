"""Variants of a source document that must give the same owners as the original (issue 3):
diacritics stripped, re-wrapped with CRLF at another width, without Markdown, UTF-16, as .docx
and as .pdf with a text layer. Each writer takes the source text and a target path and returns
the path.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from pathlib import Path

from docx import Document as DocxDocument
from fpdf import FPDF

# A line starting like this would read as a new item; a re-wrap must never produce one.
_MARKER_START = re.compile(
    r"^(?:[-–+•*]|[IVXLivxl1]{1,5}[.\-)]|\d+(?:\.\d+)*[.)]|[a-zđ]\)|\(\d+\)|\d+\s*$)"
)
_HEADING = re.compile(r"^\s*#{1,6}\s*")
_BOLD = "**"
_ITALIC = re.compile(r"(?<![*\w])\*(?!\*)([^*\n]+?)\*(?![*\w])")
FONT_CANDIDATES = ("DejaVuSans.ttf", "LiberationSans-Regular.ttf", "NotoSans-Regular.ttf")
FONT_DIRS = (Path("/usr/share/fonts"), Path("/usr/local/share/fonts"), Path.home() / ".fonts")


def strip_diacritics(text: str) -> str:
    """Vietnamese without accents, case and punctuation kept: 'Sở Y tế' -> 'So Y te'."""
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    return "".join(c for c in decomposed if unicodedata.category(c) != "Mn")


def _wrap_line(line: str, width: int) -> list[str]:
    """Greedy wrap of one physical line. A break is allowed only where the next line would not
    start like an item marker and where neither side is left with fewer than three words."""
    indent = line[: len(line) - len(line.lstrip())]
    words = line.split()
    if len(line) <= width or len(words) < 6:
        return [line]
    out: list[list[str]] = [[]]
    for i, word in enumerate(words):
        current = out[-1]
        length = len(" ".join(current + [word]))
        rest = " ".join(words[i:])
        if (
            current
            and length > width
            and len(current) >= 3
            and len(words) - i >= 3
            and not _MARKER_START.match(rest)
        ):
            out.append([word])
        else:
            current.append(word)
    return [indent + " ".join(out[0])] + [" ".join(ws) for ws in out[1:]]


def rewrap(text: str, width: int = 58) -> str:
    """Hard-wrap every long line at `width`. Markdown headings and lines carrying bold markup are
    kept whole (a break there would change their Markdown meaning)."""
    lines = []
    for line in text.splitlines():
        if _HEADING.match(line) or _BOLD in line:
            lines.append(line)
        else:
            lines.extend(_wrap_line(line, width))
    return "\n".join(lines) + "\n"


def strip_markdown(text: str) -> str:
    """The same text as a plain-text export would give: no '#' headings, '**' or '*' emphasis."""
    lines = []
    for line in text.splitlines(keepends=True):
        line = _HEADING.sub("", line).replace(_BOLD, "")
        lines.append(_ITALIC.sub(r"\1", line))
    return "".join(lines)


def _runs(line: str, bold: bool) -> tuple[list[tuple[str, bool]], bool]:
    """Split a line on '**' toggles; bold state carries across lines."""
    runs = []
    for i, part in enumerate(line.split(_BOLD)):
        if i:
            bold = not bold
        if part:
            runs.append((part, bold))
    return runs, bold


def write_docx(text: str, path: Path) -> Path:
    """One Word paragraph per non-blank line; Markdown headings become heading styles and
    '**' spans bold runs, as a word processor would hold them."""
    document = DocxDocument()
    bold = False
    for line in text.splitlines():
        if not line.strip():
            continue
        heading = _HEADING.match(line)
        if heading:
            level = min(heading.group(0).count("#"), 4)
            document.add_heading(line[heading.end() :].replace(_BOLD, "").strip(), level=level)
            continue
        paragraph = document.add_paragraph()
        runs, bold = _runs(_ITALIC.sub(r"\1", line), bold)
        for part, is_bold in runs:
            paragraph.add_run(part).bold = is_bold
    document.save(path)
    return path


def find_unicode_font() -> Path:
    for directory in FONT_DIRS:
        for name in FONT_CANDIDATES:
            for found in sorted(directory.rglob(name)) if directory.is_dir() else []:
                return found
    raise FileNotFoundError(
        f"no Unicode TTF font ({', '.join(FONT_CANDIDATES)}) under "
        f"{', '.join(map(str, FONT_DIRS))}: install fonts-dejavu-core"
    )


class _NumberedPdf(FPDF):
    def footer(self) -> None:  # page numbers, as printed documents carry them
        self.set_y(-12)
        self.cell(0, 8, str(self.page_no()), align="C")


def write_pdf(text: str, path: Path) -> Path:
    """A text-layer PDF (fpdf2, a Unicode TTF): the layout re-wraps long lines at the page width
    and adds page numbers; Markdown is dropped as a printer would render it."""
    pdf = _NumberedPdf(format="A4")
    pdf.set_auto_page_break(auto=True, margin=18)
    pdf.add_font("body", "", str(find_unicode_font()))
    pdf.set_font("body", size=11)
    pdf.add_page()
    for line in strip_markdown(text).splitlines():
        if line.strip():
            pdf.multi_cell(0, 5.5, line.strip(), new_x="LMARGIN", new_y="NEXT")
        else:
            pdf.ln(2.5)
    pdf.output(str(path))
    return path


def _write_text(text: str, path: Path, newline: str = "\n", encoding: str = "utf-8") -> Path:
    path.write_bytes(text.replace("\n", newline).encode(encoding))
    return path


# name -> (file suffix, writer(source text, target path) -> path)
VARIANTS: dict[str, tuple[str, Callable[[str, Path], Path]]] = {
    "no_diacritics": (".txt", lambda t, p: _write_text(strip_diacritics(t), p)),
    "rewrapped_crlf": (".txt", lambda t, p: _write_text(rewrap(t), p, newline="\r\n")),
    "no_markdown": (".txt", lambda t, p: _write_text(strip_markdown(t), p)),
    # Windows editors save "Unicode" text as UTF-16 with a BOM
    "utf16": (".txt", lambda t, p: _write_text(t, p, newline="\r\n", encoding="utf-16")),
    "docx": (".docx", write_docx),
    "pdf": (".pdf", write_pdf),
}


def make_variant(name: str, source: Path, directory: Path) -> Path:
    suffix, writer = VARIANTS[name]
    text = source.read_text(encoding="utf-8")
    return writer(text, directory / f"{source.stem}-{name}{suffix}")


def _fold_char(c: str) -> str:
    base = unicodedata.normalize("NFD", c.replace("đ", "d").replace("Đ", "D"))
    return "".join(x for x in base if unicodedata.category(x) != "Mn").lower()


def move_to_province(text: str, old: str, new: str) -> str:
    """The same document as another province would issue it: every spelling of `old` (any
    accents or case, also OCR-damaged accents such as 'Kién Giang') becomes `new`, upper case
    where it was printed upper case."""
    folded, index = [], []
    for i, c in enumerate(text):
        for f in _fold_char(c):
            folded.append(f)
            index.append(i)
    haystack, needle = "".join(folded), "".join(_fold_char(c) for c in old)
    out, last = [], 0
    for match in re.finditer(rf"(?<![a-z0-9]){re.escape(needle)}(?![a-z0-9])", haystack):
        start, end = index[match.start()], index[match.end() - 1] + 1
        printed = text[start:end]
        out += [text[last:start], new.upper() if printed.isupper() else new]
        last = end
    out.append(text[last:])
    return "".join(out)
