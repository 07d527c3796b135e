"""The app in a real `uvicorn server:app` process on a loopback port: pages and SPARQL over
HTTP, a slow query does not hold up other requests, and shutdown leaves no worker behind."""

import signal
import threading
import time
from pathlib import Path

import httpx
from web_fixtures import live_server, start_uvicorn, stop  # noqa: F401 - fixture

SLOW = ("SELECT (COUNT(*) AS ?n) { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i "
        "FILTER(STR(?c) < STR(?f) && STR(?f) < STR(?i)) }")


def children(pid: int) -> set[int]:
    found = set()
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid:
                found.add(int(entry.name))
    return found


def query_workers(pid: int) -> set[int]:
    """Children started by multiprocessing's spawn (not its resource tracker)."""
    out = set()
    for child in children(pid):
        try:
            cmdline = (Path("/proc") / str(child) / "cmdline").read_bytes()
        except OSError:
            continue
        if b"spawn_main" in cmdline:
            out.add(child)
    return out


def gone(pids: set[int], seconds: float = 20.0) -> bool:
    """Whether all of them have exited (polled: a killed process takes a moment to go)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if not any(alive(pid) for pid in pids):
            return True
        time.sleep(0.1)
    return False


def alive(pid: int) -> bool:
    try:
        state = (Path("/proc") / str(pid) / "stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def test_pages_and_sparql_over_http(live_server):  # noqa: F811
    home = httpx.get(f"{live_server}/")
    assert home.status_code == 200 and "content-security-policy" in home.headers
    result = httpx.post(f"{live_server}/sparql", data={"query": "ASK { ?s ?p ?o }"},
                        headers={"accept": "application/sparql-results+json"})
    assert result.json()["boolean"] is True
    assert httpx.get(f"{live_server}/openapi.json").json()["openapi"].startswith("3.")


def test_a_slow_query_does_not_block_other_requests(live_server):  # noqa: F811
    finished: list[str] = []

    def slow() -> None:
        response = httpx.post(f"{live_server}/sparql", data={"query": SLOW}, timeout=60)
        finished.append(f"slow {response.status_code}")

    thread = threading.Thread(target=slow)
    thread.start()
    # while the slow query runs (it times out after 5 s), pages and small queries answer
    for _ in range(5):
        assert httpx.get(f"{live_server}/api/stats", timeout=60).status_code == 200
        ask = httpx.get(f"{live_server}/sparql", params={"query": "ASK {}"}, timeout=60)
        assert ask.json()["boolean"] is True
    finished.append("others")
    thread.join(60)
    assert finished == ["others", "slow 503"]


def test_shutdown_stops_the_query_workers(built_store_dir, tmp_path):
    process, base = start_uvicorn(built_store_dir, {"POLICYKG_QUERY_TIMEOUT": "5"},
                                  tmp_path / "server.log")
    try:
        assert httpx.get(f"{base}/sparql", params={"query": "ASK {}"}).status_code == 200
        workers = query_workers(process.pid)
        assert workers, "the query ran without worker processes"
        process.send_signal(signal.SIGTERM)
        # uvicorn shuts down gracefully, then re-raises the signal it caught
        assert process.wait(30) in (0, -signal.SIGTERM)
        assert gone(workers)
    finally:
        if process.poll() is None:
            stop(process)
    assert "Traceback" not in (tmp_path / "server.log").read_text()
