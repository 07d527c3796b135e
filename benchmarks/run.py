"""Side-by-side benchmarks (issue 6), run on demand, never in the test suite.

    python benchmarks/run.py                       # S and M, every section that fits
    python benchmarks/run.py --sizes S,M,L         # national scale (needs ~10 GB RAM for rdflib)
    python benchmarks/run.py --only sparql,trace   # some sections

Each comparison runs both sides in one process on the same data, reports the median of repeated
runs and the ratio, and appends the figures, the machine and the versions to
benchmarks/RESULTS.md. Sections:
  sparql   trace, per-level aggregate and no-owner queries: policykg's store vs rdflib in memory
  build    loading the generated graph into the store (time, peak RSS of a child process)
  trace    policykg.trace over the store; building the NetworkX network from the store
  validate pyshacl over the whole graph; one submitted plan (~100 obligations) with the graph as
           context (policykg.validate, incremental)
  remote   the SPARQL figures through the remote back end against `oxigraph serve` on loopback
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import platform
import resource
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))

import generate  # noqa: E402
import rdflib  # noqa: E402

from policykg.namespaces import EXTRACTED_GRAPH, ID, sparql_prefixes  # noqa: E402

G1 = f"{ID}doc/28-ct-tw/o/g1"
QUERIES = {
    "trace": f"""SELECT ?o ?doc ?path ?owner WHERE {{
        ?o pkg:concretises+ <{G1}> ; pkg:statedIn ?doc ; pkg:sectionPath ?path .
        OPTIONAL {{ ?o pkg:owner ?owner }} }}""",
    "per-level": """SELECT ?level (COUNT(?o) AS ?n) WHERE {
        ?o a pkg:Obligation ; pkg:statedIn ?d . ?d pkg:level ?level } GROUP BY ?level""",
    "no-owner": """SELECT ?o ?doc WHERE { ?o a pkg:Obligation ; pkg:statedIn ?doc
        FILTER NOT EXISTS { ?o pkg:owner ?a } FILTER NOT EXISTS { ?o pkg:impliedOwner ?b } }""",
}


def timed(func: Callable[[], object], repeat: int) -> tuple[float, object]:
    """Median wall time in milliseconds over `repeat` runs, and the last result."""
    times, result = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        result = func()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times), result


def dataset(size: str, seed: int = 1) -> Path:
    path = HERE / "data" / f"{size}-{seed}.nt"
    if not path.exists():
        generate.generate(size, seed, path)
    return path


def fresh_store(path: Path, workdir: Path):
    from policykg.store import OxigraphStore

    store = OxigraphStore(workdir / "store")
    store.replace_graphs({str(EXTRACTED_GRAPH): path})
    return store


def section_sparql(sizes: list[str], repeat: int, workdir: Path) -> list[dict]:
    rows = []
    for size in sizes:
        path = dataset(size)
        store = fresh_store(path, workdir / f"sparql-{size}")
        graph = rdflib.Graph()
        graph.parse(path, format="nt")
        for name, body in QUERIES.items():
            sparql = sparql_prefixes() + body
            ox_ms, ox_rows = timed(lambda s=sparql, st=store: st.select(s), repeat)
            rd_ms, rd_rows = timed(lambda s=sparql, g=graph: list(g.query(s)),
                                   max(1, repeat // 2))
            assert len(ox_rows) == len(rd_rows), (name, len(ox_rows), len(rd_rows))
            rows.append({"section": "sparql", "size": size, "query": name, "rows": len(ox_rows),
                         "policykg_ms": round(ox_ms, 2), "rdflib_ms": round(rd_ms, 2),
                         "ratio": round(rd_ms / ox_ms, 1) if ox_ms else None,
                         "triples": len(graph)})
        store.close()
        del graph
    return rows


_BUILD_CHILD = """
import resource, sys, time
from policykg.store import OxigraphStore
from policykg.namespaces import EXTRACTED_GRAPH
start = time.perf_counter()
store = OxigraphStore(sys.argv[2])
store.replace_graphs({str(EXTRACTED_GRAPH): sys.argv[1]})
elapsed = time.perf_counter() - start
print(elapsed, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, store.count())
"""


def section_build(sizes: list[str], workdir: Path) -> list[dict]:
    rows = []
    for size in sizes:
        path = dataset(size)
        out = subprocess.run([sys.executable, "-c", _BUILD_CHILD, str(path),
                              str(workdir / f"build-{size}")],
                             capture_output=True, text=True, check=True)
        seconds, rss_kb, count = out.stdout.split()
        rows.append({"section": "build", "size": size, "triples": int(count),
                     "seconds": round(float(seconds), 2),
                     "peak_rss_mb": round(int(rss_kb) / 1024)})
    return rows


def section_trace(sizes: list[str], repeat: int, workdir: Path) -> list[dict]:
    from policykg import analyze, trace

    rows = []
    for size in sizes:
        store = fresh_store(dataset(size), workdir / f"trace-{size}")
        trace_ms, steps = timed(lambda st=store: trace.trace(st, G1), repeat)
        nx_ms, network = timed(lambda st=store: analyze.build_network(st), 1)
        rows.append({"section": "trace", "size": size, "trace_ms": round(trace_ms, 1),
                     "trace_steps": len(steps), "networkx_build_s": round(nx_ms / 1000, 2),
                     "network_nodes": network.number_of_nodes()})
        store.close()
    return rows


def _peak_rss_mb() -> int:
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)


def section_validate(sizes: list[str], workdir: Path) -> list[dict]:
    from policykg import validate

    rows = []
    for size in sizes:
        path = dataset(size)
        graph = rdflib.Graph()
        graph.parse(path, format="nt")
        start = time.perf_counter()
        report = validate.validate_graph(graph, focus=None)
        whole = time.perf_counter() - start
        store = fresh_store(path, workdir / f"validate-{size}")
        plan = _submitted_plan(graph)
        start = time.perf_counter()
        plan_report = validate.validate_graph(plan, store=store)
        one = time.perf_counter() - start
        rows.append({"section": "validate", "size": size, "triples": len(graph),
                     "whole_graph_s": round(whole, 2), "whole_results": len(report.results),
                     "one_plan_s": round(one, 2), "plan_obligations": _count_obligations(plan),
                     "plan_results": len(plan_report.results), "peak_rss_mb": _peak_rss_mb()})
        store.close()
        del graph
    return rows


def _submitted_plan(graph: rdflib.Graph) -> rdflib.Graph:
    """A new provincial plan of ~100 obligations, renamed so it is not already in the store."""
    from policykg.namespaces import PKG

    plan = rdflib.Graph()
    docs = sorted(set(graph.subjects(rdflib.RDF.type, PKG.Programme)))
    source = docs[0]
    new = rdflib.URIRef(f"{ID}doc/benchmark-submitted-plan")
    obligations = sorted(graph.subjects(PKG.statedIn, source))[:100]
    keep = {source, *obligations}
    for s in keep:
        for p, o in graph.predicate_objects(s):
            plan.add((new if s == source else rdflib.URIRef(f"{s}-submitted"), p,
                      new if o == source else o))
    return plan


def _count_obligations(graph: rdflib.Graph) -> int:
    from policykg.namespaces import PKG

    return len(set(graph.subjects(PKG.statedIn, None)))


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def oxigraph_server(location: Path):
    port = _free_port()
    proc = subprocess.Popen(["oxigraph", "serve", "--location", str(location), "--bind",
                             f"127.0.0.1:{port}", "--union-default-graph"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        url = f"http://127.0.0.1:{port}"
        for _ in range(100):
            with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), 0.2):
                break
            time.sleep(0.1)
        yield url
    finally:
        proc.terminate()
        proc.wait(timeout=30)


def section_remote(sizes: list[str], repeat: int, workdir: Path) -> list[dict]:
    from policykg.store import RemoteStore

    rows = []
    for size in sizes:
        path = dataset(size)
        with oxigraph_server(workdir / f"remote-{size}") as url:
            store = RemoteStore(f"{url}/query", f"{url}/update")
            store.replace_graphs({str(EXTRACTED_GRAPH): path})
            for name, body in QUERIES.items():
                sparql = sparql_prefixes() + body
                ms, result = timed(lambda s=sparql, st=store: st.select(s), repeat)
                rows.append({"section": "remote", "size": size, "query": name,
                             "rows": len(result), "remote_ms": round(ms, 2)})
            store.close()
    return rows


def versions() -> dict[str, str]:
    names = ["pyoxigraph", "rdflib", "pyshacl", "networkx", "fastapi", "oxigraph"]
    found = {}
    for n in names:
        with contextlib.suppress(metadata.PackageNotFoundError):
            found[n] = metadata.version(n)
    return found


def machine() -> str:
    mem_kb = next((int(line.split()[1]) for line in Path("/proc/meminfo").read_text().splitlines()
                   if line.startswith("MemTotal")), 0)
    return (f"{platform.machine()}, {os.cpu_count()} cores, {mem_kb / 1024 / 1024:.0f} GiB RAM, "
            f"{platform.system()} {platform.release()}; Python {platform.python_version()}")


def write_results(rows: list[dict], out: Path) -> None:
    stamp = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    lines = [f"\n## Run of {stamp}\n", f"Machine: {machine()}  ",
             "Versions: " + ", ".join(f"{k} {v}" for k, v in versions().items()) + "\n"]
    by_section: dict[str, list[dict]] = {}
    for r in rows:
        by_section.setdefault(r["section"], []).append(r)
    for section, items in by_section.items():
        columns = [c for c in items[0] if c != "section"]
        lines.append(f"\n### {section}\n")
        lines.append("| " + " | ".join(columns) + " |")
        lines.append("|" + "---|" * len(columns))
        for r in items:
            lines.append("| " + " | ".join(str(r.get(c, "")) for c in columns) + " |")
    with out.open("a", encoding="utf-8") as fh:
        fh.write("\n".join(lines) + "\n")


def main() -> None:
    parser = argparse.ArgumentParser(description="policykg benchmarks (on demand)")
    parser.add_argument("--sizes", default="S,M")
    parser.add_argument("--only", default="sparql,build,trace,validate,remote")
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--out", type=Path, default=HERE / "RESULTS.md")
    args = parser.parse_args()
    sizes = args.sizes.split(",")
    rows: list[dict] = []
    with tempfile.TemporaryDirectory(prefix="policykg-bench-") as tmp:
        workdir = Path(tmp)
        for section in args.only.split(","):
            print(f"== {section}", flush=True)
            if section == "sparql":
                rows += section_sparql(sizes, args.repeat, workdir)
            elif section == "build":
                rows += section_build(sizes, workdir)
            elif section == "trace":
                rows += section_trace(sizes, args.repeat, workdir)
            elif section == "validate":
                rows += section_validate(sizes, workdir)
            elif section == "remote":
                rows += section_remote(sizes, args.repeat, workdir)
            else:
                parser.error(f"unknown section {section}")
            print(json.dumps(rows[-1], ensure_ascii=False), flush=True)
    write_results(rows, args.out)
    print(f"appended to {args.out}")


if __name__ == "__main__":
    main()
