"""policykg's SPARQL server against its peers over HTTP on one generated graph (issue 14), on
demand only.

    python benchmarks/peers.py [--sizes M,L] [--repeat 7] [--out benchmarks/RESULTS.md]
        [--engines policykg,policykg-cached,oxigraph-memory,rdflib,virtuoso,policykg-virtuoso,
                   policykg-virtuoso-cached] [--rdflib-endpoint PATH]

Every engine is started by this script on a free loopback port, on the same N-Triples file
(benchmarks/data/<size>-1.nt, generated when missing), and stopped after:

  policykg  `policykg serve --memory` with the result cache off (POLICYKG_CACHE=0), on a store
            built from the file; queried through its /sparql
  policykg-cached  the same with the result cache on (the default): after the warm-up round
            every answer comes from the cache
  policykg-keep  the same with POLICYKG_WORKER_RECYCLE_MB=4096 (workers keep the pages their
            queries privatise in the forked copy instead of being exchanged past 128 MB)
  oxigraph-memory  `oxigraph serve --union-default-graph` without a location (in-memory storage,
            as policykg's memory mode), filled over its Graph Store endpoint: policykg's own
            engine answering directly, the reference for policykg's per-request overhead
  oxigraph  `oxigraph serve-read-only --union-default-graph` on a store filled by `oxigraph load`
            (RocksDB on disk)
  rdflib    rdflib-endpoint (`rdflib-endpoint serve FILE`: rdflib's in-memory Dataset and SPARQL
            engine behind FastAPI); it is an optional tool, installed apart from policykg's
            dependencies (e.g. `python -m venv /tmp/rdfvenv && /tmp/rdfvenv/bin/pip install
            rdflib-endpoint`, then `--rdflib-endpoint /tmp/rdfvenv/bin/rdflib-endpoint`); skipped
            when absent
  policykg-virtuoso  `policykg serve --endpoint` on that Virtuoso (the remote back end), cache off
            (list it after virtuoso in --engines); policykg-virtuoso-cached: cache on
  virtuoso  Virtuoso 7.2 (Debian's virtuoso-opensource-7: `virtuoso-t`, `isql-vt`) with its own
            database and ini, bulk loaded by `ld_dir` + `rdf_loader_run`; skipped when absent.
            It is sent each query as policykg's remote back end sends it (the Virtuoso dialect's
            text), so both answer the same text

The closure of `pkg:concretises` (policykg/store/closure.py): policykg writes it at every write
as `pkg:concretisesTransitively` triples in <…/graph/closure>, and its trace query and the
closure query below join on them. The other engines are given the same triples (the closure of
the file's edges, benchmarks/data/<size>-1-closure.nt, computed here once) in the same graph and
the same text, except `rdflib`, which answers the question on the file alone, walking
`pkg:concretises+` (the text an engine without the materialised closure needs):

  rdflib-closure  rdflib-endpoint on the file and the closure file, sent policykg's text: what
            the materialisation alone buys an engine

Each query is sent as a form-encoded POST asking for SPARQL JSON results; the time is the
client's wall time until the whole body is read (parsing is outside the timing). Queries are
interleaved: every repetition runs every query on every engine, the engine order rotating. One
untimed round warms every engine first. Answers are compared across engines (row counts and the
sorted values of the rows) and a difference is reported in the results. Medians are written with
the machine, the versions and the verdicts on issue 14's targets to benchmarks/RESULTS.md
(appended; runs before this script took its name are in RESULTS-engines.md)."""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import httpx

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(HERE))

import load  # noqa: E402
import run  # noqa: E402

from policykg.namespaces import EXTRACTED_GRAPH, ID, sparql_prefixes  # noqa: E402
from policykg.queries import list_queries  # noqa: E402
from policykg.store.closure import (  # noqa: E402
    CLOSURE_GRAPH,
    CONCRETISES,
    TRANSITIVE,
    transitive_closure,
)
from policykg.store.dialects import Virtuoso, virtuoso_ini  # noqa: E402

