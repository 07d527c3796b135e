"""What one input file may cost to read, checked before the costly part of reading it.

A few hundred kilobytes can expand into gigabytes: a .docx is a zip whose members inflate
(a 400 KB document.xml of repeated bytes inflates to 200 MB), and a PDF's pages can all share one
compressed content stream (2,000 pages reading the same 1 MB stream is 2 GB of page text to
parse). Plain text costs about 3 s per MB to ingest. So every limit here is checked from what the
file declares (zip headers, page count, decoded stream lengths) before python-docx, pypdf or the
pipeline do the expensive work, and the actual amounts are counted as they are read, because
headers can lie. The numbers are far above any real plan (the seed sources are 15-26 KB of text;
a 100-page Word plan's document.xml is a few MB) and far below what hurts a 2-core server.

The web server reads uploads in a worker process with a time and memory limit as well
(policykg/web/query_pool.py); these limits are what guard the CLI and keep the worker's refusals
quick and precise. README.md ("Input limits") lists them."""

from __future__ import annotations

import contextlib
import io
import zipfile
from collections.abc import Iterator

from policykg.errors import PolicykgError

MB = 1024 * 1024

MAX_FILE_BYTES = 20 * MB  # any input file, before it is read at all
# plain text: ~3 s of ingest and ~9 s of validation per MB on one core; 40x the largest seed
MAX_TEXT_BYTES = 1 * MB
MAX_TEXT_CHARS = 1_000_000  # text extracted from a .docx or .pdf (same cost as plain text)

MAX_ZIP_MEMBERS = 1000  # parts in a .docx package (a real one has 10-60)
MAX_ZIP_MEMBER_BYTES = 16 * MB  # one inflated part (document.xml of a long plan: a few MB)
MAX_ZIP_TOTAL_BYTES = 48 * MB  # all parts inflated (images included)
MAX_ZIP_RATIO = 100  # inflated / compressed; Word XML is 5-20x, repeated bytes 1000x
ZIP_RATIO_FLOOR = 1 * MB  # smaller parts are not judged by their ratio

MAX_PDF_PAGES = 500
MAX_PDF_STREAM_BYTES = 8 * MB  # one decoded stream (a text page's content: 5-100 KB)
MAX_PDF_CONTENT_BYTES = 32 * MB  # decoded page content over all pages, a shared stream per page

_CHUNK = 1 * MB


class LimitExceeded(PolicykgError):
    """The input would cost more to read than the limits allow (413 on the server)."""

    http_status = 413


def check_file_size(name: str, size: int) -> None:
    if size > MAX_FILE_BYTES:
        raise LimitExceeded(
            f"{name}: {_mb(size)} is larger than the {_mb(MAX_FILE_BYTES)} "
            "allowed for an input file"
        )


def check_text_bytes(name: str, size: int) -> None:
    if size > MAX_TEXT_BYTES:
        raise LimitExceeded(
            f"{name}: {_mb(size)} of plain text is more than the "
            f"{_mb(MAX_TEXT_BYTES)} allowed; split the file"
        )


def check_chars(name: str, count: int) -> None:
    if count > MAX_TEXT_CHARS:
        raise LimitExceeded(
            f"{name}: more than {MAX_TEXT_CHARS:,} characters of text; split the document"
        )


