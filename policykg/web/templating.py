"""Jinja2 templates (autoescape on for every template: document and upload text is data) and the
mapping of policykg IRIs to this server's paths."""

from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from fastapi import Request
from fastapi.responses import HTMLResponse
from jinja2 import Environment, FileSystemLoader

from policykg.namespaces import ID, PKG
from policykg.web.i18n import COOKIE, LANGS, MESSAGES, translator

# policykg namespace -> (this server's path for it, short prefix)
_LOCAL = {str(ID): ("/id/", "id:"), str(PKG): ("/ontology#", "pkg:")}

env = Environment(
    loader=FileSystemLoader(Path(__file__).parent / "templates"),
    autoescape=True,
    trim_blocks=True,
    lstrip_blocks=True,
)


def _split(iri: Any) -> tuple[str, tuple[str, str] | None]:
    """The IRI's text after a policykg namespace, and that namespace's (path, prefix)."""
    text = str(iri)
    for base, names in _LOCAL.items():
        if text.startswith(base):
            return text[len(base):], names
    return text, None


def local_href(iri: Any) -> str | None:
    """The page for an IRI this server dereferences, else None."""
    rest, names = _split(iri)
    return names[0] + rest if names else None


def short(iri: Any) -> str:
    """A compact name for an IRI: id:..., pkg:..., or the IRI itself."""
    rest, names = _split(iri)
    return names[1] + rest if names else rest


def link(iri: Any) -> str:
    """A safe href for any IRI: this server's page, an http(s) IRI as is, else nothing."""
    local = local_href(iri)
    if local:
        return local
    text = str(iri)
    return text if text.startswith(("http://", "https://")) else "#"


env.filters["href"] = local_href
env.filters["link"] = link
env.filters["short"] = short


def switch_url(request: Request, lang: str) -> str:
    """This page in the other language (the choice is remembered by a cookie)."""
    params = [(k, v) for k, v in request.query_params.multi_items() if k != "lang"]
    params.append(("lang", "en" if lang == "vi" else "vi"))
    return request.url.path + "?" + urlencode(params)


def render(request: Request, template: str, status_code: int = 200, **context: Any) -> HTMLResponse:
    """The template in the request's language (`t`, `lang`); a ?lang= choice is remembered."""
    t = translator(request)
    html = env.get_template(template).render(
        request=request, t=t, lang=t.lang, switch_url=switch_url(request, t.lang), **context)
    response = HTMLResponse(html, status_code=status_code)
    response.headers["Content-Language"] = t.lang
    response.headers["Vary"] = "Accept, Accept-Language, Cookie"
    if request.query_params.get("lang") in LANGS:
        response.set_cookie(COOKIE, t.lang, max_age=365 * 24 * 3600, samesite="lax")
    return response


_API_PREFIXES = ("/api/", "/sparql", "/openapi.json", "/validate/add")


def wants_html(request: Request) -> bool:
    """A browser's page request: Accept puts text/html before JSON, and the path is no API's."""
    if request.url.path.startswith(_API_PREFIXES):
        return False
    accept = request.headers.get("accept", "")
    html = accept.find("text/html")
    json_at = accept.find("json")
    return html >= 0 and (json_at < 0 or html < json_at)


def error_page(request: Request, status: int, message: str,
               headers: dict | None = None) -> HTMLResponse:
    """An error as a page in the site's style and language."""
    t = translator(request)
    key = f"error.{status}"
    heading = t(key) if key in MESSAGES else t("error.other")
    response = render(request, "error.html", status_code=status, title=heading, heading=heading,
                      status=status, message=message)
    response.headers.update(headers or {})
    return response


@lru_cache(maxsize=512)
def term_label(name: str, lang: str) -> str:
    """An ontology term's label in `lang` ('Plan' -> 'kế hoạch'), else its name."""
    from rdflib import RDFS, URIRef

    from policykg.web.ontology_doc import ontology_graph

    iri = URIRef(name if "://" in name else str(PKG) + name)
    labels = {lit.language: str(lit) for lit in ontology_graph().objects(iri, RDFS.label)}
    return labels.get(lang) or labels.get("vi") or labels.get(None) or _split(name)[0]


def level_key(iri: Any) -> str:
    """pkg:ProvincialLevel -> 'provincial' (the key of its label in the translation table)."""
    local = str(iri).rsplit("#", 1)[-1]
    return local[:-5].lower() if local.endswith("Level") else local.lower()


env.globals["term_label"] = term_label
env.filters["level_key"] = level_key


def _today() -> date:
    return date.today()


env.globals["today"] = _today


def _group_findings(results: list[Any], lang: str) -> list[dict[str, Any]]:
    from policykg.web.report_view import group_findings

    return group_findings(results, lang)


env.globals["group_findings"] = _group_findings
