"""The responsibility network in NetworkX, and the analytics analysts ask of it.

Nodes are documents, obligations and agencies (keyed by IRI, attribute `kind`); edges carry a
`rel`: implements, issuedBy, statedIn, partOf, concretises, owner, impliedOwner, coordinator,
reportsTo, succession. The network is read from the store with one SPARQL query per edge family
and per node family (obligations: one scan per property), so its figures can be checked against
SPARQL counts.
"""

from __future__ import annotations

import csv
import io
import json
from collections import Counter, defaultdict
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

import networkx as nx

from policykg import succession
from policykg.errors import PolicykgError
from policykg.kinds import GENERIC as GENERIC_KIND
from policykg.kinds import NAMES as KIND_NAMES
from policykg.namespaces import ID, PKG, sparql_prefixes
from policykg.trace import csv_rows, gc_paused

if TYPE_CHECKING:
    from policykg.store import Store


DIRECTIVE = str(ID["doc/28-ct-tw"])
LEVELS = {"CentralLevel": "central", "ProvincialLevel": "provincial",
          "DistrictLevel": "district", "CommuneLevel": "commune"}
BRANCHES = {"Party": "party", "State": "state", "Front": "front", "Press": "press"}
DOCUMENT_TYPES = [*KIND_NAMES, GENERIC_KIND]

_DOCUMENT_TYPES_VALUES = " ".join(f"pkg:{t}" for t in DOCUMENT_TYPES)
_DOCUMENTS = """SELECT ?n ?type ?number ?level ?title WHERE {
  VALUES ?type { TYPES }
  ?n a ?type .
  OPTIONAL { ?n pkg:documentNumber ?number }
  OPTIONAL { ?n pkg:level ?level }
  OPTIONAL { ?n pkg:title ?title }
}""".replace("TYPES", _DOCUMENT_TYPES_VALUES)

# Obligations are read as one scan per property, joined here: Oxigraph answers a lone triple
# pattern from its index, while the type join with four OPTIONALs and an EXISTS took 4 s of
# the 12 s build at 2M triples (each scan: a few tenths of a second).
_OBLIGATION_TYPES = """SELECT ?n ?type WHERE {
  VALUES ?type { pkg:Obligation pkg:ReportingDuty } ?n a ?type
}"""
_OBLIGATION_PROPERTIES = {"path": "pkg:sectionPath", "text": "pkg:text",
                          "deadline": "pkg:deadline", "modality": "pkg:modality"}

_AGENCIES = """SELECT ?n ?label ?level ?branch ?collective ?unresolved WHERE {
  ?n a pkg:Agency .
  OPTIONAL { ?n rdfs:label ?label FILTER(LANG(?label) = "vi") }
  OPTIONAL { ?n pkg:level ?level }
  OPTIONAL { ?n pkg:branch ?branch }
  OPTIONAL { ?n pkg:unresolved ?unresolved }
  BIND(EXISTS { ?n a pkg:CollectiveAgency } AS ?collective)
}"""

# (relation, SPARQL pattern binding ?s and ?o)
_EDGES = [
    ("implements", "?s pkg:implements ?o"),
    ("issuedBy", "?s pkg:issuedBy ?o"),
    ("statedIn", "?s pkg:statedIn ?o"),
    ("partOf", "?s pkg:partOf ?o"),
    ("concretises", "?s pkg:concretises ?o"),
    ("owner", "?s pkg:owner ?o"),
    ("impliedOwner", "?s pkg:impliedOwner ?o"),
    ("coordinator", "?s pkg:coordinator ?o"),
    ("reportsTo", "?s pkg:reportsTo ?o"),
]

_SUCCESSION = """SELECT ?s ?o ?event ?time ?basis ?inherits ?ends WHERE {
  ?event a org:ChangeEvent ; org:originalOrganization ?s ; org:resultingOrganization ?o .
  OPTIONAL { ?event prov:atTime ?time }
  OPTIONAL { ?event pkg:basis ?basis }
  OPTIONAL { ?event pkg:inheritsObligations ?inherits }
  OPTIONAL { ?event pkg:endsOriginal ?ends }
}"""

_DISSOLVED = """SELECT ?s ?time WHERE {
  ?event a org:ChangeEvent ; org:originalOrganization ?s ; pkg:endsOriginal true .
  OPTIONAL { ?event prov:atTime ?time }
}"""


def _local(value: str | None) -> str | None:
    """'https://…#CentralLevel' -> 'CentralLevel' (None for unbound)."""
    return value.rsplit("#", 1)[-1] if value else None


