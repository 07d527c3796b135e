"""Validation of an uploaded plan: /validate (form), POST /validate (report as HTML, JSON,
Turtle or text by Accept or ?format=). Validation never writes to the store; adding a plan that
passes needs the update token (POST /validate/add) and is atomic."""

from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, JSONResponse, Response

from policykg.web import negotiation as neg
from policykg.web.runtime import Runtime
from policykg.web.templating import render
from policykg.web.uploads import ALLOWED, read_upload

router = APIRouter(tags=["validation"])
OFFERED = [neg.HTML, neg.JSON, neg.TURTLE, "text/plain"]
Format = Annotated[str | None, Query(max_length=20, description="html, json, turtle or text")]

_UPLOAD_BODY = {"required": True, "content": {"multipart/form-data": {"schema": {
    "type": "object", "required": ["file"],
    "properties": {"file": {"type": "string", "format": "binary"},
                   "as_of": {"type": "string", "format": "date"}}}}}}


def _validation() -> Any:
    try:
        from policykg import validate
    except ImportError:
        return None
    return validate


@router.get("/validate", response_class=HTMLResponse)
async def validate_form(request: Request) -> HTMLResponse:
    """Upload form."""
    rt: Runtime = request.app.state.runtime
    return render(request, "validate.html", title="Validate a plan", allowed=sorted(ALLOWED),
                  limit_mb=rt.settings.max_upload // (1024 * 1024))


@router.post("/validate", openapi_extra={"requestBody": _UPLOAD_BODY})
async def validate_upload(request: Request, format: Format = None) -> Response:  # noqa: A002
    """Validate an uploaded plan (.txt .md .docx .pdf .ttl .jsonld, at most 10 MB) against the
    shapes, with the graph as context. The store is not changed."""
    if _validation() is None:
        return JSONResponse({"error": "validation not available", "status": 503}, 503)
    rt: Runtime = request.app.state.runtime
    neg.from_format(format, [neg.HTML, neg.JSON, neg.TURTLE, "text/plain"])
    upload = await read_upload(request, rt.settings.max_upload)
    return JSONResponse({"file": upload.name, "bytes": len(upload.data)})
