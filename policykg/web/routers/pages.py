"""Home page (counts, cascade, search), search API and the SPARQL query page (YASGUI)."""

from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Body, Query, Request
from fastapi.responses import HTMLResponse, Response

from policykg.web import overview
from policykg.web.deps import RuntimeDep
from policykg.web.i18n import translator
from policykg.web.named_queries import bound_query, named_queries
from policykg.web.names import names
from policykg.web.routers.trace import document_numbers
from policykg.web.runtime import Runtime
from policykg.web.templating import local_href, render

router = APIRouter()


def _cascade(rt: Runtime) -> list[overview.DocumentNode]:
    return rt.cached("cascade", lambda: overview.cascade(rt.store))


def _counts(rt: Runtime) -> dict[str, Any]:
    return rt.cached("counts", lambda: overview.counts(rt.store))


def _home_data(rt: Runtime) -> dict[str, Any]:
    return {"counts": _counts(rt), "cascade": _cascade(rt)}


@router.get("/", response_class=HTMLResponse, tags=["pages"])
async def home(request: Request, rt: RuntimeDep) -> HTMLResponse:
    """What the graph holds: counts, the cascade of documents, a search box."""
    data = await rt.run(_home_data, rt)
    return render(request, "home.html", title="Overview", **data)


@router.get("/api/status", tags=["api"])
async def status(rt: RuntimeDep) -> dict[str, Any]:
    """How queries are answered: the store back end, and in memory mode whether the in-memory
    copy of the current generation is ready (until then workers read the disk)."""
    pool = rt.pool
    memory = "off" if pool is None or not pool.memory else pool.memory_state()
    return {"store": "remote" if rt.store.kind == "remote" else "embedded",
            "memory": memory}


@router.get("/api/stats", tags=["api"])
async def stats(rt: RuntimeDep) -> dict[str, Any]:
    """Counts of documents, obligations, agencies and levels (with per-level counts)."""
    return await rt.run(_counts, rt)


def _search(rt: Runtime, q: str, limit: int) -> list[dict[str, Any]]:
    return rt.result(("search", q, limit), lambda: _find(rt, q, limit))


def _find(rt: Runtime, q: str, limit: int) -> list[dict[str, Any]]:
    index = rt.cached("search", lambda: overview.search_index(rt.store, _cascade(rt)))
    out = []
    for entry in overview.search(index, q, limit):
        hit = {"kind": entry.kind, "iri": entry.iri, "label": entry.label,
               "href": local_href(entry.iri)}
        if entry.kind == "obligation":
            hit["trace"] = "/trace?" + urlencode({"q": entry.iri})
        out.append(hit)
    return out


@router.get("/api/search", tags=["api"])
async def api_search(
    rt: RuntimeDep,
    q: Annotated[str, Query(max_length=500, description="words to find (accents optional)")],
    limit: Annotated[int, Query(ge=1, le=100)] = 20,
) -> dict[str, Any]:
    """Accent-insensitive search over documents, obligations and agencies."""
    return {"query": q, "results": await rt.run(_search, rt, q, limit)}


@router.get("/search", response_class=HTMLResponse, tags=["pages"])
async def search_page(
    request: Request, rt: RuntimeDep, q: Annotated[str, Query(max_length=500)] = ""
) -> HTMLResponse:
    """The search results as a page (the home page's search box without JavaScript)."""
    results = await rt.run(_search, rt, q, 100) if q.strip() else []
    return render(request, "search.html", title="Search", q=q, results=results)


MAX_NAMES = 500


def _names(rt: Runtime, iris: list[str], lang: str) -> dict[str, dict[str, Any]]:
    found = names(rt.store, iris, lang)
    return {iri: {"label": n.label, "hint": n.hint} for iri, n in found.items()}


@router.post("/api/names", tags=["api"])
async def api_names(
    request: Request, rt: RuntimeDep,
    iris: Annotated[list[str], Body(embed=True, max_length=MAX_NAMES,
                                    description="IRIs to name (at most 500)")],
) -> dict[str, Any]:
    """Names for IRIs as the site shows them (a document by its number, a task by its
    document and section, an agency by its label with its province where the label does not
    say it), in the request's language: the query page names its result cells with these."""
    return {"names": await rt.run(_names, rt, iris, translator(request).lang)}


@router.get("/api/queries", tags=["api"])
async def api_queries(request: Request, rt: RuntimeDep) -> dict[str, Any]:
    """The named queries of queries/ with title, description, parameters and text."""
    return {"queries": await rt.run(named_queries, translator(request).lang)}


@router.get("/query", response_class=HTMLResponse, tags=["pages"])
async def query_page(request: Request, rt: RuntimeDep) -> HTMLResponse:
    """SPARQL editor (YASGUI) calling /sparql, preloaded with the named queries."""
    queries = await rt.run(named_queries, translator(request).lang)
    return render(request, "query.html", title="SPARQL query", queries=queries)


@router.get("/api/queries/{name}", tags=["api"])
async def api_query(request: Request, rt: RuntimeDep, name: str) -> dict[str, Any]:
    """One named query; query-string parameters are bound into its text ('bound')."""
    values = {k: v for k, v in request.query_params.items() if v != ""}
    values.pop("lang", None)  # the page's language, not a query parameter
    return await rt.run(bound_query, name, values, translator(request).lang, rt.store,
                        lambda: document_numbers(rt))


@router.get("/favicon.ico", include_in_schema=False)
async def favicon() -> Response:
    return Response(status_code=204)
