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

from policykg.commands.common import DataDir, Endpoint, LangOption, parse_date
from policykg.web.i18n import Translator

if TYPE_CHECKING:  # the store and the trace load only when a trace is asked for
    from policykg.trace import Step


class Format(StrEnum):
    tree = "tree"
    json = "json"
    csv = "csv"
    html = "html"


def _names(agencies: list[dict]) -> str:
    return "; ".join(a.get("label") or a["iri"] for a in agencies)


def _today(step: Step, t: Translator) -> str:
    parts = []
    inferred = f" ({t('trace.inferred')})"
    for s in step.ownersToday:
        if s["chain"]:
            parts.append((s.get("label") or s["iri"]) + (inferred if s["inferred"] else ""))
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


def _heading(step: Step, t: Translator) -> str:
    doc = step.documentNumber or step.document.rsplit("/", 1)[-1]
    level = (step.level or "").removesuffix("Level").lower()
    shown = t(f"level.{level}") if level else ""
    return f"{doc} {step.sectionPath or ''} [{shown}]".strip()


def kind_labels(store, steps: list[Step], lang: str) -> dict[str, str]:
    """Document class local name ('Directive') -> its label in `lang` ('chỉ thị')."""
    from policykg.namespaces import PKG
    from policykg.web.names import names

    kinds = {s.documentType for s in steps if s.documentType}
    found = names(store, [PKG[k] for k in kinds], lang)
    return {k: found.get(PKG[k]).label for k in kinds if found.get(PKG[k])}


def render_tree(steps: list[Step], console: Console, lang: str = "vi",
                kinds: dict[str, str] | None = None) -> None:
    t = Translator(lang)
    kinds = kinds or {}
    roots, children = _children(steps)
    tree = Tree(t("cli.trace"), guide_style="dim")

    def add(branch: Tree, step: Step) -> None:
        kind = kinds.get(step.documentType or "", step.documentType or "")
        lines = [f"[bold]{escape(_heading(step, t))}[/bold] {escape(kind)}"]
        if step.owners:
            lines.append(f"{t('trace.owners_written')}: {escape(_names(step.owners))}")
        if today := _today(step, t):
            lines.append(f"{t('trace.owners_today')}: [yellow]{escape(today)}[/yellow]")
        if step.coordinators:
            lines.append(f"{t('col.coordinators')}: {escape(_names(step.coordinators))}")
        if step.deadline:
            lines.append(f"{t('col.deadline')}: {escape(t.date(step.deadline))}")
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


def _source_line(step: Step, t: Translator) -> str:
    src = step.source or {}
    if src.get("start") is None:
        return ""
    where = t("trace.passage_in", file=src.get("file") or step.document, start=src["start"],
              end=src["end"])
    return f"<div><small>{html.escape(where)}</small></div>"


def render_html(steps: list[Step], query: str, lang: str = "vi",
                kinds: dict[str, str] | None = None) -> str:
    """A small self-contained page in `lang`; every data-derived string is escaped."""
    roots, children = _children(steps)
    e = html.escape
    t = Translator(lang)
    kinds = kinds or {}

    def item(step: Step) -> str:
        today = _today(step, t)
        kind = kinds.get(step.documentType or "", step.documentType or "")
        parts = [
            f"<li><b>{e(_heading(step, t))}</b> {e(kind)}",
            f"<div>{e(t('trace.owners_written'))}: {e(_names(step.owners))}</div>"
            if step.owners else "",
            f"<div>{e(t('trace.owners_today'))}: {e(today)}</div>" if today else "",
            f"<div>{e(t('col.deadline'))}: {e(t.date(step.deadline))}</div>"
            if step.deadline else "",
            f"<blockquote>{e(step.text)}</blockquote>",
            _source_line(step, t),
        ]
        kids = children.get(step.obligation, [])
        if kids:
            parts.append("<ul>" + "".join(item(k) for k in kids) + "</ul>")
        return "".join(parts) + "</li>"

    body = "<ul>" + "".join(item(r) for r in roots) + "</ul>"
    return (
        f"<!doctype html><html lang=\"{t.lang}\"><head><meta charset=\"utf-8\">"
        f"<title>{e(t('trace.title'))}: {e(query)}</title>"
        "<style>body{font-family:sans-serif;max-width:60em;margin:auto}"
        "blockquote{color:#444;margin:.2em 0 .6em 1em}</style></head>"
        f"<body><h1>{e(t('trace.title'))}: {e(query)}</h1>{body}</body></html>\n"
    )


def register(app: typer.Typer) -> None:
    @app.command("trace")
    def trace_command(
        query: str = typer.Argument(..., help="An obligation IRI, a document number with a "
                                    "section path ('28-CT/TW II.3') or alone, or words of a "
                                    "task (with or without diacritics)."),
        as_of: str = typer.Option(None, "--as-of",
                                  help="Owners today as of this date (01/7/2025 or 2025-07-01); "
                                  "default today."),
        fmt: Format = typer.Option(Format.tree, "--format", help="Output format."),
        lang: LangOption = "vi",
        data_dir: DataDir = None,
        endpoint: Endpoint = None,
    ) -> None:
        """Trace a task down the levels: owners then and today, deadlines, source passages."""
        from policykg.store import open_store
        from policykg.trace import trace
        from policykg.web.trace_view import document_numbers, tolerant

        day = parse_date(as_of) if as_of else date.today()
        with open_store(data_dir=data_dir, endpoint=endpoint) as store:
            # '28 CT TW 3' read as '28-CT/TW 3', as on the trace page
            steps = trace(store, tolerant(query, document_numbers(store)), day)
            human = fmt in (Format.tree, Format.html)
            kinds = kind_labels(store, steps, str(lang)) if human else {}
        if fmt is Format.tree:
            render_tree(steps, Console(), str(lang), kinds)
        elif fmt is Format.json:
            typer.echo(render_json(steps))
        elif fmt is Format.csv:
            typer.echo(render_csv(steps), nl=False)
        else:
            typer.echo(render_html(steps, query, str(lang), kinds), nl=False)
