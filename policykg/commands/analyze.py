"""`policykg analyze REPORT`: analytics over the responsibility network (NetworkX).

JSON and CSV keep the rows as they are (IRIs, English keys) for programs; the table is for
people: IRIs named as on the site, levels and words in the chosen language (--lang)."""

import csv
import json
import re
import sys
from datetime import date
from enum import StrEnum
from pathlib import Path

import typer
from rich.console import Console
from rich.table import Table

from policykg.commands.common import DataDir, Endpoint, LangOption, output_file
from policykg.namespaces import ID


class Report(StrEnum):
    summary = "summary"
    owners = "owners"
    gaps = "gaps"
    coverage = "coverage"
    reporting = "reporting"
    centrality = "centrality"
    orphans = "orphans"


class Format(StrEnum):
    table = "table"
    json = "json"
    csv = "csv"


def _rows(report: Report, g, as_of: date) -> list[dict]:
    """Every report as a list of flat rows (one shape for table, CSV and JSON)."""
    from policykg import analyze  # networkx loads only when a report is asked for

    if report is Report.summary:
        s = analyze.summary(g)
        return [{"section": sec, "key": k, "count": v} for sec in s for k, v in s[sec].items()]
    if report is Report.owners:
        return analyze.obligations_per_agency(g)
    if report is Report.gaps:
        return [
            {"gap": gap, "obligation": o}
            for gap, items in analyze.accountability_gaps(g).items()
            for o in items
        ]
    if report is Report.coverage:
        cov = analyze.coverage_matrix(g)
        return [
            {
                "plan": g.nodes[p].get("label"),
                "taskGroup": g.nodes[grp].get("sectionPath"),
                "obligations": n,
                "planIri": p,
                "taskGroupIri": grp,
            }
            for p, row in cov["matrix"].items()
            for grp, n in row.items()
        ]
    if report is Report.reporting:
        return [
            {"from": c[0], "top": c[-1], "chain": " -> ".join(c)}
            for c in analyze.reporting_chains(g)
        ]
    if report is Report.centrality:
        return analyze.coordination_centrality(g)
    return [
        {
            "obligation": r["obligation"],
            "owner": r["owner"],
            "successors": ", ".join(
                s["agency"] + (" (inferred)" if s["inferred"] else "") for s in r["successors"]
            ),
        }
        for r in analyze.orphaned_obligations(g, as_of)
    ]


_IRI = re.compile(r"https?://[^\s,()<>\"]+")
LEVEL_WORDS = {"central", "provincial", "district", "commune"}
GAPS = {"noOwner", "impliedOnly", "collectiveOnly"}  # policykg.analyze.accountability_gaps


class Human:
    """How a table cell reads: IRIs by their names, levels and a few words translated."""

    def __init__(self, store, rows: list[dict], lang: str) -> None:
        from policykg.web.i18n import MESSAGES, Translator
        from policykg.web.names import names

        self.t = Translator(lang)
        self._messages = MESSAGES
        iris = {m for r in rows for v in r.values() for m in _IRI.findall(str(v))}
        self.names = names(store, iris, lang) if iris else {}

    def _name(self, match: re.Match) -> str:
        found = self.names.get(match.group(0))
        if found is None:
            return str(match.group(0)).replace(str(ID), "id:")
        return f"{found.label} ({found.hint})" if found.hint else found.label

    def cell(self, value) -> str:
        text = str(value)
        if text in LEVEL_WORDS:
            return self.t(f"level.{text}")
        if text in GAPS:
            return self.t(f"an.gap_{text}")
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            return self.t.number(value)
        text = _IRI.sub(self._name, text)
        text = text.replace(" -> ", " → ")
        return text.replace("(inferred)", f"({self.t('trace.inferred')})")

    def summary(self, row: dict) -> dict:
        """A summary row with its section and key in words (nodes by kind, edges by relation,
        obligations per level); the count stays a number."""
        section, key = row["section"], str(row["key"])
        if section == "nodes":
            word = self.t(f"kind.{key}") if f"kind.{key}" in self._messages else None
            word = word or self.t("an.kind_other")
        elif section == "edges":
            found = self.t(f"graph.rel_{key}")
            word = found[:1].lower() + found[1:] if found != f"graph.rel_{key}" else key
        else:
            word = self.t(f"level.{key}") if key in LEVEL_WORDS else self.t("graph.unknown")
        heading = self.t(f"an.section_{section}")
        return {**row, "section": section if heading == f"an.section_{section}" else heading,
                "key": word}

    def heading(self, column: str) -> str:
        key = f"an.{column}"
        return self.t(key) if self.t(key) != key else column


def _table_columns(rows: list[dict]) -> list[str]:
    """Labels suffice on screen: no *Iri columns, no agency IRI beside its label."""
    columns = [c for c in (list(rows[0]) if rows else []) if not c.endswith("Iri")]
    return [c for c in columns if not (c == "agency" and "label" in columns)]


def _print(rows: list[dict], fmt: Format, human: "Human | None" = None) -> None:
    if fmt is Format.json:
        print(json.dumps(rows, ensure_ascii=False, indent=1))
        return
    columns = list(rows[0]) if rows else []
    if fmt is Format.csv:
        writer = csv.DictWriter(sys.stdout, fieldnames=columns)
        writer.writeheader()
        writer.writerows(rows)
        return
    columns = _table_columns(rows)
    table = Table(*(human.heading(c) if human else c for c in columns))
    for r in rows:
        table.add_row(*(human.cell(r.get(c, "")) if human else str(r.get(c, ""))
                        for c in columns))
    Console().print(table)


def register(app: typer.Typer) -> None:
    @app.command("analyze")
    def analyze_command(
        report: Report = typer.Argument(Report.summary, help="Which analysis to print."),
        fmt: Format = typer.Option(Format.table, "--format", help="Output format."),
        as_of: str = typer.Option(
            None, "--as-of", help="Date for dissolved owners (YYYY-MM-DD); default today."
        ),
        export: Path = typer.Option(
            None,
            "--export",
            callback=output_file,
            help="Also write the network: .graphml, .gexf or .json.",
        ),
        lang: LangOption = "vi",
        data_dir: DataDir = None,
        endpoint: Endpoint = None,
    ) -> None:
        """Analytics over the responsibility network: owners per agency and level, gaps,
        coverage of the directive's task groups, reporting chains, coordination centrality,
        obligations whose owner was dissolved."""
        from policykg import analyze
        from policykg.commands.common import parse_date
        from policykg.store import open_store

        when = parse_date(as_of) if as_of else date.today()
        with open_store(data_dir=data_dir, endpoint=endpoint) as store:
            g = analyze.build_network(store)
            if export:
                analyze.export(g, export)
            rows = _rows(report, g, when)
            human = Human(store, rows, str(lang)) if fmt is Format.table else None
        if human is not None and report is Report.summary:
            rows = [human.summary(r) for r in rows]  # for people; JSON and CSV keep the keys
        _print(rows, fmt, human)
