"""Load test of the web server: N concurrent clients on loopback for S seconds, mixing trace,
SPARQL and page requests against the seed graph (or a given store, or a remote SPARQL endpoint);
reports errors, latency percentiles and the server's memory, and writes
benchmarks/RESULTS-load.md (or --out).

    python benchmarks/load.py [--clients 16] [--seconds 30] [--warmup 5] [--sample N]
                              [--data-dir DIR | --endpoint URL] [--memory]
                              [--modes cached,uncached,varied-unfair,varied] [--label TEXT]
                              [--out PATH]

The server is a real `uvicorn server:app` process on 127.0.0.1 (a free port) over a store built
from the repository's graph in a temporary directory (or --data-dir, or the SPARQL endpoint
--endpoint through the remote back end), started once per mode. Every loop is bounded by the
deadline and every request by a timeout; nothing leaves the loopback interface (unless
--endpoint is elsewhere)."""

from __future__ import annotations

import argparse
import asyncio
import os
import platform
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path
from typing import Any

import httpx

REPO = Path(__file__).resolve().parent.parent
REQUEST_TIMEOUT = 30.0
PKG = "https://w3id.org/policykg/ontology#"


@dataclass
class Stats:
    latencies: dict[str, list[float]] = field(default_factory=dict)
    errors: dict[str, int] = field(default_factory=dict)
    error_samples: list[str] = field(default_factory=list)
    load: tuple[float, float] = (0.0, 0.0)  # 1-minute load average before and after the run
    memory: tuple[float, float] = (0.0, 0.0)  # server and descendants after the run: RSS, PSS MB
    peak_pss: float = 0.0  # the largest PSS sampled (every second) during the run
    solo: list[tuple[float, str]] = field(default_factory=list)  # (seconds, label) one at a time
    runaway: dict[int, int] = field(default_factory=dict)  # the runaway client's statuses
    work: dict = field(default_factory=dict)  # the requests of the run

    def record(self, kind: str, seconds: float, ok: bool, detail: str = "") -> None:
        self.latencies.setdefault(kind, []).append(seconds)
        if not ok:
            self.errors[kind] = self.errors.get(kind, 0) + 1
            if len(self.error_samples) < 10:
                self.error_samples.append(f"{kind}: {detail}")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def build_store(directory: Path) -> None:
    from policykg import build
    from policykg.store import OxigraphStore

    store = OxigraphStore(directory)
    build.load(store)
    store.close()


def start_server(data_dir: Path | None, port: int, cache: bool, memory: bool,
                 endpoint: str | None = None, fair: bool = True) -> subprocess.Popen:
    """The web server on the embedded store in data_dir, or on a remote SPARQL endpoint;
    `fair=False` lifts the per-client SPARQL limit (POLICYKG_SPARQL_PER_CLIENT=0)."""
    env = {**os.environ, "POLICYKG_CACHE": "1" if cache else "0",
           "POLICYKG_MEMORY": "1" if memory else "0"}
    env.pop("POLICYKG_SPARQL_PER_CLIENT", None)
    if not fair:
        env["POLICYKG_SPARQL_PER_CLIENT"] = "0"
    env.pop("POLICYKG_ENDPOINT", None)
    env.pop("POLICYKG_DATA", None)
    if endpoint:
        env["POLICYKG_ENDPOINT"] = endpoint
    else:
        env["POLICYKG_DATA"] = str(data_dir)
    env.pop("POLICYKG_UPDATE_TOKEN", None)
    return subprocess.Popen(
        [sys.executable, "-m", "uvicorn", "server:app", "--host", "127.0.0.1", "--port",
         str(port), "--log-level", "warning", "--no-access-log"],
        cwd=REPO, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
    )