def _true(value: str | None) -> bool:
    return value == "true"


def _rows(store: Store, body: str) -> list[list[str]]:
    return csv_rows(store, sparql_prefixes() + body)


def _select(store: Store, body: str) -> list[dict[str, str | None]]:
    """Rows as dicts of plain strings (unbound: None), for the small node families."""
    data, _ = store.query_raw(sparql_prefixes() + body, "text/csv")
    reader = csv.DictReader(io.StringIO(data.decode("utf-8")))
    return [{k: (v or None) for k, v in row.items()} for row in reader]


def build_network(store: Store) -> nx.MultiDiGraph:
    """Read the whole responsibility network from the store."""
    with gc_paused():  # half the NetworkX time was the GC going over the growing graph
        g = nx.MultiDiGraph()
        for row in _select(store, _DOCUMENTS):
            g.add_node(row["n"], kind="document", docType=_local(row["type"]),
                       label=row["number"] or row["title"] or row["n"], number=row["number"],
                       title=row["title"],
                       level=LEVELS.get(_local(row["level"])))
        stated_in = _rows(store, "SELECT ?s ?o WHERE { ?s pkg:statedIn ?o }")
        g.add_nodes_from(_obligation_nodes(store, stated_in))
        for row in _select(store, _AGENCIES):
            g.add_node(row["n"], kind="agency", label=row["label"] or row["n"],
                       level=LEVELS.get(_local(row["level"])),
                       branch=BRANCHES.get(_local(row["branch"])),
                       collective=_true(row["collective"]), unresolved=_true(row["unresolved"]))
        _add_provinces(g, store)
        for rel, pattern in _EDGES:
            rows = (stated_in if rel == "statedIn"
                    else _rows(store, f"SELECT ?s ?o WHERE {{ {pattern} }}"))
            for s, o in rows:
                g.add_edge(s, o, key=rel, rel=rel)
        for row in _select(store, _SUCCESSION):
            g.add_edge(row["s"], row["o"], key=f"succession {row['event']}", rel="succession",
                       event=row["event"], time=row["time"], basis=_local(row["basis"]),
                       inherits=_true(row["inherits"]))
        _inherit_obligation_levels(g, stated_in)
        g.graph["dissolved"] = {r["s"]: r["time"] for r in _select(store, _DISSOLVED)}
        g.graph["successions"] = succession.from_store(store)
    return g


_PROVINCE_NAMES = """SELECT ?p ?label WHERE {
  ?p a pkg:Province ; rdfs:label ?label FILTER(LANG(?label) = "vi")
}"""


def _add_provinces(g: nx.MultiDiGraph, store: Store) -> None:
    """An agency's province by name (the graph's whole view groups agencies by it)."""
    names = dict(_rows(store, _PROVINCE_NAMES))
    for n, p in _rows(store, "SELECT ?n ?p WHERE { ?n pkg:province ?p }"):
        if n in g and g.nodes[n].get("kind") == "agency":
            g.nodes[n]["province"] = names.get(p) or p.rsplit("/", 1)[-1]


_OBLIGATION, _REPORTING_DUTY = str(PKG.Obligation), str(PKG.ReportingDuty)


def _obligation_nodes(store: Store, stated_in: list[list[str]]):
    """(node, attributes) of every obligation stated in a document, in the store's order."""
    types = _rows(store, _OBLIGATION_TYPES)
    reporting = {n for n, t in types if t == _REPORTING_DUTY}
    stated = {s for s, _ in stated_in}
    # one value per obligation: the last, as when a row per value set the node's attributes
    props = {name: dict(_rows(store, f"SELECT ?n ?v WHERE {{ ?n {predicate} ?v }}"))
             for name, predicate in _OBLIGATION_PROPERTIES.items()}
    paths, texts, deadlines, modalities = (props[k] for k in _OBLIGATION_PROPERTIES)
    for n, t in types:
        if t == _OBLIGATION and n in stated:
            path = paths.get(n) or None
            yield n, {"kind": "obligation", "sectionPath": path, "text": texts.get(n) or None,
                      "deadline": deadlines.get(n) or None,
                      "modality": _local(modalities.get(n)), "reporting": n in reporting,
                      "label": path or n}


def _inherit_obligation_levels(g: nx.MultiDiGraph, stated_in: list[list[str]]) -> None:
    """An obligation sits at the level of the document that states it (the first one in the
    store's order, looked up in a dict: edge views per node cost more than the rest of this)."""
    first_doc: dict[str, str] = {}
    for s, o in stated_in:
        first_doc.setdefault(s, o)
    nodes = dict(g.nodes(data=True))
    for n, data in nodes.items():
        if data.get("kind") == "obligation":
            doc = first_doc.get(n)
            data["level"] = nodes[doc].get("level") if doc is not None else None
            data["document"] = doc


