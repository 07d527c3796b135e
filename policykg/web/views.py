"""What a linked-data page shows besides the raw triples: a document (header, what it carries
out and what carries it out, its tasks by section), an agency (what it owns, coordinates,
receives and issued; its place and its reorganisation) and an obligation (where it is stated,
who owns it, deadline, the tasks above and below, its passage). Plain dicts of IRIs and values;
the template names the IRIs (names.py) and writes the values (i18n.py)."""

from datetime import date
from typing import Any

from rdflib import Graph, Literal, URIRef

from policykg.namespaces import OA, PKG, PROV, sparql_prefixes
from policykg.store import Store
from policykg.web import lineage
from policykg.web.names import looks_garbled, readable_title
from policykg.web.passages import document_text, passage

P = sparql_prefixes()


def kind_of(g: Graph, iri: str, doc_types: set[str]) -> str:
    """'document', 'agency', 'obligation' or 'other', from the resource's own triples."""
    node = URIRef(iri)
    types = {str(t) for t in g.objects(node, URIRef(str(_RDF_TYPE)))}
    if types & doc_types or (node, PKG.documentNumber, None) in g:
        return "document"
    if str(PKG.Obligation) in types or str(PKG.ReportingDuty) in types \
            or (node, PKG.statedIn, None) in g:
        return "obligation"
    if str(PKG.Agency) in types or str(PKG.CollectiveAgency) in types \
            or (node, PKG.level, None) in g and (node, PKG.branch, None) in g:
        return "agency"
    return "other"


_RDF_TYPE = URIRef("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")


def values(g: Graph, iri: str, prop: URIRef) -> list[Any]:
    return sorted(g.objects(URIRef(iri), prop), key=str)


def one(g: Graph, iri: str, prop: URIRef) -> Any:
    found = values(g, iri, prop)
    vi = [v for v in found if isinstance(v, Literal) and v.language == "vi"]
    return (vi or found or [None])[0]


def _rows(store: Store, query: str) -> list[dict[str, Any]]:
    return list(store.select(P + query))


