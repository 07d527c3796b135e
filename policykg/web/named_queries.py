"""The named query library (policykg.queries) as JSON for the query page."""

from typing import Any

from policykg import queries


def describe(query: Any, lang: str = "vi") -> dict[str, Any]:
    """The query for the page: title and description in `lang` (the CLI's help shows the
    same titles, from the same # title-vi / # title headers)."""
    return {
        "name": query.name,
        "title": query.title_in(lang),
        "description": query.description_in(lang),
        "params": [{"name": p.name, "meaning": p.meaning, "optional": p.optional,
                    "default": p.default} for p in query.params],
        "text": query.text,
    }


def named_queries(lang: str = "vi") -> list[dict[str, Any]]:
    return [describe(q, lang) for q in queries.list_queries()]


def bound_query(name: str, values: dict[str, str], lang: str = "vi") -> dict[str, Any]:
    """The query with the given parameter values (and defaults) injected; unknown parameter
    names are an error rather than silently ignored."""
    query = queries.load_query(name)
    known = {p.name for p in query.params}
    unknown = sorted(set(values) - known)
    if unknown:
        from policykg.errors import PolicykgError

        raise PolicykgError(f"query {name!r} has no parameter {', '.join(unknown)}")
    return {**describe(query, lang), "bound": query.bind(values)}
