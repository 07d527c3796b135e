"""The site in Debian's headless Chromium (Playwright, never a downloaded browser) against a
real uvicorn process: home and search, a trace with its graph drawn, uploading seed 000 to
/validate and reading the report, a named query run in YASGUI. Screenshots go to
tests/artifacts/ (kept by CI as artifacts). Pages must not trip the Content-Security-Policy."""

import os
import re
import shutil
from pathlib import Path

import pytest
from web_fixtures import live_server  # noqa: F401 - fixture

from policykg import queries
from policykg.resources import sources_dir

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]
ARTIFACTS = Path(__file__).parent / "artifacts"
PHONE = {"width": 390, "height": 844}


@pytest.fixture(scope="module")
def browser():
    sync_api = pytest.importorskip("playwright.sync_api")
    if not Path(CHROMIUM).exists():
        if os.environ.get("CI"):
            pytest.fail("chromium is not installed")
        pytest.skip("chromium is not installed")
    with sync_api.sync_playwright() as p:
        instance = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield instance
        instance.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, accept_downloads=True)
    page = context.new_page()
    page.set_default_timeout(30_000)
    problems: list[str] = []
    page.on("console", lambda m: problems.append(m.text)
            if m.type == "error" or "Content Security Policy" in m.text else None)
    page.on("pageerror", lambda e: problems.append(f"page error: {e}"))
    page.problems = problems
    yield page
    context.close()


def shot(page, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=False)


def csp_violations(page) -> list[str]:
    return [p for p in page.problems if "Content Security Policy" in p or "page error" in p]


def test_home_search_and_trace_with_graph(page, live_server):  # noqa: F811
    page.goto(f"{live_server}/")
    assert int(page.locator("#counts .n").first.inner_text()) > 0
    assert page.locator("#cascade a").count() > 0
    page.fill("#search-box", "so y te")
    first = page.locator("#search-results li a").first
    first.wait_for()
    assert "Sở Y tế" in page.locator("#search-results").inner_text()
    shot(page, "home-search")
    # an obligation found by words of its text, then its trace
    page.fill("#search-box", "kien toan bo may")  # words of tasks, not of titles
    trace_link = page.locator("#search-results li a", has_text="trace").first
    trace_link.wait_for()
    trace_link.click()
    page.wait_for_url("**/trace?q=**", wait_until="domcontentloaded")
    assert page.locator("li.step").count() >= 1
    frame = page.frame_locator("#trace-graph")
    frame.locator("canvas").first.wait_for()
    status = frame.locator("#status").inner_text()
    assert int(status.split()[0]) > 0, status
    page.locator("details.source summary").first.click()
    assert page.locator("details.source mark").first.inner_text().strip()
    shot(page, "trace")
    assert csp_violations(page) == []


DESKTOP = {"width": 1440, "height": 900}
NODE_POSITION = """(name) => {
    const net = window.policykgNetwork;
    const node = net.body.data.nodes.get({filter: n => n.label === name})[0];
    return net.canvasToDOM(net.getPositions([node.id])[node.id]);
}"""


INTO_VIEW = """(name) => {
    const net = window.policykgNetwork;
    const node = net.body.data.nodes.get({filter: n => n.label === name})[0];
    net.focus(node.id, {scale: 1, animation: false});
    return net.canvasToDOM(net.getPositions([node.id])[node.id]);
}"""


def graph_frame(page):
    page.frame_locator("#graph-frame").locator("canvas").first.wait_for()
    frame = next(f for f in page.frames if "/graph/frame" in f.url)
    frame.wait_for_function("window.policykgNetwork !== undefined")
    return frame