def wait_ready(url: str, process: subprocess.Popen, seconds: float = 60.0) -> None:
    """Poll (bounded) until `url` answers 200; stop if the server exits first."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"server exited: {process.stderr.read() if process.stderr else ''}")
        try:
            if httpx.get(url, timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    raise SystemExit(f"server did not start ({url})")


def stop(process: subprocess.Popen, seconds: float = 15.0) -> None:
    process.terminate()
    try:
        process.wait(seconds)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def wait_memory(base: str, seconds: float = 1800.0) -> None:
    """In memory mode, wait until the workers answer from the in-memory copy."""
    deadline = time.monotonic() + seconds
    while httpx.get(f"{base}/api/status", timeout=10).json()["memory"] != "ready":
        if time.monotonic() > deadline:
            raise SystemExit("the in-memory copy did not become ready")
        time.sleep(0.5)


def memory_of(pid: int) -> tuple[float, float]:
    """Resident and proportional (shared pages divided among sharers) MB of a process and all
    its descendants (query workers, the in-memory copy and its forks)."""
    children: dict[int, list[int]] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        children.setdefault(int(fields[1]), []).append(int(stat.parent.name))
    rss = pss = 0.0
    todo = [pid]
    while todo:
        current = todo.pop()
        todo += children.get(current, [])
        try:
            for line in Path(f"/proc/{current}/smaps_rollup").read_text().splitlines():
                if line.startswith("Rss:"):
                    rss += int(line.split()[1]) / 1024
                elif line.startswith("Pss:"):
                    pss += int(line.split()[1]) / 1024
        except OSError:
            continue
    return rss, pss


def sample_memory(pid: int, stats: Stats, done: threading.Event) -> None:
    while not done.wait(1.0):
        stats.peak_pss = max(stats.peak_pss, memory_of(pid)[1])


def sparql(base: str, query: str) -> list[dict[str, str]]:
    r = httpx.post(f"{base}/sparql", data={"query": query},
                   headers={"accept": "application/sparql-results+json"}, timeout=60)
    r.raise_for_status()
    return [{k: v["value"] for k, v in b.items()} for b in r.json()["results"]["bindings"]]


def workload(base: str, sample: int) -> dict[str, list[tuple[str, str, dict]]]:
    """Requests per kind, derived from the graph being served (no hard-coded IRIs): `sample`
    owned obligations and 40 documents, spread over the graph by a hash order."""
    obligations = [r["o"] for r in sparql(base, f"""
        SELECT ?o WHERE {{ ?o a <{PKG}Obligation> ; <{PKG}owner> ?a }}
        ORDER BY MD5(STR(?o)) LIMIT {sample}""")]
    documents = [r["d"] for r in sparql(base, f"""
        SELECT ?d WHERE {{ ?d <{PKG}documentNumber> ?n }} ORDER BY MD5(STR(?d)) LIMIT 40""")]
    numbers = [r["n"] for r in sparql(base, f"""
        SELECT DISTINCT ?n WHERE {{ ?d <{PKG}documentNumber> ?n . ?o <{PKG}statedIn> ?d }}
        ORDER BY MD5(?n) LIMIT 40""")]
    named = httpx.get(f"{base}/api/queries", timeout=30).json()["queries"]
    queries = []
    for q in named:  # a query with a required parameter and no default is left out
        response = httpx.get(f"{base}/api/queries/{q['name']}", timeout=30)
        if response.status_code == 200:
            queries.append(("POST", "/sparql", {"data": {"query": response.json()["bound"]}},
                            f"named query {q['name']}"))
    queries += [
        ("GET", "/sparql", {"params": {"query": "ASK { ?s ?p ?o }"}}, "ASK"),
        ("POST", "/sparql", {"data": {"query": f"SELECT ?o ?t WHERE {{ ?o <{PKG}text> ?t }} "
                                               "LIMIT 50"}}, "obligation texts, 50"),
    ]
    id_path = "https://w3id.org/policykg/id/"
    return {
        "trace": [("GET", "/api/trace", {"params": {"q": o}}, f"/api/trace {o}")
                  for o in obligations]
        + [("GET", "/trace", {"params": {"q": o}}, f"/trace {o}") for o in obligations[:10]]
        + [("GET", "/api/trace", {"params": {"q": n}}, f"/api/trace {n}") for n in numbers],
        "sparql": queries,
        "page": [("GET", p, {}, p) for p in ("/", "/query", "/ontology", "/validate")]
        + [("GET", "/api/search", {"params": {"q": q}}, f"/api/search {q}")
           for q in ("so y te", "tre em", "can tho", "dinh duong", "ke hoach")]
        + [("GET", "/id/" + d[len(id_path):], {}, "/id/" + d[len(id_path):])
           for d in documents if d.startswith(id_path)],
    }


def pool_overhead(data_dir: Path, repeat: int = 200) -> list[str]:
    """Mean time of small queries through a killable worker process vs a thread (in-process,
    no HTTP): the price of hard timeouts."""
    from concurrent.futures import ThreadPoolExecutor

    from policykg.store import OxigraphStore
    from policykg.web.query_pool import ProcessQueryPool

    queries = {"ASK {}": "ASK {}",
               "SELECT 50 rows": "SELECT ?s ?p ?o { ?s ?p ?o } LIMIT 50"}
    store = OxigraphStore(data_dir)
    media = "application/sparql-results+json"

    async def via_pool(text: str) -> float:
        pool = ProcessQueryPool(data_dir, 1)
        try:
            await pool.run(text, media, 30)  # start the worker
            start = time.perf_counter()
            for _ in range(repeat):
                await pool.run(text, media, 30)
            return (time.perf_counter() - start) / repeat
        finally:
            pool.close()

    async def via_thread(text: str) -> float:
        loop = asyncio.get_running_loop()
        with ThreadPoolExecutor(1) as executor:
            await loop.run_in_executor(executor, store.query_raw, text, media)
            start = time.perf_counter()
            for _ in range(repeat):
                await loop.run_in_executor(executor, store.query_raw, text, media)
            return (time.perf_counter() - start) / repeat

    lines = []
    for name, text in queries.items():
        process = asyncio.run(via_pool(text)) * 1000
        thread = asyncio.run(via_thread(text)) * 1000
        lines.append(f"- {name}: worker process {process:.2f} ms, thread {thread:.2f} ms "
                     f"(mean of {repeat}, one at a time)")
    store.close()
    return lines


def sparql_spans(data_dir: Path, work: dict, solo_times: list[tuple[float, str]],
                 repeat: int = 5) -> list[str]:
    """Where an uncached SPARQL request's time goes, summed over the workload's named queries
    (median of `repeat` each, one at a time): the engine alone, its JSON serialisation,
    policykg's query_raw in process, the same through a worker process, and over HTTP."""
    import pyoxigraph as ox

    from policykg.store import OxigraphStore
    from policykg.web.query_pool import ProcessQueryPool

    media = "application/sparql-results+json"
    texts = [(kw["data"]["query"], label) for _, _, kw, label in work["sparql"]
             if label.startswith("named query")]
    store = OxigraphStore(data_dir)
    engine = store._reader()  # the published generation, read-only (benchmark only)

    def median(fn: Any) -> float:
        times = []
        for _ in range(repeat):
            start = time.perf_counter()
            fn()
            times.append(time.perf_counter() - start)
        return statistics.median(times)

    def run(text: str) -> Any:
        return engine.query(text, use_default_graph_as_union=True)

    async def via_pool() -> float:
        pool = ProcessQueryPool(data_dir, 1)
        try:
            total = 0.0
            for text, _ in texts:
                await pool.run(text, media, 60)
                times = []
                for _ in range(repeat):
                    start = time.perf_counter()
                    await pool.run(text, media, 60)
                    times.append(time.perf_counter() - start)
                total += statistics.median(times)
            return total
        finally:
            pool.close()

    spans = {"engine (solutions read)": 0.0, "engine + JSON serialisation": 0.0,
             "store.query_raw in process": 0.0}
    for text, _ in texts:
        spans["engine (solutions read)"] += median(lambda t=text: list(run(t)))
        spans["engine + JSON serialisation"] += median(
            lambda t=text: run(t).serialize(format=ox.QueryResultsFormat.JSON))
        spans["store.query_raw in process"] += median(lambda t=text: store.query_raw(t, media))
    spans["through a SPARQL worker process"] = asyncio.run(via_pool())
    labels = {label for _, label in texts}
    spans["over HTTP, one request (solo run)"] = sum(t for t, label in solo_times
                                                     if label in labels)
    store.close()
    return [f"- {name}: {seconds * 1000:.0f} ms" for name, seconds in spans.items()] + [
        f"({len(texts)} named queries, each the median of {repeat}, summed)"]