def _targets(g: nx.MultiDiGraph, node: str, rel: str) -> list[str]:
    return [v for _, v, k in g.out_edges(node, keys=True) if k == rel]


def _sources(g: nx.MultiDiGraph, node: str, rel: str) -> list[str]:
    return [u for u, _, k in g.in_edges(node, keys=True) if k == rel]


def _kind(g: nx.MultiDiGraph, kind: str) -> list[str]:
    return sorted(n for n, d in g.nodes(data=True) if d.get("kind") == kind)


def summary(g: nx.MultiDiGraph) -> dict:
    kinds = Counter(d.get("kind", "other") for _, d in g.nodes(data=True))
    rels = Counter(d["rel"] for _, _, d in g.edges(data=True))
    levels = Counter(d.get("level") or "unknown" for n, d in g.nodes(data=True)
                     if d.get("kind") == "obligation")
    return {"nodes": dict(sorted(kinds.items())), "edges": dict(sorted(rels.items())),
            "obligationsPerLevel": dict(sorted(levels.items()))}


def obligations_per_agency(g: nx.MultiDiGraph) -> list[dict]:
    """Obligations each agency owns and coordinates, with its level."""
    rows = []
    for a in _kind(g, "agency"):
        owned = len(_sources(g, a, "owner"))
        coordinated = len(_sources(g, a, "coordinator"))
        if owned or coordinated:
            d = g.nodes[a]
            rows.append({"agency": a, "label": d.get("label"), "level": d.get("level"),
                         "owned": owned, "coordinated": coordinated})
    return sorted(rows, key=lambda r: (-r["owned"], -r["coordinated"], r["agency"]))


def accountability_gaps(g: nx.MultiDiGraph) -> dict[str, list[str]]:
    """Obligations with no owner, only an implied owner, or only collective owners."""
    gaps: dict[str, list[str]] = {"noOwner": [], "impliedOnly": [], "collectiveOnly": []}
    for o in _kind(g, "obligation"):
        owners = _targets(g, o, "owner")
        if owners:
            if all(g.nodes[a].get("collective") for a in owners):
                gaps["collectiveOnly"].append(o)
        elif _targets(g, o, "impliedOwner"):
            gaps["impliedOnly"].append(o)
        else:
            gaps["noOwner"].append(o)
    return gaps


def task_groups(g: nx.MultiDiGraph, directive: str = DIRECTIVE) -> list[str]:
    """The directive's task groups: its obligations that are part of no other."""
    return sorted(o for o in _sources(g, directive, "statedIn") if not _targets(g, o, "partOf"))


def _groups_reached(g: nx.MultiDiGraph, groups: set[str]):
    """Memoised: the task groups an obligation carries out through concretises/partOf."""
    memo: dict[str, frozenset[str]] = {}

    def reach(o: str, seen: frozenset[str] = frozenset()) -> frozenset[str]:
        if o in memo:
            return memo[o]
        if o in seen:  # a cycle in curated links: stop rather than recurse forever
            return frozenset()
        found = {o} & groups
        for up in _targets(g, o, "concretises") + _targets(g, o, "partOf"):
            found |= reach(up, seen | {o})
        memo[o] = frozenset(found)
        return memo[o]

    return reach


def coverage_matrix(g: nx.MultiDiGraph, directive: str = DIRECTIVE) -> dict:
    """Plans implementing the directive x its task groups: obligations carrying out each group."""
    groups = task_groups(g, directive)
    reach = _groups_reached(g, set(groups))
    plans = sorted(_sources(g, directive, "implements"))
    matrix = {}
    for plan in plans:
        counts = Counter()
        for o in _sources(g, plan, "statedIn"):
            counts.update(reach(o))
        matrix[plan] = {grp: counts.get(grp, 0) for grp in groups}
    return {"groups": groups, "plans": plans, "matrix": matrix}


def reporting_network(g: nx.MultiDiGraph) -> nx.DiGraph:
    """Agency -> agency: the owner of an obligation reports to the obligation's recipient."""
    r = nx.DiGraph()
    for o in _kind(g, "obligation"):
        for owner in _targets(g, o, "owner"):
            for boss in _targets(g, o, "reportsTo"):
                if owner != boss:
                    w = r.get_edge_data(owner, boss, {}).get("weight", 0)
                    r.add_edge(owner, boss, weight=w + 1)
    return r


