"""`policykg analyze REPORT`: analytics over the responsibility network (NetworkX)."""

import csv
import json
import sys
from datetime import date
from enum import StrEnum
from pathlib import Path

import typer
from rich.console import Console
from rich.table import Table

from policykg.commands.common import DataDir, Endpoint, output_file
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


def _compact(value) -> str:
    """Tables show instance IRIs as id:… so they fit a terminal."""
    return str(value).replace(str(ID), "id:")


def _print(rows: list[dict], fmt: Format) -> None:
    if fmt is Format.json:
        print(json.dumps(rows, ensure_ascii=False, indent=1))
        return
    columns = list(rows[0]) if rows else []
    if fmt is Format.csv:
        writer = csv.DictWriter(sys.stdout, fieldnames=columns)
        writer.writeheader()
        writer.writerows(rows)
        return
    columns = [c for c in columns if not c.endswith("Iri")]  # labels suffice on screen
    table = Table(*columns)
    for r in rows:
        table.add_row(*(_compact(r.get(c, "")) for c in columns))
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
        _print(_rows(report, g, when), fmt)
