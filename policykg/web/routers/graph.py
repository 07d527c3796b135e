"""The responsibility graph: /graph (filters and a sandboxed frame) and /graph/frame (the pyvis
page itself, which needs inline scripts and so gets its own CSP and an iframe sandbox)."""

from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, JSONResponse, Response

from policykg.web.deps import RuntimeDep
from policykg.web.runtime import Runtime
from policykg.web.templating import render

router = APIRouter(tags=["pages"])

LEVELS = ["central", "provincial", "district", "commune"]
BRANCHES = ["party", "state", "front", "press"]
# The frame runs vis-network inline; it may not load or send anything, nor reach the parent.
FRAME_CSP = ("sandbox allow-scripts; default-src 'none'; script-src 'unsafe-inline'; "
             "style-src 'unsafe-inline'; img-src data:; frame-ancestors 'self'")

Text = Annotated[str | None, Query(max_length=500)]


def _viz() -> Any:
    try:
        from policykg import analyze, viz
    except ImportError:
        return None
    return analyze, viz


def _unavailable() -> JSONResponse:
    return JSONResponse({"error": "graph view not available", "status": 503}, status_code=503)


def _filters(level: str | None, branch: str | None, document: str | None, agency: str | None,
             focus: str | None) -> dict[str, str]:
    from policykg.errors import PolicykgError

    if level and level not in LEVELS:
        raise PolicykgError(f"level must be one of {', '.join(LEVELS)}")
    if branch and branch not in BRANCHES:
        raise PolicykgError(f"branch must be one of {', '.join(BRANCHES)}")
    given = {"level": level, "branch": branch, "document": document, "agency": agency,
             "focus": focus}
    return {k: v.strip() for k, v in given.items() if v and v.strip()}


def _render(rt: Runtime, modules: Any, filters: dict[str, str]) -> str:
    analyze, viz = modules
    network = rt.cached("network", lambda: analyze.build_network(rt.store))
    return viz.render(network, **filters)


@router.get("/graph", response_class=HTMLResponse)
async def graph_page(request: Request, level: Text = None, branch: Text = None,
                     document: Text = None, agency: Text = None, focus: Text = None) -> Response:
    """The interactive responsibility graph with filters (level, branch, document, agency) and
    a focus (an IRI or words: the neighbourhood of what matches)."""
    if _viz() is None:
        return _unavailable()
    filters = _filters(level, branch, document, agency, focus)
    return render(request, "graph.html", title="Responsibility graph", filters=filters,
                  levels=LEVELS, branches=BRANCHES, query=request.url.query)


@router.get("/graph/frame", response_class=HTMLResponse)
async def graph_frame(request: Request, rt: RuntimeDep, level: Text = None, branch: Text = None,
                      document: Text = None, agency: Text = None,
                      focus: Text = None) -> Response:
    """The pyvis page for the filtered view (self-contained, no network access)."""
    modules = _viz()
    if modules is None:
        return _unavailable()
    filters = _filters(level, branch, document, agency, focus)
    html = await rt.run(_render, rt, modules, filters)
    return HTMLResponse(html, headers={"Content-Security-Policy": FRAME_CSP})