def reporting_chains(g: nx.MultiDiGraph) -> list[list[str]]:
    """For every agency that reports, its shortest chain to an agency reporting to nobody."""
    r = reporting_network(g)
    tops = {n for n in r if r.out_degree(n) == 0}
    chains = []
    for start in sorted(n for n in r if r.out_degree(n)):
        lengths = nx.single_source_shortest_path(r, start)
        reachable = sorted((len(p), p) for t, p in lengths.items() if t in tops)
        if reachable:
            chains.append(reachable[0][1])
    return chains


def coordination_centrality(g: nx.MultiDiGraph, top: int = 10) -> list[dict]:
    """Agencies central to coordination: betweenness on the owner-coordinator graph."""
    c = nx.Graph()
    for o in _kind(g, "obligation"):
        parties = set(_targets(g, o, "owner")) | set(_targets(g, o, "coordinator"))
        for a in parties:
            for b in parties:
                if a < b:
                    c.add_edge(a, b, weight=c.get_edge_data(a, b, {}).get("weight", 0) + 1)
    if not c:
        return []
    between = nx.betweenness_centrality(c)
    rows = [{"agency": a, "label": g.nodes[a].get("label") if a in g else a,
             "betweenness": round(between[a], 4), "partners": c.degree(a)} for a in c]
    return sorted(rows, key=lambda r: (-r["betweenness"], -r["partners"], r["agency"]))[:top]


def successors(g: nx.MultiDiGraph, agency: str, as_of: date, text: str = "",
               title: str = "") -> list[tuple[str, bool]]:
    """Who holds an agency's obligation (with this text and document title) on `as_of`:
    [(holder, inferred)], [] if it did not move or nothing took it over (policykg.succession)."""
    resolver = g.graph.get("successions") or succession.Successions()
    return sorted((h.holder, h.inferred) for h in resolver.holdings(agency, as_of, text, title)
                  if h.holder is not None and h.moved)


def orphaned_obligations(g: nx.MultiDiGraph, as_of: date | None = None) -> list[dict]:
    """Obligations whose owner was dissolved on or before `as_of`, with who holds them on that
    date and the hops there: the successor resolver trace and validate use."""
    as_of = as_of or date.today()
    resolver = g.graph.get("successions") or succession.Successions()
    rows = []
    for o in _kind(g, "obligation"):
        for owner in _targets(g, o, "owner"):
            if resolver.ended(owner, as_of) is None:
                continue
            text, title = _cues(g, o)
            holdings = resolver.holdings(owner, as_of, text, title)
            rows.append({"obligation": o, "owner": owner,
                         "successors": [{"agency": h.holder, "inferred": h.inferred,
                                         "path": [hop.as_dict() for hop in h.hops]}
                                        for h in holdings if h.holder is not None]})
    return rows


def _cues(g: nx.MultiDiGraph, obligation: str) -> tuple[str, str]:
    """The obligation's text and its document's title (what a remit route reads)."""
    text = g.nodes[obligation].get("text") or ""
    documents = _targets(g, obligation, "statedIn")
    title = g.nodes[documents[0]].get("title") if documents and documents[0] in g else None
    return str(text), str(title or "")


def export(g: nx.MultiDiGraph, path: Path) -> None:
    """GraphML, GEXF or node-link JSON by the file's suffix (for Gephi and Cytoscape)."""
    clean = _without_none(g)
    suffix = path.suffix.lower()
    if suffix == ".graphml":
        nx.write_graphml(clean, path)
    elif suffix == ".gexf":
        nx.write_gexf(clean, path)
    elif suffix == ".json":
        data = nx.node_link_data(clean, edges="links")
        path.write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")
    else:
        raise PolicykgError(f"{path}: unknown export format (use .graphml, .gexf or .json)")


def _without_none(g: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """GraphML and GEXF reject None attribute values."""
    clean = nx.MultiDiGraph()
    for n, d in g.nodes(data=True):
        clean.add_node(n, **{k: v for k, v in d.items() if v is not None})
    for u, v, k, d in g.edges(keys=True, data=True):
        clean.add_edge(u, v, key=k, **{a: b for a, b in d.items() if b is not None})
    return clean


def per_level(rows: list[dict]) -> dict[str, int]:
    totals: dict[str, int] = defaultdict(int)
    for r in rows:
        totals[r.get("level") or "unknown"] += r["owned"]
    return dict(sorted(totals.items()))
