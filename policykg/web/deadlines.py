"""Deadlines: every task with a deadline, overdue or upcoming as of a date, with its owners then
and today (the successor resolver), filterable by province, level, agency and document; and the
same list as an iCalendar feed (RFC 5545), written here: one all-day VEVENT per deadline on the
last day its period allows, text escaped (backslash, comma, semicolon, newline) and lines folded
at 75 octets without cutting a UTF-8 character."""

from __future__ import annotations

import hashlib
from datetime import UTC, date, datetime, timedelta
from typing import Any

from policykg.namespaces import sparql_prefixes
from policykg.store import Store
from policykg.web import lineage

P = sparql_prefixes()

_DEADLINES = """SELECT ?o ?path ?text ?deadline ?recurrence ?doc ?docProvince ?owner ?ownerProvince
       ?ownerLevel WHERE {
  ?o pkg:deadline ?deadline ; pkg:statedIn ?doc .
  OPTIONAL { ?o pkg:sectionPath ?path }
  OPTIONAL { ?o pkg:text ?text }
  OPTIONAL { ?o pkg:recurrence ?recurrence }
  OPTIONAL { ?doc pkg:province ?docProvince }
  OPTIONAL { ?o pkg:owner ?owner .
             OPTIONAL { ?owner pkg:province ?ownerProvince }
             OPTIONAL { ?owner pkg:level ?ownerLevel } }
} LIMIT 20000"""


def _opt(value: Any) -> str | None:
    return None if value is None else str(value)


def deadlines(store: Store, as_of: date | None = None, province: str | None = None,
              level: str | None = None, agency: str | None = None,
              document: str | None = None) -> dict[str, Any]:
    """{'as_of', 'overdue': [task], 'upcoming': [task], 'provinces', 'levels'}: tasks with a
    deadline (a task: iri, path, text, deadline, due (ISO date), document, owners, today,
    provinces, levels), sorted by due date; the filters keep tasks whose owner (then or today)
    or document is in the province, whose owner is at the level, that the agency owns or holds
    today, or that the document states."""
    as_of = as_of or date.today()
    tasks: dict[str, dict[str, Any]] = {}
    for row in store.select(P + _DEADLINES):
        key = str(row["o"])
        task = tasks.setdefault(key, {
            "iri": key, "path": _opt(row.get("path")), "text": _opt(row.get("text")),
            "deadline": row.get("deadline"), "recurrence": _opt(row.get("recurrence")),
            "document": str(row["doc"]), "owners": [], "provinces": set(), "levels": set()})
        owner = _opt(row.get("owner"))
        if owner and owner not in task["owners"]:
            task["owners"].append(owner)
        for col in ("docProvince", "ownerProvince"):
            if row.get(col) is not None:
                task["provinces"].add(str(row[col]))
        if row.get("ownerLevel") is not None:
            task["levels"].add(str(row["ownerLevel"]))
    found = [t for t in tasks.values() if lineage.period_end(t["deadline"]) is not None]
    lineage.owners_today(store, found, as_of)
    provinces = sorted({p for t in found for p in t["provinces"]})
    levels = sorted({v for t in found for v in t["levels"]})
    holders_province = _provinces(store, {d["holder"] for t in found for d in t["today"]
                                          if d["holder"]})
    for task in found:
        task["due"] = lineage.period_end(task["deadline"]).isoformat()
        task["holders"] = [d["holder"] for d in task["today"] if d["holder"]]
        task["provinces"] |= {holders_province[h] for h in task["holders"]
                              if h in holders_province}
    kept = [t for t in found
            if (not province or province in t["provinces"])
            and (not level or level in t["levels"])
            and (not agency or agency in t["owners"] or agency in t["holders"])
            and (not document or document == t["document"])]
    late = set(lineage.overdue(store, kept, as_of))
    kept.sort(key=lambda t: (t["due"], t["document"], t["path"] or "", t["iri"]))
    for task in kept:
        task["provinces"], task["levels"] = sorted(task["provinces"]), sorted(task["levels"])
        task["overdue"] = task["iri"] in late
        task["this_month"] = task["due"][:7] == as_of.isoformat()[:7]
    return {"as_of": as_of.isoformat(),
            "overdue": [t for t in kept if t["overdue"]],
            "upcoming": [t for t in kept if not t["overdue"] and t["due"] >= as_of.isoformat()],
            "provinces": provinces, "levels": levels}


