"""Language tags for SHACL result messages.

Every shape in shapes/ carries sh:message in English and Vietnamese. pyshacl (0.40) fills the
{?var} placeholders of SPARQL-based constraints but writes the filled message as a plain literal,
dropping its language tag. `restore_languages` puts the tags back by matching each untagged result
message against the templates of its source shape and constraint.
"""

import re

from rdflib import Graph, Literal, Namespace
from rdflib.namespace import RDF

SH = Namespace("http://www.w3.org/ns/shacl#")
_PLACEHOLDER = re.compile(r"\{[?$]\w+\}")


def _pattern(template: str) -> re.Pattern:
    parts = _PLACEHOLDER.split(template)
    return re.compile("(?s)" + "(.*?)".join(re.escape(p) for p in parts))


def templates(report: Graph, shapes: Graph, result) -> list[Literal]:
    """The language-tagged sh:message templates of a result's source constraint and shape."""
    sources = [report.value(result, SH.sourceConstraint), report.value(result, SH.sourceShape)]
    found = []
    for source in sources:
        if source is None:
            continue
        for graph in (shapes, report):
            found += [m for m in graph.objects(source, SH.message) if isinstance(m, Literal)]
    return [m for m in found if m.language]


def language_of(message: str, templates: list[Literal]) -> str | None:
    """The language of the one template language the message fills in, else None."""
    languages = {t.language for t in templates if _pattern(str(t)).fullmatch(message)}
    return languages.pop() if len(languages) == 1 else None


def restore_languages(report: Graph, shapes: Graph) -> Graph:
    """Re-tag, in place, untagged sh:resultMessage literals that match exactly one language's
    template of their shape; returns the report graph."""
    for result in list(report.subjects(RDF.type, SH.ValidationResult)):
        found = templates(report, shapes, result)
        for message in list(report.objects(result, SH.resultMessage)):
            if not isinstance(message, Literal) or message.language or not found:
                continue
            language = language_of(str(message), found)
            if language:
                report.remove((result, SH.resultMessage, message))
                report.add((result, SH.resultMessage, Literal(str(message), lang=language)))
    return report