def _group_tasks(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Rows (one per obligation x owner x coordinator) -> tasks with owner and coordinator lists,
    in section order."""
    tasks: dict[str, dict[str, Any]] = {}
    for row in rows:
        key = str(row["o"])
        task = tasks.setdefault(key, {
            "iri": key, "path": _opt(row.get("path")), "text": _opt(row.get("text")),
            "deadline": row.get("deadline"), "document": _opt(row.get("doc")),
            "recurrence": _opt(row.get("recurrence")), "owners": [], "coordinators": []})
        for field, col in (("owners", "owner"), ("coordinators", "coord")):
            value = _opt(row.get(col))
            if value and value not in task[field]:
                task[field].append(value)
    return sorted(tasks.values(), key=lambda t: (section_key(t["path"]), t["iri"]))


def _opt(value: Any) -> str | None:
    return None if value is None else str(value)


_ROMAN = {"I": 1, "V": 5, "X": 10, "L": 50}


def _roman(text: str) -> int | None:
    if not text or any(c not in _ROMAN for c in text):
        return None
    total = 0
    for i, c in enumerate(text):
        v = _ROMAN[c]
        total += -v if i + 1 < len(text) and _ROMAN[text[i + 1]] > v else v
    return total


def section_key(path: str | None) -> tuple:
    """'III.2.c' sorts after 'II.10': roman and arabic numerals by value, letters as text."""
    if not path:
        return ((9999, ""),)
    parts = []
    for part in path.split("."):
        number = _roman(part)
        if number is None and part.isdigit():
            number = int(part)
        parts.append((number if number is not None else 9998, part))
    return tuple(parts)


def sections(tasks: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Tasks grouped by the first part of their section path ('II' of 'II.3.a')."""
    groups: dict[str, dict[str, Any]] = {}
    for task in tasks:
        head = (task["path"] or "").split(".")[0]
        groups.setdefault(head, {"section": head, "tasks": []})["tasks"].append(task)
    return list(groups.values())


_TASKS = """SELECT ?o ?path ?text ?deadline ?recurrence ?owner ?coord ?doc WHERE {{
  {pattern}
  ?o pkg:statedIn ?doc .
  OPTIONAL {{ ?o pkg:sectionPath ?path }}
  OPTIONAL {{ ?o pkg:text ?text }}
  OPTIONAL {{ ?o pkg:deadline ?deadline }}
  OPTIONAL {{ ?o pkg:recurrence ?recurrence }}
  OPTIONAL {{ ?o pkg:owner ?owner }}
  OPTIONAL {{ ?o pkg:coordinator ?coord }}
}} LIMIT 5000"""


_SELECTORS = """SELECT ?o ?start ?end ?exact WHERE {{
  ?o pkg:statedIn <{iri}> ; prov:wasDerivedFrom ?src .
  ?src oa:hasSelector ?pos .
  ?pos oa:start ?start ; oa:end ?end .
  OPTIONAL {{ ?src oa:hasSelector ?q . ?q oa:exact ?exact }}
}}"""


def full_text(store: Store, iri: str, file_name: str | None,
              tasks: list[dict[str, Any]]) -> list[dict[str, Any]] | None:
    """The document's normalised text (the one the provenance offsets index) cut into pieces
    [{'text', 'tasks': [iri...], 'anchor': iri or None}], a piece marked where one or more tasks'
    passages cover it (offsets checked against the quote; overlapping passages split the marks
    at their edges, the union staying exactly the quoted spans). None without the text."""
    text = document_text(str(file_name)) if file_name else None
    if text is None:
        return None
    known = {t["iri"] for t in tasks}
    spans: dict[str, tuple[int, int]] = {}
    for row in _rows(store, _SELECTORS.format(iri=iri)):
        o, start, end = str(row["o"]), int(row["start"]), int(row["end"])
        exact = row.get("exact")
        if o not in known or not 0 <= start < end <= len(text):
            continue
        if exact is not None and text[start:end] != str(exact):
            continue
        spans[o] = (start, end)
    cuts = sorted({0, len(text)} | {p for span in spans.values() for p in span})
    pieces: list[dict[str, Any]] = []
    anchored: set[str] = set()
    for lo, hi in zip(cuts, cuts[1:], strict=False):
        covering = sorted((o for o, (s, e) in spans.items() if s <= lo and hi <= e),
                          key=lambda o: spans[o])
        starting = [o for o in covering if spans[o][0] == lo and o not in anchored]
        anchored.update(starting)
        anchor = starting[0] if starting else None
        pieces.append({"text": text[lo:hi], "tasks": covering, "anchor": anchor,
                       "id": anchor_id(anchor) if anchor else None,
                       # passages starting at the same offset: their ids on empty spans
                       "extra_ids": [anchor_id(o) for o in starting[1:]]})
    for task in tasks:
        task["anchor"] = anchor_id(task["iri"]) if task["iri"] in spans else None
    return pieces


def anchor_id(iri: str) -> str:
    """The HTML id of a task's passage in the document's text ('p-ii-1-2')."""
    return "p-" + "".join(c if c.isalnum() or c in "-_" else "-" for c in iri.rsplit("/o/", 1)[-1])


def document_view(store: Store, g: Graph, iri: str) -> dict[str, Any]:
    tasks = _group_tasks(_rows(store, _TASKS.format(pattern=f"?o pkg:statedIn <{iri}> .")))
    children = _rows(store, f"SELECT DISTINCT ?c WHERE {{ ?c pkg:implements <{iri}> }}")
    lineage.owners_today(store, tasks)
    late = set(lineage.overdue(store, tasks))
    source_file = one(g, iri, PKG.sourceFile)
    return {
        "number": one(g, iri, PKG.documentNumber),
        "title": readable_title(one(g, iri, PKG.title)),
        "title_unreadable": looks_garbled(one(g, iri, PKG.title)),
        "issued": one(g, iri, PKG.issued),
        "issuers": values(g, iri, PKG.issuedBy),
        "signer": one(g, iri, PKG.signer),
        "signer_role": one(g, iri, PKG.signerRole),
        "level": one(g, iri, PKG.level),
        "province": one(g, iri, PKG.province),
        "implements": values(g, iri, PKG.implements),
        "implemented_by": sorted(str(r["c"]) for r in children),
        "source_file": source_file,
        "tasks": tasks,
        "sections": sections(tasks),
        "overdue": [t for t in tasks if t["iri"] in late],
        "as_of": date.today().isoformat(),
        "text": full_text(store, iri, source_file, tasks),
    }


_LINEAGE = """SELECT ?event ?when ?other ?direction WHERE {{
  {{ ?event org:originalOrganization <{iri}> .
     OPTIONAL {{ ?event org:resultingOrganization ?other }}
     BIND("successor" AS ?direction) }}
  UNION
  {{ ?event org:resultingOrganization <{iri}> ; org:originalOrganization ?other .
     BIND("predecessor" AS ?direction) }}
  OPTIONAL {{ ?event prov:atTime ?when }}
}} ORDER BY ?when LIMIT 200"""


def _lineage(store: Store, iri: str) -> dict[str, list[dict[str, Any]]]:
    out: dict[str, list[dict[str, Any]]] = {"predecessor": [], "successor": []}
    for row in _rows(store, _LINEAGE.format(iri=iri)):
        when = row.get("when")
        entry = {"event": str(row["event"]), "other": _opt(row.get("other")),
                 "when": str(when)[:10] if when is not None else None}
        out[str(row["direction"])].append(entry)
    return out


def agency_view(store: Store, g: Graph, iri: str) -> dict[str, Any]:
    def tasks(prop: str) -> list[dict[str, Any]]:
        found = _group_tasks(_rows(store, _TASKS.format(pattern=f"?o {prop} <{iri}> .")))
        if prop == "pkg:owner":
            lineage.owners_today(store, found)
        return sorted(found, key=lambda t: (str(t["deadline"] or "9999"), t["document"] or "",
                                            section_key(t["path"])))

    issued = _rows(store, f"SELECT DISTINCT ?d WHERE {{ ?d pkg:issuedBy <{iri}> }} LIMIT 500")
    return {
        "level": one(g, iri, PKG.level),
        "branch": one(g, iri, PKG.branch),
        "province": one(g, iri, PKG.province),
        "parents": values(g, iri, URIRef("http://www.w3.org/ns/org#subOrganizationOf")),
        "unresolved": one(g, iri, PKG.unresolved),
        "owns": tasks("pkg:owner"),
        "coordinates": tasks("pkg:coordinator"),
        "reports": tasks("pkg:reportsTo"),
        "issued": sorted(str(r["d"]) for r in issued),
        "lineage": _lineage(store, iri),
        "timeline": lineage.agency_lineage(store, iri),
        "valid_from": one(g, iri, PKG.validFrom),
    }


def _targets(g: Graph, iri: str) -> list[dict[str, Any]]:
    out = []
    for target in values(g, iri, PKG.hasTarget):
        out.append({key: one(g, str(target), PKG[key]) for key in (
            "indicator", "comparator", "targetValue", "unit", "targetYear", "baselineValue",
            "baselineYear")})
    return out


def _passage(store: Store, g: Graph, iri: str) -> dict[str, Any] | None:
    for source in g.objects(URIRef(iri), PROV.wasDerivedFrom):
        doc = g.value(source, OA.hasSource)
        found = {"exact": None, "start": None, "end": None}
        for selector in g.objects(source, OA.hasSelector):
            found["exact"] = found["exact"] or _opt(g.value(selector, OA.exact))
            if g.value(selector, OA.start) is not None:
                found["start"] = int(g.value(selector, OA.start))
                found["end"] = int(g.value(selector, OA.end))
        rows = _rows(store, f"SELECT ?f WHERE {{ <{doc}> pkg:sourceFile ?f }} LIMIT 1") \
            if doc is not None else []
        found["file"] = str(rows[0]["f"]) if rows else None
        return passage(found) or ({"quote": found["exact"]} if found["exact"] else None)
    return None


def obligation_view(store: Store, g: Graph, iri: str) -> dict[str, Any]:
    below = _rows(store, f"SELECT DISTINCT ?c WHERE {{ ?c pkg:concretises <{iri}> }} LIMIT 500")
    return {
        "document": one(g, iri, PKG.statedIn),
        "path": one(g, iri, PKG.sectionPath),
        "text": one(g, iri, PKG.text),
        "owners": values(g, iri, PKG.owner),
        "implied": values(g, iri, PKG.impliedOwner),
        "coordinators": values(g, iri, PKG.coordinator),
        "reports_to": values(g, iri, PKG.reportsTo),
        "deadline": one(g, iri, PKG.deadline),
        "recurrence": one(g, iri, PKG.recurrence),
        "modality": one(g, iri, PKG.modality),
        "above": values(g, iri, PKG.concretises),
        "below": sorted(str(r["c"]) for r in below),
        "targets": _targets(g, iri),
        "passage": _passage(store, g, iri),
    }


VIEWS = {"document": document_view, "agency": agency_view, "obligation": obligation_view}


def iris_in(data: Any) -> set[str]:
    """Every IRI in a view (to name them in one batch)."""
    found: set[str] = set()
    if isinstance(data, URIRef):
        found.add(str(data))
    elif isinstance(data, str) and data.startswith(("https://", "http://")):
        found.add(data)
    elif isinstance(data, dict):
        for v in data.values():
            found |= iris_in(v)
    elif isinstance(data, list | tuple):
        for v in data:
            found |= iris_in(v)
    return found