TASK = f"{ID}doc/1183-qd-ttg/o/ii-1-1"  # a task of decision 1183, which carries out the directive

QUERIES = {
    # the closure below one task of decision 1183 (which carries out the directive), with
    # document, section and owner, on the materialised closure (PATH_QUERIES: walking the path)
    "closure": f"""SELECT ?o ?doc ?path ?owner WHERE {{
        ?o pkg:concretisesTransitively <{TASK}> ; pkg:statedIn ?doc ;
           pkg:sectionPath ?path . OPTIONAL {{ ?o pkg:owner ?owner }} }}""",
    "owners-per-level": """SELECT ?level (COUNT(DISTINCT ?a) AS ?owners) (COUNT(?o) AS ?n)
        WHERE { ?o pkg:statedIn ?d ; pkg:owner ?a . ?d pkg:level ?level } GROUP BY ?level""",
    "no-owner": """SELECT ?o ?doc WHERE { ?o a pkg:Obligation ; pkg:statedIn ?doc
        FILTER NOT EXISTS { ?o pkg:owner ?a } FILTER NOT EXISTS { ?o pkg:impliedOwner ?b } }""",
    "y-te-tasks": """SELECT ?o ?a WHERE { ?o a pkg:Obligation ; pkg:owner ?a .
        ?a rdfs:label ?l FILTER(CONTAINS(LCASE(STR(?l)), "y tế")) }""",
}


def trace_query() -> str:
    """The trace of one task: the named query `trace` (queries/trace.rq) rooted at TASK."""
    named = next(q for q in list_queries() if q.name == "trace")
    return named.bind({"root": TASK})


# The same two questions for an engine without the materialised closure (`rdflib`): the
# closure by the path, and queries/trace.rq as it was before the closure was materialised.
PATH_QUERIES = {
    "closure": QUERIES["closure"].replace("pkg:concretisesTransitively", "pkg:concretises+"),
    "trace": f"""SELECT ?obligation ?parent ?document ?documentNumber ?level ?sectionPath
       (GROUP_CONCAT(DISTINCT STR(?owner); separator=" ") AS ?owners)
       (SAMPLE(?deadlineValue) AS ?deadline) (SAMPLE(?textValue) AS ?text)
WHERE {{
  VALUES ?root {{ <{TASK}> }}
  ?obligation pkg:concretises* ?root .
  ?obligation pkg:statedIn ?document .
  OPTIONAL {{
    ?obligation pkg:concretises ?parent .
    ?parent pkg:concretises* ?root .
  }}
  OPTIONAL {{ ?document pkg:documentNumber ?documentNumber }}
  OPTIONAL {{ ?document pkg:level ?documentLevel }}
  OPTIONAL {{ ?document pkg:issuedBy/pkg:level ?issuerLevel }}
  BIND(COALESCE(?documentLevel, ?issuerLevel) AS ?level)
  BIND(IF(?level = pkg:CentralLevel, 0, IF(?level = pkg:ProvincialLevel, 1,
       IF(?level = pkg:DistrictLevel, 2, IF(?level = pkg:CommuneLevel, 3, 9)))) AS ?rank)
  OPTIONAL {{ ?obligation pkg:sectionPath ?sectionPath }}
  OPTIONAL {{ ?obligation pkg:owner ?owner }}
  OPTIONAL {{ ?obligation pkg:deadline ?deadlineValue }}
  OPTIONAL {{ ?obligation pkg:text ?textValue . FILTER(LANGMATCHES(LANG(?textValue), "vi")) }}
}}
GROUP BY ?obligation ?parent ?document ?documentNumber ?level ?sectionPath ?rank
ORDER BY ?rank ?documentNumber ?document ?sectionPath""",
}
PATH_ENGINES = {"rdflib"}  # engines given the file alone, sent PATH_QUERIES


