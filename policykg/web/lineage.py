"""Who holds what today, for the pages: an agency's dated lineage (its predecessors and the ways
its obligations went on, hop by hop), the obligations it holds today because a reorganisation
passed them to it, and each task's owners today. Every answer comes from the one successor
resolver (policykg.succession), as of a date (today by default); the page shows each hop's date,
the kind of change, and whether it is stated or our inference with the rule that decided."""

from __future__ import annotations

import calendar
from datetime import date
from typing import Any

from policykg import succession
from policykg.namespaces import sparql_prefixes
from policykg.store import Store

P = sparql_prefixes()
MAX_DEPTH = 6  # predecessors of predecessors: the longest recorded chain is three hops


def _kinds(store: Store, events: set[str]) -> dict[str, dict[str, Any]]:
    """event -> {'kind': local name of its pkg:changeKind (Merger, RemitTransfer, ...),
    'remit': {lang: the remit it moved}}."""
    out: dict[str, dict[str, Any]] = {}
    items = sorted(events)
    for start in range(0, len(items), 200):
        values = " ".join(f"<{e}>" for e in items[start:start + 200])
        for row in store.select(P + f"SELECT ?e ?k ?remit WHERE {{ VALUES ?e {{ {values} }} "
                                    "OPTIONAL { ?e pkg:changeKind ?k } "
                                    "OPTIONAL { ?e pkg:remit ?remit } }"):
            entry = out.setdefault(str(row["e"]), {"kind": None, "remit": {}})
            if row.get("k") is not None:
                entry["kind"] = str(row["k"]).rsplit("#", 1)[-1]
            remit = row.get("remit")
            if remit is not None:
                entry["remit"][getattr(remit, "language", None) or "en"] = str(remit)
    return out


def _facts(event: str, kinds: dict[str, dict[str, Any]]) -> dict[str, Any]:
    found = kinds.get(event, {})
    return {"kind": found.get("kind"), "remit": found.get("remit") or {}}


def _hop(hop: succession.Hop, kinds: dict[str, dict[str, Any]]) -> dict[str, Any]:
    return {**hop.as_dict(), **_facts(hop.event, kinds)}


def _predecessors(resolver: succession.Successions, iri: str) -> list[dict[str, Any]]:
    """Events that passed obligations on to `iri`, then to those bodies, and so on: one entry per
    hop, nearest first (depth 1 = a direct predecessor)."""
    into: dict[str, list[succession.Event]] = {}
    for events in resolver.events.values():
        for event in events:
            into.setdefault(event.resulting, []).append(event)
    out, frontier, seen = [], [iri], {iri}
    for depth in range(1, MAX_DEPTH + 1):
        nxt = []
        for node in frontier:
            for event in sorted(into.get(node, ()), key=lambda e: (e.when, e.original)):
                out.append({"event": event.iri, "from": event.original, "to": node,
                            "date": event.when.isoformat(), "inferred": event.inferred,
                            "label": event.label, "depth": depth,
                            "rule": event.route.rule if event.route else None})
                if event.original not in seen:
                    seen.add(event.original)
                    nxt.append(event.original)
        frontier = nxt
    return sorted(out, key=lambda e: (e["date"], e["depth"], e["from"]), reverse=True)


def agency_lineage(store: Store, iri: str, as_of: date | None = None) -> dict[str, Any]:
    """{'as_of', 'ended', 'exists', 'routes': [{rule, hops, holder, inferred}], 'predecessors',
    'holds': [...]}: the agency's lineage as the resolver reads it."""
    as_of = as_of or date.today()
    resolver = succession.from_store(store)
    routes: list[dict[str, Any]] = []
    holdings = [(None, h) for h in resolver.holdings(iri, as_of, route=None)]
    for route in resolver.routes_from(iri):
        holdings += [(route, h) for h in resolver.holdings(iri, as_of, route=route)]
    predecessors = _predecessors(resolver, iri)
    events = {h.event for _, holding in holdings for h in holding.hops}
    events |= {p["event"] for p in predecessors}
    kinds = _kinds(store, events)
    seen_paths = set()
    for route, holding in holdings:
        if not holding.hops:
            continue
        key = tuple(h.event for h in holding.hops)
        if key in seen_paths:
            continue
        seen_paths.add(key)
        routes.append({"rule": route.rule if route else None,
                       "hops": [_hop(h, kinds) for h in holding.hops],
                       "holder": holding.holder, "inferred": holding.inferred})
    for p in predecessors:
        p.update(_facts(p["event"], kinds))
    ended = resolver.ended(iri, as_of)
    return {"as_of": as_of.isoformat(), "ended": ended.isoformat() if ended else None,
            "exists": ended is None, "routes": routes, "predecessors": predecessors,
            "holds": holds_today(store, resolver, iri, {p["from"] for p in predecessors}, as_of,
                                 kinds)}


