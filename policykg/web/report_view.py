"""The validation report as the page shows it: identical findings (same severity, shape, path and
message) grouped with a count, each group listing where it occurs."""

from typing import Any


def _key(result: Any, lang: str) -> tuple:
    return (result.shape or "", result.path or "", result.message(lang))


def group_findings(results: list[Any], lang: str) -> list[dict[str, Any]]:
    """[{'message', 'other' (the message in the other language, if any), 'path', 'count',
    'items'}] in first-seen order; the message is in `lang` when the shape has it."""
    groups: dict[tuple, dict[str, Any]] = {}
    other = "en" if lang == "vi" else "vi"
    for result in results:
        message = result.messages.get(lang) or result.message("en")
        group = groups.setdefault(_key(result, lang), {
            "message": message, "path": result.path, "items": [],
            "other": result.messages.get(other) if lang == "en" else None})
        group["items"].append(result)
    out = list(groups.values())
    for group in out:
        group["count"] = len(group["items"])
    return out
