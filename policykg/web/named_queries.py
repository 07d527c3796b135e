"""The named query library (policykg.queries) as JSON for the query page."""

from collections.abc import Callable
from typing import Any

from policykg import queries
from policykg.errors import PolicykgError


def describe(query: Any, lang: str = "vi") -> dict[str, Any]:
    """The query for the page: title and description in `lang` (the CLI's help shows the
    same titles, from the same # title-vi / # title headers)."""
    return {
        "name": query.name,
        "title": query.title_in(lang),
        "description": query.description_in(lang),
        "params": [{"name": p.name, "meaning": p.meaning_in(lang), "optional": p.optional,
                    "default": p.default} for p in query.params],
        "text": query.text,
    }


def named_queries(lang: str = "vi") -> list[dict[str, Any]]:
    return [describe(q, lang) for q in queries.list_queries()]


def bound_query(name: str, values: dict[str, str], lang: str = "vi",
                store: Any = None,
                numbers: Callable[[], dict[str, str]] | None = None) -> dict[str, Any]:
    """The query with the given parameter values (and defaults) injected; unknown parameter
    names are an error rather than silently ignored. `numbers`: see named_by_number."""
    query = queries.load_query(name)
    known = {p.name for p in query.params}
    unknown = sorted(set(values) - known)
    if unknown:
        raise PolicykgError(f"query {name!r} has no parameter {', '.join(unknown)}")
    if store is not None:
        values = named_by_number(store, query, values, numbers)
    return {**describe(query, lang), "bound": query.bind(values)}


def named_by_number(store, named, values: dict[str, str],
                    numbers: Callable[[], dict[str, str]] | None = None) -> dict[str, str]:
    """Document and task parameters may be given as the analyst writes them: '109-KH/TU' for
    a document, '28 CT TW II.3' for a task (read as on the trace page). Other text is left for
    bind() to refuse. `numbers()` gives the store's document numbers (the site passes its
    cached ones, as the trace page reads them); without it they are read from the store, once,
    and only when a parameter needs them."""
    from policykg.web.trace_view import document_numbers, squash, tolerant

    known: dict[str, str] | None = None
    out = dict(values)
    for name, value in values.items():
        param = named.param(name)
        if param is None or param.kind != "iri" or queries.looks_like_iri(value):
            continue
        if known is None:
            known = numbers() if numbers else document_numbers(store)
        if "obligation" in param.meaning:
            out[name] = _one_task(store, tolerant(value, known)) or value
        elif "document" in param.meaning and squash(value) in known:
            out[name] = _document_iri(store, known[squash(value)]) or value
        queries.checked_value(param, out[name])
    return out


def _one_task(store, text: str) -> str | None:
    from policykg.trace import resolve as find_tasks

    try:
        found = find_tasks(store, text)
    except PolicykgError:
        return None
    return str(found[0]) if len(found) == 1 else None


def _document_iri(store, number: str) -> str | None:
    from policykg.namespaces import sparql_prefixes
    from policykg.queries import sparql_term

    rows = store.select(sparql_prefixes() + "SELECT DISTINCT ?d WHERE { ?d pkg:documentNumber ?n "
                        f"FILTER (STR(?n) = {sparql_term(number)}) }}")
    return str(rows[0]["d"]) if len(rows) == 1 else None

