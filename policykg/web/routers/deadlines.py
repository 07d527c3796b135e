"""Deadlines and lineage: /deadlines (overdue and upcoming, by owner, filterable by province,
level, agency and document), /deadlines.ics (the same as an iCalendar feed), /api/deadlines
(JSON), and /api/agency/lineage (an agency's dated lineage and the obligations it holds today,
which its /id page shows)."""

from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, Response

from policykg.iri import absolute_iri
from policykg.namespaces import ID
from policykg.web import deadlines as dl
from policykg.web import lineage
from policykg.web.deps import RuntimeDep
from policykg.web.i18n import translator
from policykg.web.names import names
from policykg.web.routers.trace import AsOfParam, parse_date
from policykg.web.runtime import Runtime
from policykg.web.templating import render

router = APIRouter()

IriParam = Annotated[str | None, Query(max_length=500, description="an IRI (id:… or full)")]


def _iri(value: str | None) -> str | None:
    """A full IRI, 'id:…' or a local path '/id/…' as the full IRI (PolicykgError, a 400, else)."""
    if not value:
        return None
    for short in ("id:", "/id/"):
        if value.startswith(short):
            value = str(ID) + value[len(short):]
    return absolute_iri(value)


def _data(rt: Runtime, as_of: date, filters: dict[str, str | None], lang: str) -> dict[str, Any]:
    found = dl.deadlines(rt.store, as_of, **filters)
    tasks = found["overdue"] + found["upcoming"]
    shown = {i for t in tasks for i in (t["document"], *t["owners"], *t["holders"])}
    shown |= set(found["provinces"]) | set(found["levels"])
    shown |= {v for v in filters.values() if v}
    return {**found, "names": names(rt.store, shown, lang)}


def _filters(province: str | None, level: str | None, agency: str | None,
             document: str | None) -> dict[str, str | None]:
    return {"province": _iri(province), "level": _iri(level), "agency": _iri(agency),
            "document": _iri(document)}


async def _load(request: Request, rt: Runtime, as_of: str | None,
                filters: dict[str, str | None]) -> dict[str, Any]:
    day = parse_date(as_of) or date.today()
    lang = translator(request).lang
    key = ("deadlines", day.isoformat(), tuple(sorted(filters.items())), lang)
    return await rt.run(rt.result, key, lambda: _data(rt, day, filters, lang))


@router.get("/deadlines", response_class=HTMLResponse, tags=["pages"])
async def deadlines_page(request: Request, rt: RuntimeDep, province: IriParam = None,
                         level: IriParam = None, agency: IriParam = None,
                         document: IriParam = None, as_of: AsOfParam = None) -> Response:
    """Overdue and upcoming deadlines with their owners then and today."""
    filters = _filters(province, level, agency, document)
    data = await _load(request, rt, as_of, filters)
    query = "&".join(f"{k}={v}" for k, v in filters.items() if v)
    return render(request, "deadlines.html", title=translator(request)("cal.title"),
                  filters=filters, ics_query=query, **data)


def _plain(task: dict[str, Any]) -> dict[str, Any]:
    return {**task, "deadline": str(task["deadline"])}


@router.get("/api/deadlines", tags=["api"])
async def api_deadlines(request: Request, rt: RuntimeDep, province: IriParam = None,
                        level: IriParam = None, agency: IriParam = None,
                        document: IriParam = None, as_of: AsOfParam = None) -> dict[str, Any]:
    """Overdue and upcoming deadlines (JSON), with owners today (the successor resolver)."""
    data = await _load(request, rt, as_of, _filters(province, level, agency, document))
    return {"as_of": data["as_of"], "overdue": [_plain(t) for t in data["overdue"]],
            "upcoming": [_plain(t) for t in data["upcoming"]]}


@router.get("/deadlines.ics", tags=["api"])
async def deadlines_ics(request: Request, rt: RuntimeDep, province: IriParam = None,
                        level: IriParam = None, agency: IriParam = None,
                        document: IriParam = None, as_of: AsOfParam = None) -> Response:
    """The deadlines as an iCalendar feed (RFC 5545): per agency (?agency=), per document
    (?document=), per province or level, or all."""
    filters = _filters(province, level, agency, document)
    data = await _load(request, rt, as_of, filters)
    named = data["names"]

    def label(iri: str) -> str:
        n = named.get(iri)
        return n.label if n else iri

    t = translator(request)
    title = "policykg: " + t("cal.title")
    chosen = [label(v) for v in filters.values() if v]
    if chosen:
        title += " · " + ", ".join(chosen)
    words = {"owners": t("col.owners"), "today": t("col.today"), "deadline": t("col.deadline")}
    body = dl.ics(data["overdue"] + data["upcoming"], title, label, str(request.base_url),
                  words=words)
    return Response(body.encode("utf-8"), media_type="text/calendar; charset=utf-8",
                    headers={"Content-Disposition": 'attachment; filename="policykg.ics"'})


@router.get("/api/agency/lineage", tags=["api"])
async def api_lineage(rt: RuntimeDep, iri: Annotated[str, Query(max_length=500)],
                      as_of: AsOfParam = None) -> dict[str, Any]:
    """An agency's dated lineage as the successor resolver reads it: predecessors, the ways its
    obligations went (each hop's date, kind, stated or inferred and the rule), whether it exists
    on the date, and the obligations it holds then because a reorganisation passed them on."""
    agency = _iri(iri)
    day = parse_date(as_of) or date.today()
    found = await rt.run(lineage.agency_lineage, rt.store, agency, day)
    for task in found["holds"]:
        task["deadline"] = None if task["deadline"] is None else str(task["deadline"])
    return {"agency": agency, **found}
