"""Reading a source file into THE normalised text that every offset indexes.

Formats: .txt/.md (UTF-8, UTF-8 BOM, UTF-16 with BOM; CRLF/LF/CR), .docx (paragraphs and tables in
document order), .pdf with a text layer. The text is NFC with LF line ends; Markdown markup, page
numbers, stray file-path lines, OCR noise lines and digital-signature metadata are removed. Each
step is deterministic, so the text is reproducible from the source file alone."""

from __future__ import annotations

import io
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from policykg.errors import PolicykgError
from policykg.ingest import limits
from policykg.ingest.scan import fold_same_length

TEXT_SUFFIXES = {".txt", ".md", ".markdown", ".text"}
WORD_SUFFIXES = {".docx"}
PDF_SUFFIXES = {".pdf"}


@dataclass
class SourceText:
    """The normalised text of one file and what was removed from it but is still evidence."""

    name: str
    text: str
    signature_lines: list[str] = field(default_factory=list)  # digital-signature metadata
    # each removed stamp block with the offset in `text` where it stood
    stamps: list[tuple[int, list[str]]] = field(default_factory=list)

    def stamps_in(self, start: int, end: int) -> list[str]:
        """Stamp lines that stood inside text[start:end] or at its end (they follow the
        signature block of the document they certify)."""
        return [line for at, block in self.stamps if start < at <= end for line in block]


def read_file(path: str | Path) -> str:
    """The normalised text of a source file (NFC, LF, markup and noise removed)."""
    return read_source(path).text


def read_source(path: str | Path) -> SourceText:
    path = Path(path)
    if path.is_dir():
        raise PolicykgError(f"{path.name}: a directory, not a document file")
    if not path.is_file():
        raise PolicykgError(f"{path.name}: no such file")
    limits.check_file_size(path.name, path.stat().st_size)  # before reading it at all
    data = path.read_bytes()
    if not data.strip():
        raise PolicykgError(f"{path.name}: the file is empty")
    raw = _decode_by_format(path, data)
    limits.check_chars(path.name, len(raw))
    text, stamps = normalise_with_stamps(raw)
    if not text.strip():
        raise PolicykgError(f"{path.name}: no text left after removing markup and page furniture")
    return SourceText(path.name, text, [line for _, block in stamps for line in block], stamps)


def _decode_by_format(path: Path, data: bytes) -> str:
    suffix = path.suffix.lower()
    if data.startswith(b"%PDF"):
        with limits.pdf_limits():  # pages, decoded streams: checked before any text is read
            limits.check_pdf(path.name, data)
            return _pdf_text(path, data)
    if data.startswith(b"PK\x03\x04"):
        if suffix in WORD_SUFFIXES or suffix not in TEXT_SUFFIXES:
            limits.check_zip(path.name, data)  # inflated sizes, before python-docx opens it
            return _docx_text(path, data)
        raise PolicykgError(f"{path.name}: a zip archive, not a text file")
    if suffix in PDF_SUFFIXES:
        raise PolicykgError(f"{path.name}: not a PDF file (no %PDF signature)")
    if suffix in WORD_SUFFIXES:
        raise PolicykgError(f"{path.name}: not a .docx file (not a zip package)")
    if suffix == ".doc" or data.startswith(b"\xd0\xcf\x11\xe0"):
        raise PolicykgError(f"{path.name}: legacy Word .doc is not supported; save it as .docx")
    if suffix and suffix not in TEXT_SUFFIXES:
        raise PolicykgError(
            f"{path.name}: unknown format '{suffix}' (expected .txt, .md, .docx or .pdf)"
        )
    limits.check_text_bytes(path.name, len(data))
    return decode_text(path.name, data)


def decode_text(name: str, data: bytes) -> str:
    """Bytes of a plain-text file to str: BOMs honoured, UTF-16 without BOM sniffed."""
    if data.startswith(b"\xef\xbb\xbf"):
        return _strict(name, data[3:], "utf-8")
    if data.startswith(b"\xff\xfe"):
        return _strict(name, data[2:], "utf-16-le")
    if data.startswith(b"\xfe\xff"):
        return _strict(name, data[2:], "utf-16-be")
    sample = data[:4000]
    zeros_even = sample[0::2].count(0)
    zeros_odd = sample[1::2].count(0)
    if zeros_odd > len(sample) // 4 and zeros_even == 0:
        return _strict(name, data, "utf-16-le")
    if zeros_even > len(sample) // 4 and zeros_odd == 0:
        return _strict(name, data, "utf-16-be")
    if b"\x00" in sample:
        raise PolicykgError(f"{name}: binary content, not a text document")
    text = _strict(name, data, "utf-8")
    controls = sum(
        1 for c in text[:4000] if unicodedata.category(c) == "Cc" and c not in "\t\n\r\f"
    )
    if controls > 8:
        raise PolicykgError(f"{name}: binary content, not a text document")
    return text


