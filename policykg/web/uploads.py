"""Reading an uploaded plan: size checked while the body streams in (before any parsing), type
by extension, the file written to a private temporary directory under a sanitised name."""

import re
import tempfile
from dataclasses import dataclass
from pathlib import Path

from fastapi import Request
from starlette.datastructures import UploadFile

from policykg.errors import PolicykgError

ALLOWED = {".txt", ".md", ".docx", ".pdf", ".ttl", ".jsonld"}
MULTIPART_SLACK = 64 * 1024  # boundaries and part headers around the file


class TooLarge(PolicykgError):
    http_status = 413


class UnsupportedType(PolicykgError):
    http_status = 415


@dataclass
class Upload:
    name: str
    data: bytes
    fields: dict[str, str]

    @property
    def suffix(self) -> str:
        return Path(self.name).suffix.lower()

    def save(self, directory: Path) -> Path:
        path = directory / self.name
        path.write_bytes(self.data)
        return path


def safe_name(name: str | None) -> str:
    base = Path((name or "upload").replace("\\", "/")).name
    stem, suffix = Path(base).stem, Path(base).suffix.lower()
    stem = re.sub(r"[^\w.-]+", "_", stem).strip("._")[:80] or "upload"
    return stem + suffix


async def read_body(request: Request, limit: int, too_large: str) -> bytes:
    """The request body, counted while it streams in: TooLarge(too_large) past `limit` bytes."""
    body = bytearray()
    async for chunk in request.stream():
        body += chunk
        if len(body) > limit:
            raise TooLarge(too_large)
    return bytes(body)


async def read_upload(request: Request, limit: int, field: str = "file") -> Upload:
    """The single file of a multipart/form-data request (and its text fields)."""
    content_type = request.headers.get("content-type", "")
    if not content_type.lower().startswith("multipart/form-data"):
        raise UnsupportedType("upload the plan as multipart/form-data with a 'file' field")
    ceiling = limit + MULTIPART_SLACK
    too_large = f"upload larger than {limit // (1024 * 1024)} MB"
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > ceiling:
        raise TooLarge(too_large)
    body = await read_body(request, ceiling, too_large)

    async def replay() -> dict:
        return {"type": "http.request", "body": body, "more_body": False}

    form = await Request(request.scope, replay).form(max_files=1, max_fields=20)
    try:
        upload = form.get(field)
        if not isinstance(upload, UploadFile):
            raise PolicykgError(f"no file in the '{field}' field of the upload")
        data = await upload.read()
        name = safe_name(upload.filename)
        fields = {k: v for k, v in form.items() if isinstance(v, str)}
    finally:
        await form.close()
    if len(data) > limit:
        raise TooLarge(too_large)
    if not data.strip():
        raise PolicykgError("the uploaded file is empty")
    if Path(name).suffix.lower() not in ALLOWED:
        raise UnsupportedType(
            f"cannot validate {Path(name).suffix or 'files without an extension'}; "
            f"upload one of {', '.join(sorted(ALLOWED))}"
        )
    return Upload(name, data, fields)


def temp_dir() -> tempfile.TemporaryDirectory:
    return tempfile.TemporaryDirectory(prefix="policykg-upload-")
