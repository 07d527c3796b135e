"""Who holds an obligation on a date: the one successor resolver.

An obligation stays with its owner until an `org:ChangeEvent` that passes obligations on
(`pkg:inheritsObligations true`) moves it; the resolver follows such events hop by hop up to the
as-of date and returns every hop (event, from, to, date, stated or inferred, the rule that chose
it). Trace, `analyze orphans`, the dissolved-owner shape (through validate.py) and the pages call
it; the `dissolved-owners` query reads its output, materialised per agency, route and period in
graph/reference/successions.ttl (`python -m policykg.reorganisation` writes it from the same
function), so SPARQL and Python give one answer.

Remit splits. When a body's work went to several bodies on one day (Sở Lao động - Thương binh và
Xã hội: children to Sở Y tế, vocational training to Sở Giáo dục và Đào tạo, labour to Sở Nội vụ),
each transfer carries a route (`pkg:route`, a node with `pkg:remitRank`, `pkg:remitKeyword`s and
`pkg:remitRule`). The task's own text picks the lowest-ranked route one of whose keywords it
contains (lower case, the split bodies' own names removed); failing that, the title of the
document that states it; failing both, the events of that day without a route (the default,
typically the merger). The hop records which rule decided (`rule`, and `cue`: "text", "title" or
"default"). Keywords are plain substrings, so Python and SPARQL (CONTAINS) test them alike.

Events of one day are one step: an obligation that arrives at a body on day D then follows only
that body's events dated D or later.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import lru_cache

from rdflib import Graph, Literal
from rdflib.namespace import RDF, RDFS

from policykg.namespaces import ORG, PKG, PROV, sparql_prefixes
from policykg.text import fold

TEXT_SCORE, TITLE_SCORE, DEFAULT_SCORE = 0, 100, 1000


@dataclass(frozen=True)
class Route:
    iri: str  # id/route/<slug>: shared by the events of every province that take this way
    rank: int
    keywords: tuple[str, ...]  # lower-case words; any of them in the text picks the route
    rule: str  # what the route is, for people ("children → Sở Y tế (Decree 45/2025)")

    def matches(self, text: str) -> bool:
        return bool(text) and any(k in text for k in self.keywords)

    def score(self, text: str, title: str) -> int | None:
        """TEXT_SCORE + rank when the task's text names the remit, TITLE_SCORE + rank when only
        its document's title does, None otherwise."""
        if self.matches(text):
            return TEXT_SCORE + self.rank
        if self.matches(title):
            return TITLE_SCORE + self.rank
        return None


@lru_cache(maxsize=256)
def _regex(pattern: str) -> re.Pattern:
    return re.compile(pattern)


@dataclass(frozen=True)
class Event:
    iri: str
    original: str
    resulting: str | None
    when: date
    inherits: bool
    ends: bool
    inferred: bool
    label: str | None = None
    route: Route | None = None


@dataclass(frozen=True)
class Hop:
    event: str
    source: str
    target: str
    when: date
    inferred: bool
    label: str | None
    rule: str | None  # the route that decided, None for a plain succession
    cue: str  # "text" | "title" | "default" (no route named the task) | "only" (one way on)

    def as_dict(self) -> dict:
        return {
            "event": self.event,
            "label": self.label,
            "date": self.when.isoformat(),
            "from": self.source,
            "to": self.target,
            "inferred": self.inferred,
            "rule": self.rule,
            "cue": self.cue,
        }


@dataclass(frozen=True)
class Holding:
    """Who holds an owner's obligation on the as-of date: `holder` (None when the owner ended
    and nothing took the obligation over) and the hops that led there."""

    owner: str
    holder: str | None
    hops: tuple[Hop, ...]
    ended: date | None  # the owner's end, if on or before the as-of date

    @property
    def inferred(self) -> bool:
        return any(h.inferred for h in self.hops)

    @property
    def moved(self) -> bool:
        return self.holder != self.owner