def _strict(name: str, data: bytes, encoding: str) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        raise PolicykgError(
            f"{name}: not valid {encoding.upper()} text (byte {exc.start}); "
            "save it as UTF-8 or UTF-16"
        ) from None


def _docx_text(path: Path, data: bytes) -> str:
    """Paragraphs and table cells in body order; each cell once (merged cells repeat)."""
    try:
        import docx
        from docx.table import Table
        from docx.text.paragraph import Paragraph

        document = docx.Document(io.BytesIO(data))
    except Exception as exc:  # python-docx raises several unrelated types on bad packages
        raise PolicykgError(
            f"{path.name}: not a readable .docx file ({type(exc).__name__})"
        ) from None
    return "\n".join(_block_lines(document.element.body, document, Paragraph, Table))


def _block_lines(parent, document, Paragraph, Table) -> list[str]:  # noqa: N803 (classes)
    """Lines of a body-level container: paragraphs (text boxes anchored in them first: letter
    headers often sit in one), tables, and content controls, in document order."""
    lines: list[str] = []
    for child in parent.iterchildren():
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "p":
            for box in child.xpath(".//w:txbxContent[not(ancestor::*[local-name()='Fallback'])]"):
                lines.extend(_block_lines(box, document, Paragraph, Table))
            lines.append(Paragraph(child, document).text)
        elif tag == "tbl":
            lines.extend(_table_lines(Table(child, document)))
        elif tag == "sdt":
            for content in child.xpath("./w:sdtContent"):
                lines.extend(_block_lines(content, document, Paragraph, Table))
    return lines


def _table_lines(table) -> list[str]:
    """A data table (three columns or more) as one "cell | cell |" line per row, the form the
    task-table parser reads in text; a layout table (a header block, a signature) cell by cell."""
    if max((len(row._tr.tc_lst) for row in table.rows), default=0) >= 3:
        return _table_rows(table)
    lines: list[str] = []
    seen: set[int] = set()
    for row in table.rows:
        for cell in row.cells:
            if id(cell._tc) in seen:
                continue
            seen.add(id(cell._tc))
            lines.extend(p.text for p in cell.paragraphs)
            for inner in cell.tables:
                lines.extend(_table_lines(inner))
        lines.append("")
    return lines


def _table_rows(table) -> list[str]:
    """Each row once, each cell once (a horizontal span is one cell); the rows under the first
    of a vertical span get an empty cell (the task-table parser carries the lead down). A nested
    table follows the row that holds it."""
    from docx.table import _Cell

    lines: list[str] = []
    for row in table.rows:
        cells, inner = [], []
        for tc in row._tr.tc_lst:
            if tc.vMerge == "continue":
                cells.append("")
                continue
            cell = _Cell(tc, table)
            cells.append(" ".join(p.text for p in cell.paragraphs))
            inner.extend(cell.tables)
        lines.append(_row_line(cells))
        for nested in inner:
            lines.extend(_table_lines(nested))
    return lines


def _row_line(cells: list[str | None]) -> str:
    """ "cell | cell |": wraps joined, a bar inside a cell written as "/"."""
    return " | ".join(" ".join((c or "").replace("|", "/").split()) for c in cells) + " |"


def _pdf_text(path: Path, data: bytes) -> str:
    try:
        from pypdf import PdfReader

        reader = PdfReader(io.BytesIO(data))
        pages = [page.extract_text() or "" for page in reader.pages]
    except Exception as exc:  # pypdf raises many types on damaged files
        raise PolicykgError(f"{path.name}: not a readable PDF ({type(exc).__name__})") from None
    pages = _with_pdf_tables(data, pages)
    text = "\n".join(pages)
    if not re.search(r"\w", text):
        raise PolicykgError(
            f"{path.name}: the PDF has no text layer (a scanned image?); run OCR first"
        )
    return text


# a page that may hold an assignment table (folded text): only such pages are re-read
_TABLE_CUE = re.compile(r"chu tri|phoi hop|thuc hien|nhiem vu")


