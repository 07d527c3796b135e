"""Issue 10, defect 2: upload denial of service. A few hundred KB of .docx inflating to 200 MB,
a PDF whose 2,000 pages share one compressed content stream, or a huge plain-text file kept
/validate (and `policykg ingest`) busy for minutes at gigabytes. Now each is refused before it is
read (policykg/ingest/limits.py), with 413 JSON on the server and exit 2 on the CLI, and what
passes those limits is parsed in a worker process with a time and memory limit while other pages
keep answering. The bombs are generated here, never committed."""

import io
import struct
import subprocess
import sys
import threading
import zipfile
import zlib
from pathlib import Path

import httpx
import pytest
from fastapi.testclient import TestClient
from web_fixtures import start_uvicorn, stop

from policykg.ingest import limits
from policykg.ingest.read import read_source
from policykg.web.app import create_app
from policykg.web.settings import Settings

SOURCES = Path(__file__).resolve().parent.parent / "graph" / "sources"
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" '
    'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/word/document.xml" ContentType="application/'
    'vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>'
)
RELS = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Target="word/document.xml" Type="http://schemas.openxmlformats.org/'
    'officeDocument/2006/relationships/officeDocument"/></Relationships>'
)


# -- the bombs --
def docx_bomb(inflated_mb: int) -> bytes:
    """A .docx whose word/document.xml is one run of `inflated_mb` MB of 'A' (~1000:1)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as package:
        package.writestr("[Content_Types].xml", CONTENT_TYPES)
        package.writestr("_rels/.rels", RELS)
        with package.open("word/document.xml", "w", force_zip64=True) as part:
            part.write(f'<w:document xmlns:w="{W}"><w:body><w:p><w:r><w:t>'.encode())
            chunk = b"A" * (1 << 20)
            for _ in range(inflated_mb):
                part.write(chunk)
            part.write(b"</w:t></w:r></w:p></w:body></w:document>")
    return buffer.getvalue()


def lying_docx(inflated_mb: int, declared: int) -> bytes:
    """A bomb whose headers declare document.xml `declared` bytes long (a lie)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as package:
        package.writestr("[Content_Types].xml", CONTENT_TYPES)
        package.writestr("_rels/.rels", RELS)
        body = f'<w:document xmlns:w="{W}"><w:body><w:p><w:r><w:t>'.encode()
        package.writestr("word/document.xml", body + b"A" * (inflated_mb << 20))
    data = bytearray(buffer.getvalue())
    name = b"word/document.xml"
    # uncompressed size: at 22 in a local header (name at 30), at 24 in a central one (name at 46)
    for signature, size_at, name_at in ((b"PK\x03\x04", 22, 30), (b"PK\x01\x02", 24, 46)):
        at = 0
        while (at := data.find(signature, at)) >= 0:
            if data[at + name_at : at + name_at + len(name)] == name:
                struct.pack_into("<I", data, at + size_at, declared)
            at += 4
    return bytes(data)


def pdf_bomb(pages: int, operations: int = 20000) -> bytes:
    """A PDF of `pages` pages that all draw one FlateDecode content stream (~1.2 MB decoded,
    a few KB compressed): each page's text extraction would parse the whole stream again."""
    content = b"BT /F1 12 Tf 72 712 Td (Ke hoach trien khai chi thi) Tj ET\n" * operations
    stream = zlib.compress(content, 9)
    objects = {
        1: b"<< /Type /Catalog /Pages 2 0 R >>",
        3: b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        4: b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(stream)
        + stream
        + b"\nendstream",
    }
    page = (
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 3 0 R >> >> >>"
    )
    kids = []
    for number in range(5, 5 + pages):
        objects[number] = page
        kids.append(b"%d 0 R" % number)
    objects[2] = b"<< /Type /Pages /Kids [" + b" ".join(kids) + b"] /Count %d >>" % pages
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = {}
    for number in sorted(objects):
        offsets[number] = out.tell()
        out.write(b"%d 0 obj\n" % number + objects[number] + b"\nendobj\n")
    xref, size = out.tell(), max(objects) + 1
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % size)
    out.write(b"".join(b"%010d 00000 n \n" % offsets[n] for n in range(1, size)))
    out.write(b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (size, xref))
    return out.getvalue()