_OWNED = """SELECT ?o ?owner ?path ?text ?deadline ?doc ?title WHERE {{
  VALUES ?owner {{ {values} }}
  ?o pkg:owner|pkg:impliedOwner ?owner ; pkg:statedIn ?doc .
  OPTIONAL {{ ?o pkg:sectionPath ?path }}
  OPTIONAL {{ ?o pkg:text ?text }}
  OPTIONAL {{ ?o pkg:deadline ?deadline }}
  OPTIONAL {{ ?doc pkg:title ?title }}
}} LIMIT 5000"""


def holds_today(store: Store, resolver: succession.Successions, iri: str,
                predecessors: set[str], as_of: date,
                kinds: dict[str, dict[str, Any]] | None = None) -> list[dict[str, Any]]:
    """Obligations whose stated owner is a predecessor of `iri` and that the resolver, reading
    each task's text and title, brings to `iri` on `as_of`."""
    if not predecessors:
        return []
    values = " ".join(f"<{a}>" for a in sorted(predecessors))
    found: dict[str, dict[str, Any]] = {}
    for row in store.select(P + _OWNED.format(values=values)):
        text, title = str(row.get("text") or ""), str(row.get("title") or "")
        for holding in resolver.holdings(str(row["owner"]), as_of, text, title):
            if holding.holder != iri:
                continue
            found.setdefault(str(row["o"]), {
                "iri": str(row["o"]), "path": _opt(row.get("path")), "text": _opt(row.get("text")),
                "deadline": row.get("deadline"), "document": str(row["doc"]),
                "owner": str(row["owner"]), "inferred": holding.inferred,
                "hops": [_hop(h, kinds or {}) for h in holding.hops]})
    return sorted(found.values(), key=lambda t: (t["document"], t["path"] or "", t["iri"]))


def owners_today(store: Store, tasks: list[dict[str, Any]], as_of: date | None = None) -> None:
    """Add `today` to each task: one entry per stated owner whose obligation is held by another
    body on `as_of` ({owner, holder, inferred, hops}); an empty list when nothing moved."""
    as_of = as_of or date.today()
    owned = [t for t in tasks if t.get("owners")]
    if not owned:
        for task in tasks:
            task["today"] = []
        return
    resolver = succession.from_store(store)
    cues = succession.cues_of(store, [t["iri"] for t in owned])
    for task in tasks:
        task["today"] = []
        text, title = cues.get(task["iri"], (task.get("text") or "", ""))
        for owner in task.get("owners", []):
            for holding in resolver.holdings(owner, as_of, text, title):
                if holding.moved:
                    task["today"].append({"owner": owner, "holder": holding.holder,
                                          "inferred": holding.inferred,
                                          "hops": [h.as_dict() for h in holding.hops]})


def _opt(value: Any) -> str | None:
    return None if value is None else str(value)


def period_end(value: Any) -> date | None:
    """The last day a deadline allows: a date itself, a month's last day, a year's 31 December
    (None for a value that is none of these, e.g. a malformed '2025-13')."""
    text = str(value or "").strip()
    try:
        if len(text) >= 10:
            return date.fromisoformat(text[:10])
        if len(text) == 7:
            year, month = int(text[:4]), int(text[5:7])
            return date(year, month, calendar.monthrange(year, month)[1])
        if len(text) == 4:
            return date(int(text), 12, 31)
    except ValueError:
        return None
    return None


def period_start(value: Any) -> date | None:
    """The first day of a deadline's period (a date itself, a month's first day, 1 January)."""
    end = period_end(value)
    if end is None:
        return None
    text = str(value).strip()
    if len(text) == 7:
        return end.replace(day=1)
    if len(text) == 4:
        return end.replace(month=1, day=1)
    return end


_FOLLOW_UPS = """SELECT ?o ?deadline WHERE {{
  VALUES ?o {{ {values} }}
  ?c pkg:concretises ?o ; pkg:deadline ?deadline .
}}"""


def overdue(store: Store, tasks: list[dict[str, Any]], as_of: date | None = None) -> list[str]:
    """The tasks (IRIs) overdue on `as_of`: a deadline whose period ended before it, not
    recurring, and no later follow-up (a task carrying it out, pkg:concretises, whose deadline
    ends on or after `as_of`)."""
    as_of = as_of or date.today()
    late = [t for t in tasks if t.get("deadline") is not None and not t.get("recurrence")
            and (period_end(t["deadline"]) or as_of) < as_of]
    if not late:
        return []
    values = " ".join(f"<{t['iri']}>" for t in late)
    followed = {str(r["o"]) for r in store.select(P + _FOLLOW_UPS.format(values=values))
                if (period_end(r["deadline"]) or date.min) >= as_of}
    return [t["iri"] for t in late if t["iri"] not in followed]