def _with_pdf_tables(data: bytes, pages: list[str]) -> list[str]:
    """Pages that hold a table, re-read with pdfplumber (ruled tables of text PDFs): the text
    around each table, then the table as "cell | cell |" rows. Only pages whose text names a
    task or a lead, and the pages a table runs on to, are re-read (pdfplumber costs tens of ms a
    page); the page cap and content limits were checked before any of this. Any failure keeps
    pypdf's text."""
    try:
        import pdfplumber
    except ImportError:
        return pages
    cues = {i for i, text in enumerate(pages) if _TABLE_CUE.search(fold_same_length(text))}
    if not cues:
        return pages
    out = list(pages)
    try:
        with pdfplumber.open(io.BytesIO(data)) as pdf:
            follow = False
            for index, page in enumerate(pdf.pages[: limits.MAX_PDF_PAGES]):
                if index in cues or follow:
                    rendered = _pdf_page_with_tables(page)
                    follow = rendered is not None
                    out[index] = rendered if rendered is not None else out[index]
                page.close()
    except Exception:  # pdfminer raises many types on files pypdf reads
        return pages
    return out


def _pdf_page_with_tables(page) -> str | None:
    tables = [t for t in page.find_tables() if len(t.rows) >= 2 and len(t.columns) >= 3]
    if not tables:
        return None
    parts: list[str] = []
    top = 0.0
    for table in sorted(tables, key=lambda t: t.bbox[1]):
        x0, table_top, x1, bottom = table.bbox
        parts.append(_pdf_region_text(page, top, table_top))
        parts.extend(_row_line(row) for row in table.extract())
        top = max(top, bottom)
    parts.append(_pdf_region_text(page, top, page.height))
    return "\n".join(part for part in parts if part)


def _pdf_region_text(page, top: float, bottom: float) -> str:
    top, bottom = max(top, page.bbox[1]), min(bottom, page.bbox[3])
    if bottom - top < 1:
        return ""
    return page.crop((page.bbox[0], top, page.bbox[2], bottom)).extract_text() or ""


# ---------------------------------------------------------------------------------------------
# Normalisation

_BOLD = re.compile(r"\*\*(.+?)\*\*", re.S)
_BOLD_UNDERSCORE = re.compile(r"(?<!\w)__(.+?)__(?!\w)", re.S)
_EMPHASIS = re.compile(r"(?<![\w*])\*(?=\S)([^*\n]+?)(?<=\S)\*(?![\w*])")
_HEADING = re.compile(r"^#{1,6}[ \t]+", re.M)
_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!|>])")
_PAGE_NUMBER = re.compile(r"^(?:-\s*)?(?:trang\s+)?\d{1,3}(?:\s*-)?(?:\s*/\s*\d{1,3})?$", re.I)
_WIN_PATH = re.compile(r"^(?:[A-Za-z]:)?\\{1,2}[^\\\s][^\\]*(?:\\[^\\]+)+$")
_UNIX_PATH = re.compile(
    r"^(?:[A-Za-z]:)?/?(?:[\w.-]+/){2,}[^/\s]*\.(?:docx?|pdf|txt|odt|rtf)$", re.I
)
_DECORATION = re.compile(r"^[*\-_=~.·•]{1,}$")
_ISO_STAMP = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2})?(?:[+-]\d{2}:?\d{2}|Z)?$")
_SIGNATURE_MARKERS = (
    "chung thuc so",
    "da ky len van ban",
    "ky so boi",
    "signature valid",
    "ky boi:",
)


def normalise(raw: str) -> tuple[str, list[str]]:
    """Raw decoded text -> (normalised text, removed signature-metadata lines)."""
    text, stamps = normalise_with_stamps(raw)
    return text, [line for _, block in stamps for line in block]


_STAMP = "\x00stamp:"  # stands in for a removed stamp block until offsets are known