def big_text(megabytes: float) -> bytes:
    """Real plan text repeated to about `megabytes` MB: every part of ingest does real work."""
    seed = "\n\n".join(p.read_text(encoding="utf-8") for p in sorted(SOURCES.glob("*.txt")))
    size = int(megabytes * (1 << 20))
    data = (seed * (size // len(seed.encode("utf-8")) + 1)).encode("utf-8")[:size]
    return data.decode("utf-8", errors="ignore").encode("utf-8")


@pytest.fixture(scope="module")
def bombs(tmp_path_factory) -> dict[str, Path]:
    directory = tmp_path_factory.mktemp("bombs")
    made = {
        "zip-bomb.docx": docx_bomb(200),  # the issue's: ~200 KB inflating to 200 MB
        "lying.docx": lying_docx(40, 1000),
        "pages.pdf": pdf_bomb(2000),  # the 315 KB PDF
        "shared.pdf": pdf_bomb(400),  # under the page cap: the content budget refuses it
        "huge.txt": big_text(limits.MAX_TEXT_BYTES / (1 << 20) + 1),
    }
    for name, data in made.items():
        (directory / name).write_bytes(data)
    return {name: directory / name for name in made}


# -- the reader (CLI and server alike) --
@pytest.mark.parametrize("name", ["zip-bomb.docx", "pages.pdf", "shared.pdf", "huge.txt"])
def test_defect2_reader_refuses_bombs_before_reading(bombs, name):
    assert bombs[name].stat().st_size < 4 * (1 << 20)  # small files, big costs
    with pytest.raises(limits.LimitExceeded) as caught:
        read_source(bombs[name])
    assert name in str(caught.value) and caught.value.http_status == 413


def test_defect2_lying_zip_header_is_not_believed(bombs):
    """Declared 1000 bytes, inflates to 40 MB: the read stops at the declared size and the
    package is refused as damaged (the CRC does not match), never inflated in full."""
    with pytest.raises(Exception) as caught:
        read_source(bombs["lying.docx"])
    assert "not a readable .docx" in str(caught.value)


def test_defect2_limits_leave_real_documents_alone():
    for source in sorted(SOURCES.glob("*.txt")):
        assert read_source(source).text


# -- the CLI --
def _cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-c", "from policykg.cli import main; main()", *args],
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.mark.parametrize("name", ["zip-bomb.docx", "pages.pdf", "huge.txt"])
def test_defect2_cli_ingest_and_validate_exit_2(bombs, name, tmp_path):
    out = tmp_path / "out.ttl"
    for run in (
        _cli("ingest", str(bombs[name]), "--out", str(out)),
        _cli("validate", str(bombs[name]), "--no-store"),
    ):
        assert run.returncode == 2, run.stderr
        lines = run.stderr.strip().splitlines()
        assert len(lines) == 1 and name in lines[0] and "Traceback" not in run.stderr
    assert not out.exists()


# -- the server --
@pytest.fixture(scope="module")
def client(built_store_dir):
    settings = Settings(data_dir=built_store_dir, query_workers=1)
    with TestClient(create_app(settings)) as test_client:
        yield test_client


@pytest.mark.parametrize("name", ["zip-bomb.docx", "pages.pdf", "shared.pdf", "huge.txt"])
def test_defect2_server_answers_413_json(client, bombs, name):
    response = client.post("/validate", files={"file": (name, bombs[name].read_bytes())})
    assert response.status_code == 413, response.text
    body = response.json()
    assert body["status"] == 413 and name in body["error"]
    assert client.get("/api/stats").status_code == 200  # the server is fine


def test_defect2_server_lying_header_is_400(client, bombs):
    data = bombs["lying.docx"].read_bytes()
    response = client.post("/validate", files={"file": ("lying.docx", data)})
    assert response.status_code == 400 and "not a readable .docx" in response.json()["error"]


def test_defect2_worker_memory_limit_refuses_413(built_store_dir):
    """Within the size limits but over the parse worker's address-space ceiling: the worker
    hits MemoryError (or dies), the server answers 413 and keeps its own memory."""
    settings = Settings(data_dir=built_store_dir, query_workers=1, parse_memory_mb=8)
    with TestClient(create_app(settings)) as small:
        response = small.post("/validate", files={"file": ("plan.txt", big_text(0.9))})
        assert response.status_code == 413, response.text
        assert response.json()["status"] == 413
        assert small.get("/api/stats").status_code == 200


def test_defect2_slow_upload_killed_while_other_pages_answer(built_store_dir):
    """Within the size limits but slower to read than the parse time limit (a real server with
    POLICYKG_PARSE_TIMEOUT=1): 413 JSON, and an unrelated page answers while it is refused."""
    process, base = start_uvicorn(built_store_dir, {"POLICYKG_PARSE_TIMEOUT": "1"})
    try:
        answers: list[httpx.Response] = []
        plan = big_text(0.95 * limits.MAX_TEXT_BYTES / (1 << 20))  # ~3 s to ingest

        def upload() -> None:
            files = {"file": ("plan.txt", plan)}
            answers.append(httpx.post(f"{base}/validate", timeout=60, files=files))

        worker = threading.Thread(target=upload)
        worker.start()
        pages = []
        while worker.is_alive() and len(pages) < 50:
            pages.append(httpx.get(f"{base}/api/stats", timeout=30).status_code)
        worker.join(60)
        assert answers and answers[0].status_code == 413, answers and answers[0].text
        assert "not read within 1 s" in answers[0].json()["error"]
        assert pages and set(pages) == {200}
    finally:
        stop(process)
