"""The responsibility graph: /graph (the site's page around a sandboxed frame) and /graph/frame
(the graph page itself, with its one panel of search, details and filters; it needs inline
scripts and so gets its own CSP and an iframe sandbox). The URL's filters choose what the frame
shows first; the panel in the frame does the rest without asking the server."""

from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, JSONResponse, Response

from policykg.web.deps import RuntimeDep
from policykg.web.i18n import translator
from policykg.web.runtime import Runtime
from policykg.web.templating import render

router = APIRouter(tags=["pages"])

LEVELS = ["central", "provincial", "district", "commune"]
BRANCHES = ["party", "state", "front", "press"]
# The frame runs vis-network inline; it may not load or send anything, nor reach the parent's
# document. A link the user clicks (a node's local page) may open in the top window.
FRAME_SANDBOX = "allow-scripts allow-top-navigation-by-user-activation"
FRAME_CSP = (f"sandbox {FRAME_SANDBOX}; default-src 'none'; script-src 'unsafe-inline'; "
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


def _render(rt: Runtime, modules: Any, filters: dict[str, str], lang: str) -> str:
    analyze, viz = modules
    network = rt.cached("network", lambda: analyze.build_network(rt.store))
    return viz.render(network, lang=lang, local_links=True, heading=False, **filters)


@router.get("/graph", response_class=HTMLResponse)
async def graph_page(request: Request, level: Text = None, branch: Text = None,
                     document: Text = None, agency: Text = None, focus: Text = None) -> Response:
    """The interactive responsibility graph. By default the cascade of documents and the
    directive's task groups; the filters (level, branch, document, agency) and a focus (an IRI or
    words: the neighbourhood of what matches) choose another first view."""
    if _viz() is None:
        return _unavailable()
    filters = _filters(level, branch, document, agency, focus)
    lang = translator(request).lang
    frame = urlencode({**filters, "lang": lang})
    return render(request, "graph.html", title="Responsibility graph", frame=frame,
                  sandbox=FRAME_SANDBOX)


@router.get("/graph/frame", response_class=HTMLResponse)
async def graph_frame(request: Request, rt: RuntimeDep, level: Text = None, branch: Text = None,
                      document: Text = None, agency: Text = None,
                      focus: Text = None) -> Response:
    """The pyvis page for the filtered view (self-contained, no network access)."""
    modules = _viz()
    if modules is None:
        return _unavailable()
    filters = _filters(level, branch, document, agency, focus)
    lang = translator(request).lang
    key = ("graph-frame", tuple(sorted(filters.items())), lang)
    html = await rt.run(rt.result, key, lambda: _render(rt, modules, filters, lang))
    return HTMLResponse(html, headers={"Content-Security-Policy": FRAME_CSP})
