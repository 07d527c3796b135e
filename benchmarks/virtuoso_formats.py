"""Where Virtuoso spends its time on the closure below one task (issue 14), on demand only:

    python benchmarks/virtuoso_formats.py [SIZE]     # M by default; oxigraph/virtuoso-t on PATH

Starts Virtuoso as peers.py does (the generated file and its concretises closure), then times,
over HTTP (median of 5 after one warm-up), the closure's COUNT by the path and by the
materialised pkg:concretisesTransitively, and its rows asked for as SPARQL JSON and as TSV."""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path

import httpx

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))

import peers  # noqa: E402
import run  # noqa: E402

from policykg.namespaces import sparql_prefixes  # noqa: E402

JSON, TSV = "application/sparql-results+json", "text/tab-separated-values"


def main() -> None:
    path = run.dataset(sys.argv[1] if len(sys.argv) > 1 else "M")
    task, prefixes = peers.TASK, sparql_prefixes()
    variants = {
        "count, path": f"SELECT (COUNT(*) AS ?n) WHERE {{ ?o pkg:concretises+ <{task}> }}",
        "count, materialised":
            f"SELECT (COUNT(*) AS ?n) WHERE {{ ?o pkg:concretisesTransitively <{task}> }}",
        "rows, materialised": f"SELECT ?o WHERE {{ ?o pkg:concretisesTransitively <{task}> }}",
        "rows, path": f"SELECT ?o WHERE {{ ?o pkg:concretises+ <{task}> }}",
    }
    with tempfile.TemporaryDirectory() as tmp, httpx.Client(timeout=600) as client, \
            peers.virtuoso_server(path, Path(tmp)) as (url, _details):
        for name, body in variants.items():
            for accept in (JSON, TSV):
                times, size = [], 0
                for _ in range(6):
                    start = time.perf_counter()
                    response = client.post(url, data={"query": prefixes + body},
                                           headers={"Accept": accept})
                    size = len(response.content)
                    times.append((time.perf_counter() - start) * 1000)
                print(f"| {name} | {accept} | {size:,} bytes | "
                      f"{statistics.median(times[1:]):.1f} ms |", flush=True)


if __name__ == "__main__":
    main()
