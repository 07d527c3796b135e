"""Validation of an uploaded plan: /validate (form), POST /validate (report as HTML, JSON,
Turtle, text or CSV by Accept or ?format=). Validation never writes to the store; adding a plan that
passes needs the update token (POST /validate/add) and is atomic."""

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, JSONResponse, Response
from rdflib import Graph, URIRef

from policykg import negotiation as neg
from policykg.errors import PolicykgError
from policykg.namespaces import GRAPH, OA, PROV
from policykg.web.deps import RuntimeDep
from policykg.web.i18n import translator
from policykg.web.routers.trace import parse_date
from policykg.web.runtime import Runtime
from policykg.web.templating import render
from policykg.web.uploads import ALLOWED, Upload, read_upload, temp_dir

router = APIRouter(tags=["validation"])
TEXT = "text/plain"
OFFERED = [neg.HTML, neg.JSON, neg.TURTLE, TEXT, neg.CSV]
SUBMITTED_GRAPH = str(GRAPH["submitted"])
Format = Annotated[str | None, Query(max_length=20,
                                     description="html, json, turtle, text or csv")]

_UPLOAD_BODY = {
    "required": True,
    "content": {
        "multipart/form-data": {
            "schema": {
                "type": "object",
                "required": ["file"],
                "properties": {
                    "file": {"type": "string", "format": "binary"},
                    "as_of": {"type": "string", "format": "date"},
                },
            }
        }
    },
}
_REPORT_RESPONSES = {
    "200": {
        "description": "the SHACL report",
        "content": {neg.HTML: {}, neg.JSON: {}, neg.TURTLE: {}, TEXT: {}, neg.CSV: {}},
    },
    "400": {"description": "unreadable upload"},
    "413": {"description": "larger than 10 MB"},
    "415": {"description": "not .txt .md .docx .pdf .ttl .jsonld"},
}


class Conflict(PolicykgError):
    http_status = 409


@dataclass
class Checked:
    """A validated upload: the report, the submitted triples and the upload's text passages."""

    report: Any
    submitted: Graph
    text: str | None
    passages: dict[str, tuple[int, int]] = field(default_factory=dict)


def _validation() -> Any:
    try:
        from policykg import validate
    except ImportError:
        return None
    return validate


def _obligation_of(focus: str) -> str:
    return focus.split("#", 1)[0]


def _passages(submitted: Graph, foci: set[str], text: str | None) -> dict[str, tuple[int, int]]:
    """focus IRI -> (start, end) of its source passage in the upload's normalised text."""
    out: dict[str, tuple[int, int]] = {}
    if text is None:
        return out
    for focus in foci:
        node = URIRef(_obligation_of(focus))
        for source in submitted.objects(node, PROV.wasDerivedFrom):
            for selector in submitted.objects(source, OA.hasSelector):
                start = submitted.value(selector, OA.start)
                end = submitted.value(selector, OA.end)
                if start is not None and end is not None:
                    s, e = int(start), int(end)
                    if 0 <= s <= e <= len(text):
                        out[focus] = (s, e)
    return out


async def _check(rt: Runtime, upload: Upload, as_of: date | None) -> Checked:
    """Parse the upload in a worker process (time and memory limits: an upload can be a bomb),
    then validate its triples here."""
    with temp_dir() as directory:
        path = upload.save(Path(directory))
        try:
            submitted, texts = await rt.read_submission(path)
        except PolicykgError as exc:
            raise _named_as_uploaded(exc, path, upload.name) from None
    report = await rt.run(_report, rt, submitted, as_of)
    text = texts.get(path.name)
    foci = {r.focus for r in report.results}
    return Checked(report, submitted, text, _passages(submitted, foci, text))


def _named_as_uploaded(exc: PolicykgError, path: Path, name: str) -> PolicykgError:
    """The error names the file as the client sent it, not the server's temporary path."""
    text = str(exc).replace(str(path), name or path.name)
    exc.args = (text.replace(str(path.parent), "upload"),)
    return exc


def _report(rt: Runtime, submitted: Graph, as_of: date | None) -> Any:
    return _validation().validate_graph(submitted, as_of=as_of, store=rt.store)


