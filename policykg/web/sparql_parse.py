"""Check a request's SPARQL before it reaches the store: the query form picks the result formats,
and operations that reach the network (SERVICE, LOAD) are refused by looking at the parsed
algebra, not at substrings (a literal "SERVICE" in a string is fine).

Parsing with rdflib costs up to a few hundred milliseconds for a long query, so a query is
parsed only when its tokens (strings, IRIs and comments skipped) include the SERVICE keyword,
without which it cannot hold a SERVICE clause; other syntax errors are reported by the store
(400). Updates, rare and guarded by the token, are always parsed."""

import threading
from collections.abc import Callable, Iterator
from functools import lru_cache
from typing import Any

from pyparsing import ParseException, ParseResults
from rdflib.plugins.sparql.parser import parseQuery, parseUpdate
from rdflib.plugins.sparql.parserutils import CompValue

from policykg.errors import PolicykgError
from policykg.web.sparql_text import tokens

# pyparsing's packrat cache is shared module state; parse one request at a time.
_LOCK = threading.Lock()

FORMS = {
    "SelectQuery": "SELECT",
    "AskQuery": "ASK",
    "ConstructQuery": "CONSTRUCT",
    "DescribeQuery": "DESCRIBE",
}
_NETWORK = {"ServiceGraphPattern": "SERVICE", "Load": "LOAD"}


class ForbiddenOperation(PolicykgError):
    """SERVICE and LOAD would make the server fetch from the network."""


def _walk(node: Any, seen: set[int]) -> Iterator[CompValue]:
    if id(node) in seen:
        return
    seen.add(id(node))
    if isinstance(node, CompValue):
        yield node
        for value in node.values():
            yield from _walk(value, seen)
    elif isinstance(node, (list, tuple, ParseResults)):
        for value in node:
            yield from _walk(value, seen)


def _refuse_network(tree: Any) -> None:
    for node in _walk(tree, set()):
        if node.name in _NETWORK:
            raise ForbiddenOperation(
                f"{_NETWORK[node.name]} is not allowed: this endpoint never reaches the network"
            )


def _parse(kind: str, parser: Callable[[str], Any], text: str) -> Any:
    """The parse tree; raises PolicykgError on bad syntax or a SERVICE / LOAD."""
    try:
        with _LOCK:
            tree = parser(text)
    except ParseException as exc:
        raise PolicykgError(
            f"{kind} syntax error at line {exc.lineno}, column {exc.col}: {exc.msg}") from None
    except Exception as exc:  # rdflib raises a few other types on odd input
        raise PolicykgError(f"{kind} syntax error: {exc}") from None
    _refuse_network(tree)
    return tree


def parse_query(query: str) -> str:
    """Full parse: the form; raises PolicykgError on bad syntax or a SERVICE clause."""
    return FORMS[_parse("query", parseQuery, query)[1].name]


@lru_cache(maxsize=1024)
def query_form(query: str) -> str:
    """'SELECT', 'ASK', 'CONSTRUCT' or 'DESCRIBE'; raises PolicykgError for a SERVICE clause
    (or, when the query had to be parsed, any syntax error)."""
    toks = list(tokens(query))
    form = next((t.keyword() for t in toks
                 if t.depth == 0 and t.keyword() in FORMS.values()), None)
    if form is None or any(t.keyword() == "SERVICE" for t in toks):
        return parse_query(query)
    return form


def check_update(update: str) -> None:
    """Raises PolicykgError on bad syntax or a LOAD / SERVICE."""
    _parse("update", parseUpdate, update)
