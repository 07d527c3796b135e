"""Linking quality: pkg:concretises inference against the hand-labelled gold set.

    python benchmarks/linking_quality.py [--out docs/linking-quality.md]

Reads graph/reference and graph/extracted (the committed graphs; when graph/extracted holds no
obligations it runs the ingest in memory), infers links with policykg.links, and prints
precision and recall overall, per child document, and for ablations (text only, structure only,
no runner-up) so the contribution of each signal is visible.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
import time
from collections import defaultdict
from dataclasses import replace
from pathlib import Path

from rdflib import Graph

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from policykg import rdfio, resources  # noqa: E402
from policykg.links import (  # noqa: E402
    DEFAULT_PARAMS,
    LinkParams,
    Quality,
    evaluate,
    infer_links,
    load_gold,
)
from policykg.namespaces import PKG  # noqa: E402

GOLD = ROOT / "tests" / "links_gold.csv"


def project_graphs() -> tuple[Graph, Graph]:
    """(extracted without links, ontology + reference)."""
    context = rdfio.read([*sorted(resources.ontology_dir().glob("*.ttl")),
                          *sorted(resources.reference_dir().glob("*.ttl"))])
    extracted = rdfio.read(p for p in sorted(resources.extracted_dir().glob("*.ttl"))
                           if p.name != "links.ttl")
    if not any(extracted.subjects(PKG.statedIn)):
        from policykg.ingest import ingest_paths

        extracted = ingest_paths(sorted(resources.sources_dir().glob("*.txt"))).graph
    return extracted, context


def per_document(rows, extracted: Graph, context: Graph, params: LinkParams):
    links = infer_links(extracted, context, params)
    everything = extracted + context
    by_doc = defaultdict(list)
    for row in rows:
        by_doc[row.child_doc].append(row)
    return evaluate(links, everything, rows), {
        doc: evaluate(links, everything, doc_rows) for doc, doc_rows in sorted(by_doc.items())
    }


def _line(name: str, q: Quality) -> str:
    return (f"| {name} | {q.precision:.1%} | {q.recall:.1%} | {q.true_positives} | "
            f"{q.false_positives} | {q.false_negatives} |")


def report() -> str:
    rows = load_gold(GOLD)
    extracted, context = project_graphs()
    started = time.perf_counter()
    overall, docs = per_document(rows, extracted, context, DEFAULT_PARAMS)
    seconds = time.perf_counter() - started
    ablations = {
        "text similarity only": replace(DEFAULT_PARAMS, w_group=0.0, w_position=0.0,
                                        w_assigned=0.0),
        "structure only (group, position, assignment)": replace(DEFAULT_PARAMS, w_text=0.0),
        "no runner-up parent": replace(DEFAULT_PARAMS, runner_up=1.01),
    }
    header = ["| set | precision | recall | TP | FP | FN |", "|---|---|---|---|---|---|"]
    lines = [
        f"Gold set: {GOLD.relative_to(ROOT)} — {sum(r.positive for r in rows)} links, "
        f"{sum(not r.positive for r in rows)} negative pairs; {len(overall.unresolved)} rows "
        "name no obligation in the graph.",
        "",
        *header,
        _line("**all**", overall),
        *(_line(doc, q) for doc, q in docs.items()),
        "",
        "Ablations (same gold set):",
        "",
        *header,
        *(_line(name, per_document(rows, extracted, context, p)[0])
          for name, p in ablations.items()),
        "",
        f"Parameters: {DEFAULT_PARAMS}. Inference time: {seconds:.2f} s.",
    ]
    if overall.unresolved:
        lines += ["", "Unresolved rows:", *(f"- {r}" for r in overall.unresolved)]
    return "\n".join(lines) + "\n"


BEGIN, END = "<!-- figures: begin -->", "<!-- figures: end -->"


def write_figures(path: Path, figures: str) -> None:
    """Replace the generated block of the Markdown file (between the markers), atomically;
    the hand-written text around it stays."""
    block = (f"{BEGIN}\nMeasured {dt.date.today().isoformat()} by "
             f"`python benchmarks/linking_quality.py --out {path}`.\n\n{figures}{END}")
    old = path.read_text(encoding="utf-8") if path.exists() else "# Linking quality\n\n"
    if BEGIN in old and END in old:
        new = old[:old.index(BEGIN)] + block + old[old.index(END) + len(END):]
    else:
        new = old.rstrip("\n") + "\n\n" + block + "\n"
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_text(new, encoding="utf-8")
    os.replace(tmp, path)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, help="also write the figures into this Markdown file")
    args = parser.parse_args()
    text = report()
    print(text)
    if args.out:
        write_figures(args.out, text)


if __name__ == "__main__":
    main()
