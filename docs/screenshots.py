"""Screenshots of every page of the site, at a desktop's 1440×900 and a phone's 390×844, for
looking at before a release (issue 13: "screenshots of each page at both widths are written by a
script under docs/ and looked at").

    python docs/screenshots.py [--data-dir DIR] [--out docs/screenshots] [--lang vi|en] [--full]

Starts `policykg serve` on a free loopback port over the embedded store (the default data
directory, or --data-dir), drives Debian's chromium through Playwright (executable_path: never a
downloaded browser) and writes NAME-desktop.png and NAME-phone.png. Run `policykg build` first.
"""

import argparse
import json
import shutil
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from contextlib import contextmanager
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
SIZES = {"desktop": {"width": 1440, "height": 900}, "phone": {"width": 390, "height": 844}}
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run"]

# IRIs picked from the graph: the most-owned agency, the numbered document with the most tasks
# (its task table and highlighted full text), an owned task.
PICKS = {
    "document": "SELECT ?x (COUNT(?o) AS ?n) WHERE { ?x pkg:documentNumber ?num ; "
                "pkg:issuedBy ?i . ?o pkg:statedIn ?x } GROUP BY ?x ORDER BY DESC(?n) ?x LIMIT 1",
    "agency": "SELECT ?x (COUNT(?o) AS ?n) WHERE { ?o pkg:owner ?x } GROUP BY ?x "
              "ORDER BY DESC(?n) ?x LIMIT 1",
    "obligation": "SELECT ?x WHERE { ?x pkg:statedIn ?d ; pkg:owner ?a ; pkg:concretises ?up } "
                  "ORDER BY ?x LIMIT 1",
}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def server(data_dir: str | None):
    """`policykg serve` until the block ends; its URL."""
    port = free_port()
    exe = Path(sys.executable).parent / "policykg"
    command = [str(exe), "serve", "--port", str(port)]
    if data_dir:
        command += ["--data-dir", data_dir]
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                               text=True)
    base = f"http://127.0.0.1:{port}"
    try:
        wait_until_up(base, process)
        yield base
    finally:
        process.terminate()
        process.wait(timeout=30)


def wait_until_up(base: str, process: subprocess.Popen) -> None:
    for _ in range(600):
        if process.poll() is not None:
            sys.exit(f"policykg serve stopped: {process.stderr.read().strip()}")
        try:
            with urllib.request.urlopen(f"{base}/api/stats", timeout=5):  # noqa: S310 - loopback
                return
        except OSError:
            time.sleep(0.1)
    sys.exit("policykg serve did not answer within a minute")


def local_path(base: str, query: str) -> str:
    """The site path of the first IRI `query` answers."""
    data = urllib.parse.urlencode({"query": query}).encode()
    request = urllib.request.Request(f"{base}/sparql", data=data,
                                     headers={"Accept": "application/sparql-results+json"})
    with urllib.request.urlopen(request, timeout=60) as response:  # noqa: S310 - loopback
        rows = json.load(response)["results"]["bindings"]
    if not rows:
        sys.exit(f"nothing in the store for: {query}")
    return rows[0]["x"]["value"].replace("https://w3id.org/policykg/id/", "/id/")


def pages(base: str) -> dict[str, str]:
    found = {name: local_path(base, query) for name, query in PICKS.items()}
    return {
        "home": "/", **found, "trace": "/trace?q=28+CT+TW+3", "query": "/query",
        "validate": "/validate", "graph": "/graph", "deadlines": "/deadlines",
    }


def settle(page, name: str) -> None:
    """Wait for what a page draws after loading: the graph's canvas, a query's results."""
    if name == "graph":
        page.frame_locator("#graph-frame").locator("canvas").first.wait_for()
        page.wait_for_timeout(1500)  # vis-network fits the view after stabilising
    elif name == "trace":
        page.frame_locator("#trace-graph").locator("canvas").first.wait_for()
        page.wait_for_timeout(1500)
    elif name == "query":
        page.click("#named-queries button[data-query='obligations-by-owner']")
        page.locator(".yasr table tbody tr").first.wait_for(timeout=120_000)
        page.wait_for_timeout(1000)  # names replace IRIs once their labels arrive


def whole_graph(page, base: str, shoot) -> None:
    """The graph's whole view, which the analyst asks for with its button."""
    page.goto(f"{base}/graph", wait_until="networkidle")
    frame = page.frame_locator("#graph-frame")
    frame.locator("canvas").first.wait_for()
    frame.locator("#view-all").click()
    page.wait_for_timeout(2000)
    shoot("graph-all")


def validate_report(page, base: str, shoot) -> None:
    """The report of the first source document, uploaded through the form."""
    seed = next((REPO / "graph" / "sources").glob("000_*.txt"), None)
    if seed is None:
        return
    page.goto(f"{base}/validate")
    page.set_input_files("input[name=file]", str(seed))
    page.click("#validate-form button[type=submit]")
    page.locator("#verdict").wait_for(timeout=180_000)
    shoot("validate-report")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data-dir", help="embedded store (default: policykg's default)")
    parser.add_argument("--out", type=Path, default=HERE / "screenshots")
    parser.add_argument("--lang", choices=("vi", "en"), default="vi")
    parser.add_argument("--full", action="store_true", help="whole pages, not the first screen")
    args = parser.parse_args()
    chromium = shutil.which("chromium") or "/usr/bin/chromium"
    from playwright.sync_api import sync_playwright

    args.out.mkdir(parents=True, exist_ok=True)
    with server(args.data_dir) as base, sync_playwright() as p:
        # the browser's own words (its file button) stay in its build's language
        browser = p.chromium.launch(executable_path=chromium, args=ARGS)
        targets = pages(base)
        for size, viewport in SIZES.items():
            context = browser.new_context(viewport=viewport, locale=f"{args.lang}-VN"
                                          if args.lang == "vi" else "en-GB")
            page = context.new_page()
            page.set_default_timeout(60_000)

            def shoot(name: str, size: str = size, page=page) -> None:
                path = args.out / f"{name}-{size}.png"
                page.screenshot(path=str(path), full_page=args.full)
                print(path.relative_to(REPO) if path.is_relative_to(REPO) else path)

            for name, path in targets.items():
                page.goto(f"{base}{path}", wait_until="networkidle")
                settle(page, name)
                shoot(name)
            whole_graph(page, base, shoot)
            validate_report(page, base, shoot)
            context.close()
        browser.close()


if __name__ == "__main__":
    main()
