"""SPARQL 1.1 Protocol: query (GET, form POST, direct POST), update (form or direct POST, with
the update token), dataset parameters, content negotiation and the service description."""

from urllib.parse import parse_qs

import pyoxigraph as ox
from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response
from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import RDF

from policykg import negotiation as neg
from policykg.errors import PolicykgError
from policykg.queries import with_prefixes
from policykg.sparql_check import check_update, query_form
from policykg.sparql_text import with_base, with_dataset, with_limit, with_using
from policykg.web.deps import RuntimeDep
from policykg.web.runtime import Runtime
from policykg.web.uploads import UnsupportedType, read_body

router = APIRouter(tags=["sparql"])
SD = Namespace("http://www.w3.org/ns/sparql-service-description#")

TABULAR = [neg.SPARQL_JSON, neg.SPARQL_XML, neg.CSV, neg.TSV]
BOOLEAN = [neg.SPARQL_JSON, neg.SPARQL_XML]
RDF_FORMATS = [neg.TURTLE, neg.NTRIPLES, neg.JSONLD, neg.RDFXML]
OFFERED = {"SELECT": TABULAR, "ASK": BOOLEAN, "CONSTRUCT": RDF_FORMATS, "DESCRIBE": RDF_FORMATS}

FORM = "application/x-www-form-urlencoded"
DIRECT_QUERY = "application/sparql-query"
DIRECT_UPDATE = "application/sparql-update"


class UpdateUnsupported(PolicykgError):
    """The store does not accept SPARQL Update (its capabilities say so)."""

    http_status = 501


_QUERY_PARAMS = [
    {
        "name": "query",
        "in": "query",
        "required": False,
        "schema": {"type": "string"},
        "description": "SPARQL query; without it the service description is returned",
    },
    {
        "name": "default-graph-uri",
        "in": "query",
        "required": False,
        "schema": {"type": "array", "items": {"type": "string"}},
    },
    {
        "name": "named-graph-uri",
        "in": "query",
        "required": False,
        "schema": {"type": "array", "items": {"type": "string"}},
    },
    {
        "name": "format",
        "in": "query",
        "required": False,
        "schema": {"type": "string", "enum": sorted(neg.FORMAT_NAMES)},
        "description": "result format instead of the Accept header",
    },
]
_POST_BODY = {
    "required": True,
    "content": {
        FORM: {
            "schema": {
                "type": "object",
                "properties": {"query": {"type": "string"}, "update": {"type": "string"}},
            }
        },
        DIRECT_QUERY: {"schema": {"type": "string"}},
        DIRECT_UPDATE: {"schema": {"type": "string"}},
    },
}
_RESPONSES = {
    "200": {"description": "results", "content": {m: {} for m in TABULAR + RDF_FORMATS}},
    "400": {"description": "bad request, syntax error, SERVICE or LOAD"},
    "403": {"description": "update without the update token"},
    "503": {"description": "query timed out"},
}


def _one(values: list[str], name: str) -> str | None:
    if len(values) > 1:
        raise PolicykgError(f"give exactly one '{name}' parameter, not {len(values)}")
    return values[0] if values else None


def _params(request: Request) -> dict[str, list[str]]:
    params: dict[str, list[str]] = {}
    for key, value in request.query_params.multi_items():
        params.setdefault(key, []).append(value)
    return params


def _endpoint(request: Request) -> str:
    return str(request.url_for("sparql_get"))


def _check_charset(content_type: str) -> None:
    for field in content_type.split(";")[1:]:
        name, _, value = field.strip().partition("=")
        if name.lower() == "charset" and value.strip().strip('"').lower() not in ("utf-8", "utf8"):
            raise UnsupportedType(f"SPARQL must be sent as UTF-8, not {value.strip()}")


async def _body_text(request: Request, limit: int) -> str:
    body = await read_body(request, limit, f"request body larger than {limit} bytes")
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError:
        raise PolicykgError("request body is not valid UTF-8") from None


def _media_for(request: Request, form: str, params: dict[str, list[str]]) -> str:
    offered = OFFERED[form]
    return neg.from_format(_one(params.get("format", []), "format"), offered) or neg.choose(
        request.headers.get("accept"), offered
    )


async def _run_query(
    request: Request, rt: Runtime, query: str, params: dict[str, list[str]]
) -> Response:
    query = with_prefixes(query)  # the project's prefixes need no PREFIX lines, as on the CLI
    form = await rt.run(query_form, query)
    media = _media_for(request, form, params)
    text = with_dataset(
        query, params.get("default-graph-uri", []), params.get("named-graph-uri", [])
    )
    if form != "ASK":
        text = with_limit(text, rt.settings.max_rows)
    text = with_base(text, _endpoint(request))

    async def execute() -> tuple[bytes, str, bool]:
        if form in ("CONSTRUCT", "DESCRIBE"):  # capped by triples: N-Triples, one per line
            data, _ = await rt.sparql(text, neg.NTRIPLES)
            data, truncated = _first_lines(data, rt.settings.max_rows)
            return await rt.run(_from_ntriples, data, media), media, truncated
        return *await rt.sparql(text, media), False

    body, content_type, truncated = await rt.result_async(("sparql", text, media), execute)
    headers = {"X-Result-Cap": str(rt.settings.max_rows)} if form != "ASK" else {}
    if truncated:
        headers["X-Result-Truncated"] = "true"
    return Response(body, media_type=content_type, headers=headers)


