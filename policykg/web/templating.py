"""Jinja2 templates (autoescape on for every template: document and upload text is data) and the
mapping of policykg IRIs to this server's paths."""

from pathlib import Path
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse
from jinja2 import Environment, FileSystemLoader

ID_BASE = "https://w3id.org/policykg/id/"
ONTOLOGY_NS = "https://w3id.org/policykg/ontology#"

env = Environment(
    loader=FileSystemLoader(Path(__file__).parent / "templates"),
    autoescape=True,
    trim_blocks=True,
    lstrip_blocks=True,
)


def local_href(iri: Any) -> str | None:
    """The page for an IRI this server dereferences, else None."""
    text = str(iri)
    if text.startswith(ID_BASE):
        return "/id/" + text[len(ID_BASE):]
    if text.startswith(ONTOLOGY_NS):
        return "/ontology#" + text[len(ONTOLOGY_NS):]
    return None


def short(iri: Any) -> str:
    """A compact name for an IRI: id:..., pkg:..., or the IRI itself."""
    text = str(iri)
    if text.startswith(ID_BASE):
        return "id:" + text[len(ID_BASE):]
    if text.startswith(ONTOLOGY_NS):
        return "pkg:" + text[len(ONTOLOGY_NS):]
    return text


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


def render(request: Request, template: str, status_code: int = 200, **context: Any) -> HTMLResponse:
    html = env.get_template(template).render(request=request, **context)
    return HTMLResponse(html, status_code=status_code)