def shown(frame) -> int:
    return int(frame.locator("#status").inner_text().split()[0])


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_graph_explored_from_its_one_panel(browser, live_server, viewport):  # noqa: F811
    """The first view is small and labelled; clicking a node shows its details with a local
    link and an expand action; search lists its matches; nothing leaves the site."""
    context = browser.new_context(viewport=viewport, locale="vi-VN")
    page = context.new_page()
    page.set_default_timeout(30_000)
    requests, problems = [], []
    page.on("request", lambda r: requests.append(r.url))
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: problems.append(f"page error: {e}"))
    size = "phone" if viewport is PHONE else "desktop"
    try:
        page.goto(f"{live_server}/graph")
        frame = graph_frame(page)
        first = shown(frame)
        assert 0 < first < 60
        labels = frame.evaluate("window.policykgNetwork.body.data.nodes.get().map(n => n.label)")
        assert len(labels) == first and all(label.strip() for label in labels)
        assert "28-CT/TW" in labels
        assert page.evaluate("document.scrollingElement.scrollWidth") <= viewport["width"]
        shot(page, f"graph-{size}-default")
        # a click on the directive shows its details, a link to its page and "expand"
        canvas = frame.locator("#network canvas").bounding_box()
        at = frame.evaluate(NODE_POSITION, "28-CT/TW")
        page.mouse.click(canvas["x"] + at["x"], canvas["y"] + at["y"])
        details = frame.locator("#details")
        assert details.locator("h2").inner_text() == "28-CT/TW"
        assert details.locator("a.open").get_attribute("href") == "/id/doc/28-ct-tw"
        details.locator("button.expand").click()
        assert shown(frame) > first
        shot(page, f"graph-{size}-expanded")
        # search lists its matches; each one can be focused
        frame.locator("#search").fill("so y te")
        matches = frame.locator("#match-list li button")
        matches.first.wait_for()
        assert matches.count() > 1
        assert "Sở Y tế" in matches.first.inner_text()
        name = matches.nth(1).inner_text()
        matches.nth(1).click()
        assert details.locator("h2").inner_text() == name
        assert name in frame.evaluate(
            "window.policykgNetwork.body.data.nodes.get().map(n => n.label)")
        shot(page, f"graph-{size}-search")
        # the local page opens in the site, not the frame
        with page.expect_navigation() as navigation:
            details.locator("a.open").click()
        assert navigation.value.status == 200
        assert page.url.startswith(f"{live_server}/id/")
        assert name.split()[0] in page.locator("h1").inner_text()
        assert problems == []
        assert all(url.startswith((live_server, "data:", "about:")) for url in requests), requests
    finally:
        context.close()


def vis_nodes(frame) -> list[dict]:
    return frame.evaluate("window.policykgNetwork.body.data.nodes.get()"
                          ".map(n => ({label: n.label, kind: n.kind}))")


def test_trace_prints_as_a_page(page, live_server):  # noqa: F811
    """'In' prints the chain: the site's frame, the form and the graph are left out of the
    printed page and every source passage is unfolded."""
    page.context.set_extra_http_headers({"Accept-Language": "vi"})
    page.goto(f"{live_server}/trace?q=28+CT+TW+3")
    page.evaluate("window.print = () => { window.__printed = true; }")
    page.locator("#trace-print").click()
    assert page.evaluate("window.__printed") is True
    page.emulate_media(media="print")
    page.evaluate("window.dispatchEvent(new Event('beforeprint'))")
    assert not page.locator("header.top").is_visible() and not page.locator("form").is_visible()
    assert not page.locator("#trace-graph").is_visible()
    assert page.locator("li.step").first.is_visible()
    assert page.locator("details.source").count() == page.locator("details.source[open]").count()
    assert csp_violations(page) == []