@dataclass
class Successions:
    """The change events of a graph or store, indexed for the resolver."""

    events: dict[str, list[Event]] = field(default_factory=lambda: defaultdict(list))
    endings: dict[str, date] = field(default_factory=dict)  # agency -> earliest end

    def add(self, event: Event) -> None:
        if event.ends:
            old = self.endings.get(event.original)
            self.endings[event.original] = min(old, event.when) if old else event.when
        if event.inherits and event.resulting:
            self.events[event.original].append(event)

    def finish(self) -> Successions:
        for events in self.events.values():
            events.sort(
                key=lambda e: (e.when, e.route.rank if e.route else 10**6, e.iri, e.resulting or "")
            )
        return self

    # -- the resolver -------------------------------------------------------------------------

    def holdings(
        self,
        owner: str,
        as_of: date,
        text: str = "",
        title: str = "",
        route: Route | None | str = "by text",
    ) -> list[Holding]:
        """Who holds `owner`'s obligation (whose task text and document title are given) on
        `as_of`: one Holding per holder (a merger has one, a split may have several). `route`
        forces a route (None: the default) instead of reading the text (successions.ttl)."""
        owner = str(owner)
        ended = self.ended(owner, as_of)
        cues = (cue_text(text), cue_text(title), route)
        holdings = []
        for holder, hops in self._walk(owner, None, as_of, cues, frozenset({owner})):
            if holder is not None and self.ended(holder, as_of) is not None:
                holder = None  # that body ended, and no event took the obligation over
            holdings.append(Holding(owner, holder, tuple(hops), ended))
        return holdings

    def ended(self, agency: str, as_of: date) -> date | None:
        end = self.endings.get(str(agency))
        return end if end is not None and end <= as_of else None

    def _walk(self, agency, since, as_of, cues, seen):
        """(holder, hops) for an obligation that reached `agency` on `since`."""
        for day, events in _by_day(self.events.get(agency, ()), since, as_of):
            chosen, cue = choose(events, *cues)
            arrived = False
            for event in chosen:
                if event.resulting in seen:
                    continue
                hop = Hop(
                    event.iri,
                    agency,
                    event.resulting,
                    day,
                    # a route chosen by the task's words is our reading, whatever the event's basis
                    event.inferred or (event.route is not None and cue in ("text", "title")),
                    event.label,
                    event.route.rule if event.route and cue != "default" else None,
                    cue,
                )
                for holder, tail in self._walk(
                    event.resulting, day, as_of, cues, seen | {event.resulting}
                ):
                    arrived = True
                    yield holder, [hop, *tail]
            if arrived:
                return
            if self.ended(agency, day) is not None:
                break  # the body ended that day and nothing took this obligation over
        yield agency, []

    # -- the materialised form (successions.ttl) ----------------------------------------------

    def routes_from(self, agency: str) -> list[Route]:
        """The routes an obligation of `agency` can take on its way (at most one routed day
        per chain: the SPARQL form scores routes per original owner)."""
        routes, stack, seen = {}, [agency], {agency}
        while stack:
            node = stack.pop()
            for event in self.events.get(node, ()):
                if event.route is not None:
                    routes[event.route] = None
                if event.resulting not in seen:
                    seen.add(event.resulting)
                    stack.append(event.resulting)
        return sorted(routes, key=lambda r: (r.rank, r.rule))

    def breakpoints(self, agency: str) -> list[date]:
        """Every date on which the holder of an obligation of `agency` can change."""
        days, stack, seen = set(), [agency], {agency}
        while stack:
            node = stack.pop()
            if node in self.endings:
                days.add(self.endings[node])
            for event in self.events.get(node, ()):
                days.add(event.when)
                if event.resulting not in seen:
                    seen.add(event.resulting)
                    stack.append(event.resulting)
        return sorted(days)


def choose(
    events: list[Event], text: str, title: str, forced: Route | None | str = "by text"
) -> tuple[list[Event], str]:
    """The events of one day an obligation follows: the best-scoring route (task text, then
    document title), else the events without a route. Ties are all followed. `forced`: follow
    that route (None: the default) whatever the text says."""
    scored = []
    for event in events:
        if event.route is None:
            score = DEFAULT_SCORE
        elif forced != "by text":
            score = TEXT_SCORE + event.route.rank if event.route == forced else None
        else:
            score = event.route.score(text, title)
        if score is not None:
            scored.append((score, event))
    if not scored:
        return [], "default"
    best = min(score for score, _ in scored)
    chosen = [event for score, event in scored if score == best]
    if best == DEFAULT_SCORE:
        return chosen, "default" if any(e.route for e in events) else "only"
    return chosen, "text" if best < TITLE_SCORE else "title"


def _by_day(events, since: date | None, as_of: date):
    day, group = None, []
    for event in events:
        if event.when > as_of or (since is not None and event.when < since):
            continue
        if event.when != day and group:
            yield day, group
            group = []
        day = event.when
        group.append(event)
    if group:
        yield day, group


_TONE_SWAPS = [
    ("óa", "oá"),
    ("òa", "oà"),
    ("ỏa", "oả"),
    ("õa", "oã"),
    ("ọa", "oạ"),
    ("úy", "uý"),
    ("ùy", "uỳ"),
    ("ủy", "uỷ"),
    ("ũy", "uỹ"),
    ("ụy", "uỵ"),
]


