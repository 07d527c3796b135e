"""The trace: /api/trace (JSON) and /trace (a readable tree with source passages, owners today
and a focused graph)."""

import json
from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, JSONResponse, Response

from policykg import queries
from policykg.errors import PolicykgError
from policykg.web import trace_view
from policykg.web.deps import RuntimeDep
from policykg.web.i18n import translator
from policykg.web.passages import passage
from policykg.web.runtime import Runtime
from policykg.web.templating import render

router = APIRouter()

QueryParam = Annotated[str, Query(max_length=2000, description=(
    "an obligation IRI, a document number with a section path ('28-CT/TW II.3') or words of a "
    "task (accents optional)"))]
FormatParam = Annotated[str | None, Query(pattern="^(json|csv)$", description="json or csv")]
AsOfParam = Annotated[str | None, Query(
    max_length=10,
    description="owners today as of this date (2025-07-01 or 01/7/2025); default today")]


def parse_date(value: str | None) -> date | None:
    """An as-of date written 2025-07-01 or as Vietnamese write it (01/7/2025)."""
    if not value:
        return None
    try:
        return queries.parse_date(value)
    except PolicykgError:
        raise PolicykgError(f"as_of must be a date (01/7/2025 or 2025-07-01), not {value!r}",
                            key="error.not_date", value=value) from None


def document_numbers(rt: Runtime) -> dict[str, str]:
    """The store's document numbers (web/trace_view.py), kept until the store changes."""
    return rt.cached("document-numbers", lambda: trace_view.document_numbers(rt.store))


def _tolerant(rt: Runtime, q: str) -> str:
    """'28 CT TW 3' -> '28-CT/TW 3' when the store knows that number (web/trace_view.py)."""
    return trace_view.tolerant(q, document_numbers(rt))


async def _steps(rt: Runtime, q: str, as_of: date | None) -> list[Any]:
    when = as_of or date.today()
    q = await rt.run(_tolerant, rt, q)
    return await rt.result_async(("trace", q.strip(), when), lambda: rt.trace(q, when))


def _encode(q: str, when: date, steps: list[Any]) -> bytes:
    body = {"query": q, "asOf": when.isoformat(), "steps": [s.as_dict() for s in steps]}
    return json.dumps(body, ensure_ascii=False).encode("utf-8")


async def _trace_json(rt: Runtime, q: str, when: date) -> bytes:
    async def build() -> bytes:
        return await rt.run(_encode, q, when, await _steps(rt, q, when))

    # the serialised answer is kept: encoding a long chain costs more than looking it up
    return await rt.result_async(("trace-json", q.strip(), when), build)


@router.get("/api/trace", tags=["api"], response_class=JSONResponse, responses={200: {
    "description": "query, asOf and the steps of the chain",
    "content": {"application/json": {}}}})
async def api_trace(rt: RuntimeDep, q: QueryParam, as_of: AsOfParam = None,
                    format: FormatParam = None) -> Response:  # noqa: A002
    """The chain of obligations carrying out the matched one, each with owners (as written and
    today), deadline, text and source passage offsets; `format=csv` for a table."""
    when = parse_date(as_of) or date.today()
    if format == "csv":
        text = trace_view.to_csv(await _steps(rt, q, when))
        return Response(text.encode("utf-8"), media_type="text/csv; charset=utf-8", headers={
            "Content-Disposition": f'attachment; filename="trace-{when.isoformat()}.csv"'})
    body = await _trace_json(rt, q, when)
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


def _extras(rt: Runtime, steps: list[Any], lang: str) -> dict[str, Any]:
    """Names for the tree's IRIs and the tasks above the traced one."""
    return {"names": trace_view.step_names(rt.store, steps, lang),
            "above": trace_view.above(rt.store, steps, lang)}


@router.get("/trace", response_class=HTMLResponse, tags=["pages"])
async def trace_page(request: Request, rt: RuntimeDep,
                     q: Annotated[str, Query(max_length=2000)] = "",
                     as_of: AsOfParam = None) -> HTMLResponse:
    """The trace as a page: a tree from the directive down to the plans."""
    context: dict[str, Any] = {"q": q, "as_of": as_of or "", "tree": [], "count": 0,
                               "error": None, "focus": None}
    if q.strip():
        try:
            day = parse_date(as_of)
            context["as_of"] = day.isoformat() if day else ""  # links carry one spelling
            steps = await _steps(rt, q, day)
        except PolicykgError as exc:
            context["error"] = translator(request).error(exc)
            return render(request, "trace.html", title="Trace", status_code=exc.http_status,
                          **context)
        context.update(await rt.run(_extras, rt, steps, translator(request).lang))
        context.update(tree=await rt.run(_tree, steps), count=len(steps),
                       focus=steps[0].obligation if steps else None)
    return render(request, "trace.html", title="Trace", **context)