def test_whole_graph_folds_tasks_into_documents(page, live_server):  # noqa: F811
    """The whole view, asked for with its button, shows documents and agencies with each
    document's task count (the tasks folded in); a document's "expand" unfolds its tasks."""
    page.context.set_extra_http_headers({"Accept-Language": "vi"})
    page.goto(f"{live_server}/graph")
    frame = graph_frame(page)
    frame.locator("#view-all").click()
    nodes = vis_nodes(frame)
    assert nodes and not [n for n in nodes if n["kind"] == "obligation"]
    assert "gộp vào văn bản" in frame.locator("#status").inner_text()
    # a province's agencies as one node, fewer nodes than agencies, and "expand" shows them
    groups = [n["label"] for n in nodes if n["kind"] == "group"]
    assert groups and all("cơ quan" in g for g in groups), nodes
    universe = int(re.search(r"\d+", frame.locator("#view-all").inner_text()).group(0))
    assert shown(frame) < universe / 2
    canvas = frame.locator("#network canvas").bounding_box()
    at = frame.evaluate(INTO_VIEW, groups[0])  # scrolled to, as a reader drags the view
    page.mouse.click(canvas["x"] + at["x"], canvas["y"] + at["y"])
    agencies = len([n for n in vis_nodes(frame) if n["kind"] == "agency"])
    frame.locator("#details button.expand").click()
    assert len([n for n in vis_nodes(frame) if n["kind"] == "agency"]) > agencies
    folded = [n["label"] for n in nodes if n["kind"] == "document" and "nhiệm vụ" in n["label"]]
    assert folded, nodes
    edges = frame.evaluate("window.policykgNetwork.body.data.edges.get().map(e => e.title)")
    assert any(t.startswith("Chủ trì (") for t in edges), edges  # owners, counted per document
    # a click on a folded document, then "expand", shows its tasks
    canvas = frame.locator("#network canvas").bounding_box()
    at = frame.evaluate(NODE_POSITION, folded[0])
    page.mouse.click(canvas["x"] + at["x"], canvas["y"] + at["y"])
    frame.locator("#details button.expand").click()
    assert [n for n in vis_nodes(frame) if n["kind"] == "obligation"]
    shot(page, "graph-whole")


def test_graph_search_reaches_the_whole_store(vi_phone, live_server):  # noqa: F811
    """Bodies the graph's first data does not hold are found by the site's search (asked
    through the page) and open the graph around them."""
    vi_phone.goto(f"{live_server}/graph")
    frame = graph_frame(vi_phone)
    frame.locator("#search").fill("so y te ha noi")
    found = frame.locator("#site-list li a")
    found.first.wait_for()
    assert "Sở Y tế" in found.first.inner_text() and "Hà Nội" in found.first.inner_text()
    href = found.first.get_attribute("href")
    assert href.startswith("/graph?agency=https")
    with vi_phone.expect_navigation():
        found.first.click()
    frame = graph_frame(vi_phone)
    assert "Sở Y tế" in " ".join(n["label"] for n in vis_nodes(frame))


def test_validate_seed_000(page, live_server):  # noqa: F811
    seed = next(sources_dir().glob("000_*.txt"))
    page.context.set_extra_http_headers({"Accept-Language": "vi"})
    page.goto(f"{live_server}/validate")
    page.set_input_files("input[name=file]", str(seed))
    page.click("#validate-form button[type=submit]")
    verdict = page.locator("#verdict")
    verdict.wait_for(timeout=120_000)
    assert "đạt yêu cầu" in verdict.inner_text().lower()
    findings = page.locator(".finding")
    assert findings.count() > 0
    # a finding of its own (identical findings are grouped, their links folded away)
    link = page.locator(".finding a[href^='#passage-']:visible").first
    target = link.get_attribute("href")
    link.click()
    assert page.locator(f"{target} mark").inner_text().strip()
    shot(page, "validate-report")
    assert_report_downloads(page)
    assert csp_violations(page) == []


def downloaded(page, label: str) -> str:
    with page.expect_download() as info:
        page.locator("#report-downloads a", has_text=label).click()
    return Path(info.value.path()).read_text(encoding="utf-8-sig")


def assert_report_downloads(page) -> None:
    """The report shown is downloadable as HTML (one file, styled, no scripts), CSV (a row per
    finding, Vietnamese headings and messages), JSON and Turtle."""
    import csv
    import io
    import json

    findings = sum(int(n) for n in page.locator(".finding").evaluate_all(
        "els => els.map(e => e.dataset.count)"))
    rows = list(csv.reader(io.StringIO(downloaded(page, "CSV"))))
    assert rows[0][:2] == ["Mức độ", "Nội dung"]
    assert len(rows) - 1 == findings
    assert {r[0] for r in rows[1:]} <= {"Vi phạm", "Cảnh báo", "Thông tin"}
    html = downloaded(page, "HTML")
    assert "<script" not in html and "<style>" in html
    assert page.locator("#verdict").inner_text().split()[0] in html
    assert json.loads(downloaded(page, "JSON"))["results"]
    assert "sh:ValidationReport" in downloaded(page, "Turtle")