def closure_file(path: Path) -> Path:
    """The closure of the file's pkg:concretises edges as N-Triples (what policykg's writes
    materialise), written next to the file once."""
    out = path.with_name(f"{path.stem}-closure.nt")
    if out.exists() and out.stat().st_mtime >= path.stat().st_mtime:
        return out
    marker = f" <{CONCRETISES}> "
    edges = []
    with path.open(encoding="utf-8") as lines:
        for line in lines:
            if marker in line:
                child, _, parent = line.rstrip(" .\n").split(" ", 2)
                if child.startswith("<") and parent.startswith("<"):
                    edges.append((child, parent.strip()))
    tmp = out.with_suffix(".tmp")
    with tmp.open("w", encoding="utf-8") as fh:
        for child, ancestor in sorted(transitive_closure(edges)):
            fh.write(f"{child} <{TRANSITIVE}> {ancestor} .\n")
    tmp.replace(out)
    return out


def _wait_query(url: str, proc: subprocess.Popen, seconds: float = 600.0) -> None:
    """Poll (bounded) until `url` answers a SPARQL ASK with 200; stop if the process exits."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SystemExit(f"{proc.args[0]} exited with {proc.returncode}")
        with contextlib.suppress(httpx.HTTPError):
            if ask(url).status_code == 200:
                return
        time.sleep(0.3)
    raise SystemExit(f"{url} did not answer within {seconds:g} s")


def ask(url: str) -> httpx.Response:
    return httpx.post(url, data={"query": "ASK { ?s ?p ?o }"}, timeout=5,
                      headers={"Accept": "application/sparql-results+json"})


@contextlib.contextmanager
def _process(args: list[str], log: Path, **kwargs) -> Iterator[subprocess.Popen]:
    with log.open("wb") as out:
        proc = subprocess.Popen(args, stdout=out, stderr=subprocess.STDOUT, **kwargs)
        try:
            yield proc
        finally:
            load.stop(proc, 60)


def _policykg_exe() -> str:
    return shutil.which("policykg") or str(Path(sys.executable).parent / "policykg")


@contextlib.contextmanager
def policykg_server(path: Path, work: Path, recycle_mb: int | None = None,
                    cache: bool = False) -> Iterator[tuple[str, dict]]:
    """With `recycle_mb`, POLICYKG_WORKER_RECYCLE_MB: workers keep the pages they privatise."""
    name = "policykg" if recycle_mb is None else f"policykg-keep-{recycle_mb}"
    name += "-cached" if cache else ""
    start = time.perf_counter()
    store = run.fresh_store(path, work / name)
    store.close()
    built = time.perf_counter() - start
    port = load.free_port()
    env = {**os.environ, "POLICYKG_CACHE": "1" if cache else "0"}
    for key in ("POLICYKG_ENDPOINT", "POLICYKG_DATA", "POLICYKG_UPDATE_TOKEN",
                "POLICYKG_SPARQL_PER_CLIENT", "POLICYKG_WORKER_RECYCLE_MB"):
        env.pop(key, None)
    how = f"`policykg serve --memory`, POLICYKG_CACHE={env['POLICYKG_CACHE']}, /sparql"
    if recycle_mb is not None:
        env["POLICYKG_WORKER_RECYCLE_MB"] = str(recycle_mb)
        how += f", POLICYKG_WORKER_RECYCLE_MB={recycle_mb}"
    args = [_policykg_exe(), "serve", "--data-dir", str(work / name / "store"), "--memory",
            "--port", str(port), "--max-rows", "1000000", "--timeout", "300"]
    with _process(args, work / f"{name}.log", env=env, cwd=REPO) as proc:
        url = f"http://127.0.0.1:{port}/sparql"
        _wait_query(url, proc)
        yield url, {"load_s": round(built, 1), "how": how}


@contextlib.contextmanager
def policykg_remote_server(endpoint: str, work: Path,
                           cache: bool = False) -> Iterator[tuple[str, dict]]:
    """policykg's server on the remote back end (`--endpoint`), result cache off or on."""
    port = load.free_port()
    env = {**os.environ, "POLICYKG_CACHE": "1" if cache else "0"}
    for key in ("POLICYKG_DATA", "POLICYKG_UPDATE_TOKEN", "POLICYKG_SPARQL_PER_CLIENT",
                "POLICYKG_MEMORY", "POLICYKG_UPDATE_ENDPOINT"):
        env.pop(key, None)
    args = [_policykg_exe(), "serve", "--endpoint", endpoint, "--port", str(port),
            "--max-rows", "1000000", "--timeout", "300"]
    log = work / f"policykg-remote{'-cached' if cache else ''}.log"
    with _process(args, log, env=env, cwd=REPO) as proc:
        url = f"http://127.0.0.1:{port}/sparql"
        _wait_query(url, proc)
        yield url, {"load_s": 0, "how": "`policykg serve --endpoint <Virtuoso>/sparql`, "
                    f"POLICYKG_CACHE={env['POLICYKG_CACHE']}, /sparql"}


