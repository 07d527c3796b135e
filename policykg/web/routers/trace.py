"""The trace: /api/trace (JSON) and /trace (a readable tree with source passages, owners today
and a focused graph)."""

import json
from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, JSONResponse, Response

from policykg.errors import PolicykgError
from policykg.web.passages import passage
from policykg.web.runtime import Runtime
from policykg.web.templating import render

router = APIRouter()

QueryParam = Annotated[str, Query(max_length=2000, description=(
    "an obligation IRI, a document number with a section path ('28-CT/TW II.3') or words of a "
    "task (accents optional)"))]
AsOfParam = Annotated[str | None, Query(
    max_length=10, description="owners today as of this date (YYYY-MM-DD); default today")]


def parse_date(value: str | None) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise PolicykgError(f"as_of must be a date YYYY-MM-DD, not {value!r}") from None


def _steps(rt: Runtime, q: str, as_of: date | None) -> list[Any]:
    from policykg.trace import trace

    when = as_of or date.today()
    return rt.result(("trace", q.strip(), when), lambda: trace(rt.store, q, when))


def _trace_json(rt: Runtime, q: str, when: date) -> bytes:
    def build() -> bytes:
        steps = _steps(rt, q, when)
        body = {"query": q, "asOf": when.isoformat(), "steps": [s.as_dict() for s in steps]}
        return json.dumps(body, ensure_ascii=False).encode("utf-8")

    # the serialised answer is kept: encoding a long chain costs more than looking it up
    return rt.result(("trace-json", q.strip(), when), build)


@router.get("/api/trace", tags=["api"], response_class=JSONResponse, responses={200: {
    "description": "query, asOf and the steps of the chain",
    "content": {"application/json": {}}}})
async def api_trace(request: Request, q: QueryParam, as_of: AsOfParam = None) -> Response:
    """The chain of obligations carrying out the matched one, each with owners (as written and
    today), deadline, text and source passage offsets."""
    rt: Runtime = request.app.state.runtime
    when = parse_date(as_of) or date.today()
    body = await rt.run(_trace_json, rt, q, when)
    return Response(body, media_type="application/json")


def _tree(steps: list[Any]) -> list[dict[str, Any]]:
    """Steps nested under their parents within the trace (a step with several parents appears
    under the first); each node carries its step and the highlighted passage."""
    nodes = {s.obligation: {"step": s, "passage": passage(s.source), "children": []}
             for s in steps}
    roots = []
    for s in steps:
        parent = next((p for p in s.parents if p in nodes and p != s.obligation), None)
        (nodes[parent]["children"] if parent else roots).append(nodes[s.obligation])
    return roots


@router.get("/trace", response_class=HTMLResponse, tags=["pages"])
async def trace_page(request: Request, q: Annotated[str, Query(max_length=2000)] = "",
                     as_of: AsOfParam = None) -> HTMLResponse:
    """The trace as a page: a tree from the directive down to the plans."""
    rt: Runtime = request.app.state.runtime
    context: dict[str, Any] = {"q": q, "as_of": as_of or "", "tree": [], "count": 0,
                               "error": None, "focus": None}
    if q.strip():
        try:
            steps = await rt.run(_steps, rt, q, parse_date(as_of))
        except PolicykgError as exc:
            context["error"] = str(exc)
            return render(request, "trace.html", title="Trace", status_code=exc.http_status,
                          **context)
        context.update(tree=_tree(steps), count=len(steps),
                       focus=steps[0].obligation if steps else None)
    return render(request, "trace.html", title="Trace", **context)
