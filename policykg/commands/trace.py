"""`policykg trace QUERY`: a task from the highest level down every level that carries it out."""

from __future__ import annotations

import csv
import html
import io
import json
from datetime import date
from enum import StrEnum
from typing import TYPE_CHECKING

import typer
from rich.console import Console
from rich.markup import escape
from rich.tree import Tree

from policykg.commands.common import DataDir, Endpoint, parse_date

if TYPE_CHECKING:  # the store and the trace load only when a trace is asked for
    from policykg.trace import Step


class Format(StrEnum):
    tree = "tree"
    json = "json"
    csv = "csv"
    html = "html"


def _names(agencies: list[dict]) -> str:
    return "; ".join(a.get("label") or a["iri"] for a in agencies)


def _today(step: Step) -> str:
    parts = []
    for s in step.ownersToday:
        if s["chain"]:
            parts.append((s.get("label") or s["iri"]) + (" (inferred)" if s["inferred"] else ""))
    return "; ".join(parts)


def _children(steps: list[Step]) -> tuple[list[Step], dict[str, list[Step]]]:
    """Roots and children: each step hangs under its first parent one level shallower."""
    by_iri = {s.obligation: s for s in steps}
    children: dict[str, list[Step]] = {}
    roots = []
    for s in steps:
        parent = next((p for p in s.parents
                       if p in by_iri and by_iri[p].depth == s.depth - 1), None)
        if parent is None:
            roots.append(s)
        else:
            children.setdefault(parent, []).append(s)
    return roots, children


def _heading(step: Step) -> str:
    doc = step.documentNumber or step.document.rsplit("/", 1)[-1]
    level = (step.level or "").removesuffix("Level")
    return f"{doc} {step.sectionPath or ''} [{level}]".strip()


def render_tree(steps: list[Step], console: Console) -> None:
    roots, children = _children(steps)
    tree = Tree("trace", guide_style="dim")

    def add(branch: Tree, step: Step) -> None:
        lines = [f"[bold]{escape(_heading(step))}[/bold] {escape(step.documentType or '')}"]
        if step.owners:
            lines.append(f"owners: {escape(_names(step.owners))}")
        if today := _today(step):
            lines.append(f"owners today: [yellow]{escape(today)}[/yellow]")
        if step.coordinators:
            lines.append(f"coordinators: {escape(_names(step.coordinators))}")
        if step.deadline:
            lines.append(f"deadline: {escape(step.deadline)}")
        text = step.text if len(step.text) <= 200 else step.text[:197] + "..."
        lines.append(f"[dim]{escape(text)}[/dim]")
        node = branch.add("\n".join(lines))
        for child in children.get(step.obligation, []):
            add(node, child)

    for root in roots:
        add(tree, root)
    console.print(tree)


def render_json(steps: list[Step]) -> str:
    return json.dumps([s.as_dict() for s in steps], ensure_ascii=False, indent=1)


def render_csv(steps: list[Step]) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["depth", "level", "documentNumber", "documentType", "document",
                     "sectionPath", "owners", "ownersToday", "coordinators", "deadline",
                     "obligation", "text", "sourceStart", "sourceEnd"])
    for s in steps:
        src = s.source or {}
        writer.writerow([
            s.depth, s.level or "", s.documentNumber or "", s.documentType or "", s.document,
            s.sectionPath or "", _names(s.owners), _names(s.ownersToday),
            _names(s.coordinators), s.deadline or "", s.obligation, s.text,
            src.get("start", ""), src.get("end", ""),
        ])
    return out.getvalue()


def _source_line(step: Step) -> str:
    src = step.source or {}
    if src.get("start") is None:
        return ""
    where = f"{src.get('file') or step.document} [{src['start']}–{src['end']}]"
    return f"<div><small>source: {html.escape(where)}</small></div>"


def render_html(steps: list[Step], query: str) -> str:
    """A small self-contained page; every data-derived string is escaped."""
    roots, children = _children(steps)
    e = html.escape

    def item(step: Step) -> str:
        today = _today(step)
        parts = [
            f"<li><b>{e(_heading(step))}</b> {e(step.documentType or '')}",
            f"<div>owners: {e(_names(step.owners))}</div>" if step.owners else "",
            f"<div>owners today: {e(today)}</div>" if today else "",
            f"<div>deadline: {e(step.deadline)}</div>" if step.deadline else "",
            f"<blockquote>{e(step.text)}</blockquote>",
            _source_line(step),
        ]
        kids = children.get(step.obligation, [])
        if kids:
            parts.append("<ul>" + "".join(item(k) for k in kids) + "</ul>")
        return "".join(parts) + "</li>"

    body = "<ul>" + "".join(item(r) for r in roots) + "</ul>"
    return (
        "<!doctype html><html lang=\"vi\"><head><meta charset=\"utf-8\">"
        f"<title>Trace: {e(query)}</title>"
        "<style>body{font-family:sans-serif;max-width:60em;margin:auto}"
        "blockquote{color:#444;margin:.2em 0 .6em 1em}</style></head>"
        f"<body><h1>Trace: {e(query)}</h1>{body}</body></html>\n"
    )


def register(app: typer.Typer) -> None:
    @app.command("trace")
    def trace_command(
        query: str = typer.Argument(..., help="An obligation IRI, a document number with a "
                                    "section path ('28-CT/TW II.3') or alone, or words of a "
                                    "task (with or without diacritics)."),
        as_of: str = typer.Option(None, "--as-of",
                                  help="Owners today as of this date (YYYY-MM-DD); default today."),
        fmt: Format = typer.Option(Format.tree, "--format", help="Output format."),
        data_dir: DataDir = None,
        endpoint: Endpoint = None,
    ) -> None:
        """Trace a task down the levels: owners then and today, deadlines, source passages."""
        from policykg.store import open_store
        from policykg.trace import trace

        day = parse_date(as_of) if as_of else date.today()
        with open_store(data_dir=data_dir, endpoint=endpoint) as store:
            steps = trace(store, query, day)
        if fmt is Format.tree:
            render_tree(steps, Console())
        elif fmt is Format.json:
            typer.echo(render_json(steps))
        elif fmt is Format.csv:
            typer.echo(render_csv(steps), nl=False)
        else:
            typer.echo(render_html(steps, query), nl=False)