def solo(base: str, work: dict) -> list[tuple[float, str]]:
    """Each distinct request once, one at a time, slowest first: what a request costs alone."""
    out = []
    with httpx.Client(base_url=base, timeout=REQUEST_TIMEOUT) as http:
        for requests in work.values():
            for method, path, kwargs, label in requests:
                start = time.perf_counter()
                http.request(method, path, **kwargs)
                out.append((time.perf_counter() - start, label))
    return sorted(out, reverse=True)


def loopback(seed: int) -> httpx.AsyncHTTPTransport:
    """Each client connects from a loopback address of its own (127.0.0.2, ...), so the server
    sees distinct clients, as it would on a network (its fairness limit is per client)."""
    return httpx.AsyncHTTPTransport(local_address=f"127.0.{seed // 250}.{seed % 250 + 2}")


def varied(kwargs: dict, rng: random.Random) -> dict:
    """The query text made unique by a trailing comment: what defeats a result cache."""
    data = kwargs.get("data") or {}
    if "query" not in data:
        return kwargs
    return {**kwargs, "data": {**data, "query": f"{data['query']}\n# {rng.random()}"}}


async def client(base: str, work: dict, weights: dict[str, float], deadline: float,
                 stats: Stats, seed: int, vary: bool = False) -> None:
    rng = random.Random(seed)
    kinds = list(weights)
    async with httpx.AsyncClient(base_url=base, timeout=REQUEST_TIMEOUT,
                                 transport=loopback(seed)) as http:
        while time.monotonic() < deadline:
            kind = rng.choices(kinds, [weights[k] for k in kinds])[0]
            method, path, kwargs, _label = rng.choice(work[kind])
            if vary and kind == "sparql":
                kwargs = varied(kwargs, rng)
            start = time.perf_counter()
            try:
                response = await http.request(method, path, **kwargs)
                ok = response.status_code < 400
                detail = f"{path} -> {response.status_code} {response.text[:120]}"
            except httpx.HTTPError as exc:
                ok, detail = False, f"{path} -> {type(exc).__name__}"
            stats.record(kind, time.perf_counter() - start, ok, detail)


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    k = max(0, min(len(ordered) - 1, round(p / 100 * len(ordered) + 0.5) - 1))
    return ordered[k]


