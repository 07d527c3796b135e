"""Jinja2 templates (autoescape on for every template: document and upload text is data) and the
mapping of policykg IRIs to this server's paths."""

from pathlib import Path
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse
from jinja2 import Environment, FileSystemLoader

from policykg.namespaces import ID, PKG

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


def render(request: Request, template: str, status_code: int = 200, **context: Any) -> HTMLResponse:
    html = env.get_template(template).render(request=request, **context)
    return HTMLResponse(html, status_code=status_code)
