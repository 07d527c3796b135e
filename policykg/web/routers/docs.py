"""OpenAPI documentation at /docs with Swagger UI served from /static (no CDN, no inline script)."""

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from policykg.web.templating import render

router = APIRouter(include_in_schema=False)


@router.get("/docs", response_class=HTMLResponse)
async def docs(request: Request) -> HTMLResponse:
    return render(request, "docs.html", title="API documentation")
