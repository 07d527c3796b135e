"""Side-by-side benchmarks (issue 6), run on demand, never in the test suite.

    python benchmarks/run.py                       # S and M, every section that fits
    python benchmarks/run.py --sizes S,M,L         # national scale (needs ~10 GB RAM for rdflib)
    python benchmarks/run.py --only sparql,trace   # some sections

Each comparison runs both sides in one process on the same data, reports the median of repeated
runs (wall time, and the process's CPU time: on a shared machine wall time includes waiting for a
core) and the ratio, and appends the figures, the machine and the versions to
benchmarks/RESULTS.md. See benchmarks/README.md for what each section measures.
  sparql   trace (one task; a whole task group), per-level aggregate and no-owner queries:
           policykg's store (on disk, and in memory mode as the server uses it) vs rdflib
           in memory
  queries  every named query of queries/ (defaults bound) on disk and in memory mode
  build    loading the generated graph into the store (time, peak RSS of a child process)
  trace    policykg.trace over the store (one decision task, one provincial task, a whole
           task group); building the NetworkX network from the store
  validate pyshacl over the whole graph (child process: time, peak RSS); one submitted plan
           (~100 obligations) with the store as context (policykg.validate, incremental)
  remote   the SPARQL figures through the remote back end against `oxigraph serve` on loopback,
           and load.py against the web server on that endpoint (RESULTS-load-<size>-remote.md)
  server   benchmarks/load.py (16 clients, 30 s) against the web app in memory mode on the
           generated store (report: benchmarks/RESULTS-load-<size>.md)
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import platform
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
import load  # noqa: E402
import rdflib  # noqa: E402

from policykg.namespaces import EXTRACTED_GRAPH, ID, sparql_prefixes  # noqa: E402

G1 = f"{ID}doc/28-ct-tw/o/g1"
TRACE = """SELECT ?o ?doc ?path ?owner WHERE {{
        ?o pkg:concretises+ <{}> ; pkg:statedIn ?doc ; pkg:sectionPath ?path .
        OPTIONAL {{ ?o pkg:owner ?owner }} }}"""
QUERIES = {
    # everything carrying out one task of decision 1183 (down to the provinces' departments)
    "trace": TRACE.format(f"{ID}doc/1183-qd-ttg/o/ii-1-1"),
    # everything below task group 1 of the directive (10k rows at L: a report)
    "trace-group": TRACE.format(G1),
    "per-level": """SELECT ?level (COUNT(?o) AS ?n) WHERE {
        ?o a pkg:Obligation ; pkg:statedIn ?d . ?d pkg:level ?level } GROUP BY ?level""",
    "no-owner": """SELECT ?o ?doc WHERE { ?o a pkg:Obligation ; pkg:statedIn ?doc
        FILTER NOT EXISTS { ?o pkg:owner ?a } FILTER NOT EXISTS { ?o pkg:impliedOwner ?b } }""",
}
# Traces of three sizes: a task of decision 1183 (down to the provinces' departments), a task of
# province 1's party plan (down to its communes), and the whole first task group (everything
# below it: a report rather than a question).
TRACES = {
    "decision-task": f"{ID}doc/1183-qd-ttg/o/ii-1-1",
    "provincial-task": f"{ID}doc/1-kh-tu-tinh-01/o/ii-1-1",
    "task-group": G1,
}


def timed(func: Callable[[], object], repeat: int) -> tuple[float, float, object]:
    """Median wall and CPU time in milliseconds over `repeat` runs, and the last result."""
    walls, cpus, result = [], [], None
    for _ in range(repeat):
        start, cpu = time.perf_counter(), time.process_time()
        result = func()
        walls.append((time.perf_counter() - start) * 1000)
        cpus.append((time.process_time() - cpu) * 1000)
    return statistics.median(walls), statistics.median(cpus), result


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


def memory_mode(disk) -> tuple[object, float]:
    """The same store in memory mode (as `policykg serve --memory` reads it), and the CPU
    seconds its in-memory copy took."""
    from policykg.store import OxigraphStore

    store = OxigraphStore(disk.data_dir, memory=True)
    cpu = time.process_time()
    store.count()  # makes the copy
    return store, time.process_time() - cpu


def _ratio(slow: float, fast: float) -> float | None:
    return round(slow / fast, 1) if fast else None


def section_sparql(sizes: list[str], repeat: int, workdir: Path) -> list[dict]:
    rows = []
    for size in sizes:
        path = dataset(size)
        disk = fresh_store(path, workdir / f"sparql-{size}")
        memory, copy_cpu = memory_mode(disk)
        print(json.dumps({"size": size, "memory_copy_cpu_s": round(copy_cpu, 1)}), flush=True)
        stores = {"disk": disk, "memory": memory}
        graph = rdflib.Graph()
        graph.parse(path, format="nt")
        for name, body in QUERIES.items():
            sparql = sparql_prefixes() + body
            rd_ms, rd_cpu, rd_rows = timed(lambda s=sparql, g=graph: list(g.query(s)),
                                           max(1, repeat // 2))
            row = {"section": "sparql", "size": size, "triples": len(graph), "query": name,
                   "rows": len(rd_rows), "rdflib_ms": round(rd_ms, 1),
                   "rdflib_cpu_ms": round(rd_cpu, 1)}
            for kind, store in stores.items():
                ms, cpu, ox_rows = timed(lambda s=sparql, st=store: st.select(s), repeat)
                assert len(ox_rows) == len(rd_rows), (name, kind, len(ox_rows), len(rd_rows))
                row.update({f"{kind}_ms": round(ms, 1), f"{kind}_cpu_ms": round(cpu, 1),
                            f"{kind}_ratio": _ratio(rd_ms, ms),
                            f"{kind}_cpu_ratio": _ratio(rd_cpu, cpu)})
            rows.append(row)
            print(json.dumps(row), flush=True)
        for store in stores.values():
            store.close()
        del graph
    return rows


def section_queries(sizes: list[str], repeat: int, workdir: Path) -> list[dict]:
    """Every named query of queries/ (defaults bound, as /api/queries and the CLI run them)
    through the store on disk and in memory mode: rows, CPU and wall time."""
    from policykg.queries import list_queries

    rows = []
    for size in sizes:
        disk = fresh_store(dataset(size), workdir / f"queries-{size}")
        stores = {"disk": disk, "memory": memory_mode(disk)[0]}
        for query in list_queries():
            text = query.bind({"root": G1} if query.name == "trace" else {})
            row = {"section": "queries", "size": size, "query": query.name}
            for kind, store in stores.items():
                ms, cpu, _ = timed(lambda t=text, st=store: st.query_raw(t, "text/csv"),
                                   repeat)
                row.update({f"{kind}_ms": round(ms, 1), f"{kind}_cpu_ms": round(cpu, 1)})
            row["rows"] = len(stores["memory"].select(text))
            rows.append(row)
            print(json.dumps(row), flush=True)
        for store in stores.values():
            store.close()
    return rows


_BUILD_CHILD = """
import resource, sys, time
from policykg.store import OxigraphStore
from policykg.namespaces import EXTRACTED_GRAPH
start, cpu = time.perf_counter(), time.process_time()
store = OxigraphStore(sys.argv[2])
store.replace_graphs({str(EXTRACTED_GRAPH): sys.argv[1]})
elapsed, cpu = time.perf_counter() - start, time.process_time() - cpu
print(elapsed, cpu, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, store.count())
"""


def section_build(sizes: list[str], workdir: Path) -> list[dict]:
    rows = []
    for size in sizes:
        path = dataset(size)
        out = subprocess.run([sys.executable, "-c", _BUILD_CHILD, str(path),
                              str(workdir / f"build-{size}")],
                             capture_output=True, text=True, check=True)
        seconds, cpu, rss_kb, count = out.stdout.split()
        rows.append({"section": "build", "size": size, "triples": int(count),
                     "seconds": round(float(seconds), 2), "cpu_s": round(float(cpu), 2),
                     "peak_rss_mb": round(int(rss_kb) / 1024)})
        print(json.dumps(rows[-1]), flush=True)
    return rows


def section_trace(sizes: list[str], repeat: int, workdir: Path) -> list[dict]:
    from policykg import analyze, trace

    rows = []
    for size in sizes:
        path = dataset(size)
        disk = fresh_store(path, workdir / f"trace-{size}")
        stores = {"disk": disk, "memory": memory_mode(disk)[0]}
        for name, query in TRACES.items():
            row = {"section": "trace", "size": size, "trace": name}
            for kind, store in stores.items():
                try:
                    ms, cpu, steps = timed(lambda st=store, q=query: trace.trace(st, q), repeat)
                except Exception as exc:  # a query the size does not hold (S has no communes)
                    row["error"] = str(exc)
                    break
                row.update({"steps": len(steps), f"{kind}_ms": round(ms, 1),
                            f"{kind}_cpu_ms": round(cpu, 1)})
            rows.append(row)
            print(json.dumps(row), flush=True)
        ms, cpu, network = timed(lambda st=stores["disk"]: analyze.build_network(st), 1)
        rows.append({"section": "networkx", "size": size, "build_s": round(ms / 1000, 2),
                     "cpu_s": round(cpu / 1000, 2), "nodes": network.number_of_nodes(),
                     "edges": network.number_of_edges()})
        print(json.dumps(rows[-1]), flush=True)
        for store in stores.values():
            store.close()
    return rows


_WHOLE_VALIDATION_CHILD = """
import json, resource, sys, time
from pathlib import Path
from policykg import rdfio, validate
start = time.perf_counter()
graph = rdfio.read([Path(sys.argv[1])])
parsed = time.perf_counter() - start
start = time.perf_counter()
report = validate.validate_whole(graph)
seconds = time.perf_counter() - start
print(json.dumps({"triples": len(graph), "parse_s": round(parsed, 2),
                  "whole_graph_s": round(seconds, 2), "whole_results": len(report.results),
                  "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)}))
"""


def _whole_validation(path: Path, limit: float) -> dict:
    """pyshacl over the whole graph in a child process, stopped after `limit` seconds."""
    try:
        out = subprocess.run([sys.executable, "-c", _WHOLE_VALIDATION_CHILD, str(path)],
                             capture_output=True, text=True, check=True, timeout=limit)
    except subprocess.TimeoutExpired:
        return {"whole_graph_s": f"> {limit:g} (stopped)"}
    return json.loads(out.stdout.splitlines()[-1])


def section_validate(sizes: list[str], workdir: Path, limit: float) -> list[dict]:
    from policykg import validate

    rows = []
    for size in sizes:
        path = dataset(size)
        row = {"section": "validate", "size": size, **_whole_validation(path, limit)}
        store = fresh_store(path, workdir / f"validate-{size}")
        plan = _submitted_plan(path)
        validate.validate_graph(plan, store=store)  # warm: shapes, ontology, reference store
        ms, cpu, report = timed(lambda p=plan, st=store: validate.validate_graph(p, store=st), 3)
        row.update({"plan_obligations": _count_obligations(plan),
                    "plan_triples": len(plan), "one_plan_s": round(ms / 1000, 2),
                    "one_plan_cpu_s": round(cpu / 1000, 2), "plan_results": len(report.results)})
        rows.append(row)
        print(json.dumps(row), flush=True)
        store.close()
    return rows


def _submitted_plan(path: Path) -> rdflib.Graph:
    """A new provincial plan of ~100 obligations: the first programme of the generated graph and
    its obligations, renamed so they are not already in the store."""
    from policykg.namespaces import PKG
    from policykg.store import MemoryStore

    graph = MemoryStore([path])
    prefixes = sparql_prefixes()
    source = sorted(r["d"] for r in graph.select(
        prefixes + "SELECT ?d WHERE { ?d a pkg:Programme }"))[0]
    obligations = sorted(r["o"] for r in graph.select(
        prefixes + f"SELECT ?o WHERE {{ ?o pkg:statedIn <{source}> }}"))[:100]
    new = rdflib.URIRef(f"{ID}doc/benchmark-submitted-plan")
    renamed = {source: new, **{o: rdflib.URIRef(f"{o}-submitted") for o in obligations}}
    plan = rdflib.Graph()
    for s in [source, *obligations]:
        for row in graph.select(f"SELECT ?p ?o WHERE {{ <{s}> ?p ?o }}"):
            plan.add((renamed[s], row["p"], renamed.get(row["o"], row["o"])))
    assert plan.value(new, PKG.implements) is not None
    return plan


def _count_obligations(graph: rdflib.Graph) -> int:
    from policykg.namespaces import PKG

    return len(set(graph.subjects(PKG.statedIn, None)))


@contextlib.contextmanager
def oxigraph_server(location: Path):
    port = load.free_port()
    proc = subprocess.Popen(["oxigraph", "serve", "--location", str(location), "--bind",
                             f"127.0.0.1:{port}", "--union-default-graph"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    try:
        load.wait_ready(f"{url}/", proc)
        yield url
    finally:
        load.stop(proc, 30)


def section_remote(sizes: list[str], repeat: int, workdir: Path) -> list[dict]:
    """The server is filled with `oxigraph load` (the remote back end's INSERT DATA batches are
    for building the project graph, not for bulk loads), then queried through RemoteStore."""
    from policykg.store import RemoteStore

    rows = []
    for size in sizes:
        path = dataset(size)
        location = workdir / f"remote-{size}"
        subprocess.run(["oxigraph", "load", "--location", str(location), "--file", str(path),
                        "--graph", str(EXTRACTED_GRAPH)], check=True, capture_output=True)
        with oxigraph_server(location) as url:
            store = RemoteStore(f"{url}/query", f"{url}/update")
            for name, body in QUERIES.items():
                sparql = sparql_prefixes() + body
                ms, _cpu, result = timed(lambda s=sparql, st=store: st.select(s), repeat)
                rows.append({"section": "remote", "size": size, "query": name,
                             "rows": len(result), "remote_ms": round(ms, 1)})
                print(json.dumps(rows[-1]), flush=True)
            store.close()
            out = HERE / f"RESULTS-load-{size}-remote.md"  # the web server on this endpoint
            subprocess.run([sys.executable, str(HERE / "load.py"), "--endpoint", f"{url}/query",
                            "--sample", "400", "--out", str(out), "--label",
                            f"the generated graph {path.name} in `oxigraph serve`"], check=True)
            rows.append({"section": "remote-server", "size": size, "report": out.name})
    return rows


def section_server(sizes: list[str], workdir: Path) -> list[dict]:
    """benchmarks/load.py (16 clients, 30 s, trace, SPARQL and pages) against the web server in
    memory mode on each size's store; its report goes to benchmarks/RESULTS-load-<size>.md."""
    rows = []
    for size in sizes:
        path = dataset(size)
        store = fresh_store(path, workdir / f"server-{size}")
        store.close()
        out = HERE / f"RESULTS-load-{size}.md"
        subprocess.run([sys.executable, str(HERE / "load.py"), "--data-dir", str(store.data_dir),
                        "--memory", "--sample", "400", "--out", str(out),
                        "--label", f"the generated graph {path.name}"], check=True)
        rows.append({"section": "server", "size": size, "report": out.name})
        print(json.dumps(rows[-1]), flush=True)
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


def write_results(rows: list[dict], out: Path, note: str) -> None:
    stamp = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    load_average = os.getloadavg()[0]
    lines = [f"\n## Run of {stamp} ({note})\n", f"Machine: {machine()}; "
             f"load average at the end {load_average:.1f}  ",
             "Versions: " + ", ".join(f"{k} {v}" for k, v in versions().items()) + "\n"]
    by_section: dict[str, list[dict]] = {}
    for r in rows:
        by_section.setdefault(r["section"], []).append(r)
    for section, items in by_section.items():
        columns = list(dict.fromkeys(c for r in items for c in r if c != "section"))
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
    parser.add_argument("--only", default="sparql,queries,build,trace,validate,remote,server")
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--out", type=Path, default=HERE / "RESULTS.md")
    parser.add_argument("--validate-limit", type=float, default=900,
                        help="seconds before whole-graph validation is stopped")
    args = parser.parse_args()
    sizes = args.sizes.split(",")
    sections = {
        "sparql": lambda w: section_sparql(sizes, args.repeat, w),
        "queries": lambda w: section_queries(sizes, args.repeat, w),
        "build": lambda w: section_build(sizes, w),
        "trace": lambda w: section_trace(sizes, args.repeat, w),
        "validate": lambda w: section_validate(sizes, w, args.validate_limit),
        "remote": lambda w: section_remote(sizes, args.repeat, w),
        "server": lambda w: section_server(sizes, w),
    }
    chosen = args.only.split(",")
    unknown = [s for s in chosen if s not in sections]
    if unknown:
        parser.error(f"unknown section(s) {', '.join(unknown)}")
    rows: list[dict] = []
    try:
        with tempfile.TemporaryDirectory(prefix="policykg-bench-") as tmp:
            for section in chosen:
                print(f"== {section}", flush=True)
                rows += sections[section](Path(tmp))
    finally:  # an interrupted run still records what it measured
        if rows:
            write_results(rows, args.out, f"sizes {args.sizes}, repeat {args.repeat}")
            print(f"appended to {args.out}")


if __name__ == "__main__":
    main()
