"""Issue 10, defect 7: one client could take every SPARQL worker (a runaway query every 2 s
gave other clients "all workers busy"). Now a client (IP address) may have at most
`sparql_per_client` queries running or waiting for a worker; beyond that it gets 429 JSON with
Retry-After, and other clients are served. Behaviour only: timing is measured by
benchmarks/load.py, never asserted here."""

import threading
import time

import httpx
import pytest
from test_server_process import SLOW
from web_fixtures import start_uvicorn, stop

from policykg.web.fairness import ClientLimit, TooManyRequests
from policykg.web.settings import Settings

ASK = {"query": "ASK {}"}


def test_defect7_limit_counts_per_client_and_releases():
    limit = ClientLimit(2)
    with limit.slot("10.0.0.1"), limit.slot("10.0.0.1"):
        with pytest.raises(TooManyRequests) as caught, limit.slot("10.0.0.1"):
            pass
        assert caught.value.http_status == 429 and caught.value.headers["Retry-After"]
        with limit.slot("10.0.0.2"):  # another client is not affected
            pass
    with limit.slot("10.0.0.1"):  # released
        pass
    assert limit.active == {} and limit.refused == 1


def test_defect7_default_is_half_the_workers_and_zero_disables():
    assert Settings(query_workers=4, sparql_per_client=None).per_client_limit() == 2
    assert Settings(query_workers=1, sparql_per_client=None).per_client_limit() == 1
    unlimited = ClientLimit(Settings(sparql_per_client=0).per_client_limit())
    with unlimited.slot("a"), unlimited.slot("a"), unlimited.slot("a"):
        pass


def _client(address: str) -> httpx.Client:
    """HTTP from a loopback address of its own: the server sees a distinct client."""
    return httpx.Client(transport=httpx.HTTPTransport(local_address=address), timeout=60)


def test_defect7_a_client_with_a_runaway_query_gets_429_others_are_served(
    built_store_dir, tmp_path
):
    env = {"POLICYKG_SPARQL_PER_CLIENT": "1", "POLICYKG_QUERY_TIMEOUT": "5", "POLICYKG_CACHE": "0"}
    process, base = start_uvicorn(built_store_dir, env, tmp_path / "server.log")
    greedy, other = _client("127.0.0.2"), _client("127.0.0.3")
    try:
        slow: list[int] = []
        runaway = threading.Thread(
            target=lambda: slow.append(
                greedy.post(f"{base}/sparql", data={"query": SLOW}).status_code
            )
        )
        runaway.start()
        # let the runaway take its slot first (it runs for the 5 s query timeout); an ASK that
        # got there first would hold the client's one slot and turn the runaway away instead
        time.sleep(1.0)
        refused = None
        while runaway.is_alive() and refused is None:  # until the runaway holds its slot
            answer = greedy.get(f"{base}/sparql", params=ASK)
            if answer.status_code == 429:
                refused = answer
            else:
                assert answer.status_code == 200
        assert refused is not None, f"the greedy client was never refused ({slow})"
        assert refused.json() == {"error": refused.json()["error"], "status": 429}
        assert int(refused.headers["retry-after"]) >= 1
        served = other.get(f"{base}/sparql", params=ASK)  # another client: served at once
        assert served.status_code == 200 and served.json()["boolean"] is True
        runaway.join(60)
        assert slow == [503]
        assert greedy.get(f"{base}/sparql", params=ASK).status_code == 200  # slot released
    finally:
        greedy.close()
        other.close()
        stop(process)