def spellings(words: list[str]) -> tuple[str, ...]:
    """`words` in the spellings documents use: lower case, both tone placements ('hóa'/'hoá')
    and without diacritics (OCR), longest first."""
    forms = set()
    for word in words:
        word = word.lower()
        variants = {word}
        for new, old in _TONE_SWAPS:
            variants |= {v.replace(new, old) for v in variants}
        forms |= variants | {fold(word)}
    return tuple(sorted(forms, key=lambda w: (-len(w), w)))


def alternation(words: list[str]) -> str:
    """A regex alternation of the spellings of `words` (plain words: Python and SPARQL agree)."""
    return "|".join(spellings(words))


# The names of bodies whose remit was split, removed before routes read a text: "Sở Lao động -
# Thương binh và Xã hội chủ trì" says who, not what about. The dissolved-owners query removes
# the same expression (SPARQL REPLACE).
NAME_PATTERN = alternation(
    [
        "lao động - thương binh và xã hội",
        "lao động, thương binh và xã hội",
        "lao động thương binh và xã hội",
        "lao động-thương binh và xã hội",
        "lđtbxh",
        "lđ-tb&xh",
        "lđ-tbxh",
        "thông tin và truyền thông",
        "tt&tt",
        "tttt",
    ]
)


def cue_text(text) -> str:
    """A task's text or title as routes read it: lower case, split bodies' names removed."""
    text = str(text or "").lower()
    return _regex(NAME_PATTERN).sub(" ", text) if NAME_PATTERN else text


# ---------------------------------------------------------------------------------------------
# Reading the events
# ---------------------------------------------------------------------------------------------

EVENTS_QUERY = """SELECT ?e ?orig ?res ?time ?basis ?inherits ?ends ?label ?route WHERE {
  ?e a org:ChangeEvent ; org:originalOrganization ?orig ; prov:atTime ?time .
  OPTIONAL { ?e org:resultingOrganization ?res }
  OPTIONAL { ?e pkg:basis ?basis }
  OPTIONAL { ?e pkg:inheritsObligations ?inherits }
  OPTIONAL { ?e pkg:endsOriginal ?ends }
  OPTIONAL { ?e rdfs:label ?label . FILTER(LANGMATCHES(LANG(?label), "en") || LANG(?label) = "") }
  OPTIONAL { ?e pkg:route ?route }
}"""
# Routes apart: a dozen nodes with their keywords (joined to the events they would multiply).
ROUTES_QUERY = """SELECT ?route ?rank ?keyword ?rule WHERE {
  ?route a pkg:RemitRoute ; pkg:remitRank ?rank ; pkg:remitKeyword ?keyword .
  OPTIONAL { ?route pkg:remitRule ?rule }
}"""


def from_rows(rows, route_rows=None) -> Successions:
    """Successions from rows of EVENTS_QUERY and ROUTES_QUERY (dicts of rdflib terms; route
    columns may also sit in the event rows). An event with several resulting organisations
    yields one Event each."""
    successions = Successions()
    seen = set()
    rows = list(rows)
    routes = _routes([*rows, *(route_rows or ())])
    for row in rows:
        when = _as_date(row.get("time"))
        if when is None:
            continue
        route = routes.get(str(row["route"])) if row.get("route") is not None else None
        resulting = str(row["res"]) if row.get("res") is not None else None
        event = Event(
            str(row["e"]),
            str(row["orig"]),
            resulting,
            when,
            _true(row.get("inherits")),
            _true(row.get("ends")),
            row.get("basis") == PKG.ModellingInference,
            str(row["label"]) if row.get("label") is not None else None,
            route,
        )
        key = (event.iri, event.original, event.resulting)
        if key not in seen:
            seen.add(key)
            successions.add(event)
    return successions.finish()


def _routes(rows) -> dict[str, Route]:
    """Route nodes from the rows (one row per keyword)."""
    parts: dict[str, dict] = {}
    for row in rows:
        if row.get("route") is None or row.get("rank") is None:
            continue
        part = parts.setdefault(
            str(row["route"]),
            {"rank": int(row["rank"]), "keywords": set(), "rule": str(row.get("rule") or "")},
        )
        if row.get("keyword") is not None:
            part["keywords"].add(str(row["keyword"]))
    return {
        iri: Route(
            iri,
            p["rank"],
            tuple(sorted(p["keywords"], key=lambda k: (-len(k), k))),
            p["rule"] or iri,
        )
        for iri, p in parts.items()
    }


_CACHE: dict = {}