# -- zip packages (.docx) -------------------------------------------------------------------------
def check_zip(name: str, data: bytes) -> None:
    """Refuse a zip whose parts inflate past the limits: first by the sizes its directory
    declares, then by inflating each part in chunks and counting (stops at the cap)."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as package:
            members = package.infolist()
            _check_declared(name, members)
            _check_inflated(name, package, members)
    except (
        zipfile.BadZipFile,
        zipfile.LargeZipFile,
        NotImplementedError,
        EOFError,
        OSError,
        ValueError,
    ):
        return  # not a readable zip: the .docx reader says so in its own words


def _check_declared(name: str, members: list[zipfile.ZipInfo]) -> None:
    if len(members) > MAX_ZIP_MEMBERS:
        raise LimitExceeded(
            f"{name}: {len(members)} parts in the package (at most {MAX_ZIP_MEMBERS})"
        )
    total = 0
    for member in members:
        _check_member_size(name, member.filename, member.file_size)
        ratio = member.file_size / max(member.compress_size, 1)
        if member.file_size > ZIP_RATIO_FLOOR and ratio > MAX_ZIP_RATIO:
            raise LimitExceeded(
                f"{name}: {member.filename} inflates {ratio:.0f}-fold "
                f"(at most {MAX_ZIP_RATIO}); refused as a zip bomb"
            )
        total += member.file_size
        _check_total(name, total)


def _check_inflated(name: str, package: zipfile.ZipFile, members: list[zipfile.ZipInfo]) -> None:
    total = 0
    for member in members:
        size = 0
        with package.open(member) as stream:
            while chunk := stream.read(_CHUNK):
                size += len(chunk)
                total += len(chunk)
                _check_member_size(name, member.filename, size)
                _check_total(name, total)


def _check_member_size(name: str, member: str, size: int) -> None:
    if size > MAX_ZIP_MEMBER_BYTES:
        raise LimitExceeded(f"{name}: {member} inflates to more than {_mb(MAX_ZIP_MEMBER_BYTES)}")


def _check_total(name: str, total: int) -> None:
    if total > MAX_ZIP_TOTAL_BYTES:
        raise LimitExceeded(f"{name}: the package inflates to more than {_mb(MAX_ZIP_TOTAL_BYTES)}")


# -- PDF ------------------------------------------------------------------------------------------
@contextlib.contextmanager
def pdf_limits() -> Iterator[None]:
    """pypdf's own decompression limits lowered to ours while reading (its defaults are 75 MB
    per stream). Older pypdf has no configuration context: our checks below still apply."""
    try:
        from pypdf import apply_configuration
    except ImportError:
        yield
        return
    cap = MAX_PDF_STREAM_BYTES
    with apply_configuration(
        maximum_declared_stream_length=cap,
        zlib_maximum_output_length=cap,
        lzw_maximum_output_length=cap,
        run_length_maximum_output_length=cap,
        array_based_stream_maximum_output_length=cap,
    ):
        yield


def check_pdf(name: str, data: bytes) -> None:
    """Refuse a PDF with too many pages, or whose pages' decoded content (each page counting the
    streams it draws, shared or not) passes the limits, before any text is extracted."""
    from pypdf import PdfReader
    from pypdf.errors import LimitReachedError

    try:
        reader = PdfReader(io.BytesIO(data))
        pages = len(reader.pages)
        if pages > MAX_PDF_PAGES:
            raise LimitExceeded(f"{name}: {pages} pages (at most {MAX_PDF_PAGES})")
        total = 0
        for page in reader.pages:
            total += _page_content_bytes(name, page)
            if total > MAX_PDF_CONTENT_BYTES:
                raise LimitExceeded(
                    f"{name}: the pages' content decodes to more than {_mb(MAX_PDF_CONTENT_BYTES)}"
                )
    except LimitReachedError:
        raise LimitExceeded(
            f"{name}: a stream decodes to more than {_mb(MAX_PDF_STREAM_BYTES)}"
        ) from None
    except LimitExceeded:
        raise
    except Exception:  # a damaged file: the PDF reader says so in its own words
        return


def _page_content_bytes(name: str, page) -> int:
    """Decoded bytes of a page's content streams and the form XObjects its resources name."""
    streams = list(_streams(page.get("/Contents")))
    resources = page.get("/Resources")
    resources = resources.get_object() if resources is not None else {}
    xobjects = resources.get("/XObject")
    if xobjects is not None:
        for ref in xobjects.get_object().values():
            obj = ref.get_object()
            if obj.get("/Subtype") == "/Form":
                streams.append(obj)
    total = 0
    for stream in streams:
        size = len(stream.get_data())
        if size > MAX_PDF_STREAM_BYTES:
            raise LimitExceeded(
                f"{name}: a stream decodes to more than {_mb(MAX_PDF_STREAM_BYTES)}"
            )
        total += size
    return total


def _streams(contents) -> Iterator:
    if contents is None:
        return
    contents = contents.get_object()
    if isinstance(contents, list):
        for ref in contents:
            yield ref.get_object()
    else:
        yield contents


def _mb(size: int) -> str:
    return f"{size / MB:.0f} MB" if size >= MB else f"{size / 1024:.0f} KB"
