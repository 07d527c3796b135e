"""The interactive responsibility graph: one self-contained HTML page that works offline
(vis-network inlined from pyvis's package; no CDN).

The page carries a *universe* (documents, obligations and everything within two steps of them,
plus what the filters asked for) and shows a small, labelled part of it: by default the cascade
of documents and the top-level tasks of Directive 28-CT/TW. The analyst widens it from one panel:
search (a list of matches, each focusable), a node's details with "expand" (adds its
neighbours) and a link to its page, filters by kind, level and branch, the whole universe on
request. The layout is computed in the page: a band per level (central at the top) and, within a
level, documents, then tasks, then agencies, each band wrapped to the width of the screen.

Safety: every data-derived string reaches the page only inside a JSON data block written by
Jinja's `tojson` (which escapes <, >, & and quotes) and is shown as text (textContent, canvas
labels, vis-network string titles via innerText). pyvis's stock template is not used: it loads
Bootstrap from a CDN, writes the heading and node ids into the page unescaped, and switches to an
innerHTML popup when a title contains "href". Node ids are integers; IRIs travel as data.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import networkx as nx
import pyvis
from jinja2 import Environment, FileSystemLoader, select_autoescape

from policykg.errors import PolicykgError
from policykg.kinds import BY_NAME
from policykg.text import fold

LEVEL_ROWS = {"central": 0, "provincial": 1, "district": 2, "commune": 3, None: 4}
KIND_OFFSET = {"document": 0, "obligation": 1, "agency": 2}
BRANCH_COLOURS = {"party": "#c0392b", "state": "#2471a3", "front": "#b7950b", "press": "#7d3c98",
                  None: "#6c7a7d"}
KINDS = tuple(KIND_OFFSET)
DEFAULT_MAX_NODES = 3000  # keep in step with policykg/commands/viz.py
ANCHOR = "28-CT/TW"  # the default view starts from this directive's cascade
CORE_RADIUS = 2  # the universe: documents and obligations and this many steps around them
DASHED = ("coordinator", "impliedOwner", "succession")
IRI_BASE = "https://w3id.org/policykg/"
TEXT_CHARS = 600
_TEMPLATES = Path(__file__).parent / "templates"
# One environment a process: it keeps the compiled page (vis-network is inlined, ~690 KB).
_ENV = Environment(loader=FileSystemLoader([str(_TEMPLATES),
                                            str(Path(pyvis.__file__).parent / "templates")]),
                   autoescape=select_autoescape(["html"]))


def select(g: nx.MultiDiGraph, *, focus: str | None = None, level: str | None = None,
           branch: str | None = None, document: str | None = None, agency: str | None = None,
           max_nodes: int = DEFAULT_MAX_NODES) -> nx.MultiDiGraph:
    """The part of the network the filters name; raises PolicykgError when it is empty."""
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


def default_view(g: nx.MultiDiGraph) -> set[str]:
    """The cascade of documents around Directive 28-CT/TW (every document linked to it by
    `implements`, either way) and the directive's top-level tasks. Without the directive: the
    documents and their top-level tasks."""
    docs = {n for n, d in g.nodes(data=True) if d.get("kind") == "document"}
    anchors = {n for n in docs if g.nodes[n].get("number") == ANCHOR}
    if anchors:
        implements = nx.Graph()
        implements.add_edges_from((u, v) for u, v, k in g.edges(keys=True) if k == "implements")
        cascade = set(anchors)
        for a in anchors:
            if a in implements:
                cascade |= nx.node_connected_component(implements, a)
        docs = cascade & docs
    roots = anchors or docs
    tasks = {o for d in roots for o, _, k in g.in_edges(d, keys=True) if k == "statedIn"}
    top = {t for t in tasks
           if not any(k == "partOf" and v in tasks for _, v, k in g.out_edges(t, keys=True))}
    return {n for n in docs | top if g.degree(n)}


def universe(g: nx.MultiDiGraph) -> set[str]:
    """What a page can show without asking the server: documents, obligations and what lies
    within CORE_RADIUS steps of them (owners, issuers, their parents and successors)."""
    seeds = {n for n, d in g.nodes(data=True) if d.get("kind") in ("document", "obligation")}
    return _neighbourhood(g, seeds, radius=CORE_RADIUS) if seeds else set()


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
    keep: set[str] = set()
    frontier = set(centres)
    for _ in range(radius + 1):
        keep |= frontier
        frontier = {v for n in frontier for v in undirected[n]} - keep
    return keep


def _around(g: nx.MultiDiGraph, nodes: set[str]) -> set[str]:
    """The nodes plus their direct neighbours (owners, documents, linked tasks)."""
    return nodes | {v for n in nodes for v in nx.all_neighbors(g, n)}


def _branch(g: nx.MultiDiGraph, n: str) -> str | None:
    """An agency's branch; an obligation takes its first owner's, a document its issuer's."""
    d = g.nodes[n]
    if d.get("kind") == "agency":
        return d.get("branch")
    rels = ("owner", "impliedOwner") if d.get("kind") == "obligation" else ("issuedBy",)
    for rel in rels:
        for _, v, k in sorted(g.out_edges(n, keys=True)):
            if k == rel and g.nodes[v].get("branch"):
                return g.nodes[v].get("branch")
    return None