def from_store(store) -> Successions:
    """The store's events, read once per store version (a trace or a page needs them every
    time; ~0.8 s for the 3,600 events of the national reference, then free)."""
    version = store.version() if hasattr(store, "version") else None
    key = (id(store), version)
    if version is not None and key in _CACHE:
        return _CACHE[key]
    events = store.select(sparql_prefixes() + EVENTS_QUERY)
    routes = store.select(sparql_prefixes() + ROUTES_QUERY)
    result = from_rows(events, routes)
    if version is not None:
        _CACHE.clear()  # one store at a time: the newest
        _CACHE[key] = result
    return result


def from_graph(graph: Graph) -> Successions:
    """Successions from an rdflib graph (a validation's data graph, a test fixture)."""
    return from_rows(graph_rows(graph))


def graph_rows(graph: Graph) -> list[dict]:
    """EVENTS_QUERY's rows, read from an rdflib graph."""
    rows = []
    for event in graph.subjects(RDF.type, ORG.ChangeEvent):
        base = {
            "e": event,
            "time": graph.value(event, PROV.atTime),
            "basis": graph.value(event, PKG.basis),
            "inherits": graph.value(event, PKG.inheritsObligations),
            "ends": graph.value(event, PKG.endsOriginal),
            "label": _english(graph, event),
        }
        route = graph.value(event, PKG.route)
        keywords = [None]
        if route is not None:
            base.update(
                route=route,
                rank=graph.value(route, PKG.remitRank),
                rule=graph.value(route, PKG.remitRule),
            )
            keywords = list(graph.objects(route, PKG.remitKeyword)) or [None]
        results = list(graph.objects(event, ORG.resultingOrganization)) or [None]
        for original in graph.objects(event, ORG.originalOrganization):
            for resulting in results:
                rows += [
                    {**base, "orig": original, "res": resulting, "keyword": k} for k in keywords
                ]
    return rows


def _english(graph: Graph, node) -> Literal | None:
    labels = list(graph.objects(node, RDFS.label))
    for label in labels:
        if isinstance(label, Literal) and label.language in ("en", None):
            return label
    return None


def _true(value) -> bool:
    return value is not None and str(value).lower() in ("true", "1")


def _as_date(value) -> date | None:
    if value is None:
        return None
    python = value.toPython() if isinstance(value, Literal) else None
    if isinstance(python, datetime):
        return python.date()
    if isinstance(python, date):
        return python
    try:
        return date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


# ---------------------------------------------------------------------------------------------
# Obligations: their owners with text and title, and their holdings
# ---------------------------------------------------------------------------------------------

OBLIGATION_CUES = """SELECT ?o ?owner ?text ?title WHERE {
  VALUES ?o { $VALUES }
  ?o pkg:owner|pkg:impliedOwner ?owner .
  OPTIONAL { ?o pkg:text ?text }
  OPTIONAL { ?o pkg:statedIn ?d . ?d pkg:title ?title }
}"""


def cues_of(store, obligations) -> dict[str, tuple[str, str]]:
    """obligation -> (text, title), read in batches (for callers that hold only IRIs)."""
    out: dict[str, tuple[str, str]] = {}
    items = sorted({str(o) for o in obligations})
    for start in range(0, len(items), 500):
        values = " ".join(f"<{o}>" for o in items[start : start + 500])
        for row in store.select(sparql_prefixes() + OBLIGATION_CUES.replace("$VALUES", values)):
            text, title = out.get(str(row["o"]), ("", ""))
            out[str(row["o"])] = (
                text or str(row.get("text") or ""),
                title or str(row.get("title") or ""),
            )
    return out


def graph_cues(graph: Graph, obligation) -> tuple[str, str]:
    text = graph.value(obligation, PKG.text)
    document = graph.value(obligation, PKG.statedIn)
    title = graph.value(document, PKG.title) if document is not None else None
    return str(text or ""), str(title or "")


def path_text(holding: Holding, label, lang: str = "en") -> str:
    """'A → B (2025-03-01, inferred: children …) → C (2025-07-01, inferred)'; with lang="vi"
    wholly Vietnamese, words from the site's translation table and dates as 01/7/2025."""
    from policykg.web.i18n import format_date, text

    parts = [label(holding.owner)]
    for hop in holding.hops:
        how = text("lin.inferred" if hop.inferred else "lin.stated", lang)
        if hop.rule:
            cue = text("succ.by_text" if hop.cue == "text" else "succ.by_title", lang)
            how += "; " + text("succ.rule", lang, rule=hop.rule, cue=cue)
        when = format_date(hop.when, lang) if lang == "vi" else hop.when.isoformat()
        parts.append(f"{label(hop.target)} ({when}, {how})")
    if holding.holder is None:
        parts.append(text("lin.no_successor", lang))
    return " → ".join(parts)