def _provinces(store: Store, agencies: set[str]) -> dict[str, str]:
    if not agencies:
        return {}
    values = " ".join(f"<{a}>" for a in sorted(agencies))
    rows = store.select(P + f"SELECT ?a ?p WHERE {{ VALUES ?a {{ {values} }} ?a pkg:province ?p }}")
    return {str(r["a"]): str(r["p"]) for r in rows}


# ---------------------------------------------------------------------------------------------
# iCalendar (RFC 5545)
# ---------------------------------------------------------------------------------------------

def escape_text(value: str) -> str:
    """A TEXT value (RFC 5545 3.3.11): backslash, semicolon, comma escaped, newlines as \\n."""
    return (value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
            .replace("\r\n", "\\n").replace("\r", "\\n").replace("\n", "\\n"))


def fold(line: str, limit: int = 75) -> str:
    """A content line folded (RFC 5545 3.1): no physical line longer than `limit` octets, a
    continuation starting with one space, never inside a UTF-8 sequence."""
    out, current, size = [], "", 0
    for char in line:
        width = len(char.encode("utf-8"))
        if size + width > limit:
            out.append(current)
            current, size = " ", 1
        current += char
        size += width
    out.append(current)
    return "\r\n".join(out)


def _uid(iri: str) -> str:
    return hashlib.sha1(iri.encode("utf-8")).hexdigest()[:20] + "@policykg"


WORDS = {"owners": "Chủ trì", "today": "Hiện nay", "deadline": "Thời hạn"}


def ics(tasks: list[dict[str, Any]], name: str, label, base_url: str,
        stamp: datetime | None = None, words: dict[str, str] | None = None) -> str:
    """The calendar: one VEVENT per task, on its due day. `label(iri)` names documents and
    agencies; `base_url` makes each task's local page a URL; `words` label the description's
    lines in the request's language (the web layer passes them from i18n.py)."""
    words = {**WORDS, **(words or {})}
    stamp = (stamp or datetime.now(UTC)).strftime("%Y%m%dT%H%M%SZ")
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//policykg//deadlines//VI",
             "CALSCALE:GREGORIAN", "METHOD:PUBLISH", "X-WR-CALNAME:" + escape_text(name)]
    for task in tasks:
        due = date.fromisoformat(task["due"])
        owners = ", ".join(label(o) for o in task["owners"])
        today = ", ".join(label(h) for h in task.get("holders", []))
        description = "\n".join(x for x in (
            f"{label(task['document'])} § {task['path'] or ''}".strip(),
            f"{words['owners']}: {owners}" if owners else "",
            f"{words['today']}: {today}" if today else "",
            f"{words['deadline']}: {task['deadline']}",
            task["iri"]) if x)
        summary = task["text"] or f"{label(task['document'])} § {task['path'] or ''}"
        lines += [
            "BEGIN:VEVENT",
            "UID:" + _uid(task["iri"]),
            "DTSTAMP:" + stamp,
            "DTSTART;VALUE=DATE:" + due.strftime("%Y%m%d"),
            "DTEND;VALUE=DATE:" + (due + timedelta(days=1)).strftime("%Y%m%d"),
            "SUMMARY;LANGUAGE=vi:" + escape_text(summary),
            "DESCRIPTION;LANGUAGE=vi:" + escape_text(description),
            "URL:" + base_url.rstrip("/") + "/id/" + task["iri"].split("/id/", 1)[-1],
            "TRANSP:TRANSPARENT",
            "END:VEVENT",
        ]
    lines.append("END:VCALENDAR")
    return "".join(fold(line) + "\r\n" for line in lines)