@contextlib.contextmanager
def oxigraph_server(path: Path, work: Path) -> Iterator[tuple[str, dict]]:
    location = work / "oxigraph"
    start = time.perf_counter()
    subprocess.run(["oxigraph", "load", "--location", str(location), "--file", str(path),
                    "--graph", str(EXTRACTED_GRAPH)], check=True, capture_output=True)
    subprocess.run(["oxigraph", "load", "--location", str(location), "--file",
                    str(closure_file(path)), "--graph", CLOSURE_GRAPH],
                   check=True, capture_output=True)
    built = time.perf_counter() - start
    port = load.free_port()
    args = ["oxigraph", "serve-read-only", "--location", str(location), "--bind",
            f"127.0.0.1:{port}", "--union-default-graph"]
    with _process(args, work / "oxigraph.log") as proc:
        url = f"http://127.0.0.1:{port}/query"
        _wait_query(url, proc)
        yield url, {"load_s": round(built, 1),
                    "how": "`oxigraph serve-read-only --union-default-graph`"}


@contextlib.contextmanager
def oxigraph_memory_server(path: Path, work: Path) -> Iterator[tuple[str, dict]]:
    port = load.free_port()
    args = ["oxigraph", "serve", "--bind", f"127.0.0.1:{port}", "--union-default-graph"]
    with _process(args, work / "oxigraph-memory.log") as proc:
        url = f"http://127.0.0.1:{port}"
        _wait_query(f"{url}/query", proc)
        start = time.perf_counter()
        for source, graph in ((path, str(EXTRACTED_GRAPH)), (closure_file(path), CLOSURE_GRAPH)):
            with source.open("rb") as data:
                response = httpx.post(f"{url}/store", params={"graph": graph},
                                      content=data, timeout=3600,
                                      headers={"Content-Type": "application/n-triples"})
            response.raise_for_status()
        yield f"{url}/query", {"load_s": round(time.perf_counter() - start, 1),
                               "how": "`oxigraph serve --union-default-graph`, in memory"}


@contextlib.contextmanager
def rdflib_server(path: Path, work: Path, exe: str,
                  closure: bool = False) -> Iterator[tuple[str, dict]]:
    port = load.free_port()
    files = [str(path), str(closure_file(path))] if closure else [str(path)]
    args = [exe, "serve", *files, "--host", "127.0.0.1", "--port", str(port)]
    start = time.perf_counter()
    with _process(args, work / f"rdflib{'-closure' if closure else ''}.log") as proc:
        url = f"http://127.0.0.1:{port}/"
        _wait_query(url, proc)
        how = "`rdflib-endpoint serve FILE CLOSURE`" if closure else "`rdflib-endpoint serve FILE`"
        yield url, {"load_s": round(time.perf_counter() - start, 1),
                    "how": f"{how} (rdflib in-memory Dataset)"}