def test_named_query_in_yasgui(page, live_server):  # noqa: F811
    names = [q.name for q in queries.list_queries()]
    assert "documents" in names
    page.goto(f"{live_server}/query")
    page.locator(".yasqe .CodeMirror").first.wait_for()
    # a query with a short answer: the first in the list ("agencies") returns every body of 64
    # provinces, thousands of rows whose labels the table then fetches
    page.click("#named-queries button[data-query='documents']")
    rows = page.locator(".yasr table tbody tr")
    rows.first.wait_for(timeout=60_000)
    assert rows.count() > 0
    editor_text = page.locator(".yasqe .CodeMirror").first.inner_text()
    assert "SELECT" in editor_text.upper()
    assert page.locator(".yasr .yasr_downloadIcon, .yasr button[title*='ownload']").count() > 0
    shot(page, "query")
    assert csp_violations(page) == [], page.problems



@pytest.fixture
def vi_phone(browser):
    """A phone-sized page in a browser asking for Vietnamese (Accept-Language vi-VN)."""
    context = browser.new_context(viewport=PHONE, locale="vi-VN")
    page = context.new_page()
    page.set_default_timeout(30_000)
    yield page
    context.close()


def first_iri(base: str, query: str) -> str:
    import json
    import urllib.parse
    import urllib.request

    data = urllib.parse.urlencode({"query": query}).encode()
    request = urllib.request.Request(f"{base}/sparql", data=data,
                                     headers={"Accept": "application/sparql-results+json"})
    with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310 - loopback
        row = json.load(response)["results"]["bindings"][0]
    return row["x"]["value"].replace("https://w3id.org/policykg/id/", "/id/")


def phone_pages(base: str) -> dict[str, str]:
    return {
        "home": "/", "query": "/query", "validate": "/validate", "graph": "/graph",
        "trace": "/trace?q=28+CT+TW+3",
        "document": first_iri(base, "SELECT ?x WHERE { ?x pkg:documentNumber ?n ; "
                                           "pkg:issuedBy ?i } ORDER BY ?x LIMIT 1"),
        "agency": first_iri(base, "SELECT ?x (COUNT(?o) AS ?n) WHERE { ?o pkg:owner ?x } "
                                         "GROUP BY ?x ORDER BY DESC(?n) ?x LIMIT 1"),
        "obligation": first_iri(base, "SELECT ?x WHERE { ?x pkg:statedIn ?d ; "
                                             "pkg:owner ?a } ORDER BY ?x LIMIT 1"),
        "not-found": "/id/doc/no-such-document",
    }


def test_every_page_fits_a_phone_and_is_vietnamese(vi_phone, live_server):  # noqa: F811
    for name, path in phone_pages(live_server).items():
        vi_phone.goto(f"{live_server}{path}", wait_until="networkidle")
        assert vi_phone.evaluate("document.documentElement.lang") == "vi", name
        width = vi_phone.evaluate("document.scrollingElement.scrollWidth")
        shot(vi_phone, f"phone-{name}")
        assert width <= PHONE["width"], f"{name}: {width}px wide"
        assert "Trang chủ" in vi_phone.locator("header nav").inner_text(), name


def test_resource_pages_show_names_not_iris(vi_phone, live_server):  # noqa: F811
    pages = phone_pages(live_server)
    for name in ("document", "agency", "obligation"):
        vi_phone.goto(f"{live_server}{pages[name]}")
        main = vi_phone.locator("main").inner_text()  # the raw triples are folded away
        assert "id:agency/" not in main and "id:doc/" not in main and "pkg:" not in main, name
        links = vi_phone.locator("main a.iri-name")
        assert links.count() > 0, name
        first = links.first
        assert first.get_attribute("href").startswith(("/id/", "/ontology#"))
        assert first.get_attribute("title").startswith("https://")  # the IRI on hover


def test_unknown_iri_is_a_page_in_the_site(vi_phone, live_server):  # noqa: F811
    response = vi_phone.goto(f"{live_server}/id/doc/no-such-document")
    assert response.status == 404
    assert vi_phone.locator("#error-title").inner_text() == "Không tìm thấy trang"
    assert vi_phone.locator("header .brand").count() == 1