def machine() -> list[str]:
    cpu = platform.processor() or "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    memory = "unknown"
    try:
        kb = int(Path("/proc/meminfo").read_text().split()[1])
        memory = f"{kb / 1024 / 1024:.0f} GiB"
    except (OSError, ValueError, IndexError):
        pass
    versions = ", ".join(f"{p} {metadata.version(p)}" for p in
                         ("fastapi", "uvicorn", "starlette", "pyoxigraph", "rdflib", "httpx"))
    return [f"- CPU: {cpu}, {os.cpu_count()} logical cores; memory {memory}",
            f"- OS: {platform.platform()}; Python {platform.python_version()}",
            f"- {versions}"]


def table(stats: Stats) -> tuple[list[str], int, float, int]:
    total = [v for vs in stats.latencies.values() for v in vs]
    errors = sum(stats.errors.values())
    rows = ["| kind | requests | errors | p50 ms | p95 ms | p99 ms | max ms |",
            "|---|---:|---:|---:|---:|---:|---:|"]
    for kind, values in sorted(stats.latencies.items()) + [("all", total)]:
        errs = errors if kind == "all" else stats.errors.get(kind, 0)
        rows.append(f"| {kind} | {len(values)} | {errs} | "
                    + " | ".join(f"{percentile(values, p) * 1000:.0f}" for p in (50, 95, 99))
                    + f" | {max(values) * 1000:.0f} |")
    return rows, errors, percentile(total, 99) * 1000, len(total)


def _backend(args: argparse.Namespace) -> str:
    if args.endpoint:
        return ("one process; SPARQL and traces in a thread pool, the store behind a SPARQL "
                "server on loopback reached through the remote back end")
    return ("one process; client SPARQL in 4 worker processes at nice +10, traces in 2"
            + (", forked from one process holding the store in memory (`--memory`)"
               if args.memory else ", reading the store on disk"))