@contextlib.contextmanager
def virtuoso_server(path: Path, work: Path) -> Iterator[tuple[str, dict]]:
    server, isql = shutil.which("virtuoso-t"), shutil.which("isql-vt") or shutil.which("isql")
    directory = work / "virtuoso"
    directory.mkdir()
    sql_port, http_port = load.free_port(), load.free_port()
    ini = directory / "virtuoso.ini"
    ini.write_text(
        virtuoso_ini(directory, sql_port, http_port, buffers=170000, dirs=(path.parent,),
                     max_rows=1_000_000, max_seconds=300),
        encoding="utf-8",
    )
    with _process([server, "-f", "-c", str(ini)], directory / "stdout.log",
                  cwd=directory) as proc:
        url = f"http://127.0.0.1:{http_port}/sparql"
        _wait_query(url, proc, 120)
        start = time.perf_counter()
        closure = closure_file(path)
        script = (f"ld_dir('{path.parent}', '{path.name}', '{EXTRACTED_GRAPH}'); "
                  f"ld_dir('{closure.parent}', '{closure.name}', '{CLOSURE_GRAPH}'); "
                  "rdf_loader_run(); checkpoint;")
        subprocess.run([isql, f"127.0.0.1:{sql_port}", "dba", "dba", f"exec={script}"],
                       check=True, capture_output=True, timeout=3600)
        yield url, {"load_s": round(time.perf_counter() - start, 1),
                    "how": "Virtuoso `ld_dir` + `rdf_loader_run`, /sparql"}


def query(client: httpx.Client, url: str, text: str) -> tuple[float, bytes]:
    start = time.perf_counter()
    response = client.post(url, data={"query": text},
                           headers={"Accept": "application/sparql-results+json"})
    body = response.content
    seconds = time.perf_counter() - start
    if response.status_code != 200:
        raise RuntimeError(f"{url}: {response.status_code} {body[:300]!r}")
    return seconds, body


def answer(body: bytes) -> list[tuple]:
    """The rows as sorted tuples of values (numbers compared as numbers: engines type counts
    differently, xsd:integer or xsd:int; a GROUP_CONCAT of IRIs, whose order SPARQL leaves
    open, as its sorted IRIs)."""
    data = json.loads(body)
    names = data["head"]["vars"]

    def value(cell: dict | None) -> str:
        if cell is None:
            return ""
        text = cell["value"]
        if cell.get("datatype", "").endswith(("#integer", "#int", "#long", "#decimal")):
            return str(float(text))
        if " http" in text:
            return " ".join(sorted(text.split(" ")))
        return text

    return sorted(tuple(value(row.get(n)) for n in names) for row in data["results"]["bindings"])


def versions(engines: dict[str, dict]) -> dict[str, str]:
    found = run.versions()
    for name in ("oxigraph", "policykg"):
        with contextlib.suppress(Exception):
            found[name] = run.metadata.version(name)
    if "rdflib" in engines:
        exe = engines["rdflib"]["exe"]
        pip = Path(exe).parent / "pip"
        with contextlib.suppress(Exception):
            out = subprocess.run([str(pip), "show", "rdflib-endpoint", "rdflib"],
                                 capture_output=True, text=True, timeout=60).stdout
            pairs = [line.split(": ", 1)[1] for line in out.splitlines()
                     if line.startswith(("Name:", "Version:"))]
            for name, version in zip(pairs[::2], pairs[1::2], strict=False):
                found[f"{name} (endpoint)"] = version
    if "virtuoso" in engines:
        with contextlib.suppress(Exception):
            out = subprocess.run(["virtuoso-t", "-?"], capture_output=True, text=True,
                                 timeout=30)
            line = next(x for x in (out.stdout + out.stderr).splitlines() if "Version" in x)
            found["virtuoso"] = line.strip()
    return found