def test_english_switch_is_remembered(page, live_server):  # noqa: F811
    context = page.context
    context.set_extra_http_headers({"Accept-Language": "vi"})
    page.goto(f"{live_server}/validate")
    assert page.evaluate("document.documentElement.lang") == "vi"
    page.click("#lang-switch")
    page.wait_for_url("**lang=en**")
    assert page.evaluate("document.documentElement.lang") == "en"
    page.goto(f"{live_server}/trace")  # no parameter: the cookie remembers
    assert page.evaluate("document.documentElement.lang") == "en"
    assert page.locator("h1").inner_text() == "Trace a task through the levels"


def test_query_results_show_labels_and_fit_a_phone(vi_phone, live_server):  # noqa: F811
    vi_phone.goto(f"{live_server}/query")
    vi_phone.locator(".yasqe .CodeMirror").first.wait_for()
    assert not vi_phone.locator("#query-params").is_visible()  # no query chosen yet
    vi_phone.click("#named-queries button[data-query='documents']")
    cell = vi_phone.locator(".yasr table tbody tr td a.iri").first
    cell.wait_for(timeout=60_000)
    vi_phone.wait_for_function(
        "() => [...document.querySelectorAll('.yasr td a.iri')].every("
        "a => !a.textContent.startsWith('id:') && !a.textContent.startsWith('https://'))",
        timeout=30_000)
    assert cell.get_attribute("href").startswith(("/id/", "/ontology#"))
    table = vi_phone.locator(".yasr table tbody").inner_text()
    assert "^^" not in table and "xsd:" not in table
    assert vi_phone.evaluate("document.scrollingElement.scrollWidth") <= PHONE["width"]
    shot(vi_phone, "phone-query-results")


ALL_NAMED = ("() => { const links = [...document.querySelectorAll('.yasr td a.iri')];"
             " return links.length > 0 && links.every(a => !a.textContent.startsWith('id:')); }")


def test_a_long_answer_shows_a_page_of_names(page, live_server):  # noqa: F811
    """A query answering more rows than a page (obligations by owner: every task; 'agencies'
    answers thousands, too slow for the test server's 5 s limit under a loaded suite) shows
    one page with names, and the next page is named when it is turned to."""
    page.context.set_extra_http_headers({"Accept-Language": "vi"})
    page.goto(f"{live_server}/query")
    page.locator(".yasqe .CodeMirror").first.wait_for()
    page.click("#named-queries button[data-query='obligations-by-owner']")
    page.locator(".yasr table tbody tr td a.iri").first.wait_for(timeout=120_000)
    assert page.locator(".yasr table tbody tr").count() == 50  # one page, not every row
    page.wait_for_function(ALL_NAMED, timeout=60_000)
    first = page.locator(".yasr td a.iri").first.get_attribute("title")  # its IRI
    page.locator(".yasr button.dt-paging-button.next").click()
    page.wait_for_function(ALL_NAMED, timeout=60_000)
    assert page.locator(".yasr td a.iri").first.get_attribute("title") != first
    assert csp_violations(page) == []


def test_agency_lineage_document_text_and_deadlines_fit_both_widths(page, live_server):  # noqa: F811
    pages = {"agency-lineage": "/id/agency/soc-trang/so-lao-dong-thuong-binh-va-xa-hoi",
             "document-text": "/id/doc/soc-trang/3452-ubnd-vx",
             "deadlines": "/deadlines"}
    for size, tag in (({"width": 1440, "height": 900}, "desktop"), (PHONE, "phone")):
        page.set_viewport_size(size)
        for name, path in pages.items():
            page.goto(f"{live_server}{path}?lang=vi")
            width = page.evaluate("document.documentElement.scrollWidth")
            assert width <= size["width"], (name, tag, width)
            shot(page, f"{name}-{tag}")
    page.goto(f"{live_server}/id/doc/soc-trang/3452-ubnd-vx?lang=vi")
    page.click('a.to-passage[href="#p-1"]')
    mark = page.locator("mark#p-1")
    assert mark.is_visible() and mark.inner_text().startswith("Giao Sở Lao động")
    page.goto(f"{live_server}/id/agency/soc-trang/so-lao-dong-thuong-binh-va-xa-hoi?lang=vi")
    assert page.locator("#lineage .basis.inferred").count() >= 2
    assert csp_violations(page) == []