def _media(request: Request, fmt: str | None) -> str:
    return neg.from_format(fmt, OFFERED) or neg.choose(request.headers.get("accept"), OFFERED, {})


def _as_of(upload: Upload) -> date | None:
    return parse_date(upload.fields.get("as_of") or None)


def _report_response(request: Request, checked: Checked, media: str, name: str) -> Response:
    report = checked.report
    if media == neg.JSON:
        return Response(report.to_json(), media_type=neg.JSON)
    if media == neg.TURTLE:
        return Response(report.to_turtle(), media_type=neg.TURTLE)
    lang = translator(request).lang
    if media == TEXT:
        return Response(report.to_text(lang=lang), media_type=TEXT)
    if media == neg.CSV:
        return Response(report.to_csv(lang), media_type=f"{neg.CSV}; charset=utf-8")
    shown = sorted(set(checked.passages.values()))
    anchors = {span: f"passage-{i + 1}" for i, span in enumerate(shown)}
    passages = [
        {
            "id": anchors[span],
            "before": checked.text[max(0, span[0] - 200) : span[0]],
            "mark": checked.text[span[0] : span[1]],
            "after": checked.text[span[1] : span[1] + 200],
            "start": span[0],
            "end": span[1],
        }
        for span in shown
    ]
    links = {focus: anchors[span] for focus, span in checked.passages.items()}
    return render(
        request,
        "report.html",
        title=f"Validation of {name}",
        name=name,
        report=report,
        groups=report.by_severity(),
        counts=report.counts(),
        links=links,
        passages=passages,
    )


@router.get("/validate", response_class=HTMLResponse)
async def validate_form(request: Request, rt: RuntimeDep) -> HTMLResponse:
    """Upload form."""
    return render(
        request,
        "validate.html",
        title="Validate a plan",
        allowed=sorted(ALLOWED),
        limit_mb=rt.settings.max_upload // (1024 * 1024),
        can_add=bool(rt.settings.update_token),
    )


def _unavailable() -> JSONResponse:
    return JSONResponse({"error": "validation not available", "status": 503}, 503)


@router.post(
    "/validate", openapi_extra={"requestBody": _UPLOAD_BODY, "responses": _REPORT_RESPONSES}
)
async def validate_upload(
    request: Request, rt: RuntimeDep, format: Format = None  # noqa: A002
) -> Response:
    """Validate an uploaded plan (.txt .md .docx .pdf .ttl .jsonld, at most 10 MB) against the
    shapes, with the graph as context. The store is not changed."""
    if _validation() is None:
        return _unavailable()
    media = _media(request, format)
    upload = await read_upload(request, rt.settings.max_upload)
    checked = await _check(rt, upload, _as_of(upload))
    return _report_response(request, checked, media, upload.name)


def _add(rt: Runtime, checked: Checked) -> int:
    with temp_dir() as directory:
        path = Path(directory) / "submitted.ttl"
        checked.submitted.serialize(path, format="turtle")
        return rt.write(rt.store.add, [path], SUBMITTED_GRAPH)


@router.post("/validate/add", openapi_extra={"requestBody": _UPLOAD_BODY})
async def add_plan(request: Request, rt: RuntimeDep) -> JSONResponse:
    """Validate a plan and, when it has no violations, add its triples to the graph
    <https://w3id.org/policykg/graph/submitted> in one atomic write. Needs
    'Authorization: Bearer <update token>'."""
    rt.check_token(request.headers.get("authorization"))
    if _validation() is None:
        return _unavailable()
    upload = await read_upload(request, rt.settings.max_upload)
    checked = await _check(rt, upload, _as_of(upload))
    counts = checked.report.counts()
    if counts.get("Violation"):
        raise Conflict(
            f"not added: the plan has {counts['Violation']} violation(s); "
            "POST it to /validate for the report"
        )
    total = await rt.run(_add, rt, checked)
    return JSONResponse(
        {
            "added": len(checked.submitted),
            "graph": SUBMITTED_GRAPH,
            "storeTriples": total,
            "counts": counts,
        }
    )
