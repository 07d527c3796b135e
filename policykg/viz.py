"""The interactive responsibility graph: pyvis, one self-contained HTML page that works offline.

Safety: every data-derived string reaches the page only as JSON through Jinja's `tojson` (which
escapes <, >, & and quotes) and is shown by vis-network as text (labels on the canvas, titles via
innerText). pyvis's stock template is not used: it loads Bootstrap from a CDN, writes the heading
and node ids into the page unescaped, and switches to an innerHTML popup when a title contains
"href". Node ids are integers; IRIs travel as data.
"""

from __future__ import annotations

import os
import tempfile
from collections import defaultdict
from pathlib import Path

import networkx as nx
import pyvis
from jinja2 import Environment, FileSystemLoader, select_autoescape
from pyvis.network import Network

from policykg.errors import PolicykgError
from policykg.text import fold

LEVEL_ROWS = {"central": 0, "provincial": 1, "district": 2, "commune": 3, None: 4}
KIND_OFFSET = {"document": 0, "obligation": 1, "agency": 2}
BRANCH_COLOURS = {"party": "#c0392b", "state": "#2471a3", "front": "#d4a017", "press": "#7d3c98",
                  None: "#7f8c8d"}
KIND_SHAPES = {"document": "box", "obligation": "dot", "agency": "diamond"}
PHYSICS_LIMIT = 300  # beyond this many nodes the layout stays where Python put it
DEFAULT_MAX_NODES = 3000  # keep in step with policykg/commands/viz.py
_ROW_HEIGHT, _LEVEL_HEIGHT, _PER_ROW = 90, 420, 80
_COLUMN = {"document": 170, "obligation": 60, "agency": 60}  # boxes carry wide labels
_TEMPLATES = Path(__file__).parent / "templates"
# One environment a process: it keeps the compiled page (vis-network is inlined, ~690 KB).
_ENV = Environment(loader=FileSystemLoader([str(_TEMPLATES),
                                            str(Path(pyvis.__file__).parent / "templates")]),
                   autoescape=select_autoescape(["html"]))


def select(g: nx.MultiDiGraph, *, focus: str | None = None, level: str | None = None,
           branch: str | None = None, document: str | None = None, agency: str | None = None,
           max_nodes: int = DEFAULT_MAX_NODES) -> nx.MultiDiGraph:
    """The part of the network a view shows; raises PolicykgError when it is empty."""
    keep = set(g.nodes)
    if focus:
        keep &= _neighbourhood(g, _match(g, focus), radius=2)
    if document:
        docs = _match(g, document, kinds={"document"})
        keep &= _around(g, {o for d in docs for o, _ in g.in_edges(d)} | docs)
    if agency:
        agencies = _match(g, agency, kinds={"agency"})
        keep &= _around(g, {o for a in agencies for o, _ in g.in_edges(a)} | agencies)
    if level:
        keep = {n for n in keep if g.nodes[n].get("level") == level}
    if branch:
        keep = {n for n in keep if _branch(g, n) == branch}
    keep = {n for n in keep if g.degree(n)}  # gazetteer entries nothing refers to are clutter
    if not keep:
        raise PolicykgError("nothing in the graph matches these filters")
    ordered = sorted(keep, key=lambda n: _order(g, n))[:max_nodes]
    return g.subgraph(ordered).copy()


def _match(g: nx.MultiDiGraph, query: str, kinds: set[str] | None = None) -> set[str]:
    """Nodes named by IRI, or whose label, number or text contains the query (accent-folded)."""
    if query in g:
        return {query}
    q = fold(query)
    found = {n for n, d in g.nodes(data=True)
             if (kinds is None or d.get("kind") in kinds)
             and any(q in fold(str(d.get(k) or "")) for k in ("label", "number", "text"))}
    if not found:
        raise PolicykgError(f"no node matches {query!r}")
    return found


def _neighbourhood(g: nx.MultiDiGraph, centres: set[str], radius: int) -> set[str]:
    undirected = g.to_undirected(as_view=True)
    keep = set()
    for c in centres:
        keep |= set(nx.single_source_shortest_path_length(undirected, c, cutoff=radius))
    return keep


def _around(g: nx.MultiDiGraph, nodes: set[str]) -> set[str]:
    """The nodes plus their direct neighbours (owners, documents, linked tasks)."""
    return nodes | {v for n in nodes for v in nx.all_neighbors(g, n)}


def _branch(g: nx.MultiDiGraph, n: str) -> str | None:
    """An agency's branch; an obligation takes its first owner's, a document its issuer's."""
    d = g.nodes[n]
    if d.get("kind") == "agency":
        return d.get("branch")
    rel = "owner" if d.get("kind") == "obligation" else "issuedBy"
    for _, v, k in sorted(g.out_edges(n, keys=True)):
        if k == rel:
            return g.nodes[v].get("branch")
    return None