def report(runs: list[tuple[str, Stats, float]], args: argparse.Namespace, triples: int,
           distinct: int, overhead: list[str], spans: list[str] | None = None) -> str:
    lines = [
        "# Web server under load",
        "",
        f"{args.clients} concurrent clients (closed loop, no think time) on loopback for "
        f"{args.seconds:g} s against a real `uvicorn server:app` ({_backend(args)}; 10 s "
        f"query timeout) serving {args.label} ({triples} triples). "
        f"Mix by weight: trace {args.trace:g} (/api/trace and /trace), SPARQL {args.sparql:g} "
        "(every named query of queries/ that runs with its defaults, plus two small queries), "
        f"pages {args.page:g} (/, /query, /ontology, /validate, /api/search, /id/...): "
        f"{distinct} distinct requests ({args.sample} obligations to trace), chosen at random. "
        "The client (httpx AsyncClient, one "
        "process) shares the machine's cores with the server. Target: zero errors, p99 under "
        "300 ms.",
        "",
        "Two configurations: `cached` is the default server, which keeps SPARQL, trace, search "
        "and resource results until the store changes (a fixed set of requests repeated, as "
        "here, is then mostly served from memory); `uncached` (POLICYKG_CACHE=0) computes "
        "every request. `varied` is the default server attacked as issue 10 describes: every "
        "SPARQL text is made unique (a trailing comment) so no answer comes from the cache, "
        f"and one more client sends a query that runs past the timeout every {args.runaway:g} s "
        "without waiting; `varied-unfair` is the same without the per-client SPARQL limit "
        "(POLICYKG_SPARQL_PER_CLIENT=0), i.e. as before it. Every client connects from a "
        "loopback address of its own.",
    ]
    for name, stats, elapsed in runs:
        rows, errors, p99, count = table(stats)
        verdict = "meets" if errors == 0 and p99 < 300 else "misses"
        lines += ["", f"## {name}", "",
                  f"{count} requests in {elapsed:.1f} s ({count / elapsed:.0f} req/s), "
                  f"{errors} errors, p99 {p99:.0f} ms: {verdict} the target. Machine load "
                  f"average (1 min) {stats.load[0]:.1f} before, {stats.load[1]:.1f} after "
                  f"({os.cpu_count()} cores; other work on the machine shows here). Server "
                  f"memory after the run, with its worker processes: {stats.memory[0]:.0f} MB "
                  f"resident, {stats.memory[1]:.0f} MB proportional (shared pages counted "
                  f"once); largest proportional during the run {stats.peak_pss:.0f} MB.", "",
                  *rows]
        if stats.runaway:
            lines += ["", "The runaway client's answers (not counted above): " + ", ".join(
                f"{status or 'transport error'}: {count}"
                for status, count in sorted(stats.runaway.items()))]
        if stats.error_samples:
            lines += ["", "Error samples:", "", *[f"- `{e}`" for e in stats.error_samples]]
        alone = sum(s for s, _ in stats.solo)
        lines += ["", f"Each distinct request once, one at a time, before the run: "
                  f"{alone:.1f} s in all; the slowest:", "",
                  *[f"- {s * 1000:.0f} ms: {label}" for s, label in stats.solo[:6]]]
    if overhead:
        lines += ["", "## The price of hard timeouts", "",
                  "Client SPARQL (and traces) run in worker processes that are killed on "
                  "timeout. Cost per query against the same store:", "", *overhead]
    if spans:
        lines += ["", "## Where an uncached SPARQL request's time goes", "", *spans]
    lines += ["", "## Machine", "", *machine(), "",
              f"Reproduce: `python benchmarks/load.py {' '.join(sys.argv[1:])}`."]
    return "\n".join(lines) + "\n"


RUNAWAY = ("SELECT (COUNT(*) AS ?n) { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i "
           "FILTER(STR(?c) < STR(?f) && STR(?f) < STR(?i)) }")


async def runaway(base: str, every: float, deadline: float, statuses: dict[int, int]) -> None:
    """One more client, from its own address, sending a query that runs past the timeout every
    `every` seconds without waiting for the answers (as an attacker would)."""
    async def one(http: httpx.AsyncClient, n: int) -> None:
        try:
            response = await http.post("/sparql", data={"query": f"{RUNAWAY} # {n}"})
            statuses[response.status_code] = statuses.get(response.status_code, 0) + 1
        except httpx.HTTPError:
            statuses[0] = statuses.get(0, 0) + 1

    async with httpx.AsyncClient(base_url=base, timeout=REQUEST_TIMEOUT,
                                 transport=loopback(1000)) as http:
        sent = []
        n = 0
        while time.monotonic() < deadline:
            sent.append(asyncio.ensure_future(one(http, n)))
            n += 1
            await asyncio.sleep(every)
        await asyncio.gather(*sent)