def _order(g: nx.MultiDiGraph, n: str) -> tuple:
    d = g.nodes[n]
    return (LEVEL_ROWS.get(d.get("level"), 4), KIND_OFFSET.get(d.get("kind"), 3),
            str(d.get("document") or ""), _section_key(d.get("sectionPath")),
            str(d.get("label") or ""), n)


def _section_key(path: str | None) -> tuple:
    """'II.10' after 'II.9': numbers compare as numbers, roman numerals as text."""
    parts = str(path or "").split(".")
    return tuple((0, int(p), "") if p.isdigit() else (1, 0, p) for p in parts)


def band(d: dict) -> int:
    """The row of the layout: a band per level, within it documents, tasks, agencies."""
    return LEVEL_ROWS.get(d.get("level"), 4) * 3 + KIND_OFFSET.get(d.get("kind"), 2)


def _short(text: str, size: int) -> str:
    text = " ".join(str(text or "").split())
    return text if len(text) <= size else text[:size - 1].rstrip() + "…"


def _doc_kind(d: dict, lang: str) -> str:
    kind = BY_NAME.get(str(d.get("docType") or ""))
    if kind is None:
        return ""
    return kind.label_vi if lang == "vi" else kind.label_en


def _names(g: nx.MultiDiGraph, n: str, lang: str) -> tuple[str, str]:
    """(label on the canvas, full name) of a node."""
    from policykg.web.names import readable_title

    d = g.nodes[n]
    kind = d.get("kind")
    if kind == "document":
        if d.get("number"):
            return str(d["number"]), str(d["number"])
        title = str(readable_title(d.get("title")) or d.get("label") or n)
        kind_word = _doc_kind(d, lang).capitalize()
        full = f"{kind_word}: {title}" if kind_word else title
        return _short(full, 48), full
    if kind == "obligation":
        doc = g.nodes[d["document"]] if d.get("document") in g else {}
        where = str(doc.get("number") or doc.get("label") or "")
        section = str(d.get("sectionPath") or (d.get("label") if d.get("label") != n else ""))
        full = f"{_short(where, 30)} § {section}".strip() if section else _short(where, 30)
        label = f"§ {section} · {_short(d.get('text') or '', 44)}" if section else \
            _short(d.get("text") or full, 50)
        return label, full or n
    label = str(d.get("label") or n)
    return _short(label, 60), label


def _href(iri: str, local_links: bool) -> str:
    """A local page (/id/…) on the server; the IRI itself in a file opened on its own."""
    if local_links and iri.startswith(IRI_BASE + "id/"):
        return "/" + iri[len(IRI_BASE):]
    return iri if iri.startswith(("https://", "http://")) else ""


