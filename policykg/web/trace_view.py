"""What the trace page adds to policykg.trace: tolerant input ('28 CT TW 3', '28/CT-TW 3' read as
'28-CT/TW 3' when the store knows that number), the tasks above the traced one (a provincial
item shows the directive task it carries out), names for the IRIs the tree shows, and the CSV
export."""

import csv
import io
import re
from typing import Any

from policykg.namespaces import sparql_prefixes
from policykg.text import fold
from policykg.web.names import Names, names

MAX_HOPS = 12
_NOT_ALNUM = re.compile(r"[^0-9a-z]+")


def squash(text: str) -> str:
    """'28-CT/TW' and '28 ct tw' -> '28cttw' (accents and punctuation dropped)."""
    return _NOT_ALNUM.sub("", fold(text).replace("đ", "d"))


def document_numbers(store: Any) -> dict[str, str]:
    """squashed number -> the number as printed, for every document in the store."""
    rows = store.select(sparql_prefixes() + "SELECT DISTINCT ?n WHERE { ?d pkg:documentNumber ?n }")
    return {squash(str(r["n"])): str(r["n"]) for r in rows if squash(str(r["n"]))}


def tolerant(query: str, numbers: dict[str, str]) -> str:
    """The query with a document number written loosely replaced by the printed one; the
    longest run of leading words that spells a known number wins. IRIs are left alone."""
    text = query.strip()
    if "://" in text:
        return query
    words = text.split()
    for end in range(min(len(words), 6), 0, -1):
        found = numbers.get(squash(" ".join(words[:end])))
        if found and any(c.isdigit() for c in words[0]):
            return " ".join([found, *words[end:]])
    return query


def _values(iris: list[str]) -> str:
    return " ".join(f"<{i}>" for i in iris)


def above(store: Any, steps: list[Any], lang: str) -> list[dict[str, Any]]:
    """The tasks the trace's roots carry out (pkg:concretises, one hop at a time), the
    highest first, each with its name and text."""
    inside = {s.obligation for s in steps}
    frontier = sorted({s.obligation for s in steps if not [p for p in s.parents if p in inside]})
    found: list[str] = []
    texts: dict[str, str] = {}
    for _ in range(MAX_HOPS):
        if not frontier:
            break
        rows = store.select(sparql_prefixes() + "SELECT DISTINCT ?up ?text WHERE { VALUES ?o { "
                            f"{_values(frontier)} }} ?o pkg:concretises ?up . "
                            "OPTIONAL { ?up pkg:text ?text } }")
        frontier = []
        for row in rows:
            up = str(row["up"])
            if up not in inside and up not in found:
                found.append(up)
                frontier.append(up)
                texts[up] = str(row["text"]) if row.get("text") is not None else ""
    named = names(store, found, lang)
    return [{"iri": i, "label": named[i].label if i in named else i, "text": texts.get(i)}
            for i in reversed(found)]


def step_iris(steps: list[Any]) -> set[str]:
    """The IRIs a trace shows: documents, owners and the hops of their reorganisation."""
    out: set[str] = set()
    for s in steps:
        out.add(s.document)
        for owner in [*s.owners, *s.ownersToday, *s.coordinators]:
            out.add(owner["iri"])
            out.update(hop.get("to", "") for hop in owner.get("chain", []) or [])
            if owner.get("from"):
                out.add(owner["from"])
    return {i for i in out if i}


def step_names(store: Any, steps: list[Any], lang: str) -> Names:
    return names(store, step_iris(steps), lang)


CSV_COLUMNS = ["depth", "document", "documentNumber", "level", "sectionPath", "text", "owners",
               "ownersToday", "coordinators", "deadline", "obligation"]


def _labels(agencies: list[dict]) -> str:
    return "; ".join(a.get("label") or a["iri"] for a in agencies)


def to_csv(steps: list[Any]) -> str:
    """One row per step; agencies by label, separated by '; '."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(CSV_COLUMNS)
    for s in steps:
        writer.writerow([s.depth, s.document, s.documentNumber or "", s.level or "",
                         s.sectionPath or "", s.text, _labels(s.owners), _labels(s.ownersToday),
                         _labels(s.coordinators), s.deadline or "", s.obligation])
    return out.getvalue()