async def run_clients(base: str, work: dict, args: argparse.Namespace, stats: Stats,
                      mode: str = "") -> float:
    weights = {"trace": args.trace, "sparql": args.sparql, "page": args.page}
    start = time.monotonic()
    deadline = start + args.seconds
    vary = mode.startswith("varied")
    tasks = [client(base, work, weights, deadline, stats, seed, vary)
             for seed in range(args.clients)]
    if vary:
        tasks.append(runaway(base, args.runaway, deadline, stats.runaway))
    await asyncio.gather(*tasks)
    return time.monotonic() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--seconds", type=float, default=30.0)
    parser.add_argument("--warmup", type=float, default=5.0)
    parser.add_argument("--trace", type=float, default=1.0, help="weight of trace requests")
    parser.add_argument("--sparql", type=float, default=1.0, help="weight of SPARQL requests")
    parser.add_argument("--page", type=float, default=1.0, help="weight of page requests")
    parser.add_argument("--data-dir", type=Path, help="a built store (default: build one)")
    parser.add_argument("--out", type=Path, default=REPO / "benchmarks" / "RESULTS-load.md")
    parser.add_argument("--endpoint", help="serve a remote SPARQL endpoint (its query URL) "
                        "through the remote back end instead of an embedded store")
    parser.add_argument("--memory", action="store_true",
                        help="serve in memory mode (POLICYKG_MEMORY=1)")
    parser.add_argument("--sample", type=int, default=40, help="obligations to trace")
    parser.add_argument("--label", default=None, help="what the store holds, for the report")
    parser.add_argument("--modes", default="cached,uncached",
                        help="server configurations to measure, in order: cached, uncached, "
                        "varied (SPARQL text varied to defeat the cache, plus a runaway query "
                        "every --runaway s), varied-unfair (the same without the per-client "
                        "SPARQL limit)")
    parser.add_argument("--spans", action="store_true",
                        help="also time the parts of an uncached SPARQL request")
    parser.add_argument("--runaway", type=float, default=2.0,
                        help="seconds between the runaway client's queries (varied modes)")
    args = parser.parse_args()
    if not 0 < args.clients <= 256 or not 0 < args.seconds <= 600:
        raise SystemExit("--clients must be 1-256 and --seconds 1-600")
    if args.endpoint and args.memory:
        raise SystemExit("--memory is for the embedded store, not --endpoint")
    args.label = args.label or ("the store in " + str(args.data_dir) if args.data_dir
                                else "the seed graph")

    runs: list[tuple[str, Stats, float]] = []
    with tempfile.TemporaryDirectory(prefix="policykg-load-") as tmp:
        data_dir = args.data_dir or Path(tmp) / "store"
        if args.data_dir is None and not args.endpoint:
            build_store(data_dir)
        for name in args.modes.split(","):
            stats, elapsed, triples, distinct = measure(data_dir, args, name)
            runs.append((name, stats, elapsed))
        overhead = [] if args.endpoint else pool_overhead(data_dir)
        uncached = next((st for name, st, _ in runs if name == "uncached"), None)
        spans = [] if args.endpoint or not args.spans or uncached is None else sparql_spans(
            data_dir, uncached.work, uncached.solo)  # solo times of uncached requests
    text = report(runs, args, triples, distinct, overhead, spans)
    tmp_out = args.out.with_suffix(".tmp")
    tmp_out.write_text(text, encoding="utf-8")
    os.replace(tmp_out, args.out)
    print(text)
    for name, stats, _ in runs:
        means = sorted(((statistics.mean(v), k) for k, v in stats.latencies.items()),
                       reverse=True)
        print(f"{name}: mean latency", ", ".join(f"{k} {m * 1000:.0f} ms" for m, k in means))


def measure(data_dir: Path, args: argparse.Namespace, mode: str):
    """One server configuration: start, warm up, run the clients, stop."""
    port = free_port()
    server = start_server(data_dir, port, mode != "uncached", args.memory, args.endpoint,
                          fair=mode != "varied-unfair")
    base = f"http://127.0.0.1:{port}"
    try:
        wait_ready(f"{base}/api/stats", server)
        if args.memory:
            wait_memory(base)
        triples = int(sparql(base, "SELECT (COUNT(*) AS ?n) { GRAPH ?g { ?s ?p ?o } }")[0]["n"])
        work = workload(base, args.sample)
        warm = argparse.Namespace(**{**vars(args), "seconds": args.warmup})
        asyncio.run(run_clients(base, work, warm, Stats()))  # query workers, structures
        stats = Stats()
        stats.solo = solo(base, work)
        load_before = os.getloadavg()[0]
        done = threading.Event()
        sampler = threading.Thread(target=sample_memory, args=(server.pid, stats, done))
        sampler.start()
        try:
            elapsed = asyncio.run(run_clients(base, work, args, stats, mode))
        finally:
            done.set()
            sampler.join()
        stats.load = (load_before, os.getloadavg()[0])
        stats.memory = memory_of(server.pid)
    finally:
        stop(server)
    stats.work = work
    return stats, elapsed, triples, sum(len(v) for v in work.values())


if __name__ == "__main__":
    main()