def _first_lines(data: bytes, count: int) -> tuple[bytes, bool]:
    """The first `count` lines, and whether any were cut."""
    end = -1
    for _ in range(count):
        end = data.find(b"\n", end + 1)
        if end < 0:
            return data, False
    return data[: end + 1], end + 1 < len(data)


_OX_FORMATS = {neg.TURTLE: ox.RdfFormat.TURTLE, neg.RDFXML: ox.RdfFormat.RDF_XML}


def _from_ntriples(ntriples: bytes, media: str) -> bytes:
    """N-Triples in the negotiated syntax (JSON-LD by rdflib: not every store writes it)."""
    if media == neg.NTRIPLES:
        return ntriples
    if media == neg.JSONLD:
        graph = Graph().parse(data=ntriples.decode("utf-8"), format="nt")
        return graph.serialize(format="json-ld").encode("utf-8")
    return ox.serialize(
        ox.parse(ntriples, format=ox.RdfFormat.N_TRIPLES), format=_OX_FORMATS[media]
    )


async def _run_update(
    request: Request, rt: Runtime, update: str, params: dict[str, list[str]]
) -> Response:
    rt.check_token(request.headers.get("authorization"))
    await rt.run(check_update, update)
    text = with_using(
        update, params.get("using-graph-uri", []), params.get("using-named-graph-uri", [])
    )
    text = with_base(text, _endpoint(request))
    if not rt.store.capabilities.update:
        raise UpdateUnsupported("this store does not accept SPARQL Update")
    await rt.run(rt.write, rt.store.update, text)
    return Response(status_code=204)


def _service_description(request: Request, rt: Runtime, media: str) -> Response:
    endpoint = URIRef(_endpoint(request))
    g = Graph()
    g.bind("sd", SD)
    service = URIRef(f"{endpoint}#service")
    g.add((service, RDF.type, SD.Service))
    g.add((service, SD.endpoint, endpoint))
    g.add((service, SD.supportedLanguage, SD.SPARQL11Query))
    if rt.settings.update_token:
        g.add((service, SD.supportedLanguage, SD.SPARQL11Update))
    g.add((service, SD.feature, SD.UnionDefaultGraph))
    for fmt in (
        "SPARQL_Results_JSON",
        "SPARQL_Results_XML",
        "SPARQL_Results_CSV",
        "SPARQL_Results_TSV",
        "Turtle",
        "N-Triples",
        "JSON-LD",
        "RDF_XML",
    ):
        g.add((service, SD.resultFormat, URIRef(f"http://www.w3.org/ns/formats/{fmt}")))
    g.add(
        (
            service,
            URIRef("http://www.w3.org/2000/01/rdf-schema#comment"),
            Literal(
                "policykg: obligations of Directive 28-CT/TW and the documents carrying it "
                "out. Read-only unless started with an update token; no SERVICE or LOAD; "
                f"queries time out after {rt.settings.query_timeout:g} s; at most "
                f"{rt.settings.max_rows} results.",
                lang="en",
            ),
        )
    )
    fmt = {neg.TURTLE: "turtle", neg.NTRIPLES: "nt", neg.JSONLD: "json-ld", neg.RDFXML: "xml"}[
        media
    ]
    return Response(g.serialize(format=fmt), media_type=media)


@router.get(
    "/sparql",
    name="sparql_get",
    openapi_extra={"parameters": _QUERY_PARAMS, "responses": _RESPONSES},
)
async def sparql_get(request: Request, rt: RuntimeDep) -> Response:
    """SPARQL query by GET; with no query, the service description (Turtle)."""
    params = _params(request)
    if "update" in params:
        raise PolicykgError("SPARQL Update must be sent with POST")
    query = _one(params.get("query", []), "query")
    if query is None:
        accept = request.headers.get("accept")
        if neg.choose(accept, [neg.TURTLE, neg.HTML, *RDF_FORMATS], {}) == neg.HTML:
            return RedirectResponse("/query", status_code=303)
        fmt = neg.from_format(_one(params.get("format", []), "format"), RDF_FORMATS)
        return _service_description(request, rt, fmt or neg.choose(accept, RDF_FORMATS, {}))
    return await _run_query(request, rt, query, params)


@router.post(
    "/sparql",
    name="sparql_post",
    openapi_extra={"parameters": _QUERY_PARAMS, "requestBody": _POST_BODY, "responses": _RESPONSES},
)
async def sparql_post(request: Request, rt: RuntimeDep) -> Response:
    """SPARQL query or update by POST: form-encoded (query= or update=), or the query
    (application/sparql-query) or update (application/sparql-update) as the body."""
    content_type = request.headers.get("content-type", "")
    media = content_type.split(";")[0].strip().lower()
    params = _params(request)
    if media not in (FORM, DIRECT_QUERY, DIRECT_UPDATE):
        raise UnsupportedType(f"POST needs Content-Type {FORM}, {DIRECT_QUERY} or {DIRECT_UPDATE}")
    _check_charset(content_type)
    body = await _body_text(request, rt.settings.max_query_bytes)
    if media == DIRECT_QUERY:
        return await _run_query(request, rt, body, params)
    if media == DIRECT_UPDATE:
        return await _run_update(request, rt, body, params)
    for key, values in parse_qs(body, keep_blank_values=True).items():
        params.setdefault(key, []).extend(values)
    query = _one(params.get("query", []), "query")
    update = _one(params.get("update", []), "update")
    if (query is None) == (update is None):
        raise PolicykgError("give exactly one of 'query' or 'update'")
    if query is not None:
        return await _run_query(request, rt, query, params)
    return await _run_update(request, rt, update, params)