def _node(g: nx.MultiDiGraph, n: str, i: int, order: int, ui: dict[str, str], lang: str,
          local_links: bool) -> dict:
    from policykg.web.i18n import format_date
    from policykg.web.names import looks_garbled

    d = g.nodes[n]
    kind = d.get("kind") if d.get("kind") in KINDS else "agency"
    label, name = _names(g, n, lang)
    node = {"id": i, "iri": n, "href": _href(n, local_links), "kind": kind,
            "level": d.get("level") or "unknown", "branch": _branch(g, n) or "unknown",
            "band": band(d), "order": order, "label": label, "name": name}
    facts = []
    if kind == "document":
        node["docKind"] = _doc_kind(d, lang)
        if d.get("number") and d.get("title") and not looks_garbled(str(d["title"])):
            node["docTitle"] = str(d["title"])
    if kind == "agency":
        node["province"] = str(d.get("province") or "")  # the whole view groups by it
    if kind == "obligation":
        node["section"] = str(d.get("sectionPath") or "")  # the name says it when it is known
        node["text"] = _short(d.get("text") or "", TEXT_CHARS)
        if d.get("deadline"):
            node["deadline"] = format_date(d["deadline"], lang)
            facts.append(f"{ui['f_deadline']}: {node['deadline']}")
    node["search"] = fold(" ".join(str(x) for x in (name, label, d.get("number") or "",
                                                    d.get("title") or "", d.get("text") or "")))
    # the tooltip: plain text (vis-network shows a string title with innerText)
    kind_word = ui[f"kind_{kind}"]
    level_word = ui.get(f"level_{node['level']}", "")
    lines = [name, " · ".join(x for x in (kind_word, level_word) if x), *facts]
    if node.get("text"):
        lines.append(_short(node["text"], 300))
    node["title"] = "\n".join(lines)
    return node


def ui_messages(lang: str) -> dict[str, str]:
    """The page's words from the site's one translation table (graph.*, kind.*, level.*,
    branch.*), keyed without their prefix dots."""
    from policykg.web.i18n import MESSAGES, text

    out = {}
    for key in MESSAGES:
        prefix, _, rest = key.partition(".")
        if prefix == "graph":
            out[rest] = text(key, lang)
        elif prefix in ("kind", "level", "branch"):
            out[f"{prefix}_{rest}"] = text(key, lang)
    return out


def payload(g: nx.MultiDiGraph, *, lang: str = "vi", local_links: bool = False,
            max_nodes: int = DEFAULT_MAX_NODES, **filters: str | None) -> dict:
    """The page's data: the universe's nodes and edges and the ids shown first."""
    asked = {k: v for k, v in filters.items() if v}
    if asked:
        initial = set(select(g, max_nodes=max_nodes, **asked).nodes)
    else:
        initial = default_view(g)
        if not initial:
            initial = set(select(g, max_nodes=max_nodes).nodes)
    shown = universe(g) | initial
    ordered = sorted(shown, key=lambda n: _order(g, n))
    ids = {n: i for i, n in enumerate(ordered)}
    ui = ui_messages(lang)
    nodes = [_node(g, n, ids[n], i, ui, lang, local_links) for i, n in enumerate(ordered)]
    edges, seen = [], set()
    for u, v, k, data in g.subgraph(shown).edges(keys=True, data=True):
        rel = data.get("rel", k)
        if (u, v, rel) not in seen:
            seen.add((u, v, rel))
            edges.append([ids[u], ids[v], rel])
    return {"nodes": nodes, "edges": edges, "initial": sorted(ids[n] for n in initial),
            "colours": {k or "unknown": c for k, c in BRANCH_COLOURS.items()},
            "dashed": list(DASHED),
            # inside the site: the page around the frame answers searches over the whole store
            "bridge": local_links}


def render(g: nx.MultiDiGraph, title: str | None = None, *, lang: str = "vi",
           local_links: bool = False, heading: bool = True, **filters) -> str:
    """The HTML page for the filtered view (see `select` for the filters). `local_links`: nodes
    link to the server's /id/ pages; `heading`: False inside a page that has its own."""
    data = payload(g, lang=lang, local_links=local_links, **filters)
    ui = ui_messages(lang)
    page = _ENV.get_template("graph.html")
    return page.render(title=title or ui["title"], heading=heading, data=data, ui=ui, lang=lang,
                       levels=[lv for lv in LEVEL_ROWS if lv], kinds=KINDS,
                       branches=[b for b in BRANCH_COLOURS if b], colours=data["colours"])


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