def measure(size: str, repeat: int, chosen: list[str], rdflib_exe: str | None,
            work: Path) -> tuple[dict, dict, dict]:
    """Medians (ms) per query and engine, the answers, and the engines' details."""
    path = run.dataset(size)
    starters = {
        "policykg": lambda: policykg_server(path, work),
        "policykg-cached": lambda: policykg_server(path, work, cache=True),
        "policykg-keep": lambda: policykg_server(path, work, recycle_mb=4096),
        "oxigraph-memory": lambda: oxigraph_memory_server(path, work),
        "oxigraph": lambda: oxigraph_server(path, work),
        "rdflib": lambda: rdflib_server(path, work, rdflib_exe),
        "rdflib-closure": lambda: rdflib_server(path, work, rdflib_exe, closure=True),
        "virtuoso": lambda: virtuoso_server(path, work),
        # these need "virtuoso" earlier in --engines
        "policykg-virtuoso": lambda: policykg_remote_server(urls["virtuoso"], work),
        "policykg-virtuoso-cached": lambda: policykg_remote_server(urls["virtuoso"], work,
                                                                   cache=True),
    }
    if "rdflib" in chosen and not (rdflib_exe and shutil.which(rdflib_exe)):
        print("rdflib-endpoint not found: skipped (see --rdflib-endpoint)", flush=True)
        chosen = [e for e in chosen if not e.startswith("rdflib")]
    if "virtuoso" in chosen and not shutil.which("virtuoso-t"):
        print("virtuoso-t not found: skipped", flush=True)
        chosen = [e for e in chosen if not e.startswith(("virtuoso", "policykg-virtuoso"))]
    texts = {name: sparql_prefixes() + body for name, body in QUERIES.items()}
    texts["trace"] = trace_query()
    times: dict[str, dict[str, list[float]]] = {q: {e: [] for e in chosen} for q in texts}
    answers: dict[str, dict[str, list[tuple]]] = {q: {} for q in texts}
    details: dict[str, dict] = {}
    urls: dict[str, str] = {}

    paths = {name: sparql_prefixes() + body for name, body in PATH_QUERIES.items()}

    def sent(engine: str, name: str) -> str:
        # rdflib walks the path (it has no closure graph); Virtuoso direct gets the text
        # policykg's remote back end would send it
        text = paths[name] if engine in PATH_ENGINES and name in paths else texts[name]
        return Virtuoso().query_text(text) if engine == "virtuoso" else text

    with contextlib.ExitStack() as stack, httpx.Client(timeout=600) as client:
        for engine in chosen:  # started one after the other: each load has the machine alone
            print(f"starting {engine}", flush=True)
            urls[engine], details[engine] = stack.enter_context(starters[engine]())
            details[engine]["exe"] = rdflib_exe if engine == "rdflib" else engine
            print(json.dumps({engine: details[engine]}), flush=True)
        for name in texts:  # warm-up round (fills the caches), and the answers
            for engine in chosen:
                answers[name][engine] = answer(query(client, urls[engine], sent(engine, name))[1])
        for rep in range(repeat):
            order = chosen[rep % len(chosen):] + chosen[:rep % len(chosen)]
            for name in texts:
                for engine in order:
                    seconds = query(client, urls[engine], sent(engine, name))[0]
                    times[name][engine].append(seconds * 1000)
            print(json.dumps({"repetition": rep + 1, **{
                q: {e: round(v[-1], 1) for e, v in t.items()} for q, t in times.items()}},
                ensure_ascii=False), flush=True)
    medians = {q: {e: statistics.median(v) for e, v in t.items()} for q, t in times.items()}
    return medians, answers, details


