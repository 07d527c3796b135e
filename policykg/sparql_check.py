"""The one read-only check for SPARQL that policykg runs: the CLI, the server and both stores
call it before a query reaches an engine. SERVICE would make the engine fetch a URL (an SSRF
with read-back through the answer), LOAD likewise, and updates change the store, so all three
are refused, decided from rdflib's parse tree, never from words in the text.

Parsing costs 15-60 ms for a named query, too much for every request. A query is therefore
parsed only when its text, with codepoint escapes (\\uXXXX) expanded and case folded, contains
"service" or "load" anywhere (in strings, IRIs, prefixed names alike): no SPARQL parser can
read either keyword out of a text that lacks those letters, so skipping the parse is safe, and
no lexing of strings or IRIs (which can be fooled) is involved. Without a form keyword a query
is parsed too, for a precise error (an update sent as a query, a syntax error).

Second wall: the embedded store runs queries in threads that cannot open network sockets
(netguard.py)."""

import re
import threading
from collections.abc import Callable, Iterator
from functools import lru_cache
from typing import Any

from pyparsing import ParseException, ParseResults
from rdflib.plugins.sparql.parser import parseQuery, parseUpdate
from rdflib.plugins.sparql.parserutils import CompValue

from policykg.errors import PolicykgError
from policykg.sparql_text import tokens

# pyparsing's packrat cache is shared module state; parse one text at a time.
_LOCK = threading.Lock()

FORMS = {
    "SelectQuery": "SELECT",
    "AskQuery": "ASK",
    "ConstructQuery": "CONSTRUCT",
    "DescribeQuery": "DESCRIBE",
}
_NETWORK = {"ServiceGraphPattern": "SERVICE", "Load": "LOAD"}
_NETWORK_LETTERS = ("service", "load")
_ESCAPE = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")


class ForbiddenOperation(PolicykgError):
    """SERVICE, LOAD (they reach the network) or an update where only a query is allowed."""


def _expand_escapes(text: str) -> str:
    """SPARQL codepoint escapes are expanded before parsing (SPARQL 1.1 §19.2)."""
    return _ESCAPE.sub(lambda m: chr(int(m.group(1) or m.group(2), 16)), text)


def may_reach_network(text: str) -> bool:
    """False only when the text cannot hold a SERVICE or LOAD keyword in any spelling."""
    folded = _expand_escapes(text).casefold()
    return any(letters in folded for letters in _NETWORK_LETTERS)


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
    """Anywhere in the tree: OPTIONAL, UNION, MINUS, EXISTS, subqueries, update WHERE parts."""
    for node in _walk(tree, set()):
        if node.name in _NETWORK:
            raise ForbiddenOperation(
                f"read-only: {_NETWORK[node.name]} is not allowed (policykg never reaches "
                "the network)"
            )


def _parse(kind: str, parser: Callable[[str], Any], text: str) -> Any:
    """rdflib's parse tree; PolicykgError on bad syntax."""
    try:
        with _LOCK:
            return parser(text)
    except ParseException as exc:
        raise PolicykgError(
            f"{kind} syntax error at line {exc.lineno}, column {exc.col}: {exc.msg}"
        ) from None
    except Exception as exc:  # rdflib raises a few other types on odd input
        raise PolicykgError(f"{kind} syntax error: {' '.join(str(exc).split())[:300]}") from None


def _is_update(text: str) -> bool:
    try:
        _parse("update", parseUpdate, text)
    except PolicykgError:
        return False
    return True


def parse_query(text: str) -> str:
    """Full parse: the query form; refuses SERVICE, LOAD, updates and bad syntax."""
    try:
        tree = _parse("query", parseQuery, text)
    except PolicykgError:
        if _is_update(text):
            raise ForbiddenOperation(
                "read-only: an update is not a query (INSERT, DELETE, LOAD, DROP... are "
                "refused here)"
            ) from None
        raise
    _refuse_network(tree)
    return FORMS[tree[1].name]


def _lexical_form(text: str) -> str | None:
    """The first query-form keyword outside any brackets, strings, IRIs and comments."""
    forms = FORMS.values()
    return next((t.keyword() for t in tokens(text) if t.depth == 0 and t.keyword() in forms), None)


@lru_cache(maxsize=1024)
def check_query(text: str) -> str:
    """'SELECT', 'ASK', 'CONSTRUCT' or 'DESCRIBE' for a query allowed to run; raises
    ForbiddenOperation for SERVICE, LOAD or an update, PolicykgError for a syntax error found
    while parsing (other syntax errors are left to the engine)."""
    form = None if may_reach_network(text) else _lexical_form(text)
    return form or parse_query(text)


query_form = check_query


def check_update(text: str) -> None:
    """An update allowed to run (with the write token): no LOAD, no SERVICE, valid syntax."""
    _refuse_network(_parse("update", parseUpdate, text))
