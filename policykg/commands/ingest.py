"""`policykg ingest FILE... --out OUT [--format turtle|json]`: documents to RDF or a summary."""

import json
from pathlib import Path

import typer

from policykg.commands.common import LangOption, output_file


def register(app: typer.Typer) -> None:
    @app.command("ingest")
    def ingest_command(
        files: list[Path] = typer.Argument(..., help="Source documents: .txt, .md, .docx, .pdf."),
        out: Path = typer.Option(
            ..., "--out", "-o", callback=output_file, help="Output file (written atomically)."
        ),
        fmt: str = typer.Option("turtle", "--format", "-f", help="turtle | json"),
        lang: LangOption = "vi",
    ) -> None:
        """Read plan documents and write their documents and obligations (Turtle) or a plain
        JSON summary. Nothing is written when any file cannot be read."""
        from policykg.errors import PolicykgError
        from policykg.ingest import ingest_paths
        from policykg.ingest.pipeline import write_atomic
        from policykg.ingest.rdf import serialize_turtle
        from policykg.web.i18n import text

        if fmt not in ("turtle", "json"):
            raise PolicykgError(f"unknown format '{fmt}' (turtle or json)",
                                key="err.ingest_format", fmt=fmt)
        result = ingest_paths(files)
        if fmt == "json":
            data = json.dumps(summary(result), ensure_ascii=False, indent=2) + "\n"
        else:
            data = serialize_turtle(result.graph)
        write_atomic(out, data.encode("utf-8"))
        said = text("cli.ingested", str(lang), documents=len(result.documents),
                    obligations=len(result.obligations), out=out)
        typer.echo(said, err=True)


def summary(result) -> dict:
    """A plain summary: each document with its obligations (path, owners, deadline)."""
    by_doc: dict[int, list] = {}
    for obligation in result.obligations:
        by_doc.setdefault(id(obligation.item), []).append(obligation)
    documents = []
    for document in result.documents:
        item_ids = {id(item) for item in document.items}
        obligations = [
            {
                "path": o.item.path,
                "section": o.item.section_kind,
                "owners": [_one_line(ref.phrase) for ref in o.owners],
                "owner_iris": [str(ref.iri) for ref in o.owners],
                "coordinators": [_one_line(ref.phrase) for ref in o.coordinators],
                "reports_to": [_one_line(ref.phrase) for ref in o.reports_to],
                "deadline": o.deadline,
                "recurrence": o.recurrence,
                "reporting": o.reporting,
            }
            for o in result.obligations
            if id(o.item) in item_ids
        ]
        documents.append(
            {
                "source_file": document.source_file,
                "kind": document.kind,
                "number": document.number,
                "issued": document.issued.isoformat() if document.issued else None,
                "title": document.title,
                "issuer": document.issuer_phrase,
                "province": document.province,
                "signer": document.signer,
                "implements": [ref.number for ref in document.implements],
                "cites": [ref.number for ref in document.cites],
                "items": len(document.items),
                "obligations": obligations,
            }
        )
    return {"documents": documents}


def _one_line(phrase: str) -> str:
    return " ".join(phrase.split())