def report(size: str, repeat: int, medians: dict, answers: dict, details: dict) -> str:
    engines = list(details)
    triples = sum(1 for _ in run.dataset(size).open("rb"))
    stamp = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    lines = [f"\n## Peers (`peers.py`), run of {stamp}: size {size} ({triples:,} triples), "
             f"{repeat} repetitions\n",
             f"Machine: {run.machine()}; load average at the end {os.getloadavg()[0]:.1f}  ",
             "Versions: " + ", ".join(f"{k} {v}" for k, v in versions(details).items()) + "\n",
             "| engine | how | load (s) |", "|---|---|---|"]
    lines += [f"| {e} | {details[e]['how']} | {details[e]['load_s']} |" for e in engines]
    lines += ["", "Median wall time per query (ms, over HTTP, whole body read):", "",
              "| query | rows | " + " | ".join(engines) + " | agree |",
              "|---|---|" + "---|" * len(engines) + "---|"]
    for q, per in medians.items():
        reference = answers[q][engines[0]]
        agree = all(answers[q][e] == reference for e in engines)
        counts = {e: len(answers[q][e]) for e in engines}
        rows = str(len(reference)) if len(set(counts.values())) == 1 else json.dumps(counts)
        lines.append(f"| {q} | {rows} | " + " | ".join(f"{per[e]:.1f}" for e in engines)
                     + f" | {'yes' if agree else 'NO'} |")
    pairs = [(a, b) for a, b in RATIOS if a in engines and b in engines]
    if pairs:
        lines += ["", "Ratios of the medians (a / b: above 1 means b is faster):", "",
                  "| query | " + " | ".join(f"{a} / {b}" for a, b in pairs) + " |",
                  "|---|" + "---|" * len(pairs)]
        for q, per in medians.items():
            lines.append(f"| {q} | " + " | ".join(f"{per[a] / per[b]:.2f}" for a, b in pairs)
                         + " |")
    return "\n".join(lines + verdicts(medians, engines)) + "\n"


RATIOS = (("policykg", "oxigraph-memory"), ("policykg-keep", "oxigraph-memory"),
          ("policykg", "oxigraph"), ("rdflib", "policykg"), ("policykg", "policykg-cached"),
          ("policykg", "virtuoso"), ("policykg-virtuoso", "virtuoso"),
          ("rdflib", "policykg-virtuoso"), ("policykg-virtuoso", "policykg-virtuoso-cached"),
          ("oxigraph-memory", "virtuoso"), ("rdflib", "virtuoso"),
          ("rdflib-closure", "policykg-virtuoso"), ("rdflib", "rdflib-closure"))


def verdicts(medians: dict, engines: list[str]) -> list[str]:
    """Issue 14's targets, cache off, for each back end policykg can serve from: at least 10x
    rdflib-endpoint and within 1.5x of the engine answering directly, query by query."""
    lines = []
    for served, engine in (("policykg", "oxigraph-memory"), ("policykg-virtuoso", "virtuoso")):
        if not {served, engine, "rdflib"} <= set(engines):
            continue
        lines += ["", f"Targets for `{served}` (cache off) against rdflib-endpoint and {engine} "
                  "answering directly:", "",
                  "| query | rdflib / policykg (≥ 10) | policykg / engine (≤ 1.5) |",
                  "|---|---|---|"]
        for q, per in medians.items():
            faster, overhead = per["rdflib"] / per[served], per[served] / per[engine]
            lines.append(f"| {q} | {faster:.1f} {'met' if faster >= 10 else 'missed'} | "
                         f"{overhead:.2f} {'met' if overhead <= 1.5 else 'missed'} |")
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description="policykg against its peers (on demand)")
    parser.add_argument("--sizes", default="M", help="comma-separated: S, M, L")
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--engines", default="policykg,policykg-cached,oxigraph-memory,rdflib,"
                        "virtuoso,policykg-virtuoso,policykg-virtuoso-cached")
    parser.add_argument("--rdflib-endpoint", default=os.environ.get("RDFLIB_ENDPOINT",
                                                                    "rdflib-endpoint"))
    parser.add_argument("--out", type=Path, default=HERE / "RESULTS.md")
    args = parser.parse_args()
    for size in args.sizes.split(","):  # each size written as soon as it is measured
        with tempfile.TemporaryDirectory(prefix="policykg-peers-") as tmp:
            medians, answers, details = measure(size, args.repeat, args.engines.split(","),
                                                args.rdflib_endpoint, Path(tmp))
        text = report(size, args.repeat, medians, answers, details)
        print(text)
        with args.out.open("a", encoding="utf-8") as fh:
            fh.write(text)
        print(f"appended to {args.out}", flush=True)


if __name__ == "__main__":
    main()