def _order(g: nx.MultiDiGraph, n: str) -> tuple:
    d = g.nodes[n]
    return (LEVEL_ROWS.get(d.get("level"), 4), KIND_OFFSET.get(d.get("kind"), 3),
            str(d.get("document") or ""), str(d.get("label") or ""), n)


def _positions(g: nx.MultiDiGraph) -> dict[str, tuple[int, int]]:
    """Central at the top, commune at the bottom; within a level a band per kind of node."""
    rows: dict[tuple[int, int], list[str]] = defaultdict(list)
    for n in sorted(g.nodes, key=lambda n: _order(g, n)):
        d = g.nodes[n]
        rows[(LEVEL_ROWS.get(d.get("level"), 4), KIND_OFFSET.get(d.get("kind"), 3))].append(n)
    pos = {}
    for (level, kind), members in rows.items():
        per_row = _PER_ROW if kind != KIND_OFFSET["document"] else _PER_ROW // 3
        step = _COLUMN.get(g.nodes[members[0]].get("kind"), 60)
        for i, n in enumerate(members):
            line, col = divmod(i, per_row)
            width = min(len(members), per_row)
            pos[n] = ((col - width / 2) * step,
                      level * _LEVEL_HEIGHT + kind * _ROW_HEIGHT + line * 30)
    return pos


def _title(d: dict) -> str:
    """Plain-text tooltip (vis-network shows a string title with innerText)."""
    lines = [str(d.get("label") or "")]
    for key, name in (("docType", "type"), ("number", "number"), ("sectionPath", "section"),
                      ("level", "level"), ("branch", "branch"), ("deadline", "deadline"),
                      ("owners", "owners")):
        if d.get(key):
            lines.append(f"{name}: {d[key]}")
    if d.get("text"):
        lines.append(str(d["text"])[:400])
    return "\n".join(lines)


def _label(d: dict) -> str:
    text = str(d.get("label") or "")
    return text if len(text) <= 40 else text[:39] + "…"


def options(node_count: int) -> dict:
    """vis-network options: physics only for small views; straight edges for speed."""
    return {
        "physics": {"enabled": node_count <= PHYSICS_LIMIT, "stabilization": {"iterations": 150}},
        "layout": {"improvedLayout": False},
        "edges": {"arrows": {"to": {"enabled": True, "scaleFactor": 0.5}},
                  "smooth": False, "color": {"opacity": 0.5}},
        "nodes": {"font": {"size": 12}},
        "interaction": {"hover": True, "tooltipDelay": 150, "hideEdgesOnDrag": True},
    }


def network(g: nx.MultiDiGraph) -> Network:
    """A pyvis Network with positions, colours, shapes and plain-text tooltips."""
    net = Network(height="780px", width="100%", directed=True, cdn_resources="in_line")
    pos = _positions(g)
    ids = {n: i for i, n in enumerate(sorted(g.nodes, key=lambda n: _order(g, n)))}
    for n, i in ids.items():
        d = dict(g.nodes[n])
        d["owners"] = ", ".join(str(g.nodes[v].get("label"))
                                for _, v, k in g.out_edges(n, keys=True) if k == "owner")
        branch = _branch(g, n)
        x, y = pos[n]
        net.add_node(i, label=_label(d), title=_title(d), x=x, y=y,
                     color=BRANCH_COLOURS.get(branch, BRANCH_COLOURS[None]),
                     shape=KIND_SHAPES.get(d.get("kind"), "dot"), size=12,
                     iri=n, kind=d.get("kind") or "other", level=d.get("level") or "unknown",
                     branch=branch or "unknown",
                     search=fold(" ".join(str(d.get(k) or "")
                                          for k in ("label", "number", "text"))))
    for u, v, k, data in g.edges(keys=True, data=True):
        net.add_edge(ids[u], ids[v], title=data.get("rel", k), label="",
                     dashes=data.get("rel") in {"coordinator", "impliedOwner", "succession"})
    return net


def render(g: nx.MultiDiGraph, title: str = "policykg responsibility graph", **filters) -> str:
    """The HTML page for the filtered view (see `select` for the filters)."""
    view = select(g, **filters)
    net = network(view)
    page = _ENV.get_template("graph.html")
    return page.render(title=title, nodes=net.nodes, edges=net.edges,
                       options=options(len(net.nodes)),
                       branches=BRANCH_COLOURS, shapes=KIND_SHAPES,
                       levels=[lv for lv in LEVEL_ROWS if lv], node_count=len(net.nodes),
                       edge_count=len(net.edges))


def write(html: str, out: Path) -> None:
    """Write atomically: a reader never sees half a page."""
    out.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=out.parent, suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(html)
        os.replace(tmp, out)
    except BaseException:
        os.unlink(tmp)
        raise