def normalise_with_stamps(raw: str) -> tuple[str, list[tuple[int, list[str]]]]:
    """Raw decoded text -> (normalised text, [(offset, stamp block lines)])."""
    # PDF text layers sometimes put a space before a combining accent ("ho ̣ach"): rejoin it
    text = unicodedata.normalize("NFC", re.sub(r"[ \t]+(?=[\u0300-\u036f])", "", raw))
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = (
        text.replace("\u00a0", " ").replace("\u200b", "").replace("\ufeff", "").replace("\f", "\n")
    )
    text = _strip_markdown(text)
    lines, blocks = _strip_signature(
        [line.replace("\t", " ").strip() for line in text.split("\n")]
    )
    kept: list[str] = []
    stamps: list[tuple[int, list[str]]] = []
    size = 0  # length of "\n".join(kept) + "\n" so far
    for index, line in enumerate(lines):
        if line.startswith(_STAMP):
            stamps.append((size, blocks[int(line[len(_STAMP) :])]))
            continue
        if _is_furniture(line):
            continue
        if line.startswith("* ") and not _star_list(lines, index):
            line = line[2:].lstrip()  # a decorative star under a header line, not a bullet
        elif line.startswith("* "):
            line = "- " + line[2:].lstrip()  # a Markdown list item
        line = line.rstrip("\\").rstrip()  # a Markdown hard-break backslash
        if not line and (not kept or not kept[-1]):
            continue  # collapse runs of blank lines
        kept.append(re.sub(r"[ \t]{2,}", " ", line))
        size += len(kept[-1]) + 1
    while kept and not kept[-1]:
        kept.pop()
    text = "\n".join(kept) + "\n"
    return text, [(min(at, len(text)), block) for at, block in stamps]


_ESCAPABLE = "\\`*_{}[]()#+-.!|>"


def _strip_markdown(text: str) -> str:
    # escaped characters are literal: hide them from the markup patterns, restore them after
    text = _ESCAPE.sub(lambda m: chr(0xE000 + _ESCAPABLE.index(m.group(1))), text)
    text = _strip_markup(text)
    return re.sub("[\ue000-\ue010]", lambda m: _ESCAPABLE[ord(m.group()) - 0xE000], text)


def _strip_markup(text: str) -> str:
    text = _BOLD.sub(r"\1", text)
    text = _BOLD_UNDERSCORE.sub(r"\1", text)
    text = _EMPHASIS.sub(r"\1", text)
    text = _HEADING.sub("", text)
    text = re.sub(r"^[ \t]*>[ \t]?", "", text, flags=re.M)  # block quotes
    # a leftover lone "**" (bold spanning a removed line) and hard-break backslashes
    text = re.sub(r"\*\*", "", text)
    return text


def _star_list(lines: list[str], index: int) -> bool:
    """A "* " line next to another one is a Markdown list, not a decorative star."""
    neighbours = [lines[i] for i in (index - 1, index + 1) if 0 <= i < len(lines)]
    return any(n.startswith("* ") for n in neighbours)


def _is_furniture(line: str) -> bool:
    """Page numbers, file paths, decoration and OCR noise: lines that carry no document text."""
    if not line:
        return False
    if _PAGE_NUMBER.match(line) or _WIN_PATH.match(line) or _UNIX_PATH.match(line):
        return True
    if _DECORATION.match(line) and line not in {"-", "+"}:
        return True
    return _is_ocr_noise(line)


def _is_ocr_noise(line: str) -> bool:
    """A line of scattered single characters ("- b A B A }\\ A A x .; . ¥ r")."""
    tokens = line.split()
    if len(tokens) < 5:
        return False
    short = sum(1 for t in tokens if len(re.sub(r"\W", "", t)) <= 1)
    return short / len(tokens) >= 0.8


def _strip_signature(lines: list[str]) -> tuple[list[str], list[list[str]]]:
    """Digital-signature stamps (certifying authority, ISO timestamp, signing body, signer) are
    blocks of short lines opened by a stamp line; each block is replaced by a placeholder line
    and returned apart."""
    kept: list[str] = []
    blocks: list[list[str]] = []
    left = 0
    for line in lines:
        if _is_stamp(line):
            left = 6  # a stamp block runs at most this many lines, up to a blank line
            blocks.append([])
            kept.append(f"{_STAMP}{len(blocks) - 1}")
        if left and _SIGNING_BLOCK.match(line):
            left = 0  # "Ký bởi: …" then "TM. ỦY BAN NHÂN DÂN": the printed signature goes on
        if left and line and len(line) <= 200:
            blocks[-1].append(line)
            left -= 1
            continue
        left = 0
        kept.append(line)
    return kept, blocks


_SIGNING_BLOCK = re.compile(r"^(?:T/M|TM|KT|K/T|TL|TUQ)\.?\s+\S", re.I)


def _is_stamp(line: str) -> bool:
    folded = fold_same_length(line)
    return any(marker in folded for marker in _SIGNATURE_MARKERS) or bool(_ISO_STAMP.match(line))


__all__ = ["SourceText", "decode_text", "normalise", "read_file", "read_source"]
